//! After the drill: each phase's time against its budget (skipped, rushed, on time or over),
//! questions and follow-ups.

use egui::Ui;

use crate::model::{Framework, InterviewEvent, Pace, Session};

use super::theme;
use super::widgets::{budget_bar, clock_text, count_of};

/// Draws the summary of a finished drill.
pub fn summary_ui(ui: &mut Ui, session: &Session, framework: &Framework) {
    let drill = &session.drill;
    let paces: Vec<Pace> = (0..framework.phases.len())
        .map(|i| drill.phase_pace(framework, i))
        .collect();
    let overtime = drill.overtime();
    let overtime_text = if overtime.is_zero() {
        String::new()
    } else {
        format!(" · overtime {}", clock_text(overtime))
    };
    let headline = format!(
        "Total {} of {}{overtime_text} · {}",
        clock_text(drill.total_elapsed()),
        clock_text(drill.total_budget()),
        pace_headline(&paces)
    );
    ui.label(headline);
    let short: Vec<&str> = framework
        .phases
        .iter()
        .zip(&paces)
        .filter(|(_, pace)| pace.is_short())
        .map(|(phase, _)| phase.name.as_str())
        .collect();
    if !short.is_empty() {
        ui.colored_label(
            theme::warning_colour(ui.visuals()),
            format!(
                "Too little time for {}: an interviewer hears nothing of a skipped phase, \
                 which costs more than running over. Next time, move on when a phase turns \
                 amber so the later phases keep their minutes.",
                short.join(", ")
            ),
        );
    }
    ui.add_space(6.0);
    egui::Grid::new("summary_grid")
        .num_columns(4)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            for (i, phase) in framework.phases.iter().enumerate() {
                let Some(record) = drill.phases.get(i) else {
                    continue;
                };
                let budget = drill.phase_budget(framework, i);
                ui.label(&phase.name);
                budget_bar(ui, 220.0, drill.phase_used(framework, i) as f32);
                ui.monospace(format!(
                    "{} / {}",
                    clock_text(record.elapsed()),
                    clock_text(budget)
                ));
                match paces[i] {
                    Pace::OnTime => {
                        ui.weak(Pace::OnTime.label());
                    }
                    Pace::Over => {
                        ui.colored_label(
                            theme::error_colour(ui.visuals()),
                            format!("+{} over", clock_text(drill.phase_overrun(framework, i))),
                        );
                    }
                    pace @ (Pace::Skipped | Pace::Rushed) => {
                        ui.colored_label(theme::warning_colour(ui.visuals()), pace.label());
                    }
                }
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    let asked = drill
        .log
        .iter()
        .filter(|e| matches!(e, InterviewEvent::Asked { .. }))
        .count();
    let assumed = drill
        .log
        .iter()
        .filter(|e| matches!(e, InterviewEvent::Assumed { .. }))
        .count();
    let (answered, shown) = drill
        .log
        .iter()
        .fold((0, 0), |(answered, shown), e| match e {
            InterviewEvent::Curveball {
                acknowledged_at_ms, ..
            }
            | InterviewEvent::Prompt {
                acknowledged_at_ms, ..
            } => (
                answered + usize::from(acknowledged_at_ms.is_some()),
                shown + 1,
            ),
            _ => (answered, shown),
        });
    ui.label(format!(
        "{} asked · {} stated · {answered} of {} answered",
        count_of(asked, "clarifying question", "clarifying questions"),
        count_of(assumed, "assumption", "assumptions"),
        count_of(shown, "follow-up", "follow-ups"),
    ));
}

/// "every phase on time", or the phases that were not, worst first: "2 phases skipped · 1
/// rushed · 1 over budget".
fn pace_headline(paces: &[Pace]) -> String {
    let count = |pace: Pace| paces.iter().filter(|p| **p == pace).count();
    let (skipped, rushed, over) = (count(Pace::Skipped), count(Pace::Rushed), count(Pace::Over));
    if skipped + rushed + over == 0 {
        return "every phase on time".to_owned();
    }
    let phases = |n: usize| if n == 1 { "phase" } else { "phases" };
    let mut parts = Vec::new();
    for (n, word) in [
        (skipped, "skipped"),
        (rushed, "rushed"),
        (over, "over budget"),
    ] {
        if n > 0 {
            if parts.is_empty() {
                parts.push(format!("{n} {} {word}", phases(n)));
            } else {
                parts.push(format!("{n} {word}"));
            }
        }
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_headline_names_short_phases_before_overruns() {
        use Pace::{OnTime, Over, Rushed, Skipped};
        assert_eq!(pace_headline(&[OnTime, OnTime]), "every phase on time");
        assert_eq!(
            pace_headline(&[OnTime, Skipped, Skipped, Rushed, Over]),
            "2 phases skipped · 1 rushed · 1 over budget"
        );
        assert_eq!(pace_headline(&[Over, OnTime]), "1 phase over budget");
        assert_eq!(
            pace_headline(&[Rushed, Over, Over]),
            "1 phase rushed · 2 over budget"
        );
    }
}
