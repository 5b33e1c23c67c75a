//! The library folder: saved sessions and the user's own scenarios.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::model::scoring::ScoreResult;
use crate::model::{DrillStatus, Framework, Scenario, Session, SignalScore, Timestamp};

use super::builtin::parse_scenario;
use super::error::StoreError;
use super::index::SummaryIndex;
use super::repair::open_session;
use super::replay_file::{replay_path, set_aside};
use super::ron_file::read_text;
use super::session_file::save_session;

/// The environment variable that overrides the library folder.
pub const LIBRARY_ENV: &str = "DRILLBOARD_LIBRARY";

/// What the home screen shows of a saved session.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SessionSummary {
    /// Where the session lives (not stored in the index, which is keyed by file name).
    #[serde(skip)]
    pub path: PathBuf,
    /// The session's id.
    pub id: String,
    /// The scenario's title at the time of the drill.
    pub scenario_title: String,
    /// When the drill started.
    pub created: Timestamp,
    /// Total drill time.
    pub elapsed: Duration,
    /// Running, paused or finished.
    pub status: DrillStatus,
    /// The id of the phase the drill was in.
    pub phase: String,
    /// The start of the notes written, for recognising a drill at a glance.
    pub notes_preview: String,
    /// The scenario drilled.
    pub scenario_id: String,
    /// The framework it was drilled with.
    pub framework_id: String,
    /// The drill's length in minutes (phase budgets scale with it).
    pub total_minutes: u32,
    /// Time used per phase, in framework order, in milliseconds.
    pub phase_ms: Vec<u64>,
    /// The latest self-score's result, if scored.
    pub score: Option<ScoreResult>,
    /// The latest self-score's competency ratings (signals under the coverage model).
    pub signals: Vec<SignalScore>,
    /// The level the drill was for.
    pub target: crate::model::TargetLevel,
    /// A score is being filled in and not yet saved.
    pub draft: bool,
    /// Set when the session is a calibration on a graded example, not a drill of the user's.
    #[serde(default)]
    pub calibration: Option<crate::model::calibration::CalibrationOf>,
}

/// How many characters of notes a summary keeps.
const PREVIEW_CHARS: usize = 80;

impl SessionSummary {
    /// The summary of a session saved at `path`.
    pub fn of(session: &Session, path: PathBuf) -> Self {
        let drill = &session.drill;
        // The current phase's notes, else the last phase that has any.
        let notes = drill
            .current_record()
            .map(|r| r.notes.trim())
            .filter(|n| !n.is_empty())
            .or_else(|| {
                drill
                    .phases
                    .iter()
                    .rev()
                    .map(|r| r.notes.trim())
                    .find(|n| !n.is_empty())
            })
            .unwrap_or_default();
        let mut notes_preview: String = notes
            .chars()
            .take(PREVIEW_CHARS)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if notes.chars().count() > PREVIEW_CHARS {
            notes_preview.push('…');
        }
        Self {
            path,
            id: session.id.clone(),
            scenario_title: session.scenario_title.clone(),
            created: session.created,
            elapsed: drill.total_elapsed(),
            status: drill.status,
            phase: drill.current_phase_id().to_owned(),
            notes_preview,
            scenario_id: session.scenario_id.clone(),
            framework_id: session.framework_id.clone(),
            total_minutes: drill.total_minutes,
            phase_ms: drill.phases.iter().map(|p| p.elapsed_ms).collect(),
            // Only the candidate's own verdict counts; a partner's score stays in review.
            score: session.latest_self_score().and_then(|s| s.result.clone()),
            signals: session
                .latest_self_score()
                .map(|s| s.signals.clone())
                .unwrap_or_default(),
            target: session.target,
            draft: session.score_draft.is_some(),
            calibration: session.calibration.clone(),
        }
    }
}

/// The folder holding `sessions/` and the user's `scenarios/`.
#[derive(Clone, Debug)]
pub struct Library {
    root: PathBuf,
}

impl Library {
    /// A library rooted at `root`; folders are created on first save.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    /// The library from `--library`, else `DRILLBOARD_LIBRARY`, else the platform data folder.
    pub fn locate(cli: Option<PathBuf>) -> Result<Self, StoreError> {
        if let Some(dir) = cli {
            return Ok(Self::new(dir));
        }
        if let Some(dir) = std::env::var_os(LIBRARY_ENV).filter(|v| !v.is_empty()) {
            return Ok(Self::new(PathBuf::from(dir)));
        }
        directories::ProjectDirs::from("", "", "drillboard")
            .map(|dirs| Self::new(dirs.data_dir()))
            .ok_or_else(|| {
                StoreError::invalid(
                    Path::new("~"),
                    "no home folder found; pass --library DIR or set DRILLBOARD_LIBRARY",
                )
            })
    }

    /// The library's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the window keeps its size, position and egui's memory between runs (eframe's
    /// `app.ron`), inside the library so that `--library DIR` keeps all of a library in DIR.
    pub fn window_state_path(&self) -> PathBuf {
        self.root.join("app.ron")
    }

    /// Where sessions are saved.
    pub fn sessions_dir(&self) -> PathBuf {
        self.root.join("sessions")
    }

    /// Where the user's own scenarios are read from.
    pub fn scenarios_dir(&self) -> PathBuf {
        self.root.join("scenarios")
    }

    /// Where the user's own graded examples are read from.
    pub fn graded_dir(&self) -> PathBuf {
        self.root.join("graded")
    }

    /// The user's graded example files, sorted by name.
    pub fn user_example_files(&self) -> Vec<PathBuf> {
        ron_files(&self.graded_dir())
    }

    /// The path a session saves to.
    pub fn session_path(&self, session: &Session) -> PathBuf {
        self.sessions_dir().join(session.file_name())
    }

    /// Saves a session into the library, creating the folder if needed; returns its path.
    pub fn save(&self, session: &Session) -> Result<PathBuf, StoreError> {
        let dir = self.sessions_dir();
        fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create folder", e))?;
        let path = self.session_path(session);
        save_session(session, &path)?;
        Ok(path)
    }

    /// Summaries of every readable session, newest first, and the errors of unreadable ones.
    /// Sessions that load with repairs are listed; the repairs are reported when one is opened.
    /// Only files that changed since the last listing are parsed: the rest come from the
    /// summary index (`cache/sessions-index.ron`), which is rebuilt whenever it is unusable.
    pub fn sessions(&self) -> (Vec<SessionSummary>, Vec<StoreError>) {
        let index_path = self.index_path();
        let mut index = SummaryIndex::read(&index_path);
        let (summaries, errors, changed) = index.refresh(&self.sessions_dir(), |path| {
            // Sessions with unknown fields are listed too; they open read-only.
            open_session(path).map(|loaded| SessionSummary::of(&loaded.session, path.to_path_buf()))
        });
        if changed {
            // A cache: a library that cannot hold it still lists every session, just slower.
            let _ = index.write(&index_path);
        }
        (summaries, errors)
    }

    /// Where deleted sessions go: nothing is erased.
    pub fn trash_dir(&self) -> PathBuf {
        self.root.join("trash")
    }

    /// Moves a session file into the trash folder, with its replay log; returns where the
    /// session went.
    pub fn trash(&self, path: &Path) -> Result<PathBuf, StoreError> {
        let dir = self.trash_dir();
        fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, "create folder", e))?;
        let name = path
            .file_name()
            .ok_or_else(|| StoreError::invalid(path, "is not a file"))?;
        let mut target = dir.join(name);
        let mut n = 2;
        while target.exists() {
            let stem = Path::new(name)
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy();
            target = dir.join(format!("{stem}-{n}.ron"));
            n += 1;
        }
        fs::rename(path, &target).map_err(|e| StoreError::io(path, "move to the trash", e))?;
        move_replay(path, &target, "move to the trash")?;
        Ok(target)
    }

    /// Moves a trashed session, and its replay log, back to where it was.
    pub fn restore(&self, trashed: &Path, original: &Path) -> Result<(), StoreError> {
        if original.exists() {
            return Err(StoreError::invalid(
                original,
                "exists again; the trashed copy stays in the trash folder",
            ));
        }
        fs::rename(trashed, original).map_err(|e| StoreError::io(trashed, "restore", e))?;
        move_replay(trashed, original, "restore")
    }

    /// Removes what killed processes left in the library: temp files of interrupted saves in
    /// `sessions/`, `cache/` and each `backups/<id>/` (see `atomic::clean_temp_files`). Call it
    /// once at start-up; returns the files removed.
    pub fn clean_leftovers(&self) -> Vec<PathBuf> {
        let mut dirs = vec![self.sessions_dir(), self.root.join("cache")];
        if let Ok(entries) = fs::read_dir(self.root.join("backups")) {
            dirs.extend(
                entries
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.path()),
            );
        }
        dirs.iter()
            .flat_map(|dir| super::atomic::clean_temp_files(dir))
            .collect()
    }

    /// Where the summary index lives.
    pub fn index_path(&self) -> PathBuf {
        self.root.join("cache").join("sessions-index.ron")
    }

    /// Where the canvas view each session was left at is kept (`store::canvas_views`).
    pub fn canvas_views_path(&self) -> PathBuf {
        self.root.join("cache").join("canvas-views.ron")
    }

    /// The user's scenarios, each parsed and validated on its own.
    pub fn user_scenarios(&self, frameworks: &[Framework]) -> Vec<Result<Scenario, StoreError>> {
        self.user_scenario_files(frameworks)
            .into_iter()
            .map(|(_, result)| result)
            .collect()
    }

    /// The user's scenario files, each with its scenario or why it cannot be used.
    pub fn user_scenario_files(
        &self,
        frameworks: &[Framework],
    ) -> Vec<(PathBuf, Result<Scenario, StoreError>)> {
        ron_files(&self.scenarios_dir())
            .into_iter()
            .map(|path| {
                let result =
                    read_text(&path).and_then(|text| parse_scenario(&text, &path, frameworks));
                (path, result)
            })
            .collect()
    }
}

/// Moves the replay log of the session moved from `from` to `to` along with it, when it has
/// one; a log already at the destination is set aside, never replaced.
fn move_replay(from: &Path, to: &Path, what: &'static str) -> Result<(), StoreError> {
    let (from, to) = (replay_path(from), replay_path(to));
    if !from.exists() {
        return Ok(());
    }
    if to.exists() {
        set_aside(&to)?;
    }
    fs::rename(&from, &to).map_err(|e| StoreError::io(&from, what, e))
}

/// The `*.ron` files directly in a folder, sorted by name; a missing folder has none.
pub(super) fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron") && path.is_file())
        .collect();
    files.sort();
    files
}
