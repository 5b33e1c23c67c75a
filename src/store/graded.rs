//! Graded example answers (`model::calibration`): the built-in ones under `graded/`, compiled
//! in, and the user's own in the library's `graded/` folder.

use std::path::Path;

use crate::model::calibration::GradedExample;
use crate::model::scenario::Step;
use crate::model::{Framework, Scenario};

use super::builtin::{GRADED_FILES, parse_shared_file};
use super::error::StoreError;
use super::ron_file::Outline;

/// Most characters in any one text of an example (notes, replies, the debrief).
pub const MAX_EXAMPLE_TEXT: usize = 20_000;

/// Most entries in any one list of an example.
pub const MAX_EXAMPLE_ITEMS: usize = 500;

/// Where an example came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExampleSource {
    /// Compiled into the app.
    BuiltIn,
    /// A file in the library's `graded/` folder.
    User(std::path::PathBuf),
}

/// A graded example ready to calibrate on.
#[derive(Clone, Debug)]
pub struct ExampleEntry {
    /// The example.
    pub example: GradedExample,
    /// Built in or the user's.
    pub source: ExampleSource,
}

/// Parses and validates one example's text against the scenarios it may answer.
pub fn parse_example(
    text: &str,
    path: &Path,
    scenarios: &[&Scenario],
    frameworks: &[Framework],
) -> Result<GradedExample, StoreError> {
    let example: GradedExample = parse_shared_file(text, path)?;
    let mut outline = Outline::new(text);
    if let Some((problem, at)) = size_problem(&example) {
        return Err(outline.error(path, &at, problem));
    }
    let Some(scenario) = scenarios.iter().find(|s| s.id == example.scenario_id) else {
        return Err(outline.error(
            path,
            &[Step::Field("scenario_id")],
            format!("unknown scenario `{}`", example.scenario_id),
        ));
    };
    let Some(framework) = frameworks.iter().find(|f| f.id == scenario.framework) else {
        return Err(outline.error(
            path,
            &[Step::Field("scenario_id")],
            format!(
                "the scenario's framework `{}` is not loaded",
                scenario.framework
            ),
        ));
    };
    example
        .validate(scenario, framework)
        .map_err(|(error, at)| outline.error(path, &at, error.to_string()))?;
    Ok(example)
}

/// The first list or text of an example too long to show, if any.
fn size_problem(example: &GradedExample) -> Option<(String, Vec<Step>)> {
    use Step::{Field, Index};
    let lists = [
        ("phases", example.phases.len(), Field("phases")),
        ("asked questions", example.asked.len(), Field("asked")),
        ("follow-ups", example.follow_ups.len(), Field("follow_ups")),
        (
            "official marks",
            example.official.items.len(),
            Field("official"),
        ),
        (
            "official red flags",
            example.official.flags.len(),
            Field("official"),
        ),
        (
            "competency ratings",
            example.official.competencies.len(),
            Field("official"),
        ),
    ];
    if let Some((what, len, at)) = lists.iter().find(|(_, len, _)| *len > MAX_EXAMPLE_ITEMS) {
        return Some((
            format!("has {len} {what}; the limit is {MAX_EXAMPLE_ITEMS}"),
            vec![*at],
        ));
    }
    let mut texts: Vec<(&str, &str, Vec<Step>)> = vec![
        ("the title", &example.title, vec![Field("title")]),
        ("the debrief", &example.debrief, vec![Field("debrief")]),
    ];
    for (i, phase) in example.phases.iter().enumerate() {
        texts.push((
            "a phase's notes",
            &phase.notes,
            vec![Field("phases"), Index(i), Field("notes")],
        ));
    }
    for (i, follow_up) in example.follow_ups.iter().enumerate() {
        texts.push((
            "a reply",
            &follow_up.reply,
            vec![Field("follow_ups"), Index(i), Field("reply")],
        ));
    }
    texts.into_iter().find_map(|(what, text, at)| {
        let n = text.chars().count();
        (n > MAX_EXAMPLE_TEXT).then(|| {
            (
                format!("{what} is {n} characters long; the limit is {MAX_EXAMPLE_TEXT}"),
                at,
            )
        })
    })
}

/// Every built-in example, parsed and validated against the scenarios given.
pub fn builtin_examples(
    scenarios: &[&Scenario],
    frameworks: &[Framework],
) -> Vec<Result<GradedExample, StoreError>> {
    GRADED_FILES
        .iter()
        .map(|(name, text)| {
            parse_example(text, &Path::new("graded").join(name), scenarios, frameworks)
        })
        .collect()
}
