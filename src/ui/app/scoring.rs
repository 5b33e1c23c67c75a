//! Finishing a drill (with a question when phases are untouched, and a short window to reopen
//! it), the score draft that is saved as it changes, and saving a score revision.

use crate::model::{DrillStatus, ScoreSheet};
use crate::ui::review::{ReviewTab, ReviewView};

use super::state::REOPEN_WINDOW;
use super::{App, StatusKind};

impl App {
    /// Finishes the drill on screen, unless phases are untouched: then "finish anyway?" shows.
    pub(super) fn request_finish(&mut self) {
        let Some(open) = self.open_session() else {
            return;
        };
        let drill = &open.session.drill;
        if drill.status == DrillStatus::Finished || open.read_only.is_some() {
            return;
        }
        let untouched = drill.untouched_phases();
        if untouched.is_empty() {
            self.finish_drill();
            return;
        }
        let names = self
            .catalog
            .framework(&open.session.framework_id)
            .map(|framework| {
                untouched
                    .iter()
                    .filter_map(|i| framework.phases.get(*i).map(|p| p.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        self.drill_view.confirm_finish = Some(names);
    }

    /// Finishes the drill on screen now and goes straight on to scoring, while it is fresh.
    pub(super) fn finish_drill(&mut self) {
        let now = self.clock.monotonic();
        self.drill_view.confirm_finish = None;
        let finished = self.edit_drill(|drill| {
            let was = drill.status != DrillStatus::Finished;
            drill.finish(now);
            was
        });
        if !finished {
            return;
        }
        self.queue_save(true, false);
        self.write_recording(true);
        // The recorder writes its last chunk and ends before the review reads the voice
        // (`load_review_replay`), or the review would miss the last second or two.
        self.stop_voice();
        self.drill_view.finished_at = Some(now);
        self.drill_view.review = ReviewView {
            tab: ReviewTab::Score,
            ..ReviewView::default()
        };
        self.load_review_replay();
    }

    /// How long the drill on screen can still be reopened, if it was finished moments ago.
    pub fn reopen_left(&self) -> Option<std::time::Duration> {
        let finished = self.drill_view.finished_at?;
        let open = self.open_session()?;
        (open.session.drill.status == DrillStatus::Finished && open.read_only.is_none())
            .then_some(())?;
        REOPEN_WINDOW
            .checked_sub(self.clock.monotonic().saturating_sub(finished))
            .filter(|left| !left.is_zero())
    }

    /// Reopens the drill finished moments ago, paused, with its score draft kept.
    pub(super) fn reopen_drill(&mut self) {
        if self.reopen_left().is_none() {
            self.set_status(
                StatusKind::Info,
                "A drill can be reopened only in the five minutes after it is finished",
            );
            return;
        }
        if self.edit_drill(crate::model::DrillState::reopen) {
            self.drill_view.finished_at = None;
            self.queue_save(true, false);
            self.set_status(
                StatusKind::Info,
                "Drill reopened and paused where it ended; press Space to go on.",
            );
        }
    }

    /// Replaces the score draft of the session on screen; it is saved like notes.
    pub(super) fn edit_score_draft(&mut self, draft: ScoreSheet) {
        let Some(open) = self.drill_mut() else {
            return;
        };
        if open.session.score_draft.as_ref() == Some(&draft) {
            return;
        }
        // A partner's draft lives only in memory: the candidate's file is never written.
        if open.partner.is_some() {
            open.session.score_draft = Some(draft);
            return;
        }
        if open.read_only.is_some() {
            return;
        }
        open.session.score_draft = Some(draft);
        open.dirty = true;
    }

    /// Adds a self-score revision to the session on screen, ends the draft and saves.
    pub(super) fn save_score(&mut self, mut sheet: ScoreSheet) {
        let now = self.clock.now();
        if self.open_session().is_some_and(|o| o.partner.is_some()) {
            self.request_partner_save(sheet);
            return;
        }
        let Some(open) = self.drill_mut() else {
            return;
        };
        if open.read_only.is_some() {
            return;
        }
        sheet.at = now;
        let band = sheet.result.as_ref().map(|r| r.band.label());
        open.session.scores.push(sheet);
        open.session.score_draft = None;
        open.dirty = true;
        let revision = open.session.self_scores().count();
        self.queue_save(true, false);
        self.set_status(
            StatusKind::Success,
            match band {
                Some(band) => format!("Score saved (revision {revision}): {band}"),
                None => format!("Score saved (revision {revision})"),
            },
        );
    }
}
