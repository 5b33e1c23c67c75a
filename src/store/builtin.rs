//! The framework, signal rubric and scenarios compiled into the binary.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use crate::model::scenario::{ScenarioError, Step, Step::Field, Step::Index};
use crate::model::{Framework, Scenario, Session, SignalSet};

use super::error::StoreError;
use super::migrate::{line_col, too_deep};
use super::repair::{MAX_LABEL_CHARS, diagram_problem};
use super::ron_file::{
    Outline, RECURSION_LIMIT, check_size, parse, parse_noting_unknown, strip_bom,
};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{FRAMEWORK_FILES, GRADED_FILES, SCENARIO_FILES};

const SIGNALS_FILE: &str = include_str!("../../assets/signals.ron");

/// The id of the framework drills use unless a scenario says otherwise.
pub const DEFAULT_FRAMEWORK: &str = "seven_phase";

fn parse_embedded<T: serde::de::DeserializeOwned>(
    folder: &str,
    name: &str,
    text: &str,
) -> Result<T, StoreError> {
    parse(text, &Path::new(folder).join(name))
}

/// Every built-in framework, parsed and validated. Broken built-in data is a build bug, caught by tests.
pub fn frameworks() -> Result<Vec<Framework>, StoreError> {
    FRAMEWORK_FILES
        .iter()
        .map(|(name, text)| {
            let framework: Framework = parse_embedded("assets/frameworks", name, text)?;
            framework
                .validate()
                .map_err(|e| StoreError::invalid(Path::new(name), e.to_string()))?;
            Ok(framework)
        })
        .collect()
}

/// The default seven-phase framework.
///
/// # Panics
/// When the embedded framework is broken: a build bug that `cargo test` reports first.
pub fn framework() -> &'static Framework {
    static FRAMEWORK: OnceLock<Framework> = OnceLock::new();
    FRAMEWORK.get_or_init(|| {
        let found = frameworks()
            .ok()
            .and_then(|all| all.into_iter().find(|f| f.id == DEFAULT_FRAMEWORK));
        match found {
            Some(framework) => framework,
            None => panic!("the built-in framework `{DEFAULT_FRAMEWORK}` is missing or invalid; `cargo test` names the problem"),
        }
    })
}

/// The five-signal rubric.
pub fn signals() -> Result<SignalSet, StoreError> {
    let set: SignalSet = parse_embedded("assets", "signals.ron", SIGNALS_FILE)?;
    set.validate()
        .map_err(|e| StoreError::invalid(Path::new("assets/signals.ron"), e.to_string()))?;
    Ok(set)
}

/// Parses and validates one scenario's text against the known frameworks. Scenario files are
/// shared between people, so they are not repaired: anything a session load would repair (an
/// over-long label, NaN in the reference diagram) is an error here.
pub fn parse_scenario(
    text: &str,
    path: &Path,
    frameworks: &[Framework],
) -> Result<Scenario, StoreError> {
    check_size(text, path)?;
    if text.trim().is_empty() {
        return Err(StoreError::invalid(path, "the file is empty"));
    }
    // `parse` refuses nesting deeper than the recursion limit. Scenario types refuse unknown
    // fields themselves, listing the known ones; the diagram types they share with sessions
    // only note them, so they are refused here.
    // About two recursion levels per bracket, as the parser counts them.
    if let Some(at) = too_deep(strip_bom(text), RECURSION_LIMIT / 2) {
        let (line, col) = line_col(strip_bom(text), at);
        return Err(StoreError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: "brackets are nested too deeply".to_owned(),
        });
    }
    let (scenario, unknown): (Scenario, _) = parse_noting_unknown(text, path)?;
    if let Some(field) = unknown.first() {
        return Err(StoreError::InvalidAt {
            path: path.to_path_buf(),
            line: field.line,
            col: field.col,
            message: format!(
                "unknown field `{}` in `{}` (a misspelt field would be ignored)",
                field.name(),
                field.field
            ),
        });
    }
    let mut outline = Outline::new(text);
    if let Some((problem, at)) = scenario_size_problem(&scenario) {
        return Err(outline.error(path, &at, problem));
    }
    let Some(framework) = frameworks.iter().find(|f| f.id == scenario.framework) else {
        let error = ScenarioError::UnknownFramework(scenario.framework.clone());
        return Err(outline.error(path, &[Field("framework")], error.to_string()));
    };
    scenario
        .validate_located(framework)
        .map_err(|(error, at)| outline.error(path, &at, error.to_string()))?;
    Ok(scenario)
}

/// Entries in any one list of a scenario (rubric, questions, curveballs…).
pub const MAX_SCENARIO_ITEMS: usize = 1_000;

/// The first thing in a scenario too big to show or to validate quickly, if any. Validation
/// compares list entries pairwise, so the list lengths are bounded before it runs.
fn scenario_size_problem(scenario: &Scenario) -> Option<(String, Vec<Step>)> {
    let lists: [(&str, usize, &[Step]); 8] = [
        ("questions", scenario.questions.len(), &[Field("questions")]),
        (
            "question keywords and paraphrases",
            scenario
                .questions
                .iter()
                .map(|q| q.keywords.len() + q.paraphrases.len())
                .sum(),
            &[Field("questions")],
        ),
        ("rubric items", scenario.rubric.len(), &[Field("rubric")]),
        (
            "expected components",
            scenario.expected_components.len(),
            &[Field("expected_components")],
        ),
        ("red flags", scenario.red_flags.len(), &[Field("red_flags")]),
        (
            "curveballs",
            scenario.curveballs.len(),
            &[Field("curveballs")],
        ),
        (
            "reference answers",
            scenario.reference.phases.len(),
            &[Field("reference"), Field("phases")],
        ),
        (
            "rubric items named by expected components",
            scenario
                .expected_components
                .iter()
                .map(|c| c.items.len())
                .sum(),
            &[Field("expected_components")],
        ),
    ];
    if let Some((what, len, at)) = lists.iter().find(|(_, len, _)| *len > MAX_SCENARIO_ITEMS) {
        return Some((
            format!("has {len} {what}; the limit is {MAX_SCENARIO_ITEMS}"),
            at.to_vec(),
        ));
    }
    let mut texts: Vec<(&str, &str, Vec<Step>)> = vec![
        ("id", &scenario.id, vec![Field("id")]),
        ("title", &scenario.title, vec![Field("title")]),
        ("category", &scenario.category, vec![Field("category")]),
        ("framework", &scenario.framework, vec![Field("framework")]),
        ("prompt", &scenario.prompt, vec![Field("prompt")]),
        ("context", &scenario.context, vec![Field("context")]),
    ];
    let item = |list: &'static str, i: usize, field: &'static str| {
        vec![Field(list), Index(i), Field(field)]
    };
    for (i, q) in scenario.questions.iter().enumerate() {
        texts.extend([
            (
                "a question",
                q.question.as_str(),
                item("questions", i, "question"),
            ),
            ("an answer", &q.answer, item("questions", i, "answer")),
        ]);
        for (field, what, list) in [
            ("keywords", "a question keyword", &q.keywords),
            ("paraphrases", "a question paraphrase", &q.paraphrases),
        ] {
            texts.extend(list.iter().enumerate().map(|(k, text)| {
                let mut at = item("questions", i, field);
                at.push(Index(k));
                (what, text.as_str(), at)
            }));
        }
    }
    for (i, r) in scenario.rubric.iter().enumerate() {
        texts.extend([
            ("a rubric item id", r.id.as_str(), item("rubric", i, "id")),
            ("a rubric item phase", &r.phase, item("rubric", i, "phase")),
            ("a rubric item title", &r.title, item("rubric", i, "title")),
            ("a rubric item", &r.must, item("rubric", i, "must")),
            (
                "a rubric item's strong line",
                &r.strong,
                item("rubric", i, "strong"),
            ),
        ]);
    }
    for (c, component) in scenario.expected_components.iter().enumerate() {
        texts.push((
            "an expected component",
            &component.why,
            item("expected_components", c, "why"),
        ));
        texts.extend(component.items.iter().enumerate().map(|(i, id)| {
            let mut at = item("expected_components", c, "items");
            at.push(Index(i));
            ("an expected component's item", id.as_str(), at)
        }));
    }
    texts.extend(
        scenario
            .red_flags
            .iter()
            .enumerate()
            .map(|(i, f)| ("a red flag", f.as_str(), vec![Field("red_flags"), Index(i)])),
    );
    for (i, card) in scenario.curveballs.iter().enumerate() {
        texts.extend([
            (
                "a curveball id",
                card.id.as_str(),
                item("curveballs", i, "id"),
            ),
            (
                "a curveball phase",
                &card.phase,
                item("curveballs", i, "phase"),
            ),
            ("a curveball", &card.text, item("curveballs", i, "text")),
        ]);
    }
    for (i, answer) in scenario.reference.phases.iter().enumerate() {
        let at = |field| vec![Field("reference"), Field("phases"), Index(i), Field(field)];
        texts.extend([
            (
                "a reference answer's phase",
                answer.phase.as_str(),
                at("phase"),
            ),
            ("a reference answer", &answer.answer, at("answer")),
        ]);
    }
    if let Some((what, text, at)) = texts
        .into_iter()
        .find(|(_, text, _)| text.chars().nth(MAX_LABEL_CHARS).is_some())
    {
        return Some((
            format!(
                "{what} is {} characters long; the limit is {MAX_LABEL_CHARS}",
                text.chars().count()
            ),
            at,
        ));
    }
    diagram_problem(
        &scenario.reference.diagram,
        &[Field("reference"), Field("diagram")],
    )
    .map(|(problem, at)| (format!("reference diagram: {problem}"), at))
}

/// Every built-in scenario, each parsed and validated on its own.
pub fn scenarios(frameworks: &[Framework]) -> Vec<Result<Scenario, StoreError>> {
    SCENARIO_FILES
        .iter()
        .map(|(name, text)| parse_scenario(text, &Path::new("scenarios").join(name), frameworks))
        .collect()
}

/// A paused fraud-detection session whose diagram is the benchmark grid scene of `nodes`
/// boxes (see `model::grid`), for `examples/gen_diagram.rs`, the benches and stress tests.
pub fn grid_session(nodes: usize, seed: u64) -> Result<Session, String> {
    let framework = framework();
    let scenario = scenarios(std::slice::from_ref(framework))
        .into_iter()
        .flatten()
        .find(|s| s.id == "fraud_detection")
        .ok_or("the built-in fraud scenario is missing")?;
    let created = crate::model::Timestamp(1_795_424_400);
    let mut session = Session::start(&scenario, framework, 45, created, Duration::ZERO);
    session.id = format!("grid-{nodes}-{seed}");
    session.diagram = crate::model::grid::grid_diagram(nodes, seed);
    session.drill.pause(Duration::from_secs(60));
    Ok(session)
}

/// The `i`-th of a reproducible series of finished practice sessions, as a library of many
/// saved drills holds them: a 15-box diagram, notes in every phase, one per hour. For the
/// library benches and `examples/gen_library.rs`.
pub fn practice_session(i: usize) -> Result<Session, String> {
    let mut session = grid_session(15, i as u64)?;
    session.id = format!("2026-11-{:02}-fraud-{i:04}", 1 + i % 28);
    session.created.0 += i64::try_from(i).unwrap_or(0) * 3600;
    let notes = "Peak 10k TPS, p99 under 100 ms. Labels arrive late (chargebacks, 30-60 days). \
                 Class imbalance 0.1%; PR-AUC offline, dollar loss online.\n"
        .repeat(6);
    for phase in &mut session.drill.phases {
        phase.notes.clone_from(&notes);
        phase.elapsed_ms = 240_000;
    }
    session.drill.status = crate::model::DrillStatus::Finished;
    Ok(session)
}
