//! One practice attempt: the drill's timing and notes, the diagram and self-scores.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::calibration::CalibrationOf;
use super::capacity::Scratchpad;
use super::clock::Timestamp;
use super::diagram::{Diagram, NodeId};
use super::framework::Framework;
use super::rubric::{Signal, TargetLevel};
use super::scenario::{FollowUpCard, Scenario};
use super::scoring::Band;
use super::verdict::{FlagCheck, Raised, ScoredItem, ScoringModel};

/// The schema version this build writes. Older versions are migrated on load.
pub const SCHEMA_VERSION: u32 = 6;

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

/// Something that happened with the (simulated) interviewer, stamped with drill time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum InterviewEvent {
    /// The candidate asked a clarifying question, and the scripted question it matched was
    /// answered.
    Asked {
        /// The scripted question it matched, copied from the scenario.
        question: String,
        /// The question in the candidate's own words, as typed. Every version-4 writer writes
        /// it; left out, it reads as empty and [`InterviewEvent::words`] falls back to
        /// `question`.
        #[serde(default)]
        asked_as: String,
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
    // Schema 6 (issue 23, the interviewer who pushes back): everything below in this enum,
    // and `PromptSource`, are new in version 6.
    /// The interviewer pushed back (`model::interviewer`): a rule that fired on the design,
    /// a redirect, a return to a skipped phase or a deep-dive level. Shown as a card the
    /// candidate acknowledges.
    Prompt {
        /// What raised it.
        source: PromptSource,
        /// The interviewer's words, copied from the rule, dive or redirect.
        text: String,
        /// The phase it was raised in.
        phase: String,
        /// Rubric items it probes: raised only after it, they earn prompted credit.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        items: Vec<String>,
        /// Drill time when it appeared, in milliseconds.
        shown_at_ms: u64,
        /// Drill time when the candidate acknowledged it.
        #[serde(default)]
        acknowledged_at_ms: Option<u64>,
    },
}

/// What raised an interviewer prompt (schema 6).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PromptSource {
    /// An interviewer rule of the framework or the scenario, by id.
    Rule {
        /// The rule's id.
        id: String,
    },
    /// The phase `from` ran well over its budget: "Let's move on".
    Redirect {
        /// The phase that overran.
        from: String,
    },
    /// The phase `skipped` was passed with almost no time or notes: the interviewer comes
    /// back to it.
    Revisit {
        /// The skipped phase.
        skipped: String,
    },
    /// A level of one of the scenario's deep dives.
    DeepDive {
        /// The deep dive's id.
        dive: String,
        /// 1 for its first question, 2 and 3 deeper.
        level: u8,
        /// Words in the phase's notes when it was shown, so the next level waits for an answer.
        notes_words: u32,
    },
}

impl PromptSource {
    /// A few words for where a prompt came from: "rule", "redirect", "skipped phase",
    /// "deep dive, level 2".
    pub fn label(&self) -> String {
        match self {
            PromptSource::Rule { .. } => "Interviewer".to_owned(),
            PromptSource::Redirect { .. } => "Redirect".to_owned(),
            PromptSource::Revisit { .. } => "Skipped phase".to_owned(),
            PromptSource::DeepDive { level, .. } => format!("Deep dive, level {level}"),
        }
    }
}

impl InterviewEvent {
    /// For a card the candidate acknowledges (a follow-up card or an interviewer prompt), when
    /// it was acknowledged; `None` for other events.
    pub fn acknowledgement_mut(&mut self) -> Option<&mut Option<u64>> {
        match self {
            InterviewEvent::Curveball {
                acknowledged_at_ms, ..
            }
            | InterviewEvent::Prompt {
                acknowledged_at_ms, ..
            } => Some(acknowledged_at_ms),
            _ => None,
        }
    }

    /// For a card, its text, phase, when it was shown and when acknowledged.
    pub fn card(&self) -> Option<(&str, &str, u64, Option<u64>)> {
        match self {
            InterviewEvent::Curveball {
                text,
                phase,
                shown_at_ms,
                acknowledged_at_ms,
                ..
            }
            | InterviewEvent::Prompt {
                text,
                phase,
                shown_at_ms,
                acknowledged_at_ms,
                ..
            } => Some((text, phase, *shown_at_ms, *acknowledged_at_ms)),
            _ => None,
        }
    }

    /// For an asked question, what the candidate typed, or the scripted question when the
    /// words are missing; `None` for other events.
    pub fn words(&self) -> Option<&str> {
        match self {
            InterviewEvent::Asked {
                question, asked_as, ..
            } => Some(if asked_as.trim().is_empty() {
                question
            } else {
                asked_as
            }),
            _ => None,
        }
    }
}

/// The diagram as it stood when a phase was left, for replay in review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiagramSnapshot {
    /// The phase that was being left.
    pub phase: String,
    /// Drill time of the snapshot, in milliseconds.
    pub at_ms: u64,
    /// The diagram at that moment.
    pub diagram: Diagram,
}

/// Share of a phase's budget after which its curveball (if any) appears.
pub const CURVEBALL_AT: f64 = 0.5;

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
    /// Questions asked, assumptions stated and curveballs met, in order.
    #[serde(default)]
    pub log: Vec<InterviewEvent>,
    /// The capacity scratchpad's inputs.
    #[serde(default)]
    pub scratchpad: Scratchpad,
    /// The candidate chose to keep going after the total time ran out.
    #[serde(default)]
    pub keep_going: bool,
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
            && self.log == other.log
            && self.scratchpad == other.scratchpad
            && self.keep_going == other.keep_going
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
            log: Vec::new(),
            scratchpad: Scratchpad::default(),
            keep_going: false,
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

    /// The drill's whole time budget.
    pub fn total_budget(&self) -> Duration {
        Duration::from_secs(u64::from(self.total_minutes) * 60)
    }

    /// A phase's budget, scaled from the framework's minutes to this drill's length
    /// (a 30-minute drill gives each phase two thirds of its 45-minute budget).
    pub fn phase_budget(&self, framework: &Framework, index: usize) -> Duration {
        framework.scaled_budget(index, self.total_minutes)
    }

    /// How far a phase ran past its budget.
    pub fn phase_overrun(&self, framework: &Framework, index: usize) -> Duration {
        self.phases.get(index).map_or(Duration::ZERO, |r| {
            r.elapsed()
                .saturating_sub(self.phase_budget(framework, index))
        })
    }

    /// Share of a phase's budget used (1.0 = exactly on budget).
    pub fn phase_used(&self, framework: &Framework, index: usize) -> f64 {
        let budget = self.phase_budget(framework, index).as_secs_f64();
        let elapsed = self
            .phases
            .get(index)
            .map_or(0.0, |r| r.elapsed().as_secs_f64());
        if budget > 0.0 { elapsed / budget } else { 0.0 }
    }

    /// Time past the drill's total budget.
    pub fn overtime(&self) -> Duration {
        self.total_elapsed().saturating_sub(self.total_budget())
    }

    /// Whether the total time has run out.
    pub fn is_timed_out(&self) -> bool {
        self.total_elapsed() >= self.total_budget()
    }

    /// The drill time now, in milliseconds, for stamping events.
    pub fn now_ms(&self) -> u64 {
        u64::try_from(self.total_elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// The current phase's id.
    pub fn current_phase_id(&self) -> &str {
        self.current_record().map_or("", |r| r.phase.as_str())
    }

    /// The curveball that should appear now, if any: the current phase has cards, none has been
    /// shown in this phase yet, and half its budget is used. `seed` picks among the phase's
    /// cards so that repeated attempts meet different ones.
    pub fn due_curveball<'a>(
        &self,
        scenario: &'a Scenario,
        framework: &Framework,
        seed: &str,
    ) -> Option<&'a FollowUpCard> {
        if self.status != DrillStatus::Running {
            return None;
        }
        let phase = self.current_phase_id();
        let already = self
            .log
            .iter()
            .any(|e| matches!(e, InterviewEvent::Curveball { phase: p, .. } if p == phase));
        // One card at a time: a scripted card waits while an interviewer prompt is open.
        if already
            || self.card_waiting_here()
            || self.phase_used(framework, self.current) < CURVEBALL_AT
        {
            return None;
        }
        let cards: Vec<&FollowUpCard> = scenario
            .curveballs
            .iter()
            // A drill begun before the scenario moved framework still meets the cards of the
            // phase that took its phase's material over.
            .filter(|c| scenario.rubric_phase(&framework.id, phase) == Some(c.phase.as_str()))
            .collect();
        if cards.is_empty() {
            return None;
        }
        let pick = fnv1a(seed.as_bytes()) % cards.len() as u64;
        cards.get(usize::try_from(pick).unwrap_or(0)).copied()
    }

    /// The curveball shown and not yet acknowledged, as an index into `log`.
    pub fn open_curveball(&self) -> Option<usize> {
        self.log.iter().rposition(|e| {
            matches!(
                e,
                InterviewEvent::Curveball {
                    acknowledged_at_ms: None,
                    ..
                }
            )
        })
    }

    /// The card (follow-up card or interviewer prompt) shown and not yet acknowledged, as an
    /// index into `log`: the newest one.
    pub fn open_card(&self) -> Option<usize> {
        self.log
            .iter()
            .rposition(|e| matches!(e.card(), Some((_, _, _, None))))
    }

    /// Whether a card shown in the current phase waits to be acknowledged: the interviewer
    /// says nothing new over it. A card left open in a phase the candidate moved on from
    /// blocks nothing.
    pub fn card_waiting_here(&self) -> bool {
        let here = self.current_phase_id();
        self.log
            .iter()
            .any(|e| matches!(e.card(), Some((_, phase, _, None)) if phase == here))
    }

    /// Whether a scripted question has been asked.
    pub fn was_asked(&self, question: &str) -> bool {
        self.log
            .iter()
            .any(|e| matches!(e, InterviewEvent::Asked { question: q, .. } if q == question))
    }
}

/// A small stable hash (FNV-1a), so curveball choice is the same on every platform and run.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
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
    /// When the item was first raised; prompted and overtime items count less.
    #[serde(default)]
    pub raised: Raised,
    /// The candidate chose `raised`; otherwise the app fills it in from what it knows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub raised_set: bool,
}

impl ItemMark {
    /// A new mark, raised unprompted unless the app knows better.
    pub fn new(item: &str, coverage: Coverage) -> Self {
        Self {
            item: item.to_owned(),
            coverage,
            evidence: Vec::new(),
            raised: Raised::Unprompted,
            raised_set: false,
        }
    }

    /// Takes the app's inference of when the item was raised, unless the candidate set it.
    pub fn prefill_raised(&mut self, inferred: Option<Raised>) {
        if !self.raised_set {
            self.raised = inferred.unwrap_or_default();
        }
    }
}

/// The candidate's score for one signal, 1–4.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignalScore {
    /// Which signal.
    pub signal: Signal,
    /// 1 (no hire) to 4 (strong hire).
    pub level: u8,
}

/// Who marked a score revision (schema 6, issue 23): the candidate scoring themself, or a
/// partner who played the interviewer and sent their score back (`store::partner_score`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scorer {
    /// The candidate's own self-score; every revision before schema 6.
    #[default]
    Candidate,
    /// A partner's score, imported from the file they sent.
    Partner {
        /// The name the partner gave.
        name: String,
    },
}

impl Scorer {
    /// Whether this is the candidate's own score (the default, left out of files).
    pub fn is_candidate(&self) -> bool {
        matches!(self, Scorer::Candidate)
    }

    /// The partner's name, for a partner's revision.
    pub fn partner_name(&self) -> Option<&str> {
        match self {
            Scorer::Candidate => None,
            Scorer::Partner { name } => Some(name),
        }
    }
}

/// One round of scoring; a session keeps every revision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreSheet {
    /// When this revision was made.
    pub at: Timestamp,
    /// Who scored it (schema 6): the candidate unless a partner's score was imported.
    /// Partner revisions never count as the candidate's own verdict.
    #[serde(default, skip_serializing_if = "Scorer::is_candidate")]
    pub by: Scorer,
    /// The rules that scored it: revisions from before schema 3 used the coverage model.
    #[serde(default)]
    pub model: ScoringModel,
    /// The band the candidate predicted before seeing the rubric.
    #[serde(default)]
    pub predicted_band: Option<Band>,
    /// The level 1–4 predicted under the coverage model (revisions before schema 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predicted_level: Option<u8>,
    /// The answers to the scenario's red-flag check.
    #[serde(default)]
    pub flags: Vec<FlagCheck>,
    /// Marks per rubric item.
    #[serde(default)]
    pub items: Vec<ItemMark>,
    /// Ratings per competency (files say signals).
    #[serde(default)]
    pub signals: Vec<SignalScore>,
    /// The rubric as it was when this revision was marked; empty in revisions before
    /// schema 3.
    #[serde(default)]
    pub rubric: Vec<ScoredItem>,
    /// What the sheet added up to when it was saved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<crate::model::scoring::ScoreResult>,
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
    /// The diagram at the end of each phase visit, oldest first. Files hold each as the
    /// changes from the one before (`snapshot_chain`), so unchanged phases cost a line.
    #[serde(default, with = "super::snapshot_chain")]
    pub snapshots: Vec<DiagramSnapshot>,
    /// Score revisions, oldest first: the candidate's own and (schema 6) partners' imported
    /// scores, told apart by `ScoreSheet::by`.
    #[serde(default)]
    pub scores: Vec<ScoreSheet>,
    /// The level the candidate is interviewing for; it picks the core items and the bar.
    #[serde(default)]
    pub target: TargetLevel,
    /// The score being filled in, saved as it changes so closing the app loses nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_draft: Option<ScoreSheet>,
    /// Set when the session is a blind calibration of a graded example rather than a drill of
    /// the user's own: which example, and its official band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calibration: Option<CalibrationOf>,
}

impl Session {
    /// The notes written in the drill's phases that stand for `phase` of the scenario's
    /// framework today, joined by blank lines: the phase's own notes, or, for a session
    /// drilled before the scenario moved framework, those of every earlier phase that
    /// `Scenario::moved_from` sends there.
    pub fn notes_for_rubric_phase(&self, scenario: &Scenario, phase: &str) -> String {
        self.drill
            .phases
            .iter()
            .filter(|r| scenario.rubric_phase(&self.framework_id, &r.phase) == Some(phase))
            .map(|r| r.notes.trim())
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Starts a new drill on a scenario.
    pub fn start(
        scenario: &Scenario,
        framework: &Framework,
        total_minutes: u32,
        created: Timestamp,
        now: Duration,
    ) -> Self {
        Self::start_at_level(
            scenario,
            framework,
            total_minutes,
            TargetLevel::default(),
            created,
            now,
        )
    }

    /// Starts a new drill on a scenario for a target level.
    pub fn start_at_level(
        scenario: &Scenario,
        framework: &Framework,
        total_minutes: u32,
        target: TargetLevel,
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
            drill: DrillState::new(framework, total_minutes, now),
            diagram: Diagram::default(),
            snapshots: Vec::new(),
            scores: Vec::new(),
            target,
            score_draft: None,
            calibration: None,
        }
    }

    /// Moves to another phase, keeping a snapshot of the diagram as the phase being left
    /// ends. Returns false when `index` is the current phase or out of range.
    pub fn go_to_phase(&mut self, index: usize, now: Duration) -> bool {
        if index == self.drill.current || index >= self.drill.phases.len() {
            return false;
        }
        self.drill.tick(now);
        self.snapshots.push(DiagramSnapshot {
            phase: self.drill.current_phase_id().to_owned(),
            at_ms: self.drill.now_ms(),
            diagram: self.diagram.clone(),
        });
        self.keep_snapshots_within_limits();
        self.drill.go_to_phase(index, now);
        true
    }

    /// Drops the oldest snapshots while there are more than `MAX_SNAPSHOTS`, or they hold more
    /// than `MAX_SNAPSHOT_ITEMS` boxes, arrows and zones in all, so a session never grows past
    /// what its file may hold; the newest snapshot always stays.
    fn keep_snapshots_within_limits(&mut self) {
        use super::limits::{MAX_SNAPSHOT_ITEMS, MAX_SNAPSHOTS};
        use super::snapshot_chain::items;
        let mut total: usize = self.snapshots.iter().map(|s| items(&s.diagram)).sum();
        let mut drop = 0;
        while self.snapshots.len() - drop > 1
            && (self.snapshots.len() - drop > MAX_SNAPSHOTS || total > MAX_SNAPSHOT_ITEMS)
        {
            total -= items(&self.snapshots[drop].diagram);
            drop += 1;
        }
        self.snapshots.drain(..drop);
    }

    /// The file name this session saves under.
    pub fn file_name(&self) -> String {
        format!("{}.ron", self.id)
    }

    /// The candidate's own score revisions, oldest first (partners' are left out).
    pub fn self_scores(&self) -> impl DoubleEndedIterator<Item = &ScoreSheet> {
        self.scores.iter().filter(|s| s.by.is_candidate())
    }

    /// The candidate's latest own score: the verdict that counts in the library, the charts
    /// and the next drill.
    pub fn latest_self_score(&self) -> Option<&ScoreSheet> {
        self.self_scores().next_back()
    }

    /// The latest score a partner sent, if any was imported.
    pub fn latest_partner_score(&self) -> Option<&ScoreSheet> {
        self.scores.iter().rev().find(|s| !s.by.is_candidate())
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
    fn budgets_scale_with_the_drill_length_and_overruns_are_measured() {
        let framework = framework();
        let mut drill = DrillState::new(&framework, 45, secs(0));
        assert_eq!(drill.phase_budget(&framework, 0), secs(180));
        assert_eq!(drill.phase_budget(&framework, 2), secs(480));
        drill.tick(secs(200));
        assert_eq!(drill.phase_overrun(&framework, 0), secs(20));
        assert!((drill.phase_used(&framework, 0) - 200.0 / 180.0).abs() < 1e-9);
        assert_eq!(drill.phase_overrun(&framework, 1), Duration::ZERO);

        let short = DrillState::new(&framework, 30, secs(0));
        assert_eq!(short.phase_budget(&framework, 0), secs(120));
        assert_eq!(short.total_budget(), secs(1800));
        let long = DrillState::new(&framework, 60, secs(0));
        assert_eq!(long.phase_budget(&framework, 2), Duration::from_secs(640));
    }

    #[test]
    fn overtime_starts_when_the_total_runs_out() {
        let framework = framework();
        let mut drill = DrillState::new(&framework, 30, secs(0));
        drill.tick(secs(1799));
        assert!(!drill.is_timed_out());
        drill.tick(secs(1800));
        assert!(drill.is_timed_out());
        drill.tick(secs(1925));
        assert_eq!(drill.overtime(), secs(125));
    }

    #[test]
    fn a_full_45_minute_drill_on_a_fake_clock_has_zero_drift() {
        use crate::model::clock::{Clock as _, FakeClock, Timestamp};
        let framework = framework();
        let clock = FakeClock::new(Timestamp(0));
        let mut drill = DrillState::new(&framework, 45, clock.monotonic());
        // Frames at irregular intervals, phase changes exactly on budget, a 2-minute pause.
        let mut planned = Duration::ZERO;
        for (index, _) in framework.phases.iter().enumerate() {
            let budget = drill.phase_budget(&framework, index);
            let mut spent = Duration::ZERO;
            let mut step = 1;
            while spent < budget {
                let dt = Duration::from_micros(7_919 * step % 1_000_003)
                    .min(budget.saturating_sub(spent));
                clock.advance(dt);
                spent += dt;
                drill.tick(clock.monotonic());
                step += 1;
            }
            planned += budget;
            if index == 3 {
                drill.pause(clock.monotonic());
                clock.advance(Duration::from_secs(120));
                drill.resume(clock.monotonic());
            }
            drill.go_to_phase(index + 1, clock.monotonic());
        }
        clock.advance(Duration::from_secs(180));
        drill.finish(clock.monotonic());
        for (index, record) in drill.phases.iter().enumerate() {
            let expected = drill.phase_budget(&framework, index)
                + if index == framework.phases.len() - 1 {
                    secs(180)
                } else {
                    Duration::ZERO
                };
            assert_eq!(record.elapsed(), expected, "phase {index}");
        }
        assert_eq!(drill.total_elapsed(), planned + secs(180));
        assert_eq!(drill.total_elapsed(), secs(45 * 60));
        assert!(drill.is_timed_out());
        assert_eq!(drill.overtime(), Duration::ZERO);
    }

    #[test]
    fn one_curveball_appears_at_half_the_phase_budget() {
        let framework = framework();
        let scenario = crate::store::builtin::scenarios(std::slice::from_ref(&framework))
            .into_iter()
            .flatten()
            .find(|s| s.id == "fraud_detection")
            .expect("built in");
        let mut drill = DrillState::new(&framework, 45, secs(0));
        let serving = framework.phase_index("serving").expect("phase");
        assert!(
            drill.due_curveball(&scenario, &framework, "seed").is_none(),
            "clarify has none"
        );
        drill.go_to_phase(serving, secs(0));
        drill.tick(secs(239));
        assert!(
            drill.due_curveball(&scenario, &framework, "seed").is_none(),
            "before half"
        );
        drill.tick(secs(240));
        let card = drill
            .due_curveball(&scenario, &framework, "seed")
            .expect("due at half");
        assert_eq!(card.phase, "serving");
        drill.log.push(InterviewEvent::Curveball {
            id: card.id.clone(),
            text: card.text.clone(),
            phase: card.phase.clone(),
            shown_at_ms: drill.now_ms(),
            acknowledged_at_ms: None,
        });
        assert_eq!(drill.open_curveball(), Some(0));
        assert!(
            drill.due_curveball(&scenario, &framework, "seed").is_none(),
            "one per phase"
        );
        drill.pause(secs(300));
        assert!(
            drill
                .due_curveball(&scenario, &framework, "other")
                .is_none(),
            "not while paused"
        );
    }

    /// A 45-minute session on the first built-in scenario, started at time zero.
    fn started_session() -> Session {
        let framework = framework();
        let scenario = crate::store::builtin::scenarios(std::slice::from_ref(&framework))
            .into_iter()
            .flatten()
            .next()
            .expect("a scenario");
        Session::start(&scenario, &framework, 45, Timestamp(0), secs(0))
    }

    #[test]
    fn phase_changes_snapshot_the_diagram() {
        let mut session = started_session();
        session.diagram.nodes.push(crate::model::DiagramNode {
            id: NodeId(1),
            kind: crate::model::NodeKind::Client,
            label: "app".into(),
            pos: crate::model::Point::default(),
            size: crate::model::DiagramNode::DEFAULT_SIZE,
        });
        assert!(session.go_to_phase(1, secs(100)));
        assert!(!session.go_to_phase(1, secs(120)), "already there");
        assert!(!session.go_to_phase(99, secs(120)), "no such phase");
        assert_eq!(session.snapshots.len(), 1);
        assert_eq!(session.snapshots[0].phase, "clarify");
        assert_eq!(session.snapshots[0].at_ms, 100_000);
        assert_eq!(session.snapshots[0].diagram.nodes.len(), 1);
    }

    /// However often phases change, the snapshots stay within what a file may hold: the
    /// oldest go first and the newest stays, so the session always saves and reads back.
    #[test]
    fn snapshots_stay_within_the_limits_however_often_phases_change() {
        use crate::model::limits::{MAX_SNAPSHOT_ITEMS, MAX_SNAPSHOTS};
        let mut session = started_session();
        session.diagram.nodes = (1..=2_000)
            .map(|id| crate::model::DiagramNode {
                id: NodeId(id),
                kind: crate::model::NodeKind::Service,
                label: String::new(),
                pos: crate::model::Point::default(),
                size: crate::model::DiagramNode::DEFAULT_SIZE,
            })
            .collect();
        let flips = MAX_SNAPSHOT_ITEMS / 2_000 + 20;
        for i in 0..flips {
            assert!(session.go_to_phase((i + 1) % 2, secs(i as u64 + 1)));
        }
        let total: usize = session
            .snapshots
            .iter()
            .map(|s| s.diagram.nodes.len())
            .sum();
        assert!(total <= MAX_SNAPSHOT_ITEMS, "{total} items");
        assert_eq!(session.snapshots.len(), MAX_SNAPSHOT_ITEMS / 2_000);
        assert_eq!(
            session.snapshots.last().map(|s| s.at_ms),
            Some(flips as u64 * 1000),
            "the newest stays"
        );
        assert!(ron::to_string(&session).is_ok(), "it serialises");

        session.diagram.nodes.clear();
        session.snapshots.clear();
        for i in 0..MAX_SNAPSHOTS + 5 {
            session.go_to_phase((i + 1) % 2, secs(i as u64 + 1));
        }
        assert_eq!(session.snapshots.len(), MAX_SNAPSHOTS);
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
