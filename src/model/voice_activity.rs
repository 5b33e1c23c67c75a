//! When the candidate was speaking, from the recorded voice: an energy-based voice-activity
//! detector over the [`VoiceTrack`], and what it measures per phase (speaking time and the
//! longest silence). Evidence for the communication competency, never a score.
//!
//! The detector cuts each span into 20 ms frames and compares each frame's loudness (RMS, in
//! dB below full scale) with a noise floor that follows the room: it starts at the quietest
//! frame of the first ten seconds, drops at once to a
//! quieter frame, and climbs slowly (3 dB/s between words, 0.5 dB/s while a frame counts as
//! speech), so a fan that starts mid-drill 20 dB over the room is absorbed within about 20 s,
//! while speech, which dips between words, never lifts it far. A frame is speech when it is [`SPEECH_ABOVE_FLOOR_DB`] over the floor and
//! louder than [`QUIETEST_SPEECH_DBFS`]. Speech starts after two speech frames in a row and
//! goes on through silences up to [`HANGOVER_MS`] (the pauses between words and phrases), so a
//! sentence is one segment. Segments shorter than [`SHORTEST_SEGMENT_MS`] (a click, a cough)
//! are dropped.
//!
//! Time paused is not drill time: recording stops with the clock, so a pause is neither
//! speech nor silence. A span that ends at a pause and the one that starts when the clock
//! resumes meet at the same drill time; speech on both sides joins into one segment, and a
//! silence goes on across them. Drill time with no recording at all (a microphone unplugged
//! and plugged back) is left out of both: it splits silences and is not counted in the
//! recorded time a share is taken of.

use std::fmt::Write as _;

use super::timeline::PhaseVisit;
use super::voice::VoiceTrack;

/// Length of one analysis frame.
pub const FRAME_MS: u64 = 20;
/// How far over the noise floor a frame must be to count as speech.
pub const SPEECH_ABOVE_FLOOR_DB: f32 = 12.0;
/// Frames quieter than this are never speech, however quiet the room.
pub const QUIETEST_SPEECH_DBFS: f32 = -50.0;
/// Silences up to this long inside speech do not end a segment.
pub const HANGOVER_MS: u64 = 400;
/// Shorter segments are dropped.
pub const SHORTEST_SEGMENT_MS: u64 = 80;
/// The floor of a track with no samples.
const INITIAL_FLOOR_DBFS: f32 = -60.0;
/// How much of the start of a track the first floor is taken from.
const FLOOR_LOOKAHEAD_MS: u64 = 10_000;
/// How fast the floor climbs between words, per frame (3 dB/s).
const FLOOR_RISE_QUIET_DB: f32 = 3.0 * FRAME_MS as f32 / 1000.0;
/// How fast it climbs during speech, per frame (0.5 dB/s).
const FLOOR_RISE_SPEECH_DB: f32 = 0.5 * FRAME_MS as f32 / 1000.0;
/// Speech frames in a row that start a segment.
const ONSET_FRAMES: u32 = 2;

/// A stretch of drill time in which the candidate was speaking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpeechSegment {
    /// Drill time speech began, in milliseconds.
    pub start_ms: u64,
    /// Drill time it ended.
    pub end_ms: u64,
}

impl SpeechSegment {
    /// How long it lasted.
    pub fn length_ms(&self) -> u64 {
        self.end_ms - self.start_ms
    }
}

/// The loudness of a frame in dB below full scale (-100 for digital silence).
fn frame_dbfs(frame: &[i16]) -> f32 {
    if frame.is_empty() {
        return -100.0;
    }
    let energy: f64 = frame.iter().map(|s| f64::from(*s).powi(2)).sum::<f64>() / frame.len() as f64;
    let rms = energy.sqrt() / 32_768.0;
    if rms <= 1e-5 {
        -100.0
    } else {
        (20.0 * rms.log10()) as f32
    }
}

/// The speech segments of a track, in drill time and in order.
pub fn speech_segments(track: &VoiceTrack) -> Vec<SpeechSegment> {
    let rate = u64::from(track.sample_rate);
    if rate == 0 {
        return Vec::new();
    }
    let frame_len = usize::try_from(rate * FRAME_MS / 1000).unwrap_or(1).max(1);
    // The floor starts at the quietest frame of the first seconds, so a room's hiss is never
    // taken for speech while the floor would still be finding it.
    let mut floor = track
        .spans
        .iter()
        .flat_map(|span| span.samples.chunks(frame_len))
        .take(usize::try_from(FLOOR_LOOKAHEAD_MS / FRAME_MS).unwrap_or(0))
        .map(frame_dbfs)
        .reduce(f32::min)
        .unwrap_or(INITIAL_FLOOR_DBFS);
    let mut segments: Vec<SpeechSegment> = Vec::new();
    for span in &track.spans {
        // Drill time of the frame starting at sample `i` of this span.
        let at = |i: usize| span.start_ms + i as u64 * 1000 / rate;
        let mut run = 0u32;
        let mut run_start = 0u64;
        let mut open: Option<SpeechSegment> = None;
        for (n, frame) in span.samples.chunks(frame_len).enumerate() {
            let start = at(n * frame_len);
            let end = at(n * frame_len + frame.len());
            let db = frame_dbfs(frame);
            let speech = db >= floor + SPEECH_ABOVE_FLOOR_DB && db >= QUIETEST_SPEECH_DBFS;
            floor = if db < floor {
                db.max(-100.0)
            } else if speech {
                floor + FLOOR_RISE_SPEECH_DB
            } else {
                (floor + FLOOR_RISE_QUIET_DB).min(db)
            };
            if speech {
                if run == 0 {
                    run_start = start;
                }
                run += 1;
                match &mut open {
                    Some(segment) => segment.end_ms = end,
                    None if run >= ONSET_FRAMES => {
                        open = Some(SpeechSegment {
                            start_ms: run_start,
                            end_ms: end,
                        });
                    }
                    None => {}
                }
            } else {
                run = 0;
                if let Some(segment) = open
                    && end - segment.end_ms > HANGOVER_MS
                {
                    push_joined(&mut segments, segment);
                    open = None;
                }
            }
        }
        // A span's end (a pause, the end of the drill) closes what is open; the next span's
        // speech joins it again when it starts within the hangover.
        if let Some(segment) = open {
            push_joined(&mut segments, segment);
        }
    }
    segments.retain(|s| s.length_ms() >= SHORTEST_SEGMENT_MS);
    segments
}

/// Adds a segment, joining it to the one before when the silence between is within the
/// hangover (speech on both sides of a pause is one segment).
fn push_joined(segments: &mut Vec<SpeechSegment>, segment: SpeechSegment) {
    if let Some(last) = segments.last_mut()
        && segment.start_ms.saturating_sub(last.end_ms) <= HANGOVER_MS
    {
        last.end_ms = last.end_ms.max(segment.end_ms);
        return;
    }
    segments.push(segment);
}

/// The stretches of drill time a track recorded, with spans that meet (a pause) joined.
pub fn recorded_intervals(track: &VoiceTrack) -> Vec<(u64, u64)> {
    let mut intervals: Vec<(u64, u64)> = Vec::new();
    for span in &track.spans {
        let (from, to) = (span.start_ms, span.end_ms(track.sample_rate));
        if from >= to {
            continue;
        }
        match intervals.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => intervals.push((from, to)),
        }
    }
    intervals
}

/// Speaking time in one phase, over all its visits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PhaseSpeaking {
    /// The phase's index.
    pub phase: usize,
    /// Drill time in the phase that was recorded.
    pub recorded_ms: u64,
    /// Of that, time spent speaking.
    pub spoken_ms: u64,
    /// The longest recorded stretch in the phase without speech.
    pub longest_silence_ms: u64,
}

impl PhaseSpeaking {
    /// The share of the recorded time spent speaking, in whole percent.
    pub fn percent(&self) -> u64 {
        (self.spoken_ms * 100 + self.recorded_ms / 2)
            .checked_div(self.recorded_ms)
            .unwrap_or(0)
    }
}

/// Speaking time of a whole drill: per phase and overall.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpeakingTime {
    /// One entry per phase with recorded time, in phase order.
    pub phases: Vec<PhaseSpeaking>,
    /// The whole drill: `phase` is unused.
    pub overall: PhaseSpeaking,
}

/// The overlap of two stretches of time.
fn overlap(a: (u64, u64), b: (u64, u64)) -> u64 {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Stretches of `within` that are recorded and have no speech.
fn silences(
    within: (u64, u64),
    recorded: &[(u64, u64)],
    segments: &[SpeechSegment],
) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    for &(from, to) in recorded {
        let (from, to) = (from.max(within.0), to.min(within.1));
        if from >= to {
            continue;
        }
        let mut cursor = from;
        for s in segments {
            if s.end_ms <= cursor || s.start_ms >= to {
                continue;
            }
            if s.start_ms > cursor {
                out.push((cursor, s.start_ms));
            }
            cursor = cursor.max(s.end_ms);
        }
        if cursor < to {
            out.push((cursor, to));
        }
    }
    out
}

/// Speaking time per phase and overall, from the recorded stretches, the speech segments and
/// the drill's phase visits (`phase_count` phases; visits past it are ignored).
pub fn speaking_time(
    recorded: &[(u64, u64)],
    segments: &[SpeechSegment],
    visits: &[PhaseVisit],
    phase_count: usize,
) -> SpeakingTime {
    let spoken_in = |within: (u64, u64)| -> u64 {
        recorded
            .iter()
            .map(|&r| {
                segments
                    .iter()
                    .map(|s| {
                        overlap(
                            (s.start_ms, s.end_ms),
                            (r.0.max(within.0), r.1.min(within.1)),
                        )
                    })
                    .sum::<u64>()
            })
            .sum()
    };
    let recorded_in =
        |within: (u64, u64)| -> u64 { recorded.iter().map(|&r| overlap(r, within)).sum() };
    let longest_in = |within: (u64, u64)| {
        silences(within, recorded, segments)
            .into_iter()
            .map(|(a, b)| b - a)
            .max()
            .unwrap_or(0)
    };
    let mut phases: Vec<PhaseSpeaking> = (0..phase_count)
        .map(|phase| PhaseSpeaking {
            phase,
            ..PhaseSpeaking::default()
        })
        .collect();
    for visit in visits {
        let Some(entry) = phases.get_mut(visit.phase) else {
            continue;
        };
        let within = (visit.from_ms, visit.to_ms);
        entry.recorded_ms += recorded_in(within);
        entry.spoken_ms += spoken_in(within);
        entry.longest_silence_ms = entry.longest_silence_ms.max(longest_in(within));
    }
    phases.retain(|p| p.recorded_ms > 0);
    let everything = (0, u64::MAX);
    let overall = PhaseSpeaking {
        phase: 0,
        recorded_ms: recorded_in(everything),
        spoken_ms: spoken_in(everything),
        longest_silence_ms: longest_in(everything),
    };
    SpeakingTime { phases, overall }
}

/// Measures a track: its speech segments, and the speaking time over the drill's phase visits.
pub fn measure(
    track: &VoiceTrack,
    visits: &[PhaseVisit],
    phase_count: usize,
) -> (Vec<SpeechSegment>, SpeakingTime) {
    let segments = speech_segments(track);
    let speaking = speaking_time(&recorded_intervals(track), &segments, visits, phase_count);
    (segments, speaking)
}

/// The intervals the timeline's speech band draws for a drill of `end_ms` across `width`
/// points: segments closer than one point are drawn as one, so a long drill's band stays a few
/// hundred rectangles at most.
pub fn speech_band(segments: &[SpeechSegment], end_ms: u64, width: f32) -> Vec<(u64, u64)> {
    let per_point = if width > 0.0 {
        (end_ms as f32 / width).ceil() as u64
    } else {
        end_ms
    };
    let mut band: Vec<(u64, u64)> = Vec::new();
    for s in segments {
        let (from, to) = (s.start_ms.min(end_ms), s.end_ms.min(end_ms));
        if from >= to {
            continue;
        }
        match band.last_mut() {
            Some(last) if from.saturating_sub(last.1) < per_point => last.1 = last.1.max(to),
            _ => band.push((from, to)),
        }
    }
    band
}

/// A drill time as `M:SS` (or `H:MM:SS`), as the speaking lines print it.
pub fn minutes_text(ms: u64) -> String {
    let s = ms / 1000;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// One phase's line: "Data pipeline: spoke 38 % of 7:40; longest silence 2:10".
pub fn speaking_line(name: &str, speaking: &PhaseSpeaking) -> String {
    format!(
        "{name}: spoke {} % of {}; longest silence {}",
        speaking.percent(),
        minutes_text(speaking.recorded_ms),
        minutes_text(speaking.longest_silence_ms)
    )
}

/// The lines the Overview and the report print: one per phase with recorded time, in phase
/// order, named by `phase_name`, then the whole drill's.
pub fn speaking_lines(
    speaking: &SpeakingTime,
    phase_name: impl Fn(usize) -> String,
) -> Vec<String> {
    speaking
        .phases
        .iter()
        .map(|p| speaking_line(&phase_name(p.phase), p))
        .chain(
            (speaking.overall.recorded_ms > 0)
                .then(|| speaking_line("Whole drill", &speaking.overall)),
        )
        .collect()
}

/// The segments as `drillboard voice-segments` prints them: one a line, `start_s end_s` in
/// seconds of drill time with two decimals, for scripts (CI lines them up with when speech was
/// played).
pub fn segments_text(segments: &[SpeechSegment]) -> String {
    let mut text = String::new();
    for s in segments {
        let _ = writeln!(
            text,
            "{}.{:02} {}.{:02}",
            s.start_ms / 1000,
            s.start_ms % 1000 / 10,
            s.end_ms / 1000,
            s.end_ms % 1000 / 10
        );
    }
    text
}

/// What the speaking lines are, said where they are shown: evidence, not a score.
pub const SPEAKING_NOTE: &str = "From the recording: evidence for the communication competency, \
     never part of the score. Time paused is neither speech nor silence.";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::voice::{SAMPLE_RATE, VoiceSpan};

    /// A deterministic noise source (xorshift), so tests need no crate and never vary.
    struct Noise(u32);

    impl Noise {
        fn next(&mut self, amplitude: f32) -> i16 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            let unit = (self.0 as f32 / u32::MAX as f32) * 2.0 - 1.0;
            (unit * amplitude) as i16
        }
    }

    /// `ms` milliseconds of samples.
    fn len(ms: u64) -> usize {
        (ms * u64::from(SAMPLE_RATE) / 1000) as usize
    }

    /// A 220 Hz tone at `amplitude` (of 32767) for `ms`, over noise.
    fn tone(out: &mut Vec<i16>, ms: u64, amplitude: f32, noise: &mut Noise, noise_amp: f32) {
        let start = out.len();
        for i in 0..len(ms) {
            let t = (start + i) as f32 / SAMPLE_RATE as f32;
            let v = amplitude * (2.0 * std::f32::consts::PI * 220.0 * t).sin();
            out.push((v + f32::from(noise.next(noise_amp))) as i16);
        }
    }

    /// Speech-like: syllables of ~180 ms with 60 ms dips, for `ms`.
    fn syllables(out: &mut Vec<i16>, ms: u64, noise: &mut Noise, noise_amp: f32) {
        let mut left = ms;
        while left > 0 {
            let on = left.min(180);
            tone(out, on, 6_000.0, noise, noise_amp);
            left -= on;
            let off = left.min(60);
            tone(out, off, 0.0, noise, noise_amp);
            left -= off;
        }
    }

    fn quiet(out: &mut Vec<i16>, ms: u64, noise: &mut Noise, noise_amp: f32) {
        tone(out, ms, 0.0, noise, noise_amp);
    }

    fn track(spans: Vec<(u64, Vec<i16>)>) -> VoiceTrack {
        VoiceTrack {
            sample_rate: SAMPLE_RATE,
            spans: spans
                .into_iter()
                .map(|(start_ms, samples)| VoiceSpan { start_ms, samples })
                .collect(),
        }
    }

    fn assert_near(found: &[SpeechSegment], expected: &[(u64, u64)], tolerance: u64) {
        assert_eq!(
            found.len(),
            expected.len(),
            "segments found: {found:?}, expected {expected:?}"
        );
        for (f, (start, end)) in found.iter().zip(expected) {
            assert!(
                f.start_ms.abs_diff(*start) <= tolerance && f.end_ms.abs_diff(*end) <= tolerance,
                "{f:?} is not within {tolerance} ms of {start}..{end}"
            );
        }
    }

    #[test]
    fn silence_and_an_empty_track_have_no_speech() {
        assert!(speech_segments(&VoiceTrack::default()).is_empty());
        let silent = track(vec![(0, vec![0; len(10_000)])]);
        assert!(speech_segments(&silent).is_empty());
        let mut noise = Noise(7);
        let mut hiss = Vec::new();
        quiet(&mut hiss, 10_000, &mut noise, 300.0);
        assert!(speech_segments(&track(vec![(0, hiss)])).is_empty());
    }

    #[test]
    fn tone_bursts_are_found_within_50_ms_of_when_they_sound() {
        let mut noise = Noise(1);
        let mut s = Vec::new();
        quiet(&mut s, 2_000, &mut noise, 0.0);
        tone(&mut s, 1_500, 8_000.0, &mut noise, 0.0); // 2.0–3.5 s
        quiet(&mut s, 3_000, &mut noise, 0.0);
        tone(&mut s, 500, 8_000.0, &mut noise, 0.0); // 6.5–7.0 s
        quiet(&mut s, 1_000, &mut noise, 0.0);
        let found = speech_segments(&track(vec![(10_000, s)]));
        assert_near(&found, &[(12_000, 13_500), (16_500, 17_000)], 50);
    }

    #[test]
    fn speech_over_a_noise_floor_is_one_segment_per_utterance() {
        let mut noise = Noise(3);
        let amp = 250.0;
        let mut s = Vec::new();
        quiet(&mut s, 3_000, &mut noise, amp);
        syllables(&mut s, 4_000, &mut noise, amp); // 3–7 s, dips of 60 ms inside
        quiet(&mut s, 200, &mut noise, amp); // a breath: not a split
        syllables(&mut s, 1_000, &mut noise, amp); // 7.2–8.2 s
        quiet(&mut s, 5_000, &mut noise, amp);
        syllables(&mut s, 2_000, &mut noise, amp); // 13.2–15.2 s
        quiet(&mut s, 2_000, &mut noise, amp);
        let found = speech_segments(&track(vec![(0, s)]));
        assert_near(&found, &[(3_000, 8_200), (13_200, 15_200)], 50);
    }

    #[test]
    fn a_floor_that_rises_mid_drill_is_absorbed() {
        let mut noise = Noise(5);
        let mut s = Vec::new();
        quiet(&mut s, 5_000, &mut noise, 100.0);
        // A fan comes on, 20 dB louder, and stays.
        quiet(&mut s, 60_000, &mut noise, 1_000.0);
        syllables(&mut s, 2_000, &mut noise, 1_000.0); // 65–67 s
        quiet(&mut s, 5_000, &mut noise, 1_000.0);
        let found = speech_segments(&track(vec![(0, s)]));
        let last = found.last().expect("the speech is found");
        assert!(last.start_ms.abs_diff(65_000) <= 80, "{found:?}");
        let fan: u64 = found
            .iter()
            .filter(|f| f.end_ms < 64_000)
            .map(SpeechSegment::length_ms)
            .sum();
        assert!(fan < 20_000, "the fan is taken for speech for {fan} ms");
    }

    #[test]
    fn a_pause_is_neither_speech_nor_silence() {
        let mut noise = Noise(9);
        // Speaking up to the pause at 4 s of drill time, and on after it (the clock resumed
        // at 4 s, so the second span starts at 4 s too).
        let mut before = Vec::new();
        quiet(&mut before, 2_000, &mut noise, 0.0);
        tone(&mut before, 2_000, 8_000.0, &mut noise, 0.0);
        let mut after = Vec::new();
        tone(&mut after, 1_000, 8_000.0, &mut noise, 0.0);
        quiet(&mut after, 3_000, &mut noise, 0.0);
        // Then recording broke off from 8 s to 20 s (no span).
        let mut late = Vec::new();
        quiet(&mut late, 2_000, &mut noise, 0.0);
        let t = track(vec![(0, before), (4_000, after), (20_000, late)]);
        let found = speech_segments(&t);
        assert_near(&found, &[(2_000, 5_000)], 50);
        let recorded = recorded_intervals(&t);
        assert_eq!(recorded, [(0, 8_000), (20_000, 22_000)]);
        let visits = [
            PhaseVisit {
                phase: 0,
                from_ms: 0,
                to_ms: 6_000,
            },
            PhaseVisit {
                phase: 1,
                from_ms: 6_000,
                to_ms: 22_000,
            },
        ];
        let time = speaking_time(&recorded, &found, &visits, 2);
        assert_eq!(time.phases.len(), 2);
        let (clarify, design) = (time.phases[0], time.phases[1]);
        assert_eq!(clarify.recorded_ms, 6_000);
        assert!(clarify.spoken_ms.abs_diff(3_000) <= 50);
        assert!(clarify.longest_silence_ms.abs_diff(2_000) <= 50);
        // Phase 2 recorded 6–8 s and 20–22 s: the gap is not silence, so its longest silence
        // is 2 s, not 16 s.
        assert_eq!(design.recorded_ms, 4_000);
        assert_eq!(design.spoken_ms, 0);
        assert_eq!(design.longest_silence_ms, 2_000);
        assert_eq!(time.overall.recorded_ms, 10_000);
        assert!(time.overall.longest_silence_ms.abs_diff(3_000) <= 50);
        assert_eq!(clarify.percent(), (clarify.spoken_ms * 100 + 3_000) / 6_000);
    }

    #[test]
    fn phases_add_up_over_their_visits_and_unrecorded_phases_are_left_out() {
        let recorded = [(0, 100_000)];
        let segments = [
            SpeechSegment {
                start_ms: 10_000,
                end_ms: 20_000,
            },
            SpeechSegment {
                start_ms: 50_000,
                end_ms: 70_000,
            },
        ];
        let visits = [
            PhaseVisit {
                phase: 0,
                from_ms: 0,
                to_ms: 30_000,
            },
            PhaseVisit {
                phase: 2,
                from_ms: 30_000,
                to_ms: 60_000,
            },
            PhaseVisit {
                phase: 0,
                from_ms: 60_000,
                to_ms: 100_000,
            },
        ];
        let time = speaking_time(&recorded, &segments, &visits, 3);
        let phases: Vec<(usize, u64, u64, u64)> = time
            .phases
            .iter()
            .map(|p| (p.phase, p.recorded_ms, p.spoken_ms, p.longest_silence_ms))
            .collect();
        assert_eq!(
            phases,
            [(0, 70_000, 20_000, 30_000), (2, 30_000, 10_000, 20_000)]
        );
        assert_eq!(time.overall.spoken_ms, 30_000);
        assert_eq!(time.overall.longest_silence_ms, 30_000);
        let names = ["Clarify", "High-level", "Data pipeline"];
        assert_eq!(
            speaking_lines(&time, |i| names[i].to_owned()),
            [
                "Clarify: spoke 29 % of 1:10; longest silence 0:30",
                "Data pipeline: spoke 33 % of 0:30; longest silence 0:20",
                "Whole drill: spoke 30 % of 1:40; longest silence 0:30",
            ]
        );
    }

    #[test]
    fn the_band_joins_segments_closer_than_a_point() {
        let segments = [
            SpeechSegment {
                start_ms: 0,
                end_ms: 1_000,
            },
            SpeechSegment {
                start_ms: 1_500,
                end_ms: 3_000,
            },
            SpeechSegment {
                start_ms: 10_000,
                end_ms: 12_000,
            },
            SpeechSegment {
                start_ms: 99_000,
                end_ms: 120_000,
            },
        ];
        // 100 s over 100 points: a point is a second.
        assert_eq!(
            speech_band(&segments, 100_000, 100.0),
            [(0, 3_000), (10_000, 12_000), (99_000, 100_000)]
        );
        // Wide enough, every segment is its own.
        assert_eq!(speech_band(&segments, 100_000, 1_000.0).len(), 4);
        assert_eq!(minutes_text(460_000), "7:40");
        assert_eq!(
            segments_text(&segments[..2]),
            "0.00 1.00\n1.50 3.00\n",
            "one segment a line, in seconds"
        );
        assert_eq!(minutes_text(3_725_000), "1:02:05");
    }
}
