//! Self-scoring maths: weighted rubric coverage, the signal average, the hire band, the
//! calibration gap and time management. The thresholds are documented in `docs/scoring.md`.

use serde::{Deserialize, Serialize};

use super::diagram::{Diagram, NodeId, NodeKind};
use super::framework::Framework;
use super::scenario::{ExpectedComponent, Scenario};
use super::session::{Coverage, DrillState, ScoreSheet};

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
    /// Level below 1.75.
    NoHire,
    /// 1.75 to below 2.5.
    LeanNoHire,
    /// 2.5 to below 3.0.
    LeanHire,
    /// 3.0 to below 3.5.
    Hire,
    /// 3.5 and above.
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

    /// The lowest level (1–4 scale) of each band above `NoHire`.
    pub const THRESHOLDS: [f32; 4] = [1.75, 2.5, 3.0, 3.5];

    /// The band a level (1–4) falls in.
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
    /// Weighted coverage over every rubric item, 0–1 (unmarked items count as missed).
    pub coverage: f32,
    /// Weighted coverage per phase, in framework order.
    pub phases: Vec<PhaseCoverage>,
    /// The mean of the signal scores given, 1–4.
    pub signal_average: Option<f32>,
    /// The combined level, 1–4: the mean of coverage mapped onto 1–4 and the signal average.
    pub level: f32,
    /// The hire band of `level`.
    pub band: Band,
    /// Predicted level minus `level`: positive means the candidate rated themselves higher.
    pub calibration_gap: Option<f32>,
    /// How many phases ran over their budget.
    pub phases_over_budget: u32,
}

/// Coverage mapped onto the 1–4 signal scale: none is 1, everything is 4.
pub fn coverage_level(coverage: f32) -> f32 {
    1.0 + 3.0 * coverage.clamp(0.0, 1.0)
}

/// Adds up a score sheet against its scenario.
pub fn score(
    sheet: &ScoreSheet,
    scenario: &Scenario,
    framework: &Framework,
    drill: &DrillState,
) -> ScoreResult {
    let credit = |item: &str| {
        sheet
            .items
            .iter()
            .find(|m| m.item == item)
            .map_or(0.0, |m| m.coverage.credit())
    };
    let weighted = |phase: Option<&str>| {
        let (earned, total) = scenario
            .rubric
            .iter()
            .filter(|item| phase.is_none_or(|p| item.phase == p))
            .fold((0.0_f32, 0.0_f32), |(earned, total), item| {
                let w = item.weight as f32;
                (earned + w * credit(&item.id), total + w)
            });
        if total > 0.0 { earned / total } else { 0.0 }
    };
    let phases = framework
        .phases
        .iter()
        .filter(|p| scenario.rubric.iter().any(|item| item.phase == p.id))
        .map(|p| PhaseCoverage {
            phase: p.id.clone(),
            coverage: weighted(Some(&p.id)),
        })
        .collect();
    let coverage = weighted(None);
    let levels: Vec<f32> = sheet
        .signals
        .iter()
        .filter(|s| (1..=4).contains(&s.level))
        .map(|s| f32::from(s.level))
        .collect();
    let signal_average =
        (!levels.is_empty()).then(|| levels.iter().sum::<f32>() / levels.len() as f32);
    let level = match signal_average {
        Some(average) => f32::midpoint(coverage_level(coverage), average),
        None => coverage_level(coverage),
    };
    let calibration_gap = sheet
        .predicted_level
        .filter(|p| (1..=4).contains(p))
        .map(|p| f32::from(p) - level);
    let phases_over_budget = (0..drill.phases.len())
        .filter(|i| !drill.phase_overrun(framework, *i).is_zero())
        .count() as u32;
    ScoreResult {
        coverage,
        phases,
        signal_average,
        level,
        band: Band::of_level(level),
        calibration_gap,
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

    fn sheet(marks: &[(&str, Coverage)], signals: &[u8], predicted: Option<u8>) -> ScoreSheet {
        ScoreSheet {
            at: Timestamp(0),
            predicted_level: predicted,
            items: marks
                .iter()
                .map(|(id, c)| ItemMark {
                    item: (*id).to_owned(),
                    coverage: *c,
                    evidence: Vec::new(),
                })
                .collect(),
            signals: Signal::ALL
                .iter()
                .zip(signals)
                .map(|(signal, level)| SignalScore {
                    signal: *signal,
                    level: *level,
                })
                .collect(),
            result: None,
        }
    }

    #[test]
    fn coverage_is_weighted_by_item_weight_and_phase() {
        let (mut scenario, framework) = fixture();
        // Two items in one phase, weights 3 and 1; the rest of the rubric dropped.
        scenario.rubric.truncate(2);
        scenario.rubric[0].weight = 3;
        scenario.rubric[1].weight = 1;
        let first_phase = scenario.rubric[0].phase.clone();
        scenario.rubric[1].phase = first_phase;
        let (a, b) = (scenario.rubric[0].id.clone(), scenario.rubric[1].id.clone());
        let session = Session::start(&scenario, &framework, 45, Timestamp(0), Duration::ZERO);
        let result = score(
            &sheet(
                &[(&a, Coverage::Covered), (&b, Coverage::Missed)],
                &[],
                None,
            ),
            &scenario,
            &framework,
            &session.drill,
        );
        assert!(
            (result.coverage - 0.75).abs() < 1e-6,
            "3 of 4: {}",
            result.coverage
        );
        assert_eq!(result.phases.len(), 1);
        assert!((result.phases[0].coverage - 0.75).abs() < 1e-6);
        let partly = score(
            &sheet(
                &[(&a, Coverage::Partly), (&b, Coverage::Covered)],
                &[],
                None,
            ),
            &scenario,
            &framework,
            &session.drill,
        );
        assert!((partly.coverage - 2.5 / 4.0).abs() < 1e-6);
        // Unmarked counts as missed.
        let none = score(
            &sheet(&[], &[], None),
            &scenario,
            &framework,
            &session.drill,
        );
        assert!(none.coverage.abs() < 1e-6);
        assert_eq!(none.band, Band::NoHire);
    }

    #[test]
    fn level_band_and_calibration_gap() {
        let (scenario, framework) = fixture();
        let session = Session::start(&scenario, &framework, 45, Timestamp(0), Duration::ZERO);
        let all: Vec<(&str, Coverage)> = scenario
            .rubric
            .iter()
            .map(|i| (i.id.as_str(), Coverage::Covered))
            .collect();
        // Full coverage (level 4) and signals averaging 3: level 3.5, strong hire.
        let result = score(
            &sheet(&all, &[3, 3, 3, 3, 3], Some(2)),
            &scenario,
            &framework,
            &session.drill,
        );
        assert_eq!(result.signal_average, Some(3.0));
        assert!((result.level - 3.5).abs() < 1e-6);
        assert_eq!(result.band, Band::StrongHire);
        let gap = result.calibration_gap.expect("predicted");
        assert!((gap + 1.5).abs() < 1e-6, "predicted 2, scored 3.5: {gap}");
        // Half the weight partly (coverage 0.5 → level 2.5) and signals 2: level 2.25.
        let partly: Vec<(&str, Coverage)> = scenario
            .rubric
            .iter()
            .map(|i| (i.id.as_str(), Coverage::Partly))
            .collect();
        let result = score(
            &sheet(&partly, &[2, 2, 2, 2, 2], None),
            &scenario,
            &framework,
            &session.drill,
        );
        assert!((result.level - 2.25).abs() < 1e-6, "{}", result.level);
        assert_eq!(result.band, Band::LeanNoHire);
        assert_eq!(result.calibration_gap, None);
    }

    #[test]
    fn band_thresholds_are_inclusive_at_the_bottom() {
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
        let result = score(
            &sheet(&[], &[], None),
            &scenario,
            &framework,
            &session.drill,
        );
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
