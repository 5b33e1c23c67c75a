//! Broken and hostile files: each gets a clear error (file, line:col, what is wrong) or a
//! repaired load with warnings saying what was dropped; never a panic, a hang or a huge
//! allocation. Ends with a fuzz test over mutated real files and generated RON.

mod common;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use drillboard::model::{
    Diagram, DiagramNode, Framework, NodeId, PhaseRecord, Point, SCHEMA_VERSION, Scenario, Session,
    Size, Zone,
};
use drillboard::store::check::{CheckedFile, check_file};
use drillboard::store::repair::{MAX_ID, MAX_LABEL_CHARS, MAX_NOTES_BYTES, MAX_PHASE_MS};
use drillboard::store::ron_file::{MAX_FILE_BYTES, to_pretty};
use drillboard::store::{
    Library, StoreError, builtin, load_session, load_session_repaired, parse_session,
    parse_session_repaired,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/session_v1.ron");
const FRAUD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fraud_detection.ron");
const MINIMAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/minimal_scenario.ron");
const DEPTH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/depth_scenario.ron"
);

fn path() -> &'static Path {
    Path::new("hostile.ron")
}

fn read(path: &str) -> String {
    fs::read_to_string(path).expect("test data is readable")
}

fn fixture() -> String {
    read(FIXTURE)
}

fn fixture_session() -> Session {
    parse_session(&fixture(), path()).unwrap_or_else(|err| panic!("{err}"))
}

fn text_of(session: &Session) -> String {
    to_pretty(session, path()).expect("serialises")
}

fn frameworks() -> Vec<Framework> {
    builtin::frameworks().expect("built-in frameworks")
}

/// A repaired load that must succeed; the repaired session passes a strict load unchanged.
fn repaired(text: &str) -> (Session, Vec<String>) {
    let (session, warnings) =
        parse_session_repaired(text, path()).unwrap_or_else(|err| panic!("{err}"));
    assert_healthy(&session);
    (session, warnings)
}

/// The session is what a strict load accepts: no diagram problems, and saving and strictly
/// loading it again gives the same session.
fn assert_healthy(session: &Session) {
    assert!(
        session.diagram.problems().is_empty(),
        "{:?}",
        session.diagram.problems()
    );
    for snapshot in &session.snapshots {
        assert!(snapshot.diagram.problems().is_empty());
    }
    let again = parse_session(&text_of(session), path()).unwrap_or_else(|err| panic!("{err}"));
    assert_eq!(
        &again, session,
        "a repaired session needs no further repair"
    );
}

/// The strict load refuses with the list of repairs, the same list the repaired load reports
/// (without the line and column of each item, which only the strict load gives, and which
/// must be the one the error itself starts with for the first).
fn strict_problems(text: &str) -> Vec<String> {
    match parse_session(text, path()) {
        Err(StoreError::NeedsRepair {
            path: p,
            line,
            col,
            problems,
        }) => {
            assert_eq!(p, path());
            let first = format!(" (line {line}:{col}): ");
            assert!(problems[0].contains(&first), "{problems:?}");
            problems.iter().map(|p| without_location(p)).collect()
        }
        other => panic!("expected NeedsRepair, got {other:?}"),
    }
}

/// A problem of a `NeedsRepair` error without its " (line L:C)".
fn without_location(problem: &str) -> String {
    let Some(start) = problem.find(" (line ") else {
        assert!(problem.starts_with("and "), "{problem} has no location");
        return problem.to_owned();
    };
    let end = start + problem[start..].find(')').expect("closed");
    let (line, col) = problem[start + 7..end].split_once(':').expect("line:col");
    assert!(
        line.parse::<usize>().is_ok() && col.parse::<usize>().is_ok(),
        "{problem}"
    );
    format!("{}{}", &problem[..start], &problem[end + 1..])
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    pos_of(text, needle).0
}

/// The 1-based line and column (in characters) of the first occurrence of `needle`.
fn pos_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} is in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

/// The line and column of the first `(` after the first `after`: an item of a list.
fn item_after(text: &str, after: &str) -> (usize, usize) {
    let start = text.find(after).expect("anchor is in the text") + after.len();
    let at = start + text[start..].find('(').expect("an item follows");
    pos_of(text, &text[at..])
}

/// Replaces the first occurrence of `from` at or after the first `after`.
fn replace_after(text: &str, after: &str, from: &str, to: &str) -> String {
    let start = text.find(after).expect("anchor is in the text");
    let at = start
        + text[start..]
            .find(from)
            .expect("target is after the anchor");
    format!("{}{to}{}", &text[..at], &text[at + from.len()..])
}

fn parse_error(result: Result<impl std::fmt::Debug, StoreError>) -> (usize, usize, String) {
    match result {
        Err(StoreError::Parse {
            line, col, message, ..
        }) => (line, col, message),
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn the_fixture_is_healthy_and_loads_the_same_both_ways() {
    let text = fixture();
    let (session, warnings) = repaired(&text);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(session, fixture_session());
    assert_eq!(session.snapshots.len(), 6);
    assert!(!session.diagram.zones.is_empty() && !session.drill.log.is_empty());
}

#[test]
fn a_file_over_16_mib_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let big = dir.path().join("big.ron");
    let file = fs::File::create(&big).expect("create");
    file.set_len(MAX_FILE_BYTES + 1).expect("sparse file");
    for result in [
        load_session(&big).map(|_| ()),
        load_session_repaired(&big).map(|_| ()),
    ] {
        let err = result.expect_err("too large");
        assert!(matches!(err, StoreError::TooLarge { size, .. } if size == MAX_FILE_BYTES + 1));
        let message = err.to_string();
        assert!(
            message.contains("big.ron: file is 16777217 bytes"),
            "{message}"
        );
        assert!(message.contains("16777216-byte limit"), "{message}");
    }

    // A user scenario of that size is reported, not read.
    let library = Library::new(dir.path());
    fs::create_dir_all(library.scenarios_dir()).expect("mkdir");
    fs::rename(&big, library.scenarios_dir().join("big.ron")).expect("move");
    let results = library.user_scenarios(&frameworks());
    assert_eq!(results.len(), 1);
    assert!(matches!(results[0], Err(StoreError::TooLarge { .. })));

    // Text handed over directly is held to the same limit.
    let text = " ".repeat(usize::try_from(MAX_FILE_BYTES).expect("fits") + 1);
    assert!(matches!(
        parse_session_repaired(&text, path()),
        Err(StoreError::TooLarge { .. })
    ));
    assert!(matches!(
        builtin::parse_scenario(&text, path(), &frameworks()),
        Err(StoreError::TooLarge { .. })
    ));
}

#[cfg(unix)]
#[test]
fn devices_and_folders_are_not_read() {
    let zero = Path::new("/dev/zero");
    if zero.exists() {
        let err = load_session_repaired(zero).expect_err("a device");
        assert_eq!(err.to_string(), "/dev/zero: is not a regular file");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let err = load_session(dir.path()).expect_err("a folder");
    assert!(
        err.to_string().ends_with(": is not a regular file"),
        "{err}"
    );
}

#[test]
fn deep_nesting_stops_at_the_recursion_limit() {
    let deep = "[".repeat(100_000);
    let started = Instant::now();
    // An unknown field is skipped by the parser, which still counts its depth.
    let text = fixture().replacen(
        "version: 1,",
        &format!("version: 1,\n    extra: {deep},"),
        1,
    );
    let (line, col, message) = parse_error(parse_session_repaired(&text, path()));
    assert_eq!(
        (line, message.as_str()),
        (3, "brackets are nested too deeply")
    );
    // About two recursion levels per bracket: the parser stops some 32 brackets in.
    assert!((20..100).contains(&col), "{col}");
    let err = parse_session(&text, path()).expect_err("strict too");
    assert!(err.to_string().starts_with("hostile.ron:3:"), "{err}");

    // The same where a value is expected, as maps, and as the whole file.
    let nested_maps = fixture().replacen(
        "version: 1,",
        &format!("version: 1,\n    extra: {},", "{\"a\": ".repeat(100_000)),
        1,
    );
    let (_, _, message) = parse_error(parse_session_repaired(&nested_maps, path()));
    assert_eq!(message, "brackets are nested too deeply");
    let in_diagram = replace_after(
        &fixture(),
        "\tdiagram: (",
        "nodes: [",
        &format!("nodes: {deep}"),
    );
    parse_error(parse_session_repaired(&in_diagram, path()));
    for whole in [deep.clone(), "(".repeat(100_000), format!("({deep}")] {
        let (line, _, _) = parse_error(parse_session_repaired(&whole, path()));
        assert_eq!(line, 1);
    }

    // Scenarios, too.
    let scenario = read(FRAUD).replacen("(\n", &format!("(\n    extra: {deep},\n"), 1);
    let err = builtin::parse_scenario(&scenario, path(), &frameworks()).expect_err("deep");
    assert!(
        err.to_string()
            .ends_with(": brackets are nested too deeply"),
        "{err}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "no hang: {:?}",
        started.elapsed()
    );
}

#[test]
fn numbers_too_big_for_their_field_are_errors_with_a_position() {
    let text = fixture();
    for (anchor, from, to, expected) in [
        (
            "phases: [",
            "elapsed_ms: 190000",
            "elapsed_ms: 99999999999999999999",
            "Integer is out of bounds",
        ),
        (
            "phases: [",
            "elapsed_ms: 190000",
            "elapsed_ms: -1",
            "Integer is out of bounds",
        ),
        (
            "phases: [",
            "elapsed_ms: 190000",
            "elapsed_ms: 1e400",
            "Invalid digit",
        ),
        (
            "\tdiagram: (",
            "id: 1,",
            "id: 99999999999999999999999,",
            "Integer is out of bounds",
        ),
        (
            "drill: (",
            "total_minutes: 45",
            "total_minutes: 4294967296",
            "Integer is out of bounds",
        ),
        (
            "signals: [",
            "level: 3",
            "level: 300",
            "Integer is out of bounds",
        ),
    ] {
        let broken = replace_after(&text, anchor, from, to);
        let line = line_of(&broken, to);
        let (got_line, col, message) = parse_error(parse_session_repaired(&broken, path()));
        assert_eq!(got_line, line, "{to}");
        assert!(col > 1 && message.starts_with(expected), "{to}: {message}");
        let err = parse_session(&broken, path()).expect_err("strict");
        assert!(
            err.to_string()
                .starts_with(&format!("hostile.ron:{line}:{col}: ")),
            "{err}"
        );
    }
}

#[test]
fn huge_but_representable_numbers_are_clamped_or_renumbered() {
    let text = fixture();
    let broken = replace_after(
        &text,
        "phases: [",
        "elapsed_ms: 190000",
        "elapsed_ms: 18446744073709551615",
    );
    let broken = broken.replacen("current: 6", "current: 18446744073709551615", 1);
    let broken = broken.replacen("total_minutes: 45", "total_minutes: 0", 1);
    let broken = broken.replacen(
        "daily_active_users: 170000000.0",
        "daily_active_users: 1e400",
        1,
    );
    let broken = replace_after(
        &broken,
        "\tdiagram: (",
        "id: 1,",
        "id: 18446744073709551615,",
    );
    let broken = replace_after(
        &broken,
        "\tdiagram: (",
        "from: 1,",
        "from: 18446744073709551615,",
    );
    let (session, warnings) = repaired(&broken);
    assert_eq!(
        warnings,
        [
            "the drill length of 0 minutes is out of range: set to 1",
            "the current phase number 18446744073709551615 is out of range: set to the last phase",
            "phase `clarify` has 18446744073709551615 ms of drill time, more than a year: cut to a year",
            "the scratchpad's daily active users is inf: reset to 10000000",
            "node id 18446744073709551615 is too large to count past: renumbered to 1",
        ]
    );
    assert_eq!(strict_problems(&broken), warnings);
    assert_eq!(session.drill.phases[0].elapsed_ms, MAX_PHASE_MS);
    assert_eq!(session.drill.current, 6);
    let _ = session.drill.total_elapsed();
    // The renumbered node keeps its edge, and new ids can be handed out again.
    // Id 1 became free when its node took the huge id, so that is the smallest unused one.
    let node = session.diagram.node(NodeId(1)).expect("renumbered");
    assert_eq!(node.label, "Checkout / POS");
    assert_eq!(session.diagram.edges[0].from, NodeId(1));
    assert!(session.diagram.next_node_id().0 <= MAX_ID + 1);
}

#[test]
fn nan_infinite_and_absurd_geometry_is_dropped_or_reset() {
    let mut session = fixture_session();
    let d = &mut session.diagram;
    d.nodes[0].pos.x = f32::NAN;
    d.nodes[1].pos.y = f32::NEG_INFINITY;
    d.nodes[2].size = Size { w: 1e30, h: 80.0 };
    d.nodes[3].size.w = -5.0;
    d.nodes[4].pos = Point { x: 2e7, y: 0.0 };
    d.zones[0].pos.y = f32::INFINITY;
    d.zones[1].size.h = 0.0;
    let text = text_of(&session);
    assert!(text.contains("x: NaN") && text.contains("y: -inf") && text.contains("w: 1e30"));
    let (repaired, warnings) = repaired(&text);
    assert_eq!(
        warnings,
        [
            "node 1 \"Checkout / POS\" has a NaN, infinite or absurd position (NaN, 40): dropped it and its edges",
            "node 2 \"Auth gateway\" has a NaN, infinite or absurd position (280, -inf): dropped it and its edges",
            "node 3 \"Fraud decision service\" has an invalid size (1000000000000000000000000000000 × 80): reset to the default size",
            "node 4 \"GBDT scorer\" has an invalid size (-5 × 80): reset to the default size",
            "node 5 \"Kafka: tx + decisions\" has a NaN, infinite or absurd position (20000000, 0): dropped it and its edges",
            "zone 1 \"online (< 100 ms)\" has a NaN, infinite or absurd position (0, inf): dropped it",
            "zone 2 \"offline / nearline\" has an invalid size (480 × 0): reset to the default size",
            "edge 1 \"authorize(tx)\" points to missing node 1: dropped it",
            "edge 2 \"score(tx), 100 ms timeout\" points to missing node 2: dropped it",
            "edge 4 \"tx, decision, features\" points to missing node 5: dropped it",
            "edge 5 \"transactions\" points to missing node 5: dropped it",
            "edge 7 \"archive\" points to missing node 5: dropped it",
            "edge 11 \"decisions\" points to missing node 5: dropped it",
        ]
    );
    assert_eq!(repaired.diagram.nodes.len(), 7);
    assert_eq!(
        repaired.diagram.node(NodeId(3)).map(|n| n.size),
        Some(DiagramNode::DEFAULT_SIZE)
    );
    assert_eq!(repaired.diagram.zones[0].size, Zone::DEFAULT_SIZE);
    assert_eq!(repaired.drill, session.drill, "the drill is untouched");
    assert_eq!(
        repaired.snapshots, session.snapshots,
        "snapshots were healthy"
    );
    let err = parse_session(&text, path()).expect_err("strict refuses");
    // The first problem is the first node's: the error starts at it.
    let (line, col) = item_after(&text, "nodes: [");
    assert!(
        err.to_string().starts_with(&format!(
            "hostile.ron:{line}:{col}: 13 problems that opening the file in Drillboard repairs: \
             node 1 \"Checkout / POS\" has a NaN, infinite or absurd position (NaN, 40) \
             (line {line}:{col}): dropped it and its edges; node 2 "
        )),
        "{err}"
    );
}

#[test]
fn dangling_edges_and_duplicate_ids_are_dropped_in_snapshots_too() {
    let mut session = fixture_session();
    let d = &mut session.diagram;
    let mut twin = d.nodes[2].clone();
    twin.label = "twin".into();
    d.nodes.push(twin);
    let mut edge_twin = d.edges[1].clone();
    edge_twin.label = "edge twin".into();
    d.edges.push(edge_twin);
    let mut zone_twin = d.zones[0].clone();
    zone_twin.label = "zone twin".into();
    d.zones.push(zone_twin);
    d.edges[0].to = NodeId(99);
    session.snapshots[5].diagram.edges[0].from = NodeId(77);
    let (repaired, warnings) = repaired(&text_of(&session));
    assert_eq!(
        warnings,
        [
            "node 3 \"twin\" repeats the id of an earlier node: dropped it",
            "zone 1 \"zone twin\" repeats the id of an earlier zone: dropped it",
            "edge 1 \"authorize(tx)\" points to missing node 99: dropped it",
            "edge 2 \"edge twin\" repeats the id of an earlier edge: dropped it",
            "snapshot 6 (\"monitoring\"): edge 1 \"authorize(tx)\" points to missing node 77: dropped it",
        ]
    );
    assert_eq!(repaired.diagram.nodes.len(), 10);
    assert_eq!(
        repaired.diagram.node(NodeId(3)).map(|n| n.label.as_str()),
        Some("Fraud decision service")
    );
}

#[test]
fn megabyte_labels_and_huge_notes_are_cut_with_a_warning() {
    let mut session = fixture_session();
    session.diagram.nodes[0].label = "x".repeat(1_000_000);
    session.diagram.edges[0].label = "é".repeat(20_000);
    // Multi-byte characters straddle the notes limit: the cut lands on a character boundary.
    session.drill.phases[2].notes = format!("a{}", "é".repeat(MAX_NOTES_BYTES / 2 + 10));
    let (repaired, warnings) = repaired(&text_of(&session));
    assert_eq!(
        warnings,
        [
            format!(
                "phase `data` has {} bytes of notes: cut to the first {}",
                MAX_NOTES_BYTES + 21,
                MAX_NOTES_BYTES - 1
            ),
            "node 1's label is 1000000 characters long: cut to the first 10000".to_owned(),
            "edge 1's label is 20000 characters long: cut to the first 10000".to_owned(),
        ]
    );
    assert_eq!(
        repaired.diagram.nodes[0].label.chars().count(),
        MAX_LABEL_CHARS
    );
    assert_eq!(
        repaired.diagram.edges[0].label.chars().count(),
        MAX_LABEL_CHARS
    );
    assert!(repaired.drill.phases[2].notes.len() <= MAX_NOTES_BYTES);
    assert!(repaired.drill.phases[2].notes.starts_with("aéé"));
}

#[test]
fn an_overlong_question_in_the_candidates_words_is_cut_with_a_warning() {
    let mut session = fixture_session();
    let Some(drillboard::model::InterviewEvent::Asked { asked_as, .. }) =
        session.drill.log.first_mut()
    else {
        panic!("the fixture's log starts with a question");
    };
    *asked_as = "how many payments? ".repeat(1_000);
    let (repaired, warnings) = repaired(&text_of(&session));
    assert_eq!(
        warnings,
        ["interviewer log entry 1 is 19000 characters long: cut to the first 10000".to_owned()]
    );
    let Some(drillboard::model::InterviewEvent::Asked { asked_as, .. }) =
        repaired.drill.log.first()
    else {
        panic!("still a question");
    };
    assert_eq!(asked_as.chars().count(), MAX_LABEL_CHARS);
}

#[test]
fn invalid_utf8_names_the_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("latin1.ron");
    let text = fixture();
    let at = text.find("card authorization").expect("in the notes");
    let mut bytes = text.into_bytes();
    bytes.insert(at, 0xe9);
    fs::write(&file, &bytes).expect("write");
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let col = at
        - bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |n| n + 1)
        + 1;
    assert_eq!((line, col), (17, 20), "the byte sits in clarify's notes");
    for err in [
        load_session(&file).expect_err("strict"),
        load_session_repaired(&file).expect_err("repaired"),
        check_file(&file, &frameworks()).expect_err("check"),
    ] {
        let message = err.to_string();
        assert!(
            message.contains("latin1.ron:17:20: the file is not valid UTF-8 text"),
            "{message}"
        );
    }
}

#[test]
fn empty_files_and_binary_junk_get_clear_errors() {
    for text in ["", "   \n\t\n"] {
        for err in [
            parse_session_repaired(text, path())
                .map(|_| ())
                .expect_err("empty"),
            parse_session(text, path()).map(|_| ()).expect_err("empty"),
            builtin::parse_scenario(text, path(), &frameworks())
                .map(|_| ())
                .expect_err("empty"),
        ] {
            assert_eq!(err.to_string(), "hostile.ron: the file is empty");
        }
    }

    // Valid UTF-8 but not RON: a parse error at the very start.
    let junk = "\u{0}\u{1}PNG\r\n\u{1a}\n";
    let (line, col, message) = parse_error(parse_session_repaired(junk, path()));
    assert_eq!((line, col), (1, 1));
    assert!(message.contains("Expected opening `(`"), "{message}");

    // Random bytes from a file: refused as text or as RON, never read further.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("junk.ron");
    let mut rng = XorShift(0x00de_cafb_ad00_0001);
    for _ in 0..50 {
        let len = rng.below(4096) + 1;
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        fs::write(&file, &bytes).expect("write");
        let err = load_session_repaired(&file).expect_err("junk");
        assert!(
            matches!(&err, StoreError::Parse { line, col, .. } if *line >= 1 && *col >= 1)
                || err.to_string() == format!("{}: the file is empty", file.display()),
            "{err}"
        );
        assert!(err.to_string().contains("junk.ron"), "{err}");
    }
}

#[test]
fn a_truncated_file_fails_with_the_line_and_column_where_it_stops() {
    let frameworks = frameworks();
    for (name, text) in [("session", fixture()), ("scenario", read(FRAUD))] {
        for twentieth in 1..20 {
            let mut cut = text.len() * twentieth / 20;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let piece = &text[..cut];
            let lines = piece.matches('\n').count() + 1;
            let err = if name == "session" {
                parse_session_repaired(piece, path())
                    .map(|_| ())
                    .expect_err("cut short")
            } else {
                builtin::parse_scenario(piece, path(), &frameworks)
                    .map(|_| ())
                    .expect_err("cut short")
            };
            let StoreError::Parse { line, col, .. } = &err else {
                panic!("{name} cut at {twentieth}/20: {err}");
            };
            assert!(*line <= lines && *col >= 1, "{name} {twentieth}/20: {err}");
            assert!(
                err.to_string()
                    .starts_with(&format!("hostile.ron:{line}:{col}: "))
            );
        }
    }
    // `check` still reads a cut session as a session: the version probe finds it.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("cut.ron");
    let text = fixture();
    let piece = &text[..text.len() / 2];
    fs::write(&file, piece).expect("write");
    let checked = check_file(&file, &frameworks).expect_err("cut").to_string();
    let loaded = load_session_repaired(&file).expect_err("cut").to_string();
    assert_eq!(checked, loaded);
    // Cut inside a string, the parser reports where the text runs out.
    let in_notes = &text[..text.find("card authorization").expect("in the notes")];
    let (line, _, message) = parse_error(parse_session_repaired(in_notes, path()));
    assert_eq!(line, in_notes.matches('\n').count() + 1);
    assert!(
        message.contains("cut short") || message.contains("string"),
        "{message}"
    );
}

#[test]
fn phase_records_are_put_in_order_without_losing_notes() {
    let mut session = fixture_session();
    let original = session.drill.phases.clone();
    let phases = &mut session.drill.phases;
    phases.swap(0, 1);
    phases.retain(|r| r.phase != "model");
    phases.push(PhaseRecord {
        phase: "data".into(),
        elapsed_ms: 1000,
        notes: "More data notes.".into(),
        checked: vec![1],
    });
    phases.push(PhaseRecord {
        phase: "bonus_round".into(),
        elapsed_ms: 65_000,
        notes: "Stray notes.".into(),
        checked: vec![],
    });
    phases.push(PhaseRecord {
        phase: "empty_one".into(),
        ..PhaseRecord::default()
    });
    phases[0].checked = vec![0, 0, 99];
    session.drill.current = 1;
    let (repaired, warnings) = repaired(&text_of(&session));
    assert_eq!(
        warnings,
        [
            "phase `data` has more than one record: merged them (times added, notes joined)",
            "the phase records are not in the framework's order: reordered",
            "phase `model` has no record: added an empty one",
            "phase record \"bonus_round\" is not a phase of framework `seven_phase`: its notes were moved to the end of `edge_cases` and its time (01:05) dropped",
            "phase record \"empty_one\" is not a phase of framework `seven_phase`: dropped (it had no notes)",
            "phase `high_level` ticks 2 prompts that are repeated or do not exist: dropped those ticks",
        ]
    );
    let drill = &repaired.drill;
    let ids: Vec<&str> = drill.phases.iter().map(|r| r.phase.as_str()).collect();
    assert_eq!(
        ids,
        [
            "clarify",
            "high_level",
            "data",
            "model",
            "serving",
            "monitoring",
            "edge_cases"
        ]
    );
    assert_eq!(drill.phases[0], original[0], "clarify is untouched");
    assert_eq!(drill.phases[1].checked, [0]);
    assert_eq!(
        drill.phases[2].notes,
        format!("{}\n\nMore data notes.", original[2].notes)
    );
    assert_eq!(drill.phases[2].elapsed_ms, original[2].elapsed_ms + 1000);
    assert_eq!(drill.phases[2].checked, [0, 2, 1]);
    assert_eq!(
        drill.phases[3],
        PhaseRecord {
            phase: "model".into(),
            ..PhaseRecord::default()
        }
    );
    assert_eq!(
        drill.phases[6].notes,
        format!(
            "{}\n\n[Notes from phase \"bonus_round\"]\nStray notes.",
            original[6].notes
        )
    );
    assert_eq!(drill.current, 0, "still on clarify, which was record 1");
}

#[test]
fn an_unsafe_session_id_is_replaced_and_an_unknown_framework_refused() {
    let mut session = fixture_session();
    session.id = "../../.config/autostart/evil".into();
    let text = text_of(&session);
    let (repaired, warnings) = repaired(&text);
    assert_eq!(repaired.id, "hostile", "the file's own name");
    assert_eq!(
        warnings,
        [
            "the session id \"../../.config/autostart/evil\" is not a safe file name: replaced by `hostile`"
        ]
    );
    let (elsewhere, _) = parse_session_repaired(&text, Path::new("no good.ron")).expect("repairs");
    assert_eq!(elsewhere.id, "_______config_autostart_evil");

    session.framework_id = "nine_phase".into();
    let (line, col) = pos_of(&text_of(&session), "framework_id: \"nine_phase\"");
    for err in [
        parse_session_repaired(&text_of(&session), path())
            .map(|_| ())
            .expect_err("unknown"),
        parse_session(&text_of(&session), path())
            .map(|_| ())
            .expect_err("unknown"),
    ] {
        assert_eq!(
            err.to_string(),
            format!(
                "hostile.ron:{line}:{col}: uses framework \"nine_phase\", which this build of Drillboard does not have"
            )
        );
    }
}

#[test]
fn a_newer_file_is_refused_even_when_the_rest_is_unreadable() {
    let dir = tempfile::tempdir().expect("temp dir");
    let library = Library::new(dir.path());
    fs::create_dir_all(library.sessions_dir()).expect("mkdir");
    let file = library.sessions_dir().join("future.ron");
    let newer = SCHEMA_VERSION + 1;
    let text = format!(
        "// written by Drillboard 9\nSession(\n    version: {newer},\n    id: 42,\n    canvas: Infinite(((,\n    {}",
        "[".repeat(100_000)
    );
    fs::write(&file, &text).expect("write");
    for err in [
        load_session(&file).map(|_| ()).expect_err("newer"),
        load_session_repaired(&file).map(|_| ()).expect_err("newer"),
        check_file(&file, &frameworks())
            .map(|_| ())
            .expect_err("newer"),
    ] {
        assert!(
            matches!(err, StoreError::TooNew { found, .. } if found == newer),
            "{err}"
        );
        assert!(
            err.to_string().contains("written by a newer Drillboard"),
            "{err}"
        );
    }
    let (summaries, errors) = library.sessions();
    assert!(summaries.is_empty() && errors.len() == 1);
    assert_eq!(
        fs::read_to_string(&file).expect("read"),
        text,
        "never touched"
    );

    // A version that is not a number is an error at its position.
    let (line, col, message) =
        parse_error(parse_session_repaired("(\n    version: \"2\",\n)", path()));
    assert_eq!((line, col), (2, 14));
    assert!(message.contains("found `\"2\"`"), "{message}");
    let (_, _, message) = parse_error(parse_session_repaired("(version: 0)", path()));
    assert!(
        message.contains("schema version 0 does not exist"),
        "{message}"
    );
    // A spelling the probe does not know but the parser does still cannot pass as version 1.
    let disguised = fixture().replacen("version: 1,", &format!("r#version: {newer},"), 1);
    assert!(matches!(
        parse_session_repaired(&disguised, path()),
        Err(StoreError::TooNew { found, .. }) if found == newer
    ));
}

#[test]
fn hostile_scenarios_get_clear_errors() {
    let frameworks = frameworks();
    let fraud = read(FRAUD);
    let scenario_err = |text: &str| {
        builtin::parse_scenario(text, path(), &frameworks)
            .map(|_| ())
            .expect_err("refused")
            .to_string()
    };
    let nan = fraud.replacen("pos: (x: 40.0, y: 40.0)", "pos: (x: NaN, y: 40.0)", 1);
    let (line, col) = item_after(&nan, "nodes: [");
    assert_eq!(
        scenario_err(&nan),
        format!(
            "hostile.ron:{line}:{col}: reference diagram: node 1 \"Merchant checkout / POS\" has a NaN, infinite or absurd position (NaN, 40)"
        )
    );
    let huge = fraud.replacen("pos: (x: 40.0, y: 40.0)", "pos: (x: 1e400, y: 40.0)", 1);
    assert!(scenario_err(&huge).contains("(inf, 40)"));
    let dangling = fraud.replacen("(id: 1, from: 1, to: 2,", "(id: 1, from: 1, to: 99,", 1);
    let (line, col) = pos_of(&dangling, "(id: 1, from: 1, to: 99,");
    assert_eq!(
        scenario_err(&dangling),
        format!(
            "hostile.ron:{line}:{col}: reference diagram: edge 1 \"authorize(tx)\" points to missing node 99"
        )
    );
    let twin = fraud.replacen("(id: 2, kind: ApiGateway", "(id: 1, kind: ApiGateway", 1);
    let (line, col) = pos_of(&twin, "(id: 1, kind: ApiGateway");
    let message = scenario_err(&twin);
    assert!(
        message.starts_with(&format!(
            "hostile.ron:{line}:{col}: reference diagram: node 1 "
        )) && message.ends_with("repeats the id of an earlier node"),
        "{message}"
    );
    let weight = fraud.replacen("weight: 4,", "weight: 99999999999,", 1);
    let line = line_of(&weight, "weight: 99999999999");
    assert!(scenario_err(&weight).starts_with(&format!("hostile.ron:{line}:")));
    let long = fraud.replacen(
        "title: \"Latency budget under 100 ms\"",
        &format!("title: \"{}\"", "x".repeat(1_000_000)),
        1,
    );
    let (line, col) = pos_of(&long, "title: \"xxx");
    assert_eq!(
        scenario_err(&long),
        format!(
            "hostile.ron:{line}:{col}: a rubric item title is 1000000 characters long; the limit is 10000"
        )
    );

    // Thousands of rubric items would make validation quadratic; they are refused first.
    let minimal = read(MINIMAL);
    let item = "(id: \"i{n}\", phase: \"clarify\", title: \"t\", weight: 1, good: \"g\"),\n";
    let items: String = (0..5_000)
        .map(|n| item.replace("{n}", &n.to_string()))
        .collect();
    let many = minimal.replacen("rubric: [", &format!("rubric: [\n{items}"), 1);
    let started = Instant::now();
    let (line, col) = pos_of(&many, "rubric: [");
    assert_eq!(
        scenario_err(&many),
        format!("hostile.ron:{line}:{col}: has 5003 rubric items; the limit is 1000")
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// The minimal scenario with every optional section filled in, so every rule has something
/// to break.
fn full_scenario() -> String {
    let extra = r#"    context: "A public URL shortener.",
    expected_components: [
        (kind: Service, why: "Scores links.", items: ["model_features"]),
    ],
    red_flags: [
        "Blocking every new domain.",
    ],
    reference: (
        diagram: (
            nodes: [
                (id: 1, kind: Client, label: "Shortener API", pos: (x: 40.0, y: 40.0)),
                (id: 2, kind: Service, label: "URL scorer", pos: (x: 300.0, y: 40.0)),
            ],
            edges: [
                (id: 1, from: 1, to: 2, label: "score(url)"),
                (id: 2, from: 2, to: 1, label: "verdict"),
            ],
            zones: [
                (id: 1, label: "online", pos: (x: 0.0, y: 0.0), size: (w: 600.0, h: 200.0)),
                (id: 2, label: "offline", pos: (x: 0.0, y: 300.0), size: (w: 600.0, h: 200.0)),
            ],
        ),
        phases: [
            (phase: "clarify", answer: "Ask the base rate."),
        ],
    ),
)
"#;
    let minimal = read(MINIMAL);
    let end = minimal.rfind(')').expect("the scenario ends");
    format!("{}{extra}", &minimal[..end])
}

/// Every kind of scenario validation error, each provoked by one change to a valid scenario,
/// is reported as `hostile.ron:<line>:<col>: …` at its item: the start of `at` in the changed
/// text, which must begin on the reported line and column.
#[test]
fn every_scenario_error_names_the_line_and_column_of_its_item() {
    let frameworks = frameworks();
    let base = full_scenario();
    builtin::parse_scenario(&base, path(), &frameworks).unwrap_or_else(|err| panic!("{err}"));
    let long = "x".repeat(MAX_LABEL_CHARS + 1);
    let many = |item: &str, n: usize| -> String {
        (0..n)
            .map(|i| item.replace("{n}", &(i + 3).to_string()))
            .collect()
    };
    // (change from, change to, where the item starts, what the message says)
    let mut cases: Vec<(String, String, String, &str)> = Vec::new();
    let mut case = |from: &str, to: &str, at: &str, says: &'static str| {
        cases.push((from.to_owned(), to.to_owned(), at.to_owned(), says));
    };
    // `Scenario::validate`.
    case(
        "id: \"url_shortener_abuse\"",
        "id: \"Bad Id\"",
        "id: \"Bad Id\"",
        "must be lowercase",
    );
    case(
        "title: \"Malicious link detection for a URL shortener\"",
        "title: \" \"",
        "title: \" \"",
        "`title` is empty",
    );
    case(
        "category: \"Trust & safety\"",
        "category: \"\"",
        "category: \"\"",
        "`category` is empty",
    );
    case(
        "difficulty: Medium,",
        "difficulty: Medium,\n    framework: \"nine_phase\",",
        "framework: \"nine",
        "unknown framework `nine_phase`",
    );
    case(
        "(id: \"serving_two_paths\"",
        "(id: \"model_features\"",
        "(id: \"model_features\", phase: \"serving\"",
        "two rubric items have id",
    );
    case(
        "curveballs: [",
        "curveballs: [\n        (id: \"cloaking\", phase: \"clarify\", text: \"t\"),",
        "(id: \"cloaking\", phase: \"edge_cases\"",
        "two curveballs have id",
    );
    case(
        "phase: \"model\", title",
        "phase: \"modle\", title",
        "phase: \"modle\"",
        "names phase `modle`",
    );
    case(
        "phase: \"edge_cases\"",
        "phase: \"edges\"",
        "phase: \"edges\"",
        "names phase `edges`",
    );
    case(
        "(phase: \"clarify\", answer:",
        "(phase: \"nope\", answer:",
        "phase: \"nope\"",
        "`reference answer` names phase",
    );
    case("weight: 2,", "weight: 9,", "weight: 9", "has weight 9");
    case(
        "items: [\"model_features\"]",
        "items: [\"model_featurez\"]",
        "\"model_featurez\"",
        "unknown rubric item",
    );
    // Lists too long to validate: the list.
    let question = "(topic: Scale, question: \"q{n}\", answer: \"a\"),\n";
    let rubric = "(id: \"i{n}\", phase: \"clarify\", title: \"t\", weight: 1, good: \"g\"),\n";
    let component = "(kind: Service, why: \"w\"),\n";
    let card = "(id: \"c{n}\", phase: \"clarify\", text: \"t\"),\n";
    let answer = "(phase: \"clarify\", answer: \"a\"),\n";
    case(
        "questions: [",
        &format!("questions: [\n{}", many(question, 1_000)),
        "questions: [",
        "has 1002 questions",
    );
    case(
        "rubric: [",
        &format!("rubric: [\n{}", many(rubric, 1_000)),
        "rubric: [",
        "has 1003 rubric items",
    );
    case(
        "expected_components: [",
        &format!("expected_components: [\n{}", many(component, 1_000)),
        "expected_components: [",
        "has 1001 expected components",
    );
    case(
        "red_flags: [",
        &format!("red_flags: [\n{}", many("\"f\",\n", 1_000)),
        "red_flags: [",
        "has 1001 red flags",
    );
    case(
        "curveballs: [",
        &format!("curveballs: [\n{}", many(card, 1_000)),
        "curveballs: [",
        "has 1001 curveballs",
    );
    case(
        "phases: [",
        &format!("phases: [\n{}", many(answer, 1_000)),
        "phases: [",
        "has 1001 reference answers",
    );
    case(
        "items: [\"model_features\"]",
        &format!("items: [{}]", "\"model_features\", ".repeat(1_001)),
        "expected_components: [",
        "rubric items named by expected components",
    );
    // Texts too long to show.
    for (from, field, says) in [
        ("id: \"url_shortener_abuse\"", "id", "id is"),
        (
            "title: \"Malicious link detection for a URL shortener\"",
            "title",
            "title is",
        ),
        ("category: \"Trust & safety\"", "category", "category is"),
        ("prompt: \"Our URL", "prompt", "prompt is"),
        ("context: \"A public", "context", "context is"),
        ("question: \"How fast", "question", "a question is"),
        ("answer: \"Creation", "answer", "an answer is"),
        ("id: \"model_features\"", "id", "a rubric item id is"),
        ("phase: \"model\"", "phase", "a rubric item phase is"),
        (
            "title: \"Ask the base rate\"",
            "title",
            "a rubric item title is",
        ),
        ("must: \"Lexical", "must", "a rubric item is"),
        ("why: \"Scores", "why", "an expected component is"),
        ("id: \"cloaking\"", "id", "a curveball id is"),
        ("phase: \"edge_cases\"", "phase", "a curveball phase is"),
        ("text: \"Attackers", "text", "a curveball is"),
        (
            "(phase: \"clarify",
            "phase",
            "a reference answer's phase is",
        ),
        ("answer: \"Ask the base", "answer", "a reference answer is"),
    ] {
        // The rest of the old text stays, closing the string.
        let from = from.trim_end_matches('"');
        let to = format!("{field}: \"{long}");
        let to = if from.starts_with('(') {
            format!("({to}")
        } else {
            to
        };
        let at = format!("{field}: \"{}", &long[..20]);
        case(from, &to, &at, says);
    }
    case(
        "difficulty: Medium,",
        &format!("difficulty: Medium,\n    framework: \"{long}\","),
        "framework: \"xxx",
        "framework is",
    );
    case(
        "items: [\"model_features\"]",
        &format!("items: [\"model_features\", \"{long}\"]"),
        &format!("\"{}", &long[..20]),
        "an expected component's item is",
    );
    case(
        "\"Blocking every new domain.\"",
        &format!("\"{long}\""),
        &format!("\"{}", &long[..20]),
        "a red flag is",
    );
    // The reference diagram.
    let node2 = "(id: 2, kind: Service, label: \"URL scorer\", pos: (x: 300.0, y: 40.0))";
    case(
        node2,
        "(id: 2, kind: Service, label: \"URL scorer\", pos: (x: NaN, y: 40.0))",
        "(id: 2, kind: Service",
        "node 2 \"URL scorer\" has a NaN",
    );
    case(
        node2,
        "(id: 1, kind: Service, label: \"URL scorer\", pos: (x: 300.0, y: 40.0))",
        "(id: 1, kind: Service",
        "node 1 \"URL scorer\" repeats the id",
    );
    case(
        node2,
        "(id: 2, kind: Service, label: \"URL scorer\", pos: (x: 300.0, y: 40.0), size: (w: -1.0, h: 80.0))",
        "(id: 2, kind: Service",
        "has an invalid size (-1 × 80)",
    );
    case(
        "label: \"URL scorer\"",
        &format!("label: \"{long}\""),
        "label: \"xxx",
        "node 2's label is 10001 characters long",
    );
    case(
        "nodes: [",
        "nodes: [\n(id: 9007199254740993, kind: Service, label: \"n\", pos: (x: 0.0, y: 0.0)),",
        "id: 9007199254740993, kind",
        "node id 9007199254740993 is too large",
    );
    case(
        "nodes: [",
        &format!(
            "nodes: [\n{}",
            many(
                "(id: {n}, kind: Service, label: \"n\", pos: (x: 0.0, y: 0.0)),\n",
                19_999
            )
        ),
        "nodes: [",
        "the diagram has 20001 nodes",
    );
    case(
        "(id: 1, from: 1, to: 2,",
        "(id: 1, from: 1, to: 9,",
        "(id: 1, from: 1, to: 9,",
        "edge 1 \"score(url)\" points to missing node 9",
    );
    case(
        "(id: 2, from: 2, to: 1,",
        "(id: 1, from: 2, to: 1,",
        "(id: 1, from: 2, to: 1,",
        "edge 1 \"verdict\" repeats the id",
    );
    case(
        "label: \"verdict\"",
        &format!("label: \"{long}\""),
        "label: \"xxx",
        "edge 2's label is 10001 characters long",
    );
    case(
        "(id: 2, from: 2, to: 1,",
        "(id: 9007199254740993, from: 2, to: 1,",
        "id: 9007199254740993, from",
        "edge id 9007199254740993 is too large",
    );
    case(
        "edges: [",
        &format!("edges: [\n{}", many("(id: {n}, from: 1, to: 2),\n", 39_999)),
        "edges: [",
        "the diagram has 40001 edges",
    );
    let zone2 = "(id: 2, label: \"offline\", pos: (x: 0.0, y: 300.0)";
    case(
        zone2,
        "(id: 2, label: \"offline\", pos: (x: inf, y: 300.0)",
        "(id: 2, label: \"offline\"",
        "zone 2 \"offline\" has a NaN",
    );
    case(
        zone2,
        "(id: 1, label: \"offline\", pos: (x: 0.0, y: 300.0)",
        "(id: 1, label: \"offline\"",
        "zone 1 \"offline\" repeats the id",
    );
    case(
        "size: (w: 600.0, h: 200.0)),\n            ],",
        "size: (w: 600.0, h: 0.0)),\n            ],",
        "(id: 2, label: \"offline\"",
        "zone 2 \"offline\" has an invalid size (600 × 0)",
    );
    case(
        "label: \"offline\"",
        &format!("label: \"{long}\""),
        "label: \"xxx",
        "zone 2's label is 10001 characters long",
    );
    case(
        zone2,
        "(id: 9007199254740993, label: \"offline\", pos: (x: 0.0, y: 300.0)",
        "id: 9007199254740993, label",
        "zone id 9007199254740993 is too large",
    );
    case(
        "zones: [",
        &format!(
            "zones: [\n{}",
            many(
                "(id: {n}, label: \"z\", pos: (x: 0.0, y: 0.0), size: (w: 1.0, h: 1.0)),\n",
                199
            )
        ),
        "zones: [",
        "the diagram has 201 zones",
    );

    let cases_run = cases.len();
    for (from, to, at, says) in cases {
        assert!(base.contains(&from), "{from} is in the scenario");
        let text = base.replacen(&from, &to, 1);
        let (line, col) = pos_of(&text, &at);
        let message = builtin::parse_scenario(&text, path(), &frameworks)
            .map(|_| ())
            .expect_err(&at)
            .to_string();
        let shown: String = message.chars().take(300).collect();
        assert!(
            message.starts_with(&format!("hostile.ron:{line}:{col}: ")),
            "{from} → expected {line}:{col} ({at}), got {shown}"
        );
        assert!(message.contains(says), "{from} → {shown}");
    }
    assert_eq!(cases_run, 55, "every kind is provoked");
}

/// The fields of issue 18 (worked estimates, deep dives, model answers by level, sources)
/// are bounded like the rest of a scenario: too long a text, too many entries or too deep a
/// deep dive is refused before validation, each error at its item's line and column, as is
/// a second model answer for one level.
#[test]
fn the_depth_fields_are_bounded_and_their_errors_name_the_item() {
    use drillboard::store::builtin::{
        MAX_DEEP_DIVES, MAX_DIVE_DEPTH, MAX_DIVE_STEPS, MAX_ESTIMATE_INPUTS, MAX_ESTIMATES,
        MAX_SCENARIO_ITEMS,
    };

    let frameworks = frameworks();
    let base = read(DEPTH);
    builtin::parse_scenario(&base, path(), &frameworks).unwrap_or_else(|err| panic!("{err}"));
    let long = "x".repeat(MAX_LABEL_CHARS + 1);
    let many = |item: &str, n: usize| -> String {
        (0..n)
            .map(|i| item.replace("{n}", &(i + 3).to_string()))
            .collect()
    };
    // (change from, change to, where the item starts, what the message says)
    let mut cases: Vec<(String, String, String, String)> = Vec::new();
    let mut case = |from: &str, to: &str, at: &str, says: &str| {
        cases.push((
            from.to_owned(),
            to.to_owned(),
            at.to_owned(),
            says.to_owned(),
        ));
    };
    // Texts too long to show: the rest of the old text stays, closing the string.
    for (from, says) in [
        ("id: \"scan_cores", "an estimate id is"),
        ("title: \"How many CPU", "an estimate title is"),
        (
            "phase: \"serving\",\n            inputs",
            "an estimate phase is",
        ),
        ("formula: \"ceil(", "an estimate formula is"),
        ("unit: \"CPU cores", "an estimate unit is"),
        ("conclusion: \"About 700", "an estimate conclusion is"),
        ("name: \"links_per_day", "an estimate input name is"),
        ("unit: \"links/day", "an estimate input unit is"),
        ("quote: \"5 million", "an estimate input quote is"),
        ("id: \"dive_cloaking", "a deep dive id is"),
        ("topic: \"Cloaking", "a deep dive topic is"),
        (
            "phase: \"edge_cases\",\n            root",
            "a deep dive phase is",
        ),
        ("ask: \"The scanner", "a deep-dive question is"),
        ("ask: \"How do you measure", "a deep-dive question is"),
        (
            "listen_for: \"Later user reports",
            "a deep dive's listen-for line is",
        ),
        (
            "moved: \"Saw the adversary",
            "a model answer's \"what moved the rating\" is",
        ),
        (
            "(phase: \"edge_cases\", answer: \"Expects",
            "a model answer's phase is",
        ),
        ("answer: \"Expects cloaking", "a model answer by level is"),
    ] {
        // The long text goes in front of the old one, which closes the string.
        let opening = from.find(": \"").expect("a text field") + 3;
        let field = &from[usize::from(from.starts_with('('))..opening - 3];
        let to = format!("{}{long}{}", &from[..opening], &from[opening..]);
        case(from, &to, &format!("{field}: \"{}", &long[..20]), says);
    }
    case(
        "result: 695.0,",
        &format!("result: 695.0,\n            result_quote: \"{long}\","),
        "result_quote: \"xxx",
        "an estimate's result quote is",
    );
    case(
        "items: [\"mon_recall\"]",
        &format!("items: [\"mon_recall\", \"{long}\"]"),
        &format!("\"{}", &long[..20]),
        "a deep-dive question's item is",
    );
    case(
        "\"Invented for Drillboard",
        &format!("\"{long}"),
        &format!("\"{}", &long[..20]),
        "a source is",
    );
    // Lists too long: the list.
    let estimate = "(id: \"e{n}\", title: \"t\", phase: \"clarify\", inputs: [], formula: \"1\", result: 1.0, unit: \"u\", conclusion: \"c\"),\n";
    case(
        "estimates: [",
        &format!("estimates: [\n{}", many(estimate, MAX_ESTIMATES)),
        "estimates: [",
        &format!(
            "has {} worked estimates; the limit is {MAX_ESTIMATES}",
            MAX_ESTIMATES + 3
        ),
    );
    case(
        "inputs: [",
        &format!(
            "inputs: [\n{}",
            many(
                "(name: \"i{n}\", value: 1.0, unit: \"u\"),\n",
                MAX_ESTIMATE_INPUTS
            )
        ),
        "estimates: [",
        &format!(
            "has {} estimate inputs; the limit is {MAX_ESTIMATE_INPUTS}",
            MAX_ESTIMATE_INPUTS + 8
        ),
    );
    let dive = "(id: \"d{n}\", topic: \"t\", phase: \"clarify\", root: (ask: \"a\", listen_for: \"l\")),\n";
    case(
        "deep_dives: [",
        &format!("deep_dives: [\n{}", many(dive, MAX_DEEP_DIVES)),
        "deep_dives: [",
        &format!(
            "has {} deep dives; the limit is {MAX_DEEP_DIVES}",
            MAX_DEEP_DIVES + 2
        ),
    );
    case(
        "deeper: [",
        &format!(
            "deeper: [\n{}",
            many("(ask: \"a{n}\", listen_for: \"l\"),\n", MAX_DIVE_STEPS)
        ),
        "deep_dives: [",
        &format!("more than {MAX_DIVE_STEPS} deep-dive questions"),
    );
    case(
        "items: [\"edge_cloaking\"],\n                deeper",
        &format!(
            "items: [{}],\n                deeper",
            "\"edge_cloaking\", ".repeat(MAX_SCENARIO_ITEMS)
        ),
        "deep_dives: [",
        &format!(
            "has {} rubric items named by deep-dive questions",
            MAX_SCENARIO_ITEMS + 1
        ),
    );
    // Levels below the third, one inside the other, to one past the limit: the first step
    // past it is named, at any depth.
    let mut nested = "(ask: \"too deep\", listen_for: \"l\")".to_owned();
    for level in (4..=MAX_DIVE_DEPTH).rev() {
        nested = format!("(ask: \"level {level}\", listen_for: \"l\", deeper: [{nested}])");
    }
    case(
        "items: [\"mon_recall\"],",
        &format!("items: [\"mon_recall\"], deeper: [{nested}],"),
        "(ask: \"too deep\"",
        &format!(
            "a deep-dive question is {} levels down; the limit is {MAX_DIVE_DEPTH}",
            MAX_DIVE_DEPTH + 1
        ),
    );
    case(
        "levels: [",
        &format!(
            "levels: [\n{}",
            many(
                "(level: Mid, phases: [], moved: \"m\"),\n",
                MAX_SCENARIO_ITEMS
            )
        ),
        "levels: [",
        &format!("has {} model answers by level", MAX_SCENARIO_ITEMS + 3),
    );
    case(
        "(phase: \"edge_cases\", answer: \"Expects",
        &format!(
            "{}(phase: \"edge_cases\", answer: \"Expects",
            "(phase: \"clarify\", answer: \"a\"), ".repeat(MAX_SCENARIO_ITEMS)
        ),
        "levels: [",
        "phase answers in the model answers by level",
    );
    case(
        "sources: [",
        &format!("sources: [\n{}", many("\"s{n}\",\n", MAX_SCENARIO_ITEMS)),
        "sources: [",
        &format!("has {} sources", MAX_SCENARIO_ITEMS + 2),
    );
    // One model answer per level: the second for a level is named.
    case(
        "level: Staff,",
        "level: Senior,",
        "(\n                level: Senior,\n                phases: [\n                    (phase: \"clarify\", answer: \"Frames",
        "two model answers are for level Senior",
    );

    let cases_run = cases.len();
    for (from, to, at, says) in cases {
        assert!(base.contains(&from), "{from} is in the scenario");
        let text = base.replacen(&from, &to, 1);
        let (line, col) = pos_of(&text, &at);
        let started = Instant::now();
        let message = builtin::parse_scenario(&text, path(), &frameworks)
            .map(|_| ())
            .expect_err(&at)
            .to_string();
        assert!(started.elapsed() < Duration::from_secs(5), "{from}: slow");
        let shown: String = message.chars().take(300).collect();
        assert!(
            message.starts_with(&format!("hostile.ron:{line}:{col}: ")),
            "{from} → expected {line}:{col} ({at}), got {shown}"
        );
        assert!(message.contains(&says), "{from} → {shown}");
    }
    assert_eq!(cases_run, 31, "every kind is provoked");
}

/// The most work the estimate checks can be given: the largest stated text a file may hold,
/// with every quoted input found only at its very end, is still validated in seconds.
#[test]
fn the_largest_estimate_check_a_file_can_ask_for_is_quick() {
    use drillboard::store::builtin::{MAX_ESTIMATE_INPUTS, MAX_ESTIMATES};
    use std::fmt::Write as _;

    let frameworks = frameworks();
    let answer = "y".repeat(MAX_LABEL_CHARS - 40);
    let per_estimate = MAX_ESTIMATE_INPUTS / MAX_ESTIMATES;
    // The minimal scenario has two questions already.
    let count = builtin::MAX_SCENARIO_ITEMS - 2;
    let (mut questions, mut inputs, mut estimates) = (String::new(), String::new(), String::new());
    for i in 0..count {
        let last = if i + 1 == count { " and 7 zebras" } else { "" };
        let _ = writeln!(
            questions,
            "(topic: Scale, question: \"q{i}\", answer: \"{answer}{last}\"),"
        );
    }
    for i in 0..per_estimate {
        let _ = write!(
            inputs,
            "(name: \"z{i}\", value: 7.0, unit: \"zebras\", quote: \"7 zebras\"),"
        );
    }
    let formula = (0..per_estimate)
        .map(|i| format!("z{i}"))
        .collect::<Vec<_>>()
        .join(" + ");
    for e in 0..MAX_ESTIMATES {
        let _ = writeln!(
            estimates,
            "(id: \"e{e}\", title: \"t\", phase: \"clarify\", inputs: [{inputs}], formula: \"{formula}\", result: {}, unit: \"zebras\", conclusion: \"c\"),",
            7 * per_estimate
        );
    }
    let text = read(MINIMAL)
        .replacen("questions: [", &format!("questions: [\n{questions}"), 1)
        .replacen(
            "curveballs: [",
            &format!("estimates: [\n{estimates}],\n    curveballs: ["),
            1,
        );
    assert!(text.len() < MAX_FILE_BYTES as usize, "{} bytes", text.len());
    let started = Instant::now();
    let scenario = builtin::parse_scenario(&text, path(), &frameworks)
        .unwrap_or_else(|err| panic!("{}", err.to_string().chars().take(300).collect::<String>()));
    let took = started.elapsed();
    assert_eq!(
        scenario
            .estimates
            .iter()
            .map(|e| e.inputs.len())
            .sum::<usize>(),
        MAX_ESTIMATE_INPUTS
    );
    // 200 searches through 10 MB took 10 s with `str::contains`; SIMD search takes well
    // under one.
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn check_lists_what_a_repaired_open_would_fix_and_fails() {
    let test = common::TestApp::new();
    let mut session = fixture_session();
    session.diagram.edges[0].to = NodeId(99);
    session.diagram.nodes[1].label = "y".repeat(20_000);
    let file = test.root().join("needs_repair.ron");
    fs::write(&file, text_of(&session)).expect("write");
    let healthy = test.root().join("healthy.ron");
    fs::write(&healthy, fixture()).expect("write");
    assert_eq!(
        check_file(&healthy, &frameworks()).ok(),
        Some(CheckedFile::Session)
    );

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_drillboard"))
        .arg("--library")
        .arg(test.root())
        .arg("check")
        .arg(&healthy)
        .arg(&file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("OK ") && stdout.contains("healthy.ron (session)"),
        "{stdout}"
    );
    let line = stdout
        .lines()
        .find(|l| l.contains("needs_repair.ron"))
        .expect("reported");
    let written = text_of(&session);
    let (label_line, label_col) = pos_of(&written, "label: \"yyy");
    let (edge_line, edge_col) = item_after(&written, "edges: [");
    assert!(
        line.ends_with(&format!(
            "needs_repair.ron:{label_line}:{label_col}: 2 problems that opening the file in Drillboard repairs: \
             node 2's label is 20000 characters long (line {label_line}:{label_col}): cut to the first 10000; \
             edge 1 \"authorize(tx)\" points to missing node 99 (line {edge_line}:{edge_col}): dropped it"
        )),
        "{line}"
    );
}

// ---- fuzzing ----

/// A tiny deterministic generator (xorshift64), so every failure reproduces from its case number.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Tokens that break parsers: brackets, special floats, numbers past every integer type.
const NASTY: &[&str] = &[
    "[",
    "(",
    "{",
    "]",
    ")",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "//",
    "/*",
    "*/",
    "r#\"",
    "NaN",
    "inf",
    "-inf",
    "1e400",
    "-1e400",
    "18446744073709551615",
    "18446744073709551616",
    "99999999999999999999999",
    "-1",
    "0x",
    "0xFFFFFFFFFFFFFFFF",
    "-0.0",
    "1_000",
    "Some(",
    "None",
    "()",
    "version: 2,",
    "version: 0,",
    "id: 1,",
    "\\u{0}",
    "\u{0}",
    "é",
    "\u{202e}",
    "Running",
    "Cache",
    "true",
];

/// Applies one random change: byte flips, cuts, inserted brackets and nasty tokens, deleted,
/// duplicated or swapped ranges and lines.
fn mutate(text: &mut Vec<u8>, rng: &mut XorShift) {
    let len = text.len();
    let at = rng.below(len + 1);
    match rng.below(15) {
        0 => {
            if len > 0 {
                let i = rng.below(len);
                text[i] ^= 1 << rng.below(8);
            }
        }
        1 => text.truncate(at),
        2 => {
            let bracket = if rng.below(2) == 0 { b'[' } else { b'(' };
            let count = if rng.below(50) == 0 {
                100_000
            } else {
                rng.below(200) + 1
            };
            text.splice(at..at, std::iter::repeat_n(bracket, count));
        }
        3 | 4 => {
            let token = rng.pick(NASTY).as_bytes().to_vec();
            text.splice(at..at, token);
        }
        5 => {
            let end = (at + rng.below(400)).min(len);
            text.drain(at..end);
        }
        6 => {
            let end = (at + rng.below(2_000)).min(len);
            let copy = text[at..end].to_vec();
            text.splice(end..end, copy);
        }
        7..=9 => {
            // Replace a number with a hostile one.
            if let Some(start) = (at..len).find(|i| text[*i].is_ascii_digit()) {
                let end = (start..len)
                    .find(|i| !text[*i].is_ascii_digit() && text[*i] != b'.')
                    .unwrap_or(len);
                let token = rng.pick(&[
                    "NaN",
                    "inf",
                    "1e400",
                    "0",
                    "-1",
                    "18446744073709551615",
                    "4294967296",
                    "1e30",
                    "99999999999999999999",
                ]);
                text.splice(start..end, token.bytes());
            }
        }
        10 => mutate_lines(text, rng),
        _ => mutate_entries(text, rng),
    }
}

/// Duplicates, drops or moves one whole list entry of pretty RON (a node, an edge, a phase
/// record…), which keeps the file parseable and makes duplicate ids, dangling edges and
/// missing or extra phases.
fn mutate_entries(text: &mut Vec<u8>, rng: &mut XorShift) {
    let source = String::from_utf8_lossy(text).into_owned();
    let mut lines: Vec<&str> = source.split_inclusive('\n').collect();
    let openers: Vec<usize> = (0..lines.len())
        .filter(|i| lines[*i].trim_end().ends_with('(') && lines[*i].trim().len() <= 12)
        .collect();
    if openers.is_empty() {
        return;
    }
    let start = openers[rng.below(openers.len())];
    let indent = lines[start].len() - lines[start].trim_start().len();
    let Some(end) = (start + 1..lines.len()).find(|i| {
        let line = lines[*i];
        line.len() - line.trim_start().len() == indent && line.trim_start().starts_with(')')
    }) else {
        return;
    };
    let block: Vec<&str> = lines[start..=end].to_vec();
    match rng.below(3) {
        0 => {
            let after = end + 1;
            lines.splice(after..after, block);
        }
        1 => {
            lines.drain(start..=end);
        }
        _ => {
            lines.drain(start..=end);
            let to = rng.below(lines.len() + 1);
            lines.splice(to..to, block);
        }
    }
    *text = lines.concat().into_bytes();
}

/// Line-level changes keep pretty RON parseable more often, so repairs get exercised:
/// duplicated entries (duplicate ids), dropped lines (dangling edges), swapped lines.
fn mutate_lines(text: &mut Vec<u8>, rng: &mut XorShift) {
    let source = String::from_utf8_lossy(text).into_owned();
    let mut lines: Vec<&str> = source.split_inclusive('\n').collect();
    if lines.len() < 2 {
        return;
    }
    let a = rng.below(lines.len());
    let b = (a + rng.below(30) + 1).min(lines.len());
    match rng.below(3) {
        0 => {
            let copy: Vec<&str> = lines[a..b].to_vec();
            lines.splice(b..b, copy);
        }
        1 => {
            lines.drain(a..b);
        }
        _ => lines.swap(a, b - 1),
    }
    *text = lines.concat().into_bytes();
}

/// What the loaders made of one input.
#[derive(Default)]
struct Outcome {
    /// The session loader accepted it.
    session: bool,
    /// … and reported repairs.
    repaired: bool,
    /// The scenario loader accepted it.
    scenario: bool,
}

/// Runs one input through every loader; returns what went wrong, if anything.
fn check_input(text: &str, frameworks: &[Framework]) -> Result<Outcome, String> {
    let fuzz = Path::new("fuzz.ron");
    let mut outcome = Outcome::default();
    match parse_session_repaired(text, fuzz) {
        Ok((session, warnings)) => {
            let problems = session.diagram.problems();
            if !problems.is_empty() {
                return Err(format!("repaired diagram still has {problems:?}"));
            }
            if session
                .snapshots
                .iter()
                .any(|s| !s.diagram.problems().is_empty())
            {
                return Err("a repaired snapshot still has problems".into());
            }
            let framework = frameworks
                .iter()
                .find(|f| f.id == session.framework_id)
                .ok_or("a repaired session with an unknown framework")?;
            if session.drill.phases.len() != framework.phases.len()
                || session.drill.current >= session.drill.phases.len()
            {
                return Err("repaired phases do not match the framework".into());
            }
            let _ = session.drill.total_elapsed();
            let _ = session.diagram.next_node_id();
            let _ = session.diagram.next_edge_id();
            let _ = session.diagram.next_zone_id();
            let saved = to_pretty(&session, fuzz).map_err(|e| e.to_string())?;
            let again = parse_session(&saved, fuzz)
                .map_err(|e| format!("repaired, saved, refused: {e}"))?;
            if again != session {
                return Err("a repaired session changed on its second load".into());
            }
            outcome.session = true;
            outcome.repaired = !warnings.is_empty();
            let strict = parse_session(text, fuzz);
            if warnings.is_empty() {
                // No warnings means nothing was changed: the strict load gives the raw parse,
                // upgraded to the current schema by the migration steps alone.
                let (raw, _) = drillboard::store::migrate::parse_any_version(text, fuzz)
                    .map_err(|e| e.to_string())?;
                if strict.ok().as_ref() != Some(&session) || raw != session {
                    return Err("a load without warnings changed something".into());
                }
            } else if !matches!(strict, Err(StoreError::NeedsRepair { .. })) {
                return Err("the strict load accepted a file that needed repair".into());
            }
        }
        Err(err) => {
            if parse_session(text, fuzz).is_ok() {
                return Err(format!("strict accepted what repair refused: {err}"));
            }
            if !err.to_string().starts_with("fuzz.ron") {
                return Err(format!("the error does not name the file: {err}"));
            }
        }
    }
    match builtin::parse_scenario(text, fuzz, frameworks) {
        Ok(scenario) => {
            check_scenario(&scenario, frameworks)?;
            outcome.scenario = true;
        }
        Err(err) if !err.to_string().starts_with("fuzz.ron") => {
            return Err(format!("the error does not name the file: {err}"));
        }
        Err(_) => {}
    }
    Ok(outcome)
}

fn check_scenario(scenario: &Scenario, frameworks: &[Framework]) -> Result<(), String> {
    let framework = frameworks
        .iter()
        .find(|f| f.id == scenario.framework)
        .ok_or("a scenario with an unknown framework")?;
    scenario.validate(framework).map_err(|e| e.to_string())?;
    let problems = scenario.reference.diagram.problems();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{problems:?}"))
    }
}

/// Runs `check_input` under `catch_unwind`, so a panic fails with the input that caused it.
fn run_case(case: &str, text: &str, frameworks: &[Framework]) -> Result<Outcome, String> {
    let outcome = catch_unwind(AssertUnwindSafe(|| check_input(text, frameworks)));
    let shown: String = text.chars().take(3_000).collect();
    match outcome {
        Ok(Ok(outcome)) => Ok(outcome),
        Ok(Err(why)) => Err(format!(
            "{case}: {why}\ninput ({} bytes): {shown:?}",
            text.len()
        )),
        Err(_) => Err(format!(
            "{case}: PANIC\ninput ({} bytes): {shown:?}",
            text.len()
        )),
    }
}

fn seeds() -> Vec<(&'static str, String)> {
    let frameworks = builtin::frameworks().expect("frameworks load");
    let scenario = builtin::scenarios(&frameworks)
        .into_iter()
        .flatten()
        .find(|s| s.id == "rag_assistant")
        .expect("built in");
    let framework = frameworks
        .iter()
        .find(|f| f.id == scenario.framework)
        .expect("its framework is built in");
    let mut fresh = Session::start(&scenario, framework, 30, common::EPOCH, Duration::ZERO);
    fresh.drill.tick(Duration::from_secs(42));
    fresh.diagram = Diagram::default();
    vec![
        ("fixture", fixture()),
        ("saved session", text_of(&fresh)),
        ("fraud scenario", read(FRAUD)),
        ("minimal scenario", read(MINIMAL)),
        ("depth scenario", read(DEPTH)),
    ]
}

#[test]
fn ten_thousand_mutated_files_never_panic_and_load_valid_or_fail_cleanly() {
    const CASES: usize = 10_000;
    let started = Instant::now();
    let frameworks = frameworks();
    let seeds = seeds();
    let mut rng = XorShift(0x5eed_d011_b0a2_d001);
    let (mut run, mut loaded, mut repaired, mut scenarios) = (0, 0, 0, 0);
    let mut slowest = (Duration::ZERO, 0);
    for case in 0..CASES {
        let (name, seed) = &seeds[case % seeds.len()];
        let mut bytes = seed.clone().into_bytes();
        for _ in 0..=rng.below(3) {
            mutate(&mut bytes, &mut rng);
        }
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let one = Instant::now();
        let outcome = run_case(
            &format!("case {case} (from the {name})"),
            &text,
            &frameworks,
        )
        .unwrap_or_else(|failure| panic!("{failure}"));
        slowest = slowest.max((one.elapsed(), case));
        run += 1;
        loaded += usize::from(outcome.session);
        repaired += usize::from(outcome.repaired);
        scenarios += usize::from(outcome.scenario);
    }
    println!(
        "fuzz: {run} mutated inputs through the session and scenario loaders in {:.1?} \
         (slowest: case {} in {:.1?}): {loaded} sessions loaded ({repaired} with repairs), \
         {scenarios} scenarios loaded, the rest refused",
        started.elapsed(),
        slowest.1,
        slowest.0,
    );
    assert!(run >= 10_000, "{run}");
    // Enough mutants must survive parsing for the repairs to be exercised, not just the parser.
    assert!(
        repaired > CASES / 50 && scenarios > CASES / 50,
        "{loaded} {repaired} {scenarios}"
    );
}

/// RON-ish text: a session skeleton with generated values (hostile numbers, unknown phases,
/// duplicate and dangling ids), or a soup of tokens.
fn ron_ish() -> impl Strategy<Value = String> {
    let int = prop_oneof![
        8 => (0_u64..20).prop_map(|n| n.to_string()),
        1 => Just("18446744073709551615".to_owned()),
        1 => Just("99999999999999999999".to_owned()),
    ];
    let float = prop_oneof![
        4 => (-500_i32..2_000).prop_map(|n| format!("{n}.0")),
        2 => any::<f32>().prop_map(|f| format!("{f:?}")),
        1 => Just("NaN".to_owned()),
        1 => Just("-inf".to_owned()),
        1 => Just("1e400".to_owned()),
    ];
    let text = prop_oneof![
        "[a-z_]{0,12}".prop_map(|s| format!("{s:?}")),
        Just("\"clarify\"".to_owned()),
        Just("\"data\"".to_owned()),
        Just(format!("{:?}", "é".repeat(10_001))),
    ];
    let node = (int.clone(), text.clone(), float.clone(), float.clone(), float)
        .prop_map(|(id, label, x, y, w)| {
            format!(
                "(id: {id}, kind: Cache, label: {label}, pos: (x: {x}, y: {y}), size: (w: {w}, h: 80.0))"
            )
        });
    let edge =
        (int.clone(), int.clone(), int.clone(), text.clone()).prop_map(|(id, from, to, label)| {
            format!("(id: {id}, from: {from}, to: {to}, label: {label})")
        });
    let phase = (text.clone(), int.clone(), text.clone()).prop_map(|(phase, ms, notes)| {
        format!("(phase: {phase}, elapsed_ms: {ms}, notes: {notes}, checked: [0, 7])")
    });
    let skeleton = (
        prop::collection::vec(phase, 0..9),
        prop::collection::vec(node, 0..8),
        prop::collection::vec(edge, 0..8),
        int.clone(),
        int,
        text,
    )
        .prop_map(|(phases, nodes, edges, current, minutes, id)| {
            format!(
                "(version: 1, id: {id}, scenario_id: \"s\", scenario_title: \"t\", framework_id: \"seven_phase\", \
                 created: \"2026-11-23T09:00:00Z\", updated: \"2026-11-23T09:00:00Z\", \
                 drill: (total_minutes: {minutes}, current: {current}, status: Paused, phases: [{}]), \
                 diagram: (nodes: [{}], edges: [{}]))",
                phases.join(", "),
                nodes.join(", "),
                edges.join(", ")
            )
        });
    let soup = prop::collection::vec(prop::sample::select(NASTY), 0..40).prop_map(|t| t.concat());
    prop_oneof![3 => skeleton, 1 => soup]
}

#[test]
fn generated_ron_never_panics_and_loads_valid_or_fails_cleanly() {
    const CASES: u32 = 2_000;
    let started = Instant::now();
    let frameworks = frameworks();
    let config = Config {
        cases: CASES,
        rng_seed: RngSeed::Fixed(0x0d11_b0a2),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let run = AtomicU32::new(0);
    let repaired = AtomicU32::new(0);
    let result = runner.run(&ron_ish(), |text| {
        run.fetch_add(1, Ordering::Relaxed);
        let outcome = run_case("generated", &text, &frameworks).map_err(TestCaseError::fail)?;
        repaired.fetch_add(u32::from(outcome.repaired), Ordering::Relaxed);
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    let (run, repaired) = (run.into_inner(), repaired.into_inner());
    println!(
        "fuzz: {run} generated inputs in {:.1?} ({repaired} sessions loaded with repairs)",
        started.elapsed()
    );
    assert!(run >= CASES, "{run}");
    assert!(
        repaired > CASES / 10,
        "the skeletons exercise repairs: {repaired}"
    );
}
