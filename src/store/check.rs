//! `drillboard check`: validate scenario or session files without a window.

use std::path::Path;

use crate::model::{Framework, Scenario};

use super::builtin::{parse_framework, parse_scenario};
use super::catalog::Catalog;
use super::error::StoreError;
use super::graded::parse_example;
use super::migrate::{VersionField, probe_version};
use super::ron_file::read_text;
use super::session_file::parse_session;

/// What a checked file turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckedFile {
    /// A valid scenario.
    Scenario,
    /// A valid session.
    Session,
    /// A valid framework, its interviewer rules included.
    Framework,
    /// A valid graded example, with the band its official marks reach under the scoring
    /// model (`None` if they reach none) beside its official band.
    Example {
        /// The official band.
        official: crate::model::scoring::Band,
        /// The band the scoring model gives the official marks.
        model: Option<crate::model::scoring::Band>,
    },
}

/// Validates one file, deciding from its content whether it is a session or a scenario. A
/// session that a repaired load would fix is an error listing every repair (`NeedsRepair`).
pub fn check_file(path: &Path, frameworks: &[Framework]) -> Result<CheckedFile, StoreError> {
    let text = read_text(path)?;
    if looks_like_framework(&text) {
        parse_framework(&text, path).map(|_| CheckedFile::Framework)
    } else if looks_like_session(&text) {
        parse_session(&text, path).map(|_| CheckedFile::Session)
    } else {
        parse_scenario(&text, path, frameworks).map(|_| CheckedFile::Scenario)
    }
}

/// Validates one file like `check_file`, and a scenario also against the catalog: an id that
/// a built-in scenario or another library file already uses is an error, as the app would
/// refuse it.
pub fn check_file_in(path: &Path, catalog: &Catalog) -> Result<CheckedFile, StoreError> {
    let text = read_text(path)?;
    if looks_like_example(&text) {
        let scenarios: Vec<&Scenario> = catalog.entries.iter().map(|e| &e.scenario).collect();
        let example = parse_example(&text, path, &scenarios, &catalog.frameworks)?;
        let model = catalog.scenario(&example.scenario_id).and_then(|scenario| {
            let framework = catalog.framework(&scenario.framework)?;
            example.official_result(scenario, framework)
        });
        return Ok(CheckedFile::Example {
            official: example.band,
            model: model.map(|r| r.band),
        });
    }
    if looks_like_framework(&text) {
        return parse_framework(&text, path).map(|_| CheckedFile::Framework);
    }
    if looks_like_session(&text) {
        return parse_session(&text, path).map(|_| CheckedFile::Session);
    }
    let scenario = parse_scenario(&text, path, &catalog.frameworks)?;
    catalog.check_scenario_file(&scenario, path)?;
    Ok(CheckedFile::Scenario)
}

/// Checks a scenario file against the built-in quality bar (`Scenario::authoring_problems`)
/// as well as for validity. The file may replace the built-in scenario of the same id, as
/// when editing the built-ins. Returns the quality problems, one line each; an invalid file
/// is an error as in `check_file`.
pub fn check_scenario_strict(path: &Path, catalog: &Catalog) -> Result<Vec<String>, StoreError> {
    let text = read_text(path)?;
    let scenario = parse_scenario(&text, path, &catalog.frameworks)?;
    let Some(framework) = catalog.framework(&scenario.framework) else {
        return Ok(vec![format!("unknown framework `{}`", scenario.framework)]);
    };
    Ok(scenario.authoring_problems(framework))
}

/// Graded examples carry official marks and no version; sessions and scenarios have no
/// `official` field.
fn looks_like_example(text: &str) -> bool {
    probe_version(text) == VersionField::Missing && text.contains("official:")
}

/// Frameworks carry `drill_minutes` and no version; no session or scenario has that field.
fn looks_like_framework(text: &str) -> bool {
    probe_version(text) == VersionField::Missing
        && super::migrate::field_offset(text, "drill_minutes", 0).is_some()
}

/// Sessions carry a top-level `version` and a `scenario_id`; scenarios have neither. The
/// version alone is enough, so a truncated session is still checked as a session.
fn looks_like_session(text: &str) -> bool {
    probe_version(text) != VersionField::Missing || text.contains("scenario_id")
}
