//! What surrounds every screen: keyboard shortcuts, the status bar, the save banner, the
//! close guard and the notice for a session whose framework is unknown.

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use crate::store::autosave::SaveStatus;
use crate::ui::action::Action;
use crate::ui::theme;
use crate::ui::widgets::local_time;

use super::{App, OpenSession, Screen, StatusKind};

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

/// The width kept beside a status message for its Dismiss button.
const DISMISS_ROOM: f32 = 72.0;

/// A notice's body scrolls beyond this height, so the screen under it stays in view.
const NOTICE_BODY_HEIGHT: f32 = 120.0;

impl App {
    /// The app-wide keys: phase steps, Space to pause, F1, Ctrl+S, Ctrl+O and Ctrl+N.
    pub(super) fn shortcuts(&mut self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let space_panned = self.drill_view.canvas.space_panned;
        let mut actions_reset_space = false;
        // While "finish anyway?" asks, its buttons and Escape are the only keys.
        let asking = self.drill_view.confirm_finish.is_some();
        if let Screen::Drill(open) = &self.screen
            && !asking
        {
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
                // Space held while dragging pans the canvas; a plain tap pauses. In a review
                // Space plays the replay instead, and the finished drill is left alone.
                if input.key_released(Key::Space) {
                    let finished = drill.status == crate::model::DrillStatus::Finished;
                    if !typing && !space_panned && !finished {
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

    /// The bottom bar: the latest message, the save indicator and the screen's key hints.
    pub(super) fn status_bar_ui(&self, ui: &mut egui::Ui) -> Option<Action> {
        egui::Panel::bottom("status_bar")
            .show(ui, |ui| {
                // Right to left: the save indicator and the key hints keep their room, and a long
                // message is cut to what is left, in full on hover.
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let mut action = None;
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
                    if let Some(status) = &self.status {
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            let colour = match status.kind {
                                StatusKind::Info => ui.visuals().text_color(),
                                StatusKind::Success => theme::success_colour(ui.visuals()),
                                StatusKind::Error => theme::error_colour(ui.visuals()),
                            };
                            // The message, then its Dismiss button in the room kept for it.
                            let room = (ui.available_width() - DISMISS_ROOM).max(0.0);
                            ui.scope(|ui| {
                                ui.set_max_width(room);
                                ui.add(
                                    egui::Label::new(
                                        egui::RichText::new(&status.text).color(colour),
                                    )
                                    .truncate(),
                                );
                            });
                            if ui.small_button("Dismiss").clicked() {
                                action = Some(Action::DismissStatus);
                            }
                        });
                    }
                    action
                })
                .inner
            })
            .inner
    }

    /// Stops the window closing while work exists only in memory; the close guard then asks
    /// what to do.
    pub(super) fn guard_close(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.has_failed_work() && !self.exiting
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.quit_blocked = true;
        }
    }

    /// The close guard: a dialog asking what to do with work that exists only in memory.
    /// Escape or a click beside it cancels.
    pub(super) fn close_guard_ui(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        let shown = egui::Modal::new(egui::Id::unique("close_guard")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.label(
                RichText::new("Unsaved work")
                    .strong()
                    .size(theme::DIALOG_TITLE_SIZE),
            );
            ui.label("The last save failed, so some work exists only in this window.");
            ui.add_space(theme::SECTION_GAP / 2.0);
            ui.horizontal(|ui| {
                let save = ui.button("Save elsewhere…");
                // The safe choice has the keyboard, so Enter never throws work away.
                if !ui.ctx().memory(|m| m.focused().is_some()) {
                    save.request_focus();
                }
                if save.clicked() {
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
        if shown.should_close() {
            self.quit_blocked = false;
        }
        actions
    }

    /// The notice of what opening a damaged file repaired: wrapped, scrollable, copyable.
    pub(super) fn repair_notice_ui(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(notice) = &self.repair_notice else {
            return actions;
        };
        let count = notice.warnings.len();
        let title = format!(
            "{count} {} made opening {}",
            if count == 1 { "repair" } else { "repairs" },
            notice.file.display()
        );
        notice_ui(
            ui,
            "repair_notice",
            &title,
            |ui| {
                ui.add(egui::Label::new(&notice.kept).wrap());
                for warning in &notice.warnings {
                    ui.add(egui::Label::new(format!("• {warning}")).wrap());
                }
            },
            |ui| {
                if ui.button("Copy details").clicked() {
                    actions.push(Action::CopyRepairDetails);
                }
                if ui.button("Hide repairs").clicked() {
                    actions.push(Action::DismissRepairs);
                }
            },
        );
        actions
    }

    /// The notice of a session that could not be opened, with the backup that can replace it.
    pub(super) fn open_failure_ui(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(failure) = &self.open_failure else {
            return actions;
        };
        notice_ui(
            ui,
            "open_failure",
            &format!("Cannot open {}", failure.path.display()),
            |ui| {
                ui.add(egui::Label::new(&failure.reason).wrap());
            },
            |ui| {
                if let Some(at) = failure.backup_at {
                    let restore = ui
                        .button(format!("Restore backup from {}", local_time(ui, at)))
                        .on_hover_text(
                            "Puts the newest backup that reads correctly in place of this file \
                             and opens it; the unreadable file is kept beside the backups",
                        );
                    if restore.clicked() {
                        actions.push(Action::RestoreBackup(failure.path.clone()));
                    }
                } else {
                    ui.label("No backup of this session reads correctly.");
                }
                if ui.button("Close notice").clicked() {
                    actions.push(Action::DismissOpenFailure);
                }
            },
        );
        actions
    }

    /// The banner over the drill when its work is not safely on disk: a failed save, or a
    /// read-only copy.
    pub(super) fn save_banner_ui(&self, ui: &mut egui::Ui) -> Vec<Action> {
        let mut actions = Vec::new();
        let Some(open) = self.open_session() else {
            return actions;
        };
        let message = if let SaveStatus::Failed(reason) = open.save.status() {
            format!("Save failed: {reason}. Your work is kept in memory.")
        } else if open.partner.is_some() {
            // Read-only on purpose: the review header says the partner is scoring.
            return actions;
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
pub(super) fn unknown_framework_ui(ui: &mut egui::Ui, framework: &str) -> Vec<Action> {
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

/// A notice across the top of the window: an error-coloured title cut to one line (in full on
/// hover), a body that wraps and scrolls beyond `NOTICE_BODY_HEIGHT`, and a row of buttons.
fn notice_ui(
    ui: &mut egui::Ui,
    id: &'static str,
    title: &str,
    body: impl FnOnce(&mut egui::Ui),
    buttons: impl FnOnce(&mut egui::Ui),
) {
    egui::Panel::top(id)
        .frame(
            egui::Frame::new()
                .fill(theme::error_fill(ui.visuals()))
                .inner_margin(8.0),
        )
        .show(ui, |ui| {
            ui.add(
                egui::Label::new(
                    egui::RichText::new(title)
                        .strong()
                        .color(theme::error_colour(ui.visuals())),
                )
                .truncate(),
            );
            egui::ScrollArea::vertical()
                .id_salt(id)
                .max_height(NOTICE_BODY_HEIGHT)
                .auto_shrink([false, true])
                .show(ui, body);
            ui.horizontal_wrapped(buttons);
        });
}
