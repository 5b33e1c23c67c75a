//! Replaying an edit log: the diagram, notes, checklist, interviewer log and scratchpad as
//! they stood at any drill time.
//!
//! A `Replay` keeps a copy of the state every `CHECKPOINT_EVERY` entries, built in memory in
//! one pass when the log is loaded (never saved), so a seek starts from the nearest checkpoint
//! at or before it and applies at most `CHECKPOINT_EVERY - 1` entries. The copies hold at most
//! `MAX_SNAPSHOT_ITEMS` boxes, arrows and zones together, as snapshots do, so a hostile log of
//! many tiny entries over a huge diagram cannot fill the memory (seeks past the last copy kept
//! then apply more entries).

use super::capacity::Scratchpad;
use super::diagram::{Diagram, NodeId};
use super::diagram_ops::DiagramCommand;
use super::edit_log::{EditEvent, LogEntry};
use super::limits::MAX_SNAPSHOT_ITEMS;
use super::session::InterviewEvent;

/// Entries between two checkpoints.
pub const CHECKPOINT_EVERY: usize = 128;

/// The most phases a replay keeps notes for; a log claiming more is cut to this many.
pub const MAX_REPLAY_PHASES: usize = 64;

/// One phase's notes and ticks at a moment of the replay.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReplayPhase {
    /// The phase's notes.
    pub notes: String,
    /// The ticked prompts, ascending.
    pub checked: Vec<usize>,
}

/// Everything the review shows of a drill at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplayState {
    /// How many log entries have been applied.
    pub applied: usize,
    /// The diagram.
    pub diagram: Diagram,
    /// Notes and ticks, one per framework phase.
    pub phases: Vec<ReplayPhase>,
    /// Questions asked, assumptions and follow-up cards, as the drill's log holds them.
    pub interview: Vec<InterviewEvent>,
    /// The scratchpad's inputs.
    pub scratchpad: Scratchpad,
    /// The active phase's index.
    pub current: usize,
    /// Whether the clock was stopped.
    pub paused: bool,
    /// Whether the drill had been finished.
    pub finished: bool,
    /// Entries that did not fit the state they met (a damaged or hand-edited log) and were
    /// skipped; 0 for a log the app wrote.
    pub skipped: usize,
}

impl ReplayState {
    /// The state at the start of a drill of `phase_count` phases: an empty diagram, no notes,
    /// the default scratchpad.
    pub fn start(phase_count: usize) -> Self {
        Self {
            applied: 0,
            diagram: Diagram::default(),
            phases: vec![ReplayPhase::default(); phase_count],
            interview: Vec::new(),
            scratchpad: Scratchpad::default(),
            current: 0,
            paused: false,
            finished: false,
            skipped: 0,
        }
    }

    /// Applies one entry. An entry that does not fit (a command the diagram refuses, a notes
    /// edit past the end, a phase that does not exist) changes nothing and is counted in
    /// `skipped`: replay never panics on a damaged file.
    pub fn apply(&mut self, entry: &LogEntry) {
        self.applied += 1;
        if !self.apply_event(entry.at_ms, &entry.event) {
            self.skipped += 1;
        }
    }

    /// Applies one event; returns whether it fitted.
    fn apply_event(&mut self, at_ms: u64, event: &EditEvent) -> bool {
        match event {
            EditEvent::Diagram(command) => command.clone().apply(&mut self.diagram).is_ok(),
            EditEvent::Notes { phase, edit } => self
                .phases
                .get_mut(*phase)
                .is_some_and(|p| edit.apply(&mut p.notes).is_ok()),
            EditEvent::Checklist {
                phase,
                prompt,
                ticked,
            } => {
                let Some(record) = self.phases.get_mut(*phase) else {
                    return false;
                };
                let at = record.checked.binary_search(prompt);
                match (at, *ticked) {
                    (Err(i), true) => record.checked.insert(i, *prompt),
                    (Ok(i), false) => {
                        record.checked.remove(i);
                    }
                    _ => {}
                }
                true
            }
            EditEvent::Interview(event) => {
                self.interview.push(event.clone());
                true
            }
            EditEvent::Acknowledged { index } => match self
                .interview
                .get_mut(*index)
                .and_then(InterviewEvent::acknowledgement_mut)
            {
                Some(acknowledged @ None) => {
                    *acknowledged = Some(at_ms);
                    true
                }
                _ => false,
            },
            EditEvent::Scratchpad { field, value } => self.scratchpad.set(*field, *value).is_ok(),
            EditEvent::InterviewTrimmed { len } => {
                if *len > self.interview.len() {
                    return false;
                }
                self.interview.truncate(*len);
                true
            }
            // A finished drill reopened is paused, so pausing (or resuming) ends "finished".
            EditEvent::Paused => {
                self.paused = true;
                self.finished = false;
                true
            }
            EditEvent::Resumed => {
                self.paused = false;
                self.finished = false;
                true
            }
            EditEvent::Phase { index } => {
                if *index < self.phases.len() {
                    self.current = *index;
                    true
                } else {
                    false
                }
            }
            EditEvent::Finished => {
                self.finished = true;
                self.paused = false;
                true
            }
        }
    }
}

/// A loaded edit log with its seek checkpoints.
#[derive(Clone, Debug)]
pub struct Replay {
    entries: Vec<LogEntry>,
    /// States after 0, `CHECKPOINT_EVERY`, 2 × … entries (each knows its `applied`), while
    /// they fit the item budget.
    checkpoints: Vec<ReplayState>,
}

impl Replay {
    /// Builds the checkpoints for a log of a drill with `phase_count` phases, in one pass.
    /// Times that go backwards (a damaged file) are raised to the entry before's, so seeking
    /// by time stays well defined.
    pub fn new(mut entries: Vec<LogEntry>, phase_count: usize) -> Self {
        let mut last = 0;
        for entry in &mut entries {
            entry.at_ms = entry.at_ms.max(last);
            last = entry.at_ms;
        }
        let mut state = ReplayState::start(phase_count.min(MAX_REPLAY_PHASES));
        let mut checkpoints = vec![state.clone()];
        let mut items = 0;
        for (i, entry) in entries.iter().enumerate() {
            state.apply(entry);
            if (i + 1) % CHECKPOINT_EVERY == 0 {
                let d = &state.diagram;
                items += d.nodes.len() + d.edges.len() + d.zones.len();
                if items > MAX_SNAPSHOT_ITEMS {
                    break;
                }
                checkpoints.push(state.clone());
            }
        }
        Self {
            entries,
            checkpoints,
        }
    }

    /// The log's entries, in time order.
    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// The states kept for seeking: after 0, `CHECKPOINT_EVERY`, 2 × … entries.
    pub fn checkpoints(&self) -> &[ReplayState] {
        &self.checkpoints
    }

    /// The drill time of the last entry (0 for an empty log).
    pub fn end_ms(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.at_ms)
    }

    /// How many entries happened at or before drill time `at_ms`.
    pub fn count_at(&self, at_ms: u64) -> usize {
        self.entries.partition_point(|e| e.at_ms <= at_ms)
    }

    /// The state at drill time `at_ms`: every entry at or before it applied.
    pub fn state_at(&self, at_ms: u64) -> ReplayState {
        self.state_after(self.count_at(at_ms))
    }

    /// The state after the first `count` entries (all of them when `count` is larger).
    pub fn state_after(&self, count: usize) -> ReplayState {
        let count = count.min(self.entries.len());
        let mut state = self.checkpoint_before(count).clone();
        self.advance(&mut state, count);
        state
    }

    /// Moves `state` to just after `count` entries: forwards by applying the entries between
    /// when no checkpoint is nearer, otherwise from the nearest checkpoint at or before
    /// `count`. This is what a playhead uses, so playing forwards costs one entry per entry.
    pub fn seek(&self, state: &mut ReplayState, count: usize) {
        let count = count.min(self.entries.len());
        let checkpoint = self.checkpoint_before(count);
        if state.applied > count || state.applied < checkpoint.applied {
            state.clone_from(checkpoint);
        }
        self.advance(state, count);
    }

    /// How many entries it took for box `id`, as it is at the end, to appear: the count up to
    /// and including the entry that added it, for "when did I first draw this?". Ids are
    /// used again after an undo, so a later `Add` of the id is a new box and counts from
    /// there; undo and redo put the same box back (`Restore`) and do not.
    pub fn first_with_node(&self, id: NodeId) -> Option<usize> {
        self.entries
            .iter()
            .rposition(|e| matches!(&e.event, EditEvent::Diagram(c) if adds_node(c, id)))
            .map(|i| i + 1)
    }

    /// How many entries it took for `quote` (a line of notes) to appear in some phase's notes:
    /// the count up to and including the first notes entry after which one holds it.
    pub fn first_with_quote(&self, quote: &str) -> Option<usize> {
        let quote = quote.trim();
        if quote.is_empty() {
            return None;
        }
        let mut notes = vec![String::new(); self.checkpoints[0].phases.len()];
        for (i, entry) in self.entries.iter().enumerate() {
            if let EditEvent::Notes { phase, edit } = &entry.event
                && let Some(text) = notes.get_mut(*phase)
                && edit.apply(text).is_ok()
                && text.contains(quote)
            {
                return Some(i + 1);
            }
        }
        None
    }

    /// The last checkpoint at or before `count` entries (the start is always one).
    fn checkpoint_before(&self, count: usize) -> &ReplayState {
        let after = self.checkpoints.partition_point(|c| c.applied <= count);
        &self.checkpoints[after.saturating_sub(1)]
    }

    /// Applies the entries from `state.applied` up to `count`.
    fn advance(&self, state: &mut ReplayState, count: usize) {
        let from = state.applied.min(count);
        for entry in &self.entries[from..count] {
            state.apply(entry);
        }
    }
}

/// Whether a command adds a new box with id `id` (on its own or in a batch); putting a
/// removed box back (`Restore`) is not a new box.
fn adds_node(command: &DiagramCommand, id: NodeId) -> bool {
    match command {
        DiagramCommand::Add(fragment) => fragment.nodes.iter().any(|n| n.id == id),
        DiagramCommand::Batch(commands) => commands.iter().any(|c| adds_node(c, id)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::edit_log::EditLog;
    use crate::model::replay_sample::SimulatedDrill;

    /// Applies the first `count` entries one by one from the start, without checkpoints.
    fn from_scratch(entries: &[LogEntry], phases: usize, count: usize) -> ReplayState {
        let mut state = ReplayState::start(phases);
        for entry in &entries[..count] {
            state.apply(entry);
        }
        state
    }

    /// The live state with `applied` (which only a replay counts) set to `count`.
    fn live_with(drill: &SimulatedDrill, count: usize) -> ReplayState {
        let mut live = drill.live.clone();
        live.applied = count;
        live
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn replaying_the_log_rebuilds_the_drill_exactly(
            steps in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>()), 1..700),
        ) {
            let mut drill = SimulatedDrill::new(5);
            for (op, a, b) in steps {
                drill.step(op, a, b);
            }
            let entries = drill.log.entries().to_vec();
            let replay = Replay::new(entries.clone(), 5);
            let end = replay.state_after(entries.len());
            prop_assert_eq!(end.skipped, 0, "a recorded entry did not apply");
            prop_assert_eq!(&end, &live_with(&drill, entries.len()));
            prop_assert_eq!(&replay.state_at(u64::MAX), &end);

            // Every checkpoint is what a replay from the start gives.
            for (k, checkpoint) in replay.checkpoints().iter().enumerate() {
                prop_assert_eq!(checkpoint.applied, k * CHECKPOINT_EVERY);
                prop_assert_eq!(checkpoint, &from_scratch(&entries, 5, checkpoint.applied));
            }

            // Seeking by time lands on every entry at or before it, backwards or forwards.
            let mut playhead = ReplayState::start(5);
            for at_ms in [end_quarter(&replay, 3), 0, end_quarter(&replay, 1), replay.end_ms()] {
                let count = replay.count_at(at_ms);
                prop_assert!(entries[..count].iter().all(|e| e.at_ms <= at_ms));
                prop_assert!(entries[count..].iter().all(|e| e.at_ms > at_ms));
                let expected = from_scratch(&entries, 5, count);
                prop_assert_eq!(&replay.state_at(at_ms), &expected);
                replay.seek(&mut playhead, count);
                prop_assert_eq!(&playhead, &expected);
            }
        }
    }

    fn end_quarter(replay: &Replay, quarters: u64) -> u64 {
        replay.end_ms() / 4 * quarters
    }

    #[test]
    fn a_heavy_drill_replays_to_its_live_state() {
        let drill = SimulatedDrill::heavy(5_000, 21);
        let entries = drill.log.entries().to_vec();
        assert!(entries.len() >= 5_000);
        let replay = Replay::new(entries.clone(), 5);
        assert_eq!(
            replay.checkpoints().len(),
            entries.len() / CHECKPOINT_EVERY + 1
        );
        let end = replay.state_at(replay.end_ms());
        assert_eq!(end, live_with(&drill, entries.len()));
        assert!(end.diagram.nodes.len() > 50, "{}", end.diagram.nodes.len());
        assert!(end.phases.iter().all(|p| !p.notes.is_empty()));
    }

    #[test]
    fn entries_that_do_not_fit_are_skipped_and_counted() {
        let mut log = EditLog::new();
        log.record(10, EditEvent::Phase { index: 9 });
        log.record(20, EditEvent::Acknowledged { index: 0 });
        log.record(
            30,
            EditEvent::Diagram(crate::model::DiagramCommand::remove_nodes([
                crate::model::NodeId(4),
            ])),
        );
        log.notes_changed(40, 0, "", "kept");
        log.record(
            50,
            EditEvent::Notes {
                phase: 0,
                edit: crate::model::TextEdit {
                    start: 99,
                    removed: 1,
                    inserted: String::new(),
                },
            },
        );
        let state = Replay::new(log.entries().to_vec(), 2).state_at(1_000);
        assert_eq!((state.applied, state.skipped), (5, 4));
        assert_eq!(state.phases[0].notes, "kept");
    }

    #[test]
    fn checkpoints_of_a_huge_diagram_stay_within_the_item_budget() {
        let nodes = (1..=10_000u64)
            .map(|i| crate::model::DiagramNode {
                id: crate::model::NodeId(i),
                kind: crate::model::NodeKind::Service,
                label: String::new(),
                pos: crate::model::Point {
                    x: (i % 100) as f32 * 200.0,
                    y: (i / 100) as f32 * 100.0,
                },
                size: crate::model::DiagramNode::DEFAULT_SIZE,
            })
            .collect();
        let mut entries = vec![LogEntry {
            at_ms: 0,
            event: EditEvent::Diagram(crate::model::DiagramCommand::Add(crate::model::Fragment {
                nodes,
                ..crate::model::Fragment::default()
            })),
        }];
        entries.extend((1..=CHECKPOINT_EVERY as u64 * 150).map(|i| LogEntry {
            at_ms: i,
            event: EditEvent::Paused,
        }));
        let replay = Replay::new(entries, 99);
        let kept = replay.checkpoints().len();
        assert!(
            kept <= MAX_SNAPSHOT_ITEMS / 10_000 + 1,
            "{kept} checkpoints"
        );
        let end = replay.state_at(u64::MAX);
        assert_eq!(end.applied, CHECKPOINT_EVERY * 150 + 1);
        assert_eq!(end.diagram.nodes.len(), 10_000);
        assert_eq!(end.phases.len(), MAX_REPLAY_PHASES);
        let mut playhead = replay.state_after(3);
        replay.seek(&mut playhead, CHECKPOINT_EVERY * 140);
        assert_eq!(playhead.applied, CHECKPOINT_EVERY * 140);
    }

    #[test]
    fn evidence_is_found_where_it_first_appeared() {
        let drill = SimulatedDrill::heavy(2_000, 7);
        let entries = drill.log.entries().to_vec();
        let replay = Replay::new(entries.clone(), 5);
        let end = replay.state_at(u64::MAX);
        let node = end.diagram.nodes.last().expect("boxes were drawn");
        let count = replay.first_with_node(node.id).expect("it was added");
        assert!(replay.state_after(count).diagram.node(node.id).is_some());
        assert!(
            replay
                .state_after(count - 1)
                .diagram
                .node(node.id)
                .is_none()
        );

        let line = end
            .phases
            .iter()
            .flat_map(|p| p.notes.lines())
            .find(|l| l.trim().len() > 8)
            .expect("a line of notes");
        let count = replay.first_with_quote(line).expect("it was typed");
        let holds =
            |state: &ReplayState| state.phases.iter().any(|p| p.notes.contains(line.trim()));
        assert!(holds(&replay.state_after(count)));
        assert!(!holds(&replay.state_after(count - 1)));
        assert_eq!(replay.first_with_quote("never typed at all"), None);
        assert_eq!(replay.first_with_node(NodeId(u64::MAX)), None);
    }

    #[test]
    fn a_box_id_used_again_after_an_undo_is_a_new_box_but_a_redo_is_not() {
        let node = |label: &str| crate::model::DiagramNode {
            id: NodeId(1),
            kind: crate::model::NodeKind::Service,
            label: label.to_owned(),
            pos: crate::model::Point { x: 0.0, y: 0.0 },
            size: crate::model::DiagramNode::DEFAULT_SIZE,
        };
        let mut diagram = Diagram::default();
        let mut entries = Vec::new();
        let mut log = |command: DiagramCommand, diagram: &mut Diagram| {
            let inverse = command.clone().apply(diagram).expect("applies");
            entries.push(LogEntry {
                at_ms: entries.len() as u64 * 1_000,
                event: EditEvent::Diagram(command),
            });
            inverse
        };
        // Drawn, undone, and another box drawn with the freed id.
        let undo = log(DiagramCommand::add_node(node("stray")), &mut diagram);
        log(undo, &mut diagram);
        let undo = log(
            DiagramCommand::add_node(node("feature store")),
            &mut diagram,
        );
        // That one undone and redone: still the same box.
        let redo = log(undo, &mut diagram);
        log(redo, &mut diagram);
        let replay = Replay::new(entries, 1);
        assert_eq!(replay.first_with_node(NodeId(1)), Some(3));
        let state = replay.state_after(3);
        assert_eq!(
            state.diagram.node(NodeId(1)).map(|n| n.label.as_str()),
            Some("feature store")
        );
    }

    #[test]
    fn times_going_backwards_are_raised_so_seeking_stays_in_order() {
        let entries = vec![
            LogEntry {
                at_ms: 500,
                event: EditEvent::Paused,
            },
            LogEntry {
                at_ms: 100,
                event: EditEvent::Resumed,
            },
        ];
        let replay = Replay::new(entries, 1);
        assert_eq!(replay.count_at(499), 0);
        assert_eq!(replay.count_at(500), 2);
        assert!(!replay.state_at(500).paused);
    }
}
