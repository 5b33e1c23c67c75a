//! The command line: `check`, `scenarios`, and GUI commands without a display.

mod common;

use std::process::Command;

fn drillboard(library: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_drillboard"));
    command.arg("--library").arg(library);
    command
}

#[test]
fn check_accepts_valid_files_and_reports_corrupt_ones() {
    let test = common::TestApp::new();
    let good_scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/fraud_detection.ron");
    let mut app = test.app();
    app.start_drill("fraud_detection").expect("starts");
    // The first save is written by the saver thread.
    app.flush_saves();
    let session_path = app.open_session().expect("open").path.clone();

    let ok = drillboard(test.root())
        .arg("check")
        .arg(good_scenario)
        .arg(&session_path)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert_eq!(ok.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("OK ") && stdout.contains("(scenario)") && stdout.contains("(session)"),
        "{stdout}"
    );

    let corrupt = test.root().join("corrupt.ron");
    std::fs::write(&corrupt, "(\n    id: \"x\",\n    title: 7,\n)").expect("writes");
    let bad = drillboard(test.root())
        .arg("check")
        .arg(good_scenario)
        .arg(&corrupt)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&bad.stdout);
    assert_eq!(bad.status.code(), Some(1), "{stdout}");
    let line = stdout
        .lines()
        .find(|l| l.contains("corrupt.ron"))
        .expect("names the file");
    assert!(line.contains("corrupt.ron:3:"), "file:line:col: {line}");
    assert!(
        stdout.lines().any(|l| l.starts_with("OK ")),
        "the valid file still passes"
    );

    let missing = drillboard(test.root())
        .args(["check", "/nonexistent/file.ron"])
        .output()
        .expect("runs");
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stdout).contains("/nonexistent/file.ron"));
}

#[test]
fn scenarios_lists_ids_and_titles_without_a_window() {
    let test = common::TestApp::new();
    let out = drillboard(test.root())
        .arg("scenarios")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("fraud_detection\tReal-time fraud detection")),
        "{stdout}"
    );
    assert!(stdout.lines().count() >= 12);
}

#[test]
fn gui_commands_without_a_display_say_so_and_fail() {
    let test = common::TestApp::new();
    for args in [
        vec![],
        vec!["drill", "fraud_detection"],
        vec!["open", "x.ron"],
    ] {
        let out = drillboard(test.root())
            .args(&args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(stderr.lines().count(), 1, "one clear line: {stderr}");
        assert!(stderr.contains("no display"), "{stderr}");
    }
}

#[test]
fn a_user_scenario_in_the_library_is_listed_and_a_broken_one_is_reported() {
    let test = common::TestApp::new();
    let dir = test.library().scenarios_dir();
    std::fs::create_dir_all(&dir).expect("mkdir");
    let minimal = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/minimal_scenario.ron"
    ))
    .expect("the documented example exists");
    std::fs::write(dir.join("my_prompt.ron"), minimal).expect("writes");
    std::fs::write(dir.join("broken.ron"), "(id: \"broken\"").expect("writes");
    let out = drillboard(test.root())
        .arg("scenarios")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("url_shortener_abuse\t")),
        "{stdout}"
    );
    assert!(stderr.contains("broken.ron:1:"), "{stderr}");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a broken scenario makes the listing fail"
    );

    let app = test.app();
    assert!(app.catalog().scenario("url_shortener_abuse").is_some());
    assert!(
        app.catalog()
            .problems
            .iter()
            .any(|p| p.contains("broken.ron"))
    );
}

fn minimal_scenario() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/minimal_scenario.ron"
    ))
    .expect("the documented example exists")
}

/// The 1-based line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("in the text")]
        .matches('\n')
        .count()
        + 1
}

/// Writes a user scenario into the library's scenarios folder and runs `drillboard check` on
/// it: the exit code and what it printed.
fn check_user_scenario(
    test: &common::TestApp,
    name: &str,
    scenario: &str,
) -> (Option<i32>, String) {
    let dir = test.library().scenarios_dir();
    std::fs::create_dir_all(&dir).expect("mkdir");
    let file = dir.join(name);
    std::fs::write(&file, scenario).expect("writes");
    let out = drillboard(test.root())
        .arg("check")
        .arg(&file)
        .output()
        .expect("runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// A misspelt field (`curveball:` for `curveballs:`) fails `check` and the catalog with
/// the file, line and column and the fields that exist, instead of dropping the curveballs.
#[test]
fn a_misspelt_scenario_field_fails_check_and_the_catalog() {
    let test = common::TestApp::new();
    let typo = minimal_scenario().replacen("curveballs:", "curveball:", 1);
    let line = line_of(&typo, "curveball:");
    let (code, stdout) = check_user_scenario(&test, "typo.ron", &typo);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("typo.ron:{line}:")) && stdout.contains("`curveball`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("`curveballs`"),
        "lists the known fields: {stdout}"
    );
    let app = test.app();
    assert!(
        app.catalog()
            .problems
            .iter()
            .any(|p| p.contains(&format!("typo.ron:{line}:"))),
        "{:?}",
        app.catalog().problems
    );
    assert!(app.catalog().scenario("url_shortener_abuse").is_none());
}

/// A user scenario reusing a built-in id fails `check` (as the app refuses it), and both name
/// the real file with the line of the id.
#[test]
fn a_user_scenario_reusing_a_built_in_id_fails_check_naming_the_real_file() {
    let test = common::TestApp::new();
    let clash = minimal_scenario().replacen("\"url_shortener_abuse\"", "\"fraud_detection\"", 1);
    let line = line_of(&clash, "\"fraud_detection\"");
    let (code, stdout) = check_user_scenario(&test, "my_copy.ron", &clash);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("my_copy.ron:{line}:"))
            && stdout.contains("already used by the built-in scenario"),
        "{stdout}"
    );
    let app = test.app();
    let problem = app
        .catalog()
        .problems
        .iter()
        .find(|p| p.contains("fraud_detection"))
        .expect("the catalog reports it");
    assert!(
        problem.contains(&format!("my_copy.ron:{line}:")),
        "{problem}"
    );
    assert!(
        !problem.contains("fraud_detection.ron"),
        "names the real file: {problem}"
    );
}

/// Validation errors point at the offending item.
#[test]
fn scenario_validation_errors_give_the_line_of_the_item() {
    let test = common::TestApp::new();
    let twin = minimal_scenario().replacen("\"model_features\"", "\"clarify_base_rate\"", 1);
    let line = line_of(&twin, "id: \"clarify_base_rate\", phase: \"model\"");
    let file = test.root().join("twin.ron");
    std::fs::write(&file, &twin).expect("writes");
    let out = drillboard(test.root())
        .arg("check")
        .arg(&file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("twin.ron:{line}:"))
            && stdout.contains("two rubric items have id `clarify_base_rate`"),
        "{stdout}"
    );
    let phase = minimal_scenario().replacen("phase: \"serving\"", "phase: \"servng\"", 1);
    let line = line_of(&phase, "\"servng\"");
    std::fs::write(&file, &phase).expect("writes");
    let out = drillboard(test.root())
        .arg("check")
        .arg(&file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("twin.ron:{line}:")) && stdout.contains("`servng`"),
        "{stdout}"
    );
}

#[test]
fn ask_prints_the_matched_question_and_its_answer_or_no_match() {
    let test = common::TestApp::new();
    let ask = |question: &str| {
        let output = drillboard(test.root())
            .args(["ask", "fraud_detection", question])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{question}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let matched = ask("how many payments per second?");
    let mut lines = matched.lines();
    assert_eq!(
        lines.next(),
        Some("How many transactions do we score, and how many are fraud?")
    );
    assert!(lines.next().is_some_and(|l| l.contains("10k/s at peak")));
    assert_eq!(
        ask("what's the fraud rate").lines().next(),
        lines_first(&matched)
    );
    assert!(
        ask("when do we learn it was fraud")
            .starts_with("Where do fraud labels come from, and how late do they arrive?\n")
    );
    assert_eq!(ask("what's your favourite colour?"), "no match\n");

    let unknown = drillboard(test.root())
        .args(["ask", "no_such_scenario", "how many users?"])
        .output()
        .expect("runs");
    assert_ne!(unknown.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no scenario `no_such_scenario`"));
}

fn lines_first(text: &str) -> Option<&str> {
    text.lines().next()
}

#[test]
fn pack_writes_a_partner_pack_as_markdown_or_html() {
    let test = common::TestApp::new();
    let md = test.root().join("fraud-pack.md");
    let out = drillboard(test.root())
        .args(["pack", "fraud_detection", "-o"])
        .arg(&md)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("(Markdown)"), "{stdout}");
    let written = std::fs::read_to_string(&md).expect("written");
    for section in [
        "## Clarifying answers",
        "## Curveballs",
        "## Deep dives",
        "## The crux",
        "## Core items per level",
        "## Rubric",
        "## Estimates",
    ] {
        assert!(written.contains(section), "{section}");
    }

    let html = test.root().join("fraud-pack.html");
    let out = drillboard(test.root())
        .args(["pack", "fraud_detection", "--output"])
        .arg(&html)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(&html).expect("written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<h2>The crux</h2>"));

    let out = drillboard(test.root())
        .args(["pack", "no_such_scenario", "-o"])
        .arg(test.root().join("x.md"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no scenario `no_such_scenario`"));
    assert!(!test.root().join("x.md").exists());
}

#[test]
fn import_score_adds_a_partners_score_once_and_refuses_another_sessions() {
    use drillboard::store::partner_score::{PartnerScore, save_partner_score};
    let test = common::TestApp::new();
    let session_path = test.root().join("mine.ron");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/session_v5.ron"),
        &session_path,
    )
    .expect("copies");
    let session = drillboard::store::load_session(&session_path).expect("loads");
    let mut sheet = session.latest_self_score().cloned().expect("self-scored");
    sheet.signals.iter_mut().for_each(|s| s.level = 1);
    let score = PartnerScore::new(&session, "Sam", sheet);
    let file = test.root().join("mine.partner-sam.ron");
    save_partner_score(&score, &file).expect("saves");

    let import = || {
        drillboard(test.root())
            .arg("import-score")
            .arg(&session_path)
            .arg(&file)
            .output()
            .expect("runs")
    };
    let out = import();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("imported Sam's partner score"), "{stdout}");
    assert!(
        stdout.contains("partner ") && stdout.contains("you rated yourself"),
        "{stdout}"
    );
    let saved = drillboard::store::load_session(&session_path).expect("loads");
    assert_eq!(saved.scores.len(), session.scores.len() + 1);
    assert_eq!(saved.latest_self_score(), session.latest_self_score());
    assert!(saved.latest_partner_score().is_some());

    let again = import();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already imported"));

    let mut other = session.clone();
    "somebody-else".clone_into(&mut other.id);
    let theirs = test.root().join("theirs.ron");
    let sheet = other.latest_self_score().cloned().expect("scored");
    save_partner_score(&PartnerScore::new(&other, "Ana", sheet), &theirs).expect("saves");
    let before = std::fs::read(&session_path).expect("reads");
    let out = drillboard(test.root())
        .arg("import-score")
        .arg(&session_path)
        .arg(&theirs)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("somebody-else") && stderr.contains(&session.id),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&session_path).expect("reads"),
        before,
        "unchanged"
    );
}

/// `probe` prints the prompts the interviewer would raise: on an empty diagram in Serving, the
/// fallback; with `--phase monitoring`, how the candidate would know the model got worse.
#[test]
fn probe_prints_the_interviewers_prompts_for_a_session_and_a_phase() {
    use drillboard::model::{Session, Timestamp};
    use std::time::Duration;
    let test = common::TestApp::new();
    let app = test.app();
    let framework = app
        .catalog()
        .framework("seven_phase")
        .expect("framework")
        .clone();
    let scenario = app
        .catalog()
        .scenario("fraud_detection")
        .expect("scenario")
        .clone();
    let mut session = Session::start(&scenario, &framework, 45, Timestamp(0), Duration::ZERO);
    let serving = framework.phase_index("serving").expect("serving");
    session.go_to_phase(serving, Duration::ZERO);
    session.drill.tick(Duration::from_secs(120));
    let path = test.library().save(&session).expect("saves");

    let run = |extra: &[&str]| {
        let out = drillboard(test.root())
            .arg("probe")
            .arg(&path)
            .args(extra)
            .output()
            .expect("runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let now = run(&[]);
    assert!(
        now.lines().any(|l| l.contains("fallback")),
        "serving asks for the fallback: {now}"
    );
    assert!(
        now.lines()
            .any(|l| l.starts_with("Before we go on: you skipped clarify requirements.")),
        "the skipped phases come back: {now}"
    );
    let monitoring = run(&["--phase", "monitoring"]);
    assert!(
        monitoring
            .lines()
            .any(|l| l.contains("How would you know the model got worse last Tuesday?")),
        "{monitoring}"
    );
    assert!(
        monitoring
            .lines()
            .any(|l| l.starts_with("Declines never get labels")),
        "the scenario's own rule: {monitoring}"
    );
    assert!(
        !monitoring.lines().any(|l| l.contains("fallback")),
        "{monitoring}"
    );

    let wrong = drillboard(test.root())
        .args(["probe"])
        .arg(&path)
        .args(["--phase", "servng"])
        .output()
        .expect("runs");
    assert_ne!(wrong.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("no phase `servng`"));
}

/// Interviewer rules are checked in framework and scenario files: an unknown phase or node
/// kind is an error with the file, line and column.
#[test]
fn check_reports_broken_interviewer_rules_with_their_place() {
    let test = common::TestApp::new();
    let framework = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/frameworks/seven_phase.ron"
    ))
    .expect("reads");
    let file = test.root().join("my_framework.ron");
    let run = |text: &str| {
        std::fs::write(&file, text).expect("writes");
        let out = drillboard(test.root())
            .arg("check")
            .arg(&file)
            .output()
            .expect("runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, stdout) = run(&framework);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.contains("(framework)"), "{stdout}");

    let phase = framework.replacen(
        "Not(NotesNumber(\"clarify\"))",
        "Not(NotesNumber(\"clarfy\"))",
        1,
    );
    let line = line_of(&phase, "\"clarfy\"");
    let (code, stdout) = run(&phase);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("my_framework.ron:{line}:")) && stdout.contains("`clarfy`"),
        "{stdout}"
    );

    let kind = framework.replacen("Has(TrainingPipeline)", "Has(TrainingPipe)", 1);
    let line = line_of(&kind, "TrainingPipe)");
    let (code, stdout) = run(&kind);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("my_framework.ron:{line}:")) && stdout.contains("TrainingPipe"),
        "{stdout}"
    );

    let scenario = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/fraud_detection.ron"
    ))
    .expect("reads")
    .replacen(
        "phase: \"monitoring\",\n            when: Not(Any([",
        "phase: \"monitorng\",\n            when: Not(Any([",
        1,
    );
    let line = line_of(&scenario, "\"monitorng\"");
    let file = test.root().join("fraud_copy.ron");
    std::fs::write(&file, &scenario).expect("writes");
    let out = drillboard(test.root())
        .args(["check", "--strict"])
        .arg(&file)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!("fraud_copy.ron:{line}:")) && stdout.contains("`monitorng`"),
        "{stdout}"
    );
}
