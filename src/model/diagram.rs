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

impl Default for Size {
    fn default() -> Self {
        DiagramNode::DEFAULT_SIZE
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
    /// Width and height on the canvas.
    #[serde(default)]
    pub size: Size,
}

impl DiagramNode {
    /// The size a new box gets.
    pub const DEFAULT_SIZE: Size = Size { w: 160.0, h: 80.0 };
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
    /// Text along the arrow, may be empty.
    #[serde(default)]
    pub label: String,
    /// How the arrow carries data.
    #[serde(default)]
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
            let finite = [node.pos.x, node.pos.y, node.size.w, node.size.h]
                .iter()
                .all(|v| v.is_finite() && v.abs() < 1.0e7);
            if !finite || node.size.w <= 0.0 || node.size.h <= 0.0 {
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
        problems
    }
}

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
        };
        assert_eq!(d.next_node_id(), NodeId(8));
        assert_eq!(d.next_edge_id(), EdgeId(1));
        assert_eq!(Diagram::default().next_node_id(), NodeId(1));
    }
}
