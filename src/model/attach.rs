//! Where an arrow meets its boxes. An arrow attaches at the border point of each box nearest
//! the other box: where two boxes face each other across a gap (they share part of their
//! width or height) it is the shortest line between them, straight across the middle of what
//! they share; otherwise it leaves each box on the line between their centres. Arrows may start
//! from any side of a box, and a new arrow is drawn from the side nearest the pointer.
//!
//! One rule for painting, hit-testing and the SVG export (`Diagram::edge_ends`).

use super::diagram::{Point, Rect};

/// How much two boxes must share of their width or height for an arrow to run straight across.
const MIN_SHARED: f32 = 12.0;

/// A side of a box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The top edge.
    Top,
    /// The right edge.
    Right,
    /// The bottom edge.
    Bottom,
    /// The left edge.
    Left,
}

impl Side {
    /// Every side, clockwise from the top.
    pub const ALL: [Side; 4] = [Side::Top, Side::Right, Side::Bottom, Side::Left];

    /// The middle of this side of `rect`.
    pub fn midpoint(self, rect: Rect) -> Point {
        let c = rect.center();
        match self {
            Side::Top => Point {
                x: c.x,
                y: rect.min.y,
            },
            Side::Right => Point {
                x: rect.max.x,
                y: c.y,
            },
            Side::Bottom => Point {
                x: c.x,
                y: rect.max.y,
            },
            Side::Left => Point {
                x: rect.min.x,
                y: c.y,
            },
        }
    }

    /// The outward direction of this side, as a unit step.
    pub fn outward(self) -> (f32, f32) {
        match self {
            Side::Top => (0.0, -1.0),
            Side::Right => (1.0, 0.0),
            Side::Bottom => (0.0, 1.0),
            Side::Left => (-1.0, 0.0),
        }
    }
}

/// The side of `rect` nearest to `p` (inside or outside), ties going clockwise from the top.
pub fn nearest_side(rect: Rect, p: Point) -> Side {
    let distance = |side: Side| match side {
        Side::Top => (p.y - rect.min.y).abs(),
        Side::Right => (p.x - rect.max.x).abs(),
        Side::Bottom => (p.y - rect.max.y).abs(),
        Side::Left => (p.x - rect.min.x).abs(),
    };
    let mut best = Side::Top;
    for side in Side::ALL {
        if distance(side) < distance(best) {
            best = side;
        }
    }
    best
}

/// The point of `rect`'s border nearest to `p`: `p` moved onto the nearest side.
pub fn nearest_border_point(rect: Rect, p: Point) -> Point {
    let clamped = Point {
        x: p.x.clamp(rect.min.x, rect.max.x),
        y: p.y.clamp(rect.min.y, rect.max.y),
    };
    match nearest_side(rect, clamped) {
        Side::Top => Point {
            x: clamped.x,
            y: rect.min.y,
        },
        Side::Right => Point {
            x: rect.max.x,
            y: clamped.y,
        },
        Side::Bottom => Point {
            x: clamped.x,
            y: rect.max.y,
        },
        Side::Left => Point {
            x: rect.min.x,
            y: clamped.y,
        },
    }
}

/// An arrow's ends between the boxes `from` and `to`, moved sideways by `offset` (arrows
/// between the same two boxes are spread apart): see the module's rule. Centre to centre when
/// the boxes overlap. Scale-free, so the canvas calls it with screen coordinates and a zoomed
/// offset.
pub fn ends_between(from: Rect, to: Rect, offset: f32) -> (Point, Point) {
    if let Some(ends) = straight_across(from, to, offset) {
        return ends;
    }
    let (fc, tc) = (from.center(), to.center());
    let (dx, dy) = (tc.x - fc.x, tc.y - fc.y);
    let len = dx.hypot(dy);
    let (nx, ny) = if len > 0.0 {
        (-dy / len * offset, dx / len * offset)
    } else {
        (0.0, 0.0)
    };
    let shift = |p: Point| Point {
        x: p.x + nx,
        y: p.y + ny,
    };
    let (fc, tc) = (shift(fc), shift(tc));
    let start = shifted_border(from, fc, tc);
    let end = shifted_border(to, tc, fc);
    // Overlapping boxes: the clipped ends would cross over, so join the centres instead.
    let forwards = (end.x - start.x) * dx + (end.y - start.y) * dy > 0.0;
    if forwards { (start, end) } else { (fc, tc) }
}

/// The shortest straight line between two boxes that face each other across a gap, through
/// the middle of the width (or height) they share, moved sideways by `offset` within it.
fn straight_across(from: Rect, to: Rect, offset: f32) -> Option<(Point, Point)> {
    let shared = |a0: f32, a1: f32, b0: f32, b1: f32| (a0.max(b0), a1.min(b1));
    // One above the other: a vertical arrow.
    let (x0, x1) = shared(from.min.x, from.max.x, to.min.x, to.max.x);
    if x1 - x0 >= MIN_SHARED && (to.min.y > from.max.y || from.min.y > to.max.y) {
        let down = to.min.y > from.max.y;
        // Measured against the arrow's direction, as on the line between centres.
        let along = if down { -offset } else { offset };
        let x = (f32::midpoint(x0, x1) + along).clamp(x0, x1);
        let (y0, y1) = if down {
            (from.max.y, to.min.y)
        } else {
            (from.min.y, to.max.y)
        };
        return Some((Point { x, y: y0 }, Point { x, y: y1 }));
    }
    // Side by side: a level arrow.
    let (y0, y1) = shared(from.min.y, from.max.y, to.min.y, to.max.y);
    if y1 - y0 >= MIN_SHARED && (to.min.x > from.max.x || from.min.x > to.max.x) {
        let right = to.min.x > from.max.x;
        let along = if right { offset } else { -offset };
        let y = (f32::midpoint(y0, y1) + along).clamp(y0, y1);
        let (xa, xb) = if right {
            (from.max.x, to.min.x)
        } else {
            (from.min.x, to.max.x)
        };
        return Some((Point { x: xa, y }, Point { x: xb, y }));
    }
    None
}

/// Where the line from `center` (a point inside `rect`, maybe off its true centre) towards
/// `target` leaves `rect`.
pub(super) fn shifted_border(rect: Rect, center: Point, target: Point) -> Point {
    let (dx, dy) = (target.x - center.x, target.y - center.y);
    let mut t = f32::INFINITY;
    for (d, lo, hi, c) in [
        (dx, rect.min.x, rect.max.x, center.x),
        (dy, rect.min.y, rect.max.y, center.y),
    ] {
        if d > 0.0 {
            t = t.min((hi - c) / d);
        } else if d < 0.0 {
            t = t.min((lo - c) / d);
        }
    }
    if t.is_finite() && t >= 0.0 {
        Point {
            x: center.x + dx * t,
            y: center.y + dy * t,
        }
    } else {
        center
    }
}

#[cfg(test)]
#[allow(
    clippy::float_cmp,
    reason = "the ends are exact sums of box edges and halves"
)]
mod tests {
    use super::*;
    use crate::model::diagram::Size;

    fn rect(x: f32, y: f32) -> Rect {
        Rect::from_pos_size(Point { x, y }, Size { w: 160.0, h: 80.0 })
    }

    fn on_border(r: Rect, p: Point) -> bool {
        let inside = p.x >= r.min.x - 1e-3
            && p.x <= r.max.x + 1e-3
            && p.y >= r.min.y - 1e-3
            && p.y <= r.max.y + 1e-3;
        let edge = (p.x - r.min.x).abs() < 1e-3
            || (p.x - r.max.x).abs() < 1e-3
            || (p.y - r.min.y).abs() < 1e-3
            || (p.y - r.max.y).abs() < 1e-3;
        inside && edge
    }

    #[test]
    fn arrows_attach_on_whichever_side_faces_the_other_box() {
        let centre = rect(0.0, 0.0);
        // Right, below, left and above (each a little off-line): the facing sides, straight.
        let (a, b) = ends_between(centre, rect(300.0, 30.0), 0.0);
        assert_eq!((a.x, b.x), (160.0, 300.0));
        assert_eq!(a.y, b.y, "level");
        assert_eq!(a.y, 55.0, "across the middle of the shared height 30..80");
        let (a, b) = ends_between(centre, rect(-40.0, 200.0), 0.0);
        assert_eq!((a.y, b.y), (80.0, 200.0));
        assert_eq!((a.x, b.x), (60.0, 60.0), "across the shared width 0..120");
        let (a, b) = ends_between(centre, rect(-300.0, 0.0), 0.0);
        assert_eq!((a.x, b.x), (0.0, -140.0));
        let (a, b) = ends_between(centre, rect(0.0, -200.0), 0.0);
        assert_eq!((a.y, b.y), (0.0, -120.0));
        // Diagonal: along the line between the centres, from the borders.
        let other = rect(400.0, 300.0);
        let (a, b) = ends_between(centre, other, 0.0);
        assert!(on_border(centre, a) && on_border(other, b), "{a:?} {b:?}");
        let slope = (b.y - a.y) / (b.x - a.x);
        assert!((slope - 300.0 / 400.0).abs() < 1e-4, "{slope}");
    }

    #[test]
    fn parallel_arrows_stay_apart_and_within_the_shared_part() {
        let (a, b) = (rect(0.0, 0.0), rect(0.0, 200.0));
        let (p, _) = ends_between(a, b, 14.0);
        let (q, _) = ends_between(b, a, 14.0);
        assert!((p.x - q.x).abs() >= 14.0, "{p:?} {q:?}");
        let (far, _) = ends_between(a, b, 1e4);
        assert!(far.x >= 0.0 && far.x <= 160.0, "{far:?}");
    }

    #[test]
    fn a_new_arrow_leaves_from_the_side_nearest_the_pointer() {
        let r = rect(0.0, 0.0);
        let cases = [
            (Point { x: 80.0, y: -30.0 }, Side::Top),
            (Point { x: 175.0, y: 50.0 }, Side::Right),
            (Point { x: 20.0, y: 70.0 }, Side::Bottom),
            (Point { x: -5.0, y: 40.0 }, Side::Left),
        ];
        for (p, side) in cases {
            assert_eq!(nearest_side(r, p), side, "{p:?}");
            let on = nearest_border_point(r, p);
            assert!(on_border(r, on), "{on:?}");
        }
        assert_eq!(
            nearest_border_point(r, Point { x: 20.0, y: 70.0 }),
            Point { x: 20.0, y: 80.0 }
        );
        assert_eq!(Side::Left.midpoint(r), Point { x: 0.0, y: 40.0 });
        assert_eq!(Side::Bottom.outward(), (0.0, 1.0));
    }

    /// Over a table of box pairs in every direction and offset, the ends are on the borders and
    /// no end is inside the other box.
    #[test]
    fn ends_are_always_on_the_borders() {
        let a = rect(0.0, 0.0);
        for i in 0..24 {
            let angle = i as f32 / 24.0 * std::f32::consts::TAU;
            for distance in [200.0_f32, 260.0, 600.0] {
                let b = rect(distance * angle.cos(), distance * angle.sin());
                for offset in [-14.0, 0.0, 7.0, 21.0] {
                    let (p, q) = ends_between(a, b, offset);
                    assert!(
                        on_border(a, p) && on_border(b, q),
                        "{i} {distance} {offset}: {p:?} {q:?}"
                    );
                }
            }
        }
    }
}
