//! Atomic file replacement: write a temp file beside the target, fsync, rename.

use std::fs::{self, File};
use std::io::Write as _;
use std::path::Path;

use super::error::StoreError;

/// The steps of an atomic write, for fault injection in tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Creating the temp file.
    Create,
    /// Writing the first half of the bytes.
    WriteFirstHalf,
    /// Writing the rest.
    WriteRest,
    /// Flushing the temp file to the disk.
    Sync,
    /// Renaming the temp file over the target.
    Rename,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 5] = [
        Step::Create,
        Step::WriteFirstHalf,
        Step::WriteRest,
        Step::Sync,
        Step::Rename,
    ];
}

/// Replaces `path` with `bytes` so that a reader sees either the old or the new file, never a mix.
/// On failure the old file is untouched and the temp file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, bytes, &mut |_| Ok(()))
}

/// `write_atomic`, asking `before` ahead of each step; an error from it fails the write there,
/// as a full disk or a pulled cable would.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let Some(dir) = path.parent() else {
        return Err(StoreError::invalid(path, "has no parent folder"));
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = write_and_rename(&temp, path, bytes, before);
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn write_and_rename(
    temp: &Path,
    path: &Path,
    bytes: &[u8],
    before: &mut dyn FnMut(Step) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let (first, rest) = bytes.split_at(bytes.len() / 2);
    before(Step::Create).map_err(|e| StoreError::io(temp, "create", e))?;
    let mut file = File::create(temp).map_err(|e| StoreError::io(temp, "create", e))?;
    before(Step::WriteFirstHalf).map_err(|e| StoreError::io(temp, "write", e))?;
    file.write_all(first)
        .map_err(|e| StoreError::io(temp, "write", e))?;
    before(Step::WriteRest).map_err(|e| StoreError::io(temp, "write", e))?;
    file.write_all(rest)
        .map_err(|e| StoreError::io(temp, "write", e))?;
    before(Step::Sync).map_err(|e| StoreError::io(temp, "fsync", e))?;
    file.sync_all()
        .map_err(|e| StoreError::io(temp, "fsync", e))?;
    drop(file);
    before(Step::Rename).map_err(|e| StoreError::io(path, "rename", e))?;
    fs::rename(temp, path).map_err(|e| StoreError::io(path, "rename", e))?;
    // Make the rename itself durable; not every platform lets a folder be opened, so best effort.
    if let Some(dir) = path.parent()
        && let Ok(dir) = File::open(dir)
    {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.ron");
        write_atomic(&path, b"old").expect("first write");
        write_atomic(&path, b"new").expect("second write");
        assert_eq!(fs::read(&path).expect("read"), b"new");
        let names: Vec<_> = fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn missing_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("gone").join("a.ron");
        let err = write_atomic(&path, b"x").expect_err("must fail");
        assert!(err.to_string().contains("create failed"), "{err}");
    }
}
