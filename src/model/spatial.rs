//! Where things are on the canvas, in buckets: a uniform grid over a diagram's boxes and arrows
//! so that what is in view (or under the pointer) is found by looking at a few buckets, not at
//! every box and arrow of a big diagram.
//!
//! The grid is built from one version of a diagram and says which positions in
//! `diagram.nodes` and `diagram.edges` may touch a rectangle. [`fingerprint`] tells when the
//! diagram has changed and the grid must be built again. Answers are candidates: callers still
//! test the exact geometry, so a stale grid costs a missed or extra candidate, never a panic.

use std::collections::HashMap;

use super::diagram::{Diagram, NodeId, Rect};

/// Canvas units per bucket side: a view at 100 % spans a handful of buckets.
const CELL: f32 = 512.0;

/// At most this many buckets per axis: a diagram spread very wide gets bigger buckets, not
/// millions of them.
const MAX_CELLS_PER_AXIS: f32 = 256.0;

/// An arrow whose bounding box spans more buckets than this is kept in one list that every
/// query returns, so one long arrow does not fill hundreds of buckets.
const MAX_CELLS_PER_EDGE: i64 = 64;

/// A fingerprint of everything about a diagram's geometry that culling and the minimap depend
/// on: the boxes' ids, kinds, positions and sizes, and which boxes each arrow joins.
///
/// Four independent lanes keep the multiply chains short, so 5,000 boxes take microseconds.
pub fn fingerprint(diagram: &Diagram) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut lanes: [u64; 4] = [
        0xcbf2_9ce4_8422_2325,
        0x8422_2325_cbf2_9ce4,
        0x9e37_79b9_7f4a_7c15,
        0x2545_f491_4f6c_dd1d,
    ];
    lanes[0] ^= diagram.nodes.len() as u64;
    lanes[1] ^= diagram.edges.len() as u64;
    for node in &diagram.nodes {
        lanes[0] = (lanes[0]
            ^ (u64::from(node.pos.x.to_bits()) << 32 | u64::from(node.pos.y.to_bits())))
        .wrapping_mul(PRIME);
        lanes[1] = (lanes[1]
            ^ (u64::from(node.size.w.to_bits()) << 32 | u64::from(node.size.h.to_bits())))
        .wrapping_mul(PRIME);
        lanes[2] = (lanes[2] ^ node.id.0 ^ (node.kind as u64) << 56).wrapping_mul(PRIME);
    }
    for edge in &diagram.edges {
        lanes[3] = (lanes[3] ^ edge.from.0 ^ edge.to.0.rotate_left(32)).wrapping_mul(PRIME);
    }
    lanes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, lane| {
        (h ^ lane).wrapping_mul(PRIME)
    })
}

/// Buckets of node and edge positions over one version of a diagram.
#[derive(Clone, Debug, Default)]
pub struct SpatialGrid {
    /// The fingerprint of the diagram the grid was built from.
    pub key: u64,
    /// Canvas units per bucket side.
    cell: f32,
    /// Bucket coordinates of the first column and row.
    first: (i64, i64),
    /// Columns and rows.
    cols: i64,
    rows: i64,
    /// Node positions per bucket, row-major.
    node_cells: Vec<Vec<u32>>,
    /// Edge positions per bucket, row-major.
    edge_cells: Vec<Vec<u32>>,
    /// Edges too long to bucket: every query returns them.
    long_edges: Vec<u32>,
    /// The canvas rectangle holding every box.
    bounds: Option<Rect>,
}

/// What a query found: positions in `diagram.nodes` and `diagram.edges`, ascending (drawing
/// order) and without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InView {
    /// Positions of boxes that may touch the rectangle.
    pub nodes: Vec<usize>,
    /// Positions of arrows that may touch the rectangle.
    pub edges: Vec<usize>,
}

fn cell_of(v: f32, cell: f32) -> i64 {
    // Coordinates are validated finite on load; a huge one only lands in an outer bucket.
    (v / cell).floor().clamp(-1.0e9, 1.0e9) as i64
}

impl SpatialGrid {
    /// Buckets `diagram`'s boxes and arrows; `key` is its [`fingerprint`].
    pub fn build(diagram: &Diagram, key: u64) -> Self {
        let Some(bounds) = diagram
            .nodes
            .iter()
            .map(super::diagram::DiagramNode::rect)
            .reduce(Rect::union)
        else {
            return Self {
                key,
                cols: 1,
                rows: 1,
                node_cells: vec![Vec::new()],
                edge_cells: vec![Vec::new()],
                ..Self::default()
            };
        };
        let extent = bounds.width().max(bounds.height());
        let cell = CELL.max(extent / MAX_CELLS_PER_AXIS);
        let first = (cell_of(bounds.min.x, cell), cell_of(bounds.min.y, cell));
        let span = |min: f32, max: f32| (cell_of(max, cell) - cell_of(min, cell) + 1).clamp(1, 512);
        let (cols, rows) = (
            span(bounds.min.x, bounds.max.x),
            span(bounds.min.y, bounds.max.y),
        );
        let mut grid = Self {
            key,
            cell,
            first,
            cols,
            rows,
            node_cells: vec![Vec::new(); (cols * rows) as usize],
            edge_cells: vec![Vec::new(); (cols * rows) as usize],
            long_edges: Vec::new(),
            bounds: Some(bounds),
        };
        let mut rect_of: HashMap<NodeId, Rect> = HashMap::with_capacity(diagram.nodes.len());
        for (i, node) in diagram.nodes.iter().enumerate() {
            let rect = node.rect();
            rect_of.insert(node.id, rect);
            let Ok(i) = u32::try_from(i) else { break };
            let (c0, r0, c1, r1) = grid.cells(rect);
            for r in r0..=r1 {
                for c in c0..=c1 {
                    grid.node_cells[(r * cols + c) as usize].push(i);
                }
            }
        }
        for (i, edge) in diagram.edges.iter().enumerate() {
            let (Some(a), Some(b)) = (rect_of.get(&edge.from), rect_of.get(&edge.to)) else {
                continue;
            };
            let Ok(i) = u32::try_from(i) else { break };
            let (c0, r0, c1, r1) = grid.cells(a.union(*b));
            if (c1 - c0 + 1) * (r1 - r0 + 1) > MAX_CELLS_PER_EDGE {
                grid.long_edges.push(i);
                continue;
            }
            for r in r0..=r1 {
                for c in c0..=c1 {
                    grid.edge_cells[(r * cols + c) as usize].push(i);
                }
            }
        }
        grid
    }

    /// The bucket range (first column, first row, last column, last row) a rectangle touches,
    /// clamped to the grid.
    fn cells(&self, rect: Rect) -> (i64, i64, i64, i64) {
        let col = |x: f32| (cell_of(x, self.cell) - self.first.0).clamp(0, self.cols - 1);
        let row = |y: f32| (cell_of(y, self.cell) - self.first.1).clamp(0, self.rows - 1);
        (
            col(rect.min.x),
            row(rect.min.y),
            col(rect.max.x),
            row(rect.max.y),
        )
    }

    /// Whether the grid has never been built (a default value).
    pub fn is_unbuilt(&self) -> bool {
        self.cols == 0
    }

    /// Whether `rect` holds every box the grid knows, so a query would return everything.
    pub fn covers_all(&self, rect: Rect) -> bool {
        self.bounds.is_none_or(|b| {
            rect.min.x <= b.min.x
                && rect.min.y <= b.min.y
                && rect.max.x >= b.max.x
                && rect.max.y >= b.max.y
        })
    }

    /// Positions of the boxes that may touch `rect` (canvas units), ascending, without the
    /// arrows `query` also collects: what routing asks for every arrow.
    pub fn query_nodes(&self, rect: Rect) -> Vec<usize> {
        let mut nodes = Vec::new();
        let Some(bounds) = self.bounds else {
            return nodes;
        };
        if !rect.intersects(bounds) {
            return nodes;
        }
        let (c0, r0, c1, r1) = self.cells(rect);
        for r in r0..=r1 {
            for c in c0..=c1 {
                let at = (r * self.cols + c) as usize;
                nodes.extend(self.node_cells[at].iter().map(|&i| i as usize));
            }
        }
        nodes.sort_unstable();
        nodes.dedup();
        nodes
    }

    /// Boxes and arrows that may touch `rect` (canvas units): everything in the buckets it
    /// overlaps, plus the long arrows.
    pub fn query(&self, rect: Rect) -> InView {
        let mut found = InView {
            nodes: Vec::new(),
            edges: self.long_edges.iter().map(|&i| i as usize).collect(),
        };
        let Some(bounds) = self.bounds else {
            return found;
        };
        // Arrows run between boxes, so nothing lies outside the boxes' bounds.
        if !rect.intersects(bounds) {
            found.edges.sort_unstable();
            return found;
        }
        let (c0, r0, c1, r1) = self.cells(rect);
        for r in r0..=r1 {
            for c in c0..=c1 {
                let at = (r * self.cols + c) as usize;
                found
                    .nodes
                    .extend(self.node_cells[at].iter().map(|&i| i as usize));
                found
                    .edges
                    .extend(self.edge_cells[at].iter().map(|&i| i as usize));
            }
        }
        found.nodes.sort_unstable();
        found.nodes.dedup();
        found.edges.sort_unstable();
        found.edges.dedup();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagram::Point;
    use crate::model::grid::grid_diagram;

    fn rect(x0: f32, y0: f32, x1: f32, y1: f32) -> Rect {
        Rect {
            min: Point { x: x0, y: y0 },
            max: Point { x: x1, y: y1 },
        }
    }

    /// The exact answer, by looking at everything.
    fn brute(diagram: &Diagram, view: Rect) -> InView {
        let rects: HashMap<NodeId, Rect> = diagram.nodes.iter().map(|n| (n.id, n.rect())).collect();
        InView {
            nodes: (0..diagram.nodes.len())
                .filter(|&i| diagram.nodes[i].rect().intersects(view))
                .collect(),
            edges: (0..diagram.edges.len())
                .filter(|&i| {
                    let e = &diagram.edges[i];
                    match (rects.get(&e.from), rects.get(&e.to)) {
                        (Some(a), Some(b)) => a.union(*b).intersects(view),
                        _ => false,
                    }
                })
                .collect(),
        }
    }

    #[test]
    fn a_query_finds_everything_that_touches_the_view_in_drawing_order() {
        let diagram = grid_diagram(5000, 3);
        let grid = SpatialGrid::build(&diagram, fingerprint(&diagram));
        for view in [
            rect(0.0, 0.0, 1600.0, 1000.0),
            rect(7000.0, 4000.0, 8600.0, 5000.0),
            rect(-5000.0, -5000.0, -10.0, -10.0),
            rect(16_000.0, 10_000.0, 90_000.0, 90_000.0),
            rect(3333.0, 2222.0, 3334.0, 2223.0),
        ] {
            let found = grid.query(view);
            let exact = brute(&diagram, view);
            for i in &exact.nodes {
                assert!(
                    found.nodes.binary_search(i).is_ok(),
                    "box {i} in {view:?} missed"
                );
            }
            for i in &exact.edges {
                assert!(
                    found.edges.binary_search(i).is_ok(),
                    "arrow {i} in {view:?} missed"
                );
            }
            assert!(found.nodes.windows(2).all(|w| w[0] < w[1]));
            assert!(found.edges.windows(2).all(|w| w[0] < w[1]));
            // Buckets, not everything: a view of ~40 boxes looks at far fewer than 5,000.
            assert!(
                found.nodes.len() <= exact.nodes.len() * 4 + 64,
                "{} candidates",
                found.nodes.len()
            );
        }
        assert!(grid.covers_all(rect(-1.0e6, -1.0e6, 1.0e6, 1.0e6)));
        assert!(!grid.covers_all(rect(0.0, 0.0, 1600.0, 1000.0)));
    }

    #[test]
    fn long_arrows_and_empty_diagrams_are_handled() {
        let mut diagram = grid_diagram(400, 1);
        let (first, last) = (diagram.nodes[0].id, diagram.nodes[399].id);
        let mut edge = diagram.edges[0].clone();
        edge.id = crate::model::diagram::EdgeId(99_999);
        edge.from = first;
        edge.to = last;
        diagram.edges.push(edge);
        let grid = SpatialGrid::build(&diagram, fingerprint(&diagram));
        let view = rect(2000.0, 1500.0, 2100.0, 1600.0);
        let found = grid.query(view);
        assert!(
            found.edges.contains(&(diagram.edges.len() - 1)),
            "the diagonal arrow crosses the view"
        );

        // Two boxes near the geometry limit, far apart: bigger buckets, not millions of them.
        let mut far = grid_diagram(2, 1);
        far.nodes[0].pos = Point {
            x: -9.0e6,
            y: -9.0e6,
        };
        far.nodes[1].pos = Point { x: 9.0e6, y: 9.0e6 };
        let grid = SpatialGrid::build(&far, fingerprint(&far));
        assert!(
            grid.cols <= 512 && grid.rows <= 512,
            "{} x {}",
            grid.cols,
            grid.rows
        );
        let corner = rect(8.9e6, 8.9e6, 9.1e6, 9.1e6);
        assert_eq!(grid.query(corner).nodes, vec![1]);

        let empty = Diagram::default();
        let grid = SpatialGrid::build(&empty, fingerprint(&empty));
        assert_eq!(grid.query(view), InView::default());
        assert!(grid.covers_all(view));
    }

    #[test]
    fn the_fingerprint_changes_with_geometry_and_links_only() {
        let diagram = grid_diagram(50, 1);
        let key = fingerprint(&diagram);
        assert_eq!(key, fingerprint(&diagram.clone()));
        let mut moved = diagram.clone();
        moved.nodes[10].pos.x += 1.0;
        assert_ne!(key, fingerprint(&moved));
        let mut resized = diagram.clone();
        resized.nodes[3].size.h += 20.0;
        assert_ne!(key, fingerprint(&resized));
        let mut relinked = diagram.clone();
        relinked.edges[5].to = relinked.edges[5].from;
        assert_ne!(key, fingerprint(&relinked));
        let mut renamed = diagram.clone();
        renamed.nodes[0].label.push('!');
        assert_eq!(key, fingerprint(&renamed), "labels do not move anything");
    }
}
