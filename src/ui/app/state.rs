//! The state the views read: which screen shows, the open session and the drill screen's view
//! state. It imports no view, so views can depend on it while the App depends on the views.

use std::path::PathBuf;
use std::time::Duration;

use crate::model::diagram_ops::History;
use crate::model::recording::DrillRecording;
use crate::model::{Session, Timestamp};
use crate::store::SessionSummary;
use crate::store::autosave::ReplayStart;
use crate::store::autosave::{SaveStatus, SaveTracker};
use crate::store::lock::{LockState, SessionLock, lock_state};
use crate::ui::canvas::CanvasState;
use crate::ui::review::state::ReviewView;

/// The drill lengths offered on the home screen, in minutes.
pub const DRILL_LENGTHS: [u32; 3] = [30, 45, 60];

/// A short, non-blocking notice that a phase reached its budget.
#[derive(Clone, Debug)]
pub struct BudgetCue {
    /// What to say.
    pub text: String,
    /// Monotonic time at which it disappears.
    pub until: Duration,
}

/// View state of the drill screen that is not part of the session.
#[derive(Debug, Default)]
pub struct DrillView {
    /// The assumption being typed.
    pub assumption: String,
    /// The clarifying question being typed.
    pub question: String,
    /// The interviewer's reply to the last question asked, while the drill is on screen.
    pub reply: Option<AskReply>,
    /// Move the keyboard focus to the assumption box next frame ("State an assumption").
    pub focus_assumption: bool,
    /// Give the question box the keyboard back next frame, after Enter asked a question.
    pub focus_question: bool,
    /// The budget cue, while it shows.
    pub cue: Option<BudgetCue>,
    /// Phases whose budget cue has been shown, so each fires once per sitting.
    pub cued: Vec<usize>,
    /// The canvas's pan, zoom, selection and gestures.
    pub canvas: CanvasState,
    /// Whether the shortcuts overlay shows.
    pub help: bool,
    /// The review screen's tab, replay position and canvases.
    pub review: ReviewView,
    /// "Finish anyway?" is showing, with the names of the phases not started.
    pub confirm_finish: Option<Vec<String>>,
    /// When the drill on screen was finished (monotonic), while it may still be reopened.
    pub finished_at: Option<std::time::Duration>,
    /// When the candidate last typed notes or changed the diagram (monotonic): the
    /// interviewer does not interrupt within `model::interviewer::QUIET_AFTER_EDIT_MS`.
    pub last_edit: Option<std::time::Duration>,
}

/// The interviewer's reply to a typed question, as the panel shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AskReply {
    /// The question in the candidate's words.
    pub asked_as: String,
    /// The scripted question that answered it, or no data.
    pub outcome: crate::model::drill::AskOutcome,
}

/// How long after finishing a drill it can be reopened to continue.
pub const REOPEN_WINDOW: std::time::Duration = std::time::Duration::from_secs(5 * 60);

/// A session being drilled or looked at, and where it saves.
#[derive(Debug)]
pub struct OpenSession {
    /// The session.
    pub session: Session,
    /// The file it saves to.
    pub path: PathBuf,
    /// A change was made this frame; folded into `save` at the end of the frame.
    pub dirty: bool,
    /// Undo and redo of canvas edits.
    pub history: History,
    /// What is saved, in flight or failed.
    pub save: SaveTracker,
    /// Why this copy is not saved to `path` (another instance has it open), if so.
    pub read_only: Option<String>,
    /// The drill's edit log being recorded into `<path>.replay`; none for a session that is
    /// only looked at.
    pub recording: Option<DrillRecording>,
    /// Whether the log's next append starts a new file or goes on with the one there.
    pub(super) replay_start: ReplayStart,
    /// Held while the session is open here; tells a crash from a drill open elsewhere.
    pub(super) lock: Option<SessionLock>,
    /// The partner's name while a partner scores this session (issue 23): the session is
    /// read-only, its score draft lives only in memory, and saving the score writes a
    /// partner-score file instead of a revision.
    pub partner: Option<String>,
}

impl OpenSession {
    /// A session shown from `path`, locked for this instance unless another live one holds it.
    pub(super) fn new(session: Session, path: PathBuf, save: SaveTracker) -> Self {
        let (lock, read_only) = match lock_state(&path) {
            LockState::Live(pid) if pid != std::process::id() => (
                None,
                Some(format!(
                    "{} is open in another Drillboard (process {pid})",
                    path.display()
                )),
            ),
            // A lock that cannot be written (an unusable folder) does not make the session
            // read-only: its saves fail too, and the failure banner says why.
            _ => (SessionLock::acquire(&path).ok(), None),
        };
        Self {
            session,
            path,
            dirty: false,
            history: History::new(),
            save,
            read_only,
            recording: None,
            replay_start: ReplayStart::Fresh,
            lock,
            partner: None,
        }
    }

    /// A session shown from `path` that is never written from here, for `reason`; it takes no
    /// lock.
    pub(super) fn read_only(
        session: Session,
        path: PathBuf,
        save: SaveTracker,
        reason: String,
    ) -> Self {
        Self {
            session,
            path,
            dirty: false,
            history: History::new(),
            save,
            read_only: Some(reason),
            recording: None,
            replay_start: ReplayStart::Fresh,
            lock: None,
            partner: None,
        }
    }

    /// What the status bar says about this session's saving.
    pub fn save_status(&self) -> SaveStatus {
        self.save.status()
    }
}

/// A drill found still marked running on disk with no live instance holding it: the app that
/// ran it crashed or was killed.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovery {
    /// The session's summary as last saved.
    pub summary: SessionSummary,
}

/// What opening a damaged file repaired, shown above the session until dismissed: one line a
/// repair, wrapped and scrollable, with the details to copy.
#[derive(Clone, Debug, PartialEq)]
pub struct RepairNotice {
    /// The file that was opened.
    pub file: PathBuf,
    /// Where the untouched original was copied, or why it could not be.
    pub kept: String,
    /// One line a repair.
    pub warnings: Vec<String>,
}

impl RepairNotice {
    /// The whole notice as plain text, for the clipboard.
    pub fn details(&self) -> String {
        let mut text = format!(
            "Repairs made opening {}
{}
",
            self.file.display(),
            self.kept
        );
        for warning in &self.warnings {
            text.push_str("- ");
            text.push_str(warning);
            text.push('\n');
        }
        text
    }
}

/// A session file that cannot be read, as the home screen and the library list it.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong with it, naming the file.
    pub message: String,
    /// When its newest readable backup was written, if it has one to restore.
    pub backup_at: Option<Timestamp>,
}

/// A session that could not be opened, shown above the screen with the newest backup that
/// can be restored in its place.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenFailure {
    /// The file.
    pub path: PathBuf,
    /// Why it could not be opened.
    pub reason: String,
    /// When its newest readable backup was written, if it has one.
    pub backup_at: Option<Timestamp>,
}

/// Which screen fills the window.
#[derive(Debug)]
pub enum Screen {
    /// Scenario picker and recent sessions.
    Home,
    /// A drill in progress, or the review of a finished one.
    Drill(Box<OpenSession>),
    /// Every saved session in a table, with progress charts.
    Library,
    /// Two attempts side by side.
    Compare(Box<CompareView>),
}

/// The tone of a status message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusKind {
    /// Neutral information.
    Info,
    /// Something worked ("saved").
    Success,
    /// Something failed; the text says what to do.
    Error,
}

/// A message in the status bar.
#[derive(Clone, Debug)]
pub struct Status {
    /// The message.
    pub text: String,
    /// Its tone.
    pub kind: StatusKind,
    /// When it goes away on its own.
    pub lifetime: StatusLifetime,
}

/// How long a status message stays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusLifetime {
    /// Until this monotonic time: news that is true for a moment ("Saved to …").
    Until(Duration),
    /// While the drill on screen is paused: advice about resuming it.
    WhilePaused,
    /// Until dismissed or replaced: an error the user must read.
    UntilDismissed,
}

/// A side panel of the drill screen, which can be hidden to give the canvas its room.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SidePanel {
    /// The phase's goal, checklist and notes, on the left.
    Guide,
    /// The interviewer, assumptions and scratchpad, on the right.
    Interviewer,
}

/// Which drill side panels show; kept from one drill to the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SidePanels {
    /// The phase guide shows.
    pub guide: bool,
    /// The interviewer panel shows.
    pub interviewer: bool,
}

impl Default for SidePanels {
    fn default() -> Self {
        Self {
            guide: true,
            interviewer: true,
        }
    }
}

impl SidePanels {
    /// Shows a hidden panel, or hides a shown one.
    pub fn toggle(&mut self, panel: SidePanel) {
        match panel {
            SidePanel::Guide => self.guide = !self.guide,
            SidePanel::Interviewer => self.interviewer = !self.interviewer,
        }
    }
}

/// The two sessions and their canvases' views.
#[derive(Debug)]
pub struct CompareView {
    /// The attempts, earlier first.
    pub sessions: [Session; 2],
    /// Each attempt's canvas view; both at one scale.
    pub canvases: [CanvasState; 2],
    /// Whether panning or zooming one canvas moves the other the same way.
    pub linked: bool,
}

impl CompareView {
    /// Compares two sessions, putting the earlier one on the left.
    pub fn new(a: Session, b: Session) -> Self {
        let (a, b) = if b.created < a.created {
            (b, a)
        } else {
            (a, b)
        };
        let fitted = CanvasState::fitted;
        Self {
            sessions: [a, b],
            canvases: [fitted(), fitted()],
            linked: true,
        }
    }
}
