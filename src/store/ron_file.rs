//! RON text in and out: pretty, stable output and errors with line and column.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::StoreError;

/// Files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Parses RON text; errors name the file, line and column.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T, StoreError> {
    let options = ron::Options::default().with_recursion_limit(64);
    options.from_str(text).map_err(|err| StoreError::Parse {
        path: path.to_path_buf(),
        line: err.span.start.line,
        col: err.span.start.col,
        message: err.code.to_string(),
    })
}

/// Serialises a value as pretty, diff-friendly RON (fields in declaration order).
pub fn to_pretty<T: Serialize>(value: &T, path: &Path) -> Result<String, StoreError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    ron::Options::default()
        .to_string_pretty(value, config)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|err| StoreError::invalid(path, format!("cannot serialise: {err}")))
}

/// Reads a text file, refusing huge files and invalid UTF-8 with a clear error.
pub fn read_text(path: &Path) -> Result<String, StoreError> {
    let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, "read", e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(|e| StoreError::io(path, "read", e))?;
    String::from_utf8(bytes).map_err(|err| {
        let offset = err.utf8_error().valid_up_to();
        let valid = &err.as_bytes()[..offset];
        let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
        let col = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        StoreError::Parse {
            path: path.to_path_buf(),
            line,
            col,
            message: "the file is not valid UTF-8 text".to_owned(),
        }
    })
}
