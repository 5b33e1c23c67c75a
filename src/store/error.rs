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
    #[error("{path}: {}", repair_summary(.problems))]
    NeedsRepair {
        /// The file.
        path: PathBuf,
        /// Each problem and what a repaired load does about it, in file order.
        problems: Vec<String>,
    },
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

    /// A content error for a file.
    pub fn invalid(path: &Path, message: impl Into<String>) -> Self {
        StoreError::Invalid {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}
