//! Schema version 5, frozen. Only the types that changed in version 6 are copied here; the
//! rest are the current model's. Version 6 (issue 23) changed two things:
//! - the interviewer pushes back: the log gained `InterviewEvent::Prompt`, so this file
//!   freezes version 5's `InterviewEvent` and the `DrillState` holding it;
//! - a partner plays the interviewer: score sheets say who scored them (`ScoreSheet::by`), so
//!   this file freezes version 5's `ScoreSheet`, always the candidate's own.

use serde::Deserialize;

use crate::model::calibration::CalibrationOf;
use crate::model::scoring::{Band, ScoreResult};
use crate::model::verdict::{FlagCheck, ScoredItem, ScoringModel};
use crate::model::{
    Diagram, DiagramSnapshot, DrillStatus, ItemMark, PhaseRecord, Scratchpad, SignalScore,
    TargetLevel, Timestamp,
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

/// Something that happened with the (simulated) interviewer, stamped with drill time.
#[derive(Debug, Deserialize)]
pub enum InterviewEvent {
    /// The candidate asked a clarifying question, and the scripted question it matched was
    /// answered.
    Asked {
        /// The scripted question it matched.
        question: String,
        /// The question in the candidate's own words.
        #[serde(default)]
        asked_as: String,
        /// The interviewer's answer.
        answer: String,
        /// The phase it was asked in.
        phase: String,
        /// Drill time when asked, in milliseconds.
        at_ms: u64,
    },
    /// The candidate stated an assumption of their own.
    Assumed {
        /// The assumption.
        text: String,
        /// The phase it was stated in.
        phase: String,
        /// Drill time, in milliseconds.
        at_ms: u64,
    },
    /// A follow-up card appeared.
    Curveball {
        /// The card's id in the scenario.
        id: String,
        /// The card's text, copied from the scenario.
        text: String,
        /// The phase it appeared in.
        phase: String,
        /// Drill time when it appeared, in milliseconds.
        shown_at_ms: u64,
        /// Drill time when the candidate acknowledged it.
        #[serde(default)]
        acknowledged_at_ms: Option<u64>,
    },
}

/// The timed part of a version-5 session.
#[derive(Debug, Deserialize)]
pub struct DrillState {
    /// The drill's length in minutes.
    pub total_minutes: u32,
    /// Index of the active phase.
    pub current: usize,
    /// Running, paused or finished.
    pub status: DrillStatus,
    /// One record per framework phase, in framework order.
    pub phases: Vec<PhaseRecord>,
    /// Questions asked, assumptions stated and curveballs met, in order.
    #[serde(default)]
    pub log: Vec<InterviewEvent>,
    /// The capacity scratchpad's inputs.
    #[serde(default)]
    pub scratchpad: Scratchpad,
    /// The candidate chose to keep going after the total time ran out.
    #[serde(default)]
    pub keep_going: bool,
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
