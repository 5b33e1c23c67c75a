//! Tidy: a left-to-right layered layout of the diagram, returned as an undoable command.
//!
//! Nodes are put in columns by longest path from the sources (cycles are broken by ignoring
//! the back edges of a depth-first search in id order; feedback edges flow backwards by nature
//! and do not set columns), ordered within each column by a few barycentre sweeps to reduce
//! crossings, and stacked with even gaps. Nodes without edges go in
//! a row below. Zones become horizontal bands: the nodes sitting in a zone are kept together
//! and the zone is fitted around them. Everything is ordered by id, so the result depends only
//! on the diagram.

use std::collections::BTreeMap;

use super::diagram::{Diagram, DiagramNode, EdgeKind, NodeId, Point, Rect, Size, ZoneId};
use super::diagram_ops::DiagramCommand;

/// Horizontal gap between columns; leaves room for edge labels.
pub const COLUMN_GAP: f32 = 120.0;
/// Vertical gap between nodes in a column, and between a band's columns and its row of
/// unconnected nodes.
pub const ROW_GAP: f32 = 40.0;
/// Space between a zone's border and the nodes in it.
pub const ZONE_PADDING: f32 = 24.0;
/// Extra space above a zone's nodes for its label.
pub const ZONE_LABEL_ROOM: f32 = 24.0;
/// Vertical gap between the nodes of two bands, wide enough for both zones' padding.
const BAND_GAP: f32 = 2.0 * ZONE_PADDING + ZONE_LABEL_ROOM + ROW_GAP;
/// How many barycentre sweeps (alternating down and up) order the columns.
const SWEEPS: usize = 4;

/// The command that tidies the diagram: new positions for every node (and, when nodes sit in
/// zones, new rectangles for those zones). Applying it through `History` makes it undoable.
pub fn tidy(diagram: &Diagram) -> DiagramCommand {
    let mut nodes: Vec<&DiagramNode> = diagram.nodes.iter().collect();
    nodes.sort_by_key(|n| n.id);
    // Duplicate ids would make positions ambiguous; the first of each id is laid out.
    nodes.dedup_by_key(|n| n.id);
    if nodes.is_empty() {
        return DiagramCommand::SetPositions {
            nodes: Vec::new(),
            zones: Vec::new(),
        };
    }
    let graph = Graph::new(diagram, &nodes);
    let layers = graph.layers();
    let bands = Bands::new(diagram, &nodes);
    let order = order_columns(&graph, &layers, &bands.of_node);
    let positions = place(&nodes, &graph, &order, &bands);

    let moves = diagram
        .nodes
        .iter()
        .filter_map(|n| Some((n.id, *positions.get(&n.id)?)))
        .collect();
    let set_positions = DiagramCommand::SetPositions {
        nodes: moves,
        zones: Vec::new(),
    };
    let resizes = fit_zones(&nodes, &positions, &bands);
    if resizes.is_empty() {
        set_positions
    } else {
        let mut commands = vec![set_positions];
        commands.extend(resizes);
        DiagramCommand::Batch(commands)
    }
}

/// The edges as index lists over nodes sorted by id, with cycles broken.
struct Graph {
    /// Whether each node has at least one edge to another node.
    connected: Vec<bool>,
    /// Forward flow edges (feedback and cycle-closing edges left out), sorted, no repeats.
    succ: Vec<Vec<usize>>,
    /// The same edges, seen from their heads.
    pred: Vec<Vec<usize>>,
    /// Feedback edges, which flow back against the layout and so do not set columns.
    feedback: Vec<(usize, usize)>,
    /// Every node joined to each node by any edge, either way: what barycentres average over.
    neighbours: Vec<Vec<usize>>,
    /// A topological order of the connected nodes over `succ`.
    topo: Vec<usize>,
}

impl Graph {
    fn new(diagram: &Diagram, nodes: &[&DiagramNode]) -> Self {
        let index: BTreeMap<NodeId, usize> =
            nodes.iter().enumerate().map(|(i, n)| (n.id, i)).collect();
        let n = nodes.len();
        let mut out = vec![Vec::new(); n];
        let mut feedback = Vec::new();
        let mut neighbours = vec![Vec::new(); n];
        let mut connected = vec![false; n];
        for edge in &diagram.edges {
            let (Some(&from), Some(&to)) = (index.get(&edge.from), index.get(&edge.to)) else {
                continue;
            };
            if from == to {
                continue;
            }
            connected[from] = true;
            connected[to] = true;
            neighbours[from].push(to);
            neighbours[to].push(from);
            if edge.kind == EdgeKind::Feedback {
                feedback.push((from, to));
            } else {
                out[from].push(to);
            }
        }
        for list in out.iter_mut().chain(neighbours.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        feedback.sort_unstable();
        feedback.dedup();

        // Depth-first search in id order; an edge to a node still on the stack closes a cycle
        // and is dropped.
        let mut state = vec![Visit::New; n];
        let mut succ = vec![Vec::new(); n];
        let mut postorder = Vec::with_capacity(n);
        for root in 0..n {
            if !connected[root] || state[root] != Visit::New {
                continue;
            }
            state[root] = Visit::OnStack;
            let mut stack = vec![(root, 0_usize)];
            while let Some((v, next)) = stack.last_mut() {
                let v = *v;
                if let Some(&w) = out[v].get(*next) {
                    *next += 1;
                    match state[w] {
                        Visit::New => {
                            succ[v].push(w);
                            state[w] = Visit::OnStack;
                            stack.push((w, 0));
                        }
                        Visit::OnStack => {}
                        Visit::Done => succ[v].push(w),
                    }
                } else {
                    state[v] = Visit::Done;
                    postorder.push(v);
                    stack.pop();
                }
            }
        }
        let mut pred = vec![Vec::new(); n];
        for (v, list) in succ.iter().enumerate() {
            for &w in list {
                pred[w].push(v);
            }
        }
        postorder.reverse();
        Self {
            connected,
            succ,
            pred,
            feedback,
            neighbours,
            topo: postorder,
        }
    }

    /// Columns: longest path from the sources, then each source pulled right up to its
    /// successors, then nodes joined only by feedback put beside their feedback partners.
    fn layers(&self) -> Vec<usize> {
        let mut layer: Vec<usize> = vec![0; self.succ.len()];
        for &v in &self.topo {
            for &w in &self.succ[v] {
                layer[w] = layer[w].max(layer[v] + 1);
            }
        }
        // A source feeding only a late stage sits just before it, not far left.
        for &v in self.topo.iter().rev() {
            if self.pred[v].is_empty()
                && let Some(first) = self.succ[v].iter().map(|&w| layer[w]).min()
            {
                layer[v] = first.saturating_sub(1);
            }
        }
        for v in 0..layer.len() {
            if !self.pred[v].is_empty() || !self.succ[v].is_empty() {
                continue;
            }
            let targets = self
                .feedback
                .iter()
                .filter(|e| e.0 == v)
                .map(|e| layer[e.1]);
            let sources = self
                .feedback
                .iter()
                .filter(|e| e.1 == v)
                .map(|e| layer[e.0]);
            if let Some(first) = targets.min() {
                layer[v] = first.saturating_sub(1);
            } else if let Some(last) = sources.max() {
                layer[v] = last + 1;
            }
        }
        layer
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    OnStack,
    Done,
}

/// Horizontal bands, one per zone that has nodes in it (top to bottom as the zones were), then
/// one for nodes in no zone.
struct Bands {
    /// The band of each node (same order as the sorted nodes).
    of_node: Vec<usize>,
    /// The zone each band stands for; `None` for the band of nodes in no zone.
    zone: Vec<Option<ZoneId>>,
}

impl Bands {
    fn new(diagram: &Diagram, nodes: &[&DiagramNode]) -> Self {
        let homes: Vec<Option<ZoneId>> = nodes.iter().map(|n| diagram.home_zone(n)).collect();
        let mut zone: Vec<Option<ZoneId>> = diagram
            .zones
            .iter()
            .filter(|z| homes.contains(&Some(z.id)))
            .map(|z| Some(z.id))
            .collect();
        zone.sort_by(|a, b| {
            let key = |id: &Option<ZoneId>| {
                let z = id.and_then(|id| diagram.zone(id));
                (z.map_or(0.0, |z| z.pos.y), z.map_or(0.0, |z| z.pos.x), *id)
            };
            let (ka, kb) = (key(a), key(b));
            ka.0.total_cmp(&kb.0)
                .then(ka.1.total_cmp(&kb.1))
                .then(ka.2.cmp(&kb.2))
        });
        zone.dedup();
        if homes.contains(&None) {
            zone.push(None);
        }
        let of_node = homes
            .iter()
            .map(|home| zone.iter().position(|z| z == home).unwrap_or(0))
            .collect();
        Self { of_node, zone }
    }
}

/// The nodes of each column, top to bottom.
fn order_columns(graph: &Graph, layers: &[usize], band: &[usize]) -> Vec<Vec<usize>> {
    let connected: Vec<usize> = (0..layers.len()).filter(|&v| graph.connected[v]).collect();
    let columns = connected.iter().map(|&v| layers[v] + 1).max().unwrap_or(0);
    let mut order = vec![Vec::new(); columns];
    // Start from depth-first order, so connected nodes start near each other; nodes joined
    // only by feedback follow in id order.
    let mut seen = vec![false; layers.len()];
    for &v in graph.topo.iter().chain(&connected) {
        if !std::mem::replace(&mut seen[v], true) {
            order[layers[v]].push(v);
        }
    }
    let mut position = vec![0.0_f32; layers.len()];
    let update_positions = |order: &[Vec<usize>], position: &mut [f32]| {
        for column in order {
            let middle = (column.len() as f32 - 1.0) / 2.0;
            for (i, &v) in column.iter().enumerate() {
                position[v] = i as f32 - middle;
            }
        }
    };
    update_positions(&order, &mut position);
    for sweep in 0..SWEEPS {
        let downwards = sweep % 2 == 0;
        let columns: Vec<usize> = if downwards {
            (1..order.len()).collect()
        } else {
            (0..order.len().saturating_sub(1)).rev().collect()
        };
        for c in columns {
            let mut keyed: Vec<(usize, f32, usize)> = order[c]
                .iter()
                .map(|&v| {
                    // Average over neighbours on the side the sweep comes from.
                    let around: Vec<f32> = graph.neighbours[v]
                        .iter()
                        .filter(|&&u| {
                            if downwards {
                                layers[u] < c
                            } else {
                                layers[u] > c
                            }
                        })
                        .map(|&u| position[u])
                        .collect();
                    let barycentre = if around.is_empty() {
                        position[v]
                    } else {
                        around.iter().sum::<f32>() / around.len() as f32
                    };
                    (band[v], barycentre, v)
                })
                .collect();
            // Stable: ties keep their current order.
            keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
            order[c] = keyed.into_iter().map(|(_, _, v)| v).collect();
            update_positions(&order, &mut position);
        }
    }
    // The bands must be contiguous even in columns no sweep touched.
    for column in &mut order {
        column.sort_by_key(|&v| band[v]);
    }
    order
}

/// Top-left corners for every node.
fn place(
    nodes: &[&DiagramNode],
    graph: &Graph,
    order: &[Vec<usize>],
    bands: &Bands,
) -> BTreeMap<NodeId, Point> {
    let origin = Point {
        x: nodes.iter().map(|n| n.pos.x).fold(f32::INFINITY, f32::min),
        y: nodes.iter().map(|n| n.pos.y).fold(f32::INFINITY, f32::min),
    };
    let size = |v: usize| nodes[v].size;
    let column_width: Vec<f32> = order
        .iter()
        .map(|c| c.iter().map(|&v| size(v).w).fold(0.0, f32::max))
        .collect();
    let mut column_x = Vec::with_capacity(order.len());
    let mut x = origin.x;
    for width in &column_width {
        column_x.push(x);
        x += width + COLUMN_GAP;
    }

    let band_count = bands.zone.len();
    let stack_height = |column: &[usize], band: usize| -> f32 {
        let members: Vec<f32> = column
            .iter()
            .filter(|&&v| bands.of_node[v] == band)
            .map(|&v| size(v).h)
            .collect();
        members.iter().sum::<f32>() + ROW_GAP * (members.len().saturating_sub(1)) as f32
    };
    let unconnected: Vec<Vec<usize>> = (0..band_count)
        .map(|b| {
            (0..nodes.len())
                .filter(|&v| !graph.connected[v] && bands.of_node[v] == b)
                .collect()
        })
        .collect();

    let mut positions = BTreeMap::new();
    let mut band_top = origin.y;
    for (band, row) in unconnected.iter().enumerate() {
        let columns_height = order
            .iter()
            .map(|c| stack_height(c, band))
            .fold(0.0, f32::max);
        for (c, column) in order.iter().enumerate() {
            let members: Vec<usize> = column
                .iter()
                .copied()
                .filter(|&v| bands.of_node[v] == band)
                .collect();
            let mut y = band_top + (columns_height - stack_height(column, band)) / 2.0;
            for v in members {
                let s = size(v);
                positions.insert(
                    nodes[v].id,
                    Point {
                        x: column_x[c] + (column_width[c] - s.w) / 2.0,
                        y,
                    },
                );
                y += s.h + ROW_GAP;
            }
        }
        let mut height = columns_height;
        if !row.is_empty() {
            let row_top = if columns_height > 0.0 {
                band_top + columns_height + ROW_GAP
            } else {
                band_top
            };
            let mut x = origin.x;
            for &v in row {
                positions.insert(nodes[v].id, Point { x, y: row_top });
                x += size(v).w + ROW_GAP;
            }
            let row_height = row.iter().map(|&v| size(v).h).fold(0.0, f32::max);
            height = row_top + row_height - band_top;
        }
        band_top += height + BAND_GAP;
    }
    positions
}

/// Fits each zone that has nodes around them, with padding and room for its label.
fn fit_zones(
    nodes: &[&DiagramNode],
    positions: &BTreeMap<NodeId, Point>,
    bands: &Bands,
) -> Vec<DiagramCommand> {
    let mut commands = Vec::new();
    for (band, zone) in bands.zone.iter().enumerate() {
        let Some(zone) = zone else { continue };
        let rect = nodes
            .iter()
            .enumerate()
            .filter(|(v, _)| bands.of_node[*v] == band)
            .filter_map(|(_, n)| Some(Rect::from_pos_size(*positions.get(&n.id)?, n.size)))
            .reduce(Rect::union);
        let Some(rect) = rect else { continue };
        commands.push(DiagramCommand::ResizeZone {
            id: *zone,
            pos: Point {
                x: rect.min.x - ZONE_PADDING,
                y: rect.min.y - ZONE_PADDING - ZONE_LABEL_ROOM,
            },
            size: Size {
                w: rect.width() + 2.0 * ZONE_PADDING,
                h: rect.height() + 2.0 * ZONE_PADDING + ZONE_LABEL_ROOM,
            },
        });
    }
    commands
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "layout positions are exact sums of fixed sizes and gaps"
)]
mod tests {
    use super::*;
    use crate::model::diagram::{DiagramEdge, EdgeId, NodeKind, Zone};

    fn node(id: u64, x: f32, y: f32) -> DiagramNode {
        DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: format!("n{id}"),
            pos: Point { x, y },
            size: DiagramNode::DEFAULT_SIZE,
        }
    }

    fn diagram(nodes: &[u64], edges: &[(u64, u64)]) -> Diagram {
        Diagram {
            // Scattered start positions, so the layout cannot just keep them.
            nodes: nodes
                .iter()
                .map(|&id| {
                    node(
                        id,
                        (id * 37 % 11) as f32 * 50.0,
                        (id * 53 % 7) as f32 * 60.0,
                    )
                })
                .collect(),
            edges: edges
                .iter()
                .enumerate()
                .map(|(i, &(from, to))| DiagramEdge {
                    id: EdgeId(i as u64 + 1),
                    from: NodeId(from),
                    to: NodeId(to),
                    label: String::new(),
                    kind: EdgeKind::Request,
                })
                .collect(),
            zones: Vec::new(),
        }
    }

    fn tidied(d: &Diagram) -> Diagram {
        let mut d = d.clone();
        tidy(&d).apply(&mut d).expect("tidy applies");
        d
    }

    fn pos(d: &Diagram, id: u64) -> Point {
        d.node(NodeId(id)).expect("node").pos
    }

    fn assert_no_overlap(d: &Diagram) {
        for (i, a) in d.nodes.iter().enumerate() {
            for b in &d.nodes[i + 1..] {
                let (ra, rb) = (a.rect(), b.rect());
                let apart = ra.max.x <= rb.min.x
                    || rb.max.x <= ra.min.x
                    || ra.max.y <= rb.min.y
                    || rb.max.y <= ra.min.y;
                assert!(apart, "{:?} overlaps {:?}", a.id, b.id);
            }
        }
    }

    #[test]
    fn a_chain_runs_left_to_right() {
        // Ids out of flow order: the layout follows edges, not ids.
        let d = tidied(&diagram(&[1, 2, 3], &[(3, 1), (1, 2)]));
        assert!(pos(&d, 3).x < pos(&d, 1).x);
        assert!(pos(&d, 1).x < pos(&d, 2).x);
        assert_eq!(pos(&d, 3).y, pos(&d, 2).y, "a chain is one straight row");
    }

    #[test]
    fn sources_are_left_and_sinks_right_with_even_spacing() {
        let d = tidied(&diagram(&[1, 2, 3, 4], &[(1, 2), (1, 3), (2, 4), (3, 4)]));
        assert_eq!(pos(&d, 2).x, pos(&d, 3).x);
        assert!(pos(&d, 1).x < pos(&d, 2).x && pos(&d, 2).x < pos(&d, 4).x);
        let gap = (pos(&d, 3).y - pos(&d, 2).y).abs();
        assert_eq!(gap, DiagramNode::DEFAULT_SIZE.h + ROW_GAP);
        assert_no_overlap(&d);
    }

    #[test]
    fn cycles_terminate_and_are_laid_out() {
        let d = tidied(&diagram(&[1, 2, 3], &[(1, 2), (2, 3), (3, 1), (2, 2)]));
        assert!(pos(&d, 1).x < pos(&d, 2).x && pos(&d, 2).x < pos(&d, 3).x);
        assert_no_overlap(&d);
    }

    #[test]
    fn feedback_flows_back_and_late_sources_sit_next_to_their_target() {
        let mut d = diagram(&[1, 2, 3, 4, 5], &[(1, 2), (2, 3), (3, 4), (4, 1), (5, 4)]);
        d.edges[3].kind = EdgeKind::Feedback;
        let t = tidied(&d);
        assert!(
            pos(&t, 1).x < pos(&t, 2).x,
            "feedback 4→1 does not push 1 right"
        );
        assert!(pos(&t, 2).x < pos(&t, 3).x && pos(&t, 3).x < pos(&t, 4).x);
        assert_eq!(pos(&t, 5).x, pos(&t, 3).x, "5 feeds only 4");
        assert_no_overlap(&t);

        // A node joined only by feedback goes just before the node it feeds back into.
        let mut d = diagram(&[1, 2, 3, 9], &[(1, 2), (2, 3), (9, 3)]);
        d.edges[2].kind = EdgeKind::Feedback;
        let t = tidied(&d);
        assert_eq!(pos(&t, 9).x, pos(&t, 2).x);
        assert_no_overlap(&t);
    }

    #[test]
    fn unconnected_nodes_get_their_own_row_below() {
        let d = tidied(&diagram(&[1, 2, 3, 4], &[(1, 2)]));
        let bottom_of_graph = pos(&d, 1).y + DiagramNode::DEFAULT_SIZE.h;
        assert!(pos(&d, 3).y > bottom_of_graph);
        assert_eq!(pos(&d, 3).y, pos(&d, 4).y);
        assert!(pos(&d, 3).x < pos(&d, 4).x);
        assert_no_overlap(&d);
    }

    #[test]
    fn barycentres_untangle_a_crossing() {
        // 1→4 and 2→3 cross if each column keeps id order.
        let d = tidied(&diagram(&[1, 2, 3, 4], &[(1, 4), (2, 3)]));
        assert_eq!(pos(&d, 1).y < pos(&d, 2).y, pos(&d, 4).y < pos(&d, 3).y);
    }

    #[test]
    fn tidy_is_deterministic_and_idempotent() {
        let d = diagram(&[5, 1, 9, 3, 7], &[(5, 1), (1, 9), (3, 9), (9, 7), (7, 5)]);
        assert_eq!(tidy(&d), tidy(&d.clone()));
        let once = tidied(&d);
        assert_eq!(tidied(&once), once);
    }

    #[test]
    fn zones_become_bands_around_their_nodes() {
        let mut d = diagram(&[1, 2, 3, 4], &[(1, 2), (3, 4), (1, 4)]);
        d.nodes[0].pos = Point { x: 0.0, y: 0.0 };
        d.nodes[1].pos = Point { x: 200.0, y: 0.0 };
        d.nodes[2].pos = Point { x: 0.0, y: 500.0 };
        d.nodes[3].pos = Point { x: 200.0, y: 500.0 };
        d.zones = vec![
            Zone {
                id: ZoneId(1),
                label: "offline".into(),
                pos: Point { x: -10.0, y: 480.0 },
                size: Size { w: 500.0, h: 200.0 },
            },
            Zone {
                id: ZoneId(2),
                label: "online".into(),
                pos: Point { x: -10.0, y: -10.0 },
                size: Size { w: 500.0, h: 200.0 },
            },
        ];
        let t = tidied(&d);
        assert_no_overlap(&t);
        assert_eq!(t.nodes_in_zone(ZoneId(2)), vec![NodeId(1), NodeId(2)]);
        assert_eq!(t.nodes_in_zone(ZoneId(1)), vec![NodeId(3), NodeId(4)]);
        let (online, offline) = (t.zones[1].rect(), t.zones[0].rect());
        assert!(online.max.y < offline.min.y, "{online:?} above {offline:?}");
        assert!(t.problems().is_empty());
    }

    #[test]
    fn an_empty_diagram_tidies_to_nothing() {
        assert!(tidy(&Diagram::default()).is_noop());
    }
}
