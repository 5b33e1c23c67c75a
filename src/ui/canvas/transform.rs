//! The canvas view: where canvas coordinates land on screen, with pan and zoom; and the
//! conversions between egui's rectangles and the model's.

use egui::{Pos2, Rect, Vec2, pos2, vec2};

use crate::model::Point;
use crate::model::diagram::Rect as CanvasRect;

/// Smallest zoom (10 %).
pub const MIN_ZOOM: f32 = 0.1;
/// Largest zoom (400 %).
pub const MAX_ZOOM: f32 = 4.0;

/// Maps canvas units to screen points: `screen = origin + canvas * zoom + pan`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewTransform {
    /// Screen offset of canvas (0, 0) relative to the canvas area's top-left corner.
    pub pan: Vec2,
    /// Screen points per canvas unit.
    pub zoom: f32,
}

/// The space fit leaves around the content, in points.
pub const FIT_MARGIN: f32 = 40.0;
/// The largest zoom fit chooses: a small diagram shows at its real size, not blown up.
pub const FIT_MAX_ZOOM: f32 = 1.0;

impl Default for ViewTransform {
    fn default() -> Self {
        Self {
            pan: vec2(40.0, 40.0),
            zoom: 1.0,
        }
    }
}

impl ViewTransform {
    /// A canvas point on screen, for a canvas area whose top-left is `origin`.
    pub fn to_screen(&self, origin: Pos2, p: Point) -> Pos2 {
        origin + self.pan + vec2(p.x, p.y) * self.zoom
    }

    /// A screen point on the canvas.
    pub fn to_canvas(&self, origin: Pos2, p: Pos2) -> Point {
        let v = (p - origin - self.pan) / self.zoom;
        Point { x: v.x, y: v.y }
    }

    /// A canvas rectangle on screen.
    pub fn rect_to_screen(&self, origin: Pos2, min: Point, size: Vec2) -> Rect {
        Rect::from_min_size(self.to_screen(origin, min), size * self.zoom)
    }

    /// The canvas rectangle visible in a screen area.
    pub fn visible_canvas(&self, area: Rect) -> Rect {
        let min = self.to_canvas(area.min, area.min);
        let max = self.to_canvas(area.min, area.max);
        Rect::from_min_max(pos2(min.x, min.y), pos2(max.x, max.y))
    }

    /// Zooms by `factor` keeping the canvas point under `pointer` still.
    pub fn zoom_around(&mut self, origin: Pos2, pointer: Pos2, factor: f32) {
        let anchor = self.to_canvas(origin, pointer);
        self.zoom = (self.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let moved = self.to_screen(origin, anchor);
        self.pan += pointer - moved;
    }

    /// Sets 100 % keeping the centre of `area` still.
    pub fn reset_zoom(&mut self, area: Rect) {
        self.zoom_around(area.min, area.center(), 1.0 / self.zoom);
    }

    /// Zooms and pans so the canvas rectangle `content` fills `target` (a part of the canvas
    /// area whose top-left corner is `origin`, e.g. what the palette leaves free) with a margin.
    pub fn fit(&mut self, origin: Pos2, target: Rect, content: Rect) {
        let margin = FIT_MARGIN;
        let available = (target.size() - vec2(2.0 * margin, 2.0 * margin)).max(vec2(10.0, 10.0));
        let size = content.size().max(vec2(1.0, 1.0));
        self.zoom = (available.x / size.x)
            .min(available.y / size.y)
            .clamp(MIN_ZOOM, FIT_MAX_ZOOM);
        let centre = content.center();
        self.pan = (target.center() - origin) - centre.to_vec2() * self.zoom;
    }

    /// Sets `zoom` keeping the canvas point `anchor` where it is on screen.
    pub fn zoom_keeping(&mut self, anchor: Point, zoom: f32) {
        let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        let anchor = vec2(anchor.x, anchor.y);
        self.pan += anchor * self.zoom - anchor * zoom;
        self.zoom = zoom;
    }

    /// Moves this view as `leader` moved from `before` to `after`: the same zoom factor and
    /// the same screen movement, so a view showing another diagram at the same scale pans and
    /// zooms in step (around the same point of its area).
    pub fn follow(&mut self, before: ViewTransform, after: ViewTransform) {
        // The leader's change maps a point at screen offset s to k·s + (after.pan − k·before.pan).
        let k = after.zoom / before.zoom;
        if !k.is_finite() {
            return;
        }
        self.pan = self.pan * k + (after.pan - before.pan * k);
        self.zoom = (self.zoom * k).clamp(MIN_ZOOM, MAX_ZOOM);
    }

    /// Pans so that the canvas point `centre` is in the middle of `area`.
    pub fn centre_on(&mut self, area: Rect, centre: Point) {
        self.pan = area.size() / 2.0 - vec2(centre.x, centre.y) * self.zoom;
    }
}

/// An egui rectangle in canvas units as the model's rectangle.
pub(super) fn to_model_rect(rect: Rect) -> CanvasRect {
    CanvasRect {
        min: Point {
            x: rect.min.x,
            y: rect.min.y,
        },
        max: Point {
            x: rect.max.x,
            y: rect.max.y,
        },
    }
}

/// The model's rectangle as an egui rectangle, still in canvas units.
pub(super) fn to_egui(rect: CanvasRect) -> Rect {
    Rect::from_min_max(pos2(rect.min.x, rect.min.y), pos2(rect.max.x, rect.max.y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screen_and_canvas_round_trip() {
        let view = ViewTransform {
            pan: vec2(13.0, -7.0),
            zoom: 2.5,
        };
        let origin = pos2(100.0, 50.0);
        let p = Point { x: 40.0, y: -12.0 };
        let back = view.to_canvas(origin, view.to_screen(origin, p));
        assert!((back.x - p.x).abs() < 1e-4 && (back.y - p.y).abs() < 1e-4);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_pointer_and_clamps() {
        let mut view = ViewTransform::default();
        let origin = pos2(0.0, 0.0);
        let pointer = pos2(300.0, 200.0);
        let before = view.to_canvas(origin, pointer);
        view.zoom_around(origin, pointer, 1.7);
        let after = view.to_canvas(origin, pointer);
        assert!((before.x - after.x).abs() < 1e-3 && (before.y - after.y).abs() < 1e-3);
        view.zoom_around(origin, pointer, 100.0);
        assert!((view.zoom - MAX_ZOOM).abs() < f32::EPSILON);
        view.zoom_around(origin, pointer, 0.0001);
        assert!((view.zoom - MIN_ZOOM).abs() < f32::EPSILON);
    }

    #[test]
    fn fit_never_blows_a_small_diagram_up() {
        let mut view = ViewTransform::default();
        let area = Rect::from_min_size(pos2(0.0, 0.0), vec2(1200.0, 800.0));
        let one_box = Rect::from_min_size(pos2(100.0, 100.0), vec2(160.0, 80.0));
        view.fit(area.min, area, one_box);
        assert!((view.zoom - FIT_MAX_ZOOM).abs() < f32::EPSILON);
        let centre = view.to_screen(area.min, Point { x: 180.0, y: 140.0 });
        assert!(
            (centre - area.center()).length() < 1e-3,
            "centred: {centre:?}"
        );
    }

    #[test]
    fn a_follower_pans_and_zooms_in_step_with_its_leader() {
        let origin = pos2(0.0, 0.0);
        let before = ViewTransform {
            pan: vec2(30.0, -20.0),
            zoom: 0.5,
        };
        let mut follower = ViewTransform {
            pan: vec2(-200.0, 75.0),
            zoom: 0.5,
        };
        let mut leader = before;
        let pointer = pos2(420.0, 310.0);
        leader.zoom_around(origin, pointer, 1.6);
        leader.pan += vec2(-35.0, 12.0);
        let follower_point = follower.to_canvas(origin, pointer);
        follower.follow(before, leader);
        assert!((follower.zoom - leader.zoom).abs() < 1e-6, "same scale");
        // The follower's point that was under the pointer moved exactly as the leader's did.
        let moved = follower.to_screen(origin, follower_point);
        assert!(
            (moved - (pointer + vec2(-35.0, 12.0))).length() < 1e-3,
            "{moved:?}"
        );
    }

    #[test]
    fn zooming_keeping_a_point_leaves_it_in_place() {
        let origin = pos2(5.0, 5.0);
        let mut view = ViewTransform::default();
        let anchor = Point { x: 300.0, y: -40.0 };
        let before = view.to_screen(origin, anchor);
        view.zoom_keeping(anchor, 0.37);
        assert!((view.zoom - 0.37).abs() < f32::EPSILON);
        assert!((view.to_screen(origin, anchor) - before).length() < 1e-3);
    }

    #[test]
    fn fit_shows_all_content() {
        let mut view = ViewTransform::default();
        let area = Rect::from_min_size(pos2(0.0, 0.0), vec2(800.0, 600.0));
        let content = Rect::from_min_max(pos2(-500.0, 0.0), pos2(2500.0, 900.0));
        view.fit(area.min, area, content);
        let visible = view.visible_canvas(area);
        assert!(
            visible.contains_rect(content),
            "{visible:?} contains {content:?}"
        );
        // Fitting into the part right of a 100-point strip keeps the content out of the strip.
        let free = Rect::from_min_max(pos2(100.0, 0.0), area.max);
        view.fit(area.min, free, content);
        for (x, y) in [(-500.0, 0.0), (2500.0, 900.0)] {
            let corner = view.to_screen(area.min, Point { x, y });
            assert!(
                free.shrink(39.0).contains(corner),
                "{corner:?} is inside {free:?} with the margin"
            );
        }
    }
}
