//! The built-in graded examples (issue 19): every one loads, each scenario's examples span
//! bands and include a serious red flag, and the official marks fed through the scoring model
//! reproduce the official band (held-out examples are reported, not required).

use drillboard::model::scoring::Band;
use drillboard::model::verdict::FlagOutcome;
use drillboard::store::builtin::GRADED_FILES;
use drillboard::store::{Catalog, Library};

/// The five core scenarios each have graded examples.
const CORE: [&str; 5] = [
    "recommendation_ecommerce",
    "fraud_detection",
    "content_moderation",
    "search_ranking",
    "feature_store",
];

fn catalog() -> Catalog {
    let dir = tempfile::tempdir().expect("temp dir");
    Catalog::load(&Library::new(dir.path())).expect("built-in data")
}

#[test]
fn every_built_in_example_loads() {
    let catalog = catalog();
    assert!(
        catalog.problems.is_empty(),
        "built-in files that fail: {:?}",
        catalog.problems
    );
    assert_eq!(catalog.examples.len(), GRADED_FILES.len());
    for (name, _) in GRADED_FILES {
        let stem = name.trim_end_matches(".ron");
        assert!(
            catalog.example(stem).is_some(),
            "{name}: the id is the file name"
        );
    }
}

#[test]
fn each_core_scenario_has_examples_across_bands_with_one_red_flag_and_one_held_out() {
    let catalog = catalog();
    for id in CORE {
        let examples = catalog.examples_for(id);
        assert!(examples.len() >= 3, "{id}: {} examples", examples.len());
        let mut bands: Vec<Band> = examples.iter().map(|e| e.band).collect();
        bands.sort();
        bands.dedup();
        assert!(bands.len() >= 3, "{id}: bands {bands:?}");
        assert!(
            examples.iter().any(|e| e
                .official
                .flags
                .iter()
                .any(|f| f.outcome == FlagOutcome::NotRecovered)),
            "{id}: one example commits a red flag it never recovers"
        );
        assert_eq!(
            examples.iter().filter(|e| e.held_out).count(),
            1,
            "{id}: one example is held out of tuning"
        );
    }
}

#[test]
fn official_marks_reproduce_the_official_band() {
    let catalog = catalog();
    let mut held_out = Vec::new();
    for entry in &catalog.examples {
        let example = &entry.example;
        let scenario = catalog.scenario(&example.scenario_id).expect("scenario");
        let framework = catalog.framework(&scenario.framework).expect("framework");
        let result = example
            .official_result(scenario, framework)
            .unwrap_or_else(|| panic!("{}: every competency is rated", example.id));
        if example.held_out {
            held_out.push(format!(
                "{}: official {}, model {}",
                example.id,
                example.band.label(),
                result.band.label()
            ));
        } else {
            assert_eq!(
                result.band, example.band,
                "{}: the model gives {:?}",
                example.id, result.band
            );
        }
    }
    // Reported by `cargo test -- --nocapture`; quoted in the session note.
    for line in held_out {
        println!("held out: {line}");
    }
}
