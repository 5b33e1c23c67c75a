//! The home screen's scenario list: grouped by category in a set order or by difficulty, and
//! filtered by both, through the UI.

mod common;

use common::TestApp;
use drillboard::model::scenario::Difficulty;
use drillboard::store::catalog::{CATEGORY_ORDER, category_rank};
use drillboard::store::{Catalog, ScenarioSource};
use drillboard::ui::home::{HomeView, ScenarioGrouping, scenario_groups};
use egui_kittest::kittest::Queryable as _;

fn catalog(test: &TestApp) -> Catalog {
    Catalog::load(&test.library()).expect("built-in data loads")
}

#[test]
fn groups_follow_the_category_order_and_easiest_first_within_one() {
    let test = TestApp::new();
    let catalog = catalog(&test);
    let groups = scenario_groups(&catalog, &HomeView::default());
    let headings: Vec<&str> = groups.iter().map(|g| g.heading.as_str()).collect();
    let mut sorted = headings.clone();
    sorted.sort_by_key(|h| category_rank(h));
    assert_eq!(headings, sorted, "categories in CATEGORY_ORDER");
    for heading in &headings {
        assert!(
            CATEGORY_ORDER.contains(heading),
            "built-in category {heading:?} has a place in CATEGORY_ORDER"
        );
    }
    let mut listed = 0;
    for group in &groups {
        let difficulties: Vec<Difficulty> = group
            .entries
            .iter()
            .map(|e| e.scenario.difficulty)
            .collect();
        assert!(
            difficulties.is_sorted(),
            "{}: easiest first {difficulties:?}",
            group.heading
        );
        assert!(
            group
                .entries
                .iter()
                .all(|e| e.scenario.category == group.heading)
        );
        listed += group.entries.len();
    }
    assert_eq!(listed, catalog.entries.len(), "every scenario once");

    let by_difficulty = scenario_groups(
        &catalog,
        &HomeView {
            group: ScenarioGrouping::Difficulty,
            ..HomeView::default()
        },
    );
    let headings: Vec<&str> = by_difficulty.iter().map(|g| g.heading.as_str()).collect();
    let expected: Vec<&str> = Difficulty::ALL
        .into_iter()
        .filter(|d| catalog.entries.iter().any(|e| e.scenario.difficulty == *d))
        .map(Difficulty::label)
        .collect();
    assert_eq!(headings, expected, "easiest first, empty levels left out");
}

#[test]
fn filters_combine_and_the_users_own_scenarios_come_first() {
    let test = TestApp::new();
    let dir = test.library().scenarios_dir();
    std::fs::create_dir_all(&dir).expect("mkdir");
    let minimal = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/minimal_scenario.ron"
    ))
    .expect("example exists");
    std::fs::write(dir.join("url_shortener_abuse.ron"), minimal).expect("writes");
    let catalog = catalog(&test);
    let view = HomeView {
        category: Some("ML platform".to_owned()),
        difficulty: Some(Difficulty::Expert),
        ..HomeView::default()
    };
    let groups = scenario_groups(&catalog, &view);
    let ids: Vec<&str> = groups
        .iter()
        .flat_map(|g| &g.entries)
        .map(|e| e.scenario.id.as_str())
        .collect();
    let expected: Vec<&str> = catalog
        .entries
        .iter()
        .filter(|e| e.scenario.category == "ML platform")
        .filter(|e| e.scenario.difficulty == Difficulty::Expert)
        .map(|e| e.scenario.id.as_str())
        .collect();
    assert!(ids.contains(&"recsys_training_platform"));
    assert_eq!(ids.len(), expected.len());

    let all = scenario_groups(&catalog, &HomeView::default());
    let first = all.first().expect("groups");
    assert_eq!(first.heading, "Your scenarios", "the user's own come first");
    assert!(
        first
            .entries
            .iter()
            .all(|e| matches!(e.source, ScenarioSource::User(_)))
    );
}

#[test]
fn the_user_filters_and_groups_the_scenario_list() {
    let test = TestApp::new();
    let catalog = catalog(&test);
    let count = |category: Option<&str>, difficulty: Option<Difficulty>| {
        catalog
            .entries
            .iter()
            .filter(|e| category.is_none_or(|c| e.scenario.category == c))
            .filter(|e| difficulty.is_none_or(|d| e.scenario.difficulty == d))
            .count()
    };
    let titles_of = |category: &str| -> Vec<String> {
        catalog
            .entries
            .iter()
            .filter(|e| e.scenario.category == category)
            .map(|e| e.scenario.title.clone())
            .collect()
    };
    // Tall enough that the whole list shows without scrolling.
    let mut h = common::harness_sized(test.app(), egui::vec2(1280.0, 2400.0));
    h.run();

    // Grouped by category by default: a heading per category with its count.
    let platform = count(Some("ML platform"), None);
    assert!(
        h.query_by_label(&format!("ML platform · {platform}"))
            .is_some()
    );
    assert!(
        h.query_by_label("Real-time fraud detection for payments")
            .is_some()
    );

    // One category.
    h.get_by_label("Category filter").click();
    h.run();
    h.get_by_label(&format!("ML platform ({platform})")).click();
    h.run();
    assert_eq!(
        h.state().home_view().category.as_deref(),
        Some("ML platform")
    );
    for title in titles_of("ML platform") {
        // Listed, and the selected one is also the detail's heading.
        assert!(
            h.query_all_by_label(&title).next().is_some(),
            "{title} listed"
        );
    }
    // The selection was filtered out, so the first platform scenario shown is selected.
    let first = scenario_groups(&catalog, h.state().home_view())
        .first()
        .and_then(|g| g.entries.first())
        .map(|e| e.scenario.id.clone());
    assert_eq!(h.state().selected_scenario().map(str::to_owned), first);
    assert!(
        h.query_by_label("Real-time fraud detection for payments")
            .is_none(),
        "other categories hidden"
    );

    // And one difficulty: Expert platform questions only.
    let expert = count(None, Some(Difficulty::Expert));
    h.get_by_label("Difficulty filter").click();
    h.run();
    h.get_by_label(&format!("Expert ({expert})")).click();
    h.run();
    assert_eq!(h.state().home_view().difficulty, Some(Difficulty::Expert));
    assert!(
        h.query_by_label("Training platform for large recommendation models")
            .is_some()
    );
    assert!(
        h.query_by_label("ML feature store").is_none(),
        "a Hard platform question is hidden"
    );

    // Grouped by difficulty, the heading is the level and the row names the category.
    h.get_by_label("Difficulty").click();
    h.run();
    assert_eq!(h.state().home_view().group, ScenarioGrouping::Difficulty);
    let both = count(Some("ML platform"), Some(Difficulty::Expert));
    assert!(h.query_by_label(&format!("Expert · {both}")).is_some());

    // A combination with nothing in it says so and offers the way back.
    let empty = catalog
        .categories()
        .into_iter()
        .find(|c| count(Some(c), Some(Difficulty::Expert)) == 0)
        .expect("some category has no Expert scenario");
    h.get_by_label("Category filter").click();
    h.run();
    h.get_by_label(&format!("{empty} ({})", count(Some(empty), None)))
        .click();
    h.run();
    assert!(
        h.query_by_label("No scenario matches these filters.")
            .is_some()
    );
    h.get_by_label("Show all scenarios").click();
    h.run();
    assert_eq!(h.state().home_view().category, None);
    assert_eq!(h.state().home_view().difficulty, None);
    assert!(
        h.query_by_label("Real-time fraud detection for payments")
            .is_some()
    );
}
