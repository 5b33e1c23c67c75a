//! Recording a drill's edit log as it happens: diagram commands are logged as the reducer
//! applies them, and everything else (notes, ticks, the interviewer log, the scratchpad, the
//! phase and the clock's state) as the difference between the session and what the log
//! already replays to. So whatever changes the drill, by whichever path, is logged, and the
//! log always replays to the session as it is.

use std::time::Duration;

use super::capacity::{ScratchpadField, check_input};
use super::diagram::Diagram;
use super::diagram_ops::{DiagramCommand, Fragment, Selection};
use super::edit_log::{EditEvent, EditLog, LogEntry, NOTES_WINDOW_MS};
use super::replay::{MAX_REPLAY_PHASES, ReplayState};
use super::session::{DrillStatus, InterviewEvent, Session};

/// A notes entry still open this long on the wall clock is closed, even while the drill clock
/// stands still (typing while paused), so a crash never loses more than about this much.
pub const SETTLE_AFTER: Duration = Duration::from_millis(NOTES_WINDOW_MS);

/// The log of a drill being recorded and the state it replays to.
#[derive(Clone, Debug)]
pub struct DrillRecording {
    log: EditLog,
    /// What replaying `log` gives: every change is logged as the difference from this.
    recorded: ReplayState,
    /// How many entries have been handed out to be written.
    handed: usize,
    /// The open notes entry's index and when (monotonic) it was first seen open.
    notes_opened: Option<(usize, Duration)>,
}

impl DrillRecording {
    /// A new, empty recording of a drill of `phase_count` phases.
    pub fn new(phase_count: usize) -> Self {
        Self::from_log(Vec::new(), phase_count, true)
    }

    /// A recording that goes on from `entries` (read back from a `.replay` file, or a copy's
    /// original). `on_disk` says whether they are already written where this recording
    /// writes; a copy's are not, so they are handed out again.
    pub fn from_log(entries: Vec<LogEntry>, phase_count: usize, on_disk: bool) -> Self {
        let mut recorded = ReplayState::start(phase_count.min(MAX_REPLAY_PHASES));
        for entry in &entries {
            recorded.apply(entry);
        }
        let handed = if on_disk { entries.len() } else { 0 };
        Self {
            log: EditLog::from_entries(entries),
            recorded,
            handed,
            notes_opened: None,
        }
    }

    /// Every entry so far, an open notes entry included.
    pub fn entries(&self) -> &[LogEntry] {
        self.log.entries()
    }

    /// The state the log replays to.
    pub fn recorded(&self) -> &ReplayState {
        &self.recorded
    }

    /// Logs a diagram command the reducer applied to the session's diagram at drill time
    /// `at_ms` (an edit, or what undo or redo applied).
    pub fn diagram_applied(&mut self, at_ms: u64, command: &DiagramCommand) {
        if command.is_noop() {
            return;
        }
        let applied = command.clone().apply(&mut self.recorded.diagram).is_ok();
        if applied {
            self.push(at_ms, EditEvent::Diagram(command.clone()));
        }
    }

    /// Logs, at the session's drill time, whatever of the drill differs from what the log
    /// replays to: notes (as diffs, coalesced), ticks, the interviewer log, the scratchpad, the
    /// phase and the clock's state. `wall` is the monotonic time now, for closing a notes entry
    /// while the drill clock stands still. Call it after every change.
    pub fn observe(&mut self, session: &Session, wall: Duration) {
        let drill = &session.drill;
        let at_ms = drill.now_ms();
        for (phase, (live, recorded)) in drill
            .phases
            .iter()
            .zip(self.recorded.phases.iter_mut())
            .enumerate()
        {
            if live.notes != recorded.notes {
                self.log
                    .notes_changed(at_ms, phase, &recorded.notes, &live.notes);
                recorded.notes.clone_from(&live.notes);
            }
        }
        self.observe_ticks(session, at_ms);
        self.observe_scratchpad(session, at_ms);
        self.observe_interview(session, at_ms);
        if drill.current != self.recorded.current && drill.current < self.recorded.phases.len() {
            self.push(
                at_ms,
                EditEvent::Phase {
                    index: drill.current,
                },
            );
        }
        let status = (self.recorded.paused, self.recorded.finished);
        let event = match drill.status {
            DrillStatus::Running if status != (false, false) => Some(EditEvent::Resumed),
            DrillStatus::Paused if status != (true, false) => Some(EditEvent::Paused),
            DrillStatus::Finished if !self.recorded.finished => Some(EditEvent::Finished),
            _ => None,
        };
        if let Some(event) = event {
            self.push(at_ms, event);
        }
        let open = self
            .log
            .len()
            .checked_sub(1)
            .filter(|_| self.log.has_open_notes());
        self.notes_opened = match (open, self.notes_opened) {
            (Some(index), Some((seen, since))) if index == seen => Some((seen, since)),
            (Some(index), _) => Some((index, wall)),
            (None, _) => None,
        };
    }

    /// Logs a reset of the diagram when the log's diagram differs from `diagram` (which only a
    /// change made outside `diagram_applied` can cause: a drill resumed after a crash, whose
    /// log and last save were written at different moments). Costs a comparison of the two
    /// diagrams, so it is called at checkpoints, not every frame.
    pub fn reconcile_diagram(&mut self, at_ms: u64, diagram: &Diagram) {
        if self.recorded.diagram == *diagram {
            return;
        }
        let old = &self.recorded.diagram;
        let everything = Selection {
            nodes: old.nodes.iter().map(|n| n.id).collect(),
            edges: old.edges.iter().map(|e| e.id).collect(),
            zones: old.zones.iter().map(|z| z.id).collect(),
        };
        let reset = DiagramCommand::Batch(vec![
            DiagramCommand::Remove(everything),
            DiagramCommand::Add(Fragment {
                nodes: diagram.nodes.clone(),
                edges: diagram.edges.clone(),
                zones: diagram.zones.clone(),
            }),
        ]);
        self.diagram_applied(at_ms, &reset);
    }

    /// The settled entries not handed out yet, to append to the file: a notes entry closes
    /// once its window has passed on the drill clock (`now_ms`) or on the wall clock (`wall`).
    /// `all` closes it whatever its age (leaving, finishing, exiting).
    pub fn take_unwritten(&mut self, now_ms: u64, wall: Duration, all: bool) -> Vec<LogEntry> {
        self.log.settle(now_ms);
        let stale = self
            .notes_opened
            .is_some_and(|(_, opened)| wall.saturating_sub(opened) >= SETTLE_AFTER);
        if all || stale {
            self.log.settle(u64::MAX);
        }
        if !self.log.has_open_notes() {
            self.notes_opened = None;
        }
        let settled = self.log.settled();
        let new = settled.get(self.handed..).unwrap_or_default().to_vec();
        self.handed = settled.len();
        new
    }

    /// Hands every entry out again from the first (the file moved: "save elsewhere").
    pub fn rewrite_from_start(&mut self) {
        self.handed = 0;
    }

    /// How long until the open notes entry closes on the wall clock, if one is open.
    pub fn settles_in(&self, wall: Duration) -> Option<Duration> {
        self.notes_opened
            .map(|(_, opened)| SETTLE_AFTER.saturating_sub(wall.saturating_sub(opened)))
    }

    /// Appends an event and applies it to the recorded state.
    fn push(&mut self, at_ms: u64, event: EditEvent) {
        self.log.record(at_ms, event);
        // Diagram commands were applied by `diagram_applied` already.
        if let Some(entry) = self.log.entries().last()
            && !matches!(entry.event, EditEvent::Diagram(_))
        {
            let entry = entry.clone();
            self.recorded.apply(&entry);
        }
    }

    /// Logs each checklist prompt ticked or unticked since the last look.
    fn observe_ticks(&mut self, session: &Session, at_ms: u64) {
        let mut changes = Vec::new();
        for (phase, (live, recorded)) in session
            .drill
            .phases
            .iter()
            .zip(&self.recorded.phases)
            .enumerate()
        {
            for prompt in &live.checked {
                if !recorded.checked.contains(prompt) {
                    changes.push((phase, *prompt, true));
                }
            }
            for prompt in &recorded.checked {
                if !live.checked.contains(prompt) {
                    changes.push((phase, *prompt, false));
                }
            }
        }
        for (phase, prompt, ticked) in changes {
            self.push(
                at_ms,
                EditEvent::Checklist {
                    phase,
                    prompt,
                    ticked,
                },
            );
        }
    }

    /// Logs each scratchpad input that changed.
    fn observe_scratchpad(&mut self, session: &Session, at_ms: u64) {
        for field in ScratchpadField::ALL {
            let value = session.drill.scratchpad.get(field);
            // A value the scratchpad refuses would not replay (and would be logged again on
            // every look); the app never sets one.
            if value.to_bits() != self.recorded.scratchpad.get(field).to_bits()
                && check_input(value).is_ok()
            {
                self.push(at_ms, EditEvent::Scratchpad { field, value });
            }
        }
    }

    /// Logs events added to the interviewer log and cards acknowledged; when the session's log
    /// is not the recorded one grown (a drill resumed after a crash), cuts the recorded one
    /// back to where they part and logs the rest again, so the two are always equal.
    fn observe_interview(&mut self, session: &Session, at_ms: u64) {
        let live = &session.drill.log;
        let recorded = &self.recorded.interview;
        if live == recorded {
            return;
        }
        let mut acknowledged: Vec<(usize, u64)> = Vec::new();
        let mut same = 0;
        for (index, (now, was)) in live.iter().zip(recorded).enumerate() {
            if now == was {
                same = index + 1;
            } else if let Some(at) = acknowledged_now(was, now) {
                acknowledged.push((index, at));
                same = index + 1;
            } else {
                break;
            }
        }
        // An acknowledgement is logged at its own time, which must not be before the last
        // entry (the log stays in time order); the clock only moves on, so it never is when
        // this runs after each change.
        let mut last = self.log.last_ms();
        let in_order = acknowledged.iter().all(|&(_, at)| {
            let fits = at >= last;
            last = at;
            fits
        });
        if same == recorded.len() && in_order {
            for (index, at) in acknowledged {
                self.push(at, EditEvent::Acknowledged { index });
            }
        } else {
            same = acknowledged.first().map_or(same, |&(index, _)| index);
            self.push(at_ms, EditEvent::InterviewTrimmed { len: same });
        }
        for event in &live[same..] {
            self.push(at_ms, EditEvent::Interview(event.clone()));
        }
    }
}

/// When `now` is the card (follow-up card or interviewer prompt) `was` with only its
/// acknowledgement added, the time it was acknowledged.
fn acknowledged_now(was: &InterviewEvent, now: &InterviewEvent) -> Option<u64> {
    let mut was_copy = was.clone();
    if was_copy.acknowledgement_mut().is_none_or(|a| a.is_some()) {
        return None;
    }
    let mut unacknowledged = now.clone();
    let at = unacknowledged.acknowledgement_mut()?.take()?;
    (unacknowledged == *was).then_some(at)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::model::diagram::{DiagramEdge, DiagramNode, EdgeKind, NodeKind, Point};
    use crate::model::diagram_ops::History;
    use crate::model::replay::{CHECKPOINT_EVERY, Replay};
    use crate::model::scenario::{FollowUpCard, Scenario};
    use crate::model::{TextEdit, Timestamp};

    fn scenario() -> Scenario {
        let frameworks = vec![crate::store::builtin::framework().clone()];
        crate::store::builtin::scenarios(&frameworks)
            .into_iter()
            .flatten()
            .find(|s| !s.questions.is_empty())
            .expect("a built-in scenario with questions")
    }

    /// A drill driven through the session's own rules and an undo history, as the app drives
    /// it, with the recording watching.
    struct Drill {
        session: Session,
        history: History,
        recording: DrillRecording,
        /// Monotonic time now.
        wall: Duration,
        /// What the file holds: entries handed out so far.
        written: Vec<LogEntry>,
        /// The session as last saved, for a crash to go back to.
        saved: Session,
    }

    const WORDS: [&str; 8] = [
        "feature store",
        "p99 < 50 ms",
        "café",
        "日本語",
        "\n- ",
        "😀",
        "label delay",
        "\"quoted\"",
    ];

    impl Drill {
        fn new() -> Self {
            let scenario = scenario();
            let framework = crate::store::builtin::framework();
            let session = Session::start(&scenario, framework, 45, Timestamp(0), Duration::ZERO);
            let phases = session.drill.phases.len();
            Self {
                saved: session.clone(),
                session,
                history: History::new(),
                recording: DrillRecording::new(phases),
                wall: Duration::ZERO,
                written: Vec::new(),
            }
        }

        fn apply(&mut self, command: DiagramCommand) {
            let at = self.session.drill.now_ms();
            let logged = command.clone();
            if self
                .history
                .apply(&mut self.session.diagram, command)
                .is_ok()
            {
                self.recording.diagram_applied(at, &logged);
            }
        }

        fn pick_node(&self, a: u32) -> Option<crate::model::NodeId> {
            let nodes = &self.session.diagram.nodes;
            (!nodes.is_empty()).then(|| nodes[a as usize % nodes.len()].id)
        }

        fn step(&mut self, op: u8, a: u32, b: u32, scenario: &Scenario) {
            self.wall += Duration::from_millis(30 + u64::from(b % 700));
            let now = self.wall;
            let phases = self.session.drill.phases.len();
            let drill = &mut self.session.drill;
            drill.tick(now);
            let phase = drill.current;
            match op % 20 {
                0..=4 => {
                    let mut notes = drill.phases[phase].notes.clone();
                    let mut at = b as usize % (notes.len() + 1);
                    while !notes.is_char_boundary(at) {
                        at -= 1;
                    }
                    if a.is_multiple_of(4) && !notes.is_empty() {
                        let mut end = (at + 1 + a as usize % 6).min(notes.len());
                        while !notes.is_char_boundary(end) {
                            end += 1;
                        }
                        notes.replace_range(at..end, "");
                    } else {
                        notes.insert_str(at, WORDS[a as usize % WORDS.len()]);
                    }
                    drill.set_notes(phase, notes);
                }
                5 => {
                    drill.toggle_checked(a as usize % phases, b as usize % 5);
                }
                6 => {
                    let question = &scenario.questions[a as usize % scenario.questions.len()];
                    drill.ask(question, "in my words", now);
                }
                7 => {
                    drill.assume(WORDS[a as usize % WORDS.len()], now);
                }
                8 => {
                    let card = FollowUpCard {
                        id: format!("card-{}", a % 3),
                        phase: drill.current_phase_id().to_owned(),
                        text: "Traffic grows 10x".to_owned(),
                        items: Vec::new(),
                    };
                    drill.meet_curveball(&card);
                }
                9 => {
                    if let Some(index) = drill.open_curveball() {
                        drill.acknowledge(index, now);
                    }
                }
                10 => {
                    let field = ScratchpadField::ALL[a as usize % ScratchpadField::ALL.len()];
                    let _ = drill.scratchpad.set(field, f64::from(b % 100_000) + 1.0);
                }
                11 => drill.toggle_pause(now),
                12 => {
                    let index = a as usize % phases;
                    if self.session.go_to_phase(index, now) {
                        self.recording
                            .reconcile_diagram(self.session.drill.now_ms(), &self.session.diagram);
                    }
                }
                13 | 14 => {
                    let node = DiagramNode {
                        id: self.session.diagram.next_node_id(),
                        kind: NodeKind::ALL[a as usize % NodeKind::ALL.len()],
                        label: WORDS[b as usize % WORDS.len()].to_owned(),
                        pos: Point {
                            x: (a % 1500) as f32,
                            y: (b % 900) as f32,
                        },
                        size: DiagramNode::DEFAULT_SIZE,
                    };
                    self.apply(DiagramCommand::add_node(node));
                }
                15 => {
                    if let (Some(from), Some(to)) = (self.pick_node(a), self.pick_node(b)) {
                        let edge = DiagramEdge {
                            id: self.session.diagram.next_edge_id(),
                            from,
                            to,
                            label: String::new(),
                            kind: EdgeKind::ALL[b as usize % EdgeKind::ALL.len()],
                        };
                        self.apply(DiagramCommand::add_edge(edge));
                    }
                }
                16 => match (a % 4, self.pick_node(b)) {
                    (0, Some(id)) => self.apply(DiagramCommand::remove_nodes([id])),
                    (1, Some(id)) => self.apply(DiagramCommand::RenameNode {
                        id,
                        label: WORDS[a as usize % WORDS.len()].to_owned(),
                    }),
                    (2, Some(id)) => self.apply(DiagramCommand::Move {
                        nodes: vec![id],
                        zones: Vec::new(),
                        delta: Point { x: 20.0, y: -7.5 },
                    }),
                    _ => {
                        let tidy = crate::model::layout::tidy(&self.session.diagram);
                        self.apply(tidy);
                    }
                },
                17 => {
                    let at = self.session.drill.now_ms();
                    let applied = if a.is_multiple_of(2) {
                        self.history.undo_command(&mut self.session.diagram)
                    } else {
                        self.history.redo_command(&mut self.session.diagram)
                    };
                    if let Some(command) = applied {
                        self.recording.diagram_applied(at, &command);
                    }
                }
                18 => {
                    // The saver writes the session; the writer the settled entries.
                    self.saved = self.session.clone();
                }
                _ => {
                    if a.is_multiple_of(3) {
                        self.session.drill.finish(now);
                    } else {
                        self.session.drill.reopen();
                    }
                }
            }
            self.recording.observe(&self.session, self.wall);
            let all = b.is_multiple_of(11);
            let now_ms = self.session.drill.now_ms();
            self.written
                .extend(self.recording.take_unwritten(now_ms, self.wall, all));
        }

        /// A kill -9 and a resume: the session comes back as last saved, the log as written,
        /// and the recording reconciles the two.
        fn crash_and_resume(&mut self) {
            self.session = self.saved.clone();
            if self.session.drill.status == DrillStatus::Running {
                self.session.drill.status = DrillStatus::Paused;
            }
            self.history = History::new();
            let phases = self.session.drill.phases.len();
            self.recording = DrillRecording::from_log(self.written.clone(), phases, true);
            let at = self.session.drill.now_ms();
            self.recording.reconcile_diagram(at, &self.session.diagram);
            self.recording.observe(&self.session, self.wall);
        }

        fn finish_log(&mut self) -> Vec<LogEntry> {
            let now_ms = self.session.drill.now_ms();
            self.written
                .extend(self.recording.take_unwritten(now_ms, self.wall, true));
            self.written.clone()
        }
    }

    /// What the replay shows equals the session: diagram, notes, ticks, interviewer log,
    /// scratchpad, phase and clock state.
    fn assert_replays_to(state: &ReplayState, session: &Session) {
        assert_eq!(state.skipped, 0, "every recorded entry applies");
        assert_eq!(state.diagram, session.diagram);
        for (replayed, live) in state.phases.iter().zip(&session.drill.phases) {
            assert_eq!(replayed.notes, live.notes);
            let mut checked = live.checked.clone();
            checked.sort_unstable();
            assert_eq!(replayed.checked, checked);
        }
        assert_eq!(state.interview, session.drill.log);
        assert_eq!(state.scratchpad, session.drill.scratchpad);
        assert_eq!(state.current, session.drill.current);
        let status = match (state.finished, state.paused) {
            (true, _) => DrillStatus::Finished,
            (false, true) => DrillStatus::Paused,
            (false, false) => DrillStatus::Running,
        };
        assert_eq!(status, session.drill.status);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        /// Applying the log from empty reproduces the session exactly, crashes included, and
        /// every checkpoint is the state a replay from the start gives.
        #[test]
        fn the_log_replays_to_the_session_it_recorded(
            steps in prop::collection::vec((any::<u8>(), any::<u32>(), any::<u32>()), 1..400),
            crash_at in prop::option::of(0usize..400),
        ) {
            let scenario = scenario();
            let mut drill = Drill::new();
            for (i, (op, a, b)) in steps.into_iter().enumerate() {
                if crash_at == Some(i) {
                    drill.crash_and_resume();
                }
                drill.step(op, a, b, &scenario);
            }
            let at = drill.session.drill.now_ms();
            drill.recording.reconcile_diagram(at, &drill.session.diagram);
            let entries = drill.finish_log();
            prop_assert_eq!(entries.as_slice(), drill.recording.entries());
            let phases = drill.session.drill.phases.len();
            let replay = Replay::new(entries.clone(), phases);
            assert_replays_to(&replay.state_after(entries.len()), &drill.session);
            for checkpoint in replay.checkpoints() {
                let mut scratch = ReplayState::start(phases);
                for entry in &entries[..checkpoint.applied] {
                    scratch.apply(entry);
                }
                prop_assert_eq!(checkpoint.applied % CHECKPOINT_EVERY, 0);
                prop_assert_eq!(checkpoint, &scratch);
            }
        }
    }

    #[test]
    fn without_a_crash_the_diagram_is_never_reset() {
        let scenario = scenario();
        let mut drill = Drill::new();
        for i in 0..600u32 {
            drill.step(
                (i * 7 % 251) as u8,
                i.wrapping_mul(2_654_435_761),
                i * 97,
                &scenario,
            );
        }
        let at = drill.session.drill.now_ms();
        let before = drill.recording.entries().len();
        drill
            .recording
            .reconcile_diagram(at, &drill.session.diagram);
        assert_eq!(
            drill.recording.entries().len(),
            before,
            "nothing to reconcile"
        );
        let entries = drill.finish_log();
        assert!(
            !entries
                .iter()
                .any(|e| matches!(e.event, EditEvent::InterviewTrimmed { .. })),
            "the interviewer log only grows"
        );
        let replay = Replay::new(entries, drill.session.drill.phases.len());
        assert_replays_to(&replay.state_at(u64::MAX), &drill.session);
    }

    #[test]
    fn typing_is_one_entry_a_second_and_a_paused_drill_settles_on_the_wall_clock() {
        let mut drill = Drill::new();
        drill.session.drill.pause(Duration::ZERO);
        drill.recording.observe(&drill.session, Duration::ZERO);
        let mut notes = String::new();
        for i in 0..20u64 {
            notes.push('x');
            drill.session.drill.set_notes(0, notes.clone());
            let wall = Duration::from_millis(i * 100);
            drill.recording.observe(&drill.session, wall);
            assert!(drill.recording.take_unwritten(0, wall, false).len() <= 1);
        }
        // The drill clock stands still, so only the wall clock closes an entry: the first at
        // 1 s (11 keystrokes), the second a second after it opened at 1.1 s.
        assert_eq!(
            drill.recording.settles_in(Duration::from_millis(1_900)),
            Some(Duration::from_millis(200))
        );
        let written = drill
            .recording
            .take_unwritten(0, Duration::from_millis(2_100), false);
        let inserted: Vec<usize> = drill
            .recording
            .entries()
            .iter()
            .filter_map(|e| match &e.event {
                EditEvent::Notes {
                    edit: TextEdit { inserted, .. },
                    ..
                } => Some(inserted.len()),
                _ => None,
            })
            .collect();
        assert_eq!(inserted, [11, 9], "two seconds of typing, two entries");
        assert_eq!(written.len(), 1, "the second entry is written once closed");
        assert_eq!(drill.recording.settles_in(Duration::from_secs(3)), None);
    }

    #[test]
    fn an_acknowledgement_and_a_lost_question_after_a_crash_replay_exactly() {
        let scenario = scenario();
        let mut drill = Drill::new();
        let now = Duration::from_secs(30);
        drill.session.drill.tick(now);
        let card = FollowUpCard {
            id: "c".to_owned(),
            phase: drill.session.drill.current_phase_id().to_owned(),
            text: "What breaks first?".to_owned(),
            items: Vec::new(),
        };
        drill.session.drill.meet_curveball(&card);
        drill.recording.observe(&drill.session, now);
        drill.saved = drill.session.clone();
        drill
            .session
            .drill
            .ask(&scenario.questions[0], "how many users?", now);
        drill.session.drill.acknowledge(0, Duration::from_secs(31));
        drill
            .recording
            .observe(&drill.session, Duration::from_secs(31));
        assert!(
            drill
                .recording
                .entries()
                .iter()
                .any(|e| e.event == EditEvent::Acknowledged { index: 0 })
        );
        drill.written = drill.recording.take_unwritten(31_000, now, true);
        // The log holds the question and the acknowledgement; the last save holds neither.
        drill.crash_and_resume();
        let entries = drill.finish_log();
        assert!(
            entries
                .iter()
                .any(|e| e.event == EditEvent::InterviewTrimmed { len: 0 })
        );
        let replay = Replay::new(entries, drill.session.drill.phases.len());
        assert_replays_to(&replay.state_at(u64::MAX), &drill.session);
    }
}
