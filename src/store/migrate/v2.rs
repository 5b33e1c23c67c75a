//! Schema version 2, frozen: scores were a weighted average of rubric coverage and five signals,
//! and sessions had no target level. Only the types that changed in version 3 are copied here;
//! the rest are version 3's (`v3.rs`) or the current model's.

use serde::Deserialize;

use super::v3::DrillState;
use crate::model::scoring::{Band, PhaseCoverage};
use crate::model::session::Coverage;
use crate::model::{Diagram, DiagramSnapshot, Evidence, SignalScore, Timestamp};

/// The candidate's mark for one rubric item.
#[derive(Debug, Deserialize)]
pub struct ItemMark {
    /// The rubric item id.
    pub item: String,
    /// Covered, partly or missed.
    pub coverage: Coverage,
    /// What backs the mark up.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// What a version-2 score sheet added up to.
#[derive(Debug, Deserialize)]
pub struct ScoreResult {
    /// Weighted coverage over every rubric item, 0–1.
    pub coverage: f32,
    /// Weighted coverage per phase.
    pub phases: Vec<PhaseCoverage>,
    /// The mean of the signal scores given, 1–4.
    pub signal_average: Option<f32>,
    /// The combined level, 1–4.
    pub level: f32,
    /// The hire band of `level`.
    pub band: Band,
    /// Predicted level minus `level`.
    pub calibration_gap: Option<f32>,
    /// How many phases ran over their budget.
    pub phases_over_budget: u32,
}

/// One version-2 self-scoring revision.
#[derive(Debug, Deserialize)]
pub struct ScoreSheet {
    /// When this revision was made.
    pub at: Timestamp,
    /// The level 1–4 the candidate predicted.
    #[serde(default)]
    pub predicted_level: Option<u8>,
    /// Marks per rubric item.
    #[serde(default)]
    pub items: Vec<ItemMark>,
    /// Scores per signal.
    #[serde(default)]
    pub signals: Vec<SignalScore>,
    /// What the sheet added up to when it was saved.
    #[serde(default)]
    pub result: Option<ScoreResult>,
}

/// A version-2 session file.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// Always 2.
    pub version: u32,
    /// Unique id; also the file name without `.ron`.
    pub id: String,
    /// The scenario practised.
    pub scenario_id: String,
    /// A copy of the scenario's title.
    pub scenario_title: String,
    /// The framework the drill followed.
    pub framework_id: String,
    /// When the drill started.
    pub created: Timestamp,
    /// When the session last changed.
    pub updated: Timestamp,
    /// Timing, notes and phase state.
    pub drill: DrillState,
    /// The architecture drawing.
    #[serde(default)]
    pub diagram: Diagram,
    /// Snapshots, stored as changes from the one before.
    #[serde(default, with = "crate::model::snapshot_chain")]
    pub snapshots: Vec<DiagramSnapshot>,
    /// Self-score revisions, oldest first.
    #[serde(default)]
    pub scores: Vec<ScoreSheet>,
}
