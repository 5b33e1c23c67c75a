//! The diagram as drawn: zones, arrows and boxes culled to the view and cached between frames
//! while nothing they show changes, then the handles and gesture overlays on top.

use std::collections::BTreeSet;

use egui::{Pos2, Rect, Vec2, vec2};

use crate::model::spatial::InView;
use crate::model::{Diagram, DiagramEdge, DiagramNode, NodeId};
use crate::ui::theme;

use super::hit::{HANDLE_RADIUS, handle_positions};
use super::input::snapped_delta;
use super::intent::GRID;
use super::paint::{self, CanvasPainter};
use super::scene_cache::KeyHasher;
use super::state::{CanvasState, Gesture, LabelEdit, LabelTarget, NodeIndex, lookup};
use super::transform::{to_egui, to_model_rect};

/// Paints the diagram layer (from the scene cache when nothing it shows has changed), the
/// overlays and the legend.
pub(super) fn paint_scene(
    canvas_painter: &CanvasPainter<'_>,
    diagram: &Diagram,
    state: &mut CanvasState,
    index: &NodeIndex,
    area: Rect,
    hover: Option<Pos2>,
    editable: bool,
) {
    let painter = canvas_painter.painter;
    let visuals = canvas_painter.visuals;
    // What may be in view, from the buckets; everything while something is being moved or
    // resized (moved boxes are not where the buckets have them) or when all of it is in view.
    let visible = to_model_rect(state.view.visible_canvas(area));
    let still = matches!(
        state.gesture,
        Gesture::Idle | Gesture::Connecting { .. } | Gesture::Band { .. }
    );
    let in_view =
        (still && !state.spatial.covers_all(visible)).then(|| state.spatial.query(visible));
    let key = still.then(|| scene_key(diagram, state, in_view.as_ref(), area, visuals));
    let mut scene = std::mem::take(&mut state.scene);
    scene.paint(painter, key, || {
        paint_diagram(
            canvas_painter,
            diagram,
            state,
            index,
            in_view.as_ref(),
            area,
        );
    });
    state.scene = scene;
    paint_overlays(canvas_painter, diagram, state, index, hover, editable);
    // Right of the palette, which never covers it.
    canvas_painter.legend(area.with_min_x(area.min.x + state.covered_left));
}

/// The boxes the buckets say may be in view, in drawing order; all of them without culling.
fn nodes_in_view<'a>(
    diagram: &'a Diagram,
    in_view: Option<&'a InView>,
) -> Box<dyn Iterator<Item = &'a DiagramNode> + 'a> {
    match in_view {
        Some(found) => Box::new(found.nodes.iter().filter_map(|&i| diagram.nodes.get(i))),
        None => Box::new(diagram.nodes.iter()),
    }
}

/// The arrows the buckets say may be in view, with their positions in `diagram.edges`, in
/// drawing order; all of them without culling.
fn edges_in_view<'a>(
    diagram: &'a Diagram,
    in_view: Option<&'a InView>,
) -> Box<dyn Iterator<Item = (usize, &'a DiagramEdge)> + 'a> {
    match in_view {
        Some(found) => Box::new(
            found
                .edges
                .iter()
                .filter_map(|&i| diagram.edges.get(i).map(|e| (i, e))),
        ),
        None => Box::new(diagram.edges.iter().enumerate()),
    }
}

/// A fingerprint of everything `paint_diagram` reads when nothing is being dragged: the
/// geometry (the spatial grid's key), the text and kinds of what is in view, zones, selection,
/// the label being edited, the view, the area and the theme's colours.
fn scene_key(
    diagram: &Diagram,
    state: &CanvasState,
    in_view: Option<&InView>,
    area: Rect,
    visuals: &egui::Visuals,
) -> u64 {
    let mut h = KeyHasher::default();
    h.word(state.spatial.key);
    h.rect(area);
    h.float(state.view.zoom);
    h.float(state.view.pan.x);
    h.float(state.view.pan.y);
    let labels = state.view.zoom >= paint::TEXT_MIN_ZOOM;
    for node in nodes_in_view(diagram, in_view) {
        h.word(node.kind as u64);
        if labels {
            h.text(&node.label);
        }
    }
    for (_, edge) in edges_in_view(diagram, in_view) {
        h.word(edge.kind as u64);
        if labels {
            h.text(&edge.label);
        }
    }
    h.word(diagram.zones.len() as u64);
    for zone in &diagram.zones {
        h.word(zone.id.0);
        h.text(&zone.label);
        for v in [zone.pos.x, zone.pos.y, zone.size.w, zone.size.h] {
            h.float(v);
        }
    }
    let selection = &state.selection;
    h.word(selection.nodes.len() as u64);
    selection.nodes.iter().for_each(|id| h.word(id.0));
    h.word(selection.edges.len() as u64);
    selection.edges.iter().for_each(|id| h.word(id.0));
    h.word(selection.zones.len() as u64);
    selection.zones.iter().for_each(|id| h.word(id.0));
    h.word(match state.editing.as_ref().map(|e| e.target) {
        Some(LabelTarget::Node(id)) => id.0.wrapping_mul(3) | 1 << 63,
        Some(LabelTarget::Edge(id)) => id.0.wrapping_mul(5) | 1 << 62,
        Some(LabelTarget::Zone(id)) => id.0.wrapping_mul(7) | 1 << 61,
        None => 0,
    });
    h.word(u64::from(visuals.dark_mode));
    for colour in [
        visuals.selection.bg_fill,
        visuals.text_color(),
        visuals.strong_text_color(),
        visuals.weak_text_color(),
    ] {
        h.colour(colour);
    }
    h.finish()
}

/// Zones, arrows and boxes, culled to what is visible; the selection drawn where it is dragged.
fn paint_diagram(
    painter: &CanvasPainter<'_>,
    diagram: &Diagram,
    state: &CanvasState,
    index: &NodeIndex,
    in_view: Option<&InView>,
    area: Rect,
) {
    painter.grid(area, GRID);
    let drag = match state.gesture {
        Gesture::Moving { delta } => snapped_delta(diagram, state, index, delta),
        _ => Vec2::ZERO,
    };
    // Boxes inside a moving zone move with it.
    let zone_moving: BTreeSet<NodeId> = if drag == Vec2::ZERO {
        BTreeSet::new()
    } else {
        state
            .selection
            .zones
            .iter()
            .flat_map(|z| diagram.nodes_in_zone(*z))
            .collect()
    };
    let offset_of = |id: NodeId| {
        if state.selection.nodes.contains(&id) || zone_moving.contains(&id) {
            drag
        } else {
            Vec2::ZERO
        }
    };
    let resize = match state.gesture {
        Gesture::Resizing { id, size } => Some((id, size)),
        _ => None,
    };
    let node_rect = |node: &DiagramNode| {
        let mut rect = painter.node_rect(node, offset_of(node.id));
        if let Some((id, size)) = resize
            && id == node.id
        {
            rect.set_width(size.x * painter.view.zoom);
            rect.set_height(size.y * painter.view.zoom);
        }
        rect
    };
    for zone in &diagram.zones {
        let moving = state.selection.zones.contains(&zone.id);
        let rect = painter.zone_rect(zone, if moving { drag } else { Vec2::ZERO });
        if rect.intersects(area) {
            painter.zone(zone, rect, moving);
        }
    }
    // Far out, boxes and arrows are one flat mesh: the cost is what is visible, not its detail.
    let far = painter.view.zoom < paint::TEXT_MIN_ZOOM;
    let mut mesh = egui::Mesh::default();
    let mut tops = Vec::new();
    for (at, edge) in edges_in_view(diagram, in_view) {
        let (Some(from), Some(to)) = (
            lookup(diagram, index, edge.from),
            lookup(diagram, index, edge.to),
        ) else {
            continue;
        };
        let offset = state.parallel.get(at).copied().unwrap_or(0.0);
        // An arrow whose box is being moved or resized is drawn straight until the drop
        // routes it again; every other arrow is drawn along its route.
        let moving = [from, to]
            .iter()
            .any(|n| offset_of(n.id) != Vec2::ZERO || resize.is_some_and(|(id, _)| id == n.id));
        let path = match state.routes.path(at, edge.id) {
            Some(route) if !moving => paint::screen_path(route, &painter.view, painter.origin),
            _ => paint::moving_path(
                edge.kind,
                node_rect(from),
                node_rect(to),
                offset * painter.view.zoom,
            ),
        };
        if !to_egui(path.bounds()).intersects(area) {
            continue;
        }
        let selected = state.selection.edges.contains(&edge.id);
        if far {
            painter.far_edge(&mut mesh, edge, &path, selected);
        } else {
            tops.extend(painter.edge(edge, &path, offset, selected));
        }
    }
    if far {
        for node in nodes_in_view(diagram, in_view) {
            let rect = node_rect(node);
            if rect.intersects(area) {
                painter.far_node(
                    &mut mesh,
                    node,
                    rect,
                    state.selection.nodes.contains(&node.id),
                );
            }
        }
        painter.painter.add(egui::Shape::mesh(mesh));
        return;
    }
    painter.edge_tops(tops);
    let editing_node = match state.editing {
        Some(LabelEdit {
            target: LabelTarget::Node(id),
            ..
        }) => Some(id),
        _ => None,
    };
    for node in nodes_in_view(diagram, in_view) {
        let rect = node_rect(node);
        if rect.intersects(area) {
            painter.node(
                node,
                rect,
                state.selection.nodes.contains(&node.id),
                editing_node == Some(node.id),
            );
        }
    }
}

/// Handles, the arrow being drawn and the rubber band.
fn paint_overlays(
    painter: &CanvasPainter<'_>,
    diagram: &Diagram,
    state: &CanvasState,
    index: &NodeIndex,
    hover: Option<Pos2>,
    editable: bool,
) {
    let accent = theme::accent_colour(painter.visuals);
    if editable && matches!(state.gesture, Gesture::Idle) {
        let hovered =
            hover.and_then(|p| diagram.node_at(painter.view.to_canvas(painter.origin, p)));
        let shown: BTreeSet<NodeId> = state
            .selection
            .nodes
            .iter()
            .copied()
            .chain(hovered)
            .collect();
        for id in shown {
            if let Some(node) = lookup(diagram, index, id) {
                let rect = painter.node_rect(node, Vec2::ZERO);
                for handle in handle_positions(rect) {
                    painter.painter.circle(
                        handle,
                        HANDLE_RADIUS,
                        painter.visuals.extreme_bg_color,
                        egui::Stroke::new(2.0, accent),
                    );
                }
                if state.selection.nodes.len() == 1 && state.selection.nodes.contains(&id) {
                    let corner = Rect::from_center_size(rect.right_bottom(), vec2(8.0, 8.0));
                    painter.painter.rect_filled(corner, 1.0, accent);
                }
            }
        }
    }
    match &state.gesture {
        Gesture::Connecting { from, pointer } => {
            if let Some(node) = lookup(diagram, index, *from) {
                let rect = painter.node_rect(node, Vec2::ZERO);
                // Over a box it would join, show the arrow as it will be drawn; elsewhere,
                // from the side facing the pointer.
                let target = diagram
                    .node_at(painter.view.to_canvas(painter.origin, *pointer))
                    .filter(|id| id != from)
                    .and_then(|id| lookup(diagram, index, id));
                let (start, end) = match target {
                    Some(to) => paint::arrow_ends(rect, painter.node_rect(to, Vec2::ZERO), 0.0),
                    None => (paint::border_point(rect, *pointer), *pointer),
                };
                // A head of fixed size (egui's `arrow` scales it with the length).
                let stroke = egui::Stroke::new(2.0, accent);
                painter.painter.line_segment([start, end], stroke);
                let dir = (end - start).normalized();
                let side = vec2(-dir.y, dir.x) * 5.0;
                painter
                    .painter
                    .line_segment([end, end - dir * 10.0 + side], stroke);
                painter
                    .painter
                    .line_segment([end, end - dir * 10.0 - side], stroke);
            }
        }
        Gesture::Band { start, now } => {
            let rect = Rect::from_two_pos(*start, *now);
            painter.painter.rect(
                rect,
                0.0,
                accent.gamma_multiply(0.12),
                egui::Stroke::new(1.0, accent),
                egui::StrokeKind::Inside,
            );
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spatial::{self, SpatialGrid};
    use crate::model::{EdgeId, EdgeKind};

    const ORIGIN: Pos2 = Pos2::new(10.0, 20.0);

    /// Two boxes side by side (grid spacing) joined by request arrows with these ends (0 or 1)
    /// and labels.
    fn two_boxes(arrows: &[(usize, usize, &str)]) -> Diagram {
        let mut diagram = crate::model::grid::grid_diagram(2, 1);
        let ids = [diagram.nodes[0].id, diagram.nodes[1].id];
        diagram.edges = arrows
            .iter()
            .enumerate()
            .map(|(i, (from, to, label))| DiagramEdge {
                id: EdgeId(i as u64 + 1),
                from: ids[*from],
                to: ids[*to],
                kind: EdgeKind::Request,
                label: (*label).to_owned(),
            })
            .collect();
        diagram
    }

    /// The shapes `paint_diagram` adds for `diagram` at 150 % on light visuals, in order.
    fn painted(diagram: &Diagram) -> (CanvasState, Vec<egui::Shape>) {
        let mut state = CanvasState::default();
        state.view.zoom = 1.5;
        state.parallel = diagram.parallel_offsets();
        state.routes = crate::model::routing::Routes::build(diagram);
        let mut index = NodeIndex::default();
        index.refresh(diagram);
        let visuals = egui::Visuals::light();
        let area = Rect::from_min_size(ORIGIN, vec2(1200.0, 800.0));
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let painter = CanvasPainter {
                painter: ui.painter(),
                origin: ORIGIN,
                view: state.view,
                visuals: &visuals,
            };
            paint_diagram(&painter, diagram, &state, &index, None, area);
        });
        output.textures_delta.clear();
        (state, output.shapes.into_iter().map(|c| c.shape).collect())
    }

    #[test]
    fn arrows_between_the_same_boxes_are_drawn_where_clicks_find_them() {
        let diagram = two_boxes(&[(0, 1, ""), (1, 0, ""), (0, 1, "")]);
        let (state, shapes) = painted(&diagram);
        let origin = ORIGIN;
        let colour = theme::edge_colour(EdgeKind::Request, &egui::Visuals::light());
        let lines: Vec<[Pos2; 2]> = shapes
            .iter()
            .filter_map(|shape| match shape {
                egui::Shape::LineSegment { points, stroke } if stroke.color == colour => {
                    Some(*points)
                }
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        for (edge, line) in diagram.edges.iter().zip(&lines) {
            let (start, end) = diagram.edge_ends(edge.id).expect("ends");
            let (start, end) = (
                state.view.to_screen(origin, start),
                state.view.to_screen(origin, end),
            );
            assert!((line[0] - start).length() < 0.01, "{line:?} from {start:?}");
            // The line stops short of the tip, which the head covers, on the way to the end.
            let along = (line[1] - line[0])
                .normalized()
                .dot((end - start).normalized());
            assert!(along > 0.999, "{line:?} towards {end:?}");
        }
        let starts: Vec<f32> = lines.iter().map(|l| l[0].y).collect();
        assert!(
            (starts[0] - starts[2]).abs() > 14.0 && (starts[0] - starts[1]).abs() > 14.0,
            "the three arrows are apart: {starts:?}"
        );
    }

    #[test]
    fn labels_sit_over_every_line_under_every_head_and_wrap_to_the_gap() {
        let long = "authorize(tx), 100 ms timeout, retried once";
        let diagram = two_boxes(&[(0, 1, long), (1, 0, "decision")]);
        let (state, shapes) = painted(&diagram);
        let colour = theme::edge_colour(EdgeKind::Request, &egui::Visuals::light());
        let position = |wanted: fn(&egui::Shape, egui::Color32) -> bool| -> Vec<usize> {
            shapes
                .iter()
                .enumerate()
                .filter(|(_, s)| wanted(s, colour))
                .map(|(i, _)| i)
                .collect()
        };
        let lines = position(
            |s, c| matches!(s, egui::Shape::LineSegment { stroke, .. } if stroke.color == c),
        );
        let heads = position(|s, c| matches!(s, egui::Shape::Path(p) if p.fill == c));
        let texts = position(|s, _| matches!(s, egui::Shape::Text(_)));
        assert_eq!((lines.len(), heads.len()), (2, 2), "{shapes:?}");
        // Box labels come after the arrows; the first two texts are the arrows' labels.
        let labels = &texts[..2];
        assert!(
            lines.iter().all(|l| labels.iter().all(|t| l < t)),
            "lines first"
        );
        assert!(
            heads.iter().all(|h| labels.iter().all(|t| t < h)),
            "heads last"
        );

        // The long label wraps to the gap between the boxes instead of running under them.
        let gap = {
            let (a, b) = diagram.edge_ends(EdgeId(1)).expect("ends");
            (b.x - a.x) * state.view.zoom
        };
        let egui::Shape::Text(text) = &shapes[labels[0]] else {
            unreachable!("a text shape")
        };
        assert!(
            text.galley.rows.len() > 1,
            "wrapped: {:?}",
            text.galley.text()
        );
        assert!(
            text.galley.size().x <= gap,
            "{} fits in {gap}",
            text.galley.size().x
        );
    }

    #[test]
    fn the_scene_key_follows_labels_kinds_selection_view_and_theme() {
        let diagram = crate::model::grid::grid_diagram(20, 1);
        let state = CanvasState {
            spatial: SpatialGrid::build(&diagram, spatial::fingerprint(&diagram)),
            ..CanvasState::default()
        };
        let area = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
        let dark = egui::Visuals::dark();
        let key = |d: &Diagram, s: &CanvasState| scene_key(d, s, None, area, &dark);
        let base = key(&diagram, &state);
        assert_eq!(base, key(&diagram.clone(), &state), "same inputs, same key");

        let mut renamed = diagram.clone();
        renamed.nodes[3].label.push('x');
        assert_ne!(base, key(&renamed, &state));
        let mut arrow_label = diagram.clone();
        arrow_label.edges[1].label = "scores".to_owned();
        assert_ne!(base, key(&arrow_label, &state));
        let mut arrow_kind = diagram.clone();
        arrow_kind.edges[1].kind = EdgeKind::Feedback;
        assert_ne!(base, key(&arrow_kind, &state));

        let mut selected = state.clone();
        selected.selection.nodes.insert(diagram.nodes[0].id);
        assert_ne!(base, key(&diagram, &selected));
        let mut panned = state.clone();
        panned.view.pan.x += 1.0;
        assert_ne!(base, key(&diagram, &panned));
        let mut editing = state.clone();
        editing.start_editing(LabelTarget::Node(diagram.nodes[0].id), String::new());
        assert_ne!(base, key(&diagram, &editing));
        assert_ne!(
            base,
            scene_key(&diagram, &state, None, area, &egui::Visuals::light())
        );
    }
}
