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
    /// The interviewer's general rules (`model::interviewer`), for every scenario on this
    /// framework.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<super::interviewer::InterviewerRule>,
}

/// How a drill's length divides between the phases' budgets and slack for transitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DrillPlan {
    /// The drill's length.
    pub total: std::time::Duration,
    /// The phases' budgets added up.
    pub phases: std::time::Duration,
    /// What is left for moving between phases (`total - phases`).
    pub slack: std::time::Duration,
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
    /// An interviewer rule is broken.
    #[error("{0}")]
    Rule(super::interviewer::RuleError),
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

    /// A phase's budget in a drill of `drill_minutes`, scaled from the framework's own length
    /// (a 30-minute drill gives each phase two thirds of its 45-minute budget).
    pub fn scaled_budget(&self, index: usize, drill_minutes: u32) -> std::time::Duration {
        let Some(phase) = self.phases.get(index) else {
            return std::time::Duration::ZERO;
        };
        let drill = u64::from(drill_minutes.max(1));
        let reference = u64::from(self.drill_minutes.max(1));
        std::time::Duration::from_millis(phase.budget_secs() * 1000 * drill / reference)
    }

    /// How a drill of `drill_minutes` divides: the phases' budgets and the slack left over for
    /// moving between phases (the built-in framework gives 42 of 45 minutes to phases).
    pub fn plan(&self, drill_minutes: u32) -> DrillPlan {
        let total = std::time::Duration::from_secs(u64::from(drill_minutes) * 60);
        let phases = (0..self.phases.len())
            .map(|i| self.scaled_budget(i, drill_minutes))
            .sum::<std::time::Duration>();
        DrillPlan {
            total,
            phases,
            slack: total.saturating_sub(phases),
        }
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
        self.validate_rules().map_err(|(error, _)| error)
    }

    /// Checks the interviewer's general rules; an error comes with the path of the offending
    /// item in the framework's file.
    pub fn validate_rules(&self) -> Result<(), (FrameworkError, Vec<super::scenario::Step>)> {
        super::interviewer::validate_rules(&self.rules, self, None).map_err(|(error, at)| {
            let mut path = vec![super::scenario::Step::Field("rules")];
            path.extend(at);
            (FrameworkError::Rule(error), path)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn a_drill_divides_into_phase_budgets_and_slack_at_every_length() {
        let framework = crate::store::builtin::framework();
        let minutes = |m: u64| Duration::from_secs(m * 60);
        for (length, phases, slack) in [(45, 42, 3), (30, 28, 2), (60, 56, 4)] {
            assert_eq!(
                framework.plan(length),
                DrillPlan {
                    total: minutes(u64::from(length)),
                    phases: minutes(phases),
                    slack: minutes(slack),
                },
                "{length}-minute drill"
            );
        }
        assert_eq!(framework.scaled_budget(0, 30), minutes(2));
        assert_eq!(framework.scaled_budget(99, 30), Duration::ZERO);
    }
}
