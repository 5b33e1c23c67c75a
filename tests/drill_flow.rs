//! A whole drill on a fake clock, driven through the UI.

mod common;

use std::time::Duration;

use common::TestApp;
use drillboard::model::{DrillStatus, InterviewEvent};
use drillboard::store::load_session;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn a_whole_drill_is_timed_logged_and_saved() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();
    h.get_by_label("Real-time fraud detection for payments")
        .click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();

    // Clarify: ask a scripted question at 00:30, take notes.
    test.clock.advance(secs(30));
    h.get_by_label("Ask: How many transactions do we score, and how many are fraud?")
        .click();
    h.run();
    assert!(
        h.query_by_label_contains("170M authorizations").is_some(),
        "the answer is revealed"
    );
    h.get_by_label("New assumption").click();
    h.run();
    h.get_by_label("New assumption")
        .type_text("Card-present is out of scope");
    h.key_press(Key::Enter);
    h.run();
    h.get_by_label("Notes for Clarify requirements").click();
    h.run();
    h.get_by_label("Notes for Clarify requirements")
        .type_text("10k TPS peak, 0.1% fraud");
    h.run();

    // At 03:00 Clarify reaches its budget: a cue shows, nothing blocks.
    test.clock.advance(secs(150));
    h.run();
    let cue = h.state().drill_view().cue.clone().expect("budget cue");
    assert!(
        cue.text
            .contains("Clarify requirements reached its 3-minute budget"),
        "{}",
        cue.text
    );

    // Next phase with Ctrl+→ while typing; notes in High-level.
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    h.run();
    h.get_by_label("Notes for High-level architecture").click();
    h.run();
    h.get_by_label("Notes for High-level architecture")
        .type_text("Kafka -> Flink -> feature store -> GBDT");
    h.run();
    test.clock.advance(secs(60));

    // Back to Clarify with PageUp for 20 more seconds: revisits add up.
    h.key_press(Key::Escape);
    h.run();
    h.key_press(Key::PageUp);
    h.run();
    test.clock.advance(secs(20));
    h.run();
    assert!(
        h.state().drill_view().cue.is_none(),
        "the cue went after five seconds"
    );

    // Pause with Space: five minutes pass without counting.
    h.key_press(Key::Space);
    h.run();
    let open = h.state().open_session().expect("open");
    assert_eq!(open.session.drill.status, DrillStatus::Paused);
    test.clock.advance(secs(300));
    h.get_by_label("Resume").click();
    h.run();

    // Serving: a curveball appears at half its 8-minute budget.
    h.get_by_label("5 Serving").click();
    h.run();
    test.clock.advance(secs(240));
    h.run();
    assert!(h.query_by_label("Follow-up from the interviewer").is_some());
    h.get_by_label("Acknowledge follow-up").click();
    h.run();
    assert!(h.query_by_label("Follow-up from the interviewer").is_none());

    // Time runs out at 45:00; keep going for a minute, then finish.
    test.clock.advance(secs(2200));
    h.run();
    assert!(
        h.query_by_label("Finish and score").is_some(),
        "time-up banner"
    );
    h.get_by_label("Keep going").click();
    h.run();
    assert!(h.query_by_label("Finish and score").is_none());
    test.clock.advance(secs(60));
    h.get_by_label("Finish drill").click();
    h.run();
    // Finishing goes straight to scoring; the overview has the summary.
    assert!(h.query_by_label("Before you see the rubric").is_some());
    h.get_by_label("Overview").click();
    h.run();
    assert!(h.query_by_label("Drill summary").is_some());
    h.state_mut().flush_saves();

    let path = h.state().open_session().expect("open").path.clone();
    let saved = load_session(&path).expect("saved session loads");
    let drill = &saved.drill;
    assert_eq!(drill.status, DrillStatus::Finished);
    assert_eq!(drill.phases[0].elapsed(), secs(200), "clarify, two visits");
    assert_eq!(drill.phases[1].elapsed(), secs(60));
    assert_eq!(drill.phases[4].elapsed(), secs(2500));
    assert_eq!(drill.total_elapsed(), secs(2760));
    assert_eq!(drill.overtime(), secs(60));
    assert!(drill.keep_going);
    assert_eq!(drill.phases[0].notes, "10k TPS peak, 0.1% fraud");
    assert_eq!(
        drill.phases[1].notes,
        "Kafka -> Flink -> feature store -> GBDT"
    );
    assert_eq!(saved.snapshots.len(), 3, "one per phase change");

    let asked = drill.log.iter().find_map(|e| match e {
        InterviewEvent::Asked { at_ms, phase, .. } => Some((*at_ms, phase.as_str())),
        _ => None,
    });
    assert_eq!(asked, Some((30_000, "clarify")));
    assert!(drill.log.iter().any(|e| matches!(
        e,
        InterviewEvent::Assumed { text, at_ms: 30_000, .. } if text == "Card-present is out of scope"
    )));
    let curveball = drill.log.iter().find_map(|e| match e {
        InterviewEvent::Curveball {
            phase,
            shown_at_ms,
            acknowledged_at_ms,
            ..
        } => Some((phase.as_str(), *shown_at_ms, *acknowledged_at_ms)),
        _ => None,
    });
    assert_eq!(curveball, Some(("serving", 500_000, Some(500_000))));
}

#[test]
fn a_30_minute_drill_scales_the_budgets() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();
    h.get_by_label("30 min").click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    let open = h.state().open_session().expect("open");
    assert_eq!(open.session.drill.total_minutes, 30);
    assert!(
        h.query_by_label_contains("/ 02:00").is_some(),
        "clarify budget is 2 minutes"
    );
    assert!(h.query_by_label_contains("/ 30:00").is_some());
}

#[test]
fn the_scratchpad_is_saved_with_the_session() {
    let test = TestApp::new();
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("starts");
    let mut h = common::harness_for(app);
    h.run();
    h.get_by_label("Daily active users").click();
    h.run();
    h.get_by_label("Daily active users").type_text("50M");
    h.key_press(Key::Enter);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    // The save runs on the saver thread: wait for it before reading the file.
    h.state_mut().flush_saves();
    let path = h.state().open_session().expect("open").path.clone();
    let saved = load_session(&path).expect("loads");
    assert!((saved.drill.scratchpad.daily_active_users - 5.0e7).abs() < 1.0);
    assert!(
        h.query_by_label("11.6K").is_some(),
        "average QPS = 50M × 20 / 86400"
    );
}

/// A drill that spends seconds on Model and Serving and a third of Edge cases' budget says so:
/// "skipped" and "rushed" in the summary, never "every phase within budget".
#[test]
fn the_summary_calls_short_phases_skipped_and_rushed() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    // Clarify 3:00, High-level 5:00, Data 8:00, Model 0:07, Serving 0:17, Monitoring 2:30 of
    // 5:00 (on time), Edge cases 1:40 of 5:00 (rushed).
    for (phase, spent) in [180, 300, 480, 7, 17, 150, 100].into_iter().enumerate() {
        if phase > 0 {
            h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
            h.run();
        }
        test.clock.advance(secs(spent));
        h.run();
    }
    h.get_by_label("Finish drill").click();
    h.run();
    h.get_by_label("Overview").click();
    h.run();
    let drill = &h.state().open_session().expect("open").session.drill;
    assert_eq!(
        drill.phases[3].elapsed(),
        secs(7),
        "the clock drove each phase"
    );
    assert!(
        h.query_by_label_contains("2 phases skipped · 1 rushed")
            .is_some(),
        "the headline names the short phases"
    );
    assert_eq!(h.query_all_by_label("skipped").count(), 2);
    assert_eq!(h.query_all_by_label("rushed").count(), 1);
    assert!(
        h.query_by_label_contains("Too little time for Model")
            .is_some(),
        "the summary says what to do about it"
    );
    assert!(h.query_by_label_contains("within budget").is_none());
}

/// The home screen shows the length chosen and where its minutes go.
#[test]
fn the_chosen_length_and_its_slack_are_shown_before_starting() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();
    assert!(
        h.query_by_label_contains("42 min of phases + 3 min slack")
            .is_some()
    );
    h.get_by_label("60 min").click();
    h.run();
    assert!(h.query_by_label_contains("· 60 minutes").is_some());
    assert!(h.query_by_label_contains("· 45 minutes").is_none());
    assert!(
        h.query_by_label_contains("56 min of phases + 4 min slack for moving between phases")
            .is_some()
    );
}
