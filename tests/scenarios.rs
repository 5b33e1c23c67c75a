//! The built-in scenarios: all valid, complete, and faithful to the source material.

use drillboard::model::Scenario;
use drillboard::model::scenario::QuestionTopic;
use drillboard::store::builtin;

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
    assert_eq!(signals.signals.len(), 5);
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
    let framework = builtin::framework();
    for s in all() {
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
            s.rubric.iter().all(|i| !i.good.is_empty()),
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

/// Seed 000's key decisions for the five core prompts (plus seed 003's components for fraud),
/// as phrases that must appear in the scenario's rubric.
const KEY_DECISIONS: &[(&str, &[&str])] = &[
    (
        "recommendation_ecommerce",
        &[
            "collaborative filtering",
            "content-based",
            "hybrid",
            "real-time",
            "batch",
            "cold start",
            "candidate generation",
            "ranking",
            "feature store",
            "a/b",
        ],
    ),
    (
        "fraud_detection",
        &[
            "100 ms",
            "transaction history",
            "class imbalance",
            "0.1%",
            "gradient boosted",
            "neural network",
            "rule",
            "human review",
            "feedback loop",
            "investigation",
            "adversarial",
            "explainab",
        ],
    ),
    (
        "content_moderation",
        &[
            "multi-modal",
            "text",
            "image",
            "video",
            "taxonomy",
            "multi-stage",
            "borderline",
            "false positive",
            "false negative",
            "escalation",
            "moderator decisions",
            "retrain",
        ],
    ),
    (
        "search_ranking",
        &[
            "query understanding",
            "intent",
            "entity",
            "inverted index",
            "vector",
            "learning-to-rank",
            "query features",
            "document features",
            "interaction features",
            "clicks",
            "diversity",
            "freshness",
            "ndcg",
            "map",
        ],
    ),
    (
        "feature_store",
        &[
            "online",
            "offline",
            "consistency",
            "training",
            "serving",
            "freshness",
            "storage",
            "point-in-time",
            "access pattern",
            "drift",
        ],
    ),
];

#[test]
fn core_prompts_cover_every_key_decision_of_the_seed() {
    let scenarios = all();
    for (id, phrases) in KEY_DECISIONS {
        let scenario = scenarios
            .iter()
            .find(|s| s.id == *id)
            .expect("core scenario exists");
        let text: String = scenario
            .rubric
            .iter()
            .map(|i| format!("{} {}\n", i.title, i.good).to_lowercase())
            .collect();
        for phrase in *phrases {
            assert!(text.contains(phrase), "{id}: rubric lacks `{phrase}`");
        }
    }
}
