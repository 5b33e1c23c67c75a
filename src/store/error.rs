//! Errors from reading and writing Drillboard files.

use std::path::{Path, PathBuf};

/// Something went wrong with a file; every variant names the file.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The operating system refused a read or write.
    #[error("{path}: {action} failed: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done ("read", "write", "rename"…).
        action: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// The text is not valid RON for the expected shape.
    #[error("{path}:{line}:{col}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        col: usize,
        /// What was expected.
        message: String,
    },
    /// The file was written by a newer Drillboard.
    #[error(
        "{path}: written by a newer Drillboard (schema version {found}; this build reads up to {supported}); it was not changed"
    )]
    TooNew {
        /// The file.
        path: PathBuf,
        /// The file's version.
        found: u32,
        /// The newest version this build understands.
        supported: u32,
    },
    /// The file has a field this build does not know: a newer Drillboard or another program
    /// wrote it, and saving over it would drop the field.
    #[error(
        "{path}:{line}:{col}: unknown field `{field}` (written by a newer Drillboard or another program); the file is not changed, so the field is not lost"
    )]
    UnknownField {
        /// The file.
        path: PathBuf,
        /// 1-based line of the field's name.
        line: usize,
        /// 1-based column of the field's name.
        col: usize,
        /// Where the field sits, e.g. `drill.scratchpad.growth`.
        field: String,
    },
    /// The file is larger than any real Drillboard file.
    #[error("{path}: file is {size} bytes, larger than the {limit}-byte limit")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A session serialised to more than the loaders read (`ron_file::MAX_FILE_BYTES`); it
    /// was not written, so what is on disk still opens.
    #[error(
        "{path}: the session is too large to save ({} MiB over the limit {} MiB); it was not written",
        mib_over(*.size, *.limit),
        .limit / (1024 * 1024)
    )]
    TooLargeToSave {
        /// The file it was to be saved to.
        path: PathBuf,
        /// The serialised size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file parses but an item in it breaks a rule; the position is the item's.
    #[error("{path}:{line}:{col}: {message}")]
    InvalidAt {
        /// The file.
        path: PathBuf,
        /// 1-based line of the offending item.
        line: usize,
        /// 1-based column of the offending item.
        col: usize,
        /// Which rule.
        message: String,
    },
    /// The file parses but its content breaks a rule.
    #[error("{path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Which rule.
        message: String,
    },
    /// The file parses but has problems that a repaired load fixes (see `store::repair`); a
    /// strict load refuses it and lists them.
    #[error("{path}:{line}:{col}: {}", repair_summary(.problems))]
    NeedsRepair {
        /// The file.
        path: PathBuf,
        /// 1-based line of the first problem's item.
        line: usize,
        /// 1-based column of the first problem's item.
        col: usize,
        /// Each problem, with the line and column of its item, and what a repaired load does
        /// about it: "node 2's label is 20000 characters long (line 41:5): cut to the first
        /// 10000".
        problems: Vec<String>,
    },
}

/// How far over the limit, in MiB with one decimal ("0.1" at least, so never "0.0").
fn mib_over(size: u64, limit: u64) -> String {
    let over = size.saturating_sub(limit) as f64 / (1024.0 * 1024.0);
    format!("{:.1}", over.max(0.1))
}

/// How many problems a `NeedsRepair` message spells out; the rest are counted.
const LISTED_PROBLEMS: usize = 20;

/// "2 problems that opening the file in Drillboard repairs: a; b".
fn repair_summary(problems: &[String]) -> String {
    let count = match problems.len() {
        1 => "1 problem".to_owned(),
        n => format!("{n} problems"),
    };
    let listed = problems
        .iter()
        .take(LISTED_PROBLEMS)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join("; ");
    let more = match problems.len().saturating_sub(LISTED_PROBLEMS) {
        0 => String::new(),
        n => format!("; and {n} more"),
    };
    format!("{count} that opening the file in Drillboard repairs: {listed}{more}")
}

impl StoreError {
    /// Wraps an OS error with the file and action.
    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            StoreError::Io { path, .. }
            | StoreError::Parse { path, .. }
            | StoreError::TooNew { path, .. }
            | StoreError::UnknownField { path, .. }
            | StoreError::TooLarge { path, .. }
            | StoreError::TooLargeToSave { path, .. }
            | StoreError::InvalidAt { path, .. }
            | StoreError::Invalid { path, .. }
            | StoreError::NeedsRepair { path, .. } => path,
        }
    }

    /// A content error for a file.
    pub fn invalid(path: &Path, message: impl Into<String>) -> Self {
        StoreError::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}
