//! The background saver: sessions are serialised, written atomically, read back, backed up and
//! guarded against overwriting a file someone else changed, all off the UI thread.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use crate::model::Session;

use super::atomic::write_atomic;
use super::backup::{back_up_replay, write_backup};
use super::error::StoreError;
use super::replay_file::{ReplayHeader, ReplayWriter};
use super::ron_file::{check_writable_size, to_pretty};
use super::session_file::parse_session;
use crate::model::edit_log::LogEntry;

/// One save to perform.
#[derive(Debug)]
pub struct SaveJob {
    /// The session as it is now.
    pub session: Session,
    /// Where it goes.
    pub path: PathBuf,
    /// The library root, for backups (`None`: no backup, e.g. "save elsewhere").
    pub library_root: Option<PathBuf>,
    /// A phase change, an explicit save or closing: always back up.
    pub checkpoint: bool,
    /// Overwrite even if the file changed on disk since we last wrote or read it.
    pub force: bool,
    /// Counter the UI uses to match outcomes to requests.
    pub generation: u64,
}

/// What became of a save.
#[derive(Debug)]
pub struct SaveOutcome {
    /// The file.
    pub path: PathBuf,
    /// The job's generation.
    pub generation: u64,
    /// Ok when the session is on disk (even if its backup failed), or why not.
    pub result: Result<(), StoreError>,
    /// Why the backup after a successful save failed, if it did. The session itself is saved:
    /// this is a warning, never "Save failed".
    pub backup_error: Option<StoreError>,
}

/// A save's outcome as the status bar tells it.
#[derive(Debug)]
pub enum SaveReport<'a> {
    /// The session and its backup (when one was due) are on disk.
    Saved,
    /// The session is on disk, but its backup could not be written.
    SavedWithoutBackup(&'a StoreError),
    /// The session is not on disk.
    Failed(&'a StoreError),
}

impl SaveOutcome {
    /// Saved, saved without backup, or failed.
    pub fn report(&self) -> SaveReport<'_> {
        match (&self.result, &self.backup_error) {
            (Err(err), _) => SaveReport::Failed(err),
            (Ok(()), Some(err)) => SaveReport::SavedWithoutBackup(err),
            (Ok(()), None) => SaveReport::Saved,
        }
    }
}

/// How a replay log's first append this run finds its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayStart {
    /// A new log (a new drill, a copy, a session saved elsewhere): the file is created, and a
    /// log already there is set aside, never emptied.
    Fresh,
    /// The log goes on (a resumed drill): appended to, after a torn last line is cut off;
    /// created if missing.
    Continue,
}

/// Entries of a session's replay log to append, off the UI thread.
#[derive(Debug)]
pub struct ReplayJob {
    /// The `.replay` file.
    pub path: PathBuf,
    /// The header a new file starts with.
    pub header: ReplayHeader,
    /// Whether the log starts here or goes on.
    pub start: ReplayStart,
    /// The entries, in order.
    pub entries: Vec<LogEntry>,
}

enum Message {
    Save(Box<SaveJob>),
    Replay(ReplayJob),
    /// The session was left: close its replay log.
    CloseReplay(PathBuf),
    /// Remember a file's modification time, taken when it was opened, as ours.
    Adopt(PathBuf, Stamp),
    Flush(Sender<()>),
    /// Wait until the sender is dropped before taking the next message (a slow disk, in tests).
    Hold(Receiver<()>),
}

/// A handle to the saver thread.
pub struct Saver {
    jobs: Option<Sender<Message>>,
    outcomes: Receiver<SaveOutcome>,
    replay_failures: Receiver<StoreError>,
    thread: Option<JoinHandle<()>>,
    /// Dropping it lets a held saver go on.
    gate: Option<Sender<()>>,
}

impl Default for Saver {
    fn default() -> Self {
        Self::spawn()
    }
}

impl std::fmt::Debug for Saver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Saver")
    }
}

/// The modification time and length we last saw for a file we own.
type Stamp = (Option<SystemTime>, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    fs::metadata(path)
        .ok()
        .map(|m| (m.modified().ok(), m.len()))
}

impl Saver {
    /// Starts the saver thread.
    pub fn spawn() -> Self {
        let (jobs, inbox) = channel::<Message>();
        let (report, outcomes) = channel();
        let (replay_report, replay_failures) = channel();
        let thread = std::thread::Builder::new()
            .name("autosave".to_owned())
            .spawn(move || {
                let mut known: std::collections::HashMap<PathBuf, Stamp> =
                    std::collections::HashMap::new();
                let mut logs = ReplayLogs::default();
                for message in inbox {
                    match message {
                        Message::Replay(job) => {
                            if let Err(err) = logs.append(job) {
                                let _ = replay_report.send(err);
                            }
                        }
                        Message::CloseReplay(path) => logs.close(&path),
                        Message::Save(job) => {
                            let path = job.path.clone();
                            let generation = job.generation;
                            let (result, backup_error) = match perform(&job, &mut known) {
                                Ok(backup) => (Ok(()), backup.err()),
                                Err(err) => (Err(err), None),
                            };
                            let _ = report.send(SaveOutcome {
                                path,
                                generation,
                                result,
                                backup_error,
                            });
                        }
                        Message::Adopt(path, s) => {
                            known.insert(path, s);
                        }
                        Message::Flush(ack) => {
                            let _ = ack.send(());
                        }
                        Message::Hold(gate) => {
                            // Returns when the other end is dropped.
                            let _ = gate.recv();
                        }
                    }
                }
            })
            .ok();
        Self {
            jobs: Some(jobs),
            outcomes,
            replay_failures,
            thread,
            gate: None,
        }
    }

    /// Queues entries to append to a replay log; returns at once. A batch that fails is kept
    /// and written before the next one.
    pub fn append_replay(&self, job: ReplayJob) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Message::Replay(job));
        }
    }

    /// Closes a replay log once what was queued for it is written (its session was left).
    pub fn close_replay(&self, path: PathBuf) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Message::CloseReplay(path));
        }
    }

    /// Why replay appends failed since the last look, without waiting.
    pub fn replay_failures(&self) -> Vec<StoreError> {
        self.replay_failures.try_iter().collect()
    }

    /// Queues a save; returns at once.
    pub fn save(&self, job: SaveJob) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Message::Save(Box::new(job)));
        }
    }

    /// Records that the file as it is now (just opened) is ours to overwrite. The file is
    /// looked at here, not when the saver thread gets to the message, so a change another
    /// program makes in between is still seen as theirs.
    pub fn adopt(&self, path: PathBuf) {
        if let (Some(jobs), Some(s)) = (&self.jobs, stamp(&path)) {
            let _ = jobs.send(Message::Adopt(path, s));
        }
    }

    /// Outcomes of finished saves, without waiting.
    pub fn poll(&self) -> Vec<SaveOutcome> {
        let mut done = Vec::new();
        loop {
            match self.outcomes.try_recv() {
                Ok(outcome) => done.push(outcome),
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return done,
            }
        }
    }

    /// Makes saves queued from now on wait until the next [`Saver::flush`], as on a very slow
    /// disk, so tests can act while a save is in flight.
    #[doc(hidden)]
    pub fn hold(&mut self) {
        let (gate, held) = channel();
        if let Some(jobs) = &self.jobs
            && jobs.send(Message::Hold(held)).is_ok()
        {
            self.gate = Some(gate);
        }
    }

    /// Waits until every queued save has finished (on exit, and in tests).
    pub fn flush(&mut self) {
        self.gate = None;
        let (ack, done) = channel();
        if let Some(jobs) = &self.jobs
            && jobs.send(Message::Flush(ack)).is_ok()
        {
            let _ = done.recv();
        }
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the channel lets the thread finish its queue and exit.
        self.jobs = None;
        self.gate = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serialises, checks for a foreign change, writes atomically, reads back, backs up. The outer
/// result is the save's; the inner one the backup's, which cannot undo a save that landed.
fn perform(
    job: &SaveJob,
    known: &mut std::collections::HashMap<PathBuf, Stamp>,
) -> Result<Result<(), StoreError>, StoreError> {
    let path = &job.path;
    if !job.force
        && let Some(on_disk) = stamp(path)
        && known.get(path).is_some_and(|ours| *ours != on_disk)
    {
        return Err(StoreError::invalid(
            path,
            "was changed on disk by another program since Drillboard last saved it; not overwritten (save elsewhere, or save again to overwrite)",
        ));
    }
    let text = to_pretty(&job.session, path)?;
    // Refused before anything is written: a file the loader would refuse is never made.
    check_writable_size(&text, path)?;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
    }
    write_atomic(path, text.as_bytes())?;
    // The file is ours now, whatever the read-back finds: a later save must not take it for
    // another program's change.
    if let Some(s) = stamp(path) {
        known.insert(path.clone(), s);
    }
    // Read back what is on disk: a save is only "saved" when the file parses to the same session.
    let back = fs::read_to_string(path).map_err(|e| StoreError::io(path, "read back", e))?;
    let parsed = parse_session(&back, path)?;
    if parsed != job.session {
        return Err(StoreError::invalid(
            path,
            "read back differently from what was written",
        ));
    }
    let Some(root) = &job.library_root else {
        return Ok(Ok(()));
    };
    // A finished drill with no score being filled in is "settled": the backup policy keeps the
    // newest such version, so scoring for a long while never rotates away the drill before it.
    let settled = job.session.drill.status == crate::model::DrillStatus::Finished
        && job.session.score_draft.is_none();
    Ok(
        write_backup(root, &job.session.id, &text, job.checkpoint, settled)
            .and_then(|backup| backup.map_or(Ok(()), |backup| back_up_replay(path, &backup))),
    )
}

/// The replay logs the saver thread has open, and batches that failed, to write first next
/// time.
#[derive(Default)]
struct ReplayLogs {
    open: std::collections::HashMap<PathBuf, ReplayWriter>,
    failed: std::collections::HashMap<PathBuf, Vec<LogEntry>>,
}

impl ReplayLogs {
    /// Appends a job's entries (after any that failed before), opening the file as the job
    /// says when it is not open yet.
    fn append(&mut self, job: ReplayJob) -> Result<(), StoreError> {
        let ReplayJob {
            path,
            header,
            start,
            entries,
        } = job;
        if start == ReplayStart::Fresh {
            self.open.remove(&path);
            self.failed.remove(&path);
        }
        let mut batch = self.failed.remove(&path).unwrap_or_default();
        batch.extend(entries);
        if !self.open.contains_key(&path) {
            let writer = match Self::open_file(&path, &header, start) {
                Ok(writer) => writer,
                Err(err) => {
                    self.failed.insert(path, batch);
                    return Err(err);
                }
            };
            self.open.insert(path.clone(), writer);
        }
        let Some(writer) = self.open.get_mut(&path) else {
            return Ok(());
        };
        if let Err(err) = writer.append(&batch) {
            // Reopened (cutting a torn line) and tried again with the next batch.
            self.open.remove(&path);
            self.failed.insert(path, batch);
            return Err(err);
        }
        Ok(())
    }

    fn open_file(
        path: &Path,
        header: &ReplayHeader,
        start: ReplayStart,
    ) -> Result<ReplayWriter, StoreError> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
        }
        if start == ReplayStart::Fresh || !path.exists() {
            return ReplayWriter::create(path, header);
        }
        let (writer, read) = ReplayWriter::open_append(path)?;
        if read.header.session != header.session {
            return Err(StoreError::invalid(
                path,
                format!(
                    "belongs to session `{}`, not `{}`; not appended to",
                    read.header.session, header.session
                ),
            ));
        }
        Ok(writer)
    }

    fn close(&mut self, path: &Path) {
        self.open.remove(path);
        self.failed.remove(path);
    }
}

/// When changes have waited this long they are written.
pub const DEBOUNCE: Duration = Duration::from_millis(1000);

/// A running drill is written this often even without edits, so a crash loses little clock.
pub const RUNNING_INTERVAL: Duration = Duration::from_secs(10);

/// After a failed save, automatic retries wait this long (Retry works at once).
pub const RETRY_INTERVAL: Duration = Duration::from_secs(10);

/// The save bookkeeping of one open session, on the monotonic clock: when it changed, what is
/// in flight, what failed. Pure, so the policy is tested without threads or sleeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaveTracker {
    /// When the oldest change not yet handed to the saver was made.
    changed_at: Option<Duration>,
    /// The generation of the save in flight, if any.
    in_flight: Option<u64>,
    /// When the last save was handed to the saver.
    last_attempt: Option<Duration>,
    /// When the session was last known to be on disk as it was then.
    saved_at: Option<Duration>,
    /// Why the last save failed, until one succeeds.
    failure: Option<String>,
}

/// What the status bar says about saving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Everything is on disk.
    Saved,
    /// Changes are waiting for the debounce or being written.
    Saving,
    /// The last save failed; the text says why.
    Failed(String),
}

impl SaveTracker {
    /// A tracker for a session just read from disk (nothing to save yet).
    pub fn saved(now: Duration) -> Self {
        Self {
            saved_at: Some(now),
            ..Self::default()
        }
    }

    /// Notes a change made at `now`.
    pub fn changed(&mut self, now: Duration) {
        self.changed_at.get_or_insert(now);
    }

    /// Whether unsaved changes exist (queued or not yet written).
    pub fn has_unsaved(&self) -> bool {
        self.changed_at.is_some() || self.in_flight.is_some() || self.failure.is_some()
    }

    /// Whether a save should be handed to the saver now. `running` drills are also saved every
    /// `RUNNING_INTERVAL` so their clock survives a crash.
    pub fn due(&self, now: Duration, running: bool) -> bool {
        if self.in_flight.is_some() {
            return false;
        }
        if self.failure.is_some()
            && self
                .last_attempt
                .is_some_and(|at| now.saturating_sub(at) < RETRY_INTERVAL)
        {
            return false;
        }
        if let Some(changed) = self.changed_at {
            return now.saturating_sub(changed) >= DEBOUNCE;
        }
        running
            && self
                .saved_at
                .is_none_or(|at| now.saturating_sub(at) >= RUNNING_INTERVAL)
    }

    /// How long until `due` could turn true without further input (for scheduling a repaint).
    pub fn wake_in(&self, now: Duration) -> Option<Duration> {
        if self.in_flight.is_some() {
            return Some(Duration::from_millis(50));
        }
        let changed = self.changed_at?;
        let mut at = changed + DEBOUNCE;
        if self.failure.is_some()
            && let Some(last) = self.last_attempt
        {
            at = at.max(last + RETRY_INTERVAL);
        }
        Some(at.saturating_sub(now))
    }

    /// Records that a save with `generation` was handed to the saver at `now`.
    pub fn started(&mut self, generation: u64, now: Duration) {
        self.changed_at = None;
        self.in_flight = Some(generation);
        self.last_attempt = Some(now);
    }

    /// Records a save's outcome; outcomes of other generations are ignored. Returns whether
    /// the outcome was this tracker's.
    pub fn finished(
        &mut self,
        generation: u64,
        result: Result<(), String>,
        started_at: Duration,
    ) -> bool {
        if self.in_flight != Some(generation) {
            return false;
        }
        self.in_flight = None;
        match result {
            Ok(()) => {
                self.failure = None;
                self.saved_at = Some(started_at);
            }
            Err(reason) => {
                self.failure = Some(reason);
                // The changes that save carried are still only in memory.
                self.changed_at.get_or_insert(started_at);
            }
        }
        true
    }

    /// The generation in flight, if any.
    pub fn in_flight(&self) -> Option<u64> {
        self.in_flight
    }

    /// When the last save was handed over.
    pub fn last_attempt(&self) -> Option<Duration> {
        self.last_attempt
    }

    /// What the status bar says.
    pub fn status(&self) -> SaveStatus {
        match (&self.failure, self.in_flight, self.changed_at) {
            (Some(reason), None, _) => SaveStatus::Failed(reason.clone()),
            (_, Some(_), _) | (_, None, Some(_)) => SaveStatus::Saving,
            (None, None, None) => SaveStatus::Saved,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn a_file_is_adopted_as_it_was_when_opened_even_if_the_saver_is_busy() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("s.ron");
        let mut session = crate::store::builtin::grid_session(2, 1).expect("scene");
        crate::store::save_session(&session, &path).expect("saves");
        let mut saver = Saver::spawn();
        // The saver is busy when the file is opened; another program then changes it.
        saver.hold();
        saver.adopt(path.clone());
        let mut theirs = session.clone();
        theirs.drill.phases[0].notes = "written by another program".to_owned();
        crate::store::save_session(&theirs, &path).expect("saves");
        session.drill.phases[0].notes = "ours".to_owned();
        saver.save(SaveJob {
            session,
            path: path.clone(),
            library_root: None,
            checkpoint: false,
            force: false,
            generation: 1,
        });
        saver.flush();
        let outcomes = saver.poll();
        assert_eq!(outcomes.len(), 1);
        assert!(
            outcomes[0]
                .result
                .as_ref()
                .is_err_and(|e| e.to_string().contains("changed on disk")),
            "{:?}",
            outcomes[0].result
        );
        assert_eq!(
            crate::store::load_session(&path)
                .expect("loads")
                .drill
                .phases[0]
                .notes,
            "written by another program"
        );
    }

    #[test]
    fn a_change_is_due_after_the_debounce_and_not_before() {
        let mut t = SaveTracker::saved(Duration::ZERO);
        assert!(!t.due(S, false));
        t.changed(S);
        t.changed(S + S / 2);
        assert_eq!(t.status(), SaveStatus::Saving);
        assert!(!t.due(S + DEBOUNCE / 2, false));
        assert_eq!(t.wake_in(S + DEBOUNCE / 2), Some(DEBOUNCE / 2));
        assert!(
            t.due(S + DEBOUNCE, false),
            "debounced from the first change"
        );
        t.started(1, S + DEBOUNCE);
        assert!(!t.due(10 * S, false), "one save in flight at a time");
        assert!(t.finished(1, Ok(()), S + DEBOUNCE));
        assert_eq!(t.status(), SaveStatus::Saved);
        assert!(!t.has_unsaved());
    }

    #[test]
    fn a_running_drill_is_saved_periodically_without_edits() {
        let t = SaveTracker::saved(Duration::ZERO);
        assert!(!t.due(RUNNING_INTERVAL.saturating_sub(S), true));
        assert!(t.due(RUNNING_INTERVAL, true));
        assert!(
            !t.due(RUNNING_INTERVAL, false),
            "a paused drill waits for edits"
        );
    }

    #[test]
    fn a_failure_keeps_the_changes_and_backs_off() {
        let mut t = SaveTracker::saved(Duration::ZERO);
        t.changed(S);
        t.started(7, 2 * S);
        assert!(!t.finished(6, Ok(()), 2 * S), "a stale outcome is ignored");
        assert!(t.finished(7, Err("disk full".to_owned()), 2 * S));
        assert_eq!(t.status(), SaveStatus::Failed("disk full".to_owned()));
        assert!(t.has_unsaved());
        assert!(!t.due(3 * S, false), "no hammering the disk");
        assert!(t.due(2 * S + RETRY_INTERVAL, false));
        t.started(8, 2 * S + RETRY_INTERVAL);
        assert!(t.finished(8, Ok(()), 2 * S + RETRY_INTERVAL));
        assert_eq!(t.status(), SaveStatus::Saved);
    }
}
