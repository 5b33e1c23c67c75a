//! Copied boxes on the system clipboard: Mermaid text of the boxes and the arrows between them,
//! which other apps paste as a flowchart, with the boxes themselves on one Mermaid comment line
//! that any Drillboard window reads back exactly (positions, sizes, kinds, labels).

use crate::model::{Diagram, DiagramEdge, DiagramNode};

/// Starts the comment line that carries the boxes as RON.
const MARKER: &str = "%% drillboard-boxes ";

/// The most clipboard text a paste reads: a few thousand boxes, far more than anyone copies,
/// and little enough that a huge foreign clipboard is not parsed on the UI thread.
const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// The clipboard text for copied boxes and the arrows between them.
pub(super) fn clipboard_text(nodes: &[DiagramNode], edges: &[DiagramEdge]) -> String {
    let diagram = Diagram {
        nodes: nodes.to_vec(),
        edges: edges.to_vec(),
        ..Diagram::default()
    };
    let mut text = crate::export::to_mermaid(&diagram);
    // Plain RON with no newlines: labels keep theirs as escapes inside strings.
    if let Ok(boxes) = ron::to_string(&(nodes, edges)) {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(MARKER);
        text.push_str(&boxes);
        text.push('\n');
    }
    text
}

/// The boxes and arrows in clipboard text that `clipboard_text` wrote, or `None` for any other
/// text, or boxes a saved diagram could not hold (over-long labels, geometry that is not a
/// number, more boxes than a diagram may have): the paste is refused rather than repaired.
pub(super) fn boxes_from_clipboard(text: &str) -> Option<(Vec<DiagramNode>, Vec<DiagramEdge>)> {
    if text.len() > MAX_TEXT_BYTES {
        return None;
    }
    let line = text
        .lines()
        .find_map(|l| l.trim_end_matches('\r').strip_prefix(MARKER))?;
    let (nodes, edges): (Vec<DiagramNode>, Vec<DiagramEdge>) = ron::from_str(line).ok()?;
    if nodes.is_empty() || !crate::model::limits::diagram_fits(nodes.len(), edges.len(), 0) {
        return None;
    }
    let diagram = Diagram {
        nodes,
        edges,
        ..Diagram::default()
    };
    if crate::store::repair::diagram_problem(&diagram, &[]).is_some() {
        return None;
    }
    Some((diagram.nodes, diagram.edges))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EdgeId, EdgeKind, NodeId, NodeKind, Point};

    fn boxes() -> (Vec<DiagramNode>, Vec<DiagramEdge>) {
        let node = |id: u64, label: &str, x: f32| DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Cache,
            label: label.to_owned(),
            pos: Point { x, y: 40.0 },
            size: DiagramNode::DEFAULT_SIZE,
        };
        let edge = DiagramEdge {
            id: EdgeId(1),
            from: NodeId(1),
            to: NodeId(2),
            label: "reads".to_owned(),
            kind: EdgeKind::Request,
        };
        (
            vec![
                node(1, "Feature store\n(online)", 0.0),
                node(2, "模型服务 🚀", 300.0),
            ],
            vec![edge],
        )
    }

    #[test]
    fn copied_boxes_are_mermaid_that_reads_back_exactly() {
        let (nodes, edges) = boxes();
        let text = clipboard_text(&nodes, &edges);
        assert!(text.starts_with("flowchart"), "{text}");
        assert!(text.contains("模型服务"), "{text}");
        assert_eq!(boxes_from_clipboard(&text), Some((nodes, edges)));
        // Another app may hand the text back with Windows line ends.
        let crlf = text.replace('\n', "\r\n");
        assert!(boxes_from_clipboard(&crlf).is_some());
    }

    #[test]
    fn other_text_and_boxes_a_diagram_could_not_hold_are_refused() {
        assert_eq!(boxes_from_clipboard("hello"), None);
        assert_eq!(boxes_from_clipboard("flowchart LR\n  a --> b\n"), None);
        assert_eq!(boxes_from_clipboard(&format!("{MARKER}(not ron")), None);
        assert_eq!(boxes_from_clipboard(&format!("{MARKER}([], [])")), None);
        let (mut nodes, edges) = boxes();
        nodes[0].pos.x = f32::NAN;
        assert_eq!(boxes_from_clipboard(&clipboard_text(&nodes, &edges)), None);
        let (mut nodes, edges) = boxes();
        nodes[1].label = "x".repeat(crate::model::limits::MAX_LABEL_CHARS + 1);
        assert_eq!(boxes_from_clipboard(&clipboard_text(&nodes, &edges)), None);
    }
}
