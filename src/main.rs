//! The `drillboard` command: parses arguments, then opens the window or runs a CLI command.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use drillboard::export::{self, Format};
use drillboard::model::{SystemClock, TargetLevel, ask};
use drillboard::store::check::{CheckedFile, check_file_in, check_scenario_strict};
use drillboard::store::{Catalog, Library};
use drillboard::ui::App;

/// Practise ML system-design interviews alone: timed drills, notes, self-scoring.
#[derive(Parser)]
#[command(name = "drillboard", version, about)]
struct Cli {
    #[arg(
        long,
        global = true,
        value_name = "DIR",
        help = "The library folder (holds sessions/ and scenarios/). Default: $DRILLBOARD_LIBRARY, else the platform data folder"
    )]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the window straight into a new drill on a scenario.
    Drill {
        /// The scenario id (see `drillboard scenarios`).
        scenario_id: String,
        /// The level the drill is for: it picks the core items and the bar.
        #[arg(long, value_enum, default_value = "senior")]
        level: LevelArg,
        /// Record your voice with the drill (the microphone chosen on the home screen, else
        /// the system default), as "Record my voice" does, for this drill only.
        #[arg(long)]
        record: bool,
    },
    /// Open the window on a saved session file.
    Open {
        /// The session file (.ron).
        file: PathBuf,
        /// You are the partner who played the interviewer: score the candidate's finished
        /// session without changing it (asks your name, then opens the Score tab; the score
        /// is saved as a separate file to send them).
        #[arg(long)]
        as_partner: bool,
    },
    /// Write a scenario's partner pack without a window: what a partner playing the
    /// interviewer needs and the candidate must not see (answers, curveballs, deep dives,
    /// crux, core items, rubric, estimates). Markdown, or HTML when OUT ends in .html.
    Pack {
        /// The scenario id (see `drillboard scenarios`).
        scenario_id: String,
        /// The file to write (replaced atomically).
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
    },
    /// Import the score file a partner sent into your session, without a window: it is kept
    /// as the partner's revision beside your self-score.
    ImportScore {
        /// Your session file (.ron).
        session: PathBuf,
        /// The partner's score file (.ron).
        file: PathBuf,
    },
    /// List scenarios without a window: id, title, category, difficulty and framework, one a
    /// line, separated by tabs.
    Scenarios,
    /// Validate scenario or session files without a window.
    Check {
        /// Also hold scenarios to the built-in quality bar (crux, core items per level,
        /// short must-lines, worked estimates, deep dives, a framing item); a file may then
        /// replace the built-in scenario of the same id.
        #[arg(long)]
        strict: bool,
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Ask a scenario's interviewer a clarifying question, without a window: prints the
    /// scripted question it matched and its answer, or `no match`.
    Ask {
        /// The scenario id (see `drillboard scenarios`).
        scenario_id: String,
        /// The question, in your own words.
        question: String,
    },
    /// Print, one per line, the prompts the interviewer would raise now in a session (or,
    /// with --phase, were the drill in that phase), without a window; for scenario authors.
    Probe {
        /// The session file (.ron).
        session: PathBuf,
        /// Take this phase id as the current phase.
        #[arg(long, value_name = "ID")]
        phase: Option<String>,
    },
    /// Export a session's diagram as SVG, PNG or Mermaid, or the whole session as a Markdown
    /// report (with the diagram's PNG in `<name>_files/` beside it), without a window.
    Export {
        /// The session file (.ron); its replay log (.replay beside it) gives past moments.
        session: PathBuf,
        /// The output format; by default taken from OUT's extension (.svg, .png, .mmd, .md).
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
        /// The diagram as it stood at this drill time (MM:SS); default: the end.
        #[arg(long, value_name = "MM:SS", value_parser = parse_drill_time, conflicts_with = "every")]
        at: Option<u64>,
        /// One PNG per interval of drill time (MM:SS), written into the folder OUT.
        #[arg(long, value_name = "MM:SS", value_parser = parse_drill_time)]
        every: Option<u64>,
        /// The file to write (replaced atomically); with --every, the folder.
        #[arg(short, long, value_name = "OUT")]
        output: PathBuf,
    },
    /// Print when speech was detected in a session's voice recording, without a window: one
    /// segment a line as `start_s end_s`, in seconds of drill time.
    VoiceSegments {
        /// The session file (.ron); its recording is the .voice beside it.
        session: PathBuf,
    },
}

/// The export formats as command-line values.
#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Svg,
    Png,
    Mermaid,
    #[value(alias = "markdown")]
    Md,
    /// The recorded voice as a WAV file.
    #[value(alias = "wav")]
    Audio,
}

impl FormatArg {
    /// The export format, or `None` for the voice (not a view of the session).
    fn format(self) -> Option<Format> {
        match self {
            FormatArg::Svg => Some(Format::Svg),
            FormatArg::Png => Some(Format::Png),
            FormatArg::Mermaid => Some(Format::Mermaid),
            FormatArg::Md => Some(Format::Markdown),
            FormatArg::Audio => None,
        }
    }
}

/// The target levels as command-line values.
#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    Mid,
    Senior,
    Staff,
}

impl From<LevelArg> for TargetLevel {
    fn from(arg: LevelArg) -> Self {
        match arg {
            LevelArg::Mid => TargetLevel::Mid,
            LevelArg::Senior => TargetLevel::Senior,
            LevelArg::Staff => TargetLevel::Staff,
        }
    }
}

/// What the window should show first.
enum Start {
    Home,
    Drill(String, TargetLevel, bool),
    Open(PathBuf),
    OpenAsPartner(PathBuf),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("drillboard: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // Export reads one file and writes another, so it does not need the library folder.
    let library = || Library::locate(cli.library.clone());
    match cli.command {
        None => open_window(library()?, Start::Home),
        Some(Command::Drill {
            scenario_id,
            level,
            record,
        }) => open_window(library()?, Start::Drill(scenario_id, level.into(), record)),
        Some(Command::Open { file, as_partner }) => {
            let start = if as_partner {
                Start::OpenAsPartner(file)
            } else {
                Start::Open(file)
            };
            open_window(library()?, start)
        }
        Some(Command::Pack {
            scenario_id,
            output,
        }) => write_pack(&library()?, &scenario_id, &output),
        Some(Command::ImportScore { session, file }) => Ok(import_score(&session, &file)),
        Some(Command::Scenarios) => list_scenarios(&library()?),
        Some(Command::Check { strict, files }) => check_files(&library()?, &files, strict),
        Some(Command::Probe { session, phase }) => {
            probe_session(&library()?, &session, phase.as_deref())
        }
        Some(Command::Ask {
            scenario_id,
            question,
        }) => ask_interviewer(&library()?, &scenario_id, &question),
        Some(Command::VoiceSegments { session }) => Ok(report_outcome(voice_segments(&session))),
        Some(Command::Export {
            session,
            format,
            at,
            every,
            output,
        }) => {
            let audio = match format {
                Some(format) => format.format().is_none(),
                None => output
                    .extension()
                    .is_some_and(|ext| ext.eq_ignore_ascii_case("wav")),
            };
            if audio {
                if at.is_some() || every.is_some() {
                    anyhow::bail!("--at and --every export the diagram, not the audio");
                }
                return Ok(report_outcome(export_audio(&session, &output)));
            }
            let moment = match (at, every) {
                (Some(at), _) => Moment::At(at),
                (None, Some(every)) => Moment::Every(every),
                (None, None) => Moment::End,
            };
            // The report names phases and rubric items from the scenario, found in the built-in
            // data or the library; without them it still lists everything the session holds.
            let catalog = library().ok().and_then(|l| Catalog::load(&l).ok());
            Ok(export_command(
                &session,
                format.and_then(FormatArg::format),
                moment,
                &output,
                catalog.as_ref(),
            ))
        }
    }
}

/// The voice recorded with the session at `session`, if it was recorded.
fn read_voice(session: &Path) -> anyhow::Result<Option<drillboard::model::voice::VoiceTrack>> {
    drillboard::store::load_session(session)?;
    let voice = drillboard::store::voice_file::voice_path(session);
    Ok(drillboard::store::voice_file::read_track(&voice)?)
}

/// The voice of a session that must have one.
fn recorded_voice(session: &Path) -> anyhow::Result<drillboard::model::voice::VoiceTrack> {
    read_voice(session)?.with_context(|| format!("{} has no voice recording", session.display()))
}

/// Writes a session's recorded voice as a WAV file.
fn export_audio(session: &Path, output: &Path) -> anyhow::Result<()> {
    let track = recorded_voice(session)?;
    export::wav::write_wav(&track, output)
        .with_context(|| format!("exporting {}", output.display()))?;
    say(&format!(
        "exported {} (WAV, {} of drill time)",
        output.display(),
        export::moments::drill_time_text(track.end_ms())
    ));
    Ok(())
}

/// Prints the speech segments of a session's recorded voice.
fn voice_segments(session: &Path) -> anyhow::Result<()> {
    let track = recorded_voice(session)?;
    let segments = drillboard::model::voice_activity::speech_segments(&track);
    let text = drillboard::model::voice_activity::segments_text(&segments);
    // A reader that stopped early (`| head -1`) is not an error.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(err).context("printing the segments"))
        }
        _ => Ok(()),
    }
}

/// Exit 0, or 1 with one line saying what failed.
fn report_outcome(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("drillboard: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Which moment of the drill `export` writes.
#[derive(Clone, Copy)]
enum Moment {
    /// The session as saved.
    End,
    /// The diagram at a drill time (ms).
    At(u64),
    /// A PNG every so many ms of drill time.
    Every(u64),
}

/// Reads `--at` and `--every` values: drill times as MM:SS.
fn parse_drill_time(text: &str) -> Result<u64, String> {
    drillboard::model::diagram_history::parse_drill_time(text)
}

/// Runs `export`: prints where the file went, or one line saying what failed (exit 1).
fn export_command(
    session: &Path,
    format: Option<Format>,
    moment: Moment,
    output: &Path,
    catalog: Option<&Catalog>,
) -> ExitCode {
    let result = match moment {
        Moment::End => export_session(session, format, output, catalog).map(|(format, files)| {
            say(&format!(
                "exported {} ({})",
                output.display(),
                format.label()
            ));
            for extra in files.iter().skip(1) {
                say(&format!("wrote {}", extra.display()));
            }
        }),
        Moment::At(at_ms) => export_moment(session, format, at_ms, output),
        Moment::Every(every_ms) => export_growth(session, every_ms, output),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("drillboard: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// The session at `path` and where its past diagrams come from: its replay log, or (with a
/// line saying so) its phase snapshots.
fn session_history(
    path: &Path,
) -> anyhow::Result<(
    drillboard::model::Session,
    drillboard::model::diagram_history::DiagramHistory,
)> {
    use drillboard::store::replay_file::{read_replay, replay_path};
    let session = drillboard::store::load_session(path)?;
    let log_path = replay_path(path);
    let log = if log_path.exists() {
        match read_replay(&log_path) {
            Ok(file) => Some(file.entries),
            Err(err) => {
                eprintln!("drillboard: {err}; using the diagram at each phase's end instead");
                None
            }
        }
    } else {
        eprintln!(
            "drillboard: {} has no replay log; using the diagram at each phase's end",
            path.display()
        );
        None
    };
    let history = drillboard::model::diagram_history::DiagramHistory::of(&session, log);
    Ok((session, history))
}

/// Writes the diagram as it stood at a drill time.
fn export_moment(
    path: &Path,
    format: Option<Format>,
    at_ms: u64,
    output: &Path,
) -> anyhow::Result<()> {
    let format = output_format(format, output)?;
    let (session, history) = session_history(path)?;
    export::moments::write_diagram_at(&session, &history, at_ms, format, output)
        .with_context(|| format!("exporting {}", output.display()))?;
    let at = export::moments::drill_time_text(at_ms.min(history.end_ms()));
    say(&format!(
        "exported {} ({}) at {at}",
        output.display(),
        format.label()
    ));
    Ok(())
}

/// Writes one PNG per interval of drill time into a folder.
fn export_growth(path: &Path, every_ms: u64, dir: &Path) -> anyhow::Result<()> {
    if every_ms == 0 {
        anyhow::bail!("--every needs an interval longer than 00:00");
    }
    let (session, history) = session_history(path)?;
    let written = export::moments::write_growth_pictures(&session, &history, every_ms, dir)
        .with_context(|| format!("exporting into {}", dir.display()))?;
    say(&format!(
        "exported {} pictures into {} (every {}, up to {})",
        written.len(),
        dir.display(),
        export::moments::drill_time_text(every_ms),
        export::moments::drill_time_text(history.end_ms())
    ));
    Ok(())
}

/// The format asked for, or the one OUT's extension names.
fn output_format(format: Option<Format>, output: &Path) -> anyhow::Result<Format> {
    match format {
        Some(format) => Ok(format),
        None => output
            .extension()
            .and_then(|ext| Format::from_extension(&ext.to_string_lossy()))
            .with_context(|| {
                format!(
                    "cannot tell the format from {}; pass --format svg, png, mermaid, md or audio",
                    output.display()
                )
            }),
    }
}

/// Writes a session's diagram to `output`; returns the format used and the files written.
fn export_session(
    session: &Path,
    format: Option<Format>,
    output: &Path,
    catalog: Option<&Catalog>,
) -> anyhow::Result<(Format, Vec<PathBuf>)> {
    let format = output_format(format, output)?;
    let path = session;
    let session = drillboard::store::load_session(path)?;
    // The report's per-phase lines come from the replay log when the session has a readable
    // one; otherwise from its phase snapshots, as the report says.
    let log = drillboard::store::replay_file::read_replay(
        &drillboard::store::replay_file::replay_path(path),
    )
    .ok()
    .map(|file| file.entries);
    // A recorded drill's report has its speaking time per phase; the phase visits come from
    // the replay log (without one, only the whole drill's line).
    let speaking = if format == Format::Markdown {
        read_voice(path)?.map(|track| {
            let visits = log.as_deref().map_or_else(Vec::new, |entries| {
                drillboard::model::timeline::Timeline::of(entries, session.drill.now_ms(), &[])
                    .visits
            });
            drillboard::model::voice_activity::measure(&track, &visits, session.drill.phases.len())
                .1
        })
    } else {
        None
    };
    // The report's dates are in the user's zone, as the window shows them.
    let zone = jiff::tz::TimeZone::system();
    let context = export::ReportContext {
        scenario: catalog.and_then(|c| c.scenario(&session.scenario_id)),
        framework: catalog.and_then(|c| c.framework(&session.framework_id)),
        rubric_framework: catalog.and_then(|c| {
            c.scenario(&session.scenario_id)
                .and_then(|s| c.framework(&s.framework))
        }),
        signals: catalog.map(|c| &c.signals),
        png: None,
        zone: Some(&zone),
        log: log.as_deref(),
        speaking: speaking.as_ref(),
    };
    let files = export::write_export(&session, &context, format, output)
        .with_context(|| format!("exporting {}", output.display()))?;
    Ok((format, files))
}

/// Runs `pack`: writes a scenario's partner pack and says where.
fn write_pack(library: &Library, scenario_id: &str, output: &Path) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::load(library).context("loading the built-in data")?;
    let scenario = catalog.scenario(scenario_id).with_context(|| {
        format!("no scenario `{scenario_id}`; `drillboard scenarios` lists them")
    })?;
    let framework = catalog
        .framework(&scenario.framework)
        .with_context(|| format!("scenario `{scenario_id}` names an unknown framework"))?;
    let format = export::pack::write_pack(scenario, framework, output)
        .with_context(|| format!("writing {}", output.display()))?;
    say(&format!(
        "wrote the partner pack for {scenario_id} to {} ({}); keep it off the shared screen",
        output.display(),
        match format {
            export::pack::PackFormat::Markdown => "Markdown",
            export::pack::PackFormat::Html => "HTML",
        }
    ));
    Ok(ExitCode::SUCCESS)
}

/// Runs `import-score`: adds a partner's score to a session file, refusing one that belongs
/// to another session or a session open in a running Drillboard. Exit 1 with one line on
/// failure.
fn import_score(session_path: &Path, file: &Path) -> ExitCode {
    use drillboard::store::lock::{LockState, lock_state};
    use drillboard::store::partner_score::{import_partner_score, load_partner_score};
    let result = (|| -> anyhow::Result<String> {
        if let LockState::Live(pid) = lock_state(session_path) {
            anyhow::bail!(
                "{} is open in Drillboard (process {pid}); import from its review (Partner → Import partner score…) instead",
                session_path.display()
            );
        }
        let mut session = drillboard::store::load_session(session_path)?;
        let score = load_partner_score(file)?;
        let name = score.partner().to_owned();
        let theirs = score.sheet.result.as_ref().map(|r| r.band);
        import_partner_score(&mut session, score, file)?;
        drillboard::store::save_session(&session, session_path)?;
        let own = session
            .latest_self_score()
            .and_then(|s| s.result.as_ref())
            .map(|r| r.band);
        let verdicts = match (theirs, own) {
            (Some(theirs), Some(own)) => format!(
                ": partner {} · you {} · {}",
                theirs.label(),
                own.label(),
                drillboard::model::calibration::self_rating_gap_text(
                    drillboard::model::verdict::band_gap(own, theirs)
                )
            ),
            (Some(theirs), None) => format!(": partner {}", theirs.label()),
            _ => String::new(),
        };
        Ok(format!(
            "imported {name}'s partner score into {}{verdicts}",
            session_path.display()
        ))
    })();
    match result {
        Ok(line) => {
            say(&line);
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("drillboard: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn list_scenarios(library: &Library) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::load(library).context("loading the built-in data")?;
    for entry in &catalog.entries {
        say(&format!(
            "{}\t{}\t{}\t{}\t{}",
            entry.scenario.id,
            entry.scenario.title,
            entry.scenario.category,
            entry.scenario.difficulty.label(),
            entry.scenario.framework
        ));
    }
    for problem in &catalog.problems {
        eprintln!("{problem}");
    }
    Ok(if catalog.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints a line of output. A reader that stopped early (`| head -1`) is not an error, so a
/// closed pipe is ignored instead of panicking as `println!` does.
fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn ask_interviewer(
    library: &Library,
    scenario_id: &str,
    question: &str,
) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::load(library).context("loading the built-in data")?;
    let scenario = catalog.scenario(scenario_id).with_context(|| {
        format!("no scenario `{scenario_id}`; `drillboard scenarios` lists them")
    })?;
    let reply = ask::reply_text(&scenario.questions, question);
    // A reader that stopped early (`| head -1`) is not an error for a lookup.
    match writeln!(std::io::stdout().lock(), "{reply}") {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(err).context("printing the reply"))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn probe_session(library: &Library, path: &Path, phase: Option<&str>) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::load(library).context("loading the built-in data")?;
    let session = drillboard::store::load_session(path)?;
    let scenario = catalog.scenario(&session.scenario_id).with_context(|| {
        format!(
            "the session's scenario `{}` is not in the library",
            session.scenario_id
        )
    })?;
    let framework = catalog
        .framework(&session.framework_id)
        .with_context(|| format!("unknown framework `{}`", session.framework_id))?;
    if let Some(id) = phase
        && framework.phase_index(id).is_none()
    {
        let known: Vec<&str> = framework.phases.iter().map(|p| p.id.as_str()).collect();
        anyhow::bail!(
            "no phase `{id}` in `{}`; phases: {}",
            framework.id,
            known.join(", ")
        );
    }
    let mut out = std::io::stdout().lock();
    for prompt in drillboard::model::interviewer::candidates(&session, framework, scenario, phase) {
        match writeln!(out, "{}", prompt.text) {
            Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => break,
            Err(err) => return Err(anyhow::Error::new(err).context("printing the prompts")),
            Ok(()) => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check_files(library: &Library, files: &[PathBuf], strict: bool) -> anyhow::Result<ExitCode> {
    let catalog = Catalog::load(library).context("loading the built-in data")?;
    let mut all_ok = true;
    for file in files {
        if strict {
            match check_scenario_strict(file, &catalog) {
                Ok(problems) if problems.is_empty() => {
                    say(&format!("OK {} (scenario, strict)", file.display()));
                }
                Ok(problems) => {
                    all_ok = false;
                    for problem in problems {
                        say(&format!("{}: {problem}", file.display()));
                    }
                }
                Err(err) => {
                    all_ok = false;
                    say(&err.to_string());
                }
            }
            continue;
        }
        match check_file_in(file, &catalog) {
            Ok(CheckedFile::Scenario) => say(&format!("OK {} (scenario)", file.display())),
            Ok(CheckedFile::Session) => say(&format!("OK {} (session)", file.display())),
            Ok(CheckedFile::Framework) => say(&format!("OK {} (framework)", file.display())),
            Ok(CheckedFile::Example { official, model }) => say(&format!(
                "OK {} (graded example: official {}, the scoring model gives {})",
                file.display(),
                official.label(),
                model.map_or("no band", |b| b.label())
            )),
            Err(err) => {
                all_ok = false;
                say(&err.to_string());
            }
        }
    }
    Ok(if all_ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Whether a display server is reachable; checked before eframe would fail obscurely.
fn has_display() -> bool {
    if cfg!(target_os = "linux") || cfg!(target_os = "freebsd") {
        ["DISPLAY", "WAYLAND_DISPLAY"]
            .iter()
            .any(|var| std::env::var_os(var).is_some_and(|v| !v.is_empty()))
    } else {
        true
    }
}

fn open_window(library: Library, start: Start) -> anyhow::Result<ExitCode> {
    if !has_display() {
        eprintln!(
            "drillboard: no display found (DISPLAY and WAYLAND_DISPLAY are unset); the window cannot open. \
             `drillboard scenarios` and `drillboard check` work without one."
        );
        return Ok(ExitCode::from(3));
    }
    let mut app =
        App::new(library, Box::new(SystemClock::default())).context("loading the built-in data")?;
    match start {
        Start::Home => {}
        Start::Drill(id, level, record) => {
            app.set_target_level(level);
            if record {
                app.set_record_voice(true, false);
            }
            app.start_drill(&id).map_err(anyhow::Error::msg)?;
        }
        // A file that cannot be opened opens the window with the reason and, when one reads,
        // its newest backup to restore.
        Start::Open(file) => app.open_or_report(file),
        Start::OpenAsPartner(file) => {
            app.open_or_report(file);
            app.show_partner_prompt();
        }
    }
    let options = drillboard::ui::native_options(app.library());
    let exit_signal = app.exit_signal();
    let start_app = move |cc: &eframe::CreationContext<'_>| {
        let ctx = cc.egui_ctx.clone();
        if let Err(err) = exit_signal.listen(move || ctx.request_repaint()) {
            eprintln!("drillboard: signals will end the app without saving ({err})");
        }
        Ok(Box::new(app) as Box<dyn eframe::App>)
    };
    eframe::run_native("Drillboard", options, Box::new(start_app))
        .map_err(|err| anyhow::anyhow!("the window failed: {err}"))?;
    Ok(ExitCode::SUCCESS)
}
