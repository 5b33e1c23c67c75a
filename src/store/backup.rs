//! Rolling backups: the last few saved versions of each session in the library's `backups/`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::atomic::write_atomic;
use super::error::StoreError;

/// How many versions of each session are kept.
pub const KEEP: usize = 5;

/// A new backup is written at most this often, unless the save is a checkpoint.
pub const MIN_INTERVAL: Duration = Duration::from_secs(60);

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

/// Writes `text` as the newest backup when the last one is older than `MIN_INTERVAL` (or
/// always, for a checkpoint), then keeps only the newest `KEEP`.
pub fn write_backup(
    library_root: &Path,
    session_id: &str,
    text: &str,
    checkpoint: bool,
) -> Result<(), StoreError> {
    let existing = backups(library_root, session_id);
    let now = SystemTime::now();
    let recent = existing
        .last()
        .and_then(|p| fs::metadata(p).ok())
        .and_then(|m| m.modified().ok())
        .is_some_and(|t| now.duration_since(t).unwrap_or_default() < MIN_INTERVAL);
    if recent && !checkpoint {
        return Ok(());
    }
    let dir = backup_dir(library_root, session_id);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create folder", e))?;
    let stamp = now
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    // Zero-padded so names sort by time.
    let mut n = 0;
    let mut path = dir.join(format!("{stamp:016}-{n:03}.ron"));
    while path.exists() {
        n += 1;
        path = dir.join(format!("{stamp:016}-{n:03}.ron"));
    }
    write_atomic(&path, text.as_bytes())?;
    let all = backups(library_root, session_id);
    for old in all.iter().take(all.len().saturating_sub(KEEP)) {
        let _ = fs::remove_file(old);
    }
    Ok(())
}

/// Copies a file that was opened with repairs into the session's backup folder before anything
/// overwrites it; the copy ends in `.orig` so rolling backups never prune it.
pub fn keep_original(
    library_root: &Path,
    session_id: &str,
    original: &Path,
) -> Result<PathBuf, StoreError> {
    let dir = backup_dir(library_root, session_id);
    fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create folder", e))?;
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis();
    let copy = dir.join(format!("before-repair-{stamp:016}.ron.orig"));
    fs::copy(original, &copy).map_err(|e| StoreError::io(original, "copy", e))?;
    Ok(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_five_checkpoints_are_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        for i in 0..8 {
            write_backup(dir.path(), "s1", &format!("v{i}"), true).expect("backup");
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
        write_backup(dir.path(), "s1", "a", false).expect("first");
        write_backup(dir.path(), "s1", "b", false).expect("second, too soon");
        assert_eq!(backups(dir.path(), "s1").len(), 1);
        write_backup(dir.path(), "s1", "c", true).expect("checkpoint");
        assert_eq!(backups(dir.path(), "s1").len(), 2);
    }
}
