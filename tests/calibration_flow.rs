//! Issue 19 through the UI: a graded example scored blind from home, then the official marks
//! beside the user's with the gap in bands; the attempt is kept and charted.

mod common;

use common::TestApp;
use drillboard::model::calibration::{
    ExampleFollowUp, ExamplePhase, GradedExample, OfficialItem, OfficialMarks,
};
use drillboard::model::scoring::Band;
use drillboard::model::verdict::{FlagCheck, FlagOutcome, Raised};
use drillboard::model::{Coverage, DrillStatus, Signal, SignalScore, TargetLevel};
use drillboard::store::{builtin, load_session};
use drillboard::ui::library::marking_gaps;
use drillboard::ui::review::ReviewTab;
use egui_kittest::kittest::Queryable as _;

const FRAUD: &str = "Real-time fraud detection for payments";
const TITLE: &str = "Candidate Z: rules in front of a GBDT";

fn fraud() -> drillboard::model::Scenario {
    builtin::scenarios(std::slice::from_ref(builtin::framework()))
        .into_iter()
        .flatten()
        .find(|s| s.id == "fraud_detection")
        .expect("built in")
}

/// A lean-no-hire answer: four items covered, every competency at 2, the first red flag
/// committed and never recovered.
fn example() -> GradedExample {
    let scenario = fraud();
    GradedExample {
        id: "fraud_z_user".to_owned(),
        scenario_id: scenario.id.clone(),
        title: TITLE.to_owned(),
        target: TargetLevel::Senior,
        total_minutes: 45,
        phases: vec![
            ExamplePhase {
                phase: "clarify".to_owned(),
                seconds: 150,
                notes: "170M/day, 10k/s peak. 0.1% fraud. <100ms p99".to_owned(),
            },
            ExamplePhase {
                phase: "model".to_owned(),
                seconds: 900,
                notes: "GBDT on txn history. labels = chargebacks + declines".to_owned(),
            },
        ],
        asked: vec![scenario.questions[0].question.clone()],
        follow_ups: vec![ExampleFollowUp {
            card: scenario.curveballs[0].id.clone(),
            reply: "retrain weekly".to_owned(),
        }],
        diagram: scenario.reference.diagram.clone(),
        band: Band::LeanNoHire,
        held_out: false,
        official: OfficialMarks {
            items: scenario.rubric[..4]
                .iter()
                .map(|item| OfficialItem {
                    item: item.id.clone(),
                    coverage: Coverage::Covered,
                    raised: Raised::Unprompted,
                })
                .collect(),
            competencies: Signal::ALL
                .into_iter()
                .map(|signal| SignalScore { signal, level: 2 })
                .collect(),
            flags: vec![FlagCheck {
                flag: scenario.red_flags[0].clone(),
                outcome: FlagOutcome::NotRecovered,
            }],
        },
        debrief: "Fluent, but it trains on labels declines never get.".to_owned(),
    }
}

/// Puts the example in the library's `graded/` folder, as a user adds their own.
fn write_example(test: &TestApp) {
    let folder = test.root().join("graded");
    std::fs::create_dir_all(&folder).expect("graded folder");
    let file = folder.join("fraud_z_user.ron");
    let ron = drillboard::store::ron_file::to_pretty(&example(), &file).expect("serialises");
    std::fs::write(&file, ron).expect("writes");
}

/// The app with the user's example in its library, calibrating on it from the home screen.
fn calibrating(test: &TestApp) -> egui_kittest::Harness<'static, drillboard::ui::App> {
    write_example(test);
    // Tall enough that the whole rubric and the competencies are on screen at once.
    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
    h.run();
    h.get_by_label(FRAUD).click();
    h.run();
    h.get_by_label(TITLE).click();
    h.run();
    h
}

#[test]
fn a_graded_example_is_scored_blind_then_compared_with_the_official_marks() {
    let test = TestApp::new();
    let mut h = calibrating(&test);

    // A finished session made from the example opens on the Score tab, blind.
    let open = h.state().open_session().expect("a calibration session");
    assert_eq!(open.session.drill.status, DrillStatus::Finished);
    assert_eq!(
        open.session
            .calibration
            .as_ref()
            .map(|c| c.example.as_str()),
        Some("fraud_z_user")
    );
    assert!(open.session.drill.phases[3].notes.contains("declines"));
    assert_eq!(h.state().drill_view().review.tab, ReviewTab::Score);
    assert!(h.query_by_label_contains("marked blind").is_some());
    assert!(h.query_by_label("Against the official marks").is_none());
    assert!(
        h.query_by_label_contains("How did this candidate do, at the senior bar?")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("labels declines never get")
            .is_none(),
        "the debrief stays hidden until the score is saved"
    );

    // A generous marker: misses the red flag, credits everything, rates every competency 3.
    let scenario = fraud();
    h.get_by_label("Predict Hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    for item in &scenario.rubric {
        h.get_by_label(&format!("Covered: {}", item.title)).click();
        h.run();
    }
    for rubric in &builtin::signals().expect("signals").signals {
        h.get_by_label(&format!("{}: 3 · Hire", rubric.name))
            .click();
        h.run();
    }
    h.get_by_label("Save score").click();
    h.run();
    h.state_mut().flush_saves();

    // The official marks now stand beside the user's: Hire against Lean no hire.
    assert!(h.query_by_label("Against the official marks").is_some());
    assert!(h.query_by_label_contains("2 bands too generous").is_some());
    assert!(
        h.query_by_label_contains(&format!(
            "{} of {} items marked differently: {} more generously",
            scenario.rubric.len() - 4,
            scenario.rubric.len(),
            scenario.rubric.len() - 4
        ))
        .is_some()
    );
    assert!(
        h.query_by_label_contains("labels declines never get")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("yours: not committed · official: committed, not recovered")
            .is_some()
    );

    // Kept on disk and charted as marking, not as a drill of the user's own.
    let saved_path = h.state().open_session().expect("open").path.clone();
    let saved = load_session(&saved_path).expect("on disk");
    assert_eq!(saved.scores.len(), 1);
    assert_eq!(
        saved.calibration.map(|c| c.official),
        Some(Band::LeanNoHire)
    );
    let (sessions, errors) = test.library().sessions();
    assert!(errors.is_empty());
    let calibrations: Vec<_> = sessions
        .iter()
        .filter(|s| s.calibration.is_some())
        .collect();
    assert_eq!(calibrations.len(), 1);
    let gaps = marking_gaps(&calibrations);
    assert_eq!(gaps.len(), 1);
    assert!((gaps[0][1] - 2.0).abs() < 1e-9, "two bands too generous");
}

#[test]
fn review_offers_calibration_on_the_scenarios_examples() {
    let test = TestApp::new();
    let mut h = calibrating(&test);
    // From a review, "Calibrate…" lists the same scenario's examples.
    h.get_by_label("Calibrate…").click();
    h.run();
    let before = h.state().open_session().expect("open").path.clone();
    h.get_by_label(TITLE).click();
    h.run();
    let after = h.state().open_session().expect("open").path.clone();
    assert_ne!(before, after, "a fresh calibration session");
}
