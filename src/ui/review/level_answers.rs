//! The model answers by level on the Reference tab: what a mid, senior and staff answer says
//! in each phase and what moved its rating, one level at a time, starting at the session's.

use egui::{RichText, Ui};

use crate::model::{Scenario, TargetLevel};
use crate::ui::widgets::wrapping_collapsible;

/// The level picker and the chosen level's answer, or nothing when the scenario has none.
pub(super) fn level_answers_ui(
    ui: &mut Ui,
    scenario: &Scenario,
    target: TargetLevel,
    chosen: &mut Option<TargetLevel>,
    phase_name: &dyn Fn(&str) -> String,
) {
    let available: Vec<TargetLevel> = TargetLevel::ALL
        .into_iter()
        .filter(|level| scenario.reference.at_level(*level).is_some())
        .collect();
    let Some(&first) = available.first() else {
        return;
    };
    let shown = [chosen.unwrap_or(target), target]
        .into_iter()
        .find(|level| available.contains(level))
        .unwrap_or(first);
    ui.label(RichText::new("Model answers by level").strong());
    ui.horizontal_wrapped(|ui| {
        for level in &available {
            let yours = if *level == target { " (yours)" } else { "" };
            if ui
                .selectable_label(shown == *level, format!("{}{yours}", level.label()))
                .on_hover_text(format!(
                    "What a {} answer says",
                    level.label().to_lowercase()
                ))
                .accessible_name(format!("{} answer{yours}", level.label()))
                .clicked()
            {
                *chosen = Some(*level);
            }
        }
    });
    let Some(answer) = scenario.reference.at_level(shown) else {
        return;
    };
    if !answer.moved.trim().is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("What moved the rating:").strong());
            ui.label(&answer.moved);
        });
    }
    for phase in &answer.phases {
        // Keyed by phase only, so a phase left open stays open when the level changes and the
        // two answers can be compared in place.
        wrapping_collapsible(
            ui,
            ("level_answer", &phase.phase),
            phase_name(&phase.phase),
            |ui| {
                ui.label(&phase.answer);
            },
        );
    }
}
