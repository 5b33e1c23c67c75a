//! Test diagrams shared by the unit tests of `diagram_ops`.

use crate::model::diagram::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, NodeKind, Point, Size, Zone,
    ZoneId,
};

pub(super) fn node(id: u64, x: f32, y: f32) -> DiagramNode {
    DiagramNode {
        id: NodeId(id),
        kind: NodeKind::Service,
        label: format!("n{id}"),
        pos: Point { x, y },
        size: DiagramNode::DEFAULT_SIZE,
    }
}

pub(super) fn edge(id: u64, from: u64, to: u64) -> DiagramEdge {
    DiagramEdge {
        id: EdgeId(id),
        from: NodeId(from),
        to: NodeId(to),
        label: format!("e{id}"),
        kind: EdgeKind::Request,
    }
}

pub(super) fn zone(id: u64, x: f32, y: f32) -> Zone {
    Zone {
        id: ZoneId(id),
        label: format!("z{id}"),
        pos: Point { x, y },
        size: Size { w: 300.0, h: 200.0 },
    }
}

/// Three nodes in a row, edges 1→2, 2→3, 1→3, and one zone around node 1.
pub(super) fn sample() -> Diagram {
    Diagram {
        nodes: vec![node(1, 0.0, 0.0), node(2, 300.0, 0.0), node(3, 600.0, 0.0)],
        edges: vec![edge(1, 1, 2), edge(2, 2, 3), edge(3, 1, 3)],
        zones: vec![zone(1, -20.0, -20.0)],
    }
}

pub(super) fn p(x: f32, y: f32) -> Point {
    Point { x, y }
}
