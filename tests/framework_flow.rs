//! A whole drill on each of the newer frameworks (ML platform, LLM application), driven through
//! the UI: home shows the framework's phases and where the spare minutes go, the stepper, clocks,
//! budget cues and follow-ups follow its phases, and scoring lists the rubric by its phases and
//! saves coverage per phase. The seven-phase drill is `drill_flow.rs`.

mod common;

use std::time::Duration;

use common::TestApp;
use drillboard::export::{ReportContext, to_markdown};
use drillboard::model::scoring::Band;
use drillboard::model::{DrillStatus, Framework, Scenario};
use drillboard::store::builtin;
use drillboard::ui::review::ReviewTab;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;

/// The built-in scenario `id` and the framework it follows.
fn scenario_and_framework(id: &str) -> (Scenario, Framework) {
    let frameworks = builtin::frameworks().expect("frameworks load");
    let scenario = builtin::scenarios(&frameworks)
        .into_iter()
        .flatten()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no built-in scenario {id}"));
    let framework = frameworks
        .into_iter()
        .find(|f| f.id == scenario.framework)
        .expect("the scenario's framework is built in");
    (scenario, framework)
}

/// Drills `scenario_id` from home to a saved score, one phase after another, each for exactly
/// its budget, and checks that every step follows the scenario's own framework.
fn drill_end_to_end(scenario_id: &str, framework_id: &str) {
    let (scenario, framework) = scenario_and_framework(scenario_id);
    assert_eq!(framework.id, framework_id);
    assert_ne!(framework.phases.len(), 7, "not the seven phases");
    let test = TestApp::new();
    // Tall enough that the whole rubric and the competencies are on screen at once.
    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
    h.run();

    // Home: the scenario's framework, its phases with their budgets, and the slack said aloud.
    h.get_by_label(&scenario.title).click();
    h.run();
    assert!(
        h.query_by_label(&format!("{} · 45 minutes", framework.name))
            .is_some()
    );
    assert!(
        h.query_by_label("42 min of phases + 3 min slack for moving between phases")
            .is_some()
    );
    for phase in &framework.phases {
        assert!(h.query_by_label(&phase.name).is_some(), "{}", phase.name);
    }
    assert!(
        h.query_by_label_contains(&format!(
            "work through its {} phases",
            framework.phases.len()
        ))
        .is_some(),
        "the intro counts this framework's phases"
    );
    h.get_by_label("Start drill").click();
    h.run();
    let open = h.state().open_session().expect("a drill");
    assert_eq!(open.session.framework_id, framework.id);
    let ids: Vec<&str> = open
        .session
        .drill
        .phases
        .iter()
        .map(|r| r.phase.as_str())
        .collect();
    let expected: Vec<&str> = framework.phases.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, expected, "one phase record per framework phase");

    // Every phase: the stepper names it, notes go to it, a follow-up comes at half its budget
    // when the scenario has one for it, and a cue at its budget.
    for (i, phase) in framework.phases.iter().enumerate() {
        for (j, other) in framework.phases.iter().enumerate() {
            assert!(
                h.query_by_label(&format!("{} {}", j + 1, other.short))
                    .is_some(),
                "stepper segment {} {}",
                j + 1,
                other.short
            );
        }
        assert_eq!(
            h.state()
                .open_session()
                .expect("open")
                .session
                .drill
                .current,
            i
        );
        let notes = format!("Notes for {}", phase.name);
        h.get_by_label(&notes).click();
        h.run();
        h.get_by_label(&notes)
            .type_text(&format!("notes in {}", phase.short));
        h.run();
        let budget = framework.scaled_budget(i, 45);
        assert_eq!(
            budget,
            Duration::from_secs(u64::from(phase.budget_minutes) * 60)
        );
        test.clock.advance(budget / 2);
        h.run();
        if scenario.curveballs.iter().any(|c| c.phase == phase.id) {
            assert!(
                h.query_by_label("Follow-up from the interviewer").is_some(),
                "a follow-up halfway through {}",
                phase.id
            );
            h.get_by_label("Acknowledge follow-up").click();
            h.run();
        }
        test.clock.advance(budget.saturating_sub(budget / 2));
        h.run();
        let cue = h.state().drill_view().cue.clone().expect("budget cue");
        assert!(
            cue.text.contains(&format!(
                "{} reached its {}-minute budget",
                phase.name, phase.budget_minutes
            )),
            "{}",
            cue.text
        );
        if i + 1 < framework.phases.len() {
            h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
            h.run();
        }
    }

    // 42 minutes of phases, then the 3 minutes of slack run out on the last one.
    assert!(h.query_by_label("Finish and score").is_none());
    test.clock.advance(Duration::from_secs(180));
    h.run();
    assert!(
        h.query_by_label("Finish and score").is_some(),
        "time-up banner"
    );
    h.get_by_label("Finish and score").click();
    h.run();
    assert_eq!(h.state().drill_view().review.tab, ReviewTab::Score);

    // Scoring: the rubric is listed under this framework's phases, in order.
    h.get_by_label("Predict Hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    for (i, phase) in framework.phases.iter().enumerate() {
        assert!(
            h.query_by_label(&format!("{}. {}", i + 1, phase.name))
                .is_some(),
            "evidence heading for {}",
            phase.id
        );
    }
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

    let session = h.state().open_session().expect("open").session.clone();
    assert_eq!(session.drill.status, DrillStatus::Finished);
    for (i, phase) in framework.phases.iter().enumerate() {
        let used = session.drill.phases[i].elapsed();
        let budget = framework.scaled_budget(i, 45);
        if i + 1 < framework.phases.len() {
            assert_eq!(used, budget, "{} used exactly its budget", phase.id);
        } else {
            assert_eq!(
                used,
                budget + Duration::from_secs(180),
                "the slack went last"
            );
        }
        assert_eq!(
            session.drill.phases[i].notes,
            format!("notes in {}", phase.short)
        );
    }
    let [sheet] = &session.scores[..] else {
        panic!("one revision: {:?}", session.scores);
    };
    assert_eq!(sheet.rubric.len(), scenario.rubric.len());
    assert!(
        sheet
            .rubric
            .iter()
            .all(|item| framework.phase_index(&item.phase).is_some()),
        "every scored item sits in a phase of this framework"
    );
    let result = sheet.result.as_ref().expect("a result");
    assert_eq!(result.band, Band::Hire);
    let phases: Vec<&str> = result.phases.iter().map(|p| p.phase.as_str()).collect();
    assert_eq!(phases, expected, "coverage per phase, in framework order");
    assert!(
        result
            .phases
            .iter()
            .all(|p| (p.coverage - 1.0).abs() < 1e-6)
    );
    assert_eq!(
        result.phases_over_budget, 1,
        "only the last phase ran over (it took the slack)"
    );

    // The overview's summary and the Markdown report use the framework's names and budgets.
    h.get_by_label("Overview").click();
    h.run();
    assert!(h.query_by_label("Drill summary").is_some());
    let first = &framework.phases[0];
    let first_budget = format!("{:02}:00", first.budget_minutes);
    assert!(
        h.query_by_label(&format!("{first_budget} / {first_budget}"))
            .is_some(),
        "the first phase's time against its budget"
    );
    let report = to_markdown(
        &session,
        &ReportContext {
            scenario: Some(&scenario),
            framework: Some(&framework),
            ..ReportContext::default()
        },
    );
    for (i, phase) in framework.phases.iter().enumerate() {
        let budget = format!("{:02}:00", phase.budget_minutes);
        assert!(
            report.contains(&format!("| {}. {} | ", i + 1, phase.name))
                && report.contains(&format!("### {}. {}", i + 1, phase.name)),
            "the report's time table and notes name {}",
            phase.name
        );
        assert!(report.contains(&budget), "{budget}");
    }
}

#[test]
fn a_whole_drill_on_the_ml_platform_framework() {
    drill_end_to_end("recsys_training_platform", "ml_platform");
}

#[test]
fn a_whole_drill_on_the_llm_application_framework() {
    drill_end_to_end("llm_chat_serving", "llm_application");
}

#[test]
fn the_interviewer_panel_opens_in_the_first_two_phases_of_any_framework() {
    let test = TestApp::new();
    let mut h = test.harness();
    h.run();
    // The LLM scenarios are listed last, below the fold at this size: filter to them.
    h.get_by_label("Category filter").click();
    h.run();
    h.get_by_label("LLM applications (3)").click();
    h.run();
    // The selected scenario was filtered out, so the first one listed is selected now.
    let first = drillboard::ui::home::scenario_groups(
        &drillboard::store::Catalog::load(&test.library()).expect("catalog"),
        h.state().home_view(),
    )
    .first()
    .and_then(|g| g.entries.first())
    .map(|e| e.scenario.id.clone());
    assert_eq!(h.state().selected_scenario().map(str::to_owned), first);
    if first.as_deref() != Some("llm_release_evaluation") {
        h.get_by_label("Evaluation and safety pipeline for an LLM release")
            .click();
        h.run();
    }
    h.get_by_label("Start drill").click();
    h.run();
    assert_eq!(
        h.state()
            .open_session()
            .expect("a drill")
            .session
            .framework_id,
        "llm_application"
    );
    // Task and Context are the LLM framework's opening phases: the question box shows.
    for _ in 0..2 {
        assert!(
            h.query_by_label("Question for the interviewer").is_some(),
            "phase {}",
            h.state()
                .open_session()
                .expect("open")
                .session
                .drill
                .current
        );
        h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
        h.run();
    }
    assert!(
        h.query_by_label("Question for the interviewer").is_none(),
        "folded from the third phase on"
    );
}

/// A finished drill of `id`, `hours` after the epoch, with a minute in every phase.
fn saved_drill(test: &TestApp, id: &str, hours: i64) {
    let (scenario, framework) = scenario_and_framework(id);
    let mut session = drillboard::model::Session::start(
        &scenario,
        &framework,
        45,
        drillboard::model::Timestamp(common::EPOCH.0 + hours * 3600),
        Duration::ZERO,
    );
    session.id = format!("{id}-{hours}");
    for record in &mut session.drill.phases {
        record.elapsed_ms = 60_000;
    }
    session.drill.finish(Duration::ZERO);
    test.library().save(&session).expect("saves");
}

#[test]
fn time_per_phase_charts_one_framework_at_a_time_when_drills_mix_them() {
    let test = TestApp::new();
    saved_drill(&test, "fraud_detection", 0);
    saved_drill(&test, "fraud_detection", 1);
    saved_drill(&test, "llm_chat_serving", 2);
    let mut h = test.harness();
    h.run();
    h.get_by_label("Library and progress").click();
    h.run();
    h.get_by_label("Time per phase").click();
    h.run();
    // Both frameworks are offered, with their drill counts; the newest drill's is shown.
    let seven = builtin::framework();
    let (_, llm) = scenario_and_framework("llm_chat_serving");
    let seven_label = format!("{} (2 drills)", seven.name);
    let llm_label = format!("{} (1 drill)", llm.name);
    assert!(h.query_by_label(&seven_label).is_some());
    assert!(h.query_by_label(&llm_label).is_some());
    assert_eq!(h.state().library_view().time_framework, None, "default");
    h.get_by_label(&seven_label).click();
    h.run();
    assert_eq!(
        h.state().library_view().time_framework.as_deref(),
        Some("seven_phase")
    );

    // The lines: one per phase of the chosen framework, over its drills only, each point the
    // phase's minute against its own budget.
    let sessions = h.state().sessions().to_vec();
    let refs: Vec<&drillboard::store::SessionSummary> = sessions.iter().collect();
    let lines = drillboard::ui::library::phase_time_series(&refs, &llm);
    let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    let shorts: Vec<&str> = llm.phases.iter().map(|p| p.short.as_str()).collect();
    assert_eq!(names, shorts);
    for (line, phase) in lines.iter().zip(&llm.phases) {
        assert_eq!(line.points.len(), 1, "only the LLM drill");
        let share = 1.0 / f64::from(phase.budget_minutes);
        assert!((line.points[0][1] - share).abs() < 1e-9, "{}", phase.id);
    }
    let seven_lines = drillboard::ui::library::phase_time_series(&refs, seven);
    assert_eq!(seven_lines.len(), 7);
    assert!(seven_lines.iter().all(|l| l.points.len() == 2));
}

/// A feature-store drill from before the scenario moved to the ML platform framework: seven
/// phases, with notes in Monitoring and in Edge cases. It still opens as drilled; scoring it
/// lists today's rubric under today's phases, with today's competencies, and offers the notes
/// of both old phases as quotes beside Operations and cost, which took them over.
#[test]
fn a_session_drilled_before_its_scenario_moved_framework_scores_against_the_new_phases() {
    let (scenario, ml_platform) = scenario_and_framework("feature_store");
    assert_eq!(ml_platform.id, "ml_platform");
    let frameworks = builtin::frameworks().expect("frameworks load");
    let seven = frameworks
        .iter()
        .find(|f| f.id == "seven_phase")
        .expect("built in");
    let mut session =
        drillboard::model::Session::start(&scenario, seven, 45, common::EPOCH, Duration::ZERO);
    assert_eq!(session.drill.phases.len(), 7, "drilled on the seven phases");
    for record in &mut session.drill.phases {
        record.elapsed_ms = 60_000;
        match record.phase.as_str() {
            "monitoring" => record.notes = "freshness lag alert per feature SLA".to_owned(),
            "edge_cases" => record.notes = "online shard down: serve defaults".to_owned(),
            _ => {}
        }
    }
    session.drill.finish(Duration::ZERO);
    let test = TestApp::new();
    let path = test.library().save(&session).expect("saves");
    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 9000.0));
    h.state_mut().open_file(path).expect("opens");
    h.run();
    let open = h.state().open_session().expect("open");
    assert_eq!(open.session.framework_id, "seven_phase", "kept as drilled");
    h.get_by_label("Score").click();
    h.run();
    h.get_by_label("Predict Lean hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();

    // Every rubric item is listed, under today's phases, each with its competency today.
    for (i, phase) in ml_platform.phases.iter().enumerate() {
        assert!(
            h.query_by_label(&format!("{}. {}", i + 1, phase.name))
                .is_some(),
            "heading for {}",
            phase.name
        );
    }
    for item in &scenario.rubric {
        assert!(
            h.query_by_label(&format!("Covered: {}", item.title))
                .is_some(),
            "{} is listed",
            item.id
        );
    }
    let draft = h
        .state()
        .open_session()
        .and_then(|o| o.session.score_draft.clone())
        .expect("a draft");
    let compute = draft
        .rubric
        .iter()
        .find(|i| i.id == "hl_compute_paths")
        .expect("in the draft");
    assert_eq!(compute.phase, "compute");
    assert_eq!(
        compute.competency,
        drillboard::model::Signal::ScaleAwareness,
        "the competency of today's Compute paths phase, not the old High-level's"
    );

    // Operations and cost offers the old Edge cases notes as a quote.
    let drift_item = scenario
        .rubric
        .iter()
        .find(|i| i.id == "mon_feature_drift")
        .expect("an operations item");
    assert_eq!(drift_item.phase, "operations");
    h.get_by_label(&format!("Covered: {}", drift_item.title))
        .click();
    h.run();
    h.get_by_label(&format!(
        "Quote your notes as evidence for {}",
        drift_item.title
    ))
    .click();
    h.run();
    h.get_by_label("online shard down: serve defaults").click();
    h.run();
    let draft = h
        .state()
        .open_session()
        .and_then(|o| o.session.score_draft.clone())
        .expect("a draft");
    let mark = draft
        .items
        .iter()
        .find(|m| m.item == "mon_feature_drift")
        .expect("marked");
    assert_eq!(
        mark.evidence,
        vec![drillboard::model::Evidence::Quote(
            "online shard down: serve defaults".to_owned()
        )]
    );
}
