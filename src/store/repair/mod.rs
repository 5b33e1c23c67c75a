//! Opening broken or hostile session files: whatever can be fixed without guessing is fixed,
//! and every change is reported as a warning.
//!
//! A *repaired* load ([`load_session_repaired`]) drops edges to missing nodes, later duplicates
//! by id, and nodes or zones with a NaN, infinite or absurd position; resets absurd sizes;
//! renumbers ids too large to count past; cuts over-long text; puts phase records back in the
//! framework's order (adding empty ones that are missing and moving the notes of unknown ones
//! to the last phase, so no notes are lost); and clamps times, indexes and levels into range.
//!
//! A *strict* load (`session_file::parse_session`, used by the library listing, the autosave
//! read-back and `drillboard check`) is a repaired load that needed no repair: any warning
//! refuses the file with [`StoreError::NeedsRepair`], listing the same warnings. A repaired
//! load without warnings changes nothing, so both read a healthy file identically.
//!
//! Errors that no repair can fix (syntax errors, wrong types, numbers out of range, a newer
//! schema, an unknown framework) fail both loads with the file's name and, where the parser
//! knows it, line and column.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use crate::model::{
    Diagram, DrillState, Framework, InterviewEvent, NodeId, PhaseRecord, Scratchpad, Session,
    capacity::ScratchpadField, session::Evidence,
};

use super::builtin;
use super::error::StoreError;
use super::migrate::parse_any_version;
use super::ron_file::{Outline, Step, UnknownField, check_size, read_text, strip_bom};
use crate::model::session::PromptSource;
use Step::{Field, Index};

mod diagram;
use diagram::repair_diagram;

pub use crate::model::limits::{
    MAX_EDGES, MAX_LABEL_CHARS, MAX_LOG_EVENTS, MAX_NODES, MAX_NOTES_BYTES, MAX_SCRATCHPAD_VALUE,
    MAX_SNAPSHOTS, MAX_ZONES,
};
/// Time in one phase is capped at a year: more is a broken file, and the cap keeps sums of
/// phase times far from overflowing.
pub const MAX_PHASE_MS: u64 = 366 * 24 * 3600 * 1000;
/// The longest drill, in minutes.
pub const MAX_DRILL_MINUTES: u32 = 24 * 60;
/// Ids above this are renumbered, so `next_node_id` and friends can never overflow.
pub const MAX_ID: u64 = 1 << 53;
/// Self-score levels run from 1 to this.
pub const MAX_LEVEL: u8 = 4;
/// Warnings beyond this many are counted, not listed.
const MAX_WARNINGS: usize = 200;

/// A session read for the app to show, with what the app must tell the user about it.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedSession {
    /// The session, repaired.
    pub session: Session,
    /// One line per repair made (empty for a healthy file); show them, and keep the original
    /// (`backup::keep_original`) before anything overwrites the file.
    pub warnings: Vec<String>,
    /// Fields this build does not know (a newer Drillboard or another program wrote them),
    /// with where they are. Saving would drop them, so the session must open read-only.
    pub unknown_fields: Vec<UnknownField>,
}

impl LoadedSession {
    /// Why the session must not be saved over its file, if so: "<file>:<line>:<col>: unknown
    /// field `x` …" for the first unknown field, and how many more there are.
    pub fn read_only_reason(&self, path: &Path) -> Option<String> {
        let first = self.unknown_fields.first()?;
        let more = match self.unknown_fields.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more unknown field)".to_owned(),
            n => format!(" (and {n} more unknown fields)"),
        };
        Some(format!("{}{more}", first.error(path)))
    }
}

/// Reads a session file for the app: repaired, with its warnings and any unknown fields (which
/// make it read-only, see `LoadedSession`). Fails only when nothing usable can be read.
pub fn open_session(path: &Path) -> Result<LoadedSession, StoreError> {
    let text = read_text(path)?;
    parse_session_for_app(&text, path)
}

/// Parses session text like `open_session`.
pub fn parse_session_for_app(text: &str, path: &Path) -> Result<LoadedSession, StoreError> {
    let (session, warnings, unknown_fields) = parse_and_repair(text, path)?;
    Ok(LoadedSession {
        session,
        warnings: warnings.finish(),
        unknown_fields,
    })
}

/// Parses session text strictly: a file that needs any repair is refused with `NeedsRepair`,
/// listing what `parse_session_repaired` would fix, each with the line and column of its item;
/// the error's own position is the first one's. A file with an unknown field is refused like
/// `parse_session_repaired` refuses it.
pub fn parse_session_strict(text: &str, path: &Path) -> Result<Session, StoreError> {
    let (session, warnings, unknown_fields) = parse_and_repair(text, path)?;
    if let Some(unknown) = unknown_fields.first() {
        return Err(unknown.error(path));
    }
    let Some(first) = warnings.repairs.first() else {
        return Ok(session);
    };
    let mut outline = Outline::new(text);
    let (line, col) = outline.line_col(&first.at);
    Err(StoreError::NeedsRepair {
        path: path.to_path_buf(),
        line,
        col,
        problems: warnings.located(&mut outline),
    })
}

/// Parses and repairs session text; the repairs are returned with where their items are.
fn parse_and_repair(
    text: &str,
    path: &Path,
) -> Result<(Session, Warnings, Vec<UnknownField>), StoreError> {
    check_size(text, path)?;
    if strip_bom(text).trim().is_empty() {
        return Err(StoreError::invalid(path, "the file is empty"));
    }
    let (mut session, unknown_fields) = parse_any_version(text, path)?;
    let Some(framework) = framework_of(&session) else {
        let message = unknown_framework(&session);
        return Err(Outline::new(text).error(path, &[Field("framework_id")], message));
    };
    let warnings = repair_with(&mut session, framework, path);
    Ok((session, warnings, unknown_fields))
}

/// Reads a session file, repairing what is safely repairable; returns the session and one
/// warning per repair (empty for a healthy file). A file with a field this build does not know
/// is refused (`StoreError::UnknownField`): whoever saves what this returns would drop it. Use
/// `open_session` to open such a file read-only.
pub fn load_session_repaired(path: &Path) -> Result<(Session, Vec<String>), StoreError> {
    let text = read_text(path)?;
    parse_session_repaired(&text, path)
}

/// Parses session text of any supported schema version, repairing what is safely repairable;
/// returns the session and one warning per repair (empty for a healthy file). Unknown fields
/// are refused, as in `load_session_repaired`.
pub fn parse_session_repaired(
    text: &str,
    path: &Path,
) -> Result<(Session, Vec<String>), StoreError> {
    let loaded = parse_session_for_app(text, path)?;
    if let Some(unknown) = loaded.unknown_fields.first() {
        return Err(unknown.error(path));
    }
    Ok((loaded.session, loaded.warnings))
}

/// Repairs a parsed session in place and returns what was changed. Fails only when the
/// session cannot be used at all: its framework is not one this build has.
pub fn repair_session(session: &mut Session, path: &Path) -> Result<Vec<String>, StoreError> {
    let Some(framework) = framework_of(session) else {
        return Err(StoreError::invalid(path, unknown_framework(session)));
    };
    Ok(repair_with(session, framework, path).finish())
}

/// The built-in framework a session uses, if this build has it.
fn framework_of(session: &Session) -> Option<&'static Framework> {
    known_frameworks()
        .iter()
        .find(|f| f.id == session.framework_id)
}

fn unknown_framework(session: &Session) -> String {
    format!(
        "uses framework {}, which this build of Drillboard does not have",
        preview(&session.framework_id)
    )
}

fn repair_with(session: &mut Session, framework: &Framework, path: &Path) -> Warnings {
    let mut w = Warnings::default();
    repair_id(session, path, &mut w);
    cut_label(
        &mut session.scenario_id,
        || "the scenario id".to_owned(),
        || vec![Field("scenario_id")],
        &mut w,
    );
    cut_label(
        &mut session.scenario_title,
        || "the scenario title".to_owned(),
        || vec![Field("scenario_title")],
        &mut w,
    );
    repair_drill(&mut session.drill, framework, &mut w);
    let renumbered = repair_diagram(&mut session.diagram, "", &[Field("diagram")], &mut w);
    repair_snapshots(session, &mut w);
    repair_scores(session, &renumbered, &mut w);
    w
}

/// Checks a diagram from a file that is not repaired (a scenario's reference diagram): the
/// first problem a repair would fix, if any, with the path of its item (`at` is the
/// diagram's own path).
pub fn diagram_problem(diagram: &Diagram, at: &[Step]) -> Option<(String, Vec<Step>)> {
    let mut copy = diagram.clone();
    let mut w = Warnings::default();
    repair_diagram(&mut copy, "", at, &mut w);
    w.repairs.into_iter().next().map(|r| (r.problem, r.at))
}

/// The built-in frameworks, parsed once.
fn known_frameworks() -> &'static [Framework] {
    static FRAMEWORKS: OnceLock<Vec<Framework>> = OnceLock::new();
    FRAMEWORKS.get_or_init(|| builtin::frameworks().unwrap_or_default())
}

/// One change a repair made.
struct Repair {
    /// What was wrong, e.g. "edge 4 points to missing node 9".
    problem: String,
    /// What was done about it, e.g. "dropped".
    fix: String,
    /// Where the item is in the file (or the list it is in).
    at: Vec<Step>,
}

/// Collects repairs, keeping the first `MAX_WARNINGS` and counting the rest, so a hostile file
/// cannot make the list itself huge. Messages are built only when kept.
#[derive(Default)]
struct Warnings {
    repairs: Vec<Repair>,
    more: usize,
}

impl Warnings {
    fn add(&mut self, at: impl FnOnce() -> Vec<Step>, repair: impl FnOnce() -> (String, String)) {
        if self.repairs.len() < MAX_WARNINGS {
            let (problem, fix) = repair();
            self.repairs.push(Repair {
                problem,
                fix,
                at: at(),
            });
        } else {
            self.more += 1;
        }
    }

    fn finish(self) -> Vec<String> {
        let mut list: Vec<String> = self
            .repairs
            .into_iter()
            .map(|r| format!("{}: {}", r.problem, r.fix))
            .collect();
        if self.more > 0 {
            list.push(format!("and {} more repairs like these", self.more));
        }
        list
    }

    /// Like `finish`, with the line and column of each item: "node 2's label is 20000
    /// characters long (line 41:5): cut to the first 10000".
    fn located(self, outline: &mut Outline<'_>) -> Vec<String> {
        let mut list: Vec<String> = self
            .repairs
            .into_iter()
            .map(|r| {
                let (line, col) = outline.line_col(&r.at);
                format!("{} (line {line}:{col}): {}", r.problem, r.fix)
            })
            .collect();
        if self.more > 0 {
            list.push(format!("and {} more repairs like these", self.more));
        }
        list
    }
}

/// A short, quoted, escaped excerpt of text for a warning.
fn preview(text: &str) -> String {
    const SHOWN: usize = 30;
    let mut shown: String = text.chars().take(SHOWN).collect();
    if text.chars().nth(SHOWN).is_some() {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// "1:02:03" or "02:03", like the drill clock.
fn clock(ms: u64) -> String {
    let secs = ms / 1000;
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

/// Cuts `text` to `MAX_LABEL_CHARS` characters, with a warning naming `what`.
fn cut_label(
    text: &mut String,
    what: impl FnOnce() -> String,
    at: impl FnOnce() -> Vec<Step>,
    w: &mut Warnings,
) {
    if let Some((cut, _)) = text.char_indices().nth(MAX_LABEL_CHARS) {
        let total = MAX_LABEL_CHARS + text[cut..].chars().count();
        text.truncate(cut);
        w.add(at, || {
            (
                format!("{} is {total} characters long", what()),
                format!("cut to the first {MAX_LABEL_CHARS}"),
            )
        });
    }
}

/// Session ids become file names; only these are safe on every platform.
fn is_safe_file_stem(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn repair_id(session: &mut Session, path: &Path, w: &mut Warnings) {
    if is_safe_file_stem(&session.id) {
        return;
    }
    let from_path = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| is_safe_file_stem(s));
    let new_id = from_path.map_or_else(
        || {
            let cleaned: String = session
                .id
                .chars()
                .take(100)
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            if cleaned.is_empty() {
                "session".to_owned()
            } else {
                cleaned
            }
        },
        str::to_owned,
    );
    w.add(
        || vec![Field("id")],
        || {
            (
                format!(
                    "the session id {} is not a safe file name",
                    preview(&session.id)
                ),
                format!("replaced by `{new_id}`"),
            )
        },
    );
    session.id = new_id;
}

fn repair_drill(drill: &mut DrillState, framework: &Framework, w: &mut Warnings) {
    if !(1..=MAX_DRILL_MINUTES).contains(&drill.total_minutes) {
        let clamped = drill.total_minutes.clamp(1, MAX_DRILL_MINUTES);
        w.add(
            || vec![Field("drill"), Field("total_minutes")],
            || {
                (
                    format!(
                        "the drill length of {} minutes is out of range",
                        drill.total_minutes
                    ),
                    format!("set to {clamped}"),
                )
            },
        );
        drill.total_minutes = clamped;
    }
    let origins = reconcile_phases(drill, framework, w);
    for ((record, phase), origin) in drill.phases.iter_mut().zip(&framework.phases).zip(origins) {
        repair_record(record, phase.prompts.len(), origin, w);
    }
    repair_log(&mut drill.log, w);
    repair_scratchpad(&mut drill.scratchpad, w);
}

/// The path of the drill's phase records, or of the `i`-th of them as the file has it.
fn phases_at(i: Option<usize>) -> Vec<Step> {
    let mut at = vec![Field("drill"), Field("phases")];
    at.extend(i.map(Index));
    at
}

/// Makes the phase records match the framework one to one, in order, without losing notes;
/// returns where each record was in the file (the first one, for merged records; `None` for
/// one that was added).
fn reconcile_phases(
    drill: &mut DrillState,
    framework: &Framework,
    w: &mut Warnings,
) -> Vec<Option<usize>> {
    let in_order = drill.phases.len() == framework.phases.len()
        && drill
            .phases
            .iter()
            .zip(&framework.phases)
            .all(|(r, p)| r.phase == p.id);
    if in_order {
        if drill.current >= drill.phases.len() {
            w.add(
                || vec![Field("drill"), Field("current")],
                || {
                    (
                        format!("the current phase number {} is out of range", drill.current),
                        "set to the last phase".to_owned(),
                    )
                },
            );
            drill.current = drill.phases.len().saturating_sub(1);
        }
        return (0..drill.phases.len()).map(Some).collect();
    }
    let records = std::mem::take(&mut drill.phases);
    let current = records.get(drill.current).map(|r| r.phase.clone());
    let mut slots: Vec<Option<(usize, PhaseRecord)>> = vec![None; framework.phases.len()];
    let mut strays = Vec::new();
    let mut first_seen = Vec::new();
    for (i, record) in records.into_iter().enumerate() {
        let Some(index) = framework.phase_index(&record.phase) else {
            strays.push((i, record));
            continue;
        };
        match &mut slots[index] {
            None => {
                first_seen.push(index);
                slots[index] = Some((i, record));
            }
            Some((_, first)) => {
                w.add(
                    || phases_at(Some(i)),
                    || {
                        (
                            format!("phase `{}` has more than one record", first.phase),
                            "merged them (times added, notes joined)".to_owned(),
                        )
                    },
                );
                merge_record(first, record);
            }
        }
    }
    if first_seen.windows(2).any(|pair| pair[0] > pair[1]) {
        w.add(
            || phases_at(None),
            || {
                (
                    "the phase records are not in the framework's order".to_owned(),
                    "reordered".to_owned(),
                )
            },
        );
    }
    let (origins, mut phases): (Vec<Option<usize>>, Vec<PhaseRecord>) = slots
        .into_iter()
        .zip(&framework.phases)
        .map(|(slot, phase)| {
            if let Some((i, record)) = slot {
                return (Some(i), record);
            }
            w.add(
                || phases_at(None),
                || {
                    (
                        format!("phase `{}` has no record", phase.id),
                        "added an empty one".to_owned(),
                    )
                },
            );
            let record = PhaseRecord {
                phase: phase.id.clone(),
                ..PhaseRecord::default()
            };
            (None, record)
        })
        .unzip();
    let Some(last) = phases.last_mut() else {
        return origins;
    };
    for (i, stray) in strays {
        let name = preview(&stray.phase);
        let time = if stray.elapsed_ms > 0 {
            format!(" and its time ({}) dropped", clock(stray.elapsed_ms))
        } else {
            String::new()
        };
        let problem = || {
            format!(
                "phase record {name} is not a phase of framework `{}`",
                framework.id
            )
        };
        if stray.notes.is_empty() {
            w.add(
                || phases_at(Some(i)),
                || (problem(), format!("dropped (it had no notes){time}")),
            );
        } else {
            if !last.notes.is_empty() {
                last.notes.push_str("\n\n");
            }
            let _ = writeln!(last.notes, "[Notes from phase {name}]");
            last.notes.push_str(&stray.notes);
            w.add(
                || phases_at(Some(i)),
                || {
                    (
                        problem(),
                        format!("its notes were moved to the end of `{}`{time}", last.phase),
                    )
                },
            );
        }
    }
    let current = current.and_then(|id| framework.phase_index(&id));
    drill.current = current.unwrap_or_else(|| {
        w.add(
            || vec![Field("drill"), Field("current")],
            || {
                (
                    format!(
                        "the current phase number {} does not name a phase of the framework",
                        drill.current
                    ),
                    "set to the last phase".to_owned(),
                )
            },
        );
        phases.len() - 1
    });
    drill.phases = phases;
    origins
}

fn merge_record(into: &mut PhaseRecord, other: PhaseRecord) {
    into.elapsed_ms = into.elapsed_ms.saturating_add(other.elapsed_ms);
    if !other.notes.is_empty() {
        if !into.notes.is_empty() {
            into.notes.push_str("\n\n");
        }
        into.notes.push_str(&other.notes);
    }
    into.checked.extend(other.checked);
}

fn repair_record(
    record: &mut PhaseRecord,
    prompts: usize,
    origin: Option<usize>,
    w: &mut Warnings,
) {
    let at = |field: &'static str| {
        move || match origin {
            Some(i) => vec![Field("drill"), Field("phases"), Index(i), Field(field)],
            None => phases_at(None),
        }
    };
    if record.elapsed_ms > MAX_PHASE_MS {
        w.add(at("elapsed_ms"), || {
            (
                format!(
                    "phase `{}` has {} ms of drill time, more than a year",
                    record.phase, record.elapsed_ms
                ),
                "cut to a year".to_owned(),
            )
        });
        record.elapsed_ms = MAX_PHASE_MS;
    }
    if record.notes.len() > MAX_NOTES_BYTES {
        let mut cut = MAX_NOTES_BYTES;
        while !record.notes.is_char_boundary(cut) {
            cut -= 1;
        }
        let total = record.notes.len();
        record.notes.truncate(cut);
        w.add(at("notes"), || {
            (
                format!("phase `{}` has {total} bytes of notes", record.phase),
                format!("cut to the first {cut}"),
            )
        });
    }
    let mut seen = BTreeSet::new();
    let bad = record
        .checked
        .iter()
        .any(|i| *i >= prompts || !seen.insert(*i));
    if bad {
        let before = record.checked.len();
        record.checked.sort_unstable();
        record.checked.dedup();
        record.checked.retain(|i| *i < prompts);
        let dropped = before - record.checked.len();
        w.add(at("checked"), || {
            (
                format!(
                    "phase `{}` ticks {dropped} prompts that are repeated or do not exist",
                    record.phase
                ),
                "dropped those ticks".to_owned(),
            )
        });
    }
}

fn repair_log(log: &mut Vec<InterviewEvent>, w: &mut Warnings) {
    if log.len() > MAX_LOG_EVENTS {
        let total = log.len();
        log.truncate(MAX_LOG_EVENTS);
        w.add(|| vec![Field("drill"), Field("log")], || {
            (
                format!(
                    "the interviewer log has {total} entries, more than the {MAX_LOG_EVENTS} limit"
                ),
                format!("dropped the last {}", total - MAX_LOG_EVENTS),
            )
        });
    }
    for (i, event) in log.iter_mut().enumerate() {
        let texts: [Option<&mut String>; 4] = match event {
            InterviewEvent::Asked {
                question,
                asked_as,
                answer,
                phase,
                ..
            } => [Some(question), Some(asked_as), Some(answer), Some(phase)],
            InterviewEvent::Assumed { text, phase, .. } => [Some(text), Some(phase), None, None],
            InterviewEvent::Curveball {
                id, text, phase, ..
            } => [Some(id), Some(text), Some(phase), None],
            InterviewEvent::Prompt {
                text,
                phase,
                source,
                ..
            } => {
                let (PromptSource::Rule { id }
                | PromptSource::Redirect { from: id }
                | PromptSource::Revisit { skipped: id }
                | PromptSource::DeepDive { dive: id, .. }) = source;
                [Some(text), Some(phase), Some(id), None]
            }
        };
        for text in texts.into_iter().flatten() {
            cut_label(
                text,
                || format!("interviewer log entry {}", i + 1),
                || vec![Field("drill"), Field("log"), Index(i)],
                w,
            );
        }
    }
}

fn repair_scratchpad(pad: &mut Scratchpad, w: &mut Warnings) {
    let defaults = Scratchpad::default();
    for (field, value) in pad.reset_invalid() {
        let name = match field {
            ScratchpadField::DailyActiveUsers => "daily_active_users",
            ScratchpadField::ActionsPerUser => "actions_per_user",
            ScratchpadField::PeakFactor => "peak_factor",
            ScratchpadField::RecordBytes => "record_bytes",
            ScratchpadField::RecordsPerDay => "records_per_day",
            ScratchpadField::RetentionDays => "retention_days",
        };
        let at = || vec![Field("drill"), Field("scratchpad"), Field(name)];
        w.add(at, || {
            (
                format!("the scratchpad's {} is {value}", field.label()),
                format!("reset to {}", defaults.get(field)),
            )
        });
    }
}

fn repair_snapshots(session: &mut Session, w: &mut Warnings) {
    if session.snapshots.len() > MAX_SNAPSHOTS {
        let total = session.snapshots.len();
        session.snapshots.truncate(MAX_SNAPSHOTS);
        w.add(
            || vec![Field("snapshots")],
            || {
                (
                    format!(
                        "there are {total} diagram snapshots, more than the {MAX_SNAPSHOTS} limit"
                    ),
                    format!("dropped the last {}", total - MAX_SNAPSHOTS),
                )
            },
        );
    }
    for (i, snapshot) in session.snapshots.iter_mut().enumerate() {
        let n = i + 1;
        cut_label(
            &mut snapshot.phase,
            || format!("snapshot {n}'s phase"),
            || vec![Field("snapshots"), Index(i), Field("phase")],
            w,
        );
        let context = format!("snapshot {n} ({}): ", preview(&snapshot.phase));
        // Version 2 files store most snapshots as changes to the one before, without a
        // `diagram` field; the path then finds the snapshot itself.
        let at = [Field("snapshots"), Index(i), Field("diagram")];
        repair_diagram(&mut snapshot.diagram, &context, &at, w);
    }
}

fn repair_scores(session: &mut Session, renumbered: &[(NodeId, NodeId)], w: &mut Warnings) {
    for (i, sheet) in session.scores.iter_mut().enumerate() {
        let name = format!("score sheet {}", i + 1);
        repair_sheet(sheet, &name, &[Field("scores"), Index(i)], renumbered, w);
    }
    if let Some(draft) = &mut session.score_draft {
        repair_sheet(
            draft,
            "the score draft",
            &[Field("score_draft")],
            renumbered,
            w,
        );
    }
}

/// Repairs one score sheet (a revision or the draft) that `name` describes and `base` leads to.
fn repair_sheet(
    sheet: &mut crate::model::ScoreSheet,
    name: &str,
    base: &[Step],
    renumbered: &[(NodeId, NodeId)],
    w: &mut Warnings,
) {
    let in_range = |level: u8| (1..=MAX_LEVEL).contains(&level);
    let at = |steps: &[Step]| {
        let mut path = base.to_vec();
        path.extend_from_slice(steps);
        path
    };
    if let Some(level) = sheet.predicted_level.filter(|l| !in_range(*l)) {
        let clamped = level.clamp(1, MAX_LEVEL);
        w.add(
            || at(&[Field("predicted_level")]),
            || {
                (
                    format!("{name}'s predicted level {level} is not 1 to {MAX_LEVEL}"),
                    format!("set to {clamped}"),
                )
            },
        );
        sheet.predicted_level = Some(clamped);
    }
    for (k, score) in sheet.signals.iter_mut().enumerate() {
        if !in_range(score.level) {
            let clamped = score.level.clamp(1, MAX_LEVEL);
            w.add(
                || at(&[Field("signals"), Index(k), Field("level")]),
                || {
                    (
                        format!(
                            "{name}'s level {} for {:?} is not 1 to {MAX_LEVEL}",
                            score.level, score.signal
                        ),
                        format!("set to {clamped}"),
                    )
                },
            );
            score.level = clamped;
        }
    }
    if let Some(result) = &sheet.result
        && !result_is_sane(result)
    {
        w.add(
            || at(&[Field("result")]),
            || {
                (
                    format!("{name}'s saved result has numbers out of range"),
                    "dropped it (it is worked out again when the sheet is next saved)".to_owned(),
                )
            },
        );
        sheet.result = None;
    }
    for (k, flag) in sheet.flags.iter_mut().enumerate() {
        cut_label(
            &mut flag.flag,
            || format!("a red flag in {name}"),
            || at(&[Field("flags"), Index(k), Field("flag")]),
            w,
        );
    }
    for (k, item) in sheet.rubric.iter_mut().enumerate() {
        cut_label(
            &mut item.id,
            || format!("{name}'s rubric item id"),
            || at(&[Field("rubric"), Index(k), Field("id")]),
            w,
        );
        cut_label(
            &mut item.phase,
            || format!("{name}'s rubric item phase"),
            || at(&[Field("rubric"), Index(k), Field("phase")]),
            w,
        );
        cut_label(
            &mut item.title,
            || format!("{name}'s rubric item title"),
            || at(&[Field("rubric"), Index(k), Field("title")]),
            w,
        );
    }
    for (k, mark) in sheet.items.iter_mut().enumerate() {
        cut_label(
            &mut mark.item,
            || format!("{name}'s item id"),
            || at(&[Field("items"), Index(k), Field("item")]),
            w,
        );
        for (e, evidence) in mark.evidence.iter_mut().enumerate() {
            match evidence {
                Evidence::Node(id) => {
                    if let Some((_, new)) = renumbered.iter().find(|(old, _)| old == id) {
                        *id = *new;
                    }
                }
                Evidence::Quote(text) => {
                    cut_label(
                        text,
                        || format!("a quote in {name}"),
                        || at(&[Field("items"), Index(k), Field("evidence"), Index(e)]),
                        w,
                    );
                }
            }
        }
    }
}

/// Whether a saved score result's numbers are what the scoring maths can produce.
fn result_is_sane(result: &crate::model::scoring::ScoreResult) -> bool {
    let unit = |v: f32| (0.0..=1.0).contains(&v);
    let level = |v: f32| (1.0..=4.0).contains(&v);
    unit(result.coverage)
        && result.phases.len() <= 64
        && result
            .phases
            .iter()
            .all(|p| unit(p.coverage) && p.phase.len() <= 200)
        && result.signal_average.is_none_or(level)
        && result.level.is_none_or(level)
        && result.core.is_none_or(unit)
        && result
            .calibration_gap
            .is_none_or(|g| (-4.0..=4.0).contains(&g))
}
