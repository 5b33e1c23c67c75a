//! The framework, signal rubric and scenarios compiled into the binary.

use std::path::Path;
use std::sync::OnceLock;

use crate::model::{Framework, Scenario, SignalSet};

use super::error::StoreError;
use super::ron_file::parse;

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

/// Parses and validates one scenario's text against the known frameworks.
pub fn parse_scenario(
    text: &str,
    path: &Path,
    frameworks: &[Framework],
) -> Result<Scenario, StoreError> {
    let scenario: Scenario = parse(text, path)?;
    let Some(framework) = frameworks.iter().find(|f| f.id == scenario.framework) else {
        return Err(StoreError::invalid(
            path,
            format!("unknown framework `{}`", scenario.framework),
        ));
    };
    scenario
        .validate(framework)
        .map_err(|e| StoreError::invalid(path, e.to_string()))?;
    Ok(scenario)
}

/// Every built-in scenario, each parsed and validated on its own.
pub fn scenarios(frameworks: &[Framework]) -> Vec<Result<Scenario, StoreError>> {
    SCENARIO_FILES
        .iter()
        .map(|(name, text)| parse_scenario(text, &Path::new("scenarios").join(name), frameworks))
        .collect()
}
