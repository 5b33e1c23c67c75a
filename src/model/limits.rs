//! How big a session may grow: the limits the model's commands enforce when content is made
//! and that the store's repaired loader enforces on files (`store::repair` re-exports them).
//! One set of numbers, so the app never makes what it would later refuse to open.

/// Labels, titles and log entries longer than this many characters are cut.
pub const MAX_LABEL_CHARS: usize = 10_000;
/// A phase's notes longer than this many bytes are cut.
pub const MAX_NOTES_BYTES: usize = 4 * 1024 * 1024;
/// Nodes in one diagram beyond this are dropped (the canvas stays responsive below it).
pub const MAX_NODES: usize = 20_000;
/// Edges in one diagram beyond this are dropped.
pub const MAX_EDGES: usize = 40_000;
/// Zones in one diagram beyond this are dropped.
pub const MAX_ZONES: usize = 200;
/// Interviewer log entries beyond this are dropped.
pub const MAX_LOG_EVENTS: usize = 10_000;
/// Diagram snapshots beyond this are dropped.
pub const MAX_SNAPSHOTS: usize = 10_000;
/// Boxes, arrows and zones in all diagram snapshots together, beyond which a session is
/// refused. Files store an unchanged snapshot in one line but memory holds each whole, so
/// without this a small file of repeated snapshots of a big diagram could fill the memory.
/// Twenty snapshots of the largest realistic diagram (20,000 boxes, 30,000 arrows) fit.
pub const MAX_SNAPSHOT_ITEMS: usize = 1_000_000;
/// The largest magnitude a scratchpad input may have: far beyond any real system (10¹⁵ users
/// or bytes), and small enough that every product the scratchpad forms stays finite.
pub const MAX_SCRATCHPAD_VALUE: f64 = 1.0e15;

/// Whether a diagram with this many nodes, edges and zones is within the limits; the model's
/// commands check a result before applying it.
pub fn diagram_fits(nodes: usize, edges: usize, zones: usize) -> bool {
    nodes <= MAX_NODES && edges <= MAX_EDGES && zones <= MAX_ZONES
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_bound_a_diagram() {
        assert!(diagram_fits(MAX_NODES, MAX_EDGES, MAX_ZONES));
        assert!(!diagram_fits(MAX_NODES + 1, 0, 0));
        assert!(!diagram_fits(0, MAX_EDGES + 1, 0));
        assert!(!diagram_fits(0, 0, MAX_ZONES + 1));
    }
}
