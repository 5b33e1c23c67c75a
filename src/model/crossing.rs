//! Arrows drawn through boxes they do not join. [`arrows_through_boxes`] looks at the
//! straight segments `Diagram::edge_ends` gives, which Tidy keeps as few as it can (fewer
//! detours); [`routes_through_boxes`] at the paths as drawn (`model::routing`), which the
//! property tests require to be clear.

use std::collections::HashMap;

use super::diagram::{Diagram, EdgeId, NodeId, Point, Rect, ends_between};
use super::spatial::{SpatialGrid, fingerprint};

/// How far inside a box an arrow must pass to count as crossing it: grazing a corner or
/// running along a border is not crossing.
const GRAZE: f32 = 0.5;

/// Every (arrow, box) pair where the arrow's segment passes through a box that is neither of
/// its ends, in edge order then drawing order. Self-loops and arrows to unknown boxes are not
/// segments and are left out.
pub fn arrows_through_boxes(diagram: &Diagram) -> Vec<(EdgeId, NodeId)> {
    let mut rects: HashMap<NodeId, Rect> = HashMap::with_capacity(diagram.nodes.len());
    for node in &diagram.nodes {
        rects.entry(node.id).or_insert_with(|| node.rect());
    }
    let grid = SpatialGrid::build(diagram, fingerprint(diagram));
    let offsets = diagram.parallel_offsets();
    let mut found = Vec::new();
    for (edge, offset) in diagram.edges.iter().zip(offsets) {
        let (Some(from), Some(to)) = (rects.get(&edge.from), rects.get(&edge.to)) else {
            continue;
        };
        if edge.from == edge.to {
            continue;
        }
        let (a, b) = ends_between(*from, *to, offset);
        let span = Rect::from_corners(a, b);
        for at in grid.query(span).nodes {
            let Some(node) = diagram.nodes.get(at) else {
                continue;
            };
            if node.id != edge.from && node.id != edge.to && segment_crosses(a, b, node.rect()) {
                found.push((edge.id, node.id));
            }
        }
    }
    found
}

/// Every (arrow, box) pair where the arrow as routed passes through a box that is neither of
/// its ends nor overlaps one of them (those cannot be avoided), in edge order then drawing
/// order. Looks at every box, without buckets: the check routing's own search is held to.
pub fn routes_through_boxes(
    diagram: &Diagram,
    routes: &super::routing::Routes,
) -> Vec<(EdgeId, NodeId)> {
    let mut found = Vec::new();
    for (id, path) in routes.iter() {
        let Some(edge) = diagram.edge(id) else {
            continue;
        };
        let (Some(from), Some(to)) = (diagram.node(edge.from), diagram.node(edge.to)) else {
            continue;
        };
        let (from, to) = (from.rect(), to.rect());
        let line = path.polyline();
        for node in &diagram.nodes {
            let rect = node.rect();
            if node.id == edge.from
                || node.id == edge.to
                || rect.intersects(from)
                || rect.intersects(to)
            {
                continue;
            }
            if line.windows(2).any(|w| segment_crosses(w[0], w[1], rect)) {
                found.push((id, node.id));
            }
        }
    }
    found
}

/// Whether the segment `a`–`b` passes through the inside of `rect` (shrunk by [`GRAZE`]).
pub fn segment_crosses(a: Point, b: Point, rect: Rect) -> bool {
    let (min, max) = (
        Point {
            x: rect.min.x + GRAZE,
            y: rect.min.y + GRAZE,
        },
        Point {
            x: rect.max.x - GRAZE,
            y: rect.max.y - GRAZE,
        },
    );
    if min.x >= max.x || min.y >= max.y {
        return false;
    }
    // Liang–Barsky: clip the segment's parameter range to each slab.
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
    for (d, lo, hi, p) in [(dx, min.x, max.x, a.x), (dy, min.y, max.y, a.y)] {
        if d.abs() < f32::EPSILON {
            if p <= lo || p >= hi {
                return false;
            }
        } else {
            let (u, v) = ((lo - p) / d, (hi - p) / d);
            let (u, v) = if u < v { (u, v) } else { (v, u) };
            t0 = t0.max(u);
            t1 = t1.min(v);
            if t0 >= t1 {
                return false;
            }
        }
    }
    t0 < t1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagram::{DiagramEdge, DiagramNode, EdgeKind, NodeKind, Size};

    fn node(id: u64, x: f32, y: f32) -> DiagramNode {
        DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: String::new(),
            pos: Point { x, y },
            size: Size { w: 100.0, h: 60.0 },
        }
    }

    fn edge(id: u64, from: u64, to: u64) -> DiagramEdge {
        DiagramEdge {
            id: EdgeId(id),
            from: NodeId(from),
            to: NodeId(to),
            label: String::new(),
            kind: EdgeKind::Request,
        }
    }

    #[test]
    fn a_segment_crosses_a_box_only_through_its_inside() {
        let r = Rect::from_pos_size(Point { x: 0.0, y: 0.0 }, Size { w: 10.0, h: 10.0 });
        let p = |x, y| Point { x, y };
        assert!(segment_crosses(p(-5.0, 5.0), p(15.0, 5.0), r));
        assert!(segment_crosses(p(-5.0, -5.0), p(15.0, 15.0), r), "diagonal");
        assert!(
            !segment_crosses(p(-5.0, 0.0), p(15.0, 0.0), r),
            "along the border"
        );
        assert!(
            !segment_crosses(p(-5.0, 5.0), p(-1.0, 5.0), r),
            "stops short"
        );
        assert!(
            !segment_crosses(p(-5.0, 4.0), p(4.0, -5.0), r),
            "grazes a corner"
        );
        assert!(segment_crosses(p(2.0, 2.0), p(3.0, 3.0), r), "inside");
    }

    #[test]
    fn an_arrow_through_a_third_box_is_found_and_its_own_boxes_are_not() {
        let d = Diagram {
            nodes: vec![node(1, 0.0, 0.0), node(2, 200.0, 0.0), node(3, 400.0, 0.0)],
            edges: vec![edge(1, 1, 3), edge(2, 1, 2), edge(3, 2, 2)],
            zones: Vec::new(),
        };
        assert_eq!(arrows_through_boxes(&d), vec![(EdgeId(1), NodeId(2))]);
    }
}
