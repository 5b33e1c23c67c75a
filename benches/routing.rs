//! Routing cost: every arrow's path (`model::routing::Routes::build`, what the canvas does once
//! per diagram revision and each export does once) on the grid scene of 100 and 1,000 boxes
//! (1.5 arrows a box, a third of them through a box when straight), against egui's own demo
//! frame in the same run so figures can be quoted as ratios.
//!
//! `cargo bench --bench routing`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drillboard::model::crossing::arrows_through_boxes;
use drillboard::model::grid::grid_diagram;
use drillboard::model::routing::{EdgePath, Routes};
use egui::{Pos2, RawInput, Rect, vec2};

fn routing(c: &mut Criterion) {
    {
        let ctx = egui::Context::default();
        let mut demo = egui_demo_lib::DemoWindows::default();
        let input = || RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1600.0, 1000.0))),
            ..RawInput::default()
        };
        c.bench_function("frame/egui_demo", |b| {
            b.iter(|| {
                let mut output = ctx.run_ui(input(), |ui| demo.ui(ui));
                let shapes = std::mem::take(&mut output.shapes);
                black_box(ctx.tessellate(shapes, output.pixels_per_point));
                output.textures_delta.clear();
            });
        });
    }
    for boxes in [100, 1_000] {
        let diagram = grid_diagram(boxes, 1);
        let routes = Routes::build(&diagram);
        let detours = routes
            .iter()
            .filter(|(_, p)| matches!(p, EdgePath::Detour(_)))
            .count();
        eprintln!(
            "routing/grid_{boxes}: {} arrows, {} straight through a box, {detours} detours",
            diagram.edges.len(),
            arrows_through_boxes(&diagram).len()
        );
        c.bench_function(&format!("routing/grid_{boxes}"), |b| {
            b.iter(|| black_box(Routes::build(&diagram)));
        });
    }
}

criterion_group!(benches, routing);
criterion_main!(benches);
