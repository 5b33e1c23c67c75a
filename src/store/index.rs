//! The summary index: what the home screen and library need of each saved session, cached
//! with each file's modification time and length so a start-up parses only what changed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::error::StoreError;
use super::library::{SessionSummary, ron_files};
use super::ron_file::{parse, read_text, to_pretty};

/// Bumped whenever `SessionSummary` changes shape; an index of another version is rebuilt.
pub const INDEX_VERSION: u32 = 4;

/// A file's identity on disk: modification time (ns since the epoch) and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    secs: u64,
    nanos: u32,
    len: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Self> {
        let meta = fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Self {
            secs: modified.as_secs(),
            nanos: modified.subsec_nanos(),
            len: meta.len(),
        })
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Entry {
    file: String,
    stamp: Stamp,
    summary: SessionSummary,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct IndexFile {
    version: u32,
    entries: Vec<Entry>,
}

/// The index in memory, keyed by file name.
#[derive(Debug, Default)]
pub struct SummaryIndex {
    entries: HashMap<String, Entry>,
}

impl SummaryIndex {
    /// Reads the index; a missing, unreadable or other-version index is an empty one.
    pub fn read(path: &Path) -> Self {
        let file: Option<IndexFile> = read_text(path)
            .ok()
            .and_then(|text| parse(&text, path).ok());
        let entries = file
            .filter(|f| f.version == INDEX_VERSION)
            .map(|f| f.entries)
            .unwrap_or_default();
        Self {
            entries: entries.into_iter().map(|e| (e.file.clone(), e)).collect(),
        }
    }

    /// Summaries of the `*.ron` files in `dir`, newest first, taking unchanged files from the
    /// index and `load`ing the rest; also the load errors and whether the index changed.
    pub fn refresh(
        &mut self,
        dir: &Path,
        mut load: impl FnMut(&Path) -> Result<SessionSummary, StoreError>,
    ) -> (Vec<SessionSummary>, Vec<StoreError>, bool) {
        let mut summaries = Vec::new();
        let mut errors = Vec::new();
        let mut changed = false;
        let mut present = HashSet::new();
        for path in ron_files(dir) {
            let Some(file) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
                continue;
            };
            let stamp = Stamp::of(&path);
            present.insert(file.clone());
            if let Some(entry) = self.entries.get(&file)
                && Some(entry.stamp) == stamp
            {
                let mut summary = entry.summary.clone();
                summary.path = path;
                summaries.push(summary);
                continue;
            }
            match load(&path) {
                Ok(summary) => {
                    if let Some(stamp) = stamp {
                        self.entries.insert(
                            file.clone(),
                            Entry {
                                file,
                                stamp,
                                summary: summary.clone(),
                            },
                        );
                        changed = true;
                    }
                    summaries.push(summary);
                }
                Err(err) => {
                    changed |= self.entries.remove(&file).is_some();
                    errors.push(err);
                }
            }
        }
        let before = self.entries.len();
        self.entries.retain(|file, _| present.contains(file));
        changed |= self.entries.len() != before;
        summaries.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
        (summaries, errors, changed)
    }

    /// Writes the index atomically.
    pub fn write(&self, path: &Path) -> Result<(), StoreError> {
        let mut entries: Vec<Entry> = self.entries.values().cloned().collect();
        entries.sort_by(|a, b| a.file.cmp(&b.file));
        let file = IndexFile {
            version: INDEX_VERSION,
            entries,
        };
        let text = to_pretty(&file, path)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
        }
        write_atomic(path, text.as_bytes())
    }
}
