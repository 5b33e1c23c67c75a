//! What interviewers evaluate: the seven competencies with their behavioural anchors, and the
//! level a candidate is interviewing for.

use serde::{Deserialize, Serialize};

/// A competency rated 1–4: the five signals of seed 000 ("What interviewers evaluate") plus
/// the two an ML panel adds, problem framing and technical depth. Files call it a signal, the
/// name it had when there were five.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Signal {
    /// Objective → label → loss → offline metric → online metric.
    ProblemFraming,
    /// Breaking an ambiguous problem down systematically.
    StructuredThinking,
    /// Considering what happens at 10x and 100x.
    ScaleAwareness,
    /// Modelling and data choices that are correct, not just named.
    TechnicalDepth,
    /// Monitoring, failure modes and iteration.
    ProductionMindset,
    /// Explaining why one approach over another.
    TradeoffArticulation,
    /// Explaining complex systems clearly, with diagrams.
    Communication,
}

impl Signal {
    /// All seven competencies in the order they are rated.
    pub const ALL: [Signal; 7] = [
        Signal::ProblemFraming,
        Signal::StructuredThinking,
        Signal::ScaleAwareness,
        Signal::TechnicalDepth,
        Signal::ProductionMindset,
        Signal::TradeoffArticulation,
        Signal::Communication,
    ];
}

/// The level a candidate interviews for. It picks the scenario's core items and how high the
/// bar for each band is (`docs/scoring.md`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum TargetLevel {
    /// Mid-level (L4 / E4): owns a component well with guidance on the whole.
    Mid,
    /// Senior (L5 / E5): owns the whole system end to end.
    #[default]
    Senior,
    /// Staff (L6 / E6): sets direction across systems and teams.
    Staff,
}

impl TargetLevel {
    /// Every level, lowest first.
    pub const ALL: [TargetLevel; 3] = [TargetLevel::Mid, TargetLevel::Senior, TargetLevel::Staff];

    /// The level's name.
    pub fn label(self) -> &'static str {
        match self {
            TargetLevel::Mid => "Mid",
            TargetLevel::Senior => "Senior",
            TargetLevel::Staff => "Staff",
        }
    }

    /// The lowercase name used on the command line (`--level senior`).
    pub fn key(self) -> &'static str {
        match self {
            TargetLevel::Mid => "mid",
            TargetLevel::Senior => "senior",
            TargetLevel::Staff => "staff",
        }
    }

    /// Parses a command-line name, case-insensitively.
    pub fn from_key(text: &str) -> Option<TargetLevel> {
        Self::ALL
            .into_iter()
            .find(|l| l.key().eq_ignore_ascii_case(text.trim()))
    }
}

/// The level names used for each score 1–4.
pub const LEVEL_NAMES: [&str; 4] = ["No hire", "Lean no hire", "Hire", "Strong hire"];

/// A signal with its question and what each level looks like.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalRubric {
    /// Which signal this describes.
    pub signal: Signal,
    /// The signal's name.
    pub name: String,
    /// The interviewer's question for this signal.
    pub question: String,
    /// Descriptors for levels 1 (no hire) to 4 (strong hire).
    pub levels: Vec<String>,
}

/// The seven competency rubrics, loaded from `assets/signals.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalSet {
    /// One rubric per competency, in `Signal::ALL` order.
    pub signals: Vec<SignalRubric>,
}

/// Why a signal set cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the competency rubric must list each of the seven competencies once, in order, with four levels each"
)]
pub struct SignalSetError;

impl SignalSet {
    /// Checks that each of the seven competencies appears exactly once, in order.
    pub fn validate(&self) -> Result<(), SignalSetError> {
        let listed: Vec<Signal> = self.signals.iter().map(|s| s.signal).collect();
        if listed == Signal::ALL && self.signals.iter().all(|s| s.levels.len() == 4) {
            Ok(())
        } else {
            Err(SignalSetError)
        }
    }
}
