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
    frame_of(ctx, app, input(events));
}

/// `frame` with the whole raw input given.
fn frame_of(ctx: &egui::Context, app: &mut App, raw: RawInput) {
    let mut output = ctx.run_ui(raw, |ui| app.show(ui));
    let shapes = std::mem::take(&mut output.shapes);
    black_box(ctx.tessellate(shapes, output.pixels_per_point));
    output.textures_delta.clear();
}

/// How a bench's scene is shown.
#[derive(Clone, Copy)]
enum Zoom {
    /// Fitted to view: the whole scene.
    Fit,
    /// 100 % (Shift+0) around the middle of the scene: a few dozen boxes in view.
    Actual,
}

/// A bench: its id, and the app it measures.
type Bench = fn(&mut Criterion, &str, (egui::Context, App));

/// A fresh app with the grid scene of `nodes` boxes open on the drill screen, nothing selected.
/// The scene is saved to its own file `name`.ron, so no app opens a file another one holds.
fn app_with_scene(dir: &Path, nodes: usize, zoom: Zoom, name: &str) -> (egui::Context, App) {
    let library = Library::new(dir);
    let session = grid_session(nodes, 1).expect("the grid session builds");
    let path = dir.join(format!("{name}.ron"));
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
    if let Zoom::Actual = zoom {
        let area = app.drill_view().canvas.area().expect("drawn");
        let key = Event::Key {
            key: Key::Num0,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::SHIFT,
        };
        frame(
            &ctx,
            &mut app,
            vec![Event::PointerMoved(area.center()), key],
        );
        frame(&ctx, &mut app, Vec::new());
        let zoom_now = app.drill_view().canvas.view.zoom;
        assert!((zoom_now - 1.0).abs() < 1e-3, "100 % zoom, not {zoom_now}");
    }
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

/// A screen point near `near`, between the boxes, with no box, arrow, zone or box's connection
/// handle within reach of a click (handles and resize corners of selected boxes aside: the
/// benches click with nothing selected).
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
            // A box's connection handle sits just outside its right edge, within 20 px.
            let handle_of = canvas.view.to_canvas(area.min, *p - vec2(20.0, 0.0));
            diagram.node_at(at).is_none()
                && diagram.node_at(handle_of).is_none()
                && canvas.routes.edge_at(at, 20.0 / zoom).is_none()
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

/// Measures frames in which nothing happens.
fn bench_still(c: &mut Criterion, id: &str, (ctx, mut app): (egui::Context, App)) {
    c.bench_function(id, |b| {
        b.iter(|| frame(&ctx, &mut app, Vec::new()));
    });
}

/// Measures dragging the box nearest the middle of the canvas.
fn bench_drag_node(c: &mut Criterion, id: &str, (ctx, mut app): (egui::Context, App)) {
    let start = middle_node(&app);
    bench_drag(c, id, &ctx, &mut app, start, PointerButton::Primary);
}

/// Measures panning with the middle button from the middle of the canvas.
fn bench_pan(c: &mut Criterion, id: &str, (ctx, mut app): (egui::Context, App)) {
    let area = app.drill_view().canvas.area().expect("drawn");
    bench_drag(c, id, &ctx, &mut app, area.center(), PointerButton::Middle);
}

/// Measures a click in the gap between boxes: the hit test looks for an arrow under the pointer
/// and finds none, so the frame pays for the search, not for selecting or editing. The app has
/// nothing selected, so no handle or resize corner of a selected box can be under the click.
fn bench_click_gap(c: &mut Criterion, id: &str, (ctx, mut app): (egui::Context, App)) {
    let gap = empty_spot_near(&app, middle_node(&app));
    let click = vec![
        Event::PointerMoved(gap),
        press(gap, PointerButton::Primary, true),
        press(gap, PointerButton::Primary, false),
    ];
    let boxes = box_count(&app);
    frame(&ctx, &mut app, click.clone());
    assert!(landed_on_nothing(&app), "the click landed on nothing");
    c.bench_function(id, |b| {
        b.iter(|| {
            // A second after the last frame, so that no click is the second of a double-click
            // (which would add a box there and start renaming it).
            let later = RawInput {
                time: Some(ctx.input(|i| i.time) + 1.0),
                ..input(click.clone())
            };
            frame_of(&ctx, &mut app, later);
        });
    });
    assert!(
        landed_on_nothing(&app) && box_count(&app) == boxes,
        "every click landed on nothing"
    );
}

/// Whether nothing is selected or being edited on the canvas.
fn landed_on_nothing(app: &App) -> bool {
    let canvas = &app.drill_view().canvas;
    canvas.selection.nodes.is_empty()
        && canvas.selection.edges.is_empty()
        && canvas.editing.is_none()
}

/// How many boxes the open diagram has.
fn box_count(app: &App) -> usize {
    app.open_session()
        .expect("open")
        .session
        .diagram
        .nodes
        .len()
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

    // Every bench gets a fresh app of its own, dropped before the next one is built, so none
    // depends on what an earlier one selected, moved, panned or zoomed.
    let benches: [(&str, usize, Zoom, Bench); 7] = [
        ("frame/drill_40_nodes", 40, Zoom::Fit, bench_still),
        ("frame/drill_5000_nodes_fit", 5000, Zoom::Fit, bench_still),
        (
            "interaction/drag_node_5000_fit",
            5000,
            Zoom::Fit,
            bench_drag_node,
        ),
        ("interaction/pan_5000_fit", 5000, Zoom::Fit, bench_pan),
        (
            "frame/drill_5000_nodes_zoomed",
            5000,
            Zoom::Actual,
            bench_still,
        ),
        (
            "interaction/click_gap_5000_zoomed",
            5000,
            Zoom::Actual,
            bench_click_gap,
        ),
        (
            "interaction/drag_node_5000_zoomed",
            5000,
            Zoom::Actual,
            bench_drag_node,
        ),
    ];
    for (id, nodes, zoom, bench) in benches {
        bench(
            c,
            id,
            app_with_scene(dir.path(), nodes, zoom, &id.replace('/', "-")),
        );
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);
