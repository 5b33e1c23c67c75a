//! Replay costs on a heavy drill of 5,000 logged edits: building the seek checkpoints when a
//! log is loaded, and seeking to far-apart moments (what dragging the playhead does), against
//! egui's own demo frame in the same run so figures can be quoted as ratios.
//!
//! `cargo bench --bench replay`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drillboard::model::replay::{Replay, ReplayState};
use drillboard::model::replay_sample::SimulatedDrill;
use egui::{Pos2, RawInput, Rect, vec2};

fn replay(c: &mut Criterion) {
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

    let drill = SimulatedDrill::heavy(5_000, 21);
    let entries = drill.log.settled().to_vec();
    c.bench_function("replay/build_5000", |b| {
        b.iter(|| black_box(Replay::new(entries.clone(), 5)));
    });

    let replay = Replay::new(entries, 5);
    let end = replay.end_ms();
    // Far jumps back and forth across the drill, as dragging the playhead makes them: each
    // starts again from a checkpoint and applies up to 127 entries.
    let targets: Vec<u64> = (1..=16u64)
        .map(|i| (end / 17 * ((i * 7) % 17)).saturating_sub(1))
        .collect();
    let mut playhead = ReplayState::start(5);
    let mut next = 0;
    c.bench_function("replay/seek_5000", |b| {
        b.iter(|| {
            let count = replay.count_at(targets[next % targets.len()]);
            next += 1;
            replay.seek(&mut playhead, count);
            black_box(playhead.diagram.nodes.len())
        });
    });
}

criterion_group!(benches, replay);
criterion_main!(benches);
