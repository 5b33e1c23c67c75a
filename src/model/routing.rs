//! Where each arrow is drawn: the straight line `attach::ends_between` gives when it is clear
//! of every box it does not join, otherwise a detour around the boxes in the way.
//!
//! One answer for the canvas (painting, hit-testing, label placement) and the SVG/PNG export,
//! computed once per diagram revision ([`route_key`]) and kept by the caller, never per frame.
//!
//! A detour is the shortest path through a visibility graph: from the centre of one box to
//! the centre of the other, bending only at the corners of boxes in the way, moved out by
//! [`MARGIN`], then cut where it leaves the first box and enters the second. Every segment is
//! checked against the real boxes, so a detour never crosses a box it does not join. A
//! feedback arrow keeps its bow (either side) when the bow is clear. Boxes that overlap one
//! of an arrow's own boxes cannot be avoided and are not obstacles for it. When no path is
//! found within the search's bounds, the straight line is kept.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use super::attach::{ends_between, shifted_border};
use super::crossing::segment_crosses;
use super::diagram::{Diagram, DiagramEdge, EdgeId, EdgeKind, NodeId, Point, Rect, label_fraction};
use super::spatial::{SpatialGrid, fingerprint};

/// How far a detour keeps from the corners it turns around, in canvas units: clear of the
/// connection handles (8 units out from the middle of each side, 6 wide) at 100 %, so a click
/// on a detour beside a box selects the arrow, not the box.
pub const MARGIN: f32 = 24.0;

/// How far a feedback arrow bows sideways at its control points, as a share of its length.
pub const BOW: f32 = 0.15;

/// Line segments a bow is checked and hit-tested as.
const BOW_STEPS: usize = 16;

/// The search windows tried in turn: the two boxes' rectangle grown by this much.
const WINDOW_PADS: [f32; 3] = [160.0, 480.0, 1440.0];

/// A window with more boxes than this is not searched (the straight line is kept).
const MAX_WINDOW_BOXES: usize = 160;

/// At most this many corners are taken from the search's queue per window.
const MAX_EXPANSIONS: usize = 400;

/// How an arrow is drawn, in canvas units.
#[derive(Clone, Debug, PartialEq)]
pub enum EdgePath {
    /// A straight line from the first point to the second.
    Straight(Point, Point),
    /// A feedback arrow's bow: a cubic Bézier curve (start, two control points, end).
    Bow([Point; 4]),
    /// A detour around boxes in the way: a polyline of three or more points.
    Detour(Vec<Point>),
}

impl EdgePath {
    /// Where the arrow starts.
    pub fn start(&self) -> Point {
        match self {
            EdgePath::Straight(a, _) => *a,
            EdgePath::Bow(p) => p[0],
            EdgePath::Detour(points) => points.first().copied().unwrap_or_default(),
        }
    }

    /// Where the arrow ends (its head's tip).
    pub fn end(&self) -> Point {
        match self {
            EdgePath::Straight(_, b) => *b,
            EdgePath::Bow(p) => p[3],
            EdgePath::Detour(points) => points.last().copied().unwrap_or_default(),
        }
    }

    /// The arrow as line segments' corners: a bow is flattened into [`BOW_STEPS`] segments.
    pub fn polyline(&self) -> Vec<Point> {
        match self {
            EdgePath::Straight(a, b) => vec![*a, *b],
            EdgePath::Bow(p) => (0..=BOW_STEPS)
                .map(|i| cubic(p, i as f32 / BOW_STEPS as f32))
                .collect(),
            EdgePath::Detour(points) => points.clone(),
        }
    }

    /// The direction the arrow arrives in at its end, as a unit step (the head points this way).
    pub fn end_direction(&self) -> (f32, f32) {
        let (from, to) = match self {
            EdgePath::Straight(a, b) => (*a, *b),
            EdgePath::Bow(p) => (p[2], p[3]),
            EdgePath::Detour(points) => match points.as_slice() {
                [.., a, b] => (*a, *b),
                _ => (Point::default(), Point::default()),
            },
        };
        unit(from, to)
    }

    /// Where the arrow's label goes and the direction of the line there. A straight arrow's
    /// label sits `label_fraction(offset)` along it, a bow's on the curve at that parameter,
    /// and a detour's on its longest segment, where there is room.
    pub fn label_spot(&self, offset: f32) -> (Point, (f32, f32)) {
        let t = label_fraction(offset);
        match self {
            EdgePath::Straight(a, b) => (lerp(*a, *b, t), unit(*a, *b)),
            EdgePath::Bow(p) => (cubic(p, t), unit(p[0], p[3])),
            EdgePath::Detour(points) => {
                let longest = points
                    .windows(2)
                    .max_by(|x, y| distance(x[0], x[1]).total_cmp(&distance(y[0], y[1])));
                match longest {
                    Some([a, b]) => (lerp(*a, *b, t), unit(*a, *b)),
                    _ => (self.start(), (1.0, 0.0)),
                }
            }
        }
    }

    /// The length of the segment `label_spot` puts the label on (the chord of a bow).
    pub fn label_span(&self) -> f32 {
        match self {
            EdgePath::Straight(a, b) => distance(*a, *b),
            EdgePath::Bow(p) => distance(p[0], p[3]),
            EdgePath::Detour(points) => points
                .windows(2)
                .map(|w| distance(w[0], w[1]))
                .fold(0.0, f32::max),
        }
    }

    /// The distance from `p` to the arrow as drawn.
    pub fn distance_to(&self, p: Point) -> f32 {
        let line = self.polyline();
        line.windows(2)
            .map(|w| distance_to_segment(p, w[0], w[1]))
            .fold(f32::INFINITY, f32::min)
    }

    /// The smallest rectangle holding the arrow as drawn.
    pub fn bounds(&self) -> Rect {
        let line = self.polyline();
        let first = line.first().copied().unwrap_or_default();
        line.iter().fold(Rect::from_corners(first, first), |r, p| {
            r.union(Rect::from_corners(*p, *p))
        })
    }
}

/// Every arrow's path for one revision of a diagram, in edge order.
#[derive(Clone, Debug, Default)]
pub struct Routes {
    /// The [`route_key`] of the diagram these paths were computed for.
    pub key: u64,
    built: bool,
    paths: Vec<Option<Routed>>,
}

/// One arrow's path, with the id it was computed for and its bounds for quick rejection.
#[derive(Clone, Debug)]
struct Routed {
    id: EdgeId,
    path: EdgePath,
    bounds: Rect,
}

/// A fingerprint of everything routing reads: the geometry and links ([`fingerprint`]) and
/// which arrows are feedback (they bow).
pub fn route_key(diagram: &Diagram) -> u64 {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut h = fingerprint(diagram);
    for edge in &diagram.edges {
        h = (h ^ u64::from(edge.kind == EdgeKind::Feedback)).wrapping_mul(PRIME);
    }
    h
}

impl Routes {
    /// Routes every arrow of `diagram`.
    pub fn build(diagram: &Diagram) -> Self {
        let grid = SpatialGrid::build(diagram, fingerprint(diagram));
        Self::build_with(diagram, &grid, &diagram.parallel_offsets())
    }

    /// Routes every arrow with the buckets and parallel offsets the caller already has for
    /// this revision of `diagram`.
    pub fn build_with(diagram: &Diagram, grid: &SpatialGrid, offsets: &[f32]) -> Self {
        let router = Router::new(diagram, grid);
        let mut detours: HashMap<(NodeId, NodeId), Option<Vec<Point>>> = HashMap::new();
        let paths = diagram
            .edges
            .iter()
            .enumerate()
            .map(|(at, edge)| {
                let offset = offsets.get(at).copied().unwrap_or(0.0);
                let path = router.route(edge, offset, &mut detours)?;
                Some(Routed {
                    id: edge.id,
                    bounds: path.bounds(),
                    path,
                })
            })
            .collect();
        Self {
            key: route_key(diagram),
            built: true,
            paths,
        }
    }

    /// Whether these routes were never built (a fresh canvas).
    pub fn is_unbuilt(&self) -> bool {
        !self.built
    }

    /// The path of the arrow at position `at` in `diagram.edges`, if it has one (self-loops
    /// and arrows to unknown boxes do not) and it was computed for that arrow.
    pub fn path(&self, at: usize, id: EdgeId) -> Option<&EdgePath> {
        self.paths
            .get(at)?
            .as_ref()
            .filter(|r| r.id == id)
            .map(|r| &r.path)
    }

    /// Every routed arrow's id and path, in edge order.
    pub fn iter(&self) -> impl Iterator<Item = (EdgeId, &EdgePath)> {
        self.paths.iter().flatten().map(|r| (r.id, &r.path))
    }

    /// The topmost arrow (last drawn) passing within `tolerance` of `p` along its drawn path.
    pub fn edge_at(&self, p: Point, tolerance: f32) -> Option<EdgeId> {
        self.paths
            .iter()
            .rev()
            .flatten()
            .find(|r| {
                let b = r.bounds;
                p.x >= b.min.x - tolerance
                    && p.x <= b.max.x + tolerance
                    && p.y >= b.min.y - tolerance
                    && p.y <= b.max.y + tolerance
                    && r.path.distance_to(p) <= tolerance
            })
            .map(|r| r.id)
    }
}

/// The boxes of one diagram revision, bucketed, and how to route an arrow among them.
struct Router<'a> {
    diagram: &'a Diagram,
    grid: &'a SpatialGrid,
    rects: HashMap<NodeId, Rect>,
    /// The rectangle holding every box.
    bounds: Option<Rect>,
}

/// The boxes an arrow must keep out of, near where it runs.
struct Obstacles {
    rects: Vec<Rect>,
}

impl Obstacles {
    /// Whether the segment `a`–`b` passes through none of the boxes.
    fn clear(&self, a: Point, b: Point) -> bool {
        let span = Rect::from_corners(a, b);
        !self
            .rects
            .iter()
            .any(|r| r.intersects(span) && segment_crosses(a, b, *r))
    }

    /// Whether the point lies inside one of the boxes (not on a border).
    fn holds(&self, p: Point) -> bool {
        self.rects
            .iter()
            .any(|r| p.x > r.min.x && p.x < r.max.x && p.y > r.min.y && p.y < r.max.y)
    }
}

impl<'a> Router<'a> {
    fn new(diagram: &'a Diagram, grid: &'a SpatialGrid) -> Self {
        let mut rects = HashMap::with_capacity(diagram.nodes.len());
        for node in &diagram.nodes {
            rects.entry(node.id).or_insert_with(|| node.rect());
        }
        let bounds = rects.values().copied().reduce(Rect::union);
        Self {
            diagram,
            grid,
            rects,
            bounds,
        }
    }

    /// The boxes within `window` an arrow between `from` and `to` must avoid: all but its two
    /// boxes and the boxes overlapping them.
    fn obstacles(&self, window: Rect, from: Rect, to: Rect, ends: (NodeId, NodeId)) -> Obstacles {
        let rects = self
            .grid
            .query_nodes(window)
            .into_iter()
            .filter_map(|i| self.diagram.nodes.get(i))
            .filter(|n| n.id != ends.0 && n.id != ends.1)
            .map(super::diagram::DiagramNode::rect)
            .filter(|r| r.intersects(window) && !r.intersects(from) && !r.intersects(to))
            .collect();
        Obstacles { rects }
    }

    /// The path of one arrow moved sideways by `offset`; `None` for a self-loop or an arrow to
    /// an unknown box. `detours` keeps the detour found for each pair of boxes, so arrows
    /// between the same boxes share it.
    fn route(
        &self,
        edge: &DiagramEdge,
        offset: f32,
        detours: &mut HashMap<(NodeId, NodeId), Option<Vec<Point>>>,
    ) -> Option<EdgePath> {
        if edge.from == edge.to {
            return None;
        }
        let from = *self.rects.get(&edge.from)?;
        let to = *self.rects.get(&edge.to)?;
        let (a, b) = ends_between(from, to, offset);
        let near = self.obstacles(
            grown(Rect::from_corners(a, b), 1.0),
            from,
            to,
            (edge.from, edge.to),
        );
        let mut candidates = Vec::with_capacity(3);
        if edge.kind == EdgeKind::Feedback {
            candidates.push(EdgePath::Bow(bow(a, b, 1.0)));
            candidates.push(EdgePath::Bow(bow(a, b, -1.0)));
        }
        candidates.push(EdgePath::Straight(a, b));
        for candidate in &candidates {
            let line = candidate.polyline();
            let window = candidate.bounds();
            let near = if matches!(candidate, EdgePath::Straight(..)) {
                &near
            } else {
                &self.obstacles(window, from, to, (edge.from, edge.to))
            };
            if line.windows(2).all(|w| near.clear(w[0], w[1])) {
                return Some(candidate.clone());
            }
        }
        // A detour, found once for the pair in one direction and shared by its arrows.
        let pair = (edge.from.min(edge.to), edge.from.max(edge.to));
        let forwards = edge.from <= edge.to;
        let found = detours
            .entry(pair)
            .or_insert_with(|| {
                let (r0, r1) = if forwards { (from, to) } else { (to, from) };
                self.detour(r0, r1, pair)
            })
            .clone();
        let Some(mut centres) = found else {
            return Some(EdgePath::Straight(a, b));
        };
        if !forwards {
            centres.reverse();
        }
        let plain = Self::finish(&centres, from, to);
        if offset.abs() > f32::EPSILON {
            let shifted = shift_polyline(&centres, offset);
            if from.contains(shifted[0])
                && shifted.last().is_some_and(|p| to.contains(*p))
                && self.polyline_clear(&shifted, from, to, (edge.from, edge.to))
            {
                return Some(Self::finish(&shifted, from, to));
            }
        }
        Some(plain)
    }

    /// Cuts a centre-to-centre polyline where it leaves `from` and where it enters `to` (not
    /// when the two boxes overlap: then it joins their centres).
    fn finish(centres: &[Point], from: Rect, to: Rect) -> EdgePath {
        let mut points = centres.to_vec();
        let n = points.len();
        if n >= 2 && !from.intersects(to) {
            points[0] = shifted_border(from, centres[0], centres[1]);
            points[n - 1] = shifted_border(to, centres[n - 1], centres[n - 2]);
        }
        if points.len() == 2 {
            EdgePath::Straight(points[0], points[1])
        } else {
            EdgePath::Detour(points)
        }
    }

    /// Whether a centre-to-centre polyline keeps out of every box it must avoid, its own two
    /// included except where it leaves the first and enters the last.
    fn polyline_clear(
        &self,
        points: &[Point],
        from: Rect,
        to: Rect,
        ends: (NodeId, NodeId),
    ) -> bool {
        let Some(window) = points
            .iter()
            .map(|p| Rect::from_corners(*p, *p))
            .reduce(Rect::union)
        else {
            return false;
        };
        let obstacles = self.obstacles(window, from, to, ends);
        let last = points.len().saturating_sub(2);
        points.windows(2).enumerate().all(|(i, w)| {
            obstacles.clear(w[0], w[1])
                && (i == 0 || !segment_crosses(w[0], w[1], from))
                && (i == last || !segment_crosses(w[0], w[1], to))
        })
    }

    /// The shortest centre-to-centre polyline from `from` to `to` bending only at the corners
    /// of boxes in the way, searched in growing windows; `None` when none is found.
    fn detour(&self, from: Rect, to: Rect, ends: (NodeId, NodeId)) -> Option<Vec<Point>> {
        let span = from.union(to);
        let bounds = self.bounds.map_or(span, |b| b.union(span));
        let mut last_count = usize::MAX;
        for pad in WINDOW_PADS {
            let window = grown(span, pad);
            let obstacles = self.obstacles(window, from, to, ends);
            if obstacles.rects.len() > MAX_WINDOW_BOXES {
                return None;
            }
            if obstacles.rects.len() == last_count {
                continue;
            }
            last_count = obstacles.rects.len();
            if let Some(path) = shortest_path(&obstacles, from, to) {
                return Some(path);
            }
            if window.min.x <= bounds.min.x
                && window.min.y <= bounds.min.y
                && window.max.x >= bounds.max.x
                && window.max.y >= bounds.max.y
            {
                // The window holds every box already: a wider one finds nothing new.
                return None;
            }
        }
        None
    }
}

/// A corner a detour may bend at, and the direction the box it belongs to lies in from it.
#[derive(Clone, Copy)]
struct Corner {
    at: Point,
    /// The outward diagonal of the box's corner: (±1, ±1); zero for the two ends.
    out: (f32, f32),
}

/// An entry in the search's queue: estimated total length, then the corner's index.
#[derive(Clone, Copy, PartialEq)]
struct Queued(f32, usize);

impl Eq for Queued {}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> Ordering {
        // Reversed: the shortest estimate comes out of the max-heap first; ties by index.
        other.0.total_cmp(&self.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A* over the visibility graph of the obstacles' corners (moved out by [`MARGIN`]), from the
/// centre of `from` to the centre of `to`. The first segment may cross `from` and the last
/// `to`; no other segment crosses either or any obstacle.
fn shortest_path(obstacles: &Obstacles, from: Rect, to: Rect) -> Option<Vec<Point>> {
    let (start, goal) = (from.center(), to.center());
    let mut corners = vec![
        Corner {
            at: start,
            out: (0.0, 0.0),
        },
        Corner {
            at: goal,
            out: (0.0, 0.0),
        },
    ];
    let inside_ends = |p: Point| {
        [from, to]
            .iter()
            .any(|r| p.x >= r.min.x && p.x <= r.max.x && p.y >= r.min.y && p.y <= r.max.y)
    };
    for r in &obstacles.rects {
        for (sx, sy) in [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)] {
            let at = Point {
                x: if sx < 0.0 { r.min.x } else { r.max.x } + sx * MARGIN,
                y: if sy < 0.0 { r.min.y } else { r.max.y } + sy * MARGIN,
            };
            if !obstacles.holds(at) && !inside_ends(at) {
                corners.push(Corner { at, out: (sx, sy) });
            }
        }
    }
    let n = corners.len();
    let mut best = vec![f32::INFINITY; n];
    let mut came_from = vec![usize::MAX; n];
    let mut done = vec![false; n];
    let mut queue = BinaryHeap::new();
    best[0] = 0.0;
    queue.push(Queued(distance(start, goal), 0));
    let mut expansions = 0;
    while let Some(Queued(_, u)) = queue.pop() {
        if done[u] {
            continue;
        }
        if u == 1 {
            let mut path = vec![goal];
            let mut at = 1;
            while came_from[at] != usize::MAX {
                at = came_from[at];
                path.push(corners[at].at);
            }
            path.reverse();
            return Some(path);
        }
        done[u] = true;
        expansions += 1;
        if expansions > MAX_EXPANSIONS {
            return None;
        }
        let here = corners[u];
        for v in 1..n {
            if done[v] {
                continue;
            }
            let there = corners[v];
            let step = (there.at.x - here.at.x, there.at.y - here.at.y);
            // A shortest path bends at a corner only where it wraps around its box: the line
            // through the corner must leave the box on one side.
            if !tangent(here.out, step) || !tangent(there.out, step) {
                continue;
            }
            let g = best[u] + distance(here.at, there.at);
            if g >= best[v] {
                continue;
            }
            let (a, b) = (here.at, there.at);
            let visible = obstacles.clear(a, b)
                && (u == 0 || !segment_crosses(a, b, from))
                && (v == 1 || !segment_crosses(a, b, to));
            if !visible {
                continue;
            }
            best[v] = g;
            came_from[v] = u;
            queue.push(Queued(g + distance(there.at, goal), v));
        }
    }
    None
}

/// Whether a line in direction `step` through a corner with outward diagonal `out` keeps its
/// box on one side (always true for the two ends, whose `out` is zero).
fn tangent(out: (f32, f32), step: (f32, f32)) -> bool {
    step.0 * step.1 * out.0 * out.1 <= 0.0
}

/// The bow of a feedback arrow from `a` to `b`, to the left of its direction (`side` 1) or
/// the right (-1): control points at 30 % and 70 % of the way, moved sideways by [`BOW`] of
/// its length.
pub fn bow(a: Point, b: Point, side: f32) -> [Point; 4] {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (nx, ny) = (-dy * BOW * side, dx * BOW * side);
    let at = |t: f32| Point {
        x: a.x + dx * t + nx,
        y: a.y + dy * t + ny,
    };
    [a, at(0.3), at(0.7), b]
}

/// A point on the cubic Bézier curve `p` at parameter `t`.
fn cubic(p: &[Point; 4], t: f32) -> Point {
    let u = 1.0 - t;
    let (w0, w1, w2, w3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    Point {
        x: w0 * p[0].x + w1 * p[1].x + w2 * p[2].x + w3 * p[3].x,
        y: w0 * p[0].y + w1 * p[1].y + w2 * p[2].y + w3 * p[3].y,
    }
}

/// A polyline moved sideways by `offset` (to the left of its direction for a positive one),
/// keeping each bend's segments parallel to the originals.
fn shift_polyline(points: &[Point], offset: f32) -> Vec<Point> {
    let normal = |a: Point, b: Point| {
        let (dx, dy) = unit(a, b);
        (-dy, dx)
    };
    let n = points.len();
    (0..n)
        .map(|i| {
            let before = (i > 0).then(|| normal(points[i - 1], points[i]));
            let after = (i + 1 < n).then(|| normal(points[i], points[i + 1]));
            let (mx, my) = match (before, after) {
                (Some(p), Some(q)) => {
                    let (sx, sy) = (p.0 + q.0, p.1 + q.1);
                    let len = sx.hypot(sy);
                    if len < 1e-3 {
                        p
                    } else {
                        // The miter: longer at sharp bends, so each segment moves by `offset`.
                        let (ux, uy) = (sx / len, sy / len);
                        let cos = (ux * p.0 + uy * p.1).max(0.5);
                        (ux / cos, uy / cos)
                    }
                }
                (Some(p), None) | (None, Some(p)) => p,
                (None, None) => (0.0, 0.0),
            };
            Point {
                x: points[i].x + mx * offset,
                y: points[i].y + my * offset,
            }
        })
        .collect()
}

fn grown(r: Rect, by: f32) -> Rect {
    Rect {
        min: Point {
            x: r.min.x - by,
            y: r.min.y - by,
        },
        max: Point {
            x: r.max.x + by,
            y: r.max.y + by,
        },
    }
}

fn lerp(a: Point, b: Point, t: f32) -> Point {
    Point {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    }
}

fn distance(a: Point, b: Point) -> f32 {
    (b.x - a.x).hypot(b.y - a.y)
}

/// The unit step from `a` towards `b`; rightwards when they coincide.
fn unit(a: Point, b: Point) -> (f32, f32) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len = dx.hypot(dy);
    if len > f32::EPSILON {
        (dx / len, dy / len)
    } else {
        (1.0, 0.0)
    }
}

/// The distance from `p` to the segment `a`–`b`.
fn distance_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (abx, aby) = (b.x - a.x, b.y - a.y);
    let len2 = abx * abx + aby * aby;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * abx + (p.y - a.y) * aby) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.x - (a.x + abx * t)).hypot(p.y - (a.y + aby * t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::crossing::{arrows_through_boxes, routes_through_boxes};
    use crate::model::diagram::{DiagramNode, NodeKind, Size};

    fn node(id: u64, x: f32, y: f32) -> DiagramNode {
        DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: String::new(),
            pos: Point { x, y },
            size: Size { w: 160.0, h: 80.0 },
        }
    }

    fn edge(id: u64, from: u64, to: u64, kind: EdgeKind) -> DiagramEdge {
        DiagramEdge {
            id: EdgeId(id),
            from: NodeId(from),
            to: NodeId(to),
            label: String::new(),
            kind,
        }
    }

    /// Three boxes in a row; `edges` join them.
    fn row(edges: Vec<DiagramEdge>) -> Diagram {
        Diagram {
            nodes: vec![node(1, 0.0, 0.0), node(2, 300.0, 0.0), node(3, 600.0, 0.0)],
            edges,
            zones: Vec::new(),
        }
    }

    fn on_border(r: Rect, p: Point) -> bool {
        let near = |a: f32, b: f32| (a - b).abs() < 1e-3;
        let inside = p.x >= r.min.x - 1e-3
            && p.x <= r.max.x + 1e-3
            && p.y >= r.min.y - 1e-3
            && p.y <= r.max.y + 1e-3;
        inside
            && (near(p.x, r.min.x)
                || near(p.x, r.max.x)
                || near(p.y, r.min.y)
                || near(p.y, r.max.y))
    }

    #[test]
    fn a_clear_arrow_is_the_straight_line_between_its_boxes() {
        let d = row(vec![edge(1, 1, 2, EdgeKind::Request)]);
        let routes = Routes::build(&d);
        let (a, b) = d.edge_ends(EdgeId(1)).expect("ends");
        assert_eq!(routes.path(0, EdgeId(1)), Some(&EdgePath::Straight(a, b)));
        assert_eq!(routes.path(0, EdgeId(9)), None, "another edge's id");
    }

    #[test]
    fn an_arrow_past_a_box_in_the_way_goes_around_it() {
        let d = row(vec![edge(1, 1, 3, EdgeKind::Request)]);
        assert_eq!(
            arrows_through_boxes(&d).len(),
            1,
            "straight, it crosses box 2"
        );
        let routes = Routes::build(&d);
        let Some(EdgePath::Detour(points)) = routes.path(0, EdgeId(1)) else {
            panic!("a detour: {:?}", routes.path(0, EdgeId(1)));
        };
        assert!(points.len() >= 3, "{points:?}");
        assert!(on_border(d.nodes[0].rect(), points[0]), "{points:?}");
        assert!(
            on_border(d.nodes[2].rect(), points[points.len() - 1]),
            "{points:?}"
        );
        assert_eq!(routes_through_boxes(&d, &routes), vec![]);
        // It keeps its margin from the box it turns around.
        let middle = d.nodes[1].rect();
        for p in &points[1..points.len() - 1] {
            let gap = (middle.min.y - p.y).max(p.y - middle.max.y);
            assert!(gap >= MARGIN - 1e-3, "{p:?}");
        }
        // Clicks find it along its drawn path, not along the straight line through box 2.
        let bend = points[1];
        assert_eq!(routes.edge_at(bend, 3.0), Some(EdgeId(1)));
        assert_eq!(routes.edge_at(middle.center(), 3.0), None);
        // The same diagram routes the same way.
        let again = Routes::build(&d);
        assert_eq!(again.path(0, EdgeId(1)), routes.path(0, EdgeId(1)));
    }

    #[test]
    fn arrows_between_the_same_boxes_share_a_detour_side_by_side() {
        let d = row(vec![
            edge(1, 1, 3, EdgeKind::Request),
            edge(2, 3, 1, EdgeKind::Stream),
        ]);
        let routes = Routes::build(&d);
        let (Some(EdgePath::Detour(p)), Some(EdgePath::Detour(q))) =
            (routes.path(0, EdgeId(1)), routes.path(1, EdgeId(2)))
        else {
            panic!("two detours");
        };
        assert_eq!(p.len(), q.len());
        // Run the other way, the second's bends sit beside the first's, a spacing apart.
        for (a, b) in p[1..p.len() - 1].iter().zip(q[1..q.len() - 1].iter().rev()) {
            let apart = (a.x - b.x).hypot(a.y - b.y);
            assert!(apart >= 13.0, "{a:?} {b:?}");
        }
        assert_eq!(routes_through_boxes(&d, &routes), vec![]);
    }

    #[test]
    fn feedback_keeps_its_bow_and_bows_the_other_way_when_one_side_is_taken() {
        let mut d = Diagram {
            nodes: vec![node(1, 0.0, 0.0), node(2, 500.0, 0.0)],
            edges: vec![edge(1, 1, 2, EdgeKind::Feedback)],
            zones: Vec::new(),
        };
        let routes = Routes::build(&d);
        let Some(EdgePath::Bow(first)) = routes.path(0, EdgeId(1)).cloned() else {
            panic!("a bow");
        };
        // A box where that bow runs: the arrow bows to the other side.
        let mid = cubic(&first, 0.5);
        let blocker = node(3, mid.x - 20.0, mid.y - 20.0);
        d.nodes.push(DiagramNode {
            size: Size { w: 40.0, h: 40.0 },
            ..blocker
        });
        let routes = Routes::build(&d);
        let Some(EdgePath::Bow(second)) = routes.path(0, EdgeId(1)) else {
            panic!("still a bow: {:?}", routes.path(0, EdgeId(1)));
        };
        assert!(
            (second[1].y - d.nodes[0].rect().center().y).signum()
                != (first[1].y - d.nodes[0].rect().center().y).signum(),
            "{first:?} {second:?}"
        );
        assert_eq!(routes_through_boxes(&d, &routes), vec![]);
    }

    #[test]
    fn boxes_overlapping_an_arrows_own_box_are_not_avoided_and_self_loops_have_no_path() {
        let mut d = row(vec![
            edge(1, 1, 3, EdgeKind::Request),
            edge(2, 2, 2, EdgeKind::Request),
        ]);
        // Box 2 now overlaps box 1: the arrow from box 1 cannot avoid it.
        d.nodes[1].pos.x = 100.0;
        let routes = Routes::build(&d);
        assert!(matches!(
            routes.path(0, EdgeId(1)),
            Some(EdgePath::Straight(..))
        ));
        assert_eq!(routes.path(1, EdgeId(2)), None);
        assert_eq!(routes_through_boxes(&d, &routes), vec![]);
    }

    /// `edge_at` skips arrows by their bounds; it must answer as a search through every
    /// path does, parallel arrows and detours included.
    #[test]
    fn edge_at_matches_a_search_through_every_path() {
        let mut d = crate::model::grid::grid_diagram(60, 4);
        let first = d.edges[0].clone();
        for (k, reversed) in [(1_u64, false), (2, true)] {
            let mut twin = first.clone();
            twin.id = EdgeId(10_000 + k);
            if reversed {
                std::mem::swap(&mut twin.from, &mut twin.to);
            }
            d.edges.push(twin);
        }
        let routes = Routes::build(&d);
        assert!(
            routes.iter().any(|(_, p)| matches!(p, EdgePath::Detour(_))),
            "the grid scene has detours"
        );
        let slow = |p: Point| {
            routes
                .iter()
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .find(|(_, path)| path.distance_to(p) <= 6.0)
                .map(|(id, _)| id)
        };
        let mut hits = 0;
        for i in 0..4000 {
            let p = Point {
                x: (i % 80) as f32 * 25.0 + 3.0,
                y: (i / 80) as f32 * 27.0 + 5.0,
            };
            let found = routes.edge_at(p, 6.0);
            assert_eq!(found, slow(p), "at {p:?}");
            hits += usize::from(found.is_some());
        }
        assert!(hits > 100, "the samples cross arrows ({hits})");
        assert_eq!(routes_through_boxes(&d, &routes), vec![]);
    }

    #[test]
    fn the_key_follows_geometry_links_and_feedback() {
        let d = row(vec![edge(1, 1, 3, EdgeKind::Request)]);
        let key = route_key(&d);
        let mut moved = d.clone();
        moved.nodes[1].pos.y += 1.0;
        assert_ne!(route_key(&moved), key);
        let mut feedback = d.clone();
        feedback.edges[0].kind = EdgeKind::Feedback;
        assert_ne!(route_key(&feedback), key);
        let mut renamed = d.clone();
        renamed.edges[0].label = "scores".to_owned();
        assert_eq!(route_key(&renamed), key, "labels do not move arrows");
    }

    #[test]
    fn paths_answer_their_ends_direction_and_label_spot() {
        let straight = EdgePath::Straight(Point { x: 0.0, y: 0.0 }, Point { x: 100.0, y: 0.0 });
        assert_eq!(straight.end_direction(), (1.0, 0.0));
        assert_eq!(straight.label_spot(0.0).0, Point { x: 50.0, y: 0.0 });
        let detour = EdgePath::Detour(vec![
            Point { x: 0.0, y: 0.0 },
            Point { x: 0.0, y: 10.0 },
            Point { x: 200.0, y: 10.0 },
            Point { x: 200.0, y: 0.0 },
        ]);
        assert_eq!(
            detour.label_spot(0.0).0,
            Point { x: 100.0, y: 10.0 },
            "longest leg"
        );
        assert_eq!(detour.end_direction(), (0.0, -1.0));
        assert!((detour.label_span() - 200.0).abs() < 1e-4);
        assert!((detour.distance_to(Point { x: 50.0, y: 14.0 }) - 4.0).abs() < 1e-4);
    }
}
