//! The candidate's voice during a drill, decoded: mono 16-bit PCM laid on the drill clock.
//!
//! Recording runs only while the drill clock runs, so a pause ends a [`VoiceSpan`] and resuming
//! starts the next one at the drill time the clock resumed from. Drill time and audio therefore
//! share one time base: the sample `i` of a span sounds at drill time
//! `start_ms + i * 1000 / sample_rate`. How the track is stored (compressed, in chunks) is the
//! store's business; this is what the review, the speaking-time measure and the exports read.

/// The sample rate every recording is stored and decoded at: wideband speech.
pub const SAMPLE_RATE: u32 = 16_000;

/// One continuous stretch of recording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoiceSpan {
    /// Drill time of the first sample, in milliseconds.
    pub start_ms: u64,
    /// Mono samples at [`VoiceTrack::sample_rate`].
    pub samples: Vec<i16>,
}

impl VoiceSpan {
    /// Drill time just after the last sample, in milliseconds.
    pub fn end_ms(&self, sample_rate: u32) -> u64 {
        self.start_ms + samples_to_ms(self.samples.len() as u64, sample_rate)
    }
}

/// A drill's recording: its spans in drill-time order, not overlapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceTrack {
    /// Samples per second.
    pub sample_rate: u32,
    /// The spans, sorted by `start_ms`.
    pub spans: Vec<VoiceSpan>,
}

impl Default for VoiceTrack {
    fn default() -> Self {
        Self {
            sample_rate: SAMPLE_RATE,
            spans: Vec::new(),
        }
    }
}

impl VoiceTrack {
    /// Drill time just after the last recorded sample (0 for an empty track).
    pub fn end_ms(&self) -> u64 {
        self.spans
            .iter()
            .map(|s| s.end_ms(self.sample_rate))
            .max()
            .unwrap_or(0)
    }

    /// Milliseconds of audio recorded, gaps left out.
    pub fn recorded_ms(&self) -> u64 {
        let samples: u64 = self.spans.iter().map(|s| s.samples.len() as u64).sum();
        samples_to_ms(samples, self.sample_rate)
    }

    /// Where drill time `at_ms` falls in the track: the span's index and the sample offset in
    /// it. `None` when nothing was recorded at that moment (a pause, before the first span,
    /// after the last).
    pub fn locate(&self, at_ms: u64) -> Option<(usize, usize)> {
        let index = self
            .spans
            .partition_point(|s| s.start_ms <= at_ms)
            .checked_sub(1)?;
        let span = &self.spans[index];
        let offset = ms_to_samples(at_ms - span.start_ms, self.sample_rate);
        (offset < span.samples.len()).then_some((index, offset))
    }
}

/// How long `samples` samples last at `sample_rate`, in whole milliseconds (rounded down).
pub fn samples_to_ms(samples: u64, sample_rate: u32) -> u64 {
    if sample_rate == 0 {
        return 0;
    }
    samples * 1000 / u64::from(sample_rate)
}

/// How many samples `ms` milliseconds hold at `sample_rate` (rounded down).
pub fn ms_to_samples(ms: u64, sample_rate: u32) -> usize {
    usize::try_from(ms * u64::from(sample_rate) / 1000).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track() -> VoiceTrack {
        VoiceTrack {
            sample_rate: SAMPLE_RATE,
            spans: vec![
                VoiceSpan {
                    start_ms: 1_000,
                    samples: vec![0; 16_000],
                },
                VoiceSpan {
                    start_ms: 5_000,
                    samples: vec![0; 8_000],
                },
            ],
        }
    }

    #[test]
    fn a_track_ends_after_its_last_sample_and_counts_only_recorded_time() {
        let t = track();
        assert_eq!(t.end_ms(), 5_500);
        assert_eq!(t.recorded_ms(), 1_500);
        assert_eq!(VoiceTrack::default().end_ms(), 0);
    }

    #[test]
    fn drill_time_maps_to_a_sample_inside_a_span_and_to_nothing_in_a_gap() {
        let t = track();
        assert_eq!(t.locate(999), None);
        assert_eq!(t.locate(1_000), Some((0, 0)));
        assert_eq!(t.locate(1_500), Some((0, 8_000)));
        assert_eq!(t.locate(2_000), None, "the first span ends at 2 s");
        assert_eq!(t.locate(3_000), None, "paused between 2 s and 5 s");
        assert_eq!(t.locate(5_250), Some((1, 4_000)));
        assert_eq!(t.locate(5_500), None);
    }

    #[test]
    fn conversions_round_down_and_survive_a_zero_rate() {
        assert_eq!(samples_to_ms(15_999, SAMPLE_RATE), 999);
        assert_eq!(ms_to_samples(45 * 60 * 1000, SAMPLE_RATE), 43_200_000);
        assert_eq!(samples_to_ms(10, 0), 0);
    }
}
