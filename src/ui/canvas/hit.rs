//! What is under the pointer: the connection and resize handles, boxes, arrows and zones.

use egui::{Pos2, Rect, pos2, vec2};

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
    for id in &state.selection.nodes {
        if let Some(node) = lookup(diagram, index, *id) {
            let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
            if (p - handle_pos(rect)).length() <= HANDLE_RADIUS + 3.0 {
                return Hit::Handle(*id);
            }
            if state.selection.nodes.len() == 1 && (p - rect.right_bottom()).length() <= 8.0 {
                return Hit::ResizeCorner(*id);
            }
        }
    }
    // The handle of any box sits just outside its right edge: look a handle's width to the left.
    let left_of_handle = view.to_canvas(origin, p - vec2(HANDLE_RADIUS * 2.0 + 2.0, 0.0));
    if let Some(id) = diagram.node_at(left_of_handle)
        && let Some(node) = lookup(diagram, index, id)
    {
        let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
        if (p - handle_pos(rect)).length() <= HANDLE_RADIUS + 3.0 {
            return Hit::Handle(id);
        }
    }
    let canvas = view.to_canvas(origin, p);
    if let Some(id) = diagram.node_at(canvas) {
        if let Some(node) = lookup(diagram, index, id) {
            let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
            if (p - handle_pos(rect)).length() <= HANDLE_RADIUS + 3.0 {
                return Hit::Handle(id);
            }
        }
        return Hit::Node(id);
    }
    if let Some(id) = diagram.edge_at(canvas, 6.0 / view.zoom) {
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

/// The connection handle sits just outside a box's right edge.
pub(super) fn handle_pos(rect: Rect) -> Pos2 {
    pos2(rect.right() + HANDLE_RADIUS + 2.0, rect.center().y)
}
