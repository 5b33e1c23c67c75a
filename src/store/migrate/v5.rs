//! Schema version 5, frozen: every score revision was the candidate's own. Only the types
//! that changed in version 6 are copied here; the rest are the current model's.
//!
//! Issue 23 (a partner plays the interviewer): version 6 score sheets say who scored them
//! (`ScoreSheet::by`), so this file freezes the version-5 `ScoreSheet` and the `Session`
//! holding it.

use serde::Deserialize;

use crate::model::calibration::CalibrationOf;
use crate::model::scoring::{Band, ScoreResult};
use crate::model::verdict::{FlagCheck, ScoredItem, ScoringModel};
use crate::model::{
    Diagram, DiagramSnapshot, DrillState, ItemMark, SignalScore, TargetLevel, Timestamp,
};

/// A score revision as versions 3 to 5 wrote it: always the candidate's own.
#[derive(Debug, Deserialize)]
pub struct ScoreSheet {
    /// When this revision was made.
    pub at: Timestamp,
    /// The rules that scored it.
    #[serde(default)]
    pub model: ScoringModel,
    /// The band the candidate predicted before seeing the rubric.
    #[serde(default)]
    pub predicted_band: Option<Band>,
    /// The level 1–4 predicted under the coverage model.
    #[serde(default)]
    pub predicted_level: Option<u8>,
    /// The answers to the scenario's red-flag check.
    #[serde(default)]
    pub flags: Vec<FlagCheck>,
    /// Marks per rubric item.
    #[serde(default)]
    pub items: Vec<ItemMark>,
    /// Ratings per competency.
    #[serde(default)]
    pub signals: Vec<SignalScore>,
    /// The rubric as it was when this revision was marked.
    #[serde(default)]
    pub rubric: Vec<ScoredItem>,
    /// What the sheet added up to when it was saved.
    #[serde(default)]
    pub result: Option<ScoreResult>,
}

/// A version-5 session file.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// Always 5.
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
    /// The graded example a calibration attempt was made from.
    #[serde(default)]
    pub calibration: Option<CalibrationOf>,
}
