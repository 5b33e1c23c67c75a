//! The library: every saved session in a sortable, filterable table, progress charts, and the
//! suggested next drill.

use std::path::PathBuf;

use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Legend, Line, Plot, PlotPoints, Points};

use crate::model::progress::{Attempt, next_drill};
use crate::model::scoring::Band;
use crate::model::{DrillStatus, Framework, Signal, Timestamp};
use crate::store::{Catalog, SessionSummary};

use super::action::Action;
use super::app::state::SessionError;
use super::theme;
use super::widgets::{clock_text, count_of, display_zone, local_time, primary_button};

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// When the drill started.
    #[default]
    Date,
    /// The scenario's title.
    Scenario,
    /// The level the drill was for.
    Level,
    /// Time used.
    Duration,
    /// Share of the level's core items the latest score covered.
    Core,
    /// The latest score's mean competency rating.
    Competencies,
    /// The latest score's band.
    Band,
}

impl SortKey {
    /// Every column, in table order.
    pub const ALL: [SortKey; 7] = [
        SortKey::Date,
        SortKey::Scenario,
        SortKey::Level,
        SortKey::Duration,
        SortKey::Core,
        SortKey::Competencies,
        SortKey::Band,
    ];

    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Date => "Date",
            SortKey::Scenario => "Scenario",
            SortKey::Level => "Level",
            SortKey::Duration => "Duration",
            SortKey::Core => "Core",
            SortKey::Competencies => "Rating",
            SortKey::Band => "Band",
        }
    }
}

impl SortKey {
    /// What the column means, for its heading's tooltip.
    pub fn meaning(self) -> &'static str {
        match self {
            SortKey::Date => "When the drill started",
            SortKey::Scenario => "The prompt drilled",
            SortKey::Level => "The level the drill was for: it picks the core items and the bar",
            SortKey::Duration => "Drill time used",
            SortKey::Core => {
                "Share of the level's core items covered in the latest score (prompted ones at half \
                 credit, overtime ones at none); — for scores from before levels"
            }
            SortKey::Competencies => "The latest score's mean competency rating, 1–4",
            SortKey::Band => "The latest score's verdict, after any red-flag cap",
        }
    }
}

/// Which progress chart shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Chart {
    /// The verdict over time, per target level.
    #[default]
    Band,
    /// Each competency's rating over time.
    Competencies,
    /// Time used against budget, per phase, across drills.
    Time,
    /// Predicted minus actual band over time.
    Calibration,
}

/// The library screen's state.
#[derive(Debug, Default)]
pub struct LibraryView {
    /// The sort column.
    pub sort: SortKey,
    /// Ascending instead of the default descending.
    pub ascending: bool,
    /// Text the scenario title or notes must contain.
    pub filter: String,
    /// Only this scenario, if set.
    pub scenario: Option<String>,
    /// Only this band, if set.
    pub band: Option<Band>,
    /// Selected rows (by file).
    pub selected: Vec<PathBuf>,
    /// The last session moved to the trash: (where it is now, where it was).
    pub last_trashed: Option<(PathBuf, PathBuf)>,
    /// The chart showing.
    pub chart: Chart,
    /// The framework whose phases the Time per phase chart shows, when drills used several;
    /// by default the newest drill's.
    pub time_framework: Option<String>,
    /// Sessions that have a voice recording, with its size in bytes.
    pub recordings: std::collections::BTreeMap<PathBuf, u64>,
    /// The session whose recording the user asked to delete, awaiting confirmation.
    pub confirm_delete_recording: Option<PathBuf>,
}

/// One line of the Time per phase chart: a phase's time used as a share of its budget, by
/// drill date (days since the Unix epoch).
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseSeries {
    /// The phase's short name, for the legend.
    pub name: String,
    /// `[day, used / budget]` per drill, oldest first.
    pub points: Vec<[f64; 2]>,
}

/// The Time per phase chart's lines for one framework: one per phase, over the drills that
/// followed that framework. Phases are only comparable within a framework (a 3-minute Clarify
/// and a 5-minute Task phase are different budgets), so drills on other frameworks are left
/// out rather than matched by position.
pub fn phase_time_series(sessions: &[&SessionSummary], framework: &Framework) -> Vec<PhaseSeries> {
    framework
        .phases
        .iter()
        .enumerate()
        .map(|(i, phase)| PhaseSeries {
            name: phase.short.clone(),
            points: sessions
                .iter()
                .filter(|s| s.framework_id == framework.id)
                .filter_map(|s| {
                    let used = *s.phase_ms.get(i)? as f64 / 1000.0;
                    let budget = framework.scaled_budget(i, s.total_minutes).as_secs_f64();
                    (budget > 0.0).then(|| [day(s.created), used / budget])
                })
                .collect(),
        })
        .collect()
}

/// The frameworks the drills followed that this build knows, in the catalog's order, each
/// with how many drills followed it.
fn frameworks_used<'a>(
    catalog: &'a Catalog,
    sessions: &[&SessionSummary],
) -> Vec<(&'a Framework, usize)> {
    catalog
        .frameworks
        .iter()
        .map(|f| {
            (
                f,
                sessions.iter().filter(|s| s.framework_id == f.id).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// The rows the table shows, filtered and sorted.
pub fn visible_rows<'a>(
    sessions: &'a [SessionSummary],
    view: &LibraryView,
) -> Vec<&'a SessionSummary> {
    let needle = view.filter.trim().to_lowercase();
    let mut rows: Vec<&SessionSummary> = sessions
        .iter()
        .filter(|s| view.scenario.as_ref().is_none_or(|id| &s.scenario_id == id))
        .filter(|s| {
            view.band
                .is_none_or(|b| s.score.as_ref().is_some_and(|r| r.band == b))
        })
        .filter(|s| {
            needle.is_empty()
                || s.scenario_title.to_lowercase().contains(&needle)
                || s.notes_preview.to_lowercase().contains(&needle)
        })
        .collect();
    let band = |s: &SessionSummary| s.score.as_ref().map(|r| r.band);
    let core = |s: &SessionSummary| s.score.as_ref().and_then(|r| r.core).unwrap_or(-1.0);
    let signals = |s: &SessionSummary| {
        s.score
            .as_ref()
            .and_then(|r| r.signal_average)
            .unwrap_or(-1.0)
    };
    rows.sort_by(|a, b| {
        let order = match view.sort {
            SortKey::Date => a.created.cmp(&b.created),
            SortKey::Scenario => a.scenario_title.cmp(&b.scenario_title),
            SortKey::Level => a.target.cmp(&b.target),
            SortKey::Duration => a.elapsed.cmp(&b.elapsed),
            SortKey::Core => core(a).total_cmp(&core(b)),
            SortKey::Competencies => signals(a).total_cmp(&signals(b)),
            SortKey::Band => band(a).cmp(&band(b)),
        }
        .then_with(|| a.created.cmp(&b.created));
        if view.ascending {
            order
        } else {
            order.reverse()
        }
    });
    rows
}

/// Draws the library screen.
pub fn library_ui(
    ui: &mut Ui,
    catalog: &Catalog,
    sessions: &[SessionSummary],
    errors: &[SessionError],
    view: &mut LibraryView,
    now: Timestamp,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Panel::top("library_header").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN / 2.0);
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("Library and progress")
                    .size(theme::TITLE_SIZE)
                    .strong(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Home").clicked() {
                    actions.push(Action::GoHome);
                }
            });
        });
        actions.extend(next_drill_ui(ui, catalog, sessions));
        ui.add_space(4.0);
    });
    // The charts keep at least their tabs and a readable plot; the drag handle stays visible.
    egui::Panel::bottom("progress_charts")
        .resizable(true)
        .default_size(300.0)
        .min_size(CHART_MIN_HEIGHT)
        .show(ui, |ui| charts_ui(ui, catalog, sessions, view, now));
    egui::CentralPanel::default().show(ui, |ui| {
        // Sorted and filtered once a frame; a filter edited below shows from the next frame,
        // which egui asks for at once.
        let rows = visible_rows(sessions, view);
        actions.extend(toolbar_ui(ui, catalog, sessions, view, rows.len()));
        if sessions.is_empty() {
            ui.weak("No saved sessions yet. Every drill you start is saved here.");
        } else if rows.is_empty() {
            ui.weak("No session matches the filters.");
        }
        actions.extend(table_ui(ui, &rows, view));
        for error in errors {
            ui.colored_label(theme::error_colour(ui.visuals()), &error.message);
        }
    });
    actions
}

/// "Next drill: … because …" with a start button.
pub fn next_drill_ui(ui: &mut Ui, catalog: &Catalog, sessions: &[SessionSummary]) -> Vec<Action> {
    let mut actions = Vec::new();
    let scenarios: Vec<(&str, &str)> = catalog
        .entries
        .iter()
        .map(|e| (e.scenario.id.as_str(), e.scenario.title.as_str()))
        .collect();
    let attempts: Vec<Attempt<'_>> = sessions
        .iter()
        .filter(|s| s.calibration.is_none())
        .map(|s| Attempt {
            scenario_id: &s.scenario_id,
            created: s.created,
            band: s.score.as_ref().map(|r| r.band),
        })
        .collect();
    if let Some(next) = next_drill(&scenarios, &attempts, &display_zone(ui.ctx()))
        && let Some(scenario) = catalog.scenario(&next.scenario_id)
    {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Next drill:").strong());
            ui.label(RichText::new(&scenario.title).strong());
            ui.weak(format!("— {}", next.reason));
            if primary_button(ui, "Start next drill").clicked() {
                actions.push(Action::StartDrill(next.scenario_id.clone()));
            }
        });
    }
    actions
}

/// Filters and the buttons that act on the selection.
fn toolbar_ui(
    ui: &mut Ui,
    catalog: &Catalog,
    sessions: &[SessionSummary],
    view: &mut LibraryView,
    shown: usize,
) -> Vec<Action> {
    let mut actions = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text("Filter by title or notes")
                .char_limit(200)
                .desired_width(200.0),
        )
        .accessible_name("Filter sessions");
        let scenario_text = view
            .scenario
            .as_ref()
            .and_then(|id| catalog.scenario(id))
            .map_or("All scenarios", |s| s.title.as_str());
        egui::ComboBox::from_id_salt("scenario_filter")
            .selected_text(scenario_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.scenario, None, "All scenarios");
                for entry in &catalog.entries {
                    if sessions.iter().any(|s| s.scenario_id == entry.scenario.id) {
                        ui.selectable_value(
                            &mut view.scenario,
                            Some(entry.scenario.id.clone()),
                            &entry.scenario.title,
                        );
                    }
                }
            })
            .response
            .accessible_name("Scenario filter");
        egui::ComboBox::from_id_salt("band_filter")
            .selected_text(view.band.map_or("All bands", Band::label))
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut view.band, None, "All bands");
                for band in Band::ALL {
                    ui.selectable_value(&mut view.band, Some(band), band.label());
                }
            })
            .response
            .accessible_name("Band filter");
        ui.separator();
        let selected: Vec<&SessionSummary> = view
            .selected
            .iter()
            .filter_map(|p| sessions.iter().find(|s| &s.path == p))
            .collect();
        if ui
            .add_enabled(selected.len() == 1, egui::Button::new("Open"))
            .on_hover_text("Or double-click a row")
            .clicked()
            && let Some(s) = selected.first()
        {
            actions.push(Action::OpenSession(s.path.clone()));
        }
        let comparable = matches!(selected[..], [a, b] if a.scenario_id == b.scenario_id);
        if ui
            .add_enabled(comparable, egui::Button::new("Compare"))
            .on_hover_text("Ctrl+click two attempts at one scenario")
            .clicked()
            && let [a, b] = selected[..]
        {
            actions.push(Action::Compare(a.path.clone(), b.path.clone()));
        }
        if ui
            .add_enabled(!selected.is_empty(), egui::Button::new("Move to trash"))
            .on_hover_text("Moved to the library's trash folder, never erased")
            .clicked()
        {
            actions.extend(
                selected
                    .iter()
                    .map(|s| Action::TrashSession(s.path.clone())),
            );
        }
        if view.last_trashed.is_some() && ui.button("Undo").clicked() {
            actions.push(Action::UndoTrash);
        }
        let recording = match selected[..] {
            [one] => view
                .recordings
                .get(&one.path)
                .map(|size| (one.path.clone(), *size)),
            _ => None,
        };
        if let Some((path, size)) = recording {
            if view.confirm_delete_recording.as_ref() == Some(&path) {
                ui.label(format!(
                    "Delete this drill's voice recording ({})? The session stays.",
                    size_text(size)
                ));
                if ui.button("Delete recording").clicked() {
                    actions.push(Action::DeleteRecording(path));
                }
                if ui.button("Cancel").clicked() {
                    view.confirm_delete_recording = None;
                }
            } else if ui
                .button("Delete recording…")
                .on_hover_text(format!(
                    "The voice recording is {}; deleting it keeps the session",
                    size_text(size)
                ))
                .clicked()
            {
                view.confirm_delete_recording = Some(path);
            }
        }
        ui.weak(format!(
            "{shown} of {}",
            count_of(sessions.len(), "session", "sessions")
        ));
    });
    actions
}

/// The sortable table; click selects, Ctrl/Shift+click adds, double-click opens.
fn table_ui(ui: &mut Ui, rows: &[&SessionSummary], view: &mut LibraryView) -> Vec<Action> {
    let mut actions = Vec::new();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    let mut clicked: Option<(PathBuf, bool)> = None;
    // Row clicks select; labels must not take them for text selection.
    ui.style_mut().interaction.selectable_labels = false;
    TableBuilder::new(ui)
        .id_salt("sessions_table")
        .striped(true)
        .sense(egui::Sense::click())
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(140.0))
        .column(Column::remainder().at_least(200.0))
        .column(Column::exact(70.0))
        .column(Column::exact(80.0))
        .column(Column::exact(60.0))
        .column(Column::exact(60.0))
        .column(Column::exact(110.0))
        .header(24.0, |mut header| {
            for key in SortKey::ALL {
                header.col(|ui| {
                    if ui
                        .button(RichText::new(key.label()).strong())
                        .on_hover_text(format!(
                            "{}. Click to sort; again to reverse.",
                            key.meaning()
                        ))
                        .clicked()
                    {
                        if view.sort == key {
                            view.ascending = !view.ascending;
                        } else {
                            view.sort = key;
                            view.ascending = matches!(key, SortKey::Scenario);
                        }
                    }
                    if view.sort == key {
                        sort_arrow(ui, view.ascending);
                    }
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let Some(summary) = rows.get(row.index()) else {
                    return;
                };
                row.set_selected(view.selected.contains(&summary.path));
                let score = summary.score.as_ref();
                let status = match summary.status {
                    DrillStatus::Finished => "",
                    DrillStatus::Running | DrillStatus::Paused => " (unfinished)",
                };
                let mut responses = Vec::new();
                responses.push(
                    row.col(|ui| {
                        ui.label(local_time(ui, summary.created));
                    })
                    .1,
                );
                responses.push(
                    row.col(|ui| {
                        let kind = if summary.calibration.is_some() {
                            " · calibration"
                        } else {
                            ""
                        };
                        let voice = view
                            .recordings
                            .get(&summary.path)
                            .map_or(String::new(), |size| {
                                format!(" · voice {}", size_text(*size))
                            });
                        ui.label(format!("{}{kind}{status}{voice}", summary.scenario_title));
                    })
                    .1,
                );
                responses.push(
                    row.col(|ui| {
                        ui.label(summary.target.label());
                    })
                    .1,
                );
                responses.push(
                    row.col(|ui| {
                        ui.label(clock_text(summary.elapsed));
                    })
                    .1,
                );
                responses.push(
                    row.col(|ui| {
                        ui.label(
                            score
                                .and_then(|r| r.core)
                                .map_or("—".to_owned(), |c| format!("{:.0} %", c * 100.0)),
                        );
                    })
                    .1,
                );
                responses.push(
                    row.col(|ui| {
                        ui.label(
                            score
                                .and_then(|r| r.signal_average)
                                .map_or("—".to_owned(), |a| format!("{a:.1}")),
                        );
                    })
                    .1,
                );
                responses.push(
                    row.col(|ui| match score {
                        Some(r) => {
                            ui.colored_label(
                                theme::band_colour(ui.visuals(), r.band),
                                r.band.label(),
                            );
                        }
                        None if summary.draft => {
                            ui.weak("scoring…");
                        }
                        None => {
                            ui.weak("not scored");
                        }
                    })
                    .1,
                );
                let response = row.response();
                if response.double_clicked() || responses.iter().any(egui::Response::double_clicked)
                {
                    actions.push(Action::OpenSession(summary.path.clone()));
                } else if response.clicked() || responses.iter().any(egui::Response::clicked) {
                    let adding = response
                        .ctx
                        .input(|i| i.modifiers.command || i.modifiers.shift);
                    clicked = Some((summary.path.clone(), adding));
                }
            });
        });
    if let Some((path, adding)) = clicked {
        if adding {
            if let Some(at) = view.selected.iter().position(|p| *p == path) {
                view.selected.remove(at);
            } else {
                view.selected.push(path);
            }
        } else {
            view.selected = vec![path];
        }
    }
    actions
}

/// A small triangle after the sorted column's heading: up when ascending.
fn sort_arrow(ui: &mut Ui, ascending: bool) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    let c = rect.center();
    let (tip, base) = if ascending { (-4.0, 3.0) } else { (4.0, -3.0) };
    let points = vec![
        egui::pos2(c.x, c.y + tip),
        egui::pos2(c.x - 4.5, c.y + base),
        egui::pos2(c.x + 4.5, c.y + base),
    ];
    let colour = ui.visuals().strong_text_color();
    ui.painter().add(egui::Shape::convex_polygon(
        points,
        colour,
        egui::Stroke::NONE,
    ));
}

/// The least height of the charts panel: the tabs and a plot that can still be read.
const CHART_MIN_HEIGHT: f32 = 180.0;

/// Days since the Unix epoch, the x axis of the charts.
fn day(t: Timestamp) -> f64 {
    t.0 as f64 / 86_400.0
}

/// The x axis label of a grid mark, in the display zone: the date on marks a day or more
/// apart, else the time of day, and the date only at midnight; so no two labels repeat.
fn date_label(mark: &egui_plot::GridMark, zone: &jiff::tz::TimeZone) -> String {
    let secs = (mark.value * 86_400.0).round() as i64;
    let short = Timestamp(secs).local_short(zone);
    let (date, time) = short.split_once(' ').unwrap_or((short.as_str(), ""));
    if mark.step_size >= 1.0 || secs.rem_euclid(86_400) == 0 {
        date.to_owned()
    } else {
        time.to_owned()
    }
}

/// The y axis label of a band chart's mark: the band's name on whole numbers.
fn band_label(mark: &egui_plot::GridMark) -> String {
    let index = mark.value.round();
    if (mark.value - index).abs() > 1e-6 || !(0.0..=4.0).contains(&index) {
        return String::new();
    }
    Band::ALL[index as usize].label().to_owned()
}

/// A band's height on the band chart, 0 (no hire) to 4 (strong hire).
fn band_y(band: Band) -> f64 {
    f64::from(crate::model::verdict::band_index(band))
}

/// The chart tabs and the chart.
fn charts_ui(
    ui: &mut Ui,
    catalog: &Catalog,
    sessions: &[SessionSummary],
    view: &mut LibraryView,
    now: Timestamp,
) {
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Progress").strong());
        for (chart, label) in [
            (Chart::Band, "Verdict"),
            (Chart::Competencies, "Competencies"),
            (Chart::Time, "Time per phase"),
            (Chart::Calibration, "Calibration"),
        ] {
            if ui.selectable_label(view.chart == chart, label).clicked() {
                view.chart = chart;
            }
        }
        if let Some(id) = &view.scenario {
            ui.weak(format!(
                "· {}",
                catalog
                    .scenario(id)
                    .map_or(id.as_str(), |s| s.title.as_str())
            ));
        }
    });
    let mut chronological: Vec<&SessionSummary> = sessions
        .iter()
        .filter(|s| view.scenario.as_ref().is_none_or(|id| &s.scenario_id == id))
        .collect();
    chronological.sort_by_key(|s| s.created);
    // Calibrations mark someone else's answer: they show only in the Calibration chart.
    let (calibrations, chronological): (Vec<&SessionSummary>, Vec<&SessionSummary>) = chronological
        .into_iter()
        .partition(|s| s.calibration.is_some());
    let scored: Vec<&SessionSummary> = chronological
        .iter()
        .copied()
        .filter(|s| s.score.is_some())
        .collect();
    let zone = display_zone(ui.ctx());
    let date_axis =
        |mark: egui_plot::GridMark, _: &std::ops::RangeInclusive<f64>| date_label(&mark, &zone);
    match view.chart {
        Chart::Band => {
            if scored.is_empty() {
                ui.weak("Score a finished drill to see your verdicts here.");
                return;
            }
            Plot::new("band_over_time")
                .legend(Legend::default())
                .include_y(-0.2)
                .include_y(4.2)
                .include_x(day(now))
                .x_axis_formatter(date_axis)
                .y_axis_formatter(|mark, _| band_label(&mark))
                .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
                .y_axis_min_width(90.0)
                .allow_scroll(false)
                .show(ui, |plot| {
                    for (i, level) in crate::model::TargetLevel::ALL.into_iter().enumerate() {
                        let points: Vec<[f64; 2]> = scored
                            .iter()
                            .filter(|s| s.target == level)
                            .filter_map(|s| {
                                s.score.as_ref().map(|r| [day(s.created), band_y(r.band)])
                            })
                            .collect();
                        if points.is_empty() {
                            continue;
                        }
                        let name = format!("{} bar", level.label());
                        let colour = theme::series_colour(i);
                        plot.line(
                            Line::new(name.clone(), PlotPoints::from(points.clone()))
                                .color(colour)
                                .width(2.0),
                        );
                        plot.points(
                            Points::new(name, PlotPoints::from(points))
                                .color(colour)
                                .radius(4.0),
                        );
                    }
                });
        }
        Chart::Competencies => {
            if scored.is_empty() {
                ui.weak("Score a finished drill to see your competencies here.");
                return;
            }
            Plot::new("competencies_over_time")
                .legend(Legend::default())
                .include_y(1.0)
                .include_y(4.0)
                .include_x(day(now))
                .x_axis_formatter(date_axis)
                .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
                .y_axis_label("rating 1–4")
                .y_axis_min_width(40.0)
                .allow_scroll(false)
                .show(ui, |plot| {
                    for (i, (signal, name)) in
                        Signal::ALL.iter().zip(signal_names(catalog)).enumerate()
                    {
                        let colour = theme::series_colour(i);
                        let points: Vec<[f64; 2]> = scored
                            .iter()
                            .filter_map(|s| {
                                s.signals
                                    .iter()
                                    .find(|x| x.signal == *signal)
                                    .map(|x| [day(s.created), f64::from(x.level)])
                            })
                            .collect();
                        if !points.is_empty() {
                            plot.line(
                                Line::new(name.clone(), PlotPoints::from(points.clone()))
                                    .color(colour),
                            );
                            plot.points(
                                Points::new(name, PlotPoints::from(points))
                                    .color(colour)
                                    .radius(3.0),
                            );
                        }
                    }
                });
        }
        Chart::Time => {
            if chronological.is_empty() {
                ui.weak("Finish a drill to see how your time splits across phases.");
                return;
            }
            let used = frameworks_used(catalog, &chronological);
            // The chosen framework if drills used it, else the newest drill's.
            let chosen = view
                .time_framework
                .as_deref()
                .and_then(|id| used.iter().find(|(f, _)| f.id == id))
                .or_else(|| {
                    chronological
                        .last()
                        .and_then(|newest| used.iter().find(|(f, _)| f.id == newest.framework_id))
                })
                .map(|(f, _)| *f);
            let Some(framework) = chosen else {
                ui.weak("These drills used frameworks this Drillboard does not have.");
                return;
            };
            if used.len() > 1 {
                ui.horizontal_wrapped(|ui| {
                    ui.weak("Phases of");
                    for (f, n) in &used {
                        if ui
                            .selectable_label(
                                f.id == framework.id,
                                format!("{} ({})", f.name, count_of(*n, "drill", "drills")),
                            )
                            .on_hover_text(&f.description)
                            .clicked()
                        {
                            view.time_framework = Some(f.id.clone());
                        }
                    }
                    ui.weak("· each framework has its own phases and budgets");
                });
            }
            let series = phase_time_series(&chronological, framework);
            Plot::new(("time_per_phase", framework.id.as_str()))
                .legend(Legend::default())
                .include_y(0.0)
                .include_y(1.0)
                .x_axis_formatter(date_axis)
                .y_axis_label("share of budget")
                .y_axis_min_width(40.0)
                .allow_scroll(false)
                .show(ui, |plot| {
                    plot.hline(
                        egui_plot::HLine::new("Budget", 1.0)
                            .style(egui_plot::LineStyle::dashed_loose()),
                    );
                    // Under these lines a phase was rushed or skipped (`model::drill::Pace`).
                    plot.hline(
                        egui_plot::HLine::new("Rushed below", crate::model::drill::RUSHED_BELOW)
                            .style(egui_plot::LineStyle::dotted_loose()),
                    );
                    plot.hline(
                        egui_plot::HLine::new("Skipped below", crate::model::drill::SKIPPED_BELOW)
                            .style(egui_plot::LineStyle::dotted_dense()),
                    );
                    // Points as well as lines: a framework drilled once has one point per
                    // phase, which a line alone would not show.
                    for (i, line) in series.into_iter().enumerate() {
                        let colour = theme::series_colour(i);
                        plot.line(
                            Line::new(line.name.clone(), PlotPoints::from(line.points.clone()))
                                .color(colour),
                        );
                        plot.points(
                            Points::new(line.name, PlotPoints::from(line.points))
                                .color(colour)
                                .radius(3.0),
                        );
                    }
                });
        }
        Chart::Calibration => {
            // Gaps are in bands since levels came in; older gaps (in levels) are left out.
            let points: Vec<[f64; 2]> = scored
                .iter()
                .filter_map(|s| {
                    let result = s.score.as_ref()?;
                    (result.model == crate::model::verdict::ScoringModel::Competency)
                        .then_some(())?;
                    Some([day(s.created), f64::from(result.calibration_gap?)])
                })
                .collect();
            let marking = marking_gaps(&calibrations);
            if points.is_empty() && marking.is_empty() {
                ui.weak(
                    "Predict your band before scoring to see how well you judge yourself, \
                     and calibrate on a graded example (home screen) to see whether your \
                     marking is too generous.",
                );
                return;
            }
            Plot::new("calibration")
                .legend(Legend::default())
                .include_y(-2.0)
                .include_y(2.0)
                .x_axis_formatter(date_axis)
                .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [1.0, 1.0, 1.0]))
                .y_axis_label("gap in bands (+ too generous)")
                .y_axis_min_width(40.0)
                .allow_scroll(false)
                .show(ui, |plot| {
                    plot.hline(egui_plot::HLine::new("Well calibrated", 0.0));
                    plot.line(
                        Line::new("Calibration gap", PlotPoints::from(points.clone())).width(2.0),
                    );
                    plot.points(
                        Points::new("Calibration gap", PlotPoints::from(points)).radius(3.5),
                    );
                    if !marking.is_empty() {
                        let name = "Your marks − official (graded examples)";
                        let colour = theme::series_colour(1);
                        plot.line(
                            Line::new(name, PlotPoints::from(marking.clone()))
                                .width(2.0)
                                .color(colour),
                        );
                        plot.points(
                            Points::new(name, PlotPoints::from(marking))
                                .radius(3.5)
                                .color(colour),
                        );
                    }
                });
        }
    }
}

/// For each scored calibration, oldest first: (day, the user's band minus the official band).
/// Positive means the marking was more generous than the official marks.
pub fn marking_gaps(calibrations: &[&SessionSummary]) -> Vec<[f64; 2]> {
    calibrations
        .iter()
        .filter_map(|s| {
            let official = s.calibration.as_ref()?.official;
            let yours = s.score.as_ref()?.band;
            Some([
                day(s.created),
                f64::from(crate::model::verdict::band_gap(yours, official)),
            ])
        })
        .collect()
}

/// The signals' names from the catalogue, in `Signal::ALL` order.
fn signal_names(catalog: &Catalog) -> Vec<String> {
    Signal::ALL
        .iter()
        .map(|signal| {
            catalog
                .signals
                .signals
                .iter()
                .find(|r| r.signal == *signal)
                .map_or_else(|| format!("{signal:?}"), |r| r.name.clone())
        })
        .collect()
}

/// A file size in the units people read: "840 kB", "4.2 MB".
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} kB", bytes.div_ceil(1000))
    }
}
