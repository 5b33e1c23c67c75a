//! The application state and the one place actions are applied.

use std::path::PathBuf;
use std::time::Duration;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::diagram_ops::{DiagramCommand, Fragment, History, Selection};
use crate::model::{
    Clock, DiagramEdge, DiagramNode, DrillStatus, InterviewEvent, NodeKind, Point, Session, Zone,
};

use super::canvas::{CanvasIntent, CanvasState, LabelTarget, PASTE_OFFSET};
use crate::store::{Catalog, Library, SessionSummary, StoreError};

use super::action::Action;
use super::open_prompt::{OpenPrompt, open_prompt_ui};
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
}

/// A session being drilled or looked at, and where it saves.
#[derive(Debug)]
pub struct OpenSession {
    /// The session.
    pub session: Session,
    /// The file it saves to.
    pub path: PathBuf,
    /// Whether memory holds changes the file lacks.
    pub dirty: bool,
    /// Undo and redo of canvas edits.
    pub history: History,
}

/// Which screen fills the window.
#[derive(Debug)]
pub enum Screen {
    /// Scenario picker and recent sessions.
    Home,
    /// A drill in progress (or a reopened session).
    Drill(Box<OpenSession>),
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
        };
        app.refresh_sessions();
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
            Screen::Home => None,
        }
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

    /// Whether the open-session prompt is showing.
    pub fn is_open_prompt_showing(&self) -> bool {
        self.open_prompt.is_some()
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
    }

    /// Draws one frame and applies what the user did.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        if !self.styled {
            theme::apply(ui.ctx());
            self.styled = true;
        }
        let mut actions = self.shortcuts(ui);
        if let Some(prompt) = &mut self.open_prompt
            && let Some(action) = prompt.poll_browse()
        {
            actions.push(action);
        }
        self.advance_drill();

        actions.extend(self.status_bar_ui(ui));
        match &self.screen {
            Screen::Home => {
                actions.extend(home::home_ui(
                    ui,
                    &self.catalog,
                    self.selected.as_deref(),
                    &self.sessions,
                    &self.session_errors,
                    self.drill_minutes,
                ));
            }
            Screen::Drill(open) => {
                let framework = self.catalog.framework(&open.session.framework_id);
                let scenario = self.catalog.scenario(&open.session.scenario_id);
                if let Some(framework) = framework {
                    actions.extend(drill::drill_ui(
                        ui,
                        open,
                        framework,
                        scenario,
                        &mut self.drill_view,
                    ));
                }
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
        if let Some(text) = self.pending_clipboard.take() {
            ui.ctx().copy_text(text);
        }
        self.schedule_repaint(ui.ctx());
    }

    /// Asks for the next frame at the next whole second of the drill clock, never continuously.
    fn schedule_repaint(&self, ctx: &egui::Context) {
        if let Screen::Drill(open) = &self.screen
            && open.session.drill.status == DrillStatus::Running
        {
            // Wake just after the displayed second changes; the slack keeps an early wake-up
            // from costing a second frame.
            let elapsed = open.session.drill.total_elapsed();
            let to_next_second = 1000 - (elapsed.as_millis() % 1000) as u64;
            ctx.request_repaint_after(Duration::from_millis(to_next_second + 15));
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
                        let hints = match self.screen {
                            Screen::Home => "Ctrl+O open a session",
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
        while self.library.session_path(&session).exists() {
            session.id = format!("{base}-{n}");
            n += 1;
        }
        let path = self.library.session_path(&session);
        self.drill_view = DrillView::default();
        self.screen = Screen::Drill(Box::new(OpenSession {
            session,
            path,
            dirty: true,
            history: History::new(),
        }));
        self.save_current();
        self.set_status(
            StatusKind::Info,
            format!("Drill started: {}", scenario.title),
        );
        Ok(())
    }

    /// Opens a saved session; it opens paused.
    pub fn open_file(&mut self, path: PathBuf) -> Result<(), StoreError> {
        let (mut session, warnings) = crate::store::load_session_repaired(&path)?;
        if session.drill.status == DrillStatus::Running {
            session.drill.status = DrillStatus::Paused;
        }
        self.leave_session();
        self.open_prompt = None;
        if warnings.is_empty() {
            self.set_status(StatusKind::Info, format!("Opened {}", path.display()));
        } else {
            self.set_status(
                StatusKind::Error,
                format!(
                    "Opened {} with repairs (the file is unchanged until you save): {}",
                    path.display(),
                    warnings.join("; ")
                ),
            );
        }
        self.screen = Screen::Drill(Box::new(OpenSession {
            session,
            path,
            dirty: false,
            history: History::new(),
        }));
        self.drill_view = DrillView::default();
        self.drill_view.canvas.fit_requested = true;
        Ok(())
    }

    /// Saves the drill on screen, if it has unsaved changes, and returns to nothing.
    fn leave_session(&mut self) {
        self.save_current();
        self.screen = Screen::Home;
        self.refresh_sessions();
    }

    /// Saves the session on screen; on failure the work stays in memory and the status says why.
    fn save_current(&mut self) {
        let now = self.clock.now();
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        open.session.updated = now;
        let result = if open.path.starts_with(self.library.sessions_dir()) {
            self.library.save(&open.session).map(|_| ())
        } else {
            crate::store::save_session(&open.session, &open.path)
        };
        match result {
            Ok(()) => {
                open.dirty = false;
                let text = format!("Saved to {}", open.path.display());
                self.set_status(StatusKind::Success, text);
            }
            Err(err) => {
                self.set_status(
                    StatusKind::Error,
                    format!("Save failed: {err}. Your work is still here; fix the folder and press Ctrl+S."),
                );
            }
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
            Action::Save => self.save_current(),
            Action::GoHome => self.leave_session(),
            Action::DismissStatus => self.status = None,
            Action::GoToPhase(index) => {
                if let Some(open) = self.drill_mut()
                    && open.session.go_to_phase(index, now)
                {
                    open.dirty = true;
                    self.save_current();
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
                self.save_current();
            }
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

    /// Writes the diagram to the library's `exports/` folder in a format.
    fn export(&mut self, format: crate::export::Format) {
        let Some(open) = self.open_session() else {
            return;
        };
        let dir = self.library.root().join("exports");
        let path = dir.join(format!("{}.{}", open.session.id, format.extension()));
        let result =
            crate::export::export(&open.session.diagram, &open.session.scenario_title, format)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
                    crate::store::atomic::write_atomic(&path, &bytes).map_err(|e| e.to_string())
                });
        match result {
            Ok(()) => self.set_status(
                StatusKind::Success,
                format!("Exported {} to {}", format.label(), path.display()),
            ),
            Err(err) => self.set_status(StatusKind::Error, format!("Export failed: {err}")),
        }
    }

    fn drill_mut(&mut self) -> Option<&mut OpenSession> {
        match &mut self.screen {
            Screen::Drill(open) => Some(open),
            Screen::Home => None,
        }
    }

    fn edit_drill(&mut self, edit: impl FnOnce(&mut crate::model::DrillState)) {
        if let Some(open) = self.drill_mut() {
            edit(&mut open.session.drill);
            open.dirty = true;
        }
    }

    /// Saves unsaved work; called when the window closes.
    pub fn save_on_exit(&mut self) {
        let now = self.clock.monotonic();
        if let Some(open) = self.drill_mut() {
            open.session.drill.tick(now);
            if open.session.drill.status == DrillStatus::Running {
                open.session.drill.pause(now);
            }
            open.dirty = true;
        }
        self.save_current();
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
