//! Files: RON round trips, atomic saves that fail safely, clear load errors.

mod common;

use std::fs;
use std::time::Duration;

use drillboard::model::{
    DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, NodeKind, Point, SCHEMA_VERSION, Session,
};
use drillboard::store::{StoreError, builtin, load_session, parse_session, save_session};

fn sample_session() -> Session {
    let framework = builtin::framework();
    let scenario = builtin::scenarios(std::slice::from_ref(framework))
        .into_iter()
        .flatten()
        .find(|s| s.id == "fraud_detection")
        .expect("fraud scenario is built in");
    let mut session = Session::start(&scenario, framework, 45, common::EPOCH, Duration::ZERO);
    session.drill.tick(Duration::from_secs(75));
    session.drill.phases[0].notes = "Peak 10k TPS.\nLabels: chargebacks, \"30 days\" late.".into();
    session.drill.phases[0].checked = vec![0, 2];
    session.diagram.nodes.push(DiagramNode {
        id: NodeId(1),
        kind: NodeKind::EventStream,
        label: "Kafka".into(),
        pos: Point { x: 10.5, y: -20.0 },
        size: DiagramNode::DEFAULT_SIZE,
    });
    session.diagram.nodes.push(DiagramNode {
        id: NodeId(2),
        kind: NodeKind::ModelServer,
        label: "GBDT scorer".into(),
        pos: Point { x: 300.0, y: 0.0 },
        size: DiagramNode::DEFAULT_SIZE,
    });
    session.diagram.edges.push(DiagramEdge {
        id: EdgeId(1),
        from: NodeId(1),
        to: NodeId(2),
        label: "tx events".into(),
        kind: EdgeKind::Stream,
    });
    session
}

#[test]
fn a_session_round_trips_through_ron_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let session = sample_session();
    save_session(&session, &path).expect("saves");
    let text = fs::read_to_string(&path).expect("reads");
    assert!(
        text.starts_with(&format!("(\n\tversion: {SCHEMA_VERSION},")),
        "pretty, version first:\n{text}"
    );
    assert!(text.contains("created: \"2026-11-23T09:00:00Z\""), "{text}");
    let loaded = load_session(&path).expect("loads");
    assert_eq!(loaded, session);
    // Saving again gives byte-identical output: diff-friendly.
    save_session(&loaded, &path).expect("saves again");
    assert_eq!(fs::read_to_string(&path).expect("reads"), text);
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let mut session = sample_session();
    save_session(&session, &path).expect("first save");
    let before = fs::read(&path).expect("reads");

    // Block the temp file the writer needs. (Tests run as root in CI, where a read-only
    // folder does not stop writes, so the failure is made this way.)
    let temp = dir
        .path()
        .join(format!(".s.ron.{}.tmp", std::process::id()));
    fs::create_dir(&temp).expect("blocker");
    session.drill.phases[0].notes = "changed".into();
    let err = save_session(&session, &path).expect_err("the save must fail");
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert!(err.to_string().contains(".s.ron."), "names the file: {err}");
    assert_eq!(
        fs::read(&path).expect("reads"),
        before,
        "old file untouched"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_fails_cleanly_for_non_root_users() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let session = sample_session();
    save_session(&session, &path).expect("first save");
    let before = fs::read(&path).expect("reads");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o555)).expect("chmod");
    let probe = fs::write(dir.path().join("probe"), b"x");
    let result = save_session(&session, &path);
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod back");
    if probe.is_err() {
        // Not root: the folder really is read-only and the save must say so.
        let err = result.expect_err("read-only folder");
        assert!(err.to_string().contains("create failed"), "{err}");
    } else {
        // Root ignores folder permissions; the save simply succeeds.
        result.expect("root can write");
    }
    assert!(fs::read(&path).expect("reads") == before || load_session(&path).is_ok());
}

#[test]
fn load_errors_give_file_line_and_column() {
    let text = "(\n    version: 1,\n    id: 42,\n)";
    let err = parse_session(text, std::path::Path::new("bad.ron")).expect_err("bad");
    let message = err.to_string();
    assert!(message.starts_with("bad.ron:3:"), "{message}");
    assert!(
        message.contains("string"),
        "says what was expected: {message}"
    );
}

#[test]
fn a_newer_schema_version_is_refused() {
    let session = sample_session();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("new.ron");
    save_session(&session, &path).expect("saves");
    let text = fs::read_to_string(&path).expect("reads").replacen(
        &format!("version: {SCHEMA_VERSION},"),
        &format!(
            "version: {},\n    future_field: [1, 2],",
            SCHEMA_VERSION + 1
        ),
        1,
    );
    fs::write(&path, &text).expect("writes");
    let err = load_session(&path).expect_err("newer is refused");
    assert!(
        matches!(err, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 1),
        "{err}"
    );
    assert!(err.to_string().contains("newer Drillboard"), "{err}");
    assert_eq!(
        fs::read_to_string(&path).expect("reads"),
        text,
        "never overwritten"
    );
}

#[test]
fn empty_binary_and_dangling_files_get_clear_errors() {
    let path = std::path::Path::new("x.ron");
    let empty = parse_session("  \n", path).expect_err("empty");
    assert!(empty.to_string().contains("empty"), "{empty}");

    let mut session = sample_session();
    session.diagram.edges[0].to = NodeId(99);
    let text = drillboard::store::ron_file::to_pretty(&session, path).expect("serialises");
    let dangling = parse_session(&text, path).expect_err("dangling edge");
    assert!(
        dangling.to_string().contains("missing node 99"),
        "{dangling}"
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let junk = dir.path().join("junk.ron");
    fs::write(&junk, [0xff, 0xfe, 0x00, 0x41]).expect("writes");
    let err = load_session(&junk).expect_err("binary junk");
    assert!(
        err.to_string()
            .contains("junk.ron:1:1: the file is not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn the_library_lists_saved_sessions_newest_first() {
    let test = common::TestApp::new();
    let library = test.library();
    let mut older = sample_session();
    older.id = "a-older".into();
    older.created = drillboard::model::Timestamp(common::EPOCH.0 - 86_400);
    let newer = sample_session();
    library.save(&older).expect("saves");
    library.save(&newer).expect("saves");
    fs::write(library.sessions_dir().join("broken.ron"), "(").expect("writes");
    let (summaries, errors) = library.sessions();
    let ids: Vec<_> = summaries.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, [newer.id.as_str(), "a-older"]);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].to_string().contains("broken.ron:1:"),
        "{}",
        errors[0]
    );
}

/// `tests/fixtures/session_v<N>.ron`: one file as each released schema version wrote it.
fn fixtures() -> Vec<(u32, std::path::PathBuf)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut found: Vec<(u32, std::path::PathBuf)> = fs::read_dir(&dir)
        .expect("tests/fixtures exists")
        .map(|entry| entry.expect("listable").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let version = name.strip_prefix("session_v")?.strip_suffix(".ron")?;
            Some((version.parse().ok()?, path))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_released_schema_version_loads_and_validates() {
    use drillboard::store::migrate::{OLDEST_VERSION, VersionField, probe_version};
    let fixtures = fixtures();
    let versions: Vec<u32> = fixtures.iter().map(|(v, _)| *v).collect();
    assert_eq!(
        versions,
        (OLDEST_VERSION..=SCHEMA_VERSION).collect::<Vec<_>>(),
        "one fixture per schema version"
    );
    let framework = builtin::framework();
    for (version, path) in &fixtures {
        let text = fs::read_to_string(path).expect("reads");
        assert!(
            matches!(probe_version(&text), VersionField::Number { version: v, .. } if v == *version),
            "{} says it is version {version}",
            path.display()
        );
        let session = load_session(path).unwrap_or_else(|err| panic!("{err}"));
        assert_eq!(
            session.version, SCHEMA_VERSION,
            "migrated to the current schema"
        );
        let (repaired, warnings) =
            drillboard::store::load_session_repaired(path).unwrap_or_else(|err| panic!("{err}"));
        assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
        assert_eq!(repaired, session);
        assert!(session.diagram.problems().is_empty());
        assert!(
            session
                .snapshots
                .iter()
                .all(|s| s.diagram.problems().is_empty())
        );
        assert_eq!(session.framework_id, framework.id);
        assert_eq!(session.drill.phases.len(), framework.phases.len());
        // A realistic, finished drill: every part of the file is exercised.
        assert_eq!(
            session.drill.status,
            drillboard::model::DrillStatus::Finished
        );
        assert!(session.drill.phases.iter().all(|p| !p.notes.is_empty()));
        assert!(!session.drill.log.is_empty() && !session.scores.is_empty());
        assert!(!session.diagram.zones.is_empty() && !session.snapshots.is_empty());
        // Saved again, it is a valid file of the current version.
        let dir = tempfile::tempdir().expect("temp dir");
        let copy = dir.path().join("copy.ron");
        save_session(&session, &copy).expect("saves");
        assert_eq!(load_session(&copy).expect("loads"), session);
    }
}

#[test]
fn the_newest_fixture_is_exactly_what_this_build_writes() {
    let (version, path) = fixtures().pop().expect("a fixture");
    assert_eq!(
        version, SCHEMA_VERSION,
        "add a fixture for the new schema version"
    );
    let text = fs::read_to_string(&path).expect("reads");
    let session = load_session(&path).expect("loads");
    let written = drillboard::store::ron_file::to_pretty(&session, &path).expect("serialises");
    assert_eq!(written, text, "byte for byte");
}

/// Builds before 2026-11-23 spelled out default box sizes, empty arrow labels and request
/// kinds; this build leaves them out. Both spellings load to the same session.
#[test]
fn files_that_spell_out_defaults_load_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let explicit = load_session(&dir.join("session_v1_explicit_defaults.ron")).expect("loads");
    let current = load_session(&dir.join("session_v1.ron")).expect("loads");
    assert_eq!(explicit, current);
    let old_text = fs::read_to_string(dir.join("session_v1_explicit_defaults.ron")).expect("reads");
    let new_text = fs::read_to_string(dir.join("session_v1.ron")).expect("reads");
    assert!(old_text.contains("w: 160.0") && !new_text.contains("w: 160.0"));
    assert!(new_text.len() < old_text.len());
}

/// Fails the atomic write before each of its steps in turn: the file on disk always parses and
/// is the old version, and no temp file is left behind; without a failure it is the new one.
#[test]
fn an_atomic_save_failing_at_any_step_leaves_the_old_file() {
    use drillboard::store::atomic::{Step, write_atomic_with};
    use drillboard::store::ron_file::to_pretty;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let old = sample_session();
    save_session(&old, &path).expect("first save");
    let mut new = old.clone();
    new.drill.phases[0]
        .notes
        .push_str("\nA second thought, longer than the first.");
    let text = to_pretty(&new, &path).expect("serialises");
    for fail_at in Step::ALL {
        let result = write_atomic_with(&path, text.as_bytes(), &mut |step| {
            if step == fail_at {
                Err(std::io::Error::other("injected: disk full"))
            } else {
                Ok(())
            }
        });
        let err = result.expect_err("the injected failure is reported");
        assert!(err.to_string().contains("disk full"), "{fail_at:?}: {err}");
        assert_eq!(
            load_session(&path).expect("still parses"),
            old,
            "failing at {fail_at:?} keeps the old version"
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("lists")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names,
            ["s.ron"],
            "no temp file after failing at {fail_at:?}"
        );
    }
    write_atomic_with(&path, text.as_bytes(), &mut |_| Ok(())).expect("saves");
    assert_eq!(load_session(&path).expect("parses"), new);
}

/// Set in the child process of the kill test: write versions forever, reporting each.
const WRITER_ENV: &str = "DRILLBOARD_TEST_WRITER";

/// The child half of the kill test: alternates two versions of a session into the file named
/// by `WRITER_ENV`, printing a line after each save, until it is killed.
#[test]
fn writer_child_process() {
    use std::io::Write as _;
    let Some(path) = std::env::var_os(WRITER_ENV) else {
        return; // Only does anything when the kill test starts it.
    };
    let path = std::path::PathBuf::from(path);
    let versions = kill_test_versions();
    let mut out = std::io::stdout();
    for n in 0.. {
        save_session(&versions[n % 2], &path).expect("child saves");
        let _ = writeln!(out, "saved {n}");
        let _ = out.flush();
    }
}

fn kill_test_versions() -> [Session; 2] {
    let a = sample_session();
    let mut b = a.clone();
    // Much longer, so a torn write would be visible as a cut file.
    b.drill.phases[1].notes = "x".repeat(200_000);
    [a, b]
}

/// Kills a process that is saving in a loop, 25 times at arbitrary moments: every time, the file
/// on disk parses and is one of the two versions.
#[test]
fn killing_a_writer_mid_save_never_leaves_a_broken_file() {
    use std::io::BufRead as _;
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let versions = kill_test_versions();
    let exe = std::env::current_exe().expect("test binary path");
    for round in 0..25_usize {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "writer_child_process",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_ENV, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("child starts");
        let stdout = child.stdout.take().expect("piped");
        // Wait for a varying number of completed saves, then kill during the next one.
        let wanted = 1 + round % 4;
        let mut seen = 0;
        for line in std::io::BufReader::new(stdout).lines() {
            if line.expect("reads").starts_with("saved ") {
                seen += 1;
                if seen == wanted {
                    break;
                }
            }
        }
        child.kill().expect("kill -9");
        let _ = child.wait();
        assert_eq!(seen, wanted, "round {round}: the child saved");
        let on_disk = load_session(&path)
            .unwrap_or_else(|err| panic!("round {round}: the file must parse: {err}"));
        assert!(
            versions.contains(&on_disk),
            "round {round}: the file is one of the versions written"
        );
    }
}

/// The library's summary index: a second listing parses nothing unchanged, sees edits and
/// deletions, and a corrupt index is rebuilt without losing a session.
#[test]
fn the_summary_index_parses_only_changed_files() {
    use drillboard::store::index::SummaryIndex;
    use drillboard::store::{Library, SessionSummary, load_session_repaired};
    let dir = tempfile::tempdir().expect("temp dir");
    let library = Library::new(dir.path());
    let mut paths = Vec::new();
    for i in 0..3 {
        let mut session = sample_session();
        session.id = format!("s{i}");
        paths.push(library.save(&session).expect("saves"));
    }
    let loads = std::cell::Cell::new(0);
    let load = |path: &std::path::Path| {
        loads.set(loads.get() + 1);
        load_session_repaired(path).map(|(s, _)| SessionSummary::of(&s, path.to_path_buf()))
    };
    let mut index = SummaryIndex::default();
    let (listed, errors, changed) = index.refresh(&library.sessions_dir(), load);
    assert_eq!(
        (listed.len(), errors.len(), changed, loads.get()),
        (3, 0, true, 3)
    );
    index.write(&library.index_path()).expect("writes");

    let mut index = SummaryIndex::read(&library.index_path());
    let (again, _, changed) = index.refresh(&library.sessions_dir(), load);
    assert_eq!(
        (again.clone(), changed, loads.get()),
        (listed, false, 3),
        "nothing re-parsed"
    );

    let mut edited = load_session(&paths[1]).expect("loads");
    edited.drill.phases[0].notes = "edited since the index was written".into();
    save_session(&edited, &paths[1]).expect("saves");
    fs::remove_file(&paths[2]).expect("deletes");
    let (now, _, changed) = index.refresh(&library.sessions_dir(), load);
    assert!(changed);
    assert_eq!(loads.get(), 4, "only the edited file is parsed");
    assert_eq!(now.len(), 2);
    assert!(
        now.iter()
            .any(|s| s.notes_preview.starts_with("edited since"))
    );

    // Through the library: a corrupt index is ignored and rebuilt.
    fs::write(library.index_path(), "(version: 1, entries: [(((").expect("corrupts");
    let (sessions, errors) = library.sessions();
    assert_eq!((sessions.len(), errors.len()), (2, 0));
    assert!(
        SummaryIndex::read(&library.index_path())
            .refresh(&library.sessions_dir(), |_| {
                Err(StoreError::invalid(
                    std::path::Path::new("x"),
                    "must not be parsed",
                ))
            })
            .1
            .is_empty(),
        "the rebuilt index covers every file"
    );
}

/// Saves `session` through the saver thread to `path` and returns the outcome.
fn save_through_saver(
    saver: &mut drillboard::store::autosave::Saver,
    session: &Session,
    path: &std::path::Path,
    library_root: Option<&std::path::Path>,
    generation: u64,
) -> drillboard::store::autosave::SaveOutcome {
    saver.save(drillboard::store::autosave::SaveJob {
        session: session.clone(),
        path: path.to_path_buf(),
        library_root: library_root.map(std::path::Path::to_path_buf),
        checkpoint: true,
        force: false,
        generation,
    });
    saver.flush();
    let mut outcomes = saver.poll();
    assert_eq!(outcomes.len(), 1);
    outcomes.remove(0)
}

/// A session too large for the loader is refused before anything is written, with a message
/// saying so (not "changed on disk"), and the file on disk still opens; the next save of a
/// session that fits goes through.
#[test]
fn a_session_too_large_to_read_back_is_refused_before_it_is_written() {
    use drillboard::store::ron_file::MAX_FILE_BYTES;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let small = sample_session();
    let mut saver = drillboard::store::autosave::Saver::spawn();
    assert!(
        save_through_saver(&mut saver, &small, &path, None, 1)
            .result
            .is_ok()
    );
    let before = fs::read(&path).expect("reads");
    let mut huge = small.clone();
    for phase in &mut huge.drill.phases {
        phase.notes = "n".repeat(3 * 1024 * 1024);
    }
    for generation in [2, 3] {
        let outcome = save_through_saver(&mut saver, &huge, &path, None, generation);
        let err = outcome.result.expect_err("too large");
        assert!(
            matches!(err, StoreError::TooLargeToSave { limit, .. } if limit == MAX_FILE_BYTES),
            "{err}"
        );
        let message = err.to_string();
        assert!(
            message.contains("the session is too large to save (")
                && message.contains("MiB over the limit 16 MiB")
                && !message.contains("changed on disk"),
            "{message}"
        );
    }
    assert_eq!(fs::read(&path).expect("reads"), before, "nothing written");
    assert_eq!(load_session(&path).expect("still opens"), small);
    let direct = save_session(&huge, &path).expect_err("the plain saver refuses too");
    assert!(
        matches!(direct, StoreError::TooLargeToSave { .. }),
        "{direct}"
    );
    let mut edited = small.clone();
    edited.drill.phases[0].notes = "cut back down".into();
    let outcome = save_through_saver(&mut saver, &edited, &path, None, 4);
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    assert_eq!(load_session(&path).expect("opens"), edited);
}

/// The largest diagram the limits allow (20,000 boxes and 30,000 arrows with realistic
/// labels), through 7 phase changes that each move every box, add boxes and relabel some,
/// saves under the read limit and reads back exactly.
#[test]
fn the_biggest_session_the_limits_allow_round_trips() {
    use drillboard::model::limits::MAX_NODES;
    use drillboard::store::ron_file::{MAX_FILE_BYTES, to_pretty};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.ron");
    let mut session = builtin::grid_session(MAX_NODES - 700, 7).expect("grid");
    session.drill.resume(Duration::ZERO);
    for phase in 1..=7_usize {
        for node in &mut session.diagram.nodes {
            node.pos.x += 240.0;
        }
        for (i, node) in session.diagram.nodes.iter_mut().enumerate() {
            if i % 50 == phase {
                node.label = format!("{} (revised in phase {phase})", node.label);
            }
        }
        let next = session.diagram.next_node_id().0;
        for i in 0..100 {
            session.diagram.nodes.push(DiagramNode {
                id: NodeId(next + i),
                kind: NodeKind::Cache,
                label: format!("cache {phase}.{i}"),
                pos: Point {
                    x: 0.0,
                    y: (i * 100) as f32,
                },
                size: DiagramNode::DEFAULT_SIZE,
            });
        }
        assert!(session.go_to_phase(
            phase % session.drill.phases.len(),
            Duration::from_secs(60 * phase as u64)
        ));
    }
    assert_eq!(session.diagram.nodes.len(), MAX_NODES);
    assert_eq!(session.snapshots.len(), 7);
    let text = to_pretty(&session, &path).expect("serialises");
    // About 14 MB: each full move of 20,000 boxes costs about 1 MB.
    assert!(
        (text.len() as u64) < MAX_FILE_BYTES,
        "{} bytes is over {MAX_FILE_BYTES}",
        text.len()
    );
    save_session(&session, &path).expect("saves");
    assert_eq!(load_session(&path).expect("reads back"), session);
}

/// A `backups/` the saver cannot write to does not make a landed save "failed": the outcome
/// says saved, with the backup's error beside it.
#[test]
fn a_backup_that_fails_is_reported_apart_from_a_save_that_landed() {
    use drillboard::store::autosave::SaveReport;
    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the backups folder goes: no backup can be written (also as root).
    fs::write(dir.path().join("backups"), b"not a folder").expect("writes");
    let path = dir.path().join("sessions").join("s.ron");
    let session = sample_session();
    let mut saver = drillboard::store::autosave::Saver::spawn();
    let outcome = save_through_saver(&mut saver, &session, &path, Some(dir.path()), 1);
    assert!(outcome.result.is_ok(), "{:?}", outcome.result);
    match outcome.report() {
        SaveReport::SavedWithoutBackup(err) => {
            assert!(err.to_string().contains("backups"), "{err}");
        }
        other => panic!("expected saved without backup, got {other:?}"),
    }
    assert_eq!(load_session(&path).expect("saved"), session);
}

/// A field this build does not know is found with its position; the app's loader opens the
/// session read-only, and every loader that could lead to a save refuses it.
#[test]
fn an_unknown_field_is_reported_and_the_session_opens_read_only() {
    use drillboard::store::{load_session_repaired, open_session};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    save_session(&sample_session(), &path).expect("saves");
    let text = fs::read_to_string(&path).expect("reads").replacen(
        "\t\tkeep_going: false,",
        "\t\tkeep_going: false,\n\t\tgrowth_rate: 1.5,",
        1,
    );
    assert!(text.contains("growth_rate"));
    fs::write(&path, &text).expect("writes");
    let line = text[..text.find("growth_rate").expect("there")]
        .matches('\n')
        .count()
        + 1;

    let loaded = open_session(&path).expect("opens");
    assert_eq!(loaded.unknown_fields.len(), 1);
    let field = &loaded.unknown_fields[0];
    assert_eq!(
        (field.field.as_str(), field.line, field.col),
        ("drill.growth_rate", line, 3)
    );
    let reason = loaded.read_only_reason(&path).expect("read-only");
    assert!(
        reason.contains(&format!(
            "s.ron:{line}:3: unknown field `drill.growth_rate`"
        )),
        "{reason}"
    );
    for err in [
        load_session_repaired(&path)
            .map(|_| ())
            .expect_err("refused"),
        load_session(&path).map(|_| ()).expect_err("refused"),
    ] {
        assert!(matches!(err, StoreError::UnknownField { .. }), "{err}");
    }
    assert_eq!(fs::read_to_string(&path).expect("reads"), text, "untouched");
    let (listed, errors) = drillboard::store::Library::new(dir.path()).sessions();
    assert!(
        errors.is_empty() && listed.is_empty(),
        "not in the library's folder"
    );
}

/// A UTF-8 byte order mark before a session or a scenario is skipped.
#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("s.ron");
    let session = sample_session();
    save_session(&session, &path).expect("saves");
    let text = format!("\u{feff}{}", fs::read_to_string(&path).expect("reads"));
    fs::write(&path, text).expect("writes");
    assert_eq!(load_session(&path).expect("loads"), session);
    let scenario = fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/fraud_detection.ron"
    ))
    .expect("reads");
    let frameworks = builtin::frameworks().expect("frameworks");
    let parsed = builtin::parse_scenario(&format!("\u{feff}{scenario}"), &path, &frameworks)
        .expect("parses");
    assert_eq!(parsed.id, "fraud_detection");
}

/// A save killed mid-write leaves a temp file; the next start removes it (and keeps the
/// temp files of a writer that may still be running).
#[test]
fn leftover_temp_files_of_killed_saves_are_cleaned_at_start() {
    let test = common::TestApp::new();
    let library = test.library();
    let path = library.save(&sample_session()).expect("saves");
    let sessions = library.sessions_dir();
    let killed = sessions.join(format!(
        ".{}.0.tmp",
        path.file_name().expect("name").to_string_lossy()
    ));
    fs::write(&killed, vec![b'x'; 2 * 1024 * 1024]).expect("writes");
    let ours = sessions.join(format!(".other.ron.{}.tmp", std::process::id()));
    fs::write(&ours, b"being written").expect("writes");
    let removed = library.clean_leftovers();
    if std::path::Path::new("/proc/self/stat").exists() {
        assert_eq!(removed, std::slice::from_ref(&killed));
        assert!(!killed.exists());
    }
    assert!(ours.exists() && path.exists());
}

/// Version 3 had no typed questions: the candidate picked the scripted one, so after the
/// upgrade their words are the scripted text; version 4 keeps what was typed.
#[test]
fn asked_questions_keep_the_candidates_words_from_version_4() {
    use drillboard::model::InterviewEvent;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let asked = |name: &str| -> Vec<(String, String)> {
        let session = load_session(&dir.join(name)).expect("loads");
        session
            .drill
            .log
            .into_iter()
            .filter_map(|e| match e {
                InterviewEvent::Asked {
                    question, asked_as, ..
                } => Some((question, asked_as)),
                _ => None,
            })
            .collect()
    };
    let old = asked("session_v3.ron");
    assert_eq!(old.len(), 2);
    assert!(old.iter().all(|(question, words)| question == words));
    let new = asked("session_v4.ron");
    assert_eq!(new.len(), 2);
    assert_eq!(
        new[0].1,
        "how many payments a second, and what is the fraud rate?"
    );
    assert!(new.iter().all(|(question, words)| question != words));
}

/// A session's replay log is appended off the UI thread, never emptied when a new log starts
/// where one is, carried into backups and restored with them, and moved to the trash and back
/// with its session.
#[test]
fn the_replay_log_travels_with_its_session() {
    use drillboard::model::{EditEvent, LogEntry};
    use drillboard::store::autosave::{ReplayJob, ReplayStart, Saver};
    use drillboard::store::replay_file::{ReplayHeader, read_replay, replay_path};

    let dir = tempfile::tempdir().expect("temp dir");
    let library = drillboard::store::Library::new(dir.path());
    let session = sample_session();
    let path = library.save(&session).expect("saves");
    let replay = replay_path(&path);
    let entries = |from: u64, n: u64| -> Vec<LogEntry> {
        (from..from + n)
            .map(|i| LogEntry {
                at_ms: i * 1_000,
                event: EditEvent::Phase {
                    index: (i % 2) as usize,
                },
            })
            .collect()
    };
    let header = ReplayHeader::new(&session.id, session.drill.phases.len());
    let mut saver = Saver::spawn();
    let job = |start, entries| ReplayJob {
        path: replay.clone(),
        header: header.clone(),
        start,
        entries,
    };
    saver.append_replay(job(ReplayStart::Fresh, entries(0, 3)));
    saver.append_replay(job(ReplayStart::Continue, entries(3, 2)));
    saver.flush();
    assert!(saver.replay_failures().is_empty());
    assert_eq!(read_replay(&replay).expect("reads").entries, entries(0, 5));

    // A resumed drill goes on after a torn last line; it is never started over.
    saver.close_replay(replay.clone());
    saver.flush();
    let mut bytes = fs::read(&replay).expect("reads");
    bytes.extend_from_slice(b"(at_ms:9000,event:Pha");
    fs::write(&replay, &bytes).expect("writes");
    saver.append_replay(job(ReplayStart::Continue, entries(5, 1)));
    saver.flush();
    assert_eq!(read_replay(&replay).expect("reads").entries, entries(0, 6));

    // A checkpoint save backs the log up beside the session's backup.
    let outcome = save_through_saver(&mut saver, &session, &path, Some(dir.path()), 1);
    assert!(outcome.result.is_ok() && outcome.backup_error.is_none());
    let backups = drillboard::store::backup::backups(dir.path(), &session.id);
    let backed_up = replay_path(backups.last().expect("a backup"));
    assert_eq!(
        read_replay(&backed_up).expect("reads").entries,
        entries(0, 6)
    );

    // A fresh log where one exists sets the old one aside.
    saver.append_replay(job(ReplayStart::Fresh, entries(100, 1)));
    saver.flush();
    assert_eq!(
        read_replay(&replay).expect("reads").entries,
        entries(100, 1)
    );
    let aside = replay.with_file_name(format!(
        "{}.orig",
        replay.file_name().and_then(|n| n.to_str()).expect("a name")
    ));
    assert_eq!(read_replay(&aside).expect("reads").entries, entries(0, 6));

    // Restoring the backup brings its log back.
    let backup =
        drillboard::store::backup::newest_readable_backup(dir.path(), &path).expect("readable");
    drillboard::store::backup::restore_backup(dir.path(), &backup, &path).expect("restores");
    assert_eq!(read_replay(&replay).expect("reads").entries, entries(0, 6));

    // Trash and undo move the log with the session; the index never lists it.
    saver.close_replay(replay.clone());
    saver.flush();
    let trashed = library.trash(&path).expect("trashes");
    assert!(!replay.exists());
    assert!(replay_path(&trashed).exists());
    library.restore(&trashed, &path).expect("restores");
    assert_eq!(read_replay(&replay).expect("reads").entries, entries(0, 6));
    let (listed, errors) = library.sessions();
    assert_eq!((listed.len(), errors.len()), (1, 0));
}

/// A replay log that cannot be written is reported once, not with every batch; its entries
/// wait and are written, in order, once the file can be.
#[test]
fn a_failing_replay_log_is_reported_once_and_catches_up() {
    use drillboard::model::{EditEvent, LogEntry};
    use drillboard::store::autosave::{ReplayJob, ReplayStart, Saver};
    use drillboard::store::replay_file::{ReplayHeader, read_replay};

    let dir = tempfile::tempdir().expect("temp dir");
    // A file where the log's folder should be: every open fails.
    let blocker = dir.path().join("sessions");
    fs::write(&blocker, "not a folder").expect("writes");
    let replay = blocker.join("s1.replay");
    let entry = |i: u64| LogEntry {
        at_ms: i * 1_000,
        event: EditEvent::Paused,
    };
    let mut saver = Saver::spawn();
    for i in 0..3 {
        saver.append_replay(ReplayJob {
            path: replay.clone(),
            header: ReplayHeader::new("s1", 7),
            start: if i == 0 {
                ReplayStart::Fresh
            } else {
                ReplayStart::Continue
            },
            entries: vec![entry(i)],
        });
    }
    saver.flush();
    assert_eq!(saver.replay_failures().len(), 1, "one report for the run");
    fs::remove_file(&blocker).expect("removes");
    saver.append_replay(ReplayJob {
        path: replay.clone(),
        header: ReplayHeader::new("s1", 7),
        start: ReplayStart::Continue,
        entries: vec![entry(3)],
    });
    saver.flush();
    assert!(saver.replay_failures().is_empty());
    let written = read_replay(&replay).expect("reads").entries;
    assert_eq!(written, (0..4).map(entry).collect::<Vec<_>>());
}

/// A complete sheet for the sample session: every red flag answered, every item covered,
/// every competency at `level`, with its verdict.
fn complete_sheet(session: &Session, level: u8) -> drillboard::model::ScoreSheet {
    use drillboard::model::verdict::{FlagCheck, FlagOutcome, ScoringModel, scored_rubric};
    use drillboard::model::{Coverage, ItemMark, Scorer, Signal, SignalScore};
    let framework = builtin::framework();
    let scenario = builtin::scenarios(std::slice::from_ref(framework))
        .into_iter()
        .flatten()
        .find(|s| s.id == session.scenario_id)
        .expect("built in");
    let mut sheet = drillboard::model::ScoreSheet {
        at: common::EPOCH,
        by: Scorer::Candidate,
        model: ScoringModel::Competency,
        predicted_band: None,
        predicted_level: None,
        flags: scenario
            .red_flags
            .iter()
            .map(|flag| FlagCheck {
                flag: flag.clone(),
                outcome: FlagOutcome::NotCommitted,
            })
            .collect(),
        items: scenario
            .rubric
            .iter()
            .map(|i| ItemMark::new(&i.id, Coverage::Covered))
            .collect(),
        signals: Signal::ALL
            .iter()
            .map(|s| SignalScore { signal: *s, level })
            .collect(),
        rubric: scored_rubric(&scenario, framework, session.target),
        result: None,
    };
    sheet.result =
        drillboard::model::scoring::score(&sheet, framework, &session.drill, session.target);
    sheet
}

#[test]
fn a_partner_score_round_trips_and_is_imported_beside_the_self_score() {
    use drillboard::model::Scorer;
    use drillboard::store::partner_score::{
        PartnerScore, default_file_name, import_partner_score, load_partner_score,
        save_partner_score,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut session = sample_session();
    session.scores.push(complete_sheet(&session, 3));
    let session_path = dir.path().join(session.file_name());
    let name = default_file_name(&session_path, &session.id, "  Sam O'Neil ");
    assert_eq!(name, format!("{}.partner-sam-o-neil.ron", session.id));
    let path = dir.path().join(&name);
    let score = PartnerScore::new(&session, "  Sam O'Neil ", complete_sheet(&session, 2));
    assert_eq!(score.partner(), "Sam O'Neil");
    save_partner_score(&score, &path).expect("saves");
    let read = load_partner_score(&path).expect("reads back");
    assert_eq!(read, score);

    import_partner_score(&mut session, read.clone(), &path).expect("imports");
    assert_eq!(session.scores.len(), 2);
    assert_eq!(
        session.latest_partner_score().map(|s| &s.by),
        Some(&Scorer::Partner {
            name: "Sam O'Neil".to_owned()
        })
    );
    assert_eq!(session.latest_self_score(), session.scores.first());
    // The library's summary keeps the candidate's own verdict.
    let summary = drillboard::store::SessionSummary::of(&session, session_path.clone());
    assert_eq!(summary.score, session.scores[0].result);
    assert_ne!(
        summary.score, session.scores[1].result,
        "the two verdicts differ"
    );
    // The session saves and reads back with the partner's revision.
    save_session(&session, &session_path).expect("saves");
    assert_eq!(load_session(&session_path).expect("loads"), session);
    // Importing it again changes nothing.
    let again = import_partner_score(&mut session, read, &path).expect_err("already there");
    assert!(again.to_string().contains("already imported"), "{again}");
    assert_eq!(session.scores.len(), 2);
}

#[test]
fn a_partner_score_of_another_session_is_refused_with_both_ids() {
    use drillboard::store::partner_score::{PartnerScore, import_partner_score};
    let mut session = sample_session();
    let mut other = session.clone();
    other.id = "someone-else".to_owned();
    let score = PartnerScore::new(&other, "Sam", complete_sheet(&other, 2));
    let file = std::path::Path::new("sam.ron");
    let err = import_partner_score(&mut session, score, file).expect_err("another session");
    let text = err.to_string();
    assert!(
        text.contains("sam.ron") && text.contains("someone-else") && text.contains(&session.id),
        "{text}"
    );
    assert!(session.scores.is_empty(), "nothing was added");
    // Another scenario with the same id is refused too.
    let mut moved = session.clone();
    moved.scenario_id = "ads_ctr".to_owned();
    let score = PartnerScore::new(&moved, "Sam", complete_sheet(&session, 2));
    let err = import_partner_score(&mut session, score, file).expect_err("another scenario");
    assert!(err.to_string().contains("ads_ctr"), "{err}");
}

#[test]
fn broken_newer_and_foreign_partner_scores_are_refused_with_the_reason() {
    use drillboard::store::partner_score::{PartnerScore, load_partner_score, save_partner_score};
    let dir = tempfile::tempdir().expect("temp dir");
    let session = sample_session();
    let good = dir.path().join("good.ron");
    let score = PartnerScore::new(&session, "Sam", complete_sheet(&session, 2));
    save_partner_score(&score, &good).expect("saves");
    let text = fs::read_to_string(&good).expect("reads");
    let write = |name: &str, body: &str| {
        let path = dir.path().join(name);
        fs::write(&path, body).expect("writes");
        path
    };

    // Cut short: the parser's line and column.
    let cut = write("cut.ron", &text[..text.len() / 2]);
    let err = load_partner_score(&cut).expect_err("cut short");
    assert!(matches!(err, StoreError::Parse { .. }), "{err}");
    assert!(err.to_string().contains("cut.ron:"), "{err}");

    // Newer: refused before anything else is read, and left as it was.
    let newer_text = text.replacen("version: 1,", "version: 2,", 1).replacen(
        "session_id:",
        "whatever_v2_adds: (),\n\tsession_id:",
        1,
    );
    let newer = write("newer.ron", &newer_text);
    let err = load_partner_score(&newer).expect_err("newer");
    assert!(
        matches!(
            err,
            StoreError::TooNew {
                found: 2,
                supported: 1,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&newer).expect("reads"), newer_text);

    // An unknown field in this version: named with its place.
    let unknown = write(
        "unknown.ron",
        &text.replacen("session_id:", "mood: \"great\",\n\tsession_id:", 1),
    );
    let err = load_partner_score(&unknown).expect_err("unknown field");
    assert!(err.to_string().contains("unknown field `mood`"), "{err}");

    // A session file is not a partner score.
    let session_file = dir.path().join("session.ron");
    save_session(&session, &session_file).expect("saves");
    let err = load_partner_score(&session_file).expect_err("a session");
    assert!(
        err.to_string().contains("not a Drillboard partner score"),
        "{err}"
    );

    // A self-score dressed as a partner's, and a sheet without a verdict.
    let mut candidate = score.clone();
    candidate.sheet.by = drillboard::model::Scorer::Candidate;
    let own = write(
        "own.ron",
        &drillboard::store::ron_file::to_pretty(&candidate, &good).expect("serialises"),
    );
    let err = load_partner_score(&own).expect_err("a self-score");
    assert!(err.to_string().contains("not a partner's"), "{err}");
    let mut no_verdict = score.clone();
    no_verdict.sheet.result = None;
    let err = save_partner_score(&no_verdict, &dir.path().join("nv.ron"))
        .expect_err("nothing written without a verdict");
    assert!(err.to_string().contains("no verdict"), "{err}");
    assert!(!dir.path().join("nv.ron").exists());
}

/// The version-6 fixture holds a partner's revision after the candidate's own: it stays the
/// partner's, and only the candidate's counts in the library.
#[test]
fn the_version_6_fixture_keeps_a_partners_revision_apart() {
    use drillboard::model::Scorer;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let path = dir.join("session_v6.ron");
    let session = load_session(&path).expect("loads");
    let partner = session
        .latest_partner_score()
        .expect("a partner's revision");
    assert_eq!(
        partner.by,
        Scorer::Partner {
            name: "Sam".to_owned()
        }
    );
    let own = session.latest_self_score().expect("the candidate's own");
    assert_eq!(own.by, Scorer::Candidate);
    assert!(
        session.scores.iter().position(|s| s == own)
            < session.scores.iter().position(|s| s == partner),
        "the partner's came last, and still is not the candidate's latest"
    );
    let summary = drillboard::store::SessionSummary::of(&session, path);
    assert_eq!(summary.score, own.result);
    assert_eq!(summary.signals, own.signals);
    assert_ne!(own.items, partner.items, "the partner marked differently");
    assert_ne!(own.signals, partner.signals, "and rated lower");
}

/// Schema 6 (issue 23) logs the interviewer's prompts with where they came from; no earlier
/// version had any, and a version-5 file cannot hold one.
#[test]
fn interviewer_prompts_are_kept_from_version_6() {
    use drillboard::model::InterviewEvent;
    use drillboard::model::session::PromptSource;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let prompts = |name: &str| -> Vec<(PromptSource, Option<u64>)> {
        let session = load_session(&dir.join(name)).expect("loads");
        session
            .drill
            .log
            .into_iter()
            .filter_map(|e| match e {
                InterviewEvent::Prompt {
                    source,
                    acknowledged_at_ms,
                    ..
                } => Some((source, acknowledged_at_ms)),
                _ => None,
            })
            .collect()
    };
    for old in 1..6 {
        assert!(prompts(&format!("session_v{old}.ron")).is_empty(), "v{old}");
    }
    let new = prompts("session_v6.ron");
    assert_eq!(new.len(), 5);
    assert_eq!(
        new[1],
        (
            PromptSource::Redirect {
                from: "data".to_owned()
            },
            Some(1_262_000)
        )
    );
    assert!(matches!(
        &new[3].0,
        PromptSource::DeepDive { dive, level: 1, notes_words: 12 } if dive == "dive_selection_bias"
    ));
    // The same prompt in a file that says version 5 is an error with its place, not dropped.
    let text = fs::read_to_string(dir.join("session_v6.ron"))
        .expect("reads")
        .replacen("version: 6", "version: 5", 1);
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = tmp.path().join("v5_with_prompt.ron");
    fs::write(&path, text).expect("writes");
    let err = load_session(&path).expect_err("version 5 had no prompts");
    assert!(err.to_string().contains("Prompt"), "{err}");
}
