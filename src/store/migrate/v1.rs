//! Schema version 1, frozen: every snapshot held its whole diagram. Only the types that
//! changed in version 2 are copied here; the rest are version 2's (`v2.rs`), version 3's
//! (`v3.rs`) or the current model's.

use serde::Deserialize;

use super::v2::ScoreSheet;
use super::v3::DrillState;
use crate::model::{Diagram, Timestamp};

/// The diagram as it stood when a phase was left, in full.
#[derive(Debug, Deserialize)]
pub struct DiagramSnapshot {
    /// The phase that was being left.
    pub phase: String,
    /// Drill time of the snapshot, in milliseconds.
    pub at_ms: u64,
    /// The whole diagram at that moment.
    pub diagram: Diagram,
}

/// A version-1 session file.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// Always 1.
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
    /// Every snapshot in full.
    #[serde(default)]
    pub snapshots: Vec<DiagramSnapshot>,
    /// Self-score revisions, oldest first.
    #[serde(default)]
    pub scores: Vec<ScoreSheet>,
}
