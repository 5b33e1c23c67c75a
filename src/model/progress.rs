//! Progress across drills: which scenario to practise next, and why.

use super::clock::Timestamp;
use super::scoring::Band;

/// A saved attempt, as progress needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Attempt<'a> {
    /// The scenario drilled.
    pub scenario_id: &'a str,
    /// When.
    pub created: Timestamp,
    /// The latest self-score's level (1–4), if scored.
    pub level: Option<f32>,
}

/// The suggested next drill.
#[derive(Clone, Debug, PartialEq)]
pub struct NextDrill {
    /// The scenario to drill.
    pub scenario_id: String,
    /// Why this one, in a sentence.
    pub reason: String,
}

/// A scenario whose latest scored attempt is below this level is practised again first.
pub const WEAK_LEVEL: f32 = Band::THRESHOLDS[1];

/// The weakest scenario (latest scored level below Lean hire, lowest first), else the one
/// practised least recently (never practised counts as longest ago, in catalogue order).
/// `scenarios` are ids and titles in catalogue order.
pub fn next_drill(
    scenarios: &[(&str, &str)],
    attempts: &[Attempt<'_>],
    zone: &jiff::tz::TimeZone,
) -> Option<NextDrill> {
    let latest = |id: &str| {
        attempts
            .iter()
            .filter(|a| a.scenario_id == id)
            .max_by_key(|a| a.created)
    };
    let latest_scored = |id: &str| {
        attempts
            .iter()
            .filter(|a| a.scenario_id == id)
            .filter_map(|a| a.level.map(|l| (a.created, l)))
            .max_by_key(|(created, _)| *created)
    };
    let weakest = scenarios
        .iter()
        .filter_map(|(id, _)| latest_scored(id).map(|(_, level)| (*id, level)))
        .filter(|(_, level)| *level < WEAK_LEVEL)
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((id, level)) = weakest {
        return Some(NextDrill {
            scenario_id: id.to_owned(),
            reason: format!(
                "your weakest: the last scored attempt was {} (level {level:.1})",
                Band::of_level(level).label().to_lowercase()
            ),
        });
    }
    if let Some((id, _)) = scenarios.iter().find(|(id, _)| latest(id).is_none()) {
        return Some(NextDrill {
            scenario_id: (*id).to_owned(),
            reason: "not practised yet".to_owned(),
        });
    }
    scenarios
        .iter()
        .filter_map(|(id, _)| latest(id).map(|a| (*id, a.created)))
        .min_by_key(|(_, created)| *created)
        .map(|(id, created)| NextDrill {
            scenario_id: id.to_owned(),
            reason: format!("practised least recently, on {}", created.local_short(zone)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIOS: [(&str, &str); 3] = [("a", "A"), ("b", "B"), ("c", "C")];

    fn attempt(id: &str, hour: i64, level: Option<f32>) -> Attempt<'_> {
        Attempt {
            scenario_id: id,
            created: Timestamp(1_795_424_400 + hour * 3600),
            level,
        }
    }

    #[test]
    fn a_weak_latest_score_comes_first() {
        let attempts = [
            attempt("a", 1, Some(1.5)),
            attempt("b", 2, Some(2.0)),
            attempt("b", 3, Some(3.2)), // b improved: its latest is not weak
        ];
        let next = next_drill(&SCENARIOS, &attempts, &jiff::tz::TimeZone::UTC).expect("one");
        assert_eq!(next.scenario_id, "a");
        assert!(next.reason.contains("no hire"), "{}", next.reason);
    }

    #[test]
    fn otherwise_an_unpractised_then_the_stalest_scenario() {
        let attempts = [attempt("a", 1, Some(3.0)), attempt("b", 2, None)];
        let next = next_drill(&SCENARIOS, &attempts, &jiff::tz::TimeZone::UTC).expect("one");
        assert_eq!(
            (next.scenario_id.as_str(), next.reason.as_str()),
            ("c", "not practised yet")
        );
        let attempts = [
            attempt("a", 5, Some(3.0)),
            attempt("b", 2, None),
            attempt("c", 3, Some(2.6)),
        ];
        let next = next_drill(&SCENARIOS, &attempts, &jiff::tz::TimeZone::UTC).expect("one");
        assert_eq!(next.scenario_id, "b");
        assert!(
            next.reason.starts_with("practised least recently"),
            "{}",
            next.reason
        );
    }

    #[test]
    fn nothing_to_suggest_without_scenarios() {
        assert_eq!(next_drill(&[], &[], &jiff::tz::TimeZone::UTC), None);
    }
}
