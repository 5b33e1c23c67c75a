//! The drill's edit log: recorded as the drill goes (`model::recording`), its settled entries
//! handed to the saver thread to append to `<session>.replay`, and read back for the review's
//! replay.

use crate::model::Evidence;
use crate::model::recording::DrillRecording;
use crate::store::StoreError;
use crate::store::autosave::{ReplayJob, ReplayStart};
use crate::store::replay_file::{ReplayHeader, read_replay, replay_path};
use crate::ui::review::{ReplayPlayer, ReviewTab};

use super::{App, Screen, StatusKind};

impl App {
    /// Starts a new edit log for the drill on screen: a new drill, or a copy whose log is
    /// `entries` (written out again into the copy's own file).
    pub(super) fn start_recording(&mut self, entries: Vec<crate::model::LogEntry>) {
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        let phases = open.session.drill.phases.len();
        open.recording = Some(DrillRecording::from_log(entries, phases, false));
        open.replay_start = ReplayStart::Fresh;
        self.write_recording(true);
    }

    /// Goes on with the log of the drill just opened: read back from its file and brought in
    /// line with the session (a crash leaves each at its own last write). A drill without a
    /// log, or whose log cannot be read, starts a new one from where it stands; a log written
    /// by a newer Drillboard is left alone and nothing is recorded.
    pub(super) fn resume_recording(&mut self) {
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        if open.read_only.is_some() {
            return;
        }
        let path = replay_path(&open.path);
        let phases = open.session.drill.phases.len();
        let mut problem = None;
        let (recording, start) = if path.exists() {
            match read_replay(&path) {
                Ok(file) if file.header.session == open.session.id => (
                    Some(DrillRecording::from_log(file.entries, phases, true)),
                    ReplayStart::Continue,
                ),
                Ok(file) => {
                    problem = Some(format!(
                        "{} belongs to session `{}`; it is kept as .orig and a new log starts",
                        path.display(),
                        file.header.session
                    ));
                    (Some(DrillRecording::new(phases)), ReplayStart::Fresh)
                }
                Err(err @ StoreError::TooNew { .. }) => {
                    problem = Some(format!("{err}; this drill is not recorded for replay here"));
                    (None, ReplayStart::Continue)
                }
                Err(err) => {
                    problem = Some(format!(
                        "The replay log could not be read ({err}); it is kept as .orig and a new one starts"
                    ));
                    (Some(DrillRecording::new(phases)), ReplayStart::Fresh)
                }
            }
        } else {
            (Some(DrillRecording::new(phases)), ReplayStart::Fresh)
        };
        open.recording = recording;
        open.replay_start = start;
        if let Some(problem) = problem {
            self.set_status(StatusKind::Error, problem);
        }
        self.write_recording(true);
    }

    /// Logs what changed in the drill on screen since the last look (after every action, and
    /// after the clock moves on).
    pub(super) fn record_changes(&mut self) {
        let wall = self.clock.monotonic();
        if let Screen::Drill(open) = &mut self.screen
            && let Some(recording) = &mut open.recording
        {
            recording.observe(&open.session, wall);
        }
    }

    /// Hands the log's settled entries to the saver thread. A `checkpoint` (a phase change,
    /// finishing, leaving, closing) also closes an open notes entry and checks the log's
    /// diagram against the session's.
    pub(super) fn write_recording(&mut self, checkpoint: bool) {
        let wall = self.clock.monotonic();
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        let Some(recording) = &mut open.recording else {
            return;
        };
        let now_ms = open.session.drill.now_ms();
        recording.observe(&open.session, wall);
        if checkpoint {
            recording.reconcile_diagram(now_ms, &open.session.diagram);
        }
        let entries = recording.take_unwritten(now_ms, wall, checkpoint);
        if entries.is_empty() {
            return;
        }
        self.saver.append_replay(ReplayJob {
            path: replay_path(&open.path),
            header: ReplayHeader::new(&open.session.id, open.session.drill.phases.len()),
            start: open.replay_start,
            entries,
        });
        open.replay_start = ReplayStart::Continue;
    }

    /// Writes what the log of the session on screen still holds and closes its file (the
    /// session is being left).
    pub(super) fn close_recording(&mut self) {
        self.write_recording(true);
        if let Some(open) = self.open_session()
            && open.recording.is_some()
        {
            self.saver.close_replay(replay_path(&open.path));
        }
    }

    /// Gives the review of the session on screen its replay: the log recorded in this sitting,
    /// else the one read from its file. Without one the Replay tab shows the phase snapshots
    /// and says why.
    pub(super) fn load_review_replay(&mut self) {
        let Screen::Drill(open) = &self.screen else {
            return;
        };
        let session = &open.session;
        let phases = session.drill.phases.len();
        let entries = if let Some(recording) = &open.recording {
            Ok(recording.entries().to_vec())
        } else {
            let path = replay_path(&open.path);
            if path.exists() {
                read_replay(&path)
                    .map(|file| file.entries)
                    .map_err(|err| format!("The replay log could not be read: {err}."))
            } else {
                Err(
                    "This drill was recorded before replay logs, so the replay shows the \
                     diagram at the end of each phase."
                        .to_owned(),
                )
            }
        };
        let review = &mut self.drill_view.review;
        match entries {
            Ok(entries) => {
                let budgets: Vec<u64> = self
                    .catalog
                    .framework(&session.framework_id)
                    .map(|framework| {
                        (0..phases)
                            .map(|i| session.drill.phase_budget(framework, i).as_millis() as u64)
                            .collect()
                    })
                    .unwrap_or_default();
                review.player = Some(ReplayPlayer::new(
                    entries,
                    phases,
                    session.drill.now_ms(),
                    &budgets,
                ));
                review.no_replay = None;
            }
            Err(why) => {
                review.player = None;
                review.no_replay = Some(why);
            }
        }
        // The voice's speaking time per phase needs the phase visits the timeline found.
        self.load_review_voice();
    }

    /// Shows the replay from the moment a piece of evidence first appeared.
    pub(super) fn replay_evidence(&mut self, evidence: &Evidence) {
        let now = self.clock.monotonic();
        let review = &mut self.drill_view.review;
        let Some(player) = &mut review.player else {
            self.set_status(
                StatusKind::Info,
                "This drill has no replay log, so there is no moment to jump to",
            );
            return;
        };
        if player.jump_to(evidence, now) {
            review.tab = ReviewTab::Replay;
        } else {
            self.set_status(
                StatusKind::Info,
                "The replay log does not show when that first appeared",
            );
        }
    }
}
