//! The framework, signal rubric and scenarios compiled into the binary.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use crate::model::scenario::{DiveStep, ScenarioError, Step, Step::Field, Step::Index};
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
        .map(|(name, text)| parse_framework(text, &Path::new("assets/frameworks").join(name)))
        .collect()
}

/// Parses and validates one framework's text: unknown fields, and rules naming unknown phases
/// or node kinds, are errors with their line and column (`drillboard check` on a framework
/// file).
pub fn parse_framework(text: &str, path: &Path) -> Result<Framework, StoreError> {
    let framework: Framework = parse_shared_file(text, path)?;
    if let Err((error, at)) = framework.validate_rules() {
        return Err(Outline::new(text).error(path, &at, error.to_string()));
    }
    framework
        .validate()
        .map_err(|e| StoreError::invalid(path, e.to_string()))?;
    Ok(framework)
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

/// Parses a file people share (a scenario, a graded example): no repairs, so an empty file,
/// brackets nested too deeply and any field the type does not have are errors with their line
/// and column.
pub(super) fn parse_shared_file<T: serde::de::DeserializeOwned>(
    text: &str,
    path: &Path,
) -> Result<T, StoreError> {
    check_size(text, path)?;
    if text.trim().is_empty() {
        return Err(StoreError::invalid(path, "the file is empty"));
    }
    // `parse` refuses nesting deeper than the recursion limit. The file's own types refuse
    // unknown fields themselves, listing the known ones; the diagram types they share with
    // sessions only note them, so they are refused here.
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
    let (value, unknown): (T, _) = parse_noting_unknown(text, path)?;
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
    Ok(value)
}

/// Parses and validates one scenario's text against the known frameworks. Scenario files are
/// shared between people, so they are not repaired: anything a session load would repair (an
/// over-long label, NaN in the reference diagram) is an error here.
pub fn parse_scenario(
    text: &str,
    path: &Path,
    frameworks: &[Framework],
) -> Result<Scenario, StoreError> {
    let scenario: Scenario = parse_shared_file(text, path)?;
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
        .and_then(|()| scenario.validate_moved_from(frameworks))
        .map_err(|(error, at)| outline.error(path, &at, error.to_string()))?;
    Ok(scenario)
}

/// Entries in any one list of a scenario (rubric, questions, curveballs…).
pub const MAX_SCENARIO_ITEMS: usize = 1_000;

/// Worked estimates in a scenario. Each quoted input is looked up in the scenario's whole
/// text, so estimates and their inputs are bounded more tightly than other lists.
pub const MAX_ESTIMATES: usize = 50;

/// Inputs of all of a scenario's estimates together.
pub const MAX_ESTIMATE_INPUTS: usize = 200;

/// Deep dives in a scenario.
pub const MAX_DEEP_DIVES: usize = 50;

/// Questions in all of a scenario's deep dives together, at every level.
pub const MAX_DIVE_STEPS: usize = 500;

/// Levels a deep dive may go down (the quality bar asks for 2–3). Walking a dive and drawing
/// it nest once per level, so the bound keeps both shallow whatever a file holds.
pub const MAX_DIVE_DEPTH: usize = 8;

/// The first thing in a scenario too big to show or to validate quickly, if any. Validation
/// compares list entries pairwise, so the list lengths are bounded before it runs.
fn scenario_size_problem(scenario: &Scenario) -> Option<(String, Vec<Step>)> {
    let lists: [(&str, usize, &[Step]); 9] = [
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
            "interviewer rules",
            scenario.interviewer_rules.len(),
            &[Field("interviewer_rules")],
        ),
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
    if let Some(problem) = depth_list_problem(scenario) {
        return Some(problem);
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
    texts.extend(depth_texts(scenario));
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

/// A deep-dive question with the path to it in the file and its level (the root is 1).
type PlacedStep<'a> = (&'a DiveStep, Vec<Step>, usize);

/// Every question of a scenario's deep dives, depth first, with its path and level, walked
/// without recursion so that no file can exhaust the stack. A step deeper than
/// `MAX_DIVE_DEPTH` is listed but not entered, and the walk stops once it has listed more
/// than `MAX_DIVE_STEPS`, as the count is only compared with that limit.
fn dive_steps(scenario: &Scenario) -> Vec<PlacedStep<'_>> {
    let mut out: Vec<PlacedStep<'_>> = Vec::new();
    for (d, dive) in scenario.deep_dives.iter().enumerate() {
        let root_at = vec![Field("deep_dives"), Index(d), Field("root")];
        out.push((&dive.root, root_at.clone(), 1));
        // Each frame: a step, its path, its level and the next of its questions to visit.
        let mut stack = vec![(&dive.root, root_at, 1, 0)];
        while out.len() <= MAX_DIVE_STEPS {
            let Some((step, at, level, next)) = stack.last_mut() else {
                break;
            };
            let Some(child) = step.deeper.get(*next).filter(|_| *level <= MAX_DIVE_DEPTH) else {
                stack.pop();
                continue;
            };
            let mut path = at.clone();
            path.extend([Field("deeper"), Index(*next)]);
            *next += 1;
            let child_level = *level + 1;
            out.push((child, path.clone(), child_level));
            stack.push((child, path, child_level, 0));
        }
    }
    out
}

/// The first list of the estimates, deep dives, model answers by level or sources that is
/// longer (or, for a deep dive, deeper) than its limit.
fn depth_list_problem(scenario: &Scenario) -> Option<(String, Vec<Step>)> {
    let bounded: [(&str, usize, usize, &[Step]); 4] = [
        (
            "worked estimates",
            scenario.estimates.len(),
            MAX_ESTIMATES,
            &[Field("estimates")],
        ),
        (
            "estimate inputs",
            scenario.estimates.iter().map(|e| e.inputs.len()).sum(),
            MAX_ESTIMATE_INPUTS,
            &[Field("estimates")],
        ),
        (
            "deep dives",
            scenario.deep_dives.len(),
            MAX_DEEP_DIVES,
            &[Field("deep_dives")],
        ),
        (
            "model answers by level",
            scenario.reference.levels.len(),
            MAX_SCENARIO_ITEMS,
            &[Field("reference"), Field("levels")],
        ),
    ];
    if let Some((what, len, limit, at)) = bounded.iter().find(|(_, len, limit, _)| len > limit) {
        return Some((
            format!("has {len} {what}; the limit is {limit}"),
            at.to_vec(),
        ));
    }
    let steps = dive_steps(scenario);
    if steps.len() > MAX_DIVE_STEPS {
        return Some((
            format!(
                "has more than {MAX_DIVE_STEPS} deep-dive questions; the limit is {MAX_DIVE_STEPS}"
            ),
            vec![Field("deep_dives")],
        ));
    }
    if let Some((_, at, level)) = steps.iter().find(|(_, _, level)| *level > MAX_DIVE_DEPTH) {
        return Some((
            format!("a deep-dive question is {level} levels down; the limit is {MAX_DIVE_DEPTH}"),
            at.clone(),
        ));
    }
    let counted: [(&str, usize, &[Step]); 3] = [
        (
            "rubric items named by deep-dive questions",
            steps.iter().map(|(step, _, _)| step.items.len()).sum(),
            &[Field("deep_dives")],
        ),
        (
            "phase answers in the model answers by level",
            scenario
                .reference
                .levels
                .iter()
                .map(|l| l.phases.len())
                .sum(),
            &[Field("reference"), Field("levels")],
        ),
        ("sources", scenario.sources.len(), &[Field("sources")]),
    ];
    counted
        .iter()
        .find(|(_, len, _)| *len > MAX_SCENARIO_ITEMS)
        .map(|(what, len, at)| {
            (
                format!("has {len} {what}; the limit is {MAX_SCENARIO_ITEMS}"),
                at.to_vec(),
            )
        })
}

/// Every text of the estimates, deep dives, model answers by level and sources, with what it
/// is and where; the lists are already bounded.
fn depth_texts(scenario: &Scenario) -> Vec<(&'static str, &str, Vec<Step>)> {
    let mut texts: Vec<(&'static str, &str, Vec<Step>)> = Vec::new();
    let under = |at: &[Step], more: &[Step]| {
        let mut path = at.to_vec();
        path.extend_from_slice(more);
        path
    };
    for (e, estimate) in scenario.estimates.iter().enumerate() {
        let at = [Field("estimates"), Index(e)];
        texts.extend([
            (
                "an estimate id",
                estimate.id.as_str(),
                under(&at, &[Field("id")]),
            ),
            (
                "an estimate title",
                &estimate.title,
                under(&at, &[Field("title")]),
            ),
            (
                "an estimate phase",
                &estimate.phase,
                under(&at, &[Field("phase")]),
            ),
            (
                "an estimate formula",
                &estimate.formula,
                under(&at, &[Field("formula")]),
            ),
            (
                "an estimate unit",
                &estimate.unit,
                under(&at, &[Field("unit")]),
            ),
            (
                "an estimate's result quote",
                &estimate.result_quote,
                under(&at, &[Field("result_quote")]),
            ),
            (
                "an estimate conclusion",
                &estimate.conclusion,
                under(&at, &[Field("conclusion")]),
            ),
        ]);
        for (i, input) in estimate.inputs.iter().enumerate() {
            let at = under(&at, &[Field("inputs"), Index(i)]);
            texts.extend([
                (
                    "an estimate input name",
                    input.name.as_str(),
                    under(&at, &[Field("name")]),
                ),
                (
                    "an estimate input unit",
                    &input.unit,
                    under(&at, &[Field("unit")]),
                ),
                (
                    "an estimate input quote",
                    &input.quote,
                    under(&at, &[Field("quote")]),
                ),
            ]);
        }
    }
    for (d, dive) in scenario.deep_dives.iter().enumerate() {
        let at = [Field("deep_dives"), Index(d)];
        texts.extend([
            (
                "a deep dive id",
                dive.id.as_str(),
                under(&at, &[Field("id")]),
            ),
            (
                "a deep dive topic",
                &dive.topic,
                under(&at, &[Field("topic")]),
            ),
            (
                "a deep dive phase",
                &dive.phase,
                under(&at, &[Field("phase")]),
            ),
        ]);
    }
    for (step, at, _) in dive_steps(scenario) {
        texts.extend([
            (
                "a deep-dive question",
                step.ask.as_str(),
                under(&at, &[Field("ask")]),
            ),
            (
                "a deep dive's listen-for line",
                &step.listen_for,
                under(&at, &[Field("listen_for")]),
            ),
        ]);
        texts.extend(step.items.iter().enumerate().map(|(i, id)| {
            (
                "a deep-dive question's item",
                id.as_str(),
                under(&at, &[Field("items"), Index(i)]),
            )
        }));
    }
    for (l, level) in scenario.reference.levels.iter().enumerate() {
        let at = [Field("reference"), Field("levels"), Index(l)];
        texts.push((
            "a model answer's \"what moved the rating\"",
            level.moved.as_str(),
            under(&at, &[Field("moved")]),
        ));
        for (p, answer) in level.phases.iter().enumerate() {
            let at = under(&at, &[Field("phases"), Index(p)]);
            texts.extend([
                (
                    "a model answer's phase",
                    answer.phase.as_str(),
                    under(&at, &[Field("phase")]),
                ),
                (
                    "a model answer by level",
                    &answer.answer,
                    under(&at, &[Field("answer")]),
                ),
            ]);
        }
    }
    texts.extend(scenario.sources.iter().enumerate().map(|(i, source)| {
        (
            "a source",
            source.as_str(),
            vec![Field("sources"), Index(i)],
        )
    }));
    texts
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
