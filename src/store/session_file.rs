//! Loading and saving one session file, with schema-version checks.

use std::path::Path;

use crate::model::Session;

use super::atomic::write_atomic;
use super::error::StoreError;
use super::repair::parse_session_strict;
use super::ron_file::{check_writable_size, read_text, to_pretty};

/// Parses a session strictly: older schema versions are migrated, newer ones refused with
/// `TooNew`, and a file that needs any repair is refused with `NeedsRepair`, which lists what
/// `repair::parse_session_repaired` would fix.
pub fn parse_session(text: &str, path: &Path) -> Result<Session, StoreError> {
    parse_session_strict(text, path)
}

/// Reads and parses a session file strictly (see `parse_session`).
pub fn load_session(path: &Path) -> Result<Session, StoreError> {
    let text = read_text(path)?;
    parse_session(&text, path)
}

/// Writes a session atomically as pretty RON; a session too large to read back is refused
/// (`StoreError::TooLargeToSave`) and nothing is written.
pub fn save_session(session: &Session, path: &Path) -> Result<(), StoreError> {
    let text = to_pretty(session, path)?;
    check_writable_size(&text, path)?;
    write_atomic(path, text.as_bytes())
}
