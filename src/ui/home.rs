//! The home screen: pick a scenario, start a drill, reopen a recent session.

use egui::{RichText, ScrollArea, Ui};

use crate::model::Scenario;
use crate::model::scenario::Difficulty;
use crate::store::catalog::category_rank;
use crate::store::{Catalog, CatalogEntry, ScenarioSource, SessionSummary};

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
    saved: SavedWork<'_>,
    choice: DrillChoice,
    view: &mut HomeView,
) -> Vec<Action> {
    let SavedWork {
        sessions,
        errors: session_errors,
        recoveries,
    } = saved;
    let mut actions = Vec::new();
    let phases = selected
        .and_then(|id| catalog.scenario(id))
        .and_then(|s| catalog.framework(&s.framework))
        .map_or_else(|| "its".to_owned(), |f| format!("its {}", f.phases.len()));
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
             prompt, work through {phases} phases against the clock, take notes, then score and \
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
            let before = view.clone();
            scenario_filters_ui(ui, catalog, view);
            let groups = scenario_groups(catalog, view);
            // A filter that hides the scenario on show selects the first one it leaves, so the
            // detail always belongs to the list.
            let shown = |id: &str| {
                groups
                    .iter()
                    .flat_map(|g| &g.entries)
                    .any(|e| e.scenario.id == id)
            };
            if *view != before
                && !selected.is_some_and(shown)
                && let Some(first) = groups.first().and_then(|g| g.entries.first())
            {
                actions.push(Action::SelectScenario(first.scenario.id.clone()));
            }
            ScrollArea::vertical().id_salt("scenarios").show(ui, |ui| {
                if groups.is_empty() && !catalog.entries.is_empty() {
                    ui.weak("No scenario matches these filters.");
                    if ui.button("Show all scenarios").clicked() {
                        view.category = None;
                        view.difficulty = None;
                    }
                }
                for group in &groups {
                    ui.add_space(theme::SECTION_GAP / 2.0);
                    ui.label(
                        RichText::new(format!("{} · {}", group.heading, group.entries.len()))
                            .strong(),
                    );
                    for entry in &group.entries {
                        let scenario = &entry.scenario;
                        let is_selected = selected == Some(scenario.id.as_str());
                        // The row names what the heading does not.
                        let subtitle = match view.group {
                            ScenarioGrouping::Category => scenario.difficulty.label().to_owned(),
                            ScenarioGrouping::Difficulty => scenario.category.clone(),
                        };
                        if list_row(ui, is_selected, &scenario.title, &subtitle, &scenario.title)
                            .clicked()
                        {
                            actions.push(Action::SelectScenario(scenario.id.clone()));
                        }
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
                // Phase ids are per framework (`clarify` is in two), so look in the drill's own.
                let phase = catalog
                    .framework(&summary.framework_id)
                    .and_then(|f| f.phases.iter().find(|p| p.id == summary.phase))
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

/// What the home screen shows of the library: the saved sessions, the files that could not
/// be read, and the drills that were interrupted.
#[derive(Clone, Copy, Debug)]
pub struct SavedWork<'a> {
    /// Saved sessions, newest first.
    pub sessions: &'a [SessionSummary],
    /// Session files that could not be read.
    pub errors: &'a [SessionError],
    /// Drills interrupted by a crash or a kill.
    pub recoveries: &'a [Recovery],
}

/// How the scenario list is headed: by category or by difficulty.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ScenarioGrouping {
    /// Under each category, in `CATEGORY_ORDER`; easiest first within one.
    #[default]
    Category,
    /// Under Medium, Hard and Expert; by category within one.
    Difficulty,
}

/// The home screen's view state: which scenarios the list shows and how it heads them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeView {
    /// Only this category, if set.
    pub category: Option<String>,
    /// Only this difficulty, if set.
    pub difficulty: Option<Difficulty>,
    /// What the headings are.
    pub group: ScenarioGrouping,
}

/// One heading of the scenario list and the scenarios under it.
#[derive(Debug)]
pub struct ScenarioGroup<'a> {
    /// The category, the difficulty, or "Your scenarios".
    pub heading: String,
    /// The scenarios, in the order shown.
    pub entries: Vec<&'a CatalogEntry>,
}

/// The scenario list as the home screen shows it: the built-in scenarios that pass the
/// filters, grouped by category (in `CATEGORY_ORDER`, easiest first within one) or by
/// difficulty (by category within one), after the user's own that pass, under "Your
/// scenarios". Empty groups are left out.
pub fn scenario_groups<'a>(catalog: &'a Catalog, view: &HomeView) -> Vec<ScenarioGroup<'a>> {
    let passes = |entry: &&CatalogEntry| {
        let s = &entry.scenario;
        view.category.as_ref().is_none_or(|c| &s.category == c)
            && view.difficulty.is_none_or(|d| s.difficulty == d)
    };
    let (mut built_in, mut own): (Vec<&CatalogEntry>, Vec<&CatalogEntry>) = catalog
        .entries
        .iter()
        .filter(passes)
        .partition(|e| e.source == ScenarioSource::BuiltIn);
    // The user's own scenarios first: an author who just added a file looks for it.
    let mut groups: Vec<ScenarioGroup<'a>> = Vec::new();
    if !own.is_empty() {
        own.sort_by_key(|e| by_category(e));
        groups.push(ScenarioGroup {
            heading: "Your scenarios".to_owned(),
            entries: own,
        });
    }
    match view.group {
        ScenarioGrouping::Category => {
            built_in.sort_by_key(|e| by_category(e));
            for entry in built_in {
                let heading = &entry.scenario.category;
                match groups.last_mut() {
                    Some(group) if &group.heading == heading => group.entries.push(entry),
                    _ => groups.push(ScenarioGroup {
                        heading: heading.clone(),
                        entries: vec![entry],
                    }),
                }
            }
        }
        ScenarioGrouping::Difficulty => {
            built_in.sort_by_key(|e| by_difficulty(e));
            for entry in built_in {
                let heading = entry.scenario.difficulty.label();
                match groups.last_mut() {
                    Some(group) if group.heading == heading => group.entries.push(entry),
                    _ => groups.push(ScenarioGroup {
                        heading: heading.to_owned(),
                        entries: vec![entry],
                    }),
                }
            }
        }
    }
    groups
}

/// Where a scenario sorts when grouped by category: category, then easiest first, then title.
fn by_category(entry: &CatalogEntry) -> ((usize, &str), Difficulty, &str) {
    let s = &entry.scenario;
    (category_rank(&s.category), s.difficulty, &s.title)
}

/// Where a scenario sorts when grouped by difficulty: difficulty, then category, then title.
fn by_difficulty(entry: &CatalogEntry) -> (Difficulty, (usize, &str), &str) {
    let s = &entry.scenario;
    (s.difficulty, category_rank(&s.category), &s.title)
}

/// The category and difficulty filters and the grouping, above the scenario list.
fn scenario_filters_ui(ui: &mut Ui, catalog: &Catalog, view: &mut HomeView) {
    let count = |category: Option<&str>, difficulty: Option<Difficulty>| {
        catalog
            .entries
            .iter()
            .filter(|e| category.is_none_or(|c| e.scenario.category == c))
            .filter(|e| difficulty.is_none_or(|d| e.scenario.difficulty == d))
            .count()
    };
    ui.horizontal_wrapped(|ui| {
        let half = (ui.available_width() / 2.0 - ui.spacing().item_spacing.x).max(80.0);
        // Tall enough to list every category without a scroll bar: an item scrolled out of
        // the popup cannot be picked.
        egui::ComboBox::from_id_salt("category_filter")
            .selected_text(view.category.as_deref().unwrap_or("All categories"))
            .width(half)
            .height(640.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(
                    &mut view.category,
                    None,
                    format!("All categories ({})", catalog.entries.len()),
                );
                for category in catalog.categories() {
                    ui.selectable_value(
                        &mut view.category,
                        Some(category.to_owned()),
                        format!("{category} ({})", count(Some(category), None)),
                    );
                }
            })
            .response
            .on_hover_text("Show one category of scenarios")
            .accessible_name("Category filter");
        egui::ComboBox::from_id_salt("difficulty_filter")
            .selected_text(view.difficulty.map_or("Any difficulty", Difficulty::label))
            .width(half)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.difficulty, None, "Any difficulty");
                for difficulty in Difficulty::ALL {
                    let n = count(None, Some(difficulty));
                    if n == 0 && view.difficulty != Some(difficulty) {
                        continue;
                    }
                    ui.selectable_value(
                        &mut view.difficulty,
                        Some(difficulty),
                        format!("{} ({n})", difficulty.label()),
                    );
                }
            })
            .response
            .on_hover_text(
                "Medium: a focused system with clear data, for mid-level practice; Hard: a full \
                 production system; Expert: many stages and expert depth",
            )
            .accessible_name("Difficulty filter");
    });
    ui.horizontal(|ui| {
        ui.weak("Group by");
        for (grouping, label) in [
            (ScenarioGrouping::Category, "Category"),
            (ScenarioGrouping::Difficulty, "Difficulty"),
        ] {
            if ui
                .selectable_label(view.group == grouping, label)
                .on_hover_text(format!("Head the list by {}", label.to_lowercase()))
                .clicked()
            {
                view.group = grouping;
            }
        }
    });
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
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            if ui
                .button("Partner pack…")
                .on_hover_text(
                    "For a partner who plays the interviewer on a call: the clarifying answers, \
                     curveballs, deep dives, crux and rubric, as Markdown or HTML",
                )
                .clicked()
            {
                action = Some(Action::ShowPackPrompt(scenario.id.clone()));
            }
            ui.weak("Practising with someone? Give them the pack, not the screen.");
        });
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
