//! The architecture canvas: boxes and labelled arrows, edited with mouse and keys.
//!
//! `canvas_ui` reads the diagram and the canvas's view state and returns `CanvasIntent`s; the
//! app turns each into an undoable diagram command. Nothing here changes the diagram.

pub mod minimap;
pub mod paint;
pub mod palette;
pub mod scene_cache;
pub mod transform;

use std::collections::{BTreeSet, HashMap};

use egui::{Key, Modifiers, PointerButton, Pos2, Rect, Sense, TextEdit, Ui, Vec2, pos2, vec2};

use crate::model::diagram::Rect as CanvasRect;
use crate::model::spatial::{self, InView, SpatialGrid};
use crate::model::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, NodeId, NodeKind, Point, Size, ZoneId,
};
use crate::ui::theme;

use paint::CanvasPainter;
use scene_cache::{KeyHasher, SceneCache};
use transform::ViewTransform;

/// Grid step in canvas units; snapping rounds positions to it.
pub const GRID: f32 = 20.0;
/// Canvas units an arrow key nudges (Shift: ten times).
pub const NUDGE: f32 = 10.0;
/// Offset of pasted and duplicated copies.
pub const PASTE_OFFSET: f32 = 40.0;
/// Screen radius of the connection handle.
const HANDLE_RADIUS: f32 = 6.0;

/// What the user asked the canvas to do; the app applies it as one undoable command.
#[derive(Clone, Debug, PartialEq)]
pub enum CanvasIntent {
    /// Add a box of this kind centred at a canvas point, and start renaming it.
    AddNode {
        /// The kind of box.
        kind: NodeKind,
        /// Where its centre goes.
        at: Point,
    },
    /// Move boxes and zones by a canvas delta (a whole drag is one intent).
    Move {
        /// Boxes to move.
        nodes: Vec<NodeId>,
        /// Zones to move (with the boxes inside them).
        zones: Vec<ZoneId>,
        /// How far, in canvas units.
        delta: Point,
    },
    /// Give a box a new size.
    Resize(NodeId, Size),
    /// Give a box a new label.
    RenameNode(NodeId, String),
    /// Change the kind of boxes.
    SetNodeKind(Vec<NodeId>, NodeKind),
    /// Draw an arrow.
    Connect {
        /// From this box.
        from: NodeId,
        /// To this box.
        to: NodeId,
        /// Line style.
        kind: EdgeKind,
    },
    /// Give an arrow a new label.
    RelabelEdge(EdgeId, String),
    /// Change the kind of arrows.
    SetEdgeKind(Vec<EdgeId>, EdgeKind),
    /// Delete boxes (with their arrows), arrows and zones.
    Delete {
        /// Boxes.
        nodes: Vec<NodeId>,
        /// Arrows.
        edges: Vec<EdgeId>,
        /// Zones.
        zones: Vec<ZoneId>,
    },
    /// Add copies of boxes and the arrows between them, offset from the originals.
    Paste {
        /// The boxes as copied.
        nodes: Vec<DiagramNode>,
        /// The arrows between them as copied.
        edges: Vec<DiagramEdge>,
    },
    /// Add a zone centred at a canvas point.
    AddZone(Point),
    /// Give a zone a new label.
    RenameZone(ZoneId, String),
    /// Lay the graph out left to right.
    Tidy,
    /// Undo the last canvas command.
    Undo,
    /// Redo the last undone command.
    Redo,
}

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

    fn clear(&mut self) {
        *self = Self::default();
    }

    fn only_node(id: NodeId) -> Self {
        Self {
            nodes: BTreeSet::from([id]),
            ..Self::default()
        }
    }
}

/// A gesture in progress.
#[derive(Clone, Debug, Default, PartialEq)]
enum Gesture {
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
    focused: bool,
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
    gesture: Gesture,
    /// An inline rename, if one is open.
    pub editing: Option<LabelEdit>,
    /// Whether moves snap to the grid.
    pub snap: bool,
    /// The searchable kind picker's query, when open.
    pub picker: Option<String>,
    clipboard: Option<(Vec<DiagramNode>, Vec<DiagramEdge>)>,
    /// The kind new arrows get.
    pub new_edge_kind: EdgeKind,
    /// Set when the view should fit the content on the next frame.
    pub fit_requested: bool,
    /// The node added last; it is selected and renamed once it exists.
    pub rename_next_added: bool,
    /// Whether Space was used to pan since it went down (so releasing it does not pause).
    pub space_panned: bool,
    area: Option<Rect>,
    /// How much of the area's left side the palette covers.
    covered_left: f32,
    context: Option<Hit>,
    index: NodeIndex,
    /// Buckets over the boxes and arrows, rebuilt when the diagram's geometry changes.
    spatial: SpatialGrid,
    /// `Diagram::parallel_offsets`, rebuilt with `spatial` (it depends only on the links).
    parallel: Vec<f32>,
    /// The drawn diagram's meshes, reused while nothing it shows changes.
    pub scene: SceneCache,
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Hit {
    Handle(NodeId),
    ResizeCorner(NodeId),
    Node(NodeId),
    Edge(EdgeId),
    Zone(ZoneId),
    Empty,
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

    /// Fits the view to the diagram in the current area, clear of the palette and the legend.
    pub fn fit(&mut self, diagram: &Diagram) {
        if let (Some(area), Some(bounds)) = (self.area, diagram.bounds_rect()) {
            let mut free = area;
            free.min.x = (area.min.x + self.covered_left).min(area.max.x - 10.0);
            // The legend's band plus a 12-point gap, less the margin fit keeps anyway.
            let legend = paint::LEGEND_SIZE.y + 10.0 + 12.0 - transform::FIT_MARGIN;
            free.max.y = (area.max.y - legend).max(area.min.y + 10.0);
            self.view.fit(area.min, free, to_egui(bounds));
        }
    }

    /// Sets 100 % zoom around the area's centre.
    pub fn reset_zoom(&mut self) {
        if let Some(area) = self.area {
            self.view.reset_zoom(area);
        }
    }

    /// Copies the selected boxes and the arrows between them.
    pub fn copy(&mut self, diagram: &Diagram) {
        let nodes: Vec<DiagramNode> = diagram
            .nodes
            .iter()
            .filter(|n| self.selection.nodes.contains(&n.id))
            .cloned()
            .collect();
        if nodes.is_empty() {
            return;
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
    fn prune(&mut self, diagram: &Diagram, index: &NodeIndex) {
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
pub struct NodeIndex {
    /// Position by id when ids are small numbers (the usual case: 1, 2, 3…), `u32::MAX` for none.
    dense: Vec<u32>,
    /// Position by id otherwise.
    sparse: HashMap<NodeId, usize>,
    key: (usize, usize),
    stale: std::cell::Cell<bool>,
}

impl NodeIndex {
    /// Makes the index fit `diagram`, rebuilding only when needed.
    fn refresh(&mut self, diagram: &Diagram) {
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
fn lookup<'a>(diagram: &'a Diagram, index: &NodeIndex, id: NodeId) -> Option<&'a DiagramNode> {
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

fn to_model_rect(rect: Rect) -> CanvasRect {
    CanvasRect {
        min: Point {
            x: rect.min.x,
            y: rect.min.y,
        },
        max: Point {
            x: rect.max.x,
            y: rect.max.y,
        },
    }
}

fn to_egui(rect: CanvasRect) -> Rect {
    Rect::from_min_max(pos2(rect.min.x, rect.min.y), pos2(rect.max.x, rect.max.y))
}

/// Rounds a canvas coordinate to the grid.
pub fn snap(v: f32) -> f32 {
    (v / GRID).round() * GRID
}

/// Draws the canvas filling `ui`'s remaining space; `editable` is false in review.
pub fn canvas_ui(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    editable: bool,
) -> Vec<CanvasIntent> {
    let mut index = std::mem::take(&mut state.index);
    index.refresh(diagram);
    let key = spatial::fingerprint(diagram);
    if state.spatial.key != key || state.spatial.is_unbuilt() {
        state.spatial = SpatialGrid::build(diagram, key);
        state.parallel = diagram.parallel_offsets();
    }
    let intents = canvas_frame(ui, diagram, state, editable, &index);
    state.index = index;
    intents
}

/// One frame of the canvas, with the node index ready.
fn canvas_frame(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    editable: bool,
    index: &NodeIndex,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    state.prune(diagram, index);

    // 1. Size and allocate.
    let area = ui.available_rect_before_wrap();
    let response = ui.allocate_rect(area, Sense::click_and_drag());
    let response = response.on_hover_cursor(match state.gesture {
        Gesture::Panning => egui::CursorIcon::Grabbing,
        Gesture::Moving { .. } => egui::CursorIcon::Move,
        _ => egui::CursorIcon::Default,
    });
    state.area = Some(area);
    state.covered_left = if editable { palette::WIDTH } else { 0.0 };
    if std::mem::take(&mut state.fit_requested) {
        state.fit(diagram);
    }
    let origin = area.min;
    let painter = ui.painter_at(area);
    let visuals = ui.visuals().clone();
    painter.rect_filled(area, 0.0, theme::canvas_colour(&visuals));

    // 2. Interact.
    let hover = ui.input(|i| i.pointer.hover_pos());
    let hit_at = |p: Pos2, state: &CanvasState| hit_test(diagram, state, index, origin, p);
    handle_view_input(ui, &response, state, area);

    if response.drag_started_by(PointerButton::Primary)
        && let Some(press) = ui.input(|i| i.pointer.press_origin())
    {
        let space = ui.input(|i| i.key_down(Key::Space));
        let shift = ui.input(|i| i.modifiers.shift);
        state.gesture = match (editable, space, hit_at(press, state)) {
            (_, true, _) | (false, _, _) => {
                state.space_panned |= space;
                Gesture::Panning
            }
            (true, false, Hit::Handle(id)) => Gesture::Connecting {
                from: id,
                pointer: press,
            },
            (true, false, Hit::ResizeCorner(id)) => {
                let size = lookup(diagram, index, id)
                    .map_or(vec2(160.0, 80.0), |n| vec2(n.size.w, n.size.h));
                Gesture::Resizing { id, size }
            }
            (true, false, Hit::Node(id)) => {
                if !state.selection.nodes.contains(&id) {
                    if shift {
                        state.selection.nodes.insert(id);
                    } else {
                        state.selection = Selection::only_node(id);
                    }
                }
                Gesture::Moving { delta: Vec2::ZERO }
            }
            (true, false, Hit::Zone(id)) => {
                if !state.selection.zones.contains(&id) {
                    state.selection = Selection {
                        zones: BTreeSet::from([id]),
                        ..Selection::default()
                    };
                }
                Gesture::Moving { delta: Vec2::ZERO }
            }
            (true, false, Hit::Edge(_) | Hit::Empty) => Gesture::Band {
                start: press,
                now: press,
            },
        };
    }
    if response.dragged() {
        let drag = response.drag_delta();
        let pointer_now = hover.unwrap_or(area.center());
        match &mut state.gesture {
            Gesture::Moving { delta } => *delta += drag / state.view.zoom,
            Gesture::Connecting { pointer, .. } => *pointer = pointer_now,
            Gesture::Band { now, .. } => *now = pointer_now,
            Gesture::Resizing { size, .. } => {
                *size = (*size + drag / state.view.zoom).max(vec2(60.0, 40.0));
            }
            Gesture::Panning => state.view.pan += drag,
            Gesture::Idle => {}
        }
    }
    if response.drag_stopped() {
        let gesture = std::mem::take(&mut state.gesture);
        intents.extend(finish_gesture(
            &gesture, diagram, state, index, origin, hover,
        ));
    }

    if response.clicked() {
        let shift = ui.input(|i| i.modifiers.shift);
        if let Some(p) = hover {
            select_at(state, hit_at(p, state), shift);
        }
    }
    if editable
        && response.double_clicked()
        && let Some(p) = hover
    {
        match hit_at(p, state) {
            Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id) => {
                if let Some(node) = lookup(diagram, index, id) {
                    state.start_editing(LabelTarget::Node(id), node.label.clone());
                }
            }
            Hit::Edge(id) => {
                if let Some(edge) = diagram.edge(id) {
                    state.start_editing(LabelTarget::Edge(id), edge.label.clone());
                }
            }
            Hit::Zone(id) => {
                if let Some(zone) = diagram.zone(id) {
                    state.start_editing(LabelTarget::Zone(id), zone.label.clone());
                }
            }
            Hit::Empty => {
                let at = state.view.to_canvas(origin, p);
                intents.push(CanvasIntent::AddNode {
                    kind: NodeKind::Generic,
                    at,
                });
                state.rename_next_added = true;
            }
        }
    }
    if response.secondary_clicked()
        && let Some(p) = hover
    {
        let hit = hit_at(p, state);
        state.context = Some(hit);
        match hit {
            Hit::Node(id) if !state.selection.nodes.contains(&id) => {
                state.selection = Selection::only_node(id);
            }
            Hit::Edge(id) if !state.selection.edges.contains(&id) => {
                state.selection = Selection {
                    edges: BTreeSet::from([id]),
                    ..Selection::default()
                };
            }
            _ => {}
        }
    }
    if editable {
        response.context_menu(|ui| {
            intents.extend(context_menu_ui(ui, diagram, state));
        });
    }

    // 3. Paint.
    let canvas_painter = CanvasPainter {
        painter: &painter,
        origin,
        view: state.view,
        visuals: &visuals,
    };
    // What may be in view, from the buckets; everything while something is being moved or
    // resized (moved boxes are not where the buckets have them) or when all of it is in view.
    let visible = to_model_rect(state.view.visible_canvas(area));
    let still = matches!(
        state.gesture,
        Gesture::Idle | Gesture::Connecting { .. } | Gesture::Band { .. }
    );
    let in_view =
        (still && !state.spatial.covers_all(visible)).then(|| state.spatial.query(visible));
    let key = still.then(|| scene_key(diagram, state, in_view.as_ref(), area, &visuals));
    let mut scene = std::mem::take(&mut state.scene);
    scene.paint(&painter, key, || {
        paint_diagram(
            &canvas_painter,
            diagram,
            state,
            index,
            in_view.as_ref(),
            area,
        );
    });
    state.scene = scene;
    paint_overlays(&canvas_painter, diagram, state, index, hover, editable);
    canvas_painter.legend(area);
    if let Some(centre) = minimap::minimap_ui(
        ui,
        diagram,
        state.spatial.key,
        &state.view,
        area,
        response.id,
    ) {
        state.view.centre_on(area, centre);
    }
    if editable {
        intents.extend(palette::palette_ui(ui, state, area));
        intents.extend(palette::kind_picker_ui(ui, state));
        intents.extend(label_editor_ui(ui, diagram, state, index, origin));
    }
    if state.editing.is_none() && state.picker.is_none() && !ui.ctx().egui_wants_keyboard_input() {
        intents.extend(keyboard(ui, diagram, state, editable));
    }
    intents
}

/// Zoom with Ctrl+wheel or pinch, pan with the wheel and with the middle or right button.
fn handle_view_input(ui: &Ui, response: &egui::Response, state: &mut CanvasState, area: Rect) {
    if response.hovered() {
        let (zoom, scroll, pointer) =
            ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta, i.pointer.hover_pos()));
        if (zoom - 1.0).abs() > f32::EPSILON
            && let Some(p) = pointer
        {
            state.view.zoom_around(area.min, p, zoom);
        } else if scroll != Vec2::ZERO {
            state.view.pan += scroll;
        }
    }
    if response.dragged_by(PointerButton::Middle) || response.dragged_by(PointerButton::Secondary) {
        state.view.pan += response.drag_delta();
    }
}

/// What is under a screen point, topmost first: handles of the selection, boxes, arrows, zones.
fn hit_test(
    diagram: &Diagram,
    state: &CanvasState,
    index: &NodeIndex,
    origin: Pos2,
    p: Pos2,
) -> Hit {
    let view = &state.view;
    for id in &state.selection.nodes {
        if let Some(node) = lookup(diagram, index, *id) {
            let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
            if (p - handle_pos(rect)).length() <= HANDLE_RADIUS + 3.0 {
                return Hit::Handle(*id);
            }
            if state.selection.nodes.len() == 1 && (p - rect.right_bottom()).length() <= 8.0 {
                return Hit::ResizeCorner(*id);
            }
        }
    }
    // The handle of any box sits just outside its right edge: look a handle's width to the left.
    let left_of_handle = view.to_canvas(origin, p - vec2(HANDLE_RADIUS * 2.0 + 2.0, 0.0));
    if let Some(id) = diagram.node_at(left_of_handle)
        && let Some(node) = lookup(diagram, index, id)
    {
        let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
        if (p - handle_pos(rect)).length() <= HANDLE_RADIUS + 3.0 {
            return Hit::Handle(id);
        }
    }
    let canvas = view.to_canvas(origin, p);
    if let Some(id) = diagram.node_at(canvas) {
        if let Some(node) = lookup(diagram, index, id) {
            let rect = view.rect_to_screen(origin, node.pos, vec2(node.size.w, node.size.h));
            if (p - handle_pos(rect)).length() <= HANDLE_RADIUS + 3.0 {
                return Hit::Handle(id);
            }
        }
        return Hit::Node(id);
    }
    if let Some(id) = diagram.edge_at(canvas, 6.0 / view.zoom) {
        return Hit::Edge(id);
    }
    // Zones are grabbed by their label strip, so empty space inside a zone still rubber-bands.
    for zone in diagram.zones.iter().rev() {
        let rect = view.rect_to_screen(origin, zone.pos, vec2(zone.size.w, zone.size.h));
        let strip = Rect::from_min_size(rect.min, vec2(rect.width(), 28.0 * view.zoom.max(0.6)));
        if strip.contains(p) || (rect.contains(p) && !rect.shrink(8.0).contains(p)) {
            return Hit::Zone(zone.id);
        }
    }
    Hit::Empty
}

/// The connection handle sits just outside a box's right edge.
fn handle_pos(rect: Rect) -> Pos2 {
    pos2(rect.right() + HANDLE_RADIUS + 2.0, rect.center().y)
}

fn toggle<T: Ord>(set: &mut BTreeSet<T>, id: T) {
    if !set.remove(&id) {
        set.insert(id);
    }
}

fn select_at(state: &mut CanvasState, hit: Hit, shift: bool) {
    match (hit, shift) {
        (Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id), true) => {
            toggle(&mut state.selection.nodes, id);
        }
        (Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id), false) => {
            state.selection = Selection::only_node(id);
        }
        (Hit::Edge(id), true) => toggle(&mut state.selection.edges, id),
        (Hit::Edge(id), false) => {
            state.selection = Selection {
                edges: BTreeSet::from([id]),
                ..Selection::default()
            };
        }
        (Hit::Zone(id), true) => toggle(&mut state.selection.zones, id),
        (Hit::Zone(id), false) => {
            state.selection = Selection {
                zones: BTreeSet::from([id]),
                ..Selection::default()
            };
        }
        (Hit::Empty, false) => state.selection.clear(),
        (Hit::Empty, true) => {}
    }
}

/// Turns a finished drag into intents.
fn finish_gesture(
    gesture: &Gesture,
    diagram: &Diagram,
    state: &mut CanvasState,
    index: &NodeIndex,
    origin: Pos2,
    hover: Option<Pos2>,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    match *gesture {
        Gesture::Moving { delta } => {
            let delta = snapped_delta(diagram, state, index, delta);
            if delta != Vec2::ZERO {
                intents.push(CanvasIntent::Move {
                    nodes: state.selection.nodes.iter().copied().collect(),
                    zones: state.selection.zones.iter().copied().collect(),
                    delta: Point {
                        x: delta.x,
                        y: delta.y,
                    },
                });
            }
        }
        Gesture::Connecting {
            from,
            pointer: last,
        } => {
            // Dropping on empty space cancels; dropping on a box connects.
            if let Some(p) = hover.or(Some(last))
                && let Some(to) = diagram.node_at(state.view.to_canvas(origin, p))
                && to != from
            {
                intents.push(CanvasIntent::Connect {
                    from,
                    to,
                    kind: state.new_edge_kind,
                });
            }
        }
        Gesture::Band { start, now } => {
            let a = state.view.to_canvas(origin, start);
            let b = state.view.to_canvas(origin, now);
            let rect = CanvasRect::from_corners(a, b);
            state.selection = Selection {
                nodes: diagram.nodes_in_rect(rect).into_iter().collect(),
                ..Selection::default()
            };
        }
        Gesture::Resizing { id, size } => {
            let size = if state.snap {
                vec2(snap(size.x).max(GRID * 3.0), snap(size.y).max(GRID * 2.0))
            } else {
                size
            };
            intents.push(CanvasIntent::Resize(
                id,
                Size {
                    w: size.x,
                    h: size.y,
                },
            ));
        }
        Gesture::Panning | Gesture::Idle => {}
    }
    intents
}

/// With snapping on, the first selected box lands on the grid and the rest keep their offsets.
fn snapped_delta(diagram: &Diagram, state: &CanvasState, index: &NodeIndex, delta: Vec2) -> Vec2 {
    if !state.snap {
        return delta;
    }
    let anchor = state
        .selection
        .nodes
        .iter()
        .next()
        .and_then(|id| lookup(diagram, index, *id))
        .map(|n| n.pos)
        .or_else(|| {
            state
                .selection
                .zones
                .iter()
                .next()
                .and_then(|id| diagram.zone(*id))
                .map(|z| z.pos)
        });
    match anchor {
        Some(p) => vec2(snap(p.x + delta.x) - p.x, snap(p.y + delta.y) - p.y),
        None => delta,
    }
}

/// The boxes the buckets say may be in view, in drawing order; all of them without culling.
fn nodes_in_view<'a>(
    diagram: &'a Diagram,
    in_view: Option<&'a InView>,
) -> Box<dyn Iterator<Item = &'a DiagramNode> + 'a> {
    match in_view {
        Some(found) => Box::new(found.nodes.iter().filter_map(|&i| diagram.nodes.get(i))),
        None => Box::new(diagram.nodes.iter()),
    }
}

/// The arrows the buckets say may be in view, with their positions in `diagram.edges`, in
/// drawing order; all of them without culling.
fn edges_in_view<'a>(
    diagram: &'a Diagram,
    in_view: Option<&'a InView>,
) -> Box<dyn Iterator<Item = (usize, &'a DiagramEdge)> + 'a> {
    match in_view {
        Some(found) => Box::new(
            found
                .edges
                .iter()
                .filter_map(|&i| diagram.edges.get(i).map(|e| (i, e))),
        ),
        None => Box::new(diagram.edges.iter().enumerate()),
    }
}

/// A fingerprint of everything `paint_diagram` reads when nothing is being dragged: the
/// geometry (the spatial grid's key), the text and kinds of what is in view, zones, selection,
/// the label being edited, the view, the area and the theme's colours.
fn scene_key(
    diagram: &Diagram,
    state: &CanvasState,
    in_view: Option<&InView>,
    area: Rect,
    visuals: &egui::Visuals,
) -> u64 {
    let mut h = KeyHasher::default();
    h.word(state.spatial.key);
    h.rect(area);
    h.float(state.view.zoom);
    h.float(state.view.pan.x);
    h.float(state.view.pan.y);
    let labels = state.view.zoom >= paint::TEXT_MIN_ZOOM;
    for node in nodes_in_view(diagram, in_view) {
        h.word(node.kind as u64);
        if labels {
            h.text(&node.label);
        }
    }
    for (_, edge) in edges_in_view(diagram, in_view) {
        h.word(edge.kind as u64);
        if labels {
            h.text(&edge.label);
        }
    }
    h.word(diagram.zones.len() as u64);
    for zone in &diagram.zones {
        h.word(zone.id.0);
        h.text(&zone.label);
        for v in [zone.pos.x, zone.pos.y, zone.size.w, zone.size.h] {
            h.float(v);
        }
    }
    let selection = &state.selection;
    h.word(selection.nodes.len() as u64);
    selection.nodes.iter().for_each(|id| h.word(id.0));
    h.word(selection.edges.len() as u64);
    selection.edges.iter().for_each(|id| h.word(id.0));
    h.word(selection.zones.len() as u64);
    selection.zones.iter().for_each(|id| h.word(id.0));
    h.word(match state.editing.as_ref().map(|e| e.target) {
        Some(LabelTarget::Node(id)) => id.0.wrapping_mul(3) | 1 << 63,
        Some(LabelTarget::Edge(id)) => id.0.wrapping_mul(5) | 1 << 62,
        Some(LabelTarget::Zone(id)) => id.0.wrapping_mul(7) | 1 << 61,
        None => 0,
    });
    h.word(u64::from(visuals.dark_mode));
    for colour in [
        visuals.selection.bg_fill,
        visuals.text_color(),
        visuals.strong_text_color(),
        visuals.weak_text_color(),
    ] {
        h.colour(colour);
    }
    h.finish()
}

/// Zones, arrows and boxes, culled to what is visible; the selection drawn where it is dragged.
fn paint_diagram(
    painter: &CanvasPainter<'_>,
    diagram: &Diagram,
    state: &CanvasState,
    index: &NodeIndex,
    in_view: Option<&InView>,
    area: Rect,
) {
    painter.grid(area, GRID);
    let drag = match state.gesture {
        Gesture::Moving { delta } => snapped_delta(diagram, state, index, delta),
        _ => Vec2::ZERO,
    };
    // Boxes inside a moving zone move with it.
    let zone_moving: BTreeSet<NodeId> = if drag == Vec2::ZERO {
        BTreeSet::new()
    } else {
        state
            .selection
            .zones
            .iter()
            .flat_map(|z| diagram.nodes_in_zone(*z))
            .collect()
    };
    let offset_of = |id: NodeId| {
        if state.selection.nodes.contains(&id) || zone_moving.contains(&id) {
            drag
        } else {
            Vec2::ZERO
        }
    };
    let resize = match state.gesture {
        Gesture::Resizing { id, size } => Some((id, size)),
        _ => None,
    };
    let node_rect = |node: &DiagramNode| {
        let mut rect = painter.node_rect(node, offset_of(node.id));
        if let Some((id, size)) = resize
            && id == node.id
        {
            rect.set_width(size.x * painter.view.zoom);
            rect.set_height(size.y * painter.view.zoom);
        }
        rect
    };
    for zone in &diagram.zones {
        let moving = state.selection.zones.contains(&zone.id);
        let rect = painter.zone_rect(zone, if moving { drag } else { Vec2::ZERO });
        if rect.intersects(area) {
            painter.zone(zone, rect, moving);
        }
    }
    // Far out, boxes and arrows are one flat mesh: the cost is what is visible, not its detail.
    let far = painter.view.zoom < paint::TEXT_MIN_ZOOM;
    let mut mesh = egui::Mesh::default();
    let mut tops = Vec::new();
    for (at, edge) in edges_in_view(diagram, in_view) {
        let (Some(from), Some(to)) = (
            lookup(diagram, index, edge.from),
            lookup(diagram, index, edge.to),
        ) else {
            continue;
        };
        let (a, b) = (node_rect(from), node_rect(to));
        if !a.union(b).intersects(area) {
            continue;
        }
        let selected = state.selection.edges.contains(&edge.id);
        let offset = state.parallel.get(at).copied().unwrap_or(0.0);
        if far {
            painter.far_edge(&mut mesh, edge, (a, b), offset, selected);
        } else {
            tops.extend(painter.edge(edge, (a, b), offset, selected));
        }
    }
    if far {
        for node in nodes_in_view(diagram, in_view) {
            let rect = node_rect(node);
            if rect.intersects(area) {
                painter.far_node(
                    &mut mesh,
                    node,
                    rect,
                    state.selection.nodes.contains(&node.id),
                );
            }
        }
        painter.painter.add(egui::Shape::mesh(mesh));
        return;
    }
    painter.edge_tops(tops);
    let editing_node = match state.editing {
        Some(LabelEdit {
            target: LabelTarget::Node(id),
            ..
        }) => Some(id),
        _ => None,
    };
    for node in nodes_in_view(diagram, in_view) {
        let rect = node_rect(node);
        if rect.intersects(area) {
            painter.node(
                node,
                rect,
                state.selection.nodes.contains(&node.id),
                editing_node == Some(node.id),
            );
        }
    }
}

/// Handles, the arrow being drawn and the rubber band.
fn paint_overlays(
    painter: &CanvasPainter<'_>,
    diagram: &Diagram,
    state: &CanvasState,
    index: &NodeIndex,
    hover: Option<Pos2>,
    editable: bool,
) {
    let accent = theme::accent_colour(painter.visuals);
    if editable && matches!(state.gesture, Gesture::Idle) {
        let hovered =
            hover.and_then(|p| diagram.node_at(painter.view.to_canvas(painter.origin, p)));
        let shown: BTreeSet<NodeId> = state
            .selection
            .nodes
            .iter()
            .copied()
            .chain(hovered)
            .collect();
        for id in shown {
            if let Some(node) = lookup(diagram, index, id) {
                let rect = painter.node_rect(node, Vec2::ZERO);
                painter.painter.circle(
                    handle_pos(rect),
                    HANDLE_RADIUS,
                    painter.visuals.extreme_bg_color,
                    egui::Stroke::new(2.0, accent),
                );
                if state.selection.nodes.len() == 1 && state.selection.nodes.contains(&id) {
                    let corner = Rect::from_center_size(rect.right_bottom(), vec2(8.0, 8.0));
                    painter.painter.rect_filled(corner, 1.0, accent);
                }
            }
        }
    }
    match &state.gesture {
        Gesture::Connecting { from, pointer } => {
            if let Some(node) = lookup(diagram, index, *from) {
                let rect = painter.node_rect(node, Vec2::ZERO);
                let start = paint::border_point(rect, *pointer);
                painter
                    .painter
                    .arrow(start, *pointer - start, egui::Stroke::new(2.0, accent));
            }
        }
        Gesture::Band { start, now } => {
            let rect = Rect::from_two_pos(*start, *now);
            painter.painter.rect(
                rect,
                0.0,
                accent.gamma_multiply(0.12),
                egui::Stroke::new(1.0, accent),
                egui::StrokeKind::Inside,
            );
        }
        _ => {}
    }
}

/// Right-click menu for the box or arrow under the pointer.
fn context_menu_ui(ui: &mut Ui, diagram: &Diagram, state: &mut CanvasState) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let nodes: Vec<NodeId> = state.selection.nodes.iter().copied().collect();
    let edges: Vec<EdgeId> = state.selection.edges.iter().copied().collect();
    match state.context {
        Some(Hit::Node(id) | Hit::Handle(id) | Hit::ResizeCorner(id)) => {
            if ui.button("Rename (F2)").clicked()
                && let Some(node) = diagram.node(id)
            {
                state.start_editing(LabelTarget::Node(id), node.label.clone());
                ui.close();
            }
            ui.menu_button("Change kind", |ui| {
                for kind in NodeKind::ALL {
                    if ui.button(kind.label()).clicked() {
                        intents.push(CanvasIntent::SetNodeKind(nodes.clone(), kind));
                        ui.close();
                    }
                }
            });
            if ui.button("Duplicate (Ctrl+D)").clicked() {
                intents.extend(duplicate(diagram, state));
                ui.close();
            }
        }
        Some(Hit::Edge(id)) => {
            if ui.button("Edit label").clicked()
                && let Some(edge) = diagram.edge(id)
            {
                state.start_editing(LabelTarget::Edge(id), edge.label.clone());
                ui.close();
            }
            for kind in EdgeKind::ALL {
                if ui.button(kind.label()).clicked() {
                    intents.push(CanvasIntent::SetEdgeKind(edges.clone(), kind));
                    ui.close();
                }
            }
        }
        _ => {
            if ui.button("Add zone here").clicked() {
                intents.push(CanvasIntent::AddZone(state.view_centre()));
                ui.close();
            }
            if ui.button("Tidy layout").clicked() {
                intents.push(CanvasIntent::Tidy);
                ui.close();
            }
        }
    }
    if !state.selection.is_empty() && ui.button("Delete (Del)").clicked() {
        intents.push(delete_selection(state));
        ui.close();
    }
    intents
}

fn delete_selection(state: &mut CanvasState) -> CanvasIntent {
    let selection = std::mem::take(&mut state.selection);
    CanvasIntent::Delete {
        nodes: selection.nodes.into_iter().collect(),
        edges: selection.edges.into_iter().collect(),
        zones: selection.zones.into_iter().collect(),
    }
}

fn duplicate(diagram: &Diagram, state: &mut CanvasState) -> Option<CanvasIntent> {
    let saved = state.clipboard.take();
    state.copy(diagram);
    let copied = std::mem::replace(&mut state.clipboard, saved);
    copied.map(|(nodes, edges)| CanvasIntent::Paste { nodes, edges })
}

/// Canvas keys, active when no text field has focus.
fn keyboard(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    editable: bool,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    ui.input_mut(|input| {
        // Shift+1 arrives as "!" on most layouts.
        if input.consume_key(Modifiers::SHIFT, Key::Num1)
            || input.consume_key(Modifiers::SHIFT, Key::Exclamationmark)
            || input.consume_key(Modifiers::NONE, Key::Exclamationmark)
        {
            state.fit_requested = true;
        }
        if input.consume_key(Modifiers::SHIFT, Key::Num0) {
            state.reset_zoom();
        }
        let zoom_in = input.consume_key(Modifiers::COMMAND, Key::Plus)
            || input.consume_key(Modifiers::COMMAND, Key::Equals);
        let zoom_out = input.consume_key(Modifiers::COMMAND, Key::Minus);
        if let Some(area) = state.area
            && (zoom_in || zoom_out)
        {
            let factor = if zoom_in { 1.25 } else { 0.8 };
            state.view.zoom_around(area.min, area.center(), factor);
        }
        if !editable {
            return;
        }
        let command_shift = Modifiers::COMMAND | Modifiers::SHIFT;
        if input.consume_key(command_shift, Key::Z) || input.consume_key(Modifiers::COMMAND, Key::Y)
        {
            intents.push(CanvasIntent::Redo);
        } else if input.consume_key(Modifiers::COMMAND, Key::Z) {
            intents.push(CanvasIntent::Undo);
        }
        if input.consume_key(Modifiers::COMMAND, Key::A) {
            state.select_all(diagram);
        }
        if input.consume_key(Modifiers::COMMAND, Key::C)
            || input.events.iter().any(|e| matches!(e, egui::Event::Copy))
        {
            state.copy(diagram);
        }
        let pasted = input.consume_key(Modifiers::COMMAND, Key::V)
            || input
                .events
                .iter()
                .any(|e| matches!(e, egui::Event::Paste(_)));
        if pasted && let Some((nodes, edges)) = state.clipboard.clone() {
            intents.push(CanvasIntent::Paste { nodes, edges });
        }
        if input.consume_key(Modifiers::COMMAND, Key::D) {
            intents.extend(duplicate(diagram, state));
        }
        if (input.consume_key(Modifiers::NONE, Key::Delete)
            || input.consume_key(Modifiers::NONE, Key::Backspace))
            && !state.selection.is_empty()
        {
            intents.push(delete_selection(state));
        }
        if input.consume_key(Modifiers::NONE, Key::G) {
            state.snap = !state.snap;
        }
        if input.consume_key(Modifiers::NONE, Key::N)
            || input.consume_key(Modifiers::NONE, Key::Slash)
        {
            state.picker = Some(String::new());
        }
        if input.consume_key(Modifiers::NONE, Key::F2)
            && let [id] = state.selection.nodes.iter().copied().collect::<Vec<_>>()[..]
            && let Some(node) = diagram.node(id)
        {
            state.start_editing(LabelTarget::Node(id), node.label.clone());
        }
        if input.consume_key(Modifiers::NONE, Key::Escape) {
            state.selection.clear();
        }
        let step = if input.modifiers.shift {
            NUDGE * 10.0
        } else {
            NUDGE
        };
        let mut nudge = Vec2::ZERO;
        for (key, dir) in [
            (Key::ArrowLeft, vec2(-1.0, 0.0)),
            (Key::ArrowRight, vec2(1.0, 0.0)),
            (Key::ArrowUp, vec2(0.0, -1.0)),
            (Key::ArrowDown, vec2(0.0, 1.0)),
        ] {
            if input.consume_key(Modifiers::NONE, key) || input.consume_key(Modifiers::SHIFT, key) {
                nudge += dir * step;
            }
        }
        if nudge != Vec2::ZERO
            && (!state.selection.nodes.is_empty() || !state.selection.zones.is_empty())
        {
            intents.push(CanvasIntent::Move {
                nodes: state.selection.nodes.iter().copied().collect(),
                zones: state.selection.zones.iter().copied().collect(),
                delta: Point {
                    x: nudge.x,
                    y: nudge.y,
                },
            });
        }
    });
    intents
}

/// The inline rename box over a box, arrow label or zone label.
fn label_editor_ui(
    ui: &mut Ui,
    diagram: &Diagram,
    state: &mut CanvasState,
    index: &NodeIndex,
    origin: Pos2,
) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let Some(edit) = &mut state.editing else {
        return intents;
    };
    let view = state.view;
    let rect = match edit.target {
        LabelTarget::Node(id) => lookup(diagram, index, id).map(|n| {
            let r = view.rect_to_screen(origin, n.pos, vec2(n.size.w, n.size.h));
            Rect::from_center_size(r.center(), vec2(r.width().max(140.0), 26.0))
        }),
        LabelTarget::Edge(id) => diagram.edge_ends(id).map(|(a, b)| {
            // Over the arrow's label, where the painting put it.
            let offset = diagram
                .edges
                .iter()
                .position(|e| e.id == id)
                .and_then(|at| state.parallel.get(at))
                .copied()
                .unwrap_or(0.0);
            let t = crate::model::diagram::label_fraction(offset);
            let mid = view.to_screen(
                origin,
                Point {
                    x: a.x + (b.x - a.x) * t,
                    y: a.y + (b.y - a.y) * t,
                },
            );
            Rect::from_center_size(mid, vec2(160.0, 26.0))
        }),
        LabelTarget::Zone(id) => diagram.zone(id).map(|z| {
            let r = view.rect_to_screen(origin, z.pos, vec2(z.size.w, z.size.h));
            Rect::from_min_size(r.min + vec2(4.0, 4.0), vec2(180.0, 26.0))
        }),
    };
    let Some(rect) = rect else {
        state.editing = None;
        return intents;
    };
    let response = ui
        .put(
            rect,
            TextEdit::singleline(&mut edit.text)
                .hint_text("Label")
                .char_limit(crate::store::repair::MAX_LABEL_CHARS)
                .align(egui::Align2::CENTER_CENTER),
        )
        .accessible_name("Canvas label");
    if !edit.focused {
        // Select the whole label so typing replaces it.
        response.request_focus();
        if let Some(mut text_state) = egui::text_edit::TextEditState::load(ui.ctx(), response.id) {
            let all = egui::text::CCursorRange::two(
                egui::text::CCursor::new(0),
                egui::text::CCursor::new(edit.text.chars().count()),
            );
            text_state.cursor.set_char_range(Some(all));
            text_state.store(ui.ctx(), response.id);
        }
        edit.focused = true;
    }
    let (enter, escape) = ui.input(|i| (i.key_pressed(Key::Enter), i.key_pressed(Key::Escape)));
    if escape {
        state.editing = None;
    } else if enter || response.lost_focus() {
        let text = edit.text.trim().to_owned();
        intents.push(match edit.target {
            LabelTarget::Node(id) => CanvasIntent::RenameNode(id, text),
            LabelTarget::Edge(id) => CanvasIntent::RelabelEdge(id, text),
            LabelTarget::Zone(id) => CanvasIntent::RenameZone(id, text),
        });
        state.editing = None;
    }
    intents
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: Pos2 = Pos2::new(10.0, 20.0);

    /// Two boxes side by side (grid spacing) joined by request arrows with these ends (0 or 1)
    /// and labels.
    fn two_boxes(arrows: &[(usize, usize, &str)]) -> Diagram {
        let mut diagram = crate::model::grid::grid_diagram(2, 1);
        let ids = [diagram.nodes[0].id, diagram.nodes[1].id];
        diagram.edges = arrows
            .iter()
            .enumerate()
            .map(|(i, (from, to, label))| DiagramEdge {
                id: EdgeId(i as u64 + 1),
                from: ids[*from],
                to: ids[*to],
                kind: EdgeKind::Request,
                label: (*label).to_owned(),
            })
            .collect();
        diagram
    }

    /// The shapes `paint_diagram` adds for `diagram` at 150 % on light visuals, in order.
    fn painted(diagram: &Diagram) -> (CanvasState, Vec<egui::Shape>) {
        let mut state = CanvasState::default();
        state.view.zoom = 1.5;
        state.parallel = diagram.parallel_offsets();
        let mut index = NodeIndex::default();
        index.refresh(diagram);
        let visuals = egui::Visuals::light();
        let area = Rect::from_min_size(ORIGIN, vec2(1200.0, 800.0));
        let ctx = egui::Context::default();
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let painter = CanvasPainter {
                painter: ui.painter(),
                origin: ORIGIN,
                view: state.view,
                visuals: &visuals,
            };
            paint_diagram(&painter, diagram, &state, &index, None, area);
        });
        output.textures_delta.clear();
        (state, output.shapes.into_iter().map(|c| c.shape).collect())
    }

    #[test]
    fn arrows_between_the_same_boxes_are_drawn_where_clicks_find_them() {
        let diagram = two_boxes(&[(0, 1, ""), (1, 0, ""), (0, 1, "")]);
        let (state, shapes) = painted(&diagram);
        let origin = ORIGIN;
        let colour = theme::edge_colour(EdgeKind::Request, &egui::Visuals::light());
        let lines: Vec<[Pos2; 2]> = shapes
            .iter()
            .filter_map(|shape| match shape {
                egui::Shape::LineSegment { points, stroke } if stroke.color == colour => {
                    Some(*points)
                }
                _ => None,
            })
            .collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        for (edge, line) in diagram.edges.iter().zip(&lines) {
            let (start, end) = diagram.edge_ends(edge.id).expect("ends");
            let (start, end) = (
                state.view.to_screen(origin, start),
                state.view.to_screen(origin, end),
            );
            assert!((line[0] - start).length() < 0.01, "{line:?} from {start:?}");
            // The line stops short of the tip, which the head covers, on the way to the end.
            let along = (line[1] - line[0])
                .normalized()
                .dot((end - start).normalized());
            assert!(along > 0.999, "{line:?} towards {end:?}");
        }
        let starts: Vec<f32> = lines.iter().map(|l| l[0].y).collect();
        assert!(
            (starts[0] - starts[2]).abs() > 14.0 && (starts[0] - starts[1]).abs() > 14.0,
            "the three arrows are apart: {starts:?}"
        );
    }

    #[test]
    fn labels_sit_over_every_line_under_every_head_and_wrap_to_the_gap() {
        let long = "authorize(tx), 100 ms timeout, retried once";
        let diagram = two_boxes(&[(0, 1, long), (1, 0, "decision")]);
        let (state, shapes) = painted(&diagram);
        let colour = theme::edge_colour(EdgeKind::Request, &egui::Visuals::light());
        let position = |wanted: fn(&egui::Shape, egui::Color32) -> bool| -> Vec<usize> {
            shapes
                .iter()
                .enumerate()
                .filter(|(_, s)| wanted(s, colour))
                .map(|(i, _)| i)
                .collect()
        };
        let lines = position(
            |s, c| matches!(s, egui::Shape::LineSegment { stroke, .. } if stroke.color == c),
        );
        let heads = position(|s, c| matches!(s, egui::Shape::Path(p) if p.fill == c));
        let texts = position(|s, _| matches!(s, egui::Shape::Text(_)));
        assert_eq!((lines.len(), heads.len()), (2, 2), "{shapes:?}");
        // Box labels come after the arrows; the first two texts are the arrows' labels.
        let labels = &texts[..2];
        assert!(
            lines.iter().all(|l| labels.iter().all(|t| l < t)),
            "lines first"
        );
        assert!(
            heads.iter().all(|h| labels.iter().all(|t| t < h)),
            "heads last"
        );

        // The long label wraps to the gap between the boxes instead of running under them.
        let gap = {
            let (a, b) = diagram.edge_ends(EdgeId(1)).expect("ends");
            (b.x - a.x) * state.view.zoom
        };
        let egui::Shape::Text(text) = &shapes[labels[0]] else {
            unreachable!("a text shape")
        };
        assert!(
            text.galley.rows.len() > 1,
            "wrapped: {:?}",
            text.galley.text()
        );
        assert!(
            text.galley.size().x <= gap,
            "{} fits in {gap}",
            text.galley.size().x
        );
    }

    #[test]
    fn the_scene_key_follows_labels_kinds_selection_view_and_theme() {
        let diagram = crate::model::grid::grid_diagram(20, 1);
        let state = CanvasState {
            spatial: SpatialGrid::build(&diagram, spatial::fingerprint(&diagram)),
            ..CanvasState::default()
        };
        let area = Rect::from_min_size(Pos2::ZERO, vec2(800.0, 600.0));
        let dark = egui::Visuals::dark();
        let key = |d: &Diagram, s: &CanvasState| scene_key(d, s, None, area, &dark);
        let base = key(&diagram, &state);
        assert_eq!(base, key(&diagram.clone(), &state), "same inputs, same key");

        let mut renamed = diagram.clone();
        renamed.nodes[3].label.push('x');
        assert_ne!(base, key(&renamed, &state));
        let mut arrow_label = diagram.clone();
        arrow_label.edges[1].label = "scores".to_owned();
        assert_ne!(base, key(&arrow_label, &state));
        let mut arrow_kind = diagram.clone();
        arrow_kind.edges[1].kind = EdgeKind::Feedback;
        assert_ne!(base, key(&arrow_kind, &state));

        let mut selected = state.clone();
        selected.selection.nodes.insert(diagram.nodes[0].id);
        assert_ne!(base, key(&diagram, &selected));
        let mut panned = state.clone();
        panned.view.pan.x += 1.0;
        assert_ne!(base, key(&diagram, &panned));
        let mut editing = state.clone();
        editing.start_editing(LabelTarget::Node(diagram.nodes[0].id), String::new());
        assert_ne!(base, key(&diagram, &editing));
        assert_ne!(
            base,
            scene_key(&diagram, &state, None, area, &egui::Visuals::light())
        );
    }
}
