//! The minimap: the whole diagram and the viewport in a corner; clicking moves the view.

use egui::{Rect, Sense, Stroke, Ui, pos2, vec2};

use crate::model::{Diagram, Point};
use crate::ui::theme;

use super::transform::ViewTransform;

/// Size of the minimap on screen.
const SIZE: egui::Vec2 = vec2(200.0, 130.0);

/// Draws the minimap in the bottom-right corner of `area` while part of the diagram is out of
/// view; returns the canvas point to centre the view on when clicked or dragged. `geometry` is
/// the diagram's [`fingerprint`](crate::model::spatial::fingerprint).
pub fn minimap_ui(
    ui: &mut Ui,
    diagram: &Diagram,
    geometry: u64,
    view: &ViewTransform,
    area: Rect,
    canvas_id: egui::Id,
) -> Option<Point> {
    let bounds = super::transform::to_egui(diagram.bounds_rect()?);
    let rect = Rect::from_min_size(area.right_bottom() - SIZE - vec2(10.0, 10.0), SIZE);
    if area.width() < SIZE.x * 2.5 || area.height() < SIZE.y * 2.0 {
        return None;
    }
    let visible = view.visible_canvas(area);
    // With the whole diagram in view there is nowhere to go: the map would only repeat it
    // in small and cover part of it.
    if visible.contains_rect(bounds) {
        return None;
    }
    let content = bounds.union(visible).expand(40.0);
    let scale = (rect.width() / content.width()).min(rect.height() / content.height());
    let offset = rect.center() - content.center().to_vec2() * scale;
    let to_map = |x: f32, y: f32| pos2(x * scale + offset.x, y * scale + offset.y);

    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    painter.rect(
        rect,
        6.0,
        theme::background_colour(visuals.dark_mode),
        Stroke::new(1.0, visuals.weak_text_color().gamma_multiply(0.5)),
        egui::StrokeKind::Inside,
    );
    // One mesh for all boxes, rebuilt only when the boxes or the map's framing change: a big
    // diagram costs one shape and no per-box work while it sits still.
    let key = mesh_key(geometry, rect, scale, offset.to_vec2(), visuals.dark_mode);
    let id = canvas_id.with("minimap_mesh");
    let cached: Option<(u64, std::sync::Arc<egui::Mesh>)> = ui.data(|d| d.get_temp(id));
    let mesh = match cached {
        Some((k, mesh)) if k == key => mesh,
        _ => {
            let mut mesh = egui::Mesh::default();
            for node in &diagram.nodes {
                let min = to_map(node.pos.x, node.pos.y);
                let size = vec2(node.size.w, node.size.h) * scale;
                mesh.add_colored_rect(
                    Rect::from_min_size(min, size.max(vec2(1.5, 1.5))),
                    theme::group_colour(node.kind.group(), visuals.dark_mode),
                );
            }
            let mesh = std::sync::Arc::new(mesh);
            ui.data_mut(|d| d.insert_temp(id, (key, mesh.clone())));
            mesh
        }
    };
    painter.add(egui::Shape::Mesh(mesh));
    let viewport = Rect::from_min_max(
        to_map(visible.min.x, visible.min.y),
        to_map(visible.max.x, visible.max.y),
    );
    painter.rect_stroke(
        viewport,
        2.0,
        Stroke::new(1.5, theme::accent_colour(visuals)),
        egui::StrokeKind::Inside,
    );

    let response = ui
        .interact(rect, canvas_id.with("minimap"), Sense::click_and_drag())
        .on_hover_text("Click or drag to move the view");
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, "Minimap"));
    if (response.clicked() || response.dragged())
        && let Some(p) = response.interact_pointer_pos()
    {
        return Some(Point {
            x: (p.x - offset.x) / scale,
            y: (p.y - offset.y) / scale,
        });
    }
    None
}

/// A fingerprint of everything the minimap's mesh depends on: the boxes (`geometry`, the
/// diagram's fingerprint), the framing and the theme.
fn mesh_key(geometry: u64, rect: Rect, scale: f32, offset: egui::Vec2, dark: bool) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |v: u64| {
        hash = (hash ^ v).wrapping_mul(0x0100_0000_01b3);
    };
    for v in [
        rect.min.x, rect.min.y, rect.max.x, rect.max.y, scale, offset.x, offset.y,
    ] {
        mix(u64::from(v.to_bits()));
    }
    mix(u64::from(dark));
    mix(geometry);
    hash
}
