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

use std::collections::{BTreeSet, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

use crate::model::{
    Diagram, DiagramNode, DrillState, Framework, InterviewEvent, NodeId, PhaseRecord, Point,
    Scratchpad, Session, Size, Zone, diagram::geometry_is_valid, session::Evidence,
};

use super::builtin;
use super::error::StoreError;
use super::migrate::parse_any_version;
use super::ron_file::{UnknownField, check_size, read_text, strip_bom};

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
    check_size(text, path)?;
    if strip_bom(text).trim().is_empty() {
        return Err(StoreError::invalid(path, "the file is empty"));
    }
    let (mut session, unknown_fields) = parse_any_version(text, path)?;
    let warnings = repair_session(&mut session, path)?;
    Ok(LoadedSession {
        session,
        warnings,
        unknown_fields,
    })
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
    let Some(framework) = known_frameworks()
        .iter()
        .find(|f| f.id == session.framework_id)
    else {
        return Err(StoreError::invalid(
            path,
            format!(
                "uses framework {}, which this build of Drillboard does not have",
                preview(&session.framework_id)
            ),
        ));
    };
    let mut w = Warnings::default();
    repair_id(session, path, &mut w);
    cut_label(
        &mut session.scenario_id,
        || "the scenario id".to_owned(),
        &mut w,
    );
    cut_label(
        &mut session.scenario_title,
        || "the scenario title".to_owned(),
        &mut w,
    );
    repair_drill(&mut session.drill, framework, &mut w);
    let renumbered = repair_diagram(&mut session.diagram, "", &mut w);
    repair_snapshots(session, &mut w);
    repair_scores(session, &renumbered, &mut w);
    Ok(w.finish())
}

/// Checks a diagram from a file that is not repaired (a scenario's reference diagram): the
/// first problem a repair would fix, if any.
pub fn diagram_problem(diagram: &Diagram) -> Option<String> {
    let mut copy = diagram.clone();
    let mut w = Warnings::default();
    repair_diagram(&mut copy, "", &mut w);
    w.repairs.into_iter().next().map(|r| r.problem)
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
}

/// Collects repairs, keeping the first `MAX_WARNINGS` and counting the rest, so a hostile file
/// cannot make the list itself huge. Messages are built only when kept.
#[derive(Default)]
struct Warnings {
    repairs: Vec<Repair>,
    more: usize,
}

impl Warnings {
    fn add(&mut self, repair: impl FnOnce() -> (String, String)) {
        if self.repairs.len() < MAX_WARNINGS {
            let (problem, fix) = repair();
            self.repairs.push(Repair { problem, fix });
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
fn cut_label(text: &mut String, what: impl FnOnce() -> String, w: &mut Warnings) {
    if let Some((cut, _)) = text.char_indices().nth(MAX_LABEL_CHARS) {
        let total = MAX_LABEL_CHARS + text[cut..].chars().count();
        text.truncate(cut);
        w.add(|| {
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
    w.add(|| {
        (
            format!(
                "the session id {} is not a safe file name",
                preview(&session.id)
            ),
            format!("replaced by `{new_id}`"),
        )
    });
    session.id = new_id;
}

fn repair_drill(drill: &mut DrillState, framework: &Framework, w: &mut Warnings) {
    if !(1..=MAX_DRILL_MINUTES).contains(&drill.total_minutes) {
        let clamped = drill.total_minutes.clamp(1, MAX_DRILL_MINUTES);
        w.add(|| {
            (
                format!(
                    "the drill length of {} minutes is out of range",
                    drill.total_minutes
                ),
                format!("set to {clamped}"),
            )
        });
        drill.total_minutes = clamped;
    }
    reconcile_phases(drill, framework, w);
    for (record, phase) in drill.phases.iter_mut().zip(&framework.phases) {
        repair_record(record, phase.prompts.len(), w);
    }
    repair_log(&mut drill.log, w);
    repair_scratchpad(&mut drill.scratchpad, w);
}

/// Makes the phase records match the framework one to one, in order, without losing notes.
fn reconcile_phases(drill: &mut DrillState, framework: &Framework, w: &mut Warnings) {
    let in_order = drill.phases.len() == framework.phases.len()
        && drill
            .phases
            .iter()
            .zip(&framework.phases)
            .all(|(r, p)| r.phase == p.id);
    if in_order {
        if drill.current >= drill.phases.len() {
            w.add(|| {
                (
                    format!("the current phase number {} is out of range", drill.current),
                    "set to the last phase".to_owned(),
                )
            });
            drill.current = drill.phases.len().saturating_sub(1);
        }
        return;
    }
    let records = std::mem::take(&mut drill.phases);
    let current = records.get(drill.current).map(|r| r.phase.clone());
    let mut slots: Vec<Option<PhaseRecord>> = vec![None; framework.phases.len()];
    let mut strays = Vec::new();
    let mut first_seen = Vec::new();
    for record in records {
        let Some(index) = framework.phase_index(&record.phase) else {
            strays.push(record);
            continue;
        };
        match &mut slots[index] {
            None => {
                first_seen.push(index);
                slots[index] = Some(record);
            }
            Some(first) => {
                w.add(|| {
                    (
                        format!("phase `{}` has more than one record", first.phase),
                        "merged them (times added, notes joined)".to_owned(),
                    )
                });
                merge_record(first, record);
            }
        }
    }
    if first_seen.windows(2).any(|pair| pair[0] > pair[1]) {
        w.add(|| {
            (
                "the phase records are not in the framework's order".to_owned(),
                "reordered".to_owned(),
            )
        });
    }
    let mut phases: Vec<PhaseRecord> = slots
        .into_iter()
        .zip(&framework.phases)
        .map(|(slot, phase)| {
            slot.unwrap_or_else(|| {
                w.add(|| {
                    (
                        format!("phase `{}` has no record", phase.id),
                        "added an empty one".to_owned(),
                    )
                });
                PhaseRecord {
                    phase: phase.id.clone(),
                    ..PhaseRecord::default()
                }
            })
        })
        .collect();
    let Some(last) = phases.last_mut() else {
        return;
    };
    for stray in strays {
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
            w.add(|| (problem(), format!("dropped (it had no notes){time}")));
        } else {
            if !last.notes.is_empty() {
                last.notes.push_str("\n\n");
            }
            let _ = writeln!(last.notes, "[Notes from phase {name}]");
            last.notes.push_str(&stray.notes);
            w.add(|| {
                (
                    problem(),
                    format!("its notes were moved to the end of `{}`{time}", last.phase),
                )
            });
        }
    }
    let current = current.and_then(|id| framework.phase_index(&id));
    drill.current = current.unwrap_or_else(|| {
        w.add(|| {
            (
                format!(
                    "the current phase number {} does not name a phase of the framework",
                    drill.current
                ),
                "set to the last phase".to_owned(),
            )
        });
        phases.len() - 1
    });
    drill.phases = phases;
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

fn repair_record(record: &mut PhaseRecord, prompts: usize, w: &mut Warnings) {
    if record.elapsed_ms > MAX_PHASE_MS {
        w.add(|| {
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
        w.add(|| {
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
        w.add(|| {
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
        w.add(|| {
            (
                format!(
                    "the interviewer log has {total} entries, more than the {MAX_LOG_EVENTS} limit"
                ),
                format!("dropped the last {}", total - MAX_LOG_EVENTS),
            )
        });
    }
    for (i, event) in log.iter_mut().enumerate() {
        let texts: [Option<&mut String>; 3] = match event {
            InterviewEvent::Asked {
                question,
                answer,
                phase,
                ..
            } => [Some(question), Some(answer), Some(phase)],
            InterviewEvent::Assumed { text, phase, .. } => [Some(text), Some(phase), None],
            InterviewEvent::Curveball {
                id, text, phase, ..
            } => [Some(id), Some(text), Some(phase)],
        };
        for text in texts.into_iter().flatten() {
            cut_label(text, || format!("interviewer log entry {}", i + 1), w);
        }
    }
}

fn repair_scratchpad(pad: &mut Scratchpad, w: &mut Warnings) {
    let defaults = Scratchpad::default();
    for (field, value) in pad.reset_invalid() {
        w.add(|| {
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
        w.add(|| {
            (
                format!("there are {total} diagram snapshots, more than the {MAX_SNAPSHOTS} limit"),
                format!("dropped the last {}", total - MAX_SNAPSHOTS),
            )
        });
    }
    for (i, snapshot) in session.snapshots.iter_mut().enumerate() {
        let n = i + 1;
        cut_label(&mut snapshot.phase, || format!("snapshot {n}'s phase"), w);
        let context = format!("snapshot {n} ({}): ", preview(&snapshot.phase));
        repair_diagram(&mut snapshot.diagram, &context, w);
    }
}

fn repair_scores(session: &mut Session, renumbered: &[(NodeId, NodeId)], w: &mut Warnings) {
    let in_range = |level: u8| (1..=MAX_LEVEL).contains(&level);
    for (i, sheet) in session.scores.iter_mut().enumerate() {
        let n = i + 1;
        if let Some(level) = sheet.predicted_level.filter(|l| !in_range(*l)) {
            let clamped = level.clamp(1, MAX_LEVEL);
            w.add(|| {
                (
                    format!("score sheet {n}'s predicted level {level} is not 1 to {MAX_LEVEL}"),
                    format!("set to {clamped}"),
                )
            });
            sheet.predicted_level = Some(clamped);
        }
        for score in &mut sheet.signals {
            if !in_range(score.level) {
                let clamped = score.level.clamp(1, MAX_LEVEL);
                w.add(|| {
                    (
                        format!(
                            "score sheet {n}'s level {} for {:?} is not 1 to {MAX_LEVEL}",
                            score.level, score.signal
                        ),
                        format!("set to {clamped}"),
                    )
                });
                score.level = clamped;
            }
        }
        if let Some(result) = &sheet.result
            && !result_is_sane(result)
        {
            w.add(|| {
                (
                    format!("score sheet {n}'s saved result has numbers out of range"),
                    "dropped it (it is worked out again when the sheet is next saved)".to_owned(),
                )
            });
            sheet.result = None;
        }
        for mark in &mut sheet.items {
            cut_label(&mut mark.item, || format!("score sheet {n}'s item id"), w);
            for evidence in &mut mark.evidence {
                match evidence {
                    Evidence::Node(id) => {
                        if let Some((_, new)) = renumbered.iter().find(|(old, _)| old == id) {
                            *id = *new;
                        }
                    }
                    Evidence::Quote(text) => {
                        cut_label(text, || format!("a quote in score sheet {n}"), w);
                    }
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
        && level(result.level)
        && result
            .calibration_gap
            .is_none_or(|g| (-3.0..=3.0).contains(&g))
}

/// Repairs a diagram in place so that `Diagram::problems` finds nothing; returns the nodes
/// that were renumbered, as (old id, new id).
fn repair_diagram(diagram: &mut Diagram, context: &str, w: &mut Warnings) -> Vec<(NodeId, NodeId)> {
    for (what, len, limit) in [
        ("nodes", diagram.nodes.len(), MAX_NODES),
        ("edges", diagram.edges.len(), MAX_EDGES),
        ("zones", diagram.zones.len(), MAX_ZONES),
    ] {
        if len > limit {
            w.add(|| {
                (
                    format!("{context}the diagram has {len} {what}, more than the {limit} limit"),
                    format!("dropped the last {}", len - limit),
                )
            });
        }
    }
    diagram.nodes.truncate(MAX_NODES);
    diagram.edges.truncate(MAX_EDGES);
    diagram.zones.truncate(MAX_ZONES);

    let mut node_ids = HashSet::new();
    diagram.nodes.retain_mut(|node| {
        let what = || format!("{context}node {} {}", node.id.0, preview(&node.label));
        if !geometry_is_valid(node.pos, DiagramNode::DEFAULT_SIZE) {
            w.add(|| {
                (
                    format!(
                        "{} has a NaN, infinite or absurd position ({}, {})",
                        what(),
                        node.pos.x,
                        node.pos.y
                    ),
                    "dropped it and its edges".to_owned(),
                )
            });
            return false;
        }
        if !node_ids.insert(node.id) {
            w.add(|| {
                (
                    format!("{} repeats the id of an earlier node", what()),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !size_is_valid(node.size) {
            w.add(|| {
                (
                    format!(
                        "{} has an invalid size ({} × {})",
                        what(),
                        node.size.w,
                        node.size.h
                    ),
                    "reset to the default size".to_owned(),
                )
            });
            node.size = DiagramNode::DEFAULT_SIZE;
        }
        let id = node.id.0;
        cut_label(&mut node.label, || format!("{context}node {id}'s label"), w);
        true
    });

    let mut zone_ids = HashSet::new();
    diagram.zones.retain_mut(|zone| {
        let what = || format!("{context}zone {} {}", zone.id.0, preview(&zone.label));
        if !geometry_is_valid(zone.pos, Zone::DEFAULT_SIZE) {
            w.add(|| {
                (
                    format!(
                        "{} has a NaN, infinite or absurd position ({}, {})",
                        what(),
                        zone.pos.x,
                        zone.pos.y
                    ),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !zone_ids.insert(zone.id) {
            w.add(|| {
                (
                    format!("{} repeats the id of an earlier zone", what()),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !size_is_valid(zone.size) {
            w.add(|| {
                (
                    format!(
                        "{} has an invalid size ({} × {})",
                        what(),
                        zone.size.w,
                        zone.size.h
                    ),
                    "reset to the default size".to_owned(),
                )
            });
            zone.size = Zone::DEFAULT_SIZE;
        }
        let id = zone.id.0;
        cut_label(&mut zone.label, || format!("{context}zone {id}'s label"), w);
        true
    });

    // Dangling ends are checked against the ids as written, before any renumbering, so an
    // edge to a missing node never lands on a renumbered one.
    let mut edge_ids = HashSet::new();
    diagram.edges.retain_mut(|edge| {
        let what = || format!("{context}edge {} {}", edge.id.0, preview(&edge.label));
        if let Some(missing) = [edge.from, edge.to]
            .into_iter()
            .find(|end| !node_ids.contains(end))
        {
            w.add(|| {
                (
                    format!("{} points to missing node {}", what(), missing.0),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !edge_ids.insert(edge.id) {
            w.add(|| {
                (
                    format!("{} repeats the id of an earlier edge", what()),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        let id = edge.id.0;
        cut_label(&mut edge.label, || format!("{context}edge {id}'s label"), w);
        true
    });

    let renumbered: Vec<(NodeId, NodeId)> = renumber(
        diagram.nodes.iter_mut().map(|n| &mut n.id.0),
        &format!("{context}node"),
        w,
    )
    .into_iter()
    .map(|(old, new)| (NodeId(old), NodeId(new)))
    .collect();
    if !renumbered.is_empty() {
        for edge in &mut diagram.edges {
            for end in [&mut edge.from, &mut edge.to] {
                if let Some((_, new)) = renumbered.iter().find(|(old, _)| old == end) {
                    *end = *new;
                }
            }
        }
    }
    renumber(
        diagram.edges.iter_mut().map(|e| &mut e.id.0),
        &format!("{context}edge"),
        w,
    );
    renumber(
        diagram.zones.iter_mut().map(|z| &mut z.id.0),
        &format!("{context}zone"),
        w,
    );
    renumbered
}

/// Whether a size is usable: finite, positive and below the geometry limit.
fn size_is_valid(size: Size) -> bool {
    geometry_is_valid(Point::default(), size)
}

/// Gives ids above `MAX_ID` the smallest unused ids; returns (old, new) for each.
fn renumber<'a>(
    ids: impl Iterator<Item = &'a mut u64>,
    what: &str,
    w: &mut Warnings,
) -> Vec<(u64, u64)> {
    let mut ids: Vec<&mut u64> = ids.collect();
    if ids.iter().all(|id| **id <= MAX_ID) {
        return Vec::new();
    }
    let used: BTreeSet<u64> = ids.iter().map(|id| **id).collect();
    let mut fresh = (1..).filter(|id| !used.contains(id));
    let mut changes = Vec::new();
    for id in ids.iter_mut().filter(|id| ***id > MAX_ID) {
        let Some(new) = fresh.next() else {
            break;
        };
        let old = **id;
        w.add(|| {
            (
                format!("{what} id {old} is too large to count past"),
                format!("renumbered to {new}"),
            )
        });
        **id = new;
        changes.push((old, new));
    }
    changes
}
