//! Coming back to a drill: the canvas view it was left at, kept in the library's cache across
//! runs (`store::canvas_views`), and its undo history, kept in memory for the app's run.

use std::path::PathBuf;

use crate::model::diagram_ops::History;
use crate::model::{Diagram, DrillStatus};
use crate::store::canvas_views::SavedView;
use crate::ui::canvas::transform::{MAX_ZOOM, MIN_ZOOM, ViewTransform};

use super::{App, OpenSession, Screen};

/// How many left sessions keep their undo history in memory.
const KEPT_HISTORIES: usize = 8;

/// A left session's undo history, with the diagram it undoes from: it is given back only to a
/// session reopened with exactly that diagram, so an undo never lands on a file changed since.
#[derive(Debug)]
pub(super) struct KeptHistory {
    path: PathBuf,
    diagram: Diagram,
    history: History,
}

/// Whether the session is drawn on the drill screen's editable canvas (not as a review).
fn on_drill_canvas(open: &OpenSession) -> bool {
    open.read_only.is_none() && open.session.drill.status != DrillStatus::Finished
}

impl App {
    /// Keeps what leaving the session on screen would lose: its canvas view (written to the
    /// library's cache when it changed) and its undo history.
    pub(super) fn keep_canvas(&mut self) {
        let Screen::Drill(open) = &self.screen else {
            return;
        };
        if !on_drill_canvas(open) {
            return;
        }
        let canvas = &self.drill_view.canvas;
        // A canvas never drawn has only the default view, which says nothing of the user's.
        if canvas.area().is_some() {
            let view = SavedView {
                pan_x: canvas.view.pan.x,
                pan_y: canvas.view.pan.y,
                zoom: canvas.view.zoom,
            };
            if self.canvas_views.remember(&open.session.id, view) {
                let path = self.library.canvas_views_path();
                // A cache: a library that cannot hold it loses only where the view was.
                if let Err(err) = self.canvas_views.write(&path) {
                    eprintln!("drillboard: the canvas view was not kept: {err}");
                }
            }
        }
        self.kept_histories.retain(|k| k.path != open.path);
        if open.history.can_undo() || open.history.can_redo() {
            self.kept_histories.insert(
                0,
                KeptHistory {
                    path: open.path.clone(),
                    diagram: open.session.diagram.clone(),
                    history: open.history.clone(),
                },
            );
            self.kept_histories.truncate(KEPT_HISTORIES);
        }
    }

    /// Gives the session just opened the view and undo history it was left with, or asks its
    /// canvases to fit the diagram.
    pub(super) fn restore_canvas(&mut self) {
        let Screen::Drill(open) = &mut self.screen else {
            return;
        };
        let canvas = &mut self.drill_view.canvas;
        canvas.fit_requested = true;
        if !on_drill_canvas(open) {
            return;
        }
        if let Some(at) = self.kept_histories.iter().position(|k| k.path == open.path) {
            let kept = self.kept_histories.remove(at);
            if kept.diagram == open.session.diagram {
                open.history = kept.history;
            }
        }
        if let Some(view) = self.canvas_views.get(&open.session.id) {
            canvas.view = ViewTransform {
                pan: egui::vec2(view.pan_x, view.pan_y),
                zoom: view.zoom.clamp(MIN_ZOOM, MAX_ZOOM),
            };
            canvas.fit_requested = false;
        }
    }
}
