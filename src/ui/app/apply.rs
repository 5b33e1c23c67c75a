//! The one reducer: every action the views return is applied here, and canvas intents become
//! undoable diagram commands.

use std::path::PathBuf;

use crate::model::diagram_ops::{DiagramCommand, Fragment, Selection};
use crate::model::drill::AskOutcome;
use crate::model::{DiagramEdge, DiagramNode, NodeKind, Point, Zone};
use crate::ui::action::Action;
use crate::ui::canvas::{CanvasIntent, LabelTarget, PASTE_OFFSET};
use crate::ui::open_prompt::{OpenPrompt, PromptMode};

use super::state::AskReply;
use super::{App, DRILL_LENGTHS, Screen, StatusKind, StatusLifetime};

impl App {
    /// Applies one action: the only place state changes in response to the user.
    pub fn apply(&mut self, action: Action) {
        let now = self.clock.monotonic();
        match action {
            Action::SelectScenario(id) => self.selected = Some(id),
            Action::StartDrill(id) => {
                if let Err(message) = self.start_drill(&id) {
                    self.set_status(StatusKind::Error, message);
                }
            }
            Action::StartCalibration(id) => {
                if let Err(message) = self.start_calibration(&id) {
                    self.set_status(StatusKind::Error, message);
                }
            }
            Action::OpenSession(path) => self.open_or_report(path),
            Action::RestoreBackup(path) => self.restore_from_backup(path),
            Action::DismissOpenFailure => self.open_failure = None,
            Action::ShowOpenPrompt => {
                if self.open_prompt.is_none() {
                    self.open_prompt = Some(OpenPrompt::default());
                }
            }
            Action::CloseOpenPrompt => self.open_prompt = None,
            Action::BrowseForSession => {
                let start = match self.open_prompt.as_ref().map(|p| &p.mode) {
                    Some(PromptMode::Open | PromptMode::SaveAs) => self.library.sessions_dir(),
                    Some(PromptMode::ImportPartnerScore) => super::partner::downloads_dir(),
                    _ => self.library.root().join("exports"),
                };
                if let Some(prompt) = &mut self.open_prompt {
                    prompt.browse(start);
                }
            }
            Action::ShowPackPrompt(id) => self.show_pack_prompt(&id),
            Action::SavePack(id, path) => self.save_pack(&id, path),
            Action::ShowPartnerPrompt => self.show_partner_prompt(),
            Action::ScoreAsPartner(name) => self.score_as_partner(&name),
            Action::SavePartnerScore(path, sheet) => self.save_partner_score(path, *sheet),
            Action::ShowImportScorePrompt => self.show_import_prompt(),
            Action::ImportPartnerScore(path) => self.import_partner_score(&path),
            Action::Save => self.save_now(false),
            Action::RetrySave => self.save_now(true),
            Action::ShowSaveAsPrompt => {
                if let Some(open) = self.open_session() {
                    let name = open
                        .path
                        .file_name()
                        .map_or_else(|| "session.ron".into(), std::ffi::OsStr::to_os_string);
                    let home = directories::UserDirs::new()
                        .map_or_else(|| PathBuf::from("."), |d| d.home_dir().to_path_buf());
                    self.open_prompt = Some(OpenPrompt::save_as(&home.join(name)));
                }
            }
            Action::SaveAs(path) => self.save_as(path),
            Action::RecoverResume(path) => match self.open_file(path) {
                // Advice about the paused clock, gone once it runs.
                Ok(()) => self.set_status_for(
                    StatusKind::Info,
                    "Recovered the interrupted drill. Its clock is paused where it was last saved; press Space to go on.",
                    StatusLifetime::WhilePaused,
                ),
                Err(err) => self.set_status(StatusKind::Error, format!("Cannot recover: {err}")),
            },
            Action::RecoverFinish(path) => self.recover_as_finished(path),
            Action::GoHome => self.leave_session(),
            Action::DismissStatus => self.status = None,
            Action::CopyRepairDetails => {
                if let Some(notice) = &self.repair_notice {
                    self.pending_clipboard = Some(notice.details());
                    self.set_status(StatusKind::Success, "Copied the repair details");
                }
            }
            Action::DismissRepairs => self.repair_notice = None,
            Action::GoToPhase(index) => {
                if let Some(open) = self.drill_mut()
                    && open.read_only.is_none()
                    && open.session.go_to_phase(index, now)
                {
                    open.dirty = true;
                    self.queue_save(true, false);
                    self.write_recording(true);
                }
            }
            Action::Pause => {
                self.edit_drill(|drill| drill.pause(now));
            }
            Action::TogglePause => {
                self.edit_drill(|drill| drill.toggle_pause(now));
            }
            Action::SetDrillLength(minutes) => {
                if DRILL_LENGTHS.contains(&minutes) {
                    self.drill_minutes = minutes;
                }
            }
            Action::AskQuestion(typed) => self.ask_interviewer(&typed, now),
            Action::AddAssumption(text) => {
                if self.edit_drill(|drill| drill.assume(&text, now)) {
                    self.drill_view.assumption.clear();
                }
            }
            Action::AcknowledgeCurveball(index) => {
                self.edit_drill(|drill| drill.acknowledge(index, now));
            }
            Action::SetScratchpad(pad) => {
                self.drill_view.last_edit = Some(now);
                self.edit_drill(|drill| drill.scratchpad = pad);
            }
            Action::Canvas(intent) => {
                self.drill_view.last_edit = Some(now);
                self.apply_canvas(intent);
            }
            Action::Export(format) => self.export(format),
            Action::CopyMermaid => {
                if let Some(open) = self.open_session() {
                    let text = crate::export::mermaid::to_mermaid(&open.session.diagram);
                    self.pending_clipboard = Some(text);
                    self.set_status(StatusKind::Success, "Copied the diagram as Mermaid text");
                }
            }
            Action::ToggleHelp => self.drill_view.help = !self.drill_view.help,
            Action::ToggleSidePanel(panel) => self.side_panels.toggle(panel),
            Action::KeepGoing => {
                self.edit_drill(|drill| drill.keep_going = true);
            }
            Action::Resume => {
                self.edit_drill(|drill| drill.resume(now));
            }
            Action::RequestFinish => self.request_finish(),
            Action::Finish => self.finish_drill(),
            Action::CancelFinish => self.drill_view.confirm_finish = None,
            Action::ReopenDrill => self.reopen_drill(),
            Action::SetTargetLevel(level) => self.target_level = level,
            Action::EditScoreDraft(draft) => self.edit_score_draft(*draft),
            Action::SaveScore(sheet) => self.save_score(sheet),
            Action::ReplayEvidence(evidence) => self.replay_evidence(&evidence),
            Action::EditCopy => self.edit_copy(),
            Action::Compare(a, b) => self.compare(&a, &b),
            Action::ShowLibrary => {
                self.leave_session();
                if matches!(self.screen, Screen::Home) {
                    self.screen = Screen::Library;
                }
            }
            Action::TrashSession(path) => self.trash(path),
            Action::UndoTrash => self.undo_trash(),
            Action::SetNotes { phase, text } => {
                self.drill_view.last_edit = Some(now);
                self.edit_drill(|drill| drill.set_notes(phase, text));
            }
            Action::ToggleChecked { phase, prompt } => {
                self.edit_drill(|drill| drill.toggle_checked(phase, prompt));
            }
        }
        self.record_changes();
    }

    /// Asks the scenario's interviewer a question typed in the candidate's words: logs the
    /// scripted question it matched, and keeps the reply for the panel to show.
    fn ask_interviewer(&mut self, typed: &str, now: std::time::Duration) {
        let Some(questions) = self.open_session().and_then(|open| {
            let scenario = self.catalog.scenario(&open.session.scenario_id)?;
            Some(scenario.questions.clone())
        }) else {
            return;
        };
        if typed.trim().is_empty() {
            return;
        }
        let mut outcome = AskOutcome::NoData;
        self.edit_drill(|drill| {
            outcome = drill.ask_in_own_words(&questions, typed, now);
            matches!(outcome, AskOutcome::Answered { logged: true, .. })
        });
        self.drill_view.reply = Some(AskReply {
            asked_as: typed.trim().to_owned(),
            outcome,
        });
        self.drill_view.question.clear();
    }

    /// Turns a canvas intent into one undoable diagram command and applies it.
    pub(super) fn apply_canvas(&mut self, intent: CanvasIntent) {
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        let canvas = &mut self.drill_view.canvas;
        let at_ms = open.session.drill.now_ms();
        let diagram = &mut open.session.diagram;
        let snap = |v: f32| {
            if canvas.snap {
                crate::ui::canvas::snap(v)
            } else {
                v
            }
        };
        let command = match intent {
            CanvasIntent::Undo | CanvasIntent::Redo => {
                let applied = if intent == CanvasIntent::Undo {
                    open.history.undo_command(diagram)
                } else {
                    open.history.redo_command(diagram)
                };
                if let Some(command) = applied {
                    open.dirty = true;
                    if let Some(recording) = &mut open.recording {
                        recording.diagram_applied(at_ms, &command);
                    }
                }
                return;
            }
            CanvasIntent::AddNode { kind, at } => {
                let size = DiagramNode::DEFAULT_SIZE;
                let label = if kind == NodeKind::Note {
                    "Note".to_owned()
                } else {
                    kind.label().to_owned()
                };
                // A new box never lands exactly on another: step down-right until free.
                let mut pos = Point {
                    x: snap(at.x - size.w / 2.0),
                    y: snap(at.y - size.h / 2.0),
                };
                while diagram
                    .nodes
                    .iter()
                    .any(|n| (n.pos.x - pos.x).abs() < 10.0 && (n.pos.y - pos.y).abs() < 10.0)
                {
                    pos.x += 40.0;
                    pos.y += 40.0;
                }
                DiagramCommand::add_node(DiagramNode {
                    id: diagram.next_node_id(),
                    kind,
                    label,
                    pos,
                    size,
                })
            }
            CanvasIntent::Move {
                nodes,
                zones,
                delta,
            } => {
                let moving = diagram.moving_set(&Selection {
                    nodes,
                    edges: Vec::new(),
                    zones,
                });
                DiagramCommand::move_by(&moving, delta)
            }
            CanvasIntent::Resize(id, size) => {
                let Some(node) = diagram.node(id) else { return };
                DiagramCommand::ResizeNode {
                    id,
                    pos: node.pos,
                    size,
                }
            }
            // Enter on an unchanged name (a new box keeping its kind's name) is no undo step.
            CanvasIntent::RenameNode(id, label)
                if diagram.node(id).is_some_and(|n| n.label == label) =>
            {
                return;
            }
            CanvasIntent::RenameNode(id, label) => DiagramCommand::RenameNode { id, label },
            CanvasIntent::SetNodeKind(ids, kind) => DiagramCommand::Batch(
                ids.into_iter()
                    .map(|id| DiagramCommand::SetNodeKind { id, kind })
                    .collect(),
            ),
            CanvasIntent::Connect { from, to, kind } => DiagramCommand::add_edge(DiagramEdge {
                id: diagram.next_edge_id(),
                from,
                to,
                label: String::new(),
                kind,
            }),
            CanvasIntent::RelabelEdge(id, label)
                if diagram.edge(id).is_some_and(|e| e.label == label) =>
            {
                return;
            }
            CanvasIntent::RelabelEdge(id, label) => DiagramCommand::RelabelEdge { id, label },
            CanvasIntent::SetEdgeKind(ids, kind) => DiagramCommand::Batch(
                ids.into_iter()
                    .map(|id| DiagramCommand::SetEdgeKind { id, kind })
                    .collect(),
            ),
            CanvasIntent::Delete {
                nodes,
                edges,
                zones,
            } => DiagramCommand::Remove(Selection {
                nodes,
                edges,
                zones,
            }),
            CanvasIntent::Paste { nodes, edges } => {
                let fragment = Fragment {
                    nodes,
                    edges,
                    zones: Vec::new(),
                };
                canvas.shift_clipboard(PASTE_OFFSET);
                diagram.paste(
                    &fragment,
                    Point {
                        x: PASTE_OFFSET,
                        y: PASTE_OFFSET,
                    },
                )
            }
            CanvasIntent::AddZone(at) => {
                let size = Zone::DEFAULT_SIZE;
                DiagramCommand::add_zone(Zone {
                    id: diagram.next_zone_id(),
                    label: "online".to_owned(),
                    pos: Point {
                        x: snap(at.x - size.w / 2.0),
                        y: snap(at.y - size.h / 2.0),
                    },
                    size,
                })
            }
            CanvasIntent::RenameZone(id, label)
                if diagram.zone(id).is_some_and(|z| z.label == label) =>
            {
                return;
            }
            CanvasIntent::RenameZone(id, label) => DiagramCommand::RenameZone { id, label },
            CanvasIntent::Tidy => crate::model::layout::tidy(diagram),
        };
        let created = command.created();
        let logged = open.recording.is_some().then(|| command.clone());
        match open.history.apply(diagram, command) {
            Ok(()) => {
                open.dirty = true;
                if let (Some(recording), Some(command)) = (&mut open.recording, &logged) {
                    recording.diagram_applied(at_ms, command);
                }
                if !created.is_empty() {
                    canvas.select_created(&created);
                    if std::mem::take(&mut canvas.rename_next_added) {
                        if let [id] = created.nodes[..]
                            && let Some(node) = diagram.node(id)
                        {
                            canvas.start_editing(LabelTarget::Node(id), node.label.clone());
                        } else if let [id] = created.zones[..]
                            && let Some(zone) = diagram.zone(id)
                        {
                            canvas.start_editing(LabelTarget::Zone(id), zone.label.clone());
                        }
                    }
                }
            }
            Err(err) => self.set_status(
                StatusKind::Error,
                format!("That edit could not be made: {err}"),
            ),
        }
    }
}
