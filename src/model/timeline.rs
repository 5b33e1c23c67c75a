//! What the review's timeline draws from an edit log: the phase visits with the moment each
//! phase ran out of budget, marks for questions, assumptions, follow-up cards and pauses, and
//! how much drawing and typing happened when (the activity strip). Also what each phase added
//! to the diagram, for the Markdown report.

use std::collections::BTreeSet;

use super::diagram::{Diagram, EdgeId, NodeId};
use super::edit_log::{EditEvent, LogEntry};
use super::replay::{MAX_REPLAY_PHASES, ReplayState};
use super::session::{InterviewEvent, Session};

/// The activity strip never has more buckets than this, however long the drill.
pub const MAX_BUCKETS: usize = 240;

/// The shortest bucket of the activity strip.
pub const MIN_BUCKET_MS: u64 = 5_000;

/// A stretch of drill time spent in one phase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PhaseVisit {
    /// The phase's index.
    pub phase: usize,
    /// Drill time the visit began.
    pub from_ms: u64,
    /// Drill time it ended.
    pub to_ms: u64,
}

/// What a mark on the timeline stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A clarifying question was asked.
    Question,
    /// An assumption was stated.
    Assumption,
    /// A follow-up card appeared.
    FollowUp,
    /// The clock was paused.
    Pause,
}

/// A moment worth marking on the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineMark {
    /// Drill time.
    pub at_ms: u64,
    /// What happened.
    pub kind: MarkKind,
    /// What to say about it on hover.
    pub text: String,
}

/// The moment a phase used up its budget.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BudgetReached {
    /// The phase's index.
    pub phase: usize,
    /// Drill time its time (all visits added up) reached its budget.
    pub at_ms: u64,
}

/// The review's timeline of one drill.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// The drill's length in drill time.
    pub end_ms: u64,
    /// Phase visits in time order, covering 0 to `end_ms`.
    pub visits: Vec<PhaseVisit>,
    /// When phases ran out of budget.
    pub budgets_reached: Vec<BudgetReached>,
    /// Stretches of drill time spent in a phase already past its budget, in time order.
    pub over_budget: Vec<(u64, u64)>,
    /// Questions, assumptions, follow-ups and pauses.
    pub marks: Vec<TimelineMark>,
    /// The length of one activity bucket.
    pub bucket_ms: u64,
    /// Diagram edits per bucket.
    pub drawing: Vec<u32>,
    /// Notes entries per bucket (at most one a second of typing).
    pub typing: Vec<u32>,
}

impl Timeline {
    /// The timeline of a log over a drill of `end_ms`, with each phase's budget in
    /// milliseconds (phases past the list have none).
    pub fn of(entries: &[LogEntry], end_ms: u64, budgets_ms: &[u64]) -> Self {
        let end_ms = end_ms.max(entries.last().map_or(0, |e| e.at_ms));
        let visits = visits(entries, end_ms);
        let (budgets_reached, over_budget) = budgets_reached(&visits, budgets_ms);
        let bucket_ms = (end_ms / MAX_BUCKETS as u64 + 1).max(MIN_BUCKET_MS);
        let buckets = usize::try_from(end_ms / bucket_ms + 1).unwrap_or(1);
        let mut drawing = vec![0; buckets];
        let mut typing = vec![0; buckets];
        let mut marks = Vec::new();
        for entry in entries {
            let bucket = usize::try_from(entry.at_ms / bucket_ms)
                .unwrap_or(0)
                .min(buckets - 1);
            let at_ms = entry.at_ms;
            match &entry.event {
                EditEvent::Diagram(_) => drawing[bucket] += 1,
                EditEvent::Notes { .. } => typing[bucket] += 1,
                EditEvent::Interview(event) => marks.push(mark_of(event, at_ms)),
                EditEvent::Paused => marks.push(TimelineMark {
                    at_ms,
                    kind: MarkKind::Pause,
                    text: "Paused".to_owned(),
                }),
                _ => {}
            }
        }
        Self {
            end_ms,
            visits,
            budgets_reached,
            over_budget,
            marks,
            bucket_ms,
            drawing,
            typing,
        }
    }

    /// The phase being drilled at `at_ms`.
    pub fn phase_at(&self, at_ms: u64) -> Option<usize> {
        self.visits
            .iter()
            .find(|v| v.from_ms <= at_ms && at_ms < v.to_ms)
            .or(self.visits.last())
            .map(|v| v.phase)
    }
}

/// The mark an interviewer event makes.
fn mark_of(event: &InterviewEvent, at_ms: u64) -> TimelineMark {
    match event {
        InterviewEvent::Asked { question, .. } => TimelineMark {
            at_ms,
            kind: MarkKind::Question,
            text: format!("Asked: {}", event.words().unwrap_or(question)),
        },
        InterviewEvent::Assumed { text, .. } => TimelineMark {
            at_ms,
            kind: MarkKind::Assumption,
            text: format!("Assumed: {text}"),
        },
        InterviewEvent::Curveball { text, .. } => TimelineMark {
            at_ms,
            kind: MarkKind::FollowUp,
            text: format!("Follow-up: {text}"),
        },
        InterviewEvent::Prompt { source, text, .. } => TimelineMark {
            at_ms,
            kind: MarkKind::FollowUp,
            text: format!("{}: {text}", source.label()),
        },
    }
}

/// The phase visits the log's phase changes make, from 0 to `end_ms`.
fn visits(entries: &[LogEntry], end_ms: u64) -> Vec<PhaseVisit> {
    let mut visits = Vec::new();
    let mut current = PhaseVisit {
        phase: 0,
        from_ms: 0,
        to_ms: end_ms,
    };
    for entry in entries {
        if let EditEvent::Phase { index } = entry.event
            && index != current.phase
            && index < MAX_REPLAY_PHASES
        {
            if entry.at_ms > current.from_ms {
                visits.push(PhaseVisit {
                    to_ms: entry.at_ms,
                    ..current
                });
            }
            current = PhaseVisit {
                phase: index,
                from_ms: entry.at_ms,
                to_ms: end_ms,
            };
        }
    }
    visits.push(current);
    visits
}

/// When each phase's time, over all its visits, reached its budget, and the stretches spent
/// past it.
fn budgets_reached(
    visits: &[PhaseVisit],
    budgets_ms: &[u64],
) -> (Vec<BudgetReached>, Vec<(u64, u64)>) {
    let mut used = vec![0u64; budgets_ms.len()];
    let mut reached = Vec::new();
    let mut over = Vec::new();
    for visit in visits {
        let (Some(&budget), Some(used)) = (budgets_ms.get(visit.phase), used.get_mut(visit.phase))
        else {
            continue;
        };
        let length = visit.to_ms - visit.from_ms;
        if budget > 0 && *used + length >= budget {
            let from = visit.from_ms + budget.saturating_sub(*used);
            if *used < budget {
                reached.push(BudgetReached {
                    phase: visit.phase,
                    at_ms: from,
                });
            }
            if from < visit.to_ms {
                over.push((from, visit.to_ms));
            }
        }
        *used += length;
    }
    (reached, over)
}

/// What one phase added to the diagram: boxes and arrows that were not there when a visit
/// to it began and were there when it ended, over all its visits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PhaseGrowth {
    /// Boxes added.
    pub boxes: usize,
    /// Arrows added.
    pub arrows: usize,
}

/// The ids of a diagram's boxes and arrows.
fn ids(diagram: &Diagram) -> (BTreeSet<NodeId>, BTreeSet<EdgeId>) {
    (
        diagram.nodes.iter().map(|n| n.id).collect(),
        diagram.edges.iter().map(|e| e.id).collect(),
    )
}

/// Adds what `after` has that `before` had not to a phase's growth.
fn grow(growth: &mut [PhaseGrowth], phase: usize, before: &Diagram, after: &Diagram) {
    let Some(growth) = growth.get_mut(phase) else {
        return;
    };
    let (nodes, edges) = ids(before);
    growth.boxes += after
        .nodes
        .iter()
        .filter(|n| !nodes.contains(&n.id))
        .count();
    growth.arrows += after
        .edges
        .iter()
        .filter(|e| !edges.contains(&e.id))
        .count();
}

/// What each of `phase_count` phases added, from the edit log.
pub fn growth_from_log(entries: &[LogEntry], phase_count: usize) -> Vec<PhaseGrowth> {
    let phase_count = phase_count.min(MAX_REPLAY_PHASES);
    let mut growth = vec![PhaseGrowth::default(); phase_count];
    let mut state = ReplayState::start(phase_count);
    let mut visit_start = Diagram::default();
    for entry in entries {
        let before = state.current;
        state.apply(entry);
        if state.current != before {
            grow(&mut growth, before, &visit_start, &state.diagram);
            visit_start.clone_from(&state.diagram);
        }
    }
    grow(&mut growth, state.current, &visit_start, &state.diagram);
    growth
}

/// What each phase added, from a session's phase snapshots (for sessions recorded before
/// edit logs): each snapshot ends a visit to its phase, and the last visit ends with the
/// diagram as saved.
pub fn growth_from_snapshots(session: &Session) -> Vec<PhaseGrowth> {
    let phases = &session.drill.phases;
    let mut growth = vec![PhaseGrowth::default(); phases.len()];
    let index_of = |id: &str| phases.iter().position(|p| p.phase == id);
    let mut before = &Diagram::default();
    for snapshot in &session.snapshots {
        if let Some(phase) = index_of(&snapshot.phase) {
            grow(&mut growth, phase, before, &snapshot.diagram);
        }
        before = &snapshot.diagram;
    }
    grow(&mut growth, session.drill.current, before, &session.diagram);
    growth
}

/// How many words a text has (runs of non-space characters).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagram::{DiagramEdge, DiagramNode, EdgeKind, NodeKind, Point};
    use crate::model::diagram_ops::DiagramCommand;

    fn entry(at_ms: u64, event: EditEvent) -> LogEntry {
        LogEntry { at_ms, event }
    }

    fn node(id: u64) -> EditEvent {
        EditEvent::Diagram(DiagramCommand::add_node(DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: format!("box {id}"),
            pos: Point {
                x: id as f32 * 200.0,
                y: 0.0,
            },
            size: DiagramNode::DEFAULT_SIZE,
        }))
    }

    fn arrow(id: u64, from: u64, to: u64) -> EditEvent {
        EditEvent::Diagram(DiagramCommand::add_edge(DiagramEdge {
            id: EdgeId(id),
            from: NodeId(from),
            to: NodeId(to),
            label: String::new(),
            kind: EdgeKind::Request,
        }))
    }

    fn log() -> Vec<LogEntry> {
        vec![
            entry(
                20_000,
                EditEvent::Interview(InterviewEvent::Asked {
                    question: "How many users?".to_owned(),
                    asked_as: "users?".to_owned(),
                    answer: "10M".to_owned(),
                    phase: "clarify".to_owned(),
                    at_ms: 20_000,
                }),
            ),
            entry(60_000, EditEvent::Phase { index: 1 }),
            entry(61_000, node(1)),
            entry(62_000, node(2)),
            entry(63_000, arrow(1, 1, 2)),
            entry(90_000, EditEvent::Paused),
            entry(90_000, EditEvent::Resumed),
            entry(120_000, EditEvent::Phase { index: 0 }),
            entry(121_000, node(3)),
            entry(
                122_000,
                EditEvent::Diagram(DiagramCommand::remove_nodes([NodeId(2)])),
            ),
            entry(150_000, EditEvent::Phase { index: 1 }),
            entry(151_000, node(4)),
        ]
    }

    #[test]
    fn visits_follow_phase_changes_and_budgets_add_up_across_visits() {
        let timeline = Timeline::of(&log(), 200_000, &[50_000, 100_000]);
        assert_eq!(
            timeline
                .visits
                .iter()
                .map(|v| (v.phase, v.from_ms, v.to_ms))
                .collect::<Vec<_>>(),
            [
                (0, 0, 60_000),
                (1, 60_000, 120_000),
                (0, 120_000, 150_000),
                (1, 150_000, 200_000)
            ]
        );
        // Phase 0 reaches 50 s inside its first visit; phase 1 has 60 s before its second
        // visit, so it reaches 100 s 40 s into it.
        assert_eq!(
            timeline.budgets_reached,
            [
                BudgetReached {
                    phase: 0,
                    at_ms: 50_000
                },
                BudgetReached {
                    phase: 1,
                    at_ms: 190_000
                }
            ]
        );
        assert_eq!(
            timeline.over_budget,
            [(50_000, 60_000), (120_000, 150_000), (190_000, 200_000)]
        );
        assert_eq!(timeline.phase_at(125_000), Some(0));
        assert_eq!(timeline.phase_at(500_000), Some(1));
        let kinds: Vec<MarkKind> = timeline.marks.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, [MarkKind::Question, MarkKind::Pause]);
        assert_eq!(timeline.marks[0].text, "Asked: users?");
        assert_eq!(timeline.drawing.iter().sum::<u32>(), 6);
        assert_eq!(timeline.bucket_ms, MIN_BUCKET_MS);
        assert_eq!(timeline.drawing[61_000 / 5_000], 3);
    }

    #[test]
    fn growth_counts_what_each_phase_added_over_its_visits() {
        let growth = growth_from_log(&log(), 2);
        // Phase 1 added boxes 1 and 2 and an arrow, then box 4; phase 0 added box 3 (and took
        // box 2 away with its arrow, which does not count against it).
        assert_eq!(
            growth,
            [
                PhaseGrowth {
                    boxes: 1,
                    arrows: 0
                },
                PhaseGrowth {
                    boxes: 3,
                    arrows: 1
                }
            ]
        );
    }

    #[test]
    fn a_long_drill_keeps_the_activity_strip_bounded() {
        let entries: Vec<LogEntry> = (0..10_000u64)
            .map(|i| entry(i * 3_600, node(i + 1)))
            .collect();
        let timeline = Timeline::of(&entries, 10 * 3_600_000, &[]);
        assert!(timeline.drawing.len() <= MAX_BUCKETS + 1);
        assert_eq!(timeline.drawing.iter().sum::<u32>(), 10_000);
    }

    #[test]
    fn words_are_runs_of_non_space() {
        assert_eq!(word_count("  feature store\n- p99 < 50 ms "), 7);
        assert_eq!(word_count(""), 0);
    }
}
