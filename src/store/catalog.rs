//! Everything a drill can be started from: frameworks, the signal rubric and all scenarios.

use std::path::{Path, PathBuf};

use crate::model::calibration::GradedExample;
use crate::model::{Framework, Scenario, SignalSet};

use super::builtin;
use super::error::StoreError;
use super::graded::{ExampleEntry, ExampleSource, builtin_examples, parse_example};
use super::library::Library;
use super::ron_file::{Outline, Step, read_text};

/// The order categories are listed in on the home screen: the product problems most ML
/// system-design loops ask first (ranking families, then risk, then prediction and pricing
/// problems), then perception, then the infrastructure and LLM questions that build on them.
/// A category not named here follows these, alphabetically.
pub const CATEGORY_ORDER: &[&str] = &[
    "Recommendation",
    "Search",
    "Ads",
    "Growth & engagement",
    "Trust & safety",
    "Forecasting",
    "Pricing",
    "Causal inference",
    "Computer vision",
    "ML platform",
    "LLM applications",
];

/// Where a category sorts: its place in `CATEGORY_ORDER`, else after all of them.
pub fn category_rank(category: &str) -> (usize, &str) {
    let place = CATEGORY_ORDER
        .iter()
        .position(|c| c.eq_ignore_ascii_case(category))
        .unwrap_or(CATEGORY_ORDER.len());
    (place, category)
}

/// Where a scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioSource {
    /// Compiled into the app.
    BuiltIn,
    /// A file in the library's `scenarios/` folder.
    User(PathBuf),
}

/// A scenario ready to drill.
#[derive(Clone, Debug)]
pub struct CatalogEntry {
    /// The scenario itself.
    pub scenario: Scenario,
    /// Built in or the user's.
    pub source: ScenarioSource,
}

/// The frameworks, signals and scenarios, plus any files that failed to load.
#[derive(Clone, Debug)]
pub struct Catalog {
    /// Valid frameworks.
    pub frameworks: Vec<Framework>,
    /// The five-signal rubric.
    pub signals: SignalSet,
    /// Valid scenarios: built-in first, then the user's, by title within each.
    pub entries: Vec<CatalogEntry>,
    /// Graded example answers: built-in first, then the user's.
    pub examples: Vec<ExampleEntry>,
    /// Scenario and example files that could not be used, with why.
    pub problems: Vec<String>,
}

impl Catalog {
    /// Loads the built-in data and the user's scenarios from the library.
    pub fn load(library: &Library) -> Result<Self, StoreError> {
        let frameworks = builtin::frameworks()?;
        let signals = builtin::signals()?;
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        for result in builtin::scenarios(&frameworks) {
            match result {
                Ok(scenario) => entries.push(CatalogEntry {
                    scenario,
                    source: ScenarioSource::BuiltIn,
                }),
                Err(err) => problems.push(err.to_string()),
            }
        }
        let builtin_count = entries.len();
        for (path, result) in library.user_scenario_files(&frameworks) {
            let checked = result.and_then(|scenario| match id_clash(&entries, &scenario, &path) {
                Some(err) => Err(err),
                None => Ok(scenario),
            });
            match checked {
                Ok(scenario) => entries.push(CatalogEntry {
                    scenario,
                    source: ScenarioSource::User(path),
                }),
                Err(err) => problems.push(err.to_string()),
            }
        }
        entries[..builtin_count].sort_by(|a, b| a.scenario.title.cmp(&b.scenario.title));
        entries[builtin_count..].sort_by(|a, b| a.scenario.title.cmp(&b.scenario.title));
        let examples = load_examples(library, &entries, &frameworks, &mut problems);
        Ok(Self {
            frameworks,
            signals,
            entries,
            examples,
            problems,
        })
    }

    /// Checks a scenario file as `drillboard check` does, and also against this catalog: a
    /// scenario whose id another one already uses (a built-in one, or another file in the
    /// library) would be refused when the app loads it.
    pub fn check_scenario_file(&self, scenario: &Scenario, path: &Path) -> Result<(), StoreError> {
        let others: Vec<CatalogEntry> = self
            .entries
            .iter()
            .filter(|e| match &e.source {
                // Checking the file itself, or a built-in scenario's own file.
                ScenarioSource::User(p) => !same_file(p, path),
                ScenarioSource::BuiltIn => e.scenario != *scenario,
            })
            .cloned()
            .collect();
        id_clash(&others, scenario, path).map_or(Ok(()), Err)
    }

    /// The graded examples of a scenario, in file order.
    pub fn examples_for(&self, scenario_id: &str) -> Vec<&GradedExample> {
        self.examples
            .iter()
            .map(|e| &e.example)
            .filter(|e| e.scenario_id == scenario_id)
            .collect()
    }

    /// Finds a graded example by id.
    pub fn example(&self, id: &str) -> Option<&GradedExample> {
        self.examples
            .iter()
            .map(|e| &e.example)
            .find(|e| e.id == id)
    }

    /// Finds a scenario by id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.entries
            .iter()
            .map(|e| &e.scenario)
            .find(|s| s.id == id)
    }

    /// The categories of all scenarios, once each, in `CATEGORY_ORDER`.
    pub fn categories(&self) -> Vec<&str> {
        let mut categories: Vec<&str> = self
            .entries
            .iter()
            .map(|e| e.scenario.category.as_str())
            .collect();
        categories.sort_by(|a, b| category_rank(a).cmp(&category_rank(b)));
        categories.dedup();
        categories
    }

    /// Finds a framework by id.
    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}

/// The error for a scenario whose id an entry already uses, naming the file and the line of
/// its id, and where the other one comes from.
fn id_clash(entries: &[CatalogEntry], scenario: &Scenario, path: &Path) -> Option<StoreError> {
    let other = entries.iter().find(|e| e.scenario.id == scenario.id)?;
    let from = match &other.source {
        ScenarioSource::BuiltIn => format!("the built-in scenario “{}”", other.scenario.title),
        ScenarioSource::User(file) => format!("{}", file.display()),
    };
    let message = format!(
        "scenario id `{}` is already used by {from}; give this one another id",
        scenario.id
    );
    // The file was read moments ago to parse it; if it cannot be read again, the message
    // still names it.
    Some(match read_text(path) {
        Ok(text) => Outline::new(&text).error(path, &[Step::Field("id")], message),
        Err(_) => StoreError::invalid(path, message),
    })
}

/// Whether two paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        )
}

/// The built-in examples and the library's, against the loaded scenarios; files that fail, or
/// reuse an id, go to `problems`.
fn load_examples(
    library: &Library,
    entries: &[CatalogEntry],
    frameworks: &[Framework],
    problems: &mut Vec<String>,
) -> Vec<ExampleEntry> {
    let scenarios: Vec<&Scenario> = entries.iter().map(|e| &e.scenario).collect();
    let mut examples: Vec<ExampleEntry> = Vec::new();
    let builtin = builtin_examples(&scenarios, frameworks)
        .into_iter()
        .map(|r| (ExampleSource::BuiltIn, r));
    let user = library.user_example_files().into_iter().map(|path| {
        let result =
            read_text(&path).and_then(|text| parse_example(&text, &path, &scenarios, frameworks));
        (ExampleSource::User(path), result)
    });
    for (source, result) in builtin.chain(user) {
        match result {
            Ok(example) if examples.iter().any(|e| e.example.id == example.id) => {
                let place = match &source {
                    ExampleSource::User(path) => path.display().to_string(),
                    ExampleSource::BuiltIn => "a built-in example".to_owned(),
                };
                problems.push(format!(
                    "{place}: example id `{}` is already used by another example",
                    example.id
                ));
            }
            Ok(example) => examples.push(ExampleEntry { example, source }),
            Err(err) => problems.push(err.to_string()),
        }
    }
    examples
}
