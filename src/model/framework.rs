//! The interview framework: ordered phases, each with a minute budget, a goal and prompts.

use serde::{Deserialize, Serialize};

/// One step of the framework, e.g. "Clarify requirements, 3 minutes".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// Stable identifier that scenarios and sessions refer to (`clarify`, `serving`…).
    pub id: String,
    /// The phase's name as shown in the stepper.
    pub name: String,
    /// A one- or two-word name for narrow places.
    pub short: String,
    /// How many minutes of the drill this phase should take.
    pub budget_minutes: u32,
    /// What the phase should achieve, in one line.
    pub goal: String,
    /// Prompts the candidate should work through, shown as a checklist.
    pub prompts: Vec<String>,
    /// The competency this phase's rubric items are evidence for, unless an item names its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competency: Option<super::rubric::Signal>,
}

impl Phase {
    /// The budget in seconds.
    pub fn budget_secs(&self) -> u64 {
        u64::from(self.budget_minutes) * 60
    }
}

/// An ordered set of phases for a whole drill.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Framework {
    /// Stable identifier, e.g. `seven_phase`.
    pub id: String,
    /// The framework's name.
    pub name: String,
    /// Where the framework comes from and when to use it.
    pub description: String,
    /// The default length of a drill in minutes.
    pub drill_minutes: u32,
    /// The phases, in order.
    pub phases: Vec<Phase>,
}

/// Why a framework file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FrameworkError {
    /// No phases at all.
    #[error("framework `{0}` has no phases")]
    NoPhases(String),
    /// Two phases share an id.
    #[error("framework `{framework}` has two phases with id `{phase}`")]
    DuplicatePhase {
        /// The framework's id.
        framework: String,
        /// The repeated phase id.
        phase: String,
    },
    /// A phase has a zero budget.
    #[error("phase `{0}` has a budget of 0 minutes")]
    ZeroBudget(String),
    /// The phase budgets add up to more than the drill.
    #[error("phase budgets add up to {budgets} minutes, more than the {drill}-minute drill")]
    OverBudget {
        /// Sum of the phase budgets.
        budgets: u32,
        /// Drill length.
        drill: u32,
    },
}

impl Framework {
    /// Finds a phase's position by id.
    pub fn phase_index(&self, id: &str) -> Option<usize> {
        self.phases.iter().position(|p| p.id == id)
    }

    /// The sum of all phase budgets, in minutes.
    pub fn budget_minutes(&self) -> u32 {
        self.phases.iter().map(|p| p.budget_minutes).sum()
    }

    /// Checks the framework is usable: phases exist, ids are unique, budgets fit the drill.
    pub fn validate(&self) -> Result<(), FrameworkError> {
        if self.phases.is_empty() {
            return Err(FrameworkError::NoPhases(self.id.clone()));
        }
        for (i, phase) in self.phases.iter().enumerate() {
            if self.phases[..i].iter().any(|p| p.id == phase.id) {
                return Err(FrameworkError::DuplicatePhase {
                    framework: self.id.clone(),
                    phase: phase.id.clone(),
                });
            }
            if phase.budget_minutes == 0 {
                return Err(FrameworkError::ZeroBudget(phase.id.clone()));
            }
        }
        let budgets = self.budget_minutes();
        if budgets > self.drill_minutes {
            return Err(FrameworkError::OverBudget {
                budgets,
                drill: self.drill_minutes,
            });
        }
        Ok(())
    }
}
