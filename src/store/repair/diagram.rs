//! Repairing a diagram (the session's, a snapshot's or a reference's) so that
//! `Diagram::problems` finds nothing: cut labels, dropped dangling arrows, renumbered ids and
//! reset geometry, each with a warning that names its place in the file.

use std::collections::{BTreeSet, HashSet};

use super::{
    Field, Index, MAX_EDGES, MAX_ID, MAX_NODES, MAX_ZONES, Step, Warnings, cut_label, preview,
};
use crate::model::diagram::geometry_is_valid;
use crate::model::{Diagram, DiagramNode, NodeId, Point, Size, Zone};

/// Repairs a diagram in place so that `Diagram::problems` finds nothing; returns the nodes
/// that were renumbered, as (old id, new id). `at` is where the diagram is in the file.
pub(super) fn repair_diagram(
    diagram: &mut Diagram,
    context: &str,
    at: &[Step],
    w: &mut Warnings,
) -> Vec<(NodeId, NodeId)> {
    // The path of a list of the diagram, or of its `i`-th item as the file has it.
    let item = |list: &'static str, i: Option<usize>| {
        let mut path = at.to_vec();
        path.push(Field(list));
        path.extend(i.map(Index));
        path
    };
    for (what, len, limit) in [
        ("nodes", diagram.nodes.len(), MAX_NODES),
        ("edges", diagram.edges.len(), MAX_EDGES),
        ("zones", diagram.zones.len(), MAX_ZONES),
    ] {
        if len > limit {
            w.add(
                || item(what, None),
                || {
                    (
                        format!(
                            "{context}the diagram has {len} {what}, more than the {limit} limit"
                        ),
                        format!("dropped the last {}", len - limit),
                    )
                },
            );
        }
    }
    diagram.nodes.truncate(MAX_NODES);
    diagram.edges.truncate(MAX_EDGES);
    diagram.zones.truncate(MAX_ZONES);

    // Where each item that is kept was in the file, for the renumbering below.
    let mut node_index = Vec::with_capacity(diagram.nodes.len());
    let mut node_ids = HashSet::new();
    let mut i = 0;
    diagram.nodes.retain_mut(|node| {
        let index = i;
        i += 1;
        let here = || item("nodes", Some(index));
        let what = || format!("{context}node {} {}", node.id.0, preview(&node.label));
        if !geometry_is_valid(node.pos, DiagramNode::DEFAULT_SIZE) {
            w.add(here, || {
                (
                    format!(
                        "{} has a NaN, infinite or absurd position ({}, {})",
                        what(),
                        node.pos.x,
                        node.pos.y
                    ),
                    "dropped it and its edges".to_owned(),
                )
            });
            return false;
        }
        if !node_ids.insert(node.id) {
            w.add(here, || {
                (
                    format!("{} repeats the id of an earlier node", what()),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !size_is_valid(node.size) {
            w.add(here, || {
                (
                    format!(
                        "{} has an invalid size ({} × {})",
                        what(),
                        node.size.w,
                        node.size.h
                    ),
                    "reset to the default size".to_owned(),
                )
            });
            node.size = DiagramNode::DEFAULT_SIZE;
        }
        let id = node.id.0;
        cut_label(
            &mut node.label,
            || format!("{context}node {id}'s label"),
            || {
                let mut path = here();
                path.push(Field("label"));
                path
            },
            w,
        );
        node_index.push(index);
        true
    });

    let mut zone_index = Vec::with_capacity(diagram.zones.len());
    let mut zone_ids = HashSet::new();
    let mut i = 0;
    diagram.zones.retain_mut(|zone| {
        let index = i;
        i += 1;
        let here = || item("zones", Some(index));
        let what = || format!("{context}zone {} {}", zone.id.0, preview(&zone.label));
        if !geometry_is_valid(zone.pos, Zone::DEFAULT_SIZE) {
            w.add(here, || {
                (
                    format!(
                        "{} has a NaN, infinite or absurd position ({}, {})",
                        what(),
                        zone.pos.x,
                        zone.pos.y
                    ),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !zone_ids.insert(zone.id) {
            w.add(here, || {
                (
                    format!("{} repeats the id of an earlier zone", what()),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !size_is_valid(zone.size) {
            w.add(here, || {
                (
                    format!(
                        "{} has an invalid size ({} × {})",
                        what(),
                        zone.size.w,
                        zone.size.h
                    ),
                    "reset to the default size".to_owned(),
                )
            });
            zone.size = Zone::DEFAULT_SIZE;
        }
        let id = zone.id.0;
        cut_label(
            &mut zone.label,
            || format!("{context}zone {id}'s label"),
            || {
                let mut path = here();
                path.push(Field("label"));
                path
            },
            w,
        );
        zone_index.push(index);
        true
    });

    // Dangling ends are checked against the ids as written, before any renumbering, so an
    // edge to a missing node never lands on a renumbered one.
    let mut edge_index = Vec::with_capacity(diagram.edges.len());
    let mut edge_ids = HashSet::new();
    let mut i = 0;
    diagram.edges.retain_mut(|edge| {
        let index = i;
        i += 1;
        let here = || item("edges", Some(index));
        let what = || format!("{context}edge {} {}", edge.id.0, preview(&edge.label));
        if let Some(missing) = [edge.from, edge.to]
            .into_iter()
            .find(|end| !node_ids.contains(end))
        {
            w.add(here, || {
                (
                    format!("{} points to missing node {}", what(), missing.0),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        if !edge_ids.insert(edge.id) {
            w.add(here, || {
                (
                    format!("{} repeats the id of an earlier edge", what()),
                    "dropped it".to_owned(),
                )
            });
            return false;
        }
        let id = edge.id.0;
        cut_label(
            &mut edge.label,
            || format!("{context}edge {id}'s label"),
            || {
                let mut path = here();
                path.push(Field("label"));
                path
            },
            w,
        );
        edge_index.push(index);
        true
    });

    let renumbered: Vec<(NodeId, NodeId)> = renumber(
        diagram
            .nodes
            .iter_mut()
            .map(|n| &mut n.id.0)
            .zip(&node_index),
        &format!("{context}node"),
        &item("nodes", None),
        w,
    )
    .into_iter()
    .map(|(old, new)| (NodeId(old), NodeId(new)))
    .collect();
    if !renumbered.is_empty() {
        for edge in &mut diagram.edges {
            for end in [&mut edge.from, &mut edge.to] {
                if let Some((_, new)) = renumbered.iter().find(|(old, _)| old == end) {
                    *end = *new;
                }
            }
        }
    }
    renumber(
        diagram
            .edges
            .iter_mut()
            .map(|e| &mut e.id.0)
            .zip(&edge_index),
        &format!("{context}edge"),
        &item("edges", None),
        w,
    );
    renumber(
        diagram
            .zones
            .iter_mut()
            .map(|z| &mut z.id.0)
            .zip(&zone_index),
        &format!("{context}zone"),
        &item("zones", None),
        w,
    );
    renumbered
}

/// Whether a size is usable: finite, positive and below the geometry limit.
fn size_is_valid(size: Size) -> bool {
    geometry_is_valid(Point::default(), size)
}

/// Gives ids above `MAX_ID` the smallest unused ids; returns (old, new) for each. Each id
/// comes with its item's index in the list at `list` in the file.
fn renumber<'a>(
    ids: impl Iterator<Item = (&'a mut u64, &'a usize)>,
    what: &str,
    list: &[Step],
    w: &mut Warnings,
) -> Vec<(u64, u64)> {
    let mut ids: Vec<(&mut u64, usize)> = ids.map(|(id, i)| (id, *i)).collect();
    if ids.iter().all(|(id, _)| **id <= MAX_ID) {
        return Vec::new();
    }
    let used: BTreeSet<u64> = ids.iter().map(|(id, _)| **id).collect();
    let mut fresh = (1..).filter(|id| !used.contains(id));
    let mut changes = Vec::new();
    for (id, index) in ids.iter_mut().filter(|(id, _)| **id > MAX_ID) {
        let Some(new) = fresh.next() else {
            break;
        };
        let old = **id;
        let at = || {
            let mut path = list.to_vec();
            path.extend([Index(*index), Field("id")]);
            path
        };
        w.add(at, || {
            (
                format!("{what} id {old} is too large to count past"),
                format!("renumbered to {new}"),
            )
        });
        **id = new;
        changes.push((old, new));
    }
    changes
}
