use std::time::Duration;

use super::*;
use crate::model::clock::Timestamp;
use crate::model::diagram::{DiagramNode, NodeId, Point};

fn frameworks() -> Vec<Framework> {
    crate::store::builtin::frameworks().expect("built-in frameworks")
}

fn framework(id: &str) -> Framework {
    frameworks()
        .into_iter()
        .find(|f| f.id == id)
        .expect("framework")
}

fn scenario(id: &str) -> Scenario {
    crate::store::builtin::scenarios(&frameworks())
        .into_iter()
        .flatten()
        .find(|s| s.id == id)
        .expect("scenario")
}

/// A drill at `phase`, `minutes` into it, with nothing drawn or written.
fn session_in(scenario: &Scenario, framework: &Framework, phase: &str, minutes: u64) -> Session {
    let mut session = Session::start(scenario, framework, 45, Timestamp(0), Duration::ZERO);
    let index = framework.phase_index(phase).expect("phase");
    session.go_to_phase(index, Duration::ZERO);
    session.drill.tick(Duration::from_secs(minutes * 60));
    session
}

fn add_box(session: &mut Session, kind: NodeKind, label: &str) {
    let id = NodeId(session.diagram.nodes.len() as u64 + 1);
    session.diagram.nodes.push(DiagramNode {
        id,
        kind,
        label: label.to_owned(),
        pos: Point::default(),
        size: DiagramNode::DEFAULT_SIZE,
    });
}

fn write(session: &mut Session, phase: &str, text: &str) {
    let index = session
        .drill
        .phases
        .iter()
        .position(|p| p.phase == phase)
        .expect("phase");
    session.drill.set_notes(index, text.to_owned());
}

fn raised_rules(session: &Session, framework: &Framework, scenario: &Scenario) -> Vec<String> {
    candidates(session, framework, scenario, None)
        .into_iter()
        .filter_map(|p| match p.source {
            PromptSource::Rule { id } => Some(id),
            _ => None,
        })
        .collect()
}

/// One general rule: how to build a session that triggers it and one that does not.
struct Case {
    rule: &'static str,
    trigger: fn(&mut Session),
    silence: fn(&mut Session),
}

fn nothing(_: &mut Session) {}

/// Every general rule of every framework fires on a session built to trigger it and stays
/// silent on one built not to; and every rule in the files has a case here.
#[test]
fn each_general_rule_fires_when_built_to_and_stays_silent_otherwise() {
    let tables: [(&str, &str, Vec<Case>); 3] = [
        (
            "seven_phase",
            "eta_prediction",
            vec![
                Case {
                    rule: "clarify_no_numbers",
                    trigger: |s| write(s, "clarify", "riders and drivers, global"),
                    silence: |s| write(s, "clarify", "about 20k requests a second"),
                },
                Case {
                    rule: "high_level_no_training",
                    trigger: |s| add_box(s, NodeKind::ModelServer, "ETA model"),
                    silence: |s| add_box(s, NodeKind::TrainingPipeline, "nightly"),
                },
                Case {
                    rule: "data_no_labels",
                    trigger: |s| write(s, "data", "GPS pings and trips"),
                    silence: |s| write(s, "data", "Labels: actual arrival time, 30 min late"),
                },
                Case {
                    rule: "model_no_baseline",
                    trigger: |s| write(s, "model", "a deep graph network"),
                    silence: |s| write(s, "model", "Baseline: historical average per segment"),
                },
                Case {
                    rule: "model_no_offline_metric",
                    trigger: |s| write(s, "model", "gradient boosted trees"),
                    silence: |s| write(s, "model", "trees, judged by RMSE on a time split"),
                },
                Case {
                    rule: "serving_timeout",
                    trigger: |s| add_box(s, NodeKind::ModelServer, "ETA model"),
                    silence: |s| {
                        add_box(s, NodeKind::ModelServer, "ETA model");
                        add_box(s, NodeKind::Service, "Fallback: route average");
                    },
                },
                Case {
                    rule: "serving_nothing_drawn",
                    trigger: nothing,
                    silence: |s| add_box(s, NodeKind::ApiGateway, "API"),
                },
                Case {
                    rule: "monitoring_blind",
                    trigger: |s| write(s, "monitoring", "we retrain weekly"),
                    silence: |s| write(s, "monitoring", "alert on prediction drift"),
                },
                Case {
                    rule: "monitoring_no_retraining",
                    trigger: |s| write(s, "monitoring", "alert on drift"),
                    silence: |s| write(s, "monitoring", "retrain every night"),
                },
                Case {
                    rule: "edge_no_abuse_or_fairness",
                    trigger: |s| write(s, "edge_cases", "GPS outage in tunnels"),
                    silence: |s| write(s, "edge_cases", "drivers gaming the ETA: abuse"),
                },
            ],
        ),
        (
            "ml_platform",
            "recsys_training_platform",
            vec![
                Case {
                    rule: "clarify_no_numbers",
                    trigger: nothing,
                    silence: |s| write(s, "clarify", "40 teams, 300 models"),
                },
                Case {
                    rule: "users_api_no_interface",
                    trigger: nothing,
                    silence: |s| write(s, "users_api", "a Python SDK"),
                },
                Case {
                    rule: "data_storage_nowhere",
                    trigger: |s| add_box(s, NodeKind::Service, "trainer"),
                    silence: |s| add_box(s, NodeKind::DataLake, "lake"),
                },
                Case {
                    rule: "compute_no_quota",
                    trigger: nothing,
                    silence: |s| write(s, "compute", "GPU quota per team"),
                },
                Case {
                    rule: "consistency_no_skew",
                    trigger: nothing,
                    silence: |s| {
                        write(
                            s,
                            "consistency",
                            "the same code online and offline, no skew",
                        );
                    },
                },
                Case {
                    rule: "operations_blind",
                    trigger: nothing,
                    silence: |s| add_box(s, NodeKind::Monitoring, "SLOs"),
                },
            ],
        ),
        (
            "llm_application",
            "llm_chat_serving",
            vec![
                Case {
                    rule: "task_no_bar",
                    trigger: |s| write(s, "task_quality", "helpful answers"),
                    silence: |s| write(s, "task_quality", "95% of answers rated acceptable"),
                },
                Case {
                    rule: "context_no_source",
                    trigger: nothing,
                    silence: |s| add_box(s, NodeKind::VectorIndex, "docs"),
                },
                Case {
                    rule: "model_no_first_step",
                    trigger: |s| write(s, "model_prompting", "a frontier model"),
                    silence: |s| write(s, "model_prompting", "first a smaller model with few shot"),
                },
                Case {
                    rule: "evaluation_no_regression",
                    trigger: nothing,
                    silence: |s| write(s, "evaluation", "a golden set and an LLM judge"),
                },
                Case {
                    rule: "safety_no_injection",
                    trigger: nothing,
                    silence: |s| write(s, "safety", "prompt injection filter"),
                },
                Case {
                    rule: "serving_cost_no_fallback",
                    trigger: nothing,
                    silence: |s| add_box(s, NodeKind::Cache, "answer cache"),
                },
            ],
        ),
    ];
    for (framework_id, scenario_id, cases) in tables {
        let framework = framework(framework_id);
        let scenario = scenario(scenario_id);
        let ids: Vec<&str> = framework.rules.iter().map(|r| r.id.as_str()).collect();
        let covered: Vec<&str> = cases.iter().map(|c| c.rule).collect();
        assert_eq!(ids, covered, "{framework_id}: every rule has a case");
        for case in cases {
            let rule = framework
                .rules
                .iter()
                .find(|r| r.id == case.rule)
                .expect("rule");
            let mut on = session_in(&scenario, &framework, &rule.phase, 2);
            (case.trigger)(&mut on);
            assert!(
                raised_rules(&on, &framework, &scenario).contains(&rule.id),
                "{framework_id}/{} should fire",
                rule.id
            );
            let mut off = session_in(&scenario, &framework, &rule.phase, 2);
            (case.silence)(&mut off);
            assert!(
                !raised_rules(&off, &framework, &scenario).contains(&rule.id),
                "{framework_id}/{} should stay silent",
                rule.id
            );
            // Only in its own phase.
            let other = framework
                .phases
                .iter()
                .find(|p| p.id != rule.phase)
                .expect("another phase");
            assert!(
                !candidates(&on, &framework, &scenario, Some(&other.id))
                    .iter()
                    .any(|p| p.source
                        == PromptSource::Rule {
                            id: rule.id.clone()
                        }),
                "{}: not raised in {}",
                rule.id,
                other.id
            );
        }
    }
}

#[test]
fn the_fraud_scenario_asks_about_declines_without_a_holdout_path_and_replaces_the_timeout_rule() {
    let framework = framework("seven_phase");
    let fraud = scenario("fraud_detection");
    let mut session = session_in(&fraud, &framework, "monitoring", 2);
    add_box(&mut session, NodeKind::Monitoring, "dashboards");
    let raised = candidates(&session, &framework, &fraud, None);
    let declines = raised
        .iter()
        .find(|p| {
            p.source
                == PromptSource::Rule {
                    id: "fraud_declines_unlabelled".into(),
                }
        })
        .expect("raised");
    assert!(declines.text.contains("Declines never get labels"));
    assert_eq!(declines.items, ["edge_selection_bias", "mon_holdout_ab"]);
    add_box(
        &mut session,
        NodeKind::Service,
        "Random holdout of declines",
    );
    assert!(
        !raised_rules(&session, &framework, &fraud)
            .contains(&"fraud_declines_unlabelled".to_owned())
    );

    let mut serving = session_in(&fraud, &framework, "serving", 2);
    add_box(&mut serving, NodeKind::ModelServer, "scorer");
    let prompts = candidates(&serving, &framework, &fraud, None);
    let timeout: Vec<&Pushback> = prompts
        .iter()
        .filter(|p| {
            p.source
                == PromptSource::Rule {
                    id: "serving_timeout".into(),
                }
        })
        .collect();
    assert_eq!(
        timeout.len(),
        1,
        "the scenario's rule replaces the general one"
    );
    assert_eq!(
        timeout[0].text,
        "The model server times out. What does checkout do?"
    );
    assert_eq!(timeout[0].items, ["serve_fallback"]);
}

#[test]
fn words_match_the_start_of_words_and_phrases_ignoring_case() {
    let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert!(has_word("Rules FALLBACKS path", &words(&["fallback"])));
    assert!(!has_word("no-fallback", &words(&["back"])));
    assert!(has_word("a point-in-time join", &words(&["point in time"])));
    assert!(!has_word(
        "pointing in timelines",
        &words(&["point in time"])
    ));
    assert!(!has_word("", &words(&["x"])));
    assert_eq!(word_count("  one two\nthree "), 3);
}

#[test]
fn edges_between_kinds_and_asked_topics_and_time_spent_are_conditions() {
    let framework = framework("seven_phase");
    let fraud = scenario("fraud_detection");
    let mut session = session_in(&fraud, &framework, "serving", 3);
    add_box(&mut session, NodeKind::ModelServer, "m");
    add_box(&mut session, NodeKind::Cache, "c");
    let cx = Context {
        session: &session,
        scenario: &fraud,
        current: "serving",
    };
    assert!(!Condition::Edge(NodeKind::ModelServer, NodeKind::Cache).holds(&cx));
    assert!(Condition::Spent("serving".into(), 3).holds(&cx));
    assert!(!Condition::Spent("serving".into(), 4).holds(&cx));
    assert!(Condition::InPhase("serving".into()).holds(&cx));
    assert!(!Condition::Asked(QuestionTopic::Latency).holds(&cx));
    assert!(Condition::All(Vec::new()).holds(&cx));
    assert!(!Condition::Any(Vec::new()).holds(&cx));
    let mut session = session.clone();
    session.diagram.edges.push(crate::model::DiagramEdge {
        id: crate::model::EdgeId(1),
        from: NodeId(1),
        to: NodeId(2),
        label: String::new(),
        kind: crate::model::EdgeKind::Request,
    });
    let latency = fraud
        .questions
        .iter()
        .find(|q| q.topic == QuestionTopic::Latency)
        .expect("a latency question");
    session
        .drill
        .ask(latency, "how fast?", Duration::from_secs(600));
    let cx = Context {
        session: &session,
        scenario: &fraud,
        current: "serving",
    };
    assert!(Condition::Edge(NodeKind::ModelServer, NodeKind::Cache).holds(&cx));
    assert!(!Condition::Edge(NodeKind::Cache, NodeKind::ModelServer).holds(&cx));
    assert!(Condition::Asked(QuestionTopic::Latency).holds(&cx));
}

#[test]
fn the_same_session_raises_the_same_prompts() {
    let framework = framework("seven_phase");
    let fraud = scenario("fraud_detection");
    let session = session_in(&fraud, &framework, "serving", 2);
    let pacing = Pacing {
        since_edit_ms: None,
    };
    let first = candidates(&session, &framework, &fraud, None);
    assert!(!first.is_empty());
    for _ in 0..3 {
        let copy: Session = ron::from_str(&ron::to_string(&session).expect("ron")).expect("back");
        assert_eq!(candidates(&copy, &framework, &fraud, None), first);
        assert_eq!(
            due_prompt(&copy, &framework, &fraud, pacing),
            due_prompt(&session, &framework, &fraud, pacing)
        );
    }
}

#[test]
fn prompts_wait_for_quiet_for_the_grace_minute_and_three_minutes_between() {
    let framework = framework("seven_phase");
    let fraud = scenario("fraud_detection");
    let mut session = session_in(&fraud, &framework, "monitoring", 0);
    let quiet = Pacing {
        since_edit_ms: Some(QUIET_AFTER_EDIT_MS),
    };
    let typing = Pacing {
        since_edit_ms: Some(QUIET_AFTER_EDIT_MS - 1),
    };
    let mut now = Duration::ZERO;
    let at = |session: &mut Session, now: &mut Duration, secs: u64| {
        *now += Duration::from_secs(secs);
        session.drill.tick(*now);
    };
    at(&mut session, &mut now, 59);
    assert_eq!(
        due_prompt(&session, &framework, &fraud, quiet),
        None,
        "grace"
    );
    at(&mut session, &mut now, 1);
    assert_eq!(
        due_prompt(&session, &framework, &fraud, typing),
        None,
        "typing"
    );
    let first = due_prompt(&session, &framework, &fraud, quiet).expect("due");
    session.drill.raise(first.clone());
    assert_eq!(
        due_prompt(&session, &framework, &fraud, quiet),
        None,
        "card open"
    );
    let open = session.drill.open_card().expect("open card");
    assert!(session.drill.acknowledge(open, now));
    assert_eq!(session.drill.open_card(), None);
    at(&mut session, &mut now, 179);
    assert_eq!(
        due_prompt(&session, &framework, &fraud, quiet),
        None,
        "3 minutes"
    );
    at(&mut session, &mut now, 1);
    let second = due_prompt(&session, &framework, &fraud, quiet).expect("due again");
    assert_ne!(second.source, first.source, "never the same prompt twice");
    session.drill.pause(now);
    assert_eq!(
        due_prompt(&session, &framework, &fraud, quiet),
        None,
        "paused"
    );
    // The limit is per phase: the next phase starts fresh, after its grace minute.
    session.drill.resume(now);
    session.drill.raise(second);
    let open = session.drill.open_card().expect("open");
    session.drill.acknowledge(open, now);
    let edge = framework.phase_index("edge_cases").expect("phase");
    session.go_to_phase(edge, now);
    at(&mut session, &mut now, 60);
    assert!(
        due_prompt(&session, &framework, &fraud, quiet).is_some(),
        "in the next phase"
    );
}

#[test]
fn a_phase_well_over_budget_is_redirected_once() {
    let framework = framework("seven_phase");
    let fraud = scenario("fraud_detection");
    // Clarify's budget is 3 minutes: 150 % is 4:30, but 2 minutes over is 5:00.
    let mut session = session_in(&fraud, &framework, "clarify", 0);
    write(&mut session, "clarify", "10k payments a second");
    session.drill.tick(Duration::from_secs(299));
    assert!(redirect(&session, &framework, 0).is_none());
    session.drill.tick(Duration::from_secs(300));
    let redirect_now = due_prompt(
        &session,
        &framework,
        &fraud,
        Pacing {
            since_edit_ms: None,
        },
    )
    .expect("redirect");
    assert_eq!(
        redirect_now.text,
        "We're well past the time for clarify requirements. Let's move on to high-level architecture."
    );
    session.drill.raise(redirect_now);
    assert!(redirect(&session, &framework, 0).is_none(), "once");
    let mut last_phase = session_in(&fraud, &framework, "edge_cases", 0);
    last_phase.drill.tick(Duration::from_secs(900));
    let last = framework.phases.len() - 1;
    assert!(
        redirect(&last_phase, &framework, last).is_none(),
        "no phase follows the last"
    );
}

#[test]
fn a_skipped_phase_is_come_back_to_later() {
    let framework = framework("seven_phase");
    let fraud = scenario("fraud_detection");
    let mut session = Session::start(&fraud, &framework, 45, Timestamp(0), Duration::ZERO);
    session.drill.tick(Duration::from_secs(170));
    write(&mut session, "clarify", "10k payments a second, 100 ms");
    session.go_to_phase(1, Duration::from_secs(180));
    session.go_to_phase(2, Duration::from_secs(185));
    session.drill.tick(Duration::from_secs(200));
    let prompts = candidates(&session, &framework, &fraud, None);
    let revisit = prompts.first().expect("a prompt");
    assert_eq!(
        revisit.source,
        PromptSource::Revisit {
            skipped: "high_level".into()
        }
    );
    assert!(
        revisit
            .text
            .starts_with("Before we go on: you skipped high-level architecture.")
    );
    session.drill.raise(revisit.clone());
    assert!(revisit_again(&session, &framework).is_none(), "once");
}

fn revisit_again(session: &Session, framework: &Framework) -> Option<Pushback> {
    revisit(session, framework, session.drill.current)
}

#[test]
fn a_deep_dive_goes_one_level_deeper_after_an_acknowledged_answer() {
    let framework = framework("seven_phase");
    let fraud = scenario("fraud_detection");
    // The fraud dives start in model, monitoring and serving; serving is in the last phases.
    let mut session = session_in(&fraud, &framework, "serving", 2);
    add_box(&mut session, NodeKind::ModelServer, "scorer");
    add_box(&mut session, NodeKind::RulesEngine, "rules fallback");
    write(&mut session, "serving", "p99 under 100 ms");
    let first = candidates(&session, &framework, &fraud, None)
        .into_iter()
        .find(|p| matches!(p.source, PromptSource::DeepDive { .. }))
        .expect("a dive starts");
    assert_eq!(
        first.source,
        PromptSource::DeepDive {
            dive: "dive_latency_tail".into(),
            level: 1,
            notes_words: 4
        }
    );
    session.drill.raise(first);
    let dive_level = |s: &Session| {
        candidates(s, &framework, &fraud, None)
            .into_iter()
            .find_map(|p| match p.source {
                PromptSource::DeepDive { level, .. } => Some(level),
                _ => None,
            })
    };
    let fourteen = "a b c d e f g h i j k l m n";
    write(
        &mut session,
        "serving",
        &format!("p99 under 100 ms {fourteen} o"),
    );
    assert_eq!(dive_level(&session), None, "not acknowledged yet");
    let open = session.drill.open_card().expect("open");
    session.drill.acknowledge(open, Duration::from_secs(200));
    assert_eq!(dive_level(&session), Some(2));
    write(
        &mut session,
        "serving",
        &format!("p99 under 100 ms {fourteen}"),
    );
    assert_eq!(dive_level(&session), None, "14 words are not an answer");
    write(
        &mut session,
        "serving",
        &format!("p99 under 100 ms {fourteen} o"),
    );
    // Level 2 comes at once, without the 3-minute wait.
    let pacing = Pacing {
        since_edit_ms: None,
    };
    let second = due_prompt(&session, &framework, &fraud, pacing).expect("level 2");
    assert!(
        second
            .text
            .starts_with("How do you cut the feature-store tail")
    );
    session.drill.raise(second);
    let open = session.drill.open_card().expect("open");
    session.drill.acknowledge(open, Duration::from_secs(220));
    write(
        &mut session,
        "serving",
        &format!("p99 under 100 ms {fourteen} o {fourteen} o"),
    );
    let third = due_prompt(&session, &framework, &fraud, pacing).expect("level 3");
    assert_eq!(third.items, ["serve_fallback"]);
    session.drill.raise(third);
    let open = session.drill.open_card().expect("open");
    session.drill.acknowledge(open, Duration::from_secs(230));
    write(
        &mut session,
        "serving",
        &format!("{fourteen} o {fourteen} o {fourteen} o {fourteen}"),
    );
    assert_eq!(
        dive_level(&session),
        None,
        "three levels at most, one dive per drill"
    );
    // Earlier phases never start a dive.
    let model = session_in(&fraud, &framework, "data", 2);
    assert!(start_dive(&model, &framework, &fraud, "data").is_none());
}

#[test]
fn rules_naming_unknown_phases_or_items_are_refused_with_their_place() {
    let framework = framework("seven_phase");
    let rule = |phase: &str, when: Condition, items: &[&str]| InterviewerRule {
        id: "r".into(),
        phase: phase.into(),
        when,
        say: "Why?".into(),
        items: items.iter().map(|s| (*s).to_owned()).collect(),
    };
    let (error, at) = validate_rules(
        &[rule("servng", Condition::All(Vec::new()), &[])],
        &framework,
        None,
    )
    .expect_err("unknown phase");
    assert!(matches!(error, RuleError::UnknownPhase { ref phase, .. } if phase == "servng"));
    assert_eq!(at, vec![Step::Index(0), Step::Field("phase")]);
    let nested = Condition::All(vec![
        Condition::Has(NodeKind::Cache),
        Condition::Not(Box::new(Condition::Notes(
            "monitorin".into(),
            vec!["x".into()],
        ))),
    ]);
    let (_, at) =
        validate_rules(&[rule("serving", nested, &[])], &framework, None).expect_err("nested");
    assert_eq!(
        at,
        vec![
            Step::Index(0),
            Step::Field("when"),
            Step::Index(0),
            Step::Index(1),
            Step::Index(0),
            Step::Index(0)
        ]
    );
    let (error, _) = validate_rules(
        &[rule("serving", Condition::All(Vec::new()), &["x"])],
        &framework,
        None,
    )
    .expect_err("framework rules name no items");
    assert!(error.to_string().contains("a framework rule cannot name"));
    let rubric = vec!["serve_fallback".to_owned()];
    assert!(
        validate_rules(
            &[rule(
                "serving",
                Condition::All(Vec::new()),
                &["serve_fallback"]
            )],
            &framework,
            Some(&rubric)
        )
        .is_ok()
    );
    let (error, _) = validate_rules(
        &[rule("serving", Condition::Label(vec![" ".into()]), &[])],
        &framework,
        None,
    )
    .expect_err("empty word");
    assert!(matches!(error, RuleError::Empty(_)));
    let twice = [
        rule("serving", Condition::All(Vec::new()), &[]),
        rule("data", Condition::All(Vec::new()), &[]),
    ];
    assert!(matches!(
        validate_rules(&twice, &framework, None),
        Err((RuleError::DuplicateId(_), _))
    ));
}

#[test]
fn what_was_inserted_is_the_changed_middle() {
    assert_eq!(inserted("abc", "abXYc"), "XY");
    assert_eq!(inserted("", "new words"), "new words");
    assert_eq!(inserted("same", "same"), "");
    assert_eq!(inserted("ü one", "ü one two"), "two");
    assert_eq!(inserted("aaa", "aaaa"), "a");
}

#[test]
fn the_response_to_a_prompt_is_what_was_written_and_drawn_in_the_next_minutes() {
    use crate::model::diagram_ops::DiagramCommand;
    use crate::model::edit_log::{EditEvent, LogEntry, TextEdit};
    let node = DiagramNode {
        id: NodeId(1),
        kind: NodeKind::Cache,
        label: String::new(),
        pos: Point::default(),
        size: DiagramNode::DEFAULT_SIZE,
    };
    let notes = |at_ms: u64, from: &str, to: &str| LogEntry {
        at_ms,
        event: EditEvent::Notes {
            phase: 1,
            edit: TextEdit::between(from, to),
        },
    };
    let entries = vec![
        notes(1_000, "", "before"),
        LogEntry {
            at_ms: 70_000,
            event: EditEvent::Diagram(DiagramCommand::Add(crate::model::Fragment {
                nodes: vec![node],
                edges: Vec::new(),
                zones: Vec::new(),
            })),
        },
        notes(80_000, "before", "before fallback to rules"),
        notes(
            400_000,
            "before fallback to rules",
            "before fallback to rules later",
        ),
    ];
    let replay = crate::model::replay::Replay::new(entries, 3);
    let response = response_to(&replay, 1, 60_000);
    assert_eq!(response.written, "fallback to rules");
    assert_eq!(response.drawn, ["Cache"]);
    assert!(!response.is_empty());
    assert!(
        response_to(&replay, 0, 60_000).written.is_empty(),
        "other phase"
    );
    assert_eq!(response_to(&replay, 1, 250_000).written, "later");
    assert!(
        response_to(&replay, 1, 450_000).is_empty(),
        "nothing in the window"
    );
}
