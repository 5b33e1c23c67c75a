//! Dates and times on screen are the user's local time; files and session ids keep UTC.

mod common;

use std::time::Duration;

use common::{TestApp, harness_for};
use drillboard::model::{FakeClock, Timestamp};
use egui_kittest::kittest::Queryable as _;

/// Los Angeles as its POSIX rule, given explicitly: no time zone database is needed and the
/// machine's own zone never matters.
fn los_angeles() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::posix("PST8PDT,M3.2.0,M11.1.0").expect("a valid rule")
}

/// An evening drill in California (20:30 on the 23rd, 04:30 UTC on the 24th) is listed, reviewed
/// and compared on the 23rd, while its file name and saved times stay in UTC.
#[test]
fn an_evening_drill_in_california_is_dated_that_evening() {
    let mut test = TestApp::new();
    test.clock = FakeClock::new(Timestamp::parse("2026-11-24T04:30:00Z").expect("parses"));
    let mut app = test.app();
    app.set_time_zone(los_angeles());
    let mut h = harness_for(app);
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    test.clock.advance(Duration::from_secs(90));
    h.run();
    h.get_by_label("Finish drill").click();
    h.run();
    // Ninety seconds in, six phases are untouched: finishing asks first.
    h.get_by_label("Finish anyway").click();
    h.run();
    assert!(
        h.query_by_label_contains("Drilled 2026-11-23 20:30")
            .is_some(),
        "the review header shows the local time"
    );
    h.state_mut().flush_saves();
    let path = h.state().open_session().expect("open").path.clone();
    let name = path
        .file_name()
        .expect("a file")
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("20261124-043000-"),
        "UTC in the file name: {name}"
    );
    let saved = std::fs::read_to_string(&path).expect("saved");
    assert!(
        saved.contains("\"2026-11-24T04:30:00Z\""),
        "UTC in the file"
    );

    h.get_by_label("Home").click();
    h.run();
    assert!(
        h.query_by_label_contains("2026-11-23 20:30").is_some(),
        "the home list shows the local time"
    );
    assert!(h.query_by_label_contains("2026-11-24").is_none());
}
