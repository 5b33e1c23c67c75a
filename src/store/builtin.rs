//! The framework, signal rubric and scenarios compiled into the binary.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use crate::model::scenario::{Locator, ScenarioError};
use crate::model::{Framework, Scenario, Session, SignalSet};

use super::error::StoreError;
use super::migrate::{field_offset, line_col, string_offset, too_deep};
use super::repair::{MAX_LABEL_CHARS, diagram_problem};
use super::ron_file::{RECURSION_LIMIT, check_size, parse, parse_noting_unknown, strip_bom};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

pub use embedded::{FRAMEWORK_FILES, SCENARIO_FILES};

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
    if let Some(problem) = scenario_size_problem(&scenario) {
        return Err(StoreError::invalid(path, problem));
    }
    let text = strip_bom(text);
    let Some(framework) = frameworks.iter().find(|f| f.id == scenario.framework) else {
        return Err(located(
            text,
            path,
            &ScenarioError::UnknownFramework(scenario.framework.clone()),
        ));
    };
    scenario
        .validate(framework)
        .map_err(|e| located(text, path, &e))?;
    Ok(scenario)
}

/// A validation error with the line and column of the offending item, when it can be found
/// in the text.
fn located(text: &str, path: &Path, error: &ScenarioError) -> StoreError {
    let at = match error.locator() {
        Locator::String(value, n) => string_offset(text, value, n),
        Locator::Field(name) => field_offset(text, name, 0),
        Locator::StringThenString(value, field) => {
            string_offset(text, value, 0).and_then(|at| field_offset(text, field, at))
        }
    };
    match at {
        Some(at) => {
            let (line, col) = line_col(text, at);
            StoreError::InvalidAt {
                path: path.to_path_buf(),
                line,
                col,
                message: error.to_string(),
            }
        }
        None => StoreError::invalid(path, error.to_string()),
    }
}

/// Entries in any one list of a scenario (rubric, questions, curveballs…).
pub const MAX_SCENARIO_ITEMS: usize = 1_000;

/// The first thing in a scenario too big to show or to validate quickly, if any. Validation
/// compares list entries pairwise, so the list lengths are bounded before it runs.
fn scenario_size_problem(scenario: &Scenario) -> Option<String> {
    let lists = [
        ("questions", scenario.questions.len()),
        ("rubric items", scenario.rubric.len()),
        ("expected components", scenario.expected_components.len()),
        ("red flags", scenario.red_flags.len()),
        ("curveballs", scenario.curveballs.len()),
        ("reference answers", scenario.reference.phases.len()),
        (
            "rubric items named by expected components",
            scenario
                .expected_components
                .iter()
                .map(|c| c.items.len())
                .sum(),
        ),
    ];
    if let Some((what, len)) = lists.iter().find(|(_, len)| *len > MAX_SCENARIO_ITEMS) {
        return Some(format!(
            "has {len} {what}; the limit is {MAX_SCENARIO_ITEMS}"
        ));
    }
    let mut texts: Vec<(&str, &str)> = vec![
        ("id", &scenario.id),
        ("title", &scenario.title),
        ("category", &scenario.category),
        ("framework", &scenario.framework),
        ("prompt", &scenario.prompt),
        ("context", &scenario.context),
    ];
    for q in &scenario.questions {
        texts.extend([
            ("a question", q.question.as_str()),
            ("an answer", &q.answer),
        ]);
    }
    for item in &scenario.rubric {
        texts.extend([
            ("a rubric item id", item.id.as_str()),
            ("a rubric item phase", &item.phase),
            ("a rubric item title", &item.title),
            ("a rubric item", &item.good),
        ]);
    }
    for component in &scenario.expected_components {
        texts.push(("an expected component", &component.why));
        texts.extend(
            component
                .items
                .iter()
                .map(|i| ("an expected component's item", i.as_str())),
        );
    }
    texts.extend(
        scenario
            .red_flags
            .iter()
            .map(|f| ("a red flag", f.as_str())),
    );
    for card in &scenario.curveballs {
        texts.extend([
            ("a curveball id", card.id.as_str()),
            ("a curveball phase", &card.phase),
            ("a curveball", &card.text),
        ]);
    }
    for answer in &scenario.reference.phases {
        texts.extend([
            ("a reference answer's phase", answer.phase.as_str()),
            ("a reference answer", &answer.answer),
        ]);
    }
    if let Some((what, text)) = texts
        .iter()
        .find(|(_, text)| text.chars().nth(MAX_LABEL_CHARS).is_some())
    {
        return Some(format!(
            "{what} is {} characters long; the limit is {MAX_LABEL_CHARS}",
            text.chars().count()
        ));
    }
    diagram_problem(&scenario.reference.diagram).map(|p| format!("reference diagram: {p}"))
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
