//! The shortcuts overlay (F1 or ?): every key the app understands, in one place.

use egui::{Context, RichText};

use super::action::Action;

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
];

/// Draws the overlay; returns `ToggleHelp` when it is closed.
pub fn help_ui(ctx: &Context) -> Option<Action> {
    let mut open = true;
    let mut close = false;
    egui::Window::new("Keyboard shortcuts")
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
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
            if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                close = true;
            }
        });
    (!open || close).then_some(Action::ToggleHelp)
}
