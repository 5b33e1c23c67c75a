//! A practice prompt with its interviewer script, rubric and reference answer.

use serde::{Deserialize, Serialize};

use super::diagram::{Diagram, DiagramProblem, NodeKind, geometry_is_valid};
use super::estimate::{Estimate, EstimateError};
use super::framework::Framework;
use super::rubric::{Signal, TargetLevel};

/// How hard a prompt is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Difficulty {
    /// A focused system with few moving parts.
    Medium,
    /// A full production system with several hard tradeoffs.
    Hard,
    /// Open-ended, many stages, expert depth expected.
    Expert,
}

impl Difficulty {
    /// Every difficulty, easiest first.
    pub const ALL: [Difficulty; 3] = [Difficulty::Medium, Difficulty::Hard, Difficulty::Expert];

    /// The difficulty's name.
    pub fn label(self) -> &'static str {
        match self {
            Difficulty::Medium => "Medium",
            Difficulty::Hard => "Hard",
            Difficulty::Expert => "Expert",
        }
    }
}

/// What a clarifying question is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QuestionTopic {
    /// Users, traffic, data volume.
    Scale,
    /// Response-time requirements.
    Latency,
    /// Data sources and labels.
    Data,
    /// Success metrics, online and offline.
    Metrics,
    /// Privacy, regions, cost, regulation.
    Constraints,
}

impl QuestionTopic {
    /// The topic's name.
    pub fn label(self) -> &'static str {
        match self {
            QuestionTopic::Scale => "Scale",
            QuestionTopic::Latency => "Latency",
            QuestionTopic::Data => "Data & labels",
            QuestionTopic::Metrics => "Success metrics",
            QuestionTopic::Constraints => "Constraints",
        }
    }
}

/// A question the candidate may ask, with the interviewer's scripted answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClarifyingQuestion {
    /// What the question is about.
    pub topic: QuestionTopic,
    /// The question as the candidate would ask it.
    pub question: String,
    /// The interviewer's answer.
    pub answer: String,
    /// Words a candidate might use for this question that its text lacks (synonyms, units,
    /// jargon), for matching typed questions (`model::ask`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Other ways a candidate might ask it, for matching typed questions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paraphrases: Vec<String>,
}

/// One thing a strong answer covers in a phase, with its weight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RubricItem {
    /// Unique within the scenario.
    pub id: String,
    /// The framework phase this item belongs to.
    pub phase: String,
    /// The item in a few words.
    pub title: String,
    /// How much the item counts, 1–5.
    pub weight: u32,
    /// What earns Covered, in one line of at most ~25 words. Numbers in it are examples
    /// ("e.g."), not a key to match. Files written before the split call it `good`.
    #[serde(alias = "good")]
    pub must: String,
    /// What distinguishes a strong-hire answer on this item, if anything does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub strong: String,
    /// The competency this item is evidence for; by default its phase's competency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competency: Option<Signal>,
}

/// A node kind a good diagram contains, and the rubric items it evidences.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedComponent {
    /// The kind of box expected.
    pub kind: NodeKind,
    /// Why it belongs in the design.
    pub why: String,
    /// Ids of the rubric items this component is evidence for.
    #[serde(default)]
    pub items: Vec<String>,
}

/// A follow-up the interviewer throws in during a phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpCard {
    /// Unique within the scenario.
    pub id: String,
    /// The phase during which the card appears.
    pub phase: String,
    /// The interviewer's words.
    pub text: String,
    /// Rubric items the card prompts for: raised only after the card, they earn prompted
    /// credit (`docs/scoring.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// The rubric items a candidate must cover at each target level. An empty list means the
/// default: the scenario's eight heaviest items (see [`Scenario::core_items`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoreItems {
    /// Core items for a mid-level candidate.
    #[serde(default)]
    pub mid: Vec<String>,
    /// Core items for a senior candidate.
    #[serde(default)]
    pub senior: Vec<String>,
    /// Core items for a staff candidate.
    #[serde(default)]
    pub staff: Vec<String>,
}

impl CoreItems {
    /// The list for a level, as written in the file (possibly empty).
    pub fn for_level(&self, level: TargetLevel) -> &[String] {
        match level {
            TargetLevel::Mid => &self.mid,
            TargetLevel::Senior => &self.senior,
            TargetLevel::Staff => &self.staff,
        }
    }

    fn is_empty(&self) -> bool {
        self.mid.is_empty() && self.senior.is_empty() && self.staff.is_empty()
    }
}

/// A short model answer for one phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseAnswer {
    /// The framework phase.
    pub phase: String,
    /// What a strong candidate says in this phase.
    pub answer: String,
}

/// What an answer at one target level says, phase by phase, and what moved its rating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelAnswer {
    /// The level the answer is pitched at.
    pub level: TargetLevel,
    /// What the answer says in each phase (phases it skips are left out).
    pub phases: Vec<PhaseAnswer>,
    /// What moved the rating: what this answer did that the level below did not, or what
    /// it lacked for the level above.
    pub moved: String,
}

/// The reference design, shown only in review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceAnswer {
    /// A reference architecture drawing.
    #[serde(default)]
    pub diagram: Diagram,
    /// A model answer per phase.
    #[serde(default)]
    pub phases: Vec<PhaseAnswer>,
    /// Model answers by level (mid, senior, staff), for comparing what each says.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelAnswer>,
}

impl ReferenceAnswer {
    /// The model answer pitched at a level, if the scenario has one.
    pub fn at_level(&self, level: TargetLevel) -> Option<&LevelAnswer> {
        self.levels.iter().find(|answer| answer.level == level)
    }
}

/// One question of a deep dive, with what a good answer says and the questions that go one
/// level deeper.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiveStep {
    /// The interviewer's question.
    pub ask: String,
    /// What a good answer says, for the interviewer (and for review).
    pub listen_for: String,
    /// Rubric items a good answer here is evidence for.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// The follow-up questions one level deeper.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deeper: Vec<DiveStep>,
}

impl DiveStep {
    /// Levels in the deepest chain from this step (a step alone is depth 1).
    pub fn depth(&self) -> usize {
        1 + self.deeper.iter().map(DiveStep::depth).max().unwrap_or(0)
    }

    /// This step and every step under it, depth first.
    pub fn walk(&self) -> Vec<&DiveStep> {
        let mut out = vec![self];
        for step in &self.deeper {
            out.extend(step.walk());
        }
        out
    }
}

/// A topic the interviewer can take 2–3 levels deep in the last phases.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeepDive {
    /// Unique within the scenario.
    pub id: String,
    /// The topic in a few words ("Calibration").
    pub topic: String,
    /// The phase in which the interviewer starts it.
    pub phase: String,
    /// The first question.
    pub root: DiveStep,
}

/// A practice prompt: the interviewer's words, script, rubric and reference.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Stable identifier, lowercase with underscores (`fraud_detection`).
    pub id: String,
    /// The prompt's title ("Real-time fraud detection").
    pub title: String,
    /// The family of problem ("Recommendation", "Trust & safety"…).
    pub category: String,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// The framework the scenario's rubric refers to.
    #[serde(default = "default_framework")]
    pub framework: String,
    /// The interviewer's opening words.
    pub prompt: String,
    /// The company and product setting.
    #[serde(default)]
    pub context: String,
    /// Questions the candidate may ask, with scripted answers.
    #[serde(default)]
    pub questions: Vec<ClarifyingQuestion>,
    /// Per-phase rubric items.
    pub rubric: Vec<RubricItem>,
    /// Node kinds a good diagram contains.
    #[serde(default)]
    pub expected_components: Vec<ExpectedComponent>,
    /// Common mistakes for this prompt.
    #[serde(default)]
    pub red_flags: Vec<String>,
    /// Follow-up cards thrown in during the drill.
    #[serde(default)]
    pub curveballs: Vec<FollowUpCard>,
    /// The rubric items that must be covered at each target level.
    #[serde(default, skip_serializing_if = "CoreItems::is_empty")]
    pub core: CoreItems,
    /// The rubric item holding the one insight that separates hire from strong hire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crux: Option<String>,
    /// Worked back-of-envelope estimates, shown after the drill beside the user's figures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub estimates: Vec<Estimate>,
    /// Topics the interviewer can take 2–3 levels deep.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deep_dives: Vec<DeepDive>,
    /// The interviewer's scenario-specific rules (`model::interviewer`): conditions over the
    /// session and what the interviewer says when they hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interviewer_rules: Vec<super::interviewer::InterviewerRule>,
    /// Where the scenario's facts and setting come from (public sources).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The reference answer, shown only in review.
    #[serde(default)]
    pub reference: ReferenceAnswer,
    /// Frameworks the scenario followed before it moved to `framework`, with where each of
    /// their phases went. Sessions drilled before the move keep their old phases; the review
    /// lays their notes beside today's rubric phases through this map.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved_from: Vec<FrameworkMove>,
}

/// A framework a scenario followed before, and where each of its phases went.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkMove {
    /// The earlier framework's id.
    pub framework: String,
    /// Every phase of the earlier framework, each with the phase of today's framework that
    /// took over its material.
    pub phases: Vec<PhaseMove>,
}

/// One earlier phase and the phase that took over its material.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhaseMove {
    /// The phase id in the earlier framework.
    pub from: String,
    /// The phase id in the scenario's framework today.
    pub to: String,
}

fn default_framework() -> String {
    "seven_phase".to_owned()
}

/// Why a scenario cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// The id is empty or has characters other than a–z, 0–9 and `_`.
    #[error("id `{0}` must be lowercase letters, digits and underscores")]
    BadId(String),
    /// A required text field is empty.
    #[error("`{0}` is empty")]
    Empty(&'static str),
    /// The scenario names a framework that is not loaded.
    #[error("unknown framework `{0}`")]
    UnknownFramework(String),
    /// No rubric items.
    #[error("the rubric has no items")]
    NoRubric,
    /// Two rubric items share an id.
    #[error("two rubric items have id `{0}`")]
    DuplicateItem(String),
    /// Two curveballs share an id.
    #[error("two curveballs have id `{0}`")]
    DuplicateCurveball(String),
    /// A rubric item, curveball or phase answer names a phase the framework lacks.
    #[error("`{owner}` names phase `{phase}`, which the framework does not have")]
    UnknownPhase {
        /// What names the phase.
        owner: String,
        /// The missing phase id.
        phase: String,
    },
    /// A `moved_from` entry is wrong: an unknown or current framework, a phase that framework
    /// lacks, a phase mapped twice or left out.
    #[error("moved_from: {0}")]
    BadMove(String),
    /// A weight outside 1–5.
    #[error("rubric item `{0}` has weight {1}; weights are 1 to 5")]
    BadWeight(String, u32),
    /// An expected component points at a rubric item that does not exist.
    #[error("expected component {kind:?} refers to unknown rubric item `{item}`")]
    UnknownItem {
        /// The component's kind.
        kind: NodeKind,
        /// The missing item id.
        item: String,
    },
    /// A core list or the crux names a rubric item that does not exist.
    #[error("`{list}` names unknown rubric item `{item}`")]
    UnknownCoreItem {
        /// `core.senior`, `crux`…
        list: &'static str,
        /// The missing item id.
        item: String,
    },
    /// A core list names an item twice.
    #[error("`{list}` names rubric item `{item}` twice")]
    RepeatedCoreItem {
        /// `core.senior`…
        list: &'static str,
        /// The repeated item id.
        item: String,
    },
    /// The reference diagram is broken.
    #[error("reference diagram: {0}")]
    BadReference(String),
    /// Two estimates or two deep dives share an id.
    #[error("two {what} have id `{id}`")]
    DuplicateId {
        /// `estimates` or `deep dives`.
        what: &'static str,
        /// The repeated id.
        id: String,
    },
    /// Two model answers by level are for the same level.
    #[error("two model answers are for level {0}; write one per level")]
    DuplicateLevel(&'static str),
    /// An interviewer rule is broken.
    #[error("{0}")]
    Rule(super::interviewer::RuleError),
    /// A worked estimate does not recompute, or its quotes disagree with the text.
    #[error("estimate `{id}`: {error}")]
    BadEstimate {
        /// The estimate's id.
        id: String,
        /// What is wrong.
        error: EstimateError,
    },
}

/// One step from a value in a file to a part of it: a struct field by name, or a list element
/// by index. A path of steps names the item an error is about, so the error can give its
/// line and column (see `store::ron_file::Outline`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A field of a struct.
    Field(&'static str),
    /// An element of a list (0-based).
    Index(usize),
}

use Step::{Field, Index};

/// A validation error with the path of the item it is about.
type Located = (ScenarioError, Vec<Step>);

/// Checks that an owner's phase exists in the framework.
type PhaseCheck<'a> = dyn Fn(&str, &str, Vec<Step>) -> Result<(), Located> + 'a;

impl Scenario {
    /// Checks the scenario against the framework it uses.
    pub fn validate(&self, framework: &Framework) -> Result<(), ScenarioError> {
        self.validate_located(framework).map_err(|(error, _)| error)
    }

    /// Checks the scenario like `validate`; an error comes with the path of the offending
    /// item in the scenario's file.
    pub fn validate_located(
        &self,
        framework: &Framework,
    ) -> Result<(), (ScenarioError, Vec<Step>)> {
        let id_ok = !self.id.is_empty()
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !id_ok {
            return Err((ScenarioError::BadId(self.id.clone()), vec![Field("id")]));
        }
        for (name, text) in [
            ("title", &self.title),
            ("category", &self.category),
            ("prompt", &self.prompt),
        ] {
            if text.trim().is_empty() {
                return Err((ScenarioError::Empty(name), vec![Field(name)]));
            }
        }
        if self.framework != framework.id {
            return Err((
                ScenarioError::UnknownFramework(self.framework.clone()),
                vec![Field("framework")],
            ));
        }
        if self.rubric.is_empty() {
            return Err((ScenarioError::NoRubric, vec![Field("rubric")]));
        }
        let check_phase = |owner: &str, phase: &str, at: Vec<Step>| {
            if framework.phase_index(phase).is_some() {
                Ok(())
            } else {
                Err((
                    ScenarioError::UnknownPhase {
                        owner: owner.to_owned(),
                        phase: phase.to_owned(),
                    },
                    at,
                ))
            }
        };
        for (i, item) in self.rubric.iter().enumerate() {
            if self.rubric[..i].iter().any(|other| other.id == item.id) {
                return Err((
                    ScenarioError::DuplicateItem(item.id.clone()),
                    vec![Field("rubric"), Index(i)],
                ));
            }
            check_phase(
                &item.id,
                &item.phase,
                vec![Field("rubric"), Index(i), Field("phase")],
            )?;
            if !(1..=5).contains(&item.weight) {
                return Err((
                    ScenarioError::BadWeight(item.id.clone(), item.weight),
                    vec![Field("rubric"), Index(i), Field("weight")],
                ));
            }
        }
        for (i, card) in self.curveballs.iter().enumerate() {
            if self.curveballs[..i].iter().any(|other| other.id == card.id) {
                return Err((
                    ScenarioError::DuplicateCurveball(card.id.clone()),
                    vec![Field("curveballs"), Index(i)],
                ));
            }
            check_phase(
                &card.id,
                &card.phase,
                vec![Field("curveballs"), Index(i), Field("phase")],
            )?;
        }
        for (i, answer) in self.reference.phases.iter().enumerate() {
            check_phase(
                "reference answer",
                &answer.phase,
                vec![
                    Field("reference"),
                    Field("phases"),
                    Index(i),
                    Field("phase"),
                ],
            )?;
        }
        for (c, component) in self.expected_components.iter().enumerate() {
            for (i, item) in component.items.iter().enumerate() {
                if !self.rubric.iter().any(|r| &r.id == item) {
                    return Err((
                        ScenarioError::UnknownItem {
                            kind: component.kind,
                            item: item.clone(),
                        },
                        vec![
                            Field("expected_components"),
                            Index(c),
                            Field("items"),
                            Index(i),
                        ],
                    ));
                }
            }
        }
        self.validate_core()?;
        for (c, card) in self.curveballs.iter().enumerate() {
            for (i, item) in card.items.iter().enumerate() {
                if !self.rubric.iter().any(|r| &r.id == item) {
                    return Err((
                        ScenarioError::UnknownCoreItem {
                            list: "curveballs.items",
                            item: item.clone(),
                        },
                        vec![Field("curveballs"), Index(c), Field("items"), Index(i)],
                    ));
                }
            }
        }
        self.validate_depth(&check_phase)?;
        self.validate_moved_to(&check_phase)?;
        let rubric: Vec<String> = self.rubric.iter().map(|r| r.id.clone()).collect();
        super::interviewer::validate_rules(&self.interviewer_rules, framework, Some(&rubric))
            .map_err(|(error, at)| {
                let mut path = vec![Field("interviewer_rules")];
                path.extend(at);
                (ScenarioError::Rule(error), path)
            })?;
        if let Some(problem) = self.reference.diagram.problems().first() {
            let mut at = vec![Field("reference"), Field("diagram")];
            at.extend(problem_path(&self.reference.diagram, problem));
            return Err((ScenarioError::BadReference(problem.to_string()), at));
        }
        Ok(())
    }

    /// Checks the `moved_from` entries against today's framework: each names another
    /// framework, once, and maps each earlier phase once onto a phase of today's.
    fn validate_moved_to(&self, check_phase: &PhaseCheck<'_>) -> Result<(), Located> {
        for (m, moved) in self.moved_from.iter().enumerate() {
            let at = |rest: &[Step]| {
                let mut path = vec![Field("moved_from"), Index(m)];
                path.extend_from_slice(rest);
                path
            };
            if moved.framework == self.framework
                || self.moved_from[..m]
                    .iter()
                    .any(|other| other.framework == moved.framework)
            {
                return Err((
                    ScenarioError::BadMove(format!(
                        "`{}` is today's framework or is listed twice",
                        moved.framework
                    )),
                    at(&[Field("framework")]),
                ));
            }
            for (i, phase) in moved.phases.iter().enumerate() {
                if moved.phases[..i]
                    .iter()
                    .any(|other| other.from == phase.from)
                {
                    return Err((
                        ScenarioError::BadMove(format!("phase `{}` is mapped twice", phase.from)),
                        at(&[Field("phases"), Index(i), Field("from")]),
                    ));
                }
                check_phase(
                    "moved_from",
                    &phase.to,
                    at(&[Field("phases"), Index(i), Field("to")]),
                )?;
            }
        }
        Ok(())
    }

    /// Checks the `moved_from` entries against the earlier frameworks themselves: each is
    /// known, and every one of its phases, and nothing else, is mapped.
    pub fn validate_moved_from(&self, frameworks: &[Framework]) -> Result<(), Located> {
        for (m, moved) in self.moved_from.iter().enumerate() {
            let Some(earlier) = frameworks.iter().find(|f| f.id == moved.framework) else {
                return Err((
                    ScenarioError::UnknownFramework(moved.framework.clone()),
                    vec![Field("moved_from"), Index(m), Field("framework")],
                ));
            };
            for (i, phase) in moved.phases.iter().enumerate() {
                if earlier.phase_index(&phase.from).is_none() {
                    return Err((
                        ScenarioError::BadMove(format!(
                            "`{}` has no phase `{}`",
                            earlier.id, phase.from
                        )),
                        vec![
                            Field("moved_from"),
                            Index(m),
                            Field("phases"),
                            Index(i),
                            Field("from"),
                        ],
                    ));
                }
            }
            if let Some(missing) = earlier
                .phases
                .iter()
                .find(|p| !moved.phases.iter().any(|m| m.from == p.id))
            {
                return Err((
                    ScenarioError::BadMove(format!(
                        "phase `{}` of `{}` is not mapped",
                        missing.id, earlier.id
                    )),
                    vec![Field("moved_from"), Index(m), Field("phases")],
                ));
            }
        }
        Ok(())
    }

    /// The phase of today's framework that a session's phase stands for: the same phase when
    /// the session followed today's framework, else where `moved_from` sends it. `None` for a
    /// framework the scenario never followed.
    pub fn rubric_phase<'a>(&'a self, framework: &str, phase: &'a str) -> Option<&'a str> {
        if framework == self.framework {
            return Some(phase);
        }
        self.moved_from
            .iter()
            .find(|m| m.framework == framework)?
            .phases
            .iter()
            .find(|m| m.from == phase)
            .map(|m| m.to.as_str())
    }

    /// Checks the estimates, deep dives and model answers by level.
    fn validate_depth(
        &self,
        check_phase: &PhaseCheck<'_>,
    ) -> Result<(), (ScenarioError, Vec<Step>)> {
        let text = self.stated_text();
        for (i, estimate) in self.estimates.iter().enumerate() {
            let at = vec![Field("estimates"), Index(i)];
            if self.estimates[..i].iter().any(|o| o.id == estimate.id) {
                return Err((
                    ScenarioError::DuplicateId {
                        what: "estimates",
                        id: estimate.id.clone(),
                    },
                    at,
                ));
            }
            let mut phase_at = at.clone();
            phase_at.push(Field("phase"));
            check_phase(&estimate.id, &estimate.phase, phase_at)?;
            if let Err(error) = estimate.check(&text) {
                let mut at = at;
                at.push(Field(match &error {
                    EstimateError::Mismatch { .. } => "result",
                    EstimateError::QuoteMissing(q)
                    | EstimateError::QuoteDisagrees { quote: q, .. }
                        if *q == estimate.result_quote =>
                    {
                        "result_quote"
                    }
                    EstimateError::QuoteMissing(_)
                    | EstimateError::QuoteDisagrees { .. }
                    | EstimateError::BadName(_) => "inputs",
                    _ => "formula",
                }));
                return Err((
                    ScenarioError::BadEstimate {
                        id: estimate.id.clone(),
                        error,
                    },
                    at,
                ));
            }
        }
        let known = |id: &str| self.rubric.iter().any(|r| r.id == id);
        for (d, dive) in self.deep_dives.iter().enumerate() {
            let at = vec![Field("deep_dives"), Index(d)];
            if self.deep_dives[..d].iter().any(|o| o.id == dive.id) {
                return Err((
                    ScenarioError::DuplicateId {
                        what: "deep dives",
                        id: dive.id.clone(),
                    },
                    at,
                ));
            }
            let mut phase_at = at.clone();
            phase_at.push(Field("phase"));
            check_phase(&dive.id, &dive.phase, phase_at)?;
            if let Some(item) = dive
                .root
                .walk()
                .into_iter()
                .flat_map(|step| &step.items)
                .find(|item| !known(item))
            {
                let mut at = at;
                at.push(Field("root"));
                return Err((
                    ScenarioError::UnknownCoreItem {
                        list: "deep_dives.items",
                        item: item.clone(),
                    },
                    at,
                ));
            }
        }
        for (l, level) in self.reference.levels.iter().enumerate() {
            if self.reference.levels[..l]
                .iter()
                .any(|other| other.level == level.level)
            {
                return Err((
                    ScenarioError::DuplicateLevel(level.level.label()),
                    vec![Field("reference"), Field("levels"), Index(l)],
                ));
            }
            for (i, answer) in level.phases.iter().enumerate() {
                check_phase(
                    "a model answer by level",
                    &answer.phase,
                    vec![
                        Field("reference"),
                        Field("levels"),
                        Index(l),
                        Field("phases"),
                        Index(i),
                        Field("phase"),
                    ],
                )?;
            }
        }
        Ok(())
    }

    /// The text that states the scenario's facts: prompt, context, clarifying answers and
    /// curveballs, one per line. Estimate quotes must come from it.
    pub fn stated_text(&self) -> String {
        let mut text = format!("{}\n{}\n", self.prompt, self.context);
        for q in &self.questions {
            text.push_str(&q.answer);
            text.push('\n');
        }
        for card in &self.curveballs {
            text.push_str(&card.text);
            text.push('\n');
        }
        text
    }

    /// Checks that the core lists and the crux name rubric items, each once.
    fn validate_core(&self) -> Result<(), (ScenarioError, Vec<Step>)> {
        let known = |id: &str| self.rubric.iter().any(|r| r.id == id);
        for (level, list, name) in [
            ("mid", &self.core.mid, "core.mid"),
            ("senior", &self.core.senior, "core.senior"),
            ("staff", &self.core.staff, "core.staff"),
        ] {
            for (i, item) in list.iter().enumerate() {
                let at = vec![Field("core"), Field(level), Index(i)];
                if !known(item) {
                    return Err((
                        ScenarioError::UnknownCoreItem {
                            list: name,
                            item: item.clone(),
                        },
                        at,
                    ));
                }
                if list[..i].contains(item) {
                    return Err((
                        ScenarioError::RepeatedCoreItem {
                            list: name,
                            item: item.clone(),
                        },
                        at,
                    ));
                }
            }
        }
        if let Some(crux) = self.crux.as_ref().filter(|c| !known(c)) {
            return Err((
                ScenarioError::UnknownCoreItem {
                    list: "crux",
                    item: crux.clone(),
                },
                vec![Field("crux")],
            ));
        }
        Ok(())
    }

    /// Most words a rubric item's `must` line may have.
    pub const MAX_MUST_WORDS: usize = 25;

    /// What a scenario lacks against the authoring bar the built-in scenarios meet
    /// (`docs/scenario-format.md`, "Quality bar"): a crux, 8–10 core items per level that differ
    /// between levels, short must-lines, 2–4 worked estimates, 2–3 deep dives 2–3 levels
    /// deep and a framing item in the first two phases. A valid scenario may fall short; `drillboard check --strict`
    /// reports it. One line per problem.
    pub fn authoring_problems(&self, framework: &Framework) -> Vec<String> {
        let mut problems = Vec::new();
        if self.crux.is_none() {
            problems.push("no crux: name the item that separates hire from strong hire".to_owned());
        }
        for level in TargetLevel::ALL {
            let n = self.core.for_level(level).len();
            if !(8..=10).contains(&n) {
                problems.push(format!(
                    "core.{} lists {n} items; list 8 to 10",
                    level.label().to_lowercase()
                ));
            }
        }
        if self.core.mid == self.core.senior && self.core.senior == self.core.staff {
            problems.push("the core lists are the same at every level".to_owned());
        }
        for item in &self.rubric {
            let words = item.must.split_whitespace().count();
            if words > Self::MAX_MUST_WORDS {
                problems.push(format!(
                    "rubric item `{}`: `must` has {words} words; keep it to {} and move the rest to `strong`",
                    item.id,
                    Self::MAX_MUST_WORDS
                ));
            }
        }
        if !(2..=4).contains(&self.estimates.len()) {
            problems.push(format!(
                "{} worked estimates; write 2 to 4",
                self.estimates.len()
            ));
        }
        if !(2..=3).contains(&self.deep_dives.len()) {
            problems.push(format!(
                "{} deep dives; write 2 or 3",
                self.deep_dives.len()
            ));
        }
        for dive in &self.deep_dives {
            let depth = dive.root.depth();
            if !(2..=3).contains(&depth) {
                problems.push(format!(
                    "deep dive `{}` is {depth} level(s) deep; make it 2 or 3",
                    dive.id
                ));
            }
        }
        let framing = self.rubric.iter().any(|item| {
            framework.phases.iter().take(2).any(|p| p.id == item.phase)
                && self.competency_of(item, framework) == Signal::ProblemFraming
        });
        if !framing {
            problems.push(
                "no ML problem framing item (objective, label, loss, offline and online metric) in the first two phases"
                    .to_owned(),
            );
        }
        problems
    }

    /// How many items the default core set holds when a scenario lists none for a level.
    pub const DEFAULT_CORE: usize = 8;

    /// The core item ids at a level: the scenario's list, or when it has none the
    /// `DEFAULT_CORE` heaviest items (file order breaks ties).
    pub fn core_items(&self, level: TargetLevel) -> Vec<&str> {
        let listed = self.core.for_level(level);
        if !listed.is_empty() {
            return listed.iter().map(String::as_str).collect();
        }
        let mut items: Vec<&RubricItem> = self.rubric.iter().collect();
        items.sort_by_key(|i| std::cmp::Reverse(i.weight));
        items
            .into_iter()
            .take(Self::DEFAULT_CORE)
            .map(|i| i.id.as_str())
            .collect()
    }

    /// Whether an item is core at a level.
    pub fn is_core(&self, item: &str, level: TargetLevel) -> bool {
        self.core_items(level).contains(&item)
    }

    /// The competency a rubric item is evidence for: its own, else its phase's, else
    /// structured thinking.
    pub fn competency_of(&self, item: &RubricItem, framework: &Framework) -> Signal {
        item.competency.unwrap_or_else(|| {
            framework
                .phases
                .iter()
                .find(|p| p.id == item.phase)
                .and_then(|p| p.competency)
                .unwrap_or(Signal::StructuredThinking)
        })
    }

    /// Rubric items of one phase, in file order.
    pub fn items_for_phase<'a>(&'a self, phase: &'a str) -> impl Iterator<Item = &'a RubricItem> {
        self.rubric.iter().filter(move |item| item.phase == phase)
    }
}

/// Where in a diagram's text a problem `Diagram::problems` found is: the item it names (the
/// later one of two sharing an id), or the list it is in.
fn problem_path(diagram: &Diagram, problem: &DiagramProblem) -> Vec<Step> {
    let nth_with = |ids: &mut dyn Iterator<Item = u64>, id: u64, n: usize| {
        ids.enumerate()
            .filter(|(_, other)| *other == id)
            .nth(n)
            .map(|(i, _)| i)
    };
    let (list, index) = match *problem {
        DiagramProblem::DuplicateNode(id) => (
            "nodes",
            nth_with(&mut diagram.nodes.iter().map(|n| n.id.0), id, 1),
        ),
        DiagramProblem::BadGeometry(id) => (
            "nodes",
            diagram
                .nodes
                .iter()
                .position(|n| n.id.0 == id && !geometry_is_valid(n.pos, n.size)),
        ),
        DiagramProblem::DuplicateEdge(id) => (
            "edges",
            nth_with(&mut diagram.edges.iter().map(|e| e.id.0), id, 1),
        ),
        DiagramProblem::DanglingEdge { edge, node } => (
            "edges",
            diagram
                .edges
                .iter()
                .position(|e| e.id.0 == edge && (e.from.0 == node || e.to.0 == node)),
        ),
        DiagramProblem::DuplicateZone(id) => (
            "zones",
            nth_with(&mut diagram.zones.iter().map(|z| z.id.0), id, 1),
        ),
        DiagramProblem::BadZoneGeometry(id) => (
            "zones",
            diagram
                .zones
                .iter()
                .position(|z| z.id.0 == id && !geometry_is_valid(z.pos, z.size)),
        ),
    };
    let mut path = vec![Field(list)];
    path.extend(index.map(Index));
    path
}
