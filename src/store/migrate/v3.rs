//! Schema version 3, frozen: an asked question kept only the scripted question it was, because
//! the candidate picked it from a list. Only the types that changed in version 4 are copied
//! here; the rest are the current model's.

use serde::Deserialize;

use super::v5::ScoreSheet;
use crate::model::{Diagram, DiagramSnapshot, DrillStatus, PhaseRecord, Scratchpad};
use crate::model::{TargetLevel, Timestamp};

/// Something that happened with the (simulated) interviewer, stamped with drill time.
#[derive(Debug, Deserialize)]
pub enum InterviewEvent {
    /// The candidate picked a scripted clarifying question and got its answer.
    Asked {
        /// The question, copied from the scenario.
        question: String,
        /// The interviewer's answer, copied from the scenario.
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

/// The timed part of a version-3 session.
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

/// A version-3 session file.
#[derive(Debug, Deserialize)]
pub struct Session {
    /// Always 3.
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
