//! Exporting a diagram for use outside Drillboard: SVG and PNG pictures, Mermaid text.
//!
//! Pure functions from a `Diagram` (and a title) to bytes; writing files is the caller's job.
//! The colours here match `ui::theme` in light mode, copied so that export needs no egui.

pub mod mermaid;
pub mod png;
pub mod svg;

pub use mermaid::to_mermaid;
pub use png::to_png;
pub use svg::to_svg;

use crate::model::{Diagram, EdgeKind, KindGroup};

/// The scale PNG exports use by default: two pixels per canvas unit, sharp on high-DPI screens.
pub const PNG_SCALE: f32 = 2.0;

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The requested scale is zero, negative or not a number.
    #[error("the scale {0} is not a positive number")]
    BadScale(f32),
    /// The picture would need more pixels than is sensible to allocate.
    #[error(
        "the image would be {width}×{height} pixels, more than the {limit}-pixel limit; export SVG instead"
    )]
    TooLarge {
        /// Width in pixels.
        width: u64,
        /// Height in pixels.
        height: u64,
        /// The most pixels allowed.
        limit: u64,
    },
    /// The generated SVG could not be read back by the renderer (a bug in the exporter).
    #[error("the SVG could not be rendered: {0}")]
    Render(String),
    /// The PNG encoder failed.
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// A file format the diagram can be exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Scalable vector picture.
    Svg,
    /// Bitmap picture at `PNG_SCALE`.
    Png,
    /// Mermaid flowchart text, for Markdown documents.
    Mermaid,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 3] = [Format::Svg, Format::Png, Format::Mermaid];

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Mermaid => "mmd",
        }
    }

    /// The format's name for menus and messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Mermaid => "Mermaid",
        }
    }

    /// The format a file extension stands for (`svg`, `png`, `mmd` or `mermaid`), any case.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "mmd" | "mermaid" => Some(Format::Mermaid),
            _ => None,
        }
    }
}

/// Exports a diagram in a format, as the bytes of the file.
pub fn export(diagram: &Diagram, title: &str, format: Format) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Svg => Ok(to_svg(diagram, title).into_bytes()),
        Format::Png => to_png(diagram, title, PNG_SCALE),
        Format::Mermaid => Ok(to_mermaid(diagram).into_bytes()),
    }
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, for SVG and Mermaid styles.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// The colour mixed with white; `amount` 0 keeps it, 1 gives white.
    #[must_use]
    pub fn lighten(self, amount: f32) -> Rgb {
        let mix = |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * amount).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// The hue of a node-kind group on a light background; the same numbers as
/// `ui::theme::group_colour(group, false)`.
pub fn group_colour(group: KindGroup) -> Rgb {
    match group {
        KindGroup::Data => Rgb(56, 113, 207),
        KindGroup::Features => Rgb(0, 127, 115),
        KindGroup::Models => Rgb(120, 72, 181),
        KindGroup::Serving => Rgb(204, 114, 25),
        KindGroup::Operations => Rgb(108, 113, 118),
        KindGroup::People => Rgb(44, 142, 70),
    }
}

/// Colour of ordinary arrows.
pub const EDGE_COLOUR: Rgb = Rgb(69, 90, 100);
/// Colour of feedback arrows, set apart from the rest.
pub const FEEDBACK_COLOUR: Rgb = Rgb(194, 24, 91);
/// Colour of text.
pub const TEXT_COLOUR: Rgb = Rgb(33, 33, 33);

/// How an edge kind is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeStyle {
    /// Line colour.
    pub colour: Rgb,
    /// SVG `stroke-dasharray`, or `None` for a solid line.
    pub dash: Option<&'static str>,
}

/// Request solid, stream dashed, batch dotted, feedback solid in its own colour.
pub fn edge_style(kind: EdgeKind) -> EdgeStyle {
    match kind {
        EdgeKind::Request => EdgeStyle {
            colour: EDGE_COLOUR,
            dash: None,
        },
        EdgeKind::Stream => EdgeStyle {
            colour: EDGE_COLOUR,
            dash: Some("8 5"),
        },
        EdgeKind::Batch => EdgeStyle {
            colour: EDGE_COLOUR,
            dash: Some("2 4"),
        },
        EdgeKind::Feedback => EdgeStyle {
            colour: FEEDBACK_COLOUR,
            dash: None,
        },
    }
}
