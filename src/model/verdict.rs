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
/// first appeared after the drill's time ran out (overtime), or after a follow-up card that
/// prompts for the item (prompted). Boxes are dated by the phase snapshots: a box first seen in
/// a snapshot appeared after the one before it. `None` when the evidence holds no box or the
/// dates do not settle it; the candidate decides then.
pub fn infer_raised(
    session: &super::session::Session,
    scenario: &Scenario,
    item: &str,
    evidence: &[super::session::Evidence],
) -> Option<Raised> {
    let nodes: Vec<super::diagram::NodeId> = evidence
        .iter()
        .filter_map(|e| match e {
            super::session::Evidence::Node(id) => Some(*id),
            super::session::Evidence::Quote(_) => None,
        })
        .collect();
    if nodes.is_empty() {
        return None;
    }
    // The earliest drill time each box can have appeared at.
    let mut earliest = u64::MAX;
    for node in &nodes {
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
    }
    let budget_ms = session.drill.total_budget().as_millis();
    if u128::from(earliest) >= budget_ms {
        return Some(Raised::Overtime);
    }
    let prompted_at = session
        .drill
        .log
        .iter()
        .filter_map(|event| match event {
            super::session::InterviewEvent::Curveball {
                id, shown_at_ms, ..
            } => scenario
                .curveballs
                .iter()
                .any(|card| &card.id == id && card.items.iter().any(|i| i == item))
                .then_some(*shown_at_ms),
            _ => None,
        })
        .min()?;
    (earliest >= prompted_at).then_some(Raised::Prompted)
}
