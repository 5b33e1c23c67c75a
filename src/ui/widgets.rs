//! Small widgets and formatters shared by the views.

use std::time::Duration;

use egui::{Color32, Response, RichText, Sense, Ui, vec2};

use super::theme;

/// "mm:ss", or "h:mm:ss" past an hour.
pub fn clock_text(duration: Duration) -> String {
    let secs = duration.as_secs();
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

/// The time zone dates and times are shown in, kept in egui's memory by `App::show` each
/// frame so that every view shows the same local time without passing it down.
#[derive(Clone)]
struct DisplayZone(jiff::tz::TimeZone);

/// Where `DisplayZone` is kept in egui's memory.
fn display_zone_id() -> egui::Id {
    egui::Id::unique("drillboard_display_zone")
}

/// Sets the zone `local_time` shows times in.
pub fn set_display_zone(ctx: &egui::Context, zone: &jiff::tz::TimeZone) {
    ctx.data_mut(|d| d.insert_temp(display_zone_id(), DisplayZone(zone.clone())));
}

/// The zone times are shown in: the one `set_display_zone` gave, else UTC.
pub fn display_zone(ctx: &egui::Context) -> jiff::tz::TimeZone {
    ctx.data(|d| d.get_temp::<DisplayZone>(display_zone_id()))
        .map_or(jiff::tz::TimeZone::UTC, |z| z.0)
}

/// "2026-11-23 20:30" in the user's time zone.
pub fn local_time(ui: &egui::Ui, at: crate::model::Timestamp) -> String {
    at.local_short(&display_zone(ui.ctx()))
}

/// "42 min of phases + 3 min slack for moving between phases": where a drill's minutes go.
pub fn plan_text(plan: &crate::model::DrillPlan) -> String {
    if plan.slack.is_zero() {
        format!(
            "{} of phases, no slack between them",
            minutes_text(plan.phases)
        )
    } else {
        format!(
            "{} of phases + {} slack for moving between phases",
            minutes_text(plan.phases),
            minutes_text(plan.slack)
        )
    }
}

/// "42 min", "1 h 05 min".
pub fn minutes_text(duration: Duration) -> String {
    let minutes = duration.as_secs() / 60;
    if minutes >= 60 {
        format!("{} h {:02} min", minutes / 60, minutes % 60)
    } else {
        format!("{minutes} min")
    }
}

/// "1 assumption", "2 assumptions": a count with its noun in the right number.
pub fn count_of(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("{n} {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A filled button for the screen's main action.
pub fn primary_button(ui: &mut Ui, text: &str) -> Response {
    let accent = theme::accent_colour(ui.visuals());
    let label = RichText::new(text).strong().color(Color32::WHITE);
    ui.add(
        egui::Button::new(label)
            .fill(accent)
            .min_size(vec2(0.0, 30.0)),
    )
}

/// A section that opens and closes like `egui::CollapsingHeader`, but whose header wraps to
/// the width instead of running past it, and opens on a click on its text as well as on the
/// arrow: for headers that are whole sentences, such as a deep-dive question. Closed at
/// first; returns what `body` returned when open.
pub fn wrapping_collapsible<R>(
    ui: &mut Ui,
    id_salt: impl egui::AsIdSalt,
    header: impl Into<egui::WidgetText>,
    body: impl FnOnce(&mut Ui) -> R,
) -> Option<R> {
    let id = ui.make_persistent_id(id_salt);
    let mut state =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, false);
    let row = ui.horizontal(|ui| {
        let spacing = ui.spacing().item_spacing.x;
        // The arrow takes the whole indent, as in egui's own header; it toggles itself.
        ui.spacing_mut().item_spacing.x = 0.0;
        state.show_toggle_button(ui, egui::collapsing_header::paint_default_icon);
        ui.spacing_mut().item_spacing.x = spacing;
        ui.add(egui::Label::new(header).wrap().sense(Sense::click()))
            .clicked()
    });
    if row.inner {
        state.toggle(ui);
    }
    state
        .show_body_indented(&row.response, ui, body)
        .map(|shown| shown.inner)
}

/// A full-width, clickable two-line row (title over a weak subtitle) for lists; `name` is
/// what screen readers and tests call it.
pub fn list_row(ui: &mut Ui, selected: bool, title: &str, subtitle: &str, name: &str) -> Response {
    // 1. Size: lay out both lines to the available width.
    let width = ui.available_width();
    let padding = vec2(8.0, 5.0);
    let wrap = width - 2.0 * padding.x;
    let title_galley = egui::WidgetText::from(RichText::new(title).strong()).into_galley(
        ui,
        Some(egui::TextWrapMode::Wrap),
        wrap,
        egui::TextStyle::Body,
    );
    let subtitle_galley = egui::WidgetText::from(RichText::new(subtitle).small()).into_galley(
        ui,
        Some(egui::TextWrapMode::Truncate),
        wrap,
        egui::TextStyle::Small,
    );
    let height = title_galley.size().y + subtitle_galley.size().y + 2.0 * padding.y + 2.0;
    // 2. Allocate.
    let (rect, response) = ui.allocate_exact_size(vec2(width, height), Sense::click());
    // 3. Interact: name the row for screen readers and tests.
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, name));
    // 4. Paint.
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let fill = if selected {
            Some(visuals.selection.bg_fill)
        } else if response.hovered() {
            Some(visuals.widgets.hovered.weak_bg_fill)
        } else {
            None
        };
        if let Some(fill) = fill {
            ui.painter().rect_filled(rect, 4.0, fill);
        }
        let (title_colour, subtitle_colour) = if selected {
            (
                visuals.selection.stroke.color,
                visuals.selection.stroke.color.gamma_multiply(0.8),
            )
        } else {
            (visuals.strong_text_color(), visuals.weak_text_color())
        };
        let title_pos = rect.min + padding;
        let subtitle_pos = title_pos + vec2(0.0, title_galley.size().y + 2.0);
        ui.painter().galley(title_pos, title_galley, title_colour);
        ui.painter()
            .galley(subtitle_pos, subtitle_galley, subtitle_colour);
    }
    response
}

/// A thin horizontal bar showing `used` (0..) of a budget, coloured by the budget state.
pub fn budget_bar(ui: &mut Ui, width: f32, used: f32) -> Response {
    let (rect, response) = ui.allocate_exact_size(vec2(width, 4.0), Sense::hover());
    if ui.is_rect_visible(rect) {
        let visuals = ui.visuals();
        let painter = ui.painter();
        painter.rect_filled(rect, 2.0, visuals.faint_bg_color.gamma_multiply(2.0));
        let fill = rect.width() * used.clamp(0.0, 1.0);
        let mut filled = rect;
        filled.set_width(fill);
        painter.rect_filled(filled, 2.0, theme::budget_colour(visuals, used));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks_read_like_clocks() {
        assert_eq!(clock_text(Duration::from_secs(0)), "00:00");
        assert_eq!(clock_text(Duration::from_secs(8 * 60 + 5)), "08:05");
        assert_eq!(clock_text(Duration::from_secs(3600 + 61)), "1:01:01");
        assert_eq!(minutes_text(Duration::from_secs(42 * 60 + 59)), "42 min");
        assert_eq!(minutes_text(Duration::from_mins(65)), "1 h 05 min");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count_of(0, "assumption", "assumptions"), "0 assumptions");
        assert_eq!(count_of(1, "assumption", "assumptions"), "1 assumption");
        assert_eq!(count_of(2, "phase", "phases"), "2 phases");
    }
}
