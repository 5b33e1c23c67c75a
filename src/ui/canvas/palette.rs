//! The palette of node kinds (click to add at the view centre, or drag onto the canvas) and
//! the searchable kind picker (N or /).

use egui::{Align2, Color32, FontId, Key, Rect, RichText, Sense, Ui, pos2, vec2};

use crate::model::{KindGroup, NodeKind};
use crate::ui::theme;

use super::paint::kind_glyph;
use super::{CanvasIntent, CanvasState};

/// Side of one palette tile.
const TILE: f32 = 30.0;
const GAP: f32 = 4.0;
const GROUP_GAP: f32 = 8.0;
/// The most columns the palette takes with a row break between groups.
const MAX_GROUPED_COLUMNS: usize = 4;
/// The most columns the palette takes, packed, in a very short canvas.
const MAX_COLUMNS: usize = 6;
/// How much of the canvas's left side the two-column palette of a tall canvas covers, with
/// its margin.
pub const WIDTH: f32 = 8.0 + strip_width(2);

/// How the palette's tiles are arranged: in `columns`, each group starting a row (`grouped`),
/// or packed one after another when the canvas is too short for that.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Arrangement {
    /// Tiles a row.
    pub columns: usize,
    /// Each group starts a new row, with a gap before it.
    pub grouped: bool,
}

impl Arrangement {
    /// The arrangement for a canvas this tall: two grouped columns, more when two would run
    /// past the bottom (a short window, the time-up banner), and packed groups when even
    /// that does not fit, so no tile is ever hidden.
    pub fn for_height(canvas_height: f32) -> Self {
        let fits = |a: &Arrangement| a.strip_height() + 16.0 <= canvas_height;
        (2..=MAX_GROUPED_COLUMNS)
            .map(|columns| Arrangement {
                columns,
                grouped: true,
            })
            .chain((2..=MAX_COLUMNS).map(|columns| Arrangement {
                columns,
                grouped: false,
            }))
            .find(fits)
            .unwrap_or(Arrangement {
                columns: MAX_COLUMNS,
                grouped: false,
            })
    }

    /// The strip's height.
    fn strip_height(self) -> f32 {
        if !self.grouped {
            let rows = NodeKind::ALL.len().div_ceil(self.columns) as f32;
            return rows * (TILE + GAP) + 8.0;
        }
        let rows: f32 = KindGroup::ALL
            .iter()
            .map(|g| {
                NodeKind::ALL
                    .iter()
                    .filter(|k| k.group() == *g)
                    .count()
                    .div_ceil(self.columns) as f32
            })
            .sum();
        rows * (TILE + GAP) + GROUP_GAP * KindGroup::ALL.len() as f32 + 8.0
    }

    /// Every kind with its group and its tile, in a strip whose top-left corner is `origin`.
    fn tiles(self, origin: egui::Pos2) -> Vec<(NodeKind, KindGroup, Rect)> {
        let mut tiles = Vec::new();
        let mut y = origin.y + 6.0;
        let mut at = 0;
        for group in KindGroup::ALL {
            if self.grouped {
                at = 0;
            }
            for kind in NodeKind::ALL.iter().filter(|k| k.group() == group) {
                if at > 0 && at % self.columns == 0 {
                    y += TILE + GAP;
                }
                let column = (at % self.columns) as f32;
                let rect = Rect::from_min_size(
                    pos2(origin.x + 6.0 + column * (TILE + GAP), y),
                    vec2(TILE, TILE),
                );
                tiles.push((*kind, group, rect));
                at += 1;
            }
            if self.grouped {
                y += TILE + GAP + GROUP_GAP;
            }
        }
        tiles
    }
}

const fn strip_width(columns: usize) -> f32 {
    columns as f32 * (TILE + GAP) - GAP + 12.0
}

/// How much of the canvas's left side the palette covers in a canvas this tall, with its
/// margin; the legend sits right of it.
pub fn width_for(canvas_height: f32) -> f32 {
    8.0 + strip_width(Arrangement::for_height(canvas_height).columns)
}

/// The palette: a strip of kind tiles, grouped by colour, at the canvas's left edge.
pub fn palette_ui(ui: &mut Ui, state: &mut CanvasState, area: Rect) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let arrangement = Arrangement::for_height(area.height());
    let strip = Rect::from_min_size(
        area.min + vec2(8.0, 8.0),
        vec2(strip_width(arrangement.columns), arrangement.strip_height()),
    );
    let visuals = ui.visuals().clone();
    ui.painter().rect(
        strip,
        8.0,
        theme::background_colour(visuals.dark_mode),
        egui::Stroke::new(1.0, visuals.weak_text_color().gamma_multiply(0.4)),
        egui::StrokeKind::Inside,
    );
    for (kind, group, rect) in arrangement.tiles(strip.min) {
        let colour = theme::group_colour(group, visuals.dark_mode);
        let id = ui.scope_id().with(("palette", kind));
        let response = ui
            .interact(rect, id, Sense::click_and_drag())
            .on_hover_text(format!("{} ({})", kind.label(), group.label()));
        response.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Add {}", kind.label()))
        });
        let fill = if response.hovered() {
            colour
        } else {
            colour.gamma_multiply(0.75)
        };
        ui.painter().rect_filled(rect, 5.0, fill);
        ui.painter().text(
            rect.center(),
            Align2::CENTER_CENTER,
            kind_glyph(kind),
            FontId::monospace(11.0),
            Color32::WHITE,
        );
        if response.clicked() {
            intents.push(CanvasIntent::AddNode {
                kind,
                at: state.view_centre(),
            });
            state.rename_next_added = true;
        }
        if response.dragged()
            && let Some(p) = ui.input(|i| i.pointer.hover_pos())
        {
            // A ghost box follows the pointer while dragging a kind onto the canvas.
            let size = vec2(160.0, 80.0) * state.view.zoom;
            let ghost = Rect::from_center_size(p, size);
            let painter = ui
                .ctx()
                .layer_painter(egui::LayerId::new(egui::Order::Tooltip, id));
            painter.rect(
                ghost,
                8.0,
                colour.gamma_multiply(0.3),
                egui::Stroke::new(1.5, colour),
                egui::StrokeKind::Inside,
            );
            painter.text(
                ghost.center(),
                Align2::CENTER_CENTER,
                kind.label(),
                FontId::proportional(13.0),
                visuals.strong_text_color(),
            );
        }
        if response.drag_stopped()
            && let Some(p) = ui.input(|i| i.pointer.hover_pos())
            && area.contains(p)
            && !strip.contains(p)
        {
            intents.push(CanvasIntent::AddNode {
                kind,
                at: state.view.to_canvas(area.min, p),
            });
            state.rename_next_added = true;
        }
    }
    intents
}

/// Kinds whose name contains every word of the query, best (prefix) matches first.
pub fn matching_kinds(query: &str) -> Vec<NodeKind> {
    let query = query.trim().to_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut found: Vec<(bool, NodeKind)> = NodeKind::ALL
        .iter()
        .filter_map(|kind| {
            let name = kind.label().to_lowercase();
            let glyph = kind_glyph(*kind).to_lowercase();
            let matches =
                words.iter().all(|w| name.contains(w)) || (words.len() == 1 && glyph == words[0]);
            matches.then(|| (!name.starts_with(query.as_str()), *kind))
        })
        .collect();
    found.sort_by_key(|(not_prefix, _)| *not_prefix);
    found.into_iter().map(|(_, kind)| kind).collect()
}

/// The searchable kind picker: type, Enter adds the first match at the view centre.
pub fn kind_picker_ui(ui: &mut Ui, state: &mut CanvasState) -> Vec<CanvasIntent> {
    let mut intents = Vec::new();
    let Some(query) = &mut state.picker else {
        return intents;
    };
    let mut close = false;
    let mut chosen = None;
    // A dialog: the canvas behind it takes no clicks while a kind is typed.
    let id = egui::Id::unique("kind_picker");
    let area = egui::Modal::default_area(id).anchor(Align2::CENTER_TOP, vec2(0.0, 120.0));
    let shown = egui::Modal::new(id)
        .area(area)
        .backdrop_color(Color32::TRANSPARENT)
        .show(ui.ctx(), |ui| {
            ui.label(RichText::new("Add a box").strong());
            let response = ui
                .add(
                    egui::TextEdit::singleline(query)
                        .hint_text("Type a kind: feature store, ranker…")
                        .char_limit(200)
                        .desired_width(280.0),
                )
                .accessible_name("Kind search");
            response.request_focus();
            let matches = matching_kinds(query);
            for kind in matches.iter().take(8) {
                let text = RichText::new(kind.label())
                    .color(theme::group_colour(kind.group(), ui.visuals().dark_mode));
                if ui.selectable_label(false, text).clicked() {
                    chosen = Some(*kind);
                }
            }
            if matches.is_empty() {
                ui.weak("No kind matches; Enter adds a plain box.");
            }
            let (enter, escape) =
                ui.input(|i| (i.key_pressed(Key::Enter), i.key_pressed(Key::Escape)));
            if enter {
                chosen = Some(matches.first().copied().unwrap_or(NodeKind::Generic));
            }
            close |= escape;
        });
    close |= shown.should_close();
    if let Some(kind) = chosen {
        intents.push(CanvasIntent::AddNode {
            kind,
            at: state.view_centre(),
        });
        state.rename_next_added = true;
        close = true;
    }
    if close {
        state.picker = None;
    }
    intents
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_palette_fits_short_canvases_without_overlapping_tiles() {
        for height in (250..1000).step_by(10) {
            let height = height as f32;
            let arrangement = Arrangement::for_height(height);
            assert!(
                arrangement.strip_height() + 16.0 <= height,
                "{arrangement:?} fits {height}"
            );
            let tiles = arrangement.tiles(egui::Pos2::ZERO);
            assert_eq!(tiles.len(), NodeKind::ALL.len());
            for (i, (_, _, a)) in tiles.iter().enumerate() {
                assert!(
                    a.bottom() <= arrangement.strip_height(),
                    "{a:?} in the strip"
                );
                for (_, _, b) in &tiles[i + 1..] {
                    assert!(!a.intersects(*b), "{a:?} and {b:?} at {height}");
                }
            }
        }
        assert_eq!(
            Arrangement::for_height(1000.0),
            Arrangement {
                columns: 2,
                grouped: true
            },
            "a tall canvas keeps two grouped columns"
        );
    }

    #[test]
    fn the_picker_finds_kinds_by_words_and_tags() {
        assert_eq!(
            matching_kinds("online feat").first(),
            Some(&NodeKind::OnlineFeatureStore)
        );
        assert_eq!(matching_kinds("rank").first(), Some(&NodeKind::Ranker));
        assert!(matching_kinds("rank").contains(&NodeKind::ReRanker));
        assert_eq!(matching_kinds("ms"), vec![NodeKind::ModelServer]);
        assert!(matching_kinds("zzz").is_empty());
        assert_eq!(matching_kinds("").len(), NodeKind::ALL.len());
    }
}
