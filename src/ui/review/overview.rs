//! The Overview tab: the drill's timeline and latest score beside the notes per phase and the
//! questions, assumptions and follow-ups that were logged.

use egui::{RichText, ScrollArea, Ui};

use crate::model::interviewer::{RESPONSE_WINDOW_MS, response_to};
use crate::model::scoring::score;
use crate::model::{InterviewEvent, Scenario, Session};
use crate::ui::widgets::local_time;
use crate::ui::{drill_summary, theme};

use crate::model::voice_activity::{SPEAKING_NOTE, speaking_lines};

use super::state::ReplayPlayer;
use super::{OpenSession, ReviewContext, ReviewView, at, result_ui};

/// The width a column needs for the drill summary's time grid (name, bar, times, overrun).
const COLUMN_MIN_WIDTH: f32 = 680.0;

/// Timeline, score, notes per phase, questions and follow-ups.
pub(super) fn overview_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &ReviewView,
) {
    let player: Option<&ReplayPlayer> = view.player.as_ref();
    ScrollArea::vertical()
        .id_salt("overview")
        .auto_shrink(false)
        .show(ui, |ui| {
            // Side by side only when each column can hold the summary's time grid; narrower,
            // the notes follow the summary, so nothing is drawn over them.
            if ui.available_width() >= 2.0 * COLUMN_MIN_WIDTH {
                ui.columns(2, |columns| {
                    let [left, right] = columns else {
                        return;
                    };
                    summary_and_score_ui(left, open, context, view);
                    notes_and_log_ui(right, open, context);
                    prompts_and_responses_ui(right, open, context, player);
                });
            } else {
                summary_and_score_ui(ui, open, context, view);
                ui.add_space(theme::SECTION_GAP);
                notes_and_log_ui(ui, open, context);
                prompts_and_responses_ui(ui, open, context, player);
            }
        });
}

/// The left column of the overview: timeline, the latest score and, under its competencies,
/// the speaking time the recording shows.
fn summary_and_score_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &ReviewView,
) {
    let session = &open.session;
    ui.label(RichText::new("Drill summary").strong().size(18.0));
    drill_summary::summary_ui(ui, session, context.framework);
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Self-score").strong().size(18.0));
    if open.partner.is_some() {
        ui.weak("Hidden while you score as partner, so your score is your own.");
        return;
    }
    let own: Vec<&crate::model::ScoreSheet> = session.self_scores().collect();
    match own.last() {
        Some(sheet) => {
            let result = sheet
                .result
                .clone()
                .or_else(|| score(sheet, context.framework, &session.drill, session.target));
            if let Some(result) = result {
                result_ui(ui, &result, context.framework);
            }
            if own.len() > 1 {
                ui.weak(format!(
                    "Revision {} · earlier: {}",
                    own.len(),
                    own[..own.len() - 1]
                        .iter()
                        .map(|s| {
                            s.result.as_ref().map_or_else(
                                || local_time(ui, s.at),
                                |r| format!("{} ({})", local_time(ui, s.at), r.band.label()),
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        None => {
            ui.weak("Not scored yet: open the Score tab.");
        }
    }
    speaking_ui(ui, open, context, view);
}

/// Speaking time per phase and the longest silence, from the recorded voice: evidence beside
/// the communication competency, never part of the score. Nothing shows for a drill that was
/// not recorded.
fn speaking_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>, view: &ReviewView) {
    if view.voice.is_none() && view.voice_error.is_none() {
        return;
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Speaking").strong().size(18.0));
    if let Some(error) = &view.voice_error {
        ui.label(RichText::new(error).color(theme::warning_colour(ui.visuals())));
        return;
    }
    let Some(voice) = &view.voice else {
        return;
    };
    ui.weak(SPEAKING_NOTE);
    let phases = &open.session.drill.phases;
    let name = |i: usize| {
        context.framework.phases.get(i).map_or_else(
            || {
                phases
                    .get(i)
                    .map_or_else(|| format!("Phase {}", i + 1), |r| r.phase.clone())
            },
            |p| p.name.clone(),
        )
    };
    let lines = speaking_lines(&voice.speaking, name);
    if lines.is_empty() {
        ui.weak("The recording holds no time in the drill.");
    }
    for line in lines {
        ui.label(line);
    }
}

/// The right column of the overview: notes per phase, questions, assumptions, follow-ups.
fn notes_and_log_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) {
    let session = &open.session;
    ui.label(RichText::new("Notes").strong().size(18.0));
    for (i, record) in session.drill.phases.iter().enumerate() {
        let name = context
            .framework
            .phases
            .get(i)
            .map_or(record.phase.as_str(), |p| p.name.as_str());
        egui::CollapsingHeader::new(format!("{}. {name}", i + 1))
            .id_salt(("notes", i))
            .default_open(!record.notes.trim().is_empty())
            .show(ui, |ui| {
                if record.notes.trim().is_empty() {
                    ui.weak("No notes.");
                } else {
                    ui.label(RichText::new(&record.notes).monospace());
                }
            });
    }
    if let Some(scenario) = context.scenario {
        ui.add_space(theme::SECTION_GAP);
        clarifying_questions_ui(ui, session, scenario);
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(
        RichText::new("Questions, assumptions and follow-ups")
            .strong()
            .size(18.0),
    );
    if session.drill.log.is_empty() {
        ui.weak("None were logged.");
    }
    for event in &session.drill.log {
        match event {
            InterviewEvent::Asked {
                question,
                answer,
                at_ms,
                ..
            } => {
                let words = event.words().unwrap_or(question);
                ui.label(format!("{}  Asked: {words}", at(*at_ms)));
                ui.weak(format!("Answered as: {question}"));
                ui.weak(answer);
            }
            InterviewEvent::Assumed { text, at_ms, .. } => {
                ui.label(format!("{}  Assumed: {text}", at(*at_ms)));
            }
            InterviewEvent::Curveball {
                text,
                shown_at_ms,
                acknowledged_at_ms,
                ..
            } => {
                let answered = acknowledged_at_ms.map_or_else(
                    || "not answered".to_owned(),
                    |a| format!("answered {}", at(a)),
                );
                ui.label(format!(
                    "{}  Follow-up: {text} ({answered})",
                    at(*shown_at_ms)
                ));
            }
            InterviewEvent::Prompt {
                source,
                text,
                shown_at_ms,
                acknowledged_at_ms,
                ..
            } => {
                let answered = acknowledged_at_ms.map_or_else(
                    || "not answered".to_owned(),
                    |a| format!("answered {}", at(a)),
                );
                ui.label(format!(
                    "{}  {}: {text} ({answered})",
                    at(*shown_at_ms),
                    source.label()
                ));
            }
        }
    }
}

/// Each interviewer prompt (issue 23) with what the candidate wrote in that phase's notes and
/// drew in the minutes after it, from the replay log.
fn prompts_and_responses_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    player: Option<&ReplayPlayer>,
) {
    let prompts: Vec<_> = open
        .session
        .drill
        .log
        .iter()
        .filter_map(|event| match event {
            InterviewEvent::Prompt {
                source,
                text,
                phase,
                shown_at_ms,
                ..
            } => Some((source, text, phase, *shown_at_ms)),
            _ => None,
        })
        .collect();
    if prompts.is_empty() {
        return;
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(
        RichText::new("Prompts and your answers")
            .strong()
            .size(18.0),
    );
    let minutes = RESPONSE_WINDOW_MS / 60_000;
    ui.weak(format!(
        "What you wrote in the phase's notes and drew in the {minutes} minutes after each prompt."
    ));
    for (source, text, phase, shown_at_ms) in prompts {
        ui.add_space(6.0);
        ui.label(format!("{}  {}: {text}", at(shown_at_ms), source.label()));
        let Some(player) = player else {
            ui.weak("No replay log for this drill, so what followed is not known.");
            continue;
        };
        let index = context.framework.phase_index(phase).unwrap_or(usize::MAX);
        let response = response_to(&player.replay, index, shown_at_ms);
        if response.is_empty() {
            ui.weak("Nothing written or drawn after it.");
            continue;
        }
        if !response.written.is_empty() {
            ui.label(RichText::new(format!("Wrote: {}", response.written)).monospace());
        }
        if !response.drawn.is_empty() {
            ui.label(format!("Drew: {}", response.drawn.join(", ")));
        }
    }
}

/// Which scripted clarifying questions were asked, in the candidate's words and with the time,
/// which were not, and the topics no question covered.
fn clarifying_questions_ui(ui: &mut Ui, session: &Session, scenario: &Scenario) {
    let questions = &scenario.questions;
    if questions.is_empty() {
        return;
    }
    let drill = &session.drill;
    let asked = questions
        .iter()
        .filter(|q| drill.was_asked(&q.question))
        .count();
    ui.label(RichText::new("Clarifying questions").strong().size(18.0));
    ui.label(format!(
        "You asked {asked} of the interviewer's {} scripted questions.",
        questions.len()
    ));
    let missing = drill.topics_not_asked(questions);
    if missing.is_empty() {
        ui.label("Every topic was covered.");
    } else {
        let names: Vec<&str> = missing.iter().map(|t| t.label()).collect();
        ui.label(
            RichText::new(format!("Topics never covered: {}", names.join(", ")))
                .color(theme::warning_colour(ui.visuals())),
        );
    }
    for question in questions {
        let words = drill.log.iter().find_map(|e| match e {
            InterviewEvent::Asked {
                question: q, at_ms, ..
            } if *q == question.question => Some((e.words().unwrap_or(q), *at_ms)),
            _ => None,
        });
        ui.add_space(2.0);
        match words {
            Some((asked_as, at_ms)) => {
                ui.label(format!(
                    "{}  {}: \"{asked_as}\"",
                    at(at_ms),
                    question.topic.label()
                ));
                ui.weak(format!("Answered as: {}", question.question));
            }
            None => {
                ui.weak(format!(
                    "Not asked ({}): {}",
                    question.topic.label(),
                    question.question
                ));
            }
        }
    }
}
