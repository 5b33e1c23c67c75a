//! The shortcuts overlay (F1 or ?): every key the app understands, in one place.

use egui::{Context, RichText};

use super::action::Action;
use super::theme;

/// Every shortcut, grouped, as (keys, what they do).
pub const SHORTCUTS: &[(&str, &[(&str, &str)])] = &[
    (
        "Drill",
        &[
            ("Ctrl+→ / PageDown", "next phase"),
            ("Ctrl+← / PageUp", "previous phase"),
            ("Space (tap)", "pause / resume the clock"),
            ("Ctrl+S", "save"),
            ("Ctrl+O", "open a saved session"),
            ("Ctrl+N", "leave the drill for a new one"),
            ("F1 or ?", "this list"),
        ],
    ),
    (
        "Canvas: adding",
        &[
            ("N or /", "search a kind and add a box"),
            ("Click a palette tile", "add a box at the view centre"),
            ("Drag a palette tile", "add a box where you drop it"),
            ("Double-click empty space", "add a box there"),
            ("Drag a box's round handle", "draw an arrow to another box"),
        ],
    ),
    (
        "Canvas: editing",
        &[
            ("Double-click or F2", "rename a box, arrow or zone"),
            ("Right-click", "change kind, arrow style, delete"),
            (
                "Delete / Backspace",
                "delete the selection (with a box's arrows)",
            ),
            ("Ctrl+A", "select everything"),
            ("Ctrl+C / Ctrl+V", "copy / paste (copies are offset)"),
            ("Ctrl+D", "duplicate"),
            ("Arrow keys (Shift: ×10)", "nudge the selection"),
            ("G", "snap to grid on / off"),
            ("Ctrl+Z", "undo"),
            ("Ctrl+Shift+Z or Ctrl+Y", "redo"),
        ],
    ),
    (
        "Canvas: view",
        &[
            (
                "Ctrl+wheel or pinch",
                "zoom around the pointer (10 %–400 %)",
            ),
            ("Ctrl+= / Ctrl+-", "zoom in / out"),
            ("Wheel", "scroll"),
            ("Middle/right drag or Space+drag", "pan"),
            ("Shift+1", "fit the diagram"),
            ("Shift+0", "100 %"),
            ("Click the minimap", "move the view there"),
        ],
    ),
    (
        "Review: replay",
        &[
            ("Click or drag the timeline", "move the playhead"),
            ("← / →", "previous / next change"),
            ("Home / End", "start / end of the drill"),
            ("Space", "play / pause (1×, 4×, 16×, 64×)"),
            ("⏵ beside evidence", "replay from when it first appeared"),
        ],
    ),
];

/// Draws the overlay: a title and Close that always show, over a list that scrolls when the
/// window is short. It owns the keyboard; Escape, F1 or a click beside it closes it. Returns
/// `ToggleHelp` when it is closed.
pub fn help_ui(ctx: &Context) -> Option<Action> {
    let mut close = false;
    let screen = ctx.content_rect();
    let margin = theme::DIALOG_MARGIN;
    let width = (screen.width() - 2.0 * margin).clamp(200.0, 640.0);
    // The title row and the padding around the list.
    let chrome = 80.0;
    let list_height = (screen.height() - 2.0 * margin - chrome).max(80.0);
    let shown = egui::Modal::new(egui::Id::unique("shortcuts_overlay")).show(ctx, |ui| {
        ui.set_width(width);
        ui.horizontal(|ui| {
            ui.label(
                RichText::new("Keyboard shortcuts")
                    .strong()
                    .size(theme::DIALOG_TITLE_SIZE),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                close |= ui.button("Close").on_hover_text("Escape or F1").clicked();
            });
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("shortcuts_list")
            .max_height(list_height)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .spacing([24.0, 4.0])
                    .show(ui, |ui| {
                        for (section, rows) in SHORTCUTS {
                            ui.label(RichText::new(*section).strong());
                            ui.end_row();
                            for (keys, what) in *rows {
                                ui.monospace(*keys);
                                ui.label(*what);
                                ui.end_row();
                            }
                        }
                    });
            });
    });
    close |= ctx.input_mut(|i| {
        i.consume_key(egui::Modifiers::NONE, egui::Key::F1)
            || i.consume_key(egui::Modifiers::NONE, egui::Key::Questionmark)
            || i.consume_key(egui::Modifiers::SHIFT, egui::Key::Questionmark)
    });
    (shown.should_close() || close).then_some(Action::ToggleHelp)
}
