//! One practice attempt: the drill's timing and notes, the diagram and self-scores.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::clock::Timestamp;
use super::diagram::{Diagram, NodeId};
use super::framework::Framework;
use super::rubric::Signal;
use super::scenario::Scenario;

/// The schema version this build writes. Older versions are migrated on load.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a drill stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DrillStatus {
    /// The clock is running on the current phase.
    #[default]
    Running,
    /// The clock is stopped; nothing accrues.
    Paused,
    /// The drill is over; the session is ready for scoring and review.
    Finished,
}

/// Time and notes for one phase of a drill.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PhaseRecord {
    /// The framework phase id.
    pub phase: String,
    /// Time spent in this phase, all visits added up, in milliseconds.
    pub elapsed_ms: u64,
    /// The candidate's notes for this phase.
    #[serde(default)]
    pub notes: String,
    /// Indexes of the phase prompts the candidate ticked.
    #[serde(default)]
    pub checked: Vec<usize>,
}

impl PhaseRecord {
    /// Time spent, as a duration.
    pub fn elapsed(&self) -> Duration {
        Duration::from_millis(self.elapsed_ms)
    }
}

/// The timed part of a session.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DrillState {
    /// The drill's length in minutes.
    pub total_minutes: u32,
    /// Index of the active phase.
    pub current: usize,
    /// Running, paused or finished.
    pub status: DrillStatus,
    /// One record per framework phase, in framework order.
    pub phases: Vec<PhaseRecord>,
    /// The monotonic instant time was last accrued; not saved, so a reloaded drill starts paused
    /// in effect until the next `resume` or `tick` re-anchors it.
    #[serde(skip)]
    anchor: Option<Duration>,
}

/// Equality is about saved state; the in-memory clock anchor does not count.
impl PartialEq for DrillState {
    fn eq(&self, other: &Self) -> bool {
        self.total_minutes == other.total_minutes
            && self.current == other.current
            && self.status == other.status
            && self.phases == other.phases
    }
}

impl DrillState {
    /// A fresh drill over the framework's phases, running from `now`.
    pub fn new(framework: &Framework, total_minutes: u32, now: Duration) -> Self {
        Self {
            total_minutes,
            current: 0,
            status: DrillStatus::Running,
            phases: framework
                .phases
                .iter()
                .map(|p| PhaseRecord {
                    phase: p.id.clone(),
                    ..PhaseRecord::default()
                })
                .collect(),
            anchor: Some(now),
        }
    }

    /// Adds the time since the last tick to the active phase, when running.
    pub fn tick(&mut self, now: Duration) {
        if self.status != DrillStatus::Running {
            self.anchor = None;
            return;
        }
        if let Some(anchor) = self.anchor {
            let delta = now.saturating_sub(anchor);
            if let Some(record) = self.phases.get_mut(self.current) {
                record.elapsed_ms += u64::try_from(delta.as_millis()).unwrap_or(u64::MAX);
            }
            // Advance the anchor by exactly the whole milliseconds accrued so no time is lost.
            self.anchor = Some(anchor + Duration::from_millis(delta.as_millis() as u64));
        } else {
            self.anchor = Some(now);
        }
    }

    /// Stops the clock.
    pub fn pause(&mut self, now: Duration) {
        self.tick(now);
        if self.status == DrillStatus::Running {
            self.status = DrillStatus::Paused;
            self.anchor = None;
        }
    }

    /// Restarts the clock after a pause.
    pub fn resume(&mut self, now: Duration) {
        if self.status == DrillStatus::Paused {
            self.status = DrillStatus::Running;
            self.anchor = Some(now);
        }
    }

    /// Makes `index` the active phase; time so far goes to the phase being left.
    pub fn go_to_phase(&mut self, index: usize, now: Duration) {
        if index < self.phases.len() {
            self.tick(now);
            self.current = index;
        }
    }

    /// Ends the drill.
    pub fn finish(&mut self, now: Duration) {
        self.tick(now);
        self.status = DrillStatus::Finished;
        self.anchor = None;
    }

    /// Total time spent across all phases.
    pub fn total_elapsed(&self) -> Duration {
        Duration::from_millis(self.phases.iter().map(|p| p.elapsed_ms).sum())
    }

    /// The active phase's record.
    pub fn current_record(&self) -> Option<&PhaseRecord> {
        self.phases.get(self.current)
    }
}

/// How well a rubric item was covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Coverage {
    /// Covered fully.
    Covered,
    /// Mentioned but thin.
    Partly,
    /// Not covered.
    Missed,
}

/// What backs up a rubric mark.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Evidence {
    /// A box in the diagram.
    Node(NodeId),
    /// A line quoted from a phase's notes.
    Quote(String),
}

/// The candidate's mark for one rubric item.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ItemMark {
    /// The rubric item id.
    pub item: String,
    /// Covered, partly or missed.
    pub coverage: Coverage,
    /// What backs the mark up.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// The candidate's score for one signal, 1–4.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalScore {
    /// Which signal.
    pub signal: Signal,
    /// 1 (no hire) to 4 (strong hire).
    pub level: u8,
}

/// One round of self-scoring; a session keeps every revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreSheet {
    /// When this revision was made.
    pub at: Timestamp,
    /// The level the candidate predicted before seeing the rubric.
    #[serde(default)]
    pub predicted_level: Option<u8>,
    /// Marks per rubric item.
    #[serde(default)]
    pub items: Vec<ItemMark>,
    /// Scores per signal.
    #[serde(default)]
    pub signals: Vec<SignalScore>,
}

/// One practice attempt, as saved to disk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The schema version the file was written with.
    pub version: u32,
    /// Unique id; also the file name without `.ron`.
    pub id: String,
    /// The scenario practised.
    pub scenario_id: String,
    /// A copy of the scenario's title, so the session reads well without the scenario.
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
    /// Self-score revisions, oldest first.
    #[serde(default)]
    pub scores: Vec<ScoreSheet>,
}

impl Session {
    /// Starts a new drill on a scenario.
    pub fn start(
        scenario: &Scenario,
        framework: &Framework,
        created: Timestamp,
        now: Duration,
    ) -> Self {
        let (y, mo, d, h, mi, s) = created.parts();
        Self {
            version: SCHEMA_VERSION,
            id: format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}-{}", scenario.id),
            scenario_id: scenario.id.clone(),
            scenario_title: scenario.title.clone(),
            framework_id: framework.id.clone(),
            created,
            updated: created,
            drill: DrillState::new(framework, framework.drill_minutes, now),
            diagram: Diagram::default(),
            scores: Vec::new(),
        }
    }

    /// The file name this session saves under.
    pub fn file_name(&self) -> String {
        format!("{}.ron", self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framework() -> Framework {
        crate::store::builtin::framework().clone()
    }

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    #[test]
    fn time_accrues_to_the_active_phase_and_revisits_add_up() {
        let mut drill = DrillState::new(&framework(), 45, secs(0));
        drill.tick(secs(100));
        drill.go_to_phase(1, secs(180));
        drill.tick(secs(200));
        drill.go_to_phase(0, secs(300));
        drill.tick(secs(330));
        assert_eq!(drill.phases[0].elapsed(), secs(210));
        assert_eq!(drill.phases[1].elapsed(), secs(120));
        assert_eq!(drill.total_elapsed(), secs(330));
    }

    #[test]
    fn paused_time_is_not_counted() {
        let mut drill = DrillState::new(&framework(), 45, secs(0));
        drill.pause(secs(60));
        drill.tick(secs(500));
        drill.resume(secs(600));
        drill.tick(secs(630));
        assert_eq!(drill.total_elapsed(), secs(90));
        drill.finish(secs(700));
        drill.tick(secs(900));
        assert_eq!(drill.total_elapsed(), secs(160));
        assert_eq!(drill.status, DrillStatus::Finished);
    }

    #[test]
    fn sub_millisecond_ticks_lose_nothing() {
        let mut drill = DrillState::new(&framework(), 45, Duration::ZERO);
        let step = Duration::from_micros(16_667);
        let mut now = Duration::ZERO;
        for _ in 0..3600 {
            now += step;
            drill.tick(now);
        }
        assert_eq!(drill.total_elapsed().as_millis(), now.as_millis());
    }
}
