//! Atomic file replacement: write a temp file beside the target, fsync, rename.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::error::StoreError;

/// The steps of an atomic write, for fault injection in tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Creating the temp file.
    Create,
    /// Writing the first half of the bytes.
    WriteFirstHalf,
    /// Writing the rest.
    WriteRest,
    /// Flushing the temp file to the disk.
    Sync,
    /// Renaming the temp file over the target.
    Rename,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 5] = [
        Step::Create,
        Step::WriteFirstHalf,
        Step::WriteRest,
        Step::Sync,
        Step::Rename,
    ];
}

/// Replaces `path` with `bytes` so that a reader sees either the old or the new file, never a mix.
/// On failure the old file is untouched and the temp file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, bytes, &mut |_| Ok(()))
}

/// `write_atomic`, asking `before` ahead of each step; an error from it fails the write there,
/// as a full disk or a pulled cable would.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let Some(dir) = path.parent() else {
        return Err(StoreError::invalid(path, "has no parent folder"));
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(temp_name(&file_name, std::process::id()));
    let result = write_and_rename(&temp, path, bytes, before);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// The temp file a process writes before renaming it to `file_name`: `.<name>.<pid>.tmp`.
fn temp_name(file_name: &str, pid: u32) -> String {
    format!(".{file_name}.{pid}.tmp")
}

/// The writer's pid of a temp file name made by `temp_name`.
fn temp_writer(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    inner.rsplit('.').next()?.parse().ok()
}

/// A temp file untouched this long is not being written: a writer writes and renames at once.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60);

/// Removes temp files in `dir` that a killed writer left behind: those of a process that is
/// gone, and those of another process untouched for `STALE_TEMP_AGE`. This process's own are
/// left alone (its saver may be writing one). Returns what was removed.
pub fn clean_temp_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let now = SystemTime::now();
    let mut removed = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_writer) else {
            continue;
        };
        if pid == std::process::id() || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age >= STALE_TEMP_AGE);
        if (idle || !super::lock::process_running(pid)) && fs::remove_file(entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed
}

fn write_and_rename(
    temp: &Path,
    path: &Path,
    bytes: &[u8],
    before: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let (first, rest) = bytes.split_at(bytes.len() / 2);
    before(Step::Create).map_err(|e| StoreError::io(temp, "create", e))?;
    let mut file = File::create(temp).map_err(|e| StoreError::io(temp, "create", e))?;
    before(Step::WriteFirstHalf).map_err(|e| StoreError::io(temp, "write", e))?;
    file.write_all(first)
        .map_err(|e| StoreError::io(temp, "write", e))?;
    before(Step::WriteRest).map_err(|e| StoreError::io(temp, "write", e))?;
    file.write_all(rest)
        .map_err(|e| StoreError::io(temp, "write", e))?;
    before(Step::Sync).map_err(|e| StoreError::io(temp, "fsync", e))?;
    file.sync_all()
        .map_err(|e| StoreError::io(temp, "fsync", e))?;
    drop(file);
    before(Step::Rename).map_err(|e| StoreError::io(path, "rename", e))?;
    fs::rename(temp, path).map_err(|e| StoreError::io(path, "rename", e))?;
    // Make the rename itself durable; not every platform lets a folder be opened, so best effort.
    if let Some(dir) = path.parent()
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"old").expect("first write");
        write_atomic(&path, b"new").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn temp_files_of_gone_or_idle_writers_are_cleaned_and_live_ones_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        fs::write(&session, b"session").expect("write");
        let ours = dir.path().join(temp_name("s.ron", std::process::id()));
        // Pid 0 is never a writer: what a writer killed mid-save leaves.
        let dead = dir.path().join(temp_name("s.ron", 0));
        let idle = dir.path().join(temp_name("s.ron", 1));
        let busy = dir.path().join(temp_name("t.ron", 1));
        for path in [&ours, &dead, &idle, &busy] {
            fs::write(path, vec![b'x'; 2 * 1024 * 1024]).expect("write");
        }
        let file = File::options().write(true).open(&idle).expect("open");
        file.set_modified(SystemTime::now() - 2 * STALE_TEMP_AGE)
            .expect("set time");
        let mut removed = clean_temp_files(dir.path());
        removed.sort();
        // Without /proc a pid cannot be asked about; only idleness counts.
        let mut expected = if Path::new("/proc/self/stat").exists() {
            vec![dead, idle]
        } else {
            vec![idle]
        };
        expected.sort();
        assert_eq!(removed, expected);
        assert!(ours.exists() && busy.exists() && session.exists());
        assert_eq!(temp_writer(".a.b.ron.123.tmp"), Some(123));
        assert_eq!(temp_writer("a.ron"), None);
    }

    #[test]
    fn missing_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("gone").join("a.ron");
        let err = write_atomic(&path, b"x").expect_err("must fail");
        assert!(err.to_string().contains("create failed"), "{err}");
    }
}
