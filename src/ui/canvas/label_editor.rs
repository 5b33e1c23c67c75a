//! The inline rename box over a box, an arrow's label or a zone's label.

use egui::{Key, Pos2, Rect, TextEdit, Ui, vec2};

use crate::model::Diagram;

use super::intent::CanvasIntent;
use super::state::{CanvasState, LabelTarget, NodeIndex, lookup};

/// The inline rename box over a box, arrow label or zone label.
pub(super) fn label_editor_ui(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    index: &NodeIndex,
    origin: Pos2,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let Some(edit) = &mut state.editing else {
        return intents;
    };
    let view = state.view;
    let rect = match edit.target {
        LabelTarget::Node(id) => lookup(diagram, index, id).map(|n| {
            let r = view.rect_to_screen(origin, n.pos, vec2(n.size.w, n.size.h));
            Rect::from_center_size(r.center(), vec2(r.width().max(140.0), 26.0))
        }),
        LabelTarget::Edge(id) => {
            // Over the arrow's label, where the painting put it.
            let at = diagram.edges.iter().position(|e| e.id == id);
            let offset = at
                .and_then(|at| state.parallel.get(at))
                .copied()
                .unwrap_or(0.0);
            at.and_then(|at| state.routes.path(at, id)).map(|path| {
                let (spot, _) = path.label_spot(offset);
                Rect::from_center_size(view.to_screen(origin, spot), vec2(160.0, 26.0))
            })
        }
        LabelTarget::Zone(id) => diagram.zone(id).map(|z| {
            let r = view.rect_to_screen(origin, z.pos, vec2(z.size.w, z.size.h));
            Rect::from_min_size(r.min + vec2(4.0, 4.0), vec2(180.0, 26.0))
        }),
    };
    let Some(rect) = rect else {
        state.editing = None;
        return intents;
    };
    let response = ui
        .put(
            rect,
            TextEdit::singleline(&mut edit.text)
                .hint_text("Label")
                .char_limit(crate::store::repair::MAX_LABEL_CHARS)
                .align(egui::Align2::CENTER_CENTER),
        )
        .accessible_name("Canvas label");
    if !edit.focused {
        // Select the whole label so typing replaces it.
        response.request_focus();
        if let Some(mut text_state) = egui::text_edit::TextEditState::load(ui.ctx(), response.id) {
            let all = egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(edit.text.chars().count()),
            );
            text_state.cursor.set_char_range(Some(all));
            text_state.store(ui.ctx(), response.id);
        }
        edit.focused = true;
    }
    let (enter, escape) = ui.input(|i| (i.key_pressed(Key::Enter), i.key_pressed(Key::Escape)));
    if escape {
        state.editing = None;
    } else if enter || response.lost_focus() {
        let text = edit.text.trim().to_owned();
        intents.push(match edit.target {
            LabelTarget::Node(id) => CanvasIntent::RenameNode(id, text),
            LabelTarget::Edge(id) => CanvasIntent::RelabelEdge(id, text),
            LabelTarget::Zone(id) => CanvasIntent::RenameZone(id, text),
        });
        state.editing = None;
    }
    intents
}
