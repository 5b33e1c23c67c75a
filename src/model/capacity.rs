//! Back-of-envelope capacity maths for the scratchpad: QPS and storage, with readable units.

use serde::{Deserialize, Serialize};

/// Seconds in a day.
const DAY_SECS: f64 = 86_400.0;

/// The scratchpad's inputs, saved with the session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scratchpad {
    /// Daily active users.
    pub daily_active_users: f64,
    /// Requests (or events) per user per day.
    pub actions_per_user: f64,
    /// Peak traffic as a multiple of the average.
    pub peak_factor: f64,
    /// Size of one stored record, in bytes.
    pub record_bytes: f64,
    /// Records stored per day.
    pub records_per_day: f64,
    /// How many days records are kept.
    pub retention_days: f64,
}

impl Default for Scratchpad {
    fn default() -> Self {
        Self {
            daily_active_users: 10_000_000.0,
            actions_per_user: 20.0,
            peak_factor: 3.0,
            record_bytes: 1_000.0,
            records_per_day: 200_000_000.0,
            retention_days: 90.0,
        }
    }
}

impl Scratchpad {
    /// Average requests per second.
    pub fn average_qps(&self) -> f64 {
        finite(self.daily_active_users * self.actions_per_user / DAY_SECS)
    }

    /// Peak requests per second.
    pub fn peak_qps(&self) -> f64 {
        finite(self.average_qps() * self.peak_factor)
    }

    /// Bytes stored per day.
    pub fn bytes_per_day(&self) -> f64 {
        finite(self.record_bytes * self.records_per_day)
    }

    /// Bytes stored over the retention period.
    pub fn total_bytes(&self) -> f64 {
        finite(self.bytes_per_day() * self.retention_days)
    }
}

/// Non-finite results (from absurd inputs) read as 0 rather than "NaN".
fn finite(value: f64) -> f64 {
    if value.is_finite() { value } else { 0.0 }
}

/// A count with K/M/B/T suffixes: 1234 → "1.2K", 12 → "12".
pub fn count_text(value: f64) -> String {
    scaled(value, 1000.0, &["", "K", "M", "B", "T"])
}

/// Bytes with binary-ish decimal units: 1.5e12 → "1.5 TB".
pub fn bytes_text(value: f64) -> String {
    scaled(
        value,
        1000.0,
        &[" B", " KB", " MB", " GB", " TB", " PB", " EB"],
    )
}

fn scaled(value: f64, step: f64, units: &[&str]) -> String {
    if !value.is_finite() || value <= 0.0 {
        return format!("0{}", units[0]);
    }
    let mut v = value;
    let mut unit = 0;
    while v >= step && unit + 1 < units.len() {
        v /= step;
        unit += 1;
    }
    let digits = usize::from(!(v >= 100.0 || (unit == 0 && v.fract() == 0.0)));
    format!("{v:.digits$}{}", units[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qps_and_storage_follow_the_inputs() {
        let pad = Scratchpad {
            daily_active_users: 100_000_000.0,
            actions_per_user: 8.64,
            peak_factor: 3.0,
            record_bytes: 500.0,
            records_per_day: 1_000_000_000.0,
            retention_days: 30.0,
        };
        assert!((pad.average_qps() - 10_000.0).abs() < 1e-6);
        assert!((pad.peak_qps() - 30_000.0).abs() < 1e-6);
        assert!((pad.total_bytes() - 1.5e13).abs() < 1.0);
        assert_eq!(count_text(pad.peak_qps()), "30.0K");
        assert_eq!(bytes_text(pad.total_bytes()), "15.0 TB");
    }

    #[test]
    fn units_read_naturally() {
        assert_eq!(count_text(12.0), "12");
        assert_eq!(count_text(1_234.0), "1.2K");
        assert_eq!(count_text(2_500_000.0), "2.5M");
        assert_eq!(count_text(340_000_000_000.0), "340B");
        assert_eq!(bytes_text(999.0), "999 B");
        assert_eq!(bytes_text(1_500.0), "1.5 KB");
        assert_eq!(bytes_text(f64::NAN), "0 B");
        assert_eq!(count_text(-5.0), "0");
    }

    #[test]
    fn absurd_inputs_never_print_nan_or_inf() {
        let pad = Scratchpad {
            daily_active_users: f64::MAX,
            actions_per_user: f64::MAX,
            ..Scratchpad::default()
        };
        assert!(pad.average_qps().abs() < f64::EPSILON);
        assert_eq!(count_text(pad.peak_qps()), "0");
    }
}
