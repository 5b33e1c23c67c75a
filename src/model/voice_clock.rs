//! Keeps a recording on the drill clock: samples are placed by counting them from the drill
//! time their span started, and a microphone whose clock runs slightly fast or slow is
//! corrected against the drill clock, so that drill time and audio stay within
//! `DRIFT_TOLERANCE_MS` of each other however long the drill runs.
//!
//! A capture device hands samples over in batches, each arriving a little after it was
//! heard (the server's buffering). The lag between "samples the drill clock says have passed"
//! and "samples placed" is therefore never zero: it moves between the least and the most
//! buffering. What a drifting device changes is the *floor* of that lag. So the clock watches
//! the smallest lag in each window of `WINDOW`, takes the first window's as the device's own
//! buffering, and whenever a later window's floor has moved more than the tolerance, it
//! inserts silence (the device is slow) or drops samples (it is fast) to put the floor back.

use std::time::Duration;

/// How far a recording may drift from the drill clock before it is corrected.
pub const DRIFT_TOLERANCE_MS: u64 = 30;

/// How long the smallest lag is watched before it is compared.
pub const WINDOW: Duration = Duration::from_secs(2);

/// What to do with a batch of captured samples so that it lands at the right drill time.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Placement {
    /// Samples of silence to write before the batch (the device has fallen behind).
    pub silence_before: usize,
    /// Samples to drop from the front of the batch (the device ran ahead, or the samples were
    /// heard before the span started).
    pub skip: usize,
}

/// The time base of one span of recording.
#[derive(Clone, Debug)]
pub struct VoiceClock {
    sample_rate: u32,
    /// Drill time the span started, in milliseconds.
    start_ms: u64,
    /// The monotonic instant the span started.
    start_mono: Duration,
    /// Samples placed in the span so far, silence included.
    placed: u64,
    /// Samples still to drop from coming batches.
    owed_skip: u64,
    /// The device's own buffering: the first window's smallest lag, in samples.
    baseline: Option<i64>,
    /// The smallest lag seen in the current window.
    window_min: i64,
    /// When the current window started.
    window_start: Duration,
}

impl VoiceClock {
    /// A span starting at drill time `start_ms`, which the monotonic clock reads as `now`.
    pub fn start(start_ms: u64, now: Duration, sample_rate: u32) -> Self {
        Self {
            sample_rate,
            start_ms,
            start_mono: now,
            placed: 0,
            owed_skip: 0,
            baseline: None,
            window_min: i64::MAX,
            window_start: now,
        }
    }

    /// Drill time the span started, in milliseconds.
    pub fn start_ms(&self) -> u64 {
        self.start_ms
    }

    /// The drill time at monotonic `now`, while the span runs.
    pub fn drill_ms(&self, now: Duration) -> u64 {
        self.start_ms + u64::try_from(now.saturating_sub(self.start_mono).as_millis()).unwrap_or(0)
    }

    /// Samples placed in the span so far (silence included, skipped samples not).
    pub fn placed(&self) -> u64 {
        self.placed
    }

    /// Samples the drill clock says have passed since the span started.
    fn expected(&self, now: Duration) -> u64 {
        let nanos = now.saturating_sub(self.start_mono).as_nanos();
        u64::try_from(nanos * u128::from(self.sample_rate) / 1_000_000_000).unwrap_or(u64::MAX)
    }

    /// Places a batch of `len` samples that arrived at monotonic `now`: says how much silence
    /// goes before it and how much of its front to drop, and counts what was placed.
    pub fn place(&mut self, len: usize, now: Duration) -> Placement {
        let mut placement = Placement::default();
        let expected = i64::try_from(self.expected(now)).unwrap_or(i64::MAX);
        let lag =
            expected.saturating_sub(i64::try_from(self.placed + len as u64).unwrap_or(i64::MAX));
        if self.placed == 0 && self.owed_skip == 0 && lag < 0 {
            // The first batch holds sound heard before the span started (the device kept
            // capturing while paused): it belongs to no drill time here.
            self.owed_skip = lag.unsigned_abs();
        } else if self.placed == 0 && lag > 0 {
            // The device started late (a server waking a suspended source): the first batch
            // was heard just before it arrived, so the time before it is silence, not a
            // buffering the device keeps.
            placement.silence_before = usize::try_from(lag).unwrap_or(0);
            self.window_min = 0;
        } else {
            self.window_min = self.window_min.min(lag);
        }
        if now.saturating_sub(self.window_start) >= WINDOW && self.window_min != i64::MAX {
            let tolerance = i64::from(self.sample_rate) * DRIFT_TOLERANCE_MS.cast_signed() / 1000;
            match self.baseline {
                None => self.baseline = Some(self.window_min.max(0)),
                Some(baseline) => {
                    let drift = self.window_min - baseline;
                    if drift > tolerance {
                        placement.silence_before = drift as usize;
                    } else if drift < -tolerance {
                        self.owed_skip += drift.unsigned_abs();
                    }
                }
            }
            self.window_min = i64::MAX;
            self.window_start = now;
        }
        let skip = self.owed_skip.min(len as u64);
        self.owed_skip -= skip;
        placement.skip = skip as usize;
        self.placed += (placement.silence_before + len - placement.skip) as u64;
        placement
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::clock::{Clock, FakeClock, Timestamp};
    use crate::model::voice::SAMPLE_RATE;

    /// A microphone whose clock runs `ppm` parts per million fast (negative: slow), handing
    /// over what it heard every `period` give or take a deterministic jitter, `latency` late.
    struct SyntheticSource {
        ppm: i64,
        /// Samples produced so far (they sound at `k / (rate * (1 + ppm))` seconds).
        produced: u64,
        seed: u32,
    }

    impl SyntheticSource {
        /// Samples the device has heard by real time `t` (since the span started).
        fn heard_by(&self, t: Duration) -> u64 {
            let rate = f64::from(SAMPLE_RATE) * (1.0 + self.ppm as f64 / 1e6);
            (t.as_secs_f64() * rate) as u64
        }

        /// When (real seconds since the span started) sample `k` was heard.
        fn heard_at(&self, k: u64) -> f64 {
            let rate = f64::from(SAMPLE_RATE) * (1.0 + self.ppm as f64 / 1e6);
            k as f64 / rate
        }

        fn jitter_ms(&mut self) -> u64 {
            self.seed = self.seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            u64::from((self.seed >> 16) % 30)
        }
    }

    /// Runs a span for `minutes` with a device `ppm` off and returns the worst distance, in
    /// milliseconds, between when a placed sample was heard and the drill time it sits at.
    fn worst_drift_ms(ppm: i64, minutes: u64, pre_roll: u64) -> f64 {
        let clock = FakeClock::new(Timestamp(0));
        let start = clock.monotonic();
        let mut voice = VoiceClock::start(0, start, SAMPLE_RATE);
        let mut source = SyntheticSource {
            ppm,
            produced: 0,
            seed: 7,
        };
        let latency = Duration::from_millis(10);
        let mut worst = 0.0f64;
        let end = Duration::from_secs(minutes * 60);
        while clock.monotonic().saturating_sub(start) < end {
            let step = 20 + source.jitter_ms();
            clock.advance(Duration::from_millis(step));
            let now = clock.monotonic().saturating_sub(start);
            // The device hands over what it heard up to `latency` ago, plus `pre_roll` samples
            // it held from before the span on the first batch.
            let heard = source.heard_by(now.saturating_sub(latency)) + pre_roll;
            let len = heard.saturating_sub(source.produced);
            if len == 0 {
                continue;
            }
            let first = source.produced;
            source.produced = heard;
            let placed_before = voice.placed();
            let placement = voice.place(len as usize, clock.monotonic());
            // The last sample of the batch sits at this drill time…
            let placed_last =
                placed_before + placement.silence_before as u64 + len - placement.skip as u64 - 1;
            let at_ms = placed_last as f64 * 1000.0 / f64::from(SAMPLE_RATE);
            // …and was heard at this one (pre-roll samples were heard before the span).
            let last = first + len - 1;
            if last < pre_roll || placement.skip as u64 == len {
                continue;
            }
            let heard_ms = source.heard_at(last - pre_roll) * 1000.0;
            worst = worst.max((at_ms - heard_ms).abs());
        }
        worst
    }

    #[test]
    fn a_device_in_step_with_the_drill_clock_is_never_corrected() {
        let clock = FakeClock::new(Timestamp(0));
        let mut voice = VoiceClock::start(5_000, clock.monotonic(), SAMPLE_RATE);
        for _ in 0..(10 * 60 * 50) {
            clock.advance(Duration::from_millis(20));
            let p = voice.place(320, clock.monotonic());
            assert_eq!(p, Placement::default());
        }
        assert_eq!(voice.placed(), 10 * 60 * u64::from(SAMPLE_RATE));
        assert_eq!(voice.drill_ms(clock.monotonic()), 5_000 + 10 * 60 * 1000);
    }

    #[test]
    fn over_45_minutes_a_fast_or_slow_device_stays_within_100_ms_of_the_drill_clock() {
        for ppm in [-2_000, -300, 0, 300, 2_000] {
            let worst = worst_drift_ms(ppm, 45, 0);
            assert!(worst <= 100.0, "{ppm} ppm: {worst:.1} ms");
            // Uncorrected, 300 ppm would be 810 ms after 45 minutes.
        }
    }

    #[test]
    fn sound_from_before_the_span_is_dropped_not_placed() {
        let worst = worst_drift_ms(500, 5, 1_600);
        assert!(worst <= 100.0, "{worst:.1} ms");
        let clock = FakeClock::new(Timestamp(0));
        let mut voice = VoiceClock::start(0, clock.monotonic(), SAMPLE_RATE);
        clock.advance(Duration::from_millis(20));
        // 100 ms of samples after 20 ms of drill time: 80 ms were heard before the span.
        let p = voice.place(1_600, clock.monotonic());
        assert_eq!(p.skip, 1_280);
        assert_eq!(voice.placed(), 320);
    }

    #[test]
    fn a_device_that_starts_late_is_placed_where_it_was_heard() {
        let clock = FakeClock::new(Timestamp(0));
        let mut voice = VoiceClock::start(0, clock.monotonic(), SAMPLE_RATE);
        // The first 40 ms arrive 2 s after the span started: they were heard at 1.96 s.
        clock.advance(Duration::from_secs(2));
        let p = voice.place(640, clock.monotonic());
        assert_eq!(p.silence_before, 2 * 16_000 - 640);
        assert_eq!(voice.placed(), 32_000);
        // From then on a device in step is left alone.
        for _ in 0..500 {
            clock.advance(Duration::from_millis(40));
            assert_eq!(voice.place(640, clock.monotonic()), Placement::default());
        }
    }

    #[test]
    fn uncorrected_drift_would_break_the_budget() {
        // The test's source really drifts: without correction, 300 ppm over 45 minutes is far
        // past 100 ms (so the corrected figure above is the clock's doing).
        let source = SyntheticSource {
            ppm: 300,
            produced: 0,
            seed: 1,
        };
        let minutes_45 = Duration::from_secs(45 * 60);
        let extra = source.heard_by(minutes_45) - 45 * 60 * u64::from(SAMPLE_RATE);
        assert!(extra * 1000 / u64::from(SAMPLE_RATE) > 500);
    }
}
