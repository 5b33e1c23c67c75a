//! The replay's timeline: phase bands with where each ran out of budget, marks for questions,
//! assumptions, follow-ups and pauses, the activity strip (drawing above, typing below) and
//! the playhead; with a recorded voice, a thin band under the marks shows when the candidate
//! was speaking. Click or drag anywhere on it to move the playhead.

use std::time::Duration;

use egui::{Align2, FontId, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use crate::model::Framework;
use crate::model::timeline::{MarkKind, Timeline};
use crate::model::voice_activity::{SpeechSegment, speech_band};
use crate::ui::theme;
use crate::ui::widgets::clock_text;

use super::state::ReplayPlayer;

/// Height of the phase bands.
const BAND: f32 = 20.0;
/// Height of the marks row.
const MARKS: f32 = 16.0;
/// Height of the speech band, when there is a recording.
const SPEECH: f32 = 8.0;
/// Height of the activity strip.
const ACTIVITY: f32 = 26.0;
/// Height of the minute labels.
const TICKS: f32 = 14.0;
/// Room between rows.
const GAP: f32 = 3.0;

/// What a mark shows inside its dot.
fn glyph(kind: MarkKind) -> &'static str {
    match kind {
        MarkKind::Question => "?",
        MarkKind::Assumption => "A",
        MarkKind::FollowUp => "!",
        MarkKind::Pause => "⏸",
    }
}

/// Draws the timeline and moves the playhead where it is clicked or dragged.
pub(super) fn timeline_ui(
    ui: &mut Ui,
    player: &mut ReplayPlayer,
    framework: &Framework,
    speech: Option<&[SpeechSegment]>,
    now: Duration,
) {
    // 1. Size: the full width, the rows' height.
    let speech_height = if speech.is_some() { SPEECH + GAP } else { 0.0 };
    let height = BAND + MARKS + speech_height + ACTIVITY + TICKS + 3.0 * GAP;
    let size = vec2(ui.available_width(), height);
    // 2. Allocate.
    let (rect, response) = ui.allocate_exact_size(size, Sense::click_and_drag());
    let end = player.timeline.end_ms.max(1);
    let x_of = |ms: u64| rect.left() + rect.width() * (ms.min(end) as f32 / end as f32);
    let ms_of = |x: f32| (((x - rect.left()) / rect.width()).clamp(0.0, 1.0) * end as f32) as u64;
    response
        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, ui.is_enabled(), "Timeline"));
    // 3. Interact.
    if let Some(pointer) = response.interact_pointer_pos()
        && (response.dragged() || response.clicked() || response.drag_started())
    {
        player.seek(ms_of(pointer.x), now);
    }
    let hover = response.hover_pos();
    let timeline = &player.timeline;
    let budgets_ms = &player.budgets_ms;
    // 4. Paint.
    if !ui.is_rect_visible(rect) {
        return;
    }
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect.expand(2.0));
    let bands = Rect::from_min_size(rect.min, vec2(rect.width(), BAND));
    let marks_row = Rect::from_min_size(
        pos2(rect.left(), bands.bottom() + GAP),
        vec2(rect.width(), MARKS),
    );
    let speech_row = Rect::from_min_size(
        pos2(rect.left(), marks_row.bottom() + GAP),
        vec2(rect.width(), SPEECH),
    );
    let activity = Rect::from_min_size(
        pos2(rect.left(), marks_row.bottom() + GAP + speech_height),
        vec2(rect.width(), ACTIVITY),
    );
    let small = FontId::proportional(11.0);
    let mut tip: Option<String> = None;

    // Each phase's time over all its visits, named on its longest band with its budget.
    let mut used = vec![0u64; framework.phases.len()];
    let mut longest: Vec<Option<(u64, usize)>> = vec![None; framework.phases.len()];
    for (i, visit) in timeline.visits.iter().enumerate() {
        let length = visit.to_ms - visit.from_ms;
        if let (Some(used), Some(longest)) =
            (used.get_mut(visit.phase), longest.get_mut(visit.phase))
        {
            *used += length;
            if longest.is_none_or(|(l, _)| length > l) {
                *longest = Some((length, i));
            }
        }
    }
    for (i, visit) in timeline.visits.iter().enumerate() {
        let band = Rect::from_x_y_ranges(x_of(visit.from_ms)..=x_of(visit.to_ms), bands.y_range());
        painter.rect_filled(band, 2.0, theme::phase_band_colour(&visuals, visit.phase));
        let phase = framework.phases.get(visit.phase);
        let budget = budgets_ms.get(visit.phase).copied().unwrap_or(0);
        let spent = used.get(visit.phase).copied().unwrap_or(0);
        let times = format!(
            "{} / {}",
            clock_text(Duration::from_millis(spent)),
            clock_text(Duration::from_millis(budget))
        );
        let is_longest = longest
            .get(visit.phase)
            .copied()
            .flatten()
            .is_some_and(|(_, at)| at == i);
        let short = phase.map_or_else(|| format!("Phase {}", visit.phase + 1), |p| p.short.clone());
        // The name with its time and budget where it fits, else the name, else nothing.
        let label = [format!("{short} {times}"), short]
            .into_iter()
            .skip(usize::from(!is_longest))
            .map(|text| painter.layout_no_wrap(text, small.clone(), visuals.strong_text_color()))
            .find(|galley| galley.size().x + 6.0 < band.width());
        if let Some(galley) = label {
            painter.galley(
                pos2(band.left() + 3.0, band.center().y - galley.size().y / 2.0),
                galley,
                visuals.strong_text_color(),
            );
        }
        if let Some(p) = hover
            && band.contains(p)
        {
            tip = Some(format!(
                "{} · here {}–{} · {times} of its budget in all",
                phase.map_or("Phase", |p| p.name.as_str()),
                clock_text(Duration::from_millis(visit.from_ms)),
                clock_text(Duration::from_millis(visit.to_ms)),
            ));
        }
    }
    // Past a phase's budget: a red line under the band, and a tick where the budget ran out.
    let over = theme::error_colour(&visuals);
    for (from, to) in &timeline.over_budget {
        let line = Rect::from_x_y_ranges(
            x_of(*from)..=x_of(*to),
            (bands.bottom() - 3.0)..=bands.bottom(),
        );
        painter.rect_filled(line, 0.0, over);
    }
    for reached in &timeline.budgets_reached {
        let x = x_of(reached.at_ms);
        painter.line_segment(
            [pos2(x, bands.top()), pos2(x, bands.bottom())],
            Stroke::new(1.5, over),
        );
        if let Some(p) = hover
            && (p.x - x).abs() < 4.0
            && bands.y_range().contains(p.y)
        {
            let name = framework
                .phases
                .get(reached.phase)
                .map_or("The phase", |p| p.name.as_str());
            tip = Some(format!(
                "{name} reached its budget at {}",
                clock_text(Duration::from_millis(reached.at_ms))
            ));
        }
    }

    for mark in &timeline.marks {
        let centre = pos2(x_of(mark.at_ms), marks_row.center().y);
        let colour = theme::mark_colour(&visuals, mark.kind);
        painter.circle_filled(centre, MARKS / 2.0 - 1.0, colour);
        painter.text(
            centre,
            Align2::CENTER_CENTER,
            glyph(mark.kind),
            FontId::proportional(10.0),
            visuals.extreme_bg_color,
        );
        if let Some(p) = hover
            && p.distance(centre) < MARKS / 2.0 + 1.0
        {
            tip = Some(format!(
                "{}  {}",
                clock_text(Duration::from_millis(mark.at_ms)),
                mark.text
            ));
        }
    }

    if let Some(segments) = speech {
        let colour = theme::speech_colour(&visuals);
        painter.rect_filled(speech_row, 1.0, visuals.faint_bg_color);
        for (from, to) in speech_band(segments, end, rect.width()) {
            let x = (x_of(from), x_of(to).max(x_of(from) + 1.0));
            painter.rect_filled(
                Rect::from_x_y_ranges(x.0..=x.1, speech_row.y_range()),
                1.0,
                colour,
            );
        }
        if let Some(p) = hover
            && speech_row.expand2(vec2(0.0, 2.0)).contains(p)
        {
            let at = ms_of(p.x);
            tip = Some(
                segments
                    .iter()
                    .find(|s| s.start_ms <= at && at < s.end_ms)
                    .map_or_else(
                        || "Not speaking here".to_owned(),
                        |s| {
                            format!(
                                "Speaking {}–{}",
                                clock_text(Duration::from_millis(s.start_ms)),
                                clock_text(Duration::from_millis(s.end_ms))
                            )
                        },
                    ),
            );
        }
    }
    activity_ui(&painter, activity, timeline, &visuals);
    if let Some(p) = hover
        && activity.contains(p)
    {
        let bucket = (ms_of(p.x) / timeline.bucket_ms) as usize;
        let (drawing, typing) = (
            timeline.drawing.get(bucket).copied().unwrap_or(0),
            timeline.typing.get(bucket).copied().unwrap_or(0),
        );
        tip = Some(format!(
            "{}: {drawing} diagram edits, {typing} seconds of typing",
            clock_text(Duration::from_millis(bucket as u64 * timeline.bucket_ms))
        ));
    }

    // Minute labels, spaced to stay readable.
    let step_ms = tick_step(end, rect.width());
    let mut at = 0;
    while at <= end {
        let x = x_of(at);
        painter.text(
            pos2(x, activity.bottom() + GAP),
            if at == 0 {
                Align2::LEFT_TOP
            } else if x > rect.right() - 20.0 {
                Align2::RIGHT_TOP
            } else {
                Align2::CENTER_TOP
            },
            clock_text(Duration::from_millis(at)),
            small.clone(),
            visuals.weak_text_color(),
        );
        at += step_ms;
    }

    // The playhead over everything.
    let x = x_of(player.at_ms);
    let colour = theme::playhead_colour(&visuals);
    painter.line_segment(
        [pos2(x, rect.top()), pos2(x, activity.bottom())],
        Stroke::new(2.0, colour),
    );
    painter.add(egui::Shape::convex_polygon(
        vec![
            pos2(x - 5.0, rect.top()),
            pos2(x + 5.0, rect.top()),
            pos2(x, rect.top() + 6.0),
        ],
        colour,
        Stroke::NONE,
    ));
    if let Some(tip) = tip {
        response.on_hover_text_at_pointer(tip);
    }
}

/// The activity strip: diagram edits as bars up from the middle, typing as bars down.
fn activity_ui(painter: &egui::Painter, rect: Rect, timeline: &Timeline, visuals: &egui::Visuals) {
    let (drawing, typing) = theme::activity_colours(visuals);
    painter.rect_filled(rect, 2.0, visuals.faint_bg_color);
    let most = timeline
        .drawing
        .iter()
        .chain(&timeline.typing)
        .copied()
        .max()
        .unwrap_or(0)
        .max(1) as f32;
    let middle = rect.center().y;
    let half = rect.height() / 2.0 - 1.0;
    let end = timeline.end_ms.max(1) as f32;
    let width = (rect.width() * timeline.bucket_ms as f32 / end).max(1.0);
    for (i, (up, down)) in timeline.drawing.iter().zip(&timeline.typing).enumerate() {
        let x = rect.left() + rect.width() * (i as u64 * timeline.bucket_ms) as f32 / end;
        let bar = |count: u32| half * (count as f32 / most).sqrt();
        if *up > 0 {
            let top = Pos2::new(x, middle - bar(*up));
            painter.rect_filled(
                Rect::from_min_max(top, pos2((x + width - 1.0).min(rect.right()), middle)),
                0.0,
                drawing,
            );
        }
        if *down > 0 {
            let bottom = pos2((x + width - 1.0).min(rect.right()), middle + bar(*down));
            painter.rect_filled(Rect::from_min_max(pos2(x, middle), bottom), 0.0, typing);
        }
    }
}

/// Time between minute labels: the shortest of 1, 5, 10, 15 or 30 minutes that leaves 60
/// points between labels.
fn tick_step(end_ms: u64, width: f32) -> u64 {
    let per_point = end_ms as f32 / width.max(1.0);
    [1u64, 5, 10, 15, 30, 60]
        .into_iter()
        .map(|m| m * 60_000)
        .find(|step| *step as f32 / per_point >= 60.0)
        .unwrap_or(3_600_000)
}
