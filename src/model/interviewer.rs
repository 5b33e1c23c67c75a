//! The interviewer who pushes back (issue 23): rules over the session as it stands, redirects
//! when a phase overruns or was skipped, and deep dives walked level by level.
//!
//! Everything here is a pure function of the session, the framework, the scenario and the
//! times passed in, so the same state always raises the same prompts (`docs/scenario-format.md`
//! documents the rule language).

use serde::{Deserialize, Serialize};

use super::diagram::NodeKind;
use super::framework::Framework;
use super::scenario::{DeepDive, DiveStep, QuestionTopic, Scenario, Step};
use super::session::{DrillStatus, InterviewEvent, PromptSource, Session};

/// A condition over the session as it stands. Written in RON as `Has(ModelServer)`,
/// `Not(Label(["fallback"]))`, `All([..])` and so on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// Every condition holds (an empty list always holds).
    All(Vec<Condition>),
    /// At least one condition holds (an empty list never holds).
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// The diagram has a box of this kind.
    Has(NodeKind),
    /// The diagram has an arrow from a box of the first kind to a box of the second.
    Edge(NodeKind, NodeKind),
    /// A box label has one of these words (case-insensitive; a word matches the start of a
    /// word, so `fallback` matches "Fallbacks"; several words match as a phrase).
    Label(Vec<String>),
    /// The notes of the phase have one of these words, matched as in `Label`.
    Notes(String, Vec<String>),
    /// The notes of the phase have a number (any word with a digit: "10k", "100ms").
    NotesNumber(String),
    /// The candidate asked a clarifying question on this topic.
    Asked(QuestionTopic),
    /// At least this many minutes were spent in the phase.
    Spent(String, u32),
    /// The drill is in this phase now.
    InPhase(String),
}

/// An interviewer rule: when the drill is in `phase` and `when` holds, the interviewer says
/// `say`. General rules live in the framework file, scenario rules in the scenario file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterviewerRule {
    /// Unique among the framework's rules, or the scenario's. A scenario rule with a
    /// framework rule's id replaces it for that scenario.
    pub id: String,
    /// The phase in which the interviewer raises it.
    pub phase: String,
    /// What must hold of the session.
    pub when: Condition,
    /// The interviewer's words.
    pub say: String,
    /// Rubric items the prompt probes (scenario rules only): raised after the prompt, they are
    /// pre-filled as prompted when scoring.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// Why a rule cannot be used; `at` in [`validate_rules`] says where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// Two rules share an id.
    #[error("two interviewer rules have id `{0}`")]
    DuplicateId(String),
    /// The rule or one of its conditions names a phase the framework lacks.
    #[error("interviewer rule `{rule}` names phase `{phase}`, which the framework does not have")]
    UnknownPhase {
        /// The rule's id.
        rule: String,
        /// The missing phase.
        phase: String,
    },
    /// The rule names a rubric item the scenario lacks, or a framework rule names any item.
    #[error("interviewer rule `{rule}` names rubric item `{item}`, which {owner}")]
    UnknownItem {
        /// The rule's id.
        rule: String,
        /// The item named.
        item: String,
        /// "the scenario does not have" or "a framework rule cannot name".
        owner: &'static str,
    },
    /// Empty words or text.
    #[error("interviewer rule `{0}` has an empty id, prompt or word")]
    Empty(String),
}

/// Checks rules against the framework's phases and, for scenario rules, the rubric item ids
/// (`None` for framework rules, which may not name items). An error comes with the path of
/// the offending part below the rule list.
pub fn validate_rules(
    rules: &[InterviewerRule],
    framework: &Framework,
    rubric: Option<&[String]>,
) -> Result<(), (RuleError, Vec<Step>)> {
    use Step::{Field, Index};
    for (r, rule) in rules.iter().enumerate() {
        let at = |more: &[Step]| {
            let mut path = vec![Index(r)];
            path.extend_from_slice(more);
            path
        };
        if rules[..r].iter().any(|other| other.id == rule.id) {
            return Err((RuleError::DuplicateId(rule.id.clone()), at(&[Field("id")])));
        }
        if rule.id.trim().is_empty() || rule.say.trim().is_empty() {
            return Err((RuleError::Empty(rule.id.clone()), at(&[])));
        }
        let unknown = |phase: &str| RuleError::UnknownPhase {
            rule: rule.id.clone(),
            phase: phase.to_owned(),
        };
        if framework.phase_index(&rule.phase).is_none() {
            return Err((unknown(&rule.phase), at(&[Field("phase")])));
        }
        let mut path = at(&[Field("when")]);
        check_condition(&rule.when, framework, &mut path)
            .map_err(|problem| match problem {
                ConditionProblem::Phase(phase) => unknown(&phase),
                ConditionProblem::EmptyWord => RuleError::Empty(rule.id.clone()),
            })
            .map_err(|error| (error, path.clone()))?;
        for (i, item) in rule.items.iter().enumerate() {
            let owner = match rubric {
                None => "a framework rule cannot name",
                Some(ids) if !ids.contains(item) => "the scenario does not have",
                Some(_) => continue,
            };
            return Err((
                RuleError::UnknownItem {
                    rule: rule.id.clone(),
                    item: item.clone(),
                    owner,
                },
                at(&[Field("items"), Index(i)]),
            ));
        }
    }
    Ok(())
}

enum ConditionProblem {
    Phase(String),
    EmptyWord,
}

/// Checks a condition's phases and words; on error `path` is left pointing at the part that
/// is wrong (variants are counted as one step into their content, as RON writes them).
fn check_condition(
    condition: &Condition,
    framework: &Framework,
    path: &mut Vec<Step>,
) -> Result<(), ConditionProblem> {
    let phase_ok = |phase: &str| {
        if framework.phase_index(phase).is_some() {
            Ok(())
        } else {
            Err(ConditionProblem::Phase(phase.to_owned()))
        }
    };
    let words_ok = |words: &[String]| {
        if words.is_empty() || words.iter().any(|w| normalise(w).trim().is_empty()) {
            Err(ConditionProblem::EmptyWord)
        } else {
            Ok(())
        }
    };
    match condition {
        Condition::All(list) | Condition::Any(list) => {
            for (i, inner) in list.iter().enumerate() {
                path.extend([Step::Index(0), Step::Index(i)]);
                check_condition(inner, framework, path)?;
                path.truncate(path.len() - 2);
            }
            Ok(())
        }
        Condition::Not(inner) => {
            path.push(Step::Index(0));
            check_condition(inner, framework, path)?;
            path.pop();
            Ok(())
        }
        Condition::Has(_) | Condition::Edge(..) | Condition::Asked(_) => Ok(()),
        Condition::Label(words) => words_ok(words),
        Condition::Notes(phase, words) => {
            path.push(Step::Index(0));
            phase_ok(phase)?;
            path.pop();
            words_ok(words)
        }
        Condition::NotesNumber(phase) | Condition::Spent(phase, _) | Condition::InPhase(phase) => {
            path.push(Step::Index(0));
            phase_ok(phase)?;
            path.pop();
            Ok(())
        }
    }
}

/// Lowercase words separated by single spaces, with a space in front, so `contains(" word")`
/// finds a word that starts with `word`.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        out.push(' ');
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether `text` has one of `words` (see [`Condition::Label`]).
fn has_word(text: &str, words: &[String]) -> bool {
    let text = normalise(text);
    words.iter().any(|word| {
        let word = normalise(word);
        !word.is_empty() && text.contains(&word)
    })
}

/// How many words a text has, for "the notes grew by 15 words".
pub fn word_count(text: &str) -> u32 {
    u32::try_from(text.split_whitespace().count()).unwrap_or(u32::MAX)
}

/// What a condition is evaluated against: the session, its scenario's questions and the phase
/// taken as current.
struct Context<'a> {
    session: &'a Session,
    scenario: &'a Scenario,
    current: &'a str,
}

impl Context<'_> {
    fn notes(&self, phase: &str) -> &str {
        self.session
            .drill
            .phases
            .iter()
            .find(|p| p.phase == phase)
            .map_or("", |p| p.notes.as_str())
    }
}

impl Condition {
    fn holds(&self, cx: &Context<'_>) -> bool {
        let diagram = &cx.session.diagram;
        match self {
            Condition::All(list) => list.iter().all(|c| c.holds(cx)),
            Condition::Any(list) => list.iter().any(|c| c.holds(cx)),
            Condition::Not(inner) => !inner.holds(cx),
            Condition::Has(kind) => diagram.nodes.iter().any(|n| n.kind == *kind),
            Condition::Edge(from, to) => diagram.edges.iter().any(|edge| {
                let kind = |id| diagram.node(id).map(|n| n.kind);
                kind(edge.from) == Some(*from) && kind(edge.to) == Some(*to)
            }),
            Condition::Label(words) => diagram.nodes.iter().any(|n| has_word(&n.label, words)),
            Condition::Notes(phase, words) => has_word(cx.notes(phase), words),
            Condition::NotesNumber(phase) => cx
                .notes(phase)
                .split_whitespace()
                .any(|w| w.chars().any(|c| c.is_ascii_digit())),
            Condition::Asked(topic) => cx.session.drill.log.iter().any(|event| {
                matches!(event, InterviewEvent::Asked { question, .. }
                    if cx.scenario.questions.iter().any(|q| q.topic == *topic && &q.question == question))
            }),
            Condition::Spent(phase, minutes) => cx
                .session
                .drill
                .phases
                .iter()
                .find(|p| &p.phase == phase)
                .is_some_and(|p| p.elapsed_ms >= u64::from(*minutes) * 60_000),
            Condition::InPhase(phase) => phase == cx.current,
        }
    }
}

/// Something the interviewer is about to say, not yet logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pushback {
    /// What raised it.
    pub source: PromptSource,
    /// The interviewer's words.
    pub text: String,
    /// Rubric items it probes.
    pub items: Vec<String>,
}

/// A new prompt waits this long after the phase's last one (the issue: at most one new prompt
/// per phase every 3 minutes). Deep-dive follow-ups are paced by the candidate's answers
/// instead.
pub const PROMPT_EVERY_MS: u64 = 180_000;

/// No prompt interrupts typing or drawing: it waits until this long after the last keystroke.
pub const QUIET_AFTER_EDIT_MS: u64 = 5_000;

/// The interviewer lets a phase run this long before pushing back on what it lacks.
pub const RULE_GRACE_MS: u64 = 60_000;

/// A phase is "well over budget" at this share of its budget…
pub const REDIRECT_SHARE: f64 = 1.5;

/// …and at least this far past it, so short phases are not cut off after seconds.
pub const REDIRECT_OVER_MS: u64 = 120_000;

/// A phase passed with fewer words of notes than this (and under 10 % of its time) was
/// skipped.
pub const SKIPPED_NOTES_WORDS: u32 = 5;

/// The next deep-dive level waits for the phase's notes to grow by this many words after the
/// prompt.
pub const DIVE_ANSWER_WORDS: u32 = 15;

/// The interviewer takes a deep dive this many levels down at most.
pub const DIVE_LEVELS: u8 = 3;

/// The rules that apply to a drill on `scenario`: the scenario's own first, then the
/// framework's general rules that no scenario rule replaces, in file order.
pub fn rules_for<'a>(framework: &'a Framework, scenario: &'a Scenario) -> Vec<&'a InterviewerRule> {
    let own = &scenario.interviewer_rules;
    own.iter()
        .chain(
            framework
                .rules
                .iter()
                .filter(|rule| !own.iter().any(|o| o.id == rule.id)),
        )
        .collect()
}

/// Whether the log already holds a prompt from this source (same rule, redirect of the same
/// phase, revisit of the same phase, or deep-dive level).
fn already(session: &Session, source: &PromptSource) -> bool {
    session
        .drill
        .log
        .iter()
        .any(|event| matches!(event, InterviewEvent::Prompt { source: s, .. } if s == source))
}

/// Every prompt the interviewer could raise with `phase` taken as the current phase (default:
/// the drill's), in the order it would raise them, ignoring the pacing rules: a deep dive's
/// next level, a redirect, a return to a skipped phase, the rules that hold, then a deep dive
/// to start. What `drillboard probe` prints.
pub fn candidates(
    session: &Session,
    framework: &Framework,
    scenario: &Scenario,
    phase: Option<&str>,
) -> Vec<Pushback> {
    let current = phase.unwrap_or_else(|| session.drill.current_phase_id());
    let Some(index) = framework.phase_index(current) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    out.extend(next_dive_level(session, scenario, current));
    out.extend(redirect(session, framework, index));
    out.extend(revisit(session, framework, index));
    let cx = Context {
        session,
        scenario,
        current,
    };
    for rule in rules_for(framework, scenario) {
        let source = PromptSource::Rule {
            id: rule.id.clone(),
        };
        if rule.phase == current && !already(session, &source) && rule.when.holds(&cx) {
            out.push(Pushback {
                source,
                text: rule.say.clone(),
                items: rule.items.clone(),
            });
        }
    }
    out.extend(start_dive(session, framework, scenario, current));
    out
}

/// Drill time and quiet needed before the interviewer may speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    /// Milliseconds since the candidate's last keystroke or canvas edit; `None` if none yet.
    pub since_edit_ms: Option<u64>,
}

/// The prompt the interviewer raises now, if any: the first of [`candidates`] the pacing rules
/// allow. Nothing while the drill is not running, while a card of this phase waits to be
/// acknowledged, within
/// `QUIET_AFTER_EDIT_MS` of an edit, or within `PROMPT_EVERY_MS` of the phase's last prompt
/// (deep-dive follow-ups excepted); all but redirects and deep-dive follow-ups wait
/// `RULE_GRACE_MS` into the phase.
pub fn due_prompt(
    session: &Session,
    framework: &Framework,
    scenario: &Scenario,
    pacing: Pacing,
) -> Option<Pushback> {
    let drill = &session.drill;
    if drill.status != DrillStatus::Running || drill.card_waiting_here() {
        return None;
    }
    if pacing
        .since_edit_ms
        .is_some_and(|ms| ms < QUIET_AFTER_EDIT_MS)
    {
        return None;
    }
    let phase = drill.current_phase_id();
    let now = drill.now_ms();
    let last = drill
        .log
        .iter()
        .filter_map(|event| match event {
            InterviewEvent::Prompt {
                phase: p,
                shown_at_ms,
                ..
            } if p == phase => Some(*shown_at_ms),
            _ => None,
        })
        .max();
    let rested = last.is_none_or(|at| now.saturating_sub(at) >= PROMPT_EVERY_MS);
    let in_phase = drill.current_record().map_or(0, |r| r.elapsed_ms);
    candidates(session, framework, scenario, None)
        .into_iter()
        .find(|pushback| match &pushback.source {
            PromptSource::DeepDive { level, .. } if *level > 1 => true,
            PromptSource::Rule { .. }
            | PromptSource::DeepDive { .. }
            | PromptSource::Revisit { .. } => rested && in_phase >= RULE_GRACE_MS,
            PromptSource::Redirect { .. } => rested,
        })
}

/// "Let's move on": the phase at `index` is at least `REDIRECT_SHARE` of its budget and
/// `REDIRECT_OVER_MS` past it, and a phase follows.
fn redirect(session: &Session, framework: &Framework, index: usize) -> Option<Pushback> {
    let drill = &session.drill;
    let record = drill.phases.get(index)?;
    let next = framework.phases.get(index + 1)?;
    let budget = u64::try_from(drill.phase_budget(framework, index).as_millis()).ok()?;
    #[allow(
        clippy::cast_precision_loss,
        reason = "drill times are far below 2^52 ms"
    )]
    let well_over = record.elapsed_ms as f64 >= budget as f64 * REDIRECT_SHARE
        && record.elapsed_ms >= budget + REDIRECT_OVER_MS;
    let source = PromptSource::Redirect {
        from: record.phase.clone(),
    };
    (well_over && !already(session, &source)).then(|| Pushback {
        source,
        text: format!(
            "We're well past the time for {}. Let's move on to {}.",
            phase_name(framework, index),
            next.name.to_lowercase()
        ),
        items: Vec::new(),
    })
}

/// "Before we go on": the first phase before `index` that was passed with under 10 % of its
/// time and almost no notes, not yet come back to.
fn revisit(session: &Session, framework: &Framework, index: usize) -> Option<Pushback> {
    let drill = &session.drill;
    (0..index).find_map(|earlier| {
        let record = drill.phases.get(earlier)?;
        let phase = framework.phases.get(earlier)?;
        let skipped = drill.phase_pace(framework, earlier) == super::drill::Pace::Skipped
            && word_count(&record.notes) < SKIPPED_NOTES_WORDS;
        let source = PromptSource::Revisit {
            skipped: record.phase.clone(),
        };
        (skipped && !already(session, &source)).then(|| Pushback {
            source,
            text: format!(
                "Before we go on: you skipped {}. {}",
                phase.name.to_lowercase(),
                phase.goal
            ),
            items: Vec::new(),
        })
    })
}

fn phase_name(framework: &Framework, index: usize) -> String {
    framework
        .phases
        .get(index)
        .map_or_else(String::new, |p| p.name.to_lowercase())
}

/// The deep dive the drill is walking, with its last logged level: (dive id, level, phase,
/// acknowledged, notes words when shown).
fn dive_in_progress(session: &Session) -> Option<(&str, u8, &str, bool, u32)> {
    session
        .drill
        .log
        .iter()
        .rev()
        .find_map(|event| match event {
            InterviewEvent::Prompt {
                source:
                    PromptSource::DeepDive {
                        dive,
                        level,
                        notes_words,
                    },
                phase,
                acknowledged_at_ms,
                ..
            } => Some((
                dive.as_str(),
                *level,
                phase.as_str(),
                acknowledged_at_ms.is_some(),
                *notes_words,
            )),
            _ => None,
        })
}

/// The step at `level` (1 = the root) along the first branch of each level.
fn dive_step(dive: &DeepDive, level: u8) -> Option<&DiveStep> {
    let mut step = &dive.root;
    for _ in 1..level {
        step = step.deeper.first()?;
    }
    Some(step)
}

fn dive_pushback(session: &Session, dive: &DeepDive, level: u8, phase: &str) -> Option<Pushback> {
    let step = dive_step(dive, level)?;
    let notes = session
        .drill
        .phases
        .iter()
        .find(|p| p.phase == phase)
        .map_or(0, |p| word_count(&p.notes));
    Some(Pushback {
        source: PromptSource::DeepDive {
            dive: dive.id.clone(),
            level,
            notes_words: notes,
        },
        text: step.ask.clone(),
        items: step.items.clone(),
    })
}

/// The next level of the dive being walked: the last level was acknowledged, the drill is
/// still in its phase and that phase's notes grew by `DIVE_ANSWER_WORDS` since it was shown.
fn next_dive_level(session: &Session, scenario: &Scenario, current: &str) -> Option<Pushback> {
    let (id, level, phase, acknowledged, words) = dive_in_progress(session)?;
    let dive = scenario.deep_dives.iter().find(|d| d.id == id)?;
    let notes = session
        .drill
        .phases
        .iter()
        .find(|p| p.phase == phase)
        .map_or(0, |p| word_count(&p.notes));
    let answered = acknowledged && notes >= words.saturating_add(DIVE_ANSWER_WORDS);
    if level >= DIVE_LEVELS || phase != current || !answered {
        return None;
    }
    dive_pushback(session, dive, level + 1, phase)
}

/// A deep dive to start: none has been started in this drill, and the scenario has one that
/// starts in the current phase, which is past the middle of the framework (the last phases:
/// serving, monitoring and edge cases of the seven). The first such dive in file order.
fn start_dive(
    session: &Session,
    framework: &Framework,
    scenario: &Scenario,
    current: &str,
) -> Option<Pushback> {
    if dive_in_progress(session).is_some() {
        return None;
    }
    let index = framework.phase_index(current)?;
    if index * 2 < framework.phases.len() {
        return None;
    }
    let dive = scenario.deep_dives.iter().find(|d| d.phase == current)?;
    dive_pushback(session, dive, 1, current)
}

/// How long after a prompt the review counts what the candidate wrote and drew as the answer.
pub const RESPONSE_WINDOW_MS: u64 = 180_000;

/// What the candidate did in the minutes after a prompt, for the review's prompt → response
/// pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    /// The text added to the prompt's phase notes (the part between what stayed the same at
    /// the start and at the end).
    pub written: String,
    /// The labels (or kinds, for unlabelled boxes) of the boxes drawn.
    pub drawn: Vec<String>,
}

impl Response {
    /// Whether the candidate neither wrote nor drew anything.
    pub fn is_empty(&self) -> bool {
        self.written.trim().is_empty() && self.drawn.is_empty()
    }
}

/// What the replay log shows the candidate wrote in phase `phase` and drew in the
/// `RESPONSE_WINDOW_MS` after drill time `from_ms`.
pub fn response_to(replay: &super::replay::Replay, phase: usize, from_ms: u64) -> Response {
    // Just before the prompt: no prompt comes within seconds of typing, so an edit stamped
    // with the prompt's own millisecond came after it.
    let before = replay.state_at(from_ms.saturating_sub(1));
    let after = replay.state_at(from_ms.saturating_add(RESPONSE_WINDOW_MS));
    let notes = |state: &super::replay::ReplayState| {
        state
            .phases
            .get(phase)
            .map_or_else(String::new, |p| p.notes.clone())
    };
    let drawn = after
        .diagram
        .nodes
        .iter()
        .filter(|n| before.diagram.node(n.id).is_none())
        .map(|n| {
            if n.label.trim().is_empty() {
                n.kind.label().to_owned()
            } else {
                n.label.clone()
            }
        })
        .collect();
    Response {
        written: inserted(&notes(&before), &notes(&after)),
        drawn,
    }
}

/// The text `after` has in place of `before`'s middle: what stays the same at the start and at
/// the end is cut off, as the edit log records notes.
fn inserted(before: &str, after: &str) -> String {
    super::edit_log::TextEdit::between(before, after)
        .inserted
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests;
