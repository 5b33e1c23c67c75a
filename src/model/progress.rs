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
    /// The latest self-score's band, if scored.
    pub band: Option<Band>,
}

/// The suggested next drill.
#[derive(Clone, Debug, PartialEq)]
pub struct NextDrill {
    /// The scenario to drill.
    pub scenario_id: String,
    /// Why this one, in a sentence.
    pub reason: String,
}

/// A scenario whose latest scored attempt is below this band is practised again first.
pub const WEAK_BELOW: Band = Band::LeanHire;

/// The weakest scenario (latest scored band below Lean hire, lowest first, the older attempt
/// first on a tie), else the one practised least recently (never practised counts as longest
/// ago, in catalogue order). The band is the verdict, so a red flag that capped it counts.
/// `scenarios` are ids and titles in catalogue order; `zone` dates the reason.
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
            .filter_map(|a| a.band.map(|b| (a.created, b)))
            .max_by_key(|(created, _)| *created)
    };
    let weakest = scenarios
        .iter()
        .filter_map(|(id, _)| latest_scored(id).map(|(created, band)| (*id, band, created)))
        .filter(|(_, band, _)| *band < WEAK_BELOW)
        .min_by_key(|(_, band, created)| (*band, *created));
    if let Some((id, band, _)) = weakest {
        return Some(NextDrill {
            scenario_id: id.to_owned(),
            reason: format!(
                "your weakest: the last scored attempt was {}",
                band.label().to_lowercase()
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

    fn attempt(id: &str, hour: i64, band: Option<Band>) -> Attempt<'_> {
        Attempt {
            scenario_id: id,
            created: Timestamp(1_795_424_400 + hour * 3600),
            band,
        }
    }

    #[test]
    fn a_weak_latest_score_comes_first() {
        let attempts = [
            attempt("a", 1, Some(Band::NoHire)),
            attempt("b", 2, Some(Band::LeanNoHire)),
            attempt("b", 3, Some(Band::Hire)), // b improved: its latest is not weak
            attempt("c", 4, Some(Band::LeanNoHire)),
        ];
        let next = next_drill(&SCENARIOS, &attempts, &jiff::tz::TimeZone::UTC).expect("one");
        assert_eq!(
            next.scenario_id, "a",
            "no hire is weaker than c's lean no hire"
        );
        assert!(next.reason.ends_with("was no hire"), "{}", next.reason);
        let attempts = [
            attempt("a", 5, Some(Band::LeanNoHire)),
            attempt("c", 4, Some(Band::LeanNoHire)),
            attempt("b", 6, Some(Band::LeanHire)),
        ];
        let next = next_drill(&SCENARIOS, &attempts, &jiff::tz::TimeZone::UTC).expect("one");
        assert_eq!(
            next.scenario_id, "c",
            "the same band: the older attempt first"
        );
    }

    #[test]
    fn otherwise_an_unpractised_then_the_stalest_scenario() {
        let attempts = [attempt("a", 1, Some(Band::Hire)), attempt("b", 2, None)];
        let next = next_drill(&SCENARIOS, &attempts, &jiff::tz::TimeZone::UTC).expect("one");
        assert_eq!(
            (next.scenario_id.as_str(), next.reason.as_str()),
            ("c", "not practised yet")
        );
        let attempts = [
            attempt("a", 5, Some(Band::Hire)),
            attempt("b", 2, None),
            attempt("c", 3, Some(Band::LeanHire)),
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
