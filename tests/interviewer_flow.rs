//! The interviewer who pushes back (issue 23), driven through the drill screen on a fake clock:
//! a rule about an empty monitoring story, a redirect after an overrun, a deep dive walked to
//! level 3.

mod common;

use std::time::Duration;

use common::TestApp;
use drillboard::model::InterviewEvent;
use drillboard::model::session::PromptSource;
use drillboard::ui::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// A drill on `scenario`, on screen.
fn drill(test: &TestApp, scenario: &str) -> Harness<'static, App> {
    let mut app = test.app();
    app.start_drill(scenario).expect("starts");
    let mut h = common::harness_for(app);
    h.run();
    h
}

/// Types into a phase's notes (the label names the phase).
fn write_notes(h: &mut Harness<'static, App>, phase_name: &str, text: &str) {
    let label = format!("Notes for {phase_name}");
    h.get_by_label(&label).click();
    h.run();
    h.get_by_label(&label).type_text(text);
    h.run();
}

/// Visits the seven phases before `until` (by their stepper labels), leaving a few words of
/// notes in each so none counts as skipped.
fn pass_phases(h: &mut Harness<'static, App>, phases: &[(&str, &str)]) {
    for (step, name) in phases {
        h.get_by_label(step).click();
        h.run();
        write_notes(h, name, "covered this briefly in the room");
    }
}

const BEFORE_MONITORING: [(&str, &str); 5] = [
    ("1 Clarify", "Clarify requirements"),
    ("2 High-level", "High-level architecture"),
    ("3 Data", "Data pipeline"),
    ("4 Model", "Model selection"),
    ("5 Serving", "Serving and inference"),
];

fn prompts(h: &Harness<'static, App>) -> Vec<(PromptSource, Option<u64>)> {
    let open = h.state().open_session().expect("open");
    open.session
        .drill
        .log
        .iter()
        .filter_map(|e| match e {
            InterviewEvent::Prompt {
                source,
                acknowledged_at_ms,
                ..
            } => Some((source.clone(), *acknowledged_at_ms)),
            _ => None,
        })
        .collect()
}

#[test]
fn an_empty_monitoring_story_is_pushed_back_on_after_a_minute_of_quiet() {
    let test = TestApp::new();
    let mut h = drill(&test, "eta_prediction");
    pass_phases(&mut h, &BEFORE_MONITORING);
    h.get_by_label("6 Monitor").click();
    h.run();
    let question =
        "How would you know the model got worse last Tuesday? What would you be monitoring?";
    test.clock.advance(secs(57));
    h.run();
    write_notes(&mut h, "Monitoring and iteration", "we watch it");
    test.clock.advance(secs(4));
    h.run();
    assert!(
        h.query_by_label(question).is_none(),
        "a minute in, but typed 4 s ago"
    );
    test.clock.advance(secs(1));
    h.run();
    assert!(h.query_by_label("The interviewer pushes back").is_some());
    assert!(h.query_by_label(question).is_some());
    assert_eq!(
        prompts(&h),
        vec![(
            PromptSource::Rule {
                id: "monitoring_blind".into()
            },
            None
        )]
    );
    h.get_by_label("Acknowledge follow-up").click();
    h.run();
    assert!(h.query_by_label("The interviewer pushes back").is_none());
    assert!(prompts(&h)[0].1.is_some(), "acknowledged");
    write_notes(
        &mut h,
        "Monitoring and iteration",
        " and alert on prediction drift per city",
    );
    // The next rule waits three minutes; meanwhile the scripted follow-up card comes at half
    // the phase's budget, and nothing new comes over it until it is answered.
    test.clock.advance(secs(179));
    h.run();
    assert_eq!(prompts(&h).len(), 1);
    assert!(h.query_by_label("Follow-up from the interviewer").is_some());
    test.clock.advance(secs(1));
    h.run();
    assert_eq!(prompts(&h).len(), 1, "the follow-up card is open");
    h.get_by_label("Acknowledge follow-up").click();
    h.run();
    assert_eq!(prompts(&h).len(), 2);
    assert!(
        h.query_by_label("When does the model get retrained, and what triggers it?")
            .is_some()
    );

    // The review pairs each prompt with what followed it.
    h.get_by_label("Finish drill").click();
    h.run();
    h.get_by_label("Finish anyway").click();
    h.run();
    h.get_by_label("Overview").click();
    h.run();
    assert!(h.query_by_label("Prompts and your answers").is_some());
    assert_eq!(
        h.query_all_by_label_contains("Interviewer: How would you know the model got worse")
            .count(),
        2,
        "in the interviewer log and in the pairs"
    );
    assert_eq!(
        h.query_all_by_label_contains("alert on prediction drift per city")
            .count(),
        2,
        "in the monitoring notes, and as the answer written after the prompt"
    );
    assert!(h.query_by_label_contains("Wrote: ").is_some());
    let unanswered = h
        .query_all_by_label("Nothing written or drawn after it.")
        .count();
    assert_eq!(unanswered, prompts(&h).len() - 1, "{:?}", prompts(&h));
}

#[test]
fn a_phase_well_over_budget_is_moved_on() {
    let test = TestApp::new();
    let mut h = drill(&test, "eta_prediction");
    write_notes(&mut h, "Clarify requirements", "20k ETA requests a second");
    // Clarify's budget is 3 minutes: past 150 % and 2 minutes over at 5:00.
    test.clock.advance(secs(299));
    h.run();
    assert!(h.query_by_label("The interviewer moves you on").is_none());
    test.clock.advance(secs(1));
    h.run();
    assert!(h.query_by_label("The interviewer moves you on").is_some());
    assert!(
        h.query_by_label(
            "We're well past the time for clarify requirements. Let's move on to high-level architecture."
        )
        .is_some()
    );
    h.get_by_label("Move on to High-level").click();
    h.run();
    let open = h.state().open_session().expect("open");
    assert_eq!(open.session.drill.current, 1, "moved on");
    assert_eq!(
        prompts(&h),
        vec![(
            PromptSource::Redirect {
                from: "clarify".into()
            },
            Some(300_000)
        )]
    );
    assert!(h.query_by_label("The interviewer moves you on").is_none());
}

#[test]
fn a_deep_dive_is_walked_to_level_three_as_the_notes_answer_it() {
    let test = TestApp::new();
    let mut h = drill(&test, "search_ranking");
    let mut before = BEFORE_MONITORING.to_vec();
    before.push(("6 Monitor", "Monitoring and iteration"));
    pass_phases(&mut h, &before);
    h.get_by_label("7 Edge cases").click();
    h.run();
    // Notes that answer this phase's rules, so the deep dive is what comes.
    write_notes(
        &mut h,
        "Edge cases and tradeoffs",
        "position bias, spam abuse",
    );
    test.clock.advance(secs(60));
    h.run();
    assert!(h.query_by_label("Deep dive · level 1 of 3").is_some());
    assert!(
        h.query_by_label_contains("What goes wrong if you train LambdaMART on them directly?")
            .is_some()
    );
    let answer = " clicks follow position not relevance so the ranker learns its own order and the top stays on top forever";
    for level in 2..=3 {
        h.get_by_label("Acknowledge follow-up").click();
        h.run();
        write_notes(&mut h, "Edge cases and tradeoffs", answer);
        test.clock.advance(secs(5));
        h.run();
        assert!(
            h.query_by_label(&format!("Deep dive · level {level} of 3"))
                .is_some(),
            "level {level}"
        );
    }
    assert!(
        h.query_by_label_contains("Propensity weights at position 35 come out around 40")
            .is_some()
    );
    h.get_by_label("Acknowledge follow-up").click();
    h.run();
    write_notes(&mut h, "Edge cases and tradeoffs", answer);
    test.clock.advance(secs(30));
    h.run();
    let levels: Vec<u8> = prompts(&h)
        .into_iter()
        .filter_map(|(source, _)| match source {
            PromptSource::DeepDive { dive, level, .. } if dive == "dd_position_bias" => Some(level),
            _ => None,
        })
        .collect();
    assert_eq!(levels, [1, 2, 3], "three levels, then it stops");
}
