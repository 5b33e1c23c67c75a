//! Files: starting and opening drills, copies, comparisons, recovery, the trash and exports.

use std::path::PathBuf;

use crate::model::{DrillStatus, Session};
use crate::store::autosave::SaveTracker;
use crate::store::lock::{LockState, lock_state};
use crate::store::{SessionSummary, StoreError};

use super::{
    App, CompareView, DrillView, OpenFailure, OpenSession, Recovery, RepairNotice, Screen,
    SessionError, StatusKind,
};
use crate::store::backup::{newest_readable_backup, restore_backup};

impl App {
    /// Lists the library's sessions again and finds interrupted drills to offer for recovery.
    pub(super) fn refresh_sessions(&mut self) {
        let (sessions, errors) = self.library.sessions();
        self.sessions = sessions;
        let root = self.library.root().to_path_buf();
        self.session_errors = errors
            .iter()
            .map(|err| SessionError {
                path: err.path().to_path_buf(),
                message: err.to_string(),
                backup_at: newest_readable_backup(&root, err.path()).map(|b| b.saved_at),
            })
            .collect();
        self.recoveries = self
            .sessions
            .iter()
            .filter(|s| s.status == DrillStatus::Running)
            .filter(|s| !matches!(lock_state(&s.path), LockState::Live(_)))
            .map(|s| Recovery { summary: s.clone() })
            .collect();
    }

    /// Puts a session's summary in the home screen's list as it is in memory, without reading
    /// the disk (its save may still be in flight).
    pub(super) fn remember_summary(&mut self, session: &Session, path: &std::path::Path) {
        if !path.starts_with(self.library.sessions_dir()) {
            return;
        }
        let summary = SessionSummary::of(session, path.to_path_buf());
        self.sessions.retain(|s| s.path != summary.path);
        self.recoveries.retain(|r| r.summary.path != summary.path);
        let at = self
            .sessions
            .iter()
            .position(|s| (&s.created, &s.id) < (&summary.created, &summary.id))
            .unwrap_or(self.sessions.len());
        self.sessions.insert(at, summary);
    }

    /// Starts a drill on a scenario, saving any drill in progress first.
    pub fn start_drill(&mut self, scenario_id: &str) -> Result<(), String> {
        let Some(scenario) = self.catalog.scenario(scenario_id).cloned() else {
            return Err(format!(
                "unknown scenario `{scenario_id}`; `drillboard scenarios` lists the ids"
            ));
        };
        let Some(framework) = self.catalog.framework(&scenario.framework).cloned() else {
            return Err(format!(
                "scenario `{scenario_id}` names an unknown framework"
            ));
        };
        self.leave_session();
        let session = Session::start_at_level(
            &scenario,
            &framework,
            self.drill_minutes,
            self.target_level,
            self.clock.now(),
            self.clock.monotonic(),
        );
        self.open_new_session(session);
        self.set_status(
            StatusKind::Info,
            format!("Drill started: {}", scenario.title),
        );
        Ok(())
    }

    /// Opens a graded example as a finished session to score blind: its official marks
    /// show beside the user's once the score is saved.
    pub fn start_calibration(&mut self, example_id: &str) -> Result<(), String> {
        let Some(example) = self.catalog.example(example_id).cloned() else {
            return Err(format!("unknown graded example `{example_id}`"));
        };
        let Some(scenario) = self.catalog.scenario(&example.scenario_id).cloned() else {
            return Err(format!(
                "the example's scenario `{}` is not loaded",
                example.scenario_id
            ));
        };
        let Some(framework) = self.catalog.framework(&scenario.framework).cloned() else {
            return Err(format!(
                "scenario `{}` names an unknown framework",
                scenario.id
            ));
        };
        self.leave_session();
        let created = self.clock.now();
        let (y, mo, d, h, mi, s) = created.parts();
        let id = format!(
            "{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}-calibrate-{}",
            example.id
        );
        let session = example.to_session(&scenario, &framework, id, created);
        self.open_new_session(session);
        self.drill_view.review = crate::ui::review::ReviewView {
            tab: crate::ui::review::ReviewTab::Score,
            ..crate::ui::review::ReviewView::default()
        };
        self.set_status(
            StatusKind::Info,
            format!(
                "Calibration: score \"{}\" blind; the official marks show once you save",
                example.title
            ),
        );
        Ok(())
    }

    /// Shows a session that is not on disk yet and saves it at once, under a file name no
    /// other session uses.
    fn open_new_session(&mut self, mut session: Session) {
        // Two sessions started in the same second on one scenario get distinct files.
        let base = session.id.clone();
        let mut n = 2;
        while {
            let path = self.library.session_path(&session);
            path.exists() || self.leaving.iter().any(|o| o.path == path)
        } {
            session.id = format!("{base}-{n}");
            n += 1;
        }
        let path = self.library.session_path(&session);
        self.drill_view = DrillView::default();
        let mut open = OpenSession::new(session, path, SaveTracker::default());
        open.dirty = true;
        self.screen = Screen::Drill(Box::new(open));
        self.start_recording(Vec::new());
        // On disk at once, so even a crash in the first second leaves a drill to recover.
        self.queue_save(true, false);
        self.start_voice();
    }

    /// Opens a saved session; it opens paused. A session open in another instance opens
    /// read-only here.
    pub fn open_file(&mut self, path: PathBuf) -> Result<(), StoreError> {
        // Read first, so a file that cannot be opened leaves the screen as it is.
        let mut loaded = crate::store::open_session(&path)?;
        let left = self.open_session().map(|open| open.path.clone());
        // A session left a moment ago may still be on its way to this file.
        let in_flight = self.leaving.iter().any(|o| o.path == path);
        self.leave_session();
        // Let the saves of what was just left land.
        self.flush_saves();
        if !matches!(self.screen, Screen::Home) {
            // The left session's save failed and it came back; the status says so.
            return Ok(());
        }
        if in_flight || left.as_ref() == Some(&path) {
            // Reopening what was just left: read what its last save wrote.
            loaded = crate::store::open_session(&path)?;
        }
        // Fields this build does not know mean a newer or foreign writer: saving would drop
        // them, so the session opens read-only and the message names the first one.
        let foreign = loaded.read_only_reason(&path);
        let crate::store::LoadedSession {
            mut session,
            warnings,
            ..
        } = loaded;
        // The file as it is now is ours to overwrite; a later change by another program is not.
        self.saver.adopt(path.clone());
        // An interrupted drill opens paused, and its file must say so, or the next start would
        // offer to recover it again.
        let interrupted = session.drill.status == DrillStatus::Running;
        if interrupted {
            session.drill.status = DrillStatus::Paused;
        }
        self.open_prompt = None;
        let now = self.clock.monotonic();
        let saved = SaveTracker::saved(now);
        let mut open = match foreign {
            Some(reason) => OpenSession::read_only(session, path, saved, reason),
            None => OpenSession::new(session, path, saved),
        };
        open.dirty = interrupted;
        let shown = open.path.display().to_string();
        if let Some(reason) = &open.read_only {
            self.set_status(StatusKind::Error, format!("Read-only: {reason}"));
        } else if warnings.is_empty() {
            self.set_status(StatusKind::Info, format!("Opened {shown}"));
        } else {
            let kept = crate::store::backup::keep_original(
                self.library.root(),
                &open.session.id,
                &open.path,
            );
            let kept = match kept {
                Ok(copy) => format!("the original is kept as {}", copy.display()),
                Err(err) => format!("the original could not be copied ({err})"),
            };
            let count = warnings.len();
            self.set_status(
                StatusKind::Error,
                format!(
                    "Opened {shown} with {count} {}; the notice above lists them",
                    if count == 1 { "repair" } else { "repairs" }
                ),
            );
            self.repair_notice = Some(RepairNotice {
                file: open.path.clone(),
                kept: format!("The file had problems, so {kept}."),
                warnings,
            });
        }
        self.screen = Screen::Drill(Box::new(open));
        self.drill_view = DrillView::default();
        self.restore_canvas();
        let reviewed = self.open_session().is_some_and(|open| {
            open.read_only.is_some() || open.session.drill.status == DrillStatus::Finished
        });
        if reviewed {
            self.load_review_replay();
        } else {
            self.resume_recording();
        }
        Ok(())
    }

    /// Opens a saved session, or shows why it cannot be opened with the newest backup that can
    /// be restored in its place (the path taken by clicks, the open prompt and
    /// `drillboard open FILE`).
    pub fn open_or_report(&mut self, path: PathBuf) {
        match self.open_file(path) {
            Ok(()) => self.open_failure = None,
            Err(err) => self.report_open_failure(&err),
        }
    }

    /// Shows why a session cannot be opened, offering its newest readable backup.
    pub(super) fn report_open_failure(&mut self, err: &StoreError) {
        let path = err.path().to_path_buf();
        let backup_at = newest_readable_backup(self.library.root(), &path).map(|b| b.saved_at);
        self.set_status(StatusKind::Error, format!("Cannot open: {err}"));
        self.open_failure = Some(OpenFailure {
            path,
            reason: err.to_string(),
            backup_at,
        });
    }

    /// Puts the newest readable backup of an unreadable session in its place (the unreadable
    /// file is kept beside the backups) and opens it.
    pub(super) fn restore_from_backup(&mut self, path: PathBuf) {
        let Some(backup) = newest_readable_backup(self.library.root(), &path) else {
            self.set_status(
                StatusKind::Error,
                format!("No readable backup of {} was found", path.display()),
            );
            return;
        };
        let kept = match restore_backup(self.library.root(), &backup, &path) {
            Ok(kept) => kept,
            Err(err) => {
                self.set_status(StatusKind::Error, format!("Cannot restore: {err}"));
                return;
            }
        };
        self.refresh_sessions();
        self.open_or_report(path);
        if self.open_failure.is_none() {
            let kept = kept.map_or_else(String::new, |k| {
                format!("; the unreadable file is kept as {}", k.display())
            });
            self.set_status(
                StatusKind::Success,
                format!(
                    "Restored the backup from {}{kept}",
                    backup.saved_at.local_short(&self.zone)
                ),
            );
        }
    }

    /// Opens a copy of the session on screen for editing; the original stays as it was.
    pub(super) fn edit_copy(&mut self) {
        let now = self.clock.now();
        let Some(open) = self.open_session() else {
            return;
        };
        let mut copy = open.session.clone();
        copy.created = now;
        copy.updated = now;
        copy.scores.clear();
        if copy.drill.status == DrillStatus::Finished {
            copy.drill.status = DrillStatus::Paused;
        }
        let base = format!("{}-copy", open.session.id);
        copy.id.clone_from(&base);
        let mut n = 2;
        while self.library.session_path(&copy).exists() {
            copy.id = format!("{base}-{n}");
            n += 1;
        }
        let title = copy.scenario_title.clone();
        // The copy's log starts as the original's, so its replay shows how it all began.
        let log = self
            .drill_view
            .review
            .player
            .as_ref()
            .map(|player| player.replay.entries().to_vec())
            .unwrap_or_default();
        let original_voice = crate::store::voice_file::voice_path(&open.path);
        self.leave_session();
        let path = self.library.session_path(&copy);
        // The copy's recording starts as the original's too, in step with the copied log. The
        // copy's file is new, so nothing is overwritten.
        let copy_voice = crate::store::voice_file::voice_path(&path);
        let voice_note = if original_voice.exists() && !copy_voice.exists() {
            match std::fs::copy(&original_voice, &copy_voice) {
                Ok(_) => String::new(),
                Err(err) => format!(" (its voice recording was not copied: {err})"),
            }
        } else {
            String::new()
        };
        let mut open = OpenSession::new(copy, path, SaveTracker::default());
        open.dirty = true;
        self.screen = Screen::Drill(Box::new(open));
        self.drill_view = DrillView::default();
        self.drill_view.canvas.fit_requested = true;
        self.start_recording(log);
        self.queue_save(true, false);
        self.set_status(
            StatusKind::Info,
            format!("Editing a copy of “{title}”; the original is unchanged{voice_note}"),
        );
    }

    /// Shows two saved attempts side by side.
    pub(super) fn compare(&mut self, a: &std::path::Path, b: &std::path::Path) {
        self.leave_session();
        self.flush_saves();
        if !matches!(self.screen, Screen::Home) {
            return;
        }
        let load = |p: &std::path::Path| crate::store::open_session(p).map(|l| l.session);
        match (load(a), load(b)) {
            (Ok(a), Ok(b)) => {
                self.screen = Screen::Compare(Box::new(CompareView::new(a, b)));
            }
            (Err(err), _) | (_, Err(err)) => {
                self.set_status(StatusKind::Error, format!("Cannot compare: {err}"));
            }
        }
    }

    /// Marks an interrupted drill finished as it was last saved, without opening it.
    pub(super) fn recover_as_finished(&mut self, path: PathBuf) {
        self.flush_saves();
        let loaded = crate::store::load_session_repaired(&path);
        let (mut session, _) = match loaded {
            Ok(loaded) => loaded,
            Err(err) => {
                self.set_status(StatusKind::Error, format!("Cannot recover: {err}"));
                return;
            }
        };
        let now = self.clock.monotonic();
        session.drill.finish(now);
        let title = session.scenario_title.clone();
        let mut open = OpenSession::new(session, path, SaveTracker::default());
        if let Some(reason) = open.read_only {
            self.set_status(StatusKind::Error, format!("Cannot recover: {reason}"));
            return;
        }
        open.dirty = true;
        // Saved through the same path as a left drill: a failure brings it on screen.
        let previous = std::mem::replace(&mut self.screen, Screen::Drill(Box::new(open)));
        self.queue_save(true, false);
        let Screen::Drill(open) = std::mem::replace(&mut self.screen, previous) else {
            return;
        };
        self.remember_summary(&open.session, &open.path);
        self.leaving.push(*open);
        self.set_status(
            StatusKind::Info,
            format!("Kept “{title}” as a finished drill"),
        );
    }

    /// Moves a saved session to the trash folder, with Undo.
    pub(super) fn trash(&mut self, path: PathBuf) {
        if self.open_session().is_some_and(|o| o.path == path) {
            self.set_status(
                StatusKind::Error,
                "Close the session before moving it to the trash",
            );
            return;
        }
        match self.library.trash(&path) {
            Ok(trashed) => {
                let name = self
                    .sessions
                    .iter()
                    .find(|s| s.path == path)
                    .map_or_else(|| path.display().to_string(), |s| s.scenario_title.clone());
                self.sessions.retain(|s| s.path != path);
                self.recoveries.retain(|r| r.summary.path != path);
                self.library_view.selected.retain(|p| *p != path);
                self.library_view.last_trashed = Some((trashed, path));
                self.set_status(
                    StatusKind::Info,
                    format!("Moved “{name}” to the trash folder (Undo puts it back)"),
                );
            }
            Err(err) => self.set_status(
                StatusKind::Error,
                format!("Cannot move to the trash: {err}"),
            ),
        }
    }

    /// Puts the last trashed session back.
    pub(super) fn undo_trash(&mut self) {
        let Some((trashed, original)) = self.library_view.last_trashed.take() else {
            return;
        };
        match self.library.restore(&trashed, &original) {
            Ok(()) => {
                self.refresh_sessions();
                self.refresh_recording_sizes();
                self.set_status(StatusKind::Success, "Put the session back");
            }
            Err(err) => self.set_status(StatusKind::Error, format!("Cannot put it back: {err}")),
        }
    }

    /// Writes the session to the library's `exports/` folder in a format, on a background
    /// thread (a big diagram's PNG takes a while); `poll_export` reports the outcome.
    pub(super) fn export(&mut self, format: crate::export::Format) {
        let Some(open) = self.open_session() else {
            return;
        };
        if self.export_job.is_some() {
            self.set_status(StatusKind::Info, "An export is still being written…");
            return;
        }
        let session = open.session.clone();
        let scenario = self.catalog.scenario(&session.scenario_id).cloned();
        let framework = self.catalog.framework(&session.framework_id).cloned();
        let rubric_framework = scenario
            .as_ref()
            .and_then(|s| self.catalog.framework(&s.framework))
            .cloned();
        let signals = self.catalog.signals.clone();
        let zone = self.zone.clone();
        let dir = self.library.root().join("exports");
        let path = dir.join(format!("{}.{}", session.id, format.extension()));
        // The report's per-phase lines come from the drill's log: the one being recorded, else
        // the one beside the file (read on the export thread).
        let recorded = open.recording.as_ref().map(|r| r.entries().to_vec());
        // The speaking lines come from the voice the review measured.
        let speaking = self
            .drill_view
            .review
            .voice
            .as_ref()
            .map(|voice| voice.speaking.clone());
        let log_file = crate::store::replay_file::replay_path(&open.path);
        let (sender, receiver) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("export".to_owned())
            .spawn(move || {
                let log = recorded.or_else(|| {
                    crate::store::replay_file::read_replay(&log_file)
                        .ok()
                        .map(|file| file.entries)
                });
                let context = crate::export::ReportContext {
                    scenario: scenario.as_ref(),
                    framework: framework.as_ref(),
                    rubric_framework: rubric_framework.as_ref(),
                    signals: Some(&signals),
                    png: None,
                    zone: Some(&zone),
                    log: log.as_deref(),
                    speaking: speaking.as_ref(),
                };
                let result = std::fs::create_dir_all(&dir)
                    .map_err(|e| format!("{}: {e}", dir.display()))
                    .and_then(|()| {
                        crate::export::write_export(&session, &context, format, &path)
                            .map_err(|e| e.to_string())
                    });
                let _ = sender.send((format, result));
            });
        match spawned {
            Ok(_) => {
                self.export_job = Some(receiver);
                self.set_status(StatusKind::Info, format!("Exporting {}…", format.label()));
            }
            Err(err) => self.set_status(StatusKind::Error, format!("Export failed: {err}")),
        }
    }

    /// Reports a finished export.
    pub(super) fn poll_export(&mut self) {
        let Some(receiver) = &self.export_job else {
            return;
        };
        let outcome = match receiver.try_recv() {
            Ok(outcome) => outcome,
            Err(std::sync::mpsc::TryRecvError::Empty) => return,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => (
                crate::export::Format::Svg,
                Err("the export thread stopped".to_owned()),
            ),
        };
        self.export_job = None;
        match outcome {
            (format, Ok(files)) => {
                let names: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                self.set_status(
                    StatusKind::Success,
                    format!("Exported {} to {}", format.label(), names.join(" and ")),
                );
            }
            (_, Err(err)) => self.set_status(StatusKind::Error, format!("Export failed: {err}")),
        }
    }
}
