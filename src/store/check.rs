//! `drillboard check`: validate scenario or session files without a window.

use std::path::Path;

use crate::model::Framework;

use super::builtin::parse_scenario;
use super::catalog::Catalog;
use super::error::StoreError;
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
}

/// Validates one file, deciding from its content whether it is a session or a scenario. A
/// session that a repaired load would fix is an error listing every repair (`NeedsRepair`).
pub fn check_file(path: &Path, frameworks: &[Framework]) -> Result<CheckedFile, StoreError> {
    let text = read_text(path)?;
    if looks_like_session(&text) {
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

/// Sessions carry a top-level `version` and a `scenario_id`; scenarios have neither. The
/// version alone is enough, so a truncated session is still checked as a session.
fn looks_like_session(text: &str) -> bool {
    probe_version(text) != VersionField::Missing || text.contains("scenario_id")
}
