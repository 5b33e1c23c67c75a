//! What the canvas asks the app to do, the grid it snaps to, and the intents made from the
//! selection.

use egui::Vec2;

use crate::model::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, NodeKind, Point, Size, ZoneId,
};

use super::state::{CanvasState, Selection};

/// Grid step in canvas units; snapping rounds positions to it.
pub const GRID: f32 = 20.0;
/// Canvas units an arrow key nudges (Shift: ten times).
pub const NUDGE: f32 = 10.0;
/// Offset of pasted and duplicated copies.
pub const PASTE_OFFSET: f32 = 40.0;

/// Rounds a canvas coordinate to the grid.
pub fn snap(v: f32) -> f32 {
    (v / GRID).round() * GRID
}

/// What the user asked the canvas to do; the app applies it as one undoable command.
#[derive(Clone, Debug, PartialEq)]
pub enum CanvasIntent {
    /// Add a box of this kind centred at a canvas point, and start renaming it.
    AddNode {
        /// The kind of box.
        kind: NodeKind,
        /// Where its centre goes.
        at: Point,
    },
    /// Move boxes and zones by a canvas delta (a whole drag is one intent).
    Move {
        /// Boxes to move.
        nodes: Vec<NodeId>,
        /// Zones to move (with the boxes inside them).
        zones: Vec<ZoneId>,
        /// How far, in canvas units.
        delta: Point,
    },
    /// Give a box a new size.
    Resize(NodeId, Size),
    /// Give a box a new label.
    RenameNode(NodeId, String),
    /// Change the kind of boxes.
    SetNodeKind(Vec<NodeId>, NodeKind),
    /// Draw an arrow.
    Connect {
        /// From this box.
        from: NodeId,
        /// To this box.
        to: NodeId,
        /// Line style.
        kind: EdgeKind,
    },
    /// Give an arrow a new label.
    RelabelEdge(EdgeId, String),
    /// Change the kind of arrows.
    SetEdgeKind(Vec<EdgeId>, EdgeKind),
    /// Delete boxes (with their arrows), arrows and zones.
    Delete {
        /// Boxes.
        nodes: Vec<NodeId>,
        /// Arrows.
        edges: Vec<EdgeId>,
        /// Zones.
        zones: Vec<ZoneId>,
    },
    /// Add copies of boxes and the arrows between them, offset from the originals.
    Paste {
        /// The boxes as copied.
        nodes: Vec<DiagramNode>,
        /// The arrows between them as copied.
        edges: Vec<DiagramEdge>,
    },
    /// Add a zone centred at a canvas point.
    AddZone(Point),
    /// Give a zone a new label.
    RenameZone(ZoneId, String),
    /// Lay the graph out left to right.
    Tidy,
    /// Undo the last canvas command.
    Undo,
    /// Redo the last undone command.
    Redo,
}

/// Moves the selected boxes and zones by `delta` canvas units.
pub(super) fn move_selection(selection: &Selection, delta: Vec2) -> CanvasIntent {
    CanvasIntent::Move {
        nodes: selection.nodes.iter().copied().collect(),
        zones: selection.zones.iter().copied().collect(),
        delta: Point {
            x: delta.x,
            y: delta.y,
        },
    }
}

/// Deletes the selection: empties it and asks for its boxes, arrows and zones to go.
pub(super) fn delete_selection(state: &mut CanvasState) -> CanvasIntent {
    let selection = std::mem::take(&mut state.selection);
    CanvasIntent::Delete {
        nodes: selection.nodes.into_iter().collect(),
        edges: selection.edges.into_iter().collect(),
        zones: selection.zones.into_iter().collect(),
    }
}

/// Copies of the selected boxes (and the arrows between them), leaving the clipboard as it was.
pub(super) fn duplicate(diagram: &Diagram, state: &mut CanvasState) -> Option<CanvasIntent> {
    let saved = state.clipboard.take();
    state.copy(diagram);
    let copied = std::mem::replace(&mut state.clipboard, saved);
    copied.map(|(nodes, edges)| CanvasIntent::Paste { nodes, edges })
}
