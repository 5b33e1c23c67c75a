//! The Replay tab: the drill second by second from its edit log. A timeline runs across the
//! top; the playhead drives the canvas, that phase's checklist and notes, and the interviewer
//! log, all as they stood at that moment. Drills recorded before edit logs fall back to the
//! diagram at the end of each phase.

use std::time::Duration;

use egui::{Key, Modifiers, RichText, ScrollArea, Ui};

use crate::model::replay::ReplayState;
use crate::model::{Framework, InterviewEvent};
use crate::ui::widgets::{clock_text, count_of};
use crate::ui::{canvas, theme};

use crate::model::voice_playback::audible_at;

use super::state::{ReplayPlayer, SPEEDS, VoiceReview};
use super::{OpenSession, ReviewContext, ReviewView, at, timeline};

/// Side panels take at most this share of the width, so the canvas keeps its room.
const SIDE_SHARE: f32 = 0.24;

/// The Replay tab.
pub(super) fn replay_tab_ui(
    ui: &mut Ui,
    open: &OpenSession,
    context: &ReviewContext<'_>,
    view: &mut ReviewView,
) {
    let ReviewView {
        player,
        canvas: canvas_state,
        voice,
        ..
    } = view;
    if let Some(player) = player {
        player_ui(ui, context, player, voice.as_mut(), canvas_state);
    } else {
        snapshots_ui(ui, open, context.framework, view);
    }
}

/// The replay of an edit log: controls, timeline, and the moment under the playhead.
fn player_ui(
    ui: &mut Ui,
    context: &ReviewContext<'_>,
    player: &mut ReplayPlayer,
    mut voice: Option<&mut VoiceReview>,
    canvas_state: &mut canvas::CanvasState,
) {
    let now = context.monotonic;
    player.advance(now);
    if player.playing.is_some() {
        ui.ctx().request_repaint();
    }
    replay_keys(ui, player, now);
    controls_ui(ui, player, context.framework, now, canvas_state);
    if let Some(voice) = voice.as_deref_mut() {
        voice_controls_ui(ui, voice, player.speed);
    }
    let speech = voice.as_ref().map(|v| v.segments.as_slice());
    timeline::timeline_ui(ui, player, context.framework, speech, now);
    ui.add_space(6.0);

    let side_max = (ui.available_width() * SIDE_SHARE).max(170.0);
    let state = &player.state;
    egui::Panel::left("replay_phase")
        .resizable(true)
        .default_size(250.0)
        .size_range(170.0..=side_max)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("replay_phase")
                .auto_shrink([false, true])
                .show(ui, |ui| phase_moment_ui(ui, state, context.framework));
        });
    egui::Panel::right("replay_interviewer")
        .resizable(true)
        .default_size(250.0)
        .size_range(170.0..=side_max)
        .show(ui, |ui| {
            ScrollArea::vertical()
                .id_salt("replay_interviewer")
                .auto_shrink([false, true])
                .show(ui, |ui| interviewer_moment_ui(ui, state));
        });
    if state.diagram.nodes.is_empty() {
        ui.weak("Nothing was drawn yet at this moment.");
    }
    let _ = canvas::canvas_ui(ui, &state.diagram, canvas_state, false);
}

/// ←/→ step to the previous or next change, Home and End jump, Space plays and pauses;
/// not while a text field has the keyboard.
fn replay_keys(ui: &Ui, player: &mut ReplayPlayer, now: Duration) {
    if ui.ctx().egui_wants_keyboard_input() || !ui.is_enabled() {
        return;
    }
    let (back, forward, home, end, space) = ui.input_mut(|input| {
        (
            input.consume_key(Modifiers::NONE, Key::ArrowLeft),
            input.consume_key(Modifiers::NONE, Key::ArrowRight),
            input.consume_key(Modifiers::NONE, Key::Home),
            input.consume_key(Modifiers::NONE, Key::End),
            input.key_pressed(Key::Space),
        )
    });
    if back {
        player.step_back(now);
    }
    if forward {
        player.step_forward(now);
    }
    if home {
        player.seek(0, now);
    }
    if end {
        player.seek(player.end_ms(), now);
    }
    if space {
        player.toggle_play(now);
    }
}

/// Play, the speeds, the steps, the drill clock and what the moment holds.
fn controls_ui(
    ui: &mut Ui,
    player: &mut ReplayPlayer,
    framework: &Framework,
    now: Duration,
    canvas_state: &mut canvas::CanvasState,
) {
    ui.horizontal_wrapped(|ui| {
        let play = if player.playing.is_some() {
            "⏸ Pause"
        } else {
            "▶ Play"
        };
        if ui
            .button(play)
            .on_hover_text("Play the drill from here (Space)")
            .clicked()
        {
            player.toggle_play(now);
        }
        for speed in SPEEDS {
            let hint = if audible_at(speed) {
                "Play at the drill's own pace, with the voice if it was recorded".to_owned()
            } else {
                format!(
                    "Play at {speed} times the drill's pace; the voice is muted (it plays at 1× \
                     only: no kept crate speeds speech up without raising its pitch)"
                )
            };
            if ui
                .selectable_label(player.speed == speed, format!("{speed}×"))
                .on_hover_text(hint)
                .clicked()
            {
                player.set_speed(speed, now);
            }
        }
        ui.separator();
        if ui
            .button("‹ Previous")
            .on_hover_text("Back to the previous change (←)")
            .clicked()
        {
            player.step_back(now);
        }
        if ui
            .button("Next ›")
            .on_hover_text("On to the next change (→)")
            .clicked()
        {
            player.step_forward(now);
        }
        ui.separator();
        ui.label(
            RichText::new(format!(
                "{} / {}",
                clock_text(Duration::from_millis(player.at_ms)),
                clock_text(Duration::from_millis(player.end_ms()))
            ))
            .font(egui::FontId::monospace(theme::COMPACT_CLOCK_SIZE))
            .strong(),
        )
        .on_hover_text("Drill time at the playhead");
        let state = &player.state;
        let phase = framework
            .phases
            .get(state.current)
            .map_or("", |p| p.name.as_str());
        ui.label(format!(
            "{phase} · {} · {}",
            count_of(state.diagram.nodes.len(), "box", "boxes"),
            count_of(state.diagram.edges.len(), "arrow", "arrows")
        ));
        ui.separator();
        canvas::view_bar_ui(ui, canvas_state);
    });
}

/// The voice's volume and mute, what it is doing, and why it is silent when it is.
fn voice_controls_ui(ui: &mut Ui, voice: &mut VoiceReview, speed: u32) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Voice volume");
        let mut percent = (voice.volume * 100.0).round();
        let slider = egui::Slider::new(&mut percent, 0.0..=100.0)
            .suffix(" %")
            .step_by(5.0)
            .fixed_decimals(0);
        if ui
            .add_enabled(!voice.muted, slider)
            .on_hover_text("How loud the recorded voice plays")
            .changed()
        {
            voice.volume = percent / 100.0;
        }
        ui.checkbox(&mut voice.muted, "Mute")
            .on_hover_text("Replay without the voice");
        if !audible_at(speed) {
            ui.weak(format!("Silent at {speed}×: the voice plays at 1× only."));
        }
    });
    if let Some(problem) = &voice.problem {
        ui.label(RichText::new(problem).color(theme::warning_colour(ui.visuals())));
    }
}

/// The phase being drilled at the moment: its checklist as ticked then, and its notes then.
fn phase_moment_ui(ui: &mut Ui, state: &ReplayState, framework: &Framework) {
    let current = state.current;
    let Some(phase) = framework.phases.get(current) else {
        return;
    };
    ui.label(
        RichText::new(format!("{}. {}", current + 1, phase.name))
            .strong()
            .size(16.0),
    );
    let record = state.phases.get(current);
    for (i, prompt) in phase.prompts.iter().enumerate() {
        let ticked = record.is_some_and(|r| r.checked.contains(&i));
        let text = format!("{} {prompt}", if ticked { "☑" } else { "☐" });
        if ticked {
            ui.label(text);
        } else {
            ui.weak(text);
        }
    }
    ui.add_space(theme::SECTION_GAP);
    ui.label(RichText::new("Notes").strong());
    match record.map(|r| r.notes.as_str()) {
        Some(notes) if !notes.trim().is_empty() => {
            ui.label(RichText::new(notes).monospace());
        }
        _ => {
            ui.weak("No notes in this phase yet.");
        }
    }
}

/// The interviewer log as it stood at the moment, and the scratchpad's estimate.
fn interviewer_moment_ui(ui: &mut Ui, state: &ReplayState) {
    ui.label(RichText::new("Interviewer").strong().size(16.0));
    if state.interview.is_empty() {
        ui.weak("Nothing asked, assumed or shown yet.");
    }
    for event in &state.interview {
        match event {
            InterviewEvent::Asked {
                question, at_ms, ..
            } => {
                ui.label(format!(
                    "{}  Asked: {}",
                    at(*at_ms),
                    event.words().unwrap_or(question)
                ));
                ui.weak(format!("Answered as: {question}"));
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
                    || "not answered yet".to_owned(),
                    |a| format!("answered {}", at(a)),
                );
                ui.label(
                    RichText::new(format!(
                        "{}  Follow-up: {text} ({answered})",
                        at(*shown_at_ms)
                    ))
                    .color(theme::warning_colour(ui.visuals())),
                );
            }
            InterviewEvent::Prompt {
                source,
                text,
                shown_at_ms,
                acknowledged_at_ms,
                ..
            } => {
                let answered = acknowledged_at_ms.map_or_else(
                    || "not answered yet".to_owned(),
                    |a| format!("answered {}", at(a)),
                );
                ui.label(
                    RichText::new(format!(
                        "{}  {}: {text} ({answered})",
                        at(*shown_at_ms),
                        source.label()
                    ))
                    .color(theme::warning_colour(ui.visuals())),
                );
            }
        }
        ui.add_space(2.0);
    }
    ui.add_space(theme::SECTION_GAP);
    let pad = &state.scratchpad;
    ui.label(RichText::new("Scratchpad").strong());
    ui.weak(format!(
        "{} QPS average, {} peak · {} stored",
        crate::model::capacity::count_text(pad.average_qps()),
        crate::model::capacity::count_text(pad.peak_qps()),
        crate::model::capacity::bytes_text(pad.total_bytes())
    ));
}

/// Without an edit log: the diagram at the end of a chosen phase, with a slider.
fn snapshots_ui(ui: &mut Ui, open: &OpenSession, framework: &Framework, view: &mut ReviewView) {
    let session = &open.session;
    let snapshots = &session.snapshots;
    if let Some(why) = &view.no_replay {
        ui.weak(why);
    }
    let mut position = view.replay.unwrap_or(snapshots.len()).min(snapshots.len());
    ui.horizontal(|ui| {
        ui.label("Phase ends");
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
        canvas::view_bar_ui(ui, &mut view.canvas);
    });
    let diagram = view
        .replay
        .and_then(|i| snapshots.get(i))
        .map_or(&session.diagram, |s| &s.diagram);
    if diagram.nodes.is_empty() {
        ui.weak("The diagram was empty at this point.");
    }
    let _ = canvas::canvas_ui(ui, diagram, &mut view.canvas, false);
}
