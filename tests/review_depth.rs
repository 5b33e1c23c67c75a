//! Issue 18 through the UI: after a drill, review shows the scenario's worked estimates beside
//! the candidate's own figures, the deep-dive trees one level at a time, and the model
//! answers by level; a scenario without those fields shows none of their headings. The
//! scenario is a user file in a temporary library (`tests/fixtures/depth_scenario.ron`), so
//! none of this depends on the built-in scenarios' content.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{DEPTH_SCENARIO, DEPTH_SCENARIO_FILE, EPOCH, TestApp, depth_scenario};
use drillboard::model::capacity::count_text;
use drillboard::model::{InterviewEvent, Scenario, Scratchpad, Session, TargetLevel};
use drillboard::store::{Library, builtin};
use drillboard::ui::App;
use egui::{Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// A finished attempt at `scenario` at `target`, with the scratchpad used (5M users × 10
/// actions, kept 730 days), an assumption stated and a note with numbers.
fn finished_attempt(library: &Library, scenario: &Scenario, target: TargetLevel) -> PathBuf {
    let mut session = Session::start_at_level(
        scenario,
        builtin::framework(),
        45,
        target,
        EPOCH,
        Duration::ZERO,
    );
    session.drill.scratchpad = Scratchpad {
        daily_active_users: 5_000_000.0,
        actions_per_user: 10.0,
        retention_days: 730.0,
        ..Scratchpad::default()
    };
    session.drill.log.push(InterviewEvent::Assumed {
        text: "A page scan takes 2 s of CPU".into(),
        phase: "serving".into(),
        at_ms: 1_650_000,
    });
    session.drill.phases[0].notes = "5M links a day, 8k clicks/s at peak\nno numbers here".into();
    session.drill.phases[0].elapsed_ms = 180_000;
    session.drill.finish(Duration::ZERO);
    library.save(&session).expect("saves")
}

/// The depth scenario in a temporary library and a review of an attempt at it.
fn review_of_depth_attempt(
    test: &TestApp,
    target: TargetLevel,
    size: Vec2,
) -> Harness<'static, App> {
    let library = test.library();
    common::install_scenario(&library, DEPTH_SCENARIO_FILE, DEPTH_SCENARIO);
    let path = finished_attempt(&library, &depth_scenario(), target);
    let mut app = test.app();
    app.open_file(path).expect("opens");
    let mut h = common::harness_sized(app, size);
    h.run();
    h
}

/// Whether anything on screen is labelled `label` (some labels repeat, such as an input two
/// estimates share).
fn shown(h: &Harness<'_, App>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

fn rect_of(h: &Harness<'_, App>, label: &str) -> Rect {
    h.get_by_label(label).rect()
}

#[test]
fn the_estimates_tab_shows_each_worked_estimate_beside_the_users_figures() {
    let test = TestApp::new();
    let size = egui::vec2(1024.0, 700.0);
    let mut h = review_of_depth_attempt(&test, TargetLevel::Senior, size);
    h.get_by_label("Estimates").click();
    h.run();

    // The first estimate: its question, inputs marked quoted or assumed, the arithmetic
    // with the inputs' values, the stated result with its unit and the conclusion.
    let scenario = depth_scenario();
    let cores = &scenario.estimates[0];
    assert!(shown(&h, &cores.title));
    assert!(shown(&h, "links per day"), "input names read as words");
    assert!(shown(&h, "quoted: “5 million links a day”"));
    assert!(
        h.query_all_by_label("assumed").count() >= 2,
        "seconds per day and peak over average are the estimate's own assumptions"
    );
    assert!(shown(
        &h,
        "ceil(links_per_day ÷ seconds_per_day × core_seconds_per_scan × peak_over_average)"
    ));
    assert!(shown(&h, "ceil(5,000,000 ÷ 86,400 × 4 × 3) = 695"));
    assert!(shown(&h, "695 CPU cores"));
    assert!(shown(&h, &cores.conclusion));

    // The candidate's own figures: the scratchpad's inputs and results, the assumption they
    // stated and the note line with numbers (not the one without).
    let pad = Scratchpad {
        daily_active_users: 5_000_000.0,
        actions_per_user: 10.0,
        retention_days: 730.0,
        ..Scratchpad::default()
    };
    assert!(shown(&h, "Your figures"));
    let peak = count_text(pad.peak_qps());
    assert!(shown(&h, "Peak QPS") && shown(&h, &peak), "{peak}");
    assert!(shown(&h, "A page scan takes 2 s of CPU"));
    assert!(shown(&h, "5M links a day, 8k clicks/s at peak"));
    assert!(!shown(&h, "no numbers here"));

    // Beside, at 1024×700: the user's figures to the left of the estimate, both on screen.
    let screen = Rect::from_min_size(egui::Pos2::ZERO, size);
    let yours = rect_of(&h, &peak);
    let worked = rect_of(&h, &cores.title);
    assert!(screen.contains_rect(yours) && screen.contains_rect(worked));
    assert!(
        yours.right() < worked.left(),
        "your figures {yours:?} sit beside the estimate {worked:?}"
    );
}

#[test]
fn an_untouched_scratchpad_says_so_instead_of_listing_the_starting_values() {
    let test = TestApp::new();
    let library = test.library();
    common::install_scenario(&library, DEPTH_SCENARIO_FILE, DEPTH_SCENARIO);
    let scenario = depth_scenario();
    let mut session = Session::start(&scenario, builtin::framework(), 45, EPOCH, Duration::ZERO);
    session.drill.finish(Duration::ZERO);
    let path = library.save(&session).expect("saves");
    let mut app = test.app();
    app.open_file(path).expect("opens");
    let mut h = common::harness_for(app);
    h.run();
    h.get_by_label("Estimates").click();
    h.run();
    assert!(shown(&h, "You left the scratchpad at its starting values."));
    assert!(!shown(&h, "Peak QPS"));
    assert!(shown(&h, "None were logged."));
}

#[test]
fn a_deep_dive_opens_one_level_at_a_time() {
    let test = TestApp::new();
    let mut h = review_of_depth_attempt(&test, TargetLevel::Senior, egui::vec2(1280.0, 2400.0));
    h.get_by_label("Reference").click();
    h.run();
    let dive = &depth_scenario().deep_dives[0];
    let root = &dive.root;
    let second = &root.deeper[0];
    let third = &second.deeper[0];
    let level = |n: usize, ask: &str| format!("Level {n}: {ask}");

    assert!(shown(&h, "Deep dives"));
    assert!(!shown(&h, &level(1, &root.ask)), "closed at first");
    h.get_by_label("Cloaking · Edge cases and tradeoffs")
        .click();
    h.run();
    assert!(shown(&h, &level(1, &root.ask)));
    assert!(shown(&h, &root.listen_for));
    assert!(shown(&h, "Evidence for: Cloaking"));
    assert!(shown(&h, &level(2, &second.ask)));
    assert!(
        !shown(&h, &second.listen_for),
        "the deeper answer stays hidden until its level is opened"
    );

    h.get_by_label(&level(2, &second.ask)).click();
    h.run();
    assert!(shown(&h, &second.listen_for));
    assert!(shown(&h, &level(3, &third.ask)));
    assert!(!shown(&h, &third.listen_for));
    h.get_by_label(&level(3, &third.ask)).click();
    h.run();
    assert!(shown(&h, &third.listen_for));
    assert!(shown(&h, "Evidence for: Measure what you miss"));

    // Closing the level closes what is under it.
    h.get_by_label(&level(2, &second.ask)).click();
    h.run();
    assert!(!shown(&h, &second.listen_for) && !shown(&h, &third.listen_for));
}

#[test]
fn the_model_answer_starts_at_the_sessions_level_and_switches_to_staff() {
    let test = TestApp::new();
    let mut h = review_of_depth_attempt(&test, TargetLevel::Senior, egui::vec2(1280.0, 2400.0));
    h.get_by_label("Reference").click();
    h.run();
    let scenario = depth_scenario();
    let answer = |level| {
        scenario
            .reference
            .at_level(level)
            .expect("the fixture has every level")
    };
    let (senior, staff) = (answer(TargetLevel::Senior), answer(TargetLevel::Staff));

    assert!(shown(&h, "Model answers by level"));
    assert!(shown(&h, "What moved the rating:"));
    assert!(shown(&h, &senior.moved), "the session's level first");
    assert!(!shown(&h, &staff.moved));

    h.get_by_label("Staff answer").click();
    h.run();
    assert!(shown(&h, &staff.moved));
    assert!(!shown(&h, &senior.moved));
    let edge = staff
        .phases
        .iter()
        .find(|p| p.phase == "edge_cases")
        .expect("the staff answer covers edge cases");
    assert!(!shown(&h, &edge.answer), "each phase opens on its own");
    h.get_by_label("Edge cases and tradeoffs").click();
    h.run();
    assert!(shown(&h, &edge.answer));
    // A phase the senior answer lacks is not offered there.
    h.get_by_label("Senior answer (yours)").click();
    h.run();
    assert!(!shown(&h, "Edge cases and tradeoffs") && !shown(&h, &edge.answer));
    assert!(shown(&h, "Serving and inference"));
}

#[test]
fn a_staff_session_opens_on_the_staff_answer() {
    let test = TestApp::new();
    let mut h = review_of_depth_attempt(&test, TargetLevel::Staff, egui::vec2(1280.0, 2400.0));
    h.get_by_label("Reference").click();
    h.run();
    let scenario = depth_scenario();
    let staff = scenario
        .reference
        .at_level(TargetLevel::Staff)
        .expect("staff answer");
    assert!(shown(&h, &staff.moved));
    assert!(shown(&h, "Staff answer (yours)") && shown(&h, "Senior answer"));
}

#[test]
fn a_scenario_without_the_depth_fields_shows_none_of_their_headings() {
    let test = TestApp::new();
    let library = test.library();
    let minimal = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/minimal_scenario.ron"
    ))
    .expect("the minimal scenario reads");
    common::install_scenario(&library, "url_shortener_abuse.ron", &minimal);
    let frameworks = builtin::frameworks().expect("frameworks");
    let scenario =
        builtin::parse_scenario(&minimal, std::path::Path::new("minimal.ron"), &frameworks)
            .expect("the minimal scenario loads");
    let path = finished_attempt(&library, &scenario, TargetLevel::Senior);
    let mut app = test.app();
    app.open_file(path).expect("opens");
    let mut h = common::harness_sized(app, egui::vec2(1280.0, 2400.0));
    h.run();
    assert!(
        shown(&h, "Reference") && !shown(&h, "Estimates"),
        "no Estimates tab"
    );
    h.get_by_label("Reference").click();
    h.run();
    for heading in [
        "Model answers by level",
        "What moved the rating:",
        "Deep dives",
        "Sources",
        "Model answer per phase",
        "Expected components",
    ] {
        assert!(
            !shown(&h, heading),
            "{heading} shows for a scenario without it"
        );
    }
}

#[test]
fn the_score_tab_shows_the_must_line_and_the_strong_line_apart() {
    let test = TestApp::new();
    let mut h = review_of_depth_attempt(&test, TargetLevel::Senior, egui::vec2(1280.0, 4000.0));
    h.get_by_label("Score").click();
    h.run();
    h.get_by_label("Predict Hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    let scenario = depth_scenario();
    let with_strong = scenario
        .rubric
        .iter()
        .find(|i| !i.strong.is_empty())
        .expect("an item with a strong line");
    let without = scenario
        .rubric
        .iter()
        .find(|i| i.strong.is_empty())
        .expect("an item without one");
    assert!(shown(&h, &with_strong.must));
    assert!(shown(&h, &with_strong.strong));
    assert!(shown(&h, &without.must));
    assert_eq!(
        h.query_all_by_label("Strong:").count(),
        scenario
            .rubric
            .iter()
            .filter(|i| !i.strong.is_empty())
            .count(),
        "one Strong: line per item that has one, none for the others"
    );
    let must = rect_of(&h, &with_strong.must);
    let strong = rect_of(&h, &with_strong.strong);
    assert!(
        must.bottom() <= strong.top(),
        "the strong line follows the must line"
    );
}
