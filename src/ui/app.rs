//! The application state and the one place actions are applied.

use std::path::PathBuf;
use std::time::Duration;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::diagram_ops::{DiagramCommand, Fragment, History, Selection};
use crate::model::{
    Clock, DiagramEdge, DiagramNode, DrillStatus, InterviewEvent, NodeKind, Point, Session, Zone,
};

use super::canvas::{CanvasIntent, CanvasState, LabelTarget, PASTE_OFFSET};
use crate::store::autosave::{SaveJob, SaveStatus, SaveTracker, Saver};
use crate::store::lock::{LockState, SessionLock, lock_state};
use crate::store::{Catalog, Library, SessionSummary, StoreError};

use super::action::Action;
use super::open_prompt::{OpenPrompt, PromptMode, open_prompt_ui};
use super::{drill, home, theme};

/// Ctrl+S: save the session.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Ctrl+O: open a saved session.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// Ctrl+N: start a new drill (back to the scenario list).
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
/// Ctrl+→: next phase (`PageDown` too).
pub const NEXT_PHASE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::ArrowRight);
/// Ctrl+←: previous phase (`PageUp` too).
pub const PREVIOUS_PHASE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::ArrowLeft);

/// The drill lengths offered on the home screen, in minutes.
pub const DRILL_LENGTHS: [u32; 3] = [30, 45, 60];

/// How long the "budget reached" cue stays on screen.
const CUE_DURATION: Duration = Duration::from_secs(5);

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
    /// The budget cue, while it shows.
    pub cue: Option<BudgetCue>,
    /// Phases whose budget cue has been shown, so each fires once per sitting.
    pub cued: Vec<usize>,
    /// The canvas's pan, zoom, selection and gestures.
    pub canvas: CanvasState,
    /// Whether the shortcuts overlay shows.
    pub help: bool,
    /// The review screen's tab, replay position, canvases and score draft.
    pub review: super::review::ReviewView,
}

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
    /// Held while the session is open here; tells a crash from a drill open elsewhere.
    lock: Option<SessionLock>,
}

impl OpenSession {
    /// A session shown from `path`, locked for this instance unless another live one holds it.
    fn new(session: Session, path: PathBuf, save: SaveTracker) -> Self {
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
            lock,
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
    Compare(Box<super::compare::CompareView>),
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
}

/// What an export thread reports: the format and the files written, or why not.
type ExportOutcome = (crate::export::Format, Result<Vec<PathBuf>, String>);

/// The whole application.
pub struct App {
    catalog: Catalog,
    library: Library,
    clock: Box<dyn Clock>,
    screen: Screen,
    sessions: Vec<SessionSummary>,
    session_errors: Vec<String>,
    selected: Option<String>,
    status: Option<Status>,
    open_prompt: Option<OpenPrompt>,
    drill_minutes: u32,
    drill_view: DrillView,
    pending_clipboard: Option<String>,
    styled: bool,
    saver: Saver,
    generation: u64,
    /// Sessions left (for home or another drill) whose last save is still in flight; one whose
    /// save fails comes back on screen so nothing is lost.
    leaving: Vec<OpenSession>,
    /// The generation of an explicit save whose success the status bar announces.
    announce: Option<u64>,
    recoveries: Vec<Recovery>,
    /// Closing was stopped because work is unsaved; the quit dialog shows.
    quit_blocked: bool,
    /// An export being written on its thread.
    export_job: Option<std::sync::mpsc::Receiver<ExportOutcome>>,
    /// The library screen's sorting, filters and selection.
    library_view: super::library::LibraryView,
}

impl App {
    /// Loads the catalog and the library's sessions.
    pub fn new(library: Library, clock: Box<dyn Clock>) -> Result<Self, StoreError> {
        let catalog = Catalog::load(&library)?;
        let selected = catalog.entries.first().map(|e| e.scenario.id.clone());
        let mut app = Self {
            catalog,
            library,
            clock,
            screen: Screen::Home,
            sessions: Vec::new(),
            session_errors: Vec::new(),
            selected,
            status: None,
            open_prompt: None,
            drill_minutes: 45,
            drill_view: DrillView::default(),
            pending_clipboard: None,
            styled: false,
            saver: Saver::spawn(),
            generation: 0,
            leaving: Vec::new(),
            announce: None,
            recoveries: Vec::new(),
            quit_blocked: false,
            export_job: None,
            library_view: super::library::LibraryView::default(),
        };
        app.refresh_sessions();
        for recovery in &app.recoveries {
            // One line for logs and the real-window check: the drill and the notes it kept.
            eprintln!(
                "drillboard: interrupted drill found: {} (phase {}, notes: {:?})",
                recovery.summary.path.display(),
                recovery.summary.phase,
                recovery.summary.notes_preview
            );
        }
        Ok(app)
    }

    /// The scenarios, frameworks and signals.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The library in use.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The current screen.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The session on screen, if any.
    pub fn open_session(&self) -> Option<&OpenSession> {
        match &self.screen {
            Screen::Drill(open) => Some(open),
            _ => None,
        }
    }

    /// The library screen's state.
    pub fn library_view(&self) -> &super::library::LibraryView {
        &self.library_view
    }

    /// The status bar message, if any.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Saved sessions, newest first.
    pub fn sessions(&self) -> &[SessionSummary] {
        &self.sessions
    }

    /// The length chosen for the next drill, in minutes.
    pub fn drill_minutes(&self) -> u32 {
        self.drill_minutes
    }

    /// The drill screen's view state.
    pub fn drill_view(&self) -> &DrillView {
        &self.drill_view
    }

    /// The drill screen's view state, to change (tests reset the canvas's kept meshes).
    pub fn drill_view_mut(&mut self) -> &mut DrillView {
        &mut self.drill_view
    }

    /// Whether the open-session prompt is showing.
    pub fn is_open_prompt_showing(&self) -> bool {
        self.open_prompt.is_some()
    }

    /// Whether the "save elsewhere" prompt is showing.
    pub fn is_save_as_prompt_showing(&self) -> bool {
        self.open_prompt
            .as_ref()
            .is_some_and(|p| p.mode == PromptMode::SaveAs)
    }

    /// Interrupted drills the home screen offers to recover.
    pub fn recoveries(&self) -> &[Recovery] {
        &self.recoveries
    }

    /// Holds the saver as a very slow disk would: saves queued from now on stay in flight until
    /// the next [`App::flush_saves`] (tests).
    #[doc(hidden)]
    pub fn hold_saves(&mut self) {
        self.saver.hold();
    }

    /// Waits for every queued save and takes in the outcomes (on exit, and in tests).
    pub fn flush_saves(&mut self) {
        self.saver.flush();
        self.pump_saves();
    }

    fn set_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            kind,
        });
    }

    fn refresh_sessions(&mut self) {
        let (sessions, errors) = self.library.sessions();
        self.sessions = sessions;
        self.session_errors = errors.iter().map(ToString::to_string).collect();
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
    fn remember_summary(&mut self, session: &Session, path: &std::path::Path) {
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

    /// Draws one frame and applies what the user did.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        if !self.styled {
            theme::apply(ui.ctx());
            self.styled = true;
        }
        self.pump_saves();
        self.poll_export();
        let mut actions = self.shortcuts(ui);
        actions.extend(self.close_guard_ui(ui));
        if let Some(prompt) = &mut self.open_prompt
            && let Some(action) = prompt.poll_browse()
        {
            actions.push(action);
        }
        self.advance_drill();

        actions.extend(self.status_bar_ui(ui));
        actions.extend(self.save_banner_ui(ui));
        match &mut self.screen {
            Screen::Home => {
                actions.extend(home::home_ui(
                    ui,
                    &self.catalog,
                    self.selected.as_deref(),
                    &self.sessions,
                    &self.session_errors,
                    &self.recoveries,
                    self.drill_minutes,
                ));
            }
            Screen::Drill(open) => {
                let framework = self.catalog.framework(&open.session.framework_id);
                let scenario = self.catalog.scenario(&open.session.scenario_id);
                if let Some(framework) = framework {
                    if open.session.drill.status == DrillStatus::Finished {
                        let attempts: Vec<&SessionSummary> = self
                            .sessions
                            .iter()
                            .filter(|s| s.scenario_id == open.session.scenario_id)
                            .collect();
                        let context = super::review::ReviewContext {
                            framework,
                            scenario,
                            signals: &self.catalog.signals,
                            attempts: &attempts,
                            now: self.clock.now(),
                        };
                        actions.extend(super::review::review_ui(
                            ui,
                            open,
                            &context,
                            &mut self.drill_view.review,
                        ));
                    } else {
                        actions.extend(drill::drill_ui(
                            ui,
                            open,
                            framework,
                            scenario,
                            &mut self.drill_view,
                        ));
                    }
                } else {
                    actions.extend(unknown_framework_ui(ui, &open.session.framework_id));
                }
            }
            Screen::Library => {
                actions.extend(super::library::library_ui(
                    ui,
                    &self.catalog,
                    &self.sessions,
                    &self.session_errors,
                    &mut self.library_view,
                    self.clock.now(),
                ));
            }
            Screen::Compare(view) => {
                actions.extend(super::compare::compare_ui(ui, &self.catalog, view));
            }
        }
        if let Some(prompt) = &mut self.open_prompt {
            actions.extend(open_prompt_ui(
                ui.ctx(),
                prompt,
                &self.library.sessions_dir(),
            ));
        }

        if self.drill_view.help {
            actions.extend(super::help::help_ui(ui.ctx()));
        }
        for action in actions {
            self.apply(action);
        }
        self.autosave();
        if let Some(text) = self.pending_clipboard.take() {
            ui.ctx().copy_text(text);
        }
        self.schedule_repaint(ui.ctx());
    }

    /// Asks for the next frame at the next whole second of the drill clock, never continuously.
    fn schedule_repaint(&self, ctx: &egui::Context) {
        let mut ticking = false;
        if let Screen::Drill(open) = &self.screen
            && open.session.drill.status == DrillStatus::Running
        {
            // Wake just after the displayed second changes; the slack keeps an early wake-up
            // from costing a second frame.
            let elapsed = open.session.drill.total_elapsed();
            let to_next_second = 1000 - (elapsed.as_millis() % 1000) as u64;
            ctx.request_repaint_after(Duration::from_millis(to_next_second + 15));
            ticking = true;
        }
        // A debounced save comes due, or an outcome is awaited, without any input. A ticking
        // drill takes in the outcome of its periodic save on the next second's frame (before it
        // draws, so "Saving…" never shows for it): waking 50 ms after each save would only add a
        // frame every ten seconds.
        let now = self.clock.monotonic();
        let wake = self
            .open_session()
            .filter(|open| open.read_only.is_none())
            .filter(|open| !(ticking && open.save.in_flight().is_some()))
            .and_then(|open| open.save.wake_in(now))
            .into_iter()
            .chain(
                (!self.leaving.is_empty() || self.export_job.is_some())
                    .then_some(Duration::from_millis(50)),
            )
            .min();
        if let Some(wake) = wake {
            ctx.request_repaint_after(wake);
        }
        if self
            .open_prompt
            .as_ref()
            .is_some_and(OpenPrompt::is_browsing)
        {
            ctx.request_repaint_after(Duration::from_millis(250));
        }
    }

    fn shortcuts(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let space_panned = self.drill_view.canvas.space_panned;
        let mut actions_reset_space = false;
        if let Screen::Drill(open) = &self.screen {
            let drill = &open.session.drill;
            let typing = ui.ctx().egui_wants_keyboard_input();
            ui.input_mut(|input| {
                let next = input.consume_shortcut(&NEXT_PHASE)
                    || input.consume_key(Modifiers::NONE, Key::PageDown);
                let previous = input.consume_shortcut(&PREVIOUS_PHASE)
                    || input.consume_key(Modifiers::NONE, Key::PageUp);
                if next && drill.current + 1 < drill.phases.len() {
                    actions.push(Action::GoToPhase(drill.current + 1));
                }
                if previous && drill.current > 0 {
                    actions.push(Action::GoToPhase(drill.current - 1));
                }
                // Space held while dragging pans the canvas; a plain tap pauses.
                if input.key_released(Key::Space) {
                    if !typing && !space_panned {
                        actions.push(Action::TogglePause);
                    }
                    actions_reset_space = true;
                }
                if !typing
                    && (input.consume_key(Modifiers::NONE, Key::F1)
                        || input.consume_key(Modifiers::NONE, Key::Questionmark)
                        || input.consume_key(Modifiers::SHIFT, Key::Questionmark))
                {
                    actions.push(Action::ToggleHelp);
                }
            });
        }
        if actions_reset_space {
            self.drill_view.canvas.space_panned = false;
        }
        ui.input_mut(|input| {
            if input.consume_shortcut(&SAVE) {
                actions.push(Action::Save);
            }
            if input.consume_shortcut(&OPEN) {
                actions.push(Action::ShowOpenPrompt);
            }
            if input.consume_shortcut(&NEW) {
                actions.push(Action::GoHome);
            }
        });
        actions
    }

    fn status_bar_ui(&self, ui: &mut egui::Ui) -> Option<Action> {
        egui::Panel::bottom("status_bar")
            .show(ui, |ui| {
                ui.horizontal(|ui| {
                    let mut action = None;
                    if let Some(status) = &self.status {
                        let colour = match status.kind {
                            StatusKind::Info => ui.visuals().text_color(),
                            StatusKind::Success => theme::success_colour(ui.visuals()),
                            StatusKind::Error => theme::error_colour(ui.visuals()),
                        };
                        ui.colored_label(colour, &status.text);
                        if ui.small_button("Dismiss").clicked() {
                            action = Some(Action::DismissStatus);
                        }
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if let Some(open) = self.open_session() {
                            save_indicator_ui(ui, open);
                            ui.separator();
                        }
                        let hints = match self.screen {
                            Screen::Home | Screen::Library | Screen::Compare(_) => {
                                "Ctrl+O open a session"
                            }
                            Screen::Drill(_) => "Ctrl+S save  ·  Ctrl+O open  ·  Ctrl+N new drill",
                        };
                        ui.weak(hints);
                    });
                    action
                })
                .inner
            })
            .inner
    }

    /// Moves the drill clock on and lets the model's timed events happen: the budget cue when a
    /// phase reaches its budget, and a due curveball.
    fn advance_drill(&mut self) {
        let now = self.clock.monotonic();
        if self
            .drill_view
            .cue
            .as_ref()
            .is_some_and(|cue| now >= cue.until)
        {
            self.drill_view.cue = None;
        }
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        let Some(framework) = self.catalog.framework(&open.session.framework_id) else {
            return;
        };
        let drill = &mut open.session.drill;
        let index = drill.current;
        drill.tick(now);
        if drill.phase_used(framework, index) >= 1.0 && !self.drill_view.cued.contains(&index) {
            self.drill_view.cued.push(index);
            let minutes = drill.phase_budget(framework, index).as_secs_f64() / 60.0;
            let name = framework
                .phases
                .get(index)
                .map_or("This phase", |p| p.name.as_str());
            self.drill_view.cue = Some(BudgetCue {
                text: format!("{name} reached its {minutes:.0}-minute budget"),
                until: now + CUE_DURATION,
            });
        }
        let due = self
            .catalog
            .scenario(&open.session.scenario_id)
            .and_then(|scenario| drill.due_curveball(scenario, framework, &open.session.id))
            .cloned();
        if let Some(card) = due {
            drill.log.push(InterviewEvent::Curveball {
                id: card.id,
                text: card.text,
                phase: card.phase,
                shown_at_ms: drill.now_ms(),
                acknowledged_at_ms: None,
            });
            open.dirty = true;
        }
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
        let mut session = Session::start(
            &scenario,
            &framework,
            self.drill_minutes,
            self.clock.now(),
            self.clock.monotonic(),
        );
        // Two drills started in the same second on one scenario get distinct files.
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
        // On disk at once, so even a crash in the first second leaves a drill to recover.
        self.queue_save(true, false);
        self.set_status(
            StatusKind::Info,
            format!("Drill started: {}", scenario.title),
        );
        Ok(())
    }

    /// Opens a saved session; it opens paused. A session open in another instance opens
    /// read-only here.
    pub fn open_file(&mut self, path: PathBuf) -> Result<(), StoreError> {
        // Read first, so a file that cannot be opened leaves the screen as it is.
        let (mut session, mut warnings) = crate::store::load_session_repaired(&path)?;
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
            (session, warnings) = crate::store::load_session_repaired(&path)?;
        }
        // The file as it is now is ours to overwrite; a later change by another program is not.
        self.saver.adopt(path.clone());
        if session.drill.status == DrillStatus::Running {
            session.drill.status = DrillStatus::Paused;
        }
        self.open_prompt = None;
        let now = self.clock.monotonic();
        let open = OpenSession::new(session, path, SaveTracker::saved(now));
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
            self.set_status(
                StatusKind::Error,
                format!(
                    "Opened {shown} with repairs ({kept}): {}",
                    warnings.join("; ")
                ),
            );
        }
        self.screen = Screen::Drill(Box::new(open));
        self.drill_view = DrillView::default();
        self.drill_view.canvas.fit_requested = true;
        Ok(())
    }

    /// Leaves the session on screen for the home screen, saving what is unsaved on the way;
    /// the save runs in the background and a failure brings the session back.
    fn leave_session(&mut self) {
        if !matches!(self.screen, Screen::Drill(_)) {
            self.screen = Screen::Home;
            return;
        }
        self.fold_changes();
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
    fn fold_changes(&mut self) {
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
    fn queue_save(&mut self, checkpoint: bool, force: bool) -> Option<u64> {
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
    fn save_now(&mut self, force: bool) {
        if let Some(reason) = self.open_session().and_then(|o| o.read_only.clone()) {
            self.set_status(
                StatusKind::Error,
                format!("Not saved: {reason}. Use Save elsewhere… to keep a copy."),
            );
            return;
        }
        self.announce = self.queue_save(true, force);
    }

    /// Saves the session on screen when its debounce or running interval is due.
    fn autosave(&mut self) {
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
    }

    /// Takes in the saver's finished work: marks sessions saved or failed, lets left sessions
    /// go once they are on disk, and brings back one whose save failed.
    fn pump_saves(&mut self) {
        for outcome in self.saver.poll() {
            let result = outcome.result.map_err(|err| err.to_string());
            if let Screen::Drill(open) = &mut self.screen {
                let started = open.save.last_attempt().unwrap_or_default();
                if open
                    .save
                    .finished(outcome.generation, result.clone(), started)
                {
                    match &result {
                        Ok(()) if self.announce == Some(outcome.generation) => {
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

    /// Applies one action: the only place state changes in response to the user.
    pub fn apply(&mut self, action: Action) {
        let now = self.clock.monotonic();
        match action {
            Action::SelectScenario(id) => self.selected = Some(id),
            Action::StartDrill(id) => {
                if let Err(message) = self.start_drill(&id) {
                    self.set_status(StatusKind::Error, message);
                }
            }
            Action::OpenSession(path) => {
                if let Err(err) = self.open_file(path) {
                    self.set_status(StatusKind::Error, format!("Cannot open: {err}"));
                }
            }
            Action::ShowOpenPrompt => {
                if self.open_prompt.is_none() {
                    self.open_prompt = Some(OpenPrompt::default());
                }
            }
            Action::CloseOpenPrompt => self.open_prompt = None,
            Action::BrowseForSession => {
                if let Some(prompt) = &mut self.open_prompt {
                    prompt.browse(self.library.sessions_dir());
                }
            }
            Action::Save => self.save_now(false),
            Action::RetrySave => self.save_now(true),
            Action::ShowSaveAsPrompt => {
                if let Some(open) = self.open_session() {
                    let name = open
                        .path
                        .file_name()
                        .map_or_else(|| "session.ron".into(), std::ffi::OsStr::to_os_string);
                    let home = directories::UserDirs::new()
                        .map_or_else(|| PathBuf::from("."), |d| d.home_dir().to_path_buf());
                    self.open_prompt = Some(OpenPrompt::save_as(&home.join(name)));
                }
            }
            Action::SaveAs(path) => self.save_as(path),
            Action::RecoverResume(path) => match self.open_file(path) {
                Ok(()) => self.set_status(
                    StatusKind::Info,
                    "Recovered the interrupted drill. Its clock is paused where it was last saved; press Space to go on.",
                ),
                Err(err) => self.set_status(StatusKind::Error, format!("Cannot recover: {err}")),
            },
            Action::RecoverFinish(path) => self.recover_as_finished(path),
            Action::GoHome => self.leave_session(),
            Action::DismissStatus => self.status = None,
            Action::GoToPhase(index) => {
                if let Some(open) = self.drill_mut()
                    && open.session.go_to_phase(index, now)
                {
                    open.dirty = true;
                    self.queue_save(true, false);
                }
            }
            Action::Pause => self.edit_drill(|drill| drill.pause(now)),
            Action::TogglePause => self.edit_drill(|drill| match drill.status {
                DrillStatus::Running => drill.pause(now),
                DrillStatus::Paused => drill.resume(now),
                DrillStatus::Finished => {}
            }),
            Action::SetDrillLength(minutes) => {
                if DRILL_LENGTHS.contains(&minutes) {
                    self.drill_minutes = minutes;
                }
            }
            Action::AskQuestion(index) => {
                let question = self.open_session().and_then(|open| {
                    let scenario = self.catalog.scenario(&open.session.scenario_id)?;
                    scenario.questions.get(index).cloned()
                });
                if let Some(question) = question {
                    self.edit_drill(|drill| {
                        if !drill.was_asked(&question.question) {
                            drill.tick(now);
                            drill.log.push(InterviewEvent::Asked {
                                question: question.question,
                                answer: question.answer,
                                phase: drill.current_phase_id().to_owned(),
                                at_ms: drill.now_ms(),
                            });
                        }
                    });
                }
            }
            Action::AddAssumption(text) => {
                let text = text.trim().to_owned();
                if !text.is_empty() {
                    self.edit_drill(|drill| {
                        drill.tick(now);
                        drill.log.push(InterviewEvent::Assumed {
                            text,
                            phase: drill.current_phase_id().to_owned(),
                            at_ms: drill.now_ms(),
                        });
                    });
                    self.drill_view.assumption.clear();
                }
            }
            Action::AcknowledgeCurveball(index) => self.edit_drill(|drill| {
                drill.tick(now);
                let at = drill.now_ms();
                if let Some(InterviewEvent::Curveball {
                    acknowledged_at_ms: acknowledged @ None,
                    ..
                }) = drill.log.get_mut(index)
                {
                    *acknowledged = Some(at);
                }
            }),
            Action::SetScratchpad(pad) => self.edit_drill(|drill| drill.scratchpad = pad),
            Action::Canvas(intent) => self.apply_canvas(intent),
            Action::Export(format) => self.export(format),
            Action::CopyMermaid => {
                if let Some(open) = self.open_session() {
                    let text = crate::export::mermaid::to_mermaid(&open.session.diagram);
                    self.pending_clipboard = Some(text);
                    self.set_status(StatusKind::Success, "Copied the diagram as Mermaid text");
                }
            }
            Action::ToggleHelp => self.drill_view.help = !self.drill_view.help,
            Action::KeepGoing => self.edit_drill(|drill| drill.keep_going = true),
            Action::Resume => self.edit_drill(|drill| drill.resume(now)),
            Action::Finish => {
                self.edit_drill(|drill| drill.finish(now));
                self.queue_save(true, false);
                // Straight on to scoring, while the drill is fresh.
                self.drill_view.review = super::review::ReviewView {
                    tab: super::review::ReviewTab::Score,
                    ..super::review::ReviewView::default()
                };
            }
            Action::SaveScore(sheet) => self.save_score(sheet),
            Action::EditCopy => self.edit_copy(),
            Action::Compare(a, b) => self.compare(&a, &b),
            Action::ShowLibrary => {
                self.leave_session();
                if matches!(self.screen, Screen::Home) {
                    self.screen = Screen::Library;
                }
            }
            Action::TrashSession(path) => self.trash(path),
            Action::UndoTrash => self.undo_trash(),
            Action::SetNotes { phase, text } => self.edit_drill(|drill| {
                if let Some(record) = drill.phases.get_mut(phase) {
                    record.notes = text;
                }
            }),
            Action::ToggleChecked { phase, prompt } => self.edit_drill(|drill| {
                if let Some(record) = drill.phases.get_mut(phase) {
                    if let Some(at) = record.checked.iter().position(|p| *p == prompt) {
                        record.checked.remove(at);
                    } else {
                        record.checked.push(prompt);
                        record.checked.sort_unstable();
                    }
                }
            }),
        }
    }

    /// Turns a canvas intent into one undoable diagram command and applies it.
    fn apply_canvas(&mut self, intent: CanvasIntent) {
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        let canvas = &mut self.drill_view.canvas;
        let diagram = &mut open.session.diagram;
        let snap = |v: f32| {
            if canvas.snap {
                super::canvas::snap(v)
            } else {
                v
            }
        };
        let command = match intent {
            CanvasIntent::Undo => {
                if open.history.undo(diagram) {
                    open.dirty = true;
                }
                return;
            }
            CanvasIntent::Redo => {
                if open.history.redo(diagram) {
                    open.dirty = true;
                }
                return;
            }
            CanvasIntent::AddNode { kind, at } => {
                let size = DiagramNode::DEFAULT_SIZE;
                let label = if kind == NodeKind::Note {
                    "Note".to_owned()
                } else {
                    kind.label().to_owned()
                };
                // A new box never lands exactly on another: step down-right until free.
                let mut pos = Point {
                    x: snap(at.x - size.w / 2.0),
                    y: snap(at.y - size.h / 2.0),
                };
                while diagram
                    .nodes
                    .iter()
                    .any(|n| (n.pos.x - pos.x).abs() < 10.0 && (n.pos.y - pos.y).abs() < 10.0)
                {
                    pos.x += 40.0;
                    pos.y += 40.0;
                }
                DiagramCommand::add_node(DiagramNode {
                    id: diagram.next_node_id(),
                    kind,
                    label,
                    pos,
                    size,
                })
            }
            CanvasIntent::Move {
                nodes,
                zones,
                delta,
            } => {
                let moving = diagram.moving_set(&Selection {
                    nodes,
                    edges: Vec::new(),
                    zones,
                });
                DiagramCommand::move_by(&moving, delta)
            }
            CanvasIntent::Resize(id, size) => {
                let Some(node) = diagram.node(id) else { return };
                DiagramCommand::ResizeNode {
                    id,
                    pos: node.pos,
                    size,
                }
            }
            CanvasIntent::RenameNode(id, label) => DiagramCommand::RenameNode { id, label },
            CanvasIntent::SetNodeKind(ids, kind) => DiagramCommand::Batch(
                ids.into_iter()
                    .map(|id| DiagramCommand::SetNodeKind { id, kind })
                    .collect(),
            ),
            CanvasIntent::Connect { from, to, kind } => DiagramCommand::add_edge(DiagramEdge {
                id: diagram.next_edge_id(),
                from,
                to,
                label: String::new(),
                kind,
            }),
            CanvasIntent::RelabelEdge(id, label) => DiagramCommand::RelabelEdge { id, label },
            CanvasIntent::SetEdgeKind(ids, kind) => DiagramCommand::Batch(
                ids.into_iter()
                    .map(|id| DiagramCommand::SetEdgeKind { id, kind })
                    .collect(),
            ),
            CanvasIntent::Delete {
                nodes,
                edges,
                zones,
            } => DiagramCommand::Remove(Selection {
                nodes,
                edges,
                zones,
            }),
            CanvasIntent::Paste { nodes, edges } => {
                let fragment = Fragment {
                    nodes,
                    edges,
                    zones: Vec::new(),
                };
                canvas.shift_clipboard(PASTE_OFFSET);
                diagram.paste(
                    &fragment,
                    Point {
                        x: PASTE_OFFSET,
                        y: PASTE_OFFSET,
                    },
                )
            }
            CanvasIntent::AddZone(at) => {
                let size = Zone::DEFAULT_SIZE;
                DiagramCommand::add_zone(Zone {
                    id: diagram.next_zone_id(),
                    label: "online".to_owned(),
                    pos: Point {
                        x: snap(at.x - size.w / 2.0),
                        y: snap(at.y - size.h / 2.0),
                    },
                    size,
                })
            }
            CanvasIntent::RenameZone(id, label) => DiagramCommand::RenameZone { id, label },
            CanvasIntent::Tidy => crate::model::layout::tidy(diagram),
        };
        let created = command.created();
        match open.history.apply(diagram, command) {
            Ok(()) => {
                open.dirty = true;
                if !created.is_empty() {
                    canvas.select_created(&created);
                    if std::mem::take(&mut canvas.rename_next_added) {
                        if let [id] = created.nodes[..]
                            && let Some(node) = diagram.node(id)
                        {
                            canvas.start_editing(LabelTarget::Node(id), node.label.clone());
                        } else if let [id] = created.zones[..]
                            && let Some(zone) = diagram.zone(id)
                        {
                            canvas.start_editing(LabelTarget::Zone(id), zone.label.clone());
                        }
                    }
                }
            }
            Err(err) => self.set_status(
                StatusKind::Error,
                format!("That edit could not be made: {err}"),
            ),
        }
    }

    /// Writes the session to the library's `exports/` folder in a format, on a background
    /// thread (a big diagram's PNG takes a while); `poll_export` reports the outcome.
    fn export(&mut self, format: crate::export::Format) {
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
        let signals = self.catalog.signals.clone();
        let dir = self.library.root().join("exports");
        let path = dir.join(format!("{}.{}", session.id, format.extension()));
        let (sender, receiver) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("export".to_owned())
            .spawn(move || {
                let context = crate::export::ReportContext {
                    scenario: scenario.as_ref(),
                    framework: framework.as_ref(),
                    signals: Some(&signals),
                    png: None,
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
    fn poll_export(&mut self) {
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

    fn drill_mut(&mut self) -> Option<&mut OpenSession> {
        match &mut self.screen {
            Screen::Drill(open) => Some(open),
            _ => None,
        }
    }

    fn edit_drill(&mut self, edit: impl FnOnce(&mut crate::model::DrillState)) {
        if let Some(open) = self.drill_mut() {
            edit(&mut open.session.drill);
            open.dirty = true;
        }
    }

    /// Pauses a running drill, saves unsaved work and waits for it; called when the window
    /// closes.
    pub fn save_on_exit(&mut self) {
        let now = self.clock.monotonic();
        let writable = if let Some(open) = self.drill_mut() {
            open.session.drill.tick(now);
            if open.session.drill.status == DrillStatus::Running {
                open.session.drill.pause(now);
            }
            open.dirty = true;
            open.read_only.is_none()
        } else {
            false
        };
        if writable {
            self.queue_save(true, false);
        }
        self.flush_saves();
    }

    /// Adds a self-score revision to the session on screen and saves it.
    fn save_score(&mut self, mut sheet: crate::model::ScoreSheet) {
        let now = self.clock.now();
        let Some(open) = self.drill_mut() else {
            return;
        };
        sheet.at = now;
        let band = sheet.result.as_ref().map(|r| r.band.label());
        open.session.scores.push(sheet);
        open.dirty = true;
        let revision = open.session.scores.len();
        self.drill_view.review.draft = None;
        self.drill_view.review.tab = super::review::ReviewTab::Overview;
        self.queue_save(true, false);
        self.set_status(
            StatusKind::Success,
            match band {
                Some(band) => format!("Score saved (revision {revision}): {band}"),
                None => format!("Score saved (revision {revision})"),
            },
        );
    }

    /// Opens a copy of the session on screen for editing; the original stays as it was.
    fn edit_copy(&mut self) {
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
        self.leave_session();
        let path = self.library.session_path(&copy);
        let mut open = OpenSession::new(copy, path, SaveTracker::default());
        open.dirty = true;
        self.screen = Screen::Drill(Box::new(open));
        self.drill_view = DrillView::default();
        self.drill_view.canvas.fit_requested = true;
        self.queue_save(true, false);
        self.set_status(
            StatusKind::Info,
            format!("Editing a copy of “{title}”; the original is unchanged"),
        );
    }

    /// Shows two saved attempts side by side.
    fn compare(&mut self, a: &std::path::Path, b: &std::path::Path) {
        self.leave_session();
        self.flush_saves();
        if !matches!(self.screen, Screen::Home) {
            return;
        }
        let load = |p: &std::path::Path| crate::store::load_session_repaired(p).map(|(s, _)| s);
        match (load(a), load(b)) {
            (Ok(a), Ok(b)) => {
                self.screen = Screen::Compare(Box::new(super::compare::CompareView::new(a, b)));
            }
            (Err(err), _) | (_, Err(err)) => {
                self.set_status(StatusKind::Error, format!("Cannot compare: {err}"));
            }
        }
    }

    /// Moves a saved session to the trash folder, with Undo.
    fn trash(&mut self, path: PathBuf) {
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
    fn undo_trash(&mut self) {
        let Some((trashed, original)) = self.library_view.last_trashed.take() else {
            return;
        };
        match self.library.restore(&trashed, &original) {
            Ok(()) => {
                self.refresh_sessions();
                self.set_status(StatusKind::Success, "Put the session back");
            }
            Err(err) => self.set_status(StatusKind::Error, format!("Cannot put it back: {err}")),
        }
    }

    /// Whether some work exists only in memory because saving it failed.
    fn has_failed_work(&self) -> bool {
        let failed = |o: &OpenSession| matches!(o.save.status(), SaveStatus::Failed(_));
        self.open_session().is_some_and(failed) || self.leaving.iter().any(failed)
    }

    /// Saves the session on screen to another file and keeps saving there.
    fn save_as(&mut self, path: PathBuf) {
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
        open.path = path;
        open.dirty = true;
        self.open_prompt = None;
        self.save_now(true);
    }

    /// Marks an interrupted drill finished as it was last saved, without opening it.
    fn recover_as_finished(&mut self, path: PathBuf) {
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

    /// Stops the window closing while work exists only in memory, and asks what to do.
    fn close_guard_ui(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && self.has_failed_work() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.quit_blocked = true;
        }
        let mut actions = Vec::new();
        if !self.quit_blocked {
            return actions;
        }
        egui::Window::new("Unsaved work")
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_CENTER, egui::vec2(0.0, 0.0))
            .show(&ctx, |ui| {
                ui.label("The last save failed, so some work exists only in this window.");
                ui.horizontal(|ui| {
                    if ui.button("Save elsewhere…").clicked() {
                        self.quit_blocked = false;
                        actions.push(Action::ShowSaveAsPrompt);
                    }
                    if ui.button("Quit without saving").clicked() {
                        self.leaving.clear();
                        if let Screen::Drill(open) = &mut self.screen {
                            open.read_only = Some("you chose to quit without saving".to_owned());
                        }
                        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                    if ui.button("Cancel").clicked() {
                        self.quit_blocked = false;
                    }
                });
            });
        actions
    }

    /// The banner over the drill when its work is not safely on disk: a failed save, or a
    /// read-only copy.
    fn save_banner_ui(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(open) = self.open_session() else {
            return actions;
        };
        let message = if let SaveStatus::Failed(reason) = open.save.status() {
            format!("Save failed: {reason}. Your work is kept in memory.")
        } else if let Some(reason) = &open.read_only {
            format!("Read-only: {reason}. Changes here are not saved.")
        } else {
            return actions;
        };
        egui::Panel::top("save_banner")
            .frame(
                egui::Frame::new()
                    .fill(theme::error_fill(ui.visuals()))
                    .inner_margin(8.0),
            )
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(theme::error_colour(ui.visuals()), message);
                    if open.read_only.is_none() && ui.button("Retry").clicked() {
                        actions.push(Action::RetrySave);
                    }
                    if ui.button("Save elsewhere…").clicked() {
                        actions.push(Action::ShowSaveAsPrompt);
                    }
                });
            });
        actions
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        theme::background_colour(visuals.dark_mode).to_normalized_gamma_f32()
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_on_exit();
    }
}

/// "Saved" / "Saving…" / "Save failed" / "Read-only", at the right of the status bar.
fn save_indicator_ui(ui: &mut egui::Ui, open: &OpenSession) {
    let visuals = ui.visuals();
    let (text, colour, hover) = match (&open.read_only, open.save.status()) {
        (Some(reason), _) => ("Read-only", theme::error_colour(visuals), reason.clone()),
        (None, SaveStatus::Saved) => (
            "Saved",
            theme::success_colour(visuals),
            format!("Everything is on disk in {}", open.path.display()),
        ),
        (None, SaveStatus::Saving) => (
            "Saving…",
            visuals.weak_text_color(),
            "Changes are written within two seconds".to_owned(),
        ),
        (None, SaveStatus::Failed(reason)) => ("Save failed", theme::error_colour(visuals), reason),
    };
    ui.colored_label(colour, text).on_hover_text(hover);
}

/// Shown instead of a session whose framework is not known here.
fn unknown_framework_ui(ui: &mut egui::Ui, framework: &str) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::CentralPanel::default().show(ui, |ui| {
        ui.colored_label(
            theme::error_colour(ui.visuals()),
            format!(
                "This session uses the framework “{framework}”, which this Drillboard does not have. \
                 The file is kept unchanged."
            ),
        );
        if ui.button("Home").clicked() {
            actions.push(Action::GoHome);
        }
    });
    actions
}
