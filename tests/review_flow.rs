//! Issue 6 through the UI: scoring a finished drill, review with snapshot replay and the
//! reference, the library table (sort, filter, trash), comparing attempts, the next drill.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use common::{EPOCH, TestApp};
use drillboard::model::scoring::Band;
use drillboard::model::verdict::{FlagCheck, FlagOutcome, Raised, ScoringModel, scored_rubric};
use drillboard::model::{
    Coverage, DiagramSnapshot, DrillStatus, Evidence, InterviewEvent, ItemMark, ScoreSheet,
    Session, Signal, SignalScore, Timestamp,
};
use drillboard::store::{Library, builtin, load_session};
use drillboard::ui::library::{SortKey, visible_rows};
use drillboard::ui::review::ReviewTab;
use drillboard::ui::{App, Screen};
use egui::Modifiers;
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

/// A finished fraud attempt `hours` after the epoch, with the reference diagram, notes and
/// two snapshots; scored at `level` (all signals) if given.
fn attempt(library: &Library, hours: i64, level: Option<u8>) -> PathBuf {
    let scenario = fraud();
    let framework = builtin::framework();
    let mut session = Session::start(
        &scenario,
        framework,
        45,
        Timestamp(EPOCH.0 + hours * 3600),
        Duration::ZERO,
    );
    session.id = format!("attempt-{hours}");
    session.diagram = scenario.reference.diagram.clone();
    session.drill.phases[0].notes = "10k TPS peak\np99 under 100 ms".into();
    session.drill.phases[0].elapsed_ms = 4 * 60 * 1000;
    let mut early = session.diagram.clone();
    early.nodes.truncate(2);
    early.edges.clear();
    session.snapshots = vec![
        DiagramSnapshot {
            phase: "clarify".into(),
            at_ms: 240_000,
            diagram: drillboard::model::Diagram::default(),
        },
        DiagramSnapshot {
            phase: "high_level".into(),
            at_ms: 540_000,
            diagram: early,
        },
    ];
    session.drill.finish(Duration::ZERO);
    if let Some(level) = level {
        let rubric = scored_rubric(&scenario, framework, session.target);
        let mut sheet = ScoreSheet {
            at: session.created,
            by: drillboard::model::Scorer::Candidate,
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
                .map(|i| {
                    ItemMark::new(
                        &i.id,
                        if level >= 3 {
                            Coverage::Covered
                        } else {
                            Coverage::Missed
                        },
                    )
                })
                .collect(),
            signals: Signal::ALL
                .iter()
                .map(|s| SignalScore { signal: *s, level })
                .collect(),
            rubric,
            result: None,
        };
        sheet.result =
            drillboard::model::scoring::score(&sheet, framework, &session.drill, session.target);
        session.scores.push(sheet);
    }
    library.save(&session).expect("saves")
}

/// The score draft's mark for a rubric item.
fn draft_mark(h: &Harness<'static, App>, item: &str) -> ItemMark {
    h.state()
        .open_session()
        .and_then(|o| o.session.score_draft.clone())
        .and_then(|d| d.items.into_iter().find(|m| m.item == item))
        .expect("the item is marked in the draft")
}

fn opened(test: &TestApp, path: PathBuf) -> Harness<'static, App> {
    let mut app = test.app();
    app.open_file(path).expect("opens");
    let mut h = common::harness_for(app);
    h.run();
    h
}

#[test]
fn a_finished_drill_is_scored_end_to_end_and_a_red_flag_caps_the_band() {
    let test = TestApp::new();
    // Tall enough that the whole rubric and the competencies are on screen at once.
    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
    h.run();
    h.get_by_label(FRAUD).click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    test.clock.advance(Duration::from_secs(600));

    // Nine minutes into the first phase, six phases are untouched: finishing asks first.
    h.get_by_label("Finish drill").click();
    h.run();
    assert!(
        h.query_by_label("6 phases not started — finish anyway?")
            .is_some()
    );
    h.get_by_label("Keep drilling").click();
    h.run();
    assert_eq!(
        h.state().open_session().expect("open").session.drill.status,
        DrillStatus::Running,
        "keep drilling keeps the drill"
    );
    assert!(h.state().drill_view().confirm_finish.is_none());
    h.get_by_label("Finish drill").click();
    h.run();
    h.get_by_label("Finish anyway").click();
    h.run();

    // Straight to scoring: the prediction comes before the rubric.
    assert_eq!(h.state().drill_view().review.tab, ReviewTab::Score);
    assert!(h.query_by_label("Before you see the rubric").is_some());
    assert!(
        h.query_by_label("Red-flag check").is_none(),
        "nothing else until predicted"
    );
    h.get_by_label("Predict Hire").click();
    h.run();

    // The red-flag check gates the rest.
    let scenario = fraud();
    assert!(
        h.query_by_label(&format!("Covered: {}", scenario.rubric[0].title))
            .is_none(),
        "evidence waits for the red-flag check"
    );
    let flag = scenario.red_flags[0].clone();
    h.get_by_label(&format!("Not recovered: {flag}")).click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    // Answered, the check folds into one line that still says a flag caps the band.
    assert!(
        h.query_by_label_contains("answered · 1 caps the band")
            .is_some()
    );
    assert!(
        h.query_by_label(&format!("Not recovered: {flag}"))
            .is_none()
    );

    // Every item covered unprompted; every competency at 3: Hire, but for the red flag.
    for item in &scenario.rubric {
        h.get_by_label(&format!("Covered: {}", item.title)).click();
        h.run();
    }
    assert!(
        h.query_by_label_contains("competencies to rate").is_some(),
        "no verdict on a partial rating"
    );
    for rubric in &builtin::signals().expect("signals").signals {
        h.get_by_label(&format!("{}: 3 · Hire", rubric.name))
            .click();
        h.run();
    }
    assert!(
        h.query_by_label_contains("Capped from Hire by a red flag")
            .is_some()
    );
    h.get_by_label("Save score").click();
    h.run();
    h.state_mut().flush_saves();

    let open = h.state().open_session().expect("open");
    let [sheet] = &open.session.scores[..] else {
        panic!("one revision: {:?}", open.session.scores);
    };
    let sheet = sheet.clone();
    assert_eq!(
        open.session.score_draft, None,
        "the draft became the revision"
    );
    assert_eq!(sheet.predicted_band, Some(Band::Hire));
    assert_eq!(sheet.signals.len(), 7);
    assert_eq!(sheet.items.len(), scenario.rubric.len());
    assert_eq!(sheet.flags.len(), scenario.red_flags.len());
    assert_eq!(
        sheet.rubric.len(),
        scenario.rubric.len(),
        "the rubric is kept"
    );
    let result = sheet
        .result
        .as_ref()
        .expect("the result is saved with the sheet");
    assert_eq!(result.band, Band::LeanNoHire, "capped");
    assert_eq!(result.uncapped, Some(Band::Hire));
    assert_eq!(
        result.calibration_gap,
        Some(2.0),
        "predicted Hire, two bands high"
    );
    let saved = load_session(&open.path).expect("on disk");
    assert_eq!(saved.scores, open.session.scores);

    // The Score tab now shows the saved verdict; revising keeps the first revision, and every
    // click on a mark after the save changes it.
    assert!(h.query_by_label("Revise score").is_some());
    h.get_by_label("Revise score").click();
    h.run();
    h.get_by_label("Predict Lean no hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    for (coverage, label) in [
        (Coverage::Missed, "Missed"),
        (Coverage::Partly, "Partly"),
        (Coverage::Covered, "Covered"),
    ] {
        h.get_by_label(&format!("{label}: {}", scenario.rubric[0].title))
            .click();
        h.run();
        assert_eq!(
            draft_mark(&h, &scenario.rubric[0].id).coverage,
            coverage,
            "the click after a save counts"
        );
    }
    for rubric in &builtin::signals().expect("signals").signals {
        h.get_by_label(&format!("{}: 3 · Hire", rubric.name))
            .click();
        h.run();
    }
    h.get_by_label("Save score").click();
    h.run();
    let scores = &h.state().open_session().expect("open").session.scores;
    assert_eq!(scores.len(), 2, "revisions are kept");
    assert_eq!(scores[0], sheet);
    assert_eq!(
        scores[1].result.as_ref().map(|r| r.band),
        Some(Band::Hire),
        "no red flag this time"
    );
}

/// A fraud attempt whose follow-up card came at 4:00 in Serving; the box offered as evidence
/// for the card's item was drawn only after it (first seen after the 5:00 snapshot).
fn prompted_attempt(library: &Library) -> (PathBuf, String, String) {
    let scenario = fraud();
    let framework = builtin::framework();
    let mut session = Session::start(&scenario, framework, 45, EPOCH, Duration::ZERO);
    session.id = "prompted".into();
    let card = scenario
        .curveballs
        .iter()
        .find(|c| !c.items.is_empty())
        .cloned()
        .unwrap_or_else(|| {
            // Until the content lists prompted items, prompt for the first rubric item.
            let mut card = scenario.curveballs[0].clone();
            card.items = vec![scenario.rubric[0].id.clone()];
            card
        });
    let item = card.items[0].clone();
    let title = scenario
        .rubric
        .iter()
        .find(|i| i.id == item)
        .expect("the card's item")
        .title
        .clone();
    session.drill.log.push(InterviewEvent::Curveball {
        id: card.id.clone(),
        text: card.text.clone(),
        phase: card.phase.clone(),
        shown_at_ms: 240_000,
        acknowledged_at_ms: Some(250_000),
    });
    session.snapshots = vec![DiagramSnapshot {
        phase: card.phase.clone(),
        at_ms: 300_000,
        diagram: drillboard::model::Diagram::default(),
    }];
    session.diagram = scenario.reference.diagram.clone();
    session.drill.phases[0].elapsed_ms = 400_000;
    session.drill.finish(Duration::ZERO);
    // The scenario file here may not list the card's item yet: write one that does.
    let mut custom = scenario.clone();
    if let Some(c) = custom.curveballs.iter_mut().find(|c| c.id == card.id) {
        c.items.clone_from(&card.items);
    }
    let text =
        ron::ser::to_string_pretty(&custom, ron::ser::PrettyConfig::default()).expect("serialises");
    std::fs::create_dir_all(library.root().join("scenarios")).expect("dir");
    std::fs::write(library.root().join("scenarios/fraud_detection.ron"), text).expect("writes");
    (library.save(&session).expect("saves"), item, title)
}

#[test]
fn prompted_credit_is_prefilled_from_a_follow_up_card_and_can_be_overridden() {
    let test = TestApp::new();
    let (path, item, title) = prompted_attempt(&test.library());
    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
    h.state_mut().open_file(path).expect("opens");
    h.run();
    h.get_by_label("Score").click();
    h.run();
    h.get_by_label("Predict Lean hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    h.get_by_label(&format!("Covered: {title}")).click();
    h.run();
    let mark = |h: &Harness<'static, App>| draft_mark(h, &item);
    assert_eq!(mark(&h).raised, Raised::Unprompted, "no evidence yet");
    // Attach every box the diagram suggests or has, then the first from the box list.
    h.get_by_label(&format!("Add a box as evidence for {title}"))
        .click();
    h.run();
    let label = fraud().reference.diagram.nodes[0].label.clone();
    h.get_all_by_label(&label)
        .last()
        .expect("the box in the list")
        .click();
    h.run();
    assert_eq!(
        mark(&h).raised,
        Raised::Prompted,
        "the box appeared after the card that prompts for the item"
    );
    assert!(!mark(&h).raised_set);
    h.get_by_label(&format!("Unprompted: {title}")).click();
    h.run();
    assert_eq!(
        mark(&h).raised,
        Raised::Unprompted,
        "the candidate overrides"
    );
    assert!(mark(&h).raised_set);
}

#[test]
fn a_score_draft_survives_dropping_and_rebuilding_the_app() {
    let test = TestApp::new();
    let path = attempt(&test.library(), 0, None);
    let scenario = fraud();
    {
        let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
        h.state_mut().open_file(path.clone()).expect("opens");
        h.run();
        h.get_by_label("Score").click();
        h.run();
        h.get_by_label("Predict Hire").click();
        h.run();
        h.get_by_label("None of the rest").click();
        h.run();
        h.get_by_label(&format!("Partly: {}", scenario.rubric[2].title))
            .click();
        h.run();
        h.get_by_label("ML problem framing & metrics: 3 · Hire")
            .click();
        h.run();
        // Autosave runs on its timer; no explicit save.
        test.clock.advance(Duration::from_secs(10));
        h.run();
        h.state_mut().flush_saves();
    }
    let saved = load_session(&path).expect("reads");
    let draft = saved.score_draft.expect("the draft is on disk");
    assert_eq!(draft.predicted_band, Some(Band::Hire));
    assert!(
        draft
            .items
            .iter()
            .any(|m| m.item == scenario.rubric[2].id && m.coverage == Coverage::Partly)
    );

    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
    h.state_mut().open_file(path).expect("opens");
    h.run();
    h.get_by_label("Score").click();
    h.run();
    assert!(
        h.query_by_label("Before you see the rubric").is_none(),
        "the prediction was kept"
    );
    assert!(
        h.query_by_label_contains("6 competencies to rate")
            .is_some(),
        "one rating kept, six to go"
    );
}

#[test]
fn a_drill_finished_by_mistake_reopens_within_the_window() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();
    h.get_by_label(FRAUD).click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    h.get_by_label("Finish drill").click();
    h.run();
    h.get_by_label("Finish anyway").click();
    h.run();
    assert!(h.query_by_label("Continue drill").is_some());
    test.clock.advance(Duration::from_secs(60));
    h.get_by_label("Continue drill").click();
    h.run();
    assert_eq!(
        h.state().open_session().expect("open").session.drill.status,
        DrillStatus::Paused
    );
    // Finished again, the window closes after five minutes.
    h.get_by_label("Finish drill").click();
    h.run();
    h.get_by_label("Finish anyway").click();
    h.run();
    test.clock.advance(Duration::from_secs(5 * 60 + 1));
    h.run();
    assert!(h.query_by_label("Continue drill").is_none());
}

#[test]
fn evidence_links_diagram_boxes_and_quotes_notes() {
    let test = TestApp::new();
    let path = attempt(&test.library(), 0, None);
    // Tall enough that the red-flag check and the whole rubric are on screen at once.
    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
    h.state_mut().open_file(path).expect("opens");
    h.run();
    h.get_by_label("Score").click();
    h.run();
    h.get_by_label("Predict Lean no hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    // Items whose expected components are in the diagram get suggestions once marked.
    let scenario = fraud();
    let (item, component) = scenario
        .rubric
        .iter()
        .find_map(|i| {
            scenario
                .expected_components
                .iter()
                .find(|c| c.items.contains(&i.id))
                .map(|c| (i.clone(), c.clone()))
        })
        .expect("an item with an expected component");
    h.get_by_label(&format!("Covered: {}", item.title)).click();
    h.run();
    let node = scenario
        .reference
        .diagram
        .nodes
        .iter()
        .find(|n| n.kind == component.kind)
        .expect("the reference has the component");
    h.get_all_by_label(&format!("Use “{}”", node.label))
        .next()
        .expect("a suggestion")
        .click();
    h.run();
    let mark = draft_mark(&h, &item.id);
    assert_eq!(mark.coverage, Coverage::Covered);
    assert!(mark.evidence.contains(&Evidence::Node(node.id)));
}

#[test]
fn a_saved_session_opens_in_review_and_replays_its_snapshots() {
    let test = TestApp::new();
    let path = attempt(&test.library(), 0, Some(3));
    let mut h = opened(&test, path);
    assert!(
        h.query_by_label("Drill summary").is_some(),
        "overview first"
    );
    assert!(
        h.query_all_by_label_contains("Hire · senior bar").count() > 0,
        "the band shows"
    );
    assert!(h.query_by_label("Retry this prompt").is_some());

    h.get_by_label("Replay").click();
    h.run();
    assert!(h.query_by_label("Final diagram").is_some());
    h.get_by_label("‹ Earlier").click();
    h.run();
    assert_eq!(h.state().drill_view().review.replay, Some(1));
    assert!(
        h.query_by_label("End of High-level architecture (09:00)")
            .is_some()
    );
    h.get_by_label("‹ Earlier").click();
    h.run();
    assert_eq!(h.state().drill_view().review.replay, Some(0));
    assert!(
        h.query_by_label("The diagram was empty at this point.")
            .is_some()
    );
    h.get_by_label("Later ›").click();
    h.get_by_label("Later ›").click();
    h.run();
    assert_eq!(h.state().drill_view().review.replay, None);

    h.get_by_label("Reference").click();
    h.run();
    assert!(h.query_by_label("Your diagram").is_some());
    assert!(h.query_by_label_contains("are in your diagram").is_some());
    assert!(h.query_by_label("Model answer per phase").is_some());

    // Review never edits: the file is as it was.
    let open = h.state().open_session().expect("open");
    assert_eq!(open.session.drill.status, DrillStatus::Finished);
}

#[test]
fn edit_a_copy_leaves_the_original_alone() {
    let test = TestApp::new();
    let path = attempt(&test.library(), 0, Some(3));
    let before = std::fs::read(&path).expect("reads");
    let mut h = opened(&test, path.clone());
    h.get_by_label("Edit a copy").click();
    h.run();
    h.state_mut().flush_saves();
    let open = h.state().open_session().expect("a copy is open");
    assert_ne!(open.path, path);
    assert_eq!(open.session.drill.status, DrillStatus::Paused, "editable");
    assert!(open.session.scores.is_empty());
    assert!(open.path.exists());
    assert_eq!(std::fs::read(&path).expect("reads"), before);
}

#[test]
fn the_library_sorts_filters_trashes_and_undoes() {
    let test = TestApp::new();
    let library = test.library();
    attempt(&library, 0, Some(2));
    attempt(&library, 1, Some(4));
    let unscored = attempt(&library, 2, None);
    let mut h = test.harness();
    h.run();
    h.get_by_label("Library and progress").click();
    h.run();
    assert!(matches!(h.state().screen(), Screen::Library));
    let ids = |h: &Harness<'static, App>| -> Vec<String> {
        visible_rows(h.state().sessions(), h.state().library_view())
            .iter()
            .map(|s| s.id.clone())
            .collect()
    };
    assert_eq!(
        ids(&h),
        ["attempt-2", "attempt-1", "attempt-0"],
        "newest first"
    );

    h.get_by_label("Band").click();
    h.run();
    assert_eq!(h.state().library_view().sort, SortKey::Band);
    assert_eq!(
        ids(&h),
        ["attempt-1", "attempt-0", "attempt-2"],
        "best first, unscored last"
    );
    h.get_by_label("Band").click();
    h.run();
    assert_eq!(ids(&h), ["attempt-2", "attempt-0", "attempt-1"], "reversed");

    h.get_by_label("Band filter").click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Strong hire")
        .click();
    h.run();
    assert_eq!(ids(&h), ["attempt-1"]);
    h.get_by_label("Band filter").click();
    h.run();
    h.get_by_label("All bands").click();
    h.run();
    h.get_by_label("Filter sessions").click();
    h.get_by_label("Filter sessions").type_text("no such drill");
    h.run();
    assert!(ids(&h).is_empty());
    assert!(
        h.query_by_label("No session matches the filters.")
            .is_some()
    );
    h.get_by_label("Filter sessions").click();
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run();
    assert_eq!(ids(&h).len(), 3);

    // Select the unscored attempt by its date and move it to the trash; Undo puts it back.
    h.get_by_label("2026-11-23 11:00").click();
    h.run();
    assert_eq!(
        h.state().library_view().selected,
        std::slice::from_ref(&unscored)
    );
    h.get_by_label("Move to trash").click();
    h.run();
    assert!(!unscored.exists());
    assert!(
        library.trash_dir().join("attempt-2.ron").exists(),
        "moved, not erased"
    );
    assert_eq!(ids(&h).len(), 2);
    h.get_by_label("Undo").click();
    h.run();
    assert!(unscored.exists());
    assert_eq!(ids(&h).len(), 3);

    // Open from the table.
    h.get_by_label("2026-11-23 10:00").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert_eq!(
        h.state().open_session().expect("open").session.id,
        "attempt-1"
    );
}

#[test]
fn two_attempts_compare_side_by_side_from_the_library() {
    let test = TestApp::new();
    let library = test.library();
    attempt(&library, 0, Some(2));
    attempt(&library, 1, Some(4));
    let mut h = test.harness();
    h.run();
    h.get_by_label("Library and progress").click();
    h.run();
    h.get_by_label("2026-11-23 09:00").click();
    h.run();
    h.get_by_label("2026-11-23 10:00")
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().library_view().selected.len(), 2);
    h.get_by_label("Compare").click();
    h.run();
    let Screen::Compare(view) = h.state().screen() else {
        panic!("the comparison shows");
    };
    assert_eq!(view.sessions[0].id, "attempt-0", "earlier on the left");
    assert_eq!(view.sessions[1].id, "attempt-1");
    assert!(h.query_by_label("No hire").is_some(), "attempt-0's band");
    assert!(
        h.query_by_label("Strong hire").is_some(),
        "attempt-1's band"
    );
    assert!(h.query_by_label("1. Clarify requirements").is_some());
}

#[test]
fn review_offers_compare_with_another_attempt_and_the_next_drill_is_suggested() {
    let test = TestApp::new();
    let library = test.library();
    let weak = attempt(&library, 0, Some(1));
    attempt(&library, 1, None);
    let mut h = test.harness();
    h.run();
    assert!(
        h.query_by_label_contains("your weakest").is_some(),
        "home suggests the weak scenario"
    );
    h.state_mut().open_file(weak).expect("opens");
    h.run();
    h.get_by_label("Compare…").click();
    h.run();
    h.get_by_label_contains("2026-11-23 10:00").click();
    h.run();
    assert!(matches!(h.state().screen(), Screen::Compare(_)));
}

/// The reference is a canvas like the user's: Ctrl+wheel zooms it, Fit frames it, the zoom
/// button goes back to 100 %, and "Reference only" gives it the whole height.
#[test]
fn the_reference_diagram_zooms_pans_and_fits_like_the_users() {
    let test = TestApp::new();
    let path = attempt(&test.library(), 0, None);
    let mut h = opened(&test, path);
    h.get_by_label("Reference").click();
    h.run();
    let reference =
        |h: &Harness<'static, App>| h.state().drill_view().review.reference_canvas.clone();
    let fitted = reference(&h);
    let area = fitted.area().expect("the reference is drawn");
    h.hover_at(area.center());
    h.run();
    h.event(egui::Event::Zoom(2.0));
    h.run();
    let zoomed = reference(&h).view.zoom;
    assert!(
        (zoomed - 2.0 * fitted.view.zoom).abs() < 1e-3,
        "{zoomed} after {}",
        fitted.view.zoom
    );
    h.get_by_label(&format!("{:.0} %", zoomed * 100.0)).click();
    h.run();
    assert!(
        (reference(&h).view.zoom - 1.0).abs() < 1e-6,
        "back to 100 %"
    );
    let fits = h.get_all_by_label("Fit").count();
    assert_eq!(fits, 2, "one Fit for each diagram");
    h.get_by_label("Reference only").click();
    h.run();
    let alone = reference(&h);
    let taller = alone.area().expect("drawn").height();
    assert!(
        taller > area.height() * 1.8,
        "{taller} against {}",
        area.height()
    );
    assert!(alone.view.zoom > fitted.view.zoom, "fitted larger alone");
    assert!(h.query_by_label("Your diagram").is_none());
}

/// Compare fits both diagrams at one scale, and panning or zooming one moves the other alike.
#[test]
fn compare_shows_both_diagrams_at_one_scale() {
    let test = TestApp::new();
    let library = test.library();
    let a = attempt(&library, 0, None);
    let b = attempt(&library, 1, None);
    // The later attempt drew only three boxes: fitted alone it would be drawn larger.
    let mut later = load_session(&b).expect("loads");
    later.diagram.nodes.truncate(3);
    later.diagram.edges.clear();
    library.save(&later).expect("saves");
    let mut h = test.harness();
    h.run();
    h.state_mut().apply(drillboard::ui::Action::Compare(a, b));
    h.run();
    h.run();
    let zooms = |h: &Harness<'static, App>| {
        let Screen::Compare(view) = h.state().screen() else {
            panic!("the comparison shows");
        };
        view.canvases.clone().map(|c| (c.view.zoom, c.area()))
    };
    let [(left, left_area), (right, _)] = zooms(&h);
    assert!((left - right).abs() < 1e-6, "one scale: {left} and {right}");
    assert!(left < 1.0, "the full diagram needs less than 100 %: {left}");

    let left_area = left_area.expect("drawn");
    h.hover_at(left_area.center());
    h.run();
    h.event(egui::Event::Zoom(1.5));
    h.run();
    let [(left, _), (right, _)] = zooms(&h);
    assert!(
        (left - right).abs() < 1e-6,
        "zoomed together: {left} and {right}"
    );
    h.get_by_label("Fit").click();
    h.run();
    h.run();
    let [(fit_left, _), (fit_right, _)] = zooms(&h);
    assert!((fit_left - fit_right).abs() < 1e-6);
    assert!(fit_left < left, "fitted again");
}
