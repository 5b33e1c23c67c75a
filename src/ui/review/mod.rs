//! Review of a finished session: an overview (timeline, notes, questions, follow-ups, score),
//! the replay of the drill second by second from its edit log (or, for drills recorded before
//! logs, the diagram at the end of each phase), the reference comparison (with model answers
//! by level and deep dives), the worked estimates beside the candidate's own figures, and
//! self-scoring against the rubric.
//!
//! The score being edited is a draft in the session (`Session::score_draft`), changed through
//! `Action::EditScoreDraft` and saved like notes, until "Save score" turns it into a revision.
//!
//! This file draws the header and tab bar; each tab has its own file, and the view state the
//! app owns is in `state`, which imports no view code.

pub mod calibration;
mod deep_dives;
mod estimates;
mod level_answers;
mod overview;
mod partner;
mod reference;
mod replay;
mod score;
pub mod state;
mod timeline;

pub use score::{band_badge, partner_draft, result_ui};
pub use state::{ReplayPlayer, ReviewTab, ReviewView, VoiceReview};

use egui::{RichText, Ui};

use crate::model::calibration::GradedExample;
use crate::model::{Framework, Scenario, SignalSet, Timestamp};
use crate::store::SessionSummary;

use super::action::Action;
use super::app::state::OpenSession;
use super::theme;
use super::widgets::{clock_text, local_time, primary_button};

/// What the review screen needs besides the session.
pub struct ReviewContext<'a> {
    /// The session's framework: its phases are the drill's phases.
    pub framework: &'a Framework,
    /// The framework the scenario's rubric, reference and estimates name phases of: the
    /// scenario's framework today. The session's own unless the scenario moved to another
    /// framework after this session was drilled (`Scenario::moved_from`).
    pub rubric_framework: &'a Framework,
    /// Its scenario, when known here.
    pub scenario: Option<&'a Scenario>,
    /// The signal rubric.
    pub signals: &'a SignalSet,
    /// Other saved attempts at the same scenario, for "Compare".
    pub attempts: &'a [&'a SessionSummary],
    /// Now, for stamping a new score sheet.
    pub now: Timestamp,
    /// The app's monotonic clock now, for playing the replay.
    pub monotonic: std::time::Duration,
    /// How long the drill can still be reopened, when it was finished moments ago.
    pub reopen_left: Option<std::time::Duration>,
    /// The scenario's graded examples, for "Calibrate…".
    pub examples: &'a [&'a GradedExample],
    /// The graded example this session calibrates on, when it is a calibration.
    pub example: Option<&'a GradedExample>,
}

/// Draws the review of a finished session.
pub fn review_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &mut ReviewView,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let session = &open.session;
    egui::Panel::top("review_header").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN / 2.0);
        // Right to left: the buttons keep their room and a long title is cut to what is left.
        let row = egui::vec2(ui.available_width(), 32.0);
        ui.allocate_ui_with_layout(
            row,
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| {
                actions.extend(header_buttons_ui(ui, open, context));
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(&session.scenario_title)
                                .size(theme::TITLE_SIZE)
                                .strong(),
                        )
                        .truncate(),
                    );
                });
            },
        );
        if let Some(name) = &open.partner {
            ui.label(
                RichText::new(format!(
                    "Scoring as partner · {name} · the candidate's file is not changed"
                ))
                .color(theme::accent_colour(ui.visuals())),
            );
        }
        if session.calibration.is_some() {
            let title = context
                .example
                .map_or("a graded example", |e| e.title.as_str());
            ui.label(
                RichText::new(format!("Calibration · {title} · marked blind"))
                    .color(theme::accent_colour(ui.visuals())),
            );
        }
        ui.horizontal(|ui| {
            let when = if session.calibration.is_some() {
                "Calibrated"
            } else {
                "Drilled"
            };
            ui.weak(format!(
                "{when} {} · {} of {} minutes",
                local_time(ui, session.created),
                clock_text(session.drill.total_elapsed()),
                session.drill.total_minutes
            ));
            // A partner scores blind: the candidate's verdicts stay out of sight.
            let blind = open.partner.is_some();
            if let Some(result) = session
                .latest_self_score()
                .and_then(|s| s.result.as_ref())
                .filter(|_| !blind)
            {
                ui.separator();
                band_badge(ui, result);
            }
            if let Some(partner) = session.latest_partner_score().filter(|_| !blind)
                && let Some(result) = &partner.result
            {
                ui.separator();
                ui.weak(format!(
                    "{}:",
                    partner.by.partner_name().unwrap_or("Partner")
                ));
                ui.label(
                    RichText::new(result.band.label())
                        .strong()
                        .color(theme::band_colour(ui.visuals(), result.band)),
                );
            }
        });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            let has_estimates = context.scenario.is_some_and(|s| !s.estimates.is_empty());
            for tab in ReviewTab::ALL {
                // Only scenarios with worked estimates have the tab: no empty pages.
                if tab == ReviewTab::Estimates && !has_estimates {
                    continue;
                }
                if ui.selectable_label(view.tab == tab, tab.label()).clicked() && view.tab != tab {
                    view.tab = tab;
                    // The same diagram shows at another size on the other tabs.
                    view.canvas.fit_requested = true;
                    view.reference_canvas.fit_requested = true;
                }
            }
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| match view.tab {
        ReviewTab::Overview => overview::overview_ui(ui, open, context, view),
        ReviewTab::Replay => replay::replay_tab_ui(ui, open, context, view),
        ReviewTab::Reference => reference::reference_tab_ui(ui, open, context, view),
        ReviewTab::Estimates => estimates::estimates_tab_ui(ui, open, context),
        ReviewTab::Score => {
            actions.extend(score::score_tab_ui(ui, open, context, view.player.as_ref()));
        }
    });
    actions
}

/// Retry, compare, export, edit a copy and home.
fn header_buttons_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    if ui.button("Home").on_hover_text("Ctrl+N").clicked() {
        actions.push(Action::GoHome);
    }
    ui.menu_button("Export", |ui| {
        for format in crate::export::Format::ALL {
            if ui.button(format!("{} file", format.label())).clicked() {
                actions.push(Action::Export(format));
                ui.close();
            }
        }
    });
    let calibration = open.session.calibration.is_some();
    if !calibration && open.partner.is_none() {
        actions.extend(partner_menu_ui(ui, open));
    }
    if !calibration
        && ui
            .button("Edit a copy")
            .on_hover_text("This attempt stays as it was; the copy opens with an editable diagram")
            .clicked()
    {
        actions.push(Action::EditCopy);
    }
    if !context.examples.is_empty() {
        ui.menu_button("Calibrate…", |ui| {
            ui.weak("Score a graded answer blind, then compare with the official marks");
            for example in context.examples {
                if ui.button(&example.title).clicked() {
                    actions.push(Action::StartCalibration(example.id.clone()));
                    ui.close();
                }
            }
        });
    }
    let others: Vec<&SessionSummary> = context
        .attempts
        .iter()
        .copied()
        .filter(|s| s.path != open.path)
        .collect();
    ui.add_enabled_ui(!others.is_empty(), |ui| {
        ui.menu_button("Compare…", |ui| {
            for other in others {
                let text = format!(
                    "{} · {}{}",
                    local_time(ui, other.created),
                    clock_text(other.elapsed),
                    other
                        .score
                        .as_ref()
                        .map_or(String::new(), |r| format!(" · {}", r.band.label()))
                );
                if ui.button(text).clicked() {
                    actions.push(Action::Compare(open.path.clone(), other.path.clone()));
                    ui.close();
                }
            }
        })
        .response
        .on_disabled_hover_text("No other attempt at this scenario yet");
    });
    if !calibration
        && context.reopen_left.is_some()
        && ui
            .button("Continue drill")
            .on_hover_text("Finished by mistake? Reopen it, paused where it ended (for five minutes after finishing)")
            .clicked()
    {
        actions.push(Action::ReopenDrill);
    }
    if primary_button(ui, "Retry this prompt").clicked() {
        actions.push(Action::StartDrill(open.session.scenario_id.clone()));
    }
    actions
}

/// Practising with a partner: score the attempt as the partner who played the interviewer, or
/// import the score a partner sent.
fn partner_menu_ui(ui: &mut Ui, open: &OpenSession) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.menu_button("Partner", |ui| {
        ui.weak("A partner played the interviewer?");
        if ui
            .button("Score as partner…")
            .on_hover_text(
                "You are the partner: score this attempt in the normal Score steps. The \
                 candidate's file is not changed; your score is saved as a file to send them",
            )
            .clicked()
        {
            actions.push(Action::ShowPartnerPrompt);
            ui.close();
        }
        let writable = open.read_only.is_none();
        if ui
            .add_enabled(writable, egui::Button::new("Import partner score…"))
            .on_hover_text("Add the score file your partner sent, beside your own score")
            .on_disabled_hover_text("This session is read-only here")
            .clicked()
        {
            actions.push(Action::ShowImportScorePrompt);
            ui.close();
        }
    });
    actions
}

fn at(ms: u64) -> String {
    clock_text(std::time::Duration::from_millis(ms))
}
