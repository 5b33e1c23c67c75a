//! Mermaid export: the diagram as `flowchart LR` text for Markdown documents.
//!
//! Nodes are `n<id>["label"]`, zones are subgraphs `z<id>["label"]` holding the nodes that sit
//! in them, and each edge kind has its own arrow: request `-->`, stream `-.->`, batch `==>`,
//! feedback `--o` (also coloured by `linkStyle`). Node groups become `classDef` colours.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Diagram, DiagramEdge, DiagramNode, EdgeKind, KindGroup, ZoneId};

use super::{FEEDBACK_COLOUR, TEXT_COLOUR, group_colour};

/// The Mermaid arrow for an edge kind.
pub fn arrow(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Request => "-->",
        EdgeKind::Stream => "-.->",
        EdgeKind::Batch => "==>",
        EdgeKind::Feedback => "--o",
    }
}

/// The Mermaid id of a node.
pub fn node_id(node: &DiagramNode) -> String {
    format!("n{}", node.id.0)
}

/// Renders the diagram as a Mermaid flowchart, left to right.
pub fn to_mermaid(diagram: &Diagram) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut by_zone: BTreeMap<ZoneId, Vec<&DiagramNode>> = BTreeMap::new();
    let mut loose = Vec::new();
    for node in &diagram.nodes {
        match diagram.home_zone(node) {
            Some(zone) => by_zone.entry(zone).or_default().push(node),
            None => loose.push(node),
        }
    }
    for zone in &diagram.zones {
        let Some(members) = by_zone.get(&zone.id) else {
            // Some renderers fail on empty subgraphs, so an empty zone is only a comment.
            let _ = writeln!(
                out,
                "    %% zone z{} \"{}\" has no nodes",
                zone.id.0,
                escape(&zone.label)
            );
            continue;
        };
        let _ = writeln!(
            out,
            "    subgraph z{}[\"{}\"]",
            zone.id.0,
            escape(&zone.label)
        );
        for node in members {
            let _ = writeln!(out, "        {}", node_line(node));
        }
        out.push_str("    end\n");
    }
    for node in loose {
        let _ = writeln!(out, "    {}", node_line(node));
    }

    let mut feedback_links = Vec::new();
    let mut link_index = 0;
    for edge in &diagram.edges {
        let Some(line) = edge_line(diagram, edge) else {
            continue;
        };
        let _ = writeln!(out, "    {line}");
        if edge.kind == EdgeKind::Feedback {
            feedback_links.push(link_index.to_string());
        }
        link_index += 1;
    }

    for group in KindGroup::ALL {
        let members: Vec<String> = diagram
            .nodes
            .iter()
            .filter(|n| n.kind.group() == group)
            .map(node_id)
            .collect();
        if members.is_empty() {
            continue;
        }
        let class = group.label().to_ascii_lowercase();
        let colour = group_colour(group);
        let _ = writeln!(
            out,
            "    classDef {class} fill:{},stroke:{},color:{}",
            colour.lighten(0.86).hex(),
            colour.hex(),
            TEXT_COLOUR.hex()
        );
        let _ = writeln!(out, "    class {} {class}", members.join(","));
    }
    if !feedback_links.is_empty() {
        let _ = writeln!(
            out,
            "    linkStyle {} stroke:{},color:{}",
            feedback_links.join(","),
            FEEDBACK_COLOUR.hex(),
            FEEDBACK_COLOUR.hex()
        );
    }
    out
}

/// `n3["Label"]`; a node without a label shows its kind.
fn node_line(node: &DiagramNode) -> String {
    let text = if node.label.trim().is_empty() {
        node.kind.label()
    } else {
        node.label.as_str()
    };
    format!("{}[\"{}\"]", node_id(node), escape(text))
}

/// `n1 -->|"label"| n2`, or `None` when an end is missing.
fn edge_line(diagram: &Diagram, edge: &DiagramEdge) -> Option<String> {
    let from = node_id(diagram.node(edge.from)?);
    let to = node_id(diagram.node(edge.to)?);
    let arrow = arrow(edge.kind);
    Some(if edge.label.trim().is_empty() {
        format!("{from} {arrow} {to}")
    } else {
        format!("{from} {arrow}|\"{}\"| {to}", escape(&edge.label))
    })
}

/// Escapes text for a quoted Mermaid label with entity codes: quotes, `#`, markup characters
/// and pipes cannot break out of the label; line breaks become `<br/>`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_keeps_labels_inside_their_quotes() {
        assert_eq!(
            escape("say \"hi\" [x] #1 <b> a|b"),
            "say #quot;hi#quot; [x] #35;1 #lt;b#gt; a#124;b"
        );
        assert_eq!(escape("two\nlines\u{7}"), "two<br/>lines");
    }

    #[test]
    fn an_empty_diagram_is_still_a_flowchart() {
        assert_eq!(to_mermaid(&Diagram::default()), "flowchart LR\n");
    }
}
