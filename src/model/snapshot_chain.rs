//! How a session's diagram snapshots are stored (schema version 2 on): each snapshot as the
//! changes from the one before it (the first from an empty diagram), so a phase change that
//! leaves a 20,000-box diagram as it was adds a line to the file instead of a full copy.
//!
//! In memory every `DiagramSnapshot` keeps its whole diagram, so review and replay read it
//! directly; only the file is compact. `Session` uses this module with `#[serde(with)]`.
//!
//! A stored snapshot has `phase`, `at_ms` and one of:
//! - nothing more: the diagram is the same as the snapshot before;
//! - `changes: (..)`: the snapshot before, without the `removed_*` ids, with the `nodes`,
//!   `edges` and `zones` listed put in place of those with the same id (or added at the end
//!   when there is none), and the boxes in `moved` moved to the position given (`(id, x, y)`);
//! - `diagram: (..)`: the whole diagram, as version 1 wrote every snapshot; written for
//!   diagrams the changes cannot express exactly (repeated ids, which only broken files have).
//!
//! So this reads version-1 snapshots as they are.

#![allow(
    clippy::ref_option_ref,
    reason = "serde's derive passes `&Option<&Diagram>` to serialize_with; the borrow avoids copying a 20,000-box diagram"
)]

use std::collections::{HashMap, HashSet};

use serde::de::{SeqAccess, Visitor};
use serde::ser::SerializeSeq as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::diagram::{Diagram, DiagramEdge, DiagramNode, EdgeId, NodeId, Zone, ZoneId};
use super::limits::MAX_SNAPSHOT_ITEMS;
use super::session::DiagramSnapshot;

/// A snapshot as written in a file: `changes` from the snapshot before, or the whole
/// `diagram` (as version 1 wrote every snapshot), or neither when nothing changed.
#[derive(Serialize)]
#[serde(rename = "DiagramSnapshot")]
struct StoredRef<'a> {
    phase: &'a str,
    at_ms: u64,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "inner")]
    diagram: Option<&'a Diagram>,
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "inner")]
    changes: Option<ChangesRef<'a>>,
}

/// Writes a present optional field as its value, without `Some(..)` around it.
#[allow(
    clippy::ref_option,
    reason = "serde's serialize_with passes a reference to the field"
)]
fn inner<S: Serializer, T: Serialize>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => value.serialize(serializer),
        None => serializer.serialize_unit(),
    }
}

/// Reads a field that is there as `Some`, so an absent one (`None`) can be told apart.
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A snapshot as read from a file.
#[derive(Deserialize)]
#[serde(rename = "DiagramSnapshot")]
struct Stored {
    phase: String,
    at_ms: u64,
    #[serde(default, deserialize_with = "present")]
    diagram: Option<Diagram>,
    #[serde(default, deserialize_with = "present")]
    changes: Option<Changes>,
}

/// How a snapshot's diagram is kept in a file.
enum StoredDiagramRef<'a> {
    Unchanged,
    Changed(ChangesRef<'a>),
    Full(&'a Diagram),
}

#[derive(Serialize)]
#[serde(rename = "Changes")]
struct ChangesRef<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    removed_nodes: Vec<NodeId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    nodes: Vec<&'a DiagramNode>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    moved: Vec<(NodeId, f32, f32)>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    removed_edges: Vec<EdgeId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    edges: Vec<&'a DiagramEdge>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    removed_zones: Vec<ZoneId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    zones: Vec<&'a Zone>,
}

#[derive(Deserialize)]
struct Changes {
    #[serde(default)]
    removed_nodes: Vec<NodeId>,
    #[serde(default)]
    nodes: Vec<DiagramNode>,
    #[serde(default)]
    moved: Vec<(NodeId, f32, f32)>,
    #[serde(default)]
    removed_edges: Vec<EdgeId>,
    #[serde(default)]
    edges: Vec<DiagramEdge>,
    #[serde(default)]
    removed_zones: Vec<ZoneId>,
    #[serde(default)]
    zones: Vec<Zone>,
}

/// Something with an id, listed in a diagram.
trait Keyed: Clone + PartialEq {
    type Id: Copy + Eq + std::hash::Hash + std::fmt::Display;
    fn key(&self) -> Self::Id;
}

impl Keyed for DiagramNode {
    type Id = NodeId;
    fn key(&self) -> NodeId {
        self.id
    }
}

impl Keyed for DiagramEdge {
    type Id = EdgeId;
    fn key(&self) -> EdgeId {
        self.id
    }
}

impl Keyed for Zone {
    type Id = ZoneId;
    fn key(&self) -> ZoneId {
        self.id
    }
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for EdgeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for ZoneId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What turns `base` into `target`: ids removed and items listed (changed or added). `None`
/// when either list repeats an id, which the changes cannot express.
///
/// Applying keeps the surviving items in `base`'s order and appends the new ones, so when
/// `target` puts a surviving item elsewhere (a box brought to the front), that item and every
/// one after it are removed and listed again in `target`'s order.
fn list_changes<'a, T: Keyed>(base: &[T], target: &'a [T]) -> Option<(Vec<T::Id>, Vec<&'a T>)> {
    let base_ids = unique_ids(base)?;
    let target_ids = unique_ids(target)?;
    let survivors: Vec<&T> = base
        .iter()
        .filter(|item| target_ids.contains(&item.key()))
        .collect();
    // How many of `target`'s first items are the survivors, in order.
    let kept = survivors
        .iter()
        .zip(target)
        .take_while(|(s, t)| s.key() == t.key())
        .count();
    let mut removed: Vec<T::Id> = base
        .iter()
        .map(Keyed::key)
        .filter(|id| !target_ids.contains(id))
        .collect();
    removed.extend(survivors[kept..].iter().map(|s| s.key()));
    let base_by_id: HashMap<T::Id, &T> = base.iter().map(|item| (item.key(), item)).collect();
    let mut listed: Vec<&T> = target[..kept]
        .iter()
        .filter(|t| base_by_id.get(&t.key()).is_none_or(|b| *b != *t))
        .collect();
    listed.extend(&target[kept..]);
    debug_assert!(base_ids.len() == base.len());
    Some((removed, listed))
}

fn unique_ids<T: Keyed>(items: &[T]) -> Option<HashSet<T::Id>> {
    let mut ids = HashSet::with_capacity(items.len());
    items
        .iter()
        .all(|item| ids.insert(item.key()))
        .then_some(ids)
}

/// Applies removals and listed items to `items` in place; an id removed that is not there is
/// an error naming it.
fn apply_changes<T: Keyed>(
    items: &mut Vec<T>,
    removed: &[T::Id],
    listed: Vec<T>,
    what: &str,
) -> Result<(), String> {
    if !removed.is_empty() {
        let removed_set: HashSet<T::Id> = removed.iter().copied().collect();
        let present: HashSet<T::Id> = items.iter().map(Keyed::key).collect();
        if let Some(missing) = removed.iter().find(|id| !present.contains(id)) {
            return Err(format!(
                "removes {what} {missing}, which the snapshot before does not have"
            ));
        }
        items.retain(|item| !removed_set.contains(&item.key()));
    }
    if listed.is_empty() {
        return Ok(());
    }
    let mut at: HashMap<T::Id, usize> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.key(), i))
        .collect();
    for item in listed {
        if let Some(&i) = at.get(&item.key()) {
            items[i] = item;
        } else {
            at.insert(item.key(), items.len());
            items.push(item);
        }
    }
    Ok(())
}

/// How to store `target` after `base`.
fn stored<'a>(base: &Diagram, target: &'a Diagram) -> StoredDiagramRef<'a> {
    if base == target {
        return StoredDiagramRef::Unchanged;
    }
    let (
        Some((removed_nodes, listed_nodes)),
        Some((removed_edges, edges)),
        Some((removed_zones, zones)),
    ) = (
        list_changes(&base.nodes, &target.nodes),
        list_changes(&base.edges, &target.edges),
        list_changes(&base.zones, &target.zones),
    )
    else {
        return StoredDiagramRef::Full(target);
    };
    // A box that only moved is written as (id, x, y): moving everything is one gesture.
    let base_nodes: HashMap<NodeId, &DiagramNode> = base.nodes.iter().map(|n| (n.id, n)).collect();
    let readded: HashSet<NodeId> = removed_nodes.iter().copied().collect();
    let mut nodes = Vec::new();
    let mut moved = Vec::new();
    for node in listed_nodes {
        let only_moved = !readded.contains(&node.id)
            && base_nodes.get(&node.id).is_some_and(|old| {
                old.kind == node.kind && old.label == node.label && old.size == node.size
            });
        if only_moved {
            moved.push((node.id, node.pos.x, node.pos.y));
        } else {
            nodes.push(node);
        }
    }
    StoredDiagramRef::Changed(ChangesRef {
        removed_nodes,
        nodes,
        moved,
        removed_edges,
        edges,
        removed_zones,
        zones,
    })
}

/// The diagram a stored snapshot stands for, after `base`.
fn restored(base: &Diagram, stored: Stored) -> Result<Diagram, String> {
    match (stored.diagram, stored.changes) {
        (Some(_), Some(_)) => Err("has both a whole diagram and changes".to_owned()),
        (None, None) => Ok(base.clone()),
        (Some(diagram), None) => Ok(diagram),
        (None, Some(changes)) => {
            let mut diagram = base.clone();
            apply_changes(
                &mut diagram.nodes,
                &changes.removed_nodes,
                changes.nodes,
                "node",
            )?;
            if !changes.moved.is_empty() {
                let at: HashMap<NodeId, usize> = diagram
                    .nodes
                    .iter()
                    .enumerate()
                    .map(|(i, n)| (n.id, i))
                    .collect();
                for (id, x, y) in changes.moved {
                    let Some(&i) = at.get(&id) else {
                        return Err(format!(
                            "moves node {id}, which the snapshot before does not have"
                        ));
                    };
                    diagram.nodes[i].pos = super::diagram::Point { x, y };
                }
            }
            apply_changes(
                &mut diagram.edges,
                &changes.removed_edges,
                changes.edges,
                "edge",
            )?;
            apply_changes(
                &mut diagram.zones,
                &changes.removed_zones,
                changes.zones,
                "zone",
            )?;
            Ok(diagram)
        }
    }
}

/// Boxes, arrows and zones in a diagram, as counted against `MAX_SNAPSHOT_ITEMS`.
pub fn items(diagram: &Diagram) -> usize {
    diagram.nodes.len() + diagram.edges.len() + diagram.zones.len()
}

/// Why snapshots holding `total` items are refused.
fn too_many(total: usize) -> String {
    format!(
        "the diagram snapshots hold {total} boxes, arrows and zones in all, more than the {MAX_SNAPSHOT_ITEMS} limit"
    )
}

/// Writes the snapshots, each as the changes from the one before. Snapshots a reader would
/// refuse (more than `MAX_SNAPSHOT_ITEMS` items in all) are refused here too.
pub fn serialize<S: Serializer>(
    snapshots: &[DiagramSnapshot],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let total: usize = snapshots.iter().map(|s| items(&s.diagram)).sum();
    if total > MAX_SNAPSHOT_ITEMS {
        return Err(serde::ser::Error::custom(too_many(total)));
    }
    let empty = Diagram::default();
    let mut seq = serializer.serialize_seq(Some(snapshots.len()))?;
    let mut base = &empty;
    for snapshot in snapshots {
        let (diagram, changes) = match stored(base, &snapshot.diagram) {
            StoredDiagramRef::Unchanged => (None, None),
            StoredDiagramRef::Changed(changes) => (None, Some(changes)),
            StoredDiagramRef::Full(diagram) => (Some(diagram), None),
        };
        seq.serialize_element(&StoredRef {
            phase: &snapshot.phase,
            at_ms: snapshot.at_ms,
            diagram,
            changes,
        })?;
        base = &snapshot.diagram;
    }
    seq.end()
}

/// Reads the snapshots, rebuilding each whole diagram from the one before.
pub fn deserialize<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<DiagramSnapshot>, D::Error> {
    struct Chain;

    impl<'de> Visitor<'de> for Chain {
        type Value = Vec<DiagramSnapshot>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of diagram snapshots")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut snapshots: Vec<DiagramSnapshot> = Vec::new();
            let mut total = 0_usize;
            while let Some(mut stored) = seq.next_element::<Stored>()? {
                let base = snapshots.last().map(|s| &s.diagram);
                let (phase, at_ms) = (std::mem::take(&mut stored.phase), stored.at_ms);
                let diagram =
                    restored(base.unwrap_or(&Diagram::default()), stored).map_err(|why| {
                        serde::de::Error::custom(format!("snapshot {} {why}", snapshots.len() + 1))
                    })?;
                total += items(&diagram);
                if total > MAX_SNAPSHOT_ITEMS {
                    return Err(serde::de::Error::custom(too_many(total)));
                }
                snapshots.push(DiagramSnapshot {
                    phase,
                    at_ms,
                    diagram,
                });
            }
            Ok(snapshots)
        }
    }

    deserializer.deserialize_seq(Chain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagram::{EdgeKind, NodeKind, Point, Size};

    #[derive(Debug, Serialize, Deserialize)]
    struct Holder {
        #[serde(with = "super")]
        snapshots: Vec<DiagramSnapshot>,
    }

    fn node(id: u64, label: &str, x: f32) -> DiagramNode {
        DiagramNode {
            id: NodeId(id),
            kind: NodeKind::Service,
            label: label.to_owned(),
            pos: Point { x, y: 0.0 },
            size: DiagramNode::DEFAULT_SIZE,
        }
    }

    fn edge(id: u64, from: u64, to: u64) -> DiagramEdge {
        DiagramEdge {
            id: EdgeId(id),
            from: NodeId(from),
            to: NodeId(to),
            label: String::new(),
            kind: EdgeKind::Request,
        }
    }

    fn round_trip(diagrams: &[Diagram]) -> String {
        let snapshots: Vec<DiagramSnapshot> = diagrams
            .iter()
            .enumerate()
            .map(|(i, d)| DiagramSnapshot {
                phase: format!("p{i}"),
                at_ms: i as u64,
                diagram: d.clone(),
            })
            .collect();
        let text = ron::to_string(&Holder {
            snapshots: snapshots.clone(),
        })
        .expect("serialises");
        let back: Holder = ron::from_str(&text).expect("parses");
        assert_eq!(back.snapshots, snapshots, "{text}");
        text
    }

    #[test]
    fn every_kind_of_change_round_trips_exactly() {
        let a = Diagram {
            nodes: (1..=5).map(|i| node(i, "n", i as f32)).collect(),
            edges: vec![edge(1, 1, 2), edge(2, 2, 3)],
            zones: Vec::new(),
        };
        let mut moved = a.clone();
        for n in &mut moved.nodes {
            n.pos.y += 50.0;
        }
        let mut edited = moved.clone();
        edited.nodes.remove(1);
        edited.nodes[2].label = "renamed".into();
        edited.nodes.push(node(9, "new", 9.0));
        edited.edges.retain(|e| e.id != EdgeId(1));
        edited.edges.push(edge(3, 4, 9));
        edited.zones.push(Zone {
            id: ZoneId(1),
            label: "online".into(),
            pos: Point::default(),
            size: Size { w: 10.0, h: 10.0 },
        });
        let mut to_front = edited.clone();
        let first = to_front.nodes.remove(0);
        to_front.nodes.push(first);
        let mut duplicated = to_front.clone();
        duplicated.nodes.push(node(9, "again", 1.0));
        let text = round_trip(&[
            a.clone(),
            a.clone(),
            moved,
            edited,
            to_front,
            duplicated,
            Diagram::default(),
        ]);
        assert!(text.contains("at_ms:1)"), "unchanged: {text}");
        assert!(text.contains("moved:"), "{text}");
        assert!(text.contains("diagram:("), "repeated ids: {text}");
    }

    #[test]
    fn an_unchanged_snapshot_costs_a_line_not_a_copy() {
        let big = Diagram {
            nodes: (1..=1000).map(|i| node(i, "a box", i as f32)).collect(),
            edges: (1..1000).map(|i| edge(i, i, i + 1)).collect(),
            zones: Vec::new(),
        };
        let one = round_trip(std::slice::from_ref(&big)).len();
        let eight = round_trip(&vec![big; 8]).len();
        assert!(eight < one + 8 * 100, "{one} then {eight}");
    }

    #[test]
    fn a_removal_of_something_missing_is_an_error() {
        let text = "(snapshots: [(phase: \"a\", at_ms: 0, changes: (removed_nodes: [4]))])";
        let err = ron::from_str::<Holder>(text).expect_err("removes a missing node");
        assert!(
            err.to_string().contains("snapshot 1 removes node 4"),
            "{err}"
        );
    }

    #[test]
    fn a_small_file_of_repeated_snapshots_cannot_fill_the_memory() {
        let edges = (1..=2_000)
            .map(|i| format!("(id:{i},from:1,to:1)"))
            .collect::<Vec<_>>()
            .join(",");
        let first = format!(
            "(phase:\"a\",at_ms:0,diagram:(nodes:[(id:1,kind:Service,label:\"x\",pos:(x:0,y:0))],edges:[{edges}]))"
        );
        let again = ",(phase:\"a\",at_ms:0)".repeat(MAX_SNAPSHOT_ITEMS / 2_000);
        let text = format!("(snapshots:[{first}{again}])");
        assert!(text.len() < 200_000, "a small file: {}", text.len());
        let err = ron::from_str::<Holder>(&text).expect_err("refused");
        assert!(
            err.to_string().contains("more than the 1000000 limit"),
            "{err}"
        );
        let fits: Holder = ron::from_str(&format!(
            "(snapshots:[{first}{}])",
            ",(phase:\"a\",at_ms:0)".repeat(100)
        ))
        .expect("fits");
        assert_eq!(fits.snapshots.len(), 101);
        let mut over = fits;
        over.snapshots = vec![over.snapshots[0].clone(); MAX_SNAPSHOT_ITEMS / 2_000 + 1];
        let err = ron::to_string(&over).expect_err("not written either");
        assert!(
            err.to_string().contains("more than the 1000000 limit"),
            "{err}"
        );
    }
}
