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

    // Clarify: ask in own words at 00:30, take notes.
    test.clock.advance(secs(30));
    h.get_by_label("Question for the interviewer").click();
    h.run();
    h.get_by_label("Question for the interviewer")
        .type_text("how many payments per second?");
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(
        h.query_all_by_label_contains("170M authorizations").count(),
        2,
        "the answer is revealed, and listed under the questions asked"
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
    // Three phases were never visited: finishing asks first.
    assert!(
        h.query_by_label("4 phases not started — finish anyway?")
            .is_some()
    );
    h.get_by_label("Finish anyway").click();
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

/// Types `question` into the interviewer box and presses Enter.
fn ask(h: &mut egui_kittest::Harness<'static, drillboard::ui::App>, question: &str) {
    h.get_by_label("Question for the interviewer").click();
    h.run();
    h.get_by_label("Question for the interviewer")
        .type_text(question);
    h.key_press(Key::Enter);
    h.run();
}

#[test]
fn a_typed_question_reveals_the_scripted_answer_with_the_time_or_offers_an_assumption() {
    let test = TestApp::new();
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("starts");
    let mut h = common::harness_for(app);
    h.run();
    assert!(
        h.query_by_label_contains("How many transactions do we score")
            .is_none(),
        "the scripted questions are not listed during the drill"
    );

    test.clock.advance(secs(75));
    // A minute into Clarify with no number in the notes, the interviewer asks for one
    // (issue 23); answered, its card leaves the panel as it was.
    h.run();
    assert!(
        h.query_by_label("What QPS are you designing for?")
            .is_some()
    );
    h.get_by_label("Acknowledge follow-up").click();
    h.run();
    ask(&mut h, "when do we learn it was fraud");
    assert!(
        h.query_by_label("You asked: when do we learn it was fraud")
            .is_some()
    );
    assert_eq!(
        h.query_all_by_label("Where do fraud labels come from, and how late do they arrive?")
            .count(),
        2,
        "the scripted question it matched shows in the reply and the log, so a near miss is \
         visible"
    );
    assert_eq!(
        h.query_all_by_label_contains("chargebacks filed by issuers")
            .count(),
        2,
        "the answer in the reply and in the questions asked"
    );
    assert!(
        h.query_by_label("Data & labels · answered at 01:15")
            .is_some()
    );
    assert!(h.query_by_label("Data & labels · asked at 01:15").is_some());
    assert!(
        h.query_by_label("You: when do we learn it was fraud")
            .is_some()
    );
    assert!(
        h.get_by_label("Question for the interviewer").is_focused(),
        "the box keeps the keyboard for the next question"
    );
    assert!(
        h.get_by_label("Question for the interviewer").is_focused(),
        "the box keeps the keyboard for the next question"
    );

    // Asking the same thing again logs nothing new and points at the first answer.
    test.clock.advance(secs(10));
    ask(&mut h, "how long until chargebacks arrive?");
    assert!(
        h.query_by_label("Data & labels · already answered at 01:15")
            .is_some()
    );

    // An unrelated question: no data, and a way to state an assumption instead.
    ask(&mut h, "what's your favourite colour?");
    assert!(
        h.query_by_label("The interviewer has no data on that.")
            .is_some()
    );
    h.get_by_label("State an assumption").click();
    h.run();
    h.run();
    assert!(
        h.get_by_label("New assumption").is_focused(),
        "the assumption box takes the keyboard"
    );
    h.get_by_label("New assumption")
        .type_text("Fraud rate is about 0.1%");
    h.key_press(Key::Enter);
    h.run();

    let drill = &h.state().open_session().expect("open").session.drill;
    let asked: Vec<_> = drill
        .log
        .iter()
        .filter_map(|e| match e {
            InterviewEvent::Asked {
                question,
                asked_as,
                at_ms,
                ..
            } => Some((question.as_str(), asked_as.as_str(), *at_ms)),
            _ => None,
        })
        .collect();
    assert_eq!(
        asked,
        vec![(
            "Where do fraud labels come from, and how late do they arrive?",
            "when do we learn it was fraud",
            75_000
        )]
    );
    assert!(drill.log.iter().any(|e| matches!(
        e,
        InterviewEvent::Assumed { text, .. } if text == "Fraud rate is about 0.1%"
    )));
}

#[test]
fn review_lists_questions_in_own_words_and_topics_never_covered() {
    let test = TestApp::new();
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("starts");
    let mut h = common::harness_for(app);
    h.run();
    test.clock.advance(secs(40));
    ask(&mut h, "how many payments per second?");
    test.clock.advance(secs(20));
    ask(&mut h, "what's the p99 latency budget?");
    h.get_by_label("Finish drill").click();
    h.run();
    h.get_by_label("Finish anyway").click();
    h.run();
    h.get_by_label("Overview").click();
    h.run();
    assert!(h.query_by_label("Clarifying questions").is_some());
    assert!(
        h.query_by_label("You asked 2 of the interviewer's 8 scripted questions.")
            .is_some()
    );
    assert!(
        h.query_by_label("Topics never covered: Data & labels, Success metrics, Constraints")
            .is_some()
    );
    assert!(
        h.query_by_label("00:40  Scale: \"how many payments per second?\"")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Not asked (Data & labels): Where do fraud labels come from")
            .is_some()
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
    // Model got 7 s and no notes: finishing asks first.
    h.get_by_label("Finish anyway").click();
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
