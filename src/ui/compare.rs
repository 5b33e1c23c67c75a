//! Two attempts at one scenario side by side: times, scores and diagrams.

use egui::{RichText, Ui};

use crate::model::Session;
use crate::store::Catalog;

use super::action::Action;
use super::app::state::CompareView;
use super::canvas;
use super::theme;
use super::widgets::{clock_text, local_time};

/// The phase rows of the comparison: (label, phase id). Both attempts normally followed one
/// framework and the rows are its phases, numbered. When they did not (a scenario moved to
/// another framework between them), the earlier attempt's phases come first and the later
/// one's other phases after, unnumbered, and each attempt's cell is found by phase id.
fn phase_rows(catalog: &Catalog, a: &Session, b: &Session) -> Vec<(String, String)> {
    let phases_of = |s: &Session| -> Vec<(String, String)> {
        let framework = catalog.framework(&s.framework_id);
        s.drill
            .phases
            .iter()
            .map(|record| {
                let name = framework
                    .and_then(|f| f.phases.iter().find(|p| p.id == record.phase))
                    .map_or_else(|| record.phase.clone(), |p| p.name.clone());
                (name, record.phase.clone())
            })
            .collect()
    };
    let mut rows = phases_of(a);
    if a.framework_id == b.framework_id {
        for (i, (label, _)) in rows.iter_mut().enumerate() {
            *label = format!("{}. {label}", i + 1);
        }
        return rows;
    }
    for (name, id) in phases_of(b) {
        if !rows.iter().any(|(_, known)| *known == id) {
            rows.push((name, id));
        }
    }
    rows
}

/// Draws the comparison.
pub fn compare_ui(ui: &mut Ui, catalog: &Catalog, view: &mut CompareView) -> Vec<Action> {
    let mut actions = Vec::new();
    let [a, b] = &view.sessions;
    let phase_rows = phase_rows(catalog, a, b);
    egui::Panel::top("compare_header").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN / 2.0);
        let row = egui::vec2(ui.available_width(), 32.0);
        ui.allocate_ui_with_layout(
            row,
            egui::Layout::right_to_left(egui::Align::Center),
            |ui| {
                if ui.button("Library").clicked() {
                    actions.push(Action::ShowLibrary);
                }
                if ui.button("Home").clicked() {
                    actions.push(Action::GoHome);
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(
                        egui::Label::new(
                            RichText::new(format!("Compare attempts · {}", a.scenario_title))
                                .size(theme::TITLE_SIZE)
                                .strong(),
                        )
                        .truncate(),
                    );
                });
            },
        );
        ui.add_space(4.0);
        // Folded on a short window, so the diagrams keep their room.
        let tall = ui.ctx().content_rect().height() > 760.0;
        egui::CollapsingHeader::new(RichText::new("Times and scores").strong())
            .id_salt("compare_table")
            .default_open(tall)
            .show(ui, |ui| {
                egui::Grid::new("compare_grid")
                    .num_columns(3)
                    .striped(true)
                    .spacing([24.0, 4.0])
                    .show(ui, |ui| {
                        let row = |ui: &mut Ui, name: &str, values: [String; 2]| {
                            ui.label(name);
                            for v in values {
                                ui.label(RichText::new(v).strong());
                            }
                            ui.end_row();
                        };
                        ui.label("");
                        ui.label(RichText::new("Earlier").weak());
                        ui.label(RichText::new("Later").weak());
                        ui.end_row();
                        row(
                            ui,
                            "Drilled",
                            [local_time(ui, a.created), local_time(ui, b.created)],
                        );
                        row(
                            ui,
                            "Time used",
                            [a, b].map(|s| {
                                format!(
                                    "{} of {}",
                                    clock_text(s.drill.total_elapsed()),
                                    clock_text(s.drill.total_budget())
                                )
                            }),
                        );
                        let result =
                            |s: &Session| s.latest_self_score().and_then(|x| x.result.clone());
                        row(
                            ui,
                            "Band",
                            [a, b].map(|s| {
                                result(s)
                                    .map_or("not scored".to_owned(), |r| r.band.label().to_owned())
                            }),
                        );
                        row(ui, "Level", [a, b].map(|s| s.target.label().to_owned()));
                        row(
                            ui,
                            "Core items",
                            [a, b].map(|s| {
                                result(s)
                                    .and_then(|r| r.core)
                                    .map_or("—".to_owned(), |c| format!("{:.0} %", c * 100.0))
                            }),
                        );
                        row(
                            ui,
                            "Rubric coverage",
                            [a, b].map(|s| {
                                result(s).map_or("—".to_owned(), |r| {
                                    format!("{:.0} %", r.coverage * 100.0)
                                })
                            }),
                        );
                        row(
                            ui,
                            "Mean rating",
                            [a, b].map(|s| {
                                result(s)
                                    .and_then(|r| r.signal_average)
                                    .map_or("—".to_owned(), |v| format!("{v:.1}"))
                            }),
                        );
                        for (label, phase_id) in &phase_rows {
                            let cell = |s: &Session| {
                                let Some(i) =
                                    s.drill.phases.iter().position(|r| &r.phase == phase_id)
                                else {
                                    return "—".to_owned();
                                };
                                let used = s
                                    .drill
                                    .phases
                                    .get(i)
                                    .map(crate::model::PhaseRecord::elapsed)
                                    .unwrap_or_default();
                                let over = catalog
                                    .framework(&s.framework_id)
                                    .map(|f| s.drill.phase_overrun(f, i))
                                    .unwrap_or_default();
                                let coverage = result(s)
                                    .and_then(|r| {
                                        r.phases
                                            .iter()
                                            .find(|p| &p.phase == phase_id)
                                            .map(|p| p.coverage)
                                    })
                                    .map_or(String::new(), |c| format!(" · {:.0} %", c * 100.0));
                                if over.is_zero() {
                                    format!("{}{coverage}", clock_text(used))
                                } else {
                                    format!(
                                        "{} (+{}){coverage}",
                                        clock_text(used),
                                        clock_text(over)
                                    )
                                }
                            };
                            row(ui, label, [cell(a), cell(b)]);
                        }
                    });
            });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| {
        let [left, right] = &mut view.canvases;
        ui.horizontal(|ui| {
            ui.label(RichText::new("Both diagrams").strong());
            if ui
                .button("Fit")
                .on_hover_text("Fit both diagrams at one scale (Shift+1)")
                .clicked()
            {
                left.fit_requested = true;
                right.fit_requested = true;
            }
            if ui
                .button(format!("{:.0} %", left.view.zoom * 100.0))
                .on_hover_text("Both back to 100 % · Ctrl+wheel zooms · drag to pan")
                .clicked()
            {
                left.reset_zoom();
                right.reset_zoom();
            }
            ui.checkbox(&mut view.linked, "Move together")
                .on_hover_text("Panning or zooming one diagram moves the other the same way");
        });
        let width = ui.available_width();
        let height = ui.available_height();
        // Fit on either canvas (Shift+1 there) fits both, at one scale.
        let fitting = left.fit_requested || right.fit_requested;
        left.fit_requested = fitting;
        right.fit_requested = fitting;
        let before = [left.view, right.view];
        ui.horizontal_top(|ui| {
            let half = egui::vec2((width - 8.0) / 2.0, height);
            let top_down = egui::Layout::top_down(egui::Align::Min);
            ui.allocate_ui_with_layout(half, top_down, |ui| {
                ui.label(
                    RichText::new(format!("Earlier · {}", local_time(ui, a.created))).strong(),
                );
                let _ = canvas::canvas_ui(ui, &a.diagram, left, false);
            });
            ui.allocate_ui_with_layout(half, top_down, |ui| {
                ui.label(RichText::new(format!("Later · {}", local_time(ui, b.created))).strong());
                let _ = canvas::canvas_ui(ui, &b.diagram, right, false);
            });
        });
        if fitting {
            // Each fit alone would draw the smaller diagram larger: one scale for both.
            left.fit_requested = false;
            right.fit_requested = false;
            canvas::share_fit(left, &a.diagram, right, &b.diagram);
            // This frame drew each fit alone; draw the shared scale at once.
            ui.ctx().request_repaint();
        } else if left.fit_requested || right.fit_requested {
            // Asked for with a key while drawing: both fit on the next frame.
            left.fit_requested = true;
            right.fit_requested = true;
            ui.ctx().request_repaint();
        } else if left.view != before[0] {
            if view.linked {
                right.view.follow(before[0], left.view);
            } else {
                right.view.zoom_keeping(right.view_centre(), left.view.zoom);
            }
        } else if right.view != before[1] {
            if view.linked {
                left.view.follow(before[1], right.view);
            } else {
                left.view.zoom_keeping(left.view_centre(), right.view.zoom);
            }
        }
    });
    actions
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::model::Timestamp;
    use crate::store::Library;

    fn attempt(catalog: &Catalog, id: &str) -> Session {
        let Some(scenario) = catalog.scenario(id) else {
            panic!("no scenario {id}");
        };
        let Some(framework) = catalog.framework(&scenario.framework) else {
            panic!("no framework for {id}");
        };
        Session::start(scenario, framework, 45, Timestamp(0), Duration::ZERO)
    }

    #[test]
    fn attempts_on_two_frameworks_list_both_sets_of_phases_by_id() {
        let Ok(dir) = tempfile::tempdir() else {
            panic!("a temp dir");
        };
        let Ok(catalog) = Catalog::load(&Library::new(dir.path())) else {
            panic!("built-in data loads");
        };
        let seven = attempt(&catalog, "fraud_detection");
        let llm = attempt(&catalog, "llm_chat_serving");

        let same = phase_rows(&catalog, &seven, &seven);
        assert_eq!(same.len(), 7);
        assert_eq!(
            same[0],
            ("1. Clarify requirements".to_owned(), "clarify".to_owned())
        );

        // A scenario moved to another framework between two attempts: the earlier attempt's
        // phases, then the later one's, unnumbered, each attempt's cell found by phase id.
        let mixed = phase_rows(&catalog, &seven, &llm);
        let ids: Vec<&str> = mixed.iter().map(|(_, id)| id.as_str()).collect();
        assert_eq!(ids.len(), 13);
        assert_eq!(ids[0], "clarify");
        assert_eq!(ids[7], "task_quality");
        assert_eq!(mixed[7].0, "Task and quality bar");
    }
}
