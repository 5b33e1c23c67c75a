//! A partner's score beside the self-score (issue 23): both bands and the gap between them,
//! then every rubric item (coverage, prompted or unprompted), the competency ratings and the
//! red flags judged differently. The item comparison is the calibration one
//! (`model::calibration::compare_sheets`), with the partner's marks in the official column.

use egui::{RichText, Ui};

use crate::model::calibration::{MarkGap, compare_sheets, self_rating_gap_text};
use crate::model::rubric::LEVEL_NAMES;
use crate::model::verdict::{FlagOutcome, band_gap};
use crate::model::{Scenario, ScoreSheet};

use super::ReviewContext;
use super::calibration::{flag_text, mark_text};
use crate::ui::theme;

/// The comparison under the saved self-score: `yours` is the candidate's latest own revision,
/// `partner` the latest partner revision.
pub fn comparison_ui(
    ui: &mut Ui,
    yours: &ScoreSheet,
    partner: &ScoreSheet,
    scenario: &Scenario,
    context: &ReviewContext<'_>,
) {
    let name = partner.by.partner_name().unwrap_or("Your partner");
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.label(
        RichText::new(format!("Beside {name}'s partner score"))
            .strong()
            .size(18.0),
    );
    ui.weak(format!(
        "{name} played the interviewer and scored this attempt on {}.",
        crate::ui::widgets::local_time(ui, partner.at)
    ));
    let theirs = partner.result.as_ref().map(|r| r.band);
    let own = yours.result.as_ref().map(|r| r.band);
    ui.horizontal_wrapped(|ui| {
        if let Some(theirs) = theirs {
            ui.label("Partner:");
            ui.label(
                RichText::new(theirs.label())
                    .strong()
                    .color(theme::band_colour(ui.visuals(), theirs)),
            );
        }
        if let Some(own) = own {
            ui.label("· You:");
            ui.label(
                RichText::new(own.label())
                    .strong()
                    .color(theme::band_colour(ui.visuals(), own)),
            );
        }
        if let (Some(theirs), Some(own)) = (theirs, own) {
            let gap = band_gap(own, theirs);
            let colour = if gap == 0 {
                theme::success_colour(ui.visuals())
            } else {
                theme::warning_colour(ui.visuals())
            };
            ui.label(RichText::new(format!("· {}", self_rating_gap_text(gap))).color(colour));
        }
    });
    let rows = compare_sheets(scenario, yours, partner);
    let differing = rows.iter().filter(|(_, d)| *d).count();
    let generous = rows.iter().filter(|(g, d)| *d && g.generous()).count();
    ui.weak(format!(
        "{differing} of {} items marked differently: {generous} more generously than {name}, {} more strictly.",
        rows.len(),
        differing - generous
    ));
    ui.add_space(6.0);
    // The items you disagree on first; the ones marked alike fold away.
    let items_grid = |ui: &mut Ui, id: &str, differ: bool| {
        egui::Grid::new(id)
            .num_columns(3)
            .striped(true)
            .spacing([16.0, 4.0])
            .show(ui, |ui| {
                ui.label(RichText::new("Item").strong());
                ui.label(RichText::new("You").strong());
                ui.label(RichText::new(name).strong());
                ui.end_row();
                for (gap, differs) in rows.iter().filter(|(_, d)| *d == differ) {
                    item_row_ui(ui, scenario, gap, *differs);
                }
            });
    };
    if differing > 0 {
        items_grid(ui, "partner_items", true);
    }
    let alike = rows.len() - differing;
    if alike > 0 {
        egui::CollapsingHeader::new(format!("{alike} items you both marked the same"))
            .id_salt("partner_items_alike")
            .show(ui, |ui| items_grid(ui, "partner_items_alike_grid", false));
    }
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.label(RichText::new("Competencies").strong());
    egui::Grid::new("partner_ratings")
        .num_columns(3)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for rubric in &context.signals.signals {
                let rating = |sheet: &ScoreSheet| {
                    sheet
                        .signals
                        .iter()
                        .find(|s| s.signal == rubric.signal)
                        .map(|s| s.level)
                };
                let (own, theirs) = (rating(yours), rating(partner));
                if own.is_none() && theirs.is_none() {
                    continue;
                }
                ui.label(&rubric.name);
                let colour = if own > theirs && theirs.is_some() {
                    theme::warning_colour(ui.visuals())
                } else {
                    ui.visuals().text_color()
                };
                ui.label(RichText::new(format!("you {}", level_text(own))).color(colour));
                ui.label(format!("{name} {}", level_text(theirs)));
                ui.end_row();
            }
        });
    let flags: Vec<(&str, FlagOutcome, FlagOutcome)> = scenario
        .red_flags
        .iter()
        .map(|flag| {
            let outcome = |sheet: &ScoreSheet| {
                sheet
                    .flags
                    .iter()
                    .find(|f| &f.flag == flag)
                    .map_or(FlagOutcome::NotCommitted, |f| f.outcome)
            };
            (flag.as_str(), outcome(yours), outcome(partner))
        })
        .filter(|(_, own, theirs)| own != theirs)
        .collect();
    if !flags.is_empty() {
        ui.add_space(theme::SECTION_GAP / 2.0);
        ui.label(RichText::new("Red flags judged differently").strong());
        for (flag, own, theirs) in flags {
            ui.horizontal_wrapped(|ui| {
                ui.label(flag);
                ui.colored_label(
                    theme::warning_colour(ui.visuals()),
                    format!("you: {} · {name}: {}", flag_text(own), flag_text(theirs)),
                );
            });
        }
    }
    ui.add_space(theme::SECTION_GAP);
    ui.separator();
}

/// One rubric item: its title, the two marks, warning-coloured where you gave more credit.
fn item_row_ui(ui: &mut Ui, scenario: &Scenario, gap: &MarkGap, differs: bool) {
    let title = scenario
        .rubric
        .iter()
        .find(|r| r.id == gap.item)
        .map_or(gap.item.as_str(), |r| r.title.as_str());
    if differs {
        ui.label(RichText::new(title).strong());
    } else {
        ui.label(title);
    }
    let colour = if differs && gap.generous() {
        theme::warning_colour(ui.visuals())
    } else if differs {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().weak_text_color()
    };
    ui.label(RichText::new(mark_text(gap.yours, gap.yours_raised)).color(colour));
    let theirs = mark_text(gap.official, gap.official_raised);
    if differs {
        ui.label(RichText::new(theirs).strong());
    } else {
        ui.weak(theirs);
    }
    ui.end_row();
}

/// "3 · Hire-level", or "not rated".
fn level_text(level: Option<u8>) -> String {
    level.map_or_else(
        || "not rated".to_owned(),
        |n| {
            let name = LEVEL_NAMES
                .get(usize::from(n).saturating_sub(1))
                .copied()
                .unwrap_or("");
            format!("{n} · {name}")
        },
    )
}
