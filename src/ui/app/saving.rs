//! Saving: the frame's changes fold into the save tracker, saves go to the saver thread, and
//! outcomes come back; leaving a drill, saving elsewhere and the exit save.

use std::path::PathBuf;

use crate::model::DrillStatus;
use crate::store::autosave::{SaveJob, SaveStatus};
use crate::store::lock::SessionLock;

use super::{App, DrillView, OpenSession, Screen, StatusKind};

impl App {
    /// Leaves the session on screen for the home screen, saving what is unsaved on the way;
    /// the save runs in the background and a failure brings the session back.
    pub(super) fn leave_session(&mut self) {
        self.repair_notice = None;
        if !matches!(self.screen, Screen::Drill(_)) {
            self.screen = Screen::Home;
            return;
        }
        self.keep_canvas();
        // A drill left running would read as interrupted at the next start: its clock stops
        // here, as it does when the window closes.
        let now = self.clock.monotonic();
        if let Some(open) = self.drill_mut()
            && open.session.drill.status == DrillStatus::Running
        {
            open.session.drill.pause(now);
            open.dirty = true;
        }
        self.fold_changes();
        self.close_recording();
        let needs_save = self
            .open_session()
            .is_some_and(|open| open.read_only.is_none() && open.save.has_unsaved());
        if needs_save {
            self.queue_save(true, false);
        }
        let Screen::Drill(open) = std::mem::replace(&mut self.screen, Screen::Home) else {
            return;
        };
        self.remember_summary(&open.session, &open.path);
        if open.save.in_flight().is_some() {
            self.leaving.push(*open);
        }
    }

    /// Notes the frame's changes in the save tracker.
    pub(super) fn fold_changes(&mut self) {
        let now = self.clock.monotonic();
        if let Screen::Drill(open) = &mut self.screen
            && std::mem::take(&mut open.dirty)
        {
            open.save.changed(now);
        }
    }

    /// Hands the session on screen to the saver thread; returns at once. `checkpoint` saves
    /// (phase changes, explicit saves) always get a backup; `force` overwrites a file changed
    /// by someone else.
    pub(super) fn queue_save(&mut self, checkpoint: bool, force: bool) -> Option<u64> {
        self.fold_changes();
        let now = self.clock.now();
        let monotonic = self.clock.monotonic();
        let sessions_dir = self.library.sessions_dir();
        let root = self.library.root().to_path_buf();
        let Screen::Drill(open) = &mut self.screen else {
            return None;
        };
        if open.read_only.is_some() {
            return None;
        }
        open.session.drill.tick(monotonic);
        open.session.updated = now;
        self.generation += 1;
        let generation = self.generation;
        open.save.started(generation, monotonic);
        self.saver.save(SaveJob {
            session: open.session.clone(),
            path: open.path.clone(),
            library_root: open.path.starts_with(&sessions_dir).then_some(root),
            checkpoint,
            force,
            generation,
        });
        Some(generation)
    }

    /// An explicit save (Ctrl+S, Retry): its success is announced in the status bar.
    pub(super) fn save_now(&mut self, force: bool) {
        if let Some(reason) = self.open_session().and_then(|o| o.read_only.clone()) {
            self.set_status(
                StatusKind::Error,
                format!("Not saved: {reason}. Edit a copy to work on it here."),
            );
            return;
        }
        self.announce = self.queue_save(true, force);
        self.write_recording(true);
    }

    /// Saves the session on screen when its debounce or running interval is due.
    pub(super) fn autosave(&mut self) {
        self.fold_changes();
        let now = self.clock.monotonic();
        let due = self.open_session().is_some_and(|open| {
            open.read_only.is_none()
                && open
                    .save
                    .due(now, open.session.drill.status == DrillStatus::Running)
        });
        if due {
            self.queue_save(false, false);
        }
        self.write_recording(false);
    }

    /// Takes in the saver's finished work: marks sessions saved or failed, lets left sessions
    /// go once they are on disk, and brings back one whose save failed.
    pub(super) fn pump_saves(&mut self) {
        for err in self.saver.replay_failures() {
            eprintln!("drillboard: the replay log was not written: {err}");
            let next = if matches!(err, crate::store::StoreError::TooLargeToSave { .. }) {
                "the rest of this drill is not recorded for replay"
            } else {
                "it is tried again with the next change"
            };
            self.set_status(
                StatusKind::Error,
                format!(
                    "The replay log could not be written ({err}); {next}. The session itself saves as usual."
                ),
            );
        }
        for outcome in self.saver.poll() {
            if let (Ok(()), Some(err)) = (&outcome.result, &outcome.backup_error) {
                // The session is on disk; only its backup is missing. Not "Save failed".
                eprintln!("drillboard: saved, but the backup failed: {err}");
                self.set_status(
                    StatusKind::Error,
                    format!("Saved, but the backup could not be written: {err}"),
                );
            }
            let result = outcome.result.map_err(|err| err.to_string());
            if let Screen::Drill(open) = &mut self.screen {
                let started = open.save.last_attempt().unwrap_or_default();
                if open
                    .save
                    .finished(outcome.generation, result.clone(), started)
                {
                    match &result {
                        // A missing backup's warning stays on screen rather than "Saved to".
                        Ok(())
                            if self.announce == Some(outcome.generation)
                                && outcome.backup_error.is_none() =>
                        {
                            let text = format!("Saved to {}", open.path.display());
                            self.set_status(StatusKind::Success, text);
                        }
                        Ok(()) => {}
                        Err(reason) => eprintln!("drillboard: save failed: {reason}"),
                    }
                    continue;
                }
            }
            let Some(at) = self
                .leaving
                .iter()
                .position(|o| o.save.in_flight() == Some(outcome.generation))
            else {
                continue;
            };
            let mut left = self.leaving.remove(at);
            let started = left.save.last_attempt().unwrap_or_default();
            left.save
                .finished(outcome.generation, result.clone(), started);
            if let Err(reason) = result {
                eprintln!("drillboard: save failed: {reason}");
                self.leaving.insert(at, left);
            }
        }
        // A left session whose save failed returns once the home screen is showing.
        if matches!(self.screen, Screen::Home)
            && let Some(at) = self
                .leaving
                .iter()
                .position(|o| matches!(o.save.status(), SaveStatus::Failed(_)))
        {
            let open = self.leaving.remove(at);
            let title = open.session.scenario_title.clone();
            self.screen = Screen::Drill(Box::new(open));
            self.drill_view = DrillView::default();
            self.set_status(
                StatusKind::Error,
                format!("“{title}” could not be saved when you left it, so it is open again."),
            );
        }
    }

    /// Pauses a running drill, saves unsaved work and waits for it; called when the window
    /// closes. A session with nothing new is not written.
    pub fn save_on_exit(&mut self) {
        let now = self.clock.monotonic();
        // The recording's last samples go to disk before anything else.
        self.stop_voice();
        self.keep_canvas();
        let writable = if let Some(open) = self.drill_mut() {
            open.session.drill.tick(now);
            // A running drill's clock moved on since its last save; anything else is written
            // only if it changed, so closing a review rewrites nothing.
            if open.session.drill.status == DrillStatus::Running {
                open.session.drill.pause(now);
                open.dirty = true;
            }
            open.read_only.is_none() && (open.dirty || open.save.has_unsaved())
        } else {
            false
        };
        if writable {
            self.queue_save(true, false);
        }
        self.write_recording(true);
        self.flush_saves();
    }

    /// Whether some work exists only in memory because saving it failed.
    pub(super) fn has_failed_work(&self) -> bool {
        let failed = |o: &OpenSession| matches!(o.save.status(), SaveStatus::Failed(_));
        self.open_session().is_some_and(failed) || self.leaving.iter().any(failed)
    }

    /// Saves the session on screen to another file and keeps saving there.
    pub(super) fn save_as(&mut self, path: PathBuf) {
        let path = if path.extension().is_none() {
            path.with_extension("ron")
        } else {
            path
        };
        if path.is_dir() {
            self.set_status(
                StatusKind::Error,
                format!(
                    "{} is a folder; type a file name ending in .ron",
                    path.display()
                ),
            );
            return;
        }
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        match SessionLock::acquire(&path) {
            Ok(lock) => {
                open.lock = Some(lock);
                open.read_only = None;
            }
            Err(err) => {
                self.set_status(StatusKind::Error, format!("Cannot save there: {err}"));
                return;
            }
        }
        // The log starts over beside the new file, written out whole from memory.
        if let Some(recording) = &mut open.recording {
            self.saver
                .close_replay(crate::store::replay_file::replay_path(&open.path));
            recording.rewrite_from_start();
            open.replay_start = crate::store::autosave::ReplayStart::Fresh;
        }
        open.path = path;
        open.dirty = true;
        self.open_prompt = None;
        self.save_now(true);
    }
}
