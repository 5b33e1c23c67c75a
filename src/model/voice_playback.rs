//! Playing the voice with the replay, as rules without a sound device: which samples sound
//! from a drill time on, and what the audio output must be told when the playhead moves.
//!
//! The replay's playhead runs on the app's monotonic clock; while it plays at 1× the audio
//! plays from the same drill time and is left alone, so both advance together. Anything that
//! moves the playhead by other means (a seek, a step, a speed change, Play again) restarts the
//! audio at the new moment, and pausing stops it. Audio sounds only at 1×: the replay's other
//! speeds (4×, 16×, 64×) are far past what speech survives, and no kept crate stretches speech
//! without changing its pitch, so they are silent.
//!
//! The output plays drill time, not the recording: drill time with no recording (before the
//! first span, a microphone that dropped out) plays as silence, so the voice never runs ahead of
//! the diagram. A pause takes no drill time, so the spans either side of one play back to back.

use std::time::Duration;

use super::voice::VoiceTrack;

/// Whether the replay's audio sounds at a play speed.
pub fn audible_at(speed: u32) -> bool {
    speed == 1
}

/// Fills `out` with the samples that sound from drill-time sample `position` on (sample `n`
/// sounds at drill time `n / sample_rate` seconds): recorded samples where a span covers the
/// moment, silence between spans. Returns how many samples were written: fewer than
/// `out.len()` only at the end of the track, and 0 past it.
pub fn render(track: &VoiceTrack, position: u64, out: &mut [i16]) -> usize {
    let rate = u64::from(track.sample_rate);
    if rate == 0 {
        return 0;
    }
    let end = track
        .spans
        .iter()
        .map(|s| s.start_ms * rate / 1000 + s.samples.len() as u64)
        .max()
        .unwrap_or(0);
    let wanted = (end.saturating_sub(position)).min(out.len() as u64) as usize;
    let out = &mut out[..wanted];
    out.fill(0);
    for span in &track.spans {
        let first = span.start_ms * rate / 1000;
        let last = first + span.samples.len() as u64;
        let (from, to) = (first.max(position), last.min(position + wanted as u64));
        if from >= to {
            continue;
        }
        let src = &span.samples[(from - first) as usize..(to - first) as usize];
        out[(from - position) as usize..(to - position) as usize].copy_from_slice(src);
    }
    wanted
}

/// The drill-time sample a drill time in milliseconds starts at.
pub fn sample_at(at_ms: u64, sample_rate: u32) -> u64 {
    at_ms * u64::from(sample_rate) / 1000
}

/// Scales samples by a volume from 0 (silent) to 1 (as recorded).
pub fn apply_volume(samples: &mut [i16], volume: f32) {
    let volume = volume.clamp(0.0, 1.0);
    if volume >= 1.0 {
        return;
    }
    for s in samples {
        *s = (f32::from(*s) * volume) as i16;
    }
}

/// What the audio output is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AudioCommand {
    /// Drop what is queued and play from this drill time.
    PlayFrom(u64),
    /// Drop what is queued and be silent.
    Stop,
}

/// What the replay is doing this frame, as the audio sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayMotion {
    /// While playing: the drill time and the monotonic time this run of play started from
    /// (any seek or speed change starts a new run).
    pub playing: Option<(u64, Duration)>,
    /// The play speed.
    pub speed: u32,
    /// The monotonic time now.
    pub now: Duration,
    /// The user muted the voice.
    pub muted: bool,
}

/// Follows the replay and says when the audio must start, restart or stop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AudioSync {
    /// The run of play the audio is following, when it sounds.
    following: Option<(u64, Duration)>,
}

impl AudioSync {
    /// Whether audio is sounding (as far as the commands go).
    pub fn sounding(&self) -> bool {
        self.following.is_some()
    }

    /// The command the replay's motion this frame calls for, if any. Called every frame; a
    /// run of play at 1× that goes on needs nothing, so the audio is never re-queued while it
    /// keeps time.
    pub fn update(&mut self, motion: ReplayMotion) -> Option<AudioCommand> {
        let want = motion
            .playing
            .filter(|_| audible_at(motion.speed) && !motion.muted);
        if want == self.following {
            return None;
        }
        self.following = want;
        Some(match want {
            // Where the playhead is now: a run that began a moment ago has already moved on.
            Some((from_ms, since)) => AudioCommand::PlayFrom(
                from_ms + motion.now.saturating_sub(since).as_millis() as u64,
            ),
            None => AudioCommand::Stop,
        })
    }

    /// Forgets what the audio follows (the output was closed or replaced), so the next frame
    /// that plays starts it again.
    pub fn reset(&mut self) {
        self.following = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::voice::VoiceSpan;

    /// Two spans at 1 kHz (so a sample is a millisecond): 1–3 ms and 5–7 ms, a gap between.
    fn track() -> VoiceTrack {
        VoiceTrack {
            sample_rate: 1_000,
            spans: vec![
                VoiceSpan {
                    start_ms: 1,
                    samples: vec![11, 12],
                },
                VoiceSpan {
                    start_ms: 5,
                    samples: vec![15, 16],
                },
            ],
        }
    }

    #[test]
    fn rendering_lays_spans_on_drill_time_with_silence_between() {
        let t = track();
        let mut out = [99i16; 10];
        assert_eq!(render(&t, 0, &mut out), 7);
        assert_eq!(out[..7], [0, 11, 12, 0, 0, 15, 16]);
        let mut out = [99i16; 3];
        assert_eq!(render(&t, 2, &mut out), 3);
        assert_eq!(out, [12, 0, 0]);
        assert_eq!(render(&t, 6, &mut out), 1);
        assert_eq!(out[0], 16);
        assert_eq!(render(&t, 7, &mut out), 0, "past the end");
        assert_eq!(render(&VoiceTrack::default(), 0, &mut out), 0);
        assert_eq!(sample_at(1_500, 16_000), 24_000);
    }

    #[test]
    fn volume_scales_and_clamps() {
        let mut s = [1000i16, -1000, 32_767];
        apply_volume(&mut s, 0.5);
        assert_eq!(s, [500, -500, 16_383]);
        apply_volume(&mut s, -1.0);
        assert_eq!(s, [0, 0, 0]);
        let mut s = [7i16];
        apply_volume(&mut s, 3.0);
        assert_eq!(s, [7]);
    }

    fn motion(playing: Option<(u64, u64)>, speed: u32, now_ms: u64) -> ReplayMotion {
        ReplayMotion {
            playing: playing.map(|(at, since)| (at, Duration::from_millis(since))),
            speed,
            now: Duration::from_millis(now_ms),
            muted: false,
        }
    }

    #[test]
    fn audio_starts_with_play_keeps_time_and_restarts_only_when_the_playhead_jumps() {
        let mut sync = AudioSync::default();
        assert_eq!(
            sync.update(motion(None, 1, 0)),
            None,
            "stopped stays silent"
        );
        // Play from 10 s at monotonic 100 s; the frame sees it 16 ms later.
        assert_eq!(
            sync.update(motion(Some((10_000, 100_000)), 1, 100_016)),
            Some(AudioCommand::PlayFrom(10_016))
        );
        assert!(sync.sounding());
        // Frames go by: the same run of play needs nothing.
        for now in [100_032, 101_000, 160_000] {
            assert_eq!(sync.update(motion(Some((10_000, 100_000)), 1, now)), None);
        }
        // A seek (or a step) while playing starts a new run: the audio restarts there.
        assert_eq!(
            sync.update(motion(Some((42_000, 160_500)), 1, 160_500)),
            Some(AudioCommand::PlayFrom(42_000))
        );
        // Pause stops it.
        assert_eq!(
            sync.update(motion(None, 1, 161_000)),
            Some(AudioCommand::Stop)
        );
        assert_eq!(sync.update(motion(None, 1, 162_000)), None);
    }

    #[test]
    fn other_speeds_and_muting_are_silent_and_coming_back_to_1x_resumes() {
        let mut sync = AudioSync::default();
        assert_eq!(
            sync.update(motion(Some((0, 0)), 1, 0)),
            Some(AudioCommand::PlayFrom(0))
        );
        // 4×: a new run at 4× is silent.
        assert_eq!(
            sync.update(motion(Some((5_000, 5_000)), 4, 5_000)),
            Some(AudioCommand::Stop)
        );
        assert_eq!(sync.update(motion(Some((5_000, 5_000)), 4, 9_000)), None);
        assert!(!audible_at(4) && !audible_at(16) && audible_at(1));
        // Back to 1× at 21 s of drill time.
        assert_eq!(
            sync.update(motion(Some((21_000, 9_000)), 1, 9_000)),
            Some(AudioCommand::PlayFrom(21_000))
        );
        let mut muted = motion(Some((21_000, 9_000)), 1, 9_500);
        muted.muted = true;
        assert_eq!(sync.update(muted), Some(AudioCommand::Stop));
        muted.muted = false;
        assert_eq!(
            sync.update(muted),
            Some(AudioCommand::PlayFrom(21_500)),
            "unmuting picks up where the playhead is"
        );
        sync.reset();
        assert_eq!(
            sync.update(muted),
            Some(AudioCommand::PlayFrom(21_500)),
            "a reset output is started again"
        );
    }
}
