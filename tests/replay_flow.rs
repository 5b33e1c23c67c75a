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

/// The committed session with its log: a 16-minute fraud-detection drill, recorded by
/// `write_the_replay_fixture` below.
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/replay_drill.ron"
);

/// A drill driven through the app's actions on a fake clock.
struct Drill<'a> {
    h: Harness<'static, App>,
    test: &'a TestApp,
}

impl Drill<'_> {
    fn act(&mut self, action: Action) {
        self.h.state_mut().apply(action);
        self.h.run();
    }

    fn wait(&mut self, secs: u64) {
        self.test.clock.advance(Duration::from_secs(secs));
        self.h.run();
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
            self.h.run();
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
    drill.h.run();
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
        drill.h.run();
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
        "the question was lost with the crash"
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
    drill.h.run();
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
