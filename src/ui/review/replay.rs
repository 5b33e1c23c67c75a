//! The Diagram tab: the diagram as it was at the end of each phase, replayed with a slider.

use egui::{RichText, Ui};

use crate::model::{Diagram, Framework};
use crate::ui::canvas;

use super::{OpenSession, ReviewView, at};

/// The diagram at the end of a chosen phase, read-only.
pub(super) fn diagram_tab_ui(
    ui: &mut Ui,
    open: &OpenSession,
    framework: &Framework,
    view: &mut ReviewView,
) {
    let session = &open.session;
    let snapshots = &session.snapshots;
    let mut position = view.replay.unwrap_or(snapshots.len()).min(snapshots.len());
    ui.horizontal(|ui| {
        ui.label("Replay");
        let describe = |i: usize| {
            snapshots.get(i).map_or_else(
                || "Final diagram".to_owned(),
                |s| {
                    let name = framework
                        .phases
                        .iter()
                        .find(|p| p.id == s.phase)
                        .map_or(s.phase.as_str(), |p| p.name.as_str());
                    format!("End of {name} ({})", at(s.at_ms))
                },
            )
        };
        let slider = egui::Slider::new(&mut position, 0..=snapshots.len())
            .show_value(false)
            .step_by(1.0);
        let changed = ui
            .add_enabled(!snapshots.is_empty(), slider)
            .on_hover_text("How the diagram looked each time a phase was left")
            .changed();
        if changed {
            view.replay = (position < snapshots.len()).then_some(position);
            view.canvas.fit_requested = true;
        }
        let mut step = |to: usize| {
            view.replay = (to < snapshots.len()).then_some(to);
            view.canvas.fit_requested = true;
        };
        if ui
            .add_enabled(position > 0, egui::Button::new("‹ Earlier"))
            .clicked()
        {
            step(position - 1);
        }
        if ui
            .add_enabled(position < snapshots.len(), egui::Button::new("Later ›"))
            .clicked()
        {
            step(position + 1);
        }
        let position = view.replay.unwrap_or(snapshots.len()).min(snapshots.len());
        ui.label(RichText::new(describe(position)).strong());
        canvas::view_bar_ui(ui, &mut view.canvas);
    });
    let diagram: &Diagram = view
        .replay
        .and_then(|i| snapshots.get(i))
        .map_or(&session.diagram, |s| &s.diagram);
    if diagram.nodes.is_empty() {
        ui.weak("The diagram was empty at this point.");
    }
    let _ = canvas::canvas_ui(ui, diagram, &mut view.canvas, false);
}
