//! Time, injected: the app reads a `Clock`, tests drive a `FakeClock`.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A source of the current time. Shared with threads that need the same time base (the voice
/// recorder), so it is `Send + Sync`.
pub trait Clock: Send + Sync {
    /// Monotonic time, for measuring durations.
    fn monotonic(&self) -> Duration;
    /// Wall-clock time, for timestamps.
    fn now(&self) -> Timestamp;
    /// Another handle on the same time, for a thread.
    fn shared(&self) -> Arc<dyn Clock>;
}

/// The real clock.
#[derive(Clone, Copy, Debug)]
pub struct SystemClock {
    start: Instant,
}

impl Default for SystemClock {
    fn default() -> Self {
        Self {
            start: Instant::now(),
        }
    }
}

impl Clock for SystemClock {
    fn monotonic(&self) -> Duration {
        self.start.elapsed()
    }

    fn now(&self) -> Timestamp {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        Timestamp(secs)
    }

    fn shared(&self) -> Arc<dyn Clock> {
        Arc::new(*self)
    }
}

/// A clock that only moves when told to. Clones share one time, so a test keeps a handle
/// while the app owns another.
#[derive(Clone, Debug)]
pub struct FakeClock {
    elapsed_nanos: Arc<AtomicU64>,
    epoch: Timestamp,
}

impl FakeClock {
    /// A fake clock whose wall time starts at `epoch`.
    pub fn new(epoch: Timestamp) -> Self {
        Self {
            elapsed_nanos: Arc::new(AtomicU64::new(0)),
            epoch,
        }
    }

    /// Moves time forward.
    pub fn advance(&self, by: Duration) {
        let nanos = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.elapsed_nanos.fetch_add(nanos, Ordering::SeqCst);
    }
}

impl Clock for FakeClock {
    fn monotonic(&self) -> Duration {
        Duration::from_nanos(self.elapsed_nanos.load(Ordering::SeqCst))
    }

    fn now(&self) -> Timestamp {
        let secs = i64::try_from(self.monotonic().as_secs()).unwrap_or(i64::MAX);
        Timestamp(self.epoch.0.saturating_add(secs))
    }

    fn shared(&self) -> Arc<dyn Clock> {
        Arc::new(self.clone())
    }
}

/// Seconds since 1970-01-01 UTC, saved as an RFC 3339 string ("2026-11-23T08:39:45Z").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The instant as jiff's timestamp, clamped to the years jiff can hold (-9999 to 9999), so
    /// that no saved number can make formatting fail.
    pub fn to_jiff(self) -> jiff::Timestamp {
        let secs = self.0.clamp(
            jiff::Timestamp::MIN.as_second(),
            jiff::Timestamp::MAX.as_second(),
        );
        jiff::Timestamp::from_second(secs).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
    }

    /// Year, month, day, hour, minute, second in UTC, for file names.
    pub fn parts(self) -> (i64, u32, u32, u32, u32, u32) {
        let t = self.to_jiff().to_zoned_datetime(jiff::tz::TimeZone::UTC);
        (
            i64::from(t.year()),
            t.month() as u32,
            t.day() as u32,
            t.hour() as u32,
            t.minute() as u32,
            t.second() as u32,
        )
    }

    /// "2026-11-23 00:39" in `zone`, for tables and headings: what the user's own clock said.
    pub fn local_short(self, zone: &jiff::tz::TimeZone) -> String {
        self.to_jiff()
            .to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// "2026-11-23" in `zone`.
    pub fn local_date(self, zone: &jiff::tz::TimeZone) -> String {
        self.to_jiff()
            .to_zoned_datetime(zone.clone())
            .strftime("%Y-%m-%d")
            .to_string()
    }

    /// Parses "YYYY-MM-DDTHH:MM:SSZ", the one form session files use.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[19] != b'Z' {
            return None;
        }
        if !text[..19]
            .bytes()
            .enumerate()
            .all(|(i, c)| matches!(i, 4 | 7 | 10 | 13 | 16) || c.is_ascii_digit())
        {
            return None;
        }
        let t: jiff::Timestamp = text.parse().ok()?;
        Some(Timestamp(t.as_second()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // jiff prints whole seconds in RFC 3339 with a Z: "2026-11-23T08:39:45Z".
        write!(f, "{}", self.to_jiff())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Timestamp::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not a UTC timestamp like 2026-11-23T08:39:45Z"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_and_parse_back() {
        for secs in [0, 1_795_423_185, 951_782_400, 4_102_444_799] {
            let ts = Timestamp(secs);
            assert_eq!(Timestamp::parse(&ts.to_string()), Some(ts), "{ts}");
        }
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp(951_782_400).to_string(), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn bad_timestamps_are_rejected() {
        for text in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-11-23 08:39:45",
            "20261123T083945Z",
            "2026-11-23T08:39:45+01:00",
            "+026-11-23T08:39:45Z",
            "2026-02-30T08:39:45Z",
        ] {
            assert_eq!(Timestamp::parse(text), None, "{text}");
        }
    }

    /// Los Angeles given explicitly as its POSIX rule, so the test needs no time zone
    /// database and never reads the machine's zone.
    fn los_angeles() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::posix("PST8PDT,M3.2.0,M11.1.0").expect("a valid rule")
    }

    #[test]
    fn local_times_are_shown_in_the_given_zone() {
        // 2026-11-24T04:30:00Z is the evening of the 23rd in California (UTC-8 in November).
        let evening = Timestamp::parse("2026-11-24T04:30:00Z").expect("parses");
        assert_eq!(evening.local_short(&los_angeles()), "2026-11-23 20:30");
        assert_eq!(evening.local_date(&los_angeles()), "2026-11-23");
        assert_eq!(
            evening.local_short(&jiff::tz::TimeZone::UTC),
            "2026-11-24 04:30"
        );
        // Summer time: UTC-7.
        let july = Timestamp::parse("2026-07-01T03:00:00Z").expect("parses");
        assert_eq!(july.local_short(&los_angeles()), "2026-06-30 20:00");
        // The file name and the file keep UTC.
        assert_eq!(evening.parts(), (2026, 11, 24, 4, 30, 0));
        assert_eq!(evening.to_string(), "2026-11-24T04:30:00Z");
    }

    #[test]
    fn out_of_range_timestamps_format_without_panicking() {
        assert!(Timestamp(i64::MAX).to_string().starts_with("9999-12"));
        assert!(
            Timestamp(i64::MIN)
                .local_short(&los_angeles())
                .contains('-')
        );
    }

    #[test]
    fn fake_clock_moves_only_when_told() {
        let clock = FakeClock::new(Timestamp(100));
        assert_eq!(clock.monotonic(), Duration::ZERO);
        clock.advance(Duration::from_secs(61));
        assert_eq!(clock.monotonic(), Duration::from_secs(61));
        assert_eq!(clock.now(), Timestamp(161));
    }
}
