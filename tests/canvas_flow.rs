//! The canvas through the UI: add from the palette, rename, connect, move, delete, undo, redo.

mod common;

use common::TestApp;
use drillboard::model::{Diagram, EdgeKind, NodeId, NodeKind};
use drillboard::ui::App;
use egui::{Key, Modifiers, Pos2, pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn diagram(h: &Harness<'_, App>) -> Diagram {
    h.state()
        .open_session()
        .expect("a drill is open")
        .session
        .diagram
        .clone()
}

/// The screen position of a canvas point inside a node, as a fraction of its box.
fn node_point(h: &Harness<'_, App>, id: NodeId, fx: f32, fy: f32) -> Pos2 {
    let canvas = &h.state().drill_view().canvas;
    let area = canvas.area().expect("the canvas was drawn");
    let d = diagram(h);
    let node = d.node(id).expect("node exists");
    let min = canvas.view.to_screen(area.min, node.pos);
    min + vec2(node.size.w * fx, node.size.h * fy) * canvas.view.zoom
}

/// Presses at `from`, moves in steps and releases at `to`.
fn drag(h: &mut Harness<'_, App>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=4 {
        let t = step as f32 / 4.0;
        h.hover_at(from + (to - from) * t);
        h.run();
    }
    h.drop_at(to);
    h.run();
}

fn drill_harness(test: &TestApp) -> Harness<'static, App> {
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("starts");
    let mut h = common::harness_for(app);
    h.set_size(vec2(1600.0, 1000.0));
    h.run();
    h
}

#[test]
fn build_edit_and_undo_a_diagram_through_the_canvas() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);

    // Add from the palette; the new box opens for renaming.
    h.get_by_label("Add Online feature store").click();
    h.run();
    h.get_by_label("Canvas label")
        .type_text("Velocity features");
    h.key_press(Key::Enter);
    h.run();
    let d = diagram(&h);
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(d.nodes[0].kind, NodeKind::OnlineFeatureStore);
    assert_eq!(d.nodes[0].label, "Velocity features");
    let features = d.nodes[0].id;

    h.get_by_label("Add Model server").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let d = diagram(&h);
    assert_eq!(d.nodes.len(), 2);
    let scorer = d.nodes[1].id;
    assert_eq!(
        d.nodes[1].label, "Model server",
        "Enter keeps the kind's name"
    );
    assert!(
        (d.nodes[1].pos.x - d.nodes[0].pos.x).abs() > 1.0,
        "the second box does not land on the first"
    );

    // Move the scorer well away, as one step.
    let before = d.node(scorer).expect("scorer").pos;
    let grab = node_point(&h, scorer, 0.5, 0.6);
    drag(&mut h, grab, grab + vec2(240.0, 120.0));
    let moved = diagram(&h).node(scorer).expect("scorer").pos;
    assert!((moved.x - before.x - 240.0).abs() < 1.0, "{moved:?}");
    assert!((moved.y - before.y - 120.0).abs() < 1.0, "{moved:?}");

    // Connect: drag from the feature store's handle onto the scorer.
    h.get_by_label("Add Online feature store").hover();
    h.run();
    let start = node_point(&h, features, 1.0, 0.5) + vec2(8.0, 0.0);
    h.hover_at(node_point(&h, features, 0.5, 0.5));
    h.run();
    let target = node_point(&h, scorer, 0.5, 0.5);
    drag(&mut h, start, target);
    let d = diagram(&h);
    assert_eq!(d.edges.len(), 1, "{:?}", d.edges);
    assert_eq!((d.edges[0].from, d.edges[0].to), (features, scorer));
    assert_eq!(d.edges[0].kind, EdgeKind::Request);

    // Dropping an arrow on empty space cancels it.
    let start = node_point(&h, features, 1.0, 0.5) + vec2(8.0, 0.0);
    h.hover_at(node_point(&h, features, 0.5, 0.5));
    h.run();
    drag(&mut h, start, start + vec2(0.0, 300.0));
    assert_eq!(diagram(&h).edges.len(), 1);

    // Select the feature store and delete it: its arrow goes too.
    let body = node_point(&h, features, 0.5, 0.6);
    h.hover_at(body);
    h.run();
    h.drag_at(body);
    h.run();
    h.drop_at(body);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    let d = diagram(&h);
    assert_eq!(d.nodes.len(), 1);
    assert!(d.edges.is_empty());

    // Undo brings both back exactly; redo deletes again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let restored = diagram(&h);
    assert_eq!(restored.nodes.len(), 2);
    assert_eq!(restored.edges.len(), 1);
    assert_eq!(
        restored.node(features).map(|n| n.label.as_str()),
        Some("Velocity features")
    );
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(diagram(&h).nodes.len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(diagram(&h).nodes.len(), 2);

    // Undo the move: the scorer goes back where it was added.
    h.get_by_label("Undo").click();
    h.run();
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(diagram(&h).node(scorer).map(|n| n.pos), Some(before));

    // The diagram is saved with the session.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    // The save runs on the saver thread: wait for it before reading the file.
    h.state_mut().flush_saves();
    let path = h.state().open_session().expect("open").path.clone();
    let saved = drillboard::store::load_session(&path).expect("loads");
    assert_eq!(saved.diagram, diagram(&h));
}

#[test]
fn the_kind_picker_adds_the_first_match() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    h.hover_at(pos2(900.0, 600.0));
    h.run();
    h.key_press(Key::N);
    h.run();
    h.get_by_label("Kind search").type_text("vector");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let d = diagram(&h);
    assert_eq!(d.nodes.len(), 1);
    assert_eq!(d.nodes[0].kind, NodeKind::VectorIndex);
}

#[test]
fn copy_paste_duplicate_nudge_and_tidy_are_each_one_undo_step() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    for kind in ["Add Event stream", "Add Stream processor"] {
        h.get_by_label(kind).click();
        h.run();
        h.key_press(Key::Enter);
        h.run();
    }
    h.hover_at(pos2(900.0, 700.0));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::C);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::V);
    h.run();
    let d = diagram(&h);
    assert_eq!(d.nodes.len(), 4, "two pasted copies");
    assert!(
        (d.nodes[2].pos.x - d.nodes[0].pos.x - 40.0).abs() < 0.01,
        "copies are offset"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::D);
    h.run();
    assert_eq!(
        diagram(&h).nodes.len(),
        6,
        "the pasted selection is duplicated"
    );

    let before = diagram(&h);
    h.key_press(Key::ArrowRight);
    h.run();
    let nudged = diagram(&h);
    let moved: Vec<_> = before
        .nodes
        .iter()
        .zip(&nudged.nodes)
        .filter(|(a, b)| (b.pos.x - a.pos.x - 10.0).abs() < 0.01)
        .collect();
    assert_eq!(moved.len(), 2, "only the selection moves, by 10");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(diagram(&h), before);

    h.get_by_label("Tidy").click();
    h.run();
    assert_ne!(diagram(&h), before, "tidy moved boxes");
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(diagram(&h), before, "tidy is one undo step");
}

/// Every triangle of the last frame, by clip rectangle.
fn frame_meshes(h: &Harness<'_, App>) -> Vec<(egui::Rect, egui::Mesh)> {
    let output = h.output();
    h.ctx
        .tessellate(output.shapes.clone(), output.pixels_per_point)
        .into_iter()
        .filter_map(|p| match p.primitive {
            egui::epaint::Primitive::Mesh(mesh) => Some((p.clip_rect, mesh)),
            egui::epaint::Primitive::Callback(_) => None,
        })
        .collect()
}

fn reused(h: &Harness<'_, App>) -> u64 {
    h.state().drill_view().canvas.scene.reused
}

/// Throws away the canvas's kept meshes and draws one frame from scratch.
fn fresh_frame(h: &mut Harness<'_, App>) -> Vec<(egui::Rect, egui::Mesh)> {
    h.state_mut().drill_view_mut().canvas.scene =
        drillboard::ui::canvas::scene_cache::SceneCache::default();
    h.step();
    assert_eq!(reused(h), 0, "the fresh frame painted the diagram");
    frame_meshes(h)
}

/// Adds a box from each palette tile, keeping its name as it comes.
fn add_boxes(h: &mut Harness<'_, App>, tiles: &[&str]) {
    for tile in tiles {
        h.get_by_label(tile).click();
        h.run();
        h.key_press(Key::Enter);
        h.run();
    }
}

#[test]
fn a_still_diagram_is_drawn_from_kept_meshes_identical_to_a_fresh_drawing() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_boxes(
        &mut h,
        &[
            "Add Online feature store",
            "Add Model server",
            "Add Event stream",
        ],
    );
    assert_eq!(diagram(&h).nodes.len(), 3);

    // Frames where nothing changes reuse the kept meshes, and they are what a fresh drawing
    // gives, triangle for triangle.
    let before = reused(&h);
    h.run_steps(3);
    assert!(reused(&h) >= before + 3, "{} then {}", before, reused(&h));
    let kept = frame_meshes(&h);
    assert_eq!(kept, fresh_frame(&mut h));

    // An edit shows at once: the next frames differ from before and match a fresh drawing.
    h.get_by_label("Add Cache").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(diagram(&h).nodes.len(), 4);
    h.run_steps(2);
    let renamed = frame_meshes(&h);
    assert_ne!(renamed, kept, "the new box is drawn");
    assert_eq!(renamed, fresh_frame(&mut h));

    // So does a selection.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.run_steps(2);
    let selected = frame_meshes(&h);
    assert_ne!(selected, renamed);
    assert_eq!(selected, fresh_frame(&mut h));
}

#[test]
fn fit_frames_the_diagram_clear_of_the_palette_and_legend_and_the_minimap_shows_only_when_needed() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_boxes(
        &mut h,
        &[
            "Add Event stream",
            "Add Stream processor",
            "Add Online feature store",
            "Add Model server",
            "Add Monitoring",
        ],
    );
    h.get_by_label("Fit").click();
    h.run();
    let corners = |h: &Harness<'_, App>| {
        diagram(h)
            .nodes
            .iter()
            .flat_map(|n| [node_point(h, n.id, 0.0, 0.0), node_point(h, n.id, 1.0, 1.0)])
            .collect::<Vec<_>>()
    };
    let area = h
        .state()
        .drill_view()
        .canvas
        .area()
        .expect("the canvas was drawn");
    let palette_right = area.min.x + drillboard::ui::canvas::palette::WIDTH;
    let legend_top = area.max.y - drillboard::ui::canvas::paint::LEGEND_SIZE.y - 10.0;
    for p in corners(&h) {
        assert!(
            p.x > palette_right && p.x < area.max.x,
            "{p:?} right of {palette_right}"
        );
        assert!(
            p.y > area.min.y && p.y < legend_top,
            "{p:?} above {legend_top}"
        );
    }
    assert!(
        h.query_by_label("Minimap").is_none(),
        "everything is in view, so no minimap"
    );

    // Zoomed in, part of the diagram is out of view and the minimap offers a way there.
    h.state_mut().drill_view_mut().canvas.view.zoom = 4.0;
    h.run();
    assert!(
        corners(&h).iter().any(|p| !area.contains(*p)),
        "zoomed in far enough"
    );
    h.get_by_label("Minimap");
}

/// Pasting past the box limit (as Ctrl+A, Ctrl+D repeated did, up to 24,000 boxes) is refused
/// where the edit is made, with the limit in the message; nothing is added or dropped.
#[test]
fn pasting_past_the_box_limit_is_refused_with_the_limit_named() {
    let test = TestApp::new();
    let limit = drillboard::model::limits::MAX_NODES;
    let session = drillboard::store::builtin::grid_session(limit - 10, 7).expect("a grid");
    let path = test.library().save(&session).expect("saves");
    let mut app = test.app();
    app.open_file(path).expect("opens");
    let count = |app: &App| app.open_session().map(|o| o.session.diagram.nodes.len());
    let copied: Vec<_> = session.diagram.nodes[..20].to_vec();
    app.apply(drillboard::ui::Action::Canvas(
        drillboard::ui::canvas::CanvasIntent::Paste {
            nodes: copied,
            edges: Vec::new(),
        },
    ));
    assert_eq!(count(&app), Some(limit - 10), "nothing added");
    let status = app.status().expect("a message").text.clone();
    assert!(
        status.contains(&format!("at most {limit} boxes")),
        "{status}"
    );
    let copied: Vec<_> = session.diagram.nodes[..10].to_vec();
    app.apply(drillboard::ui::Action::Canvas(
        drillboard::ui::canvas::CanvasIntent::Paste {
            nodes: copied,
            edges: Vec::new(),
        },
    ));
    assert_eq!(count(&app), Some(limit), "up to the limit is fine");
}

/// Leaving a drill for home and resuming it keeps where the canvas was (pan and zoom) and the
/// undo history; a new run of the app over the same library keeps the view but not the history.
#[test]
fn a_resumed_drill_keeps_its_canvas_view_and_undo_history() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_boxes(&mut h, &["Add Event stream", "Add Model server"]);
    let area = h
        .state()
        .drill_view()
        .canvas
        .area()
        .expect("the canvas was drawn");
    // Ctrl+wheel (a zoom event) over an empty part of the canvas, then a pan with the wheel.
    let empty = area.right_bottom() - vec2(60.0, 120.0);
    h.hover_at(empty);
    h.run();
    h.event(egui::Event::Zoom(1.7));
    h.run();
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(-30.0, 45.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    h.run();
    let left = h.state().drill_view().canvas.view;
    assert!(
        (left.zoom - 1.7).abs() < 0.01,
        "zoomed to {} from 100 %",
        left.zoom
    );
    let drawn = diagram(&h);

    h.get_by_label("Home").click();
    h.run();
    h.state_mut().flush_saves();
    h.run();
    h.get_by_label_contains("· unfinished").click();
    h.run();
    h.run();
    assert_eq!(h.state().drill_view().canvas.view, left, "the view is kept");
    assert_eq!(diagram(&h), drawn);
    assert!(
        h.state().open_session().expect("open").history.can_undo(),
        "the history is back"
    );
    h.get_by_label("Undo").click();
    h.run();
    assert_ne!(diagram(&h), drawn, "undo still works after resuming");
    h.get_by_label("Redo").click();
    h.run();
    assert_eq!(diagram(&h), drawn, "and redo");

    // A new run: the view comes from the library's cache; undo starts afresh.
    h.get_by_label("Home").click();
    h.run();
    h.state_mut().save_on_exit();
    drop(h);
    let mut h = common::harness_sized(test.app(), vec2(1600.0, 1000.0));
    h.run();
    h.get_by_label_contains("· unfinished").click();
    h.run();
    h.run();
    assert_eq!(h.state().drill_view().canvas.view, left);
    assert!(!h.state().open_session().expect("open").history.can_undo());
}

/// An arrow can be drawn from any side of a box, and it attaches where the boxes face each
/// other: two boxes side by side get a level arrow between their facing sides.
#[test]
fn arrows_start_from_any_side_and_meet_the_facing_borders() {
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_boxes(&mut h, &["Add Event stream", "Add Model server"]);
    let d = diagram(&h);
    let (stream, server) = (d.nodes[0].id, d.nodes[1].id);
    // Put the server to the right of the stream, level with it.
    let grab = node_point(&h, server, 0.5, 0.6);
    let target = node_point(&h, stream, 0.5, 0.6) + vec2(320.0, 0.0);
    drag(&mut h, grab, target);
    let zoom = h.state().drill_view().canvas.view.zoom;
    let d = diagram(&h);
    let (s, m) = (
        d.node(stream).expect("stream"),
        d.node(server).expect("server"),
    );
    assert!(
        (s.pos.y - m.pos.y).abs() < 1.0 && m.pos.x > s.pos.x + s.size.w,
        "side by side"
    );

    // From the server's left handle onto the stream.
    let left_handle = node_point(&h, server, 0.0, 0.5) - vec2(8.0, 0.0);
    let onto = node_point(&h, stream, 0.5, 0.5);
    drag(&mut h, left_handle, onto);
    let d = diagram(&h);
    assert_eq!(d.edges.len(), 1, "connected from the left side");
    assert_eq!((d.edges[0].from, d.edges[0].to), (server, stream));
    let (a, b) = d.edge_ends(d.edges[0].id).expect("ends");
    assert!(
        (a.x - m.pos.x).abs() < 1e-3,
        "leaves the server's left side: {a:?}"
    );
    assert!(
        (b.x - (s.pos.x + s.size.w)).abs() < 1e-3,
        "enters the stream's right side: {b:?}"
    );

    // From the stream's top and bottom handles too.
    for (fy, dy) in [(0.0, -8.0), (1.0, 8.0)] {
        let handle = node_point(&h, stream, 0.5, fy) + vec2(0.0, dy);
        let before = diagram(&h).edges.len();
        let onto = node_point(&h, server, 0.5, 0.5);
        drag(&mut h, handle, onto);
        assert_eq!(
            diagram(&h).edges.len(),
            before + 1,
            "from the side at {fy}, zoom {zoom}"
        );
    }
}

/// An arrow whose straight line would run through a box it does not join is drawn around it,
/// and a click on the drawn path selects it.
#[test]
fn an_arrow_past_a_box_bends_around_it_and_is_selected_along_its_path() {
    use drillboard::model::crossing::{arrows_through_boxes, routes_through_boxes};
    use drillboard::model::routing::EdgePath;
    let test = TestApp::new();
    let mut h = drill_harness(&test);
    add_boxes(
        &mut h,
        &["Add Event stream", "Add Model server", "Add Database"],
    );
    let d = diagram(&h);
    let (middle, right, left) = (d.nodes[0].id, d.nodes[1].id, d.nodes[2].id);
    // A row: left, middle, right, level with each other (each new box lands over the one
    // before, so the topmost moves first).
    for (id, dx) in [(left, -320.0), (right, 320.0)] {
        let grab = node_point(&h, id, 0.5, 0.6);
        let target = node_point(&h, middle, 0.5, 0.6) + vec2(dx, 0.0);
        drag(&mut h, grab, target);
    }
    // From the left box's right handle, over the middle box, onto the right box.
    let handle = node_point(&h, left, 1.0, 0.5) + vec2(8.0, 0.0);
    let onto = node_point(&h, right, 0.5, 0.5);
    drag(&mut h, handle, onto);
    h.run();
    let d = diagram(&h);
    assert_eq!(d.edges.len(), 1, "connected");
    assert_eq!((d.edges[0].from, d.edges[0].to), (left, right));
    assert_eq!(
        arrows_through_boxes(&d),
        vec![(d.edges[0].id, middle)],
        "straight, it would cross the middle box"
    );
    let canvas = &h.state().drill_view().canvas;
    let Some(EdgePath::Detour(points)) = canvas.routes.path(0, d.edges[0].id).cloned() else {
        panic!(
            "drawn as a detour: {:?}",
            canvas.routes.path(0, d.edges[0].id)
        );
    };
    assert_eq!(routes_through_boxes(&d, &canvas.routes), vec![]);

    // Click the middle of the detour's longest leg, which runs beside the middle box.
    let (spot, _) = EdgePath::Detour(points).label_spot(0.0);
    let area = canvas.area().expect("drawn");
    let at = canvas.view.to_screen(area.min, spot);
    h.hover_at(at);
    h.run();
    h.drag_at(at);
    h.run();
    h.drop_at(at);
    h.run();
    let selection = &h.state().drill_view().canvas.selection;
    assert!(
        selection.edges.contains(&d.edges[0].id) && selection.nodes.is_empty(),
        "the arrow is selected: {selection:?}"
    );
}
