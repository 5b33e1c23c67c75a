//! Replay costs on a heavy drill of 5,000 logged edits: building the seek checkpoints when a
//! log is loaded, seeking to far-apart moments (what dragging the playhead does), and a seek
//! with the whole review frame that shows it, against egui's own demo frame in the same run so
//! figures can be quoted as ratios.
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

/// A finished session whose `.replay` is the heavy drill's log, written into `dir`, with the
/// session's diagram and notes as the log ends.
fn heavy_session_file(dir: &std::path::Path, drill: &SimulatedDrill) -> std::path::PathBuf {
    use drillboard::model::{DrillStatus, Session, Timestamp};
    use drillboard::store::replay_file::{ReplayHeader, ReplayWriter, replay_path};
    let framework = drillboard::store::builtin::framework();
    let scenario = drillboard::store::builtin::scenarios(std::slice::from_ref(framework))
        .into_iter()
        .flatten()
        .find(|s| s.id == "fraud_detection")
        .expect("the fraud scenario");
    let mut session = Session::start(
        &scenario,
        framework,
        45,
        Timestamp(1_795_424_400),
        std::time::Duration::ZERO,
    );
    let end = &drill.live;
    session.diagram = end.diagram.clone();
    for (record, replayed) in session.drill.phases.iter_mut().zip(&end.phases) {
        record.notes.clone_from(&replayed.notes);
        record.checked.clone_from(&replayed.checked);
    }
    session.drill.phases[0].elapsed_ms = drill.now_ms;
    session.drill.status = DrillStatus::Finished;
    let path = dir.join(format!("{}.ron", session.id));
    drillboard::store::save_session(&session, &path).expect("the session saves");
    let phases = session.drill.phases.len();
    let mut writer =
        ReplayWriter::create(&replay_path(&path), &ReplayHeader::new(&session.id, phases))
            .expect("the log starts");
    writer
        .append(drill.log.settled())
        .expect("the log is written");
    path
}

/// A far seek and the whole review frame that shows it: the app on the Replay tab of the
/// heavy drill at 1600×1000, the playhead jumping back and forth across it.
fn seek_and_frame(c: &mut Criterion) {
    use drillboard::model::FakeClock;
    use drillboard::ui::App;
    let dir = tempfile::tempdir().expect("temp dir");
    let drill = SimulatedDrill::heavy(5_000, 21);
    let path = heavy_session_file(dir.path(), &drill);
    let clock = FakeClock::new(drillboard::model::Timestamp(1_795_424_400));
    let mut app = App::new(drillboard::store::Library::new(dir.path()), Box::new(clock))
        .expect("the app starts");
    app.open_file(path).expect("the session opens");
    app.drill_view_mut().review.tab = drillboard::ui::review::ReviewTab::Replay;
    let ctx = egui::Context::default();
    let input = || RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1600.0, 1000.0))),
        ..RawInput::default()
    };
    let frame = |app: &mut App| {
        let mut output = ctx.run_ui(input(), |ui| app.show(ui));
        let shapes = std::mem::take(&mut output.shapes);
        black_box(ctx.tessellate(shapes, output.pixels_per_point));
        output.textures_delta.clear();
    };
    for _ in 0..3 {
        frame(&mut app);
    }
    let end = app
        .drill_view()
        .review
        .player
        .as_ref()
        .expect("the log loaded")
        .end_ms();
    let targets: Vec<u64> = (1..=16u64)
        .map(|i| (end / 17 * ((i * 7) % 17)).saturating_sub(1))
        .collect();
    let mut next = 0;
    c.bench_function("replay/seek_frame_5000", |b| {
        b.iter(|| {
            let target = targets[next % targets.len()];
            next += 1;
            if let Some(player) = app.drill_view_mut().review.player.as_mut() {
                player.seek(target, std::time::Duration::ZERO);
            }
            frame(&mut app);
        });
    });
}

criterion_group!(benches, replay, seek_and_frame);
criterion_main!(benches);
