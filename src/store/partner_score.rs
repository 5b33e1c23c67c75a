//! A partner's score (issue 23): a partner who played the interviewer opens the candidate's
//! session in their own Drillboard, scores it with the normal Score flow and saves the result
//! as this small file, without touching the candidate's session. The candidate imports it; it
//! becomes a revision scored `by: Partner(name)` beside their self-score.
//!
//! The file is versioned on its own ([`PARTNER_SCORE_VERSION`]), names the session and
//! scenario it belongs to, and is checked on read: a newer version, an unknown field, a sheet
//! that is not a partner's or has no verdict is refused with the file's name and, where the
//! parser knows it, the line and column.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{ScoreSheet, Scorer, Session};

use super::atomic::write_atomic;
use super::error::StoreError;
use super::migrate::{VersionField, field_offset, probe_version};
use super::ron_file::{check_writable_size, parse_noting_unknown, read_text, to_pretty};

/// The version of the partner-score file this build writes and reads.
pub const PARTNER_SCORE_VERSION: u32 = 1;

/// The longest partner name kept, in characters.
pub const MAX_PARTNER_NAME: usize = 60;

/// A partner's score of one session, as sent to the candidate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PartnerScore {
    /// Always [`PARTNER_SCORE_VERSION`] when written by this build.
    pub version: u32,
    /// The id of the session scored.
    pub session_id: String,
    /// The scenario of the session scored.
    pub scenario_id: String,
    /// The scenario's title, so the file reads well on its own.
    pub scenario_title: String,
    /// The partner's score sheet; `by` is `Partner(name)`.
    pub sheet: ScoreSheet,
}

impl PartnerScore {
    /// A partner's finished sheet for `session`, marked as theirs.
    pub fn new(session: &Session, name: &str, mut sheet: ScoreSheet) -> Self {
        sheet.by = Scorer::Partner {
            name: clean_name(name),
        };
        Self {
            version: PARTNER_SCORE_VERSION,
            session_id: session.id.clone(),
            scenario_id: session.scenario_id.clone(),
            scenario_title: session.scenario_title.clone(),
            sheet,
        }
    }

    /// The partner's name.
    pub fn partner(&self) -> &str {
        self.sheet.by.partner_name().unwrap_or_default()
    }
}

/// A partner's name as kept: trimmed, control characters dropped, at most
/// [`MAX_PARTNER_NAME`] characters.
pub fn clean_name(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_PARTNER_NAME)
        .collect::<String>()
        .trim_end()
        .to_owned()
}

/// The file name a partner's score is saved under by default:
/// `<session stem>.partner-<name>.ron`, the name reduced to letters, digits, `-` and `_`.
pub fn default_file_name(session_path: &Path, session_id: &str, name: &str) -> String {
    let stem = session_path.file_stem().map_or_else(
        || session_id.to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let slug: String = clean_name(name)
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "partner" } else { slug };
    format!("{stem}.partner-{slug}.ron")
}

/// Writes a partner's score atomically; refused (nothing written) when it would not read
/// back.
pub fn save_partner_score(score: &PartnerScore, path: &Path) -> Result<(), StoreError> {
    check(score, path)?;
    let text = to_pretty(score, path)?;
    check_writable_size(&text, path)?;
    write_atomic(path, text.as_bytes())
}

/// Reads a partner's score and checks it (see [`parse_partner_score`]).
pub fn load_partner_score(path: &Path) -> Result<PartnerScore, StoreError> {
    let text = read_text(path)?;
    parse_partner_score(&text, path)
}

/// Parses a partner's score: a newer version is refused before anything else is read, an
/// unknown field is an error, and the sheet must be a partner's, with a name and a verdict.
pub fn parse_partner_score(text: &str, path: &Path) -> Result<PartnerScore, StoreError> {
    // A session (or anything else) given by mistake is named as such, not as "newer".
    if field_offset(text, "session_id", 0).is_none() && field_offset(text, "version", 0).is_some() {
        return Err(StoreError::invalid(
            path,
            "this is not a Drillboard partner score (it has no `session_id`); a partner score \
             is the file a partner saves with \"Save partner score…\"",
        ));
    }
    match probe_version(text) {
        VersionField::Number { version, .. } if version > PARTNER_SCORE_VERSION => {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported: PARTNER_SCORE_VERSION,
            });
        }
        VersionField::Number { version, line, col } if version != PARTNER_SCORE_VERSION => {
            return Err(StoreError::Parse {
                path: path.to_path_buf(),
                line,
                col,
                message: format!(
                    "partner-score version {version} does not exist (this build writes {PARTNER_SCORE_VERSION})"
                ),
            });
        }
        _ => {}
    }
    let (score, unknown) =
        parse_noting_unknown::<PartnerScore>(text, path).map_err(|err| not_a_score(err, text))?;
    if let Some(field) = unknown.first() {
        return Err(field.error(path));
    }
    check(&score, path)?;
    Ok(score)
}

/// What a partner's score must hold to be imported.
fn check(score: &PartnerScore, path: &Path) -> Result<(), StoreError> {
    let bad = |message: &str| Err(StoreError::invalid(path, message.to_owned()));
    if score.version != PARTNER_SCORE_VERSION {
        return bad("this is not a partner-score file of a version this build knows");
    }
    if score.session_id.trim().is_empty() || score.scenario_id.trim().is_empty() {
        return bad("the partner score does not name the session it scores");
    }
    match &score.sheet.by {
        Scorer::Partner { name } if !name.trim().is_empty() => {
            if name.chars().count() > MAX_PARTNER_NAME || name.chars().any(char::is_control) {
                return bad("the partner's name is too long or has control characters");
            }
        }
        Scorer::Partner { .. } => return bad("the partner score has no partner name"),
        Scorer::Candidate => {
            return bad("this sheet is a self-score, not a partner's (`by` is not Partner)");
        }
    }
    if score.sheet.result.is_none() {
        return bad("the partner score has no verdict; save it from the Score tab");
    }
    if let Some(level) = score
        .sheet
        .signals
        .iter()
        .find(|s| !(1..=4).contains(&s.level))
    {
        return Err(StoreError::invalid(
            path,
            format!(
                "the competency rating {} for {:?} is not 1 to 4",
                level.level, level.signal
            ),
        ));
    }
    Ok(())
}

/// A file without the partner-score fields says so before the parser's detail.
fn not_a_score(err: StoreError, text: &str) -> StoreError {
    match err {
        StoreError::Parse {
            path,
            line,
            col,
            message,
        } if !text.contains("session_id") => StoreError::Parse {
            path,
            line,
            col,
            message: format!(
                "this is not a Drillboard partner score (it has no `session_id`); the reader \
                 stopped here: {message}"
            ),
        },
        other => other,
    }
}

/// Why a partner's score cannot be added to a session.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read or is not a valid partner score.
    #[error("{0}")]
    File(#[from] StoreError),
    /// The score is of another session.
    #[error(
        "{file}: this partner score is for session {found} ({found_scenario}), not this one ({expected}, {expected_scenario})"
    )]
    OtherSession {
        /// The partner file.
        file: PathBuf,
        /// The session id it names.
        found: String,
        /// The scenario it names.
        found_scenario: String,
        /// The session it was imported into.
        expected: String,
        /// That session's scenario.
        expected_scenario: String,
    },
    /// The same score was imported before.
    #[error("{file}: this partner score ({partner}) is already imported")]
    AlreadyImported {
        /// The partner file.
        file: PathBuf,
        /// The partner's name.
        partner: String,
    },
    /// The session with the score added would not read back (evidence that points at nothing,
    /// text past the limits).
    #[error("{file}: the partner score does not fit this session: {reason}")]
    DoesNotFit {
        /// The partner file.
        file: PathBuf,
        /// What the session's reader said.
        reason: String,
    },
}

/// Adds a partner's score to `session` as the partner's revision, after checking it belongs
/// to that session (same session id and scenario), was not imported before and leaves a
/// session that reads back. `file` names the partner file in errors.
pub fn import_partner_score(
    session: &mut Session,
    score: PartnerScore,
    file: &Path,
) -> Result<(), ImportError> {
    if score.session_id != session.id || score.scenario_id != session.scenario_id {
        return Err(ImportError::OtherSession {
            file: file.to_path_buf(),
            found: score.session_id,
            found_scenario: score.scenario_id,
            expected: session.id.clone(),
            expected_scenario: session.scenario_id.clone(),
        });
    }
    if session.scores.contains(&score.sheet) {
        return Err(ImportError::AlreadyImported {
            file: file.to_path_buf(),
            partner: score.partner().to_owned(),
        });
    }
    let mut with = session.clone();
    with.scores.push(score.sheet);
    // The session is saved with the revision in it: it must read back strictly.
    let text = to_pretty(&with, file)?;
    if let Err(err) = super::session_file::parse_session(&text, file) {
        return Err(ImportError::DoesNotFit {
            file: file.to_path_buf(),
            reason: err.to_string(),
        });
    }
    *session = with;
    Ok(())
}
