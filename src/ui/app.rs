//! The application state and the one place actions are applied.

use std::path::PathBuf;
use std::time::Duration;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::model::{Clock, DrillStatus, Framework, Scenario, Session};
use crate::store::{Catalog, Library, SessionSummary, StoreError, load_session};

use super::action::Action;
use super::open_prompt::{OpenPrompt, open_prompt_ui};
use super::{drill, home, theme};

/// Ctrl+S: save the session.
pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
/// Ctrl+O: open a saved session.
pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
/// Ctrl+N: start a new drill (back to the scenario list).
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);

/// A session being drilled or looked at, and where it saves.
#[derive(Debug)]
pub struct OpenSession {
    /// The session.
    pub session: Session,
    /// The file it saves to.
    pub path: PathBuf,
    /// Whether memory holds changes the file lacks.
    pub dirty: bool,
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
        let mut actions = Self::shortcuts(ui);
        if let Some(prompt) = &mut self.open_prompt
            && let Some(action) = prompt.poll_browse()
        {
            actions.push(action);
        }
        let now = self.clock.monotonic();
        if let Screen::Drill(open) = &mut self.screen {
            open.session.drill.tick(now);
        }

        actions.extend(self.status_bar_ui(ui));
        match &self.screen {
            Screen::Home => {
                actions.extend(home::home_ui(
                    ui,
                    &self.catalog,
                    self.selected.as_deref(),
                    &self.sessions,
                    &self.session_errors,
                ));
            }
            Screen::Drill(open) => {
                let framework = self.catalog.framework(&open.session.framework_id);
                let scenario = self.catalog.scenario(&open.session.scenario_id);
                if let Some(framework) = framework {
                    actions.extend(drill::drill_ui(ui, open, framework, scenario));
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

        for action in actions {
            self.apply(action);
        }
        self.schedule_repaint(ui.ctx());
    }

    /// Asks for the next frame at the next whole second of the drill clock, never continuously.
    fn schedule_repaint(&self, ctx: &egui::Context) {
        if let Screen::Drill(open) = &self.screen
            && open.session.drill.status == DrillStatus::Running
        {
            let elapsed = open.session.drill.total_elapsed();
            let to_next_second = 1000 - (elapsed.as_millis() % 1000) as u64;
            ctx.request_repaint_after(Duration::from_millis(to_next_second.max(50)));
        }
        if self
            .open_prompt
            .as_ref()
            .is_some_and(OpenPrompt::is_browsing)
        {
            ctx.request_repaint_after(Duration::from_millis(250));
        }
    }

    fn shortcuts(ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
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
        let session = start_session(&scenario, &framework, self.clock.as_ref());
        let path = self.library.session_path(&session);
        self.screen = Screen::Drill(Box::new(OpenSession {
            session,
            path,
            dirty: true,
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
        let mut session = load_session(&path)?;
        if session.drill.status == DrillStatus::Running {
            session.drill.status = DrillStatus::Paused;
        }
        self.leave_session();
        self.open_prompt = None;
        self.set_status(StatusKind::Info, format!("Opened {}", path.display()));
        self.screen = Screen::Drill(Box::new(OpenSession {
            session,
            path,
            dirty: false,
        }));
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
                if let Some(open) = self.drill_mut() {
                    open.session.drill.go_to_phase(index, now);
                    self.save_current();
                }
            }
            Action::Pause => self.edit_drill(|drill| drill.pause(now)),
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

fn start_session(scenario: &Scenario, framework: &Framework, clock: &dyn Clock) -> Session {
    Session::start(scenario, framework, clock.now(), clock.monotonic())
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_on_exit();
    }
}
