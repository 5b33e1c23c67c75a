//! The drill screen: phase stepper with clocks, the phase's goal and checklist, notes, and the
//! interviewer panel.

use std::time::Duration;

use egui::{RichText, ScrollArea, TextEdit, Ui, vec2};

use crate::model::{DrillStatus, Framework, Scenario};

use crate::export::Format;
use crate::model::EdgeKind;

use super::action::Action;
use super::app::state::{DrillView, OpenSession, SidePanel, SidePanels};
use super::canvas::{self, CanvasIntent, CanvasState};
use super::widgets::{budget_bar, clock_text, plan_text, primary_button};
use super::{drill_summary, interviewer, theme, toolbar};

/// Narrowest a stepper segment gets; a label that does not fit is cut (in full on hover).
const MIN_SEGMENT: f32 = 40.0;

/// The height of the header's title row (the primary button's).
const HEADER_ROW: f32 = 32.0;

/// The most of the window's width one side panel may take.
const SIDE_SHARE: f32 = 0.28;

/// The narrowest a side panel gets.
const MIN_SIDE: f32 = 180.0;

/// Draws the drill screen for an open session; `panels` says which side panels show.
pub fn drill_ui(
    ui: &mut Ui,
    open: &OpenSession,
    framework: &Framework,
    scenario: Option<&Scenario>,
    view: &mut DrillView,
    panels: SidePanels,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let drill = &open.session.drill;
    let current = drill.current.min(framework.phases.len().saturating_sub(1));

    egui::Panel::top("drill_header").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN / 2.0);
        // Right to left: the controls keep their room and a long title is cut to what is left.
        let row = egui::vec2(ui.available_width(), HEADER_ROW);
        ui.allocate_ui_with_layout(
            row,
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| {
                actions.extend(drill_controls_ui(ui, open, panels));
                ui.weak(format!("{} bar", open.session.target.label()))
                    .on_hover_text(
                        "The level this drill is for: it picks the core items and the bar",
                    );
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(&open.session.scenario_title)
                                .size(theme::TITLE_SIZE)
                                .strong(),
                        )
                        .truncate(),
                    );
                });
            },
        );
        ui.add_space(4.0);
        // The clocks first, at the right, so the stepper takes only the width they leave.
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            clocks_ui(ui, open, framework, view.cue.is_some(), view.recording);
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Min), |ui| {
                let width = ui.available_width();
                actions.extend(phase_stepper_ui(ui, open, framework, width));
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

    if let Some(untouched) = &view.confirm_finish {
        actions.extend(confirm_finish_ui(ui, untouched));
    }

    let Some(phase) = framework.phases.get(current) else {
        return actions;
    };
    let record = drill.phases.get(current);
    // Side panels never take more than their share, so the canvas keeps room at 900 points.
    let side_max = (ui.available_width() * SIDE_SHARE).max(MIN_SIDE);

    if panels.guide {
        egui::Panel::left("phase_guide")
            .resizable(true)
            .default_size(theme::SIDE_PANEL_WIDTH)
            .size_range(MIN_SIDE..=side_max)
            .show(ui, |ui| {
                // Not shrunk to its content, so the panel keeps the width it was given.
                ScrollArea::vertical()
                    .id_salt("phase_guide")
                    .auto_shrink([false, true])
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
                        actions.extend(notes_ui(
                            ui,
                            record,
                            phase,
                            current,
                            framework.phases.len(),
                        ));
                    });
            });
    }

    if panels.interviewer {
        egui::Panel::right("interviewer")
            .resizable(true)
            .default_size(theme::SIDE_PANEL_WIDTH + 40.0)
            .size_range(MIN_SIDE..=side_max)
            .show(ui, |ui| {
                actions.extend(interviewer::interviewer_ui(
                    ui, open, framework, scenario, view,
                ));
            });
    }

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

/// A tool of the canvas toolbar, in the order they show; those that do not fit the width go
/// into the "…" menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CanvasTool {
    Undo,
    Redo,
    Snap,
    Tidy,
    AddZone,
    Arrows,
    Fit,
    Zoom,
    Export,
    Shortcuts,
}

impl CanvasTool {
    const ALL: [CanvasTool; 10] = [
        CanvasTool::Undo,
        CanvasTool::Redo,
        CanvasTool::Snap,
        CanvasTool::Tidy,
        CanvasTool::AddZone,
        CanvasTool::Arrows,
        CanvasTool::Fit,
        CanvasTool::Zoom,
        CanvasTool::Export,
        CanvasTool::Shortcuts,
    ];

    /// Whether a separator comes before this tool in the row.
    fn starts_group(self) -> bool {
        matches!(self, CanvasTool::Snap | CanvasTool::Fit)
    }
}

/// Undo/redo, snapping, tidy, zones, arrow style, view, export and the shortcuts, above the
/// canvas; what does not fit goes into a "…" menu.
fn canvas_toolbar_ui(ui: &mut Ui, open: &OpenSession, canvas: &mut CanvasState) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let widths: Vec<f32> = CanvasTool::ALL
            .iter()
            .map(|tool| {
                let gap = if tool.starts_group() {
                    toolbar::separator_width(ui)
                } else {
                    0.0
                };
                gap + match tool {
                    CanvasTool::Arrows => toolbar::combo_width(ui, &arrows_text(canvas)),
                    _ => toolbar::button_width(ui, &tool_text(*tool, canvas)),
                }
            })
            .collect();
        let available = ui.available_width();
        let fits = toolbar::fitting(&widths, available, toolbar::button_width(ui, toolbar::MORE));
        for tool in &CanvasTool::ALL[..fits] {
            if tool.starts_group() {
                ui.separator();
            }
            actions.extend(canvas_tool_ui(ui, *tool, open, canvas, false));
        }
        if fits < CanvasTool::ALL.len() {
            ui.menu_button(toolbar::MORE, |ui| {
                for tool in &CanvasTool::ALL[fits..] {
                    actions.extend(canvas_tool_ui(ui, *tool, open, canvas, true));
                }
            })
            .response
            .on_hover_text("More canvas tools");
        }
    });
    actions
}

/// A tool's button text.
fn tool_text(tool: CanvasTool, canvas: &CanvasState) -> String {
    match tool {
        CanvasTool::Undo => "Undo".to_owned(),
        CanvasTool::Redo => "Redo".to_owned(),
        CanvasTool::Snap => "Snap".to_owned(),
        CanvasTool::Tidy => "Tidy".to_owned(),
        CanvasTool::AddZone => "Add zone".to_owned(),
        CanvasTool::Arrows => arrows_text(canvas),
        CanvasTool::Fit => "Fit".to_owned(),
        CanvasTool::Zoom => format!("{:.0} %", canvas.view.zoom * 100.0),
        CanvasTool::Export => "Export".to_owned(),
        CanvasTool::Shortcuts => "Shortcuts".to_owned(),
    }
}

fn arrows_text(canvas: &CanvasState) -> String {
    format!("Arrows: {}", canvas.new_edge_kind.label())
}

/// One tool, in the row or in the "…" menu (`in_menu`, where a choice closes the menu).
fn canvas_tool_ui(
    ui: &mut Ui,
    tool: CanvasTool,
    open: &OpenSession,
    canvas: &mut CanvasState,
    in_menu: bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let editable = open.session.drill.status != DrillStatus::Finished;
    let text = tool_text(tool, canvas);
    let mut chosen = false;
    match tool {
        CanvasTool::Undo | CanvasTool::Redo => {
            let (enabled, intent, keys) = if tool == CanvasTool::Undo {
                (open.history.can_undo(), CanvasIntent::Undo, "Ctrl+Z")
            } else {
                (
                    open.history.can_redo(),
                    CanvasIntent::Redo,
                    "Ctrl+Shift+Z or Ctrl+Y",
                )
            };
            if ui
                .add_enabled(editable && enabled, egui::Button::new(text))
                .on_hover_text(keys)
                .clicked()
            {
                actions.push(Action::Canvas(intent));
                chosen = true;
            }
        }
        CanvasTool::Snap => {
            ui.add_enabled_ui(editable, |ui| {
                ui.toggle_value(&mut canvas.snap, text)
                    .on_hover_text("Snap to grid (G)");
            });
        }
        CanvasTool::Tidy => {
            if ui
                .add_enabled(editable, egui::Button::new(text))
                .on_hover_text("Lay the graph out left to right")
                .clicked()
            {
                actions.push(Action::Canvas(CanvasIntent::Tidy));
                chosen = true;
            }
        }
        CanvasTool::AddZone => {
            if ui
                .add_enabled(editable, egui::Button::new(text))
                .on_hover_text("A labelled area: online, offline, nearline")
                .clicked()
            {
                actions.push(Action::Canvas(CanvasIntent::AddZone(canvas.view_centre())));
                chosen = true;
            }
        }
        CanvasTool::Arrows => {
            ui.add_enabled_ui(editable, |ui| {
                if in_menu {
                    ui.menu_button(text, |ui| {
                        for kind in EdgeKind::ALL {
                            ui.selectable_value(&mut canvas.new_edge_kind, kind, kind.label());
                        }
                    });
                } else {
                    let _ = egui::ComboBox::from_id_salt("new_edge_kind")
                        .selected_text(text)
                        .show_ui(ui, |ui| {
                            for kind in EdgeKind::ALL {
                                ui.selectable_value(&mut canvas.new_edge_kind, kind, kind.label());
                            }
                        })
                        .response
                        .accessible_name("New arrow kind");
                }
            });
        }
        CanvasTool::Fit => {
            if ui.button(text).on_hover_text("Shift+1").clicked() {
                canvas.fit_requested = true;
                chosen = true;
            }
        }
        CanvasTool::Zoom => {
            if ui
                .button(text)
                .on_hover_text("Back to 100 % (Shift+0)")
                .clicked()
            {
                canvas.reset_zoom();
                chosen = true;
            }
        }
        CanvasTool::Export => {
            ui.menu_button(text, |ui| {
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
        }
        CanvasTool::Shortcuts => {
            if ui.button(text).on_hover_text("F1 or ?").clicked() {
                actions.push(Action::ToggleHelp);
                chosen = true;
            }
        }
    }
    if in_menu && chosen {
        ui.close();
    }
    actions
}

/// "4 phases not started — finish anyway?": a modal that owns the keyboard; Escape or a click
/// outside keeps drilling.
fn confirm_finish_ui(ui: &Ui, untouched: &[String]) -> Vec<Action> {
    let mut actions = Vec::new();
    let count = untouched.len();
    let response = egui::Modal::new(egui::Id::unique("confirm_finish")).show(ui.ctx(), |ui| {
        ui.set_max_width(420.0);
        ui.label(
            RichText::new(format!(
                "{count} phase{} not started — finish anyway?",
                if count == 1 { "" } else { "s" }
            ))
            .strong()
            .size(17.0),
        );
        ui.add_space(6.0);
        ui.label(format!("Not started: {}.", untouched.join(", ")));
        ui.weak(
            "Skipped phases count as missed evidence. You can reopen a finished drill for five minutes.",
        );
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            let keep = primary_button(ui, "Keep drilling");
            if keep.clicked() {
                actions.push(Action::CancelFinish);
            }
            if !ui.memory(|m| m.focused().is_some()) {
                keep.request_focus();
            }
            ui.add_space(16.0);
            if ui.button("Finish anyway").clicked() {
                actions.push(Action::Finish);
            }
        });
    });
    if response.should_close() && actions.is_empty() {
        actions.push(Action::CancelFinish);
    }
    actions
}

/// The side-panel toggles, Home, Save, Pause/Resume and Finish, right-aligned.
fn drill_controls_ui(ui: &mut Ui, open: &OpenSession, panels: SidePanels) -> Vec<Action> {
    let mut actions = Vec::new();
    let status = open.session.drill.status;
    if status != DrillStatus::Finished && primary_button(ui, "Finish drill").clicked() {
        actions.push(Action::RequestFinish);
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
    ui.separator();
    // Shown panels are highlighted; hiding one gives the canvas its room.
    if ui
        .selectable_label(panels.interviewer, "Interviewer")
        .accessible_name("Interviewer panel")
        .on_hover_text("Show or hide the interviewer, assumptions and scratchpad")
        .clicked()
    {
        actions.push(Action::ToggleSidePanel(SidePanel::Interviewer));
    }
    if ui
        .selectable_label(panels.guide, "Guide")
        .accessible_name("Phase guide")
        .on_hover_text("Show or hide the phase's goal, checklist and notes")
        .clicked()
    {
        actions.push(Action::ToggleSidePanel(SidePanel::Guide));
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
    let count = framework.phases.len().max(1) as f32;
    let usable = width - spacing * count;
    for (i, phase) in framework.phases.iter().enumerate() {
        let Some(record) = drill.phases.get(i) else {
            continue;
        };
        let used = drill.phase_used(framework, i) as f32;
        // Half the width is shared equally, so a short phase's label still reads; half
        // follows the budget.
        let share = 0.5 / count + 0.5 * phase.budget_minutes as f32 / total_budget;
        let segment = (usable * share).max(MIN_SEGMENT);
        ui.vertical(|ui| {
            ui.set_width(segment);
            let text = RichText::new(format!("{} {}", i + 1, phase.short));
            let text = if i == drill.current {
                text.strong()
            } else {
                text
            };
            let button = egui::Button::selectable(i == drill.current, text)
                .truncate()
                .min_size(vec2(segment, 0.0));
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
fn clocks_ui(
    ui: &mut Ui,
    open: &OpenSession,
    framework: &Framework,
    flash: bool,
    recording: Option<crate::ui::app::state::RecordingIndicator>,
) {
    let drill = &open.session.drill;
    let total = drill.total_elapsed();
    let total_budget = drill.total_budget();
    let total_used = total.as_secs_f32() / total_budget.as_secs_f32().max(1.0);
    let font = theme::clock_font_for(ui.ctx().content_rect().width());
    ui.with_layout(egui::Layout::top_down(egui::Align::Max), |ui| {
        if let Some(record) = drill.current_record() {
            let used = drill.phase_used(framework, drill.current) as f32;
            let mut text = RichText::new(format!(
                "Phase {} / {}",
                clock_text(record.elapsed()),
                clock_text(drill.phase_budget(framework, drill.current))
            ))
            .font(font.clone())
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
            .font(font.clone())
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
        if let Some(recording) = recording {
            recording_indicator_ui(ui, recording);
        }
    });
}

/// "● REC 03:12" while the voice is recorded, "REC paused" while the clock stands; redrawn
/// with the drill clock, never on its own.
fn recording_indicator_ui(ui: &mut Ui, recording: crate::ui::app::state::RecordingIndicator) {
    let text = if recording.running {
        format!("● REC {}", clock_text(recording.recorded))
    } else {
        format!("REC paused {}", clock_text(recording.recorded))
    };
    let colour = if recording.running {
        theme::error_colour(ui.visuals())
    } else {
        ui.visuals().weak_text_color()
    };
    ui.colored_label(colour, RichText::new(text).monospace())
        .on_hover_text(
            "Your voice is recorded while the drill clock runs; it stays on this computer",
        );
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
