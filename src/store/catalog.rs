//! Everything a drill can be started from: frameworks, the signal rubric and all scenarios.

use std::path::PathBuf;

use crate::model::{Framework, Scenario, SignalSet};

use super::builtin;
use super::error::StoreError;
use super::library::Library;

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
    /// Scenario files that could not be used, with why.
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
        let dir = library.scenarios_dir();
        for result in library.user_scenarios(&frameworks) {
            match result {
                Ok(scenario) if entries.iter().any(|e| e.scenario.id == scenario.id) => {
                    problems.push(format!(
                        "{}: scenario id `{}` is already used by another scenario",
                        dir.join(format!("{}.ron", scenario.id)).display(),
                        scenario.id
                    ));
                }
                Ok(scenario) => {
                    let path = dir.join(format!("{}.ron", scenario.id));
                    entries.push(CatalogEntry {
                        scenario,
                        source: ScenarioSource::User(path),
                    });
                }
                Err(err) => problems.push(err.to_string()),
            }
        }
        entries[..builtin_count].sort_by(|a, b| a.scenario.title.cmp(&b.scenario.title));
        entries[builtin_count..].sort_by(|a, b| a.scenario.title.cmp(&b.scenario.title));
        Ok(Self {
            frameworks,
            signals,
            entries,
            problems,
        })
    }

    /// Finds a scenario by id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.entries
            .iter()
            .map(|e| &e.scenario)
            .find(|s| s.id == id)
    }

    /// Finds a framework by id.
    pub fn framework(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }
}
