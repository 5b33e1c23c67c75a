//! Exporting a session for use outside Drillboard: SVG and PNG pictures and Mermaid text of the
//! diagram, and a Markdown report of the whole session.
//!
//! Pure functions to bytes, except `write_export`, the one place export files are written.
//! The colours here match `ui::theme` in light mode, copied so that export needs no egui.

mod fonts;
pub mod markdown;
pub mod mermaid;
pub mod moments;
pub mod pack;
pub mod png;
pub mod svg;
pub mod wav;

pub use markdown::{ReportContext, to_markdown};
pub use mermaid::to_mermaid;
pub use png::to_png;
pub use svg::to_svg;

use crate::model::{EdgeKind, KindGroup};

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
    /// The file could not be written.
    #[error("{0}")]
    Write(#[from] crate::store::StoreError),
    /// A report was asked of a past moment, which only pictures and Mermaid show.
    #[error("only the diagram can be exported at a past moment: write .svg, .png or .mmd")]
    NotAPicture,
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
    /// A report of the whole session, with the diagram as Mermaid and a PNG beside it.
    Markdown,
}

impl Format {
    /// Every format, in menu order.
    pub const ALL: [Format; 4] = [Format::Svg, Format::Png, Format::Mermaid, Format::Markdown];

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Mermaid => "mmd",
            Format::Markdown => "md",
        }
    }

    /// The format's name for menus and messages.
    pub fn label(self) -> &'static str {
        match self {
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Mermaid => "Mermaid",
            Format::Markdown => "Markdown report",
        }
    }

    /// The format a file extension stands for (`svg`, `png`, `mmd` or `mermaid`), any case.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match extension.to_ascii_lowercase().as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "mmd" | "mermaid" => Some(Format::Mermaid),
            "md" | "markdown" => Some(Format::Markdown),
            _ => None,
        }
    }
}

/// Exports a session in a format, as the bytes of the file. A Markdown report links to
/// `context.png` if set; the picture formats need only the diagram.
pub fn export(
    session: &crate::model::Session,
    context: &ReportContext<'_>,
    format: Format,
) -> Result<Vec<u8>, ExportError> {
    let diagram = &session.diagram;
    let title = &session.scenario_title;
    match format {
        Format::Svg => Ok(to_svg(diagram, title).into_bytes()),
        Format::Png => to_png(diagram, title, PNG_SCALE),
        Format::Mermaid => Ok(to_mermaid(diagram).into_bytes()),
        Format::Markdown => Ok(to_markdown(session, context).into_bytes()),
    }
}

/// Writes an export of a session to `output`, atomically. A Markdown report also writes the
/// diagram as a PNG in its own folder beside it (`report.md` → `report_files/diagram.png`, see
/// `report_picture_path`) and links to it, so a `report.png` the user exported earlier is never
/// replaced. Returns the files written, the asked-for one first.
pub fn write_export(
    session: &crate::model::Session,
    context: &ReportContext<'_>,
    format: Format,
    output: &std::path::Path,
) -> Result<Vec<std::path::PathBuf>, ExportError> {
    use crate::store::atomic::write_atomic;
    let mut written = Vec::new();
    let mut context = *context;
    let picture = report_picture_path(output);
    if format == Format::Markdown
        && !session.diagram.nodes.is_empty()
        && let Some((png_path, link)) = &picture
    {
        let png = to_png(&session.diagram, &session.scenario_title, PNG_SCALE)?;
        if let Some(dir) = png_path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| {
                crate::store::StoreError::io(dir, "create the report's picture folder", e)
            })?;
        }
        write_atomic(png_path, &png)?;
        written.push(png_path.clone());
        context.png = Some(link.as_str());
    }
    let bytes = export(session, &context, format)?;
    write_atomic(output, &bytes)?;
    written.insert(0, output.to_path_buf());
    Ok(written)
}

/// Where a Markdown report at `report` keeps its diagram picture, and the link to it relative
/// to the report: `<stem>_files/diagram.png`, a folder that belongs to the report (as browsers
/// save a page's images), so re-exporting the report replaces only its own picture. `None`
/// for a path without a file name.
pub fn report_picture_path(report: &std::path::Path) -> Option<(std::path::PathBuf, String)> {
    let stem = report.file_stem()?.to_string_lossy();
    let folder = format!("{stem}_files");
    let path = report.with_file_name(&folder).join("diagram.png");
    Some((path, format!("{folder}/diagram.png")))
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
