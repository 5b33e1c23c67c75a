//! Design tokens: every colour, size and spacing the views use, for dark and light mode.

use egui::{Color32, FontId, Visuals};

use crate::model::KindGroup;

/// Outer margin of panels.
pub const PANEL_MARGIN: f32 = 12.0;
/// Vertical space between sections.
pub const SECTION_GAP: f32 = 14.0;
/// Size of the big drill clocks.
pub const CLOCK_SIZE: f32 = 26.0;
/// Size of screen titles.
pub const TITLE_SIZE: f32 = 22.0;
/// Size of a dialog's title.
pub const DIALOG_TITLE_SIZE: f32 = 17.0;
/// Room kept between a dialog and the window's edges.
pub const DIALOG_MARGIN: f32 = 24.0;
/// Width of the left panel on the drill screen.
pub const SIDE_PANEL_WIDTH: f32 = 300.0;
/// Share of a phase budget at which its clock turns to the warning colour.
pub const WARNING_FRACTION: f32 = 0.8;

/// Size of the drill clocks in a window narrower than [`WIDE_WINDOW`].
pub const COMPACT_CLOCK_SIZE: f32 = 19.0;
/// The window width from which the drill clocks show at [`CLOCK_SIZE`].
pub const WIDE_WINDOW: f32 = 1200.0;

/// Monospace font for clocks and numbers, so digits do not jitter.
pub fn clock_font() -> FontId {
    FontId::monospace(CLOCK_SIZE)
}

/// The clock font for a window this wide: smaller below [`WIDE_WINDOW`], so the phase
/// stepper keeps its room.
pub fn clock_font_for(window_width: f32) -> FontId {
    if window_width < WIDE_WINDOW {
        FontId::monospace(COMPACT_CLOCK_SIZE)
    } else {
        clock_font()
    }
}

/// The hue of a node-kind group (data blue, features teal, models purple, serving orange,
/// operations grey, people green), tuned for the current mode.
pub fn group_colour(group: KindGroup, dark: bool) -> Color32 {
    let (r, g, b) = match group {
        KindGroup::Data => (66, 133, 244),
        KindGroup::Features => (0, 150, 136),
        KindGroup::Models => (142, 85, 214),
        KindGroup::Serving => (240, 135, 30),
        KindGroup::Operations => (128, 134, 139),
        KindGroup::People => (52, 168, 83),
    };
    if dark {
        Color32::from_rgb(r, g, b)
    } else {
        Color32::from_rgb(
            (f32::from(r) * 0.85) as u8,
            (f32::from(g) * 0.85) as u8,
            (f32::from(b) * 0.85) as u8,
        )
    }
}

/// The colour of an edge kind's line (feedback stands out; the rest follow the text colour).
pub fn edge_colour(kind: crate::model::EdgeKind, visuals: &Visuals) -> Color32 {
    match kind {
        crate::model::EdgeKind::Feedback => {
            if visuals.dark_mode {
                Color32::from_rgb(240, 98, 146)
            } else {
                Color32::from_rgb(194, 24, 91)
            }
        }
        _ => visuals.text_color().gamma_multiply(0.85),
    }
}

/// Fill of a node box: its group hue, faint, over the canvas background.
pub fn node_fill(group: KindGroup, visuals: &Visuals) -> Color32 {
    let hue = group_colour(group, visuals.dark_mode);
    let base = background_colour(visuals.dark_mode);
    lerp_colour(base, hue, if visuals.dark_mode { 0.22 } else { 0.14 })
}

/// Fill of a sticky note.
pub fn note_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(92, 84, 40)
    } else {
        Color32::from_rgb(255, 244, 170)
    }
}

/// Canvas background: the window's own background, which the window is cleared to, so the
/// canvas is never filled (see `apply`); the panels' edges and the grid dots set it apart.
pub fn canvas_colour(visuals: &Visuals) -> Color32 {
    background_colour(visuals.dark_mode)
}

/// Grid dots on the canvas.
pub fn grid_colour(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_gray(48)
    } else {
        Color32::from_gray(215)
    }
}

fn lerp_colour(a: Color32, b: Color32, t: f32) -> Color32 {
    let mix = |x: u8, y: u8| (f32::from(x) + (f32::from(y) - f32::from(x)) * t).round() as u8;
    Color32::from_rgb(mix(a.r(), b.r()), mix(a.g(), b.g()), mix(a.b(), b.b()))
}

/// Colour of a clock by how much of its budget is used: normal, warning or over.
pub fn budget_colour(visuals: &Visuals, used: f32) -> Color32 {
    if used >= 1.0 {
        error_colour(visuals)
    } else if used >= WARNING_FRACTION {
        warning_colour(visuals)
    } else {
        visuals.strong_text_color()
    }
}

/// Amber for warnings.
pub fn warning_colour(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(255, 193, 7)
    } else {
        Color32::from_rgb(176, 110, 0)
    }
}

/// Red for errors and overruns.
pub fn error_colour(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(255, 110, 100)
    } else {
        Color32::from_rgb(190, 30, 30)
    }
}

/// A faint red behind error banners.
pub fn error_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(70, 28, 28)
    } else {
        Color32::from_rgb(253, 232, 230)
    }
}

/// A faint amber behind notices that need a decision.
pub fn warning_fill(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(66, 52, 20)
    } else {
        Color32::from_rgb(255, 244, 214)
    }
}

/// The colour of a hire band: red through amber to green.
pub fn band_colour(visuals: &Visuals, band: crate::model::scoring::Band) -> Color32 {
    use crate::model::scoring::Band;
    match band {
        Band::NoHire => error_colour(visuals),
        Band::LeanNoHire => warning_colour(visuals),
        Band::LeanHire => accent_colour(visuals),
        Band::Hire | Band::StrongHire => success_colour(visuals),
    }
}

/// A chart series' colour, by its index in a fixed palette that reads on both themes (fixed,
/// so a line and its points match and a series keeps its colour between charts).
pub fn series_colour(index: usize) -> Color32 {
    const PALETTE: [Color32; 7] = [
        Color32::from_rgb(86, 156, 214),
        Color32::from_rgb(206, 145, 120),
        Color32::from_rgb(181, 206, 168),
        Color32::from_rgb(197, 134, 192),
        Color32::from_rgb(220, 220, 170),
        Color32::from_rgb(78, 201, 176),
        Color32::from_rgb(244, 135, 113),
    ];
    PALETTE[index % PALETTE.len()]
}

/// A phase's band on the replay timeline: its series colour, faint enough for a label on top.
pub fn phase_band_colour(visuals: &Visuals, phase: usize) -> Color32 {
    let alpha = if visuals.dark_mode { 0.35 } else { 0.45 };
    series_colour(phase).gamma_multiply(alpha)
}

/// The replay timeline's activity strip: diagram edits in the data hue, typing in the
/// features hue, the same hues as the canvas.
pub fn activity_colours(visuals: &Visuals) -> (Color32, Color32) {
    let dark = visuals.dark_mode;
    (
        group_colour(KindGroup::Data, dark),
        group_colour(KindGroup::Features, dark),
    )
}

/// A mark on the replay timeline: questions in the accent, follow-ups amber, assumptions
/// green, pauses grey.
pub fn mark_colour(visuals: &Visuals, kind: crate::model::timeline::MarkKind) -> Color32 {
    use crate::model::timeline::MarkKind;
    match kind {
        MarkKind::Question => accent_colour(visuals).gamma_multiply(1.6),
        MarkKind::Assumption => success_colour(visuals),
        MarkKind::FollowUp => warning_colour(visuals),
        MarkKind::Pause => visuals.weak_text_color(),
    }
}

/// The replay timeline's speech band: when the candidate was speaking, in the models group's
/// purple, a hue no mark and neither activity bar uses.
pub fn speech_colour(visuals: &Visuals) -> Color32 {
    group_colour(KindGroup::Models, visuals.dark_mode)
}

/// The replay's playhead.
pub fn playhead_colour(visuals: &Visuals) -> Color32 {
    visuals.strong_text_color()
}

/// Green for success messages.
pub fn success_colour(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(120, 200, 120)
    } else {
        Color32::from_rgb(30, 120, 50)
    }
}

/// The accent used for the active phase and primary buttons.
pub fn accent_colour(visuals: &Visuals) -> Color32 {
    visuals.selection.bg_fill
}

/// The window background: what panels would fill with.
pub fn background_colour(dark: bool) -> Color32 {
    if dark {
        Color32::from_gray(27)
    } else {
        Color32::from_gray(248)
    }
}

/// Applies Drillboard's spacing to egui's style.
///
/// Panels are left unfilled and the window is cleared to the same colour instead
/// (`App::clear_color`): without a GPU, filling every pixel again each frame was most of the
/// cost of a running drill's once-a-second repaint.
pub fn apply(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.visuals.panel_fill = Color32::TRANSPARENT;
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
}
