//! The Estimates tab: the scenario's worked back-of-envelope estimates (inputs quoted from the
//! scenario or assumed, the arithmetic, the result and what it means for the design) beside
//! the candidate's own figures from the drill: the scratchpad, the assumptions they stated and
//! the lines of their notes that hold numbers.

use egui::{RichText, ScrollArea, Ui};

use crate::model::capacity::Figure;
use crate::model::estimate::{Estimate, EstimateInput, number_text};
use crate::model::{Framework, InterviewEvent, Session};
use crate::ui::theme;

use super::{OpenSession, ReviewContext, at};

/// The width the candidate's figures start at; the estimates take the rest.
const FIGURES_WIDTH: f32 = 300.0;

/// Lines of notes with numbers listed per phase at most, so a long page of notes does not
/// push the rest away.
const NOTE_LINES_PER_PHASE: usize = 6;

/// The worked estimates beside the candidate's figures.
pub(super) fn estimates_tab_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) {
    let Some(scenario) = context.scenario.filter(|s| !s.estimates.is_empty()) else {
        ui.weak("This scenario has no worked estimates.");
        return;
    };
    egui::Panel::left("your_figures")
        .resizable(true)
        .default_size(FIGURES_WIDTH)
        .min_size(220.0)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("your_figures")
                .show(ui, |ui| {
                    your_figures_ui(ui, &open.session, context.framework);
                });
        });
    // A gap after the figures' panel edge, as the panel keeps on its other side.
    let gap = egui::Margin {
        left: 10,
        ..egui::Margin::ZERO
    };
    egui::Frame::NONE.inner_margin(gap).show(ui, |ui| {
        ScrollArea::vertical()
            .id_salt("worked_estimates")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.label(RichText::new("Worked estimates").strong().size(18.0));
                ui.weak(
                    "How an interviewer works the numbers from the scenario's own figures. \
                     Inputs the scenario states are quoted; the rest are assumptions you could \
                     have made differently.",
                );
                for (i, estimate) in scenario.estimates.iter().enumerate() {
                    ui.add_space(theme::SECTION_GAP / 2.0);
                    ui.push_id(("estimate", i), |ui| {
                        estimate_ui(ui, estimate, context.rubric_framework);
                    });
                }
            });
    });
}

/// The candidate's own numbers: the scratchpad, stated assumptions and notes with figures.
fn your_figures_ui(ui: &mut Ui, session: &Session, framework: &Framework) {
    ui.label(RichText::new("Your figures").strong().size(18.0));
    ui.add_space(4.0);
    ui.label(RichText::new("Capacity scratchpad").strong());
    let pad = &session.drill.scratchpad;
    if pad.is_untouched() {
        ui.weak("You left the scratchpad at its starting values.");
    } else {
        figures_grid(ui, "scratchpad_inputs", &pad.input_figures(), false);
        ui.add_space(4.0);
        figures_grid(ui, "scratchpad_results", &pad.result_figures(), true);
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Assumptions you stated").strong());
    let mut any = false;
    for event in &session.drill.log {
        if let InterviewEvent::Assumed { text, at_ms, .. } = event {
            any = true;
            ui.horizontal_wrapped(|ui| {
                ui.monospace(at(*at_ms));
                ui.label(text);
            });
        }
    }
    if !any {
        ui.weak("None were logged.");
    }
    let with_numbers: Vec<(String, Vec<&str>)> = session
        .drill
        .phases
        .iter()
        .enumerate()
        .filter_map(|(i, record)| {
            let lines: Vec<&str> = record
                .notes
                .lines()
                .map(str::trim)
                .filter(|line| line.chars().any(|c| c.is_ascii_digit()))
                .take(NOTE_LINES_PER_PHASE)
                .collect();
            let name = framework
                .phases
                .get(i)
                .map_or(record.phase.as_str(), |p| p.name.as_str());
            (!lines.is_empty()).then(|| (format!("{}. {name}", i + 1), lines))
        })
        .collect();
    if !with_numbers.is_empty() {
        ui.add_space(theme::SECTION_GAP);
        ui.label(RichText::new("Numbers in your notes").strong());
        for (phase, lines) in with_numbers {
            ui.weak(phase);
            for line in lines {
                ui.label(RichText::new(line).monospace());
            }
        }
    }
}

/// Names and values in two columns; results in bold.
fn figures_grid(ui: &mut Ui, id: &str, figures: &[Figure], results: bool) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([12.0, 3.0])
        .show(ui, |ui| {
            for figure in figures {
                ui.label(&figure.name);
                let value = RichText::new(&figure.value).monospace();
                ui.label(if results { value.strong() } else { value });
                ui.end_row();
            }
        });
}

/// One estimate: its question, inputs, the arithmetic, the result and the conclusion.
fn estimate_ui(ui: &mut Ui, estimate: &Estimate, framework: &Framework) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&estimate.title).strong().size(16.0));
            let phase = framework
                .phases
                .iter()
                .find(|p| p.id == estimate.phase)
                .map_or(estimate.phase.as_str(), |p| p.name.as_str());
            ui.weak(format!("· {phase}"));
        });
        ui.add_space(4.0);
        egui::Grid::new("inputs")
            .num_columns(3)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for input in &estimate.inputs {
                    input_row_ui(ui, input);
                }
            });
        ui.add_space(4.0);
        egui::Grid::new("arithmetic")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                ui.weak("Formula");
                ui.add(egui::Label::new(RichText::new(estimate.formula_text()).monospace()).wrap());
                ui.end_row();
                ui.weak("Worked");
                let worked = match estimate.compute() {
                    Ok(value) => format!("{} = {}", estimate.worked(), number_text(value)),
                    // Loaded scenarios recompute (validation checks it); say so if one does not.
                    Err(error) => format!("{} ({error})", estimate.worked()),
                };
                ui.add(egui::Label::new(RichText::new(worked).monospace()).wrap());
                ui.end_row();
                ui.weak("Result");
                ui.label(
                    RichText::new(format!(
                        "{} {}",
                        number_text(estimate.result),
                        estimate.unit
                    ))
                    .monospace()
                    .strong(),
                );
                ui.end_row();
            });
        ui.add_space(4.0);
        ui.add(egui::Label::new(&estimate.conclusion).wrap());
    });
}

/// One input: its name, value with unit, and where it comes from.
fn input_row_ui(ui: &mut Ui, input: &EstimateInput) {
    ui.label(input.name.replace('_', " "));
    ui.label(RichText::new(format!("{} {}", number_text(input.value), input.unit)).monospace());
    if input.is_assumed() {
        ui.label(RichText::new("assumed").italics().strong())
            .on_hover_text("Not stated by the scenario: the estimate's own assumption");
    } else {
        ui.add(egui::Label::new(RichText::new(format!("quoted: “{}”", input.quote)).weak()).wrap())
            .on_hover_text("Stated in the prompt, the context or an interviewer's answer");
    }
    ui.end_row();
}
