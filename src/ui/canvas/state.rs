//! The canvas's view state, which the app owns: pan and zoom, the selection, the gesture in
//! progress, the inline rename, the clipboard and the id -> position index of the boxes.
//!
//! `CanvasState::fit`, which knows where the palette and the legend sit, is in `mod.rs`.

use std::collections::{BTreeSet, HashMap};

use egui::{Pos2, Rect, Vec2};

use crate::model::routing::Routes;
use crate::model::spatial::SpatialGrid;
use crate::model::{Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, Point, ZoneId};

use super::hit::Hit;
use super::scene_cache::SceneCache;
use super::transform::ViewTransform;

/// The current selection.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    /// Selected boxes.
    pub nodes: BTreeSet<NodeId>,
    /// Selected arrows.
    pub edges: BTreeSet<EdgeId>,
    /// Selected zones.
    pub zones: BTreeSet<ZoneId>,
}

impl Selection {
    /// Whether nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty() && self.edges.is_empty() && self.zones.is_empty()
    }

    /// Selects nothing.
    pub(super) fn clear(&mut self) {
        *self = Self::default();
    }

    /// Just this box.
    pub(super) fn only_node(id: NodeId) -> Self {
        Self {
            nodes: BTreeSet::from([id]),
            ..Self::default()
        }
    }
}

/// A gesture in progress.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) enum Gesture {
    #[default]
    Idle,
    /// Moving the selection; the diagram changes only when the drag ends.
    Moving { delta: Vec2 },
    /// Drawing an arrow from a box's handle.
    Connecting { from: NodeId, pointer: Pos2 },
    /// Selecting with a rubber band (screen points).
    Band { start: Pos2, now: Pos2 },
    /// Resizing a box from its corner handle.
    Resizing { id: NodeId, size: Vec2 },
    /// Panning the view.
    Panning,
}

/// What an inline text editor is renaming.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelTarget {
    /// A box.
    Node(NodeId),
    /// An arrow.
    Edge(EdgeId),
    /// A zone.
    Zone(ZoneId),
}

/// An inline rename in progress.
#[derive(Clone, Debug, PartialEq)]
pub struct LabelEdit {
    /// What is being renamed.
    pub target: LabelTarget,
    /// The text so far.
    pub text: String,
    /// Whether the editor has taken focus and selected its text yet.
    pub(super) focused: bool,
}

/// The canvas's view state: pan/zoom, selection, gestures, clipboard. Not saved in the session.
#[derive(Clone, Debug, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent view flags, not a state machine"
)]
pub struct CanvasState {
    /// Pan and zoom.
    pub view: ViewTransform,
    /// What is selected.
    pub selection: Selection,
    pub(super) gesture: Gesture,
    /// An inline rename, if one is open.
    pub editing: Option<LabelEdit>,
    /// Whether moves snap to the grid.
    pub snap: bool,
    /// The searchable kind picker's query, when open.
    pub picker: Option<String>,
    pub(super) clipboard: Option<(Vec<DiagramNode>, Vec<DiagramEdge>)>,
    /// The system clipboard text `clipboard` was last put there as or read from, so pasting
    /// the same text again keeps staggering the copies instead of reading them back afresh.
    pub(super) clipboard_text: Option<String>,
    /// The kind new arrows get.
    pub new_edge_kind: EdgeKind,
    /// Set when the view should fit the content on the next frame.
    pub fit_requested: bool,
    /// The node added last; it is selected and renamed once it exists.
    pub rename_next_added: bool,
    /// Whether Space was used to pan since it went down (so releasing it does not pause).
    pub space_panned: bool,
    pub(super) area: Option<Rect>,
    /// How much of the area's left side the palette covers.
    pub(super) covered_left: f32,
    pub(super) context: Option<Hit>,
    pub(super) index: NodeIndex,
    /// Buckets over the boxes and arrows, rebuilt when the diagram's geometry changes.
    pub(super) spatial: SpatialGrid,
    /// `Diagram::parallel_offsets`, rebuilt with `spatial` (it depends only on the links).
    pub(super) parallel: Vec<f32>,
    /// Every arrow's path (`model::routing`), rebuilt when the diagram's geometry, links or
    /// feedback arrows change: never per frame.
    pub routes: Routes,
    /// The drawn diagram's meshes, reused while nothing it shows changes.
    pub scene: SceneCache,
}

impl CanvasState {
    /// A canvas view that fits the diagram on its first frame.
    pub fn fitted() -> Self {
        Self {
            fit_requested: true,
            ..Self::default()
        }
    }

    /// Starts renaming a target with its current text.
    pub fn start_editing(&mut self, target: LabelTarget, text: String) {
        self.editing = Some(LabelEdit {
            target,
            text,
            focused: false,
        });
    }

    /// The centre of the visible canvas area, in canvas units.
    pub fn view_centre(&self) -> Point {
        match self.area {
            Some(area) => self.view.to_canvas(area.min, area.center()),
            None => Point { x: 400.0, y: 300.0 },
        }
    }

    /// The canvas area on screen, once drawn.
    pub fn area(&self) -> Option<Rect> {
        self.area
    }

    /// Selects everything.
    pub fn select_all(&mut self, diagram: &Diagram) {
        self.selection = Selection {
            nodes: diagram.nodes.iter().map(|n| n.id).collect(),
            edges: diagram.edges.iter().map(|e| e.id).collect(),
            zones: diagram.zones.iter().map(|z| z.id).collect(),
        };
    }

    /// Sets 100 % zoom around the area's centre.
    pub fn reset_zoom(&mut self) {
        if let Some(area) = self.area {
            self.view.reset_zoom(area);
        }
    }

    /// Copies the selected boxes and the arrows between them; returns whether there were any.
    pub fn copy(&mut self, diagram: &Diagram) -> bool {
        let nodes: Vec<DiagramNode> = diagram
            .nodes
            .iter()
            .filter(|n| self.selection.nodes.contains(&n.id))
            .cloned()
            .collect();
        if nodes.is_empty() {
            return false;
        }
        let edges = diagram
            .edges
            .iter()
            .filter(|e| {
                self.selection.nodes.contains(&e.from) && self.selection.nodes.contains(&e.to)
            })
            .cloned()
            .collect();
        self.clipboard = Some((nodes, edges));
        true
    }

    /// Takes boxes from system clipboard text another window (or this one) copied; text that
    /// is what this canvas's clipboard came from keeps it (and its paste offset). Returns
    /// whether the text held boxes: other text is not this canvas's to paste.
    pub(super) fn adopt_clipboard_text(&mut self, text: &str) -> bool {
        if self.clipboard.is_some() && self.clipboard_text.as_deref() == Some(text) {
            return true;
        }
        let Some(boxes) = super::clipboard::boxes_from_clipboard(text) else {
            return false;
        };
        self.clipboard = Some(boxes);
        self.clipboard_text = Some(text.to_owned());
        true
    }

    /// Moves the clipboard's copies along, so each paste lands beside the previous one.
    pub fn shift_clipboard(&mut self, by: f32) {
        if let Some((nodes, _)) = &mut self.clipboard {
            for node in nodes {
                node.pos.x += by;
                node.pos.y += by;
            }
        }
    }

    /// Selects what a command just created.
    pub fn select_created(&mut self, created: &crate::model::diagram_ops::Selection) {
        self.selection = Selection {
            nodes: created.nodes.iter().copied().collect(),
            edges: created.edges.iter().copied().collect(),
            zones: created.zones.iter().copied().collect(),
        };
    }

    /// Drops selected ids that no longer exist (after undo, delete…).
    pub(super) fn prune(&mut self, diagram: &Diagram, index: &NodeIndex) {
        self.selection
            .nodes
            .retain(|id| lookup(diagram, index, *id).is_some());
        self.selection
            .edges
            .retain(|id| diagram.edge(*id).is_some());
        self.selection
            .zones
            .retain(|id| diagram.zone(*id).is_some());
        if let Some(edit) = &self.editing {
            let exists = match edit.target {
                LabelTarget::Node(id) => lookup(diagram, index, id).is_some(),
                LabelTarget::Edge(id) => diagram.edge(id).is_some(),
                LabelTarget::Zone(id) => diagram.zone(id).is_some(),
            };
            if !exists {
                self.editing = None;
            }
        }
    }
}

/// Node id → position in `diagram.nodes`, kept across frames: rebuilt only when the node list
/// is reallocated or changes length, or when a lookup found it out of date. Every lookup checks
/// the id it lands on, so a stale entry can cost time but never give a wrong node.
#[derive(Clone, Debug, Default)]
pub(super) struct NodeIndex {
    /// Position by id when ids are small numbers (the usual case: 1, 2, 3…), `u32::MAX` for none.
    dense: Vec<u32>,
    /// Position by id otherwise.
    sparse: HashMap<NodeId, usize>,
    key: (usize, usize),
    stale: std::cell::Cell<bool>,
}

impl NodeIndex {
    /// Makes the index fit `diagram`, rebuilding only when needed.
    pub(super) fn refresh(&mut self, diagram: &Diagram) {
        let key = (diagram.nodes.as_ptr() as usize, diagram.nodes.len());
        if key == self.key && !self.stale.get() {
            return;
        }
        self.key = key;
        self.stale.set(false);
        self.dense.clear();
        self.sparse.clear();
        let max = diagram.nodes.iter().map(|n| n.id.0).max().unwrap_or(0);
        let len = diagram.nodes.len() as u64;
        if max <= 4 * len + 64 {
            self.dense = vec![u32::MAX; usize::try_from(max).unwrap_or(0) + 1];
            for (i, node) in diagram.nodes.iter().enumerate() {
                if let (Some(slot), Ok(i)) = (
                    usize::try_from(node.id.0)
                        .ok()
                        .and_then(|id| self.dense.get_mut(id)),
                    u32::try_from(i),
                ) {
                    *slot = i;
                }
            }
        } else {
            self.sparse = diagram
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| (n.id, i))
                .collect();
        }
    }

    /// Where the index says the node is.
    fn position(&self, id: NodeId) -> Option<usize> {
        if self.dense.is_empty() {
            self.sparse.get(&id).copied()
        } else {
            let slot = usize::try_from(id.0).ok().and_then(|i| self.dense.get(i))?;
            (*slot != u32::MAX).then_some(*slot as usize)
        }
    }
}

/// A node by id through the id → position index.
pub(super) fn lookup<'a>(
    diagram: &'a Diagram,
    index: &NodeIndex,
    id: NodeId,
) -> Option<&'a DiagramNode> {
    if let Some(node) = index
        .position(id)
        .and_then(|i| diagram.nodes.get(i))
        .filter(|n| n.id == id)
    {
        return Some(node);
    }
    // Not where the index says: find it the slow way and rebuild the index next frame.
    let found = diagram.node(id);
    if found.is_some() || index.position(id).is_some() {
        index.stale.set(true);
    }
    found
}
