//! The drill rules a candidate triggers: asking the interviewer, stating assumptions, meeting
//! and acknowledging follow-up cards, ticking checklist prompts and writing notes.
//!
//! Each rule is a method on [`DrillState`] that stamps what happened with drill time, so the
//! reducer in the UI only calls it and marks the session changed.

use std::time::Duration;

use super::ask::{QuestionMatch, match_question};
use super::framework::Framework;
use super::scenario::{ClarifyingQuestion, FollowUpCard, QuestionTopic};
use super::session::{DrillState, DrillStatus, InterviewEvent};

/// What the interviewer made of a question asked in the candidate's own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskOutcome {
    /// The scripted question at `index` answers it.
    Answered {
        /// Index into the scenario's questions.
        index: usize,
        /// False when that scripted question had been asked before, so nothing was logged.
        logged: bool,
    },
    /// No scripted question answers it: the interviewer has no data on that.
    NoData,
}

/// How a phase's time compares with its budget. Under-using a phase is the failure that
/// matters most in an interview (a design with no model or no serving story), so it is
/// told apart from running over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pace {
    /// Less than `SKIPPED_BELOW` of the budget: the phase was opened and left, or never
    /// reached. During a drill, phases not reached yet are skipped so far.
    Skipped,
    /// At least `SKIPPED_BELOW` but less than `RUSHED_BELOW` of the budget.
    Rushed,
    /// From `RUSHED_BELOW` of the budget up to the budget itself.
    OnTime,
    /// Past the budget.
    Over,
}

/// Below this share of its budget a phase counts as skipped: under a minute of an 8-minute
/// phase is not enough to say anything an interviewer could credit.
pub const SKIPPED_BELOW: f64 = 0.10;

/// Below this share of its budget a phase counts as rushed: half the budget is about the
/// least that works through a phase's checklist at interview pace.
pub const RUSHED_BELOW: f64 = 0.50;

impl Pace {
    /// The pace of a phase that took `elapsed` of a `budget`. A phase without a budget is on
    /// time while it has no time and over once it has any.
    pub fn of(elapsed: Duration, budget: Duration) -> Pace {
        if elapsed > budget {
            return Pace::Over;
        }
        if budget.is_zero() {
            return Pace::OnTime;
        }
        let used = elapsed.as_secs_f64() / budget.as_secs_f64();
        if used < SKIPPED_BELOW {
            Pace::Skipped
        } else if used < RUSHED_BELOW {
            Pace::Rushed
        } else {
            Pace::OnTime
        }
    }

    /// The word the summary shows: "skipped", "rushed", "on time" or "over".
    pub fn label(self) -> &'static str {
        match self {
            Pace::Skipped => "skipped",
            Pace::Rushed => "rushed",
            Pace::OnTime => "on time",
            Pace::Over => "over",
        }
    }

    /// Whether the phase got too little of its time (skipped or rushed).
    pub fn is_short(self) -> bool {
        matches!(self, Pace::Skipped | Pace::Rushed)
    }
}

impl DrillState {
    /// How phase `index` used its budget (see `Pace` for the thresholds).
    pub fn phase_pace(&self, framework: &Framework, index: usize) -> Pace {
        let elapsed = self
            .phases
            .get(index)
            .map_or(Duration::ZERO, super::session::PhaseRecord::elapsed);
        Pace::of(elapsed, self.phase_budget(framework, index))
    }

    /// Logs a clarifying question the candidate asked in their own words (`asked_as`, trimmed)
    /// with the scripted question it matched and its answer, stamped with the drill time and
    /// phase. A scripted question already asked is not logged twice; returns whether it was
    /// logged.
    pub fn ask(&mut self, question: &ClarifyingQuestion, asked_as: &str, now: Duration) -> bool {
        if self.was_asked(&question.question) {
            return false;
        }
        self.tick(now);
        self.log.push(InterviewEvent::Asked {
            question: question.question.clone(),
            asked_as: asked_as.trim().to_owned(),
            answer: question.answer.clone(),
            phase: self.current_phase_id().to_owned(),
            at_ms: self.now_ms(),
        });
        true
    }

    /// Matches a question typed in the candidate's own words against the scripted `questions`
    /// (`model::ask`) and logs the one it matched, as [`DrillState::ask`] does.
    pub fn ask_in_own_words(
        &mut self,
        questions: &[ClarifyingQuestion],
        typed: &str,
        now: Duration,
    ) -> AskOutcome {
        let QuestionMatch::Matched { index, .. } = match_question(questions, typed) else {
            return AskOutcome::NoData;
        };
        let Some(question) = questions.get(index) else {
            return AskOutcome::NoData;
        };
        let logged = self.ask(question, typed, now);
        AskOutcome::Answered { index, logged }
    }

    /// The topics of `questions`, in file order and once each, that no asked question covered.
    pub fn topics_not_asked(&self, questions: &[ClarifyingQuestion]) -> Vec<QuestionTopic> {
        let mut topics: Vec<QuestionTopic> = Vec::new();
        for question in questions {
            if !topics.contains(&question.topic) {
                topics.push(question.topic);
            }
        }
        topics.retain(|topic| {
            !questions
                .iter()
                .any(|q| q.topic == *topic && self.was_asked(&q.question))
        });
        topics
    }

    /// Logs an assumption the candidate states, trimmed; blank text is ignored. Returns whether
    /// it was logged.
    pub fn assume(&mut self, text: &str, now: Duration) -> bool {
        let text = text.trim();
        if text.is_empty() {
            return false;
        }
        self.tick(now);
        self.log.push(InterviewEvent::Assumed {
            text: text.to_owned(),
            phase: self.current_phase_id().to_owned(),
            at_ms: self.now_ms(),
        });
        true
    }

    /// Shows a follow-up card: logs it, stamped with the drill time, in the phase it belongs to.
    pub fn meet_curveball(&mut self, card: &FollowUpCard) {
        self.log.push(InterviewEvent::Curveball {
            id: card.id.clone(),
            text: card.text.clone(),
            phase: card.phase.clone(),
            shown_at_ms: self.now_ms(),
            acknowledged_at_ms: None,
        });
    }

    /// Marks the card (follow-up card or interviewer prompt) at `index` in the log as
    /// acknowledged now. A card already
    /// acknowledged keeps its first time; anything else at `index` is left alone. Returns
    /// whether the card was marked.
    pub fn acknowledge(&mut self, index: usize, now: Duration) -> bool {
        self.tick(now);
        let at = self.now_ms();
        if let Some(acknowledged @ None) = self
            .log
            .get_mut(index)
            .and_then(InterviewEvent::acknowledgement_mut)
        {
            *acknowledged = Some(at);
            return true;
        }
        false
    }

    /// Shows an interviewer prompt (`model::interviewer`): logs it in the current phase,
    /// stamped with the drill time.
    pub fn raise(&mut self, pushback: super::interviewer::Pushback) {
        self.log.push(InterviewEvent::Prompt {
            source: pushback.source,
            text: pushback.text,
            phase: self.current_phase_id().to_owned(),
            items: pushback.items,
            shown_at_ms: self.now_ms(),
            acknowledged_at_ms: None,
        });
    }

    /// Ticks or unticks checklist prompt `prompt` of phase `phase`; the ticked list stays
    /// sorted. Returns whether the phase exists.
    pub fn toggle_checked(&mut self, phase: usize, prompt: usize) -> bool {
        let Some(record) = self.phases.get_mut(phase) else {
            return false;
        };
        if let Some(at) = record.checked.iter().position(|p| *p == prompt) {
            record.checked.remove(at);
        } else {
            record.checked.push(prompt);
            record.checked.sort_unstable();
        }
        true
    }

    /// Replaces the notes of phase `phase`. Returns whether the phase exists.
    pub fn set_notes(&mut self, phase: usize, text: String) -> bool {
        let Some(record) = self.phases.get_mut(phase) else {
            return false;
        };
        record.notes = text;
        true
    }

    /// Space: pauses a running drill, resumes a paused one; a finished drill stays finished.
    pub fn toggle_pause(&mut self, now: Duration) {
        match self.status {
            DrillStatus::Running => self.pause(now),
            DrillStatus::Paused => self.resume(now),
            DrillStatus::Finished => {}
        }
    }

    /// Phases the candidate has not started: under `UNTOUCHED_MS` of time, no notes, no prompt
    /// ticked and nothing asked, assumed or met there. Finishing with any asks first.
    pub fn untouched_phases(&self) -> Vec<usize> {
        let logged = |phase: &str| {
            self.log.iter().any(|event| match event {
                InterviewEvent::Asked { phase: p, .. }
                | InterviewEvent::Assumed { phase: p, .. }
                | InterviewEvent::Curveball { phase: p, .. }
                | InterviewEvent::Prompt { phase: p, .. } => p == phase,
            })
        };
        self.phases
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.elapsed_ms < UNTOUCHED_MS
                    && p.notes.trim().is_empty()
                    && p.checked.is_empty()
                    && !logged(&p.phase)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Reopens a finished drill, paused where it ended. Returns whether it was finished.
    pub fn reopen(&mut self) -> bool {
        if self.status != DrillStatus::Finished {
            return false;
        }
        self.status = DrillStatus::Paused;
        true
    }
}

/// A phase with less time than this, and no notes or ticks, has not been started.
pub const UNTOUCHED_MS: u64 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::framework::Framework;

    fn framework() -> Framework {
        crate::store::builtin::framework().clone()
    }

    fn drill() -> DrillState {
        DrillState::new(&framework(), 45, Duration::ZERO)
    }

    fn question(text: &str) -> ClarifyingQuestion {
        ClarifyingQuestion {
            question: text.to_owned(),
            answer: "About 10k per second.".to_owned(),
            topic: QuestionTopic::Scale,
            keywords: Vec::new(),
            paraphrases: Vec::new(),
        }
    }

    #[test]
    fn a_question_in_own_words_logs_the_scripted_one_it_matched() {
        let mut drill = drill();
        let mut q = question("How many transactions a second?");
        q.keywords = vec![
            "traffic".to_owned(),
            "QPS".to_owned(),
            "throughput".to_owned(),
        ];
        let other = ClarifyingQuestion {
            topic: QuestionTopic::Latency,
            question: "How fast must we decide?".to_owned(),
            answer: "100 ms at p99.".to_owned(),
            keywords: vec!["latency".to_owned(), "milliseconds".to_owned()],
            paraphrases: Vec::new(),
        };
        let questions = [q, other];
        assert_eq!(
            drill.ask_in_own_words(
                &questions,
                "what's the traffic in QPS?",
                Duration::from_secs(5)
            ),
            AskOutcome::Answered {
                index: 0,
                logged: true
            }
        );
        assert_eq!(
            drill.ask_in_own_words(&questions, "and the throughput?", Duration::from_secs(9)),
            AskOutcome::Answered {
                index: 0,
                logged: false
            }
        );
        assert_eq!(
            drill.ask_in_own_words(&questions, "favourite colour?", Duration::from_secs(9)),
            AskOutcome::NoData
        );
        assert_eq!(drill.log.len(), 1);
        assert!(matches!(
            &drill.log[0],
            InterviewEvent::Asked { asked_as, at_ms: 5_000, .. } if asked_as == "what's the traffic in QPS?"
        ));
    }

    #[test]
    fn topics_never_asked_are_listed_once_in_file_order() {
        let mut drill = drill();
        let mut questions = vec![question("How many a second?"), question("How many users?")];
        for (topic, text) in [
            (QuestionTopic::Latency, "How fast?"),
            (QuestionTopic::Data, "Which labels?"),
        ] {
            let mut q = question(text);
            q.topic = topic;
            questions.push(q);
        }
        assert_eq!(
            drill.topics_not_asked(&questions),
            vec![
                QuestionTopic::Scale,
                QuestionTopic::Latency,
                QuestionTopic::Data
            ]
        );
        drill.ask(&questions[1], "users?", Duration::from_secs(1));
        drill.ask(&questions[3], "labels?", Duration::from_secs(2));
        assert_eq!(
            drill.topics_not_asked(&questions),
            vec![QuestionTopic::Latency]
        );
    }

    #[test]
    fn asking_logs_the_question_with_drill_time_and_phase_once() {
        let mut drill = drill();
        let q = question("How many transactions a second?");
        assert!(drill.ask(&q, "  what's the peak TPS? ", Duration::from_secs(75)));
        assert!(
            !drill.ask(&q, "payments per second?", Duration::from_secs(90)),
            "asked twice"
        );
        assert_eq!(
            drill.log,
            vec![InterviewEvent::Asked {
                question: q.question.clone(),
                asked_as: "what's the peak TPS?".to_owned(),
                answer: q.answer.clone(),
                phase: drill.current_phase_id().to_owned(),
                at_ms: 75_000,
            }]
        );
    }

    #[test]
    fn assumptions_are_trimmed_and_blank_ones_ignored() {
        let mut drill = drill();
        assert!(!drill.assume("   ", Duration::from_secs(5)));
        assert!(drill.assume("  EU only \n", Duration::from_secs(10)));
        assert!(matches!(
            drill.log.as_slice(),
            [InterviewEvent::Assumed { text, at_ms: 10_000, .. }] if text == "EU only"
        ));
    }

    #[test]
    fn a_curveball_is_acknowledged_once_at_the_time_of_the_first_acknowledgement() {
        let mut drill = drill();
        drill.tick(Duration::from_secs(30));
        let card = FollowUpCard {
            id: "latency".to_owned(),
            phase: "clarify".to_owned(),
            text: "The budget halves.".to_owned(),
            items: Vec::new(),
        };
        drill.meet_curveball(&card);
        assert!(drill.assume("an assumption", Duration::from_secs(31)));
        assert!(!drill.acknowledge(1, Duration::from_secs(32)), "not a card");
        assert!(drill.acknowledge(0, Duration::from_secs(40)));
        assert!(!drill.acknowledge(0, Duration::from_secs(50)), "twice");
        assert!(matches!(
            drill.log[0],
            InterviewEvent::Curveball {
                shown_at_ms: 30_000,
                acknowledged_at_ms: Some(40_000),
                ..
            }
        ));
        assert_eq!(drill.open_curveball(), None);
    }

    #[test]
    fn checklist_ticks_toggle_and_stay_sorted() {
        let mut drill = drill();
        assert!(drill.toggle_checked(0, 3));
        assert!(drill.toggle_checked(0, 1));
        assert_eq!(drill.phases[0].checked, vec![1, 3]);
        assert!(drill.toggle_checked(0, 3));
        assert_eq!(drill.phases[0].checked, vec![1]);
        assert!(!drill.toggle_checked(99, 0), "no such phase");
    }

    #[test]
    fn notes_go_to_their_phase_only() {
        let mut drill = drill();
        assert!(drill.set_notes(1, "features: velocity".to_owned()));
        assert!(!drill.set_notes(99, "lost".to_owned()));
        assert_eq!(drill.phases[1].notes, "features: velocity");
        assert!(drill.phases[0].notes.is_empty());
    }

    #[test]
    fn space_pauses_and_resumes_but_never_reopens_a_finished_drill() {
        let mut drill = drill();
        drill.toggle_pause(Duration::from_secs(10));
        assert_eq!(drill.status, DrillStatus::Paused);
        drill.toggle_pause(Duration::from_secs(20));
        assert_eq!(drill.status, DrillStatus::Running);
        drill.finish(Duration::from_secs(30));
        drill.toggle_pause(Duration::from_secs(40));
        assert_eq!(drill.status, DrillStatus::Finished);
    }

    #[test]
    fn untouched_phases_are_those_without_time_notes_or_ticks() {
        let mut drill = drill();
        let all: Vec<usize> = (0..drill.phases.len()).collect();
        assert_eq!(drill.untouched_phases(), all, "nothing done yet");
        drill.phases[0].elapsed_ms = UNTOUCHED_MS;
        drill.phases[1].elapsed_ms = UNTOUCHED_MS - 1;
        drill.phases[2].notes = "  ".to_owned();
        drill.phases[3].notes = "features".to_owned();
        drill.phases[4].checked = vec![0];
        assert_eq!(drill.untouched_phases(), vec![1, 2, 5, 6]);
        // An assumption stated in a phase touches it, however short the visit.
        drill.go_to_phase(5, Duration::ZERO);
        assert!(drill.assume("EU only", Duration::ZERO));
        assert_eq!(drill.untouched_phases(), vec![1, 2, 6]);
    }

    #[test]
    fn only_a_finished_drill_reopens_and_it_reopens_paused() {
        let mut drill = drill();
        assert!(!drill.reopen(), "running");
        drill.finish(Duration::from_secs(60));
        assert!(drill.reopen());
        assert_eq!(drill.status, DrillStatus::Paused);
        assert_eq!(
            drill.total_elapsed(),
            Duration::from_secs(60),
            "no time added"
        );
        assert!(!drill.reopen(), "already open");
    }

    #[test]
    fn pace_is_judged_by_the_share_of_the_budget_used() {
        let secs = Duration::from_secs;
        let eight_minutes = secs(480);
        let table = [
            (secs(0), eight_minutes, Pace::Skipped),
            (secs(7), eight_minutes, Pace::Skipped),
            (secs(17), eight_minutes, Pace::Skipped),
            (secs(47), eight_minutes, Pace::Skipped),
            (secs(48), eight_minutes, Pace::Rushed),
            (secs(239), eight_minutes, Pace::Rushed),
            (secs(240), eight_minutes, Pace::OnTime),
            (secs(480), eight_minutes, Pace::OnTime),
            (Duration::from_millis(480_001), eight_minutes, Pace::Over),
            (secs(900), eight_minutes, Pace::Over),
            (Duration::ZERO, Duration::ZERO, Pace::OnTime),
            (secs(1), Duration::ZERO, Pace::Over),
        ];
        for (elapsed, budget, expected) in table {
            assert_eq!(
                Pace::of(elapsed, budget),
                expected,
                "{elapsed:?} of {budget:?}"
            );
        }
    }

    #[test]
    fn the_issue_drill_reports_its_short_phases_as_skipped() {
        // Model, Serving, Monitor and Edge got 0:07–0:17 of their 5–8-minute budgets.
        let framework = framework();
        let mut drill = drill();
        let spent = [180, 300, 480, 7, 17, 12, 9];
        let mut now = 0;
        for (index, secs) in spent.into_iter().enumerate() {
            drill.go_to_phase(index, Duration::from_secs(now));
            now += secs;
            drill.tick(Duration::from_secs(now));
        }
        let paces: Vec<Pace> = (0..spent.len())
            .map(|i| drill.phase_pace(&framework, i))
            .collect();
        assert_eq!(
            paces,
            [
                Pace::OnTime,
                Pace::OnTime,
                Pace::OnTime,
                Pace::Skipped,
                Pace::Skipped,
                Pace::Skipped,
                Pace::Skipped
            ]
        );
        assert_eq!(
            drill.phase_pace(&framework, 99),
            Pace::OnTime,
            "no such phase"
        );
    }
}
