//! What interviewers evaluate: the five signals and their level descriptors.

use serde::{Deserialize, Serialize};

/// A hiring signal scored 1–4 (seed 000, "What interviewers evaluate").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Signal {
    /// Breaking an ambiguous problem down systematically.
    StructuredThinking,
    /// Considering what happens at 10x and 100x.
    ScaleAwareness,
    /// Monitoring, failure modes and iteration.
    ProductionMindset,
    /// Explaining why one approach over another.
    TradeoffArticulation,
    /// Explaining complex systems clearly, with diagrams.
    Communication,
}

impl Signal {
    /// All five signals in rubric order.
    pub const ALL: [Signal; 5] = [
        Signal::StructuredThinking,
        Signal::ScaleAwareness,
        Signal::ProductionMindset,
        Signal::TradeoffArticulation,
        Signal::Communication,
    ];
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

/// The five signal rubrics, loaded from `assets/signals.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalSet {
    /// One rubric per signal, in order.
    pub signals: Vec<SignalRubric>,
}

/// Why a signal set cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the signal rubric must list each of the five signals once, in order, with four levels each"
)]
pub struct SignalSetError;

impl SignalSet {
    /// Checks that each of the five signals appears exactly once, in order.
    pub fn validate(&self) -> Result<(), SignalSetError> {
        let listed: Vec<Signal> = self.signals.iter().map(|s| s.signal).collect();
        if listed == Signal::ALL && self.signals.iter().all(|s| s.levels.len() == 4) {
            Ok(())
        } else {
            Err(SignalSetError)
        }
    }
}
