//! The home screen: pick a scenario, start a drill, reopen a recent session.

use egui::{RichText, ScrollArea, Ui};

use crate::model::Scenario;
use crate::store::{Catalog, ScenarioSource, SessionSummary};

use super::action::Action;
use super::app::state::{DRILL_LENGTHS, Recovery, SessionError};
use super::theme;
use super::widgets::{
    clock_text, count_of, list_row, local_time, minutes_text, plan_text, primary_button,
};
use crate::model::TargetLevel;

/// How many recent sessions the home screen lists.
const RECENT_COUNT: usize = 12;

/// Draws the home screen.
pub fn home_ui(
    ui: &mut Ui,
    catalog: &Catalog,
    selected: Option<&str>,
    sessions: &[SessionSummary],
    session_errors: &[SessionError],
    recoveries: &[Recovery],
    choice: DrillChoice,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("home_header").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN);
        ui.horizontal(|ui| {
            ui.label(RichText::new("Drillboard").size(theme::TITLE_SIZE).strong());
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Open session…").on_hover_text("Ctrl+O").clicked() {
                    actions.push(Action::ShowOpenPrompt);
                }
                if ui
                    .button("Library and progress")
                    .on_hover_text(
                        "Every saved session, charts of your scores, the next drill to do",
                    )
                    .clicked()
                {
                    actions.push(Action::ShowLibrary);
                }
            });
        });
        ui.label(format!(
            "A drill is a timed {}-minute mock ML system-design interview at the {} bar: pick a \
             prompt, work through seven phases against the clock, take notes, then score and \
             review how you did.",
            choice.minutes,
            choice.level.label().to_lowercase()
        ));
        actions.extend(super::library::next_drill_ui(ui, catalog, sessions));
        ui.add_space(theme::PANEL_MARGIN / 2.0);
    });
    if !recoveries.is_empty() {
        actions.extend(recovery_ui(ui, catalog, recoveries));
    }

    // The lists beside the scenario never take more than their share, so the detail and its
    // Start button keep room in a 900-point window.
    let width = ui.available_width();
    egui::Panel::left("scenario_list")
        .resizable(true)
        .default_size(340.0)
        .size_range(180.0..=(width * 0.3).max(180.0))
        .show(ui, |ui| {
            ui.add_space(theme::PANEL_MARGIN / 2.0);
            ui.label(RichText::new("Scenarios").strong());
            ScrollArea::vertical().id_salt("scenarios").show(ui, |ui| {
                let mut shown_user_heading = false;
                for entry in &catalog.entries {
                    if matches!(entry.source, ScenarioSource::User(_)) && !shown_user_heading {
                        ui.add_space(theme::SECTION_GAP);
                        ui.label(RichText::new("Your scenarios").strong());
                        shown_user_heading = true;
                    }
                    let scenario = &entry.scenario;
                    let is_selected = selected == Some(scenario.id.as_str());
                    let subtitle =
                        format!("{} · {}", scenario.category, scenario.difficulty.label());
                    if list_row(ui, is_selected, &scenario.title, &subtitle, &scenario.title)
                        .clicked()
                    {
                        actions.push(Action::SelectScenario(scenario.id.clone()));
                    }
                }
                if !catalog.problems.is_empty() {
                    ui.add_space(theme::SECTION_GAP);
                    ui.colored_label(
                        theme::error_colour(ui.visuals()),
                        RichText::new("Scenario files that could not be loaded").strong(),
                    );
                    for problem in &catalog.problems {
                        ui.colored_label(theme::error_colour(ui.visuals()), problem);
                    }
                    ui.weak(
                        "Fix the file and restart; `drillboard check FILE` shows the same message.",
                    );
                }
            });
        });

    egui::Panel::right("recent_sessions")
        .resizable(true)
        .default_size(320.0)
        .size_range(160.0..=(width * 0.25).max(160.0))
        .show(ui, |ui| {
            ui.add_space(theme::PANEL_MARGIN / 2.0);
            ui.label(RichText::new("Recent sessions").strong());
            if sessions.is_empty() {
                ui.weak("No saved sessions yet. Pick a scenario and press Start drill; it is saved as you go.");
            }
            ScrollArea::vertical().id_salt("recent").show(ui, |ui| {
                for summary in sessions.iter().take(RECENT_COUNT) {
                    let status = match summary.status {
                        crate::model::DrillStatus::Finished => "finished",
                        crate::model::DrillStatus::Paused | crate::model::DrillStatus::Running => {
                            "unfinished"
                        }
                    };
                    let outcome = summary
                        .score
                        .as_ref()
                        .map_or(status, |r| r.band.label());
                    let subtitle = format!(
                        "{} · {} · {}",
                        local_time(ui, summary.created),
                        minutes_text(summary.elapsed),
                        outcome
                    );
                    // Named with the date and outcome: attempts at one scenario differ by them,
                    // and the title alone is the scenario list's row.
                    let name = format!("{} · {subtitle}", summary.scenario_title);
                    if list_row(ui, false, &summary.scenario_title, &subtitle, &name)
                        .on_hover_text(format!("Open {}", summary.path.display()))
                        .clicked()
                    {
                        actions.push(Action::OpenSession(summary.path.clone()));
                    }
                }
                for error in session_errors {
                    ui.add(
                        egui::Label::new(
                            RichText::new(&error.message).color(theme::error_colour(ui.visuals())),
                        )
                        .wrap(),
                    );
                    if let Some(at) = error.backup_at
                        && ui
                            .button(format!("Restore backup from {}", local_time(ui, at)))
                            .clicked()
                    {
                        actions.push(Action::RestoreBackup(error.path.clone()));
                    }
                }
            });
        });

    egui::CentralPanel::default().show(ui, |ui| {
        let scenario = selected.and_then(|id| catalog.scenario(id));
        match scenario {
            Some(scenario) => actions.extend(scenario_detail_ui(
                ui,
                catalog,
                scenario,
                choice.minutes,
                choice.level,
            )),
            None => {
                ui.label("No scenarios are available. Add a scenario file to the library's scenarios folder.");
            }
        }
    });
    actions
}

/// The offer to recover drills that were interrupted by a crash or a kill.
fn recovery_ui(ui: &mut Ui, catalog: &Catalog, recoveries: &[Recovery]) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("recovery")
        .frame(
            egui::Frame::new()
                .fill(theme::warning_fill(ui.visuals()))
                .inner_margin(theme::PANEL_MARGIN),
        )
        .show(ui, |ui| {
            let heading = if recoveries.len() == 1 {
                "A drill was interrupted".to_owned()
            } else {
                format!("{} drills were interrupted", recoveries.len())
            };
            ui.label(RichText::new(heading).strong());
            ui.weak(format!(
                "Drillboard closed without finishing {} (a crash, a kill or a power cut). \
                 Everything up to the last autosave is here.",
                if recoveries.len() == 1 { "it" } else { "them" }
            ));
            for (i, recovery) in recoveries.iter().enumerate() {
                let summary = &recovery.summary;
                let phase = catalog
                    .frameworks
                    .iter()
                    .flat_map(|f| &f.phases)
                    .find(|p| p.id == summary.phase)
                    .map_or(summary.phase.as_str(), |p| p.name.as_str());
                ui.add_space(6.0);
                ui.push_id(i, |ui| {
                    // Right to left, so the buttons stand where they are whatever the text's
                    // length: Resume (safe: the drill opens paused) is the primary action, and
                    // "Keep as finished" (which ends the drill) stands apart at the far right.
                    let row = egui::vec2(ui.available_width(), 32.0);
                    let layout = egui::Layout::right_to_left(egui::Align::Center);
                    ui.allocate_ui_with_layout(row, layout, |ui| {
                        if ui
                            .button("Keep as finished")
                            .on_hover_text(
                                "Ends the drill as it was last saved, without opening it",
                            )
                            .clicked()
                        {
                            actions.push(Action::RecoverFinish(summary.path.clone()));
                        }
                        ui.add_space(theme::SECTION_GAP);
                        ui.separator();
                        ui.add_space(theme::SECTION_GAP);
                        if primary_button(ui, "Resume")
                            .on_hover_text("Opens the drill paused where it was last saved")
                            .clicked()
                        {
                            actions.push(Action::RecoverResume(summary.path.clone()));
                        }
                        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                            ui.add(
                                egui::Label::new(format!(
                                    "{} · started {} · stopped in {phase} after {}",
                                    summary.scenario_title,
                                    local_time(ui, summary.created),
                                    clock_text(summary.elapsed)
                                ))
                                .truncate(),
                            );
                        });
                    });
                    if !summary.notes_preview.is_empty() {
                        ui.weak(format!("Notes: “{}”", summary.notes_preview));
                    }
                });
            }
        });
    actions
}

/// What the next drill will be: its length and the level it is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DrillChoice {
    /// The drill's length in minutes.
    pub minutes: u32,
    /// The level it is for.
    pub level: TargetLevel,
}

/// The selected scenario: prompt, context, phases and the start button.
fn scenario_detail_ui(
    ui: &mut Ui,
    catalog: &Catalog,
    scenario: &Scenario,
    drill_minutes: u32,
    target_level: TargetLevel,
) -> Option<Action> {
    let mut action = None;
    ScrollArea::vertical().id_salt("detail").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN / 2.0);
        ui.label(
            RichText::new(&scenario.title)
                .size(theme::TITLE_SIZE)
                .strong(),
        );
        ui.weak(format!(
            "{} · {}",
            scenario.category,
            scenario.difficulty.label()
        ));
        ui.add_space(theme::SECTION_GAP);
        // The main action before the long text, so it shows without scrolling.
        ui.horizontal_wrapped(|ui| {
            if primary_button(ui, "Start drill").clicked() {
                action = Some(Action::StartDrill(scenario.id.clone()));
            }
            ui.add_space(12.0);
            ui.label("Length");
            for minutes in DRILL_LENGTHS {
                if ui
                    .selectable_label(drill_minutes == minutes, format!("{minutes} min"))
                    .clicked()
                {
                    action = Some(Action::SetDrillLength(minutes));
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Level");
            for level in TargetLevel::ALL {
                if ui
                    .selectable_label(target_level == level, level.label())
                    .on_hover_text(
                        "The level you are interviewing for: it picks the core items you must \
                         cover and how high the bar for each band is",
                    )
                    .clicked()
                {
                    action = Some(Action::SetTargetLevel(level));
                }
            }
            ui.weak(format!(
                "· {} core items at this level",
                scenario.core_items(target_level).len()
            ));
        });
        let examples = catalog.examples_for(&scenario.id);
        if !examples.is_empty() {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                ui.label("Calibrate").on_hover_text(
                    "Score a graded answer blind, in the same Score screen as your drills; \
                         then see the official marks beside yours and the gap in bands",
                );
                for example in examples {
                    if ui
                        .button(&example.title)
                        .on_hover_text(format!(
                            "Score this {} answer blind",
                            example.target.label().to_lowercase()
                        ))
                        .clicked()
                    {
                        action = Some(Action::StartCalibration(example.id.clone()));
                    }
                }
            });
            ui.weak(
                "Score a graded answer blind; the official marks show beside yours once you save.",
            );
        }
        ui.add_space(theme::SECTION_GAP);
        ui.label(RichText::new("The interviewer says").strong());
        ui.label(RichText::new(&scenario.prompt).italics());
        if !scenario.context.is_empty() {
            ui.add_space(6.0);
            ui.label(&scenario.context);
        }
        ui.add_space(theme::SECTION_GAP);
        if let Some(framework) = catalog.framework(&scenario.framework) {
            let plan = framework.plan(drill_minutes);
            ui.label(
                RichText::new(format!("{} · {drill_minutes} minutes", framework.name)).strong(),
            );
            ui.weak(plan_text(&plan));
            egui::Grid::new("phase_budgets")
                .num_columns(3)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for (i, phase) in framework.phases.iter().enumerate() {
                        ui.weak(format!("{}", i + 1));
                        ui.label(&phase.name);
                        ui.monospace(clock_text(framework.scaled_budget(i, drill_minutes)));
                        ui.end_row();
                    }
                });
            ui.add_space(6.0);
            ui.weak(format!(
                "{} to cover · {} scripted · {}",
                count_of(scenario.rubric.len(), "rubric item", "rubric items"),
                count_of(
                    scenario.questions.len(),
                    "clarifying question",
                    "clarifying questions"
                ),
                count_of(scenario.curveballs.len(), "follow-up", "follow-ups")
            ));
        }
    });
    action
}
