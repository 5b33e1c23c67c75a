//! A reproducible large diagram for benchmarks and stress tests: the grid scene the
//! performance budgets are stated on (boxes 160×80 spaced 240×160 in ⌈√N⌉ columns from
//! (100, 100), with 1.5·N arrows between boxes at most two grid cells apart).

use std::collections::HashSet;

use super::diagram::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, NodeKind, Point, Size,
};

/// Box size in the grid scene.
pub const BOX: Size = Size { w: 160.0, h: 80.0 };
/// Distance between box origins.
pub const PITCH: (f32, f32) = (240.0, 160.0);
/// Where the first box sits.
pub const ORIGIN: Point = Point { x: 100.0, y: 100.0 };

/// A small, seeded generator (splitmix64): the same seed gives the same scene everywhere.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// The number of columns for `n` boxes: ⌈√n⌉.
pub fn columns(n: usize) -> usize {
    let mut c = (n as f64).sqrt() as usize;
    while c * c < n {
        c += 1;
    }
    c.max(1)
}

#[allow(
    clippy::cast_possible_wrap,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss,
    reason = "grid indices and coordinates are far below 2^31"
)]
/// The grid scene with `n` boxes and `n * 3 / 2` arrows (fewer only when the grid is too small
/// to hold that many distinct pairs), chosen by `seed`.
pub fn grid_diagram(n: usize, seed: u64) -> Diagram {
    const KINDS: [NodeKind; 6] = [
        NodeKind::Service,
        NodeKind::OnlineFeatureStore,
        NodeKind::ModelServer,
        NodeKind::EventStream,
        NodeKind::Database,
        NodeKind::Cache,
    ];
    const EDGE_KINDS: [EdgeKind; 3] = [EdgeKind::Request, EdgeKind::Stream, EdgeKind::Batch];
    let cols = columns(n);
    let nodes: Vec<DiagramNode> = (0..n)
        .map(|i| {
            let (row, col) = (i / cols, i % cols);
            DiagramNode {
                id: NodeId(i as u64 + 1),
                kind: KINDS[i % KINDS.len()],
                label: format!("{} {}", KINDS[i % KINDS.len()].label(), i + 1),
                pos: Point {
                    x: ORIGIN.x + col as f32 * PITCH.0,
                    y: ORIGIN.y + row as f32 * PITCH.1,
                },
                size: BOX,
            }
        })
        .collect();
    let mut rng = SplitMix(seed);
    let wanted = n * 3 / 2;
    let mut paired = HashSet::new();
    let mut edges = Vec::with_capacity(wanted);
    let mut attempts = 0;
    while edges.len() < wanted && attempts < wanted * 50 {
        attempts += 1;
        let from = rng.below(n as u64) as usize;
        let (row, col) = ((from / cols) as i64, (from % cols) as i64);
        let dr = rng.below(5) as i64 - 2;
        let dc = rng.below(5) as i64 - 2;
        let (r, c) = (row + dr, col + dc);
        if (dr, dc) == (0, 0) || r < 0 || c < 0 || c >= cols as i64 {
            continue;
        }
        let to = (r * cols as i64 + c) as usize;
        if to >= n || !paired.insert((from.min(to), from.max(to))) {
            continue;
        }
        edges.push(DiagramEdge {
            id: EdgeId(edges.len() as u64 + 1),
            from: NodeId(from as u64 + 1),
            to: NodeId(to as u64 + 1),
            label: if edges.len() % 4 == 0 {
                format!("flow {}", edges.len() + 1)
            } else {
                String::new()
            },
            kind: EDGE_KINDS[edges.len() % EDGE_KINDS.len()],
        });
    }
    Diagram {
        nodes,
        edges,
        zones: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::cast_possible_wrap, reason = "small test indices")]
    fn the_grid_has_the_stated_shape_and_is_reproducible() {
        let d = grid_diagram(1000, 7);
        assert_eq!(d.nodes.len(), 1000);
        assert_eq!(d.edges.len(), 1500);
        assert_eq!(columns(1000), 32);
        assert_eq!(d.nodes[33].pos, Point { x: 340.0, y: 260.0 });
        assert_eq!(d, grid_diagram(1000, 7), "same seed, same scene");
        assert_ne!(d.edges, grid_diagram(1000, 8).edges);
        let cols = columns(1000) as i64;
        for e in &d.edges {
            let (a, b) = (e.from.0 as i64 - 1, e.to.0 as i64 - 1);
            assert!((a / cols - b / cols).abs() <= 2 && (a % cols - b % cols).abs() <= 2);
            assert_ne!(a, b);
        }
    }
}
