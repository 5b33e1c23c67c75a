//! The replay log's file: `<session>.replay` beside `<session>.ron`, one header line and then
//! one RON `LogEntry` a line.
//!
//! The log lives beside the session rather than in it because it only grows: appending a
//! second's entries costs a few hundred bytes, where a field in the session would make the
//! saver rewrite, re-read and compare the whole log every second. Each append is one write of
//! whole lines, so a kill -9 can at most cut the last line short; the reader drops a last line
//! without its newline (`ReplayFile::torn`), and `ReplayWriter::open_append` cuts it off before
//! writing on. Seek checkpoints are never saved: `model::replay::Replay` builds them on load.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::StoreError;
use super::ron_file::{MAX_FILE_BYTES, RECURSION_LIMIT};
use crate::model::edit_log::LogEntry;
use crate::model::replay::MAX_REPLAY_PHASES;

/// What the header's `format` says, so a stray file is never read as a log.
pub const REPLAY_FORMAT: &str = "drillboard-replay";

/// The replay file version this build writes and the newest it reads.
pub const REPLAY_VERSION: u32 = 1;

/// The first line of a replay file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplayHeader {
    /// Always `REPLAY_FORMAT`.
    pub format: String,
    /// The file's version; newer than `REPLAY_VERSION` is refused.
    pub version: u32,
    /// The id of the session the log belongs to.
    pub session: String,
    /// How many phases the drill's framework has (a replay starts with that many empty).
    pub phases: usize,
}

impl ReplayHeader {
    /// The header this build writes for a session.
    pub fn new(session: &str, phases: usize) -> Self {
        Self {
            format: REPLAY_FORMAT.to_owned(),
            version: REPLAY_VERSION,
            session: session.to_owned(),
            phases,
        }
    }
}

/// A replay file as read.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayFile {
    /// Its header.
    pub header: ReplayHeader,
    /// Its entries, in file order.
    pub entries: Vec<LogEntry>,
    /// Whether a last line without its newline (a write cut short) was dropped.
    pub torn: bool,
    /// Bytes up to the end of the last whole line: where appending goes on.
    pub good_len: u64,
}

/// The replay file that goes with a session file: `abc.ron` → `abc.replay`.
pub fn replay_path(session: &Path) -> PathBuf {
    session.with_extension("replay")
}

/// Moves a replay file out of the way as `<name>.replay.orig` (replacing an older one), so a
/// log is never overwritten: before a new log starts where one exists, or a backup's log is
/// restored over it. Returns where it went.
pub fn set_aside(path: &Path) -> Result<PathBuf, StoreError> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".orig");
    let target = path.with_file_name(name);
    std::fs::rename(path, &target).map_err(|e| StoreError::io(path, "set aside", e))?;
    Ok(target)
}

/// Reads a replay file. A last line cut short is dropped (see `ReplayFile::torn`); a newer
/// version, another format or a damaged line before the last is refused with where it is.
pub fn read_replay(path: &Path) -> Result<ReplayFile, StoreError> {
    let bytes = read_bytes(path)?;
    parse_replay(&bytes, path)
}

/// Parses a replay file's bytes (see `read_replay`).
pub fn parse_replay(bytes: &[u8], path: &Path) -> Result<ReplayFile, StoreError> {
    let Some(header_end) = bytes.iter().position(|b| *b == b'\n') else {
        return Err(StoreError::invalid(
            path,
            "the replay log was cut short before its header line ended",
        ));
    };
    let header = parse_header(&bytes[..header_end], path)?;
    let mut entries = Vec::new();
    let mut start = header_end + 1;
    let mut line_no = 1;
    while start < bytes.len() {
        line_no += 1;
        let Some(len) = bytes[start..].iter().position(|b| *b == b'\n') else {
            // No newline: the last write was cut short. Drop it.
            return Ok(ReplayFile {
                header,
                entries,
                torn: true,
                good_len: start as u64,
            });
        };
        let line = &bytes[start..start + len];
        start += len + 1;
        let text = std::str::from_utf8(line).map_err(|_| StoreError::Parse {
            path: path.to_path_buf(),
            line: line_no,
            col: 1,
            message: "the line is not valid UTF-8 text".to_owned(),
        })?;
        if text.trim().is_empty() {
            continue;
        }
        entries.push(parse_line(text, line_no, path)?);
    }
    Ok(ReplayFile {
        header,
        entries,
        torn: false,
        good_len: bytes.len() as u64,
    })
}

/// Parses the header line, refusing another format or a newer version before any entry is
/// read.
fn parse_header(line: &[u8], path: &Path) -> Result<ReplayHeader, StoreError> {
    let text = std::str::from_utf8(line)
        .map_err(|_| StoreError::invalid(path, "the replay log's header is not UTF-8 text"))?;
    let text = super::ron_file::strip_bom(text);
    let header: ReplayHeader = parse_line(text, 1, path)?;
    if header.format != REPLAY_FORMAT {
        return Err(StoreError::invalid(
            path,
            format!("not a Drillboard replay log (format `{}`)", header.format),
        ));
    }
    if header.version > REPLAY_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: header.version,
            supported: REPLAY_VERSION,
        });
    }
    if header.phases > MAX_REPLAY_PHASES {
        return Err(StoreError::invalid(
            path,
            format!(
                "the replay log claims {} phases; at most {MAX_REPLAY_PHASES} are read",
                header.phases
            ),
        ));
    }
    Ok(header)
}

/// Parses one line of RON, with errors at the line's number.
fn parse_line<T: serde::de::DeserializeOwned>(
    text: &str,
    line: usize,
    path: &Path,
) -> Result<T, StoreError> {
    ron::Options::default()
        .with_recursion_limit(RECURSION_LIMIT)
        .from_str(text)
        .map_err(|err| StoreError::Parse {
            path: path.to_path_buf(),
            line,
            col: err.span.start.col,
            message: err.code.to_string(),
        })
}

/// One value as one line of RON, newline included.
fn to_line<T: Serialize>(value: &T, path: &Path) -> Result<String, StoreError> {
    let mut line = ron::Options::default()
        .to_string(value)
        .map_err(|err| StoreError::invalid(path, format!("cannot serialise: {err}")))?;
    // RON escapes newlines inside strings; a raw one would split the entry in two.
    if line.contains('\n') {
        return Err(StoreError::invalid(
            path,
            "an entry serialised to two lines",
        ));
    }
    line.push('\n');
    Ok(line)
}

/// Reads a whole file, refusing anything larger than `MAX_FILE_BYTES` and anything but a
/// regular file.
fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    read_at_most(path, MAX_FILE_BYTES)
}

/// Reads a whole companion file (a replay log, a voice recording), refusing anything larger
/// than `limit` bytes and anything but a regular file.
pub(crate) fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, "read", e))?;
    if !meta.is_file() {
        return Err(StoreError::invalid(path, "is not a regular file"));
    }
    let file = File::open(path).map_err(|e| StoreError::io(path, "read", e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, "read", e))?;
    if bytes.len() as u64 > limit {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Appends entries to a replay file, a batch at a time, each batch one write and one sync.
#[derive(Debug)]
pub struct ReplayWriter {
    path: PathBuf,
    file: File,
    /// The file's length in bytes.
    len: u64,
}

impl ReplayWriter {
    /// Creates the replay file and writes its header. A log already there is never emptied:
    /// it is set aside first (`set_aside`).
    pub fn create(path: &Path, header: &ReplayHeader) -> Result<Self, StoreError> {
        let line = to_line(header, path)?;
        if path.exists() {
            set_aside(path)?;
        }
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| StoreError::io(path, "create", e))?;
        file.write_all(line.as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| StoreError::io(path, "write", e))?;
        Self::append_to(path, line.len() as u64)
    }

    /// Opens an existing replay file to write on, after cutting off a torn last line; returns
    /// what it holds. A newer or damaged file is refused and left as it is.
    pub fn open_append(path: &Path) -> Result<(Self, ReplayFile), StoreError> {
        let read = read_replay(path)?;
        if read.torn {
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| StoreError::io(path, "open", e))?;
            file.set_len(read.good_len)
                .and_then(|()| file.sync_all())
                .map_err(|e| StoreError::io(path, "truncate", e))?;
        }
        let writer = Self::append_to(path, read.good_len)?;
        Ok((writer, read))
    }

    fn append_to(path: &Path, len: u64) -> Result<Self, StoreError> {
        let file = OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| StoreError::io(path, "open", e))?;
        Ok(Self {
            path: path.to_path_buf(),
            file,
            len,
        })
    }

    /// Appends entries as whole lines in one write, then syncs the data. A batch that would
    /// take the file past what `read_replay` reads is refused and nothing is written.
    pub fn append(&mut self, entries: &[LogEntry]) -> Result<(), StoreError> {
        if entries.is_empty() {
            return Ok(());
        }
        let mut batch = String::new();
        for entry in entries {
            batch.push_str(&to_line(entry, &self.path)?);
        }
        let size = self.len + batch.len() as u64;
        if size > MAX_FILE_BYTES {
            return Err(StoreError::TooLargeToSave {
                path: self.path.clone(),
                size,
                limit: MAX_FILE_BYTES,
            });
        }
        self.file
            .write_all(batch.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| StoreError::io(&self.path, "write", e))?;
        self.len = size;
        Ok(())
    }

    /// The file's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file holds nothing, not even a header (never, once created).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit_log::EditEvent;
    use crate::model::replay::Replay;
    use crate::model::replay_sample::SimulatedDrill;

    fn entries(n: u64) -> Vec<LogEntry> {
        (0..n)
            .map(|i| LogEntry {
                at_ms: i * 1_000,
                event: if i % 2 == 0 {
                    EditEvent::Paused
                } else {
                    EditEvent::Resumed
                },
            })
            .collect()
    }

    fn write(path: &Path, entries: &[LogEntry]) {
        let mut writer = ReplayWriter::create(path, &ReplayHeader::new("s1", 5)).expect("creates");
        writer.append(entries).expect("appends");
    }

    #[test]
    fn creating_where_a_log_exists_sets_it_aside_instead_of_emptying_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s1.replay");
        write(&path, &entries(4));
        write(&path, &entries(1));
        assert_eq!(read_replay(&path).expect("reads").entries, entries(1));
        let aside = dir.path().join("s1.replay.orig");
        assert_eq!(read_replay(&aside).expect("reads").entries, entries(4));
    }

    #[test]
    fn a_heavy_drill_round_trips_within_a_megabyte() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = replay_path(&dir.path().join("2026-12-02-abc.ron"));
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some("2026-12-02-abc.replay")
        );
        let drill = SimulatedDrill::heavy(5_000, 21);
        let entries = drill.log.settled();
        let mut writer =
            ReplayWriter::create(&path, &ReplayHeader::new("abc", 5)).expect("creates");
        // A second's worth at a time, as the saver would.
        for chunk in entries.chunks(3) {
            writer.append(chunk).expect("appends");
        }
        let size = std::fs::metadata(&path).expect("exists").len();
        assert_eq!(size, writer.len());
        eprintln!(
            "replay log of {} events: {size} bytes ({:.0} bytes an event)",
            entries.len(),
            size as f64 / entries.len() as f64
        );
        assert!(size <= 1_000_000, "{size} bytes");

        let read = read_replay(&path).expect("reads");
        assert!(!read.torn);
        assert_eq!(read.header, ReplayHeader::new("abc", 5));
        assert_eq!(read.entries, entries);
        let end = Replay::new(read.entries, 5).state_at(u64::MAX);
        assert_eq!(end.diagram, drill.live.diagram);
        assert_eq!(end.phases, drill.live.phases);
    }

    #[test]
    fn a_line_cut_short_anywhere_loses_only_that_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s1.replay");
        let mut all = entries(3);
        all.push(LogEntry {
            at_ms: 9_000,
            event: EditEvent::Notes {
                phase: 1,
                edit: crate::model::TextEdit {
                    start: 0,
                    removed: 0,
                    inserted: "日本語\n😀".to_owned(),
                },
            },
        });
        write(&path, &all);
        let whole = std::fs::read(&path).expect("reads");
        let last_start = whole[..whole.len() - 1]
            .iter()
            .rposition(|b| *b == b'\n')
            .expect("lines")
            + 1;
        // Every cut inside the last line, even in the middle of a character, drops just it.
        for cut in last_start + 1..whole.len() {
            let read = parse_replay(&whole[..cut], &path).expect("reads");
            assert!(read.torn, "cut at {cut}");
            assert_eq!(read.entries, all[..3], "cut at {cut}");
            assert_eq!(read.good_len, last_start as u64);
        }
        // A cut exactly at a line's end loses nothing that was written whole.
        let read = parse_replay(&whole[..last_start], &path).expect("reads");
        assert!(!read.torn);
        assert_eq!(read.entries, all[..3]);
    }

    #[test]
    fn appending_after_a_torn_line_cuts_it_off_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s1.replay");
        write(&path, &entries(2));
        // A kill -9 in the middle of a write, and the zero bytes some file systems leave.
        let mut file = OpenOptions::new().append(true).open(&path).expect("opens");
        file.write_all(b"(at_ms:5000,event:Pau\0\0\0")
            .expect("writes");
        drop(file);

        let (mut writer, read) = ReplayWriter::open_append(&path).expect("opens");
        assert!(read.torn);
        assert_eq!(read.entries, entries(2));
        writer.append(&entries(4)[2..]).expect("appends");
        let read = read_replay(&path).expect("reads");
        assert!(!read.torn);
        assert_eq!(read.entries, entries(4));
    }

    #[test]
    fn a_newer_version_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s1.replay");
        let text = "(format:\"drillboard-replay\",version:2,session:\"s1\",phases:5,codec:\"zstd\")\n\
                    (at_ms:0,event:Teleported)\n";
        std::fs::write(&path, text).expect("writes");
        let err = read_replay(&path).expect_err("refused");
        assert!(
            matches!(
                err,
                StoreError::TooNew {
                    found: 2,
                    supported: 1,
                    ..
                }
            ),
            "{err}"
        );
        let err = ReplayWriter::open_append(&path).expect_err("refused");
        assert!(matches!(err, StoreError::TooNew { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), text);
    }

    #[test]
    fn another_format_or_a_damaged_middle_line_is_refused_with_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s1.replay");
        std::fs::write(
            &path,
            "(format:\"other\",version:1,session:\"s1\",phases:5)\n",
        )
        .expect("writes");
        assert!(matches!(
            read_replay(&path),
            Err(StoreError::Invalid { .. })
        ));
        std::fs::write(&path, "(format:\"drillboard-").expect("writes");
        assert!(read_replay(&path).is_err());
        std::fs::write(
            &path,
            "(format:\"drillboard-replay\",version:1,session:\"s1\",phases:18446744073709551615)\n",
        )
        .expect("writes");
        assert!(read_replay(&path).is_err());

        write(&path, &entries(3));
        let text = std::fs::read_to_string(&path).expect("reads");
        let damaged = text.replacen("Resumed", "Resum", 1);
        std::fs::write(&path, damaged).expect("writes");
        let err = read_replay(&path).expect_err("refused");
        assert!(matches!(err, StoreError::Parse { line: 3, .. }), "{err}");
    }
}
