//! The Score tab: predict a band, answer the red-flag check, mark the rubric items as evidence
//! (with when each was raised), rate the seven competencies against their anchors, and see the
//! verdict with what held it back. The draft lives in the session (`Session::score_draft`) and
//! every change is sent to the reducer, which saves it like notes; so closing the app, or a
//! crash, loses none of it. Once saved, the tab shows the saved verdict until "Revise".

use std::fmt::Write as _;

use egui::{RichText, ScrollArea, Ui};

use crate::model::rubric::LEVEL_NAMES;
use crate::model::scenario::RubricItem;
use crate::model::scoring::{Band, ScoreResult, item_hint, result_of};
use crate::model::verdict::{
    FlagCheck, FlagOutcome, Raised, ScoredItem, ScoringModel, infer_raised_dated, pending,
    scored_rubric, verdict,
};
use crate::model::{
    Coverage, Diagram, Evidence, Framework, ItemMark, Scenario, ScoreSheet, Session, Signal,
    SignalRubric, SignalScore,
};
use crate::ui::action::Action;
use crate::ui::theme;
use crate::ui::widgets::{count_of, primary_button};

use super::state::ReplayPlayer;
use super::{OpenSession, ReviewContext};

/// The draft a new round of scoring starts from: the latest revision's marks (the prediction,
/// red flags and ratings are asked afresh), against the scenario's rubric as it is now.
pub fn fresh_draft(
    session: &Session,
    scenario: &Scenario,
    framework: &Framework,
    now: crate::model::Timestamp,
) -> ScoreSheet {
    let rubric = scored_rubric(scenario, framework, session.target);
    let items = session
        .latest_self_score()
        .map(|last| {
            last.items
                .iter()
                .filter(|m| rubric.iter().any(|i| i.id == m.item))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut draft = ScoreSheet {
        at: now,
        by: crate::model::Scorer::Candidate,
        model: ScoringModel::Competency,
        predicted_band: None,
        predicted_level: None,
        flags: Vec::new(),
        items,
        signals: Vec::new(),
        rubric,
        result: None,
    };
    prefill(&mut draft, session, scenario, None);
    draft
}

/// The draft a partner starts from (issue 23): nothing marked, so the partner's score is their
/// own and not the candidate's self-score; when each item was raised is prefilled from the
/// drill's log as for the candidate. The prediction step is the candidate's, so it is skipped.
pub fn partner_draft(
    session: &Session,
    scenario: &Scenario,
    framework: &Framework,
    now: crate::model::Timestamp,
) -> ScoreSheet {
    let mut draft = fresh_draft(session, scenario, framework, now);
    draft.items.clear();
    draft
}

/// Fills in when each item was raised, where the app knows and the candidate has not said;
/// the replay log, when there is one, dates the evidence to the moment it appeared.
fn prefill(
    draft: &mut ScoreSheet,
    session: &Session,
    scenario: &Scenario,
    player: Option<&ReplayPlayer>,
) {
    let first_seen =
        |evidence: &crate::model::Evidence| player.and_then(|p| p.first_seen(evidence));
    for mark in &mut draft.items {
        let inferred =
            infer_raised_dated(session, scenario, &mark.item, &mark.evidence, &first_seen);
        mark.prefill_raised(inferred);
    }
}

/// Whether a saved revision was marked against a rubric other than the scenario's today.
pub fn rubric_changed(sheet: &ScoreSheet, current: &[ScoredItem]) -> bool {
    !sheet.rubric.is_empty() && sheet.rubric != current
}

/// The Score tab.
pub(super) fn score_tab_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    player: Option<&ReplayPlayer>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(scenario) = context.scenario else {
        ui.weak("This scenario is not in the library here, so its rubric cannot be shown.");
        return actions;
    };
    let session = &open.session;
    let partner = open.partner.as_deref();
    if open.read_only.is_some() && partner.is_none() {
        match session.latest_self_score() {
            Some(sheet) => actions.extend(saved_ui(ui, session, sheet, scenario, context, player)),
            None => {
                ui.weak("Not scored. This session is open read-only, so it cannot be scored here.");
            }
        }
        return actions;
    }
    let original = if let Some(draft) = &session.score_draft {
        draft.clone()
    } else if partner.is_some() {
        partner_draft(session, scenario, context.rubric_framework, context.now)
    } else {
        if let Some(sheet) = session.latest_self_score() {
            ui.add_space(theme::SECTION_GAP / 2.0);
            let label = if sheet.model == ScoringModel::Coverage {
                "Score again with competencies"
            } else {
                "Revise score"
            };
            if primary_button(ui, label)
                .on_hover_text("Starts a new revision; this one is kept")
                .clicked()
            {
                let draft = fresh_draft(session, scenario, context.rubric_framework, context.now);
                actions.push(Action::EditScoreDraft(Box::new(draft)));
            }
            actions.extend(saved_ui(ui, session, sheet, scenario, context, player));
            return actions;
        }
        fresh_draft(session, scenario, context.rubric_framework, context.now)
    };
    let mut draft = original.clone();

    if partner.is_none()
        && let Some(theirs) = session.latest_partner_score()
    {
        let name = theirs.by.partner_name().unwrap_or("Your partner");
        ui.weak(if session.latest_self_score().is_some() {
            format!(
                "{name}'s partner score shows beside your saved score once you save this revision."
            )
        } else {
            format!(
                "{name}'s partner score is imported: it shows beside yours once you save your own."
            )
        });
    }
    // A partner scores without predicting: the prediction is the candidate's own.
    if draft.predicted_band.is_none() && partner.is_none() {
        predict_ui(ui, &mut draft, scenario, session);
    } else {
        let mut waiting = pending(&draft, &scenario.red_flags);
        // The partner predicts nothing: the prediction is the candidate's own.
        waiting.prediction &= partner.is_none();
        egui::Panel::right("score_result")
            .resizable(true)
            .default_size(320.0)
            .min_size(240.0)
            .show(ui, |ui| {
                ScrollArea::vertical()
                    .id_salt("result_scroll")
                    .show(ui, |ui| {
                        actions.extend(verdict_panel_ui(ui, &draft, open, context, &waiting));
                    });
            });
        ScrollArea::vertical().id_salt("score").show(ui, |ui| {
            let of_someone_else = session.calibration.is_some() || partner.is_some();
            flags_ui(ui, &mut draft, scenario, of_someone_else);
            if waiting.flags == 0 {
                let shown = Shown { session, player };
                if let Some(evidence) =
                    evidence_ui(ui, &mut draft, shown, scenario, context.rubric_framework)
                {
                    actions.push(Action::ReplayEvidence(evidence));
                }
                ui.add_space(theme::SECTION_GAP);
                competencies_ui(ui, &mut draft, context);
            } else {
                ui.add_space(8.0);
                ui.weak(
                    "Answer the red-flag check first: it caps the band, so it comes before the \
                     evidence and the ratings.",
                );
            }
        });
    }
    // A saved draft was prefilled when it changed; only a change can need it again.
    if draft != original {
        prefill(&mut draft, session, scenario, player);
        actions.push(Action::EditScoreDraft(Box::new(draft)));
    }
    actions
}

/// Step 1: the band the candidate expects, before anything else is shown.
fn predict_ui(ui: &mut Ui, draft: &mut ScoreSheet, scenario: &Scenario, session: &Session) {
    ui.add_space(theme::SECTION_GAP);
    ui.label(
        RichText::new("Before you see the rubric")
            .strong()
            .size(18.0),
    );
    let level = session.target.label().to_lowercase();
    ui.label(if session.calibration.is_some() {
        format!(
            "How did this candidate do, at the {level} bar? Read their notes (Overview), diagram \
             and replies, then predict: the official grade shows once your score is saved."
        )
    } else {
        format!(
            "How do you think this attempt went, at the {level} bar? Predict first: comparing \
             the guess with the verdict shows how well you judge your own answers."
        )
    });
    ui.add_space(8.0);
    ui.horizontal_wrapped(|ui| {
        for band in Band::ALL {
            let button = egui::Button::new(RichText::new(band.label()).size(16.0))
                .min_size(egui::vec2(130.0, 40.0));
            if ui
                .add(button)
                .on_hover_text("Your prediction")
                .accessible_name(format!("Predict {}", band.label()))
                .clicked()
            {
                draft.predicted_band = Some(band);
            }
        }
    });
    ui.add_space(8.0);
    ui.weak(format!(
        "Next: {} to check, {} to mark as evidence, then seven competencies to rate.",
        count_of(scenario.red_flags.len(), "red flag", "red flags"),
        count_of(draft.rubric.len(), "rubric item", "rubric items")
    ));
}

/// Step 2: the red-flag check; any flag committed caps the band. Once every flag is answered
/// it folds into one line, and opens again while any is unanswered.
fn flags_ui(ui: &mut Ui, draft: &mut ScoreSheet, scenario: &Scenario, calibration: bool) {
    if scenario.red_flags.is_empty() {
        return;
    }
    let answered = |draft: &ScoreSheet| {
        scenario
            .red_flags
            .iter()
            .filter(|f| draft.flags.iter().any(|c| &c.flag == *f))
            .count()
    };
    let total = scenario.red_flags.len();
    let done = answered(draft);
    let capping = draft
        .flags
        .iter()
        .filter(|c| c.outcome.cap().is_some())
        .count();
    let id = ui.make_persistent_id("red_flag_check");
    let mut state =
        egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true);
    if done < total {
        state.set_open(true);
    }
    ui.add_space(theme::SECTION_GAP / 2.0);
    let mut all_clear = false;
    state
        .show_header(ui, |ui| {
            ui.label(RichText::new("Red-flag check").strong().size(17.0));
            if done == total {
                ui.weak(match capping {
                    0 => format!("{total} answered · none caps the band"),
                    1 => format!("{total} answered · 1 caps the band"),
                    n => format!("{total} answered · {n} cap the band"),
                });
            } else {
                ui.weak(format!("{done} of {total} answered"));
            }
        })
        .body_unindented(|ui| {
            let who = if calibration {
                "Did the candidate do any of these?"
            } else {
                "Did you do any of these?"
            };
            ui.weak(format!(
                "{who} Committed and not recovered caps the band at Lean no hire; fixed only \
                 after a prompt, at Lean hire."
            ));
            if done < total
                && ui
                    .button("None of the rest")
                    .on_hover_text("Marks every unanswered flag as not done")
                    .clicked()
            {
                for flag in &scenario.red_flags {
                    if !draft.flags.iter().any(|c| &c.flag == flag) {
                        draft.flags.push(FlagCheck {
                            flag: flag.clone(),
                            outcome: FlagOutcome::NotCommitted,
                        });
                    }
                }
                all_clear = true;
            }
            for (i, flag) in scenario.red_flags.iter().enumerate() {
                ui.push_id(("flag", i), |ui| flag_ui(ui, draft, flag));
            }
        });
    if all_clear || (done < total && answered(draft) == total) {
        // Every flag is answered now: fold the check so the evidence comes into view.
        let mut state =
            egui::collapsing_header::CollapsingState::load_with_default_open(ui.ctx(), id, true);
        state.set_open(false);
        state.store(ui.ctx());
    }
}

/// One red flag and its four answers.
fn flag_ui(ui: &mut Ui, draft: &mut ScoreSheet, flag: &str) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(flag);
        let current = draft.flags.iter().position(|c| c.flag == flag);
        ui.horizontal_wrapped(|ui| {
            for outcome in FlagOutcome::ALL {
                let selected = current.is_some_and(|c| draft.flags[c].outcome == outcome);
                let text = if outcome.cap().is_some() && selected {
                    RichText::new(outcome.label()).color(theme::warning_colour(ui.visuals()))
                } else {
                    RichText::new(outcome.label())
                };
                if ui
                    .selectable_label(selected, text)
                    .accessible_name(format!("{}: {flag}", outcome.label()))
                    .clicked()
                {
                    match current {
                        Some(c) => draft.flags[c].outcome = outcome,
                        None => draft.flags.push(FlagCheck {
                            flag: flag.to_owned(),
                            outcome,
                        }),
                    }
                }
            }
        });
    });
}

/// What the evidence chips show from: the session, and its replay for "first appeared at".
#[derive(Clone, Copy)]
struct Shown<'a> {
    session: &'a Session,
    player: Option<&'a ReplayPlayer>,
}

/// Step 3: the rubric per phase, as evidence for the competencies. Returns the evidence whose
/// replay button was clicked.
fn evidence_ui(
    ui: &mut Ui,
    draft: &mut ScoreSheet,
    shown: Shown<'_>,
    scenario: &Scenario,
    framework: &Framework,
) -> Option<Evidence> {
    let session = shown.session;
    let mut jump = None;
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Evidence").strong().size(17.0));
    ui.weak(format!(
        "Mark what you covered. Core items ({}) are what the {} bar needs; the crux is the \
         insight that separates hire from strong hire. Items left unmarked never lower the \
         verdict unless they are core.",
        draft.rubric.iter().filter(|i| i.core).count(),
        session.target.label().to_lowercase()
    ));
    let rubric = draft.rubric.clone();
    // A draft begun before the scenario moved framework names the earlier phases; each item
    // shows under the phase that took its material over.
    let shown_phase = |item: &ScoredItem| -> String {
        if framework.phase_index(&item.phase).is_some() {
            return item.phase.clone();
        }
        scenario
            .moved_from
            .iter()
            .find_map(|m| scenario.rubric_phase(&m.framework, &item.phase))
            .unwrap_or(&item.phase)
            .to_owned()
    };
    for (phase_index, phase) in framework.phases.iter().enumerate() {
        let items: Vec<&ScoredItem> = rubric
            .iter()
            .filter(|i| shown_phase(i) == phase.id)
            .collect();
        if items.is_empty() {
            continue;
        }
        ui.add_space(theme::SECTION_GAP / 2.0);
        ui.label(
            RichText::new(format!("{}. {}", phase_index + 1, phase.name))
                .strong()
                .size(16.0),
        );
        let notes = session.notes_for_rubric_phase(scenario, &phase.id);
        for item in items {
            let lines = scenario.rubric.iter().find(|r| r.id == item.id);
            ui.push_id(&item.id, |ui| {
                let clicked = rubric_item_ui(ui, draft, item, lines, scenario, shown, &notes);
                jump = jump.take().or(clicked);
            });
        }
    }
    jump
}

/// One rubric item: core/crux, what earns Covered and what a strong answer adds, the mark,
/// when it was raised, evidence. `lines` is the scenario's item, when it still has it.
fn rubric_item_ui(
    ui: &mut Ui,
    draft: &mut ScoreSheet,
    item: &ScoredItem,
    lines: Option<&RubricItem>,
    scenario: &Scenario,
    shown: Shown<'_>,
    notes: &str,
) -> Option<Evidence> {
    let diagram = &shown.session.diagram;
    egui::Frame::group(ui.style())
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                if item.crux {
                    ui.label(
                        RichText::new("CRUX")
                            .small()
                            .strong()
                            .color(theme::accent_colour(ui.visuals())),
                    )
                    .on_hover_text("The insight that separates hire from strong hire");
                } else if item.core {
                    ui.label(
                        RichText::new("CORE")
                            .small()
                            .strong()
                            .color(theme::accent_colour(ui.visuals())),
                    )
                    .on_hover_text("Needed at this level");
                }
                ui.label(RichText::new(&item.title).strong());
                ui.weak(format!(
                    "· {}",
                    crate::model::verdict::competency_name(item.competency)
                ));
            });
            if let Some(lines) = lines {
                rubric_lines_ui(ui, lines);
            }
            let at = draft.items.iter().position(|m| m.item == item.id);
            let current = at.map(|i| draft.items[i].coverage);
            ui.horizontal_wrapped(|ui| {
                for coverage in Coverage::ALL {
                    let response = ui
                        .selectable_label(current == Some(coverage), coverage.label())
                        .accessible_name(format!("{}: {}", coverage.label(), item.title));
                    if response.clicked() {
                        match at {
                            Some(i) => draft.items[i].coverage = coverage,
                            None => draft.items.push(ItemMark::new(&item.id, coverage)),
                        }
                    }
                }
                if let Some(i) = at
                    && draft.items[i].coverage != Coverage::Missed
                {
                    ui.separator();
                    let mark = &mut draft.items[i];
                    for raised in Raised::ALL {
                        if ui
                        .selectable_label(mark.raised == raised, raised.label())
                        .on_hover_text(match raised {
                            Raised::Unprompted => "You raised it before anyone asked: full credit",
                            Raised::Prompted => {
                                "Only after a follow-up card or prompt: half credit toward the band"
                            }
                            Raised::Overtime => "Only after time ran out: shown, but no credit",
                        })
                        .accessible_name(format!("{}: {}", raised.label(), item.title))
                        .clicked()
                    {
                        mark.raised = raised;
                        mark.raised_set = true;
                    }
                    }
                    if !mark.raised_set && mark.raised != Raised::Unprompted {
                        ui.weak("(from the drill's log)");
                    }
                }
            });
            let hint = item_hint(scenario, diagram, &item.id);
            for component in &hint.missing {
                ui.colored_label(
                    theme::warning_colour(ui.visuals()),
                    format!(
                        "No {} in your diagram",
                        component.kind.label().to_lowercase()
                    ),
                )
                .on_hover_text(&component.why);
            }
            let Some(i) = draft.items.iter().position(|m| m.item == item.id) else {
                if !hint.present.is_empty() {
                    ui.weak("Your diagram has boxes for this; mark it to attach them as evidence.");
                }
                return None;
            };
            let chips = Chips {
                suggested: &hint.present,
                diagram,
                notes,
                player: shown.player,
            };
            evidence_chips_ui(ui, &mut draft.items[i], item, chips)
        })
        .inner
}

/// What earns Covered, and below it, set apart, what distinguishes a strong answer.
fn rubric_lines_ui(ui: &mut Ui, item: &RubricItem) {
    if !item.must.trim().is_empty() {
        ui.label(&item.must);
    }
    if !item.strong.trim().is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Strong:").italics().weak().strong());
            ui.label(RichText::new(&item.strong).italics().weak());
        });
    }
}

/// What the evidence chips of one item offer: suggested boxes, the diagram's boxes, the
/// phase's note lines, and the replay to jump into.
#[derive(Clone, Copy)]
struct Chips<'a> {
    suggested: &'a [crate::model::NodeId],
    diagram: &'a Diagram,
    notes: &'a str,
    player: Option<&'a ReplayPlayer>,
}

/// How a piece of evidence reads on its chip.
fn evidence_text(evidence: &Evidence, diagram: &Diagram) -> String {
    match evidence {
        Evidence::Node(id) => diagram
            .node(*id)
            .map_or_else(|| format!("box {}", id.0), |n| format!("Box: {}", n.label)),
        Evidence::Quote(q) => format!("“{q}”"),
    }
}

/// The "⏵ 06:41" beside a piece of evidence: when it first appeared in the drill; returns
/// whether it was clicked to replay from there. Nothing shows for evidence the log never had.
fn replay_button_ui(ui: &mut Ui, evidence: &Evidence, text: &str, player: &ReplayPlayer) -> bool {
    let Some(at_ms) = player.first_seen(evidence) else {
        return false;
    };
    let at = crate::ui::widgets::clock_text(std::time::Duration::from_millis(at_ms));
    ui.small_button(format!("⏵ {at}"))
        .on_hover_text(format!(
            "First appeared at {at}: replay the drill from there"
        ))
        .accessible_name(format!("Replay from when {text} first appeared"))
        .clicked()
}

/// The evidence attached to a mark, each with a button to replay from when it first
/// appeared, and ways to add boxes and quotes. Returns the evidence to replay from, if asked.
fn evidence_chips_ui(
    ui: &mut Ui,
    mark: &mut ItemMark,
    item: &ScoredItem,
    chips: Chips<'_>,
) -> Option<Evidence> {
    let Chips {
        suggested,
        diagram,
        notes,
        player,
    } = chips;
    let mut remove = None;
    let mut jump = None;
    if !mark.evidence.is_empty() {
        ui.horizontal_wrapped(|ui| {
            for (e, evidence) in mark.evidence.iter().enumerate() {
                let text = evidence_text(evidence, diagram);
                if ui
                    .small_button(format!("{text} ×"))
                    .on_hover_text("Remove this evidence")
                    .clicked()
                {
                    remove = Some(e);
                }
                if let Some(player) = player
                    && replay_button_ui(ui, evidence, &text, player)
                {
                    jump = Some(evidence.clone());
                }
                ui.add_space(6.0);
            }
        });
    }
    if let Some(e) = remove {
        mark.evidence.remove(e);
    }
    ui.horizontal_wrapped(|ui| {
        for id in suggested {
            let evidence = Evidence::Node(*id);
            if mark.evidence.contains(&evidence) {
                continue;
            }
            if let Some(node) = diagram.node(*id)
                && ui
                    .small_button(format!("Use “{}”", node.label))
                    .on_hover_text("Suggested: this box is an expected component for this item")
                    .clicked()
            {
                mark.evidence.push(evidence);
            }
        }
        egui::ComboBox::from_id_salt("add_box")
            .selected_text("+ box")
            .width(90.0)
            .show_ui(ui, |ui| {
                for node in &diagram.nodes {
                    let evidence = Evidence::Node(node.id);
                    if !mark.evidence.contains(&evidence) && ui.button(&node.label).clicked() {
                        mark.evidence.push(evidence);
                    }
                }
            })
            .response
            .accessible_name(format!("Add a box as evidence for {}", item.title));
        let lines: Vec<&str> = notes
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        ui.add_enabled_ui(!lines.is_empty(), |ui| {
            egui::ComboBox::from_id_salt("add_quote")
                .selected_text("+ quote")
                .width(90.0)
                .show_ui(ui, |ui| {
                    for line in lines {
                        let evidence = Evidence::Quote(line.to_owned());
                        if !mark.evidence.contains(&evidence) && ui.button(line).clicked() {
                            mark.evidence.push(evidence);
                        }
                    }
                })
                .response
                .accessible_name(format!("Quote your notes as evidence for {}", item.title));
        });
    });
    jump
}

/// Step 4: each competency with its evidence and the four anchors.
fn competencies_ui(ui: &mut Ui, draft: &mut ScoreSheet, context: &ReviewContext<'_>) {
    ui.label(RichText::new("Competencies").strong().size(17.0));
    ui.weak(
        "Rate each one against the anchors: what you did, not how it felt. The evidence you \
         marked above is listed under the competency it supports.",
    );
    for rubric in &context.signals.signals {
        ui.push_id(rubric.signal, |ui| competency_ui(ui, draft, rubric));
    }
}

/// One competency: the question, the evidence summary and the four anchors.
fn competency_ui(ui: &mut Ui, draft: &mut ScoreSheet, rubric: &SignalRubric) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(&rubric.name).strong());
        ui.weak(&rubric.question);
        let items: Vec<&ScoredItem> = draft
            .rubric
            .iter()
            .filter(|i| i.competency == rubric.signal)
            .collect();
        if !items.is_empty() {
            let count = |c: Coverage| {
                items
                    .iter()
                    .filter(|i| {
                        draft
                            .items
                            .iter()
                            .any(|m| m.item == i.id && m.coverage == c)
                    })
                    .count()
            };
            let late = items
                .iter()
                .filter(|i| {
                    draft.items.iter().any(|m| {
                        m.item == i.id
                            && m.coverage != Coverage::Missed
                            && m.raised != Raised::Unprompted
                    })
                })
                .count();
            let mut text = format!(
                "Evidence: {} items · {} covered · {} partly",
                items.len(),
                count(Coverage::Covered),
                count(Coverage::Partly)
            );
            if late > 0 {
                let _ = write!(text, " · {late} only after a prompt or in overtime");
            }
            ui.weak(text);
        }
        let current = draft
            .signals
            .iter()
            .find(|s| s.signal == rubric.signal)
            .map(|s| s.level);
        egui::Grid::new("levels")
            .num_columns(2)
            .spacing([8.0, 4.0])
            .show(ui, |ui| {
                for (level, descriptor) in (1_u8..).zip(&rubric.levels) {
                    let name = LEVEL_NAMES
                        .get(usize::from(level) - 1)
                        .copied()
                        .unwrap_or("");
                    if ui
                        .selectable_label(current == Some(level), format!("{level} · {name}"))
                        .accessible_name(format!("{}: {level} · {name}", rubric.name))
                        .clicked()
                    {
                        set_rating(draft, rubric.signal, level);
                    }
                    ui.add(egui::Label::new(descriptor).wrap());
                    ui.end_row();
                }
            });
    });
}

/// Rates a competency, keeping the ratings in rating order.
fn set_rating(draft: &mut ScoreSheet, signal: Signal, level: u8) {
    draft.signals.retain(|s| s.signal != signal);
    draft.signals.push(SignalScore { signal, level });
    draft
        .signals
        .sort_by_key(|s| Signal::ALL.iter().position(|c| *c == s.signal));
}

/// The right-hand panel: what is still missing, or the verdict with its reasons and Save.
fn verdict_panel_ui(
    ui: &mut Ui,
    draft: &ScoreSheet,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    waiting: &crate::model::verdict::Pending,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let session = &open.session;
    let partner = open.partner.as_deref();
    ui.label(RichText::new("Verdict").strong().size(18.0));
    match partner {
        Some(name) => ui.weak(format!(
            "{} bar · scored by {name}, as partner",
            session.target.label()
        )),
        None => ui.weak(format!(
            "{} bar · predicted {}",
            session.target.label(),
            draft.predicted_band.map_or("—", Band::label)
        )),
    };
    ui.add_space(6.0);
    let ruled = verdict(draft, &draft.rubric, session.target).filter(|_| waiting.is_empty());
    if let Some(v) = ruled {
        let result = result_of(&v, draft, context.framework, &session.drill, session.target);
        let colour = theme::band_colour(ui.visuals(), v.band);
        ui.label(
            RichText::new(v.band.label())
                .strong()
                .size(22.0)
                .color(colour),
        );
        if let Some((flag, outcome)) = &v.capped_by {
            ui.colored_label(
                theme::warning_colour(ui.visuals()),
                format!(
                    "Capped from {} by a red flag ({}): {flag}",
                    v.uncapped.label(),
                    outcome.label().to_lowercase()
                ),
            );
        }
        if !v.held_back.is_empty() {
            ui.add_space(4.0);
            ui.label(RichText::new("What held it back").strong());
            for reason in &v.held_back {
                ui.label(format!("• {reason}"));
            }
        }
        ui.add_space(6.0);
        facts_ui(ui, &result);
        ui.add_space(theme::SECTION_GAP);
        let label = if partner.is_some() {
            "Save partner score…"
        } else {
            "Save score"
        };
        if primary_button(ui, label).clicked() {
            let mut sheet = draft.clone();
            sheet.result = Some(result);
            actions.push(Action::SaveScore(sheet));
        }
        let saved = session.self_scores().count();
        if partner.is_some() {
            ui.weak(
                "Saves your score as a small file to send to the candidate; their session is \
                 not changed.",
            );
        } else if saved > 0 {
            ui.weak(format!(
                "Saving adds revision {}; earlier ones are kept.",
                saved + 1
            ));
        }
    } else {
        ui.label("The verdict shows once everything is answered:");
        if waiting.flags > 0 {
            ui.label(format!(
                "• {} red flag{} to check",
                waiting.flags,
                if waiting.flags == 1 { "" } else { "s" }
            ));
        }
        if !waiting.ratings.is_empty() {
            let names: Vec<&str> = waiting
                .ratings
                .iter()
                .map(|c| crate::model::verdict::competency_name(*c))
                .collect();
            ui.label(format!(
                "• {} competenc{} to rate: {}",
                names.len(),
                if names.len() == 1 { "y" } else { "ies" },
                names.join(", ")
            ));
        }
        ui.add_space(6.0);
        ui.weak(if partner.is_some() {
            "Your draft stays in this window until you save it as a file."
        } else {
            "Your draft is saved as you go."
        });
    }
    actions
}

/// A result's facts as a two-column grid.
fn facts_ui(ui: &mut Ui, result: &ScoreResult) {
    egui::Grid::new("result_facts")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for (label, value) in result.facts() {
                ui.weak(label);
                ui.add(egui::Label::new(value).wrap());
                ui.end_row();
            }
        });
}

/// A saved revision: its verdict, flags and ratings, and whether the rubric has changed since.
fn saved_ui(
    ui: &mut Ui,
    session: &Session,
    sheet: &ScoreSheet,
    scenario: &Scenario,
    context: &ReviewContext<'_>,
    player: Option<&ReplayPlayer>,
) -> Option<Action> {
    let mut jump = None;
    ScrollArea::vertical()
        .id_salt("saved_score")
        .show(ui, |ui| {
            ui.add_space(theme::SECTION_GAP / 2.0);
            ui.label(
                RichText::new(format!(
                    "Saved score · revision {} · {}",
                    session.self_scores().count(),
                    crate::ui::widgets::local_time(ui, sheet.at)
                ))
                .strong()
                .size(18.0),
            );
            if let Some(theirs) = session.latest_partner_score() {
                super::partner::comparison_ui(ui, sheet, theirs, scenario, context);
            }
            if let Some(calibration) = &session.calibration {
                super::calibration::comparison_ui(
                    ui,
                    calibration,
                    sheet,
                    scenario,
                    context.example,
                    context,
                );
            }
            let current = scored_rubric(scenario, context.rubric_framework, session.target);
            if rubric_changed(sheet, &current) {
                ui.colored_label(
                theme::warning_colour(ui.visuals()),
                "Scored against an earlier version of this scenario: its rubric has changed since.",
            );
            }
            if let Some(result) = &sheet.result {
                result_ui(ui, result, context.framework);
            }
            if !sheet.flags.is_empty() {
                ui.add_space(theme::SECTION_GAP / 2.0);
                ui.label(RichText::new("Red flags").strong());
                for flag in &sheet.flags {
                    ui.horizontal_wrapped(|ui| {
                        ui.weak(flag.outcome.label());
                        ui.label(&flag.flag);
                    });
                }
            }
            if !sheet.signals.is_empty() {
                ui.add_space(theme::SECTION_GAP / 2.0);
                ui.label(RichText::new("Ratings").strong());
                egui::Grid::new("saved_ratings")
                    .num_columns(2)
                    .spacing([12.0, 4.0])
                    .show(ui, |ui| {
                        for s in &sheet.signals {
                            let name = context
                                .signals
                                .signals
                                .iter()
                                .find(|r| r.signal == s.signal)
                                .map_or_else(|| format!("{:?}", s.signal), |r| r.name.clone());
                            ui.label(name);
                            let level = LEVEL_NAMES
                                .get(usize::from(s.level).saturating_sub(1))
                                .copied()
                                .unwrap_or("");
                            ui.label(format!("{} · {level}", s.level));
                            ui.end_row();
                        }
                    });
            }
            jump = saved_evidence_ui(ui, session, sheet, player);
        });
    jump.map(Action::ReplayEvidence)
}

/// The evidence of a saved sheet, item by item, each with its replay button.
fn saved_evidence_ui(
    ui: &mut Ui,
    session: &Session,
    sheet: &ScoreSheet,
    player: Option<&ReplayPlayer>,
) -> Option<Evidence> {
    let marked: Vec<&ItemMark> = sheet
        .items
        .iter()
        .filter(|m| !m.evidence.is_empty())
        .collect();
    if marked.is_empty() {
        return None;
    }
    let mut jump = None;
    ui.add_space(theme::SECTION_GAP / 2.0);
    ui.label(RichText::new("Evidence").strong());
    for mark in marked {
        let title = sheet
            .rubric
            .iter()
            .find(|i| i.id == mark.item)
            .map_or(mark.item.as_str(), |i| i.title.as_str());
        ui.horizontal_wrapped(|ui| {
            ui.weak(title);
            for evidence in &mark.evidence {
                let text = evidence_text(evidence, &session.diagram);
                ui.label(&text);
                if let Some(player) = player
                    && replay_button_ui(ui, evidence, &text, player)
                {
                    jump = Some(evidence.clone());
                }
            }
        });
    }
    jump
}

/// A result: its band, then its facts.
pub fn result_ui(ui: &mut Ui, result: &ScoreResult, _framework: &Framework) {
    band_badge(ui, result);
    facts_ui(ui, result);
}

/// The band in its colour, with the rules that produced it.
pub fn band_badge(ui: &mut Ui, result: &ScoreResult) {
    let colour = theme::band_colour(ui.visuals(), result.band);
    let text = match (result.model, result.target, result.level) {
        (ScoringModel::Competency, Some(level), _) => {
            format!(
                "{} · {} bar",
                result.band.label(),
                level.label().to_lowercase()
            )
        }
        (_, _, Some(level)) => format!(
            "{} · level {level:.1} (coverage model)",
            result.band.label()
        ),
        _ => result.band.label().to_owned(),
    };
    ui.label(RichText::new(text).strong().color(colour));
}
