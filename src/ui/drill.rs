//! The drill screen: phase stepper with clocks, the phase's goal and checklist, notes, and the
//! interviewer panel.

use std::time::Duration;

use egui::{RichText, ScrollArea, TextEdit, Ui, vec2};

use crate::model::{DrillStatus, Framework, Scenario};

use crate::export::Format;
use crate::model::EdgeKind;

use super::action::Action;
use super::app::state::{DrillView, OpenSession};
use super::canvas::{self, CanvasIntent, CanvasState};
use super::widgets::{budget_bar, clock_text, plan_text, primary_button};
use super::{drill_summary, interviewer, theme};

/// Narrowest a stepper segment gets, so its label fits.
const MIN_SEGMENT: f32 = 84.0;

/// Draws the drill screen for an open session.
pub fn drill_ui(
    ui: &mut Ui,
    open: &OpenSession,
    framework: &Framework,
    scenario: Option<&Scenario>,
    view: &mut DrillView,
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
            let stepper_width = (ui.available_width() - 420.0).max(MIN_SEGMENT * 7.0);
            actions.extend(phase_stepper_ui(ui, open, framework, stepper_width));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                clocks_ui(ui, open, framework, view.cue.is_some());
            });
        });
        if let Some(cue) = &view.cue {
            ui.colored_label(
                theme::error_colour(ui.visuals()),
                RichText::new(format!("{}. Move on when you can.", cue.text)).strong(),
            );
        }
        if drill.is_timed_out() && !drill.keep_going && drill.status != DrillStatus::Finished {
            actions.extend(time_up_ui(ui, open));
        }
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
                    ui.add_space(theme::SECTION_GAP);
                    actions.extend(notes_ui(ui, record, phase, current, framework.phases.len()));
                });
        });

    egui::Panel::right("interviewer")
        .resizable(true)
        .default_size(theme::SIDE_PANEL_WIDTH + 40.0)
        .show(ui, |ui| {
            actions.extend(interviewer::interviewer_ui(
                ui, open, framework, scenario, view,
            ));
        });

    egui::CentralPanel::default().show(ui, |ui| {
        if drill.status == DrillStatus::Finished {
            egui::CollapsingHeader::new(RichText::new("Drill summary").strong())
                .id_salt("summary")
                .default_open(true)
                .show(ui, |ui| {
                    drill_summary::summary_ui(ui, &open.session, framework);
                });
        }
        actions.extend(canvas_toolbar_ui(ui, open, &mut view.canvas));
        let editable = drill.status != DrillStatus::Finished;
        actions.extend(
            canvas::canvas_ui(ui, &open.session.diagram, &mut view.canvas, editable)
                .into_iter()
                .map(Action::Canvas),
        );
    });
    actions
}

/// The phase's notes, with previous/next buttons.
fn notes_ui(
    ui: &mut Ui,
    record: Option<&crate::model::PhaseRecord>,
    phase: &crate::model::Phase,
    current: usize,
    phase_count: usize,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.label(RichText::new("Notes").strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(current + 1 < phase_count, egui::Button::new("Next phase"))
                .on_hover_text("Ctrl+→ or PageDown")
                .clicked()
            {
                actions.push(Action::GoToPhase(current + 1));
            }
            if ui
                .add_enabled(current > 0, egui::Button::new("Previous phase"))
                .on_hover_text("Ctrl+← or PageUp")
                .clicked()
            {
                actions.push(Action::GoToPhase(current - 1));
            }
        });
    });
    let mut notes = record.map(|r| r.notes.clone()).unwrap_or_default();
    let height = (ui.available_height() - 8.0).max(180.0);
    let response = ui
        .add_sized(
            [ui.available_width(), height],
            TextEdit::multiline(&mut notes)
                .hint_text(format!(
                    "Write your {} notes here…",
                    phase.short.to_lowercase()
                ))
                .font(egui::TextStyle::Monospace)
                // Four bytes at most per character: within what a saved file may hold.
                .char_limit(crate::store::repair::MAX_NOTES_BYTES / 4)
                // Unfilled: repainting a large filled area every second is what a software
                // renderer pays for while a drill runs.
                .background_color(egui::Color32::TRANSPARENT),
        )
        .accessible_name(format!("Notes for {}", phase.name));
    if response.changed() {
        actions.push(Action::SetNotes {
            phase: current,
            text: notes,
        });
    }
    actions
}

/// Undo/redo, snapping, tidy, view, arrow style, zones and export, above the canvas.
fn canvas_toolbar_ui(ui: &mut Ui, open: &OpenSession, canvas: &mut CanvasState) -> Vec<Action> {
    let mut actions = Vec::new();
    let editable = open.session.drill.status != DrillStatus::Finished;
    ui.horizontal(|ui| {
        ui.add_enabled_ui(editable, |ui| {
            if ui
                .add_enabled(open.history.can_undo(), egui::Button::new("Undo"))
                .on_hover_text("Ctrl+Z")
                .clicked()
            {
                actions.push(Action::Canvas(CanvasIntent::Undo));
            }
            if ui
                .add_enabled(open.history.can_redo(), egui::Button::new("Redo"))
                .on_hover_text("Ctrl+Shift+Z or Ctrl+Y")
                .clicked()
            {
                actions.push(Action::Canvas(CanvasIntent::Redo));
            }
            ui.separator();
            ui.toggle_value(&mut canvas.snap, "Snap")
                .on_hover_text("Snap to grid (G)");
            if ui
                .button("Tidy")
                .on_hover_text("Lay the graph out left to right")
                .clicked()
            {
                actions.push(Action::Canvas(CanvasIntent::Tidy));
            }
            if ui
                .button("Add zone")
                .on_hover_text("A labelled area: online, offline, nearline")
                .clicked()
            {
                actions.push(Action::Canvas(CanvasIntent::AddZone(canvas.view_centre())));
            }
            let _ = egui::ComboBox::from_id_salt("new_edge_kind")
                .selected_text(format!("Arrows: {}", canvas.new_edge_kind.label()))
                .show_ui(ui, |ui| {
                    for kind in EdgeKind::ALL {
                        ui.selectable_value(&mut canvas.new_edge_kind, kind, kind.label());
                    }
                })
                .response
                .accessible_name("New arrow kind");
        });
        ui.separator();
        if ui.button("Fit").on_hover_text("Shift+1").clicked() {
            canvas.fit_requested = true;
        }
        if ui
            .button(format!("{:.0} %", canvas.view.zoom * 100.0))
            .on_hover_text("Back to 100 % (Shift+0)")
            .clicked()
        {
            canvas.reset_zoom();
        }
        ui.menu_button("Export", |ui| {
            for format in Format::ALL {
                if ui.button(format!("{} file", format.label())).clicked() {
                    actions.push(Action::Export(format));
                    ui.close();
                }
            }
            if ui.button("Copy as Mermaid").clicked() {
                actions.push(Action::CopyMermaid);
                ui.close();
            }
        });
        if ui.button("Shortcuts").on_hover_text("F1 or ?").clicked() {
            actions.push(Action::ToggleHelp);
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
            if ui.button("Pause").on_hover_text("Space").clicked() {
                actions.push(Action::Pause);
            }
        }
        DrillStatus::Paused => {
            if ui.button("Resume").on_hover_text("Space").clicked() {
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

/// One segment per phase, as wide as its share of the budget, with a bar that fills as time
/// runs (amber at 80 %, red when over).
fn phase_stepper_ui(
    ui: &mut Ui,
    open: &OpenSession,
    framework: &Framework,
    width: f32,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    let total_budget = framework.budget_minutes().max(1) as f32;
    let spacing = ui.spacing().item_spacing.x;
    let usable = width - spacing * framework.phases.len() as f32;
    for (i, phase) in framework.phases.iter().enumerate() {
        let Some(record) = drill.phases.get(i) else {
            continue;
        };
        let used = drill.phase_used(framework, i) as f32;
        let segment = (usable * phase.budget_minutes as f32 / total_budget).max(MIN_SEGMENT);
        ui.vertical(|ui| {
            ui.set_width(segment);
            let text = RichText::new(format!("{} {}", i + 1, phase.short));
            let text = if i == drill.current {
                text.strong()
            } else {
                text
            };
            let button =
                egui::Button::selectable(i == drill.current, text).min_size(vec2(segment, 0.0));
            let budget = drill.phase_budget(framework, i);
            let response = ui.add(button).on_hover_text(format!(
                "{}: {} of {}",
                phase.name,
                clock_text(record.elapsed()),
                clock_text(budget)
            ));
            if response.clicked() && i != drill.current {
                actions.push(Action::GoToPhase(i));
            }
            budget_bar(ui, segment, used);
        });
    }
    actions
}

/// The phase and total clocks, large and monospace, coloured by budget.
fn clocks_ui(ui: &mut Ui, open: &OpenSession, framework: &Framework, flash: bool) {
    let drill = &open.session.drill;
    let total = drill.total_elapsed();
    let total_budget = drill.total_budget();
    let total_used = total.as_secs_f32() / total_budget.as_secs_f32().max(1.0);
    ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
        if let Some(record) = drill.current_record() {
            let used = drill.phase_used(framework, drill.current) as f32;
            let mut text = RichText::new(format!(
                "Phase {} / {}",
                clock_text(record.elapsed()),
                clock_text(drill.phase_budget(framework, drill.current))
            ))
            .font(theme::clock_font())
            .color(theme::budget_colour(ui.visuals(), used));
            if flash {
                text =
                    text.background_color(theme::error_colour(ui.visuals()).gamma_multiply(0.25));
            }
            ui.label(text);
        }
        ui.label(
            RichText::new(format!(
                "Total {} / {}",
                clock_text(total),
                clock_text(total_budget)
            ))
            .font(theme::clock_font())
            .color(theme::budget_colour(ui.visuals(), total_used)),
        )
        .on_hover_text(format!(
            "A {}-minute drill: {}",
            drill.total_minutes,
            plan_text(&framework.plan(drill.total_minutes))
        ));
        let state = match drill.status {
            DrillStatus::Running => "running".to_owned(),
            DrillStatus::Paused => "paused · Space resumes".to_owned(),
            DrillStatus::Finished => "finished".to_owned(),
        };
        let state = if drill.overtime() > Duration::ZERO {
            format!("{state} · overtime {}", clock_text(drill.overtime()))
        } else {
            state
        };
        ui.weak(state);
    });
}

/// The banner when the total time runs out: finish, or keep going.
fn time_up_ui(ui: &mut Ui, open: &OpenSession) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    egui::Frame::group(ui.style())
        .fill(theme::warning_colour(ui.visuals()).gamma_multiply(0.15))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Time is up: the {}-minute drill is over.",
                        drill.total_minutes
                    ))
                    .strong(),
                );
                ui.label("In a real interview you would be wrapping up now.");
                if primary_button(ui, "Finish and score").clicked() {
                    actions.push(Action::Finish);
                }
                if ui
                    .button("Keep going")
                    .on_hover_text("Overtime is recorded in the session")
                    .clicked()
                {
                    actions.push(Action::KeepGoing);
                }
            });
        });
    actions
}
