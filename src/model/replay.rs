//! Replaying an edit log: the diagram, notes, checklist, interviewer log and scratchpad as
//! they stood at any drill time.
//!
//! A `Replay` keeps a copy of the state every `CHECKPOINT_EVERY` entries, built in memory in
//! one pass when the log is loaded (never saved), so a seek starts from the nearest checkpoint
//! at or before it and applies at most `CHECKPOINT_EVERY - 1` entries.

use super::capacity::Scratchpad;
use super::diagram::Diagram;
use super::edit_log::{EditEvent, LogEntry};
use super::session::InterviewEvent;

/// Entries between two checkpoints.
pub const CHECKPOINT_EVERY: usize = 128;

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
            EditEvent::Acknowledged { index } => match self.interview.get_mut(*index) {
                Some(InterviewEvent::Curveball {
                    acknowledged_at_ms: acknowledged @ None,
                    ..
                }) => {
                    *acknowledged = Some(at_ms);
                    true
                }
                _ => false,
            },
            EditEvent::Scratchpad { field, value } => self.scratchpad.set(*field, *value).is_ok(),
            EditEvent::Paused => {
                self.paused = true;
                true
            }
            EditEvent::Resumed => {
                self.paused = false;
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
    /// `checkpoints[k]` is the state after `k * CHECKPOINT_EVERY` entries.
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
        let mut state = ReplayState::start(phase_count);
        let mut checkpoints = vec![state.clone()];
        for (i, entry) in entries.iter().enumerate() {
            state.apply(entry);
            if (i + 1) % CHECKPOINT_EVERY == 0 {
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
        let k = (count / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
        let mut state = self.checkpoints[k].clone();
        self.advance(&mut state, count);
        state
    }

    /// Moves `state` to just after `count` entries: forwards by applying the entries between
    /// when no checkpoint is nearer, otherwise from the nearest checkpoint at or before
    /// `count`. This is what a playhead uses, so playing forwards costs one entry per entry.
    pub fn seek(&self, state: &mut ReplayState, count: usize) {
        let count = count.min(self.entries.len());
        let k = (count / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
        if state.applied > count || state.applied < k * CHECKPOINT_EVERY {
            state.clone_from(&self.checkpoints[k]);
        }
        self.advance(state, count);
    }

    /// Applies the entries from `state.applied` up to `count`.
    fn advance(&self, state: &mut ReplayState, count: usize) {
        let from = state.applied.min(count);
        for entry in &self.entries[from..count] {
            state.apply(entry);
        }
    }
}
