//! A calibration attempt's comparison: once the user's blind score is saved, the official
//! marks of the graded example stand beside theirs, item by item, with the gap in bands and
//! the debrief.

use egui::{RichText, Ui};

use crate::model::calibration::{CalibrationOf, GradedExample, MarkGap, compare_marks};
use crate::model::rubric::LEVEL_NAMES;
use crate::model::session::Coverage;
use crate::model::verdict::{FlagOutcome, Raised, band_gap};
use crate::model::{Scenario, ScoreSheet};

use super::ReviewContext;
use crate::ui::theme;

/// "2 bands too generous", "spot on", "1 band too strict".
pub fn gap_text(gap: i8) -> String {
    match gap {
        0 => "the same band as the official grade".to_owned(),
        1 => "1 band too generous".to_owned(),
        -1 => "1 band too strict".to_owned(),
        g if g > 0 => format!("{g} bands too generous"),
        g => format!("{} bands too strict", -g),
    }
}

/// The comparison under a saved calibration score; `example` is `None` when the example is no
/// longer in the library, and then only the bands are compared.
pub fn comparison_ui(
    ui: &mut Ui,
    calibration: &CalibrationOf,
    sheet: &ScoreSheet,
    scenario: &Scenario,
    example: Option<&GradedExample>,
    context: &ReviewContext<'_>,
) {
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.label(
        RichText::new("Against the official marks")
            .strong()
            .size(18.0),
    );
    let yours = sheet.result.as_ref().map(|r| r.band);
    ui.horizontal_wrapped(|ui| {
        ui.label("Official grade:");
        ui.label(
            RichText::new(calibration.official.label())
                .strong()
                .color(theme::band_colour(ui.visuals(), calibration.official)),
        );
        if let Some(yours) = yours {
            ui.label("· your marks reach");
            ui.label(
                RichText::new(yours.label())
                    .strong()
                    .color(theme::band_colour(ui.visuals(), yours)),
            );
            let gap = band_gap(yours, calibration.official);
            let colour = if gap == 0 {
                theme::success_colour(ui.visuals())
            } else {
                theme::warning_colour(ui.visuals())
            };
            ui.label(RichText::new(format!("· {}", gap_text(gap))).color(colour));
        }
    });
    let Some(example) = example else {
        ui.weak("This graded example is no longer in the library, so only the bands are compared.");
        return;
    };
    let rows = compare_marks(scenario, sheet, &example.official);
    let differing: Vec<&MarkGap> = rows.iter().filter(|(_, d)| *d).map(|(g, _)| g).collect();
    let generous = differing.iter().filter(|g| g.generous()).count();
    ui.weak(format!(
        "{} of {} items marked differently: {generous} more generously than the official marks, {} more strictly.",
        differing.len(),
        rows.len(),
        differing.len() - generous
    ));
    ui.add_space(6.0);
    if !differing.is_empty() {
        egui::Grid::new("calibration_items")
            .num_columns(3)
            .striped(true)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                ui.label(RichText::new("Item").strong());
                ui.label(RichText::new("Yours").strong());
                ui.label(RichText::new("Official").strong());
                ui.end_row();
                for gap in &differing {
                    let title = scenario
                        .rubric
                        .iter()
                        .find(|r| r.id == gap.item)
                        .map_or(gap.item.as_str(), |r| r.title.as_str());
                    ui.label(title);
                    let colour = if gap.generous() {
                        theme::warning_colour(ui.visuals())
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.label(RichText::new(mark_text(gap.yours, gap.yours_raised)).color(colour));
                    ui.label(mark_text(gap.official, gap.official_raised));
                    ui.end_row();
                }
            });
    }
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.label(RichText::new("Competencies").strong());
    egui::Grid::new("calibration_ratings")
        .num_columns(3)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for official in &example.official.competencies {
                let name = context
                    .signals
                    .signals
                    .iter()
                    .find(|r| r.signal == official.signal)
                    .map_or_else(|| format!("{:?}", official.signal), |r| r.name.clone());
                ui.label(name);
                let yours = sheet
                    .signals
                    .iter()
                    .find(|s| s.signal == official.signal)
                    .map(|s| s.level);
                let level = |n: u8| {
                    LEVEL_NAMES
                        .get(usize::from(n).saturating_sub(1))
                        .copied()
                        .unwrap_or("")
                };
                let text = yours.map_or_else(
                    || "not rated".to_owned(),
                    |n| format!("yours {n} · {}", level(n)),
                );
                let colour = if yours.is_some_and(|n| n > official.level) {
                    theme::warning_colour(ui.visuals())
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(text).color(colour));
                ui.label(format!(
                    "official {} · {}",
                    official.level,
                    level(official.level)
                ));
                ui.end_row();
            }
        });
    let missed_flags: Vec<_> = example
        .official
        .flags
        .iter()
        .filter(|official| {
            sheet
                .flags
                .iter()
                .find(|f| f.flag == official.flag)
                .is_none_or(|f| f.outcome != official.outcome)
        })
        .collect();
    if !missed_flags.is_empty() {
        ui.add_space(theme::SECTION_GAP / 2.0);
        ui.label(RichText::new("Red flags you judged differently").strong());
        for official in missed_flags {
            let yours = sheet
                .flags
                .iter()
                .find(|f| f.flag == official.flag)
                .map_or(FlagOutcome::NotCommitted, |f| f.outcome);
            ui.horizontal_wrapped(|ui| {
                ui.label(&official.flag);
                ui.colored_label(
                    theme::warning_colour(ui.visuals()),
                    format!(
                        "yours: {} · official: {}",
                        flag_text(yours),
                        flag_text(official.outcome)
                    ),
                );
            });
        }
    }
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.label(RichText::new("Debrief").strong());
    ui.label(&example.debrief);
    ui.add_space(theme::SECTION_GAP);
    ui.separator();
}

/// A red-flag outcome said of someone else's answer.
pub(super) fn flag_text(outcome: FlagOutcome) -> &'static str {
    match outcome {
        FlagOutcome::NotCommitted => "not committed",
        FlagOutcome::RecoveredUnprompted => "caught without a prompt",
        FlagOutcome::RecoveredAfterPrompt => "fixed after a prompt",
        FlagOutcome::NotRecovered => "committed, not recovered",
    }
}

/// "Covered", "Covered (after a prompt)", "Missed".
pub(super) fn mark_text(coverage: Coverage, raised: Raised) -> String {
    match (coverage, raised) {
        (Coverage::Missed, _) | (_, Raised::Unprompted) => coverage.label().to_owned(),
        (_, raised) => format!("{} ({})", coverage.label(), raised.label().to_lowercase()),
    }
}
