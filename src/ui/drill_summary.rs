//! After the drill: each phase's time against its budget, overruns, questions and follow-ups.

use egui::Ui;

use crate::model::{Framework, InterviewEvent, Session};

use super::theme;
use super::widgets::{budget_bar, clock_text, count_of};

/// Draws the summary of a finished drill.
pub fn summary_ui(ui: &mut Ui, session: &Session, framework: &Framework) {
    let drill = &session.drill;
    let over: Vec<usize> = (0..framework.phases.len())
        .filter(|i| !drill.phase_overrun(framework, *i).is_zero())
        .collect();
    let overtime = drill.overtime();
    let overtime_text = if overtime.is_zero() {
        String::new()
    } else {
        format!(" · overtime {}", clock_text(overtime))
    };
    let phases_text = if over.is_empty() {
        "every phase within budget".to_owned()
    } else {
        format!(
            "{} of {} over budget",
            over.len(),
            count_of(framework.phases.len(), "phase", "phases")
        )
    };
    let headline = format!(
        "Total {} of {}{overtime_text} · {phases_text}",
        clock_text(drill.total_elapsed()),
        clock_text(drill.total_budget())
    );
    ui.label(headline);
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
                let overrun = drill.phase_overrun(framework, i);
                if overrun.is_zero() {
                    ui.weak("on time");
                } else {
                    ui.colored_label(
                        theme::error_colour(ui.visuals()),
                        format!("+{} over", clock_text(overrun)),
                    );
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
