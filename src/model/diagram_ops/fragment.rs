//! Items as lists: a `Fragment` to add (a new item, a paste, a duplicate, the clipboard) and
//! `Placed` items taken out with their old indices; and copy, paste and duplicate.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{DiagramCommand, Selection};
use crate::model::diagram::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, NodeId, Point, Zone, ZoneId,
};

/// New items for a diagram: a new box, arrow or zone, a paste, a duplicate. Also what the
/// clipboard holds (`Diagram::copy`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fragment {
    /// Boxes, appended in this order.
    pub nodes: Vec<DiagramNode>,
    /// Arrows; each end is a node of the fragment or of the diagram.
    pub edges: Vec<DiagramEdge>,
    /// Zones, appended in this order.
    pub zones: Vec<Zone>,
}

impl Fragment {
    /// The ids of everything in the fragment, to select what was just pasted.
    pub fn selection(&self) -> Selection {
        Selection {
            nodes: self.nodes.iter().map(|n| n.id).collect(),
            edges: self.edges.iter().map(|e| e.id).collect(),
            zones: self.zones.iter().map(|z| z.id).collect(),
        }
    }

    /// Whether there is nothing to add.
    pub(super) fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty() && self.zones.is_empty()
    }
}

/// Items taken out of a diagram, each with the index it had in its list, ascending; putting
/// them back at those indices restores the lists exactly.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Placed {
    /// Removed boxes and their indices in `Diagram::nodes`.
    pub nodes: Vec<(usize, DiagramNode)>,
    /// Removed arrows and their indices in `Diagram::edges`.
    pub edges: Vec<(usize, DiagramEdge)>,
    /// Removed zones and their indices in `Diagram::zones`.
    pub zones: Vec<(usize, Zone)>,
}

impl Diagram {
    /// Copies a selection for the clipboard: its nodes (with those sitting in selected zones),
    /// every edge between two copied nodes, and the selected zones, in diagram order.
    pub fn copy(&self, selection: &Selection) -> Fragment {
        let set = self.moving_set(selection);
        let nodes: BTreeSet<NodeId> = set.nodes.iter().copied().collect();
        let zones: BTreeSet<ZoneId> = set.zones.iter().copied().collect();
        Fragment {
            nodes: self
                .nodes
                .iter()
                .filter(|n| nodes.contains(&n.id))
                .cloned()
                .collect(),
            edges: self
                .edges
                .iter()
                .filter(|e| nodes.contains(&e.from) && nodes.contains(&e.to))
                .cloned()
                .collect(),
            zones: self
                .zones
                .iter()
                .filter(|z| zones.contains(&z.id))
                .cloned()
                .collect(),
        }
    }

    /// The command that pastes a fragment shifted by `offset`, with fresh ids; edges whose ends
    /// are not both in the fragment are left out.
    pub fn paste(&self, fragment: &Fragment, offset: Point) -> DiagramCommand {
        let shifted = |p: Point| Point {
            x: p.x + offset.x,
            y: p.y + offset.y,
        };
        let first_node = self.next_node_id().0.max(
            self.edges
                .iter()
                .flat_map(|e| [e.from.0, e.to.0])
                .max()
                .map_or(1, |id| id + 1),
        );
        let mut new_ids = BTreeMap::new();
        let mut nodes = Vec::new();
        for node in &fragment.nodes {
            if new_ids.contains_key(&node.id) {
                continue;
            }
            let id = NodeId(first_node + nodes.len() as u64);
            new_ids.insert(node.id, id);
            nodes.push(DiagramNode {
                id,
                pos: shifted(node.pos),
                ..node.clone()
            });
        }
        let first_edge = self.next_edge_id().0;
        let edges = fragment
            .edges
            .iter()
            .filter_map(|e| Some((new_ids.get(&e.from)?, new_ids.get(&e.to)?, e)))
            .enumerate()
            .map(|(i, (from, to, e))| DiagramEdge {
                id: EdgeId(first_edge + i as u64),
                from: *from,
                to: *to,
                ..e.clone()
            })
            .collect();
        let first_zone = self.next_zone_id().0;
        let zones = fragment
            .zones
            .iter()
            .enumerate()
            .map(|(i, z)| Zone {
                id: ZoneId(first_zone + i as u64),
                pos: shifted(z.pos),
                ..z.clone()
            })
            .collect();
        DiagramCommand::Add(Fragment {
            nodes,
            edges,
            zones,
        })
    }

    /// The command that duplicates nodes shifted by `offset`, with fresh ids, keeping the edges
    /// between the copied nodes. Unknown ids are skipped.
    pub fn duplicate(&self, ids: &[NodeId], offset: Point) -> DiagramCommand {
        let fragment = self.copy(&Selection::of_nodes(ids.iter().copied()));
        self.paste(&fragment, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{p, sample};
    use crate::model::diagram::{EdgeId, NodeId};

    #[test]
    fn duplicate_gives_fresh_ids_and_keeps_inner_edges() {
        let mut d = sample();
        let command = d.duplicate(&[NodeId(1), NodeId(2), NodeId(77)], p(20.0, 20.0));
        let created = command.created();
        assert_eq!(created.nodes, vec![NodeId(4), NodeId(5)]);
        assert_eq!(created.edges, vec![EdgeId(4)]);
        command.apply(&mut d).expect("applies");
        assert!(d.problems().is_empty());
        let copy = d.edge(EdgeId(4)).expect("copied edge");
        assert_eq!((copy.from, copy.to), (NodeId(4), NodeId(5)));
        assert_eq!(d.node(NodeId(4)).expect("copy").pos, p(20.0, 20.0));
        assert_eq!(d.node(NodeId(4)).expect("copy").label, "n1");
    }
}
