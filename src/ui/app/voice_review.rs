//! The voice recorded with a drill, in review: read and measured off the UI thread when the
//! review opens, then played with the replay. The audio output is driven here, after each
//! frame's views have moved the playhead, from the pure rules of `model::voice_playback`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};

use crate::audio::playback::{Player, open_player};
use crate::model::timeline::PhaseVisit;
use crate::model::voice::VoiceTrack;
use crate::model::voice_activity::measure;
use crate::model::voice_playback::{AudioCommand, ReplayMotion};
use crate::store::voice_file::{read_track, voice_path};
use crate::ui::review::{ReviewTab, VoiceReview};

use super::App;
use super::state::Screen;

/// Reads the voice recorded with the session at a path: `None` when it has none.
pub type VoiceSource = Arc<dyn Fn(&Path) -> Result<Option<VoiceTrack>, String> + Send + Sync>;

/// Opens an audio output.
pub type PlayerFactory = Arc<dyn Fn() -> Box<dyn Player> + Send + Sync>;

/// What the reading thread sends back: the voice measured, none, or why not.
type VoiceOutcome = Result<Option<VoiceReview>, String>;

/// A voice being read for the session at a path.
pub(super) struct VoiceJob {
    path: PathBuf,
    outcome: Receiver<VoiceOutcome>,
}

/// Where the app reads a session's voice from: the voice file beside it.
pub(super) fn default_voice_source() -> VoiceSource {
    Arc::new(|path: &Path| read_track(&voice_path(path)).map_err(|err| err.to_string()))
}

/// The platform's audio output.
pub(super) fn default_player_factory() -> PlayerFactory {
    Arc::new(open_player)
}

/// Reads and measures a session's voice (on the reading thread).
fn read_and_measure(
    source: &VoiceSource,
    path: &Path,
    visits: &[PhaseVisit],
    phase_count: usize,
) -> VoiceOutcome {
    let Some(track) = source(path)? else {
        return Ok(None);
    };
    let (segments, speaking) = measure(&track, visits, phase_count);
    Ok(Some(VoiceReview::new(Arc::new(track), segments, speaking)))
}

impl App {
    /// Reads the voice from `source` from now on (tests give synthetic tracks).
    pub fn set_voice_source(&mut self, source: VoiceSource) {
        self.voice_source = source;
    }

    /// Opens audio outputs with `factory` from now on (tests record what is played).
    pub fn set_player_factory(&mut self, factory: PlayerFactory) {
        self.player_factory = factory;
    }

    /// Starts reading the voice of the session under review on its own thread; the replay and
    /// the Overview work without it meanwhile.
    pub(super) fn load_review_voice(&mut self) {
        let Screen::Drill(open) = &self.screen else {
            return;
        };
        let review = &mut self.drill_view.review;
        review.voice = None;
        review.voice_error = None;
        let path = open.path.clone();
        let visits = review
            .player
            .as_ref()
            .map(|p| p.timeline.visits.clone())
            .unwrap_or_default();
        let phase_count = open.session.drill.phases.len();
        let source = self.voice_source.clone();
        let (send, outcome) = mpsc::channel();
        let thread_path = path.clone();
        let spawned = std::thread::Builder::new()
            .name("voice reader".to_owned())
            .spawn(move || {
                let _ = send.send(read_and_measure(
                    &source,
                    &thread_path,
                    &visits,
                    phase_count,
                ));
            });
        if let Err(err) = spawned {
            review.voice_error = Some(format!("The recording could not be read: {err}."));
            return;
        }
        self.voice_job = Some(VoiceJob { path, outcome });
    }

    /// Takes the voice the reading thread finished, when it is for the session on screen.
    pub(super) fn pump_voice(&mut self, wait: bool) {
        let Some(job) = &self.voice_job else {
            return;
        };
        let outcome = if wait {
            job.outcome.recv().ok()
        } else {
            match job.outcome.try_recv() {
                Ok(outcome) => Some(outcome),
                Err(mpsc::TryRecvError::Empty) => return,
                Err(mpsc::TryRecvError::Disconnected) => None,
            }
        };
        let Some(job) = self.voice_job.take() else {
            return;
        };
        let same = self
            .open_session()
            .is_some_and(|open| open.path == job.path);
        if !same {
            return;
        }
        let review = &mut self.drill_view.review;
        match outcome {
            Some(Ok(voice)) => review.voice = voice,
            Some(Err(why)) => {
                review.voice_error = Some(format!("The recording could not be read: {why}."));
            }
            None => review.voice_error = Some("The recording could not be read.".to_owned()),
        }
    }

    /// Waits for the voice being read (tests; the app polls each frame).
    pub fn flush_voice(&mut self) {
        self.pump_voice(true);
    }

    /// Tells the audio output what the replay is doing: play from the playhead while it plays
    /// at 1× on the Replay tab, restart where it jumps, stop otherwise.
    pub(super) fn drive_voice(&mut self) {
        let now = self.clock.monotonic();
        let reviewing = matches!(&self.screen, Screen::Drill(_));
        let review = &mut self.drill_view.review;
        let on_replay = reviewing && review.tab == ReviewTab::Replay;
        let (playing, speed) = review
            .player
            .as_ref()
            .map_or((None, 1), |p| (p.playing, p.speed));
        let Some(voice) = &mut review.voice else {
            return;
        };
        let motion = ReplayMotion {
            playing: playing.filter(|_| on_replay),
            speed,
            now,
            muted: voice.muted,
        };
        let command = voice.sync.update(motion);
        if command.is_some() && voice.output.is_none() && voice.sync.sounding() {
            voice.output = Some((self.player_factory)());
        }
        let Some(output) = &mut voice.output else {
            return;
        };
        output.set_volume(voice.volume);
        match command {
            Some(AudioCommand::PlayFrom(at_ms)) => output.play(voice.track.clone(), at_ms),
            Some(AudioCommand::Stop) => output.stop(),
            None => {}
        }
        // Why there is no sound, once the output knows; the replay goes on silently.
        if voice.problem.is_none() {
            voice.problem = output.problem();
        }
    }

    /// Whether a voice is still being read (the frame polls for it).
    pub(super) fn voice_pending(&self) -> bool {
        self.voice_job.is_some()
    }
}
