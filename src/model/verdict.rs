//! The verdict: competency ratings decide the band, red flags cap it, and rubric items are the
//! evidence, weighed by the target level's core set and by whether they were raised unprompted.
//! Every rule here is documented, with its reason, in `docs/scoring.md`.

use serde::{Deserialize, Serialize};

use super::framework::Framework;
use super::rubric::{Signal, TargetLevel};
use super::scenario::Scenario;
use super::scoring::Band;
use super::session::{Coverage, ScoreSheet};

/// When an item was first raised, which decides how much it counts toward the band.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Raised {
    /// Raised by the candidate before anyone asked.
    #[default]
    Unprompted,
    /// Raised only after a follow-up card or an interviewer prompt.
    Prompted,
    /// Raised only after the drill's time ran out ("Keep going").
    Overtime,
}

impl Raised {
    /// Every value, in the order the Score tab offers them.
    pub const ALL: [Raised; 3] = [Raised::Unprompted, Raised::Prompted, Raised::Overtime];

    /// How much of an item's credit counts toward the band.
    pub fn factor(self) -> f32 {
        match self {
            Raised::Unprompted => 1.0,
            Raised::Prompted => 0.5,
            Raised::Overtime => 0.0,
        }
    }

    /// The value in words.
    pub fn label(self) -> &'static str {
        match self {
            Raised::Unprompted => "Unprompted",
            Raised::Prompted => "After a prompt",
            Raised::Overtime => "In overtime",
        }
    }
}

/// What happened with one of the scenario's red flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FlagOutcome {
    /// The candidate did not do this.
    NotCommitted,
    /// Did it, then caught and corrected it without being asked.
    RecoveredUnprompted,
    /// Did it and corrected it only after a prompt.
    RecoveredAfterPrompt,
    /// Did it and never corrected it.
    NotRecovered,
}

impl FlagOutcome {
    /// Every outcome, in the order the Score tab offers them.
    pub const ALL: [FlagOutcome; 4] = [
        FlagOutcome::NotCommitted,
        FlagOutcome::RecoveredUnprompted,
        FlagOutcome::RecoveredAfterPrompt,
        FlagOutcome::NotRecovered,
    ];

    /// The outcome in words.
    pub fn label(self) -> &'static str {
        match self {
            FlagOutcome::NotCommitted => "Didn't",
            FlagOutcome::RecoveredUnprompted => "Caught it myself",
            FlagOutcome::RecoveredAfterPrompt => "Fixed after a prompt",
            FlagOutcome::NotRecovered => "Not recovered",
        }
    }

    /// The highest band this outcome allows, if it caps one.
    pub fn cap(self) -> Option<Band> {
        match self {
            FlagOutcome::NotCommitted | FlagOutcome::RecoveredUnprompted => None,
            FlagOutcome::RecoveredAfterPrompt => Some(Band::LeanHire),
            FlagOutcome::NotRecovered => Some(Band::LeanNoHire),
        }
    }
}

/// The candidate's answer for one red flag.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagCheck {
    /// The red flag, copied from the scenario.
    pub flag: String,
    /// What happened.
    pub outcome: FlagOutcome,
}

/// A rubric item as a score revision was marked against, so the score keeps its meaning when
/// the scenario's content changes later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredItem {
    /// The rubric item id.
    pub id: String,
    /// Its title then.
    pub title: String,
    /// Its weight then.
    pub weight: u32,
    /// Its phase.
    pub phase: String,
    /// The competency it is evidence for.
    pub competency: Signal,
    /// Core at the session's target level.
    #[serde(default)]
    pub core: bool,
    /// The scenario's crux.
    #[serde(default)]
    pub crux: bool,
}

/// Which rules produced a saved result.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ScoringModel {
    /// Before schema 3: a weighted average of rubric coverage and five signals.
    Coverage,
    /// Competency ratings with red-flag gates, core items per level and prompted credit.
    #[default]
    Competency,
}

impl ScoringModel {
    /// How review labels a revision scored with this model.
    pub fn label(self) -> &'static str {
        match self {
            ScoringModel::Coverage => "coverage model (before levels)",
            ScoringModel::Competency => "competency model",
        }
    }
}

/// How high each band's bar is for a target level. The reasons are in `docs/scoring.md`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bar {
    /// Core credit share needed for Lean hire.
    pub core_lean_hire: f32,
    /// Core credit share needed for Hire.
    pub core_hire: f32,
    /// Core credit share needed for Strong hire.
    pub core_strong_hire: f32,
    /// How many competencies may sit at 2 with Hire.
    pub twos_for_hire: usize,
    /// Hire needs at least one competency at 4.
    pub hire_needs_a_four: bool,
    /// Non-core items covered unprompted that Strong hire needs.
    pub depth_for_strong_hire: u32,
}

impl Bar {
    /// The bar at a level.
    pub fn at(level: TargetLevel) -> Bar {
        match level {
            TargetLevel::Mid => Bar {
                core_lean_hire: 0.5,
                core_hire: 0.6,
                core_strong_hire: 0.8,
                twos_for_hire: 2,
                hire_needs_a_four: false,
                depth_for_strong_hire: 1,
            },
            TargetLevel::Senior => Bar {
                core_lean_hire: 0.55,
                core_hire: 0.7,
                core_strong_hire: 0.85,
                twos_for_hire: 1,
                hire_needs_a_four: false,
                depth_for_strong_hire: 2,
            },
            TargetLevel::Staff => Bar {
                core_lean_hire: 0.6,
                core_hire: 0.75,
                core_strong_hire: 0.9,
                twos_for_hire: 1,
                hire_needs_a_four: true,
                depth_for_strong_hire: 3,
            },
        }
    }
}

/// The least core share for Lean no hire: under a quarter of the must-haves is no hire
/// whatever the ratings say.
pub const CORE_LEAN_NO_HIRE: f32 = 0.25;

/// What is still needed before a verdict can be shown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    /// No band predicted yet.
    pub prediction: bool,
    /// Red flags not yet answered.
    pub flags: usize,
    /// Competencies not yet rated, in rating order.
    pub ratings: Vec<Signal>,
}

impl Pending {
    /// Nothing is missing.
    pub fn is_empty(&self) -> bool {
        !self.prediction && self.flags == 0 && self.ratings.is_empty()
    }
}

/// The verdict and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The band, after red-flag caps.
    pub band: Band,
    /// The band the ratings and evidence reach before any cap.
    pub uncapped: Band,
    /// The red flag that set the cap, when one lowered the band.
    pub capped_by: Option<(String, FlagOutcome)>,
    /// Core credit earned, out of `core_total`.
    pub core_credit: f32,
    /// How many core items there are.
    pub core_total: usize,
    /// Whether the crux was covered unprompted; `None` when the rubric has no crux.
    pub crux: Option<bool>,
    /// Non-core items covered unprompted.
    pub depth: u32,
    /// The mean rating, 1–4.
    pub rating_average: f32,
    /// Why the band above was not reached (empty at Strong hire).
    pub held_back: Vec<String>,
}

impl Verdict {
    /// Core credit as a share, 0–1 (1 when there are no core items).
    pub fn core_share(&self) -> f32 {
        if self.core_total == 0 {
            1.0
        } else {
            self.core_credit / self.core_total as f32
        }
    }
}

/// The rubric a sheet is scored against, at a target level: every item with its competency and
/// whether it is core or the crux.
pub fn scored_rubric(
    scenario: &Scenario,
    framework: &Framework,
    level: TargetLevel,
) -> Vec<ScoredItem> {
    let core = scenario.core_items(level);
    scenario
        .rubric
        .iter()
        .map(|item| ScoredItem {
            id: item.id.clone(),
            title: item.title.clone(),
            weight: item.weight,
            phase: item.phase.clone(),
            competency: scenario.competency_of(item, framework),
            core: core.contains(&item.id.as_str()),
            crux: scenario.crux.as_deref() == Some(item.id.as_str()),
        })
        .collect()
}

/// The credit an item earns toward the band: its mark's credit times when it was raised.
pub fn band_credit(sheet: &ScoreSheet, item: &str) -> f32 {
    sheet
        .items
        .iter()
        .find(|m| m.item == item)
        .map_or(0.0, |m| m.coverage.credit() * m.raised.factor())
}

/// What is missing before `verdict` can rule: a predicted band, an answer for every red flag
/// of the scenario, and a rating for every competency.
pub fn pending(sheet: &ScoreSheet, red_flags: &[String]) -> Pending {
    Pending {
        prediction: sheet.predicted_band.is_none(),
        flags: red_flags
            .iter()
            .filter(|flag| !sheet.flags.iter().any(|f| &f.flag == *flag))
            .count(),
        ratings: Signal::ALL
            .into_iter()
            .filter(|c| !sheet.signals.iter().any(|s| s.signal == *c))
            .collect(),
    }
}

/// Rules on a complete sheet against the rubric it was marked on. Returns `None` while a
/// competency is unrated (the band is never shown on a partial rating).
pub fn verdict(sheet: &ScoreSheet, rubric: &[ScoredItem], level: TargetLevel) -> Option<Verdict> {
    let rating = |c: Signal| {
        sheet
            .signals
            .iter()
            .find(|s| s.signal == c)
            .map(|s| s.level)
            .filter(|l| (1..=4).contains(l))
    };
    let ratings: Vec<(Signal, u8)> = Signal::ALL
        .into_iter()
        .map(|c| rating(c).map(|r| (c, r)))
        .collect::<Option<_>>()?;
    let count = |level: u8| ratings.iter().filter(|(_, r)| *r == level).count();
    let (ones, twos, fours) = (count(1), count(2), count(4));
    let framing = rating(Signal::ProblemFraming).unwrap_or(1);
    let depth_rating = rating(Signal::TechnicalDepth).unwrap_or(1);
    let rating_average =
        ratings.iter().map(|(_, r)| f32::from(*r)).sum::<f32>() / ratings.len() as f32;

    let core: Vec<&ScoredItem> = rubric.iter().filter(|i| i.core).collect();
    let core_credit: f32 = core.iter().map(|i| band_credit(sheet, &i.id)).sum();
    let core_share = if core.is_empty() {
        1.0
    } else {
        core_credit / core.len() as f32
    };
    let raised_unprompted = |id: &str| {
        sheet.items.iter().any(|m| {
            m.item == id && m.coverage == Coverage::Covered && m.raised == Raised::Unprompted
        })
    };
    let crux = rubric
        .iter()
        .find(|i| i.crux)
        .map(|i| raised_unprompted(&i.id));
    let depth = rubric
        .iter()
        .filter(|i| !i.core && raised_unprompted(&i.id))
        .count() as u32;

    let bar = Bar::at(level);
    let pct = |share: f32| format!("{:.0} %", share * 100.0);
    let name = |c: Signal| competency_name(c);

    // Each band's conditions, as (holds, why not) pairs; the band is the highest whose
    // conditions all hold.
    let hire: Vec<(bool, String)> = vec![
        (ones == 0, "Hire needs no competency at 1".to_owned()),
        (
            framing >= 3,
            format!(
                "Hire needs {} at 3 or 4 (you gave {framing})",
                name(Signal::ProblemFraming)
            ),
        ),
        (
            depth_rating >= 3,
            format!(
                "Hire needs {} at 3 or 4 (you gave {depth_rating})",
                name(Signal::TechnicalDepth)
            ),
        ),
        (
            twos <= bar.twos_for_hire,
            format!(
                "Hire at {} allows {} competenc{} at 2 (you have {twos})",
                level.label().to_lowercase(),
                bar.twos_for_hire,
                if bar.twos_for_hire == 1 { "y" } else { "ies" }
            ),
        ),
        (
            core_share >= bar.core_hire,
            format!(
                "Hire at {} needs {} of the core items (you have {})",
                level.label().to_lowercase(),
                pct(bar.core_hire),
                pct(core_share)
            ),
        ),
        (
            !bar.hire_needs_a_four || fours >= 1,
            "Hire at staff needs one competency at 4".to_owned(),
        ),
    ];
    let strong: Vec<(bool, String)> = vec![
        (
            ones == 0 && twos == 0,
            "Strong hire needs every competency at 3 or 4".to_owned(),
        ),
        (
            fours >= 2,
            format!("Strong hire needs two competencies at 4 (you have {fours})"),
        ),
        (
            core_share >= bar.core_strong_hire,
            format!(
                "Strong hire at {} needs {} of the core items (you have {})",
                level.label().to_lowercase(),
                pct(bar.core_strong_hire),
                pct(core_share)
            ),
        ),
        (
            crux != Some(false),
            "Strong hire needs the crux covered unprompted".to_owned(),
        ),
        (
            depth >= bar.depth_for_strong_hire,
            format!(
                "Strong hire at {} needs {} non-core item{} covered unprompted (you have {depth})",
                level.label().to_lowercase(),
                bar.depth_for_strong_hire,
                if bar.depth_for_strong_hire == 1 {
                    ""
                } else {
                    "s"
                }
            ),
        ),
    ];
    let lean_hire: Vec<(bool, String)> = vec![
        (ones == 0, "Lean hire needs no competency at 1".to_owned()),
        (
            twos <= 3,
            format!(
                "Lean hire needs at least four competencies at 3 or 4 (you have {})",
                7 - twos - ones
            ),
        ),
        (
            core_share >= bar.core_lean_hire,
            format!(
                "Lean hire at {} needs {} of the core items (you have {})",
                level.label().to_lowercase(),
                pct(bar.core_lean_hire),
                pct(core_share)
            ),
        ),
    ];
    let lean_no_hire: Vec<(bool, String)> = vec![
        (
            ones <= 1,
            format!("Lean no hire allows one competency at 1 (you have {ones})"),
        ),
        (
            core_share >= CORE_LEAN_NO_HIRE,
            format!(
                "Lean no hire needs {} of the core items (you have {})",
                pct(CORE_LEAN_NO_HIRE),
                pct(core_share)
            ),
        ),
    ];
    let holds = |rules: &[(bool, String)]| rules.iter().all(|(ok, _)| *ok);
    let failing = |rules: &[(bool, String)]| -> Vec<String> {
        rules
            .iter()
            .filter(|(ok, _)| !ok)
            .map(|(_, why)| why.clone())
            .collect()
    };
    let (uncapped, held_back) = if holds(&hire) && holds(&strong) {
        (Band::StrongHire, Vec::new())
    } else if holds(&hire) {
        (Band::Hire, failing(&strong))
    } else if holds(&lean_hire) {
        (Band::LeanHire, failing(&hire))
    } else if holds(&lean_no_hire) {
        (Band::LeanNoHire, failing(&lean_hire))
    } else {
        (Band::NoHire, failing(&lean_no_hire))
    };

    let capped_by = sheet
        .flags
        .iter()
        .filter_map(|f| f.outcome.cap().map(|cap| (cap, f)))
        .min_by_key(|(cap, _)| *cap)
        .filter(|(cap, _)| *cap < uncapped)
        .map(|(_, f)| (f.flag.clone(), f.outcome));
    let band = capped_by
        .as_ref()
        .and_then(|(_, outcome)| outcome.cap())
        .map_or(uncapped, |cap| cap.min(uncapped));
    Some(Verdict {
        band,
        uncapped,
        capped_by,
        core_credit,
        core_total: core.len(),
        crux,
        depth,
        rating_average,
        held_back,
    })
}

/// A competency's name as the anchors file spells it, for messages built in the model.
pub fn competency_name(c: Signal) -> &'static str {
    match c {
        Signal::ProblemFraming => "ML problem framing & metrics",
        Signal::StructuredThinking => "structured thinking",
        Signal::ScaleAwareness => "scale awareness",
        Signal::TechnicalDepth => "technical depth & correctness",
        Signal::ProductionMindset => "production mindset",
        Signal::TradeoffArticulation => "tradeoff articulation",
        Signal::Communication => "communication",
    }
}

/// The calibration gap in bands: predicted minus verdict, positive when the candidate rated
/// themselves higher.
pub fn band_gap(predicted: Band, band: Band) -> i8 {
    band_index(predicted) - band_index(band)
}

/// A band's position, 0 (no hire) to 4 (strong hire).
pub fn band_index(band: Band) -> i8 {
    match band {
        Band::NoHire => 0,
        Band::LeanNoHire => 1,
        Band::LeanHire => 2,
        Band::Hire => 3,
        Band::StrongHire => 4,
    }
}

/// When the app can tell that an item was raised late: every box offered as its evidence
/// first appeared after the drill's time ran out (overtime), or after a follow-up card or an
/// interviewer prompt that probes the item (prompted). Boxes are dated by the phase snapshots:
/// a box first seen in a snapshot appeared after the one before it. `None` when the evidence
/// holds no box or the dates do not settle it; the candidate decides then.
pub fn infer_raised(
    session: &super::session::Session,
    scenario: &Scenario,
    item: &str,
    evidence: &[super::session::Evidence],
) -> Option<Raised> {
    infer_raised_dated(session, scenario, item, evidence, &|_| None)
}

/// Like [`infer_raised`], with `first_seen` dating evidence more finely when it can: the
/// drill time the replay log first shows a box or a quoted line (issue 21). Evidence it
/// dates is dated so, quotes included; boxes it cannot date fall back to the snapshots.
pub fn infer_raised_dated(
    session: &super::session::Session,
    scenario: &Scenario,
    item: &str,
    evidence: &[super::session::Evidence],
    first_seen: &dyn Fn(&super::session::Evidence) -> Option<u64>,
) -> Option<Raised> {
    use super::session::{Evidence, InterviewEvent};
    // The earliest drill time each piece of evidence can have appeared at.
    let mut earliest = u64::MAX;
    let mut dated = false;
    for piece in evidence {
        if let Some(at) = first_seen(piece) {
            earliest = earliest.min(at);
            dated = true;
            continue;
        }
        let Evidence::Node(node) = piece else {
            continue;
        };
        let mut before = 0;
        let mut seen = None;
        for snapshot in &session.snapshots {
            if snapshot.diagram.node(*node).is_some() {
                seen = Some(before);
                break;
            }
            before = snapshot.at_ms;
        }
        let appeared = match seen {
            Some(at) => at,
            None if session.diagram.node(*node).is_some() => before,
            None => return None,
        };
        earliest = earliest.min(appeared);
        dated = true;
    }
    if !dated {
        return None;
    }
    let budget_ms = session.drill.total_budget().as_millis();
    if u128::from(earliest) >= budget_ms {
        return Some(Raised::Overtime);
    }
    let probes = |items: &[String]| items.iter().any(|i| i == item);
    let prompted_at = session
        .drill
        .log
        .iter()
        .filter_map(|event| match event {
            InterviewEvent::Curveball {
                id, shown_at_ms, ..
            } => scenario
                .curveballs
                .iter()
                .any(|card| &card.id == id && probes(&card.items))
                .then_some(*shown_at_ms),
            // Interviewer prompts (issue 23) carry the items they probe in the log.
            InterviewEvent::Prompt {
                items, shown_at_ms, ..
            } => probes(items).then_some(*shown_at_ms),
            _ => None,
        })
        .min()?;
    (earliest >= prompted_at).then_some(Raised::Prompted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::clock::Timestamp;
    use crate::model::session::{ItemMark, SignalScore};

    const CORE: usize = 10;
    const EXTRA: usize = 5;

    /// Ten core items (the first is the crux) and five non-core ones.
    fn rubric() -> Vec<ScoredItem> {
        (0..CORE + EXTRA)
            .map(|i| ScoredItem {
                id: format!("item{i}"),
                title: format!("Item {i}"),
                weight: 3,
                phase: "model".to_owned(),
                competency: Signal::TechnicalDepth,
                core: i < CORE,
                crux: i == 0,
            })
            .collect()
    }

    /// How a test case marks the rubric.
    #[derive(Clone, Copy)]
    struct Marks {
        /// Core items covered unprompted, counted from the last so the crux goes last.
        core: usize,
        /// The crux covered unprompted (counts toward `core` when it is covered).
        crux: bool,
        /// Non-core items covered unprompted.
        depth: usize,
        /// How the covered core items were raised.
        raised: Raised,
    }

    const FULL: Marks = Marks {
        core: CORE,
        crux: true,
        depth: 2,
        raised: Raised::Unprompted,
    };

    fn sheet(ratings: [u8; 7], marks: Marks, flags: &[FlagOutcome]) -> ScoreSheet {
        let mut items = Vec::new();
        // Core items other than the crux, then the crux.
        for i in (1..CORE)
            .rev()
            .take(marks.core.saturating_sub(usize::from(marks.crux)))
        {
            let mut mark = ItemMark::new(&format!("item{i}"), Coverage::Covered);
            mark.raised = marks.raised;
            items.push(mark);
        }
        if marks.crux {
            let mut mark = ItemMark::new("item0", Coverage::Covered);
            mark.raised = marks.raised;
            items.push(mark);
        }
        for i in CORE..CORE + marks.depth {
            items.push(ItemMark::new(&format!("item{i}"), Coverage::Covered));
        }
        ScoreSheet {
            at: Timestamp(0),
            by: crate::model::Scorer::Candidate,
            model: ScoringModel::Competency,
            predicted_band: Some(Band::Hire),
            predicted_level: None,
            flags: flags
                .iter()
                .enumerate()
                .map(|(i, outcome)| FlagCheck {
                    flag: format!("flag {i}"),
                    outcome: *outcome,
                })
                .collect(),
            items,
            signals: Signal::ALL
                .iter()
                .zip(ratings)
                .map(|(signal, level)| SignalScore {
                    signal: *signal,
                    level,
                })
                .collect(),
            rubric: rubric(),
            result: None,
        }
    }

    fn band(ratings: [u8; 7], marks: Marks, flags: &[FlagOutcome], level: TargetLevel) -> Band {
        verdict(&sheet(ratings, marks, flags), &rubric(), level)
            .expect("fully rated")
            .band
    }

    // Ratings in `Signal::ALL` order: framing, structure, scale, depth, production, tradeoffs,
    // communication.
    const ALL_THREE: [u8; 7] = [3; 7];
    const TWO_FOURS: [u8; 7] = [4, 3, 3, 4, 3, 3, 3];

    /// Every band rule, at every level: (case, ratings, marks, level, band).
    #[test]
    fn the_band_rules_as_a_table() {
        use Band::{Hire, LeanHire, LeanNoHire, NoHire, StrongHire};
        use TargetLevel::{Mid, Senior, Staff};
        let with = |core, crux, depth| Marks {
            core,
            crux,
            depth,
            raised: Raised::Unprompted,
        };
        let table: Vec<(&str, [u8; 7], Marks, TargetLevel, Band)> = vec![
            (
                "all at 3 with every core item",
                ALL_THREE,
                FULL,
                Senior,
                Hire,
            ),
            (
                "two at 4, the crux and depth",
                TWO_FOURS,
                FULL,
                Senior,
                StrongHire,
            ),
            (
                "strong needs the crux",
                TWO_FOURS,
                with(9, false, 2),
                Senior,
                Hire,
            ),
            (
                "strong needs depth at senior",
                TWO_FOURS,
                with(10, true, 1),
                Senior,
                Hire,
            ),
            (
                "one depth item is enough at mid",
                TWO_FOURS,
                with(10, true, 1),
                Mid,
                StrongHire,
            ),
            (
                "strong needs 85 % core at senior",
                TWO_FOURS,
                with(8, true, 2),
                Senior,
                Hire,
            ),
            (
                "strong needs every rating at 3",
                [4, 4, 2, 4, 3, 3, 3],
                FULL,
                Senior,
                Hire,
            ),
            (
                "hire needs framing at 3",
                [2, 3, 3, 3, 3, 3, 3],
                FULL,
                Senior,
                LeanHire,
            ),
            (
                "hire needs technical depth at 3",
                [3, 3, 3, 2, 3, 3, 3],
                FULL,
                Senior,
                LeanHire,
            ),
            (
                "two at 2 are too many at senior",
                [3, 2, 2, 3, 3, 3, 3],
                FULL,
                Senior,
                LeanHire,
            ),
            (
                "two at 2 are allowed at mid",
                [3, 2, 2, 3, 3, 3, 3],
                FULL,
                Mid,
                Hire,
            ),
            (
                "hire needs 70 % core at senior",
                ALL_THREE,
                with(6, true, 2),
                Senior,
                LeanHire,
            ),
            (
                "60 % core is hire at mid",
                ALL_THREE,
                with(6, true, 2),
                Mid,
                Hire,
            ),
            ("staff hire needs a 4", ALL_THREE, FULL, Staff, LeanHire),
            (
                "staff hire with one 4",
                [3, 3, 3, 3, 3, 4, 3],
                FULL,
                Staff,
                Hire,
            ),
            (
                "staff strong needs three depth items",
                TWO_FOURS,
                FULL,
                Staff,
                Hire,
            ),
            (
                "staff strong",
                TWO_FOURS,
                with(10, true, 3),
                Staff,
                StrongHire,
            ),
            (
                "lean hire needs four at 3 or more",
                [3, 2, 2, 3, 2, 2, 3],
                FULL,
                Mid,
                LeanNoHire,
            ),
            (
                "lean hire needs 55 % core at senior",
                ALL_THREE,
                with(5, true, 0),
                Senior,
                LeanNoHire,
            ),
            (
                "50 % core is lean hire at mid",
                ALL_THREE,
                with(5, true, 0),
                Mid,
                LeanHire,
            ),
            (
                "one competency at 1 is lean no hire",
                [4, 4, 4, 4, 4, 4, 1],
                FULL,
                Senior,
                LeanNoHire,
            ),
            (
                "two at 1 is no hire",
                [1, 4, 4, 4, 4, 4, 1],
                FULL,
                Mid,
                NoHire,
            ),
            (
                "under a quarter of the core is no hire",
                ALL_THREE,
                with(2, false, 5),
                Mid,
                NoHire,
            ),
            (
                "breadth without ratings is no hire",
                [1; 7],
                with(10, true, 5),
                Mid,
                NoHire,
            ),
        ];
        for (case, ratings, marks, level, expected) in table {
            assert_eq!(band(ratings, marks, &[], level), expected, "{case}");
        }
    }

    #[test]
    fn red_flags_cap_the_band_and_say_which_did() {
        use FlagOutcome::{NotCommitted, NotRecovered, RecoveredAfterPrompt, RecoveredUnprompted};
        let level = TargetLevel::Senior;
        let table: Vec<(&[FlagOutcome], Band)> = vec![
            (&[], Band::StrongHire),
            (&[NotCommitted, RecoveredUnprompted], Band::StrongHire),
            (&[NotCommitted, RecoveredAfterPrompt], Band::LeanHire),
            (&[RecoveredAfterPrompt, NotRecovered], Band::LeanNoHire),
        ];
        for (flags, expected) in table {
            let v = verdict(&sheet(TWO_FOURS, FULL, flags), &rubric(), level).expect("rated");
            assert_eq!(v.band, expected, "{flags:?}");
            assert_eq!(v.uncapped, Band::StrongHire);
            assert_eq!(
                v.capped_by.is_some(),
                expected != Band::StrongHire,
                "{flags:?}"
            );
        }
        let v = verdict(&sheet(TWO_FOURS, FULL, &[NotRecovered]), &rubric(), level).expect("rated");
        assert_eq!(
            v.capped_by,
            Some(("flag 0".to_owned(), NotRecovered)),
            "the flag that set the cap"
        );
        // A cap above the band changes nothing and is not reported.
        let low = [3, 3, 3, 3, 3, 3, 1];
        let v =
            verdict(&sheet(low, FULL, &[RecoveredAfterPrompt]), &rubric(), level).expect("rated");
        assert_eq!((v.band, v.capped_by), (Band::LeanNoHire, None));
    }

    #[test]
    fn prompted_items_earn_half_credit_and_overtime_items_none() {
        let level = TargetLevel::Senior;
        let prompted = Marks {
            raised: Raised::Prompted,
            ..FULL
        };
        let v = verdict(&sheet(TWO_FOURS, prompted, &[]), &rubric(), level).expect("rated");
        assert!((v.core_share() - 0.5).abs() < 1e-6, "{}", v.core_share());
        assert_eq!(v.crux, Some(false), "a prompted crux does not count");
        assert_eq!(
            v.band,
            Band::LeanNoHire,
            "50 % is under senior lean hire's 55 %"
        );
        assert!(
            v.held_back.iter().any(|r| r.contains("55 %")),
            "{:?}",
            v.held_back
        );
        let overtime = Marks {
            raised: Raised::Overtime,
            ..FULL
        };
        let v = verdict(&sheet(TWO_FOURS, overtime, &[]), &rubric(), level).expect("rated");
        assert!(v.core_share().abs() < 1e-6);
        assert_eq!(v.band, Band::NoHire);
        // Partly, unprompted: half credit too.
        let mut partly = sheet(ALL_THREE, FULL, &[]);
        for mark in &mut partly.items {
            mark.coverage = Coverage::Partly;
        }
        let v = verdict(&partly, &rubric(), level).expect("rated");
        assert!((v.core_share() - 0.5).abs() < 1e-6);
        assert_eq!(v.depth, 0, "partly is not depth");
    }

    #[test]
    fn no_verdict_until_every_competency_is_rated_and_pending_says_what_is_left() {
        let mut partial = sheet(ALL_THREE, FULL, &[FlagOutcome::NotCommitted]);
        partial
            .signals
            .retain(|s| s.signal != Signal::Communication);
        assert_eq!(verdict(&partial, &rubric(), TargetLevel::Mid), None);
        let flags = vec!["flag 0".to_owned(), "flag 1".to_owned()];
        let waiting = pending(&partial, &flags);
        assert_eq!(waiting.flags, 1);
        assert_eq!(waiting.ratings, vec![Signal::Communication]);
        assert!(!waiting.prediction);
        assert!(!waiting.is_empty());
        partial.predicted_band = None;
        assert!(pending(&partial, &flags).prediction);
        let done = sheet(
            ALL_THREE,
            FULL,
            &[FlagOutcome::NotCommitted, FlagOutcome::NotCommitted],
        );
        assert!(pending(&done, &flags).is_empty());
    }

    #[test]
    fn held_back_names_the_rules_of_the_band_above() {
        let v = verdict(
            &sheet([2, 3, 3, 3, 3, 3, 3], FULL, &[]),
            &rubric(),
            TargetLevel::Senior,
        )
        .expect("rated");
        assert_eq!(v.band, Band::LeanHire);
        assert_eq!(
            v.held_back,
            vec!["Hire needs ML problem framing & metrics at 3 or 4 (you gave 2)".to_owned()]
        );
        let strong =
            verdict(&sheet(TWO_FOURS, FULL, &[]), &rubric(), TargetLevel::Senior).expect("rated");
        assert!(strong.held_back.is_empty());
    }

    #[test]
    fn each_level_scores_against_its_own_core_set() {
        let framework = crate::store::builtin::framework().clone();
        let scenario = crate::store::builtin::scenarios(std::slice::from_ref(&framework))
            .into_iter()
            .flatten()
            .find(|s| s.id == "fraud_detection")
            .expect("built in");
        let sets: Vec<Vec<String>> = TargetLevel::ALL
            .iter()
            .map(|level| {
                scored_rubric(&scenario, &framework, *level)
                    .into_iter()
                    .filter(|i| i.core)
                    .map(|i| i.id)
                    .collect()
            })
            .collect();
        for (level, set) in TargetLevel::ALL.iter().zip(&sets) {
            let listed: Vec<String> = scenario
                .core_items(*level)
                .iter()
                .map(|s| (*s).to_owned())
                .collect();
            let mut listed_sorted = listed.clone();
            listed_sorted.sort();
            let mut set_sorted = set.clone();
            set_sorted.sort();
            assert_eq!(set_sorted, listed_sorted, "{level:?}");
        }
        assert_ne!(sets[0], sets[2], "mid and staff differ");
        let crux = scored_rubric(&scenario, &framework, TargetLevel::Staff)
            .into_iter()
            .filter(|i| i.crux)
            .count();
        assert_eq!(crux, 1);
    }

    #[test]
    fn the_band_gap_is_in_whole_bands() {
        assert_eq!(band_gap(Band::Hire, Band::LeanNoHire), 2);
        assert_eq!(band_gap(Band::NoHire, Band::StrongHire), -4);
        assert_eq!(band_gap(Band::LeanHire, Band::LeanHire), 0);
    }

    #[test]
    fn the_log_and_snapshots_tell_when_evidence_was_raised() {
        use crate::model::session::{DiagramSnapshot, Evidence, InterviewEvent, Session};
        use crate::model::{DiagramNode, NodeId, NodeKind, Point};
        let framework = crate::store::builtin::framework().clone();
        let mut scenario = crate::store::builtin::scenarios(std::slice::from_ref(&framework))
            .into_iter()
            .flatten()
            .find(|s| s.id == "fraud_detection")
            .expect("built in");
        let item = scenario.rubric[3].id.clone();
        scenario.curveballs[0].items = vec![item.clone()];
        let card = scenario.curveballs[0].clone();
        let mut session = Session::start(
            &scenario,
            &framework,
            45,
            Timestamp(0),
            std::time::Duration::ZERO,
        );
        let node = |id| DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: format!("box {id}"),
            pos: Point::default(),
            size: DiagramNode::DEFAULT_SIZE,
        };
        // Box 1 before the card (in the 2:00 snapshot), box 2 after it (first in the final
        // diagram, after the 5:00 snapshot), box 3 after time ran out.
        let mut early = crate::model::Diagram::default();
        early.nodes.push(node(1));
        let mut later = early.clone();
        later.nodes.push(node(3));
        session.snapshots = vec![
            DiagramSnapshot {
                phase: "clarify".into(),
                at_ms: 120_000,
                diagram: early.clone(),
            },
            DiagramSnapshot {
                phase: "data".into(),
                at_ms: 300_000,
                diagram: early,
            },
        ];
        session.diagram = later;
        session.diagram.nodes.push(node(2));
        session.drill.log.push(InterviewEvent::Curveball {
            id: card.id.clone(),
            text: card.text.clone(),
            phase: card.phase.clone(),
            shown_at_ms: 200_000,
            acknowledged_at_ms: None,
        });
        let infer = |session: &Session, nodes: &[u64], item: &str| {
            let evidence: Vec<Evidence> =
                nodes.iter().map(|n| Evidence::Node(NodeId(*n))).collect();
            infer_raised(session, &scenario, item, &evidence)
        };
        assert_eq!(infer(&session, &[2], &item), Some(Raised::Prompted));
        assert_eq!(infer(&session, &[1], &item), None, "before the card");
        assert_eq!(
            infer(&session, &[1, 2], &item),
            None,
            "the earliest box counts"
        );
        let other = scenario.rubric[4].id.clone();
        assert_eq!(
            infer(&session, &[2], &other),
            None,
            "the card does not prompt for it"
        );
        assert_eq!(
            infer(&session, &[], &item),
            None,
            "quotes and no evidence: unknown"
        );
        assert_eq!(infer(&session, &[9], &item), None, "a box no longer drawn");
        // After the total budget, a box that appeared after the last snapshot is overtime.
        session.snapshots[1].at_ms = 45 * 60 * 1000;
        assert_eq!(infer(&session, &[2], &item), Some(Raised::Overtime));
    }

    /// An interviewer prompt naming an item makes evidence that first appeared after it
    /// prompted; the replay log's dates (quotes too) are finer than the phase snapshots'.
    #[test]
    fn evidence_after_an_interviewer_prompt_is_prompted_dated_by_the_log() {
        use crate::model::session::{Evidence, InterviewEvent, PromptSource, Session};
        let framework = crate::store::builtin::framework().clone();
        let scenario = crate::store::builtin::scenarios(std::slice::from_ref(&framework))
            .into_iter()
            .flatten()
            .find(|s| s.id == "fraud_detection")
            .expect("built in");
        let mut session = Session::start(
            &scenario,
            &framework,
            45,
            Timestamp(0),
            std::time::Duration::ZERO,
        );
        session.drill.log.push(InterviewEvent::Prompt {
            source: PromptSource::Rule {
                id: "serving_timeout".into(),
            },
            text: "The model server times out. What does checkout do?".into(),
            phase: "serving".into(),
            items: vec!["serve_fallback".into()],
            shown_at_ms: 1_500_000,
            acknowledged_at_ms: Some(1_510_000),
        });
        let quote = Evidence::Quote("Fallback: rules only".into());
        let dated = |at: u64| move |_: &Evidence| Some(at);
        let infer = |item: &str, at: u64| {
            infer_raised_dated(
                &session,
                &scenario,
                item,
                std::slice::from_ref(&quote),
                &dated(at),
            )
        };
        assert_eq!(infer("serve_fallback", 1_520_000), Some(Raised::Prompted));
        assert_eq!(
            infer("serve_fallback", 1_400_000),
            None,
            "before the prompt"
        );
        assert_eq!(infer("mon_drift", 1_520_000), None, "not what it probed");
        assert_eq!(
            infer("serve_fallback", 45 * 60 * 1000),
            Some(Raised::Overtime)
        );
        assert_eq!(
            infer_raised(&session, &scenario, "serve_fallback", &[quote]),
            None,
            "a quote without the log has no date"
        );
    }
}
