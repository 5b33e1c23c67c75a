//! Frame cost of the whole app UI, headless: `Context::run_ui` + tessellation at 1600×1000,
//! on the benchmark grid scene (`model::grid`), against egui's own demo in the same harness.
//!
//! `cargo bench --bench frame`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use drillboard::model::{FakeClock, Point, Timestamp};
use drillboard::store::builtin::grid_session;
use drillboard::store::{Library, save_session};
use drillboard::ui::App;
use egui::{Event, Key, Modifiers, PointerButton, Pos2, RawInput, Rect, Vec2, vec2};

const SCREEN: Vec2 = vec2(1600.0, 1000.0);

fn input(events: Vec<Event>) -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
        events,
        ..RawInput::default()
    }
}

/// One full frame: UI pass and tessellation, the work done before the GPU gets it.
fn frame(ctx: &egui::Context, app: &mut App, events: Vec<Event>) {
    let mut output = ctx.run_ui(input(events), |ui| app.show(ui));
    let shapes = std::mem::take(&mut output.shapes);
    black_box(ctx.tessellate(shapes, output.pixels_per_point));
    output.textures_delta.clear();
}

/// The app with the grid scene of `nodes` boxes open on the drill screen, fitted to view.
fn app_with_scene(dir: &Path, nodes: usize) -> (egui::Context, App) {
    let library = Library::new(dir);
    let session = grid_session(nodes, 1).expect("the grid session builds");
    let path = dir.join(format!("grid-{nodes}.ron"));
    save_session(&session, &path).expect("the scene saves");
    let clock = FakeClock::new(Timestamp(1_795_424_400));
    let mut app = App::new(library, Box::new(clock)).expect("the app starts");
    app.open_file(path).expect("the scene opens");
    let ctx = egui::Context::default();
    for _ in 0..5 {
        frame(&ctx, &mut app, Vec::new());
    }
    // A still diagram is drawn from the meshes kept by the canvas, as in the app.
    assert!(
        app.drill_view().canvas.scene.reused >= 3,
        "the canvas reuses its meshes"
    );
    (ctx, app)
}

/// Where a diagram point is on screen now.
fn on_screen(app: &App, p: Point) -> Pos2 {
    let canvas = &app.drill_view().canvas;
    let area = canvas.area().expect("the canvas was drawn");
    canvas.view.to_screen(area.min, p)
}

/// The centre of the box nearest the middle of the canvas.
fn middle_node(app: &App) -> Pos2 {
    let canvas = &app.drill_view().canvas;
    let area = canvas.area().expect("the canvas was drawn");
    let middle = canvas.view.to_canvas(area.min, area.center());
    let diagram = &app.open_session().expect("open").session.diagram;
    let node = diagram
        .nodes
        .iter()
        .min_by(|a, b| {
            let d = |n: &drillboard::model::DiagramNode| {
                let c = n.center();
                (c.x - middle.x).powi(2) + (c.y - middle.y).powi(2)
            };
            d(a).total_cmp(&d(b))
        })
        .expect("nodes");
    on_screen(app, node.center())
}

/// A screen point near `near`, between the boxes, with no box or arrow within reach of a click.
fn empty_spot_near(app: &App, near: Pos2) -> Pos2 {
    let canvas = &app.drill_view().canvas;
    let area = canvas.area().expect("the canvas was drawn");
    let diagram = &app.open_session().expect("open").session.diagram;
    let zoom = canvas.view.zoom;
    (0..20)
        .flat_map(|i| (0..20).map(move |j| vec2(i as f32 * 8.0, j as f32 * 8.0)))
        .map(|d| near + vec2(80.0, 40.0) + d)
        .find(|p| {
            let at = canvas.view.to_canvas(area.min, *p);
            diagram.node_at(at).is_none()
                && diagram.edge_at(at, 20.0 / zoom).is_none()
                && diagram.zone_at(at).is_none()
        })
        .expect("an empty spot between the boxes")
}

fn press(at: Pos2, button: PointerButton, pressed: bool) -> Event {
    Event::PointerButton {
        pos: at,
        button,
        pressed,
        modifiers: Modifiers::NONE,
    }
}

/// Holds `button` down at `start`, moves far enough to start a drag, then measures frames that
/// each move the pointer (back and forth, so the view stays comparable).
fn bench_drag(
    c: &mut Criterion,
    id: &str,
    ctx: &egui::Context,
    app: &mut App,
    start: Pos2,
    button: PointerButton,
) {
    frame(ctx, app, vec![Event::PointerMoved(start)]);
    frame(ctx, app, vec![press(start, button, true)]);
    for step in 1..=4 {
        frame(
            ctx,
            app,
            vec![Event::PointerMoved(start + vec2(6.0 * step as f32, 0.0))],
        );
    }
    let mut flip = false;
    c.bench_function(id, |b| {
        b.iter(|| {
            flip = !flip;
            let dx = if flip { 40.0 } else { 24.0 };
            frame(ctx, app, vec![Event::PointerMoved(start + vec2(dx, 8.0))]);
        });
    });
    frame(
        ctx,
        app,
        vec![press(start + vec2(24.0, 8.0), button, false)],
    );
}

fn frames(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");

    {
        let ctx = egui::Context::default();
        let mut demo = egui_demo_lib::DemoWindows::default();
        c.bench_function("frame/egui_demo", |b| {
            b.iter(|| {
                let mut output = ctx.run_ui(input(Vec::new()), |ui| demo.ui(ui));
                let shapes = std::mem::take(&mut output.shapes);
                black_box(ctx.tessellate(shapes, output.pixels_per_point));
                output.textures_delta.clear();
            });
        });
    }

    let (ctx, mut app) = app_with_scene(dir.path(), 40);
    c.bench_function("frame/drill_40_nodes", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()));
    });

    let (ctx, mut app) = app_with_scene(dir.path(), 5000);
    c.bench_function("frame/drill_5000_nodes_fit", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()));
    });
    let start = middle_node(&app);
    bench_drag(
        c,
        "interaction/drag_node_5000_fit",
        &ctx,
        &mut app,
        start,
        PointerButton::Primary,
    );
    let area = app.drill_view().canvas.area().expect("drawn");
    bench_drag(
        c,
        "interaction/pan_5000_fit",
        &ctx,
        &mut app,
        area.center(),
        PointerButton::Middle,
    );

    // 100 % (Shift+0) around the middle of the scene: a few dozen boxes in view.
    let zoom = Event::Key {
        key: Key::Num0,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::SHIFT,
    };
    frame(
        &ctx,
        &mut app,
        vec![Event::PointerMoved(area.center()), zoom],
    );
    frame(&ctx, &mut app, Vec::new());
    let zoom_now = app.drill_view().canvas.view.zoom;
    assert!((zoom_now - 1.0).abs() < 1e-3, "100 % zoom, not {zoom_now}");
    c.bench_function("frame/drill_5000_nodes_zoomed", |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()));
    });
    // A click in the gap between boxes: the hit test looks for an arrow under the pointer and
    // finds none, so the frame pays for the search, not for selecting or editing.
    let gap = empty_spot_near(&app, middle_node(&app));
    let click = vec![
        Event::PointerMoved(gap),
        press(gap, PointerButton::Primary, true),
        press(gap, PointerButton::Primary, false),
    ];
    frame(&ctx, &mut app, click.clone());
    let canvas = &app.drill_view().canvas;
    assert!(
        canvas.selection.nodes.is_empty()
            && canvas.selection.edges.is_empty()
            && canvas.editing.is_none(),
        "the click landed on nothing"
    );
    c.bench_function("interaction/click_gap_5000_zoomed", |b| {
        b.iter(|| frame(&ctx, &mut app, click.clone()));
    });
    let start = middle_node(&app);
    bench_drag(
        c,
        "interaction/drag_node_5000_zoomed",
        &ctx,
        &mut app,
        start,
        PointerButton::Primary,
    );
}

criterion_group!(benches, frames);
criterion_main!(benches);
