//! A toolbar that keeps its row on one line: the tools that do not fit the width go, in
//! order, into a "…" menu at its end, so a narrow window loses no control.

use egui::{RichText, TextStyle, TextWrapMode, Ui, WidgetText};

/// The overflow menu's label (an ellipsis: the default fonts have no "⋯").
pub const MORE: &str = "…";

/// How wide a button showing `text` is, with the spacing after it.
pub fn button_width(ui: &Ui, text: &str) -> f32 {
    let galley = WidgetText::from(RichText::new(text)).into_galley(
        ui,
        Some(TextWrapMode::Extend),
        f32::INFINITY,
        TextStyle::Button,
    );
    let spacing = ui.spacing();
    galley.size().x + 2.0 * spacing.button_padding.x + spacing.item_spacing.x
}

/// How wide a combo box showing `text` is, with its arrow and the spacing after it.
pub fn combo_width(ui: &Ui, text: &str) -> f32 {
    button_width(ui, text) + ui.spacing().icon_width + ui.spacing().icon_spacing
}

/// How wide a separator between groups of tools is, with its spacing.
pub fn separator_width(ui: &Ui) -> f32 {
    ui.spacing().item_spacing.x * 2.0 + 1.0
}

/// How many of the tools (by their widths, in order) fit in `available`, keeping room for a
/// `more`-wide overflow button whenever some do not.
pub fn fitting(widths: &[f32], available: f32, more: f32) -> usize {
    if widths.iter().sum::<f32>() <= available {
        return widths.len();
    }
    let room = available - more;
    let mut used = 0.0;
    widths
        .iter()
        .take_while(|w| {
            used += *w;
            used <= room
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::fitting;

    #[test]
    fn tools_that_do_not_fit_leave_room_for_the_menu() {
        let widths = [50.0, 50.0, 50.0, 50.0];
        assert_eq!(fitting(&widths, 200.0, 30.0), 4, "all fit: no menu");
        assert_eq!(
            fitting(&widths, 199.0, 30.0),
            3,
            "one goes, the menu takes its room"
        );
        assert_eq!(fitting(&widths, 129.0, 30.0), 1);
        assert_eq!(fitting(&widths, 20.0, 30.0), 0, "everything in the menu");
        assert_eq!(fitting(&[], 0.0, 30.0), 0);
    }
}
