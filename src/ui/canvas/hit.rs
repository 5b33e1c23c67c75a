//! What is under the pointer: the connection and resize handles, boxes, arrows and zones.

use egui::{Pos2, Rect, pos2, vec2};

use crate::model::attach::Side;
use crate::model::{Diagram, EdgeId, NodeId, ZoneId};

use super::state::{CanvasState, NodeIndex, lookup};

/// Screen radius of the connection handle.
pub(super) const HANDLE_RADIUS: f32 = 6.0;

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Hit {
    Handle(NodeId),
    ResizeCorner(NodeId),
    Node(NodeId),
    Edge(EdgeId),
    Zone(ZoneId),
    Empty,
}

/// What is under a screen point, topmost first: handles of the selection, boxes, arrows, zones.
pub(super) fn hit_test(
    diagram: &Diagram,
    state: &CanvasState,
    index: &NodeIndex,
    origin: Pos2,
    p: Pos2,
) -> Hit {
    let view = &state.view;
    let on_handle = |rect: Rect| {
        handle_positions(rect)
            .iter()
            .any(|h| (p - *h).length() <= HANDLE_RADIUS + 3.0)
    };
    for id in &state.selection.nodes {
        if let Some(node) = lookup(diagram, index, *id) {
            let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
            if on_handle(rect) {
                return Hit::Handle(*id);
            }
            if state.selection.nodes.len() == 1 && (p - rect.right_bottom()).length() <= 8.0 {
                return Hit::ResizeCorner(*id);
            }
        }
    }
    // A box's handles sit just outside its sides: look a handle's width back from each side.
    for side in Side::ALL {
        let (dx, dy) = side.outward();
        let back = vec2(dx, dy) * (HANDLE_RADIUS * 2.0 + 2.0);
        if let Some(id) = diagram.node_at(view.to_canvas(origin, p - back))
            && let Some(node) = lookup(diagram, index, id)
            && on_handle(view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h)))
        {
            return Hit::Handle(id);
        }
    }
    let canvas = view.to_canvas(origin, p);
    if let Some(id) = diagram.node_at(canvas) {
        if let Some(node) = lookup(diagram, index, id) {
            let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
            if on_handle(rect) {
                return Hit::Handle(id);
            }
        }
        return Hit::Node(id);
    }
    if let Some(id) = state.routes.edge_at(canvas, 6.0 / view.zoom) {
        return Hit::Edge(id);
    }
    // Zones are grabbed by their label strip, so empty space inside a zone still rubber-bands.
    for zone in diagram.zones.iter().rev() {
        let rect = view.rect_to_screen(origin, zone.pos, vec2(zone.size.w, zone.size.h));
        let strip = Rect::from_min_size(rect.min, vec2(rect.width(), 28.0 * view.zoom.max(0.6)));
        if strip.contains(p) || (rect.contains(p) && !rect.shrink(8.0).contains(p)) {
            return Hit::Zone(zone.id);
        }
    }
    Hit::Empty
}

/// The connection handles sit just outside the middle of each of a box's sides: an arrow can
/// start from any side.
pub(super) fn handle_positions(rect: Rect) -> [Pos2; 4] {
    let model = super::transform::to_model_rect(rect);
    Side::ALL.map(|side| {
        let mid = side.midpoint(model);
        let (dx, dy) = side.outward();
        pos2(mid.x, mid.y) + vec2(dx, dy) * (HANDLE_RADIUS + 2.0)
    })
}
