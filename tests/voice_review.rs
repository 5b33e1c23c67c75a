//! The recorded voice in review (issue 22, playback and measure): speaking time per phase in
//! the Overview and the report, speech on the replay timeline, and the audio output following
//! the replay (play at 1× from the playhead, restart on a seek, silent at other speeds, stop on
//! pause), driven through the real app with a synthetic track and a recording fake output.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::TestApp;
use drillboard::audio::playback::Player;
use drillboard::model::voice::{SAMPLE_RATE, VoiceSpan, VoiceTrack};
use drillboard::store::replay_file::replay_path;
use drillboard::ui::App;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The committed 16-minute drill with its replay log (`tests/replay_flow.rs` writes it).
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/replay_drill.ron"
);

/// Two minutes recorded from 00:00, with speech (a loud tone) from 10.5 s to 40.5 s.
fn two_minutes_with_speech() -> VoiceTrack {
    let rate = SAMPLE_RATE as usize;
    let mut samples = vec![0i16; 120 * rate];
    for (i, s) in samples
        .iter_mut()
        .enumerate()
        .take(81 * rate / 2)
        .skip(21 * rate / 2)
    {
        *s = (8_000.0 * (i as f32 * 0.09).sin()) as i16;
    }
    VoiceTrack {
        sample_rate: SAMPLE_RATE,
        spans: vec![VoiceSpan {
            start_ms: 0,
            samples,
        }],
    }
}

/// An audio output that writes down what it is told.
#[derive(Clone, Default)]
struct Recorded(Arc<Mutex<Vec<String>>>);

impl Recorded {
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().expect("not poisoned"))
    }
}

struct FakePlayer {
    log: Recorded,
    problem: Option<String>,
}

impl Player for FakePlayer {
    fn play(&mut self, _track: Arc<VoiceTrack>, from_ms: u64) {
        self.log
            .0
            .lock()
            .expect("not poisoned")
            .push(format!("play {from_ms}"));
    }

    fn stop(&mut self) {
        self.log
            .0
            .lock()
            .expect("not poisoned")
            .push("stop".to_owned());
    }

    fn set_volume(&mut self, _volume: f32) {}

    fn problem(&self) -> Option<String> {
        self.problem.clone()
    }
}

/// The fixture in a fresh library, opened in review with `track` as its voice.
fn open_with_voice(
    test: &TestApp,
    track: Option<VoiceTrack>,
    problem: Option<&str>,
) -> (Harness<'static, App>, Recorded, PathBuf) {
    let sessions = test.root().join("sessions");
    std::fs::create_dir_all(&sessions).expect("creates");
    let path = sessions.join("20261123-090000-fraud_detection.ron");
    std::fs::copy(FIXTURE, &path).expect("copies the session");
    std::fs::copy(replay_path(Path::new(FIXTURE)), replay_path(&path)).expect("copies the log");
    let mut app = test.app();
    let track = Arc::new(track);
    app.set_voice_source(Arc::new(move |_path: &Path| Ok((*track).clone())));
    let log = Recorded::default();
    let factory_log = log.clone();
    let problem = problem.map(str::to_owned);
    app.set_player_factory(Arc::new(move || {
        Box::new(FakePlayer {
            log: factory_log.clone(),
            problem: problem.clone(),
        }) as Box<dyn Player>
    }));
    let mut h = common::harness_sized(app, egui::vec2(1400.0, 1000.0));
    h.state_mut().open_file(path.clone()).expect("opens");
    h.state_mut().flush_voice();
    h.run();
    (h, log, path)
}

fn first_phase_name(h: &Harness<'static, App>) -> String {
    let app = h.state();
    let session = &app.open_session().expect("open").session;
    app.catalog()
        .framework(&session.framework_id)
        .expect("known")
        .phases[0]
        .name
        .clone()
}

#[test]
fn the_overview_lists_speaking_time_per_phase_as_evidence() {
    let test = TestApp::new();
    let (mut h, _, _) = open_with_voice(&test, Some(two_minutes_with_speech()), None);
    h.get_by_label("Overview").click();
    h.run();
    let name = first_phase_name(&h);
    // 30 s of speech in the 2:00 recorded, all in the first phase; the longest silence is
    // from 40.5 s to the end of the recording.
    let line = format!("{name}: spoke 25 % of 2:00; longest silence 1:19");
    assert!(h.query_by_label(&line).is_some(), "no line {line:?}");
    assert!(
        h.query_by_label("Whole drill: spoke 25 % of 2:00; longest silence 1:19")
            .is_some()
    );
    assert!(h.query_by_label("Speaking").is_some());
    assert!(
        h.query_by_label_contains("never part of the score")
            .is_some(),
        "said to be evidence, not a score"
    );
}

#[test]
fn a_drill_without_a_recording_shows_no_speaking_section() {
    let test = TestApp::new();
    let (mut h, _, _) = open_with_voice(&test, None, None);
    h.get_by_label("Overview").click();
    h.run();
    assert!(h.query_by_label("Speaking").is_none());
    assert!(h.state().drill_view().review.voice.is_none());
}

#[test]
fn an_unreadable_recording_says_why_and_the_review_goes_on() {
    let test = TestApp::new();
    let mut app = test.app();
    app.set_voice_source(Arc::new(|_path: &Path| {
        Err("chunk 3 is damaged at byte 4096".to_owned())
    }));
    let sessions = test.root().join("sessions");
    std::fs::create_dir_all(&sessions).expect("creates");
    let path = sessions.join("20261123-090000-fraud_detection.ron");
    std::fs::copy(FIXTURE, &path).expect("copies");
    std::fs::copy(replay_path(Path::new(FIXTURE)), replay_path(&path)).expect("copies");
    let mut h = common::harness_sized(app, egui::vec2(1400.0, 1000.0));
    h.state_mut().open_file(path).expect("opens");
    h.state_mut().flush_voice();
    h.run();
    h.get_by_label("Overview").click();
    h.run();
    assert!(
        h.query_by_label("The recording could not be read: chunk 3 is damaged at byte 4096.")
            .is_some()
    );
    assert!(
        h.state().drill_view().review.player.is_some(),
        "the replay still works"
    );
}

#[test]
fn the_replay_plays_the_voice_at_1x_from_the_playhead_and_follows_every_jump() {
    let test = TestApp::new();
    let (mut h, log, _) = open_with_voice(&test, Some(two_minutes_with_speech()), None);
    h.get_by_label("Replay").click();
    h.run();
    assert!(
        h.query_by_label("Mute").is_some(),
        "the voice has its controls"
    );
    assert!(log.take().is_empty(), "nothing sounds before Play");

    // Play at 1× from the end starts again from 00:00, with the voice.
    h.get_by_label("1×").click();
    h.run();
    h.get_by_label("▶ Play").click();
    h.run_steps(2);
    assert_eq!(log.take(), ["play 0"]);
    // Time goes by: the audio keeps time on its own, nothing is re-queued.
    test.clock.advance(Duration::from_secs(5));
    h.run_steps(3);
    assert!(log.take().is_empty());

    // Scrubbing while playing restarts the audio where the playhead lands.
    let end = h
        .state()
        .drill_view()
        .review
        .player
        .as_ref()
        .expect("a replay")
        .end_ms();
    let timeline = h.get_by_label("Timeline").rect();
    let x = timeline.left() + timeline.width() * 60_000.0 / end as f32;
    let at = egui::pos2(x, timeline.center().y);
    h.drag_at(at);
    h.drop_at(at);
    h.run_steps(2);
    let told = log.take();
    let Some(last) = told.last() else {
        panic!("the seek restarted nothing");
    };
    let from: u64 = last
        .strip_prefix("play ")
        .and_then(|ms| ms.parse().ok())
        .unwrap_or_else(|| panic!("{told:?}"));
    let per_point = end / timeline.width() as u64 + 1;
    assert!(from.abs_diff(60_000) <= per_point, "restarted at {from}");

    // 4× is silent; back to 1× plays again from where the playhead is.
    h.get_by_label("4×").click();
    h.run_steps(2);
    assert_eq!(log.take(), ["stop"]);
    h.get_by_label("1×").click();
    h.run_steps(2);
    assert!(log.take().first().is_some_and(|c| c.starts_with("play ")));

    // Muting stops it; pausing while unmuted stops it too.
    h.get_by_label("Mute").click();
    h.run_steps(2);
    assert_eq!(log.take(), ["stop"]);
    h.get_by_label("Mute").click();
    h.run_steps(2);
    assert_eq!(log.take().len(), 1);
    h.get_by_label("⏸ Pause").click();
    h.run_steps(2);
    assert_eq!(log.take(), ["stop"]);

    // Leaving the Replay tab while playing stops the voice.
    h.get_by_label("▶ Play").click();
    h.run_steps(2);
    assert_eq!(log.take().len(), 1);
    h.get_by_label("Overview").click();
    h.run_steps(2);
    assert_eq!(log.take(), ["stop"]);
}

#[test]
fn without_an_audio_server_the_replay_says_so_in_one_line_and_plays_on() {
    let test = TestApp::new();
    let (mut h, _, _) = open_with_voice(
        &test,
        Some(two_minutes_with_speech()),
        Some("audio playback is not available: no PulseAudio or PipeWire server was found"),
    );
    h.get_by_label("Replay").click();
    h.run();
    h.get_by_label("1×").click();
    h.run();
    h.get_by_label("▶ Play").click();
    h.run_steps(2);
    assert!(
        h.query_by_label(
            "audio playback is not available: no PulseAudio or PipeWire server was found"
        )
        .is_some()
    );
    let from = h
        .state()
        .drill_view()
        .review
        .player
        .as_ref()
        .expect("replay")
        .at_ms;
    test.clock.advance(Duration::from_secs(3));
    h.run_steps(2);
    let at = h
        .state()
        .drill_view()
        .review
        .player
        .as_ref()
        .expect("replay")
        .at_ms;
    assert!(
        at >= from + 2_900,
        "the replay plays on silently: {from} → {at}"
    );
}

#[test]
fn the_timeline_draws_speech_where_it_was_found() {
    use drillboard::model::voice_activity::speech_band;
    let test = TestApp::new();
    let (h, _, _) = open_with_voice(&test, Some(two_minutes_with_speech()), None);
    let review = &h.state().drill_view().review;
    let voice = review.voice.as_ref().expect("measured");
    let end = review.player.as_ref().expect("replay").end_ms();
    let band = speech_band(&voice.segments, end, 1_000.0);
    assert_eq!(band.len(), 1, "{band:?}");
    let (from, to) = band[0];
    assert!(
        from.abs_diff(10_500) <= 50 && to.abs_diff(40_500) <= 50,
        "{band:?}"
    );
}

fn drillboard() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_drillboard"))
}

#[test]
fn the_cli_says_in_one_line_when_a_session_has_no_recording() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let session = dir.path().join("drill.ron");
    std::fs::copy(FIXTURE, &session).expect("copies");
    let out = drillboard()
        .arg("voice-segments")
        .arg(&session)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("has no voice recording"), "{err}");

    let wav = dir.path().join("voice.wav");
    let out = drillboard()
        .arg("export")
        .arg(&session)
        .args(["--format", "audio", "-o"])
        .arg(&wav)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has no voice recording"));
    assert!(!wav.exists(), "nothing is written");

    let out = drillboard()
        .arg("voice-segments")
        .arg(dir.path().join("missing.ron"))
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing session is an error too"
    );
}

#[test]
fn the_cli_prints_speech_segments_and_exports_the_voice_as_wav() {
    use drillboard::store::voice_file::{VoiceWriter, voice_path};
    let dir = tempfile::tempdir().expect("a temp dir");
    let session = dir.path().join("drill.ron");
    std::fs::copy(FIXTURE, &session).expect("copies");
    std::fs::copy(replay_path(Path::new(FIXTURE)), replay_path(&session)).expect("copies");
    let track = two_minutes_with_speech();
    let mut writer = VoiceWriter::open(&voice_path(&session)).expect("opens");
    writer.begin_span(0).expect("begins");
    for chunk in track.spans[0].samples.chunks(16_000) {
        writer.push(chunk).expect("writes");
    }
    writer.end_span().expect("ends");
    drop(writer);

    let out = drillboard()
        .arg("voice-segments")
        .arg(&session)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let segments: Vec<(f64, f64)> = text
        .lines()
        .map(|line| {
            let (a, b) = line.split_once(' ').expect("two numbers");
            (a.parse().expect("seconds"), b.parse().expect("seconds"))
        })
        .collect();
    assert_eq!(segments.len(), 1, "{text}");
    assert!(
        (segments[0].0 - 10.5).abs() < 0.1 && (segments[0].1 - 40.5).abs() < 0.1,
        "{text}"
    );

    let wav = dir.path().join("voice.wav");
    let out = drillboard()
        .arg("export")
        .arg(&session)
        .args(["--format", "audio", "-o"])
        .arg(&wav)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&wav).expect("written");
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(
        u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]),
        SAMPLE_RATE
    );
    let seconds = (bytes.len() - 44) as f64 / 2.0 / f64::from(SAMPLE_RATE);
    assert!((seconds - 120.0).abs() < 0.1, "{seconds} s");

    let report = dir.path().join("report.md");
    let out = drillboard()
        .arg("export")
        .arg(&session)
        .arg("-o")
        .arg(&report)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let md = std::fs::read_to_string(&report).expect("written");
    assert!(md.contains("## Speaking"), "{md}");
    assert!(md.contains("- Whole drill: spoke 25 % of 2:00"), "{md}");
}
