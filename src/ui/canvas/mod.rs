//! The architecture canvas: boxes and labelled arrows, edited with mouse and keys.
//!
//! `canvas_ui` reads the diagram and the canvas's view state and returns `CanvasIntent`s; the
//! app turns each into an undoable diagram command. Nothing here changes the diagram.
//!
//! One concept a file: `state` (the view state the app owns), `intent` (what the canvas asks
//! for), `hit` (what is under the pointer), `input` (pointer gestures), `menu` (right-click),
//! `keyboard`, `scene` (the diagram as drawn), `label_editor` (inline rename), and the drawing
//! primitives, palette, minimap, scene cache and view transform beside them. This file runs
//! one frame through them.

mod clipboard;
mod hit;
mod input;
mod intent;
mod keyboard;
mod label_editor;
mod menu;
pub mod minimap;
pub mod paint;
pub mod palette;
mod scene;
pub mod scene_cache;
mod state;
pub mod transform;
mod view_bar;

use egui::{Sense, Ui};

use crate::model::Diagram;
use crate::model::routing;
use crate::model::spatial::{self, SpatialGrid};

pub use intent::{CanvasIntent, GRID, NUDGE, PASTE_OFFSET, snap};
pub use state::{CanvasState, LabelEdit, LabelTarget, Selection};
pub use view_bar::{share_fit, view_bar_ui};

use paint::CanvasPainter;
use state::{Gesture, NodeIndex};
use transform::to_egui;

/// Draws the canvas filling `ui`'s remaining space; `editable` is false in review.
pub fn canvas_ui(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    editable: bool,
) -> Vec<CanvasIntent> {
    let mut index = std::mem::take(&mut state.index);
    index.refresh(diagram);
    let key = spatial::fingerprint(diagram);
    if state.spatial.key != key || state.spatial.is_unbuilt() {
        state.spatial = SpatialGrid::build(diagram, key);
        state.parallel = diagram.parallel_offsets();
    }
    let route_key = routing::route_key(diagram);
    if state.routes.key != route_key || state.routes.is_unbuilt() {
        state.routes = routing::Routes::build_with(diagram, &state.spatial, &state.parallel);
    }
    let intents = canvas_frame(ui, diagram, state, editable, &index);
    state.index = index;
    intents
}

/// One frame of the canvas, with the node index ready.
fn canvas_frame(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    editable: bool,
    index: &NodeIndex,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    state.prune(diagram, index);

    // 1. Size and allocate.
    let area = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(area, Sense::click_and_drag());
    let response = response.on_hover_cursor(match state.gesture {
        Gesture::Panning => egui::CursorIcon::Grabbing,
        Gesture::Moving { .. } => egui::CursorIcon::Move,
        _ => egui::CursorIcon::Default,
    });
    state.area = Some(area);
    state.covered_left = if editable {
        palette::width_for(area.height())
    } else {
        0.0
    };
    if std::mem::take(&mut state.fit_requested) {
        state.fit(diagram);
    }
    let origin = area.min;
    let painter = ui.painter_at(area);
    let visuals = ui.visuals().clone();
    // No background fill: the canvas is the window's clear colour (`theme::canvas_colour`).
    // Without a GPU, filling this, the largest area on screen, every frame was most of what a
    // running drill cost over a bare window (`.ci/idle_cpu`, debug build under Xvfb: 2.0–2.2 %
    // of a core with the fill, 1.4–1.7 % without, 0.9–1.1 % for the bare window).

    // 2. Interact, unless a dialog over the app has disabled the screen.
    let interactive = ui.is_enabled();
    if interactive {
        intents.extend(input::pointer_input(
            ui, &response, diagram, state, index, area, editable,
        ));
    }

    // 3. Paint.
    let canvas_painter = CanvasPainter {
        painter: &painter,
        origin,
        view: state.view,
        visuals: &visuals,
    };
    let hover = ui.input(|i| i.pointer.hover_pos());
    scene::paint_scene(
        &canvas_painter,
        diagram,
        state,
        index,
        area,
        hover,
        editable,
    );
    if let Some(centre) = minimap::minimap_ui(
        ui,
        diagram,
        state.spatial.key,
        &state.view,
        area,
        response.id,
    ) {
        state.view.centre_on(area, centre);
    }
    // 4. The palette, the kind picker and the rename box over the canvas; then the keys.
    if editable {
        intents.extend(palette::palette_ui(ui, state, area));
        intents.extend(palette::kind_picker_ui(ui, state));
        intents.extend(label_editor::label_editor_ui(
            ui, diagram, state, index, origin,
        ));
    }
    if interactive
        && state.editing.is_none()
        && state.picker.is_none()
        && !ui.ctx().egui_wants_keyboard_input()
    {
        intents.extend(keyboard::keyboard(ui, diagram, state, editable));
    }
    intents
}

// Where the view is fitted: the canvas area clear of the palette and the legend, which this
// file lays out.
impl CanvasState {
    /// Fits the view to the diagram in the current area, clear of the palette and the legend.
    pub fn fit(&mut self, diagram: &Diagram) {
        if let (Some(area), Some(bounds)) = (self.area, diagram.bounds_rect()) {
            let mut free = area;
            free.min.x = (area.min.x + self.covered_left).min(area.max.x - 10.0);
            // The legend's band plus a 12-point gap, less the margin fit keeps anyway.
            let legend = paint::LEGEND_SIZE.y + 10.0 + 12.0 - transform::FIT_MARGIN;
            free.max.y = (area.max.y - legend).max(area.min.y + 10.0);
            self.view.fit(area.min, free, to_egui(bounds));
        }
    }
}
