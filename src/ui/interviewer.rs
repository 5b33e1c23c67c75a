//! The right-hand panel of the drill: curveball cards, the scripted interviewer, the
//! candidate's assumptions and the capacity scratchpad.

use std::time::Duration;

use egui::{CollapsingHeader, RichText, ScrollArea, TextEdit, Ui};

use crate::model::capacity::{bytes_text, count_text};
use crate::model::drill::AskOutcome;
use crate::model::interviewer::{DIVE_ANSWER_WORDS, DIVE_LEVELS};
use crate::model::session::PromptSource;
use crate::model::{DrillStatus, Framework, InterviewEvent, Scenario, Scratchpad};

use super::action::Action;
use super::app::state::{AskReply, DrillView, OpenSession};
use super::theme;
use super::widgets::clock_text;

/// How many opening phases of any framework show the interviewer's questions and the
/// scratchpad expanded: the clarifying phase and the first design phase (in the seven phases
/// Clarify and High-level, in the LLM framework Task and Context). By position, not by id, as
/// every framework names its phases its own way.
const EARLY_PHASES: usize = 2;

fn drill_time(ms: u64) -> String {
    clock_text(Duration::from_millis(ms))
}

/// Draws the interviewer panel.
pub fn interviewer_ui(
    ui: &mut Ui,
    open: &OpenSession,
    framework: &Framework,
    scenario: Option<&Scenario>,
    view: &mut DrillView,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    let early = drill.current < EARLY_PHASES;
    // Not shrunk to its content: the panel would narrow a little every frame as its wrapped
    // text followed it.
    ScrollArea::vertical()
        .id_salt("interviewer")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            ui.add_space(theme::PANEL_MARGIN / 2.0);
            if let Some(index) = drill.open_card()
                && let Some(event) = drill.log.get(index)
            {
                actions.extend(card_ui(ui, index, event, framework));
                ui.add_space(theme::SECTION_GAP);
            }

            ui.label(RichText::new("Interviewer").size(18.0).strong());
            if let Some(scenario) = scenario {
                CollapsingHeader::new(RichText::new("Ask the interviewer").strong())
                    .id_salt(("ask", early))
                    .default_open(early)
                    .show(ui, |ui| {
                        actions.extend(questions_ui(ui, open, scenario, view));
                    });
            }

            CollapsingHeader::new(RichText::new("Assumptions").strong())
                .id_salt("assumptions")
                .default_open(true)
                .show(ui, |ui| {
                    actions.extend(assumptions_ui(ui, open, view));
                });

            let asked = drill
                .log
                .iter()
                .filter(|e| matches!(e, InterviewEvent::Asked { .. }))
                .count();
            if let Some(scenario) = scenario
                && asked > 0
            {
                CollapsingHeader::new(RichText::new(format!("Questions asked ({asked})")).strong())
                    .id_salt("asked")
                    .default_open(true)
                    .show(ui, |ui| asked_ui(ui, drill, scenario));
            }

            let met: Vec<_> = drill
                .log
                .iter()
                .filter_map(|e| match e.card() {
                    Some((text, _, shown_at_ms, Some(_))) => Some((text, shown_at_ms)),
                    _ => None,
                })
                .collect();
            if !met.is_empty() {
                CollapsingHeader::new(
                    RichText::new(format!("Follow-ups ({})", met.len())).strong(),
                )
                .id_salt("followups")
                .default_open(false)
                .show(ui, |ui| {
                    for (text, at) in met {
                        ui.label(text);
                        ui.weak(format!("at {}", drill_time(at)));
                        ui.add_space(4.0);
                    }
                });
            }

            CollapsingHeader::new(RichText::new("Capacity scratchpad").strong())
                .id_salt(("scratchpad", early))
                .default_open(early)
                .show(ui, |ui| {
                    if let Some(pad) = scratchpad_ui(ui, &drill.scratchpad, drill.status) {
                        actions.push(Action::SetScratchpad(pad));
                    }
                });
        });
    actions
}

/// A card waiting to be acknowledged: a scripted follow-up card, or the interviewer pushing
/// back (a rule, a redirect, a skipped phase, a deep-dive level).
fn card_ui(
    ui: &mut Ui,
    index: usize,
    event: &InterviewEvent,
    framework: &Framework,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some((text, phase, shown_at_ms, _)) = event.card() else {
        return actions;
    };
    let source = match event {
        InterviewEvent::Prompt { source, .. } => Some(source),
        _ => None,
    };
    let name_of = |id: &str| {
        framework
            .phase_index(id)
            .and_then(|i| framework.phases.get(i).map(|p| (i, p.name.clone())))
    };
    let (heading, hint) = match source {
        None => (
            "Follow-up from the interviewer".to_owned(),
            "Answer it in your notes, then acknowledge.".to_owned(),
        ),
        Some(PromptSource::Rule { .. }) => (
            "The interviewer pushes back".to_owned(),
            "Answer it in your notes or on the board, then acknowledge.".to_owned(),
        ),
        Some(PromptSource::Redirect { .. }) => (
            "The interviewer moves you on".to_owned(),
            "Wrap up this phase.".to_owned(),
        ),
        Some(PromptSource::Revisit { .. }) => (
            "The interviewer comes back to a skipped phase".to_owned(),
            "Cover it now, or go back to it.".to_owned(),
        ),
        Some(PromptSource::DeepDive { level, .. }) => (
            format!("Deep dive · level {level} of {DIVE_LEVELS}"),
            format!(
                "Answer in this phase's notes ({DIVE_ANSWER_WORDS} words or more) and acknowledge: the interviewer goes one level deeper."
            ),
        ),
    };
    let accent = theme::warning_colour(ui.visuals());
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, accent))
        .fill(accent.gamma_multiply(0.08))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(heading).color(accent).strong());
            ui.label(RichText::new(text).size(15.0));
            let phase_name = name_of(phase).map_or_else(|| phase.to_owned(), |(_, name)| name);
            ui.weak(format!("{phase_name} · at {}", drill_time(shown_at_ms)));
            ui.weak(hint);
            ui.horizontal_wrapped(|ui| {
                if ui.button("Acknowledge follow-up").clicked() {
                    actions.push(Action::AcknowledgeCurveball(index));
                }
                // A redirect or a skipped phase offers the move it asks for.
                let go = match source {
                    Some(PromptSource::Redirect { from }) => name_of(from)
                        .and_then(|(i, _)| framework.phases.get(i + 1).map(|p| (i + 1, p)))
                        .map(|(i, p)| (i, format!("Move on to {}", p.short))),
                    Some(PromptSource::Revisit { skipped }) => name_of(skipped).map(|(i, _)| {
                        let short = framework.phases.get(i).map_or("it", |p| p.short.as_str());
                        (i, format!("Go back to {short}"))
                    }),
                    _ => None,
                };
                if let Some((target, label)) = go
                    && ui.button(label).clicked()
                {
                    actions.push(Action::AcknowledgeCurveball(index));
                    actions.push(Action::GoToPhase(target));
                }
            });
        });
    actions
}

/// Asking the interviewer: the candidate types a question, and the reply to the last one shows
/// the scripted question it matched (so a near miss is visible) with its answer, or suggests an
/// assumption. The scripted questions themselves are never listed: thinking of them is the
/// exercise.
fn questions_ui(
    ui: &mut Ui,
    open: &OpenSession,
    scenario: &Scenario,
    view: &mut DrillView,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    if drill.status == DrillStatus::Finished {
        ui.weak("The drill is over; the review lists what you asked and what you missed.");
    } else {
        ui.weak("Ask in your own words; the interviewer answers what the script covers.");
        ui.horizontal(|ui| {
            let response = ui
                .add(
                    TextEdit::singleline(&mut view.question)
                        .hint_text("e.g. how many users do we have?")
                        .char_limit(crate::store::repair::MAX_LABEL_CHARS)
                        .desired_width(ui.available_width() - 60.0),
                )
                .accessible_name("Question for the interviewer");
            // Enter ends a single-line edit; give the box the keyboard back next frame, so the
            // next question is typed there and never reaches the canvas.
            if std::mem::take(&mut view.focus_question) {
                response.request_focus();
            }
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            view.focus_question = entered;
            let has_text = !view.question.trim().is_empty();
            if (ui.add_enabled(has_text, egui::Button::new("Ask")).clicked() || entered) && has_text
            {
                actions.push(Action::AskQuestion(view.question.clone()));
            }
        });
        if let Some(reply) = &view.reply
            && reply_ui(ui, reply, drill, scenario)
        {
            view.focus_assumption = true;
        }
    }
    actions
}

/// The questions asked so far, newest first: the candidate's words, the scripted question they
/// matched, its answer and when.
fn asked_ui(ui: &mut Ui, drill: &crate::model::DrillState, scenario: &Scenario) {
    let asked = drill.log.iter().rev().filter_map(|e| match e {
        InterviewEvent::Asked {
            question,
            answer,
            at_ms,
            ..
        } => Some((question, e.words().unwrap_or(question), answer, *at_ms)),
        _ => None,
    });
    for (question, asked_as, answer, at) in asked {
        ui.add_space(2.0);
        ui.label(format!("You: {asked_as}"));
        ui.label(RichText::new(question.as_str()).strong());
        ui.label(answer.as_str());
        let topic = scenario
            .questions
            .iter()
            .find(|q| q.question == *question)
            .map_or("", |q| q.topic.label());
        ui.weak(format!("{topic} · asked at {}", drill_time(at)));
        ui.add_space(4.0);
    }
}

/// The interviewer's reply to the last question typed; returns whether "State an assumption"
/// was clicked.
fn reply_ui(
    ui: &mut Ui,
    reply: &AskReply,
    drill: &crate::model::DrillState,
    scenario: &Scenario,
) -> bool {
    let mut assume = false;
    let accent = ui.visuals().selection.stroke.color;
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(1.0, accent))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.weak(format!("You asked: {}", reply.asked_as));
            match reply.outcome {
                AskOutcome::Answered { index, logged } => {
                    let Some(question) = scenario.questions.get(index) else {
                        return;
                    };
                    ui.label("The interviewer heard:");
                    ui.label(RichText::new(&question.question).strong());
                    ui.label(question.answer.as_str());
                    let first = drill.log.iter().find_map(|e| match e {
                        InterviewEvent::Asked {
                            question: q, at_ms, ..
                        } if *q == question.question => Some(*at_ms),
                        _ => None,
                    });
                    if let Some(at) = first {
                        let when = if logged {
                            "answered"
                        } else {
                            "already answered"
                        };
                        ui.weak(format!(
                            "{} · {when} at {}",
                            question.topic.label(),
                            drill_time(at)
                        ));
                    }
                }
                AskOutcome::NoData => {
                    ui.label(
                        RichText::new("The interviewer has no data on that.")
                            .color(theme::warning_colour(ui.visuals())),
                    );
                    ui.label("Say what you would assume, and move on.");
                    assume = ui.button("State an assumption").clicked();
                }
            }
        });
    assume
}

/// The candidate's own assumptions: an input and the list so far.
fn assumptions_ui(ui: &mut Ui, open: &OpenSession, view: &mut DrillView) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    for event in &drill.log {
        if let InterviewEvent::Assumed { text, at_ms, .. } = event {
            ui.label(format!("• {text}"));
            ui.weak(format!("stated at {}", drill_time(*at_ms)));
        }
    }
    ui.horizontal(|ui| {
        let response = ui
            .add(
                TextEdit::singleline(&mut view.assumption)
                    .hint_text("e.g. 50M daily users")
                    .char_limit(crate::store::repair::MAX_LABEL_CHARS)
                    .desired_width(ui.available_width() - 60.0),
            )
            .accessible_name("New assumption");
        if std::mem::take(&mut view.focus_assumption) {
            response.request_focus();
        }
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let has_text = !view.assumption.trim().is_empty();
        if (ui.add_enabled(has_text, egui::Button::new("Add")).clicked() || entered) && has_text {
            actions.push(Action::AddAssumption(view.assumption.clone()));
        }
    });
    actions
}

/// DAU × actions → QPS, and record size × count × retention → storage.
fn scratchpad_ui(ui: &mut Ui, pad: &Scratchpad, status: DrillStatus) -> Option<Scratchpad> {
    let mut edited = pad.clone();
    let mut changed = false;
    ui.add_enabled_ui(status != DrillStatus::Finished, |ui| {
        egui::Grid::new("scratchpad_grid")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                let mut field = |ui: &mut Ui,
                                 name: &str,
                                 value: &mut f64,
                                 speed: f64,
                                 show: fn(f64) -> String| {
                    let label = ui.label(name);
                    let response = ui
                        .add(
                            egui::DragValue::new(value)
                                .speed(speed)
                                .range(0.0..=1.0e15)
                                .custom_formatter(|v, _| show(v))
                                .custom_parser(parse_count),
                        )
                        .labelled_by(label.id);
                    changed |= response.changed();
                    ui.end_row();
                };
                let times = |v: f64| format!("{}×", count_text(v));
                field(
                    ui,
                    "Daily active users",
                    &mut edited.daily_active_users,
                    10_000.0,
                    count_text,
                );
                field(
                    ui,
                    "Actions per user/day",
                    &mut edited.actions_per_user,
                    0.1,
                    count_text,
                );
                field(ui, "Peak factor", &mut edited.peak_factor, 0.1, times);
                field(
                    ui,
                    "Record size",
                    &mut edited.record_bytes,
                    10.0,
                    bytes_text,
                );
                field(
                    ui,
                    "Records per day",
                    &mut edited.records_per_day,
                    10_000.0,
                    count_text,
                );
                field(
                    ui,
                    "Retention days",
                    &mut edited.retention_days,
                    1.0,
                    count_text,
                );
            });
    });
    ui.add_space(4.0);
    let result = |ui: &mut Ui, name: &str, value: String| {
        ui.horizontal(|ui| {
            ui.label(name);
            ui.monospace(RichText::new(value).strong());
        });
    };
    result(ui, "Average QPS", count_text(edited.average_qps()));
    result(ui, "Peak QPS", count_text(edited.peak_qps()));
    result(ui, "Storage per day", bytes_text(edited.bytes_per_day()));
    result(
        ui,
        &format!("Storage over {} days", count_text(edited.retention_days)),
        bytes_text(edited.total_bytes()),
    );
    changed.then_some(edited)
}

/// Parses "1.2K", "3M", "2.5B", "1e6" or a plain number typed into a scratchpad field.
fn parse_count(text: &str) -> Option<f64> {
    // Byte units ("1.5 KB", "500 B") are spelt with a space; a bare "B" means billions.
    let text = text.trim();
    for (unit, factor) in [
        (" KB", 1e3),
        (" MB", 1e6),
        (" GB", 1e9),
        (" TB", 1e12),
        (" B", 1.0),
    ] {
        if let Some(number) = text.strip_suffix(unit) {
            return parse_count(number).map(|v| v * factor);
        }
    }
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',' && *c != '×')
        .collect();
    let cleaned = cleaned.as_str();
    let (number, factor) = match cleaned.chars().last()? {
        'k' | 'K' => (&cleaned[..cleaned.len() - 1], 1e3),
        'm' | 'M' => (&cleaned[..cleaned.len() - 1], 1e6),
        'b' | 'B' | 'g' | 'G' => (&cleaned[..cleaned.len() - 1], 1e9),
        't' | 'T' => (&cleaned[..cleaned.len() - 1], 1e12),
        _ => (cleaned, 1.0),
    };
    number
        .parse::<f64>()
        .ok()
        .map(|v| v * factor)
        .filter(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn typed_counts_accept_suffixes() {
        assert_eq!(parse_count("1.5K"), Some(1500.0));
        assert_eq!(parse_count("20M"), Some(2.0e7));
        assert_eq!(parse_count("1,000"), Some(1000.0));
        assert_eq!(parse_count("3×"), Some(3.0));
        assert_eq!(parse_count("500 B"), Some(500.0));
        assert_eq!(parse_count("1.5 KB"), Some(1500.0));
        assert_eq!(parse_count("2.5B"), Some(2.5e9));
        assert_eq!(parse_count("lots"), None);
    }
}
