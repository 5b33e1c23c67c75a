//! Schema versions: reading the version of any session file, refusing newer ones and upgrading
//! older ones to [`SCHEMA_VERSION`].
//!
//! # How a file is read
//!
//! 1. [`probe_version`] finds the top-level `version` field by scanning the text, without
//!    parsing the rest, so a newer file is recognised (and refused untouched) even when its
//!    other fields are unknown to this build or broken.
//! 2. [`VersionedSession::parse`] parses the text with the types of *that* version, so errors
//!    still carry the file's line and column.
//! 3. [`VersionedSession::upgrade`] applies one step per version until the current schema.
//!
//! Migrations are typed rather than done on `ron::Value`: a `Value` drops enum variant names
//! (`Asked(..)` and `Node(3)` both lose their tag), so the log and score evidence would not
//! survive a round trip through it.
//!
//! # Releasing version 2
//!
//! 1. Copy the version-1 types that change into `migrate/v1.rs`; they are frozen from then on.
//! 2. Add `V1(v1::Session)` beside the current `V2(Session)` in [`VersionedSession`], and a
//!    parse arm `1 => parse::<v1::Session>(text, path).map(Self::V1)`.
//! 3. Write the one step `fn v1_to_v2(old: v1::Session) -> Session` and the upgrade arm
//!    `Self::V1(old) => Self::V2(v1_to_v2(old)).upgrade()`.
//! 4. Save `tests/fixtures/session_v2.ron` from the new build; `session_v1.ron` stays as it is
//!    and keeps proving that version-1 files load.

use std::path::Path;

use crate::model::{SCHEMA_VERSION, Session};

use super::error::StoreError;
use super::ron_file::parse;

/// The oldest schema version this build still reads; a fixture of every version from here to
/// `SCHEMA_VERSION` lives in `tests/fixtures/`.
pub const OLDEST_VERSION: u32 = 1;

/// What the top-level `version` field of a file holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VersionField {
    /// No top-level `version` field was found.
    Missing,
    /// A version number, with the 1-based line and column of its value.
    Number {
        /// The version.
        version: u32,
        /// Line of the value.
        line: usize,
        /// Column of the value.
        col: usize,
    },
    /// Something that is not a version number, with where it is.
    Unreadable {
        /// The text found after `version:` (shortened).
        found: String,
        /// Line of the value.
        line: usize,
        /// Column of the value.
        col: usize,
    },
}

/// A session parsed with the types of the schema version that wrote it.
#[derive(Debug)]
pub enum VersionedSession {
    /// Version 1, which is also the current schema.
    V1(Session),
}

impl VersionedSession {
    /// Parses text whose `version` field says `version`, with that version's types.
    pub fn parse(version: u32, text: &str, path: &Path) -> Result<Self, StoreError> {
        match version {
            1 => {
                let session: Session = parse(text, path)?;
                // The probe and the parser agree on real files; this catches spellings only
                // the parser understands (`r#version`), so a newer file is never read as v1.
                match session.version {
                    1 => Ok(Self::V1(session)),
                    newer if newer > SCHEMA_VERSION => Err(too_new(path, newer)),
                    other => Err(StoreError::invalid(
                        path,
                        format!("schema version {other} does not exist"),
                    )),
                }
            }
            newer if newer > SCHEMA_VERSION => Err(too_new(path, newer)),
            other => Err(StoreError::invalid(
                path,
                format!("schema version {other} does not exist"),
            )),
        }
    }

    /// Upgrades one version at a time to the current schema.
    pub fn upgrade(self) -> Session {
        match self {
            Self::V1(mut session) => {
                session.version = SCHEMA_VERSION;
                session
            }
        }
    }
}

fn too_new(path: &Path, found: u32) -> StoreError {
    StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        supported: SCHEMA_VERSION,
    }
}

/// Parses a session file of any supported version and upgrades it to the current schema.
/// Newer files are refused with [`StoreError::TooNew`] before anything else is looked at.
pub fn parse_any_version(text: &str, path: &Path) -> Result<Session, StoreError> {
    let version = match probe_version(text) {
        VersionField::Number { version, line, col } => {
            if version > SCHEMA_VERSION {
                return Err(too_new(path, version));
            }
            if version < OLDEST_VERSION {
                return Err(StoreError::Parse {
                    path: path.to_path_buf(),
                    line,
                    col,
                    message: format!(
                        "schema version {version} does not exist (versions start at {OLDEST_VERSION})"
                    ),
                });
            }
            version
        }
        VersionField::Unreadable { found, line, col } => {
            return Err(StoreError::Parse {
                path: path.to_path_buf(),
                line,
                col,
                message: format!(
                    "`version` must be a schema version number (1, 2, …), found `{found}`"
                ),
            });
        }
        // Let the typed parse say what is wrong, with its position: usually the file is not
        // a session at all, or `version` is missing.
        VersionField::Missing => SCHEMA_VERSION,
    };
    VersionedSession::parse(version, text, path).map(VersionedSession::upgrade)
}

/// Finds the top-level `version` field by scanning the text: strings, characters and comments
/// are skipped and brackets counted, so any content (broken, unknown or deeply nested) after or
/// around the field does not matter. Runs in one pass without recursion.
pub fn probe_version(text: &str) -> VersionField {
    let bytes = text.as_bytes();
    let mut depth = 0_usize;
    // Inside a `#![enable(..)]` attribute before the value.
    let mut in_attribute = false;
    // Whether the last significant token at depth 1 was `(` or `,`, where a field name starts.
    let mut at_field_start = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = skip_line_comment(bytes, i);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = skip_block_comment(bytes, i);
                continue;
            }
            b'"' | b'\'' => {
                i = skip_quoted(bytes, i);
                at_field_start = false;
                continue;
            }
            b'r' if is_raw_string_start(bytes, i) => {
                i = skip_raw_string(bytes, i);
                at_field_start = false;
                continue;
            }
            b'#' if depth == 0 => in_attribute = true,
            b'(' | b'[' | b'{' => {
                depth += 1;
                at_field_start = depth == 1 && b == b'(';
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                at_field_start = false;
                if depth == 0 {
                    if !in_attribute {
                        // The top-level value has ended.
                        return VersionField::Missing;
                    }
                    in_attribute = false;
                }
            }
            b',' => at_field_start = depth == 1,
            c if c.is_ascii_whitespace() => {}
            c if is_ident_char(c) => {
                let start = i;
                while i < bytes.len() && is_ident_char(bytes[i]) {
                    i += 1;
                }
                if depth == 1 && at_field_start && &bytes[start..i] == b"version" {
                    let after = skip_blank(bytes, i);
                    if bytes.get(after) == Some(&b':') {
                        return read_version_value(text, skip_blank(bytes, after + 1));
                    }
                }
                at_field_start = false;
                continue;
            }
            _ => at_field_start = false,
        }
        i += 1;
    }
    VersionField::Missing
}

/// Reads the value of `version:` starting at byte `start`.
fn read_version_value(text: &str, start: usize) -> VersionField {
    let bytes = text.as_bytes();
    let mut end = start;
    while end < bytes.len()
        && (bytes[end].is_ascii_alphanumeric() || matches!(bytes[end], b'_' | b'+' | b'-' | b'.'))
    {
        end += 1;
    }
    let (line, col) = line_col(text, start);
    let token = &text[start..end];
    // RON's own integer syntax (`1`, `0x1`, `1_0`), so the probe and the parser agree.
    match ron::from_str::<u64>(token) {
        Ok(version) => match u32::try_from(version) {
            Ok(version) => VersionField::Number { version, line, col },
            Err(_) => VersionField::Unreadable {
                found: token.to_owned(),
                line,
                col,
            },
        },
        Err(_) => VersionField::Unreadable {
            found: text[start..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, ',' | ')'))
                .take(40)
                .collect(),
            line,
            col,
        },
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Skips whitespace and comments from `i`.
fn skip_blank(bytes: &[u8], mut i: usize) -> usize {
    loop {
        match bytes.get(i) {
            Some(c) if c.is_ascii_whitespace() => i += 1,
            Some(b'/') if bytes.get(i + 1) == Some(&b'/') => i = skip_line_comment(bytes, i),
            Some(b'/') if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            _ => return i,
        }
    }
}

fn skip_line_comment(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |n| i + n + 1)
}

/// Skips a block comment; RON block comments nest.
fn skip_block_comment(bytes: &[u8], mut i: usize) -> usize {
    let mut level = 0_usize;
    while i < bytes.len() {
        if bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'*') {
            level += 1;
            i += 2;
        } else if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
            level -= 1;
            i += 2;
            if level == 0 {
                return i;
            }
        } else {
            i += 1;
        }
    }
    bytes.len()
}

/// Skips a string or character literal with backslash escapes.
fn skip_quoted(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let mut j = i + 1;
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            c if c == quote => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// `r"…"`, `r#"…"#`, … but not an identifier that merely starts with `r`.
fn is_raw_string_start(bytes: &[u8], i: usize) -> bool {
    if i > 0 && is_ident_char(bytes[i - 1]) {
        return false;
    }
    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
    bytes.get(i + 1 + hashes) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], i: usize) -> usize {
    let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
    let mut j = i + 1 + hashes + 1;
    while j < bytes.len() {
        if bytes[j] == b'"'
            && bytes[j + 1..]
                .iter()
                .take(hashes)
                .filter(|b| **b == b'#')
                .count()
                == hashes
        {
            return j + 1 + hashes;
        }
        j += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(text: &str) -> Option<u32> {
        match probe_version(text) {
            VersionField::Number { version, .. } => Some(version),
            _ => None,
        }
    }

    #[test]
    fn finds_the_top_level_version_wherever_it_is() {
        assert_eq!(version("(version: 1, id: \"x\")"), Some(1));
        assert_eq!(
            version("Session(\n  // a comment: version: 9\n  version: 3,\n)"),
            Some(3)
        );
        assert_eq!(
            version("#![enable(implicit_some)]\n(id: \"version: 5\", version: 0x2)"),
            Some(2)
        );
        assert_eq!(
            version("(a: (version: 7), b: r#\"version: 8\"#, version /* c */ : 4)"),
            Some(4)
        );
        assert_eq!(version("(a: 'v', b: [version], version: 6)"), Some(6));
        assert_eq!(version("(version: 2, rest: [[[[[[ broken"), Some(2));
        assert_eq!(version("(id: \"x\")"), None);
        assert_eq!(version("(inner: (version: 1))"), None);
        assert_eq!(
            version("(a: 1) (version: 2)"),
            None,
            "only the first value counts"
        );
        assert_eq!(version(""), None);
    }

    #[test]
    fn reports_unreadable_versions_with_their_position() {
        assert_eq!(
            probe_version("(\n    version: \"one\",\n)"),
            VersionField::Unreadable {
                found: "\"one\"".into(),
                line: 2,
                col: 14
            }
        );
        assert!(matches!(
            probe_version("(version: 99999999999)"),
            VersionField::Unreadable { .. }
        ));
        assert!(matches!(
            probe_version("(version: 1e400)"),
            VersionField::Unreadable { .. }
        ));
    }

    #[test]
    fn unterminated_strings_and_comments_do_not_hang_or_panic() {
        for text in [
            "(\"",
            "('\\",
            "(/*",
            "(r#\"",
            "(version",
            "(version:",
            "(version: ",
            "(r",
        ] {
            let _ = probe_version(text);
        }
    }
}
