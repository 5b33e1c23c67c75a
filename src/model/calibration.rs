//! Graded example answers: attempts written as a candidate would leave them, with official
//! marks and a debrief, for learning to mark yourself (blind calibration). An example turns
//! into a finished session the user scores in the ordinary Score screen; afterwards the
//! official marks stand beside theirs.

use std::fmt::Write as _;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::clock::Timestamp;
use super::diagram::Diagram;
use super::framework::Framework;
use super::rubric::{Signal, TargetLevel};
use super::scenario::{Scenario, Step};
use super::scoring::{Band, ScoreResult, score};
use super::session::{
    Coverage, DrillStatus, InterviewEvent, ItemMark, ScoreSheet, Session, SignalScore,
};
use super::verdict::{FlagCheck, FlagOutcome, Raised, ScoringModel, scored_rubric};

/// One phase of an example attempt: the time spent and the notes left.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplePhase {
    /// The framework phase id.
    pub phase: String,
    /// Time spent in the phase, in seconds.
    pub seconds: u32,
    /// The notes as the candidate left them.
    #[serde(default)]
    pub notes: String,
}

/// A follow-up card the candidate met, and what they answered.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleFollowUp {
    /// The curveball's id in the scenario.
    pub card: String,
    /// The candidate's reply, as they wrote it.
    pub reply: String,
}

/// An official mark for one rubric item; items not listed are missed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialItem {
    /// The rubric item id.
    pub item: String,
    /// Covered or partly (missed items are left out).
    pub coverage: Coverage,
    /// When it was raised.
    #[serde(default)]
    pub raised: Raised,
}

/// The official marks of an example.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialMarks {
    /// Items covered or partly covered.
    pub items: Vec<OfficialItem>,
    /// A rating 1–4 for every competency.
    pub competencies: Vec<SignalScore>,
    /// The scenario's red flags the candidate committed, with what happened; the others were
    /// not committed.
    #[serde(default)]
    pub flags: Vec<FlagCheck>,
}

/// A graded example answer for one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradedExample {
    /// Unique across examples; by convention the file name.
    pub id: String,
    /// The scenario answered.
    pub scenario_id: String,
    /// A short description that does not give the grade away ("Candidate C").
    pub title: String,
    /// The level the answer is graded at.
    pub target: TargetLevel,
    /// The drill's length in minutes.
    #[serde(default = "default_minutes")]
    pub total_minutes: u32,
    /// Per phase: time spent and notes, in framework order.
    pub phases: Vec<ExamplePhase>,
    /// Clarifying questions asked, as the scenario words them, in order.
    #[serde(default)]
    pub asked: Vec<String>,
    /// Follow-ups met and the replies given.
    #[serde(default)]
    pub follow_ups: Vec<ExampleFollowUp>,
    /// The diagram the candidate left.
    #[serde(default)]
    pub diagram: Diagram,
    /// The official band.
    pub band: Band,
    /// Kept out of the threshold tuning, to check the model on answers it was not fitted to.
    #[serde(default)]
    pub held_out: bool,
    /// The official marks.
    pub official: OfficialMarks,
    /// What moved the rating, in a few sentences.
    pub debrief: String,
}

fn default_minutes() -> u32 {
    45
}

/// Why an example cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ExampleError {
    /// The id is empty or has characters other than a–z, 0–9 and `_`.
    #[error("id `{0}` must be lowercase letters, digits and underscores")]
    BadId(String),
    /// The scenario is not loaded.
    #[error("unknown scenario `{0}`")]
    UnknownScenario(String),
    /// A phase the framework lacks, or phases out of framework order.
    #[error("phase `{0}` is not a phase of the scenario's framework, or is out of order")]
    BadPhase(String),
    /// A clarifying question the scenario does not script.
    #[error("asked question \"{0}\" is not one of the scenario's questions")]
    UnknownQuestion(String),
    /// A follow-up card the scenario lacks.
    #[error("follow-up `{0}` is not one of the scenario's curveballs")]
    UnknownCard(String),
    /// An official mark for an item the rubric lacks, or marked twice.
    #[error("official mark for `{0}`: no such rubric item, or marked twice")]
    UnknownItem(String),
    /// An official mark of Missed (leave missed items out).
    #[error("official mark for `{0}` is Missed; leave missed items out")]
    MissedItem(String),
    /// A competency rated twice or outside 1–4, or one left unrated.
    #[error("competency ratings must rate each of the seven competencies once, 1 to 4 ({0})")]
    BadRating(String),
    /// A red flag the scenario lacks, or one given as not committed.
    #[error(
        "red flag \"{0}\" is not one of the scenario's, is repeated, or is NotCommitted (leave those out)"
    )]
    BadFlag(String),
    /// The diagram is broken.
    #[error("diagram: {0}")]
    BadDiagram(String),
    /// The debrief or title is empty.
    #[error("`{0}` is empty")]
    Empty(&'static str),
}

use Step::{Field, Index};

impl GradedExample {
    /// Checks the example against its scenario and framework; an error comes with the path of
    /// the offending item.
    pub fn validate(
        &self,
        scenario: &Scenario,
        framework: &Framework,
    ) -> Result<(), (ExampleError, Vec<Step>)> {
        let id_ok = !self.id.is_empty()
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !id_ok {
            return Err((ExampleError::BadId(self.id.clone()), vec![Field("id")]));
        }
        if self.scenario_id != scenario.id {
            return Err((
                ExampleError::UnknownScenario(self.scenario_id.clone()),
                vec![Field("scenario_id")],
            ));
        }
        for (name, text) in [("title", &self.title), ("debrief", &self.debrief)] {
            if text.trim().is_empty() {
                return Err((ExampleError::Empty(name), vec![Field(name)]));
            }
        }
        let mut last = None;
        for (i, phase) in self.phases.iter().enumerate() {
            let index = framework.phase_index(&phase.phase);
            if index.is_none() || index <= last {
                return Err((
                    ExampleError::BadPhase(phase.phase.clone()),
                    vec![Field("phases"), Index(i), Field("phase")],
                ));
            }
            last = index;
        }
        for (i, asked) in self.asked.iter().enumerate() {
            if !scenario.questions.iter().any(|q| &q.question == asked) {
                return Err((
                    ExampleError::UnknownQuestion(asked.clone()),
                    vec![Field("asked"), Index(i)],
                ));
            }
        }
        for (i, follow_up) in self.follow_ups.iter().enumerate() {
            if !scenario.curveballs.iter().any(|c| c.id == follow_up.card) {
                return Err((
                    ExampleError::UnknownCard(follow_up.card.clone()),
                    vec![Field("follow_ups"), Index(i), Field("card")],
                ));
            }
        }
        let marks = &self.official;
        for (i, mark) in marks.items.iter().enumerate() {
            let at = vec![Field("official"), Field("items"), Index(i)];
            let known = scenario.rubric.iter().any(|r| r.id == mark.item);
            if !known || marks.items[..i].iter().any(|m| m.item == mark.item) {
                return Err((ExampleError::UnknownItem(mark.item.clone()), at));
            }
            if mark.coverage == Coverage::Missed {
                return Err((ExampleError::MissedItem(mark.item.clone()), at));
            }
        }
        for (i, rating) in marks.competencies.iter().enumerate() {
            let repeated = marks.competencies[..i]
                .iter()
                .any(|r| r.signal == rating.signal);
            if repeated || !(1..=4).contains(&rating.level) {
                return Err((
                    ExampleError::BadRating(format!("{:?}", rating.signal)),
                    vec![Field("official"), Field("competencies"), Index(i)],
                ));
            }
        }
        if let Some(missing) = Signal::ALL
            .into_iter()
            .find(|s| !marks.competencies.iter().any(|r| r.signal == *s))
        {
            return Err((
                ExampleError::BadRating(format!("{missing:?} is not rated")),
                vec![Field("official"), Field("competencies")],
            ));
        }
        for (i, flag) in marks.flags.iter().enumerate() {
            let known = scenario.red_flags.contains(&flag.flag);
            let repeated = marks.flags[..i].iter().any(|f| f.flag == flag.flag);
            if !known || repeated || flag.outcome == FlagOutcome::NotCommitted {
                return Err((
                    ExampleError::BadFlag(flag.flag.clone()),
                    vec![Field("official"), Field("flags"), Index(i)],
                ));
            }
        }
        if let Some(problem) = self.diagram.problems().first() {
            return Err((
                ExampleError::BadDiagram(problem.to_string()),
                vec![Field("diagram")],
            ));
        }
        Ok(())
    }

    /// The official marks as a complete score sheet against the scenario's rubric at the
    /// example's level, predicting the official band (so the sheet's own gap is zero).
    pub fn official_sheet(
        &self,
        scenario: &Scenario,
        framework: &Framework,
        at: Timestamp,
    ) -> ScoreSheet {
        let items = self
            .official
            .items
            .iter()
            .map(|mark| ItemMark {
                raised: mark.raised,
                raised_set: true,
                ..ItemMark::new(&mark.item, mark.coverage)
            })
            .collect();
        let flags = scenario
            .red_flags
            .iter()
            .map(|flag| FlagCheck {
                flag: flag.clone(),
                outcome: self
                    .official
                    .flags
                    .iter()
                    .find(|f| &f.flag == flag)
                    .map_or(FlagOutcome::NotCommitted, |f| f.outcome),
            })
            .collect();
        ScoreSheet {
            at,
            by: crate::model::Scorer::Candidate,
            predicted_band: Some(self.band),
            flags,
            items,
            signals: self.official.competencies.clone(),
            rubric: scored_rubric(scenario, framework, self.target),
            model: ScoringModel::Competency,
            predicted_level: None,
            result: None,
        }
    }

    /// The session a user scores blind: the example's drill, finished, with no score yet.
    /// `id` names the new session; it remembers the example it came from.
    pub fn to_session(
        &self,
        scenario: &Scenario,
        framework: &Framework,
        id: String,
        created: Timestamp,
    ) -> Session {
        let mut session = Session::start_at_level(
            scenario,
            framework,
            self.total_minutes,
            self.target,
            created,
            Duration::ZERO,
        );
        session.id = id;
        for record in &mut session.drill.phases {
            let Some(phase) = self.phases.iter().find(|p| p.phase == record.phase) else {
                continue;
            };
            record.elapsed_ms = u64::from(phase.seconds) * 1000;
            record.notes = phase.notes.clone();
        }
        // Questions are asked while clarifying, in the first phase.
        let first_phase = session.drill.current_phase_id().to_owned();
        for asked in &self.asked {
            if let Some(q) = scenario.questions.iter().find(|q| &q.question == asked) {
                session.drill.log.push(InterviewEvent::Asked {
                    question: q.question.clone(),
                    asked_as: q.question.clone(),
                    answer: q.answer.clone(),
                    phase: first_phase.clone(),
                    at_ms: 0,
                });
            }
        }
        for follow_up in &self.follow_ups {
            let Some(card) = scenario.curveballs.iter().find(|c| c.id == follow_up.card) else {
                continue;
            };
            // The card appeared halfway through its phase; the reply is in that phase's notes.
            let start: u64 = session
                .drill
                .phases
                .iter()
                .take_while(|r| r.phase != card.phase)
                .map(|r| r.elapsed_ms)
                .sum();
            let phase_ms = session
                .drill
                .phases
                .iter()
                .find(|r| r.phase == card.phase)
                .map_or(0, |r| r.elapsed_ms);
            let shown = start + phase_ms / 2;
            session.drill.log.push(InterviewEvent::Curveball {
                id: card.id.clone(),
                text: card.text.clone(),
                phase: card.phase.clone(),
                shown_at_ms: shown,
                acknowledged_at_ms: Some(shown),
            });
            if let Some(record) = session
                .drill
                .phases
                .iter_mut()
                .find(|r| r.phase == card.phase)
            {
                if !record.notes.is_empty() && !record.notes.ends_with('\n') {
                    record.notes.push('\n');
                }
                let _ = write!(
                    record.notes,
                    "\nFollow-up: {}\nReply: {}\n",
                    card.text, follow_up.reply
                );
            }
        }
        session.drill.current = session.drill.phases.len().saturating_sub(1);
        session.drill.status = DrillStatus::Finished;
        session.diagram = self.diagram.clone();
        session.calibration = Some(CalibrationOf {
            example: self.id.clone(),
            official: self.band,
        });
        session
    }

    /// What the official marks add up to under the scoring model.
    pub fn official_result(
        &self,
        scenario: &Scenario,
        framework: &Framework,
    ) -> Option<ScoreResult> {
        let session = self.to_session(scenario, framework, self.id.clone(), Timestamp::default());
        let sheet = self.official_sheet(scenario, framework, Timestamp::default());
        score(&sheet, framework, &session.drill, self.target)
    }
}

/// The graded example a calibration session was made from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalibrationOf {
    /// The example's id.
    pub example: String,
    /// The example's official band, copied so the attempt keeps its meaning without it.
    pub official: Band,
}

/// One item where the user's mark and the official mark differ.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkGap {
    /// The rubric item id.
    pub item: String,
    /// The user's coverage (Missed when unmarked).
    pub yours: Coverage,
    /// The user's raised.
    pub yours_raised: Raised,
    /// The official coverage.
    pub official: Coverage,
    /// The official raised.
    pub official_raised: Raised,
}

impl MarkGap {
    /// The user gave more credit than the official mark: the over-generous direction.
    pub fn generous(&self) -> bool {
        let credit = |c: Coverage, r: Raised| c.credit() * r.factor();
        credit(self.yours, self.yours_raised) > credit(self.official, self.official_raised)
    }
}

/// Every rubric item, the user's mark beside the official one, in rubric order; `differs`
/// says whether they disagree.
pub fn compare_marks(
    scenario: &Scenario,
    yours: &ScoreSheet,
    official: &OfficialMarks,
) -> Vec<(MarkGap, bool)> {
    scenario
        .rubric
        .iter()
        .map(|item| {
            let (yours_c, yours_r) = yours
                .items
                .iter()
                .find(|m| m.item == item.id)
                .map_or((Coverage::Missed, Raised::Unprompted), |m| {
                    (m.coverage, m.raised)
                });
            let (off_c, off_r) = official
                .items
                .iter()
                .find(|m| m.item == item.id)
                .map_or((Coverage::Missed, Raised::Unprompted), |m| {
                    (m.coverage, m.raised)
                });
            let differs = yours_c != off_c || (off_c != Coverage::Missed && yours_r != off_r);
            (
                MarkGap {
                    item: item.id.clone(),
                    yours: yours_c,
                    yours_raised: yours_r,
                    official: off_c,
                    official_raised: off_r,
                },
                differs,
            )
        })
        .collect()
}

impl OfficialMarks {
    /// Another scorer's sheet as marks to hold the user's against (a partner's score, issue
    /// 23), so the calibration comparison serves both.
    pub fn of_sheet(sheet: &ScoreSheet) -> Self {
        Self {
            items: sheet
                .items
                .iter()
                .filter(|m| m.coverage != Coverage::Missed)
                .map(|m| OfficialItem {
                    item: m.item.clone(),
                    coverage: m.coverage,
                    raised: m.raised,
                })
                .collect(),
            competencies: sheet.signals.clone(),
            flags: sheet
                .flags
                .iter()
                .filter(|f| f.outcome != FlagOutcome::NotCommitted)
                .cloned()
                .collect(),
        }
    }
}

/// The user's self-score beside a partner's, item by item in rubric order, as
/// [`compare_marks`] does for official marks: `official` is the partner's mark.
pub fn compare_sheets(
    scenario: &Scenario,
    yours: &ScoreSheet,
    partner: &ScoreSheet,
) -> Vec<(MarkGap, bool)> {
    compare_marks(scenario, yours, &OfficialMarks::of_sheet(partner))
}

/// The gap between the user's band and a partner's (`band_gap(yours, partner)`) in words:
/// "you rated yourself 1 band higher", "… the same band", "… 2 bands lower".
pub fn self_rating_gap_text(gap: i8) -> String {
    let bands = |n: i8| {
        if n.unsigned_abs() == 1 {
            "1 band".to_owned()
        } else {
            format!("{} bands", n.unsigned_abs())
        }
    };
    match gap {
        0 => "you rated yourself the same band".to_owned(),
        g if g > 0 => format!("you rated yourself {} higher", bands(g)),
        g => format!("you rated yourself {} lower", bands(g)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRAMEWORK: &str = include_str!("../../assets/frameworks/seven_phase.ron");

    const SCENARIO: &str = r#"(
        id: "links", title: "Links", category: "T", difficulty: Medium,
        prompt: "Stop malicious links.",
        questions: [(topic: Scale, question: "How many links?", answer: "5M a day.")],
        rubric: [
            (id: "a", phase: "clarify", title: "A", weight: 2, must: "a"),
            (id: "b", phase: "model", title: "B", weight: 3, must: "b"),
            (id: "c", phase: "serving", title: "C", weight: 3, must: "c"),
        ],
        red_flags: ["Trains on labels that cannot exist", "Ignores latency"],
        curveballs: [(id: "cloak", phase: "serving", text: "Cloaking?")],
    )"#;

    fn fixtures() -> (Scenario, Framework) {
        let scenario: Scenario = ron::from_str(SCENARIO).expect("scenario");
        let framework: Framework = ron::from_str(FRAMEWORK).expect("framework");
        (scenario, framework)
    }

    fn example() -> GradedExample {
        GradedExample {
            id: "links_b".to_owned(),
            scenario_id: "links".to_owned(),
            title: "Candidate B".to_owned(),
            target: TargetLevel::Senior,
            total_minutes: 45,
            phases: vec![
                ExamplePhase {
                    phase: "clarify".to_owned(),
                    seconds: 120,
                    notes: "5M/day".to_owned(),
                },
                ExamplePhase {
                    phase: "serving".to_owned(),
                    seconds: 600,
                    notes: "cache verdicts".to_owned(),
                },
            ],
            asked: vec!["How many links?".to_owned()],
            follow_ups: vec![ExampleFollowUp {
                card: "cloak".to_owned(),
                reply: "Crawl as a user".to_owned(),
            }],
            diagram: Diagram::default(),
            band: Band::LeanNoHire,
            held_out: false,
            official: OfficialMarks {
                items: vec![
                    OfficialItem {
                        item: "a".to_owned(),
                        coverage: Coverage::Covered,
                        raised: Raised::Unprompted,
                    },
                    OfficialItem {
                        item: "c".to_owned(),
                        coverage: Coverage::Partly,
                        raised: Raised::Prompted,
                    },
                ],
                competencies: Signal::ALL
                    .into_iter()
                    .map(|signal| SignalScore { signal, level: 2 })
                    .collect(),
                flags: vec![FlagCheck {
                    flag: "Trains on labels that cannot exist".to_owned(),
                    outcome: FlagOutcome::NotRecovered,
                }],
            },
            debrief: "Broad but wrong labels.".to_owned(),
        }
    }

    /// A change that breaks a valid example.
    type Break = Box<dyn Fn(&mut GradedExample)>;

    #[test]
    fn a_valid_example_validates_and_each_mistake_is_named() {
        let (scenario, framework) = fixtures();
        assert_eq!(example().validate(&scenario, &framework), Ok(()));
        let cases: Vec<(Break, &str)> = vec![
            (Box::new(|e| e.id = "Bad Id".into()), "lowercase"),
            (
                Box::new(|e| e.scenario_id = "other".into()),
                "unknown scenario",
            ),
            (Box::new(|e| e.phases.swap(0, 1)), "out of order"),
            (
                Box::new(|e| e.phases[0].phase = "nope".into()),
                "not a phase",
            ),
            (
                Box::new(|e| e.asked[0] = "How big?".into()),
                "not one of the scenario's questions",
            ),
            (
                Box::new(|e| e.follow_ups[0].card = "x".into()),
                "curveballs",
            ),
            (
                Box::new(|e| e.official.items[0].item = "zz".into()),
                "no such rubric item",
            ),
            (
                Box::new(|e| e.official.items[1].item = "a".into()),
                "marked twice",
            ),
            (
                Box::new(|e| e.official.items[0].coverage = Coverage::Missed),
                "leave missed items out",
            ),
            (
                Box::new(|e| {
                    e.official.competencies.pop();
                }),
                "is not rated",
            ),
            (Box::new(|e| e.official.competencies[0].level = 5), "1 to 4"),
            (
                Box::new(|e| e.official.flags[0].flag = "Other".into()),
                "red flag",
            ),
            (
                Box::new(|e| e.official.flags[0].outcome = FlagOutcome::NotCommitted),
                "NotCommitted",
            ),
            (Box::new(|e| e.debrief = " ".into()), "`debrief` is empty"),
        ];
        for (break_it, want) in cases {
            let mut broken = example();
            break_it(&mut broken);
            let Err((error, _)) = broken.validate(&scenario, &framework) else {
                panic!("{want}: validated");
            };
            assert!(error.to_string().contains(want), "{want}: {error}");
        }
    }

    #[test]
    fn an_example_becomes_a_finished_session_with_its_notes_questions_and_replies() {
        let (scenario, framework) = fixtures();
        let session = example().to_session(&scenario, &framework, "s1".into(), Timestamp(0));
        assert_eq!(session.id, "s1");
        assert_eq!(session.drill.status, DrillStatus::Finished);
        assert_eq!(session.target, TargetLevel::Senior);
        assert_eq!(session.drill.total_elapsed(), Duration::from_secs(720));
        let serving = &session.drill.phases[4];
        assert_eq!(serving.phase, "serving");
        assert!(serving.notes.starts_with("cache verdicts"));
        assert!(
            serving
                .notes
                .contains("Follow-up: Cloaking?\nReply: Crawl as a user")
        );
        assert!(matches!(
            &session.drill.log[0],
            InterviewEvent::Asked { question, answer, .. }
                if question == "How many links?" && answer == "5M a day."
        ));
        // The card came halfway through Serving: after Clarify's 2 minutes, 5 into Serving.
        assert!(matches!(
            &session.drill.log[1],
            InterviewEvent::Curveball {
                shown_at_ms: 420_000,
                acknowledged_at_ms: Some(420_000),
                ..
            }
        ));
        assert_eq!(
            session.calibration,
            Some(CalibrationOf {
                example: "links_b".into(),
                official: Band::LeanNoHire
            })
        );
        assert!(session.scores.is_empty() && session.score_draft.is_none());
    }

    #[test]
    fn the_official_sheet_answers_every_red_flag_and_reaches_a_band() {
        let (scenario, framework) = fixtures();
        let example = example();
        let sheet = example.official_sheet(&scenario, &framework, Timestamp(0));
        assert_eq!(sheet.flags.len(), 2);
        assert_eq!(sheet.flags[1].outcome, FlagOutcome::NotCommitted);
        assert_eq!(sheet.items.len(), 2);
        assert!(sheet.items.iter().all(|m| m.raised_set));
        let result = example
            .official_result(&scenario, &framework)
            .expect("every competency is rated");
        // Ratings of 2 with a red flag never recovered: at most lean no hire.
        assert!(result.band <= Band::LeanNoHire, "{:?}", result.band);
    }

    #[test]
    fn comparing_marks_finds_the_generous_ones() {
        let (scenario, framework) = fixtures();
        let example = example();
        let mut yours = example.official_sheet(&scenario, &framework, Timestamp(0));
        // The user credits b, which the official marks miss, and c unprompted.
        yours.items.push(ItemMark::new("b", Coverage::Covered));
        if let Some(c) = yours.items.iter_mut().find(|m| m.item == "c") {
            c.raised = Raised::Unprompted;
        }
        let rows = compare_marks(&scenario, &yours, &example.official);
        let differing: Vec<&MarkGap> = rows.iter().filter(|(_, d)| *d).map(|(g, _)| g).collect();
        assert_eq!(differing.len(), 2);
        assert!(differing.iter().all(|g| g.generous()));
        assert_eq!(differing[0].item, "b");
        assert_eq!(differing[0].official, Coverage::Missed);
        assert!(!rows[0].1, "a agrees");
    }

    #[test]
    fn a_partners_sheet_compares_like_official_marks() {
        let (scenario, framework) = fixtures();
        let example = example();
        let partner = example.official_sheet(&scenario, &framework, Timestamp(0));
        let mut yours = partner.clone();
        yours.items.push(ItemMark::new("b", Coverage::Covered));
        let rows = compare_sheets(&scenario, &yours, &partner);
        let differing: Vec<&MarkGap> = rows.iter().filter(|(_, d)| *d).map(|(g, _)| g).collect();
        assert_eq!(differing.len(), 1);
        assert_eq!(differing[0].item, "b");
        assert!(differing[0].generous());
        assert_eq!(rows.len(), scenario.rubric.len());
        // The same sheet on both sides agrees everywhere.
        assert!(
            compare_sheets(&scenario, &partner, &partner)
                .iter()
                .all(|(_, d)| !d)
        );
    }

    #[test]
    fn the_gap_to_a_partner_reads_as_words() {
        assert_eq!(self_rating_gap_text(1), "you rated yourself 1 band higher");
        assert_eq!(self_rating_gap_text(-2), "you rated yourself 2 bands lower");
        assert_eq!(self_rating_gap_text(0), "you rated yourself the same band");
    }
}
