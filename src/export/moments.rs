//! The diagram at past drill times: one picture at a moment (`drillboard export --at 05:00`),
//! or one PNG per interval into a folder (`--every 01:00`) to show how a design grew.

use std::path::{Path, PathBuf};

use crate::model::Session;
use crate::model::diagram_history::DiagramHistory;

use super::{ExportError, Format, PNG_SCALE, to_mermaid, to_png, to_svg};

/// A drill time as `MM:SS` (minutes past 59 as they are: `75:30`).
pub fn drill_time_text(at_ms: u64) -> String {
    let secs = at_ms / 1_000;
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// The picture or text of the diagram as it stood at `at_ms`, titled with the moment.
pub fn diagram_at(
    session: &Session,
    history: &DiagramHistory,
    at_ms: u64,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    let diagram = history.at(at_ms);
    let title = format!(
        "{} at {}",
        session.scenario_title,
        drill_time_text(at_ms.min(history.end_ms()))
    );
    match format {
        Format::Svg => Ok(to_svg(&diagram, &title).into_bytes()),
        Format::Png => to_png(&diagram, &title, PNG_SCALE),
        Format::Mermaid => Ok(to_mermaid(&diagram).into_bytes()),
        Format::Markdown => Err(ExportError::NotAPicture),
    }
}

/// Writes the diagram as it stood at `at_ms` to `output`, atomically.
pub fn write_diagram_at(
    session: &Session,
    history: &DiagramHistory,
    at_ms: u64,
    format: Format,
    output: &Path,
) -> Result<(), ExportError> {
    let bytes = diagram_at(session, history, at_ms, format)?;
    crate::store::atomic::write_atomic(output, &bytes)?;
    Ok(())
}

/// The drill times `--every` pictures: each whole interval, then the end (when it is not one).
pub fn moments(every_ms: u64, end_ms: u64) -> Vec<u64> {
    let every_ms = every_ms.max(1_000);
    let mut times: Vec<u64> = (1..=end_ms / every_ms).map(|i| i * every_ms).collect();
    if times.last() != Some(&end_ms) {
        times.push(end_ms);
    }
    times
}

/// Writes one PNG per interval of drill time into `dir` (created if needed), named by the
/// moment (`05-00.png`), the last at the end of the drill. Returns the files written.
pub fn write_growth_pictures(
    session: &Session,
    history: &DiagramHistory,
    every_ms: u64,
    dir: &Path,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| crate::store::StoreError::io(dir, "create folder", e))?;
    let mut written = Vec::new();
    for at_ms in moments(every_ms, history.end_ms()) {
        let name = format!("{}.png", drill_time_text(at_ms).replace(':', "-"));
        let path = dir.join(name);
        write_diagram_at(session, history, at_ms, Format::Png, &path)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_interval_and_then_the_end() {
        assert_eq!(
            moments(60_000, 185_000),
            [60_000, 120_000, 180_000, 185_000]
        );
        assert_eq!(moments(60_000, 120_000), [60_000, 120_000]);
        assert_eq!(moments(60_000, 30_000), [30_000]);
        assert_eq!(drill_time_text(4_530_999), "75:30");
    }
}
