//! `History`: undo and redo stacks of inverse commands, folding a gesture into one step.

use std::collections::BTreeSet;

use super::{CommandError, DiagramCommand};
use crate::model::diagram::{Diagram, EdgeId, NodeId, ZoneId};

impl DiagramCommand {
    /// What a continuous gesture (drag, resize, typing) may fold into one undo step: the kind
    /// of change and exactly which items it touches.
    fn merge_key(&self) -> Option<MergeKey> {
        fn sorted<T: Ord + Copy>(ids: impl Iterator<Item = T>) -> Vec<T> {
            ids.collect::<BTreeSet<T>>().into_iter().collect()
        }
        Some(match self {
            DiagramCommand::Move { nodes, zones, .. } => {
                MergeKey::Positions(sorted(nodes.iter().copied()), sorted(zones.iter().copied()))
            }
            DiagramCommand::SetPositions { nodes, zones } => MergeKey::Positions(
                sorted(nodes.iter().map(|(id, _)| *id)),
                sorted(zones.iter().map(|(id, _)| *id)),
            ),
            DiagramCommand::ResizeNode { id, .. } => MergeKey::ResizeNode(*id),
            DiagramCommand::RenameNode { id, .. } => MergeKey::RenameNode(*id),
            DiagramCommand::RelabelEdge { id, .. } => MergeKey::RelabelEdge(*id),
            DiagramCommand::ResizeZone { id, .. } => MergeKey::ResizeZone(*id),
            DiagramCommand::RenameZone { id, .. } => MergeKey::RenameZone(*id),
            _ => return None,
        })
    }
}

/// See `DiagramCommand::merge_key`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum MergeKey {
    Positions(Vec<NodeId>, Vec<ZoneId>),
    ResizeNode(NodeId),
    RenameNode(NodeId),
    RelabelEdge(EdgeId),
    ResizeZone(ZoneId),
    RenameZone(ZoneId),
}

/// Undo and redo stacks of inverse commands.
///
/// A drag is one undo step: call `apply_in_gesture` on every frame of the drag (the diagram
/// follows the pointer) and `end_gesture` when the button is released. Consecutive gesture
/// commands of the same kind on the same items (same node and zone ids for a move, same id for
/// a resize or rename) fold into the step the first one opened, which restores the state from
/// before the gesture. Applying a whole drag as one `Move` at release through `apply` is
/// equally fine.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Set while a gesture's step can still absorb commands with this key.
    gesture: Option<MergeKey>,
}

/// One undoable step: the command that reverses it and what to call it in a menu.
#[derive(Clone, Debug)]
struct Step {
    command: DiagramCommand,
    label: &'static str,
}

impl History {
    /// The most steps kept; older ones are forgotten.
    pub const LIMIT: usize = 500;

    /// An empty history.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a command as its own undo step and clears the redo stack. Commands that change
    /// nothing (`DiagramCommand::is_noop`) are not recorded.
    pub fn apply(
        &mut self,
        diagram: &mut Diagram,
        command: DiagramCommand,
    ) -> Result<(), CommandError> {
        self.gesture = None;
        self.record(diagram, command, false)
    }

    /// Applies a command that is part of a continuous gesture (a drag, a resize, typing a
    /// label), folding it into the gesture's step when it touches the same items in the same
    /// way. Call `end_gesture` when the gesture ends.
    pub fn apply_in_gesture(
        &mut self,
        diagram: &mut Diagram,
        command: DiagramCommand,
    ) -> Result<(), CommandError> {
        self.record(diagram, command, true)
    }

    /// Ends the current gesture: the next command starts a new step.
    pub fn end_gesture(&mut self) {
        self.gesture = None;
    }

    fn record(
        &mut self,
        diagram: &mut Diagram,
        command: DiagramCommand,
        in_gesture: bool,
    ) -> Result<(), CommandError> {
        if command.is_noop() {
            return Ok(());
        }
        let key = if in_gesture {
            command.merge_key()
        } else {
            None
        };
        let label = command.label();
        let inverse = command.apply(diagram)?;
        self.redo.clear();
        let merges = key.is_some() && key == self.gesture && !self.undo.is_empty();
        if !merges {
            self.undo.push(Step {
                command: inverse,
                label,
            });
            if self.undo.len() > Self::LIMIT {
                self.undo.remove(0);
            }
        }
        self.gesture = key;
        Ok(())
    }

    /// Undoes the last step; false when there is none. If the diagram was changed behind the
    /// history's back so that the step no longer applies, the history is cleared and false is
    /// returned with the diagram unchanged.
    pub fn undo(&mut self, diagram: &mut Diagram) -> bool {
        self.undo_command(diagram).is_some()
    }

    /// Undoes the last step like `undo`, and returns the command it applied, for the replay
    /// log (`model::edit_log`) to record.
    pub fn undo_command(&mut self, diagram: &mut Diagram) -> Option<DiagramCommand> {
        self.gesture = None;
        let step = self.undo.pop()?;
        let applied = step.command.clone();
        let Ok(inverse) = step.command.apply(diagram) else {
            self.clear();
            return None;
        };
        self.redo.push(Step {
            command: inverse,
            label: step.label,
        });
        Some(applied)
    }

    /// Redoes the last undone step; false when there is none (or, as for `undo`, when the
    /// diagram was changed behind the history's back).
    pub fn redo(&mut self, diagram: &mut Diagram) -> bool {
        self.redo_command(diagram).is_some()
    }

    /// Redoes the last undone step like `redo`, and returns the command it applied.
    pub fn redo_command(&mut self, diagram: &mut Diagram) -> Option<DiagramCommand> {
        self.gesture = None;
        let step = self.redo.pop()?;
        let applied = step.command.clone();
        let Ok(inverse) = step.command.apply(diagram) else {
            self.clear();
            return None;
        };
        self.undo.push(Step {
            command: inverse,
            label: step.label,
        });
        Some(applied)
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The name of the step `undo` would reverse ("Move"), for the menu.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|s| s.label)
    }

    /// The name of the step `redo` would re-apply.
    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|s| s.label)
    }

    /// Forgets every step, for when the diagram is replaced (a session opened, a snapshot
    /// restored).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.gesture = None;
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{p, sample};
    use super::super::{CommandError, Selection};
    use super::*;
    use crate::model::diagram::NodeId;

    #[test]
    fn a_drag_is_one_undo_step() {
        let mut d = sample();
        let mut history = History::new();
        let set = Selection::of_nodes([NodeId(1), NodeId(2)]);
        for _ in 0..10 {
            history
                .apply_in_gesture(&mut d, DiagramCommand::move_by(&set, p(1.5, 0.25)))
                .expect("moves");
        }
        history.end_gesture();
        assert_eq!(d.nodes[0].pos, p(15.0, 2.5));
        // A second drag of the same nodes is a second step.
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&set, p(1.0, 0.0)))
            .expect("moves");
        history.end_gesture();
        assert!(history.undo(&mut d));
        assert_eq!(d.nodes[0].pos, p(15.0, 2.5));
        assert!(history.undo(&mut d));
        assert_eq!(d, sample());
        assert!(!history.undo(&mut d));
        assert!(history.redo(&mut d));
        assert_eq!(d.nodes[0].pos, p(15.0, 2.5));
        assert_eq!(history.undo_label(), Some("Move"));
    }

    #[test]
    fn undo_and_redo_report_the_command_they_applied_for_the_replay_log() {
        let mut d = sample();
        let mut history = History::new();
        // What the replay log would hold: each command as it was applied, in order.
        let mut log = Vec::new();
        let rename = DiagramCommand::RenameNode {
            id: NodeId(2),
            label: "ranker".to_owned(),
        };
        history.apply(&mut d, rename.clone()).expect("renames");
        log.push(rename);
        let remove = DiagramCommand::remove_nodes([NodeId(1)]);
        history.apply(&mut d, remove.clone()).expect("removes");
        log.push(remove);
        log.extend(history.undo_command(&mut d));
        log.extend(history.undo_command(&mut d));
        log.extend(history.redo_command(&mut d));
        assert_eq!(log.len(), 5);
        assert!(matches!(log[2], DiagramCommand::Restore(_)));
        let mut replayed = sample();
        for command in log {
            command.apply(&mut replayed).expect("replays");
        }
        assert_eq!(replayed, d);
        assert_eq!(
            history.redo_command(&mut d).map(|c| c.label()),
            Some("Delete")
        );
        assert_eq!(history.redo_command(&mut d), None);
    }

    #[test]
    fn gesture_steps_do_not_merge_across_items_or_plain_applies() {
        let mut d = sample();
        let mut history = History::new();
        let one = Selection::of_nodes([NodeId(1)]);
        let two = Selection::of_nodes([NodeId(2)]);
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&one, p(1.0, 0.0)))
            .expect("moves");
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&two, p(1.0, 0.0)))
            .expect("moves");
        history
            .apply(&mut d, DiagramCommand::move_by(&two, p(1.0, 0.0)))
            .expect("moves");
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&two, p(1.0, 0.0)))
            .expect("moves");
        let mut steps = 0;
        while history.undo(&mut d) {
            steps += 1;
        }
        assert_eq!(steps, 4);
        assert_eq!(d, sample());
    }

    #[test]
    fn a_new_command_clears_redo_and_noops_are_not_recorded() {
        let mut d = sample();
        let mut history = History::new();
        history
            .apply(&mut d, DiagramCommand::remove_nodes([NodeId(3)]))
            .expect("removes");
        assert!(history.undo(&mut d));
        assert!(history.can_redo());
        history
            .apply(&mut d, DiagramCommand::remove_nodes(Vec::new()))
            .expect("no-op");
        assert!(history.can_redo(), "a no-op is not an edit");
        history
            .apply(
                &mut d,
                DiagramCommand::RenameNode {
                    id: NodeId(1),
                    label: "x".into(),
                },
            )
            .expect("renames");
        assert!(!history.can_redo());
        assert!(history.can_undo());
        let err = history
            .apply(&mut d, DiagramCommand::remove_nodes([NodeId(99)]))
            .expect_err("missing node");
        assert_eq!(err, CommandError::MissingNode(99));
        assert!(history.undo(&mut d));
        assert_eq!(d, sample());
        assert!(!history.can_undo());
    }

    #[test]
    fn history_is_bounded() {
        let mut d = sample();
        let mut history = History::new();
        for i in 0..History::LIMIT + 10 {
            history
                .apply(
                    &mut d,
                    DiagramCommand::RenameNode {
                        id: NodeId(1),
                        label: i.to_string(),
                    },
                )
                .expect("renames");
        }
        let mut steps = 0;
        while history.undo(&mut d) {
            steps += 1;
        }
        assert_eq!(steps, History::LIMIT);
        assert_eq!(d.nodes[0].label, "9");
    }
}
