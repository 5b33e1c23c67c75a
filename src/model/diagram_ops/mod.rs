//! Canvas edits as commands. Applying a command to a diagram returns its exact inverse, so
//! `History` undoes and redoes without copying the whole diagram.
//!
//! Every command is all-or-nothing: it is checked against the diagram first and either applies
//! completely or returns a `CommandError` and leaves the diagram untouched. A command never
//! turns a diagram that `Diagram::problems` accepts into one it rejects.
//!
//! `DiagramCommand` and `CommandError` are here; `apply` carries a command out, `selection`
//! and `fragment` hold the id sets and item lists commands work on (with `Diagram::moving_set`,
//! `copy`, `paste` and `duplicate`), and `history` keeps the undo and redo stacks.

mod apply;
#[cfg(test)]
mod fixtures;
mod fragment;
mod history;
mod selection;

pub use fragment::{Fragment, Placed};
pub use history::History;
pub use selection::Selection;

use super::diagram::{
    DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, NodeKind, Point, Size, Zone, ZoneId,
};

/// One edit of a diagram: everything the canvas changes goes through one of these. Serde, so
/// the replay log (`model::edit_log`) records exactly the commands undo uses.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum DiagramCommand {
    /// Appends nodes, edges and zones with fresh ids (new box, new arrow, new zone, paste).
    Add(Fragment),
    /// Removes nodes together with every edge touching them, plus the listed edges and zones.
    Remove(Selection),
    /// Puts removed items back at their old indices: the inverse of `Remove`.
    Restore(Placed),
    /// Moves nodes and zones by `delta` (used as an offset, not a position). Build the list with
    /// `Diagram::moving_set` so that nodes sitting in a moved zone come along.
    Move {
        /// Nodes to move.
        nodes: Vec<NodeId>,
        /// Zones to move (their nodes only move if listed in `nodes` too).
        zones: Vec<ZoneId>,
        /// The offset, in canvas units.
        delta: Point,
    },
    /// Puts nodes and zones at absolute top-left positions (tidy, and the inverse of `Move`).
    SetPositions {
        /// Node ids and their new top-left corners.
        nodes: Vec<(NodeId, Point)>,
        /// Zone ids and their new top-left corners.
        zones: Vec<(ZoneId, Point)>,
    },
    /// Gives a node a new rectangle (a resize handle on the left or top also moves the corner).
    ResizeNode {
        /// The node.
        id: NodeId,
        /// The new top-left corner.
        pos: Point,
        /// The new size.
        size: Size,
    },
    /// Changes a node's text.
    RenameNode {
        /// The node.
        id: NodeId,
        /// The new text.
        label: String,
    },
    /// Changes what part of the system a node stands for.
    SetNodeKind {
        /// The node.
        id: NodeId,
        /// The new kind.
        kind: NodeKind,
    },
    /// Changes an edge's text.
    RelabelEdge {
        /// The edge.
        id: EdgeId,
        /// The new text.
        label: String,
    },
    /// Changes how an edge carries data.
    SetEdgeKind {
        /// The edge.
        id: EdgeId,
        /// The new kind.
        kind: EdgeKind,
    },
    /// Gives a zone a new rectangle; the nodes in it stay where they are.
    ResizeZone {
        /// The zone.
        id: ZoneId,
        /// The new top-left corner.
        pos: Point,
        /// The new size.
        size: Size,
    },
    /// Changes a zone's name.
    RenameZone {
        /// The zone.
        id: ZoneId,
        /// The new name.
        label: String,
    },
    /// Several commands as one step, applied in order; all or nothing.
    Batch(Vec<DiagramCommand>),
}

/// Why a command could not be applied; the diagram is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// The command names a node the diagram does not have.
    #[error("there is no node {0}")]
    MissingNode(u64),
    /// The command names an edge the diagram does not have.
    #[error("there is no edge {0}")]
    MissingEdge(u64),
    /// The command names a zone the diagram does not have.
    #[error("there is no zone {0}")]
    MissingZone(u64),
    /// A new node's id is already used (by a node, or named by an edge).
    #[error("node id {0} is already in use")]
    NodeIdTaken(u64),
    /// A new edge's id is already used.
    #[error("edge id {0} is already in use")]
    EdgeIdTaken(u64),
    /// A new zone's id is already used.
    #[error("zone id {0} is already in use")]
    ZoneIdTaken(u64),
    /// A new edge names a node that would not exist.
    #[error("edge {edge} points to missing node {node}")]
    DanglingEdge {
        /// The edge's id.
        edge: u64,
        /// The missing node's id.
        node: u64,
    },
    /// The diagram would hold more boxes, arrows or zones than a session file may.
    #[error(
        "a diagram holds at most {limit} {what}; this would make {count}. Delete some first, or start a new drill"
    )]
    TooMany {
        /// "boxes", "arrows" or "zones".
        what: &'static str,
        /// How many there would be.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A position, size or offset would be NaN, infinite, huge or not positive.
    #[error("the position or size of {0} would not be usable")]
    BadGeometry(String),
    /// Restore indices are out of order or past the end of a list.
    #[error("the restore positions do not fit the diagram")]
    BadIndex,
}

impl DiagramCommand {
    /// Adds one node.
    pub fn add_node(node: DiagramNode) -> Self {
        DiagramCommand::Add(Fragment {
            nodes: vec![node],
            ..Fragment::default()
        })
    }

    /// Adds one edge between existing nodes.
    pub fn add_edge(edge: DiagramEdge) -> Self {
        DiagramCommand::Add(Fragment {
            edges: vec![edge],
            ..Fragment::default()
        })
    }

    /// Adds one zone.
    pub fn add_zone(zone: Zone) -> Self {
        DiagramCommand::Add(Fragment {
            zones: vec![zone],
            ..Fragment::default()
        })
    }

    /// Removes nodes and every edge touching them.
    pub fn remove_nodes(ids: impl IntoIterator<Item = NodeId>) -> Self {
        DiagramCommand::Remove(Selection::of_nodes(ids))
    }

    /// Removes edges.
    pub fn remove_edges(ids: impl IntoIterator<Item = EdgeId>) -> Self {
        DiagramCommand::Remove(Selection {
            edges: ids.into_iter().collect(),
            ..Selection::default()
        })
    }

    /// Removes zones (the nodes in them stay).
    pub fn remove_zones(ids: impl IntoIterator<Item = ZoneId>) -> Self {
        DiagramCommand::Remove(Selection {
            zones: ids.into_iter().collect(),
            ..Selection::default()
        })
    }

    /// Moves the nodes and zones of a set (edges in it are ignored) by an offset.
    pub fn move_by(set: &Selection, delta: Point) -> Self {
        DiagramCommand::Move {
            nodes: set.nodes.clone(),
            zones: set.zones.clone(),
            delta,
        }
    }

    /// The ids an `Add` creates, to select them afterwards; empty for other commands.
    pub fn created(&self) -> Selection {
        match self {
            DiagramCommand::Add(fragment) => fragment.selection(),
            _ => Selection::default(),
        }
    }

    /// A short name for menus: "Undo Move".
    pub fn label(&self) -> &'static str {
        match self {
            DiagramCommand::Add(_) => "Add",
            DiagramCommand::Remove(_) => "Delete",
            DiagramCommand::Restore(_) => "Restore",
            DiagramCommand::Move { .. } => "Move",
            DiagramCommand::SetPositions { .. } => "Arrange",
            DiagramCommand::ResizeNode { .. } | DiagramCommand::ResizeZone { .. } => "Resize",
            DiagramCommand::RenameNode { .. }
            | DiagramCommand::RelabelEdge { .. }
            | DiagramCommand::RenameZone { .. } => "Rename",
            DiagramCommand::SetNodeKind { .. } | DiagramCommand::SetEdgeKind { .. } => {
                "Change kind"
            }
            DiagramCommand::Batch(_) => "Edit",
        }
    }

    /// Whether applying would change nothing whatever the diagram (empty lists, zero offset).
    pub fn is_noop(&self) -> bool {
        match self {
            DiagramCommand::Add(fragment) => fragment.is_empty(),
            DiagramCommand::Remove(selection) => selection.is_empty(),
            DiagramCommand::Restore(placed) => {
                placed.nodes.is_empty() && placed.edges.is_empty() && placed.zones.is_empty()
            }
            DiagramCommand::Move {
                nodes,
                zones,
                delta,
            } => (nodes.is_empty() && zones.is_empty()) || (delta.x == 0.0 && delta.y == 0.0),
            DiagramCommand::SetPositions { nodes, zones } => nodes.is_empty() && zones.is_empty(),
            DiagramCommand::Batch(commands) => commands.iter().all(DiagramCommand::is_noop),
            _ => false,
        }
    }
}
