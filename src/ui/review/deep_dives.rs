//! The deep dives on the Reference tab: each topic a tree of questions an interviewer takes
//! two or three levels down, with what a good answer says at each level and the rubric items
//! it is evidence for. Every level opens on its own, so the reader can guess before looking.

use egui::{RichText, Ui};

use crate::model::Scenario;
use crate::model::scenario::{DeepDive, DiveStep};
use crate::store::builtin::MAX_DIVE_DEPTH;
use crate::ui::widgets::wrapping_collapsible;

/// The scenario's deep dives, or nothing when it has none.
pub(super) fn deep_dives_ui(ui: &mut Ui, scenario: &Scenario, phase_name: &dyn Fn(&str) -> String) {
    if scenario.deep_dives.is_empty() {
        return;
    }
    ui.label(RichText::new("Deep dives").strong());
    ui.weak("Where an interviewer goes in the last phases, one level at a time. Answer each question before you open the next.");
    for dive in &scenario.deep_dives {
        ui.push_id(&dive.id, |ui| dive_ui(ui, dive, scenario, phase_name));
    }
}

/// One topic: its first question, open to its deeper levels.
fn dive_ui(ui: &mut Ui, dive: &DeepDive, scenario: &Scenario, phase_name: &dyn Fn(&str) -> String) {
    let header = RichText::new(format!("{} · {}", dive.topic, phase_name(&dive.phase))).strong();
    wrapping_collapsible(ui, "topic", header, |ui| {
        step_ui(ui, &dive.root, 1, scenario);
    });
}

/// A question at `level` (the first is 1): what to listen for, the items it evidences, and the
/// questions one level deeper, each closed until opened.
fn step_ui(ui: &mut Ui, step: &DiveStep, level: usize, scenario: &Scenario) {
    if level == 1 {
        ui.add(egui::Label::new(RichText::new(format!("Level 1: {}", step.ask)).strong()).wrap());
    }
    ui.horizontal_wrapped(|ui| {
        ui.weak("Listen for:");
        ui.label(&step.listen_for);
    });
    let titles: Vec<&str> = step
        .items
        .iter()
        .filter_map(|id| scenario.rubric.iter().find(|item| &item.id == id))
        .map(|item| item.title.as_str())
        .collect();
    if !titles.is_empty() {
        ui.weak(format!("Evidence for: {}", titles.join(", ")));
    }
    // Loaded scenarios are never deeper (the loader refuses them); the bound keeps drawing
    // shallow for any scenario built another way.
    if level >= MAX_DIVE_DEPTH {
        return;
    }
    for (i, deeper) in step.deeper.iter().enumerate() {
        let header = format!("Level {}: {}", level + 1, deeper.ask);
        wrapping_collapsible(ui, ("deeper", level, i), header, |ui| {
            step_ui(ui, deeper, level + 1, scenario);
        });
    }
}
