//! Rolling backups of each session in the library's `backups/<id>/`: the last few saved
//! versions plus one a day for the last week, so a mistake noticed days later can be undone,
//! and the newest *settled* version (a finished drill with no score being filled in), so the
//! session as it stood before a round of scoring survives however long the scoring takes.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::model::{Session, Timestamp};

use super::atomic::write_atomic;
use super::error::StoreError;
use super::repair::load_session_repaired;
use super::replay_file::{replay_path, set_aside};

/// How many of the newest versions of each session are kept.
pub const KEEP: usize = 5;

/// Besides the newest `KEEP`, the newest backup of each of this many days (UTC) is kept,
/// today included.
pub const KEEP_DAYS: u64 = 7;

/// A new backup is written at most this often, unless the save is a checkpoint.
pub const MIN_INTERVAL: Duration = Duration::from_secs(60);

const DAY_MS: u128 = 24 * 3600 * 1000;

/// The folder holding one session's backups.
pub fn backup_dir(library_root: &Path, session_id: &str) -> PathBuf {
    library_root.join("backups").join(session_id)
}

/// The backups of a session, oldest first.
pub fn backups(library_root: &Path, session_id: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(backup_dir(library_root, session_id)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

/// When a backup was written, in milliseconds since the epoch, from its name
/// (`<ms, 16 digits>-<n>.ron`).
fn stamp_of(backup: &Path) -> Option<u128> {
    let name = backup.file_name()?.to_str()?;
    name.split('-').next()?.parse().ok()
}

fn millis(at: SystemTime) -> u128 {
    at.duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
}

/// Writes `text` as the newest backup when the last one is older than `MIN_INTERVAL` (or
/// always, for a checkpoint), then prunes (see `prune`). `settled` marks a finished drill with
/// no score draft; the newest settled backup is always kept. Returns the backup written, if
/// one was due.
pub fn write_backup(
    library_root: &Path,
    session_id: &str,
    text: &str,
    checkpoint: bool,
    settled: bool,
) -> Result<Option<PathBuf>, StoreError> {
    write_backup_at(
        library_root,
        session_id,
        text,
        checkpoint,
        settled,
        SystemTime::now(),
    )
}

/// The end of a settled backup's name.
const SETTLED: &str = "-settled.ron";

/// `write_backup` as if the time were `now` (tests step through days without waiting).
pub fn write_backup_at(
    library_root: &Path,
    session_id: &str,
    text: &str,
    checkpoint: bool,
    settled: bool,
    now: SystemTime,
) -> Result<Option<PathBuf>, StoreError> {
    let existing = backups(library_root, session_id);
    let now_ms = millis(now);
    let recent = existing
        .last()
        .and_then(|p| stamp_of(p))
        .is_some_and(|at| now_ms.saturating_sub(at) < MIN_INTERVAL.as_millis());
    if recent && !checkpoint {
        return Ok(None);
    }
    let dir = backup_dir(library_root, session_id);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create folder", e))?;
    // Zero-padded so names sort by time.
    let end = if settled { SETTLED } else { ".ron" };
    let mut n = 0;
    let mut path = dir.join(format!("{now_ms:016}-{n:03}{end}"));
    while path.exists() {
        n += 1;
        path = dir.join(format!("{now_ms:016}-{n:03}{end}"));
    }
    write_atomic(&path, text.as_bytes())?;
    prune(library_root, session_id, now);
    Ok(Some(path))
}

/// Copies a session's replay log (when it has one) beside its backup at `backup`, as
/// `<backup>.replay`, so a restored backup replays as it stood. The log may be mid-append: a
/// torn last line is dropped when it is read, as in the live file.
pub fn back_up_replay(session_path: &Path, backup: &Path) -> Result<(), StoreError> {
    let replay = replay_path(session_path);
    let bytes = match fs::read(&replay) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(StoreError::io(&replay, "read", err)),
    };
    write_atomic(&replay_path(backup), &bytes)
}

/// Keeps the newest `KEEP` backups, the newest of each of the last `KEEP_DAYS` days and the
/// newest settled one; removes the rest.
fn prune(library_root: &Path, session_id: &str, now: SystemTime) {
    let all = backups(library_root, session_id);
    let today = millis(now) / DAY_MS;
    let mut newest_of_day: Vec<u128> = Vec::new();
    let mut keep = vec![false; all.len()];
    let mut settled_kept = false;
    // Newest first: the first backup seen of a day is that day's newest.
    for (i, path) in all.iter().enumerate().rev() {
        if all.len() - i <= KEEP {
            keep[i] = true;
        }
        let settled = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(SETTLED));
        if settled && !settled_kept {
            settled_kept = true;
            keep[i] = true;
        }
        let Some(day) = stamp_of(path).map(|ms| ms / DAY_MS) else {
            // Not a name this module writes: leave it alone.
            keep[i] = true;
            continue;
        };
        if today.saturating_sub(day) < u128::from(KEEP_DAYS) && !newest_of_day.contains(&day) {
            newest_of_day.push(day);
            keep[i] = true;
        }
    }
    for (path, keep) in all.iter().zip(keep) {
        if !keep {
            let _ = fs::remove_file(path);
            // Its replay log, if it has one, goes with it.
            let _ = fs::remove_file(replay_path(path));
        }
    }
}

/// Copies a file that was opened with repairs into the session's backup folder before anything
/// overwrites it; the copy ends in `.orig` so rolling backups never prune it. An original
/// already kept byte for byte is not copied again: opening the same broken file ten times
/// keeps one copy, whose path is returned.
pub fn keep_original(
    library_root: &Path,
    session_id: &str,
    original: &Path,
) -> Result<PathBuf, StoreError> {
    let dir = backup_dir(library_root, session_id);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create folder", e))?;
    let bytes = fs::read(original).map_err(|e| StoreError::io(original, "read", e))?;
    if let Some(same) = kept_originals(&dir).into_iter().find(|kept| {
        fs::metadata(kept).is_ok_and(|m| m.len() == bytes.len() as u64)
            && fs::read(kept).is_ok_and(|b| b == bytes)
    }) {
        return Ok(same);
    }
    let stamp = millis(SystemTime::now());
    let mut n = 0;
    let mut copy = dir.join(format!("before-repair-{stamp:016}.ron.orig"));
    while copy.exists() {
        n += 1;
        copy = dir.join(format!("before-repair-{stamp:016}-{n}.ron.orig"));
    }
    write_atomic(&copy, &bytes)?;
    Ok(copy)
}

/// The `.orig` copies in a backup folder.
fn kept_originals(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".ron.orig"))
        .collect()
}

/// A backup that loads, offered when its session file cannot be read.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadableBackup {
    /// The backup file.
    pub path: PathBuf,
    /// When it was written (for "Restore backup from …").
    pub saved_at: Timestamp,
    /// The session it holds, repaired if it needed repairs.
    pub session: Session,
}

/// The newest backup of the session saved at `session_path` that loads, if any. The session id
/// is the file's name without `.ron`, as `Library::session_path` names files.
pub fn newest_readable_backup(library_root: &Path, session_path: &Path) -> Option<ReadableBackup> {
    let id = session_path.file_stem()?.to_str()?;
    backups(library_root, id)
        .into_iter()
        .rev()
        .find_map(|path| {
            let (session, _) = load_session_repaired(&path).ok()?;
            let ms = stamp_of(&path)?;
            let saved_at = Timestamp(i64::try_from(ms / 1000).ok()?);
            Some(ReadableBackup {
                path,
                saved_at,
                session,
            })
        })
}

/// Puts a backup in place of an unreadable session file: the unreadable file is kept first
/// (as a `.orig` copy beside the backups, see `keep_original`), then the backup's text
/// replaces it atomically. Returns where the unreadable file was kept.
pub fn restore_backup(
    library_root: &Path,
    backup: &ReadableBackup,
    session_path: &Path,
) -> Result<Option<PathBuf>, StoreError> {
    let kept = if session_path.exists() {
        Some(keep_original(
            library_root,
            &backup.session.id,
            session_path,
        )?)
    } else {
        None
    };
    let text = fs::read(&backup.path).map_err(|e| StoreError::io(&backup.path, "read", e))?;
    write_atomic(session_path, &text)?;
    // The backup's replay log comes back with it; the one it replaces is set aside.
    let backup_replay = replay_path(&backup.path);
    if backup_replay.exists() {
        let bytes =
            fs::read(&backup_replay).map_err(|e| StoreError::io(&backup_replay, "read", e))?;
        let live = replay_path(session_path);
        if live.exists() {
            set_aside(&live)?;
        }
        write_atomic(&live, &bytes)?;
    }
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_five_checkpoints_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..8 {
            write_backup(dir.path(), "s1", &format!("v{i}"), true, false).expect("backup");
        }
        let kept = backups(dir.path(), "s1");
        assert_eq!(kept.len(), KEEP);
        let texts: Vec<String> = kept
            .iter()
            .map(|p| fs::read_to_string(p).expect("read"))
            .collect();
        assert_eq!(texts, ["v3", "v4", "v5", "v6", "v7"]);
    }

    #[test]
    fn frequent_autosaves_do_not_churn_backups() {
        let dir = tempfile::tempdir().expect("temp dir");
        write_backup(dir.path(), "s1", "a", false, false).expect("first");
        write_backup(dir.path(), "s1", "b", false, false).expect("second, too soon");
        assert_eq!(backups(dir.path(), "s1").len(), 1);
        write_backup(dir.path(), "s1", "c", true, false).expect("checkpoint");
        assert_eq!(backups(dir.path(), "s1").len(), 2);
    }

    #[test]
    fn one_backup_a_day_is_kept_for_a_week_besides_the_last_five() {
        let dir = tempfile::tempdir().expect("temp dir");
        let start = UNIX_EPOCH + Duration::from_secs(20_000 * 86_400);
        let hour = Duration::from_secs(3600);
        // Ten days, four saves a day (at 1, 7, 13 and 19 o'clock UTC).
        for day in 0..10_u32 {
            for save in 0..4_u32 {
                let at = start + 24 * hour * day + hour * (1 + 6 * save);
                let text = format!("day {day} save {save}");
                write_backup_at(dir.path(), "s1", &text, false, false, at).expect("backup");
            }
        }
        let texts: Vec<String> = backups(dir.path(), "s1")
            .iter()
            .map(|p| fs::read_to_string(p).expect("read"))
            .collect();
        assert_eq!(
            texts,
            [
                "day 3 save 3",
                "day 4 save 3",
                "day 5 save 3",
                "day 6 save 3",
                "day 7 save 3",
                "day 8 save 3",
                "day 9 save 0",
                "day 9 save 1",
                "day 9 save 2",
                "day 9 save 3",
            ],
            "the newest five (day 8's last and day 9's four) and the newest of days 3 to 9"
        );
    }

    #[test]
    fn opening_the_same_broken_file_again_keeps_one_original() {
        let dir = tempfile::tempdir().expect("temp dir");
        let original = dir.path().join("s1.ron");
        fs::write(&original, "broken v1").expect("write");
        let first = keep_original(dir.path(), "s1", &original).expect("kept");
        let again = keep_original(dir.path(), "s1", &original).expect("kept");
        assert_eq!(first, again);
        fs::write(&original, "broken v2").expect("write");
        let other = keep_original(dir.path(), "s1", &original).expect("kept");
        assert_ne!(other, first);
        let kept = kept_originals(&backup_dir(dir.path(), "s1"));
        assert_eq!(kept.len(), 2, "one per distinct original: {kept:?}");
    }

    #[test]
    fn the_newest_readable_backup_is_offered_and_restored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut session = crate::store::builtin::grid_session(3, 1).expect("scene");
        session.id = "s1".into();
        let path = dir.path().join("sessions").join("s1.ron");
        let day = Duration::from_secs(86_400);
        let old_text = crate::store::ron_file::to_pretty(&session, &path).expect("text");
        let t0 = UNIX_EPOCH + 20_000 * day;
        write_backup_at(dir.path(), "s1", &old_text, true, false, t0).expect("backup");
        write_backup_at(dir.path(), "s1", "(broken", true, false, t0 + day).expect("backup");
        fs::create_dir_all(path.parent().expect("folder")).expect("mkdir");
        fs::write(&path, "(also broken").expect("write");
        assert!(crate::store::load_session(&path).is_err());

        let offer = newest_readable_backup(dir.path(), &path).expect("a readable backup");
        assert_eq!(offer.session, session);
        assert_eq!(offer.saved_at, Timestamp(20_000 * 86_400));
        let kept = restore_backup(dir.path(), &offer, &path)
            .expect("restored")
            .expect("the broken file is kept");
        assert_eq!(fs::read_to_string(kept).expect("read"), "(also broken");
        assert_eq!(crate::store::load_session(&path).expect("loads"), session);

        let nothing = dir.path().join("sessions").join("none.ron");
        assert!(newest_readable_backup(dir.path(), &nothing).is_none());
    }

    /// Scoring autosaves the draft often; the drill as it stood before scoring is kept however
    /// many rolling backups come after it, and only the newest settled one is.
    #[test]
    fn the_newest_settled_backup_outlives_the_rolling_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let t0 = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let minute = Duration::from_secs(61);
        write_backup_at(dir.path(), "s1", "old settled", true, true, t0).expect("backup");
        write_backup_at(dir.path(), "s1", "finished", true, true, t0 + minute).expect("backup");
        for i in 0..(KEEP as u32 + 4) {
            let at = t0 + minute * (i + 2);
            write_backup_at(dir.path(), "s1", &format!("draft {i}"), false, false, at)
                .expect("backup");
        }
        let kept: Vec<String> = backups(dir.path(), "s1")
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("reads"))
            .collect();
        assert_eq!(kept.len(), KEEP + 1, "{kept:?}");
        assert_eq!(kept[0], "finished", "the newest settled backup");
        assert!(
            !kept.contains(&"old settled".to_owned()),
            "an older settled one goes"
        );
        assert_eq!(kept.last().map(String::as_str), Some("draft 8"));
    }
}
