//! Playing a drill's voice: the [`Player`] trait the review drives, a `PulseAudio` player that
//! speaks the native protocol from Rust (the `pulseaudio` crate; `PipeWire`'s pulse server serves
//! it too), and a silent player that says why there is no sound.
//!
//! The `PulseAudio` player owns a thread: the UI thread only sends it commands on a channel and
//! never waits. The thread connects to the server, and for each "play from here" opens a
//! playback stream whose callback renders the track from that drill time on
//! (`model::voice_playback::render`: gaps in the recording play as silence, so the voice keeps
//! time with the replay) at the volume of the moment; "stop" deletes the stream, which drops
//! what the server still had queued. The server's buffer is kept near 100 ms so a stop or a
//! seek is heard at once.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use crate::model::voice::VoiceTrack;

/// What the review drives: an audio output for one track.
pub trait Player: Send {
    /// Plays `track` from drill time `from_ms`, replacing whatever was playing.
    fn play(&mut self, track: Arc<VoiceTrack>, from_ms: u64);
    /// Stops sounding.
    fn stop(&mut self);
    /// Sets the volume, from 0 (silent) to 1 (as recorded).
    fn set_volume(&mut self, volume: f32);
    /// Why there is no sound, once known: one line, "audio playback is not available: …".
    fn problem(&self) -> Option<String>;
}

/// The start of every line that says playback cannot happen.
pub const NOT_AVAILABLE: &str = "audio playback is not available";

/// A player that plays nothing and says why.
#[derive(Debug)]
pub struct SilentPlayer {
    reason: String,
}

impl SilentPlayer {
    /// A silent player for `reason` ("this platform has no audio playback yet").
    pub fn new(reason: &str) -> Self {
        Self {
            reason: format!("{NOT_AVAILABLE}: {reason}"),
        }
    }
}

impl Player for SilentPlayer {
    fn play(&mut self, _track: Arc<VoiceTrack>, _from_ms: u64) {}

    fn stop(&mut self) {}

    fn set_volume(&mut self, _volume: f32) {}

    fn problem(&self) -> Option<String> {
        Some(self.reason.clone())
    }
}

/// The platform's player: `PulseAudio` on Linux, a silent one elsewhere.
pub fn open_player() -> Box<dyn Player> {
    #[cfg(target_os = "linux")]
    {
        Box::new(pulse::PulsePlayer::spawn())
    }
    #[cfg(not(target_os = "linux"))]
    {
        Box::new(SilentPlayer::new("this platform has no audio playback yet"))
    }
}

/// A volume shared with the thread that renders samples, as the bits of an `f32`.
#[derive(Clone, Debug)]
struct SharedVolume(Arc<AtomicU32>);

impl SharedVolume {
    fn new(volume: f32) -> Self {
        Self(Arc::new(AtomicU32::new(volume.to_bits())))
    }

    fn get(&self) -> f32 {
        f32::from_bits(self.0.load(Ordering::Relaxed))
    }

    fn set(&self, volume: f32) {
        self.0
            .store(volume.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }
}

/// A line of trouble shared with the thread.
type SharedProblem = Arc<Mutex<Option<String>>>;

fn report(problem: &SharedProblem, text: String) {
    if let Ok(mut slot) = problem.lock() {
        *slot = Some(text);
    }
}

#[cfg(target_os = "linux")]
mod pulse {
    use std::os::unix::net::UnixStream;
    use std::path::PathBuf;
    use std::sync::mpsc::{self, Receiver, Sender};
    use std::sync::{Arc, Mutex};

    use pulseaudio::{AsPlaybackSource as _, Client, ClientError, PlaybackStream, protocol};

    use super::{NOT_AVAILABLE, Player, SharedProblem, SharedVolume, report};
    use crate::model::voice::VoiceTrack;
    use crate::model::voice_playback::{apply_volume, render, sample_at};

    /// What the thread is told.
    enum Feed {
        Play(Arc<VoiceTrack>, u64),
        Stop,
    }

    /// Plays through a `PulseAudio` (or `PipeWire`) server from its own thread.
    pub struct PulsePlayer {
        feed: Sender<Feed>,
        volume: SharedVolume,
        problem: SharedProblem,
    }

    impl PulsePlayer {
        /// Starts the thread, which connects to the server; a failure shows in `problem`.
        pub fn spawn() -> Self {
            let (feed, commands) = mpsc::channel();
            let volume = SharedVolume::new(1.0);
            let problem: SharedProblem = Arc::new(Mutex::new(None));
            let (thread_volume, thread_problem) = (volume.clone(), problem.clone());
            let spawned = std::thread::Builder::new()
                .name("voice playback".to_owned())
                .spawn(move || run(&commands, &thread_volume, &thread_problem));
            if let Err(err) = spawned {
                report(&problem, format!("{NOT_AVAILABLE}: {err}"));
            }
            Self {
                feed,
                volume,
                problem,
            }
        }
    }

    impl Player for PulsePlayer {
        fn play(&mut self, track: Arc<VoiceTrack>, from_ms: u64) {
            let _ = self.feed.send(Feed::Play(track, from_ms));
        }

        fn stop(&mut self) {
            let _ = self.feed.send(Feed::Stop);
        }

        fn set_volume(&mut self, volume: f32) {
            self.volume.set(volume);
        }

        fn problem(&self) -> Option<String> {
            self.problem.lock().ok().and_then(|p| p.clone())
        }
    }

    /// What a connection error means to the user.
    fn describe(err: &ClientError) -> String {
        match err {
            ClientError::ServerUnavailable => {
                "no PulseAudio or PipeWire server was found".to_owned()
            }
            other => format!("the audio server refused ({other})"),
        }
    }

    /// Connects to the server at `socket` (by default, where the environment says one is).
    pub(super) fn connect(socket: Option<PathBuf>) -> Result<Client, String> {
        let not_available = |why: String| format!("{NOT_AVAILABLE}: {why}");
        let Some(socket) = socket.or_else(pulseaudio::socket_path_from_env) else {
            return Err(not_available(describe(&ClientError::ServerUnavailable)));
        };
        let stream = UnixStream::connect(&socket).map_err(|err| {
            not_available(format!(
                "no audio server answers at {} ({err})",
                socket.display()
            ))
        })?;
        let cookie = pulseaudio::cookie_path_from_env().and_then(|p| std::fs::read(p).ok());
        Client::new_unix(c"Drillboard", stream, cookie).map_err(|err| not_available(describe(&err)))
    }

    /// The thread: connect, then follow the commands until the player is dropped.
    fn run(commands: &Receiver<Feed>, volume: &SharedVolume, problem: &SharedProblem) {
        let client = match connect(None) {
            Ok(client) => client,
            Err(why) => {
                report(problem, why);
                return;
            }
        };
        let mut stream: Option<PlaybackStream> = None;
        while let Ok(first) = commands.recv() {
            // Only the newest command matters (a drag sends many seeks).
            let command = commands.try_iter().last().unwrap_or(first);
            // Deleting the stream drops what the server still had queued.
            drop(stream.take());
            let Feed::Play(track, from_ms) = command else {
                continue;
            };
            match futures::executor::block_on(open_stream(&client, track, from_ms, volume)) {
                Ok(opened) => stream = Some(opened),
                Err(err) => report(problem, format!("{NOT_AVAILABLE}: {}", describe(&err))),
            }
        }
    }

    /// A stream that plays `track` from `from_ms` on.
    async fn open_stream(
        client: &Client,
        track: Arc<VoiceTrack>,
        from_ms: u64,
        volume: &SharedVolume,
    ) -> Result<PlaybackStream, ClientError> {
        let rate = track.sample_rate;
        // About 100 ms queued on the server, playing as soon as 20 ms are there.
        let bytes_per_second = rate * 2;
        let params = protocol::PlaybackStreamParams {
            sample_spec: protocol::SampleSpec {
                format: protocol::SampleFormat::S16Le,
                channels: 1,
                sample_rate: rate,
            },
            channel_map: protocol::ChannelMap::mono(),
            cvolume: Some(protocol::ChannelVolume::norm(1)),
            sink_name: Some(protocol::DEFAULT_SINK.to_owned()),
            buffer_attr: protocol::stream::BufferAttr {
                target_length: bytes_per_second / 10,
                pre_buffering: bytes_per_second / 50,
                ..protocol::stream::BufferAttr::default()
            },
            ..protocol::PlaybackStreamParams::default()
        };
        let volume = volume.clone();
        let mut position = sample_at(from_ms, rate);
        let mut samples: Vec<i16> = Vec::new();
        let source = move |buf: &mut [u8]| {
            samples.resize(buf.len() / 2, 0);
            let written = render(&track, position, &mut samples);
            position += written as u64;
            apply_volume(&mut samples[..written], volume.get());
            for (bytes, sample) in buf.chunks_exact_mut(2).zip(&samples[..written]) {
                bytes.copy_from_slice(&sample.to_le_bytes());
            }
            // 0 bytes ends the stream: the track is over.
            written * 2
        };
        client
            .create_playback_stream(params, source.as_playback_source())
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_player_says_in_one_line_why() {
        let mut player = SilentPlayer::new("this platform has no audio playback yet");
        player.play(Arc::new(VoiceTrack::default()), 0);
        player.set_volume(0.5);
        player.stop();
        let problem = player.problem().expect("it says why");
        assert!(problem.starts_with("audio playback is not available: "));
        assert!(!problem.contains('\n'));
    }

    #[test]
    fn the_shared_volume_is_clamped() {
        let volume = SharedVolume::new(1.0);
        volume.set(1.7);
        assert!((volume.get() - 1.0).abs() < f32::EPSILON);
        volume.set(0.25);
        assert!((volume.get() - 0.25).abs() < f32::EPSILON);
    }

    /// Where no server listens, connecting says so in one line and nothing panics.
    #[cfg(target_os = "linux")]
    #[test]
    fn without_a_server_pulseaudio_playback_says_it_is_not_available() {
        let empty = tempfile::tempdir().expect("a temp dir");
        let problem = pulse::connect(Some(empty.path().join("pulse/native")))
            .expect_err("there is no server in an empty folder");
        assert!(
            problem.starts_with("audio playback is not available: "),
            "{problem}"
        );
        assert!(!problem.contains('\n'));
        let problem = pulse::connect(None).map_or_else(|p| p, |_| String::new());
        assert!(problem.is_empty() || problem.starts_with(NOT_AVAILABLE));
    }
}
