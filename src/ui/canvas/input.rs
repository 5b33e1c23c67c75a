//! Pointer input: zoom and pan, the drag gestures (move, connect, rubber band, resize, pan),
//! clicks that select, double-clicks that rename or add, and the right-click menu.

use std::collections::BTreeSet;

use egui::{Key, PointerButton, Pos2, Rect, Ui, Vec2, vec2};

use crate::model::diagram::Rect as CanvasRect;
use crate::model::{Diagram, NodeKind, Size};

use super::hit::{Hit, hit_test};
use super::intent::{CanvasIntent, GRID, move_selection, snap};
use super::menu::context_menu_ui;
use super::state::{CanvasState, Gesture, LabelTarget, NodeIndex, Selection, lookup};

/// What the pointer did to the canvas this frame: view changes and selection applied to
/// `state`, diagram changes returned.
pub(super) fn pointer_input(
    ui: &mut Ui,
    response: &egui::Response,
    diagram: &Diagram,
    state: &mut CanvasState,
    index: &NodeIndex,
    area: Rect,
    editable: bool,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let origin = area.min;
    let hover = ui.input(|i| i.pointer.hover_pos());
    let hit_at = |p: Pos2, state: &CanvasState| hit_test(diagram, state, index, origin, p);
    handle_view_input(ui, response, state, area);

    if response.drag_started_by(PointerButton::Primary)
        && let Some(press) = ui.input(|i| i.pointer.press_origin())
    {
        let space = ui.input(|i| i.key_down(Key::Space));
        let shift = ui.input(|i| i.modifiers.shift);
        state.gesture = match (editable, space, hit_at(press, state)) {
            (_, true, _) | (false, _, _) => {
                state.space_panned |= space;
                Gesture::Panning
            }
            (true, false, Hit::Handle(id)) => Gesture::Connecting {
                from: id,
                pointer: press,
            },
            (true, false, Hit::ResizeCorner(id)) => {
                let size = lookup(diagram, index, id)
                    .map_or(vec2(160.0, 80.0), |n| vec2(n.size.w, n.size.h));
                Gesture::Resizing { id, size }
            }
            (true, false, Hit::Node(id)) => {
                if !state.selection.nodes.contains(&id) {
                    if shift {
                        state.selection.nodes.insert(id);
                    } else {
                        state.selection = Selection::only_node(id);
                    }
                }
                Gesture::Moving { delta: Vec2::ZERO }
            }
            (true, false, Hit::Zone(id)) => {
                if !state.selection.zones.contains(&id) {
                    state.selection = Selection {
                        zones: BTreeSet::from([id]),
                        ..Selection::default()
                    };
                }
                Gesture::Moving { delta: Vec2::ZERO }
            }
            (true, false, Hit::Edge(_) | Hit::Empty) => Gesture::Band {
                start: press,
                now: press,
            },
        };
    }
    if response.dragged() {
        let drag = response.drag_delta();
        let pointer_now = hover.unwrap_or(area.center());
        match &mut state.gesture {
            Gesture::Moving { delta } => *delta += drag / state.view.zoom,
            Gesture::Connecting { pointer, .. } => *pointer = pointer_now,
            Gesture::Band { now, .. } => *now = pointer_now,
            Gesture::Resizing { size, .. } => {
                *size = (*size + drag / state.view.zoom).max(vec2(60.0, 40.0));
            }
            Gesture::Panning => state.view.pan += drag,
            Gesture::Idle => {}
        }
    }
    if response.drag_stopped() {
        let gesture = std::mem::take(&mut state.gesture);
        intents.extend(finish_gesture(
            &gesture, diagram, state, index, origin, hover,
        ));
    }

    if response.clicked() {
        let shift = ui.input(|i| i.modifiers.shift);
        if let Some(p) = hover {
            select_at(state, hit_at(p, state), shift);
        }
    }
    if editable
        && response.double_clicked()
        && let Some(p) = hover
    {
        match hit_at(p, state) {
            Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id) => {
                if let Some(node) = lookup(diagram, index, id) {
                    state.start_editing(LabelTarget::Node(id), node.label.clone());
                }
            }
            Hit::Edge(id) => {
                if let Some(edge) = diagram.edge(id) {
                    state.start_editing(LabelTarget::Edge(id), edge.label.clone());
                }
            }
            Hit::Zone(id) => {
                if let Some(zone) = diagram.zone(id) {
                    state.start_editing(LabelTarget::Zone(id), zone.label.clone());
                }
            }
            Hit::Empty => {
                let at = state.view.to_canvas(origin, p);
                intents.push(CanvasIntent::AddNode {
                    kind: NodeKind::Generic,
                    at,
                });
                state.rename_next_added = true;
            }
        }
    }
    if response.secondary_clicked()
        && let Some(p) = hover
    {
        let hit = hit_at(p, state);
        state.context = Some(hit);
        match hit {
            Hit::Node(id) if !state.selection.nodes.contains(&id) => {
                state.selection = Selection::only_node(id);
            }
            Hit::Edge(id) if !state.selection.edges.contains(&id) => {
                state.selection = Selection {
                    edges: BTreeSet::from([id]),
                    ..Selection::default()
                };
            }
            _ => {}
        }
    }
    if editable {
        response.context_menu(|ui| {
            intents.extend(context_menu_ui(ui, diagram, state));
        });
    }
    intents
}

/// Zoom with Ctrl+wheel or pinch, pan with the wheel and with the middle or right button.
fn handle_view_input(ui: &Ui, response: &egui::Response, state: &mut CanvasState, area: Rect) {
    if response.hovered() {
        let (zoom, scroll, pointer) =
            ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta, i.pointer.hover_pos()));
        if (zoom - 1.0).abs() > f32::EPSILON
            && let Some(p) = pointer
        {
            state.view.zoom_around(area.min, p, zoom);
        } else if scroll != Vec2::ZERO {
            state.view.pan += scroll;
        }
    }
    if response.dragged_by(PointerButton::Middle) || response.dragged_by(PointerButton::Secondary) {
        state.view.pan += response.drag_delta();
    }
}

/// Adds `id` to the set, or takes it out if it is there.
fn toggle<T: Ord>(set: &mut BTreeSet<T>, id: T) {
    if !set.remove(&id) {
        set.insert(id);
    }
}

/// Selects what a click hit; with Shift, adds it to the selection or takes it out.
fn select_at(state: &mut CanvasState, hit: Hit, shift: bool) {
    match (hit, shift) {
        (Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id), true) => {
            toggle(&mut state.selection.nodes, id);
        }
        (Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id), false) => {
            state.selection = Selection::only_node(id);
        }
        (Hit::Edge(id), true) => toggle(&mut state.selection.edges, id),
        (Hit::Edge(id), false) => {
            state.selection = Selection {
                edges: BTreeSet::from([id]),
                ..Selection::default()
            };
        }
        (Hit::Zone(id), true) => toggle(&mut state.selection.zones, id),
        (Hit::Zone(id), false) => {
            state.selection = Selection {
                zones: BTreeSet::from([id]),
                ..Selection::default()
            };
        }
        (Hit::Empty, false) => state.selection.clear(),
        (Hit::Empty, true) => {}
    }
}

/// Turns a finished drag into intents.
fn finish_gesture(
    gesture: &Gesture,
    diagram: &Diagram,
    state: &mut CanvasState,
    index: &NodeIndex,
    origin: Pos2,
    hover: Option<Pos2>,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    match *gesture {
        Gesture::Moving { delta } => {
            let delta = snapped_delta(diagram, state, index, delta);
            if delta != Vec2::ZERO {
                intents.push(move_selection(&state.selection, delta));
            }
        }
        Gesture::Connecting {
            from,
            pointer: last,
        } => {
            // Dropping on empty space cancels; dropping on a box connects.
            if let Some(p) = hover.or(Some(last))
                && let Some(to) = diagram.node_at(state.view.to_canvas(origin, p))
                && to != from
            {
                intents.push(CanvasIntent::Connect {
                    from,
                    to,
                    kind: state.new_edge_kind,
                });
            }
        }
        Gesture::Band { start, now } => {
            let a = state.view.to_canvas(origin, start);
            let b = state.view.to_canvas(origin, now);
            let rect = CanvasRect::from_corners(a, b);
            state.selection = Selection {
                nodes: diagram.nodes_in_rect(rect).into_iter().collect(),
                ..Selection::default()
            };
        }
        Gesture::Resizing { id, size } => {
            let size = if state.snap {
                vec2(snap(size.x).max(GRID * 3.0), snap(size.y).max(GRID * 2.0))
            } else {
                size
            };
            intents.push(CanvasIntent::Resize(
                id,
                Size {
                    w: size.x,
                    h: size.y,
                },
            ));
        }
        Gesture::Panning | Gesture::Idle => {}
    }
    intents
}

/// With snapping on, the first selected box lands on the grid and the rest keep their offsets.
pub(super) fn snapped_delta(
    diagram: &Diagram,
    state: &CanvasState,
    index: &NodeIndex,
    delta: Vec2,
) -> Vec2 {
    if !state.snap {
        return delta;
    }
    let anchor = state
        .selection
        .nodes
        .iter()
        .next()
        .and_then(|id| lookup(diagram, index, *id))
        .map(|n| n.pos)
        .or_else(|| {
            state
                .selection
                .zones
                .iter()
                .next()
                .and_then(|id| diagram.zone(*id))
                .map(|z| z.pos)
        });
    match anchor {
        Some(p) => vec2(snap(p.x + delta.x) - p.x, snap(p.y + delta.y) - p.y),
        None => delta,
    }
}
