//! The right-click menu: rename, change kind, duplicate, delete, add a zone, tidy.

use egui::Ui;

use crate::model::{Diagram, EdgeId, EdgeKind, NodeId, NodeKind};

use super::hit::Hit;
use super::intent::{CanvasIntent, delete_selection, duplicate};
use super::state::{CanvasState, LabelTarget};

/// Right-click menu for the box or arrow under the pointer.
pub(super) fn context_menu_ui(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let nodes: Vec<NodeId> = state.selection.nodes.iter().copied().collect();
    let edges: Vec<EdgeId> = state.selection.edges.iter().copied().collect();
    match state.context {
        Some(Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id)) => {
            if ui.button("Rename (F2)").clicked()
                && let Some(node) = diagram.node(id)
            {
                state.start_editing(LabelTarget::Node(id), node.label.clone());
                ui.close();
            }
            ui.menu_button("Change kind", |ui| {
                for kind in NodeKind::ALL {
                    if ui.button(kind.label()).clicked() {
                        intents.push(CanvasIntent::SetNodeKind(nodes.clone(), kind));
                        ui.close();
                    }
                }
            });
            if ui.button("Duplicate (Ctrl+D)").clicked() {
                intents.extend(duplicate(diagram, state));
                ui.close();
            }
        }
        Some(Hit::Edge(id)) => {
            if ui.button("Edit label").clicked()
                && let Some(edge) = diagram.edge(id)
            {
                state.start_editing(LabelTarget::Edge(id), edge.label.clone());
                ui.close();
            }
            for kind in EdgeKind::ALL {
                if ui.button(kind.label()).clicked() {
                    intents.push(CanvasIntent::SetEdgeKind(edges.clone(), kind));
                    ui.close();
                }
            }
        }
        _ => {
            if ui.button("Add zone here").clicked() {
                intents.push(CanvasIntent::AddZone(state.view_centre()));
                ui.close();
            }
            if ui.button("Tidy layout").clicked() {
                intents.push(CanvasIntent::Tidy);
                ui.close();
            }
        }
    }
    if !state.selection.is_empty() && ui.button("Delete (Del)").clicked() {
        intents.push(delete_selection(state));
        ui.close();
    }
    intents
}
