//! Canvas keys: view (fit, zoom), undo and redo, select all, clipboard, delete, snapping, the
//! kind picker, rename, deselect and nudging.

use egui::{Key, Modifiers, Ui, Vec2, vec2};

use crate::model::Diagram;

use super::intent::{CanvasIntent, NUDGE, delete_selection, duplicate, move_selection};
use super::state::{CanvasState, LabelTarget};

/// Canvas keys, active when no text field has focus.
pub(super) fn keyboard(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    editable: bool,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let mut copied = false;
    ui.input_mut(|input| {
        // Shift+1 arrives as "!" on most layouts.
        if input.consume_key(Modifiers::SHIFT, Key::Num1)
            || input.consume_key(Modifiers::SHIFT, Key::Exclamationmark)
            || input.consume_key(Modifiers::NONE, Key::Exclamationmark)
        {
            state.fit_requested = true;
        }
        if input.consume_key(Modifiers::SHIFT, Key::Num0) {
            state.reset_zoom();
        }
        let zoom_in = input.consume_key(Modifiers::COMMAND, Key::Plus)
            || input.consume_key(Modifiers::COMMAND, Key::Equals);
        let zoom_out = input.consume_key(Modifiers::COMMAND, Key::Minus);
        if let Some(area) = state.area
            && (zoom_in || zoom_out)
        {
            let factor = if zoom_in { 1.25 } else { 0.8 };
            state.view.zoom_around(area.min, area.center(), factor);
        }
        if !editable {
            return;
        }
        let command_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        if input.consume_key(command_shift, Key::Z) || input.consume_key(Modifiers::COMMAND, Key::Y)
        {
            intents.push(CanvasIntent::Redo);
        } else if input.consume_key(Modifiers::COMMAND, Key::Z) {
            intents.push(CanvasIntent::Undo);
        }
        if input.consume_key(Modifiers::COMMAND, Key::A) {
            state.select_all(diagram);
        }
        if input.consume_key(Modifiers::COMMAND, Key::C)
            || input.events.iter().any(|e| matches!(e, egui::Event::Copy))
        {
            copied = state.copy(diagram);
        }
        // The system clipboard's text arrives with the paste: boxes copied in any Drillboard
        // window are in it, and other text (copied in another app since) pastes nothing. A
        // bare Ctrl+V (no system clipboard) pastes what this canvas copied last.
        let pasted_text = input.events.iter().find_map(|e| match e {
            egui::Event::Paste(text) => Some(text.clone()),
            _ => None,
        });
        let pasted = match &pasted_text {
            Some(text) => state.adopt_clipboard_text(text),
            None => input.consume_key(Modifiers::COMMAND, Key::V),
        };
        if pasted && let Some((nodes, edges)) = state.clipboard.clone() {
            intents.push(CanvasIntent::Paste { nodes, edges });
        }
        if input.consume_key(Modifiers::COMMAND, Key::D) {
            intents.extend(duplicate(diagram, state));
        }
        if (input.consume_key(Modifiers::NONE, Key::Delete)
            || input.consume_key(Modifiers::NONE, Key::Backspace))
            && !state.selection.is_empty()
        {
            intents.push(delete_selection(state));
        }
        if input.consume_key(Modifiers::NONE, Key::G) {
            state.snap = !state.snap;
        }
        if input.consume_key(Modifiers::NONE, Key::N)
            || input.consume_key(Modifiers::NONE, Key::Slash)
        {
            state.picker = Some(String::new());
        }
        if input.consume_key(Modifiers::NONE, Key::F2)
            && let [id] = state.selection.nodes.iter().copied().collect::<Vec<_>>()[..]
            && let Some(node) = diagram.node(id)
        {
            state.start_editing(LabelTarget::Node(id), node.label.clone());
        }
        if input.consume_key(Modifiers::NONE, Key::Escape) {
            state.selection.clear();
        }
        let step = if input.modifiers.shift {
            NUDGE * 10.0
        } else {
            NUDGE
        };
        let mut nudge = Vec2::ZERO;
        for (key, dir) in [
            (Key::ArrowLeft, vec2(-1.0, 0.0)),
            (Key::ArrowRight, vec2(1.0, 0.0)),
            (Key::ArrowUp, vec2(0.0, -1.0)),
            (Key::ArrowDown, vec2(0.0, 1.0)),
        ] {
            if input.consume_key(Modifiers::NONE, key) || input.consume_key(Modifiers::SHIFT, key) {
                nudge += dir * step;
            }
        }
        if nudge != Vec2::ZERO
            && (!state.selection.nodes.is_empty() || !state.selection.zones.is_empty())
        {
            intents.push(move_selection(&state.selection, nudge));
        }
    });
    // Outside `input_mut`: the clipboard is egui output, and the context is locked while
    // input is borrowed.
    if copied && let Some((nodes, edges)) = &state.clipboard {
        let text = super::clipboard::clipboard_text(nodes, edges);
        state.clipboard_text = Some(text.clone());
        ui.ctx().copy_text(text);
    }
    intents
}
