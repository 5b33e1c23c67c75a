//! Issue 23, practising with a partner, through the UI: the partner pack from the home screen,
//! a partner scoring the candidate's session in their own Drillboard without changing it, and
//! the candidate importing that score and seeing it beside their own.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{EPOCH, TestApp};
use drillboard::model::scoring::Band;
use drillboard::model::verdict::{FlagCheck, FlagOutcome, ScoringModel, scored_rubric};
use drillboard::model::{
    Coverage, ItemMark, ScoreSheet, Scorer, Session, Signal, SignalScore, Timestamp,
};
use drillboard::store::partner_score::load_partner_score;
use drillboard::store::{Library, builtin, load_session};
use drillboard::ui::App;
use drillboard::ui::open_prompt::PromptMode;
use drillboard::ui::review::ReviewTab;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const FRAUD: &str = "Real-time fraud detection for payments";

fn fraud() -> drillboard::model::Scenario {
    builtin::scenarios(std::slice::from_ref(builtin::framework()))
        .into_iter()
        .flatten()
        .find(|s| s.id == "fraud_detection")
        .expect("built in")
}

/// A finished fraud attempt, self-scored with every item covered and every competency at 3.
fn self_scored_attempt(library: &Library) -> PathBuf {
    let scenario = fraud();
    let framework = builtin::framework();
    let mut session = Session::start(&scenario, framework, 45, EPOCH, Duration::ZERO);
    "candidate-attempt".clone_into(&mut session.id);
    session.diagram = scenario.reference.diagram.clone();
    session.drill.phases[0].notes = "10k TPS peak\np99 under 100 ms".into();
    session.drill.phases[0].elapsed_ms = 4 * 60 * 1000;
    session.drill.finish(Duration::ZERO);
    let mut sheet = ScoreSheet {
        at: Timestamp(EPOCH.0 + 3600),
        by: Scorer::Candidate,
        model: ScoringModel::Competency,
        predicted_band: Some(Band::Hire),
        predicted_level: None,
        flags: scenario
            .red_flags
            .iter()
            .map(|flag| FlagCheck {
                flag: flag.clone(),
                outcome: FlagOutcome::NotCommitted,
            })
            .collect(),
        items: scenario
            .rubric
            .iter()
            .map(|i| ItemMark::new(&i.id, Coverage::Covered))
            .collect(),
        signals: Signal::ALL
            .iter()
            .map(|s| SignalScore {
                signal: *s,
                level: 3,
            })
            .collect(),
        rubric: scored_rubric(&scenario, framework, session.target),
        result: None,
    };
    sheet.result =
        drillboard::model::scoring::score(&sheet, framework, &session.drill, session.target);
    session.scores.push(sheet);
    library.save(&session).expect("saves")
}

/// Types `text` into the prompt's field (found by its label) and presses its button.
fn answer_prompt(h: &mut Harness<'static, App>, field: &str, text: &str, button: &str) {
    h.get_by_label(field).click();
    h.run();
    // Replace whatever the prompt suggested.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label(field).type_text(text);
    h.run();
    h.get_by_label(button).click();
    h.run();
}

#[test]
fn the_home_screen_writes_a_partner_pack_for_the_selected_scenario() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();
    h.get_by_label(FRAUD).click();
    h.run();
    h.get_by_label("Partner pack…").scroll_to_me();
    h.get_by_label("Partner pack…").click();
    h.run();
    let suggested = test.root().join("exports/fraud_detection.partner-pack.md");
    assert_eq!(
        h.get_by_label("Partner pack file path").value().as_deref(),
        Some(suggested.to_string_lossy().as_ref()),
        "the exports folder is suggested, as for other exports"
    );
    h.get_by_label("Save pack").click();
    h.run();
    let pack = std::fs::read_to_string(&suggested).expect("the pack is written");
    assert!(pack.starts_with("# Partner pack: Real-time fraud detection"));
    assert!(pack.contains("## Clarifying answers") && pack.contains("## Deep dives"));
    assert!(!h.state().is_open_prompt_showing(), "the prompt closes");

    // A typed .html path writes the page instead.
    h.get_by_label("Partner pack…").click();
    h.run();
    let html = test.root().join("pack.html");
    answer_prompt(
        &mut h,
        "Partner pack file path",
        &html.to_string_lossy(),
        "Save pack",
    );
    let page = std::fs::read_to_string(&html).expect("the page is written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<h2>Rubric</h2>"));
}

#[test]
fn a_partner_scores_without_changing_the_file_and_the_candidate_compares_the_two() {
    let candidate = TestApp::new();
    let session_path = self_scored_attempt(&candidate.library());
    let before = std::fs::read(&session_path).expect("reads");

    // The partner opens the candidate's file in their own Drillboard and scores as partner.
    let partner = TestApp::new();
    let mut app = partner.app();
    app.open_file(session_path.clone()).expect("opens");
    let mut h = common::harness_sized(app, egui::vec2(1280.0, 9000.0));
    h.run();
    h.get_by_label("Partner").click();
    h.run();
    h.get_by_label("Score as partner…").click();
    h.run();
    answer_prompt(&mut h, "Your name", "Sam", "Start scoring");
    let open = h.state().open_session().expect("open");
    assert_eq!(open.partner.as_deref(), Some("Sam"));
    assert!(
        open.read_only.is_some(),
        "the candidate's file is not written"
    );
    assert_eq!(h.state().drill_view().review.tab, ReviewTab::Score);
    assert!(
        h.query_by_label("Before you see the rubric").is_none(),
        "the prediction is the candidate's: skipped"
    );
    assert!(
        h.query_by_label_contains("Did the candidate do any of these?")
            .is_some()
    );

    // The partner judges one red flag fixed after a prompt, covers all but two items and rates
    // every competency 2: a lower band than the candidate's own.
    let scenario = fraud();
    let flag = scenario.red_flags[0].clone();
    h.get_by_label(&format!("Fixed after a prompt: {flag}"))
        .click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    for item in &scenario.rubric[2..] {
        h.get_by_label(&format!("Covered: {}", item.title)).click();
        h.run();
    }
    h.get_by_label(&format!("Partly: {}", scenario.rubric[0].title))
        .click();
    h.run();
    for rubric in &builtin::signals().expect("signals").signals {
        h.get_by_label(&format!("{}: 2 · Lean no hire", rubric.name))
            .click();
        h.run();
    }
    h.get_by_label("Save partner score…").click();
    h.run();
    let suggested = partner
        .root()
        .join("exports/candidate-attempt.partner-sam.ron");
    assert!(matches!(
        h.state().prompt_mode(),
        Some(PromptMode::SavePartnerScore(_))
    ));
    assert_eq!(
        h.get_by_label("Partner score file path").value().as_deref(),
        Some(suggested.to_string_lossy().as_ref())
    );
    h.get_by_label("Save score").click();
    h.run();
    h.state_mut().flush_saves();
    let score = load_partner_score(&suggested).expect("the partner file reads back");
    assert_eq!(score.partner(), "Sam");
    assert_eq!(score.session_id, "candidate-attempt");
    let partner_band = score.sheet.result.as_ref().expect("a verdict").band;
    assert!(partner_band < Band::Hire, "{partner_band:?}");
    assert_eq!(
        std::fs::read(&session_path).expect("reads"),
        before,
        "the candidate's session is byte for byte as it was"
    );
    drop(h);

    // The candidate imports it from review and sees the two side by side.
    let mut app = candidate.app();
    app.open_file(session_path.clone()).expect("opens");
    let mut h = common::harness_sized(app, egui::vec2(1280.0, 4000.0));
    h.run();
    h.get_by_label("Partner").click();
    h.run();
    h.get_by_label("Import partner score…").click();
    h.run();
    answer_prompt(
        &mut h,
        "Partner score file path",
        &suggested.to_string_lossy(),
        "Import",
    );
    h.state_mut().flush_saves();
    let saved = load_session(&session_path).expect("saved with the partner's revision");
    assert_eq!(saved.scores.len(), 2);
    assert_eq!(
        saved.latest_partner_score().map(|s| &s.by),
        Some(&Scorer::Partner {
            name: "Sam".to_owned()
        })
    );
    assert_eq!(
        saved
            .latest_self_score()
            .and_then(|s| s.result.as_ref())
            .map(|r| r.band),
        Some(Band::Hire),
        "the candidate's own verdict is still theirs"
    );
    assert_eq!(h.state().drill_view().review.tab, ReviewTab::Score);
    let gap = drillboard::model::verdict::band_gap(Band::Hire, partner_band);
    assert!(h.query_by_label("Beside Sam's partner score").is_some());
    assert!(
        h.query_by_label_contains(&format!("you rated yourself {gap} band"))
            .is_some(),
        "the gap in bands shows"
    );
    assert!(h.query_all_by_label(partner_band.label()).next().is_some());
    assert!(
        h.query_all_by_label("Partly").next().is_some(),
        "the partner's marks show item by item"
    );
    assert!(
        h.query_by_label_contains("2 of ").is_some(),
        "two items marked differently"
    );
    // The library counts only the candidate's own verdict.
    let summary = h
        .state()
        .sessions()
        .iter()
        .find(|s| s.id == "candidate-attempt")
        .cloned()
        .expect("listed");
    assert_eq!(summary.score.map(|r| r.band), Some(Band::Hire));

    // The same file twice is refused, and nothing changes.
    h.get_by_label("Partner").click();
    h.run();
    h.get_by_label("Import partner score…").click();
    h.run();
    answer_prompt(
        &mut h,
        "Partner score file path",
        &suggested.to_string_lossy(),
        "Import",
    );
    assert!(
        h.state()
            .status()
            .is_some_and(|s| s.text.contains("already imported")),
        "{:?}",
        h.state().status()
    );
    assert_eq!(
        h.state().open_session().expect("open").session.scores.len(),
        2
    );
}
