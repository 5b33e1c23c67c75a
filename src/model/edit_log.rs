//! The edit log: every change made during a drill, stamped with its drill time, so review can
//! replay the drill second by second (`model::replay`).
//!
//! The log is append-only. The one exception is the notes entry being typed: keystrokes within
//! one second of the entry's first one are folded into it, so typing costs at most one entry a
//! second. Everything before that open entry is settled (`EditLog::settled`) and never changes,
//! which is what a writer may put on disk.

use serde::{Deserialize, Serialize};

use super::capacity::ScratchpadField;
use super::diagram_ops::DiagramCommand;
use super::session::InterviewEvent;

/// Keystrokes in a phase's notes within this long of an entry's first one join that entry.
pub const NOTES_WINDOW_MS: u64 = 1_000;

/// One change, at a drill time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Drill time of the change, in milliseconds (the sum of all phases' time, as
    /// `DrillState::now_ms` gives it). Never less than the entry before's.
    pub at_ms: u64,
    /// What changed.
    pub event: EditEvent,
}

/// What changed: one entry of the edit log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EditEvent {
    /// A diagram command as it was applied: an edit, or an undo or redo (the inverse command).
    Diagram(DiagramCommand),
    /// A phase's notes changed by a small text diff.
    Notes {
        /// The phase's index in the framework.
        phase: usize,
        /// The change.
        edit: TextEdit,
    },
    /// A checklist prompt was ticked or unticked.
    Checklist {
        /// The phase's index.
        phase: usize,
        /// The prompt's index in the phase.
        prompt: usize,
        /// Whether it is ticked now.
        ticked: bool,
    },
    /// A question asked, an assumption stated or a follow-up card shown: the event as the
    /// drill's interviewer log holds it.
    Interview(InterviewEvent),
    /// The follow-up card at `index` of the interviewer log was acknowledged (at the entry's
    /// time).
    Acknowledged {
        /// Its index in the interviewer log.
        index: usize,
    },
    /// The interviewer log was cut back to its first `len` events. Only a drill resumed after
    /// a crash logs this: its log had recorded events that its last save had not, and the
    /// drill goes on from the save.
    InterviewTrimmed {
        /// How many events are kept.
        len: usize,
    },
    /// A scratchpad input changed.
    Scratchpad {
        /// Which input.
        field: ScratchpadField,
        /// Its new value.
        value: f64,
    },
    /// The clock was stopped (a finished drill reopened is paused too).
    Paused,
    /// The clock was restarted.
    Resumed,
    /// The candidate moved to another phase.
    Phase {
        /// The phase's index.
        index: usize,
    },
    /// The drill was finished.
    Finished,
}

/// A text change: `removed` bytes from byte offset `start` replaced by `inserted`. Typing
/// changes one place at a time, so this is small where a whole copy of the notes is not.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextEdit {
    /// Byte offset of the change (on a character boundary).
    pub start: usize,
    /// How many bytes were removed from `start`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub removed: usize,
    /// The text put in their place.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub inserted: String,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference.
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Why a text edit does not fit the text it is applied to; the text is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a notes change at byte {start} (removing {removed}) does not fit notes of {len} bytes")]
pub struct TextEditMismatch {
    /// The edit's start.
    pub start: usize,
    /// The bytes it removes.
    pub removed: usize,
    /// The text's length.
    pub len: usize,
}

impl TextEdit {
    /// The smallest single change that turns `before` into `after`: their common start and
    /// end are kept, the middle is replaced. Offsets fall on character boundaries.
    pub fn between(before: &str, after: &str) -> Self {
        let prefix = common_prefix(before, after);
        let (before_rest, after_rest) = (&before[prefix..], &after[prefix..]);
        let suffix = common_suffix(before_rest, after_rest);
        TextEdit {
            start: prefix,
            removed: before_rest.len() - suffix,
            inserted: after_rest[..after_rest.len() - suffix].to_owned(),
        }
    }

    /// Whether the edit changes nothing.
    pub fn is_noop(&self) -> bool {
        self.removed == 0 && self.inserted.is_empty()
    }

    /// Applies the edit; an edit that does not fit (past the end, or splitting a character)
    /// is refused and the text left alone, so a damaged log never panics.
    pub fn apply(&self, text: &mut String) -> Result<(), TextEditMismatch> {
        let end = self.start.checked_add(self.removed);
        match end {
            Some(end)
                if end <= text.len()
                    && text.is_char_boundary(self.start)
                    && text.is_char_boundary(end) =>
            {
                text.replace_range(self.start..end, &self.inserted);
                Ok(())
            }
            _ => Err(TextEditMismatch {
                start: self.start,
                removed: self.removed,
                len: text.len(),
            }),
        }
    }
}

/// Bytes at the start shared by `a` and `b`, by whole characters.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars()
        .zip(b.chars())
        .take_while(|(ca, cb)| ca == cb)
        .map(|(c, _)| c.len_utf8())
        .sum()
}

/// Bytes at the end shared by `a` and `b`, starting on a character boundary of both.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(ca, cb)| ca == cb)
        .map(|(c, _)| c.len_utf8())
        .sum()
}

/// The notes entry still being typed: the last entry of the log, open to more keystrokes.
#[derive(Clone, Debug, PartialEq)]
struct OpenNotes {
    /// The phase typed in.
    phase: usize,
    /// Drill time of the entry's first keystroke.
    since_ms: u64,
    /// The notes as they were before it.
    before: String,
}

/// The edit log of one drill, in memory: entries in drill-time order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditLog {
    entries: Vec<LogEntry>,
    /// Set while the last entry is a notes entry that may still take keystrokes.
    open_notes: Option<OpenNotes>,
}

impl EditLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// A log of entries read back (from a `.replay` file); all of them are settled.
    pub fn from_entries(entries: Vec<LogEntry>) -> Self {
        Self {
            entries,
            open_notes: None,
        }
    }

    /// Every entry, the open notes entry (if any) included.
    pub fn entries(&self) -> &[LogEntry] {
        &self.entries
    }

    /// The entries that will never change: all but an open notes entry.
    pub fn settled(&self) -> &[LogEntry] {
        let open = usize::from(self.open_notes.is_some());
        &self.entries[..self.entries.len() - open]
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing has been logged.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the last entry is a notes entry still open to more keystrokes.
    pub fn has_open_notes(&self) -> bool {
        self.open_notes.is_some()
    }

    /// The last entry's drill time, 0 when empty.
    pub fn last_ms(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.at_ms)
    }

    /// Appends an event at `at_ms` (raised to the last entry's time, so the log stays in
    /// order); an open notes entry is settled first.
    pub fn record(&mut self, at_ms: u64, event: EditEvent) {
        self.open_notes = None;
        let at_ms = at_ms.max(self.last_ms());
        self.entries.push(LogEntry { at_ms, event });
    }

    /// Logs that phase `phase`'s notes went from `before` to `after`. Within `NOTES_WINDOW_MS`
    /// of the open notes entry's first keystroke, in the same phase and with nothing logged
    /// since, the change joins that entry (which takes this time); otherwise it starts a new
    /// one. A change that ends where the entry began removes the entry.
    pub fn notes_changed(&mut self, at_ms: u64, phase: usize, before: &str, after: &str) {
        let at_ms = at_ms.max(self.last_ms());
        if let Some(open) = &self.open_notes
            && open.phase == phase
            && at_ms < open.since_ms.saturating_add(NOTES_WINDOW_MS)
        {
            let edit = TextEdit::between(&open.before, after);
            if edit.is_noop() {
                self.entries.pop();
                self.open_notes = None;
            } else if let Some(last) = self.entries.last_mut() {
                *last = LogEntry {
                    at_ms,
                    event: EditEvent::Notes { phase, edit },
                };
            }
            return;
        }
        let edit = TextEdit::between(before, after);
        if edit.is_noop() {
            return;
        }
        self.record(at_ms, EditEvent::Notes { phase, edit });
        self.open_notes = Some(OpenNotes {
            phase,
            since_ms: at_ms,
            before: before.to_owned(),
        });
    }

    /// Closes the open notes entry once its window has passed at drill time `now_ms` (or
    /// always, for `u64::MAX`), so a writer can put it on disk.
    pub fn settle(&mut self, now_ms: u64) {
        if let Some(open) = &self.open_notes
            && now_ms >= open.since_ms.saturating_add(NOTES_WINDOW_MS)
        {
            self.open_notes = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notes_entries(log: &EditLog) -> Vec<(u64, TextEdit)> {
        log.entries()
            .iter()
            .filter_map(|e| match &e.event {
                EditEvent::Notes { edit, .. } => Some((e.at_ms, edit.clone())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_text_edit_is_the_changed_middle() {
        let edit = TextEdit::between("feature store", "feature online store");
        assert_eq!(
            edit,
            TextEdit {
                start: 8,
                removed: 0,
                inserted: "online ".to_owned()
            }
        );
        let mut text = "feature store".to_owned();
        edit.apply(&mut text).expect("fits");
        assert_eq!(text, "feature online store");
    }

    #[test]
    fn text_edits_fall_on_character_boundaries() {
        // "é" and "è" share their first UTF-8 byte; the edit must not split them.
        for (before, after) in [
            ("café", "cafè"),
            ("日本語", "日本人"),
            ("a😀b", "a😃b"),
            ("", "ü"),
            ("ü", ""),
            ("aaa", "aa"),
            ("abcabc", "abc"),
        ] {
            let edit = TextEdit::between(before, after);
            let mut text = before.to_owned();
            edit.apply(&mut text).expect("fits");
            assert_eq!(text, after, "{before} → {after}");
        }
    }

    #[test]
    fn an_edit_that_does_not_fit_is_refused_and_changes_nothing() {
        let mut text = "日本".to_owned();
        for edit in [
            TextEdit {
                start: 1,
                removed: 0,
                inserted: "x".to_owned(),
            },
            TextEdit {
                start: 0,
                removed: 99,
                inserted: String::new(),
            },
            TextEdit {
                start: usize::MAX,
                removed: usize::MAX,
                inserted: String::new(),
            },
        ] {
            assert!(edit.apply(&mut text).is_err());
            assert_eq!(text, "日本");
        }
    }

    #[test]
    fn typing_within_a_second_is_one_entry() {
        let mut log = EditLog::new();
        let mut text = String::new();
        for (i, c) in "feature store".chars().enumerate() {
            let before = text.clone();
            text.push(c);
            log.notes_changed(10_000 + i as u64 * 70, 0, &before, &text);
        }
        // 13 keystrokes 70 ms apart span 840 ms: one entry, stamped with the last keystroke.
        assert_eq!(
            notes_entries(&log),
            vec![(
                10_840,
                TextEdit {
                    start: 0,
                    removed: 0,
                    inserted: "feature store".to_owned()
                }
            )]
        );
        assert!(log.settled().is_empty(), "the entry is still open");
        log.settle(10_999);
        assert!(log.settled().is_empty());
        log.settle(11_000);
        assert_eq!(log.settled().len(), 1);
    }

    #[test]
    fn typing_for_three_seconds_makes_three_entries() {
        let mut log = EditLog::new();
        let mut text = String::new();
        for i in 0..30u64 {
            let before = text.clone();
            text.push('x');
            log.notes_changed(i * 100, 0, &before, &text);
        }
        let entries = notes_entries(&log);
        assert_eq!(entries.len(), 3);
        assert_eq!(
            entries.iter().map(|(at, _)| *at).collect::<Vec<_>>(),
            [900, 1900, 2900]
        );
        let mut replayed = String::new();
        for (_, edit) in &entries {
            edit.apply(&mut replayed).expect("fits");
        }
        assert_eq!(replayed, text);
    }

    #[test]
    fn another_phase_or_event_starts_a_new_notes_entry() {
        let mut log = EditLog::new();
        log.notes_changed(0, 0, "", "a");
        log.notes_changed(100, 1, "", "b");
        log.record(150, EditEvent::Paused);
        log.notes_changed(200, 1, "b", "bc");
        assert_eq!(log.len(), 4);
        assert_eq!(log.settled().len(), 3);
    }

    #[test]
    fn typing_then_deleting_within_the_window_leaves_no_entry() {
        let mut log = EditLog::new();
        log.notes_changed(0, 2, "plan", "plan!");
        log.notes_changed(300, 2, "plan!", "plan");
        assert!(log.is_empty());
        // A change that is no change is never logged.
        log.notes_changed(400, 2, "plan", "plan");
        assert!(log.is_empty());
    }

    #[test]
    fn times_never_go_backwards() {
        let mut log = EditLog::new();
        log.record(5_000, EditEvent::Paused);
        log.record(4_000, EditEvent::Resumed);
        log.notes_changed(3_000, 0, "", "x");
        let times: Vec<u64> = log.entries().iter().map(|e| e.at_ms).collect();
        assert_eq!(times, [5_000, 5_000, 5_000]);
    }
}
