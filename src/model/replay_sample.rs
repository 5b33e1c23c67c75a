//! A simulated drill that records an edit log as the app would: boxes drawn, moved, renamed,
//! joined and deleted, undo, notes typed in bursts, ticks, questions, follow-up cards, the
//! scratchpad, pauses and phase changes. Tests check the replay against its live state, and the
//! store's size test and the `replay/seek_5000` bench use its log as a heavy drill.

use super::capacity::ScratchpadField;
use super::diagram::{DiagramEdge, DiagramNode, EdgeKind, NodeId, NodeKind, Point, Zone};
use super::diagram_ops::DiagramCommand;
use super::edit_log::{EditEvent, EditLog};
use super::replay::ReplayState;
use super::session::InterviewEvent;

/// Words typed into notes and used as labels.
const WORDS: [&str; 16] = [
    "feature store",
    "ranking",
    "two-tower retrieval",
    "p99 < 50 ms",
    "Kafka",
    "label delay",
    "café",
    "日本語",
    "A/B test",
    "😀",
    "cold start",
    "\n- ",
    "embeddings",
    "batch",
    "drift",
    "\"quoted\"",
];

/// A drill being played by a simulated candidate: the live state and the log it records.
#[derive(Clone, Debug)]
pub struct SimulatedDrill {
    /// The live state, as the app would hold it (`applied` is unused).
    pub live: ReplayState,
    /// The log recorded so far.
    pub log: EditLog,
    /// The drill time now, in milliseconds.
    pub now_ms: u64,
    /// Inverses of the diagram commands applied, for undo.
    undo: Vec<DiagramCommand>,
}

impl SimulatedDrill {
    /// A fresh drill of `phase_count` phases.
    pub fn new(phase_count: usize) -> Self {
        Self {
            live: ReplayState::start(phase_count.max(1)),
            log: EditLog::new(),
            now_ms: 0,
            undo: Vec::new(),
        }
    }

    /// A heavy drill: steps chosen by a fixed pseudo-random sequence from `seed` until the log
    /// holds `events` entries.
    pub fn heavy(events: usize, seed: u64) -> Self {
        let mut drill = Self::new(5);
        let mut rng = seed | 1;
        let mut next = || {
            // xorshift64: deterministic on every platform.
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            rng
        };
        while drill.log.len() < events {
            let (op, a, b) = (next(), next(), next());
            drill.step(op as u8, a as u32, b as u32);
        }
        drill.log.settle(u64::MAX);
        drill
    }

    /// Plays one step: `op` chooses what the candidate does, `a` and `b` the details. Every
    /// choice is valid for the live state, so any numbers make a drill.
    pub fn step(&mut self, op: u8, a: u32, b: u32) {
        self.now_ms += 40 + u64::from(b % 900);
        let phases = self.live.phases.len();
        let phase = self.live.current;
        match op % 24 {
            0..=6 => self.type_notes(phase, a, b),
            7 => self.delete_notes(phase, a, b),
            8..=10 => {
                let id = self.live.diagram.next_node_id();
                let node = DiagramNode {
                    id,
                    kind: NodeKind::ALL[a as usize % NodeKind::ALL.len()],
                    label: WORDS[b as usize % WORDS.len()].to_owned(),
                    pos: Point {
                        x: (a % 2000) as f32 - 1000.0,
                        y: (b % 1200) as f32 * 0.5,
                    },
                    size: DiagramNode::DEFAULT_SIZE,
                };
                self.command(DiagramCommand::add_node(node));
            }
            11 | 12 => {
                if let Some(node) = self.pick_node(a) {
                    self.command(DiagramCommand::Move {
                        nodes: vec![node],
                        zones: Vec::new(),
                        delta: Point {
                            x: (b % 200) as f32 - 100.0,
                            y: (a % 100) as f32 * 0.25,
                        },
                    });
                }
            }
            13 => {
                if let Some(id) = self.pick_node(a) {
                    let label = format!("{} v{}", WORDS[b as usize % WORDS.len()], b % 7);
                    self.command(DiagramCommand::RenameNode { id, label });
                }
            }
            14 | 15 => {
                if let (Some(from), Some(to)) = (self.pick_node(a), self.pick_node(b)) {
                    let edge = DiagramEdge {
                        id: self.live.diagram.next_edge_id(),
                        from,
                        to,
                        label: if b.is_multiple_of(3) {
                            "features".into()
                        } else {
                            String::new()
                        },
                        kind: EdgeKind::ALL[b as usize % EdgeKind::ALL.len()],
                    };
                    self.command(DiagramCommand::add_edge(edge));
                }
            }
            16 => match (a % 3, self.pick_node(b)) {
                (0, Some(id)) => self.command(DiagramCommand::remove_nodes([id])),
                (1, _) if self.live.diagram.zones.len() < 4 => {
                    let zone = Zone {
                        id: self.live.diagram.next_zone_id(),
                        label: "online".to_owned(),
                        pos: Point { x: -1200.0, y: 0.0 },
                        size: Zone::DEFAULT_SIZE,
                    };
                    self.command(DiagramCommand::add_zone(zone));
                }
                _ => {
                    if let Some(inverse) = self.undo.pop() {
                        self.apply_logged(inverse);
                    }
                }
            },
            17 => {
                let (phase, prompt) = (a as usize % phases, b as usize % 6);
                let ticked = !self.live.phases[phase].checked.contains(&prompt);
                self.record(EditEvent::Checklist {
                    phase,
                    prompt,
                    ticked,
                });
            }
            18 => self.interview(a, b),
            19 => {
                let field = ScratchpadField::ALL[a as usize % ScratchpadField::ALL.len()];
                let value = f64::from(b % 1_000_000) * 10.0;
                self.record(EditEvent::Scratchpad { field, value });
            }
            20 => {
                let event = if self.live.paused {
                    EditEvent::Resumed
                } else {
                    EditEvent::Paused
                };
                self.record(event);
            }
            21 if a.is_multiple_of(8) => {
                let index = (phase + 1 + b as usize % 2) % phases;
                self.record(EditEvent::Phase { index });
            }
            _ => {
                // Idle time: the clock runs on, nothing is logged, typing windows close.
                self.now_ms += u64::from(a % 3000);
                self.log.settle(self.now_ms);
            }
        }
    }

    /// Applies a diagram command to the live diagram and, if it applied, logs it and keeps
    /// its inverse for undo.
    fn command(&mut self, command: DiagramCommand) {
        if let Some(inverse) = self.apply_logged(command) {
            self.undo.push(inverse);
        }
    }

    /// Applies and logs a command; returns its inverse when it applied.
    fn apply_logged(&mut self, command: DiagramCommand) -> Option<DiagramCommand> {
        let inverse = command.clone().apply(&mut self.live.diagram).ok()?;
        self.log.record(self.now_ms, EditEvent::Diagram(command));
        Some(inverse)
    }

    /// Applies an event to the live state and logs it.
    fn record(&mut self, event: EditEvent) {
        self.log.record(self.now_ms, event);
        if let Some(entry) = self.log.entries().last() {
            let entry = entry.clone();
            self.live.apply(&entry);
        }
    }

    /// Types a word into a phase's notes at a character boundary chosen by `b`.
    fn type_notes(&mut self, phase: usize, a: u32, b: u32) {
        let before = self.live.phases[phase].notes.clone();
        let mut after = before.clone();
        let at = char_boundary(&after, b as usize);
        after.insert_str(at, WORDS[a as usize % WORDS.len()]);
        self.live.phases[phase].notes.clone_from(&after);
        self.log.notes_changed(self.now_ms, phase, &before, &after);
    }

    /// Deletes up to 12 bytes (whole characters) from a phase's notes.
    fn delete_notes(&mut self, phase: usize, a: u32, b: u32) {
        let before = self.live.phases[phase].notes.clone();
        let start = char_boundary(&before, b as usize);
        let end = char_boundary(&before, start + a as usize % 12);
        let mut after = before.clone();
        after.replace_range(start..end.max(start), "");
        self.live.phases[phase].notes.clone_from(&after);
        self.log.notes_changed(self.now_ms, phase, &before, &after);
    }

    /// Asks, assumes, shows a follow-up card or acknowledges the open one.
    fn interview(&mut self, a: u32, b: u32) {
        let phase = format!("phase-{}", self.live.current);
        let at_ms = self
            .now_ms
            .max(self.log.entries().last().map_or(0, |e| e.at_ms));
        let word = WORDS[b as usize % WORDS.len()];
        let event = match a % 4 {
            0 => InterviewEvent::Asked {
                question: format!("What about {word}?"),
                asked_as: format!("how about {word}"),
                answer: "Assume 10M daily users.".to_owned(),
                phase,
                at_ms,
            },
            1 => InterviewEvent::Assumed {
                text: format!("{word} is available"),
                phase,
                at_ms,
            },
            2 if b.is_multiple_of(2) => InterviewEvent::Curveball {
                id: format!("card-{}", b % 5),
                text: "Traffic doubles overnight.".to_owned(),
                phase,
                shown_at_ms: at_ms,
                acknowledged_at_ms: None,
            },
            // An interviewer prompt (issue 23), acknowledged like a card.
            2 => InterviewEvent::Prompt {
                source: super::session::PromptSource::Rule {
                    id: format!("rule-{}", b % 5),
                },
                text: "The model server times out. What happens?".to_owned(),
                phase,
                items: Vec::new(),
                shown_at_ms: at_ms,
                acknowledged_at_ms: None,
            },
            _ => {
                let open = self
                    .live
                    .interview
                    .iter()
                    .rposition(|e| matches!(e.card(), Some((_, _, _, None))));
                if let Some(index) = open {
                    self.record(EditEvent::Acknowledged { index });
                }
                return;
            }
        };
        self.record(EditEvent::Interview(event));
    }

    /// Picks an existing node, if there is one.
    fn pick_node(&self, a: u32) -> Option<NodeId> {
        let nodes = &self.live.diagram.nodes;
        (!nodes.is_empty()).then(|| nodes[a as usize % nodes.len()].id)
    }
}

/// The character boundary at or before byte `at % (len + 1)` of `text`.
fn char_boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}
