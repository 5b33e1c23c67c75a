//! The built-in scenarios: all valid, complete and meeting the authoring bar (crux, core items
//! per level, short must lines, worked estimates that recompute, deep dives), with no rubric
//! line or red flag pasted between scenarios, and the seed's key decisions covered (the
//! table in `docs/seed-coverage.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use drillboard::model::rubric::TargetLevel;
use drillboard::model::scenario::QuestionTopic;
use drillboard::model::{Framework, Scenario, Signal};
use drillboard::store::builtin;

/// The framework a scenario follows.
fn framework_of(scenario: &Scenario) -> Framework {
    builtin::frameworks()
        .expect("frameworks load")
        .into_iter()
        .find(|f| f.id == scenario.framework)
        .unwrap_or_else(|| panic!("{}: unknown framework", scenario.id))
}

fn all() -> Vec<Scenario> {
    let frameworks = builtin::frameworks().expect("frameworks load");
    builtin::scenarios(&frameworks)
        .into_iter()
        .map(|r| r.unwrap_or_else(|err| panic!("{err}")))
        .collect()
}

#[test]
fn the_framework_and_signals_are_valid_and_match_the_seed() {
    let framework = builtin::framework();
    let budgets: Vec<(&str, u32)> = framework
        .phases
        .iter()
        .map(|p| (p.name.as_str(), p.budget_minutes))
        .collect();
    assert_eq!(
        budgets,
        [
            ("Clarify requirements", 3),
            ("High-level architecture", 5),
            ("Data pipeline", 8),
            ("Model selection", 8),
            ("Serving and inference", 8),
            ("Monitoring and iteration", 5),
            ("Edge cases and tradeoffs", 5),
        ]
    );
    assert_eq!(framework.budget_minutes(), 42);
    assert_eq!(framework.drill_minutes, 45);
    assert!(
        framework
            .phases
            .iter()
            .all(|p| !p.goal.is_empty() && !p.prompts.is_empty())
    );
    let signals = builtin::signals().expect("signals load");
    // The five signals of seed 000 plus problem framing and technical depth (issue 16).
    assert_eq!(signals.signals.len(), 7);
}

/// The platform and LLM frameworks of issue 20: phases in the issue's order (the platform one
/// opening with a clarifying phase, as the seed opens every answer), 42 of 45 minutes like the
/// seven phases, a competency per phase, and ML framing in the checklists.
#[test]
fn the_platform_and_llm_frameworks_have_the_issues_phases_and_budgets() {
    let frameworks = builtin::frameworks().expect("frameworks load");
    let ids: Vec<&str> = frameworks.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["llm_application", "ml_platform", "seven_phase"]);
    for (id, phases) in [
        (
            "ml_platform",
            &[
                ("clarify", 3),
                ("users_api", 5),
                ("data_storage", 8),
                ("compute", 9),
                ("consistency", 8),
                ("operations", 9),
            ][..],
        ),
        (
            "llm_application",
            &[
                ("task_quality", 5),
                ("context", 8),
                ("model_prompting", 7),
                ("evaluation", 8),
                ("safety", 6),
                ("serving_cost", 8),
            ][..],
        ),
    ] {
        let framework = frameworks
            .iter()
            .find(|f| f.id == id)
            .expect("framework present");
        let got: Vec<(&str, u32)> = framework
            .phases
            .iter()
            .map(|p| (p.id.as_str(), p.budget_minutes))
            .collect();
        assert_eq!(got, phases, "{id}");
        assert_eq!(framework.drill_minutes, 45, "{id}");
        let plan = framework.plan(45);
        assert_eq!(plan.phases.as_secs(), 42 * 60, "{id}: 42 minutes of phases");
        assert_eq!(plan.slack.as_secs(), 3 * 60, "{id}: 3 minutes of slack");
        for phase in &framework.phases {
            assert!(
                !phase.goal.is_empty() && (4..=6).contains(&phase.prompts.len()),
                "{id}/{}: a goal and 4-6 prompts",
                phase.id
            );
            assert!(phase.competency.is_some(), "{id}/{}: competency", phase.id);
            assert!(
                !phase.short.is_empty() && phase.short.chars().count() <= 14,
                "{id}/{}: a short name for the stepper",
                phase.id
            );
        }
        assert_eq!(
            framework.phases[0].competency,
            Some(Signal::ProblemFraming),
            "{id}: the first phase frames the problem"
        );
        let framing = framework
            .phases
            .iter()
            .flat_map(|p| &p.prompts)
            .filter(|line| line.starts_with("ML framing:"))
            .count();
        assert!(framing >= 2, "{id}: {framing} ML framing lines");
    }
}

#[test]
fn all_twelve_scenarios_are_present_with_unique_ids() {
    let scenarios = all();
    let mut ids: Vec<&str> = scenarios.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), before, "ids are unique");
    for id in [
        "recommendation_ecommerce",
        "fraud_detection",
        "content_moderation",
        "search_ranking",
        "feature_store",
        "video_recommendation",
        "model_serving_platform",
        "ad_ctr_prediction",
        "news_feed_ranking",
        "rag_assistant",
        "eta_prediction",
        "messaging_spam",
    ] {
        assert!(ids.contains(&id), "{id} is built in");
    }
    for (file, _) in builtin::SCENARIO_FILES {
        let id = file.trim_end_matches(".ron");
        assert!(ids.contains(&id), "{file} is named after its id");
    }
}

#[test]
fn every_scenario_has_every_section() {
    for s in all() {
        let framework = framework_of(&s);
        let id = &s.id;
        assert!(!s.context.is_empty(), "{id}: context");
        assert!(
            (6..=10).contains(&s.questions.len()),
            "{id}: {} questions",
            s.questions.len()
        );
        for topic in [
            QuestionTopic::Scale,
            QuestionTopic::Latency,
            QuestionTopic::Data,
            QuestionTopic::Metrics,
            QuestionTopic::Constraints,
        ] {
            assert!(
                s.questions.iter().any(|q| q.topic == topic),
                "{id}: a {topic:?} question"
            );
        }
        for phase in &framework.phases {
            let items = s.items_for_phase(&phase.id).count();
            assert!(
                (3..=6).contains(&items),
                "{id}: {items} items in {}",
                phase.id
            );
            assert!(
                s.reference
                    .phases
                    .iter()
                    .any(|a| a.phase == phase.id && !a.answer.is_empty()),
                "{id}: model answer for {}",
                phase.id
            );
        }
        assert!(
            s.rubric.iter().all(|i| !i.must.is_empty()),
            "{id}: every item says what good looks like"
        );
        assert!(
            s.curveballs.len() >= 5,
            "{id}: {} curveballs",
            s.curveballs.len()
        );
        assert!(!s.red_flags.is_empty(), "{id}: red flags");
        assert!(
            !s.expected_components.is_empty(),
            "{id}: expected components"
        );
        let diagram = &s.reference.diagram;
        assert!(
            diagram.nodes.len() >= 6 && !diagram.edges.is_empty(),
            "{id}: reference diagram"
        );
        assert!(
            diagram.problems().is_empty(),
            "{id}: {:?}",
            diagram.problems()
        );
        for edge in &diagram.edges {
            assert!(
                diagram.node(edge.from).is_some() && diagram.node(edge.to).is_some(),
                "{id}: edge {:?}",
                edge.id
            );
        }
    }
}

/// The five prompts seed 000 gives key decisions for; each has model answers by level.
const CORE_FIVE: [&str; 5] = [
    "recommendation_ecommerce",
    "fraud_detection",
    "content_moderation",
    "search_ranking",
    "feature_store",
];

/// The rows of `docs/seed-coverage.md`'s table: (seed key decision, scenario id, rubric item
/// id), header and separator left out.
fn seed_coverage_rows() -> Vec<(String, String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/seed-coverage.md");
    let text = std::fs::read_to_string(path).expect("docs/seed-coverage.md reads");
    text.lines()
        .map(str::trim)
        .filter(|line| line.starts_with('|'))
        .map(|line| {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().trim_matches('`').to_owned())
                .collect();
            let [decision, scenario, item] = cells.as_slice() else {
                panic!("seed-coverage.md: a row needs three cells: {line}");
            };
            (decision.clone(), scenario.clone(), item.clone())
        })
        .filter(|(decision, _, _)| {
            decision != "seed key decision" && !decision.chars().all(|c| c == '-' || c == ':')
        })
        .collect()
}

/// The seed's key decisions stay covered: every row of the table in `docs/seed-coverage.md`
/// names a rubric item its scenario has, so splitting or renaming an item without updating
/// the table fails here.
#[test]
fn every_seed_key_decision_in_the_coverage_table_names_a_rubric_item_of_its_scenario() {
    let scenarios = all();
    let rows = seed_coverage_rows();
    let mut seen = BTreeSet::new();
    for (decision, scenario_id, item) in &rows {
        assert!(!decision.is_empty(), "a row without its decision: {item}");
        assert!(
            seen.insert((decision.to_lowercase(), scenario_id.clone())),
            "{scenario_id}: `{decision}` is listed twice"
        );
        let Some(scenario) = scenarios.iter().find(|s| &s.id == scenario_id) else {
            panic!("seed-coverage.md: `{decision}` names unknown scenario `{scenario_id}`");
        };
        assert!(
            scenario.rubric.iter().any(|i| &i.id == item),
            "seed-coverage.md: `{decision}` names `{item}`, which {scenario_id} has no longer"
        );
    }
    for id in CORE_FIVE {
        assert!(
            rows.iter().any(|(_, scenario, _)| scenario == id),
            "seed-coverage.md lists no key decision of {id}"
        );
    }
}

/// The quality bar of `docs/scenario-format.md` (`drillboard check --strict`): a crux, 8–10
/// core items per level that differ, must lines of at most 25 words, 2–4 worked estimates,
/// 2–3 deep dives 2–3 levels deep and an ML framing item in the first two phases.
#[test]
fn every_scenario_meets_the_authoring_bar() {
    let problems: Vec<String> = all()
        .iter()
        .flat_map(|s| {
            // Against its own framework: the first two phases are that framework's.
            s.authoring_problems(&framework_of(s))
                .into_iter()
                .map(move |problem| format!("{}: {problem}", s.id))
        })
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every worked estimate recomputes to its stated result, and takes at least one of its
/// inputs from the scenario's own words, whose number must be the input's value.
#[test]
fn every_worked_estimate_recomputes_from_the_scenarios_own_numbers() {
    for s in all() {
        let text = s.stated_text();
        for estimate in &s.estimates {
            let at = format!("{}: estimate `{}`", s.id, estimate.id);
            if let Err(error) = estimate.check(&text) {
                panic!("{at}: {error}");
            }
            assert!(
                estimate.inputs.iter().any(|input| !input.is_assumed()),
                "{at}: no input is quoted from the scenario, so nothing ties it to the prompt"
            );
            assert!(
                !estimate.conclusion.trim().is_empty(),
                "{at}: says nothing about what the number means"
            );
        }
    }
}

/// A line as compared between scenarios: case and spacing do not make a copy different.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Finds texts that two scenarios share: `(text, first scenario, second scenario)`.
fn shared_between_scenarios<'a>(
    scenarios: &'a [Scenario],
    texts: impl Fn(&'a Scenario) -> Vec<&'a str>,
) -> Vec<String> {
    let mut first_seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut shared = Vec::new();
    for s in scenarios {
        let mine: BTreeSet<String> = texts(s).into_iter().map(normalised).collect();
        for text in mine.into_iter().filter(|t| !t.is_empty()) {
            match first_seen.get(&text) {
                Some(other) => shared.push(format!("{other} and {}: \"{text}\"", s.id)),
                None => {
                    first_seen.insert(text, &s.id);
                }
            }
        }
    }
    shared
}

/// A rubric line pasted into several scenarios reads as a keyword checklist: each scenario's
/// must lines are its own.
#[test]
fn no_rubric_must_line_is_shared_between_scenarios() {
    let scenarios = all();
    let shared = shared_between_scenarios(&scenarios, |s| {
        s.rubric.iter().map(|item| item.must.as_str()).collect()
    });
    assert!(shared.is_empty(), "{}", shared.join("\n"));
}

/// Red flags are the scenario's own, not a template copied into every file.
#[test]
fn no_red_flag_is_shared_between_scenarios() {
    let scenarios = all();
    let shared = shared_between_scenarios(&scenarios, |s| {
        s.red_flags.iter().map(String::as_str).collect()
    });
    assert!(shared.is_empty(), "{}", shared.join("\n"));
}

/// The five core prompts carry a model answer at each level: what it says, phase by phase,
/// and what moved its rating.
#[test]
fn the_five_core_scenarios_have_model_answers_at_every_level() {
    let scenarios = all();
    for id in CORE_FIVE {
        let s = scenarios
            .iter()
            .find(|s| s.id == id)
            .expect("core scenario exists");
        let framework = &framework_of(s);
        for level in TargetLevel::ALL {
            let Some(answer) = s.reference.at_level(level) else {
                panic!("{id}: no model answer at {}", level.label());
            };
            let at = format!("{id}: the {} answer", level.label());
            assert!(
                !answer.moved.trim().is_empty(),
                "{at} says nothing of what moved it"
            );
            assert!(!answer.phases.is_empty(), "{at} has no phases");
            for phase in &answer.phases {
                assert!(
                    framework.phase_index(&phase.phase).is_some()
                        && !phase.answer.trim().is_empty(),
                    "{at}: phase `{}`",
                    phase.phase
                );
            }
        }
    }
}

/// The core item ids a scenario lists for a level, as a set.
fn core_set(scenario: &Scenario, level: TargetLevel) -> BTreeSet<&str> {
    scenario
        .core
        .for_level(level)
        .iter()
        .map(String::as_str)
        .collect()
}

#[test]
fn every_scenario_names_a_crux_that_is_core_at_staff() {
    for s in all() {
        let id = &s.id;
        let Some(crux) = s.crux.as_deref() else {
            panic!("{id}: no crux");
        };
        assert!(
            s.rubric.iter().any(|item| item.id == crux),
            "{id}: crux `{crux}` is not a rubric item"
        );
        // Staff candidates must raise the crux to be hired. At senior it is deliberately not
        // core: there it is the insight that lifts a hire to a strong hire, so no built-in
        // scenario lists it in `core.senior` (nor, a fortiori, in `core.mid`).
        assert!(
            s.is_core(crux, TargetLevel::Staff),
            "{id}: crux not core at staff"
        );
        assert!(
            !s.is_core(crux, TargetLevel::Senior),
            "{id}: crux core at senior"
        );
        assert!(!s.is_core(crux, TargetLevel::Mid), "{id}: crux core at mid");
    }
}

#[test]
fn every_level_lists_eight_to_ten_core_items_and_the_levels_differ() {
    for s in all() {
        let id = &s.id;
        for level in TargetLevel::ALL {
            let listed = s.core.for_level(level);
            assert!(
                (8..=10).contains(&listed.len()),
                "{id}: {} core items at {}",
                listed.len(),
                level.label()
            );
            assert_eq!(
                s.core_items(level).len(),
                listed.len(),
                "{id}: the listed {} items are used, not the default",
                level.label()
            );
        }
        for a in TargetLevel::ALL {
            for b in TargetLevel::ALL.into_iter().filter(|b| *b != a) {
                let only_a = core_set(&s, a).difference(&core_set(&s, b)).count();
                assert!(
                    only_a >= 2,
                    "{id}: only {only_a} {} core items are not core at {}",
                    a.label(),
                    b.label()
                );
            }
        }
    }
}

#[test]
fn every_curveball_lists_the_items_it_prompts_for() {
    for s in all() {
        for card in &s.curveballs {
            assert!(
                (1..=3).contains(&card.items.len()),
                "{}: curveball `{}` lists {} items",
                s.id,
                card.id,
                card.items.len()
            );
        }
    }
}

#[test]
fn every_competency_but_communication_is_evidenced_in_every_scenario() {
    for s in all() {
        let framework = &framework_of(&s);
        let evidenced: BTreeSet<Signal> = s
            .rubric
            .iter()
            .map(|item| s.competency_of(item, framework))
            .collect();
        assert!(
            evidenced.iter().all(|c| Signal::ALL.contains(c)),
            "{}: {evidenced:?}",
            s.id
        );
        for item in s.rubric.iter().filter(|i| i.competency.is_some()) {
            let phase = framework.phases.iter().find(|p| p.id == item.phase);
            assert_ne!(
                item.competency,
                phase.and_then(|p| p.competency),
                "{}: `{}` overrides its phase's competency with the same one",
                s.id,
                item.id
            );
        }
        // Communication shows in how the whole answer is told and drawn, not in any one item.
        for competency in Signal::ALL
            .into_iter()
            .filter(|c| *c != Signal::Communication)
        {
            assert!(
                evidenced.contains(&competency),
                "{}: no rubric item evidences {competency:?}",
                s.id
            );
        }
    }
}

#[test]
fn the_minimal_scenario_loads_and_falls_back_to_its_heaviest_items() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/minimal_scenario.ron"
    ));
    let text = std::fs::read_to_string(path).expect("minimal scenario readable");
    let frameworks = builtin::frameworks().expect("frameworks load");
    let s = builtin::parse_scenario(&text, path, &frameworks).expect("minimal scenario loads");
    assert!(s.crux.is_none() && s.core.mid.is_empty());
    // Fewer than eight items: all of them, heaviest first, file order breaking ties.
    let mut heaviest: Vec<(u32, usize, &str)> = s
        .rubric
        .iter()
        .enumerate()
        .map(|(i, item)| (item.weight, i, item.id.as_str()))
        .collect();
    heaviest.sort_by_key(|&(weight, i, _)| (std::cmp::Reverse(weight), i));
    let expected: Vec<&str> = heaviest
        .into_iter()
        .take(Scenario::DEFAULT_CORE)
        .map(|(_, _, id)| id)
        .collect();
    assert_eq!(
        expected,
        ["model_features", "serving_two_paths", "clarify_base_rate"]
    );
    for level in TargetLevel::ALL {
        assert_eq!(s.core_items(level), expected, "{}", level.label());
    }
}

/// Files written before the must/strong split call the must line `good`; they load the same.
#[test]
fn a_rubric_item_written_with_good_loads_as_its_must_line() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/minimal_scenario.ron"
    ));
    let text = std::fs::read_to_string(path).expect("minimal scenario readable");
    let frameworks = builtin::frameworks().expect("frameworks load");
    let new = builtin::parse_scenario(&text, path, &frameworks).expect("must lines load");
    let old_text = text.replace("must: \"", "good: \"");
    assert_ne!(old_text, text);
    let old = builtin::parse_scenario(&old_text, path, &frameworks).expect("good lines load");
    assert_eq!(old, new);
    assert!(
        new.rubric
            .iter()
            .all(|i| !i.must.is_empty() && i.strong.is_empty())
    );
}

#[test]
fn an_empty_core_list_falls_back_to_the_eight_heaviest_items() {
    let fraud = all()
        .into_iter()
        .find(|s| s.id == "fraud_detection")
        .expect("fraud scenario");
    let mut s = fraud.clone();
    s.core.senior.clear();
    let default = s.core_items(TargetLevel::Senior);
    assert_eq!(default.len(), Scenario::DEFAULT_CORE);
    let lightest_kept = default
        .iter()
        .filter_map(|id| s.rubric.iter().find(|i| i.id == *id))
        .map(|i| i.weight)
        .min()
        .expect("eight items");
    assert!(
        s.rubric
            .iter()
            .filter(|i| !default.contains(&i.id.as_str()))
            .all(|i| i.weight <= lightest_kept),
        "the default holds the heaviest items"
    );
    // The other levels keep their lists.
    assert_eq!(
        s.core_items(TargetLevel::Staff),
        fraud.core_items(TargetLevel::Staff)
    );
}

/// Typed questions are matched on each question's text, keywords and paraphrases
/// (`model::ask`), so every built-in question carries both, and no two questions of a
/// scenario share a paraphrase (which would make it match neither with confidence).
#[test]
fn every_question_carries_keywords_and_paraphrases() {
    for scenario in all() {
        let mut seen = BTreeSet::new();
        for question in &scenario.questions {
            assert!(
                question.keywords.len() >= 8,
                "{}: {:?} needs at least 8 keywords",
                scenario.id,
                question.question
            );
            assert!(
                question.paraphrases.len() >= 2,
                "{}: {:?} needs at least 2 paraphrases",
                scenario.id,
                question.question
            );
            for paraphrase in &question.paraphrases {
                assert!(
                    seen.insert(paraphrase.to_lowercase()),
                    "{}: paraphrase {paraphrase:?} is used twice",
                    scenario.id
                );
                // An author's paraphrase finds its own question.
                assert_eq!(
                    drillboard::model::ask::reply_text(&scenario.questions, paraphrase)
                        .lines()
                        .next(),
                    Some(question.question.as_str()),
                    "{}: {paraphrase:?}",
                    scenario.id
                );
            }
        }
    }
}

/// The scenarios written for the platform and LLM frameworks (issue 20, items 6 to 8) meet the
/// authoring bar of the rewritten built-ins: `check --strict` finds nothing, and the counts the
/// bar names hold.
#[test]
fn the_platform_and_llm_scenarios_meet_the_authoring_bar() {
    let scenarios = all();
    for (id, framework_id) in [
        ("llm_chat_serving", "llm_application"),
        ("llm_release_evaluation", "llm_application"),
        ("recsys_training_platform", "ml_platform"),
    ] {
        let s = scenarios
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id} is built in"));
        assert_eq!(s.framework, framework_id, "{id}");
        let framework = framework_of(s);
        assert_eq!(
            s.authoring_problems(&framework),
            Vec::<String>::new(),
            "{id}"
        );
        assert!((6..=9).contains(&s.questions.len()), "{id}: questions");
        for q in &s.questions {
            assert!(
                (10..=18).contains(&q.keywords.len()) && q.paraphrases.len() == 3,
                "{id}: {:?} has {} keywords and {} paraphrases",
                q.question,
                q.keywords.len(),
                q.paraphrases.len()
            );
        }
        assert!((18..=26).contains(&s.rubric.len()), "{id}: rubric items");
        assert!((3..=6).contains(&s.red_flags.len()), "{id}: red flags");
        assert!((3..=5).contains(&s.curveballs.len()), "{id}: curveballs");
        assert!(!s.sources.is_empty(), "{id}: sources");
        assert!(
            s.estimates
                .iter()
                .all(|e| e.inputs.iter().any(|i| !i.quote.is_empty())),
            "{id}: every estimate quotes the text for an input"
        );
        let last_phases = &framework.phases[framework.phases.len() - 3..];
        for dive in &s.deep_dives {
            assert!(
                last_phases.iter().any(|p| p.id == dive.phase),
                "{id}: deep dive {} is in the last phases",
                dive.id
            );
        }
        let diagram = &s.reference.diagram;
        assert!(
            (8..=16).contains(&diagram.nodes.len()),
            "{id}: {} boxes",
            diagram.nodes.len()
        );
        for (i, a) in diagram.nodes.iter().enumerate() {
            for b in &diagram.nodes[i + 1..] {
                let apart = a.pos.x + a.size.w <= b.pos.x
                    || b.pos.x + b.size.w <= a.pos.x
                    || a.pos.y + a.size.h <= b.pos.y
                    || b.pos.y + b.size.h <= a.pos.y;
                assert!(apart, "{id}: boxes {:?} and {:?} overlap", a.label, b.label);
            }
        }
        // Rubric lines and red flags are the scenario's own, shared with no other scenario.
        let own = |s: &Scenario| -> Vec<String> {
            s.rubric
                .iter()
                .flat_map(|i| [i.must.clone(), i.strong.clone()])
                .chain(s.red_flags.iter().cloned())
                .filter(|line| !line.is_empty())
                .collect()
        };
        let lines = own(s);
        for other in scenarios.iter().filter(|o| o.id != s.id) {
            for line in own(other) {
                assert!(
                    !lines.contains(&line),
                    "{id} shares a line with {}: {line}",
                    other.id
                );
            }
        }
    }
}

/// The three scenarios moved off the seven phases say where every old phase went, so their
/// earlier sessions keep a home for each phase's notes; a wrong map is refused with its place.
#[test]
fn moved_scenarios_map_every_old_phase_and_a_wrong_map_is_refused_with_its_place() {
    let moved: BTreeMap<&str, &str> = [
        ("feature_store", "ml_platform"),
        ("model_serving_platform", "ml_platform"),
        ("rag_assistant", "llm_application"),
    ]
    .into_iter()
    .collect();
    let frameworks = builtin::frameworks().expect("frameworks load");
    let seven = frameworks
        .iter()
        .find(|f| f.id == "seven_phase")
        .expect("built in");
    for scenario in all() {
        let Some(framework) = moved.get(scenario.id.as_str()) else {
            assert!(
                scenario.moved_from.is_empty(),
                "{} never moved",
                scenario.id
            );
            continue;
        };
        assert_eq!(scenario.framework, *framework, "{}", scenario.id);
        let today = framework_of(&scenario);
        for phase in &seven.phases {
            let to = scenario
                .rubric_phase("seven_phase", &phase.id)
                .unwrap_or_else(|| panic!("{}: {} unmapped", scenario.id, phase.id));
            assert!(today.phase_index(to).is_some(), "{}: {to}", scenario.id);
        }
        // Every phase of today's framework has rubric items and a model answer.
        for phase in &today.phases {
            assert!(
                scenario.rubric.iter().any(|i| i.phase == phase.id),
                "{}: no items in {}",
                scenario.id,
                phase.id
            );
            assert!(
                scenario
                    .reference
                    .phases
                    .iter()
                    .any(|a| a.phase == phase.id),
                "{}: no model answer for {}",
                scenario.id,
                phase.id
            );
        }
        assert_eq!(scenario.rubric_phase("no_such_framework", "clarify"), None);
    }

    let text = include_str!("../scenarios/feature_store.ron");
    let path = Path::new("feature_store.ron");
    let cases = [
        (
            r#"                (from: "edge_cases", to: "operations"),
"#,
            "",
            "phase `edge_cases` of `seven_phase` is not mapped",
        ),
        (
            r#"(from: "edge_cases", to: "operations")"#,
            r#"(from: "edge_cases", to: "edge_cases")"#,
            "names phase `edge_cases`, which the framework does not have",
        ),
        (
            r#"(from: "edge_cases", to: "operations")"#,
            r#"(from: "edge_case", to: "operations")"#,
            "`seven_phase` has no phase `edge_case`",
        ),
        (
            r#"            framework: "seven_phase","#,
            r#"            framework: "six_phase","#,
            "unknown framework `six_phase`",
        ),
    ];
    for (from, to, message) in cases {
        assert!(text.contains(from), "{from}");
        let broken = text.replacen(from, to, 1);
        let err = builtin::parse_scenario(&broken, path, &frameworks)
            .expect_err(message)
            .to_string();
        assert!(err.contains(message), "{err}");
        // The error points into the `moved_from` block, at the end of the file.
        let moved_at = broken[..broken.find("moved_from").expect("kept")]
            .lines()
            .count()
            + 1;
        let line: usize = err
            .split("feature_store.ron:")
            .nth(1)
            .and_then(|rest| rest.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no line in {err}"));
        assert!(
            line >= moved_at,
            "{err} (moved_from starts at line {moved_at})"
        );
    }
}

/// Issue 23: every built-in framework carries general interviewer rules, and each of the five
/// core scenarios rules of its own that name the rubric items they probe.
#[test]
fn frameworks_and_core_scenarios_carry_interviewer_rules() {
    for framework in builtin::frameworks().expect("frameworks") {
        assert!(
            framework.rules.len() >= 5,
            "{}: {} general rules",
            framework.id,
            framework.rules.len()
        );
    }
    let scenarios = all();
    for id in CORE_FIVE {
        let s = scenarios
            .iter()
            .find(|s| s.id == id)
            .expect("core scenario");
        assert!(
            !s.interviewer_rules.is_empty(),
            "{id} has no rules of its own"
        );
        assert!(
            s.interviewer_rules.iter().all(|r| !r.items.is_empty()),
            "{id}: every scenario rule names the items it probes"
        );
    }
}
