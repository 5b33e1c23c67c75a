//! The background saver: sessions are serialised, written atomically, read back, backed up and
//! guarded against overwriting a file someone else changed, all off the UI thread.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::JoinHandle;
use std::time::SystemTime;

use crate::model::Session;

use super::atomic::write_atomic;
use super::backup::write_backup;
use super::error::StoreError;
use super::ron_file::to_pretty;
use super::session_file::parse_session;

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
    /// Ok, or why not.
    pub result: Result<(), StoreError>,
}

enum Message {
    Save(Box<SaveJob>),
    /// Remember a file's current modification time as ours (after opening it).
    Adopt(PathBuf),
    Flush(Sender<()>),
}

/// A handle to the saver thread.
pub struct Saver {
    jobs: Option<Sender<Message>>,
    outcomes: Receiver<SaveOutcome>,
    thread: Option<JoinHandle<()>>,
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
        let thread = std::thread::Builder::new()
            .name("autosave".to_owned())
            .spawn(move || {
                let mut known: std::collections::HashMap<PathBuf, Stamp> =
                    std::collections::HashMap::new();
                for message in inbox {
                    match message {
                        Message::Save(job) => {
                            let path = job.path.clone();
                            let generation = job.generation;
                            let result = perform(&job, &mut known);
                            let _ = report.send(SaveOutcome {
                                path,
                                generation,
                                result,
                            });
                        }
                        Message::Adopt(path) => {
                            if let Some(s) = stamp(&path) {
                                known.insert(path, s);
                            }
                        }
                        Message::Flush(ack) => {
                            let _ = ack.send(());
                        }
                    }
                }
            })
            .ok();
        Self {
            jobs: Some(jobs),
            outcomes,
            thread,
        }
    }

    /// Queues a save; returns at once.
    pub fn save(&self, job: SaveJob) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Message::Save(Box::new(job)));
        }
    }

    /// Records that the file as it is now (just opened) is ours to overwrite.
    pub fn adopt(&self, path: PathBuf) {
        if let Some(jobs) = &self.jobs {
            let _ = jobs.send(Message::Adopt(path));
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

    /// Waits until every queued save has finished (on exit, and in tests).
    pub fn flush(&self) {
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
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serialises, checks for a foreign change, writes atomically, reads back, backs up.
fn perform(
    job: &SaveJob,
    known: &mut std::collections::HashMap<PathBuf, Stamp>,
) -> Result<(), StoreError> {
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
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
    }
    write_atomic(path, text.as_bytes())?;
    // Read back what is on disk: a save is only "saved" when the file parses to the same session.
    let back = fs::read_to_string(path).map_err(|e| StoreError::io(path, "read back", e))?;
    let parsed = parse_session(&back, path)?;
    if parsed != job.session {
        return Err(StoreError::invalid(
            path,
            "read back differently from what was written",
        ));
    }
    if let Some(s) = stamp(path) {
        known.insert(path.clone(), s);
    }
    if let Some(root) = &job.library_root {
        write_backup(root, &job.session.id, &text, job.checkpoint)?;
    }
    Ok(())
}
