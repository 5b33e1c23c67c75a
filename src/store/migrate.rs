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
//! # Versions
//!
//! - 1: every diagram snapshot held its whole diagram (`migrate/v1.rs`, frozen).
//! - 2: snapshots are stored as the changes from the one before (`model::snapshot_chain`;
//!   `migrate/v2.rs`, frozen).
//! - 3: the competency verdict: sessions have a target level and a score draft; score sheets
//!   predict a band, answer the red-flag check, mark when each item was raised and keep the
//!   rubric they were marked against; results say which model produced them
//!   (`migrate/v3.rs`, frozen).
//! - 4: clarifying questions are typed and matched (`model::ask`): an asked question keeps the
//!   candidate's own words (`asked_as`) beside the scripted question it matched
//!   (`migrate/v4.rs`, frozen).
//! - 5: a session can be a blind calibration of a graded example (`model::calibration`):
//!   `calibration` names the example and its official band (`migrate/v5.rs`, frozen).
//! - 6 (issue 23): the interviewer pushes back (`model::interviewer`): the log holds
//!   `InterviewEvent::Prompt`s, each with its `PromptSource`; and a partner plays the
//!   interviewer: score revisions say who scored them, `by: Candidate` (the default, left
//!   out of files) or `by: Partner(name: ..)` for a partner's score imported beside the
//!   self-score.
//!
//! # Releasing version N + 1
//!
//! 1. Copy the version-N types that change into `migrate/vN.rs`; they are frozen from then on.
//! 2. Add `VN(vN::Session)` beside the current `VN+1(Session)` in [`VersionedSession`], and a
//!    parse arm for version N.
//! 3. Write the one step `fn vN_to_vN+1(old: vN::Session) -> Session` and the upgrade arm
//!    `Self::VN(old) => Self::VN+1(vN_to_vN+1(old)).upgrade()`.
//! 4. Save `tests/fixtures/session_vN+1.ron` from the new build; older fixtures stay as they
//!    are and keep proving that their versions load.

use std::path::Path;

use crate::model::scoring::ScoreResult;
use crate::model::verdict::{Raised, ScoringModel};
use crate::model::{
    DiagramSnapshot, DrillState, InterviewEvent, ItemMark, SCHEMA_VERSION, ScoreSheet, Scorer,
    Session, TargetLevel,
};

use super::error::StoreError;
use super::ron_file::{
    UnknownField, is_ident_char, is_raw_string_start, parse_noting_unknown, skip_blank,
    skip_block_comment, skip_line_comment, skip_quoted, skip_raw_string,
};

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

mod v1;
mod v2;
mod v3;
mod v4;
mod v5;

/// A session parsed with the types of the schema version that wrote it.
#[derive(Debug)]
pub enum VersionedSession {
    /// Version 1: every snapshot held its whole diagram.
    V1(Box<v1::Session>),
    /// Version 2: snapshots are stored as changes from the one before; coverage scoring.
    V2(Box<v2::Session>),
    /// Version 3: the competency verdict.
    V3(Box<v3::Session>),
    /// Version 4: questions are asked in the candidate's own words.
    V4(Box<v4::Session>),
    /// Version 5: a session can be a calibration attempt.
    V5(Box<v5::Session>),
    /// Version 6, the current schema: the log holds the interviewer's prompts, and score
    /// revisions say who scored them.
    V6(Box<Session>),
}

impl VersionedSession {
    /// Parses text whose `version` field says `version`, with that version's types; also
    /// returns the fields those types do not have.
    pub fn parse(
        version: u32,
        text: &str,
        path: &Path,
    ) -> Result<(Self, Vec<UnknownField>), StoreError> {
        // The probe and the parser agree on real files; the check after parsing catches
        // spellings only the parser understands (`r#version`), so a newer file is never read
        // with older types.
        let parsed = match version {
            1 => parse_noting_unknown::<v1::Session>(text, path)
                .map(|(s, unknown)| (s.version, Self::V1(Box::new(s)), unknown))?,
            2 => parse_noting_unknown::<v2::Session>(text, path)
                .map(|(s, unknown)| (s.version, Self::V2(Box::new(s)), unknown))?,
            3 => parse_noting_unknown::<v3::Session>(text, path)
                .map(|(s, unknown)| (s.version, Self::V3(Box::new(s)), unknown))?,
            4 => parse_noting_unknown::<v4::Session>(text, path)
                .map(|(s, unknown)| (s.version, Self::V4(Box::new(s)), unknown))?,
            5 => parse_noting_unknown::<v5::Session>(text, path)
                .map(|(s, unknown)| (s.version, Self::V5(Box::new(s)), unknown))?,
            6 => parse_noting_unknown::<Session>(text, path)
                .map(|(s, unknown)| (s.version, Self::V6(Box::new(s)), unknown))?,
            newer if newer > SCHEMA_VERSION => return Err(too_new(path, newer)),
            other => {
                return Err(StoreError::invalid(
                    path,
                    format!("schema version {other} does not exist"),
                ));
            }
        };
        match parsed {
            (found, session, unknown) if found == version => Ok((session, unknown)),
            (newer, _, _) if newer > SCHEMA_VERSION => Err(too_new(path, newer)),
            (other, _, _) => Err(StoreError::invalid(
                path,
                format!("schema version {other} does not exist"),
            )),
        }
    }

    /// Upgrades one version at a time to the current schema.
    pub fn upgrade(self) -> Session {
        match self {
            Self::V1(old) => Self::V2(Box::new(v1_to_v2(*old))).upgrade(),
            Self::V2(old) => Self::V3(Box::new(v2_to_v3(*old))).upgrade(),
            Self::V3(old) => Self::V4(Box::new(v3_to_v4(*old))).upgrade(),
            Self::V4(old) => Self::V5(Box::new(v4_to_v5(*old))).upgrade(),
            Self::V5(old) => Self::V6(Box::new(v5_to_v6(*old))).upgrade(),
            Self::V6(session) => *session,
        }
    }
}

/// Version 2 stores snapshots compactly; in memory they are the same whole diagrams.
fn v1_to_v2(old: v1::Session) -> v2::Session {
    v2::Session {
        version: 2,
        id: old.id,
        scenario_id: old.scenario_id,
        scenario_title: old.scenario_title,
        framework_id: old.framework_id,
        created: old.created,
        updated: old.updated,
        drill: old.drill,
        diagram: old.diagram,
        snapshots: old
            .snapshots
            .into_iter()
            .map(|s| DiagramSnapshot {
                phase: s.phase,
                at_ms: s.at_ms,
                diagram: s.diagram,
            })
            .collect(),
        scores: old.scores,
    }
}

/// Version 3 scores with competencies. Old revisions keep their marks, signals and result, and
/// are labelled as scored by the coverage model; the session is taken as a senior attempt, the
/// level the old thresholds sat closest to.
fn v2_to_v3(old: v2::Session) -> v3::Session {
    v3::Session {
        version: 3,
        id: old.id,
        scenario_id: old.scenario_id,
        scenario_title: old.scenario_title,
        framework_id: old.framework_id,
        created: old.created,
        updated: old.updated,
        drill: old.drill,
        diagram: old.diagram,
        snapshots: old.snapshots,
        scores: old
            .scores
            .into_iter()
            .map(|sheet| v5::ScoreSheet {
                at: sheet.at,
                model: ScoringModel::Coverage,
                predicted_band: None,
                predicted_level: sheet.predicted_level,
                flags: Vec::new(),
                items: sheet
                    .items
                    .into_iter()
                    .map(|mark| ItemMark {
                        item: mark.item,
                        coverage: mark.coverage,
                        evidence: mark.evidence,
                        raised: Raised::Unprompted,
                        raised_set: false,
                    })
                    .collect(),
                signals: sheet.signals,
                rubric: Vec::new(),
                result: sheet.result.map(|r| ScoreResult {
                    model: ScoringModel::Coverage,
                    band: r.band,
                    uncapped: None,
                    target: None,
                    core: None,
                    crux: None,
                    depth: 0,
                    coverage: r.coverage,
                    phases: r.phases,
                    signal_average: r.signal_average,
                    level: Some(r.level),
                    calibration_gap: r.calibration_gap,
                    phases_over_budget: r.phases_over_budget,
                }),
            })
            .collect(),
        target: TargetLevel::Senior,
        score_draft: None,
    }
}

/// Version 4 keeps the candidate's own words for each asked question. Before it the candidate
/// picked the scripted question from a list, so their words were the scripted text.
fn v3_to_v4(old: v3::Session) -> v4::Session {
    let saved = old.drill;
    let drill = v5::DrillState {
        total_minutes: saved.total_minutes,
        current: saved.current,
        status: saved.status,
        phases: saved.phases,
        scratchpad: saved.scratchpad,
        keep_going: saved.keep_going,
        log: saved
            .log
            .into_iter()
            .map(|event| match event {
                v3::InterviewEvent::Asked {
                    question,
                    answer,
                    phase,
                    at_ms,
                } => v5::InterviewEvent::Asked {
                    asked_as: question.clone(),
                    question,
                    answer,
                    phase,
                    at_ms,
                },
                v3::InterviewEvent::Assumed { text, phase, at_ms } => {
                    v5::InterviewEvent::Assumed { text, phase, at_ms }
                }
                v3::InterviewEvent::Curveball {
                    id,
                    text,
                    phase,
                    shown_at_ms,
                    acknowledged_at_ms,
                } => v5::InterviewEvent::Curveball {
                    id,
                    text,
                    phase,
                    shown_at_ms,
                    acknowledged_at_ms,
                },
            })
            .collect(),
    };
    v4::Session {
        version: 4,
        id: old.id,
        scenario_id: old.scenario_id,
        scenario_title: old.scenario_title,
        framework_id: old.framework_id,
        created: old.created,
        updated: old.updated,
        drill,
        diagram: old.diagram,
        snapshots: old.snapshots,
        scores: old.scores,
        target: old.target,
        score_draft: old.score_draft,
    }
}

/// Version 5 adds calibration attempts; every earlier session was a drill of the user's own.
fn v4_to_v5(old: v4::Session) -> v5::Session {
    v5::Session {
        version: 5,
        id: old.id,
        scenario_id: old.scenario_id,
        scenario_title: old.scenario_title,
        framework_id: old.framework_id,
        created: old.created,
        updated: old.updated,
        drill: old.drill,
        diagram: old.diagram,
        snapshots: old.snapshots,
        scores: old.scores,
        target: old.target,
        score_draft: old.score_draft,
        calibration: None,
    }
}

/// Version 6 (issue 23) adds the interviewer's prompts to the log, which no earlier session
/// has, and says who scored each revision: every earlier revision, and the draft, was the
/// candidate's own.
fn v5_to_v6(old: v5::Session) -> Session {
    let saved = old.drill;
    let mut drill = DrillState::default();
    drill.total_minutes = saved.total_minutes;
    drill.current = saved.current;
    drill.status = saved.status;
    drill.phases = saved.phases;
    drill.scratchpad = saved.scratchpad;
    drill.keep_going = saved.keep_going;
    drill.log = saved
        .log
        .into_iter()
        .map(|event| match event {
            v5::InterviewEvent::Asked {
                question,
                asked_as,
                answer,
                phase,
                at_ms,
            } => InterviewEvent::Asked {
                question,
                asked_as,
                answer,
                phase,
                at_ms,
            },
            v5::InterviewEvent::Assumed { text, phase, at_ms } => {
                InterviewEvent::Assumed { text, phase, at_ms }
            }
            v5::InterviewEvent::Curveball {
                id,
                text,
                phase,
                shown_at_ms,
                acknowledged_at_ms,
            } => InterviewEvent::Curveball {
                id,
                text,
                phase,
                shown_at_ms,
                acknowledged_at_ms,
            },
        })
        .collect();
    Session {
        version: 6,
        id: old.id,
        scenario_id: old.scenario_id,
        scenario_title: old.scenario_title,
        framework_id: old.framework_id,
        created: old.created,
        updated: old.updated,
        drill,
        diagram: old.diagram,
        snapshots: old.snapshots,
        scores: old.scores.into_iter().map(own_score).collect(),
        target: old.target,
        score_draft: old.score_draft.map(own_score),
        calibration: old.calibration,
    }
}

/// A version-5 revision as the candidate's own version-6 revision.
fn own_score(old: v5::ScoreSheet) -> ScoreSheet {
    ScoreSheet {
        at: old.at,
        by: Scorer::Candidate,
        model: old.model,
        predicted_band: old.predicted_band,
        predicted_level: old.predicted_level,
        flags: old.flags,
        items: old.items,
        signals: old.signals,
        rubric: old.rubric,
        result: old.result,
    }
}

fn too_new(path: &Path, found: u32) -> StoreError {
    StoreError::TooNew {
        path: path.to_path_buf(),
        found,
        supported: SCHEMA_VERSION,
    }
}

/// Parses a session file of any supported version and upgrades it to the current schema; also
/// returns the fields this build does not know. Newer files are refused with
/// [`StoreError::TooNew`] before anything else is looked at.
pub fn parse_any_version(
    text: &str,
    path: &Path,
) -> Result<(Session, Vec<UnknownField>), StoreError> {
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
        VersionField::Missing => {
            return VersionedSession::parse(SCHEMA_VERSION, text, path)
                .map(|(session, unknown)| (session.upgrade(), unknown))
                .map_err(|err| not_a_session(err, text));
        }
    };
    VersionedSession::parse(version, text, path)
        .map(|(session, unknown)| (session.upgrade(), unknown))
}

/// Says plainly that a file without a `version` is not a session, before the parser's detail;
/// a file naming a `scenario_id` is a damaged session and keeps the parser's words alone.
fn not_a_session(err: StoreError, text: &str) -> StoreError {
    match err {
        StoreError::Parse {
            path,
            line,
            col,
            message,
        } if !text.contains("scenario_id") => StoreError::Parse {
            path,
            line,
            col,
            message: format!(
                "this is not a Drillboard session file: it has no `version` field, and the \
                 reader stopped here: {message}"
            ),
        },
        other => other,
    }
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

/// The byte offset of the first field named `name` (an identifier followed by `:`) at or after
/// byte `from`, outside strings and comments.
pub fn field_offset(text: &str, name: &str, from: usize) -> Option<usize> {
    find_token(text, from, |bytes, start, end| {
        &bytes[start..end] == name.as_bytes() && bytes.get(skip_blank(bytes, end)) == Some(&b':')
    })
}

/// The byte offset of the `occurrence`-th (0-based) string literal whose content is exactly
/// `value`, outside comments: where an item with that id or phase is written.
pub fn string_offset(text: &str, value: &str, occurrence: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut seen = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_line_comment(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'"' => {
                let end = skip_quoted(bytes, i);
                if text.get(i + 1..end.saturating_sub(1)) == Some(value) {
                    if seen == occurrence {
                        return Some(i);
                    }
                    seen += 1;
                }
                i = end;
            }
            b'\'' => i = skip_quoted(bytes, i),
            b'r' if is_raw_string_start(bytes, i) => i = skip_raw_string(bytes, i),
            _ => i += 1,
        }
    }
    None
}

/// The byte offset of the first bracket that nests deeper than `max_depth`, outside strings
/// and comments: a scan without recursion, for files whose types refuse an unknown field
/// before the parser would reach its recursion limit inside it.
pub fn too_deep(text: &str, max_depth: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0_usize;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(next) = skip_comment_or_string(bytes, i) {
            i = next;
            continue;
        }
        match bytes[i] {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Some(i);
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            c if is_ident_char(c) => {
                while i < bytes.len() && is_ident_char(bytes[i]) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The start of the first identifier at or after `from`, outside strings and comments, for
/// which `is_it(bytes, start, end)` holds.
fn find_token(
    text: &str,
    from: usize,
    is_it: impl Fn(&[u8], usize, usize) -> bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(next) = skip_comment_or_string(bytes, i) {
            i = next;
            continue;
        }
        match bytes[i] {
            c if is_ident_char(c) => {
                let start = i;
                while i < bytes.len() && is_ident_char(bytes[i]) {
                    i += 1;
                }
                if start >= from && is_it(bytes, start, i) {
                    return Some(start);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |n| n + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Where the comment or string starting at `i` ends, if one starts there.
fn skip_comment_or_string(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b'/' if bytes.get(i + 1) == Some(&b'/') => Some(skip_line_comment(bytes, i)),
        b'/' if bytes.get(i + 1) == Some(&b'*') => Some(skip_block_comment(bytes, i)),
        b'"' | b'\'' => Some(skip_quoted(bytes, i)),
        b'r' if is_raw_string_start(bytes, i) => Some(skip_raw_string(bytes, i)),
        _ => None,
    }
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
    fn fields_and_strings_are_found_outside_comments_and_strings() {
        let text = "(\n  // id: \"a\"\n  note: \"id: x\",\n  id: \"a\",\n  b: (id: \"a\"),\n)";
        let at = field_offset(text, "id", 0).expect("found");
        assert_eq!(line_col(text, at), (4, 3));
        let second = field_offset(text, "id", at + 1).expect("found");
        assert_eq!(line_col(text, second), (5, 7));
        assert_eq!(field_offset(text, "missing", 0), None);
        assert_eq!(
            line_col(text, string_offset(text, "a", 0).expect("a")),
            (4, 7)
        );
        assert_eq!(
            line_col(text, string_offset(text, "a", 1).expect("a")),
            (5, 11)
        );
        assert_eq!(string_offset(text, "a", 2), None);
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

    /// Issue 23's step: every version-5 revision and the draft become the candidate's own, and
    /// a version-5 file cannot already hold a partner's revision (`by` is unknown there).
    #[test]
    fn version_5_scores_become_the_candidates_own_in_version_6() {
        let text = include_str!("../../tests/fixtures/session_v5.ron");
        let path = Path::new("session_v5.ron");
        let (session, unknown) = parse_any_version(text, path).expect("parses");
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(session.version, SCHEMA_VERSION);
        assert!(!session.scores.is_empty());
        assert!(session.scores.iter().all(|s| s.by == Scorer::Candidate));
        assert_eq!(
            session.latest_self_score(),
            session.scores.last(),
            "the latest revision is the candidate's"
        );
        assert_eq!(session.latest_partner_score(), None);

        let with_partner = text.replacen(
            "\tscores: [\n\t\t(\n",
            "\tscores: [\n\t\t(\n\t\t\tby: Partner(name: \"Sam\"),\n",
            1,
        );
        assert_ne!(with_partner, text, "the fixture has a revision to mark");
        let (_, unknown) = parse_any_version(&with_partner, path).expect("parses");
        assert_eq!(
            unknown.iter().map(UnknownField::name).collect::<Vec<_>>(),
            ["by"],
            "version 5 never had `by`: a newer writer's field, kept by opening read-only"
        );
        // The same revision in a version-6 file is the partner's.
        let v6 = with_partner.replacen("version: 5,", "version: 6,", 1);
        let (session, unknown) = parse_any_version(&v6, path).expect("parses");
        assert!(unknown.is_empty());
        assert_eq!(
            session.scores[0].by,
            Scorer::Partner {
                name: "Sam".to_owned()
            }
        );
    }
}
