//! The architecture diagram: boxes (nodes) of ML-system kinds joined by labelled arrows (edges).

use serde::{Deserialize, Serialize};

/// Identifies a node within one diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u64);

/// Identifies an edge within one diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EdgeId(pub u64);

/// Identifies a zone within one diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ZoneId(pub u64);

/// A point on the canvas, in canvas units (1 unit = 1 logical pixel at 100 % zoom).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal position, growing to the right.
    pub x: f32,
    /// Vertical position, growing downwards.
    pub y: f32,
}

/// The width and height of a box on the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Size {
    /// Width in canvas units.
    pub w: f32,
    /// Height in canvas units.
    pub h: f32,
}

/// An axis-aligned rectangle on the canvas, from its top-left to its bottom-right corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// The top-left corner (smallest x and y).
    pub min: Point,
    /// The bottom-right corner (largest x and y).
    pub max: Point,
}

impl Rect {
    /// The rectangle with this top-left corner and size.
    pub fn from_pos_size(pos: Point, size: Size) -> Self {
        Self {
            min: pos,
            max: Point {
                x: pos.x + size.w,
                y: pos.y + size.h,
            },
        }
    }

    /// The rectangle spanned by two opposite corners given in any order (a marquee drag).
    pub fn from_corners(a: Point, b: Point) -> Self {
        Self {
            min: Point {
                x: a.x.min(b.x),
                y: a.y.min(b.y),
            },
            max: Point {
                x: a.x.max(b.x),
                y: a.y.max(b.y),
            },
        }
    }

    /// Width.
    pub fn width(self) -> f32 {
        self.max.x - self.min.x
    }

    /// Height.
    pub fn height(self) -> f32 {
        self.max.y - self.min.y
    }

    /// The centre point.
    pub fn center(self) -> Point {
        Point {
            x: f32::midpoint(self.min.x, self.max.x),
            y: f32::midpoint(self.min.y, self.max.y),
        }
    }

    /// Whether the point lies inside or on the border.
    pub fn contains(self, p: Point) -> bool {
        p.x >= self.min.x && p.x <= self.max.x && p.y >= self.min.y && p.y <= self.max.y
    }

    /// Whether the two rectangles share any point (touching borders count).
    pub fn intersects(self, other: Rect) -> bool {
        self.min.x <= other.max.x
            && other.min.x <= self.max.x
            && self.min.y <= other.max.y
            && other.min.y <= self.max.y
    }

    /// The smallest rectangle holding both.
    #[must_use]
    pub fn union(self, other: Rect) -> Rect {
        Rect {
            min: Point {
                x: self.min.x.min(other.min.x),
                y: self.min.y.min(other.min.y),
            },
            max: Point {
                x: self.max.x.max(other.max.x),
                y: self.max.y.max(other.max.y),
            },
        }
    }

    /// Where the ray from the centre through `target` leaves the rectangle; the centre itself
    /// when `target` is the centre.
    pub fn border_towards(self, target: Point) -> Point {
        shifted_border(self, self.center(), target)
    }
}

impl Default for Size {
    fn default() -> Self {
        DiagramNode::DEFAULT_SIZE
    }
}

impl Size {
    /// Whether this is the size a new box gets (so a file can leave it out).
    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's skip_serializing_if passes a reference"
    )]
    pub fn is_default(&self) -> bool {
        *self == DiagramNode::DEFAULT_SIZE
    }
}

/// The family a node kind belongs to; each family has one hue in the theme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KindGroup {
    /// Where data flows and rests.
    Data,
    /// Feature storage and retrieval indexes.
    Features,
    /// Models, training and model management.
    Models,
    /// The request path that answers users.
    Serving,
    /// Monitoring, experiments and free-form boxes.
    Operations,
    /// Humans in the loop.
    People,
}

impl KindGroup {
    /// Every group, in palette order.
    pub const ALL: [KindGroup; 6] = [
        KindGroup::Data,
        KindGroup::Features,
        KindGroup::Models,
        KindGroup::Serving,
        KindGroup::Operations,
        KindGroup::People,
    ];

    /// The group's name as shown in the palette.
    pub fn label(self) -> &'static str {
        match self {
            KindGroup::Data => "Data",
            KindGroup::Features => "Features",
            KindGroup::Models => "Models",
            KindGroup::Serving => "Serving",
            KindGroup::Operations => "Operations",
            KindGroup::People => "People",
        }
    }
}

/// The part of an ML system a box stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum NodeKind {
    /// A web or mobile client application.
    Client,
    /// The edge of the system: routing, auth, rate limits.
    ApiGateway,
    /// A backend service.
    Service,
    /// A log or queue of events (Kafka, Kinesis).
    EventStream,
    /// Streaming computation (Flink, Spark Streaming).
    StreamProcessor,
    /// A scheduled batch computation (Spark, Airflow job).
    BatchJob,
    /// A data lake or warehouse.
    DataLake,
    /// An operational database.
    Database,
    /// A low-latency cache.
    Cache,
    /// Blob storage for media, models, snapshots.
    ObjectStore,
    /// Low-latency feature lookups at serving time.
    OnlineFeatureStore,
    /// Historical features for training, point-in-time correct.
    OfflineFeatureStore,
    /// A model that turns items, users or text into vectors.
    EmbeddingModel,
    /// Approximate-nearest-neighbour index over embeddings.
    VectorIndex,
    /// Term-based index (BM25 and friends).
    InvertedIndex,
    /// The first, recall-oriented stage of a recommender or search system.
    CandidateGeneration,
    /// The precision-oriented scoring model.
    Ranker,
    /// Re-ranking and business rules: diversity, freshness, policy.
    ReRanker,
    /// Hand-written rules and pre-filters.
    RulesEngine,
    /// Training and evaluation pipeline.
    TrainingPipeline,
    /// Versioned models and their metadata.
    ModelRegistry,
    /// Online model inference.
    ModelServer,
    /// Experimentation and A/B testing.
    Experimentation,
    /// Metrics, drift detection and alerts.
    Monitoring,
    /// Human review and labelling.
    LabelingReview,
    /// An end user.
    User,
    /// Any other box.
    Generic,
    /// A free-text sticky note.
    Note,
}

impl NodeKind {
    /// Every kind, in palette order.
    pub const ALL: [NodeKind; 28] = [
        NodeKind::EventStream,
        NodeKind::StreamProcessor,
        NodeKind::BatchJob,
        NodeKind::DataLake,
        NodeKind::Database,
        NodeKind::ObjectStore,
        NodeKind::OnlineFeatureStore,
        NodeKind::OfflineFeatureStore,
        NodeKind::VectorIndex,
        NodeKind::InvertedIndex,
        NodeKind::EmbeddingModel,
        NodeKind::CandidateGeneration,
        NodeKind::Ranker,
        NodeKind::ReRanker,
        NodeKind::RulesEngine,
        NodeKind::TrainingPipeline,
        NodeKind::ModelRegistry,
        NodeKind::Client,
        NodeKind::ApiGateway,
        NodeKind::Service,
        NodeKind::Cache,
        NodeKind::ModelServer,
        NodeKind::Experimentation,
        NodeKind::Monitoring,
        NodeKind::Generic,
        NodeKind::Note,
        NodeKind::User,
        NodeKind::LabelingReview,
    ];

    /// The kind's name in the user's words.
    pub fn label(self) -> &'static str {
        match self {
            NodeKind::Client => "Client",
            NodeKind::ApiGateway => "API gateway",
            NodeKind::Service => "Service",
            NodeKind::EventStream => "Event stream",
            NodeKind::StreamProcessor => "Stream processor",
            NodeKind::BatchJob => "Batch job",
            NodeKind::DataLake => "Data lake / warehouse",
            NodeKind::Database => "Database",
            NodeKind::Cache => "Cache",
            NodeKind::ObjectStore => "Object store",
            NodeKind::OnlineFeatureStore => "Online feature store",
            NodeKind::OfflineFeatureStore => "Offline feature store",
            NodeKind::EmbeddingModel => "Embedding model",
            NodeKind::VectorIndex => "Vector index",
            NodeKind::InvertedIndex => "Inverted index",
            NodeKind::CandidateGeneration => "Candidate generation",
            NodeKind::Ranker => "Ranker",
            NodeKind::ReRanker => "Re-ranker / business rules",
            NodeKind::RulesEngine => "Rules engine",
            NodeKind::TrainingPipeline => "Training pipeline",
            NodeKind::ModelRegistry => "Model registry",
            NodeKind::ModelServer => "Model server",
            NodeKind::Experimentation => "Experimentation / A-B",
            NodeKind::Monitoring => "Monitoring",
            NodeKind::LabelingReview => "Labeling / human review",
            NodeKind::User => "User",
            NodeKind::Generic => "Box",
            NodeKind::Note => "Note",
        }
    }

    /// The palette group (and so the colour) of this kind.
    pub fn group(self) -> KindGroup {
        match self {
            NodeKind::EventStream
            | NodeKind::StreamProcessor
            | NodeKind::BatchJob
            | NodeKind::DataLake
            | NodeKind::Database
            | NodeKind::ObjectStore => KindGroup::Data,
            NodeKind::OnlineFeatureStore
            | NodeKind::OfflineFeatureStore
            | NodeKind::VectorIndex
            | NodeKind::InvertedIndex => KindGroup::Features,
            NodeKind::EmbeddingModel
            | NodeKind::CandidateGeneration
            | NodeKind::Ranker
            | NodeKind::ReRanker
            | NodeKind::RulesEngine
            | NodeKind::TrainingPipeline
            | NodeKind::ModelRegistry => KindGroup::Models,
            NodeKind::Client
            | NodeKind::ApiGateway
            | NodeKind::Service
            | NodeKind::Cache
            | NodeKind::ModelServer => KindGroup::Serving,
            NodeKind::Experimentation
            | NodeKind::Monitoring
            | NodeKind::Generic
            | NodeKind::Note => KindGroup::Operations,
            NodeKind::User | NodeKind::LabelingReview => KindGroup::People,
        }
    }
}

/// How an arrow carries data; the kind sets the line style.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EdgeKind {
    /// A synchronous request/response call (solid line).
    #[default]
    Request,
    /// Events flowing through a stream (dashed line).
    Stream,
    /// Periodic bulk transfer (dotted line).
    Batch,
    /// Labels or outcomes flowing back to training (feedback colour).
    Feedback,
}

impl EdgeKind {
    /// Whether this is the kind an arrow gets when a file does not say (a request).
    #[allow(
        clippy::trivially_copy_pass_by_ref,
        reason = "serde's skip_serializing_if passes a reference"
    )]
    pub fn is_default(&self) -> bool {
        *self == EdgeKind::default()
    }

    /// Every edge kind, in legend order.
    pub const ALL: [EdgeKind; 4] = [
        EdgeKind::Request,
        EdgeKind::Stream,
        EdgeKind::Batch,
        EdgeKind::Feedback,
    ];

    /// The kind's name in the legend.
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Request => "Request (sync)",
            EdgeKind::Stream => "Event / stream",
            EdgeKind::Batch => "Batch",
            EdgeKind::Feedback => "Feedback / labels",
        }
    }
}

/// One box on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiagramNode {
    /// Unique within the diagram.
    pub id: NodeId,
    /// What part of the system this box is.
    pub kind: NodeKind,
    /// The text in the box.
    pub label: String,
    /// Top-left corner on the canvas.
    pub pos: Point,
    /// Width and height on the canvas. Left out of files when it is the default size: most
    /// boxes keep it, and every field left out is one less for the parser to read.
    #[serde(default, skip_serializing_if = "Size::is_default")]
    pub size: Size,
}

impl DiagramNode {
    /// The size a new box gets.
    pub const DEFAULT_SIZE: Size = Size { w: 160.0, h: 80.0 };

    /// The box's rectangle on the canvas.
    pub fn rect(&self) -> Rect {
        Rect::from_pos_size(self.pos, self.size)
    }

    /// The box's centre, which decides the zone it sits in.
    pub fn center(&self) -> Point {
        self.rect().center()
    }
}

/// A labelled rectangle behind the boxes ("online", "offline", "nearline") that groups them.
///
/// A node sits in a zone when its centre is inside the zone's rectangle; moving a zone moves
/// the nodes sitting in it (see `Diagram::moving_set`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    /// Unique among the diagram's zones.
    pub id: ZoneId,
    /// The zone's name, drawn in its top-left corner.
    pub label: String,
    /// Top-left corner on the canvas.
    pub pos: Point,
    /// Width and height on the canvas.
    pub size: Size,
}

impl Zone {
    /// The size a new zone gets.
    pub const DEFAULT_SIZE: Size = Size { w: 480.0, h: 320.0 };

    /// The zone's rectangle on the canvas.
    pub fn rect(&self) -> Rect {
        Rect::from_pos_size(self.pos, self.size)
    }

    /// Whether the node sits in this zone (its centre is inside the rectangle).
    pub fn holds(&self, node: &DiagramNode) -> bool {
        self.rect().contains(node.center())
    }
}

/// Whether a position and size are usable: finite, within ±10⁷ and with a positive size.
pub fn geometry_is_valid(pos: Point, size: Size) -> bool {
    [pos.x, pos.y, size.w, size.h]
        .iter()
        .all(|v| v.is_finite() && v.abs() < 1.0e7)
        && size.w > 0.0
        && size.h > 0.0
}

/// One arrow between two boxes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiagramEdge {
    /// Unique within the diagram.
    pub id: EdgeId,
    /// The box the arrow leaves.
    pub from: NodeId,
    /// The box the arrow points to.
    pub to: NodeId,
    /// Text along the arrow, may be empty (and is then left out of files).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// How the arrow carries data; left out of files when it is a request.
    #[serde(default, skip_serializing_if = "EdgeKind::is_default")]
    pub kind: EdgeKind,
}

/// A whole architecture drawing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Diagram {
    /// The boxes, in drawing order (later ones on top).
    #[serde(default)]
    pub nodes: Vec<DiagramNode>,
    /// The arrows.
    #[serde(default)]
    pub edges: Vec<DiagramEdge>,
    /// The labelled areas behind the boxes, in drawing order. Left out of files when empty, so
    /// diagrams without zones are saved exactly as before zones existed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<Zone>,
}

/// Something wrong in a diagram that a loader must reject or repair.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DiagramProblem {
    /// Two nodes share an id.
    #[error("two nodes share id {0}")]
    DuplicateNode(u64),
    /// Two edges share an id.
    #[error("two edges share id {0}")]
    DuplicateEdge(u64),
    /// An edge names a node that does not exist.
    #[error("edge {edge} points to missing node {node}")]
    DanglingEdge {
        /// The edge's id.
        edge: u64,
        /// The missing node's id.
        node: u64,
    },
    /// A coordinate or size is NaN, infinite or not positive where it must be.
    #[error("node {0} has an invalid position or size")]
    BadGeometry(u64),
    /// Two zones share an id.
    #[error("two zones share id {0}")]
    DuplicateZone(u64),
    /// A zone's coordinate or size is NaN, infinite or not positive.
    #[error("zone {0} has an invalid position or size")]
    BadZoneGeometry(u64),
}

impl Diagram {
    /// Finds a node by id.
    pub fn node(&self, id: NodeId) -> Option<&DiagramNode> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// Whether any node has this kind.
    pub fn has_kind(&self, kind: NodeKind) -> bool {
        self.nodes.iter().any(|n| n.kind == kind)
    }

    /// The next unused node id.
    pub fn next_node_id(&self) -> NodeId {
        NodeId(self.nodes.iter().map(|n| n.id.0 + 1).max().unwrap_or(1))
    }

    /// The next unused edge id.
    pub fn next_edge_id(&self) -> EdgeId {
        EdgeId(self.edges.iter().map(|e| e.id.0 + 1).max().unwrap_or(1))
    }

    /// Lists everything structurally wrong: duplicate ids, dangling edges, bad geometry.
    pub fn problems(&self) -> Vec<DiagramProblem> {
        let mut problems = Vec::new();
        let mut node_ids = std::collections::BTreeSet::new();
        for node in &self.nodes {
            if !node_ids.insert(node.id) {
                problems.push(DiagramProblem::DuplicateNode(node.id.0));
            }
            if !geometry_is_valid(node.pos, node.size) {
                problems.push(DiagramProblem::BadGeometry(node.id.0));
            }
        }
        let mut edge_ids = std::collections::BTreeSet::new();
        for edge in &self.edges {
            if !edge_ids.insert(edge.id) {
                problems.push(DiagramProblem::DuplicateEdge(edge.id.0));
            }
            for end in [edge.from, edge.to] {
                if !node_ids.contains(&end) {
                    problems.push(DiagramProblem::DanglingEdge {
                        edge: edge.id.0,
                        node: end.0,
                    });
                }
            }
        }
        let mut zone_ids = std::collections::BTreeSet::new();
        for zone in &self.zones {
            if !zone_ids.insert(zone.id) {
                problems.push(DiagramProblem::DuplicateZone(zone.id.0));
            }
            if !geometry_is_valid(zone.pos, zone.size) {
                problems.push(DiagramProblem::BadZoneGeometry(zone.id.0));
            }
        }
        problems
    }

    /// Finds an edge by id.
    pub fn edge(&self, id: EdgeId) -> Option<&DiagramEdge> {
        self.edges.iter().find(|e| e.id == id)
    }

    /// Finds a zone by id.
    pub fn zone(&self, id: ZoneId) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }

    /// The next unused zone id.
    pub fn next_zone_id(&self) -> ZoneId {
        ZoneId(self.zones.iter().map(|z| z.id.0 + 1).max().unwrap_or(1))
    }

    /// The topmost node whose box contains the point (later nodes are drawn on top).
    pub fn node_at(&self, point: Point) -> Option<NodeId> {
        self.nodes
            .iter()
            .rev()
            .find(|n| n.rect().contains(point))
            .map(|n| n.id)
    }

    /// The topmost zone whose rectangle contains the point (later zones are drawn on top).
    pub fn zone_at(&self, point: Point) -> Option<ZoneId> {
        self.zones
            .iter()
            .rev()
            .find(|z| z.rect().contains(point))
            .map(|z| z.id)
    }

    /// Nodes whose box touches the rectangle, in drawing order (for marquee selection).
    pub fn nodes_in_rect(&self, rect: Rect) -> Vec<NodeId> {
        self.nodes
            .iter()
            .filter(|n| n.rect().intersects(rect))
            .map(|n| n.id)
            .collect()
    }

    /// Nodes sitting in the zone (centre inside), in drawing order; empty for an unknown zone.
    pub fn nodes_in_zone(&self, zone: ZoneId) -> Vec<NodeId> {
        let Some(zone) = self.zone(zone) else {
            return Vec::new();
        };
        self.nodes
            .iter()
            .filter(|n| zone.holds(n))
            .map(|n| n.id)
            .collect()
    }

    /// The zone a node is grouped under when it can be in only one (Mermaid subgraphs, tidy
    /// bands): the smallest zone holding it, the earlier one on a tie.
    pub fn home_zone(&self, node: &DiagramNode) -> Option<ZoneId> {
        self.zones
            .iter()
            .filter(|z| z.holds(node))
            .min_by(|a, b| {
                let area = |z: &Zone| z.size.w * z.size.h;
                area(a).total_cmp(&area(b))
            })
            .map(|z| z.id)
    }

    /// The top-left and bottom-right corners of everything drawn (nodes and zones), or `None`
    /// for an empty diagram.
    pub fn bounds(&self) -> Option<(Point, Point)> {
        self.bounds_rect().map(|r| (r.min, r.max))
    }

    /// `bounds` as a rectangle.
    pub fn bounds_rect(&self) -> Option<Rect> {
        self.nodes
            .iter()
            .map(DiagramNode::rect)
            .chain(self.zones.iter().map(Zone::rect))
            .reduce(Rect::union)
    }

    /// Where an edge's arrow starts and ends: on the borders of its two boxes, along the line
    /// between their centres. Edges between the same two boxes are spread apart so they do not
    /// overlap. `None` for a self-loop or an unknown edge or node; centre to centre when the
    /// boxes overlap.
    pub fn edge_ends(&self, id: EdgeId) -> Option<(Point, Point)> {
        let edge = self.edge(id)?;
        if edge.from == edge.to {
            return None;
        }
        let from = self.node(edge.from)?.rect();
        let to = self.node(edge.to)?.rect();
        Some(ends_between(from, to, self.parallel_offset(edge)))
    }

    /// How far each arrow is moved sideways from its centre line so that arrows between the
    /// same two boxes stay apart, in edge order, in one pass (see [`ends_between`]).
    pub fn parallel_offsets(&self) -> Vec<f32> {
        let mut siblings: std::collections::HashMap<(NodeId, NodeId), usize> =
            std::collections::HashMap::with_capacity(self.edges.len());
        for edge in &self.edges {
            *siblings.entry(box_pair(edge)).or_default() += 1;
        }
        let mut seen: std::collections::HashMap<(NodeId, NodeId), usize> =
            std::collections::HashMap::with_capacity(siblings.len());
        self.edges
            .iter()
            .map(|edge| {
                let count = siblings.get(&box_pair(edge)).copied().unwrap_or(1);
                let index = seen.entry(box_pair(edge)).or_default();
                let offset = spread(*index, count, edge);
                *index += 1;
                offset
            })
            .collect()
    }

    /// How far an edge is pushed sideways from the centre line so that several edges between
    /// the same two boxes (either direction) stay apart.
    fn parallel_offset(&self, edge: &DiagramEdge) -> f32 {
        let siblings: Vec<&DiagramEdge> = self
            .edges
            .iter()
            .filter(|e| box_pair(e) == box_pair(edge))
            .collect();
        let Some(index) = siblings.iter().position(|e| e.id == edge.id) else {
            return 0.0;
        };
        spread(index, siblings.len(), edge)
    }
}

/// The two boxes an arrow joins, in either direction.
fn box_pair(edge: &DiagramEdge) -> (NodeId, NodeId) {
    (edge.from.min(edge.to), edge.from.max(edge.to))
}

/// How far the `index`-th of `count` arrows between the same two boxes is moved sideways so
/// they do not overlap.
fn spread(index: usize, count: usize, edge: &DiagramEdge) -> f32 {
    let spread = (index as f32 - (count as f32 - 1.0) / 2.0) * PARALLEL_SPACING;
    // The offset is measured against the edge's own direction; flip it for edges running
    // the other way so that they land on the side the spread chose.
    if edge.from <= edge.to {
        spread
    } else {
        -spread
    }
}

/// How far apart arrows between the same two boxes are drawn, in canvas units.
pub const PARALLEL_SPACING: f32 = 14.0;

/// Where along an arrow, from its start, the canvas puts its label: the middle for a lone
/// arrow; arrows between the same boxes (moved sideways by `offset`) stagger theirs so the
/// labels do not sit on top of each other. An arrow running the other way has the opposite
/// offset, so the stagger is the same on screen whichever way each arrow points.
pub fn label_fraction(offset: f32) -> f32 {
    (0.5 + offset / PARALLEL_SPACING * 0.22).clamp(0.2, 0.8)
}

pub use super::attach::ends_between;
use super::attach::shifted_border;

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u64) -> DiagramNode {
        DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: format!("n{id}"),
            pos: Point { x: 0.0, y: 0.0 },
            size: DiagramNode::DEFAULT_SIZE,
        }
    }

    #[test]
    fn every_kind_is_listed_once_and_has_a_group() {
        let mut kinds = NodeKind::ALL.to_vec();
        kinds.sort();
        kinds.dedup();
        assert_eq!(kinds.len(), NodeKind::ALL.len());
        for group in KindGroup::ALL {
            assert!(
                NodeKind::ALL.iter().any(|k| k.group() == group),
                "{group:?} is empty"
            );
        }
    }

    #[test]
    fn problems_finds_duplicates_dangling_edges_and_nan() {
        let mut d = Diagram {
            nodes: vec![node(1), node(1), node(2)],
            edges: vec![DiagramEdge {
                id: EdgeId(1),
                from: NodeId(1),
                to: NodeId(9),
                label: String::new(),
                kind: EdgeKind::Request,
            }],
            zones: vec![],
        };
        d.nodes[2].pos.x = f32::NAN;
        let problems = d.problems();
        assert!(problems.contains(&DiagramProblem::DuplicateNode(1)));
        assert!(problems.contains(&DiagramProblem::BadGeometry(2)));
        assert!(problems.contains(&DiagramProblem::DanglingEdge { edge: 1, node: 9 }));
        assert_eq!(problems.len(), 3);
    }

    #[test]
    fn next_ids_skip_past_the_largest() {
        let d = Diagram {
            nodes: vec![node(3), node(7)],
            edges: vec![],
            zones: vec![],
        };
        assert_eq!(d.next_node_id(), NodeId(8));
        assert_eq!(d.next_edge_id(), EdgeId(1));
        assert_eq!(Diagram::default().next_node_id(), NodeId(1));
    }

    fn node_at_pos(id: u64, x: f32, y: f32) -> DiagramNode {
        DiagramNode {
            pos: Point { x, y },
            ..node(id)
        }
    }

    fn zone(id: u64, x: f32, y: f32, w: f32, h: f32) -> Zone {
        Zone {
            id: ZoneId(id),
            label: format!("z{id}"),
            pos: Point { x, y },
            size: Size { w, h },
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
    fn old_files_without_zones_load_and_save_unchanged() {
        let text =
            "(nodes: [(id: 1, kind: Cache, label: \"Redis\", pos: (x: 1.0, y: 2.0))], edges: [])";
        let d: Diagram = ron::from_str(text).expect("parses");
        assert!(d.zones.is_empty());
        let saved = ron::to_string(&d).expect("serialises");
        assert!(!saved.contains("zones"), "{saved}");
        let mut with_zone = d.clone();
        with_zone.zones.push(zone(1, 0.0, 0.0, 10.0, 10.0));
        let saved = ron::to_string(&with_zone).expect("serialises");
        let back: Diagram = ron::from_str(&saved).expect("parses");
        assert_eq!(back, with_zone);
    }

    #[test]
    fn problems_covers_zones() {
        let d = Diagram {
            nodes: vec![],
            edges: vec![],
            zones: vec![
                zone(1, 0.0, 0.0, 10.0, 10.0),
                zone(1, 0.0, 0.0, 10.0, 10.0),
                zone(2, 0.0, f32::INFINITY, 10.0, 10.0),
                zone(3, 0.0, 0.0, 0.0, 10.0),
            ],
        };
        assert_eq!(
            d.problems(),
            vec![
                DiagramProblem::DuplicateZone(1),
                DiagramProblem::BadZoneGeometry(2),
                DiagramProblem::BadZoneGeometry(3),
            ]
        );
    }

    #[test]
    fn hit_tests_pick_the_topmost_item() {
        let d = Diagram {
            nodes: vec![node_at_pos(1, 0.0, 0.0), node_at_pos(2, 100.0, 40.0)],
            edges: vec![],
            zones: vec![
                zone(1, -50.0, -50.0, 1000.0, 1000.0),
                zone(2, 0.0, 0.0, 50.0, 50.0),
            ],
        };
        assert_eq!(d.node_at(Point { x: 120.0, y: 60.0 }), Some(NodeId(2)));
        assert_eq!(d.node_at(Point { x: 10.0, y: 10.0 }), Some(NodeId(1)));
        assert_eq!(d.node_at(Point { x: 500.0, y: 500.0 }), None);
        assert_eq!(d.zone_at(Point { x: 10.0, y: 10.0 }), Some(ZoneId(2)));
        assert_eq!(d.zone_at(Point { x: 500.0, y: 500.0 }), Some(ZoneId(1)));
        let marquee = Rect::from_corners(Point { x: 200.0, y: 200.0 }, Point { x: 150.0, y: 60.0 });
        assert_eq!(d.nodes_in_rect(marquee), vec![NodeId(1), NodeId(2)]);
        let marquee =
            Rect::from_corners(Point { x: 200.0, y: 100.0 }, Point { x: 265.0, y: 200.0 });
        assert_eq!(d.nodes_in_rect(marquee), vec![NodeId(2)]);
    }

    #[test]
    fn zones_hold_nodes_by_their_centre() {
        let d = Diagram {
            // Centres at (80, 40) and (380, 40).
            nodes: vec![node_at_pos(1, 0.0, 0.0), node_at_pos(2, 300.0, 0.0)],
            edges: vec![],
            zones: vec![
                zone(1, 70.0, 30.0, 20.0, 20.0),
                zone(2, 0.0, 0.0, 1000.0, 100.0),
                zone(3, 0.0, 0.0, 20.0, 20.0),
            ],
        };
        assert_eq!(d.nodes_in_zone(ZoneId(1)), vec![NodeId(1)]);
        assert_eq!(d.nodes_in_zone(ZoneId(2)), vec![NodeId(1), NodeId(2)]);
        assert!(d.nodes_in_zone(ZoneId(3)).is_empty());
        assert!(d.nodes_in_zone(ZoneId(9)).is_empty());
        assert_eq!(d.home_zone(&d.nodes[0]), Some(ZoneId(1)), "smallest wins");
        assert_eq!(d.home_zone(&d.nodes[1]), Some(ZoneId(2)));
    }

    #[test]
    fn bounds_cover_nodes_and_zones() {
        assert_eq!(Diagram::default().bounds(), None);
        let d = Diagram {
            nodes: vec![node_at_pos(1, 10.0, 20.0), node_at_pos(2, 300.0, -5.0)],
            edges: vec![],
            zones: vec![zone(1, 0.0, 0.0, 50.0, 400.0)],
        };
        assert_eq!(
            d.bounds(),
            Some((Point { x: 0.0, y: -5.0 }, Point { x: 460.0, y: 400.0 }))
        );
    }

    #[test]
    fn edge_ends_sit_on_the_box_borders() {
        let d = Diagram {
            nodes: vec![node_at_pos(1, 0.0, 0.0), node_at_pos(2, 300.0, 0.0)],
            edges: vec![edge(1, 1, 2), edge(2, 2, 1), edge(3, 1, 1)],
            zones: vec![],
        };
        let (a, b) = d.edge_ends(EdgeId(1)).expect("ends");
        let (c, e) = d.edge_ends(EdgeId(2)).expect("ends");
        assert!(
            (a.x - 160.0).abs() < 1e-3 && (b.x - 300.0).abs() < 1e-3,
            "{a:?} {b:?}"
        );
        assert!(
            (c.x - 300.0).abs() < 1e-3 && (e.x - 160.0).abs() < 1e-3,
            "{c:?} {e:?}"
        );
        // The two opposite edges are spread apart instead of drawn on top of each other.
        assert!((a.y - c.y).abs() > 10.0, "{a:?} {c:?}");
        assert_eq!(d.edge_ends(EdgeId(3)), None, "self-loop");
        let routes = crate::model::routing::Routes::build(&d);
        let at = |y| routes.edge_at(Point { x: 230.0, y }, 3.0);
        assert_eq!(at(a.y), Some(EdgeId(1)));
        assert_eq!(at(c.y), Some(EdgeId(2)));
        assert_eq!(at(200.0), None);
    }

    #[test]
    fn overlapping_boxes_join_their_centres() {
        let d = Diagram {
            nodes: vec![node_at_pos(1, 0.0, 0.0), node_at_pos(2, 20.0, 0.0)],
            edges: vec![edge(1, 1, 2)],
            zones: vec![],
        };
        assert_eq!(
            d.edge_ends(EdgeId(1)),
            Some((Point { x: 80.0, y: 40.0 }, Point { x: 100.0, y: 40.0 }))
        );
    }
}
