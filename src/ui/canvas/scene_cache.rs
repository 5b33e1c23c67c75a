//! The drawn diagram, tessellated once and reused while nothing it shows changes.
//!
//! egui turns every shape into triangles again each frame. A diagram that sits still (the usual
//! state while the drill clock ticks or the user types notes) gives the same triangles every
//! frame, so the canvas keeps the meshes of the last change and adds them as they are. The key
//! covers everything the painting reads; anything else (a drag, a pan) simply paints afresh.

use std::sync::Arc;

use egui::epaint::{ClippedShape, Primitive};
use egui::layers::ShapeIdx;
use egui::{Color32, FontId, Galley, Mesh, Painter, Rect, Shape};

/// Folds values into a 64-bit fingerprint (FNV-1a over 64-bit words).
#[derive(Clone, Copy, Debug)]
pub struct KeyHasher(u64);

impl Default for KeyHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl KeyHasher {
    /// Mixes in one word.
    pub fn word(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x0100_0000_01b3);
    }

    /// Mixes in a float by its bits.
    pub fn float(&mut self, v: f32) {
        self.word(u64::from(v.to_bits()));
    }

    /// Mixes in a colour.
    pub fn colour(&mut self, c: Color32) {
        self.word(u64::from(u32::from_le_bytes(c.to_array())));
    }

    /// Mixes in text, eight bytes at a time, and its length.
    pub fn text(&mut self, s: &str) {
        self.word(s.len() as u64);
        for chunk in s.as_bytes().chunks(8) {
            let mut word = [0_u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
    }

    /// Mixes in a rectangle.
    pub fn rect(&mut self, r: Rect) {
        for v in [r.min.x, r.min.y, r.max.x, r.max.y] {
            self.float(v);
        }
    }

    /// The fingerprint so far.
    pub fn finish(self) -> u64 {
        self.0
    }
}

/// The meshes of the last painting and what they were painted from.
#[derive(Clone, Debug, Default)]
pub struct SceneCache {
    /// The key of the kept meshes; `None` when nothing is kept.
    key: Option<u64>,
    /// Clip rectangle and mesh, in painting order.
    meshes: Vec<(Rect, Arc<Mesh>)>,
    /// A galley laid out every frame: egui lays it out anew (another `Arc`) only when it has
    /// dropped its text caches, which it does when the font atlas is rebuilt. Glyph positions
    /// in the kept meshes are then stale.
    probe: Option<Arc<Galley>>,
    /// How many frames were painted from the kept meshes (for tests).
    pub reused: u64,
}

impl SceneCache {
    /// Adds the kept meshes to `painter`'s layer when `key` (everything `paint` depends on,
    /// `None` when it should not be kept) matches the last painting; otherwise runs `paint`,
    /// which adds shapes through `painter`, and keeps their tessellation.
    pub fn paint(&mut self, painter: &Painter, key: Option<u64>, paint: impl FnOnce()) {
        let ctx = painter.ctx();
        let layer = painter.layer_id();
        let probe =
            painter.layout_no_wrap("Ag".to_owned(), FontId::proportional(14.0), Color32::WHITE);
        let fonts_kept = self
            .probe
            .as_ref()
            .is_some_and(|kept| Arc::ptr_eq(kept, &probe));
        self.probe = Some(probe);
        let key = key.map(|key| {
            let mut h = KeyHasher(key);
            let [w, height] =
                ctx.fonts(|fonts: &egui::epaint::FontsView<'_>| fonts.font_image_size());
            h.word(w as u64);
            h.word(height as u64);
            h.float(ctx.pixels_per_point());
            h.float(painter.opacity());
            h.rect(painter.clip_rect());
            ctx.tessellation_options(|o| {
                h.word(u64::from(o.feathering) | u64::from(o.round_text_to_pixels) << 1);
                h.word(
                    u64::from(o.round_rects_to_pixels)
                        | u64::from(o.round_line_segments_to_pixels) << 1,
                );
                h.float(o.feathering_size_in_pixels);
                h.float(o.bezier_tolerance);
            });
            h.finish()
        });
        if fonts_kept && key.is_some() && key == self.key {
            ctx.graphics_mut(|g| {
                let list = g.entry(layer);
                for (clip, mesh) in &self.meshes {
                    list.add(*clip, Shape::Mesh(Arc::clone(mesh)));
                }
            });
            self.reused += 1;
            return;
        }
        self.key = None;
        self.meshes.clear();
        let start = ctx.graphics(|g| g.get(layer).map_or(0, |list| list.next_idx().0));
        paint();
        let Some(key) = key else { return };
        // Take the shapes just painted, tessellate them as egui would, and put the meshes back.
        let shapes: Vec<ClippedShape> = ctx.graphics_mut(|g| {
            let list = g.entry(layer);
            let end = list.next_idx().0;
            let mut taken = Vec::with_capacity(end.saturating_sub(start));
            for i in start..end {
                list.mutate_shape(ShapeIdx(i), |clipped| {
                    taken.push(ClippedShape {
                        clip_rect: clipped.clip_rect,
                        shape: std::mem::replace(&mut clipped.shape, Shape::Noop),
                        transform_after_tessellation: clipped.transform_after_tessellation,
                    });
                });
            }
            taken
        });
        let primitives = ctx.tessellate(shapes, ctx.pixels_per_point());
        let mut meshes = Vec::with_capacity(primitives.len());
        let mut cacheable = true;
        for primitive in primitives {
            match primitive.primitive {
                Primitive::Mesh(mesh) => meshes.push((primitive.clip_rect, Arc::new(mesh))),
                // Nothing on the canvas paints callbacks; if something did, it is dropped from
                // this frame rather than drawn out of order, and nothing is kept.
                Primitive::Callback(_) => cacheable = false,
            }
        }
        ctx.graphics_mut(|g| {
            let list = g.entry(layer);
            for (i, (clip, mesh)) in meshes.iter().enumerate() {
                list.set(ShapeIdx(start + i), *clip, Shape::Mesh(Arc::clone(mesh)));
            }
        });
        if cacheable {
            self.key = Some(key);
            self.meshes = meshes;
        }
    }
}
