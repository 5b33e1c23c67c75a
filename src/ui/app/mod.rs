//! The application: the [`App`] that owns the state, draws each frame and applies actions.
//!
//! - `state.rs`: the types views read (screen, open session, drill view state).
//! - `apply.rs`: the one reducer, [`App::apply`], and the canvas edits it turns into commands.
//! - `saving.rs`: autosave, the saver's outcomes, leaving a drill, save elsewhere, exit.
//! - `files.rs`: starting, opening, copying, comparing, recovering, trashing and exporting.
//! - `chrome.rs`: what surrounds every screen: shortcuts, the status bar, banners, close guard.

mod apply;
mod chrome;
mod exit;
mod files;
mod partner;
mod recording;
mod resume;
mod saving;
mod scoring;
pub mod state;
mod voice;
mod voice_review;

use std::path::PathBuf;
use std::time::Duration;

use crate::model::{Clock, DrillStatus, interviewer};
use crate::store::autosave::Saver;
use crate::store::{Catalog, Library, SessionSummary, StoreError};

use super::action::Action;
use super::open_prompt::{OpenPrompt, PromptMode, open_prompt_ui};
use super::{drill, home, theme};
use chrome::unknown_framework_ui;

pub use chrome::{NEW, NEXT_PHASE, OPEN, PREVIOUS_PHASE, SAVE};
pub use exit::ExitSignal;
pub use state::{
    BudgetCue, CompareView, DRILL_LENGTHS, DrillView, OpenFailure, OpenSession, Recovery,
    RepairNotice, Screen, SessionError, SidePanel, SidePanels, Status, StatusKind, StatusLifetime,
};
pub use voice_review::{PlayerFactory, VoiceSource};

/// How long the "budget reached" cue stays on screen.
const CUE_DURATION: Duration = Duration::from_secs(5);

/// How long news in the status bar ("Saved to …", "Opened …") stays before it goes.
pub const STATUS_DURATION: Duration = Duration::from_secs(8);

/// What an export thread reports: the format and the files written, or why not.
type ExportOutcome = (crate::export::Format, Result<Vec<PathBuf>, String>);

/// The whole application.
pub struct App {
    catalog: Catalog,
    library: Library,
    clock: Box<dyn Clock>,
    screen: Screen,
    sessions: Vec<SessionSummary>,
    session_errors: Vec<SessionError>,
    selected: Option<String>,
    status: Option<Status>,
    open_prompt: Option<OpenPrompt>,
    drill_minutes: u32,
    /// The level the next drill is for.
    target_level: crate::model::TargetLevel,
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
    library_view: crate::ui::library::LibraryView,
    /// The home screen's scenario filters and grouping.
    home_view: home::HomeView,
    /// A session that could not be opened, until dismissed or restored.
    open_failure: Option<OpenFailure>,
    /// What opening the session on screen repaired, until dismissed.
    repair_notice: Option<RepairNotice>,
    /// Raised by SIGTERM, SIGINT or SIGHUP.
    exit_signal: ExitSignal,
    /// A signal's exit save is done and the window is closing.
    exiting: bool,
    /// Which drill side panels show.
    side_panels: SidePanels,
    /// Where each session's canvas was left, kept in the library's cache.
    canvas_views: crate::store::canvas_views::CanvasViews,
    /// Undo histories of sessions left during this run, most recent first.
    kept_histories: Vec<resume::KeptHistory>,
    /// The zone dates and times are shown in; files keep UTC.
    zone: jiff::tz::TimeZone,
    /// The user's preferences kept in the library ("Record my voice", the microphone).
    preferences: crate::store::preferences::Preferences,
    /// The voice recorder, the level meter and what they said.
    voice: voice::VoiceState,
    /// Reads a session's recorded voice.
    voice_source: VoiceSource,
    /// The voice of the session under review, being read on its thread.
    voice_job: Option<voice_review::VoiceJob>,
    /// Opens the review's audio output.
    player_factory: PlayerFactory,
}

impl App {
    /// Loads the catalog and the library's sessions.
    pub fn new(library: Library, clock: Box<dyn Clock>) -> Result<Self, StoreError> {
        let catalog = Catalog::load(&library)?;
        let selected = catalog.entries.first().map(|e| e.scenario.id.clone());
        let canvas_views =
            crate::store::canvas_views::CanvasViews::read(&library.canvas_views_path());
        let library_prefs = library.preferences_path();
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
            target_level: crate::model::TargetLevel::default(),
            // The system's zone; UTC (with a warning in jiff's log) when it cannot be found.
            zone: jiff::tz::TimeZone::system(),
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
            library_view: crate::ui::library::LibraryView::default(),
            home_view: home::HomeView::default(),
            repair_notice: None,
            open_failure: None,
            exit_signal: ExitSignal::default(),
            exiting: false,
            side_panels: SidePanels::default(),
            canvas_views,
            kept_histories: Vec::new(),
            preferences: crate::store::preferences::Preferences::read(&library_prefs),
            voice: voice::VoiceState::new(crate::audio::platform_recorder()),
            voice_source: voice_review::default_voice_source(),
            voice_job: None,
            player_factory: voice_review::default_player_factory(),
        };
        // Temp files of saves killed midway, left by an earlier run.
        for leftover in app.library.clean_leftovers() {
            eprintln!("drillboard: removed a leftover {}", leftover.display());
        }
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

    /// Shows dates and times in `zone` instead of the system's; tests pass a fixed zone.
    pub fn set_time_zone(&mut self, zone: jiff::tz::TimeZone) {
        self.zone = zone;
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

    /// The home screen's scenario filters and grouping.
    pub fn home_view(&self) -> &home::HomeView {
        &self.home_view
    }

    /// The library screen's state.
    pub fn library_view(&self) -> &crate::ui::library::LibraryView {
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

    /// The scenario highlighted on the home screen.
    pub fn selected_scenario(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Which drill side panels show.
    pub fn side_panels(&self) -> SidePanels {
        self.side_panels
    }

    /// The level the next drill is for.
    pub fn target_level(&self) -> crate::model::TargetLevel {
        self.target_level
    }

    /// Sets the level the next drill is for (the command line's `--level`).
    pub fn set_target_level(&mut self, level: crate::model::TargetLevel) {
        self.target_level = level;
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

    /// The mode of the path prompt, while it shows.
    pub fn prompt_mode(&self) -> Option<&PromptMode> {
        self.open_prompt.as_ref().map(|p| &p.mode)
    }

    /// The session that could not be opened, while its notice shows.
    pub fn open_failure(&self) -> Option<&OpenFailure> {
        self.open_failure.as_ref()
    }

    /// Library files that cannot be read, with their restorable backups.
    pub fn session_errors(&self) -> &[SessionError] {
        &self.session_errors
    }

    /// What opening the session on screen repaired, while the notice shows.
    pub fn repair_notice(&self) -> Option<&RepairNotice> {
        self.repair_notice.as_ref()
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

    /// Shows a message in the status bar: news for [`STATUS_DURATION`], an error until it is
    /// dismissed or replaced.
    pub(super) fn set_status(&mut self, kind: StatusKind, text: impl Into<String>) {
        let lifetime = match kind {
            StatusKind::Error => StatusLifetime::UntilDismissed,
            StatusKind::Info | StatusKind::Success => {
                StatusLifetime::Until(self.clock.monotonic() + STATUS_DURATION)
            }
        };
        self.set_status_for(kind, text, lifetime);
    }

    /// Shows a message in the status bar for as long as `lifetime` says.
    pub(super) fn set_status_for(
        &mut self,
        kind: StatusKind,
        text: impl Into<String>,
        lifetime: StatusLifetime,
    ) {
        self.status = Some(Status {
            text: text.into(),
            kind,
            lifetime,
        });
    }

    /// Drops a status message whose time is up or whose cause has ended.
    fn expire_status(&mut self) {
        let now = self.clock.monotonic();
        let paused = self
            .open_session()
            .is_some_and(|open| open.session.drill.status == DrillStatus::Paused);
        let expired = self
            .status
            .as_ref()
            .is_some_and(|status| match status.lifetime {
                StatusLifetime::Until(until) => now >= until,
                StatusLifetime::WhilePaused => !paused,
                StatusLifetime::UntilDismissed => false,
            });
        if expired {
            self.status = None;
        }
    }

    /// Draws one frame and applies what the user did.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        crate::ui::widgets::set_display_zone(ui.ctx(), &self.zone);
        if !self.styled {
            theme::apply(ui.ctx());
            self.styled = true;
        }
        if self.exit_if_signalled(ui.ctx()) {
            return;
        }
        self.pump_saves();
        self.pump_voice(false);
        self.poll_export();
        self.expire_status();
        self.guard_close(ui.ctx());
        // A dialog or overlay owns the keyboard and the pointer: no shortcut reaches the app
        // or the canvas, and the screen behind it takes no clicks.
        let modal = self.modal_open();
        let mut actions = if modal {
            Vec::new()
        } else {
            self.shortcuts(ui)
        };
        if let Some(prompt) = &mut self.open_prompt
            && let Some(action) = prompt.poll_browse()
        {
            actions.push(action);
        }
        self.advance_drill();
        self.record_changes();
        self.drill_view.recording = self.recording_indicator();

        ui.scope(|ui| {
            if modal {
                ui.disable();
            }
            actions.extend(self.screen_ui(ui));
        });
        actions.extend(self.modals_ui(ui.ctx()));
        for action in actions {
            self.apply(action);
        }
        self.sync_voice();
        self.autosave();
        self.drive_voice();
        if let Some(text) = self.pending_clipboard.take() {
            ui.ctx().copy_text(text);
        }
        self.schedule_repaint(ui.ctx());
        if let Some(meter) = self.keep_meter() {
            ui.ctx().request_repaint_after(meter);
        }
    }

    /// The status bar, banners, notices and the screen itself: everything a dialog covers.
    fn screen_ui(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        actions.extend(self.status_bar_ui(ui));
        actions.extend(self.save_banner_ui(ui));
        actions.extend(self.repair_notice_ui(ui));
        actions.extend(self.open_failure_ui(ui));
        actions.extend(self.voice_banner_ui(ui));
        let reopen_left = self.reopen_left();
        if let Some(left) = reopen_left {
            // The "Continue drill" button goes when its window closes.
            ui.ctx().request_repaint_after(left);
        }
        match &mut self.screen {
            Screen::Home => {
                actions.extend(home::home_ui(
                    ui,
                    &self.catalog,
                    self.selected.as_deref(),
                    home::SavedWork {
                        sessions: &self.sessions,
                        errors: &self.session_errors,
                        recoveries: &self.recoveries,
                    },
                    home::DrillChoice {
                        minutes: self.drill_minutes,
                        level: self.target_level,
                    },
                    &home::VoiceChoice {
                        record: self.preferences.record_voice,
                        microphone: self.preferences.microphone.as_deref(),
                        devices: self.voice.devices.as_ref(),
                        level: self.voice.meter.as_ref().map(|m| (m.level(), m.error())),
                    },
                    &mut self.home_view,
                ));
            }
            Screen::Drill(open) => {
                let framework = self.catalog.framework(&open.session.framework_id);
                let scenario = self.catalog.scenario(&open.session.scenario_id);
                if let Some(framework) = framework {
                    // A session held by another instance is only looked at here: as a review.
                    if open.session.drill.status == DrillStatus::Finished
                        || open.read_only.is_some()
                    {
                        let attempts: Vec<&SessionSummary> = self
                            .sessions
                            .iter()
                            .filter(|s| {
                                s.scenario_id == open.session.scenario_id && s.calibration.is_none()
                            })
                            .collect();
                        let examples = self.catalog.examples_for(&open.session.scenario_id);
                        let example = open
                            .session
                            .calibration
                            .as_ref()
                            .and_then(|c| self.catalog.example(&c.example));
                        let rubric_framework = scenario
                            .and_then(|s| self.catalog.framework(&s.framework))
                            .unwrap_or(framework);
                        let context = crate::ui::review::ReviewContext {
                            framework,
                            rubric_framework,
                            scenario,
                            signals: &self.catalog.signals,
                            attempts: &attempts,
                            now: self.clock.now(),
                            monotonic: self.clock.monotonic(),
                            reopen_left,
                            examples: &examples,
                            example,
                        };
                        actions.extend(crate::ui::review::review_ui(
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
                            self.side_panels,
                        ));
                    }
                } else {
                    actions.extend(unknown_framework_ui(ui, &open.session.framework_id));
                }
            }
            Screen::Library => {
                actions.extend(crate::ui::library::library_ui(
                    ui,
                    &self.catalog,
                    &self.sessions,
                    &self.session_errors,
                    &mut self.library_view,
                    self.clock.now(),
                ));
            }
            Screen::Compare(view) => {
                actions.extend(crate::ui::compare::compare_ui(ui, &self.catalog, view));
            }
        }
        actions
    }

    /// Whether a dialog or overlay is showing: the open or save prompt, the shortcuts overlay,
    /// "finish anyway?" or the close guard. While one is, it alone takes keys and clicks.
    pub fn modal_open(&self) -> bool {
        self.open_prompt.is_some()
            || self.drill_view.help
            || self.drill_view.confirm_finish.is_some()
            || self.quit_blocked
    }

    /// The dialogs and overlays, over the screen: at most one shows, the most urgent.
    fn modals_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        if self.quit_blocked {
            return self.close_guard_ui(ctx);
        }
        if let Some(prompt) = &mut self.open_prompt {
            return open_prompt_ui(ctx, prompt, &self.library.sessions_dir());
        }
        if self.drill_view.help {
            return crate::ui::help::help_ui(ctx).into_iter().collect();
        }
        Vec::new()
    }

    /// Asks for the next frame at the next whole second of the drill clock, never continuously.
    pub(super) fn schedule_repaint(&self, ctx: &egui::Context) {
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
                (!self.leaving.is_empty() || self.export_job.is_some() || self.voice_pending())
                    .then_some(Duration::from_millis(50)),
            )
            .chain(
                self.status
                    .as_ref()
                    .and_then(|status| match status.lifetime {
                        StatusLifetime::Until(until) => Some(until.saturating_sub(now)),
                        _ => None,
                    }),
            )
            // A notes entry typed while the clock stands still closes on the wall clock, and
            // is written then.
            .chain(
                self.open_session()
                    .and_then(|open| open.recording.as_ref())
                    .and_then(|recording| recording.settles_in(now)),
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

    /// Moves the drill clock on and lets the model's timed events happen: the budget cue when a
    /// phase reaches its budget, and a due curveball.
    pub(super) fn advance_drill(&mut self) {
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
            drill.meet_curveball(&card);
            open.dirty = true;
        }
        // The interviewer pushes back (issue 23) once the scripted card, if any, is answered.
        let since_edit = self
            .drill_view
            .last_edit
            .map(|at| u64::try_from(now.saturating_sub(at).as_millis()).unwrap_or(u64::MAX));
        let prompt = self
            .catalog
            .scenario(&open.session.scenario_id)
            .and_then(|scenario| {
                interviewer::due_prompt(
                    &open.session,
                    framework,
                    scenario,
                    interviewer::Pacing {
                        since_edit_ms: since_edit,
                    },
                )
            });
        if let Some(prompt) = prompt
            && open.read_only.is_none()
        {
            open.session.drill.raise(prompt);
            open.dirty = true;
        }
    }

    /// The session on screen, to change.
    pub(super) fn drill_mut(&mut self) -> Option<&mut OpenSession> {
        match &mut self.screen {
            Screen::Drill(open) => Some(open),
            _ => None,
        }
    }

    /// Applies a drill rule to the session on screen and marks it changed when the rule says it
    /// changed something (rules returning `()` always do). Returns whether it did.
    pub(super) fn edit_drill<R: Edited>(
        &mut self,
        edit: impl FnOnce(&mut crate::model::DrillState) -> R,
    ) -> bool {
        let Some(open) = self.drill_mut() else {
            return false;
        };
        // A session held by another instance is only looked at here.
        if open.read_only.is_some() {
            return false;
        }
        let changed = edit(&mut open.session.drill).changed();
        open.dirty |= changed;
        changed
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

/// What a drill rule returns about whether it changed the drill.
pub(super) trait Edited {
    /// Whether the session now differs from what was saved.
    fn changed(self) -> bool;
}

impl Edited for () {
    fn changed(self) -> bool {
        true
    }
}

impl Edited for bool {
    fn changed(self) -> bool {
        self
    }
}
