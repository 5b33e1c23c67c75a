//! The Reference tab: the scenario's reference architecture beside the user's diagram, the
//! expected components present or missing, the model answers (per phase, and by level when
//! the scenario has them), its deep dives, red flags and sources.

use egui::{RichText, ScrollArea, Ui};

use crate::model::scoring::component_presence;
use crate::ui::{canvas, theme};

use super::deep_dives::deep_dives_ui;
use super::level_answers::level_answers_ui;
use super::state::ReferenceLayout;
use super::{OpenSession, ReviewContext, ReviewView};

/// The reference architecture beside the user's, components present or missing, model answers.
pub(super) fn reference_tab_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &mut ReviewView,
) {
    let Some(scenario) = context.scenario else {
        ui.weak(
            "This scenario is not in the library here, so there is no reference to compare with.",
        );
        return;
    };
    let (present, missing) = component_presence(scenario, &open.session.diagram);
    egui::Panel::right("reference_notes")
        .resizable(true)
        .default_size(380.0)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("reference_notes")
                .show(ui, |ui| {
                    if !scenario.expected_components.is_empty() {
                        ui.label(RichText::new("Expected components").strong());
                        ui.weak(format!(
                            "{} of {} are in your diagram.",
                            present.len(),
                            present.len() + missing.len()
                        ));
                    }
                    for component in &missing {
                        ui.colored_label(
                            theme::error_colour(ui.visuals()),
                            format!("Missing · {}: {}", component.kind.label(), component.why),
                        );
                    }
                    for component in &present {
                        ui.colored_label(
                            theme::success_colour(ui.visuals()),
                            format!("In your diagram · {}", component.kind.label()),
                        );
                    }
                    let phase_name = |id: &str| {
                        context
                            .rubric_framework
                            .phases
                            .iter()
                            .find(|p| p.id == id)
                            .map_or_else(|| id.to_owned(), |p| p.name.clone())
                    };
                    if !scenario.reference.phases.is_empty() {
                        ui.add_space(theme::SECTION_GAP);
                        ui.label(RichText::new("Model answer per phase").strong());
                    }
                    for answer in &scenario.reference.phases {
                        egui::CollapsingHeader::new(phase_name(&answer.phase))
                            .id_salt(("answer", &answer.phase))
                            .show(ui, |ui| {
                                ui.label(&answer.answer);
                            });
                    }
                    if !scenario.reference.levels.is_empty() {
                        ui.add_space(theme::SECTION_GAP);
                        level_answers_ui(
                            ui,
                            scenario,
                            open.session.target,
                            &mut view.answer_level,
                            &phase_name,
                        );
                    }
                    if !scenario.deep_dives.is_empty() {
                        ui.add_space(theme::SECTION_GAP);
                        deep_dives_ui(ui, scenario, &phase_name);
                    }
                    if !scenario.red_flags.is_empty() {
                        ui.add_space(theme::SECTION_GAP);
                        ui.label(RichText::new("Red flags interviewers watch for").strong());
                        for flag in &scenario.red_flags {
                            ui.label(format!("• {flag}"));
                        }
                    }
                    if !scenario.sources.is_empty() {
                        ui.add_space(theme::SECTION_GAP);
                        ui.label(RichText::new("Sources").strong());
                        for source in &scenario.sources {
                            source_ui(ui, source);
                        }
                    }
                });
        });
    ui.horizontal(|ui| {
        ui.label("Show");
        for (layout, name) in [
            (ReferenceLayout::Both, "Both"),
            (ReferenceLayout::Reference, "Reference only"),
            (ReferenceLayout::Yours, "Yours only"),
        ] {
            if ui
                .selectable_label(view.reference_layout == layout, name)
                .clicked()
                && view.reference_layout != layout
            {
                view.reference_layout = layout;
                view.canvas.fit_requested = true;
                view.reference_canvas.fit_requested = true;
            }
        }
    });
    // Stacked, each the full width: diagrams are wider than tall, so this keeps them larger.
    let shown = match view.reference_layout {
        ReferenceLayout::Both => 2.0,
        ReferenceLayout::Reference | ReferenceLayout::Yours => 1.0,
    };
    let width = ui.available_width();
    let part = egui::vec2(width, (ui.available_height() - 8.0 * (shown - 1.0)) / shown);
    let top_down = egui::Layout::top_down(egui::Align::Min);
    if view.reference_layout != ReferenceLayout::Reference {
        ui.allocate_ui_with_layout(part, top_down, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("Your diagram").strong());
                ui.push_id("yours", |ui| canvas::view_bar_ui(ui, &mut view.canvas));
            });
            let _ = canvas::canvas_ui(ui, &open.session.diagram, &mut view.canvas, false);
        });
    }
    if view.reference_layout != ReferenceLayout::Yours {
        ui.allocate_ui_with_layout(part, top_down, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new("Reference").strong());
                ui.push_id("reference", |ui| {
                    canvas::view_bar_ui(ui, &mut view.reference_canvas);
                });
            });
            let _ = canvas::canvas_ui(
                ui,
                &scenario.reference.diagram,
                &mut view.reference_canvas,
                false,
            );
        });
    }
}

/// One source: a link when it is a web address, else its text.
fn source_ui(ui: &mut Ui, source: &str) {
    let source = source.trim();
    if source.starts_with("https://") && !source.contains(char::is_whitespace) {
        ui.hyperlink(source);
    } else {
        ui.label(format!("• {source}"));
    }
}
