//! PNG export: the SVG export rendered by resvg with egui's built-in fonts, so the picture looks
//! the same on every machine; system fonts stand in only for characters those lack
//! (`fonts.rs`).

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use crate::model::Diagram;

use super::ExportError;
use super::fonts::font_database_for;
use super::svg::{FONT_FAMILY, page_size, to_svg};

/// The most pixels a PNG export may have (about 160 MB of RGBA while rendering).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Renders the diagram as a PNG at `scale` pixels per SVG unit (`super::PNG_SCALE` is 2×).
/// An empty diagram gives a small picture with a note.
pub fn to_png(diagram: &Diagram, title: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(ExportError::BadScale(scale));
    }
    let (width, height) = page_size(diagram);
    let pixel_width = (width as f32 * scale).ceil().max(1.0);
    let pixel_height = (height as f32 * scale).ceil().max(1.0);
    let too_large = || ExportError::TooLarge {
        width: pixel_width as u64,
        height: pixel_height as u64,
        limit: MAX_PIXELS,
    };
    // Compared as f64 so that absurd sizes cannot wrap around.
    if f64::from(pixel_width) * f64::from(pixel_height) > MAX_PIXELS as f64 {
        return Err(too_large());
    }
    let (pixel_width, pixel_height) = (pixel_width as u32, pixel_height as u32);

    let svg = to_svg(diagram, title);
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: font_database_for(&svg),
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_str(&svg, &options).map_err(|e| ExportError::Render(e.to_string()))?;
    let mut pixmap = Pixmap::new(pixel_width, pixel_height).ok_or_else(too_large)?;
    let size = tree.size();
    let transform = Transform::from_scale(
        pixel_width as f32 / size.width(),
        pixel_height as f32 / size.height(),
    );
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DiagramNode, NodeId, NodeKind, Point};

    #[test]
    fn the_embedded_font_has_the_family_the_svg_asks_for() {
        let db = font_database_for("");
        let families: Vec<String> = db
            .faces()
            .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
            .collect();
        assert!(
            families.iter().any(|f| f == FONT_FAMILY),
            "font families: {families:?}"
        );
    }

    fn dark_pixels(png: &[u8]) -> usize {
        let pixmap = Pixmap::decode_png(png).expect("decodes");
        pixmap
            .pixels()
            .iter()
            .filter(|p| u16::from(p.red()) + u16::from(p.green()) + u16::from(p.blue()) < 200)
            .count()
    }

    /// With a CJK face installed (`.ci/run` installs fonts-noto-cjk), a CJK label draws its
    /// glyphs; on a machine without one there is nothing to fall back to, which the test says.
    #[test]
    fn cjk_labels_draw_with_a_system_face_when_one_is_installed() {
        let label = "模型服务";
        // System font files the database draws on (the built-in faces are in memory). A font
        // collection such as NotoSansCJK-Regular.ttc brings all its faces from one file.
        let system_files = |text: &str| -> std::collections::BTreeSet<std::path::PathBuf> {
            font_database_for(text)
                .faces()
                .filter_map(|face| match &face.source {
                    resvg::usvg::fontdb::Source::File(path)
                    | resvg::usvg::fontdb::Source::SharedFile(path, _) => Some(path.clone()),
                    resvg::usvg::fontdb::Source::Binary(_) => None,
                })
                .collect()
        };
        assert!(system_files("").is_empty(), "no system font for ASCII");
        let added = system_files(label);
        if added.is_empty() {
            eprintln!("no system font has {label}; install fonts-noto-cjk to test the fallback");
            return;
        }
        assert_eq!(
            added.len(),
            1,
            "one font file covers all four characters: {added:?}"
        );
        let blank = to_png(&node(""), "", 1.0).expect("renders");
        let cjk = to_png(&node(label), "", 1.0).expect("renders");
        assert!(
            dark_pixels(&cjk) > dark_pixels(&blank) + 40,
            "the CJK label drew glyphs"
        );
    }

    fn node(label: &str) -> Diagram {
        Diagram {
            nodes: vec![DiagramNode {
                id: NodeId(1),
                kind: NodeKind::Cache,
                label: label.to_owned(),
                pos: Point::default(),
                size: DiagramNode::DEFAULT_SIZE,
            }],
            ..Diagram::default()
        }
    }

    #[test]
    fn labels_are_rendered_as_text() {
        let blank = to_png(&node(""), "", 1.0).expect("renders");
        let labelled = to_png(&node("Redis cache WWWW"), "", 1.0).expect("renders");
        assert!(
            dark_pixels(&labelled) > dark_pixels(&blank) + 20,
            "the label drew glyphs"
        );
    }

    #[test]
    fn bad_scales_and_huge_pictures_are_errors() {
        let d = Diagram::default();
        assert!(matches!(to_png(&d, "", 0.0), Err(ExportError::BadScale(_))));
        assert!(matches!(
            to_png(&d, "", f32::NAN),
            Err(ExportError::BadScale(_))
        ));
        assert!(matches!(
            to_png(&d, "", 1000.0),
            Err(ExportError::TooLarge { .. })
        ));
    }
}
