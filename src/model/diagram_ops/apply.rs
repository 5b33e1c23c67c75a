//! Carrying out a command: each kind of edit is checked against the diagram, applied, and
//! answered with its exact inverse.

use std::collections::{BTreeMap, BTreeSet};

use super::{CommandError, DiagramCommand, Fragment, Placed, Selection};
use crate::model::diagram::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, NodeId, Point, Zone, ZoneId, geometry_is_valid,
};
use crate::model::limits::{MAX_EDGES, MAX_NODES, MAX_ZONES, diagram_fits};

impl DiagramCommand {
    /// Applies the command and returns the command that undoes it exactly; on error the diagram
    /// is unchanged. A command that would leave more boxes, arrows or zones than a session file
    /// may hold (`model::limits`) is refused, so the app never makes a diagram it cannot save.
    pub fn apply(self, diagram: &mut Diagram) -> Result<DiagramCommand, CommandError> {
        let inverse = self.apply_within(diagram)?;
        let (nodes, edges, zones) = (
            diagram.nodes.len(),
            diagram.edges.len(),
            diagram.zones.len(),
        );
        if !diagram_fits(nodes, edges, zones) {
            // Put the diagram back exactly as it was before reporting.
            let _ = inverse.apply_within(diagram);
            let (what, count, limit) = if nodes > MAX_NODES {
                ("boxes", nodes, MAX_NODES)
            } else if edges > MAX_EDGES {
                ("arrows", edges, MAX_EDGES)
            } else {
                ("zones", zones, MAX_ZONES)
            };
            return Err(CommandError::TooMany { what, count, limit });
        }
        Ok(inverse)
    }

    /// Applies the command without the size check (`apply` adds it).
    fn apply_within(self, diagram: &mut Diagram) -> Result<DiagramCommand, CommandError> {
        match self {
            DiagramCommand::Add(fragment) => add(diagram, fragment),
            DiagramCommand::Remove(selection) => remove(diagram, &selection),
            DiagramCommand::Restore(placed) => restore(diagram, placed),
            DiagramCommand::Move {
                nodes,
                zones,
                delta,
            } => move_by(diagram, &nodes, &zones, delta),
            DiagramCommand::SetPositions { nodes, zones } => set_positions(diagram, &nodes, &zones),
            DiagramCommand::ResizeNode { id, pos, size } => {
                let node = node_mut(diagram, id)?;
                if !geometry_is_valid(pos, size) {
                    return Err(CommandError::BadGeometry(format!("node {}", id.0)));
                }
                let old_pos = std::mem::replace(&mut node.pos, pos);
                let old_size = std::mem::replace(&mut node.size, size);
                Ok(DiagramCommand::ResizeNode {
                    id,
                    pos: old_pos,
                    size: old_size,
                })
            }
            DiagramCommand::RenameNode { id, label } => {
                let old = std::mem::replace(&mut node_mut(diagram, id)?.label, label);
                Ok(DiagramCommand::RenameNode { id, label: old })
            }
            DiagramCommand::SetNodeKind { id, kind } => {
                let old = std::mem::replace(&mut node_mut(diagram, id)?.kind, kind);
                Ok(DiagramCommand::SetNodeKind { id, kind: old })
            }
            DiagramCommand::RelabelEdge { id, label } => {
                let old = std::mem::replace(&mut edge_mut(diagram, id)?.label, label);
                Ok(DiagramCommand::RelabelEdge { id, label: old })
            }
            DiagramCommand::SetEdgeKind { id, kind } => {
                let old = std::mem::replace(&mut edge_mut(diagram, id)?.kind, kind);
                Ok(DiagramCommand::SetEdgeKind { id, kind: old })
            }
            DiagramCommand::ResizeZone { id, pos, size } => {
                let zone = zone_mut(diagram, id)?;
                if !geometry_is_valid(pos, size) {
                    return Err(CommandError::BadGeometry(format!("zone {}", id.0)));
                }
                let old_pos = std::mem::replace(&mut zone.pos, pos);
                let old_size = std::mem::replace(&mut zone.size, size);
                Ok(DiagramCommand::ResizeZone {
                    id,
                    pos: old_pos,
                    size: old_size,
                })
            }
            DiagramCommand::RenameZone { id, label } => {
                let old = std::mem::replace(&mut zone_mut(diagram, id)?.label, label);
                Ok(DiagramCommand::RenameZone { id, label: old })
            }
            DiagramCommand::Batch(commands) => batch(diagram, commands),
        }
    }
}

fn node_mut(diagram: &mut Diagram, id: NodeId) -> Result<&mut DiagramNode, CommandError> {
    diagram
        .nodes
        .iter_mut()
        .find(|n| n.id == id)
        .ok_or(CommandError::MissingNode(id.0))
}

fn edge_mut(diagram: &mut Diagram, id: EdgeId) -> Result<&mut DiagramEdge, CommandError> {
    diagram
        .edges
        .iter_mut()
        .find(|e| e.id == id)
        .ok_or(CommandError::MissingEdge(id.0))
}

fn zone_mut(diagram: &mut Diagram, id: ZoneId) -> Result<&mut Zone, CommandError> {
    diagram
        .zones
        .iter_mut()
        .find(|z| z.id == id)
        .ok_or(CommandError::MissingZone(id.0))
}

/// Checks that new nodes, edges and zones can join the diagram: fresh ids, usable geometry,
/// edges whose ends exist once the new nodes are in.
fn check_new_items<'a>(
    diagram: &Diagram,
    nodes: impl Iterator<Item = &'a DiagramNode> + Clone,
    edges: impl Iterator<Item = &'a DiagramEdge>,
    zones: impl Iterator<Item = &'a Zone>,
) -> Result<(), CommandError> {
    // Ids named by existing edges count as taken, so a new node never picks up an old edge.
    let mut node_ids: BTreeSet<NodeId> = diagram.nodes.iter().map(|n| n.id).collect();
    node_ids.extend(diagram.edges.iter().flat_map(|e| [e.from, e.to]));
    for node in nodes.clone() {
        if !node_ids.insert(node.id) {
            return Err(CommandError::NodeIdTaken(node.id.0));
        }
        if !geometry_is_valid(node.pos, node.size) {
            return Err(CommandError::BadGeometry(format!("node {}", node.id.0)));
        }
    }
    let mut existing: BTreeSet<NodeId> = diagram.nodes.iter().map(|n| n.id).collect();
    existing.extend(nodes.map(|n| n.id));
    let mut edge_ids: BTreeSet<EdgeId> = diagram.edges.iter().map(|e| e.id).collect();
    for edge in edges {
        if !edge_ids.insert(edge.id) {
            return Err(CommandError::EdgeIdTaken(edge.id.0));
        }
        for end in [edge.from, edge.to] {
            if !existing.contains(&end) {
                return Err(CommandError::DanglingEdge {
                    edge: edge.id.0,
                    node: end.0,
                });
            }
        }
    }
    let mut zone_ids: BTreeSet<ZoneId> = diagram.zones.iter().map(|z| z.id).collect();
    for zone in zones {
        if !zone_ids.insert(zone.id) {
            return Err(CommandError::ZoneIdTaken(zone.id.0));
        }
        if !geometry_is_valid(zone.pos, zone.size) {
            return Err(CommandError::BadGeometry(format!("zone {}", zone.id.0)));
        }
    }
    Ok(())
}

fn add(diagram: &mut Diagram, fragment: Fragment) -> Result<DiagramCommand, CommandError> {
    check_new_items(
        diagram,
        fragment.nodes.iter(),
        fragment.edges.iter(),
        fragment.zones.iter(),
    )?;
    let inverse = DiagramCommand::Remove(fragment.selection());
    diagram.nodes.extend(fragment.nodes);
    diagram.edges.extend(fragment.edges);
    diagram.zones.extend(fragment.zones);
    Ok(inverse)
}

fn remove(diagram: &mut Diagram, selection: &Selection) -> Result<DiagramCommand, CommandError> {
    for id in &selection.nodes {
        diagram.node(*id).ok_or(CommandError::MissingNode(id.0))?;
    }
    for id in &selection.edges {
        diagram.edge(*id).ok_or(CommandError::MissingEdge(id.0))?;
    }
    for id in &selection.zones {
        diagram.zone(*id).ok_or(CommandError::MissingZone(id.0))?;
    }
    let nodes: BTreeSet<NodeId> = selection.nodes.iter().copied().collect();
    let edges: BTreeSet<EdgeId> = selection.edges.iter().copied().collect();
    let zones: BTreeSet<ZoneId> = selection.zones.iter().copied().collect();
    let placed = Placed {
        nodes: take_where(&mut diagram.nodes, |n| nodes.contains(&n.id)),
        edges: take_where(&mut diagram.edges, |e| {
            edges.contains(&e.id) || nodes.contains(&e.from) || nodes.contains(&e.to)
        }),
        zones: take_where(&mut diagram.zones, |z| zones.contains(&z.id)),
    };
    Ok(DiagramCommand::Restore(placed))
}

/// Removes the items matching `pred` and returns them with their old indices, ascending.
fn take_where<T>(items: &mut Vec<T>, pred: impl Fn(&T) -> bool) -> Vec<(usize, T)> {
    let mut taken = Vec::new();
    let mut kept = Vec::with_capacity(items.len());
    for (index, item) in std::mem::take(items).into_iter().enumerate() {
        if pred(&item) {
            taken.push((index, item));
        } else {
            kept.push(item);
        }
    }
    *items = kept;
    taken
}

fn restore(diagram: &mut Diagram, placed: Placed) -> Result<DiagramCommand, CommandError> {
    check_new_items(
        diagram,
        placed.nodes.iter().map(|(_, n)| n),
        placed.edges.iter().map(|(_, e)| e),
        placed.zones.iter().map(|(_, z)| z),
    )?;
    let fits = |indices: &mut dyn Iterator<Item = usize>, len: usize| {
        let mut previous = None;
        indices.enumerate().all(|(inserted, index)| {
            let ok = previous.is_none_or(|p| index > p) && index <= len + inserted;
            previous = Some(index);
            ok
        })
    };
    if !fits(
        &mut placed.nodes.iter().map(|(i, _)| *i),
        diagram.nodes.len(),
    ) || !fits(
        &mut placed.edges.iter().map(|(i, _)| *i),
        diagram.edges.len(),
    ) || !fits(
        &mut placed.zones.iter().map(|(i, _)| *i),
        diagram.zones.len(),
    ) {
        return Err(CommandError::BadIndex);
    }
    let inverse = DiagramCommand::Remove(Selection {
        nodes: placed.nodes.iter().map(|(_, n)| n.id).collect(),
        edges: placed.edges.iter().map(|(_, e)| e.id).collect(),
        zones: placed.zones.iter().map(|(_, z)| z.id).collect(),
    });
    for (index, node) in placed.nodes {
        diagram.nodes.insert(index, node);
    }
    for (index, edge) in placed.edges {
        diagram.edges.insert(index, edge);
    }
    for (index, zone) in placed.zones {
        diagram.zones.insert(index, zone);
    }
    Ok(inverse)
}

fn move_by(
    diagram: &mut Diagram,
    nodes: &[NodeId],
    zones: &[ZoneId],
    delta: Point,
) -> Result<DiagramCommand, CommandError> {
    if !(delta.x.is_finite() && delta.y.is_finite()) {
        return Err(CommandError::BadGeometry("the offset".to_owned()));
    }
    let shifted = |p: Point| Point {
        x: p.x + delta.x,
        y: p.y + delta.y,
    };
    // Each item moves once even when listed twice.
    let mut node_targets = Vec::new();
    let mut seen = BTreeSet::new();
    for id in nodes.iter().filter(|id| seen.insert(**id)) {
        let node = diagram.node(*id).ok_or(CommandError::MissingNode(id.0))?;
        node_targets.push((*id, shifted(node.pos)));
    }
    let mut zone_targets = Vec::new();
    let mut seen = BTreeSet::new();
    for id in zones.iter().filter(|id| seen.insert(**id)) {
        let zone = diagram.zone(*id).ok_or(CommandError::MissingZone(id.0))?;
        zone_targets.push((*id, shifted(zone.pos)));
    }
    // Undoing by an absolute position (not by -delta) restores the exact old floats.
    set_positions(diagram, &node_targets, &zone_targets)
}

fn set_positions(
    diagram: &mut Diagram,
    nodes: &[(NodeId, Point)],
    zones: &[(ZoneId, Point)],
) -> Result<DiagramCommand, CommandError> {
    let mut old_nodes: BTreeMap<NodeId, Point> = BTreeMap::new();
    let mut node_order = Vec::new();
    for (id, pos) in nodes {
        let node = diagram.node(*id).ok_or(CommandError::MissingNode(id.0))?;
        if !geometry_is_valid(*pos, node.size) {
            return Err(CommandError::BadGeometry(format!("node {}", id.0)));
        }
        if old_nodes.insert(*id, node.pos).is_none() {
            node_order.push(*id);
        }
    }
    let mut old_zones: BTreeMap<ZoneId, Point> = BTreeMap::new();
    let mut zone_order = Vec::new();
    for (id, pos) in zones {
        let zone = diagram.zone(*id).ok_or(CommandError::MissingZone(id.0))?;
        if !geometry_is_valid(*pos, zone.size) {
            return Err(CommandError::BadGeometry(format!("zone {}", id.0)));
        }
        if old_zones.insert(*id, zone.pos).is_none() {
            zone_order.push(*id);
        }
    }
    let new_nodes: BTreeMap<NodeId, Point> = nodes.iter().copied().collect();
    let new_zones: BTreeMap<ZoneId, Point> = zones.iter().copied().collect();
    for node in &mut diagram.nodes {
        if let Some(pos) = new_nodes.get(&node.id) {
            node.pos = *pos;
        }
    }
    for zone in &mut diagram.zones {
        if let Some(pos) = new_zones.get(&zone.id) {
            zone.pos = *pos;
        }
    }
    Ok(DiagramCommand::SetPositions {
        nodes: node_order
            .into_iter()
            .filter_map(|id| old_nodes.get(&id).map(|p| (id, *p)))
            .collect(),
        zones: zone_order
            .into_iter()
            .filter_map(|id| old_zones.get(&id).map(|p| (id, *p)))
            .collect(),
    })
}

fn batch(
    diagram: &mut Diagram,
    commands: Vec<DiagramCommand>,
) -> Result<DiagramCommand, CommandError> {
    let mut inverses = Vec::with_capacity(commands.len());
    for command in commands {
        match command.apply(diagram) {
            Ok(inverse) => inverses.push(inverse),
            Err(err) => {
                // Roll back what already applied, newest first, so the batch is all or nothing.
                for inverse in inverses.into_iter().rev() {
                    // Each inverse was just produced against this very state, so it applies.
                    let _ = inverse.apply(diagram);
                }
                return Err(err);
            }
        }
    }
    inverses.reverse();
    Ok(DiagramCommand::Batch(inverses))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{edge, node, p, sample, zone};
    use super::*;
    use crate::model::diagram::{EdgeKind, NodeKind, Size};

    /// Applies, checks the inverse restores exactly and the inverse's inverse re-applies.
    fn round_trip(command: DiagramCommand) -> Diagram {
        let before = sample();
        let mut d = before.clone();
        let inverse = command.apply(&mut d).expect("applies");
        let after = d.clone();
        assert_ne!(after, before, "the command changed something");
        let redo = inverse.apply(&mut d).expect("inverse applies");
        assert_eq!(d, before);
        redo.apply(&mut d).expect("redo applies");
        assert_eq!(d, after);
        after
    }

    #[test]
    fn removing_a_node_takes_its_edges_and_undo_restores_the_order() {
        let after = round_trip(DiagramCommand::remove_nodes([NodeId(2)]));
        assert_eq!(after.nodes.len(), 2);
        assert_eq!(after.edges, vec![edge(3, 1, 3)]);
    }

    #[test]
    fn every_edit_round_trips() {
        round_trip(DiagramCommand::add_node(node(9, 5.0, 5.0)));
        round_trip(DiagramCommand::add_edge(edge(9, 3, 1)));
        round_trip(DiagramCommand::add_zone(zone(9, 0.0, 500.0)));
        round_trip(DiagramCommand::remove_edges([EdgeId(1), EdgeId(3)]));
        round_trip(DiagramCommand::remove_zones([ZoneId(1)]));
        let moved = round_trip(DiagramCommand::Move {
            nodes: vec![NodeId(1), NodeId(1)],
            zones: vec![ZoneId(1)],
            delta: p(0.1, -0.7),
        });
        assert_eq!(moved.nodes[0].pos, p(0.1, -0.7), "moved once, not twice");
        round_trip(DiagramCommand::SetPositions {
            nodes: vec![(NodeId(3), p(1.0, 2.0))],
            zones: vec![(ZoneId(1), p(3.0, 4.0))],
        });
        round_trip(DiagramCommand::ResizeNode {
            id: NodeId(2),
            pos: p(290.0, 0.0),
            size: Size { w: 170.0, h: 90.0 },
        });
        round_trip(DiagramCommand::RenameNode {
            id: NodeId(2),
            label: "Kafka".into(),
        });
        round_trip(DiagramCommand::SetNodeKind {
            id: NodeId(2),
            kind: NodeKind::EventStream,
        });
        round_trip(DiagramCommand::RelabelEdge {
            id: EdgeId(2),
            label: "events".into(),
        });
        round_trip(DiagramCommand::SetEdgeKind {
            id: EdgeId(2),
            kind: EdgeKind::Stream,
        });
        round_trip(DiagramCommand::ResizeZone {
            id: ZoneId(1),
            pos: p(0.0, 0.0),
            size: Size { w: 10.0, h: 10.0 },
        });
        round_trip(DiagramCommand::RenameZone {
            id: ZoneId(1),
            label: "online".into(),
        });
        round_trip(DiagramCommand::Batch(vec![
            DiagramCommand::remove_nodes([NodeId(1)]),
            DiagramCommand::add_node(node(1, 50.0, 50.0)),
        ]));
    }

    #[test]
    fn bad_commands_are_refused_and_change_nothing() {
        let bad = [
            DiagramCommand::add_node(node(2, 0.0, 0.0)),
            DiagramCommand::add_edge(edge(9, 1, 42)),
            DiagramCommand::add_edge(edge(1, 1, 2)),
            DiagramCommand::add_zone(zone(1, 0.0, 0.0)),
            DiagramCommand::add_node(DiagramNode {
                size: Size { w: 0.0, h: 1.0 },
                ..node(9, 0.0, 0.0)
            }),
            DiagramCommand::remove_nodes([NodeId(1), NodeId(42)]),
            DiagramCommand::Move {
                nodes: vec![NodeId(1)],
                zones: vec![],
                delta: p(f32::NAN, 0.0),
            },
            DiagramCommand::Move {
                nodes: vec![NodeId(1)],
                zones: vec![],
                delta: p(2.0e7, 0.0),
            },
            DiagramCommand::RenameNode {
                id: NodeId(42),
                label: String::new(),
            },
            DiagramCommand::Restore(Placed {
                nodes: vec![(7, node(9, 0.0, 0.0))],
                ..Placed::default()
            }),
            DiagramCommand::Batch(vec![
                DiagramCommand::remove_nodes([NodeId(1)]),
                DiagramCommand::remove_nodes([NodeId(1)]),
            ]),
        ];
        for command in bad {
            let mut d = sample();
            let result = command.clone().apply(&mut d);
            assert!(result.is_err(), "{command:?} should fail");
            assert_eq!(d, sample(), "{command:?} changed the diagram");
        }
    }

    /// A command that would pass the box limit is refused with the limit named, and leaves
    /// the diagram exactly as it was; one that stays within it applies.
    #[test]
    fn edits_past_the_box_limit_are_refused_and_change_nothing() {
        let mut d = Diagram {
            nodes: (1..=MAX_NODES as u64)
                .map(|id| node(id, 0.0, 0.0))
                .collect(),
            ..Diagram::default()
        };
        let before = d.clone();
        let one_more = DiagramCommand::add_node(node(MAX_NODES as u64 + 1, 5.0, 5.0));
        let err = one_more.clone().apply(&mut d).expect_err("over the limit");
        assert_eq!(
            err,
            CommandError::TooMany {
                what: "boxes",
                count: MAX_NODES + 1,
                limit: MAX_NODES
            }
        );
        assert!(err.to_string().contains("at most 20000 boxes"), "{err}");
        assert!(d == before, "unchanged");
        d.nodes.pop();
        one_more.apply(&mut d).expect("at the limit is fine");
        assert_eq!(d.nodes.len(), MAX_NODES);
    }
}
