//! Issue 15 through the UI: dialogs and overlays own the keyboard and the pointer, every
//! control is reachable at 1024×700 and 900×600, and status messages expire.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::TestApp;
use drillboard::model::{DrillStatus, NodeKind, Point, Session};
use drillboard::store::{Library, builtin};
use drillboard::ui::canvas::CanvasIntent;
use drillboard::ui::library::SortKey;
use drillboard::ui::{Action, App, Screen};
use egui::{Event, Key, Modifiers, Rect, Vec2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The sizes the app must be usable at: the laptop window and the minimum.
const SIZES: [Vec2; 2] = [vec2(1024.0, 700.0), vec2(900.0, 600.0)];

/// A drill on the fraud scenario with two boxes on the canvas, in a window of `size`.
fn drill_with_boxes(test: &TestApp, size: Vec2) -> Harness<'static, App> {
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("scenario exists");
    for (kind, x) in [(NodeKind::EventStream, 0.0), (NodeKind::Ranker, 300.0)] {
        app.apply(Action::Canvas(CanvasIntent::AddNode {
            kind,
            at: Point { x, y: 0.0 },
        }));
    }
    let mut h = common::harness_sized(app, size);
    h.run();
    // Adding a box starts renaming it; Escape ends that, as a user would.
    h.key_press(Key::Escape);
    h.run();
    assert!(h.state().drill_view().canvas.editing.is_none());
    h
}

fn box_count(h: &Harness<'_, App>) -> usize {
    h.state()
        .open_session()
        .map_or(0, |open| open.session.diagram.nodes.len())
}

/// Types text as a keyboard does: the key, then the character it produces.
fn type_keys(h: &mut Harness<'_, App>, keys: &[(Key, &str)]) {
    for (key, text) in keys {
        h.key_press(*key);
        h.event(Event::Text((*text).to_owned()));
        h.run();
    }
}

#[test]
fn typing_in_the_open_prompt_reaches_its_field_and_never_the_canvas() {
    let test = TestApp::new();
    let mut h = drill_with_boxes(&test, SIZES[0]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(h.state().is_open_prompt_showing());
    assert!(
        h.get_by_label("Session file path").is_focused(),
        "the path field has the keyboard as soon as the prompt opens"
    );
    // "/" and "n" are the canvas's kind-search keys; Delete would erase the selection.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(&mut h, &[(Key::Slash, "/"), (Key::N, "n"), (Key::X, "x")]);
    assert_eq!(
        h.get_by_label("Session file path").value().as_deref(),
        Some("/nx")
    );
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(
        box_count(&h),
        2,
        "nothing was added or deleted behind the dialog"
    );
    assert!(
        h.state().drill_view().canvas.picker.is_none(),
        "the kind search did not open behind the dialog"
    );
    assert!(h.state().drill_view().canvas.selection.nodes.is_empty());

    // Tab keeps the keyboard inside the dialog.
    h.key_press(Key::Tab);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(box_count(&h), 2);

    h.key_press(Key::Escape);
    h.run();
    assert!(
        !h.state().is_open_prompt_showing(),
        "Escape closes the prompt"
    );
    // With the dialog gone the same keys reach the canvas again.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(
        box_count(&h),
        0,
        "the canvas takes its keys once the dialog is gone"
    );
}

#[test]
fn a_click_behind_the_open_prompt_changes_nothing() {
    let test = TestApp::new();
    let mut h = common::harness_sized(test.app(), SIZES[0]);
    h.run();
    let before = h.state().selected_scenario().map(str::to_owned);
    // The list is longer than the window: bring the scenario clicked below into view.
    h.get_by_label("Search ranking system").scroll_to_me();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.get_by_label("Search ranking system").click();
    h.run();
    assert_eq!(
        h.state().selected_scenario().map(str::to_owned),
        before,
        "the scenario list behind the dialog took no click"
    );
    assert!(
        h.state().is_open_prompt_showing(),
        "a click beside the prompt keeps what was typed"
    );
    h.get_by_label("Cancel").click();
    h.run();
    h.get_by_label("Search ranking system").click();
    h.run();
    assert_eq!(h.state().selected_scenario(), Some("search_ranking"));
}

#[test]
fn the_shortcuts_overlay_owns_the_keyboard_and_escape_closes_it() {
    let test = TestApp::new();
    let mut h = drill_with_boxes(&test, SIZES[0]);
    h.key_press(Key::F1);
    h.run();
    assert!(h.state().drill_view().help);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    h.key_press(Key::PageDown);
    h.run();
    assert_eq!(box_count(&h), 2, "Ctrl+A and Delete under F1 erase nothing");
    assert!(
        !h.state().is_open_prompt_showing(),
        "no app shortcut under F1"
    );
    let current = h.state().open_session().map(|o| o.session.drill.current);
    assert_eq!(current, Some(0), "PageDown did not change the phase");

    // The overlay's title and Close are on screen at 1024×700, the list scrolls.
    let screen = Rect::from_min_size(egui::Pos2::ZERO, SIZES[0]);
    for label in ["Keyboard shortcuts", "Close"] {
        let rect = h.get_by_label(label).rect();
        assert!(screen.contains_rect(rect), "{label} at {rect:?}");
    }

    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().drill_view().help, "Escape closes F1");
    h.key_press(Key::F1);
    h.run();
    h.key_press(Key::F1);
    h.run();
    assert!(!h.state().drill_view().help, "F1 closes it too");
}

#[test]
fn a_click_beside_the_kind_search_does_not_reach_the_canvas() {
    let test = TestApp::new();
    let mut h = drill_with_boxes(&test, SIZES[0]);
    h.key_press(Key::N);
    h.run();
    assert!(h.state().drill_view().canvas.picker.is_some());
    assert!(h.get_by_label("Kind search").is_focused());
    // Undo lies behind the search's dialog: the click must not reach it.
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(box_count(&h), 2, "Undo behind the search was not applied");
    assert!(h.state().drill_view().canvas.picker.is_some() || box_count(&h) == 2);
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.state().drill_view().canvas.picker.is_none(),
        "Escape closes it"
    );
    h.get_by_label("Undo").click();
    h.run();
    assert_eq!(box_count(&h), 1, "with the search gone, Undo works");
}

/// Whether `inner` lies inside `outer`, allowing half a point for rounding.
fn inside(outer: Rect, inner: Rect) -> bool {
    outer.expand(0.5).contains_rect(inner)
}

/// Finds one control by label, scrolling it into view if its panel scrolls, and checks it
/// lies on screen; returns its rect.
fn on_screen(h: &mut Harness<'_, App>, label: &str, size: Vec2) -> Rect {
    let screen = Rect::from_min_size(egui::Pos2::ZERO, size);
    let rect = h.get_by_label(label).rect();
    if inside(screen, rect) {
        return rect;
    }
    h.get_by_label(label).scroll_to_me();
    h.run();
    let rect = h.get_by_label(label).rect();
    assert!(
        inside(screen, rect),
        "{label} at {rect:?} is not reachable in a {size:?} window"
    );
    rect
}

/// Asserts no two of the controls overlap: one cut off or pushed under another would.
fn assert_apart(controls: &[(String, Rect)]) {
    for (i, (a, ra)) in controls.iter().enumerate() {
        for (b, rb) in &controls[i + 1..] {
            let overlap = ra.intersect(*rb);
            assert!(
                !overlap.is_positive() || overlap.area() < 1.0,
                "{a} {ra:?} overlaps {b} {rb:?}"
            );
        }
    }
}

#[test]
fn every_home_control_is_reachable_at_laptop_and_minimum_sizes() {
    for size in SIZES {
        let test = TestApp::new();
        let mut h = common::harness_sized(test.app(), size);
        h.run();
        let mut controls = Vec::new();
        for label in [
            "Library and progress",
            "Open session…",
            "Start next drill",
            "Start drill",
            "30 min",
            "45 min",
            "60 min",
        ] {
            controls.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        assert_apart(&controls);
        // Every scenario in the list; the selected one's title shows twice (row and detail).
        let selected = h.state().selected_scenario().map(str::to_owned);
        for entry in &h.state().catalog().entries.clone() {
            if selected.as_deref() != Some(entry.scenario.id.as_str()) {
                on_screen(&mut h, &entry.scenario.title, size);
            }
        }
    }
}

/// The canvas tools, found in the toolbar or, when it is too narrow, in its "…" menu; each
/// one in the toolbar lies above the canvas, not under a side panel.
fn assert_canvas_tools_reachable(h: &mut Harness<'_, App>, size: Vec2) {
    let tools = [
        "Undo",
        "Redo",
        "Snap",
        "Tidy",
        "Add zone",
        "Fit",
        "100 %",
        "Export",
        "Shortcuts",
    ];
    let canvas = h
        .state()
        .drill_view()
        .canvas
        .area()
        .expect("the canvas was drawn");
    let mut in_row = Vec::new();
    let mut in_menu = Vec::new();
    for tool in tools {
        match h.query_by_label(tool) {
            Some(node) => {
                let rect = node.rect();
                assert!(
                    rect.min.x >= canvas.min.x - 0.5 && rect.max.x <= canvas.max.x + 0.5,
                    "{tool} at {rect:?} is not above the canvas {canvas:?} ({size:?})"
                );
                in_row.push((tool.to_owned(), rect));
            }
            None => in_menu.push(tool),
        }
    }
    if h.query_by_label("New arrow kind").is_none() {
        in_menu.push("Arrows:");
    }
    assert_apart(&in_row);
    if in_menu.is_empty() {
        assert!(h.query_by_label("…").is_none(), "no menu when all fit");
        return;
    }
    h.get_by_label("…").click();
    h.run();
    for tool in in_menu {
        assert!(
            h.query_by_label_contains(tool).is_some(),
            "{tool} is in neither the toolbar nor its ⋯ menu at {size:?}"
        );
    }
    h.key_press(Key::Escape);
    h.run();
}

#[test]
fn every_drill_control_is_reachable_at_laptop_and_minimum_sizes() {
    for size in SIZES {
        let test = TestApp::new();
        let mut h = drill_with_boxes(&test, size);
        let framework = builtin::framework();
        let mut controls = Vec::new();
        let save = if h.query_by_label("Save*").is_some() {
            "Save*"
        } else {
            "Save"
        };
        for label in [
            "Home",
            save,
            "Pause",
            "Finish drill",
            "Phase guide",
            "Interviewer panel",
        ] {
            controls.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        for (i, phase) in framework.phases.iter().enumerate() {
            let label = format!("{} {}", i + 1, phase.short);
            controls.push((label.clone(), on_screen(&mut h, &label, size)));
        }
        for clock in ["Phase 0", "Total 0"] {
            let rect = h.get_by_label_contains(clock).rect();
            controls.push((clock.to_owned(), rect));
        }
        assert_apart(&controls);
        let stepper_right = controls
            .iter()
            .filter(|(l, _)| l.starts_with(char::is_numeric))
            .map(|(_, r)| r.max.x)
            .fold(0.0, f32::max);
        let clocks_left = h.get_by_label_contains("Total 0").rect().min.x;
        assert!(
            stepper_right <= clocks_left,
            "the stepper ({stepper_right}) stays left of the clocks ({clocks_left}) at {size:?}"
        );
        // One line each: the clocks do not wrap.
        let line = h.get_by_label_contains("Total 0").rect().height();
        assert!(
            line < 40.0,
            "the total clock is one line: {line} at {size:?}"
        );
        for label in [
            "Notes for Clarify requirements",
            "Next phase",
            "New assumption",
            "Ask the interviewer",
        ] {
            on_screen(&mut h, label, size);
        }
        assert_canvas_tools_reachable(&mut h, size);
        assert_palette_clear_of_the_legend(&h);

        // Hiding both side panels gives the canvas their room and brings every tool back.
        let narrow = canvas_width(&h);
        h.get_by_label("Phase guide").click();
        h.run();
        h.get_by_label("Interviewer panel").click();
        h.run();
        assert!(
            canvas_width(&h) > narrow + 300.0,
            "the canvas takes the panels' room at {size:?}"
        );
        assert!(h.query_by_label("Notes for Clarify requirements").is_none());
        assert_canvas_tools_reachable(&mut h, size);
        if size.x >= 1024.0 {
            assert!(
                h.query_by_label("…").is_none(),
                "without side panels the whole toolbar fits at {size:?}"
            );
        }
    }
}

fn canvas_width(h: &Harness<'_, App>) -> f32 {
    h.state()
        .drill_view()
        .canvas
        .area()
        .map_or(0.0, |a| a.width())
}

/// Every palette tile lies inside the canvas, above the bottom edge, and clear of the legend.
fn assert_palette_clear_of_the_legend(h: &Harness<'_, App>) {
    let canvas = h
        .state()
        .drill_view()
        .canvas
        .area()
        .expect("the canvas was drawn");
    let legend_left = canvas.min.x + drillboard::ui::canvas::palette::width_for(canvas.height());
    for kind in NodeKind::ALL {
        let rect = h.get_by_label(&format!("Add {}", kind.label())).rect();
        assert!(
            inside(canvas, rect) && rect.max.x <= legend_left,
            "the {kind:?} tile at {rect:?} is inside {canvas:?}, left of the legend at {legend_left}"
        );
    }
}

/// A finished attempt at a scenario whose first phase ran a minute over, with notes.
fn finished_attempt(library: &Library, scenario_id: &str) -> PathBuf {
    let framework = builtin::framework();
    let scenario = builtin::scenarios(std::slice::from_ref(framework))
        .into_iter()
        .flatten()
        .find(|s| s.id == scenario_id)
        .expect("built in");
    let mut session = Session::start(&scenario, framework, 45, common::EPOCH, Duration::ZERO);
    session.drill.phases[0].notes = "10k TPS peak".into();
    session.drill.phases[0].elapsed_ms = 4 * 60 * 1000;
    session.drill.phases[1].notes = "stream features into a ranker".into();
    session.drill.finish(Duration::ZERO);
    assert_eq!(session.drill.status, DrillStatus::Finished);
    library.save(&session).expect("saves")
}

#[test]
fn every_review_control_is_reachable_and_the_overview_does_not_overlap() {
    // The longest built-in title, which must give way to the header's buttons.
    let title = "Recommendation system for an e-commerce platform";
    for size in SIZES {
        let test = TestApp::new();
        let path = finished_attempt(&test.library(), "recommendation_ecommerce");
        let mut app = test.app();
        app.open_file(path).expect("opens");
        let mut h = common::harness_sized(app, size);
        h.run();
        let mut controls = vec![(title.to_owned(), h.get_by_label(title).rect())];
        for label in [
            "Home",
            "Export",
            "Edit a copy",
            "Compare…",
            "Retry this prompt",
            "Overview",
            "Replay",
            "Reference",
            "Score",
        ] {
            controls.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        assert_apart(&controls);
        h.get_by_label("Overview").click();
        h.run();
        let over = on_screen(&mut h, "+01:00 over", size);
        let mut overview = vec![("+01:00 over".to_owned(), over)];
        for label in ["1. Clarify requirements", "2. High-level architecture"] {
            overview.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        overview.push((
            "notes".to_owned(),
            on_screen(&mut h, "stream features into a ranker", size),
        ));
        assert_apart(&overview);
    }
}

/// With worked estimates the review has five tabs; all of them, the header's buttons and the
/// first estimate with the candidate's figures stay on screen and apart at both sizes.
#[test]
fn a_review_with_estimates_keeps_every_tab_and_the_figures_in_reach() {
    for size in SIZES {
        let test = TestApp::new();
        let library = test.library();
        common::install_scenario(
            &library,
            common::DEPTH_SCENARIO_FILE,
            common::DEPTH_SCENARIO,
        );
        let scenario = common::depth_scenario();
        let mut session = Session::start(
            &scenario,
            builtin::framework(),
            45,
            common::EPOCH,
            Duration::ZERO,
        );
        session.drill.scratchpad.daily_active_users = 5_000_000.0;
        session.drill.finish(Duration::ZERO);
        let path = library.save(&session).expect("saves");
        let mut app = test.app();
        app.open_file(path).expect("opens");
        let mut h = common::harness_sized(app, size);
        h.run();
        let mut controls = Vec::new();
        for label in [
            "Home",
            "Export",
            "Edit a copy",
            "Compare…",
            "Retry this prompt",
            "Overview",
            "Replay",
            "Reference",
            "Estimates",
            "Score",
        ] {
            controls.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        assert_apart(&controls);
        h.get_by_label("Estimates").click();
        h.run();
        let first = &scenario.estimates[0];
        let mut estimates = vec![(first.title.clone(), on_screen(&mut h, &first.title, size))];
        for label in ["Your figures", "Peak QPS"] {
            estimates.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        assert_apart(&estimates);
    }
}

#[test]
fn every_library_control_is_reachable_at_laptop_and_minimum_sizes() {
    for size in SIZES {
        let test = TestApp::new();
        finished_attempt(&test.library(), "fraud_detection");
        let mut app = test.app();
        app.apply(Action::ShowLibrary);
        let mut h = common::harness_sized(app, size);
        h.run();
        assert!(matches!(h.state().screen(), Screen::Library));
        let mut controls = Vec::new();
        for label in [
            "Home",
            "Start next drill",
            "Filter sessions",
            "Scenario filter",
            "Band filter",
            "Open",
            "Compare",
            "Move to trash",
            "Verdict",
            "Competencies",
            "Time per phase",
            "Calibration",
        ] {
            controls.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        // Every column heading sorts.
        for key in SortKey::ALL {
            let label = key.label();
            controls.push((label.to_owned(), on_screen(&mut h, label, size)));
        }
        assert_apart(&controls);
    }
}

#[test]
fn news_in_the_status_bar_expires_and_errors_stay() {
    let test = TestApp::new();
    let mut h = drill_with_boxes(&test, SIZES[0]);
    h.state_mut().apply(Action::CopyMermaid);
    h.run();
    assert!(
        h.query_by_label("Copied the diagram as Mermaid text")
            .is_some()
    );
    test.clock.advance(Duration::from_secs(7));
    h.run();
    assert!(h.state().status().is_some(), "still there after 7 s");
    test.clock.advance(Duration::from_secs(2));
    h.run();
    assert!(h.state().status().is_none(), "gone after 8 s");
    assert!(
        h.query_by_label("Copied the diagram as Mermaid text")
            .is_none()
    );

    // An error waits to be read.
    h.state_mut()
        .apply(Action::OpenSession(test.root().join("missing.ron")));
    h.run();
    test.clock.advance(Duration::from_secs(600));
    h.run();
    assert!(
        h.state()
            .status()
            .is_some_and(|s| s.text.starts_with("Cannot open")),
        "{:?}",
        h.state().status()
    );
}

#[test]
fn the_resume_advice_goes_once_the_clock_runs() {
    let test = TestApp::new();
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("scenario exists");
    app.flush_saves();
    let path = app.open_session().expect("open").path.clone();
    // Dropped without closing, as a crash leaves it: the file still says running.
    drop(app);
    let mut app = test.app();
    assert_eq!(app.recoveries().len(), 1, "offered for recovery");
    app.apply(Action::RecoverResume(path));
    let mut h = common::harness_sized(app, SIZES[0]);
    h.run();
    assert!(
        h.state()
            .status()
            .is_some_and(|s| s.text.contains("press Space to go on"))
    );
    test.clock.advance(Duration::from_secs(60));
    h.run();
    assert!(
        h.state().status().is_some(),
        "the advice stays while the clock is paused"
    );
    h.get_by_label("Resume").click();
    h.run();
    assert!(
        h.state()
            .open_session()
            .is_some_and(|o| o.session.drill.status == DrillStatus::Running)
    );
    assert!(
        h.state().status().is_none(),
        "the advice went with its cause"
    );
}

#[test]
fn opening_a_file_that_is_not_a_session_says_so() {
    let test = TestApp::new();
    let notes = test.root().join("notes.txt");
    std::fs::write(&notes, "shopping: milk, eggs\n").expect("writes");
    let json = test.root().join("data.json");
    std::fs::write(&json, "{\"version\": 2}").expect("writes");
    let mut app = test.app();
    for path in [notes, json] {
        app.open_or_report(path.clone());
        let failure = app.open_failure().expect("a failure is shown");
        assert!(
            failure
                .reason
                .contains("this is not a Drillboard session file"),
            "{}",
            failure.reason
        );
        assert!(failure.reason.contains(&path.display().to_string()));
    }
}

#[test]
fn counts_in_the_drill_summary_agree_with_their_nouns() {
    let test = TestApp::new();
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("scenario exists");
    app.apply(Action::AddAssumption("50M daily users".into()));
    app.apply(Action::Finish);
    let mut h = common::harness_sized(app, SIZES[0]);
    h.run();
    h.get_by_label("Overview").click();
    h.run();
    assert!(
        h.query_by_label_contains("1 assumption stated").is_some(),
        "singular for one"
    );
    assert!(h.query_by_label_contains("1 assumptions").is_none());
}

#[test]
fn the_close_guard_owns_the_keyboard_and_escape_cancels_it() {
    let test = TestApp::new();
    let mut h = drill_with_boxes(&test, SIZES[0]);
    h.state_mut().flush_saves();
    // Saving fails from now on: the sessions folder is a file.
    let dir = test.library().sessions_dir();
    std::fs::remove_dir_all(&dir).expect("remove the folder");
    std::fs::write(&dir, b"not a folder").expect("a file in its place");
    h.state_mut().apply(Action::SetNotes {
        phase: 0,
        text: "only in memory".into(),
    });
    h.state_mut().apply(Action::Save);
    h.state_mut().flush_saves();
    h.run();
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(
        h.state().modal_open(),
        "closing with failed work asks first"
    );
    assert!(h.query_by_label("Unsaved work").is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    assert_eq!(box_count(&h), 2, "keys under the close guard reach nothing");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().modal_open(), "Escape cancels");
    assert!(h.query_by_label("Unsaved work").is_none());
}

#[test]
fn when_time_is_up_the_palette_stays_inside_the_canvas_and_clear_of_the_legend() {
    for size in SIZES {
        let test = TestApp::new();
        let mut h = drill_with_boxes(&test, size);
        test.clock.advance(Duration::from_secs(46 * 60));
        h.run();
        assert!(
            h.query_by_label("Keep going").is_some(),
            "the time-up banner shows"
        );
        assert_palette_clear_of_the_legend(&h);
        on_screen(&mut h, "Finish and score", size);
    }
}

#[test]
fn side_panels_keep_their_width_from_frame_to_frame() {
    let test = TestApp::new();
    let mut h = drill_with_boxes(&test, SIZES[0]);
    // Later phases fold the interviewer's questions and scratchpad: less content, same panel.
    h.get_by_label("5 Serving").click();
    h.run();
    let before = h.state().drill_view().canvas.area();
    h.run_steps(10);
    assert_eq!(
        h.state().drill_view().canvas.area(),
        before,
        "the panels do not creep narrower frame after frame"
    );
}

#[test]
fn finish_anyway_owns_the_keyboard_and_escape_keeps_drilling() {
    let test = TestApp::new();
    let mut h = drill_with_boxes(&test, SIZES[0]);
    h.get_by_label("Finish drill").click();
    h.run();
    assert!(h.state().modal_open(), "unstarted phases ask first");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.key_press(Key::Delete);
    h.run();
    h.key_press(Key::PageDown);
    h.run();
    assert_eq!(box_count(&h), 2, "keys under the question reach nothing");
    assert_eq!(
        h.state().open_session().map(|o| o.session.drill.current),
        Some(0)
    );
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().modal_open(), "Escape keeps drilling");
    assert!(
        h.state()
            .open_session()
            .is_some_and(|o| o.session.drill.status != DrillStatus::Finished)
    );
}
