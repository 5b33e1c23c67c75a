//! Whole-app behaviour through the UI: start a drill, take notes, save, reopen.

mod common;

use std::time::Duration;

use common::TestApp;
use drillboard::store::load_session;
use drillboard::ui::Screen;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

#[test]
fn a_drill_started_from_home_saves_its_notes() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();

    h.get_by_label("Real-time fraud detection for payments")
        .click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    assert!(
        matches!(h.state().screen(), Screen::Drill(_)),
        "the drill screen opens"
    );

    let notes = h.get_by_label("Notes for Clarify requirements");
    notes.click();
    h.run();
    h.get_by_label("Notes for Clarify requirements")
        .type_text("10k TPS at peak; p99 under 100 ms");
    h.run();
    test.clock.advance(Duration::from_secs(90));
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    // The save runs on the saver thread: wait for it before reading the file.
    h.state_mut().flush_saves();

    let open = h.state().open_session().expect("a session is open");
    assert!(!open.dirty, "Ctrl+S saved: {:?}", h.state().status());
    let saved = load_session(&open.path).expect("the saved file loads");
    assert_eq!(saved.scenario_id, "fraud_detection");
    assert_eq!(
        saved.drill.phases[0].notes,
        "10k TPS at peak; p99 under 100 ms"
    );
    assert_eq!(saved.drill.phases[0].elapsed(), Duration::from_secs(90));
    assert!(
        open.path.starts_with(test.root()),
        "saved inside the temp library"
    );
}

#[test]
fn phases_are_navigable_and_notes_stay_per_phase() {
    let test = TestApp::new();
    let mut app = test.app();
    app.start_drill("search_ranking").expect("scenario exists");
    let mut h = common::harness_for(app);
    h.run();

    h.get_by_label("Notes for Clarify requirements").click();
    h.run();
    h.get_by_label("Notes for Clarify requirements")
        .type_text("clarified");
    h.run();
    test.clock.advance(Duration::from_secs(30));
    h.get_by_label("Next phase").click();
    h.run();
    h.get_by_label("Notes for High-level architecture").click();
    h.run();
    h.get_by_label("Notes for High-level architecture")
        .type_text("two stages");
    h.run();
    test.clock.advance(Duration::from_secs(20));
    h.get_by_label("Home").click();
    h.run();
    h.state_mut().flush_saves();

    assert!(matches!(h.state().screen(), Screen::Home));
    let summary = h
        .state()
        .sessions()
        .first()
        .expect("the drill is listed on home")
        .clone();
    let saved = load_session(&summary.path).expect("loads");
    assert_eq!(saved.drill.phases[0].notes, "clarified");
    assert_eq!(saved.drill.phases[1].notes, "two stages");
    assert_eq!(saved.drill.phases[0].elapsed(), Duration::from_secs(30));
    assert_eq!(saved.drill.phases[1].elapsed(), Duration::from_secs(20));
    assert_eq!(saved.drill.current, 1);
}

#[test]
fn the_home_screen_lists_every_built_in_scenario() {
    let test = TestApp::new();
    let h = test.harness();
    for entry in &h.state().catalog().entries {
        assert!(
            h.query_all_by_label(&entry.scenario.title).next().is_some(),
            "{} is listed",
            entry.scenario.title
        );
    }
    assert!(h.state().catalog().entries.len() >= 12);
}

#[test]
fn ctrl_o_opens_a_typed_path_prompt_that_reports_bad_files() {
    let test = TestApp::new();
    let bad = test.root().join("broken.ron");
    std::fs::write(&bad, "(version: 1, id: ").expect("write");
    let mut h = test.harness();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    assert!(h.state().is_open_prompt_showing());
    h.get_by_label("Session file path").click();
    h.run();
    h.get_by_label("Session file path")
        .type_text(&bad.display().to_string());
    h.run();
    h.get_by_label("Open").click();
    h.run();
    let status = h.state().status().expect("an error is shown");
    assert!(status.text.contains("broken.ron:1:"), "{}", status.text);
    assert!(matches!(h.state().screen(), Screen::Home));
}

#[test]
fn user_scenarios_appear_on_home_and_broken_ones_show_their_error() {
    let test = TestApp::new();
    let dir = test.library().scenarios_dir();
    std::fs::create_dir_all(&dir).expect("mkdir");
    let minimal = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/minimal_scenario.ron"
    ))
    .expect("example exists");
    std::fs::write(dir.join("url_shortener_abuse.ron"), minimal).expect("writes");
    std::fs::write(
        dir.join("half_written.ron"),
        "(\n    id: \"half\",\n    title: \"Half\",\n",
    )
    .expect("writes");

    let mut h = test.harness();
    h.run();
    // The heading counts them: "Your scenarios · 1"; they are listed first.
    assert!(h.query_by_label_contains("Your scenarios").is_some());
    // The list can be longer than the window: scroll the user's scenario into view first.
    h.get_by_label("Malicious link detection for a URL shortener")
        .scroll_to_me();
    h.run();
    h.get_by_label("Malicious link detection for a URL shortener")
        .click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    let open = h
        .state()
        .open_session()
        .expect("a drill on the user's scenario");
    assert_eq!(open.session.scenario_id, "url_shortener_abuse");
    h.get_by_label("Home").click();
    h.run();
    assert!(
        h.query_by_label_contains("half_written.ron:3:19: Unexpected end of RON")
            .is_some(),
        "the broken file is listed with file:line:col"
    );
}

/// A file that needed many repairs opens with a notice that wraps and scrolls inside a small
/// window, lists every repair on its own line, copies its details and can be dismissed; the
/// status bar keeps to one short line.
#[test]
fn repairs_are_listed_in_a_notice_that_fits_a_small_window() {
    let test = TestApp::new();
    let mut session = drillboard::store::builtin::practice_session(1).expect("a session");
    let first = session.diagram.edges[0].clone();
    for n in 0..40 {
        let mut edge = first.clone();
        edge.id = drillboard::model::EdgeId(1000 + n);
        edge.to = drillboard::model::NodeId(9000 + n);
        edge.label = format!("a dangling arrow with a long label that must wrap {n}");
        session.diagram.edges.push(edge);
    }
    let path = test.root().join("damaged.ron");
    let file_text = drillboard::store::ron_file::to_pretty(&session, &path).expect("serialises");
    std::fs::write(&path, file_text).expect("writes");

    let size = egui::vec2(1024.0, 700.0);
    let mut h = common::harness_sized(test.app(), size);
    h.run();
    h.state_mut()
        .apply(drillboard::ui::Action::OpenSession(path.clone()));
    h.run();
    let notice = h.state().repair_notice().expect("a repair notice").clone();
    assert_eq!(
        notice.warnings.len(),
        40,
        "one line a repair: {:?}",
        notice.warnings
    );
    let status = h.state().status().expect("a status").text.clone();
    assert!(
        status.contains("40 repairs") && status.len() < 200,
        "short status: {status}"
    );
    let line = h.get_by_label_contains("missing node 9000:");
    assert!(
        line.rect().max.x <= size.x,
        "the first repair shows inside the window: {:?}",
        line.rect()
    );
    assert!(
        h.query_by_label_contains("missing node 9039:")
            .is_none_or(|n| n.rect().min.y > 300.0),
        "the list scrolls rather than pushing the session off screen"
    );
    h.get_by_label("Copy details").click();
    h.run();
    assert_eq!(
        h.state().status().map(|s| s.text.as_str()),
        Some("Copied the repair details")
    );
    assert!(notice.details().lines().count() >= 42);
    h.get_by_label("Hide repairs").click();
    h.run();
    assert!(h.state().repair_notice().is_none());
}
