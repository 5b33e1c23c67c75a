//! The one place that builds test harnesses and temporary libraries.
#![allow(
    dead_code,
    reason = "each test file uses a different part of this module"
)]

use std::path::Path;

use drillboard::model::{FakeClock, Timestamp};
use drillboard::store::Library;
use drillboard::ui::App;
use egui_kittest::Harness;

/// The window size every UI test and snapshot uses.
pub const SIZE: egui::Vec2 = egui::vec2(1280.0, 800.0);

/// 2026-11-23T09:00:00Z, the wall time fake clocks start at.
pub const EPOCH: Timestamp = Timestamp(1_795_424_400);

/// An app over a fresh temporary library, its fake clock and the folder (kept alive by the guard).
pub struct TestApp {
    /// Deleted when the test ends.
    pub dir: tempfile::TempDir,
    /// Shares time with the app's clock.
    pub clock: FakeClock,
}

impl TestApp {
    /// A temporary library, empty.
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("a temp dir can be created"),
            clock: FakeClock::new(EPOCH),
        }
    }

    /// The library in the temp folder.
    pub fn library(&self) -> Library {
        Library::new(self.dir.path())
    }

    /// The library's root.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A fresh app over this library, sharing this fake clock, showing times in UTC (not the
    /// machine's zone) so that what tests read is the same everywhere.
    pub fn app(&self) -> App {
        let mut app =
            App::new(self.library(), Box::new(self.clock.clone())).expect("built-in data loads");
        app.set_time_zone(jiff::tz::TimeZone::UTC);
        app
    }

    /// A harness at the standard size showing a fresh app.
    pub fn harness(&self) -> Harness<'static, App> {
        harness_for(self.app())
    }
}

/// A harness at the standard size showing `app`.
pub fn harness_for(app: App) -> Harness<'static, App> {
    Harness::builder()
        .with_size(SIZE)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// A harness of a given size showing `app` (tall screens show long pages whole).
pub fn harness_sized(app: App, size: egui::Vec2) -> Harness<'static, App> {
    Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// A user scenario with every field of issue 18 (must and strong lines, worked estimates, deep
/// dives, model answers by level, sources), so tests of those views do not depend on the
/// built-in scenarios' content.
pub const DEPTH_SCENARIO: &str = include_str!("../fixtures/depth_scenario.ron");

/// The depth scenario's file name in a library's `scenarios/` folder.
pub const DEPTH_SCENARIO_FILE: &str = "link_safety_depth.ron";

/// The depth scenario, parsed and validated as the app loads a user scenario.
pub fn depth_scenario() -> drillboard::model::Scenario {
    let frameworks = drillboard::store::builtin::frameworks().expect("frameworks load");
    drillboard::store::builtin::parse_scenario(
        DEPTH_SCENARIO,
        Path::new(DEPTH_SCENARIO_FILE),
        &frameworks,
    )
    .unwrap_or_else(|err| panic!("{err}"))
}

/// Puts a scenario file into the library's `scenarios/` folder, where the app finds the user's.
pub fn install_scenario(library: &Library, file_name: &str, text: &str) {
    let dir = library.scenarios_dir();
    std::fs::create_dir_all(&dir).expect("the scenarios folder can be created");
    std::fs::write(dir.join(file_name), text).expect("the scenario can be written");
}
