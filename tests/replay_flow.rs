//! Replaying a drill (issue 21): what a drill records into its `.replay` log, that the log
//! replays to exactly what was saved (crash and resume included), the review's timeline
//! scrubbed to a moment, jumping from evidence, the CLI's `--at` and `--every`, and the
//! committed fixture `tests/fixtures/replay_drill.{ron,replay}`.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::TestApp;
use drillboard::model::EditEvent as E;
use drillboard::model::replay::{Replay, ReplayState};
use drillboard::model::{DrillStatus, InterviewEvent, NodeId, NodeKind, Point, Session, Timestamp};
use drillboard::store::replay_file::{read_replay, replay_path};
use drillboard::ui::canvas::CanvasIntent;
use drillboard::ui::{Action, App};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The committed session with its log: a 16-minute fraud-detection drill, recorded by
/// `write_the_replay_fixture` below.
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/replay_drill.ron"
);

/// A drill driven through the app's actions on a fake clock, on a disk that keeps up with it.
struct Drill<'a> {
    h: Harness<'static, App>,
    test: &'a TestApp,
}

impl Drill<'_> {
    /// Draws a frame, then waits for the saves and log lines it handed to the saver thread
    /// and takes in their outcomes. Without that wait, whether the next frame finds a save
    /// still in flight (and so holds back the next due save until a later action) would depend
    /// on how fast that thread ran, not on the fake clock: on a loaded machine the crash test's
    /// question was saved by a save held back from before it was asked.
    fn frame(&mut self) {
        self.h.run();
        self.h.state_mut().flush_saves();
    }

    fn act(&mut self, action: Action) {
        self.h.state_mut().apply(action);
        self.frame();
    }

    fn wait(&mut self, secs: u64) {
        self.test.clock.advance(Duration::from_secs(secs));
        self.frame();
    }

    fn session(&self) -> &Session {
        &self.h.state().open_session().expect("a session").session
    }

    /// Types `text` at the end of a phase's notes, a word every 300 ms.
    fn type_notes(&mut self, phase: usize, text: &str) {
        let mut notes = self.session().drill.phases[phase].notes.clone();
        for word in text.split_inclusive(' ') {
            notes.push_str(word);
            self.act(Action::SetNotes {
                phase,
                text: notes.clone(),
            });
            self.test.clock.advance(Duration::from_millis(300));
            self.frame();
        }
    }

    /// Adds a box, names it and returns its id.
    fn add_box(&mut self, kind: NodeKind, x: f32, y: f32, label: &str) -> NodeId {
        self.act(Action::Canvas(CanvasIntent::AddNode {
            kind,
            at: Point { x, y },
        }));
        let id = self.session().diagram.nodes.last().expect("added").id;
        self.act(Action::Canvas(CanvasIntent::RenameNode(
            id,
            label.to_owned(),
        )));
        self.wait(4);
        id
    }

    fn connect(&mut self, from: NodeId, to: NodeId) {
        self.act(Action::Canvas(CanvasIntent::Connect {
            from,
            to,
            kind: drillboard::model::EdgeKind::Request,
        }));
        self.wait(3);
    }
}

/// Plays a 16-minute drill on fraud detection: questions and notes in Clarify, the first
/// boxes after 04:00, a data pipeline with its follow-up card, an undo, a pause, then finish.
/// Returns the session's path, everything written.
fn play_sample_drill(test: &TestApp) -> PathBuf {
    let mut drill = Drill {
        h: test.harness(),
        test,
    };
    drill.frame();
    drill.act(Action::StartDrill("fraud_detection".to_owned()));
    drill.wait(20);
    drill.act(Action::AskQuestion(
        "how many transactions per second, and how many are fraud?".to_owned(),
    ));
    drill.type_notes(0, "Peak 10k TPS, p99 < 100 ms at checkout. ");
    drill.wait(25);
    drill.act(Action::AskQuestion(
        "where do the fraud labels come from?".to_owned(),
    ));
    drill.type_notes(0, "\nLabels arrive late: chargebacks 30-90 days. ");
    drill.act(Action::ToggleChecked {
        phase: 0,
        prompt: 0,
    });
    drill.act(Action::AddAssumption(
        "Card-present payments are out of scope".to_owned(),
    ));
    drill.wait(120);
    drill.act(Action::GoToPhase(1));
    drill.wait(30);
    // 04:0x: the first boxes.
    let client = drill.add_box(NodeKind::Client, 0.0, 0.0, "Merchant checkout");
    let gateway = drill.add_box(NodeKind::ApiGateway, 260.0, 0.0, "Authorization gateway");
    drill.connect(client, gateway);
    drill.type_notes(1, "Online path: gateway -> fraud service -> rules. ");
    let service = drill.add_box(NodeKind::Service, 520.0, 0.0, "Fraud decision service");
    drill.connect(gateway, service);
    drill.act(Action::ToggleChecked {
        phase: 1,
        prompt: 1,
    });
    drill.wait(60);
    drill.act(Action::Pause);
    drill.wait(40);
    drill.act(Action::Resume);
    drill.wait(90);
    drill.act(Action::GoToPhase(2));
    drill.wait(20);
    let kafka = drill.add_box(NodeKind::EventStream, 0.0, 220.0, "Kafka: transactions");
    let flink = drill.add_box(
        NodeKind::StreamProcessor,
        260.0,
        220.0,
        "Flink: velocity aggregates",
    );
    drill.connect(kafka, flink);
    let stray = drill.add_box(NodeKind::Cache, 780.0, 220.0, "Redis?");
    drill.act(Action::Canvas(CanvasIntent::Undo));
    drill.act(Action::Canvas(CanvasIntent::Undo));
    assert!(
        drill.session().diagram.node(stray).is_none(),
        "undone, name and all"
    );
    let store = drill.add_box(
        NodeKind::OnlineFeatureStore,
        520.0,
        220.0,
        "Online feature store",
    );
    drill.connect(flink, store);
    drill.connect(store, service);
    drill.type_notes(
        2,
        "Features: velocity per card and merchant, 1 min / 1 h / 24 h windows. ",
    );
    // Half the data phase's budget: its follow-up card shows; acknowledge it.
    drill.wait(200);
    let card = drill
        .session()
        .drill
        .open_curveball()
        .expect("the data phase's follow-up card is showing");
    drill.act(Action::AcknowledgeCurveball(card));
    drill.type_notes(2, "\nTrain on matured labels only; point-in-time joins. ");
    let lake = drill.add_box(NodeKind::DataLake, 260.0, 420.0, "Data lake: labels");
    drill.connect(flink, lake);
    drill.wait(60);
    drill.act(Action::GoToPhase(3));
    drill.wait(30);
    let model = drill.add_box(NodeKind::ModelServer, 780.0, 0.0, "GBDT scorer");
    drill.connect(service, model);
    drill.type_notes(3, "Baseline: GBDT on velocity features; PR-AUC offline. ");
    drill.wait(60);
    drill.act(Action::Finish);
    assert_eq!(drill.session().drill.status, DrillStatus::Finished);
    drill.h.state_mut().flush_saves();
    drill.h.state().open_session().expect("open").path.clone()
}

/// What the replay shows equals the session: diagram, notes, ticks, interviewer log,
/// scratchpad and phase.
fn assert_replays_to(state: &ReplayState, session: &Session) {
    assert_eq!(state.skipped, 0, "every entry applies");
    assert_eq!(state.diagram, session.diagram);
    for (replayed, live) in state.phases.iter().zip(&session.drill.phases) {
        assert_eq!(replayed.notes, live.notes);
        assert_eq!(replayed.checked, live.checked);
    }
    assert_eq!(state.interview, session.drill.log);
    assert_eq!(state.scratchpad, session.drill.scratchpad);
    assert_eq!(state.current, session.drill.current);
}

/// The session at `path` and its log's replay.
fn session_and_replay(path: &Path) -> (Session, Replay) {
    let session = drillboard::store::load_session(path).expect("the session loads");
    let file = read_replay(&replay_path(path)).expect("the log reads");
    assert!(!file.torn);
    assert_eq!(file.header.session, session.id);
    let replay = Replay::new(file.entries, session.drill.phases.len());
    (session, replay)
}

#[test]
fn a_drill_is_recorded_and_its_log_replays_to_what_was_saved() {
    let test = TestApp::new();
    let path = play_sample_drill(&test);
    let (session, replay) = session_and_replay(&path);
    assert_replays_to(&replay.state_at(u64::MAX), &session);
    let entries = replay.entries();
    // Every kind of change is there, with its drill time.
    let has =
        |f: &dyn Fn(&drillboard::model::EditEvent) -> bool| entries.iter().any(|e| f(&e.event));
    assert!(has(&|e| matches!(e, E::Diagram(_))));
    assert!(has(&|e| matches!(e, E::Notes { .. })));
    assert!(has(&|e| matches!(e, E::Checklist { ticked: true, .. })));
    assert!(has(&|e| matches!(
        e,
        E::Interview(InterviewEvent::Asked { .. })
    )));
    assert!(has(&|e| matches!(
        e,
        E::Interview(InterviewEvent::Assumed { .. })
    )));
    assert!(has(&|e| matches!(
        e,
        E::Interview(InterviewEvent::Curveball { .. })
    )));
    assert!(has(&|e| matches!(e, E::Acknowledged { .. })));
    assert!(has(&|e| matches!(e, E::Paused)) && has(&|e| matches!(e, E::Resumed)));
    assert!(has(&|e| matches!(e, E::Phase { index: 3 })));
    assert!(has(&|e| matches!(e, E::Finished)));
    // Notes coalesce: a word every 300 ms makes one entry a second of typing (each entry is
    // stamped with its last keystroke, so two may fall within a second, never three).
    let notes: Vec<u64> = entries
        .iter()
        .filter(|e| matches!(e.event, E::Notes { .. }))
        .map(|e| e.at_ms)
        .collect();
    assert!(
        notes.windows(3).all(|w| w[2] - w[0] >= 1_000),
        "three notes entries within a second: {notes:?}"
    );
    // Phase changes sit where the snapshots say the phases ended.
    for snapshot in &session.snapshots {
        assert!(
            entries
                .iter()
                .any(|e| matches!(e.event, E::Phase { .. }) && e.at_ms == snapshot.at_ms),
            "a phase change at {}",
            snapshot.at_ms
        );
    }
}

#[test]
fn a_drill_killed_and_resumed_keeps_one_log_that_replays_exactly() {
    let test = TestApp::new();
    let path = {
        let mut drill = Drill {
            h: test.harness(),
            test: &test,
        };
        drill.frame();
        drill.act(Action::StartDrill("fraud_detection".to_owned()));
        drill.wait(30);
        drill.type_notes(0, "Peak 10k TPS ");
        drill.add_box(NodeKind::Client, 0.0, 0.0, "Checkout");
        drill.wait(2);
        // A question the session never saved: the app dies within the save's debounce, after
        // the log line went to the writer.
        drill.act(Action::AskQuestion(
            "how many transactions per second?".to_owned(),
        ));
        let path = drill.h.state().open_session().expect("open").path.clone();
        // Dropping the app without its exit save is the crash: the debounced save never
        // starts, and the writer finishes what it was handed.
        let mut app = drill.h.into_state();
        app.flush_saves();
        drop(app);
        path
    };
    let log_before = read_replay(&replay_path(&path)).expect("reads").entries;
    let saved = drillboard::store::load_session(&path).expect("loads");
    assert!(
        saved.drill.log.is_empty(),
        "the question was lost with the crash: {:?}",
        saved.drill.log
    );
    assert!(
        log_before
            .iter()
            .any(|e| matches!(e.event, E::Interview(_))),
        "but the log has it"
    );

    let mut drill = Drill {
        h: test.harness(),
        test: &test,
    };
    drill.frame();
    drill.act(Action::RecoverResume(path.clone()));
    drill.act(Action::Resume);
    drill.wait(10);
    drill.add_box(NodeKind::ApiGateway, 260.0, 0.0, "Gateway");
    drill.type_notes(0, "and p99 < 100 ms");
    drill.act(Action::Finish);
    drill.h.state_mut().flush_saves();
    let (session, replay) = session_and_replay(&path);
    assert!(replay.entries().len() > log_before.len(), "the log went on");
    assert_eq!(&replay.entries()[..log_before.len()], log_before.as_slice());
    assert_replays_to(&replay.state_at(u64::MAX), &session);
}

/// Writes `tests/fixtures/replay_drill.{ron,replay}` from `play_sample_drill`; run it when the
/// log's format changes: `cargo test --test replay_flow -- --ignored write_the_replay_fixture`.
#[test]
#[ignore = "writes the committed fixture"]
fn write_the_replay_fixture() {
    let test = TestApp::new();
    let path = play_sample_drill(&test);
    let fixture = Path::new(FIXTURE);
    std::fs::copy(&path, fixture).expect("copies the session");
    std::fs::copy(replay_path(&path), replay_path(fixture)).expect("copies the log");
}

#[test]
fn the_fixture_replays_to_its_session() {
    let (session, replay) = session_and_replay(Path::new(FIXTURE));
    assert_replays_to(&replay.state_at(u64::MAX), &session);
    assert_eq!(session.created, Timestamp(1_795_424_400));
    let at_five = replay.state_at(5 * 60_000);
    assert!(
        !at_five.diagram.nodes.is_empty()
            && at_five.diagram.nodes.len() < session.diagram.nodes.len(),
        "{} boxes at 05:00, {} at the end",
        at_five.diagram.nodes.len(),
        session.diagram.nodes.len()
    );
}

/// Runs `drillboard` with `args`; returns its status and stdout.
fn drillboard(args: &[&std::ffi::OsStr]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_drillboard"))
        .args(args)
        .env(
            "DRILLBOARD_LIBRARY",
            std::env::temp_dir().join("drillboard-no-library"),
        )
        .output()
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The boxes in a Mermaid export: one `nID["label"]` line each.
fn mermaid_boxes(path: &Path) -> usize {
    std::fs::read_to_string(path)
        .expect("the export reads")
        .lines()
        .filter(|l| l.trim_start().starts_with('n') && l.contains("[\""))
        .count()
}

#[test]
fn export_at_a_moment_shows_the_diagram_as_it_stood() {
    let dir = tempfile::tempdir().expect("temp dir");
    let at_five = dir.path().join("at5.mmd");
    let end = dir.path().join("end.mmd");
    let (ok, out) = drillboard(&[
        "export".as_ref(),
        FIXTURE.as_ref(),
        "--at".as_ref(),
        "05:00".as_ref(),
        "-o".as_ref(),
        at_five.as_os_str(),
    ]);
    assert!(ok, "{out}");
    assert!(out.contains("at 05:00"), "{out}");
    let (ok, out) = drillboard(&[
        "export".as_ref(),
        FIXTURE.as_ref(),
        "-o".as_ref(),
        end.as_os_str(),
    ]);
    assert!(ok, "{out}");
    let (early, last) = (mermaid_boxes(&at_five), mermaid_boxes(&end));
    assert!(
        early > 0 && early < last,
        "{early} boxes at 05:00, {last} at the end"
    );

    // An SVG and a PNG at a moment, and a bad time refused.
    for name in ["at5.svg", "at5.png"] {
        let out_path = dir.path().join(name);
        let (ok, out) = drillboard(&[
            "export".as_ref(),
            FIXTURE.as_ref(),
            "--at".as_ref(),
            "05:00".as_ref(),
            "-o".as_ref(),
            out_path.as_os_str(),
        ]);
        assert!(ok && out_path.exists(), "{out}");
    }
    let (ok, _) = drillboard(&[
        "export".as_ref(),
        FIXTURE.as_ref(),
        "--at".as_ref(),
        "5 minutes".as_ref(),
        "-o".as_ref(),
        end.as_os_str(),
    ]);
    assert!(!ok, "a time that is not MM:SS is refused");
}

#[test]
fn export_every_minute_writes_one_picture_per_interval() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("growth");
    let (ok, out) = drillboard(&[
        "export".as_ref(),
        FIXTURE.as_ref(),
        "--every".as_ref(),
        "03:00".as_ref(),
        "-o".as_ref(),
        folder.as_os_str(),
    ]);
    assert!(ok, "{out}");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .expect("the folder exists")
        .map(|e| {
            e.expect("listable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    // The fixture lasts 13:07: 03:00, 06:00, 09:00, 12:00 and the end.
    assert_eq!(
        names,
        [
            "03-00.png",
            "06-00.png",
            "09-00.png",
            "12-00.png",
            "13-07.png"
        ]
    );
    for name in names {
        let bytes = std::fs::read(folder.join(&name)).expect("reads");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{name} is a PNG");
    }
}

#[test]
fn the_report_says_what_each_phase_added() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.md");
    let (ok, out) = drillboard(&[
        "export".as_ref(),
        FIXTURE.as_ref(),
        "-o".as_ref(),
        report.as_os_str(),
    ]);
    assert!(ok, "{out}");
    let text = std::fs::read_to_string(&report).expect("reads");
    assert!(text.contains("## What each phase added"), "{text}");
    assert!(
        text.contains("- Data pipeline: +4 boxes, +4 arrows, 22 words of notes"),
        "{text}"
    );
    assert!(text.contains("from the drill's replay log"));
}

/// The fixture copied into a fresh library, opened in review at a tall window.
fn open_fixture(test: &TestApp) -> Harness<'static, App> {
    let sessions = test.root().join("sessions");
    std::fs::create_dir_all(&sessions).expect("creates");
    let path = sessions.join("20261123-090000-fraud_detection.ron");
    std::fs::copy(FIXTURE, &path).expect("copies the session");
    std::fs::copy(replay_path(Path::new(FIXTURE)), replay_path(&path)).expect("copies the log");
    let mut h = common::harness_sized(test.app(), egui::vec2(1400.0, 1000.0));
    h.state_mut().open_file(path).expect("opens");
    h.run();
    h
}

fn player<'h>(h: &'h Harness<'static, App>) -> &'h drillboard::ui::review::ReplayPlayer {
    h.state()
        .drill_view()
        .review
        .player
        .as_ref()
        .expect("the fixture has a replay")
}

#[test]
fn scrubbing_the_timeline_shows_the_diagram_and_notes_of_that_moment() {
    let test = TestApp::new();
    let mut h = open_fixture(&test);
    h.get_by_label("Replay").click();
    h.run();
    // The playhead starts at the end, on the diagram as it was left.
    let end = player(&h).end_ms();
    assert_eq!(player(&h).at_ms, end);
    assert!(h.query_by_label_contains("8 boxes · 7 arrows").is_some());

    // Click the timeline at 05:00.
    let timeline = h.get_by_label("Timeline").rect();
    let x = timeline.left() + timeline.width() * 300_000.0 / end as f32;
    let at = egui::pos2(x, timeline.center().y);
    h.drag_at(at);
    h.drop_at(at);
    h.run();
    let moment = player(&h).at_ms;
    let per_point = end / timeline.width() as u64 + 1;
    assert!(moment.abs_diff(300_000) <= per_point, "at {moment}");
    assert_eq!(player(&h).state.diagram.nodes.len(), 3);
    assert!(
        h.query_by_label("High-level architecture · 3 boxes · 2 arrows")
            .is_some(),
        "the moment's phase and diagram"
    );
    assert!(
        h.query_by_label_contains("Online path: gateway -> fraud service")
            .is_some(),
        "that phase's notes as they were"
    );
    assert!(
        h.query_by_label_contains("Train on matured labels")
            .is_none(),
        "nothing typed later"
    );
    assert!(
        h.query_by_label_contains("Follow-up:").is_none(),
        "the follow-up card came later"
    );

    // → steps to the next change, ← back.
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let next = player(&h).at_ms;
    assert!(next > moment);
    let entries = player(&h).replay.entries();
    assert!(!entries.iter().any(|e| e.at_ms > moment && e.at_ms < next));
    h.key_press(egui::Key::ArrowLeft);
    h.run();
    assert!(player(&h).at_ms <= moment);

    // Play at 16×: ten seconds of real time are 160 s of drill.
    h.get_by_label("16×").click();
    h.run();
    let from = player(&h).at_ms;
    // Playing repaints every frame, so frames are stepped rather than run to rest.
    h.get_by_label("▶ Play").click();
    h.run_steps(2);
    test.clock.advance(Duration::from_secs(10));
    h.run_steps(2);
    let played = player(&h).at_ms - from;
    assert!(played.abs_diff(160_000) < 2_000, "played {played} ms");
    h.get_by_label("⏸ Pause").click();
    h.run_steps(2);
    assert!(player(&h).playing.is_none());
}

#[test]
fn evidence_jumps_to_the_moment_it_first_appeared() {
    let test = TestApp::new();
    let mut h = open_fixture(&test);
    h.get_by_label("Score").click();
    h.run();
    h.get_by_label("Predict Lean hire").click();
    h.run();
    h.get_by_label("None of the rest").click();
    h.run();
    let session = &h.state().open_session().expect("open").session;
    let store = session
        .diagram
        .nodes
        .iter()
        .find(|n| n.label == "Online feature store")
        .expect("the fixture drew it")
        .id;
    let mut draft = session.score_draft.clone().expect("a draft");
    let item = draft.rubric[0].clone();
    let mut mark = drillboard::model::ItemMark::new(&item.id, drillboard::model::Coverage::Covered);
    mark.evidence = vec![
        drillboard::model::Evidence::Node(store),
        drillboard::model::Evidence::Quote(
            "Labels arrive late: chargebacks 30-90 days.".to_owned(),
        ),
    ];
    draft.items.push(mark);
    h.state_mut().apply(Action::EditScoreDraft(Box::new(draft)));
    h.run();

    h.get_by_label("Replay from when Box: Online feature store first appeared")
        .click();
    h.run();
    let review = &h.state().drill_view().review;
    assert_eq!(review.tab, drillboard::ui::review::ReviewTab::Replay);
    let shown = player(&h);
    // The stray "Redis?" box had the same id before it was undone: the jump is to the box
    // that is evidence, added after it.
    let added = shown
        .replay
        .entries()
        .iter()
        .rev()
        .find(|e| matches!(&e.event, E::Diagram(c) if c.created().nodes.contains(&store)))
        .expect("the log added it")
        .at_ms;
    assert_eq!(shown.at_ms, added);
    let node = shown.state.diagram.node(store).expect("there it is");
    assert_eq!(node.kind, NodeKind::OnlineFeatureStore);
    assert!(
        h.query_by_label("Data pipeline · 6 boxes · 3 arrows")
            .is_some(),
        "the diagram as it was then"
    );

    h.get_by_label("Score").click();
    h.run();
    h.get_by_label("Replay from when “Labels arrive late: chargebacks 30-90 days.” first appeared")
        .click();
    h.run();
    let player = player(&h);
    assert!(
        player.at_ms < 60_000,
        "typed in Clarify, at {}",
        player.at_ms
    );
    assert!(
        player.state.phases[0]
            .notes
            .contains("Labels arrive late: chargebacks 30-90 days.")
    );
}
