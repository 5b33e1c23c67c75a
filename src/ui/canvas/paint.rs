//! Painting the diagram: zones, arrows, boxes, labels and the legend, with level of detail.

use egui::epaint::{CubicBezierShape, PathStroke};
use egui::{Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, Vec2, pos2, vec2};

use crate::model::routing::{self, EdgePath};
use crate::model::{DiagramEdge, DiagramNode, EdgeKind, NodeKind, Point, Zone};
use crate::ui::theme;

use super::transform::ViewTransform;

/// Below this zoom, labels are not drawn (boxes only).
pub const TEXT_MIN_ZOOM: f32 = 0.35;
/// Base size of node labels at 100 %.
pub const LABEL_SIZE: f32 = 14.0;

/// A short tag drawn in a node's corner, standing for its kind.
pub fn kind_glyph(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::Client => "CL",
        NodeKind::ApiGateway => "GW",
        NodeKind::Service => "SV",
        NodeKind::EventStream => "ES",
        NodeKind::StreamProcessor => "SP",
        NodeKind::BatchJob => "BJ",
        NodeKind::DataLake => "DL",
        NodeKind::Database => "DB",
        NodeKind::Cache => "CA",
        NodeKind::ObjectStore => "OS",
        NodeKind::OnlineFeatureStore => "FS",
        NodeKind::OfflineFeatureStore => "FO",
        NodeKind::EmbeddingModel => "EM",
        NodeKind::VectorIndex => "VI",
        NodeKind::InvertedIndex => "II",
        NodeKind::CandidateGeneration => "CG",
        NodeKind::Ranker => "RK",
        NodeKind::ReRanker => "RR",
        NodeKind::RulesEngine => "RE",
        NodeKind::TrainingPipeline => "TP",
        NodeKind::ModelRegistry => "MR",
        NodeKind::ModelServer => "MS",
        NodeKind::Experimentation => "AB",
        NodeKind::Monitoring => "MO",
        NodeKind::LabelingReview => "HR",
        NodeKind::User => "US",
        NodeKind::Generic => "BX",
        NodeKind::Note => "NT",
    }
}

/// The point where the line from a rectangle's centre toward `toward` leaves the rectangle.
pub fn border_point(rect: Rect, toward: Pos2) -> Pos2 {
    let centre = rect.center();
    let d = toward - centre;
    if d.x.abs() < f32::EPSILON && d.y.abs() < f32::EPSILON {
        return centre;
    }
    let half = rect.size() / 2.0;
    let tx = if d.x.abs() > f32::EPSILON {
        half.x / d.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if d.y.abs() > f32::EPSILON {
        half.y / d.y.abs()
    } else {
        f32::INFINITY
    };
    centre + d * tx.min(ty)
}

const LEGEND_ROW: f32 = 18.0;
/// The line-style legend in the canvas's bottom-left corner, 10 points in from each edge.
pub const LEGEND_SIZE: Vec2 = vec2(170.0, LEGEND_ROW * EdgeKind::ALL.len() as f32 + 10.0);

/// Where an arrow between two box rectangles starts and ends, moved sideways by `offset`
/// screen units: the same rule as the model's hit-testing and the SVG export.
pub fn arrow_ends(from: Rect, to: Rect, offset: f32) -> (Pos2, Pos2) {
    let model = super::transform::to_model_rect;
    let (a, b) = crate::model::diagram::ends_between(model(from), model(to), offset);
    (pos2(a.x, a.y), pos2(b.x, b.y))
}

/// A routed path (canvas units) on screen: the same shape, its points moved to the screen.
pub fn screen_path(path: &EdgePath, view: &ViewTransform, origin: Pos2) -> EdgePath {
    let on_screen = |p: Point| {
        let s = view.to_screen(origin, p);
        Point { x: s.x, y: s.y }
    };
    match path {
        EdgePath::Straight(a, b) => EdgePath::Straight(on_screen(*a), on_screen(*b)),
        EdgePath::Bow(p) => EdgePath::Bow(p.map(on_screen)),
        EdgePath::Detour(points) => {
            EdgePath::Detour(points.iter().map(|p| on_screen(*p)).collect())
        }
    }
}

/// The path of an arrow whose box is being moved or resized (screen rectangles, `offset` in
/// screen units): straight, or bowed for feedback, until the drop routes it again.
pub fn moving_path(kind: EdgeKind, from: Rect, to: Rect, offset: f32) -> EdgePath {
    let (a, b) = arrow_ends(from, to, offset);
    let (a, b) = (Point { x: a.x, y: a.y }, Point { x: b.x, y: b.y });
    if kind == EdgeKind::Feedback {
        EdgePath::Bow(routing::bow(a, b, 1.0))
    } else {
        EdgePath::Straight(a, b)
    }
}

fn to_pos(p: Point) -> Pos2 {
    pos2(p.x, p.y)
}

/// What is drawn of an arrow over every arrow's line: its head, and its label laid out and
/// placed beside it.
pub struct EdgeTop {
    head: Shape,
    label: Option<(Rect, std::sync::Arc<egui::Galley>)>,
}

/// Everything needed to paint one frame of the canvas.
pub struct CanvasPainter<'a> {
    /// Clipped to the canvas area.
    pub painter: &'a Painter,
    /// Top-left of the canvas area on screen.
    pub origin: Pos2,
    /// The current pan and zoom.
    pub view: ViewTransform,
    /// The current visuals.
    pub visuals: &'a egui::Visuals,
}

impl CanvasPainter<'_> {
    /// A node's rectangle on screen, offset by `drag` (canvas units) while it is being moved.
    pub fn node_rect(&self, node: &DiagramNode, drag: Vec2) -> Rect {
        let min = crate::model::Point {
            x: node.pos.x + drag.x,
            y: node.pos.y + drag.y,
        };
        self.view
            .rect_to_screen(self.origin, min, vec2(node.size.w, node.size.h))
    }

    /// A zone's rectangle on screen.
    pub fn zone_rect(&self, zone: &Zone, drag: Vec2) -> Rect {
        let min = crate::model::Point {
            x: zone.pos.x + drag.x,
            y: zone.pos.y + drag.y,
        };
        self.view
            .rect_to_screen(self.origin, min, vec2(zone.size.w, zone.size.h))
    }

    /// Dots every grid step, only where visible and only when they would not be a blur.
    pub fn grid(&self, area: Rect, step: f32) {
        let screen_step = step * self.view.zoom;
        if screen_step < 12.0 {
            return;
        }
        let colour = theme::grid_colour(self.visuals);
        let visible = self.view.visible_canvas(area);
        let first_x = (visible.min.x / step).floor() * step;
        let first_y = (visible.min.y / step).floor() * step;
        // One mesh of small squares: thousands of dots cost one shape, not thousands.
        let mut mesh = Mesh::default();
        let mut y = first_y;
        while y <= visible.max.y {
            let mut x = first_x;
            while x <= visible.max.x {
                let p = self
                    .view
                    .to_screen(self.origin, crate::model::Point { x, y });
                mesh.add_colored_rect(Rect::from_center_size(p, vec2(1.8, 1.8)), colour);
                x += step;
            }
            y += step;
        }
        self.painter.add(Shape::mesh(mesh));
    }

    /// A zone: a dashed, labelled rectangle behind the boxes.
    pub fn zone(&self, zone: &Zone, rect: Rect, selected: bool) {
        let colour = self.visuals.weak_text_color();
        let fill = colour.gamma_multiply(0.06);
        self.painter.rect_filled(rect, 10.0 * self.view.zoom, fill);
        let stroke = if selected {
            Stroke::new(2.0, theme::accent_colour(self.visuals))
        } else {
            Stroke::new(1.2, colour)
        };
        let corners = [
            rect.left_top(),
            rect.right_top(),
            rect.right_bottom(),
            rect.left_bottom(),
            rect.left_top(),
        ];
        self.painter
            .extend(Shape::dashed_line(&corners, stroke, 8.0, 6.0));
        if self.view.zoom >= TEXT_MIN_ZOOM {
            self.painter.text(
                rect.left_top() + vec2(10.0, 8.0) * self.view.zoom.max(0.6),
                Align2::LEFT_TOP,
                &zone.label,
                FontId::proportional(13.0 * self.view.zoom),
                colour,
            );
        }
    }

    /// An arrow along `path` (screen points, from [`screen_path`] or [`moving_path`]);
    /// `offset` is how far it was moved sideways from its siblings (canvas units), which
    /// staggers its label. Draws the line and returns its head and label for
    /// [`Self::edge_tops`] to draw once every line is drawn: no line crosses a label, and no
    /// label hides where an arrow ends.
    pub fn edge(
        &self,
        edge: &DiagramEdge,
        path: &EdgePath,
        offset: f32,
        selected: bool,
    ) -> Option<EdgeTop> {
        let (start, end) = (to_pos(path.start()), to_pos(path.end()));
        if (end - start).length() < 2.0 {
            return None;
        }
        let colour = if selected {
            theme::accent_colour(self.visuals)
        } else {
            theme::edge_colour(edge.kind, self.visuals)
        };
        let width = if selected { 2.5 } else { 1.6 } * self.view.zoom.clamp(0.6, 1.5);
        let stroke = Stroke::new(width, colour);
        let (tx, ty) = path.end_direction();
        let tip_dir = vec2(tx, ty);
        let head = 10.0 * self.view.zoom.clamp(0.5, 1.6);
        let line_end = end - tip_dir * head * 0.8;
        match path {
            EdgePath::Bow(p) => {
                // Feedback bows to one side so it reads as a loop back, not the main flow.
                let _ = self.painter.add(CubicBezierShape::from_points_stroke(
                    [to_pos(p[0]), to_pos(p[1]), to_pos(p[2]), line_end],
                    false,
                    Color32::TRANSPARENT,
                    PathStroke::new(width, colour),
                ));
            }
            EdgePath::Straight(..) | EdgePath::Detour(_) => {
                let mut points: Vec<Pos2> = path.polyline().into_iter().map(to_pos).collect();
                if let Some(last) = points.last_mut() {
                    *last = line_end;
                }
                match edge.kind {
                    EdgeKind::Request | EdgeKind::Feedback => {
                        if let [a, b] = points.as_slice() {
                            self.painter.line_segment([*a, *b], stroke);
                        } else {
                            self.painter.add(Shape::line(points, stroke));
                        }
                    }
                    EdgeKind::Stream => {
                        self.painter
                            .extend(Shape::dashed_line(&points, stroke, 8.0, 5.0));
                    }
                    EdgeKind::Batch => {
                        self.painter
                            .extend(Shape::dotted_line(&points, colour, 5.0, width * 0.75));
                    }
                }
            }
        }
        let tip_normal = vec2(-tip_dir.y, tip_dir.x);
        let a = end - tip_dir * head + tip_normal * head * 0.45;
        let b = end - tip_dir * head - tip_normal * head * 0.45;
        let head = if edge.kind == EdgeKind::Feedback {
            Shape::line(vec![a, end, b], stroke)
        } else {
            Shape::convex_polygon(vec![end, a, b], colour, Stroke::NONE)
        };
        if !edge.label.is_empty() && self.view.zoom >= TEXT_MIN_ZOOM {
            let (spot, (dx, dy)) = path.label_spot(offset);
            let (mid, dir) = (to_pos(spot), vec2(dx, dy));
            let normal = vec2(-dir.y, dir.x);
            let zoom = self.view.zoom;
            let font = FontId::proportional(12.0 * zoom);
            // A label over a mostly level line wraps to the length of that line (the gap
            // between the boxes), so the boxes drawn after it do not hide its ends; others
            // wrap at a comfortable width.
            let wrap = if dir.x.abs() > 0.7 {
                (path.label_span() * dir.x.abs() - 12.0).max(48.0 * zoom)
            } else {
                140.0 * zoom
            };
            let galley =
                self.painter
                    .layout(edge.label.clone(), font, self.visuals.text_color(), wrap);
            // Beside the line, not on it, so short arrows stay visible under their labels.
            let size = galley.size() + vec2(8.0, 4.0);
            // A lone arrow's label goes above (or left of) it; one of several between the
            // same boxes goes on the side the arrow was moved to, away from its siblings.
            let outward = if offset > 0.0 || (offset == 0.0 && normal.y <= 0.0) {
                normal
            } else {
                -normal
            };
            let away = outward * (size.y / 2.0 + 2.0) + outward * (size.x / 2.0) * outward.x.abs();
            return Some(EdgeTop {
                head,
                label: Some((Rect::from_center_size(mid + away, size), galley)),
            });
        }
        Some(EdgeTop { head, label: None })
    }

    /// Arrows' labels, each on a patch of canvas colour, then their heads on top.
    pub fn edge_tops(&self, tops: Vec<EdgeTop>) {
        let mut heads = Vec::with_capacity(tops.len());
        for top in tops {
            if let Some((rect, galley)) = top.label {
                self.painter
                    .rect_filled(rect, 0.0, theme::canvas_colour(self.visuals));
                self.painter
                    .galley(rect.min + vec2(4.0, 2.0), galley, self.visuals.text_color());
            }
            heads.push(top.head);
        }
        self.painter.extend(heads);
    }

    /// An arrow far out (below `TEXT_MIN_ZOOM`) along `path` (screen points): a thin solid
    /// line and a small head, added to one mesh for the whole frame. Line styles cannot be
    /// told apart at this size anyway.
    pub fn far_edge(&self, mesh: &mut Mesh, edge: &DiagramEdge, path: &EdgePath, selected: bool) {
        let (start, end) = (to_pos(path.start()), to_pos(path.end()));
        if (end - start).length() < 2.0 {
            return;
        }
        let colour = if selected {
            theme::accent_colour(self.visuals)
        } else {
            theme::edge_colour(edge.kind, self.visuals)
        };
        let (tx, ty) = path.end_direction();
        let dir = vec2(tx, ty);
        let normal = vec2(-dir.y, dir.x);
        let head = (10.0 * self.view.zoom).clamp(2.5, 6.0);
        let half = if selected { 1.0 } else { 0.5 };
        let mut points: Vec<Pos2> = path.polyline().into_iter().map(to_pos).collect();
        if let Some(last) = points.last_mut() {
            *last = end - dir * head * 0.8;
        }
        for w in points.windows(2) {
            let along = (w[1] - w[0]).normalized();
            let side = vec2(-along.y, along.x) * half;
            add_quad(
                mesh,
                [w[0] + side, w[1] + side, w[1] - side, w[0] - side],
                colour,
            );
        }
        let first = mesh.vertices.len() as u32;
        for p in [
            end,
            end - dir * head + normal * head * 0.45,
            end - dir * head - normal * head * 0.45,
        ] {
            mesh.colored_vertex(p, colour);
        }
        mesh.add_triangle(first, first + 1, first + 2);
    }

    /// A box far out: its group colour with a lighter inside, added to the frame's mesh.
    pub fn far_node(&self, mesh: &mut Mesh, node: &DiagramNode, rect: Rect, selected: bool) {
        let group = node.kind.group();
        let border = if selected {
            theme::accent_colour(self.visuals)
        } else {
            theme::group_colour(group, self.visuals.dark_mode)
        };
        mesh.add_colored_rect(rect, border);
        let inset = if selected { 2.0 } else { 1.0 };
        if rect.width() > 4.0 * inset && rect.height() > 4.0 * inset {
            let fill = if node.kind == NodeKind::Note {
                theme::note_fill(self.visuals)
            } else {
                theme::node_fill(group, self.visuals)
            };
            mesh.add_colored_rect(rect.shrink(inset), fill);
        }
    }

    /// A box: tinted fill, group-coloured border, kind tag and wrapped label.
    pub fn node(&self, node: &DiagramNode, rect: Rect, selected: bool, hide_label: bool) {
        let group = node.kind.group();
        let hue = theme::group_colour(group, self.visuals.dark_mode);
        let zoom = self.view.zoom;
        let rounding = 8.0 * zoom.min(1.5);
        let fill = if node.kind == NodeKind::Note {
            theme::note_fill(self.visuals)
        } else {
            theme::node_fill(group, self.visuals)
        };
        let stroke = if selected {
            Stroke::new(2.5, theme::accent_colour(self.visuals))
        } else {
            Stroke::new(1.5, hue)
        };
        self.painter
            .rect(rect, rounding, fill, stroke, egui::StrokeKind::Inside);
        if zoom < TEXT_MIN_ZOOM {
            return;
        }
        let tag_font = FontId::monospace(10.0 * zoom);
        let tag_pos = rect.left_top() + vec2(6.0, 5.0) * zoom;
        let tag =
            self.painter
                .layout_no_wrap(kind_glyph(node.kind).to_owned(), tag_font, Color32::WHITE);
        let tag_rect = Rect::from_min_size(tag_pos, tag.size() + vec2(6.0, 2.0) * zoom);
        if node.kind != NodeKind::Note {
            self.painter.rect_filled(tag_rect, 0.0, hue);
            self.painter
                .galley(tag_pos + vec2(3.0, 1.0) * zoom, tag, Color32::WHITE);
        }
        if hide_label {
            return;
        }
        let text_colour = self.visuals.strong_text_color();
        let wrap = (rect.width() - 12.0 * zoom).max(10.0);
        let galley = self.painter.layout(
            node.label.clone(),
            FontId::proportional(LABEL_SIZE * zoom),
            text_colour,
            wrap,
        );
        let centre = rect.center() + vec2(0.0, 4.0 * zoom);
        let pos = pos2(
            centre.x - galley.size().x / 2.0,
            centre.y - galley.size().y / 2.0,
        );
        self.painter
            .with_clip_rect(rect.shrink(2.0))
            .galley(pos, galley, text_colour);
    }

    /// The legend of edge kinds, in the canvas's bottom-left corner.
    pub fn legend(&self, area: Rect) {
        let row = LEGEND_ROW;
        let size = LEGEND_SIZE;
        let rect = Rect::from_min_size(area.left_bottom() + vec2(10.0, -size.y - 10.0), size);
        self.painter.rect(
            rect,
            6.0,
            theme::canvas_colour(self.visuals).gamma_multiply(0.95),
            Stroke::new(1.0, self.visuals.weak_text_color().gamma_multiply(0.5)),
            egui::StrokeKind::Inside,
        );
        for (i, kind) in EdgeKind::ALL.iter().enumerate() {
            let y = rect.top() + 5.0 + row * (i as f32 + 0.5);
            let a = pos2(rect.left() + 10.0, y);
            let b = pos2(rect.left() + 50.0, y);
            let colour = theme::edge_colour(*kind, self.visuals);
            let stroke = Stroke::new(1.6, colour);
            match kind {
                EdgeKind::Request | EdgeKind::Feedback => {
                    self.painter.line_segment([a, b], stroke);
                }
                EdgeKind::Stream => {
                    self.painter
                        .extend(Shape::dashed_line(&[a, b], stroke, 8.0, 5.0));
                }
                EdgeKind::Batch => {
                    self.painter
                        .extend(Shape::dotted_line(&[a, b], colour, 5.0, 1.2));
                }
            }
            self.painter.text(
                pos2(rect.left() + 58.0, y),
                Align2::LEFT_CENTER,
                kind.label(),
                FontId::proportional(12.0),
                self.visuals.text_color(),
            );
        }
    }
}

/// Whether a point is within `tolerance` of the segment a–b.
pub fn near_segment(p: Pos2, a: Pos2, b: Pos2, tolerance: f32) -> bool {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 < f32::EPSILON {
        return (p - a).length() <= tolerance;
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    (p - (a + ab * t)).length() <= tolerance
}

/// Adds a four-cornered shape (corners in order) to a mesh as two triangles.
pub fn add_quad(mesh: &mut Mesh, corners: [Pos2; 4], colour: Color32) {
    let first = mesh.vertices.len() as u32;
    for p in corners {
        mesh.colored_vertex(p, colour);
    }
    mesh.add_triangle(first, first + 1, first + 2);
    mesh.add_triangle(first, first + 2, first + 3);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_leave_from_the_border() {
        let rect = Rect::from_min_size(pos2(0.0, 0.0), vec2(160.0, 80.0));
        assert_eq!(border_point(rect, pos2(500.0, 40.0)), pos2(160.0, 40.0));
        assert_eq!(border_point(rect, pos2(80.0, -300.0)), pos2(80.0, 0.0));
        let corner = border_point(rect, pos2(240.0, 120.0));
        assert!((corner.x - 160.0).abs() < 1e-3 && (corner.y - 80.0).abs() < 1e-3);
    }

    #[test]
    fn hit_testing_segments() {
        assert!(near_segment(
            pos2(50.0, 3.0),
            pos2(0.0, 0.0),
            pos2(100.0, 0.0),
            4.0
        ));
        assert!(!near_segment(
            pos2(50.0, 9.0),
            pos2(0.0, 0.0),
            pos2(100.0, 0.0),
            4.0
        ));
        assert!(!near_segment(
            pos2(120.0, 0.0),
            pos2(0.0, 0.0),
            pos2(100.0, 0.0),
            4.0
        ));
    }
}
