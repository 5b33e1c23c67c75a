//! Schema version 4, frozen: a session was always a drill of the user's own. Only the type
//! that changed in version 5 is copied here; the rest are the current model's.

use serde::Deserialize;

use crate::model::{Diagram, DiagramSnapshot, TargetLevel, Timestamp};

// Version 4's log and score sheets are version 5's: frozen there since version 6 added the
// interviewer's prompts and who scored each revision.
use super::v5::{DrillState, ScoreSheet};

/// A version-4 session file.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// Always 4.
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
    /// The level the candidate is interviewing for.
    #[serde(default)]
    pub target: TargetLevel,
    /// The score being filled in.
    #[serde(default)]
    pub score_draft: Option<ScoreSheet>,
}
