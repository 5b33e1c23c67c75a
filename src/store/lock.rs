//! Session locks: a `<file>.lock` beside a session while an instance edits it, so a second
//! instance does not clobber it and a crash can be told from a drill still open elsewhere.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::error::StoreError;

/// Without `/proc` to ask, a lock younger than this is taken to be live.
const LIVE_WITHOUT_PROC: Duration = Duration::from_secs(12 * 3600);

/// Who, if anyone, holds a session's lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockState {
    /// No lock file.
    Free,
    /// Held by a running process (possibly this one).
    Live(u32),
    /// Left behind by a process that is gone: the session was interrupted.
    Stale(u32),
}

/// The lock file's path for a session file.
pub fn lock_path(session: &Path) -> PathBuf {
    let mut name = session
        .file_name()
        .map(std::ffi::OsStr::to_os_string)
        .unwrap_or_default();
    name.push(".lock");
    session.with_file_name(name)
}

/// Whether a process with this id is running.
fn process_alive(pid: u32, lock_age: Option<Duration>) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_root = Path::new("/proc");
    if proc_root.join("self").exists() {
        return proc_root.join(pid.to_string()).exists();
    }
    lock_age.is_some_and(|age| age < LIVE_WITHOUT_PROC)
}

/// Reads a session's lock.
pub fn lock_state(session: &Path) -> LockState {
    let path = lock_path(session);
    let Ok(text) = fs::read_to_string(&path) else {
        return LockState::Free;
    };
    let pid = text.trim().parse::<u32>().unwrap_or(0);
    let age = fs::metadata(&path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    if process_alive(pid, age) {
        LockState::Live(pid)
    } else {
        LockState::Stale(pid)
    }
}

/// A held lock; dropping it removes the lock file.
#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
}

impl SessionLock {
    /// Takes the lock for a session, unless another live process holds it.
    pub fn acquire(session: &Path) -> Result<Self, StoreError> {
        if let LockState::Live(pid) = lock_state(session)
            && pid != std::process::id()
        {
            return Err(StoreError::invalid(
                session,
                format!(
                    "is open in another Drillboard (process {pid}); it opens read-only here so neither copy overwrites the other"
                ),
            ));
        }
        let path = lock_path(session);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
        }
        fs::write(&path, std::process::id().to_string())
            .map_err(|e| StoreError::io(&path, "write lock", e))?;
        Ok(Self { path })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_live_while_held_and_gone_after() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        assert_eq!(lock_state(&session), LockState::Free);
        let lock = SessionLock::acquire(&session).expect("free lock");
        assert_eq!(lock_state(&session), LockState::Live(std::process::id()));
        drop(lock);
        assert_eq!(lock_state(&session), LockState::Free);
    }

    #[test]
    fn a_dead_process_leaves_a_stale_lock_that_can_be_taken() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        // Pid 0 is never a user process; with /proc present it reads as dead.
        fs::write(lock_path(&session), "0").expect("write");
        if Path::new("/proc/self").exists() {
            assert_eq!(lock_state(&session), LockState::Stale(0));
            assert!(SessionLock::acquire(&session).is_ok());
        }
    }

    #[test]
    fn another_live_process_keeps_the_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        if !Path::new("/proc/1").exists() {
            return;
        }
        // Process 1 is always alive on Linux.
        fs::write(lock_path(&session), "1").expect("write");
        assert_eq!(lock_state(&session), LockState::Live(1));
        let err = SessionLock::acquire(&session).expect_err("held elsewhere");
        assert!(
            err.to_string().contains("another Drillboard (process 1)"),
            "{err}"
        );
    }
}
