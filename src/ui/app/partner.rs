//! Practising with a partner (issue 23): the partner pack of a scenario, scoring a candidate's
//! session as their partner without changing it, and importing a partner's score.

use std::path::{Path, PathBuf};

use crate::model::{DrillStatus, ScoreSheet};
use crate::store::partner_score::{
    PartnerScore, clean_name, default_file_name, import_partner_score, load_partner_score,
    save_partner_score,
};
use crate::ui::open_prompt::{OpenPrompt, PromptMode};
use crate::ui::review::{ReviewTab, ReviewView};

use super::{App, Screen, StatusKind};

/// Where a partner's score is most likely to be: the user's Downloads folder, else home.
pub(super) fn downloads_dir() -> PathBuf {
    directories::UserDirs::new().map_or_else(
        || PathBuf::from("."),
        |d| {
            d.download_dir()
                .map_or_else(|| d.home_dir().to_path_buf(), Path::to_path_buf)
        },
    )
}

impl App {
    /// The library's exports folder, where packs and partner scores are suggested.
    fn exports_dir(&self) -> PathBuf {
        self.library.root().join("exports")
    }

    /// Asks where to write a scenario's partner pack, suggesting the exports folder.
    pub(super) fn show_pack_prompt(&mut self, scenario_id: &str) {
        let Some(scenario) = self.catalog.scenario(scenario_id) else {
            self.set_status(
                StatusKind::Error,
                format!("unknown scenario `{scenario_id}`"),
            );
            return;
        };
        let name = crate::export::pack::default_file_name(
            scenario,
            crate::export::pack::PackFormat::Markdown,
        );
        self.open_prompt = Some(OpenPrompt::with_path(
            PromptMode::SavePack(scenario_id.to_owned()),
            &self.exports_dir().join(name),
        ));
    }

    /// Writes a scenario's partner pack; a folder gets the default file name in it.
    pub(super) fn save_pack(&mut self, scenario_id: &str, path: PathBuf) {
        let Some(scenario) = self.catalog.scenario(scenario_id).cloned() else {
            self.set_status(
                StatusKind::Error,
                format!("unknown scenario `{scenario_id}`"),
            );
            return;
        };
        let Some(framework) = self.catalog.framework(&scenario.framework).cloned() else {
            self.set_status(
                StatusKind::Error,
                format!("scenario `{scenario_id}` names an unknown framework"),
            );
            return;
        };
        let path = if path.is_dir() {
            path.join(crate::export::pack::default_file_name(
                &scenario,
                crate::export::pack::PackFormat::Markdown,
            ))
        } else {
            path
        };
        if let Err(err) = create_parent(&path) {
            self.set_status(StatusKind::Error, format!("Pack not written: {err}"));
            return;
        }
        match crate::export::pack::write_pack(&scenario, &framework, &path) {
            Ok(_) => {
                self.open_prompt = None;
                self.set_status(
                    StatusKind::Success,
                    format!(
                        "Partner pack written to {}: give it to your partner, not to the screen you share",
                        path.display()
                    ),
                );
            }
            Err(err) => self.set_status(StatusKind::Error, format!("Pack not written: {err}")),
        }
    }

    /// Asks the partner's name before scoring the session on screen as its partner.
    pub fn show_partner_prompt(&mut self) {
        if self.open_session().is_some() {
            self.open_prompt = Some(OpenPrompt::partner_name());
        }
    }

    /// Turns the session on screen into a partner's scoring: read-only, with a fresh draft in
    /// memory on the Score tab, so the candidate's file is never written.
    pub fn score_as_partner(&mut self, name: &str) {
        let name = clean_name(name);
        if name.is_empty() {
            self.set_status(
                StatusKind::Error,
                "Type your name: the candidate sees whose score it is",
            );
            return;
        }
        let now = self.clock.now();
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        if open.session.drill.status != DrillStatus::Finished {
            self.set_status(
                StatusKind::Error,
                "Only a finished drill can be scored: ask the candidate to finish it and send the file again",
            );
            return;
        }
        // The rubric is the scenario's, in its framework (which a moved scenario changed).
        let scenario = self.catalog.scenario(&open.session.scenario_id);
        let framework = scenario.and_then(|s| self.catalog.framework(&s.framework));
        let (Some(scenario), Some(framework)) = (scenario, framework) else {
            let message = format!(
                "This Drillboard does not have the scenario `{}`, so it cannot be scored here",
                open.session.scenario_id
            );
            self.set_status(StatusKind::Error, message);
            return;
        };
        open.read_only = Some(format!(
            "scoring as partner {name}: the candidate's file is not changed"
        ));
        open.dirty = false;
        open.session.score_draft = Some(crate::ui::review::partner_draft(
            &open.session,
            scenario,
            framework,
            now,
        ));
        open.partner = Some(name.clone());
        self.open_prompt = None;
        self.drill_view.review = ReviewView {
            tab: ReviewTab::Score,
            ..ReviewView::default()
        };
        self.load_review_replay();
        self.set_status(
            StatusKind::Info,
            format!("Scoring as partner {name}: the candidate's file is not changed"),
        );
    }

    /// The partner's finished sheet: asks where to write it, suggesting
    /// `<session stem>.partner-<name>.ron` in the exports folder.
    pub(super) fn request_partner_save(&mut self, sheet: ScoreSheet) {
        let Some(open) = self.open_session() else {
            return;
        };
        let Some(name) = &open.partner else {
            return;
        };
        let file = default_file_name(&open.path, &open.session.id, name);
        self.open_prompt = Some(OpenPrompt::with_path(
            PromptMode::SavePartnerScore(Box::new(sheet)),
            &self.exports_dir().join(file),
        ));
    }

    /// Writes the partner's score file; the candidate's session stays as it was.
    pub(super) fn save_partner_score(&mut self, path: PathBuf, mut sheet: ScoreSheet) {
        let now = self.clock.now();
        let Some(open) = self.open_session() else {
            return;
        };
        let Some(name) = open.partner.clone() else {
            return;
        };
        let path = if path.is_dir() {
            path.join(default_file_name(&open.path, &open.session.id, &name))
        } else {
            path
        };
        sheet.at = now;
        let band = sheet.result.as_ref().map(|r| r.band.label());
        let score = PartnerScore::new(&open.session, &name, sheet);
        let written = create_parent(&path)
            .and_then(|()| save_partner_score(&score, &path).map_err(|err| err.to_string()));
        match written {
            Ok(()) => {
                self.open_prompt = None;
                self.set_status(
                    StatusKind::Success,
                    format!(
                        "Partner score{} saved to {}: send this file to the candidate, who imports it in review",
                        band.map_or_else(String::new, |b| format!(" ({b})")),
                        path.display()
                    ),
                );
            }
            Err(err) => self.set_status(StatusKind::Error, format!("Score not saved: {err}")),
        }
    }

    /// Asks for a partner-score file to import into the session on screen.
    pub(super) fn show_import_prompt(&mut self) {
        if self
            .open_session()
            .is_some_and(|o| o.read_only.is_none() && o.session.calibration.is_none())
        {
            self.open_prompt = Some(OpenPrompt::with_path(
                PromptMode::ImportPartnerScore,
                Path::new(""),
            ));
        }
    }

    /// Imports a partner's score as their revision beside the self-score, and saves.
    pub fn import_partner_score(&mut self, path: &Path) {
        let loaded = load_partner_score(path);
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        if let Some(reason) = &open.read_only {
            let message = format!("Cannot import: this session is read-only ({reason})");
            self.set_status(StatusKind::Error, message);
            return;
        }
        let result = loaded
            .map_err(crate::store::partner_score::ImportError::from)
            .and_then(|score| {
                let name = score.partner().to_owned();
                let band = score.sheet.result.as_ref().map(|r| r.band);
                import_partner_score(&mut open.session, score, path).map(|()| (name, band))
            });
        match result {
            Ok((name, band)) => {
                open.dirty = true;
                self.open_prompt = None;
                self.drill_view.review.tab = ReviewTab::Score;
                self.queue_save(true, false);
                self.set_status(
                    StatusKind::Success,
                    format!(
                        "Imported {name}'s partner score{}; it shows beside your own on the Score tab",
                        band.map_or_else(String::new, |b| format!(" ({})", b.label()))
                    ),
                );
            }
            Err(err) => self.set_status(StatusKind::Error, format!("Cannot import: {err}")),
        }
    }
}

/// Creates the folder a file goes in.
fn create_parent(path: &Path) -> Result<(), String> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
        }
        _ => Ok(()),
    }
}
