//! `Selection`, the ids commands act on, and what moves when a selection is dragged.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::diagram::{Diagram, EdgeId, NodeId, Zone, ZoneId};

/// Ids of nodes, edges and zones: what is selected, removed, copied or moved together.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// Selected boxes.
    pub nodes: Vec<NodeId>,
    /// Selected arrows.
    pub edges: Vec<EdgeId>,
    /// Selected zones.
    pub zones: Vec<ZoneId>,
}

impl Selection {
    /// A selection of nodes only.
    pub fn of_nodes(ids: impl IntoIterator<Item = NodeId>) -> Self {
        Self {
            nodes: ids.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty() && self.zones.is_empty()
    }

    /// Drops ids the diagram no longer has (after an undo removed them, say).
    pub fn retain_existing(&mut self, diagram: &Diagram) {
        self.nodes.retain(|id| diagram.node(*id).is_some());
        self.edges.retain(|id| diagram.edge(*id).is_some());
        self.zones.retain(|id| diagram.zone(*id).is_some());
    }
}

impl Diagram {
    /// What moves when a selection is dragged: its nodes, its zones and every node sitting in
    /// one of those zones (edges are dropped). Compute it once when a drag starts, so a zone
    /// sweeping over other boxes does not pick them up.
    pub fn moving_set(&self, selection: &Selection) -> Selection {
        let mut nodes = Vec::new();
        let mut seen = BTreeSet::new();
        let zones: Vec<&Zone> = selection
            .zones
            .iter()
            .filter_map(|id| self.zone(*id))
            .collect();
        for id in &selection.nodes {
            if self.node(*id).is_some() && seen.insert(*id) {
                nodes.push(*id);
            }
        }
        for node in &self.nodes {
            if zones.iter().any(|z| z.holds(node)) && seen.insert(node.id) {
                nodes.push(node.id);
            }
        }
        Selection {
            nodes,
            edges: Vec::new(),
            zones: zones.iter().map(|z| z.id).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{p, sample};
    use super::*;
    use crate::model::diagram_ops::DiagramCommand;

    #[test]
    fn moving_a_zone_brings_the_nodes_sitting_in_it() {
        let d = sample();
        let set = d.moving_set(&Selection {
            zones: vec![ZoneId(1)],
            ..Selection::default()
        });
        assert_eq!(set.nodes, vec![NodeId(1)]);
        let mut moved = d.clone();
        DiagramCommand::move_by(&set, p(0.0, 100.0))
            .apply(&mut moved)
            .expect("moves");
        assert_eq!(moved.nodes[0].pos, p(0.0, 100.0));
        assert_eq!(moved.zones[0].pos, p(-20.0, 80.0));
        assert_eq!(moved.nodes[1].pos, d.nodes[1].pos);
    }
}
