//! Back-of-envelope capacity maths for the scratchpad: QPS and storage, with readable units.

use serde::{Deserialize, Serialize};

use super::limits::MAX_SCRATCHPAD_VALUE;

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

/// One input of the scratchpad.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScratchpadField {
    /// Daily active users.
    DailyActiveUsers,
    /// Requests per user per day.
    ActionsPerUser,
    /// Peak over average traffic.
    PeakFactor,
    /// Bytes per record.
    RecordBytes,
    /// Records stored per day.
    RecordsPerDay,
    /// Days records are kept.
    RetentionDays,
}

impl ScratchpadField {
    /// Every input, in the scratchpad's order.
    pub const ALL: [ScratchpadField; 6] = [
        ScratchpadField::DailyActiveUsers,
        ScratchpadField::ActionsPerUser,
        ScratchpadField::PeakFactor,
        ScratchpadField::RecordBytes,
        ScratchpadField::RecordsPerDay,
        ScratchpadField::RetentionDays,
    ];

    /// The input's name in the user's words.
    pub fn label(self) -> &'static str {
        match self {
            ScratchpadField::DailyActiveUsers => "daily active users",
            ScratchpadField::ActionsPerUser => "actions per user",
            ScratchpadField::PeakFactor => "peak factor",
            ScratchpadField::RecordBytes => "record bytes",
            ScratchpadField::RecordsPerDay => "records per day",
            ScratchpadField::RetentionDays => "retention days",
        }
    }
}

/// Checks a scratchpad input: a finite number from 0 to `MAX_SCRATCHPAD_VALUE`, so every
/// product the scratchpad shows stays finite. The message says what is allowed.
pub fn check_input(value: f64) -> Result<f64, String> {
    if !value.is_finite() {
        return Err(format!("{value} is not a number the scratchpad can use"));
    }
    if !(0.0..=MAX_SCRATCHPAD_VALUE).contains(&value) {
        return Err(format!(
            "{value} is out of range: enter 0 to {}",
            count_text(MAX_SCRATCHPAD_VALUE)
        ));
    }
    Ok(value)
}

/// Reads a typed scratchpad input ("12", "1.5M", "2e9"; K, M, B and T suffixes count
/// thousands), refusing what `check_input` refuses.
pub fn parse_input(text: &str) -> Result<f64, String> {
    let trimmed = text.trim().replace([',', '_'], "");
    let (number, scale) = match trimmed.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&trimmed[..trimmed.len() - 1], 1e3),
        Some('M') => (&trimmed[..trimmed.len() - 1], 1e6),
        Some('B') => (&trimmed[..trimmed.len() - 1], 1e9),
        Some('T') => (&trimmed[..trimmed.len() - 1], 1e12),
        _ => (trimmed.as_str(), 1.0),
    };
    let value: f64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{}` is not a number", text.trim()))?;
    check_input(value * scale)
}

impl Scratchpad {
    /// An input's value.
    pub fn get(&self, field: ScratchpadField) -> f64 {
        match field {
            ScratchpadField::DailyActiveUsers => self.daily_active_users,
            ScratchpadField::ActionsPerUser => self.actions_per_user,
            ScratchpadField::PeakFactor => self.peak_factor,
            ScratchpadField::RecordBytes => self.record_bytes,
            ScratchpadField::RecordsPerDay => self.records_per_day,
            ScratchpadField::RetentionDays => self.retention_days,
        }
    }

    fn get_mut(&mut self, field: ScratchpadField) -> &mut f64 {
        match field {
            ScratchpadField::DailyActiveUsers => &mut self.daily_active_users,
            ScratchpadField::ActionsPerUser => &mut self.actions_per_user,
            ScratchpadField::PeakFactor => &mut self.peak_factor,
            ScratchpadField::RecordBytes => &mut self.record_bytes,
            ScratchpadField::RecordsPerDay => &mut self.records_per_day,
            ScratchpadField::RetentionDays => &mut self.retention_days,
        }
    }

    /// Sets an input, refusing values `check_input` refuses (the old value stays).
    pub fn set(&mut self, field: ScratchpadField, value: f64) -> Result<(), String> {
        let value = check_input(value).map_err(|why| format!("{}: {why}", field.label()))?;
        *self.get_mut(field) = value;
        Ok(())
    }

    /// Each input `check_input` refuses, with why.
    pub fn problems(&self) -> Vec<(ScratchpadField, String)> {
        ScratchpadField::ALL
            .iter()
            .filter_map(|&field| check_input(self.get(field)).err().map(|why| (field, why)))
            .collect()
    }

    /// Resets every input `check_input` refuses to its default; returns what was reset, with
    /// the old value.
    pub fn reset_invalid(&mut self) -> Vec<(ScratchpadField, f64)> {
        let defaults = Self::default();
        let mut reset = Vec::new();
        for field in ScratchpadField::ALL {
            if check_input(self.get(field)).is_err() {
                reset.push((field, self.get(field)));
                *self.get_mut(field) = defaults.get(field);
            }
        }
        reset
    }
}

/// One line of the scratchpad as review and the report show it: a name and its value with
/// units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// The input's or result's name ("Peak QPS").
    pub name: String,
    /// The value as people read it ("6.9K", "1.5 TB").
    pub value: String,
}

impl Scratchpad {
    /// Whether the inputs are still the ones a new drill starts with (the candidate never used
    /// the scratchpad).
    pub fn is_untouched(&self) -> bool {
        *self == Self::default()
    }

    /// The inputs, in the scratchpad's order and words.
    pub fn input_figures(&self) -> Vec<Figure> {
        let figure = |name: &str, value: String| Figure {
            name: name.to_owned(),
            value,
        };
        vec![
            figure("Daily active users", count_text(self.daily_active_users)),
            figure("Actions per user/day", count_text(self.actions_per_user)),
            figure("Peak factor", format!("{}×", count_text(self.peak_factor))),
            figure("Record size", bytes_text(self.record_bytes)),
            figure("Records per day", count_text(self.records_per_day)),
            figure("Retention days", count_text(self.retention_days)),
        ]
    }

    /// What the inputs give: average and peak QPS, storage per day and over the retention.
    pub fn result_figures(&self) -> Vec<Figure> {
        let figure = |name: String, value: String| Figure { name, value };
        vec![
            figure("Average QPS".to_owned(), count_text(self.average_qps())),
            figure("Peak QPS".to_owned(), count_text(self.peak_qps())),
            figure(
                "Storage per day".to_owned(),
                bytes_text(self.bytes_per_day()),
            ),
            figure(
                format!("Storage over {} days", count_text(self.retention_days)),
                bytes_text(self.total_bytes()),
            ),
        ]
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
    fn figures_name_each_input_and_result_with_units() {
        let pad = Scratchpad {
            daily_active_users: 5_000_000.0,
            retention_days: 30.0,
            ..Scratchpad::default()
        };
        assert!(!pad.is_untouched() && Scratchpad::default().is_untouched());
        let inputs = pad.input_figures();
        assert_eq!(inputs.len(), ScratchpadField::ALL.len());
        assert_eq!(
            (inputs[0].name.as_str(), inputs[0].value.as_str()),
            ("Daily active users", "5.0M")
        );
        assert_eq!(inputs[2].value, "3×");
        let results = pad.result_figures();
        assert_eq!(results[1].name, "Peak QPS");
        assert_eq!(results[1].value, count_text(pad.peak_qps()));
        assert_eq!(results[3].name, "Storage over 30 days");
        assert_eq!(results[3].value, "6.0 TB");
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
    fn inputs_whose_products_would_overflow_are_refused_with_a_reason() {
        let mut pad = Scratchpad::default();
        let err = pad
            .set(ScratchpadField::DailyActiveUsers, 1e308)
            .expect_err("too large");
        assert!(
            err.contains("daily active users") && err.contains("out of range"),
            "{err}"
        );
        assert!(pad.set(ScratchpadField::PeakFactor, f64::INFINITY).is_err());
        assert!(pad.set(ScratchpadField::PeakFactor, f64::NAN).is_err());
        assert!(pad.set(ScratchpadField::RecordBytes, -1.0).is_err());
        assert_eq!(pad, Scratchpad::default(), "refused values change nothing");
        for field in ScratchpadField::ALL {
            pad.set(field, MAX_SCRATCHPAD_VALUE)
                .expect("the largest allowed");
        }
        for value in [pad.peak_qps(), pad.total_bytes()] {
            assert!(value.is_finite() && value > 0.0, "{value}");
        }
        assert_eq!(parse_input("1.5M"), Ok(1.5e6));
        assert_eq!(parse_input(" 2,000 "), Ok(2000.0));
        assert!(parse_input("1e308").is_err());
        assert!(parse_input("inf").is_err());
        assert!(
            parse_input("lots")
                .expect_err("words")
                .contains("not a number")
        );
        let mut file = Scratchpad {
            records_per_day: 1e308,
            ..Scratchpad::default()
        };
        assert_eq!(file.problems().len(), 1);
        assert_eq!(
            file.reset_invalid(),
            [(ScratchpadField::RecordsPerDay, 1e308)]
        );
        assert!(file.problems().is_empty());
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
