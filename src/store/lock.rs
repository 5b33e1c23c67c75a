//! Session locks: a `<file>.lock` beside a session while an instance edits it, so a second
//! instance does not clobber it and a crash can be told from a drill still open elsewhere.
//!
//! The holder keeps the lock file open with an OS advisory lock (`File::try_lock`, `flock` on
//! Unix) for as long as the session is open, and writes `<pid> <start time>` into it. The OS
//! drops the advisory lock when the process ends however it ends, so:
//! - a lock file whose advisory lock is held is live (another instance, or this one);
//! - a lock file in this format whose advisory lock is free was left by a process that is gone,
//!   even when its pid now belongs to an unrelated process or a zombie.
//!
//! Where advisory locks do not work (some network file systems), and for lock files written by
//! builds before this format (the pid alone), the process is asked about instead: it must
//! exist, not be a zombie, and (when the file says) have the start time recorded, or (for the
//! old format) have started before the lock file was written.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
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

/// What a lock file says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Owner {
    pid: u32,
    /// The process's start time (clock ticks after boot, `/proc/<pid>/stat` field 22); `None`
    /// in lock files written before it was recorded.
    started: Option<u64>,
}

impl Owner {
    fn parse(text: &str) -> Self {
        let mut words = text.split_whitespace();
        let pid = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
        let started = words.next().and_then(|w| w.parse().ok());
        Self { pid, started }
    }

    fn this_process() -> Self {
        let pid = std::process::id();
        Self {
            pid,
            started: ProcessInfo::of(pid).map(|p| p.started),
        }
    }

    fn text(self) -> String {
        match self.started {
            Some(started) => format!("{} {started}\n", self.pid),
            None => format!("{}\n", self.pid),
        }
    }
}

/// What `/proc/<pid>/stat` says of a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ProcessInfo {
    /// A zombie has exited; only its parent has not reaped it yet.
    zombie: bool,
    /// Clock ticks after boot.
    started: u64,
}

impl ProcessInfo {
    fn of(pid: u32) -> Option<Self> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        Self::parse(&stat)
    }

    /// Parses `/proc/<pid>/stat`; the name (field 2) is in brackets and may hold spaces and
    /// brackets itself, so fields are counted from the last `)`.
    fn parse(stat: &str) -> Option<Self> {
        let after_name = &stat[stat.rfind(')')? + 1..];
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        // Field 3 (state) is fields[0], so field 22 (start time) is fields[19].
        Some(Self {
            zombie: matches!(*fields.first()?, "Z" | "X" | "x"),
            started: fields.get(19)?.parse().ok()?,
        })
    }
}

/// Whether a process with this id may be running: `/proc` shows it and it is not a zombie
/// (without `/proc`, assumed so).
pub(crate) fn process_running(pid: u32) -> bool {
    if pid == std::process::id() || !has_proc() {
        return true;
    }
    ProcessInfo::of(pid).is_some_and(|p| !p.zombie)
}

/// Whether `/proc` can be asked about processes.
fn has_proc() -> bool {
    Path::new("/proc/self/stat").exists()
}

/// Clock ticks per second in `/proc/<pid>/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SEC: u64 = 100;

/// When the system booted, from `/proc/stat`.
fn boot_time() -> Option<SystemTime> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let secs: u64 = stat
        .lines()
        .find_map(|l| l.strip_prefix("btime "))?
        .trim()
        .parse()
        .ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

/// Whether the lock file's owner, judged without the advisory lock, is still running.
fn owner_alive(owner: Owner, lock_written: Option<SystemTime>) -> bool {
    if owner.pid == std::process::id() {
        return true;
    }
    if !has_proc() {
        let age = lock_written.and_then(|t| SystemTime::now().duration_since(t).ok());
        return age.is_some_and(|age| age < LIVE_WITHOUT_PROC);
    }
    let Some(process) = ProcessInfo::of(owner.pid) else {
        return false;
    };
    if process.zombie {
        return false;
    }
    match owner.started {
        Some(started) => started == process.started,
        // The old format: a process that started after the lock was written cannot have
        // written it (its pid was reused).
        None => match (boot_time(), lock_written) {
            (Some(boot), Some(written)) => {
                let started = boot + Duration::from_millis(process.started * 1000 / TICKS_PER_SEC);
                started <= written + Duration::from_secs(2)
            }
            _ => true,
        },
    }
}

/// Locks this process holds, by lock file: one open file (and so one advisory lock) per
/// session, shared by every `SessionLock` of it in this process.
static HELD: Mutex<Option<HashMap<PathBuf, Held>>> = Mutex::new(None);

#[derive(Debug)]
struct Held {
    /// Never read: holding it open keeps the advisory lock.
    #[allow(dead_code, reason = "held only to keep the advisory lock")]
    file: File,
    count: usize,
}

fn held<R>(f: impl FnOnce(&mut HashMap<PathBuf, Held>) -> R) -> R {
    let mut guard = HELD.lock().unwrap_or_else(PoisonError::into_inner);
    f(guard.get_or_insert_with(HashMap::new))
}

/// Whether some process holds the advisory lock on `file`: `None` when the file system cannot
/// tell.
fn advisory_lock_held(file: &File) -> Option<bool> {
    match file.try_lock_shared() {
        Ok(()) => {
            let _ = file.unlock();
            Some(false)
        }
        Err(fs::TryLockError::WouldBlock) => Some(true),
        Err(fs::TryLockError::Error(_)) => None,
    }
}

/// Reads a session's lock.
pub fn lock_state(session: &Path) -> LockState {
    let path = lock_path(session);
    if held(|locks| locks.contains_key(&path)) {
        return LockState::Live(std::process::id());
    }
    let Ok(mut file) = File::open(&path) else {
        return LockState::Free;
    };
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    let owner = Owner::parse(&text);
    let written = file.metadata().and_then(|m| m.modified()).ok();
    let live = match advisory_lock_held(&file) {
        Some(true) => true,
        // Nobody holds it: a lock file of this format was left by a process that is gone. One
        // of the old format may belong to an older build, which did not take advisory locks.
        Some(false) if owner.started.is_some() => false,
        _ => owner_alive(owner, written),
    };
    if live {
        LockState::Live(owner.pid)
    } else {
        LockState::Stale(owner.pid)
    }
}

/// A held lock; dropping the last one of a session in this process removes the lock file.
#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
}

impl SessionLock {
    /// Takes the lock for a session, unless another live process holds it.
    pub fn acquire(session: &Path) -> Result<Self, StoreError> {
        let path = lock_path(session);
        let already = held(|locks| {
            locks.get_mut(&path).map(|h| {
                h.count += 1;
            })
        });
        if already.is_some() {
            return Ok(Self { path });
        }
        let busy = |pid: u32| {
            StoreError::invalid(
                session,
                format!(
                    "is open in another Drillboard (process {pid}); it opens read-only here so neither copy overwrites the other"
                ),
            )
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| StoreError::io(&path, "write lock", e))?;
        let mut text = String::new();
        let _ = file.read_to_string(&mut text);
        let owner = Owner::parse(&text);
        let written = file.metadata().and_then(|m| m.modified()).ok();
        match file.try_lock() {
            Ok(()) => {
                // An older build holds no advisory lock; its pid-only file still counts.
                if !text.trim().is_empty()
                    && owner.started.is_none()
                    && owner.pid != std::process::id()
                    && owner_alive(owner, written)
                {
                    return Err(busy(owner.pid));
                }
            }
            Err(fs::TryLockError::WouldBlock) => return Err(busy(owner.pid)),
            Err(fs::TryLockError::Error(_)) => {
                if !text.trim().is_empty()
                    && owner.pid != std::process::id()
                    && owner_alive(owner, written)
                {
                    return Err(busy(owner.pid));
                }
            }
        }
        let write = |file: &mut File| -> std::io::Result<()> {
            file.set_len(0)?;
            file.rewind()?;
            file.write_all(Owner::this_process().text().as_bytes())?;
            file.sync_all()
        };
        write(&mut file).map_err(|e| StoreError::io(&path, "write lock", e))?;
        held(|locks| locks.insert(path.clone(), Held { file, count: 1 }));
        Ok(Self { path })
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        held(|locks| {
            let last = locks.get_mut(&self.path).is_some_and(|h| {
                h.count -= 1;
                h.count == 0
            });
            if last {
                // Removed while still locked, so no other instance takes a file about to go.
                let _ = fs::remove_file(&self.path);
                locks.remove(&self.path);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_linux() -> bool {
        has_proc() && Path::new("/proc/1/stat").exists()
    }

    #[test]
    fn a_lock_is_live_while_held_and_gone_after() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        assert_eq!(lock_state(&session), LockState::Free);
        let lock = SessionLock::acquire(&session).expect("free lock");
        assert_eq!(lock_state(&session), LockState::Live(std::process::id()));
        let again = SessionLock::acquire(&session).expect("this process may take it again");
        drop(lock);
        assert_eq!(
            lock_state(&session),
            LockState::Live(std::process::id()),
            "still held by the second"
        );
        drop(again);
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
    fn another_live_process_keeps_an_old_format_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        if !on_linux() {
            return;
        }
        // Process 1 is always alive on Linux and started before this lock was written: an
        // older build that took no advisory lock may be it.
        fs::write(lock_path(&session), "1").expect("write");
        assert_eq!(lock_state(&session), LockState::Live(1));
        let err = SessionLock::acquire(&session).expect_err("held elsewhere");
        assert!(
            err.to_string().contains("another Drillboard (process 1)"),
            "{err}"
        );
    }

    #[test]
    fn a_live_unrelated_process_named_in_a_lock_is_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        if !on_linux() {
            return;
        }
        let pid1 = ProcessInfo::of(1).expect("pid 1");
        // The right pid and start time, but nobody holds the advisory lock: whoever wrote it
        // has gone (process 1 never opens sessions).
        fs::write(lock_path(&session), format!("1 {}\n", pid1.started)).expect("write");
        assert_eq!(lock_state(&session), LockState::Stale(1));
        // A reused pid: process 1 is alive, but it is not the process that wrote the lock.
        fs::write(lock_path(&session), format!("1 {}\n", pid1.started + 1)).expect("write");
        assert_eq!(lock_state(&session), LockState::Stale(1));
        assert!(!owner_alive(
            Owner {
                pid: 1,
                started: Some(pid1.started + 1)
            },
            None
        ));
        let lock = SessionLock::acquire(&session).expect("a stale lock is taken over");
        let text = fs::read_to_string(lock_path(&session)).expect("read");
        assert_eq!(Owner::parse(&text), Owner::this_process());
        drop(lock);
    }

    #[test]
    fn an_old_format_lock_naming_a_process_started_after_it_is_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        if !on_linux() {
            return;
        }
        // A child that has exited but is not reaped yet is a zombie: dead.
        let mut child = std::process::Command::new("true")
            .spawn()
            .expect("spawns true");
        let pid = child.id();
        let zombie = (0..10_000).any(|_| ProcessInfo::of(pid).is_some_and(|p| p.zombie));
        fs::write(lock_path(&session), pid.to_string()).expect("write");
        if zombie {
            assert_eq!(lock_state(&session), LockState::Stale(pid));
        }
        let _ = child.wait();
        assert_eq!(lock_state(&session), LockState::Stale(pid), "reaped: gone");
        // The old format naming this process, written long before it started: a reused pid.
        fs::write(lock_path(&session), "1").expect("write");
        let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1);
        let file = File::options()
            .write(true)
            .open(lock_path(&session))
            .expect("open");
        file.set_modified(long_ago).expect("set time");
        assert_eq!(lock_state(&session), LockState::Stale(1));
    }

    #[test]
    fn a_lock_held_by_another_instance_is_respected() {
        let dir = tempfile::tempdir().expect("temp dir");
        let session = dir.path().join("s.ron");
        // Another instance: the advisory lock is held through a file this "instance" opened,
        // and the file names a pid that is not this process.
        let theirs = File::create(lock_path(&session)).expect("create");
        if theirs.try_lock().is_err() {
            return; // No advisory locks here.
        }
        fs::write(lock_path(&session), "4194999 12345\n").expect("write");
        assert_eq!(lock_state(&session), LockState::Live(4_194_999));
        let err = SessionLock::acquire(&session).expect_err("held elsewhere");
        assert!(err.to_string().contains("process 4194999"), "{err}");
        drop(theirs);
        assert_eq!(lock_state(&session), LockState::Stale(4_194_999));
        let _ours = SessionLock::acquire(&session).expect("free once they exit");
    }

    #[test]
    fn stat_lines_with_odd_names_parse() {
        let stat = "42 (a) b) (c) S 1 42 42 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 98765 1000 10";
        assert_eq!(
            ProcessInfo::parse(stat),
            Some(ProcessInfo {
                zombie: false,
                started: 98_765
            })
        );
        assert_eq!(ProcessInfo::parse("7 (x) Z 1"), None);
        assert_eq!(ProcessInfo::parse(""), None);
    }
}
