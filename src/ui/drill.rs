//! The drill screen: phase stepper with clocks, the phase's goal and checklist, notes.

use std::time::Duration;

use egui::{RichText, ScrollArea, TextEdit, Ui, vec2};

use crate::model::{DrillStatus, Framework, Phase, PhaseRecord, Scenario};

use super::action::Action;
use super::app::OpenSession;
use super::theme;
use super::widgets::{budget_bar, clock_text, primary_button};

/// Fraction of a phase budget used.
fn used_fraction(record: &PhaseRecord, phase: &Phase) -> f32 {
    record.elapsed().as_secs_f32() / (phase.budget_secs().max(1) as f32)
}

/// Draws the drill screen for an open session.
pub fn drill_ui(
    ui: &mut Ui,
    open: &OpenSession,
    framework: &Framework,
    scenario: Option<&Scenario>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    let current = drill.current.min(framework.phases.len().saturating_sub(1));

    egui::Panel::top("drill_header").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN / 2.0);
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&open.session.scenario_title)
                    .size(theme::TITLE_SIZE)
                    .strong(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                actions.extend(drill_controls_ui(ui, open));
            });
        });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            actions.extend(phase_stepper_ui(ui, open, framework));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                clocks_ui(ui, open, framework);
            });
        });
        ui.add_space(4.0);
    });

    let Some(phase) = framework.phases.get(current) else {
        return actions;
    };
    let record = drill.phases.get(current);

    egui::Panel::left("phase_guide")
        .resizable(true)
        .default_size(theme::SIDE_PANEL_WIDTH)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("phase_guide")
                .show(ui, |ui| {
                    ui.add_space(theme::PANEL_MARGIN / 2.0);
                    if let Some(scenario) = scenario {
                        ui.label(RichText::new("The interviewer says").strong());
                        ui.label(RichText::new(&scenario.prompt).italics());
                        ui.add_space(theme::SECTION_GAP);
                    }
                    ui.label(
                        RichText::new(format!("{}. {}", current + 1, phase.name))
                            .size(18.0)
                            .strong(),
                    );
                    ui.label(&phase.goal);
                    ui.add_space(8.0);
                    for (i, prompt) in phase.prompts.iter().enumerate() {
                        let mut ticked = record.is_some_and(|r| r.checked.contains(&i));
                        if ui.checkbox(&mut ticked, prompt).changed() {
                            actions.push(Action::ToggleChecked {
                                phase: current,
                                prompt: i,
                            });
                        }
                    }
                });
        });

    egui::CentralPanel::default().show(ui, |ui| {
        if drill.status == DrillStatus::Finished {
            finished_banner_ui(ui, open, framework);
        }
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Notes · {}", phase.name)).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let last = framework.phases.len().saturating_sub(1);
                if ui
                    .add_enabled(current < last, egui::Button::new("Next phase"))
                    .clicked()
                {
                    actions.push(Action::GoToPhase(current + 1));
                }
                if ui
                    .add_enabled(current > 0, egui::Button::new("Previous phase"))
                    .clicked()
                {
                    actions.push(Action::GoToPhase(current - 1));
                }
            });
        });
        let mut notes = record.map(|r| r.notes.clone()).unwrap_or_default();
        let response = ui
            .add_sized(
                ui.available_size(),
                TextEdit::multiline(&mut notes)
                    .hint_text(format!(
                        "Write your {} notes here…",
                        phase.short.to_lowercase()
                    ))
                    .font(egui::TextStyle::Monospace),
            )
            .accessible_name(format!("Notes for {}", phase.name));
        if response.changed() {
            actions.push(Action::SetNotes {
                phase: current,
                text: notes,
            });
        }
    });
    actions
}

/// Home, Save, Pause/Resume and Finish, right-aligned.
fn drill_controls_ui(ui: &mut Ui, open: &OpenSession) -> Vec<Action> {
    let mut actions = Vec::new();
    let status = open.session.drill.status;
    if status != DrillStatus::Finished && primary_button(ui, "Finish drill").clicked() {
        actions.push(Action::Finish);
    }
    match status {
        DrillStatus::Running => {
            if ui.button("Pause").clicked() {
                actions.push(Action::Pause);
            }
        }
        DrillStatus::Paused => {
            if ui.button("Resume").clicked() {
                actions.push(Action::Resume);
            }
        }
        DrillStatus::Finished => {}
    }
    let save_text = if open.dirty { "Save*" } else { "Save" };
    if ui.button(save_text).on_hover_text("Ctrl+S").clicked() {
        actions.push(Action::Save);
    }
    if ui
        .button("Home")
        .on_hover_text("Saves the drill first (Ctrl+N)")
        .clicked()
    {
        actions.push(Action::GoHome);
    }
    actions
}

/// One button per phase, numbered, with its budget and a bar that fills as time runs.
fn phase_stepper_ui(ui: &mut Ui, open: &OpenSession, framework: &Framework) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    for (i, phase) in framework.phases.iter().enumerate() {
        let Some(record) = drill.phases.get(i) else {
            continue;
        };
        let used = used_fraction(record, phase);
        ui.vertical(|ui| {
            let text = RichText::new(format!("{} {}", i + 1, phase.short));
            let text = if i == drill.current {
                text.strong()
            } else {
                text
            };
            let button =
                egui::Button::selectable(i == drill.current, text).min_size(vec2(96.0, 0.0));
            let response = ui.add(button).on_hover_text(format!(
                "{}: {} of {} min",
                phase.name,
                clock_text(record.elapsed()),
                phase.budget_minutes
            ));
            if response.clicked() && i != drill.current {
                actions.push(Action::GoToPhase(i));
            }
            budget_bar(ui, response.rect.width(), used);
        });
    }
    actions
}

/// The phase and total clocks, large and monospace, coloured by budget.
fn clocks_ui(ui: &mut Ui, open: &OpenSession, framework: &Framework) {
    let drill = &open.session.drill;
    let total = drill.total_elapsed();
    let total_budget = Duration::from_secs(u64::from(drill.total_minutes) * 60);
    let total_used = total.as_secs_f32() / total_budget.as_secs_f32().max(1.0);
    ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
        if let (Some(record), Some(phase)) =
            (drill.current_record(), framework.phases.get(drill.current))
        {
            let used = used_fraction(record, phase);
            ui.label(
                RichText::new(format!(
                    "Phase {} / {}",
                    clock_text(record.elapsed()),
                    clock_text(Duration::from_secs(phase.budget_secs()))
                ))
                .font(theme::clock_font())
                .color(theme::budget_colour(ui.visuals(), used)),
            );
        }
        ui.label(
            RichText::new(format!(
                "Total {} / {}",
                clock_text(total),
                clock_text(total_budget)
            ))
            .font(theme::clock_font())
            .color(theme::budget_colour(ui.visuals(), total_used)),
        );
        let state = match drill.status {
            DrillStatus::Running => "running",
            DrillStatus::Paused => "paused",
            DrillStatus::Finished => "finished",
        };
        ui.weak(state);
    });
}

/// After the drill: time per phase against budget.
fn finished_banner_ui(ui: &mut Ui, open: &OpenSession, framework: &Framework) {
    let drill = &open.session.drill;
    ui.label(RichText::new("Drill finished").size(18.0).strong());
    let over: Vec<&str> = framework
        .phases
        .iter()
        .zip(&drill.phases)
        .filter(|(phase, record)| record.elapsed().as_secs() > phase.budget_secs())
        .map(|(phase, _)| phase.short.as_str())
        .collect();
    let summary = if over.is_empty() {
        format!(
            "Total {} · every phase within budget",
            clock_text(drill.total_elapsed())
        )
    } else {
        format!(
            "Total {} · over budget: {}",
            clock_text(drill.total_elapsed()),
            over.join(", ")
        )
    };
    ui.label(summary);
    ui.add_space(theme::SECTION_GAP);
}
