//! Canvas edits as commands. Applying a command to a diagram returns its exact inverse, so
//! `History` undoes and redoes without copying the whole diagram.
//!
//! Every command is all-or-nothing: it is checked against the diagram first and either applies
//! completely or returns a `CommandError` and leaves the diagram untouched. A command never
//! turns a diagram that `Diagram::problems` accepts into one it rejects.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::diagram::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, NodeKind, Point, Size, Zone,
    ZoneId, geometry_is_valid,
};

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

    fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty() && self.zones.is_empty()
    }
}

/// Items taken out of a diagram, each with the index it had in its list, ascending; putting
/// them back at those indices restores the lists exactly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Placed {
    /// Removed boxes and their indices in `Diagram::nodes`.
    pub nodes: Vec<(usize, DiagramNode)>,
    /// Removed arrows and their indices in `Diagram::edges`.
    pub edges: Vec<(usize, DiagramEdge)>,
    /// Removed zones and their indices in `Diagram::zones`.
    pub zones: Vec<(usize, Zone)>,
}

/// One edit of a diagram: everything the canvas changes goes through one of these.
#[derive(Clone, Debug, PartialEq)]
pub enum DiagramCommand {
    /// Appends nodes, edges and zones with fresh ids (new box, new arrow, new zone, paste).
    Add(Fragment),
    /// Removes nodes together with every edge touching them, plus the listed edges and zones.
    Remove(Selection),
    /// Puts removed items back at their old indices: the inverse of `Remove`.
    Restore(Placed),
    /// Moves nodes and zones by `delta` (used as an offset, not a position). Build the list with
    /// `Diagram::moving_set` so that nodes sitting in a moved zone come along.
    Move {
        /// Nodes to move.
        nodes: Vec<NodeId>,
        /// Zones to move (their nodes only move if listed in `nodes` too).
        zones: Vec<ZoneId>,
        /// The offset, in canvas units.
        delta: Point,
    },
    /// Puts nodes and zones at absolute top-left positions (tidy, and the inverse of `Move`).
    SetPositions {
        /// Node ids and their new top-left corners.
        nodes: Vec<(NodeId, Point)>,
        /// Zone ids and their new top-left corners.
        zones: Vec<(ZoneId, Point)>,
    },
    /// Gives a node a new rectangle (a resize handle on the left or top also moves the corner).
    ResizeNode {
        /// The node.
        id: NodeId,
        /// The new top-left corner.
        pos: Point,
        /// The new size.
        size: Size,
    },
    /// Changes a node's text.
    RenameNode {
        /// The node.
        id: NodeId,
        /// The new text.
        label: String,
    },
    /// Changes what part of the system a node stands for.
    SetNodeKind {
        /// The node.
        id: NodeId,
        /// The new kind.
        kind: NodeKind,
    },
    /// Changes an edge's text.
    RelabelEdge {
        /// The edge.
        id: EdgeId,
        /// The new text.
        label: String,
    },
    /// Changes how an edge carries data.
    SetEdgeKind {
        /// The edge.
        id: EdgeId,
        /// The new kind.
        kind: EdgeKind,
    },
    /// Gives a zone a new rectangle; the nodes in it stay where they are.
    ResizeZone {
        /// The zone.
        id: ZoneId,
        /// The new top-left corner.
        pos: Point,
        /// The new size.
        size: Size,
    },
    /// Changes a zone's name.
    RenameZone {
        /// The zone.
        id: ZoneId,
        /// The new name.
        label: String,
    },
    /// Several commands as one step, applied in order; all or nothing.
    Batch(Vec<DiagramCommand>),
}

/// Why a command could not be applied; the diagram is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// The command names a node the diagram does not have.
    #[error("there is no node {0}")]
    MissingNode(u64),
    /// The command names an edge the diagram does not have.
    #[error("there is no edge {0}")]
    MissingEdge(u64),
    /// The command names a zone the diagram does not have.
    #[error("there is no zone {0}")]
    MissingZone(u64),
    /// A new node's id is already used (by a node, or named by an edge).
    #[error("node id {0} is already in use")]
    NodeIdTaken(u64),
    /// A new edge's id is already used.
    #[error("edge id {0} is already in use")]
    EdgeIdTaken(u64),
    /// A new zone's id is already used.
    #[error("zone id {0} is already in use")]
    ZoneIdTaken(u64),
    /// A new edge names a node that would not exist.
    #[error("edge {edge} points to missing node {node}")]
    DanglingEdge {
        /// The edge's id.
        edge: u64,
        /// The missing node's id.
        node: u64,
    },
    /// A position, size or offset would be NaN, infinite, huge or not positive.
    #[error("the position or size of {0} would not be usable")]
    BadGeometry(String),
    /// Restore indices are out of order or past the end of a list.
    #[error("the restore positions do not fit the diagram")]
    BadIndex,
}

impl DiagramCommand {
    /// Adds one node.
    pub fn add_node(node: DiagramNode) -> Self {
        DiagramCommand::Add(Fragment {
            nodes: vec![node],
            ..Fragment::default()
        })
    }

    /// Adds one edge between existing nodes.
    pub fn add_edge(edge: DiagramEdge) -> Self {
        DiagramCommand::Add(Fragment {
            edges: vec![edge],
            ..Fragment::default()
        })
    }

    /// Adds one zone.
    pub fn add_zone(zone: Zone) -> Self {
        DiagramCommand::Add(Fragment {
            zones: vec![zone],
            ..Fragment::default()
        })
    }

    /// Removes nodes and every edge touching them.
    pub fn remove_nodes(ids: impl IntoIterator<Item = NodeId>) -> Self {
        DiagramCommand::Remove(Selection::of_nodes(ids))
    }

    /// Removes edges.
    pub fn remove_edges(ids: impl IntoIterator<Item = EdgeId>) -> Self {
        DiagramCommand::Remove(Selection {
            edges: ids.into_iter().collect(),
            ..Selection::default()
        })
    }

    /// Removes zones (the nodes in them stay).
    pub fn remove_zones(ids: impl IntoIterator<Item = ZoneId>) -> Self {
        DiagramCommand::Remove(Selection {
            zones: ids.into_iter().collect(),
            ..Selection::default()
        })
    }

    /// Moves the nodes and zones of a set (edges in it are ignored) by an offset.
    pub fn move_by(set: &Selection, delta: Point) -> Self {
        DiagramCommand::Move {
            nodes: set.nodes.clone(),
            zones: set.zones.clone(),
            delta,
        }
    }

    /// The ids an `Add` creates, to select them afterwards; empty for other commands.
    pub fn created(&self) -> Selection {
        match self {
            DiagramCommand::Add(fragment) => fragment.selection(),
            _ => Selection::default(),
        }
    }

    /// A short name for menus: "Undo Move".
    pub fn label(&self) -> &'static str {
        match self {
            DiagramCommand::Add(_) => "Add",
            DiagramCommand::Remove(_) => "Delete",
            DiagramCommand::Restore(_) => "Restore",
            DiagramCommand::Move { .. } => "Move",
            DiagramCommand::SetPositions { .. } => "Arrange",
            DiagramCommand::ResizeNode { .. } | DiagramCommand::ResizeZone { .. } => "Resize",
            DiagramCommand::RenameNode { .. }
            | DiagramCommand::RelabelEdge { .. }
            | DiagramCommand::RenameZone { .. } => "Rename",
            DiagramCommand::SetNodeKind { .. } | DiagramCommand::SetEdgeKind { .. } => {
                "Change kind"
            }
            DiagramCommand::Batch(_) => "Edit",
        }
    }

    /// Whether applying would change nothing whatever the diagram (empty lists, zero offset).
    pub fn is_noop(&self) -> bool {
        match self {
            DiagramCommand::Add(fragment) => fragment.is_empty(),
            DiagramCommand::Remove(selection) => selection.is_empty(),
            DiagramCommand::Restore(placed) => {
                placed.nodes.is_empty() && placed.edges.is_empty() && placed.zones.is_empty()
            }
            DiagramCommand::Move {
                nodes,
                zones,
                delta,
            } => (nodes.is_empty() && zones.is_empty()) || (delta.x == 0.0 && delta.y == 0.0),
            DiagramCommand::SetPositions { nodes, zones } => nodes.is_empty() && zones.is_empty(),
            DiagramCommand::Batch(commands) => commands.iter().all(DiagramCommand::is_noop),
            _ => false,
        }
    }

    /// Applies the command and returns the command that undoes it exactly; on error the diagram
    /// is unchanged.
    pub fn apply(self, diagram: &mut Diagram) -> Result<DiagramCommand, CommandError> {
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

    /// What a continuous gesture (drag, resize, typing) may fold into one undo step: the kind
    /// of change and exactly which items it touches.
    fn merge_key(&self) -> Option<MergeKey> {
        fn sorted<T: Ord + Copy>(ids: impl Iterator<Item = T>) -> Vec<T> {
            ids.collect::<BTreeSet<T>>().into_iter().collect()
        }
        Some(match self {
            DiagramCommand::Move { nodes, zones, .. } => {
                MergeKey::Positions(sorted(nodes.iter().copied()), sorted(zones.iter().copied()))
            }
            DiagramCommand::SetPositions { nodes, zones } => MergeKey::Positions(
                sorted(nodes.iter().map(|(id, _)| *id)),
                sorted(zones.iter().map(|(id, _)| *id)),
            ),
            DiagramCommand::ResizeNode { id, .. } => MergeKey::ResizeNode(*id),
            DiagramCommand::RenameNode { id, .. } => MergeKey::RenameNode(*id),
            DiagramCommand::RelabelEdge { id, .. } => MergeKey::RelabelEdge(*id),
            DiagramCommand::ResizeZone { id, .. } => MergeKey::ResizeZone(*id),
            DiagramCommand::RenameZone { id, .. } => MergeKey::RenameZone(*id),
            _ => return None,
        })
    }
}

/// See `DiagramCommand::merge_key`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum MergeKey {
    Positions(Vec<NodeId>, Vec<ZoneId>),
    ResizeNode(NodeId),
    RenameNode(NodeId),
    RelabelEdge(EdgeId),
    ResizeZone(ZoneId),
    RenameZone(ZoneId),
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

/// Undo and redo stacks of inverse commands.
///
/// A drag is one undo step: call `apply_in_gesture` on every frame of the drag (the diagram
/// follows the pointer) and `end_gesture` when the button is released. Consecutive gesture
/// commands of the same kind on the same items (same node and zone ids for a move, same id for
/// a resize or rename) fold into the step the first one opened, which restores the state from
/// before the gesture. Applying a whole drag as one `Move` at release through `apply` is
/// equally fine.
#[derive(Clone, Debug, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// Set while a gesture's step can still absorb commands with this key.
    gesture: Option<MergeKey>,
}

/// One undoable step: the command that reverses it and what to call it in a menu.
#[derive(Clone, Debug)]
struct Step {
    command: DiagramCommand,
    label: &'static str,
}

impl History {
    /// The most steps kept; older ones are forgotten.
    pub const LIMIT: usize = 500;

    /// An empty history.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies a command as its own undo step and clears the redo stack. Commands that change
    /// nothing (`DiagramCommand::is_noop`) are not recorded.
    pub fn apply(
        &mut self,
        diagram: &mut Diagram,
        command: DiagramCommand,
    ) -> Result<(), CommandError> {
        self.gesture = None;
        self.record(diagram, command, false)
    }

    /// Applies a command that is part of a continuous gesture (a drag, a resize, typing a
    /// label), folding it into the gesture's step when it touches the same items in the same
    /// way. Call `end_gesture` when the gesture ends.
    pub fn apply_in_gesture(
        &mut self,
        diagram: &mut Diagram,
        command: DiagramCommand,
    ) -> Result<(), CommandError> {
        self.record(diagram, command, true)
    }

    /// Ends the current gesture: the next command starts a new step.
    pub fn end_gesture(&mut self) {
        self.gesture = None;
    }

    fn record(
        &mut self,
        diagram: &mut Diagram,
        command: DiagramCommand,
        in_gesture: bool,
    ) -> Result<(), CommandError> {
        if command.is_noop() {
            return Ok(());
        }
        let key = if in_gesture {
            command.merge_key()
        } else {
            None
        };
        let label = command.label();
        let inverse = command.apply(diagram)?;
        self.redo.clear();
        let merges = key.is_some() && key == self.gesture && !self.undo.is_empty();
        if !merges {
            self.undo.push(Step {
                command: inverse,
                label,
            });
            if self.undo.len() > Self::LIMIT {
                self.undo.remove(0);
            }
        }
        self.gesture = key;
        Ok(())
    }

    /// Undoes the last step; false when there is none. If the diagram was changed behind the
    /// history's back so that the step no longer applies, the history is cleared and false is
    /// returned with the diagram unchanged.
    pub fn undo(&mut self, diagram: &mut Diagram) -> bool {
        self.gesture = None;
        let Some(step) = self.undo.pop() else {
            return false;
        };
        let Ok(inverse) = step.command.apply(diagram) else {
            self.clear();
            return false;
        };
        self.redo.push(Step {
            command: inverse,
            label: step.label,
        });
        true
    }

    /// Redoes the last undone step; false when there is none (or, as for `undo`, when the
    /// diagram was changed behind the history's back).
    pub fn redo(&mut self, diagram: &mut Diagram) -> bool {
        self.gesture = None;
        let Some(step) = self.redo.pop() else {
            return false;
        };
        let Ok(inverse) = step.command.apply(diagram) else {
            self.clear();
            return false;
        };
        self.undo.push(Step {
            command: inverse,
            label: step.label,
        });
        true
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The name of the step `undo` would reverse ("Move"), for the menu.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|s| s.label)
    }

    /// The name of the step `redo` would re-apply.
    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|s| s.label)
    }

    /// Forgets every step, for when the diagram is replaced (a session opened, a snapshot
    /// restored).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.gesture = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: u64, x: f32, y: f32) -> DiagramNode {
        DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: format!("n{id}"),
            pos: Point { x, y },
            size: DiagramNode::DEFAULT_SIZE,
        }
    }

    fn edge(id: u64, from: u64, to: u64) -> DiagramEdge {
        DiagramEdge {
            id: EdgeId(id),
            from: NodeId(from),
            to: NodeId(to),
            label: format!("e{id}"),
            kind: EdgeKind::Request,
        }
    }

    fn zone(id: u64, x: f32, y: f32) -> Zone {
        Zone {
            id: ZoneId(id),
            label: format!("z{id}"),
            pos: Point { x, y },
            size: Size { w: 300.0, h: 200.0 },
        }
    }

    /// Three nodes in a row, edges 1→2, 2→3, 1→3, and one zone around node 1.
    fn sample() -> Diagram {
        Diagram {
            nodes: vec![node(1, 0.0, 0.0), node(2, 300.0, 0.0), node(3, 600.0, 0.0)],
            edges: vec![edge(1, 1, 2), edge(2, 2, 3), edge(3, 1, 3)],
            zones: vec![zone(1, -20.0, -20.0)],
        }
    }

    fn p(x: f32, y: f32) -> Point {
        Point { x, y }
    }

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

    #[test]
    fn a_drag_is_one_undo_step() {
        let mut d = sample();
        let mut history = History::new();
        let set = Selection::of_nodes([NodeId(1), NodeId(2)]);
        for _ in 0..10 {
            history
                .apply_in_gesture(&mut d, DiagramCommand::move_by(&set, p(1.5, 0.25)))
                .expect("moves");
        }
        history.end_gesture();
        assert_eq!(d.nodes[0].pos, p(15.0, 2.5));
        // A second drag of the same nodes is a second step.
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&set, p(1.0, 0.0)))
            .expect("moves");
        history.end_gesture();
        assert!(history.undo(&mut d));
        assert_eq!(d.nodes[0].pos, p(15.0, 2.5));
        assert!(history.undo(&mut d));
        assert_eq!(d, sample());
        assert!(!history.undo(&mut d));
        assert!(history.redo(&mut d));
        assert_eq!(d.nodes[0].pos, p(15.0, 2.5));
        assert_eq!(history.undo_label(), Some("Move"));
    }

    #[test]
    fn gesture_steps_do_not_merge_across_items_or_plain_applies() {
        let mut d = sample();
        let mut history = History::new();
        let one = Selection::of_nodes([NodeId(1)]);
        let two = Selection::of_nodes([NodeId(2)]);
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&one, p(1.0, 0.0)))
            .expect("moves");
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&two, p(1.0, 0.0)))
            .expect("moves");
        history
            .apply(&mut d, DiagramCommand::move_by(&two, p(1.0, 0.0)))
            .expect("moves");
        history
            .apply_in_gesture(&mut d, DiagramCommand::move_by(&two, p(1.0, 0.0)))
            .expect("moves");
        let mut steps = 0;
        while history.undo(&mut d) {
            steps += 1;
        }
        assert_eq!(steps, 4);
        assert_eq!(d, sample());
    }

    #[test]
    fn a_new_command_clears_redo_and_noops_are_not_recorded() {
        let mut d = sample();
        let mut history = History::new();
        history
            .apply(&mut d, DiagramCommand::remove_nodes([NodeId(3)]))
            .expect("removes");
        assert!(history.undo(&mut d));
        assert!(history.can_redo());
        history
            .apply(&mut d, DiagramCommand::remove_nodes(Vec::new()))
            .expect("no-op");
        assert!(history.can_redo(), "a no-op is not an edit");
        history
            .apply(
                &mut d,
                DiagramCommand::RenameNode {
                    id: NodeId(1),
                    label: "x".into(),
                },
            )
            .expect("renames");
        assert!(!history.can_redo());
        assert!(history.can_undo());
        let err = history
            .apply(&mut d, DiagramCommand::remove_nodes([NodeId(99)]))
            .expect_err("missing node");
        assert_eq!(err, CommandError::MissingNode(99));
        assert!(history.undo(&mut d));
        assert_eq!(d, sample());
        assert!(!history.can_undo());
    }

    #[test]
    fn history_is_bounded() {
        let mut d = sample();
        let mut history = History::new();
        for i in 0..History::LIMIT + 10 {
            history
                .apply(
                    &mut d,
                    DiagramCommand::RenameNode {
                        id: NodeId(1),
                        label: i.to_string(),
                    },
                )
                .expect("renames");
        }
        let mut steps = 0;
        while history.undo(&mut d) {
            steps += 1;
        }
        assert_eq!(steps, History::LIMIT);
        assert_eq!(d.nodes[0].label, "9");
    }
}
