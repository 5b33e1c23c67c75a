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

use super::diagram::{
    Diagram, DiagramNode, EdgeId, EdgeKind, NodeId, Point, Rect, Size, ZoneId, ends_between,
};
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
    let mut graph = Graph::new(diagram, &nodes);
    let layers = graph.separate_feedback();
    let bands = Bands::new(diagram, &nodes);
    let order = order_columns(&graph, &layers, &bands.of_node);
    let positions = place(&nodes, &graph, &order, &bands);
    let positions = clear_arrows(diagram, &nodes, &positions);

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

impl Graph {
    /// Columns, with no feedback arrow between two boxes of one column: drawn straight, it
    /// would run down the column through the boxes between them. Each such pair gets a flow
    /// constraint putting the feedback's target left of its source, unless a flow path between
    /// them forbids it; then the columns are worked out again.
    fn separate_feedback(&mut self) -> Vec<usize> {
        let mut layer = self.layers();
        // Each split moves columns, which can bring another pair together: go on until none
        // can be split. Every split adds a flow edge, so this ends.
        let mut split = true;
        while split {
            split = false;
            for (u, v) in self.feedback.clone() {
                if layer[u] != layer[v] || self.reaches(u, v) || self.reaches(v, u) {
                    continue;
                }
                self.succ[v].push(u);
                self.succ[v].sort_unstable();
                self.pred[u].push(v);
                self.topo = self.topological_order();
                layer = self.layers();
                split = true;
            }
        }
        layer
    }

    /// Whether a flow path leads from `from` to `to`.
    fn reaches(&self, from: usize, to: usize) -> bool {
        let mut seen = vec![false; self.succ.len()];
        let mut stack = vec![from];
        while let Some(v) = stack.pop() {
            if v == to {
                return true;
            }
            if !std::mem::replace(&mut seen[v], true) {
                stack.extend(self.succ[v].iter().copied());
            }
        }
        false
    }

    /// The connected nodes in an order where every flow edge points forwards (Kahn's, in
    /// index order).
    fn topological_order(&self) -> Vec<usize> {
        let mut waiting: Vec<usize> = self.pred.iter().map(Vec::len).collect();
        let mut ready: std::collections::BTreeSet<usize> = (0..self.succ.len())
            .filter(|&v| self.connected[v] && waiting[v] == 0)
            .collect();
        let mut order = Vec::with_capacity(self.succ.len());
        while let Some(v) = ready.pop_first() {
            order.push(v);
            for &w in &self.succ[v] {
                waiting[w] -= 1;
                if waiting[w] == 0 {
                    ready.insert(w);
                }
            }
        }
        order
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

/// How far Tidy keeps an arrow from a box it passes.
const CLEARANCE: f32 = 10.0;
/// Passes over the arrows before Tidy stops pushing rows apart; each pass clears every arrow it
/// finds crossing a box, so a handful is the usual need.
const CLEARING_PASSES: usize = 256;
/// Diagrams with more boxes are laid out without clearing: finding the crossings of tens of
/// thousands of long arrows alone takes seconds, and no interview diagram is near this size.
const CLEARING_MAX_BOXES: usize = 2_000;
/// Boxes and arrows looked at over all passes and pushes, at most: bounds Tidy's time on a big
/// diagram (a 2,000-box diagram gets a few passes; one drawn in an interview all it needs).
const CLEARING_WORK: usize = 2_000_000;

/// Pushes boxes down until no arrow runs through a box it does not join (or, where pushing
/// cannot clear them all within a budget of twice the height, keeps the pass that left the
/// fewest). The
/// layered layout leaves arrows straight, so a long arrow can cross a middle column and a steep
/// one a neighbour of its own box. Each crossing is cleared by the smallest of a few pushes
/// ([`Push`]): everything below a horizontal line, or (without zones, whose bands must stay
/// apart) one box and those under it in its own column. Either keeps every box's order and
/// gaps, so nothing overlaps.
fn clear_arrows(
    diagram: &Diagram,
    nodes: &[&DiagramNode],
    positions: &BTreeMap<NodeId, Point>,
) -> BTreeMap<NodeId, Point> {
    let mut laid = Diagram {
        nodes: nodes
            .iter()
            .map(|n| DiagramNode {
                pos: positions.get(&n.id).copied().unwrap_or(n.pos),
                ..(*n).clone()
            })
            .collect(),
        edges: diagram.edges.clone(),
        zones: Vec::new(),
    };
    if laid.nodes.len() > CLEARING_MAX_BOXES {
        return laid.nodes.into_iter().map(|n| (n.id, n.pos)).collect();
    }
    let local = diagram.zones.is_empty();
    let offsets = laid.parallel_offsets();
    let index: BTreeMap<NodeId, usize> = laid
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id, i))
        .collect();
    let edge_at: BTreeMap<EdgeId, usize> = laid
        .edges
        .iter()
        .enumerate()
        .rev()
        .map(|(i, e)| (e.id, i))
        .collect();
    // Each pass looks at every box and arrow and each push at every box: a big diagram gets
    // fewer of both, so Tidy stays quick.
    let mut work = CLEARING_WORK;
    let pass_cost = 4 * (laid.nodes.len() + laid.edges.len()) + 1;
    let push_cost = laid.nodes.len() + 1;
    // Pushes can steepen other arrows; past twice its height again the layout is not worth
    // its clearing, so the pushes together may add no more than that.
    let mut budget = 3.0 * laid.bounds_rect().map_or(0.0, Rect::height) + 600.0;
    let mut best: Option<(usize, Vec<Point>)> = None;
    for _ in 0..CLEARING_PASSES {
        let Some(left) = work.checked_sub(pass_cost) else {
            break;
        };
        work = left;
        let crossings = super::crossing::arrows_through_boxes(&laid);
        if best
            .as_ref()
            .is_none_or(|(fewest, _)| crossings.len() < *fewest)
        {
            best = Some((crossings.len(), laid.nodes.iter().map(|n| n.pos).collect()));
        }
        if crossings.is_empty() || budget <= 0.0 {
            break;
        }
        for (edge, through) in crossings {
            let Some((at, e)) = edge_at
                .get(&edge)
                .and_then(|&i| Some((i, laid.edges.get(i)?)))
            else {
                continue;
            };
            let (Some(&a), Some(&b), Some(&c)) =
                (index.get(&e.from), index.get(&e.to), index.get(&through))
            else {
                continue;
            };
            let rect = |i: usize| laid.nodes[i].rect();
            let (start, end) = ends_between(rect(a), rect(b), offsets[at]);
            if !super::crossing::segment_crosses(start, end, rect(c)) {
                // An earlier push this pass already cleared it.
                continue;
            }
            let Some(left) = work.checked_sub(push_cost) else {
                break;
            };
            work = left;
            let (push, by) = push_clear(&laid, (start, end), (a, b, c), local);
            if by > budget {
                continue;
            }
            budget -= by;
            let movers = push.movers(&laid);
            for (node, moves) in laid.nodes.iter_mut().zip(movers) {
                if moves {
                    node.pos.y += by;
                }
            }
        }
    }
    // The pass that left the fewest arrows through boxes (the first, on a tie).
    if let Some((_, kept)) = best {
        for (node, pos) in laid.nodes.iter_mut().zip(kept) {
            node.pos = pos;
        }
    }
    laid.nodes.into_iter().map(|n| (n.id, n.pos)).collect()
}

/// A way of moving boxes down that keeps every gap: which boxes go.
#[derive(Clone, Copy, Debug)]
enum Push {
    /// Every box whose top is at or below this height.
    Below(f32),
    /// This box and every box under it that shares some of its width, and so on down (its
    /// column, and whatever the moving boxes would otherwise land on).
    Column(usize),
}

impl Push {
    /// Which boxes of `laid` move.
    fn movers(self, laid: &Diagram) -> Vec<bool> {
        match self {
            Push::Below(cut) => laid.nodes.iter().map(|n| n.pos.y >= cut).collect(),
            Push::Column(at) => {
                let mut moving = vec![false; laid.nodes.len()];
                let Some(head) = laid.nodes.get(at) else {
                    return moving;
                };
                moving[at] = true;
                let mut order: Vec<usize> = (0..laid.nodes.len())
                    .filter(|&i| laid.nodes[i].pos.y >= head.pos.y)
                    .collect();
                order.sort_by(|&i, &j| laid.nodes[i].pos.y.total_cmp(&laid.nodes[j].pos.y));
                let mut moved: Vec<Rect> = vec![head.rect()];
                for i in order {
                    if i == at {
                        continue;
                    }
                    let r = laid.nodes[i].rect();
                    if moved.iter().any(|m| r.min.x < m.max.x && m.min.x < r.max.x) {
                        moving[i] = true;
                        moved.push(r);
                    }
                }
                moving
            }
        }
    }
}

/// The smallest push that takes the segment `start`–`end` (between boxes `a` and `b` of
/// `laid`) clear of box `c`: of the pushes tried (everything below the top or bottom of `c`,
/// or below the top of either end's box; and with `local`, the column of `a`, `b` or `c`), the
/// one needing the least movement for the arrow to pass above or below `c`. Straight-line
/// estimates: the caller checks again on the next pass.
fn push_clear(
    laid: &Diagram,
    (start, end): (Point, Point),
    (a, b, c): (usize, usize, usize),
    local: bool,
) -> (Push, f32) {
    let rect = laid.nodes[c].rect();
    // The part of the segment within the box's columns, as parameters along it.
    let (t0, t1) = if (end.x - start.x).abs() < f32::EPSILON {
        (0.0, 1.0)
    } else {
        let u = (rect.min.x - start.x) / (end.x - start.x);
        let v = (rect.max.x - start.x) / (end.x - start.x);
        (u.min(v).clamp(0.0, 1.0), u.max(v).clamp(0.0, 1.0))
    };
    let mut pushes = vec![
        Push::Below(rect.min.y),
        Push::Below(rect.max.y),
        Push::Below(laid.nodes[a].pos.y),
        Push::Below(laid.nodes[b].pos.y),
    ];
    if local {
        pushes.extend([Push::Column(c), Push::Column(a), Push::Column(b)]);
    }
    let mut best: Option<(Push, f32)> = None;
    for push in pushes {
        let moving = push.movers(laid);
        let moves = |i: usize| if moving[i] { 1.0 } else { 0.0 };
        let (m_start, m_end, m_box) = (moves(a), moves(b), moves(c));
        for above in [true, false] {
            // Each sample point needs k·d ≤ r, for a push d ≥ 0.
            let (mut low, mut high) = (0.0_f32, f32::INFINITY);
            for t in [t0, t1] {
                let y = start.y + (end.y - start.y) * t;
                let k = m_start * (1.0 - t) + m_end * t - m_box;
                let (k, r) = if above {
                    (k, rect.min.y - CLEARANCE - y)
                } else {
                    (-k, y - rect.max.y - CLEARANCE)
                };
                if k.abs() < 1e-6 {
                    if r < 0.0 {
                        high = -1.0;
                    }
                } else if k > 0.0 {
                    high = high.min(r / k);
                } else {
                    low = low.max(r / k);
                }
            }
            if low <= high && best.is_none_or(|(_, d)| low < d) {
                best = Some((push, low));
            }
        }
    }
    // No way found by the straight-line estimate: move the box below the arrow's end.
    let (push, by) = best.unwrap_or((Push::Below(rect.min.y), rect.height() + CLEARANCE));
    (push, by.max(1.0).ceil())
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
    fn a_long_arrow_does_not_run_through_the_column_it_skips() {
        // 1→2→3 and 1→3: with 4 beside 2, the middle column holds two boxes, and the straight
        // 1→3 arrow would run through one of them.
        let d = diagram(
            &[1, 2, 3, 4, 5],
            &[(1, 2), (2, 3), (1, 3), (5, 4), (4, 3), (1, 4)],
        );
        let plain = {
            let mut t = d.clone();
            let mut graph_nodes: Vec<&DiagramNode> = d.nodes.iter().collect();
            graph_nodes.sort_by_key(|n| n.id);
            let mut graph = Graph::new(&d, &graph_nodes);
            let layers = graph.separate_feedback();
            let bands = Bands::new(&d, &graph_nodes);
            let order = order_columns(&graph, &layers, &bands.of_node);
            let positions = place(&graph_nodes, &graph, &order, &bands);
            for node in &mut t.nodes {
                node.pos = positions[&node.id];
            }
            t
        };
        assert!(
            !crate::model::crossing::arrows_through_boxes(&plain).is_empty(),
            "the layered layout alone crosses"
        );
        let t = tidied(&d);
        assert_eq!(crate::model::crossing::arrows_through_boxes(&t), vec![]);
        assert_no_overlap(&t);
    }

    #[test]
    fn a_wide_fan_out_clears_the_source_s_neighbours() {
        // 1 feeds nine boxes; 10 sits under 1 in its column and feeds 11.
        let mut edges: Vec<(u64, u64)> = (2..=9).map(|to| (1, to)).collect();
        edges.extend([(10, 11), (12, 1), (12, 10)]);
        let d = diagram(&(1..=12).collect::<Vec<_>>(), &edges);
        let t = tidied(&d);
        assert_eq!(crate::model::crossing::arrows_through_boxes(&t), vec![]);
        assert_no_overlap(&t);
    }

    #[test]
    fn feedback_between_boxes_of_one_column_splits_them() {
        // 1→2 and 1→3 put 2 and 3 in one column; 3 feeding back to 2 would run down it.
        let mut d = diagram(&[1, 2, 3, 4], &[(1, 2), (1, 4), (1, 3), (3, 2)]);
        d.edges[3].kind = EdgeKind::Feedback;
        let t = tidied(&d);
        assert!(
            pos(&t, 2).x < pos(&t, 3).x,
            "the feedback's target is left of its source"
        );
        assert_eq!(crate::model::crossing::arrows_through_boxes(&t), vec![]);
    }

    #[test]
    fn an_empty_diagram_tidies_to_nothing() {
        assert!(tidy(&Diagram::default()).is_noop());
    }
}
