//! The Overview tab: the drill's timeline and latest score beside the notes per phase and the
//! questions, assumptions and follow-ups that were logged.

use egui::{RichText, ScrollArea, Ui};

use crate::model::InterviewEvent;
use crate::model::scoring::score;
use crate::ui::widgets::local_time;
use crate::ui::{drill_summary, theme};

use super::{OpenSession, ReviewContext, at, result_ui};

/// Timeline, score, notes per phase, questions and follow-ups.
pub(super) fn overview_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) {
    ScrollArea::vertical()
        .id_salt("overview")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.columns(2, |columns| {
                let [left, right] = columns else {
                    return;
                };
                summary_and_score_ui(left, open, context);
                notes_and_log_ui(right, open, context);
            });
        });
}

/// The left column of the overview: timeline and the latest score.
fn summary_and_score_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) {
    let session = &open.session;
    ui.label(RichText::new("Drill summary").strong().size(18.0));
    drill_summary::summary_ui(ui, session, context.framework);
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Self-score").strong().size(18.0));
    match session.scores.last() {
        Some(sheet) => {
            let result = sheet.result.clone().or_else(|| {
                context
                    .scenario
                    .map(|s| score(sheet, s, context.framework, &session.drill))
            });
            if let Some(result) = result {
                result_ui(ui, &result, context.framework);
            }
            if session.scores.len() > 1 {
                ui.weak(format!(
                    "Revision {} · earlier: {}",
                    session.scores.len(),
                    session.scores[..session.scores.len() - 1]
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
                ui.label(format!("{}  Asked: {question}", at(*at_ms)));
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
        }
    }
}
