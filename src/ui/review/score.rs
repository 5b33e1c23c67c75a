//! The Score tab: predict first, then mark the rubric per phase with evidence and rate the
//! signals, with the result beside them; and how a result is shown elsewhere too.

use egui::{RichText, ScrollArea, Ui};

use crate::model::rubric::LEVEL_NAMES;
use crate::model::scoring::{ScoreResult, item_hint, score};
use crate::model::{
    Coverage, Diagram, Evidence, Framework, ItemMark, Scenario, ScoreSheet, Signal, SignalScore,
};
use crate::ui::action::Action;
use crate::ui::theme;
use crate::ui::widgets::primary_button;

use super::{OpenSession, ReviewContext, ReviewView};

/// Calibration, then the rubric per phase with evidence, then the signals, then the result.
pub(super) fn score_tab_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &mut ReviewView,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(scenario) = context.scenario else {
        ui.weak("This scenario is not in the library here, so its rubric cannot be shown.");
        return actions;
    };
    let session = &open.session;
    let draft = view.draft.get_or_insert_with(|| {
        // Revising starts from the latest sheet, minus the prediction: that is asked afresh.
        session.scores.last().map_or_else(
            || ScoreSheet {
                at: context.now,
                predicted_level: None,
                items: Vec::new(),
                signals: Vec::new(),
                result: None,
            },
            |last| ScoreSheet {
                at: context.now,
                predicted_level: None,
                result: None,
                ..last.clone()
            },
        )
    });

    let Some(_) = draft.predicted_level else {
        ui.add_space(theme::SECTION_GAP);
        ui.label(
            RichText::new("Before you see the rubric")
                .strong()
                .size(18.0),
        );
        ui.label(
            "How do you think this attempt went overall? Predict first: comparing the guess with \
             the score shows how well you judge your own answers.",
        );
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (level, name) in (1..=4).zip(LEVEL_NAMES) {
                let button =
                    egui::Button::new(RichText::new(format!("{level} · {name}")).size(16.0))
                        .min_size(egui::vec2(150.0, 40.0));
                if ui.add(button).clicked() {
                    draft.predicted_level = Some(level);
                }
            }
        });
        ui.add_space(8.0);
        ui.weak(format!(
            "Next: {} rubric items to mark, then the five signals.",
            scenario.rubric.len()
        ));
        return actions;
    };

    let result = score(draft, scenario, context.framework, &session.drill);
    egui::Panel::right("score_result")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            ui.label(RichText::new("Result").strong().size(18.0));
            result_ui(ui, &result, context.framework);
            ui.add_space(theme::SECTION_GAP);
            let unmarked = scenario
                .rubric
                .iter()
                .filter(|item| !draft.items.iter().any(|m| m.item == item.id))
                .count();
            let unscored = Signal::ALL.len().saturating_sub(draft.signals.len());
            if unmarked + unscored > 0 {
                ui.weak(format!(
                    "{unmarked} rubric items unmarked (they count as missed) · {unscored} signals unscored"
                ));
            }
            if primary_button(ui, "Save score").clicked() {
                let mut sheet = draft.clone();
                sheet.result = Some(result.clone());
                actions.push(Action::SaveScore(sheet));
            }
            if !session.scores.is_empty() {
                ui.weak(format!(
                    "Saving adds revision {}; earlier ones are kept.",
                    session.scores.len() + 1
                ));
            }
        });

    ScrollArea::vertical().id_salt("score").show(ui, |ui| {
        for (phase_index, phase) in context.framework.phases.iter().enumerate() {
            let items: Vec<_> = scenario
                .rubric
                .iter()
                .filter(|item| item.phase == phase.id)
                .collect();
            if items.is_empty() {
                continue;
            }
            let coverage = result
                .phases
                .iter()
                .find(|p| p.phase == phase.id)
                .map_or(0.0, |p| p.coverage);
            ui.add_space(theme::SECTION_GAP / 2.0);
            ui.label(
                RichText::new(format!(
                    "{}. {} · {:.0} %",
                    phase_index + 1,
                    phase.name,
                    coverage * 100.0
                ))
                .strong()
                .size(17.0),
            );
            let notes = session
                .drill
                .phases
                .get(phase_index)
                .map_or("", |r| r.notes.as_str());
            for item in items {
                ui.push_id(&item.id, |ui| {
                    rubric_item_ui(ui, draft, item, scenario, &session.diagram, notes);
                });
            }
        }
        ui.add_space(theme::SECTION_GAP);
        ui.label(RichText::new("The five signals").strong().size(17.0));
        for rubric in &context.signals.signals {
            ui.push_id(rubric.signal, |ui| signal_ui(ui, draft, rubric));
        }
    });
    actions
}

/// One rubric item: what good looks like, the mark, evidence and the diagram's hints.
fn rubric_item_ui(
    ui: &mut Ui,
    draft: &mut ScoreSheet,
    item: &crate::model::scenario::RubricItem,
    scenario: &Scenario,
    diagram: &Diagram,
    notes: &str,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&item.title).strong());
            ui.weak(format!("weight {}", item.weight));
        });
        ui.weak(&item.good);
        let at = draft.items.iter().position(|m| m.item == item.id);
        let current = at.map(|i| draft.items[i].coverage);
        ui.horizontal(|ui| {
            for coverage in Coverage::ALL {
                let response = ui
                    .selectable_label(current == Some(coverage), coverage.label())
                    .accessible_name(format!("{}: {}", coverage.label(), item.title));
                if response.clicked() {
                    match at {
                        Some(i) => draft.items[i].coverage = coverage,
                        None => draft.items.push(ItemMark {
                            item: item.id.clone(),
                            coverage,
                            evidence: Vec::new(),
                        }),
                    }
                }
            }
        });
        let hint = item_hint(scenario, diagram, &item.id);
        for component in &hint.missing {
            ui.colored_label(
                theme::warning_colour(ui.visuals()),
                format!(
                    "No {} in your diagram",
                    component.kind.label().to_lowercase()
                ),
            )
            .on_hover_text(&component.why);
        }
        let Some(i) = draft.items.iter().position(|m| m.item == item.id) else {
            if !hint.present.is_empty() {
                ui.weak("Your diagram has boxes for this; mark it to attach them as evidence.");
            }
            return;
        };
        let mark = &mut draft.items[i];
        let mut remove = None;
        if !mark.evidence.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (e, evidence) in mark.evidence.iter().enumerate() {
                    let text = match evidence {
                        Evidence::Node(id) => diagram.node(*id).map_or_else(
                            || format!("box {}", id.0),
                            |n| format!("Box: {}", n.label),
                        ),
                        Evidence::Quote(q) => format!("“{q}”"),
                    };
                    if ui
                        .small_button(format!("{text} ×"))
                        .on_hover_text("Remove this evidence")
                        .clicked()
                    {
                        remove = Some(e);
                    }
                }
            });
        }
        if let Some(e) = remove {
            mark.evidence.remove(e);
        }
        ui.horizontal(|ui| {
            for id in &hint.present {
                let evidence = Evidence::Node(*id);
                if mark.evidence.contains(&evidence) {
                    continue;
                }
                if let Some(node) = diagram.node(*id)
                    && ui
                        .small_button(format!("Use “{}”", node.label))
                        .on_hover_text("Suggested: this box is an expected component for this item")
                        .clicked()
                {
                    mark.evidence.push(evidence);
                }
            }
            egui::ComboBox::from_id_salt("add_box")
                .selected_text("+ box")
                .width(90.0)
                .show_ui(ui, |ui| {
                    for node in &diagram.nodes {
                        let evidence = Evidence::Node(node.id);
                        if !mark.evidence.contains(&evidence) && ui.button(&node.label).clicked() {
                            mark.evidence.push(evidence);
                        }
                    }
                })
                .response
                .accessible_name(format!("Add a box as evidence for {}", item.title));
            let lines: Vec<&str> = notes
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            ui.add_enabled_ui(!lines.is_empty(), |ui| {
                egui::ComboBox::from_id_salt("add_quote")
                    .selected_text("+ quote")
                    .width(90.0)
                    .show_ui(ui, |ui| {
                        for line in lines {
                            let evidence = Evidence::Quote(line.to_owned());
                            if !mark.evidence.contains(&evidence) && ui.button(line).clicked() {
                                mark.evidence.push(evidence);
                            }
                        }
                    })
                    .response
                    .accessible_name(format!("Quote your notes as evidence for {}", item.title));
            });
        });
    });
}

/// One signal: the question and four levels with their descriptors.
fn signal_ui(ui: &mut Ui, draft: &mut ScoreSheet, rubric: &crate::model::SignalRubric) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(&rubric.name).strong());
        ui.weak(&rubric.question);
        let current = draft
            .signals
            .iter()
            .find(|s| s.signal == rubric.signal)
            .map(|s| s.level);
        egui::Grid::new("levels")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for (level, descriptor) in (1_u8..).zip(&rubric.levels) {
                    let name = LEVEL_NAMES
                        .get(usize::from(level) - 1)
                        .copied()
                        .unwrap_or("");
                    if ui
                        .selectable_label(current == Some(level), format!("{level} · {name}"))
                        .accessible_name(format!("{}: {level} · {name}", rubric.name))
                        .clicked()
                    {
                        draft.signals.retain(|s| s.signal != rubric.signal);
                        draft.signals.push(SignalScore {
                            signal: rubric.signal,
                            level,
                        });
                        draft.signals.sort_by_key(|s| s.signal);
                    }
                    ui.label(descriptor);
                    ui.end_row();
                }
            });
    });
}

/// The numbers of a result: band, coverage per phase, signals, calibration and time.
pub fn result_ui(ui: &mut Ui, result: &ScoreResult, framework: &Framework) {
    band_badge(ui, result);
    egui::Grid::new("result_grid")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label("Rubric coverage");
            ui.label(RichText::new(format!("{:.0} %", result.coverage * 100.0)).strong());
            ui.end_row();
            for phase in &result.phases {
                let name = framework
                    .phases
                    .iter()
                    .find(|p| p.id == phase.phase)
                    .map_or(phase.phase.as_str(), |p| p.short.as_str());
                ui.weak(name);
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(90.0, 8.0), egui::Sense::hover());
                    ui.painter().rect_filled(
                        rect,
                        2.0,
                        ui.visuals().faint_bg_color.gamma_multiply(2.0),
                    );
                    let mut filled = rect;
                    filled.set_width(rect.width() * phase.coverage.clamp(0.0, 1.0));
                    ui.painter()
                        .rect_filled(filled, 2.0, theme::accent_colour(ui.visuals()));
                    ui.weak(format!("{:.0} %", phase.coverage * 100.0));
                });
                ui.end_row();
            }
            ui.label("Signal average");
            ui.label(
                result
                    .signal_average
                    .map_or_else(|| "not scored".to_owned(), |a| format!("{a:.1} of 4")),
            );
            ui.end_row();
            ui.label("Calibration gap");
            ui.label(result.calibration_gap.map_or_else(
                || "no prediction".to_owned(),
                |g| {
                    let direction = if g > 0.25 {
                        "you rated yourself higher"
                    } else if g < -0.25 {
                        "you rated yourself lower"
                    } else {
                        "well calibrated"
                    };
                    format!("{g:+.1} ({direction})")
                },
            ));
            ui.end_row();
            ui.label("Time management");
            ui.label(match result.phases_over_budget {
                0 => "every phase within budget".to_owned(),
                1 => "1 phase over budget".to_owned(),
                n => format!("{n} phases over budget"),
            });
            ui.end_row();
        });
}

/// The band in its colour, with the level.
pub fn band_badge(ui: &mut Ui, result: &ScoreResult) {
    let colour = theme::band_colour(ui.visuals(), result.band);
    ui.label(
        RichText::new(format!(
            "{} · level {:.1}",
            result.band.label(),
            result.level
        ))
        .strong()
        .color(colour),
    );
}
