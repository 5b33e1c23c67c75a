//! Recording the candidate's voice with a drill (issue 22): the recorder thread started with a
//! new drill when "Record my voice" is on, and again when a reopened drill (recovered, opened,
//! continued) runs on while it has a recording or the preference is on, kept in step with the drill clock (paused with it,
//! stopped when the drill finishes or is left), its failures turned into one line, and the
//! home screen's level meter.
//!
//! Like the edit log, the recorder follows the drill's state rather than each action: after
//! every frame `sync_voice` compares the drill's status with what the recorder was last told,
//! so however the clock stops (Space, the pause on exit, finishing) the recording stops too.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use crate::audio::level::LevelMonitor;
use crate::audio::voice_recorder::{RecorderEvent, VoiceRecorder};
use crate::audio::{AudioDevice, AudioError, Recorder};
use crate::model::DrillStatus;
use crate::store::voice_file::voice_path;

use super::state::{RecordingIndicator, Screen};
use super::{App, StatusKind};

/// How often the level meter repaints while it shows.
pub const METER_REPAINT: Duration = Duration::from_millis(66);

/// The recording of the drill on screen.
pub(super) struct ActiveVoice {
    /// The session file it belongs to.
    session_path: PathBuf,
    recorder: VoiceRecorder,
    /// Whether the recorder was last told the clock runs.
    running: bool,
    /// Drill time recorded in spans already ended, in milliseconds.
    recorded_ms: u64,
    /// Drill time the open span started at.
    span_start_ms: u64,
}

/// What the app knows of recording: the backend, the user's choice and what is running.
pub(super) struct VoiceState {
    pub(super) recorder: Arc<dyn Recorder>,
    pub(super) active: Option<ActiveVoice>,
    /// Why recording stopped or could not start, until dismissed.
    pub(super) error: Option<String>,
    pub(super) meter: Option<LevelMonitor>,
    /// The microphones, as last listed.
    pub(super) devices: Option<Result<Vec<AudioDevice>, AudioError>>,
    /// The session whose recording failed or could not start while it stays on screen: it is
    /// not tried again at every frame (reopening it tries again).
    pub(super) gave_up: Option<PathBuf>,
}

impl VoiceState {
    /// Nothing recording, with this platform's backend.
    pub(super) fn new(recorder: Arc<dyn Recorder>) -> Self {
        Self {
            recorder,
            active: None,
            error: None,
            meter: None,
            devices: None,
            gave_up: None,
        }
    }
}

impl App {
    /// Uses `recorder` for the level meter and recordings from now on (tests give a scripted
    /// one; the app starts with the platform's).
    pub fn set_recorder(&mut self, recorder: Arc<dyn Recorder>) {
        self.voice.meter = None;
        self.voice.devices = None;
        self.voice.recorder = recorder;
    }

    /// Turns "Record my voice" on or off for new drills, remembering it in the library's
    /// preferences when `remember` (the command line's `--record` does not).
    pub fn set_record_voice(&mut self, on: bool, remember: bool) {
        self.preferences.record_voice = on;
        if remember {
            self.write_preferences();
        }
    }

    /// Whether new drills record the voice.
    pub fn record_voice(&self) -> bool {
        self.preferences.record_voice
    }

    /// Chooses the microphone (`None`: the server's default) and remembers it.
    pub(super) fn set_microphone(&mut self, id: Option<String>) {
        self.preferences.microphone = id;
        self.voice.meter = None;
        self.write_preferences();
    }

    fn write_preferences(&mut self) {
        if let Err(err) = self.preferences.write(&self.library.preferences_path()) {
            self.set_status(
                StatusKind::Error,
                format!("Your preference could not be saved: {err}"),
            );
        }
    }

    /// Starts recording the drill just opened, when the user asked for it. A failure is one
    /// line in the banner; the drill goes on.
    pub(super) fn start_voice(&mut self) {
        self.stop_voice();
        if !self.preferences.record_voice {
            return;
        }
        self.open_recorder();
    }

    /// Starts the recorder for the drill on screen (the caller decided it should record). A
    /// drill that already has a recording goes on with it: the file takes a new span.
    fn open_recorder(&mut self) {
        // The meter's capture would hold the microphone while the drill records.
        self.voice.meter = None;
        let Screen::Drill(open) = &self.screen else {
            return;
        };
        if open.read_only.is_some() || open.session.drill.status == DrillStatus::Finished {
            return;
        }
        let drill_ms = open.session.drill.now_ms();
        let running = open.session.drill.status == DrillStatus::Running;
        let session_path = open.path.clone();
        match VoiceRecorder::start(
            self.voice.recorder.as_ref(),
            self.preferences.microphone.as_deref(),
            &voice_path(&session_path),
            self.clock.shared(),
            drill_ms,
            running,
            self.clock.monotonic(),
        ) {
            Ok(recorder) => {
                // One line for logs and the real-audio check: which wall-clock moment drill
                // time `drill_ms` was.
                let unix_ms = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.as_millis());
                eprintln!(
                    "drillboard: recording the voice to {} from drill time {drill_ms} ms at unix {unix_ms} ms",
                    voice_path(&session_path).display()
                );
                self.voice.error = None;
                self.voice.active = Some(ActiveVoice {
                    session_path,
                    recorder,
                    running,
                    recorded_ms: 0,
                    span_start_ms: drill_ms,
                });
            }
            Err(err) => {
                self.voice.error = Some(format!("Not recording: {err}"));
                self.voice.gave_up = Some(session_path);
            }
        }
    }

    /// Keeps the recorder in step with the drill on screen: paused with its clock, resumed at
    /// the drill time it resumes from, stopped when the drill finishes or leaves the screen.
    /// Also takes in the thread's news (a failure becomes the banner's line).
    pub(super) fn sync_voice(&mut self) {
        let Some(active) = &mut self.voice.active else {
            self.resume_voice();
            return;
        };
        if let Some(RecorderEvent::Failed(err)) = active.recorder.poll() {
            self.voice.error = Some(format!("Recording stopped: {err}"));
            self.voice.gave_up = self.voice.active.take().map(|a| a.session_path);
            return;
        }
        let drill = match &self.screen {
            Screen::Drill(open) if open.path == active.session_path => Some(&open.session.drill),
            _ => None,
        };
        let status = drill.map(|d| (d.status, d.now_ms()));
        match status {
            Some((DrillStatus::Running, now_ms)) if !active.running => {
                active.recorder.resume(now_ms, self.clock.monotonic());
                active.running = true;
                active.span_start_ms = now_ms;
            }
            Some((DrillStatus::Paused, now_ms)) if active.running => {
                active.recorder.pause();
                active.running = false;
                active.recorded_ms += now_ms.saturating_sub(active.span_start_ms);
            }
            Some((DrillStatus::Running | DrillStatus::Paused, _)) => {}
            Some((DrillStatus::Finished, _)) | None => self.stop_voice(),
        }
    }

    /// Starts recording a drill reopened to go on (recovered after a crash, opened, continued
    /// after finishing) once its clock runs again, when it already has a recording or "Record
    /// my voice" is on: the recording takes a new span at the drill time it resumes from. A
    /// reopened drill with no recording and the preference off stays unrecorded.
    fn resume_voice(&mut self) {
        let Screen::Drill(open) = &self.screen else {
            self.voice.gave_up = None;
            return;
        };
        if self.voice.gave_up.as_ref() == Some(&open.path) {
            return;
        }
        self.voice.gave_up = None;
        if open.read_only.is_some() || open.session.drill.status != DrillStatus::Running {
            return;
        }
        if self.preferences.record_voice || voice_path(&open.path).exists() {
            self.open_recorder();
        }
    }

    /// Stops recording, writing what is left (finishing, leaving, closing).
    pub(super) fn stop_voice(&mut self) {
        let Some(active) = self.voice.active.take() else {
            return;
        };
        if let Some(RecorderEvent::Failed(err)) = active.recorder.stop() {
            self.voice.error = Some(format!("Recording stopped: {err}"));
        }
    }

    /// What the drill screen's recording indicator shows, while a recording runs.
    pub(super) fn recording_indicator(&self) -> Option<RecordingIndicator> {
        let active = self.voice.active.as_ref()?;
        let Screen::Drill(open) = &self.screen else {
            return None;
        };
        let now_ms = open.session.drill.now_ms();
        let recorded = if active.running {
            active.recorded_ms + now_ms.saturating_sub(active.span_start_ms)
        } else {
            active.recorded_ms
        };
        Some(RecordingIndicator {
            recorded: Duration::from_millis(recorded),
            running: active.running,
        })
    }

    /// Whether a recording runs for the drill on screen.
    pub fn is_recording(&self) -> bool {
        self.voice.active.is_some()
    }

    /// The line saying why recording stopped or did not start, while it shows.
    pub fn voice_error(&self) -> Option<&str> {
        self.voice.error.as_deref()
    }

    /// Waits (up to `timeout`) for the recorder thread's next news and takes it in, as the
    /// next frame would: tests wait for a scripted failure this way instead of sleeping.
    pub fn wait_for_recorder(&mut self, timeout: Duration) {
        let Some(active) = &self.voice.active else {
            return;
        };
        if let Some(RecorderEvent::Failed(err)) = active.recorder.wait_event(timeout) {
            self.voice.error = Some(format!("Recording stopped: {err}"));
            self.voice.gave_up = self.voice.active.take().map(|a| a.session_path);
        }
    }

    /// Keeps the home screen's level meter running while it shows (home, "Record my voice"
    /// on), on the chosen microphone, and lists the microphones once; stops it otherwise.
    /// Returns when to repaint for the meter.
    pub(super) fn keep_meter(&mut self) -> Option<Duration> {
        let shows = matches!(self.screen, Screen::Home)
            && self.preferences.record_voice
            && self.voice.active.is_none();
        if !shows {
            self.voice.meter = None;
            return None;
        }
        if self.voice.devices.is_none() {
            self.voice.devices = Some(self.voice.recorder.devices());
        }
        let wanted = self.preferences.microphone.as_deref();
        if self
            .voice
            .meter
            .as_ref()
            .is_none_or(|m| m.device() != wanted)
        {
            self.voice.meter = Some(LevelMonitor::start(self.voice.recorder.as_ref(), wanted));
        }
        self.voice
            .meter
            .as_ref()
            .filter(|m| m.error().is_none())
            .map(|_| METER_REPAINT)
    }

    /// Lists the microphones again (the picker's Refresh).
    pub(super) fn refresh_microphones(&mut self) {
        self.voice.devices = Some(self.voice.recorder.devices());
        self.voice.meter = None;
    }

    /// Removes a session's voice recording, leaving the session.
    pub(super) fn delete_recording(&mut self, session: &std::path::Path) {
        if self
            .voice
            .active
            .as_ref()
            .is_some_and(|a| a.session_path == session)
        {
            self.set_status(
                StatusKind::Error,
                "That drill is recording; finish or leave it before deleting its recording",
            );
            return;
        }
        match crate::store::voice_file::delete_recording(session) {
            Ok(()) => {
                self.refresh_recording_sizes();
                self.set_status(
                    StatusKind::Success,
                    "Recording deleted; the session is kept",
                );
            }
            Err(err) => self.set_status(
                StatusKind::Error,
                format!("The recording could not be deleted: {err}"),
            ),
        }
    }

    /// Notes each listed session's recording size for the library table.
    pub(super) fn refresh_recording_sizes(&mut self) {
        self.library_view.recordings = self
            .sessions
            .iter()
            .filter_map(|s| {
                std::fs::metadata(voice_path(&s.path))
                    .ok()
                    .map(|m| (s.path.clone(), m.len()))
            })
            .collect();
    }
}

impl App {
    /// The one line saying why recording stopped or did not start, over every screen, until
    /// dismissed; the drill itself is never interrupted.
    pub(super) fn voice_banner_ui(&self, ui: &mut egui::Ui) -> Option<crate::ui::Action> {
        let message = self.voice.error.as_ref()?;
        let mut action = None;
        egui::Panel::top("voice_banner")
            .frame(
                egui::Frame::new()
                    .fill(crate::ui::theme::warning_fill(ui.visuals()))
                    .inner_margin(8.0),
            )
            .show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.label(message);
                    if ui.small_button("Dismiss").clicked() {
                        action = Some(crate::ui::Action::DismissVoiceError);
                    }
                });
            });
        action
    }
}
