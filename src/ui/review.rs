//! Review of a finished session: an overview (timeline, notes, questions, follow-ups, score),
//! the diagram with a phase slider that replays its snapshots, the reference comparison, and
//! self-scoring against the rubric.
//!
//! The score being edited is a draft in `ReviewView` (UI-local, like a typed path) until
//! "Save score" turns it into `Action::SaveScore`.

use egui::{RichText, ScrollArea, Ui};

use crate::model::rubric::LEVEL_NAMES;
use crate::model::scoring::{ScoreResult, component_presence, item_hint, score};
use crate::model::{
    Coverage, Diagram, Evidence, Framework, InterviewEvent, ItemMark, Scenario, ScoreSheet, Signal,
    SignalScore, SignalSet, Timestamp,
};
use crate::store::SessionSummary;

use super::action::Action;
use super::app::state::OpenSession;
use super::canvas::{self, CanvasState};
use super::widgets::{clock_text, primary_button};
use super::{drill_summary, theme};

/// The review screen's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReviewTab {
    /// Timeline, notes, questions, follow-ups and the score.
    #[default]
    Overview,
    /// The diagram, with the phase slider.
    Diagram,
    /// The scenario's reference beside the user's diagram.
    Reference,
    /// Self-scoring.
    Score,
}

impl ReviewTab {
    const ALL: [ReviewTab; 4] = [
        ReviewTab::Overview,
        ReviewTab::Diagram,
        ReviewTab::Reference,
        ReviewTab::Score,
    ];

    fn label(self) -> &'static str {
        match self {
            ReviewTab::Overview => "Overview",
            ReviewTab::Diagram => "Diagram",
            ReviewTab::Reference => "Reference",
            ReviewTab::Score => "Score",
        }
    }
}

/// View state of the review screen.
#[derive(Debug)]
pub struct ReviewView {
    /// The tab showing.
    pub tab: ReviewTab,
    /// Which diagram the Diagram tab shows: a snapshot index, or the final diagram (`None`).
    pub replay: Option<usize>,
    /// Pan and zoom of the user's diagram.
    pub canvas: CanvasState,
    /// Pan and zoom of the reference diagram.
    pub reference_canvas: CanvasState,
    /// The score sheet being filled in, until it is saved.
    pub draft: Option<ScoreSheet>,
}

impl Default for ReviewView {
    fn default() -> Self {
        let fitted = CanvasState::fitted;
        Self {
            tab: ReviewTab::Overview,
            replay: None,
            canvas: fitted(),
            reference_canvas: fitted(),
            draft: None,
        }
    }
}

/// What the review screen needs besides the session.
pub struct ReviewContext<'a> {
    /// The session's framework.
    pub framework: &'a Framework,
    /// Its scenario, when known here.
    pub scenario: Option<&'a Scenario>,
    /// The signal rubric.
    pub signals: &'a SignalSet,
    /// Other saved attempts at the same scenario, for "Compare".
    pub attempts: &'a [&'a SessionSummary],
    /// Now, for stamping a new score sheet.
    pub now: Timestamp,
}

/// Draws the review of a finished session.
pub fn review_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &mut ReviewView,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let session = &open.session;
    egui::Panel::top("review_header").show(ui, |ui| {
        ui.add_space(theme::PANEL_MARGIN / 2.0);
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(&session.scenario_title)
                    .size(theme::TITLE_SIZE)
                    .strong(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                actions.extend(header_buttons_ui(ui, open, context));
            });
        });
        ui.horizontal(|ui| {
            ui.weak(format!(
                "Drilled {} · {} of {} minutes",
                session.created.short(),
                clock_text(session.drill.total_elapsed()),
                session.drill.total_minutes
            ));
            if let Some(result) = session.scores.last().and_then(|s| s.result.as_ref()) {
                ui.separator();
                band_badge(ui, result);
            }
        });
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            for tab in ReviewTab::ALL {
                if ui.selectable_label(view.tab == tab, tab.label()).clicked() && view.tab != tab {
                    view.tab = tab;
                    // The same diagram shows at another size on the other tabs.
                    view.canvas.fit_requested = true;
                    view.reference_canvas.fit_requested = true;
                }
            }
        });
        ui.add_space(4.0);
    });
    egui::CentralPanel::default().show(ui, |ui| match view.tab {
        ReviewTab::Overview => overview_ui(ui, open, context),
        ReviewTab::Diagram => diagram_tab_ui(ui, open, context.framework, view),
        ReviewTab::Reference => reference_tab_ui(ui, open, context, view),
        ReviewTab::Score => actions.extend(score_tab_ui(ui, open, context, view)),
    });
    actions
}

/// Retry, compare, export, edit a copy and home.
fn header_buttons_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) -> Vec<Action> {
    let mut actions = Vec::new();
    if ui.button("Home").on_hover_text("Ctrl+N").clicked() {
        actions.push(Action::GoHome);
    }
    ui.menu_button("Export", |ui| {
        for format in crate::export::Format::ALL {
            if ui.button(format!("{} file", format.label())).clicked() {
                actions.push(Action::Export(format));
                ui.close();
            }
        }
    });
    if ui
        .button("Edit a copy")
        .on_hover_text("This attempt stays as it was; the copy opens with an editable diagram")
        .clicked()
    {
        actions.push(Action::EditCopy);
    }
    let others: Vec<&SessionSummary> = context
        .attempts
        .iter()
        .copied()
        .filter(|s| s.path != open.path)
        .collect();
    ui.add_enabled_ui(!others.is_empty(), |ui| {
        ui.menu_button("Compare…", |ui| {
            for other in others {
                let text = format!(
                    "{} · {}{}",
                    other.created.short(),
                    clock_text(other.elapsed),
                    other
                        .score
                        .as_ref()
                        .map_or(String::new(), |r| format!(" · {}", r.band.label()))
                );
                if ui.button(text).clicked() {
                    actions.push(Action::Compare(open.path.clone(), other.path.clone()));
                    ui.close();
                }
            }
        })
        .response
        .on_disabled_hover_text("No other attempt at this scenario yet");
    });
    if primary_button(ui, "Retry this prompt").clicked() {
        actions.push(Action::StartDrill(open.session.scenario_id.clone()));
    }
    actions
}

/// The band in its colour, with the level.
pub fn band_badge(ui: &mut Ui, result: &ScoreResult) {
    let colour = theme::band_colour(ui.visuals(), result.band);
    ui.label(
        RichText::new(format!(
            "{} · level {:.1}",
            result.band.label(),
            result.level
        ))
        .strong()
        .color(colour),
    );
}

/// Timeline, score, notes per phase, questions and follow-ups.
fn overview_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) {
    ScrollArea::vertical()
        .id_salt("overview")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.columns(2, |columns| {
                let [left, right] = columns else {
                    return;
                };
                summary_and_score_ui(left, open, context);
                notes_and_log_ui(right, open, context);
            });
        });
}

/// The left column of the overview: timeline and the latest score.
fn summary_and_score_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) {
    let session = &open.session;
    ui.label(RichText::new("Drill summary").strong().size(18.0));
    drill_summary::summary_ui(ui, session, context.framework);
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Self-score").strong().size(18.0));
    match session.scores.last() {
        Some(sheet) => {
            let result = sheet.result.clone().or_else(|| {
                context
                    .scenario
                    .map(|s| score(sheet, s, context.framework, &session.drill))
            });
            if let Some(result) = result {
                result_ui(ui, &result, context.framework);
            }
            if session.scores.len() > 1 {
                ui.weak(format!(
                    "Revision {} · earlier: {}",
                    session.scores.len(),
                    session.scores[..session.scores.len() - 1]
                        .iter()
                        .map(|s| {
                            s.result.as_ref().map_or_else(
                                || s.at.short(),
                                |r| format!("{} ({})", s.at.short(), r.band.label()),
                            )
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        None => {
            ui.weak("Not scored yet: open the Score tab.");
        }
    }
}

/// The right column of the overview: notes per phase, questions, assumptions, follow-ups.
fn notes_and_log_ui(ui: &mut Ui, open: &OpenSession, context: &ReviewContext<'_>) {
    let session = &open.session;
    ui.label(RichText::new("Notes").strong().size(18.0));
    for (i, record) in session.drill.phases.iter().enumerate() {
        let name = context
            .framework
            .phases
            .get(i)
            .map_or(record.phase.as_str(), |p| p.name.as_str());
        egui::CollapsingHeader::new(format!("{}. {name}", i + 1))
            .id_salt(("notes", i))
            .default_open(!record.notes.trim().is_empty())
            .show(ui, |ui| {
                if record.notes.trim().is_empty() {
                    ui.weak("No notes.");
                } else {
                    ui.label(RichText::new(&record.notes).monospace());
                }
            });
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(
        RichText::new("Questions, assumptions and follow-ups")
            .strong()
            .size(18.0),
    );
    if session.drill.log.is_empty() {
        ui.weak("None were logged.");
    }
    for event in &session.drill.log {
        match event {
            InterviewEvent::Asked {
                question,
                answer,
                at_ms,
                ..
            } => {
                ui.label(format!("{}  Asked: {question}", at(*at_ms)));
                ui.weak(answer);
            }
            InterviewEvent::Assumed { text, at_ms, .. } => {
                ui.label(format!("{}  Assumed: {text}", at(*at_ms)));
            }
            InterviewEvent::Curveball {
                text,
                shown_at_ms,
                acknowledged_at_ms,
                ..
            } => {
                let answered = acknowledged_at_ms.map_or_else(
                    || "not answered".to_owned(),
                    |a| format!("answered {}", at(a)),
                );
                ui.label(format!(
                    "{}  Follow-up: {text} ({answered})",
                    at(*shown_at_ms)
                ));
            }
        }
    }
}

fn at(ms: u64) -> String {
    clock_text(std::time::Duration::from_millis(ms))
}

/// The diagram at the end of a chosen phase, read-only.
fn diagram_tab_ui(ui: &mut Ui, open: &OpenSession, framework: &Framework, view: &mut ReviewView) {
    let session = &open.session;
    let snapshots = &session.snapshots;
    let mut position = view.replay.unwrap_or(snapshots.len()).min(snapshots.len());
    ui.horizontal(|ui| {
        ui.label("Replay");
        let describe = |i: usize| {
            snapshots.get(i).map_or_else(
                || "Final diagram".to_owned(),
                |s| {
                    let name = framework
                        .phases
                        .iter()
                        .find(|p| p.id == s.phase)
                        .map_or(s.phase.as_str(), |p| p.name.as_str());
                    format!("End of {name} ({})", at(s.at_ms))
                },
            )
        };
        let slider = egui::Slider::new(&mut position, 0..=snapshots.len())
            .show_value(false)
            .step_by(1.0);
        let changed = ui
            .add_enabled(!snapshots.is_empty(), slider)
            .on_hover_text("How the diagram looked each time a phase was left")
            .changed();
        if changed {
            view.replay = (position < snapshots.len()).then_some(position);
            view.canvas.fit_requested = true;
        }
        let mut step = |to: usize| {
            view.replay = (to < snapshots.len()).then_some(to);
            view.canvas.fit_requested = true;
        };
        if ui
            .add_enabled(position > 0, egui::Button::new("‹ Earlier"))
            .clicked()
        {
            step(position - 1);
        }
        if ui
            .add_enabled(position < snapshots.len(), egui::Button::new("Later ›"))
            .clicked()
        {
            step(position + 1);
        }
        let position = view.replay.unwrap_or(snapshots.len()).min(snapshots.len());
        ui.label(RichText::new(describe(position)).strong());
        if ui.button("Fit").clicked() {
            view.canvas.fit_requested = true;
        }
    });
    let diagram: &Diagram = view
        .replay
        .and_then(|i| snapshots.get(i))
        .map_or(&session.diagram, |s| &s.diagram);
    if diagram.nodes.is_empty() {
        ui.weak("The diagram was empty at this point.");
    }
    let _ = canvas::canvas_ui(ui, diagram, &mut view.canvas, false);
}

/// The reference architecture beside the user's, components present or missing, model answers.
fn reference_tab_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &mut ReviewView,
) {
    let Some(scenario) = context.scenario else {
        ui.weak(
            "This scenario is not in the library here, so there is no reference to compare with.",
        );
        return;
    };
    let (present, missing) = component_presence(scenario, &open.session.diagram);
    egui::Panel::right("reference_notes")
        .resizable(true)
        .default_size(380.0)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("reference_notes")
                .show(ui, |ui| {
                    ui.label(RichText::new("Expected components").strong());
                    ui.weak(format!(
                        "{} of {} are in your diagram.",
                        present.len(),
                        present.len() + missing.len()
                    ));
                    for component in &missing {
                        ui.colored_label(
                            theme::error_colour(ui.visuals()),
                            format!("Missing · {}: {}", component.kind.label(), component.why),
                        );
                    }
                    for component in &present {
                        ui.colored_label(
                            theme::success_colour(ui.visuals()),
                            format!("In your diagram · {}", component.kind.label()),
                        );
                    }
                    ui.add_space(theme::SECTION_GAP);
                    ui.label(RichText::new("Model answer per phase").strong());
                    for answer in &scenario.reference.phases {
                        let name = context
                            .framework
                            .phases
                            .iter()
                            .find(|p| p.id == answer.phase)
                            .map_or(answer.phase.as_str(), |p| p.name.as_str());
                        egui::CollapsingHeader::new(name)
                            .id_salt(("answer", &answer.phase))
                            .show(ui, |ui| {
                                ui.label(&answer.answer);
                            });
                    }
                    if !scenario.red_flags.is_empty() {
                        ui.add_space(theme::SECTION_GAP);
                        ui.label(RichText::new("Red flags interviewers watch for").strong());
                        for flag in &scenario.red_flags {
                            ui.label(format!("• {flag}"));
                        }
                    }
                });
        });
    // Stacked, each the full width: diagrams are wider than tall, so this keeps them larger.
    let width = ui.available_width();
    let half = egui::vec2(width, (ui.available_height() - 8.0) / 2.0);
    let top_down = egui::Layout::top_down(egui::Align::Min);
    ui.allocate_ui_with_layout(half, top_down, |ui| {
        ui.label(RichText::new("Your diagram").strong());
        let _ = canvas::canvas_ui(ui, &open.session.diagram, &mut view.canvas, false);
    });
    ui.allocate_ui_with_layout(half, top_down, |ui| {
        ui.label(RichText::new("Reference").strong());
        let _ = canvas::canvas_ui(
            ui,
            &scenario.reference.diagram,
            &mut view.reference_canvas,
            false,
        );
    });
}

/// Calibration, then the rubric per phase with evidence, then the signals, then the result.
fn score_tab_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &mut ReviewView,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let Some(scenario) = context.scenario else {
        ui.weak("This scenario is not in the library here, so its rubric cannot be shown.");
        return actions;
    };
    let session = &open.session;
    let draft = view.draft.get_or_insert_with(|| {
        // Revising starts from the latest sheet, minus the prediction: that is asked afresh.
        session.scores.last().map_or_else(
            || ScoreSheet {
                at: context.now,
                predicted_level: None,
                items: Vec::new(),
                signals: Vec::new(),
                result: None,
            },
            |last| ScoreSheet {
                at: context.now,
                predicted_level: None,
                result: None,
                ..last.clone()
            },
        )
    });

    let Some(_) = draft.predicted_level else {
        ui.add_space(theme::SECTION_GAP);
        ui.label(
            RichText::new("Before you see the rubric")
                .strong()
                .size(18.0),
        );
        ui.label(
            "How do you think this attempt went overall? Predict first: comparing the guess with \
             the score shows how well you judge your own answers.",
        );
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            for (level, name) in (1..=4).zip(LEVEL_NAMES) {
                let button =
                    egui::Button::new(RichText::new(format!("{level} · {name}")).size(16.0))
                        .min_size(egui::vec2(150.0, 40.0));
                if ui.add(button).clicked() {
                    draft.predicted_level = Some(level);
                }
            }
        });
        ui.add_space(8.0);
        ui.weak(format!(
            "Next: {} rubric items to mark, then the five signals.",
            scenario.rubric.len()
        ));
        return actions;
    };

    let result = score(draft, scenario, context.framework, &session.drill);
    egui::Panel::right("score_result")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            ui.label(RichText::new("Result").strong().size(18.0));
            result_ui(ui, &result, context.framework);
            ui.add_space(theme::SECTION_GAP);
            let unmarked = scenario
                .rubric
                .iter()
                .filter(|item| !draft.items.iter().any(|m| m.item == item.id))
                .count();
            let unscored = Signal::ALL.len().saturating_sub(draft.signals.len());
            if unmarked + unscored > 0 {
                ui.weak(format!(
                    "{unmarked} rubric items unmarked (they count as missed) · {unscored} signals unscored"
                ));
            }
            if primary_button(ui, "Save score").clicked() {
                let mut sheet = draft.clone();
                sheet.result = Some(result.clone());
                actions.push(Action::SaveScore(sheet));
            }
            if !session.scores.is_empty() {
                ui.weak(format!(
                    "Saving adds revision {}; earlier ones are kept.",
                    session.scores.len() + 1
                ));
            }
        });

    ScrollArea::vertical().id_salt("score").show(ui, |ui| {
        for (phase_index, phase) in context.framework.phases.iter().enumerate() {
            let items: Vec<_> = scenario
                .rubric
                .iter()
                .filter(|item| item.phase == phase.id)
                .collect();
            if items.is_empty() {
                continue;
            }
            let coverage = result
                .phases
                .iter()
                .find(|p| p.phase == phase.id)
                .map_or(0.0, |p| p.coverage);
            ui.add_space(theme::SECTION_GAP / 2.0);
            ui.label(
                RichText::new(format!(
                    "{}. {} · {:.0} %",
                    phase_index + 1,
                    phase.name,
                    coverage * 100.0
                ))
                .strong()
                .size(17.0),
            );
            let notes = session
                .drill
                .phases
                .get(phase_index)
                .map_or("", |r| r.notes.as_str());
            for item in items {
                ui.push_id(&item.id, |ui| {
                    rubric_item_ui(ui, draft, item, scenario, &session.diagram, notes);
                });
            }
        }
        ui.add_space(theme::SECTION_GAP);
        ui.label(RichText::new("The five signals").strong().size(17.0));
        for rubric in &context.signals.signals {
            ui.push_id(rubric.signal, |ui| signal_ui(ui, draft, rubric));
        }
    });
    actions
}

/// One rubric item: what good looks like, the mark, evidence and the diagram's hints.
fn rubric_item_ui(
    ui: &mut Ui,
    draft: &mut ScoreSheet,
    item: &crate::model::scenario::RubricItem,
    scenario: &Scenario,
    diagram: &Diagram,
    notes: &str,
) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(&item.title).strong());
            ui.weak(format!("weight {}", item.weight));
        });
        ui.weak(&item.good);
        let at = draft.items.iter().position(|m| m.item == item.id);
        let current = at.map(|i| draft.items[i].coverage);
        ui.horizontal(|ui| {
            for coverage in Coverage::ALL {
                let response = ui
                    .selectable_label(current == Some(coverage), coverage.label())
                    .accessible_name(format!("{}: {}", coverage.label(), item.title));
                if response.clicked() {
                    match at {
                        Some(i) => draft.items[i].coverage = coverage,
                        None => draft.items.push(ItemMark {
                            item: item.id.clone(),
                            coverage,
                            evidence: Vec::new(),
                        }),
                    }
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
            return;
        };
        let mark = &mut draft.items[i];
        let mut remove = None;
        if !mark.evidence.is_empty() {
            ui.horizontal_wrapped(|ui| {
                for (e, evidence) in mark.evidence.iter().enumerate() {
                    let text = match evidence {
                        Evidence::Node(id) => diagram.node(*id).map_or_else(
                            || format!("box {}", id.0),
                            |n| format!("Box: {}", n.label),
                        ),
                        Evidence::Quote(q) => format!("“{q}”"),
                    };
                    if ui
                        .small_button(format!("{text} ×"))
                        .on_hover_text("Remove this evidence")
                        .clicked()
                    {
                        remove = Some(e);
                    }
                }
            });
        }
        if let Some(e) = remove {
            mark.evidence.remove(e);
        }
        ui.horizontal(|ui| {
            for id in &hint.present {
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
    });
}

/// One signal: the question and four levels with their descriptors.
fn signal_ui(ui: &mut Ui, draft: &mut ScoreSheet, rubric: &crate::model::SignalRubric) {
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new(&rubric.name).strong());
        ui.weak(&rubric.question);
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
                        draft.signals.retain(|s| s.signal != rubric.signal);
                        draft.signals.push(SignalScore {
                            signal: rubric.signal,
                            level,
                        });
                        draft.signals.sort_by_key(|s| s.signal);
                    }
                    ui.label(descriptor);
                    ui.end_row();
                }
            });
    });
}

/// The numbers of a result: band, coverage per phase, signals, calibration and time.
pub fn result_ui(ui: &mut Ui, result: &ScoreResult, framework: &Framework) {
    band_badge(ui, result);
    egui::Grid::new("result_grid")
        .num_columns(2)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label("Rubric coverage");
            ui.label(RichText::new(format!("{:.0} %", result.coverage * 100.0)).strong());
            ui.end_row();
            for phase in &result.phases {
                let name = framework
                    .phases
                    .iter()
                    .find(|p| p.id == phase.phase)
                    .map_or(phase.phase.as_str(), |p| p.short.as_str());
                ui.weak(name);
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(90.0, 8.0), egui::Sense::hover());
                    ui.painter().rect_filled(
                        rect,
                        2.0,
                        ui.visuals().faint_bg_color.gamma_multiply(2.0),
                    );
                    let mut filled = rect;
                    filled.set_width(rect.width() * phase.coverage.clamp(0.0, 1.0));
                    ui.painter()
                        .rect_filled(filled, 2.0, theme::accent_colour(ui.visuals()));
                    ui.weak(format!("{:.0} %", phase.coverage * 100.0));
                });
                ui.end_row();
            }
            ui.label("Signal average");
            ui.label(
                result
                    .signal_average
                    .map_or_else(|| "not scored".to_owned(), |a| format!("{a:.1} of 4")),
            );
            ui.end_row();
            ui.label("Calibration gap");
            ui.label(result.calibration_gap.map_or_else(
                || "no prediction".to_owned(),
                |g| {
                    let direction = if g > 0.25 {
                        "you rated yourself higher"
                    } else if g < -0.25 {
                        "you rated yourself lower"
                    } else {
                        "well calibrated"
                    };
                    format!("{g:+.1} ({direction})")
                },
            ));
            ui.end_row();
            ui.label("Time management");
            ui.label(match result.phases_over_budget {
                0 => "every phase within budget".to_owned(),
                1 => "1 phase over budget".to_owned(),
                n => format!("{n} phases over budget"),
            });
            ui.end_row();
        });
}
