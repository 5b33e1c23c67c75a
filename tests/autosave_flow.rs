//! Never lose a drill: autosave, save failures, save elsewhere, crash recovery and locks,
//! driven through the UI on a fake clock.

mod common;

use std::fs;
use std::time::Duration;

use common::TestApp;
use drillboard::model::DrillStatus;
use drillboard::store::autosave::{DEBOUNCE, SaveStatus};
use drillboard::store::load_session;
use drillboard::store::lock::lock_path;
use drillboard::ui::{App, Screen};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const FRAUD: &str = "Real-time fraud detection for payments";
const NOTES: &str = "Notes for Clarify requirements";

/// Starts a fraud drill and waits for its first save.
fn started(test: &TestApp) -> Harness<'static, App> {
    let mut h = test.harness();
    h.run();
    h.get_by_label(FRAUD).click();
    h.run();
    h.get_by_label("Start drill").click();
    h.run();
    h.state_mut().flush_saves();
    h.run();
    h
}

fn type_notes(h: &mut Harness<'static, App>, text: &str) {
    h.get_by_label(NOTES).click();
    h.run();
    h.get_by_label(NOTES).type_text(text);
    h.run();
}

fn path_of(h: &Harness<'static, App>) -> std::path::PathBuf {
    h.state()
        .open_session()
        .expect("a drill is open")
        .path
        .clone()
}

fn save_status(h: &Harness<'static, App>) -> SaveStatus {
    h.state()
        .open_session()
        .expect("a drill is open")
        .save_status()
}

/// Lets the debounce pass and the saver finish.
fn settle(test: &TestApp, h: &mut Harness<'static, App>) {
    test.clock.advance(DEBOUNCE + Duration::from_millis(100));
    h.run();
    h.state_mut().flush_saves();
    h.run();
}

#[test]
fn typed_notes_are_on_disk_after_the_debounce_and_not_before() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    assert!(path.exists(), "a new drill is on disk at once");
    assert_eq!(save_status(&h), SaveStatus::Saved);
    assert!(
        h.query_by_label("Saved").is_some(),
        "the status bar says so"
    );

    type_notes(&mut h, "10k TPS peak");
    h.state_mut().flush_saves();
    assert_eq!(
        save_status(&h),
        SaveStatus::Saving,
        "waiting for the debounce"
    );
    assert!(h.query_by_label("Saving…").is_some());
    let on_disk = load_session(&path).expect("loads");
    assert_eq!(
        on_disk.drill.phases[0].notes, "",
        "not yet: typing is debounced"
    );

    settle(&test, &mut h);
    let on_disk = load_session(&path).expect("loads");
    assert_eq!(on_disk.drill.phases[0].notes, "10k TPS peak");
    assert_eq!(
        on_disk.drill.status,
        DrillStatus::Running,
        "marked in progress on disk"
    );
    assert_eq!(save_status(&h), SaveStatus::Saved);
    // Saves are backed up in the library.
    let backups = drillboard::store::backup::backups(test.root(), &on_disk.id);
    assert!(!backups.is_empty(), "a rolling backup exists");
}

#[test]
fn a_phase_change_is_saved_without_waiting_for_the_debounce() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    h.run();
    h.state_mut().flush_saves();
    assert_eq!(load_session(&path).expect("loads").drill.current, 1);
}

/// Turns the sessions folder into a file, so every save there fails.
fn break_sessions_folder(test: &TestApp) -> std::path::PathBuf {
    let dir = test.library().sessions_dir();
    fs::remove_dir_all(&dir).expect("remove the folder");
    fs::write(&dir, b"not a folder").expect("a file in its place");
    dir
}

#[test]
fn a_failed_save_keeps_the_work_shows_why_and_retry_recovers() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    let dir = break_sessions_folder(&test);
    type_notes(&mut h, "kept in memory");
    settle(&test, &mut h);

    let SaveStatus::Failed(reason) = save_status(&h) else {
        panic!("the save must fail: {:?}", save_status(&h));
    };
    assert!(
        reason.contains("sessions"),
        "the reason names the folder: {reason}"
    );
    assert!(
        h.query_by_label_contains("Save failed:").is_some(),
        "a banner explains the failure"
    );
    assert!(
        h.query_by_label_contains("Your work is kept in memory")
            .is_some()
    );
    assert_eq!(
        h.state().open_session().expect("open").session.drill.phases[0].notes,
        "kept in memory"
    );

    // The folder comes back; Retry saves at once.
    fs::remove_file(&dir).expect("remove the file");
    fs::create_dir_all(&dir).expect("the folder again");
    h.get_by_label("Retry").click();
    h.run();
    h.state_mut().flush_saves();
    h.run();
    assert_eq!(save_status(&h), SaveStatus::Saved);
    assert!(
        h.query_by_label_contains("Save failed:").is_none(),
        "banner gone"
    );
    assert_eq!(
        load_session(&path).expect("loads").drill.phases[0].notes,
        "kept in memory"
    );
}

#[test]
fn save_elsewhere_writes_the_typed_path_and_keeps_saving_there() {
    let test = TestApp::new();
    let mut h = started(&test);
    break_sessions_folder(&test);
    type_notes(&mut h, "rescued");
    settle(&test, &mut h);
    assert!(matches!(save_status(&h), SaveStatus::Failed(_)));

    let elsewhere = tempfile::tempdir().expect("temp dir");
    let target = elsewhere.path().join("rescued.ron");
    h.get_by_label("Save elsewhere…").click();
    h.run();
    assert!(h.state().is_save_as_prompt_showing());
    h.get_by_label("Session file path").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_label("Session file path")
        .type_text(&target.display().to_string());
    h.run();
    h.get_by_label("Save here").click();
    h.run();
    h.state_mut().flush_saves();
    h.run();

    assert_eq!(path_of(&h), target);
    assert_eq!(save_status(&h), SaveStatus::Saved);
    assert!(!h.state().is_save_as_prompt_showing());
    assert_eq!(
        load_session(&target).expect("loads").drill.phases[0].notes,
        "rescued"
    );
    // Later edits go there too.
    type_notes(&mut h, " and more");
    settle(&test, &mut h);
    assert_eq!(
        load_session(&target).expect("loads").drill.phases[0].notes,
        "rescued and more"
    );
}

#[test]
fn leaving_a_drill_whose_save_fails_brings_it_back() {
    let test = TestApp::new();
    let mut h = started(&test);
    break_sessions_folder(&test);
    type_notes(&mut h, "do not lose me");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.state_mut().flush_saves();
    h.run();
    let open = h.state().open_session().expect("the drill came back");
    assert_eq!(open.session.drill.phases[0].notes, "do not lose me");
    assert!(
        h.state()
            .status()
            .is_some_and(|s| s.text.contains("could not be saved when you left it")),
        "{:?}",
        h.state().status()
    );
}

#[test]
fn reopening_a_drill_whose_save_is_still_in_flight_shows_the_latest_notes() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    type_notes(&mut h, "written on a slow disk");
    // The save made on leaving is still in flight when the drill is picked from home.
    h.state_mut().hold_saves();
    h.get_by_label("Home").click();
    h.run();
    assert!(matches!(h.state().screen(), Screen::Home));
    assert_eq!(
        load_session(&path).expect("loads").drill.phases[0].notes,
        "",
        "the file still holds the first save"
    );
    // Among the recent sessions, named with their date and outcome; the bare title is the
    // scenario list's row only.
    assert_eq!(
        h.query_all_by_role_and_label(egui::accesskit::Role::Button, FRAUD)
            .count(),
        1
    );
    h.get_by_label_contains(&format!("{FRAUD} · ")).click();
    h.run();
    let open = h.state().open_session().expect("the drill opened");
    assert_eq!(open.path, path);
    assert_eq!(open.session.drill.phases[0].notes, "written on a slow disk");
    h.state_mut().flush_saves();
    assert_eq!(
        load_session(&path).expect("loads").drill.phases[0].notes,
        "written on a slow disk"
    );
}

#[test]
fn a_file_changed_by_another_program_is_not_overwritten_until_asked() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    let mut theirs = load_session(&path).expect("loads");
    theirs.drill.phases[0].notes = "written by someone else, and longer".into();
    drillboard::store::save_session(&theirs, &path).expect("their save");

    type_notes(&mut h, "mine");
    settle(&test, &mut h);
    let SaveStatus::Failed(reason) = save_status(&h) else {
        panic!("must refuse: {:?}", save_status(&h));
    };
    assert!(reason.contains("changed on disk"), "{reason}");
    assert_eq!(
        load_session(&path).expect("loads"),
        theirs,
        "theirs is intact"
    );

    h.get_by_label("Retry").click();
    h.run();
    h.state_mut().flush_saves();
    assert_eq!(save_status(&h), SaveStatus::Saved);
    assert_eq!(
        load_session(&path).expect("loads").drill.phases[0].notes,
        "mine"
    );
}

/// A first app that is dropped without closing properly, as a crash or kill -9 leaves it.
fn interrupted_drill(test: &TestApp) -> std::path::PathBuf {
    let mut h = started(test);
    type_notes(&mut h, "fraud at 0.1%, labels late");
    test.clock.advance(Duration::from_secs(90));
    settle(test, &mut h);
    let path = path_of(&h);
    drop(h);
    // What a killed process leaves: its lock, naming a process that no longer exists.
    fs::write(lock_path(&path), "0").expect("stale lock");
    path
}

#[test]
fn an_interrupted_drill_is_offered_and_resumes_paused_with_its_notes() {
    let test = TestApp::new();
    let path = interrupted_drill(&test);
    let mut h = test.harness();
    h.run();
    assert_eq!(h.state().recoveries().len(), 1);
    assert!(h.query_by_label("A drill was interrupted").is_some());
    assert!(
        h.query_by_label_contains("fraud at 0.1%, labels late")
            .is_some(),
        "the offer shows the notes it kept"
    );
    h.get_by_label("Resume").click();
    h.run();
    let open = h.state().open_session().expect("resumed");
    assert_eq!(open.path, path);
    assert_eq!(
        open.session.drill.status,
        DrillStatus::Paused,
        "clock paused"
    );
    assert_eq!(
        open.session.drill.phases[0].notes,
        "fraud at 0.1%, labels late"
    );
    assert!(open.read_only.is_none(), "the stale lock was taken over");
    assert!(
        open.session.drill.total_elapsed() >= Duration::from_secs(90),
        "the clock stands at the last saved moment"
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.state_mut().flush_saves();
    h.run();
    assert!(h.state().recoveries().is_empty(), "no longer interrupted");
}

#[test]
fn an_interrupted_drill_can_be_kept_as_finished() {
    let test = TestApp::new();
    let path = interrupted_drill(&test);
    let mut h = test.harness();
    h.run();
    h.get_by_label("Keep as finished").click();
    h.run();
    h.state_mut().flush_saves();
    h.run();
    assert!(matches!(h.state().screen(), Screen::Home));
    assert!(h.state().recoveries().is_empty());
    assert!(h.query_by_label("A drill was interrupted").is_none());
    let saved = load_session(&path).expect("loads");
    assert_eq!(saved.drill.status, DrillStatus::Finished);
    assert_eq!(saved.drill.phases[0].notes, "fraud at 0.1%, labels late");
    assert!(!lock_path(&path).exists(), "the lock is released");
}

#[test]
fn a_drill_closed_properly_is_not_offered_for_recovery() {
    let test = TestApp::new();
    let mut h = started(&test);
    h.state_mut().save_on_exit();
    drop(h);
    let h = test.harness();
    assert!(h.state().recoveries().is_empty());
}

#[test]
fn a_session_open_in_another_instance_opens_read_only_and_is_never_written() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    h.get_by_label("Add Model server").click();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    // Zoomed far in when left: a read-only look is fitted all the same.
    h.state_mut().drill_view_mut().canvas.view.zoom = 3.62;
    h.run();
    h.state_mut().save_on_exit();
    drop(h);
    if !std::path::Path::new("/proc/1").exists() {
        return;
    }
    // Process 1 is alive: another instance holds this session.
    fs::write(lock_path(&path), "1").expect("a live lock");
    let before = fs::read(&path).expect("reads");
    let mut h = test.harness();
    h.run();
    assert!(
        h.state().recoveries().is_empty(),
        "a live drill is not a crash"
    );
    h.state_mut()
        .open_file(path.clone())
        .expect("opens read-only");
    h.run();
    let open = h.state().open_session().expect("open");
    assert!(
        open.read_only
            .as_deref()
            .is_some_and(|r| r.contains("another Drillboard")),
        "{:?}",
        open.read_only
    );
    assert!(
        h.query_by_label("Read-only").is_some(),
        "the status bar says so"
    );
    // Shown as a review: nothing to drill, draw or finish.
    for control in [
        "Finish drill",
        "Resume",
        "Pause",
        "Add Model server",
        "Tidy",
    ] {
        assert!(h.query_by_label(control).is_none(), "no {control}");
    }
    assert!(h.query_by_label("Edit a copy").is_some());
    h.get_by_label("Replay").click();
    h.run();
    let canvas = &h.state().drill_view().review.canvas;
    let area = canvas.area().expect("the diagram is drawn");
    assert!(canvas.view.zoom <= 1.0, "fitted, at {}", canvas.view.zoom);
    let node = &h
        .state()
        .open_session()
        .expect("open")
        .session
        .diagram
        .nodes[0];
    let corner = |x: f32, y: f32| {
        canvas.view.to_screen(
            area.min,
            drillboard::model::Point {
                x: node.pos.x + x,
                y: node.pos.y + y,
            },
        )
    };
    assert!(
        area.contains(corner(0.0, 0.0)) && area.contains(corner(node.size.w, node.size.h)),
        "the box is in view"
    );
    // Space and the phase keys change nothing in a session only looked at.
    h.key_press(Key::Space);
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
    h.run();
    let drill = &h.state().open_session().expect("open").session.drill;
    assert_eq!(drill.status, DrillStatus::Paused);
    assert_eq!(drill.current, 0);
    settle(&test, &mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.state_mut().save_on_exit();
    assert_eq!(fs::read(&path).expect("reads"), before, "never written");
    assert_eq!(
        fs::read_to_string(lock_path(&path)).expect("lock"),
        "1",
        "their lock kept"
    );
}

#[test]
fn a_drill_started_in_an_unusable_library_is_kept_in_memory_with_the_reason() {
    let test = TestApp::new();
    fs::write(test.library().sessions_dir(), b"not a folder").expect("a file in its place");
    let mut h = started(&test);
    let open = h.state().open_session().expect("the drill runs anyway");
    assert!(
        open.read_only.is_none(),
        "not read-only: {:?}",
        open.read_only
    );
    assert!(matches!(save_status(&h), SaveStatus::Failed(_)));
    assert!(h.query_by_label("Retry").is_some());
    h.run();
}

/// A running drill left alone changes nothing but its clock: no save is pending between the
/// periodic ones, so the app does not wake up more than once a second.
#[test]
fn an_idle_running_drill_has_nothing_to_save_between_periodic_saves() {
    let test = TestApp::new();
    let mut h = started(&test);
    for second in 1..=5 {
        test.clock.advance(Duration::from_secs(1));
        h.run();
        h.state_mut().flush_saves();
        h.run();
        assert_eq!(save_status(&h), SaveStatus::Saved, "after {second} s idle");
    }
}

/// A running drill's periodic save adds no frame of its own: the next frame is the next second
/// of the clock, which takes in the save's outcome before it draws.
#[test]
fn a_periodic_save_waits_for_the_next_clock_frame() {
    let test = TestApp::new();
    let mut h = started(&test);
    test.clock.advance(Duration::from_secs(11));
    // One frame: it queues the periodic save at its end, so the save is still in flight.
    h.step();
    let open = h.state().open_session().expect("open");
    assert!(
        open.save.in_flight().is_some(),
        "the periodic save was handed to the saver"
    );
    let delay = h.output().viewport_output[&egui::ViewportId::ROOT].repaint_delay;
    assert!(
        delay >= Duration::from_millis(900),
        "next frame in {delay:?}, not 50 ms after the save"
    );
    h.state_mut().flush_saves();
    h.run();
    assert_eq!(save_status(&h), SaveStatus::Saved);
}

/// Reviewing writes nothing: opening a finished session, looking through its tabs, leaving it,
/// opening it again and closing the window leave the file and its backups as they were.
#[test]
fn reviewing_a_finished_session_writes_nothing() {
    let test = TestApp::new();
    let session = drillboard::store::builtin::practice_session(3).expect("a practice session");
    let path = test.library().save(&session).expect("saves");
    let before = fs::read(&path).expect("reads");
    let modified = fs::metadata(&path)
        .and_then(|m| m.modified())
        .expect("mtime");

    let mut h = test.harness();
    h.run();
    for _ in 0..2 {
        h.state_mut()
            .apply(drillboard::ui::Action::OpenSession(path.clone()));
        h.run();
        for tab in ["Replay", "Reference", "Score", "Overview"] {
            h.get_by_label(tab).click();
            h.run();
        }
        test.clock.advance(Duration::from_secs(30));
        h.run();
        h.state_mut().apply(drillboard::ui::Action::GoHome);
        h.run();
    }
    h.state_mut()
        .apply(drillboard::ui::Action::OpenSession(path.clone()));
    h.run();
    h.state_mut().save_on_exit();

    assert!(
        fs::read(&path).expect("reads") == before,
        "the file is unchanged"
    );
    assert_eq!(
        fs::metadata(&path)
            .and_then(|m| m.modified())
            .expect("mtime"),
        modified,
        "and was not rewritten"
    );
    assert!(
        drillboard::store::backup::backups(test.root(), &session.id).is_empty(),
        "no backup was rotated"
    );
}

/// Resuming an interrupted drill and closing the window at once (no edits) writes it paused,
/// so the next start does not offer it again.
#[test]
fn a_recovered_drill_closed_without_edits_is_not_offered_again() {
    let test = TestApp::new();
    let path = interrupted_drill(&test);
    let mut h = test.harness();
    h.run();
    h.get_by_label("Resume").click();
    h.run();
    h.state_mut().save_on_exit();
    assert_eq!(
        load_session(&path).expect("loads").drill.status,
        DrillStatus::Paused
    );
    drop(h);
    let mut h = test.harness();
    h.run();
    assert!(h.state().recoveries().is_empty(), "not offered again");
}

/// SIGTERM, SIGINT and SIGHUP end the app like a window close: the last second of typing is
/// saved, the drill is paused on disk and its lock is released, with no dialog.
#[test]
fn an_ending_signal_saves_pauses_and_releases_the_lock() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    type_notes(&mut h, "typed just before shutdown");
    assert!(lock_path(&path).exists(), "the open drill holds its lock");
    h.state().exit_signal().raise();
    h.run();
    assert!(h.state().is_exiting());
    let saved = load_session(&path).expect("loads");
    assert_eq!(saved.drill.phases[0].notes, "typed just before shutdown");
    assert_eq!(saved.drill.status, DrillStatus::Paused, "not left Running");
    assert!(!lock_path(&path).exists(), "the lock is released");
    assert!(h.query_by_label("Unsaved work").is_none(), "no close guard");
}

/// A drill saved with a checkpoint, left, then cut short on disk (a bad disk or another
/// program); returns the session's path.
fn damaged_after_a_checkpoint(test: &TestApp) -> std::path::PathBuf {
    let mut h = started(test);
    type_notes(&mut h, "kept in the backup");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.state_mut().flush_saves();
    let path = path_of(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.state_mut().flush_saves();
    drop(h);
    let written = fs::read_to_string(&path).expect("reads");
    fs::write(&path, &written[..written.len() / 2]).expect("cut short");
    path
}

/// An unreadable session in the library is listed with its newest readable backup, which one
/// click restores and opens; the unreadable file is kept.
#[test]
fn an_unreadable_session_is_offered_its_newest_readable_backup() {
    let test = TestApp::new();
    let path = damaged_after_a_checkpoint(&test);
    let mut h = test.harness();
    h.run();
    let error = h.state().session_errors().first().expect("listed").clone();
    assert_eq!(error.path, path);
    assert!(error.backup_at.is_some(), "a backup reads");
    h.get_by_label_contains("Restore backup from").click();
    h.run();
    let open = h
        .state()
        .open_session()
        .expect("the restored session opens");
    assert_eq!(open.session.drill.phases[0].notes, "kept in the backup");
    let status = h.state().status().expect("a status").text.clone();
    assert!(status.starts_with("Restored the backup from"), "{status}");
    assert!(
        status.contains(".orig"),
        "says where the unreadable file is: {status}"
    );
    assert!(load_session(&path).is_ok(), "the file reads again");
    assert!(h.state().session_errors().is_empty());
}

/// Opening an unreadable file (as `drillboard open FILE` does) shows why and offers the
/// backup, instead of exiting.
#[test]
fn opening_an_unreadable_file_shows_why_and_offers_the_backup() {
    let test = TestApp::new();
    let path = damaged_after_a_checkpoint(&test);
    let mut h = test.harness();
    h.run();
    h.state_mut().open_or_report(path.clone());
    h.run();
    let failure = h.state().open_failure().expect("a failure notice").clone();
    assert_eq!(failure.path, path);
    assert!(
        h.query_by_label(&format!("Cannot open {}", path.display()))
            .is_some()
    );
    assert!(failure.backup_at.is_some());
    h.get_by_label("Close notice").click();
    h.run();
    assert!(h.state().open_failure().is_none());

    let stranger = test.root().join("not-a-session.ron");
    fs::write(&stranger, "hello").expect("writes");
    h.state_mut().open_or_report(stranger);
    h.run();
    assert!(
        h.state()
            .open_failure()
            .is_some_and(|f| f.backup_at.is_none())
    );
    assert!(
        h.query_by_label("No backup of this session reads correctly.")
            .is_some()
    );
}

/// A field this build does not know (a newer Drillboard wrote the file) opens the session
/// read-only, naming the field and its line; the file is never rewritten.
#[test]
fn a_session_with_an_unknown_field_opens_read_only_naming_it() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.state_mut().flush_saves();
    let saved = fs::read_to_string(&path).expect("reads");
    let newer = saved.replacen("\tid: ", "\thint_level: 3,\n\tid: ", 1);
    fs::write(&path, &newer).expect("writes");
    h.state_mut().open_or_report(path.clone());
    h.run();
    let reason = h
        .state()
        .open_session()
        .and_then(|o| o.read_only.clone())
        .expect("read-only");
    assert!(
        reason.contains("hint_level") && reason.contains(":3:"),
        "{reason}"
    );
    assert!(
        h.query_by_label("Finish drill").is_none(),
        "shown as a review"
    );
    h.key_press(Key::Space);
    settle(&test, &mut h);
    h.state_mut().save_on_exit();
    assert!(
        fs::read_to_string(&path).expect("reads") == newer,
        "unchanged"
    );
}

/// A backup that cannot be written is not a failed save: the session is on disk, and the
/// status says what failed.
#[test]
fn a_failed_backup_is_not_reported_as_a_failed_save() {
    let test = TestApp::new();
    // A file where the backups folder belongs: every backup fails (even for root).
    fs::write(test.root().join("backups"), "in the way").expect("writes");
    let mut h = started(&test);
    type_notes(&mut h, "saved all the same");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.state_mut().flush_saves();
    h.run();
    assert_eq!(save_status(&h), SaveStatus::Saved);
    assert!(h.query_by_label_contains("Save failed").is_none());
    let status = h.state().status().expect("a status").text.clone();
    assert!(
        status.starts_with("Saved, but the backup could not be written"),
        "{status}"
    );
    let saved = load_session(&path_of(&h)).expect("loads");
    assert_eq!(saved.drill.phases[0].notes, "saved all the same");
}

/// Leaving a running drill for home pauses it on disk, so the next start does not offer it as
/// interrupted.
#[test]
fn a_drill_left_for_home_is_paused_and_not_offered_as_interrupted() {
    let test = TestApp::new();
    let mut h = started(&test);
    let path = path_of(&h);
    type_notes(&mut h, "left for home");
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.state_mut().flush_saves();
    let saved = load_session(&path).expect("loads");
    assert_eq!(saved.drill.status, DrillStatus::Paused);
    assert_eq!(saved.drill.phases[0].notes, "left for home");
    drop(h);
    let mut h = test.harness();
    h.run();
    assert!(h.state().recoveries().is_empty(), "not interrupted");
}
