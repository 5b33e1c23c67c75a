//! The view controls of a canvas that is only looked at (review, reference, compare): Fit and
//! the zoom, which goes back to 100 %. Ctrl+wheel zooms and a drag pans, as on the drill canvas.

use egui::Ui;

use crate::model::Diagram;

use super::state::CanvasState;

/// Fit and the zoom button for one canvas, on the current row.
pub fn view_bar_ui(ui: &mut Ui, state: &mut CanvasState) {
    if ui
        .button("Fit")
        .on_hover_text("Show the whole diagram (Shift+1)")
        .clicked()
    {
        state.fit_requested = true;
    }
    if ui
        .button(format!("{:.0} %", state.view.zoom * 100.0))
        .on_hover_text("Back to 100 % (Shift+0) · Ctrl+wheel zooms · drag to pan")
        .clicked()
    {
        state.reset_zoom();
    }
}

/// Gives two canvases that were fitted this frame one scale: the smaller of their two fits,
/// each diagram staying centred where its own fit put it, so a box the same size on both
/// canvases is the same size on screen.
pub fn share_fit(
    a: &mut CanvasState,
    a_diagram: &Diagram,
    b: &mut CanvasState,
    b_diagram: &Diagram,
) {
    let zoom = a.view.zoom.min(b.view.zoom);
    for (state, diagram) in [(a, a_diagram), (b, b_diagram)] {
        if let Some(bounds) = diagram.bounds_rect() {
            state.view.zoom_keeping(bounds.center(), zoom);
        } else {
            state.view.zoom = zoom;
        }
    }
}
