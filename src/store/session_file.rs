//! Loading and saving one session file, with schema-version checks.

use std::path::Path;

use serde::Deserialize;

use crate::model::{SCHEMA_VERSION, Session};

use super::atomic::write_atomic;
use super::error::StoreError;
use super::ron_file::{parse, read_text, to_pretty};

/// Just the version of a session file, read before the rest so newer files are refused cleanly.
#[derive(Deserialize)]
struct VersionProbe {
    version: u32,
}

/// Parses a session from text, refusing newer schema versions and broken diagrams.
pub fn parse_session(text: &str, path: &Path) -> Result<Session, StoreError> {
    if text.trim().is_empty() {
        return Err(StoreError::invalid(path, "the file is empty"));
    }
    if let Ok(probe) = parse::<VersionProbe>(text, path)
        && probe.version > SCHEMA_VERSION
    {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: probe.version,
            supported: SCHEMA_VERSION,
        });
    }
    let session: Session = parse(text, path)?;
    if session.version == 0 {
        return Err(StoreError::invalid(path, "schema version 0 does not exist"));
    }
    if let Some(problem) = session.diagram.problems().first() {
        return Err(StoreError::invalid(path, format!("diagram: {problem}")));
    }
    Ok(session)
}

/// Reads and parses a session file.
pub fn load_session(path: &Path) -> Result<Session, StoreError> {
    let text = read_text(path)?;
    parse_session(&text, path)
}

/// Writes a session atomically as pretty RON.
pub fn save_session(session: &Session, path: &Path) -> Result<(), StoreError> {
    let text = to_pretty(session, path)?;
    write_atomic(path, text.as_bytes())
}
