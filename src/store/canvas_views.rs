//! Where each session's canvas was left (pan and zoom), kept in the library's
//! `cache/canvas-views.ron` rather than in the session file: looking at a session never
//! rewrites it, and a view is a reader's preference, not part of the drill. Like the summary
//! index it is a cache: a missing or unreadable file is an empty one.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::error::StoreError;
use super::ron_file::{parse, read_text, to_pretty};

/// Bumped whenever `SavedView` changes shape; a file of another version is ignored.
pub const VIEWS_VERSION: u32 = 1;

/// A canvas's pan (screen offset of canvas (0, 0) from the canvas area's top-left) and zoom.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedView {
    /// Horizontal pan, in screen points.
    pub pan_x: f32,
    /// Vertical pan, in screen points.
    pub pan_y: f32,
    /// Screen points per canvas unit.
    pub zoom: f32,
}

impl SavedView {
    /// Whether a view read from disk can be used: finite, a zoom a canvas allows, a pan within
    /// the coordinates a diagram may use.
    pub fn is_usable(&self) -> bool {
        const LIMIT: f32 = 1e8;
        self.pan_x.is_finite()
            && self.pan_y.is_finite()
            && self.pan_x.abs() <= LIMIT
            && self.pan_y.abs() <= LIMIT
            && (0.01..=100.0).contains(&self.zoom)
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct ViewsFile {
    version: u32,
    /// Session id and view, most recently left first.
    views: Vec<(String, SavedView)>,
}

/// The kept views, most recently left first, at most [`CanvasViews::LIMIT`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CanvasViews {
    views: Vec<(String, SavedView)>,
}

impl CanvasViews {
    /// How many sessions' views are kept; the least recently left are forgotten.
    pub const LIMIT: usize = 200;

    /// Reads the views; a missing, unreadable or other-version file, and unusable entries,
    /// are left out.
    pub fn read(path: &Path) -> Self {
        let file: Option<ViewsFile> = read_text(path)
            .ok()
            .and_then(|text| parse(&text, path).ok());
        let mut views = Self::default();
        for (id, view) in file
            .filter(|f| f.version == VIEWS_VERSION)
            .map(|f| f.views)
            .unwrap_or_default()
            .into_iter()
            .rev()
        {
            views.remember(&id, view);
        }
        views
    }

    /// The view a session was left at.
    pub fn get(&self, session_id: &str) -> Option<SavedView> {
        self.views
            .iter()
            .find(|(id, _)| id == session_id)
            .map(|(_, view)| *view)
    }

    /// Notes the view a session is left at, as the most recent; returns whether anything
    /// changed. Unusable views are not kept.
    pub fn remember(&mut self, session_id: &str, view: SavedView) -> bool {
        if !view.is_usable() {
            return false;
        }
        if self.views.first() == Some(&(session_id.to_owned(), view)) {
            return false;
        }
        self.views.retain(|(id, _)| id != session_id);
        self.views.insert(0, (session_id.to_owned(), view));
        self.views.truncate(Self::LIMIT);
        true
    }

    /// Writes the views atomically.
    pub fn write(&self, path: &Path) -> Result<(), StoreError> {
        let file = ViewsFile {
            version: VIEWS_VERSION,
            views: self.views.clone(),
        };
        let text = to_pretty(&file, path)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
        }
        write_atomic(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(zoom: f32) -> SavedView {
        SavedView {
            pan_x: 12.5,
            pan_y: -40.0,
            zoom,
        }
    }

    #[test]
    fn views_round_trip_most_recent_first_and_bounded() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache").join("canvas-views.ron");
        let mut views = CanvasViews::default();
        for i in 0..CanvasViews::LIMIT + 5 {
            assert!(views.remember(&format!("s{i}"), view(1.0 + i as f32 / 1000.0)));
        }
        assert!(views.remember("s3", view(0.5)), "s3 moves to the front");
        assert!(!views.remember("s3", view(0.5)), "unchanged");
        views.write(&path).expect("writes");
        let back = CanvasViews::read(&path);
        assert_eq!(back, views);
        assert_eq!(back.get("s3"), Some(view(0.5)));
        assert_eq!(back.get("s0"), None, "the oldest was forgotten");
        assert_eq!(back.views.len(), CanvasViews::LIMIT);
    }

    #[test]
    fn unusable_or_unreadable_views_are_left_out() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("views.ron");
        assert_eq!(CanvasViews::read(&path), CanvasViews::default());
        fs::write(&path, "not ron at all").expect("writes");
        assert_eq!(CanvasViews::read(&path), CanvasViews::default());
        fs::write(
            &path,
            "(version: 1, views: [(\"a\", (pan_x: 1.0, pan_y: 2.0, zoom: 0.0)), \
             (\"b\", (pan_x: 1.0, pan_y: 2.0, zoom: 1.5)), \
             (\"c\", (pan_x: 1e30, pan_y: 2.0, zoom: 1.0))])",
        )
        .expect("writes");
        let views = CanvasViews::read(&path);
        assert_eq!(views.get("a"), None);
        assert_eq!(views.get("b").map(|v| v.zoom), Some(1.5));
        assert_eq!(views.get("c"), None);
        let mut other = CanvasViews::default();
        assert!(!other.remember("x", view(f32::NAN)));
    }
}
