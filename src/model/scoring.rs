//! Self-scoring sums: the hire band, weighted rubric coverage, the saved result, and what the
//! diagram suggests as evidence. The band's rules are in `verdict`; both are documented in
//! `docs/scoring.md`.

use serde::{Deserialize, Serialize};

use super::diagram::{Diagram, NodeId, NodeKind};
use super::framework::Framework;
use super::rubric::TargetLevel;
use super::scenario::{ExpectedComponent, Scenario};
use super::session::{Coverage, DrillState, ScoreSheet};
use super::verdict::{ScoredItem, ScoringModel, Verdict, band_gap, verdict};

impl Coverage {
    /// How much of an item's weight a mark earns.
    pub fn credit(self) -> f32 {
        match self {
            Coverage::Covered => 1.0,
            Coverage::Partly => 0.5,
            Coverage::Missed => 0.0,
        }
    }

    /// The mark in words.
    pub fn label(self) -> &'static str {
        match self {
            Coverage::Covered => "Covered",
            Coverage::Partly => "Partly",
            Coverage::Missed => "Missed",
        }
    }

    /// All marks, best first.
    pub const ALL: [Coverage; 3] = [Coverage::Covered, Coverage::Partly, Coverage::Missed];
}

/// The overall outcome, as an interviewer panel would put it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Band {
    /// Clear no hire.
    NoHire,
    /// Leaning no hire.
    LeanNoHire,
    /// Leaning hire.
    LeanHire,
    /// Hire.
    Hire,
    /// Strong hire.
    StrongHire,
}

impl Band {
    /// Every band, lowest first.
    pub const ALL: [Band; 5] = [
        Band::NoHire,
        Band::LeanNoHire,
        Band::LeanHire,
        Band::Hire,
        Band::StrongHire,
    ];

    /// The coverage model's lowest level (1–4 scale) of each band above `NoHire`.
    pub const THRESHOLDS: [f32; 4] = [1.75, 2.5, 3.0, 3.5];

    /// The band a coverage-model level (1–4) falls in.
    pub fn of_level(level: f32) -> Band {
        let above = Self::THRESHOLDS.iter().filter(|t| level >= **t).count();
        Self::ALL[above]
    }

    /// The band in words.
    pub fn label(self) -> &'static str {
        match self {
            Band::NoHire => "No hire",
            Band::LeanNoHire => "Lean no hire",
            Band::LeanHire => "Lean hire",
            Band::Hire => "Hire",
            Band::StrongHire => "Strong hire",
        }
    }
}

/// Weighted coverage of one phase's rubric items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhaseCoverage {
    /// The phase id.
    pub phase: String,
    /// Earned weight over total weight, 0–1.
    pub coverage: f32,
}

/// What a score sheet adds up to. Saved with the sheet, so history and the library need
/// neither the scenario nor the maths to show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    /// The rules that produced it.
    #[serde(default)]
    pub model: ScoringModel,
    /// The hire band, after red-flag caps.
    pub band: Band,
    /// The band before a red flag capped it, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncapped: Option<Band>,
    /// The level the session was scored for (competency model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetLevel>,
    /// Share of the level's core items covered, 0–1, prompted items at part credit
    /// (competency model).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub core: Option<f32>,
    /// Whether the crux was covered unprompted, when the rubric has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crux: Option<bool>,
    /// Non-core items covered unprompted.
    #[serde(default)]
    pub depth: u32,
    /// Weighted coverage over every rubric item, 0–1 (unmarked items count as missed).
    pub coverage: f32,
    /// Weighted coverage per phase, in framework order.
    pub phases: Vec<PhaseCoverage>,
    /// The mean of the competency ratings (signals under the coverage model), 1–4.
    pub signal_average: Option<f32>,
    /// The combined level 1–4 of the coverage model; `None` under the competency model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<f32>,
    /// Predicted minus scored: in bands under the competency model, in levels under the
    /// coverage model. Positive means the candidate rated themselves higher.
    pub calibration_gap: Option<f32>,
    /// How many phases ran over their budget.
    pub phases_over_budget: u32,
}

impl ScoreResult {
    /// The result as labelled facts, in the order every view shows them (review, compare, the
    /// Markdown report), so they all say the same thing.
    pub fn facts(&self) -> Vec<(&'static str, String)> {
        let pct = |share: f32| format!("{:.0} %", share * 100.0);
        let mut facts = Vec::new();
        let rules = match (self.model, self.target) {
            (ScoringModel::Competency, Some(level)) => {
                format!("competency model, {} bar", level.label().to_lowercase())
            }
            (model, _) => model.label().to_owned(),
        };
        facts.push(("Scored with", rules));
        if let Some(uncapped) = self.uncapped {
            facts.push(("Red-flag cap", format!("{} without it", uncapped.label())));
        }
        if let Some(core) = self.core {
            facts.push(("Core items", pct(core)));
        }
        if let Some(crux) = self.crux {
            facts.push((
                "Crux",
                if crux {
                    "raised unprompted".to_owned()
                } else {
                    "not raised unprompted".to_owned()
                },
            ));
        }
        if self.model == ScoringModel::Competency {
            facts.push((
                "Depth",
                match self.depth {
                    1 => "1 non-core item unprompted".to_owned(),
                    n => format!("{n} non-core items unprompted"),
                },
            ));
        }
        facts.push(("Rubric coverage", pct(self.coverage)));
        let average = match self.model {
            ScoringModel::Competency => "Competency average",
            ScoringModel::Coverage => "Signal average",
        };
        facts.push((
            average,
            self.signal_average
                .map_or_else(|| "not scored".to_owned(), |a| format!("{a:.1} of 4")),
        ));
        if let Some(level) = self.level {
            facts.push(("Level", format!("{level:.2} of 4")));
        }
        facts.push(("Calibration", self.calibration_text()));
        facts.push((
            "Time",
            match self.phases_over_budget {
                0 => "every phase within budget".to_owned(),
                1 => "1 phase over budget".to_owned(),
                n => format!("{n} phases over budget"),
            },
        ));
        facts
    }

    /// The calibration gap in words: bands under the competency model, levels before it.
    pub fn calibration_text(&self) -> String {
        let Some(gap) = self.calibration_gap else {
            return "no prediction".to_owned();
        };
        let direction = if gap > 0.25 {
            "you rated yourself higher"
        } else if gap < -0.25 {
            "you rated yourself lower"
        } else {
            "well calibrated"
        };
        match self.model {
            ScoringModel::Competency => {
                let bands = gap.round() as i32;
                let unit = if bands.abs() == 1 { "band" } else { "bands" };
                if bands == 0 {
                    "on the band (well calibrated)".to_owned()
                } else {
                    format!("{bands:+} {unit} ({direction})")
                }
            }
            ScoringModel::Coverage => format!("{gap:+.1} levels ({direction})"),
        }
    }
}

/// Weighted coverage of a sheet's marks over a rubric, optionally one phase's items only.
pub fn weighted_coverage(sheet: &ScoreSheet, rubric: &[ScoredItem], phase: Option<&str>) -> f32 {
    let credit = |item: &str| {
        sheet
            .items
            .iter()
            .find(|m| m.item == item)
            .map_or(0.0, |m| m.coverage.credit())
    };
    let (earned, total) = rubric
        .iter()
        .filter(|item| phase.is_none_or(|p| item.phase == p))
        .fold((0.0_f32, 0.0_f32), |(earned, total), item| {
            let w = item.weight as f32;
            (earned + w * credit(&item.id), total + w)
        });
    if total > 0.0 { earned / total } else { 0.0 }
}

/// Adds up a complete score sheet against the rubric it holds (`ScoreSheet::rubric`), at the
/// session's target level. `None` until every competency is rated.
pub fn score(
    sheet: &ScoreSheet,
    framework: &Framework,
    drill: &DrillState,
    target: TargetLevel,
) -> Option<ScoreResult> {
    let verdict = verdict(sheet, &sheet.rubric, target)?;
    Some(result_of(&verdict, sheet, framework, drill, target))
}

/// The saved result of a verdict already reached on `sheet` (so a view that shows the verdict's
/// reasons as well does not rule twice).
pub fn result_of(
    verdict: &Verdict,
    sheet: &ScoreSheet,
    framework: &Framework,
    drill: &DrillState,
    target: TargetLevel,
) -> ScoreResult {
    // The rubric's phases in the framework's order; a rubric that names other phases (its
    // scenario moved framework after this drill) keeps its own order for those.
    let mut ids: Vec<&str> = Vec::new();
    for item in &sheet.rubric {
        if !ids.contains(&item.phase.as_str()) {
            ids.push(&item.phase);
        }
    }
    ids.sort_by_key(|id| framework.phase_index(id).unwrap_or(usize::MAX));
    let phases = ids
        .into_iter()
        .map(|id| PhaseCoverage {
            phase: id.to_owned(),
            coverage: weighted_coverage(sheet, &sheet.rubric, Some(id)),
        })
        .collect();
    let phases_over_budget = (0..drill.phases.len())
        .filter(|i| !drill.phase_overrun(framework, *i).is_zero())
        .count() as u32;
    ScoreResult {
        model: ScoringModel::Competency,
        band: verdict.band,
        uncapped: (verdict.uncapped != verdict.band).then_some(verdict.uncapped),
        target: Some(target),
        core: Some(verdict.core_share()),
        crux: verdict.crux,
        depth: verdict.depth,
        coverage: weighted_coverage(sheet, &sheet.rubric, None),
        phases,
        signal_average: Some(verdict.rating_average),
        level: None,
        calibration_gap: sheet
            .predicted_band
            .map(|p| f32::from(band_gap(p, verdict.band))),
        phases_over_budget,
    }
}

/// What the diagram says about one rubric item: expected components it lacks, and boxes that
/// could back it up. Suggestions only; the candidate scores.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ItemHint<'a> {
    /// Expected components for this item with no box of their kind in the diagram.
    pub missing: Vec<&'a ExpectedComponent>,
    /// Boxes whose kind is an expected component of this item.
    pub present: Vec<NodeId>,
}

/// The diagram's hint for a rubric item.
pub fn item_hint<'a>(scenario: &'a Scenario, diagram: &Diagram, item: &str) -> ItemHint<'a> {
    let mut hint = ItemHint::default();
    for component in scenario
        .expected_components
        .iter()
        .filter(|c| c.items.iter().any(|i| i == item))
    {
        let nodes: Vec<NodeId> = nodes_of_kind(diagram, component.kind);
        if nodes.is_empty() {
            hint.missing.push(component);
        } else {
            hint.present.extend(nodes);
        }
    }
    hint.present.sort_unstable();
    hint.present.dedup();
    hint
}

/// The boxes of a kind.
fn nodes_of_kind(diagram: &Diagram, kind: NodeKind) -> Vec<NodeId> {
    diagram
        .nodes
        .iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.id)
        .collect()
}

/// Expected components present in and missing from a diagram, in scenario order.
pub fn component_presence<'a>(
    scenario: &'a Scenario,
    diagram: &Diagram,
) -> (Vec<&'a ExpectedComponent>, Vec<&'a ExpectedComponent>) {
    scenario
        .expected_components
        .iter()
        .partition(|c| diagram.nodes.iter().any(|n| n.kind == c.kind))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rubric::Signal;
    use crate::model::session::{ItemMark, SignalScore};
    use crate::model::verdict::{Raised, scored_rubric};
    use crate::model::{Session, Timestamp};
    use std::time::Duration;

    fn fixture() -> (Scenario, Framework) {
        let framework = crate::store::builtin::framework().clone();
        let scenario = crate::store::builtin::scenarios(std::slice::from_ref(&framework))
            .into_iter()
            .flatten()
            .find(|s| s.id == "fraud_detection")
            .expect("built in");
        (scenario, framework)
    }

    fn sheet(rubric: Vec<ScoredItem>, marks: &[(&str, Coverage)], ratings: &[u8]) -> ScoreSheet {
        ScoreSheet {
            at: Timestamp(0),
            by: crate::model::Scorer::Candidate,
            model: ScoringModel::Competency,
            predicted_band: Some(Band::Hire),
            predicted_level: None,
            flags: Vec::new(),
            items: marks.iter().map(|(id, c)| ItemMark::new(id, *c)).collect(),
            signals: Signal::ALL
                .iter()
                .zip(ratings)
                .map(|(signal, level)| SignalScore {
                    signal: *signal,
                    level: *level,
                })
                .collect(),
            rubric,
            result: None,
        }
    }

    #[test]
    fn coverage_is_weighted_by_item_weight_and_phase() {
        let (scenario, framework) = fixture();
        let mut rubric = scored_rubric(&scenario, &framework, TargetLevel::Senior);
        // Two items in one phase, weights 3 and 1; the rest of the rubric dropped.
        rubric.truncate(2);
        rubric[0].weight = 3;
        rubric[1].weight = 1;
        rubric[1].phase = rubric[0].phase.clone();
        let (a, b) = (rubric[0].id.clone(), rubric[1].id.clone());
        let covered = sheet(
            rubric.clone(),
            &[(&a, Coverage::Covered), (&b, Coverage::Missed)],
            &[],
        );
        assert!((weighted_coverage(&covered, &rubric, None) - 0.75).abs() < 1e-6);
        let phase = rubric[0].phase.clone();
        assert!((weighted_coverage(&covered, &rubric, Some(&phase)) - 0.75).abs() < 1e-6);
        let partly = sheet(
            rubric.clone(),
            &[(&a, Coverage::Partly), (&b, Coverage::Covered)],
            &[],
        );
        assert!((weighted_coverage(&partly, &rubric, None) - 2.5 / 4.0).abs() < 1e-6);
        let none = sheet(rubric.clone(), &[], &[]);
        assert!(weighted_coverage(&none, &rubric, None).abs() < 1e-6);
    }

    #[test]
    fn a_result_needs_every_competency_and_saves_what_the_verdict_found() {
        let (scenario, framework) = fixture();
        let session = Session::start(&scenario, &framework, 45, Timestamp(0), Duration::ZERO);
        let rubric = scored_rubric(&scenario, &framework, TargetLevel::Senior);
        let all: Vec<(&str, Coverage)> = rubric
            .iter()
            .map(|i| (i.id.as_str(), Coverage::Covered))
            .collect();
        let six = sheet(rubric.clone(), &all, &[3, 3, 3, 3, 3, 3]);
        assert_eq!(
            score(&six, &framework, &session.drill, TargetLevel::Senior),
            None,
            "one competency unrated"
        );
        let mut full = sheet(rubric.clone(), &all, &[3, 3, 3, 3, 3, 3, 3]);
        let result =
            score(&full, &framework, &session.drill, TargetLevel::Senior).expect("complete");
        assert_eq!(result.band, Band::Hire);
        assert_eq!(result.model, ScoringModel::Competency);
        assert_eq!(result.target, Some(TargetLevel::Senior));
        assert_eq!(result.core, Some(1.0));
        assert_eq!(
            result.calibration_gap,
            Some(0.0),
            "predicted Hire, scored Hire"
        );
        assert_eq!(result.level, None);
        assert!((result.coverage - 1.0).abs() < 1e-6);
        // Raised after a prompt: coverage (what was said) stays, core credit halves.
        for mark in &mut full.items {
            mark.raised = Raised::Prompted;
        }
        let prompted =
            score(&full, &framework, &session.drill, TargetLevel::Senior).expect("complete");
        assert!((prompted.coverage - 1.0).abs() < 1e-6);
        assert_eq!(prompted.core, Some(0.5));
        assert_eq!(
            prompted.band,
            Band::LeanNoHire,
            "50 % core is under Lean hire's 55 %"
        );
        assert_eq!(prompted.calibration_gap, Some(2.0));
    }

    #[test]
    fn coverage_model_band_thresholds_are_inclusive_at_the_bottom() {
        assert_eq!(Band::of_level(1.0), Band::NoHire);
        assert_eq!(Band::of_level(1.749), Band::NoHire);
        assert_eq!(Band::of_level(1.75), Band::LeanNoHire);
        assert_eq!(Band::of_level(2.5), Band::LeanHire);
        assert_eq!(Band::of_level(3.0), Band::Hire);
        assert_eq!(Band::of_level(3.5), Band::StrongHire);
        assert_eq!(Band::of_level(4.0), Band::StrongHire);
    }

    #[test]
    fn phases_over_budget_are_counted() {
        let (scenario, framework) = fixture();
        let mut session = Session::start(&scenario, &framework, 45, Timestamp(0), Duration::ZERO);
        session.drill.phases[0].elapsed_ms = 10 * 60 * 1000; // Clarify's budget is 3 min.
        session.drill.phases[1].elapsed_ms = 60 * 1000;
        let rubric = scored_rubric(&scenario, &framework, TargetLevel::Mid);
        let result = score(
            &sheet(rubric, &[], &[2, 2, 2, 2, 2, 2, 2]),
            &framework,
            &session.drill,
            TargetLevel::Mid,
        )
        .expect("rated");
        assert_eq!(result.phases_over_budget, 1);
    }

    #[test]
    fn hints_flag_missing_components_and_suggest_present_ones() {
        let (scenario, framework) = fixture();
        let mut session = Session::start(&scenario, &framework, 45, Timestamp(0), Duration::ZERO);
        let component = &scenario.expected_components[0];
        let item = component.items[0].clone();
        let empty = item_hint(&scenario, &session.diagram, &item);
        assert!(empty.missing.iter().any(|c| c.kind == component.kind));
        assert!(empty.present.is_empty());
        session.diagram.nodes.push(crate::model::DiagramNode {
            id: NodeId(9),
            kind: component.kind,
            label: "mine".into(),
            pos: crate::model::Point { x: 0.0, y: 0.0 },
            size: crate::model::DiagramNode::DEFAULT_SIZE,
        });
        let hint = item_hint(&scenario, &session.diagram, &item);
        assert!(hint.missing.iter().all(|c| c.kind != component.kind));
        assert_eq!(hint.present, vec![NodeId(9)]);
        let (present, missing) = component_presence(&scenario, &session.diagram);
        assert!(present.iter().any(|c| c.kind == component.kind));
        assert_eq!(
            present.len() + missing.len(),
            scenario.expected_components.len()
        );
    }
}
