//! Recording the voice with a drill (issue 22), through the UI with a scripted microphone:
//! the home screen's choice, picker and meter, the indicator while drilling, pause, failures
//! in one line while the drill goes on, and deleting a recording alone from the library.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::TestApp;
use drillboard::audio::AudioError;
use drillboard::audio::scripted::{ScriptStep, ScriptedRecorder};
use drillboard::model::DrillStatus;
use drillboard::store::autosave::RUNNING_INTERVAL;
use drillboard::store::preferences::Preferences;
use drillboard::store::voice_file::{VoiceWriter, read_track, voice_path};
use drillboard::ui::{App, Screen};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn with_recorder(test: &TestApp, recorder: ScriptedRecorder) -> Harness<'static, App> {
    let mut app = test.app();
    app.set_recorder(Arc::new(recorder));
    let mut h = common::harness_for(app);
    h.run();
    h
}

fn start_drill(h: &mut Harness<'static, App>) {
    h.get_by_label("Real-time fraud detection for payments")
        .click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
}

#[test]
fn record_my_voice_is_remembered_and_shows_the_microphones_and_a_meter_before_the_drill() {
    let test = TestApp::new();
    let mut h = with_recorder(
        &test,
        ScriptedRecorder::with_script(vec![ScriptStep::Samples(vec![8_000; 640])]),
    );
    assert!(h.query_by_label("Input level").is_none(), "off by default");
    h.get_by_label("Record my voice").click();
    h.run();
    h.run();
    assert!(h.state().record_voice());
    assert!(
        Preferences::read(&test.library().preferences_path()).record_voice,
        "remembered in the library"
    );
    assert!(h.query_by_label("Input level").is_some(), "the live meter");
    h.get_by_label("Microphone").click();
    h.run();
    h.get_by_label("Test microphone").click();
    h.run();
    assert_eq!(
        Preferences::read(&test.library().preferences_path()).microphone,
        Some("test-mic".to_owned())
    );

    // A new run starts with the choice made.
    let app = test.app();
    assert!(app.record_voice());

    // Once the drill starts the meter goes: no live meter while drilling.
    start_drill(&mut h);
    assert!(h.query_by_label("Input level").is_none());
    assert!(h.state().is_recording());
}

#[test]
fn a_recorded_drill_shows_rec_with_its_time_pauses_with_the_clock_and_stops_at_the_finish() {
    let test = TestApp::new();
    let recorder = ScriptedRecorder::with_script(Vec::new());
    let mut h = with_recorder(&test, recorder.clone());
    h.state_mut().set_record_voice(true, false);
    start_drill(&mut h);
    assert!(h.state().is_recording());
    assert_eq!(
        recorder.opened(),
        vec![None, None],
        "the meter on home, then the drill, from the system default microphone"
    );
    assert!(h.query_by_label_contains("● REC 00:00").is_some());

    test.clock.advance(Duration::from_secs(65));
    h.run();
    assert!(h.query_by_label_contains("● REC 01:05").is_some());

    h.get_by_label("Pause").click();
    h.run();
    assert!(h.query_by_label_contains("REC paused 01:05").is_some());
    test.clock.advance(Duration::from_secs(30));
    h.run();
    assert!(
        h.query_by_label_contains("REC paused 01:05").is_some(),
        "paused time is not recorded"
    );
    h.get_by_label("Resume").click();
    h.run();
    test.clock.advance(Duration::from_secs(5));
    h.run();
    assert!(h.query_by_label_contains("● REC 01:10").is_some());

    h.get_by_label("Finish drill").click();
    h.run();
    if h.query_by_label("Finish anyway").is_some() {
        h.get_by_label("Finish anyway").click();
        h.run();
    }
    assert_eq!(
        h.state().open_session().map(|o| o.session.drill.status),
        Some(DrillStatus::Finished)
    );
    assert!(!h.state().is_recording(), "finishing stops the recording");
    let path = h
        .state()
        .open_session()
        .map(|o| o.path.clone())
        .expect("open");
    assert!(
        voice_path(&path).exists(),
        "the recording's file is beside the session"
    );
    assert_eq!(
        read_track(&voice_path(&path))
            .ok()
            .flatten()
            .map(|t| t.spans.len()),
        Some(0)
    );
}

#[test]
fn no_audio_server_is_one_line_and_the_drill_goes_on() {
    let test = TestApp::new();
    let mut h = with_recorder(
        &test,
        ScriptedRecorder::failing(AudioError::NoServer("no socket".to_owned())),
    );
    h.state_mut().set_record_voice(true, false);
    start_drill(&mut h);
    assert!(!h.state().is_recording());
    assert!(
        h.query_by_label_contains("Not recording: no audio server is running")
            .is_some()
    );
    test.clock.advance(Duration::from_secs(3));
    h.run();
    let open = h.state().open_session().expect("the drill is open");
    assert_eq!(open.session.drill.status, DrillStatus::Running);
    assert_eq!(open.session.drill.now_ms(), 3_000, "the clock runs on");
    // The banner's Dismiss (the status bar has one too).
    for button in h.query_all_by_label("Dismiss") {
        button.click();
    }
    h.run();
    assert!(h.state().voice_error().is_none());
}

#[test]
fn a_microphone_unplugged_mid_drill_stops_recording_keeps_what_was_heard_and_not_the_drill() {
    let test = TestApp::new();
    let heard = vec![6_000_i16; 16_000];
    let mut h = with_recorder(
        &test,
        ScriptedRecorder::with_script(vec![
            ScriptStep::Samples(heard),
            ScriptStep::Fail(AudioError::Disconnected),
        ])
        .on_clock(test.clock.clone()),
    );
    h.state_mut().set_record_voice(true, false);
    start_drill(&mut h);
    h.state_mut().wait_for_recorder(Duration::from_secs(20));
    h.run();
    assert!(!h.state().is_recording());
    assert!(
        h.query_by_label_contains("Recording stopped: the microphone was disconnected")
            .is_some()
    );
    let open = h.state().open_session().expect("the drill is open");
    assert_eq!(open.session.drill.status, DrillStatus::Running);
    let track = read_track(&voice_path(&open.path))
        .expect("reads")
        .expect("kept");
    assert_eq!(
        track.recorded_ms(),
        1_000,
        "the second heard before the unplug"
    );
}

#[test]
fn the_library_shows_a_recordings_size_and_deletes_it_alone_after_asking() {
    let test = TestApp::new();
    // A finished drill with a recording beside it.
    let mut h = with_recorder(&test, ScriptedRecorder::with_script(Vec::new()));
    start_drill(&mut h);
    h.get_by_label("Finish drill").click();
    h.run();
    if h.query_by_label("Finish anyway").is_some() {
        h.get_by_label("Finish anyway").click();
        h.run();
    }
    h.state_mut().flush_saves();
    let session = h
        .state()
        .open_session()
        .map(|o| o.path.clone())
        .expect("open");
    {
        let mut writer = VoiceWriter::open(&voice_path(&session)).expect("creates");
        writer.begin_span(0).expect("begins");
        writer.push(&vec![4_000; 48_000]).expect("pushes");
        writer.end_span().expect("ends");
    }
    h.get_by_label("Home").click();
    h.run();
    h.get_by_label("Library and progress").click();
    h.run();
    assert!(matches!(h.state().screen(), Screen::Library));
    let row = h.get_by_label_contains("voice ");
    row.click();
    h.run();
    h.get_by_label("Delete recording…").click();
    h.run();
    assert!(
        h.query_by_label_contains("The session stays").is_some(),
        "asks first"
    );
    assert!(voice_path(&session).exists(), "nothing deleted yet");
    h.get_by_label("Delete recording").click();
    h.run();
    assert!(!voice_path(&session).exists(), "the recording is gone");
    assert!(session.exists(), "the session stays");
    assert!(h.query_by_label_contains("voice ").is_none());
}

#[test]
fn edit_a_copy_takes_the_recording_along_and_leaves_the_original() {
    let test = TestApp::new();
    let mut h = with_recorder(&test, ScriptedRecorder::with_script(Vec::new()));
    start_drill(&mut h);
    h.get_by_label("Finish drill").click();
    h.run();
    if h.query_by_label("Finish anyway").is_some() {
        h.get_by_label("Finish anyway").click();
        h.run();
    }
    h.state_mut().flush_saves();
    let original = h
        .state()
        .open_session()
        .map(|o| o.path.clone())
        .expect("open");
    {
        let mut writer = VoiceWriter::open(&voice_path(&original)).expect("creates");
        writer.begin_span(0).expect("begins");
        writer.push(&vec![4_000; 16_000]).expect("pushes");
        writer.end_span().expect("ends");
    }
    let before = std::fs::read(voice_path(&original)).expect("reads");
    h.get_by_label("Edit a copy").click();
    h.run();
    h.state_mut().flush_saves();
    let copy = h
        .state()
        .open_session()
        .map(|o| o.path.clone())
        .expect("a copy");
    assert_ne!(copy, original);
    assert_eq!(std::fs::read(voice_path(&copy)).expect("copied"), before);
    assert_eq!(std::fs::read(voice_path(&original)).expect("kept"), before);
}

/// The drill on screen's session file.
fn open_path(h: &Harness<'static, App>) -> std::path::PathBuf {
    h.state()
        .open_session()
        .map(|o| o.path.clone())
        .expect("a drill is open")
}

#[test]
fn a_drill_recovered_after_a_crash_records_a_second_span_from_where_it_resumes() {
    let test = TestApp::new();
    // The first run records a second, loses its microphone, runs on and crashes.
    let mut h = with_recorder(
        &test,
        ScriptedRecorder::with_script(vec![
            ScriptStep::Samples(vec![6_000; 16_000]),
            ScriptStep::Fail(AudioError::Disconnected),
        ])
        .on_clock(test.clock.clone()),
    );
    h.state_mut().set_record_voice(true, false);
    start_drill(&mut h);
    h.state_mut().wait_for_recorder(Duration::from_secs(20));
    h.run();
    assert!(!h.state().is_recording());
    // A running drill is saved every so often: the file holds it past 11 s, running.
    test.clock.advance(RUNNING_INTERVAL);
    h.run();
    h.state_mut().flush_saves();
    h.run();
    let path = open_path(&h);
    drop(h);
    std::fs::write(drillboard::store::lock::lock_path(&path), "0").expect("stale lock");
    let before = read_track(&voice_path(&path))
        .expect("reads")
        .expect("recorded");
    assert_eq!(before.spans.len(), 1);
    assert_eq!(before.spans[0].start_ms, 0);
    assert_eq!(before.recorded_ms(), 1_000);

    // A new run, "Record my voice" off: the drill has a recording, so going on records.
    let recorder = ScriptedRecorder::with_script(vec![
        ScriptStep::Samples(vec![5_000; 8_000]),
        ScriptStep::Fail(AudioError::Disconnected),
    ])
    .on_clock(test.clock.clone());
    let mut h = with_recorder(&test, recorder.clone());
    assert!(!h.state().record_voice());
    h.get_by_label("Resume").click();
    h.run();
    let open = h.state().open_session().expect("recovered");
    assert_eq!(open.path, path);
    assert_eq!(open.session.drill.status, DrillStatus::Paused);
    let resumed_ms = open.session.drill.now_ms();
    assert!(resumed_ms >= 11_000, "the clock stands where it was saved");
    assert!(!h.state().is_recording(), "nothing recorded while paused");
    assert!(recorder.opened().is_empty(), "the microphone stays closed");

    h.get_by_label("Resume").click();
    h.run();
    assert_eq!(recorder.opened(), vec![None], "the clock runs: recording");
    h.state_mut().wait_for_recorder(Duration::from_secs(20));
    h.run();
    let after = read_track(&voice_path(&path))
        .expect("reads")
        .expect("recorded");
    assert_eq!(after.spans.len(), 2, "a second span");
    assert_eq!(after.spans[1].start_ms, resumed_ms);
    assert_eq!(after.spans[1].samples.len(), 8_000, "half a second heard");
    assert_eq!(after.spans[0], before.spans[0], "the first span is intact");
}

#[test]
fn a_continued_drill_records_again_with_rec_only_if_it_has_a_recording_or_the_preference() {
    let test = TestApp::new();
    let recorder = ScriptedRecorder::with_script(Vec::new());
    let mut h = with_recorder(&test, recorder.clone());
    // Not recorded: continuing it leaves it unrecorded.
    h.state_mut()
        .start_drill("fraud_detection")
        .expect("starts");
    h.run();
    test.clock.advance(Duration::from_secs(10));
    h.run();
    finish(&mut h);
    h.get_by_label("Continue drill").click();
    h.run();
    h.get_by_label("Resume").click();
    h.run();
    assert_eq!(
        h.state().open_session().map(|o| o.session.drill.status),
        Some(DrillStatus::Running)
    );
    assert!(!h.state().is_recording());
    assert!(h.query_by_label_contains("REC").is_none());
    assert!(recorder.opened().is_empty());
    assert!(!voice_path(&open_path(&h)).exists());

    // Recorded: continuing it records again, shows REC and follows the clock.
    h.get_by_label("Home").click();
    h.run();
    h.state_mut().set_record_voice(true, false);
    h.state_mut()
        .start_drill("fraud_detection")
        .expect("starts");
    h.run();
    assert!(h.state().is_recording());
    test.clock.advance(Duration::from_secs(10));
    h.run();
    finish(&mut h);
    assert!(!h.state().is_recording(), "finishing stops the recording");
    h.get_by_label("Continue drill").click();
    h.run();
    assert!(!h.state().is_recording(), "reopened paused");
    h.get_by_label("Resume").click();
    h.run();
    assert!(h.state().is_recording());
    assert!(h.query_by_label_contains("● REC 00:00").is_some());
    test.clock.advance(Duration::from_secs(5));
    h.run();
    assert!(h.query_by_label_contains("● REC 00:05").is_some());
    h.get_by_label("Pause").click();
    h.run();
    assert!(h.query_by_label_contains("REC paused 00:05").is_some());
}

fn finish(h: &mut Harness<'static, App>) {
    h.get_by_label("Finish drill").click();
    h.run();
    if h.query_by_label("Finish anyway").is_some() {
        h.get_by_label("Finish anyway").click();
        h.run();
    }
    assert_eq!(
        h.state().open_session().map(|o| o.session.drill.status),
        Some(DrillStatus::Finished)
    );
}
