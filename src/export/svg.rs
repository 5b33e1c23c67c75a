//! SVG export: the diagram as a standalone picture with a title and a legend.
//!
//! The page is a header band (title, then a legend of edge kinds and node groups) above the
//! content, which keeps a `MARGIN` on every side. Zones are drawn first, then arrows, boxes and
//! finally arrow labels so that labels stay readable. Every box and arrow is a `<g>` with a
//! `data-id` and a `<title>` holding its full text (a tooltip in browsers).

use std::fmt::Write as _;

use crate::model::{
    Diagram, DiagramEdge, DiagramNode, EdgeKind, KindGroup, NodeKind, Point, Rect, Zone,
};

use crate::model::routing::{EdgePath, Routes};

use super::{EdgeStyle, Rgb, TEXT_COLOUR, edge_style, group_colour};

/// The font the text asks for; `png` embeds a font of this family, browsers fall back to any
/// sans-serif.
pub const FONT_FAMILY: &str = "Ubuntu";
/// Space around the content, in SVG units.
pub const MARGIN: f32 = 40.0;
/// Height of the band above the content with the title and legend.
pub const HEADER_HEIGHT: f32 = 96.0;
/// The narrowest page, so that the legend always fits.
pub const MIN_WIDTH: f32 = 680.0;
/// Height of the content area of an empty diagram, which holds a note instead.
pub const EMPTY_HEIGHT: f32 = 120.0;

/// Average glyph width as a share of the font size; a little wide for safety.
const CHAR_WIDTH_EM: f32 = 0.55;
/// Box label text.
const LABEL_SIZE: f32 = 13.0;
const LABEL_LINE: f32 = 16.0;
/// The kind name under the label.
const KIND_SIZE: f32 = 10.0;
const KIND_LINE: f32 = 13.0;
/// Arrow label text.
const EDGE_LABEL_SIZE: f32 = 11.0;
const EDGE_LABEL_LINE: f32 = 14.0;
const EDGE_LABEL_CHARS: usize = 26;
const TITLE_SIZE: f32 = 20.0;
const LEGEND_SIZE: f32 = 12.0;
const BOX_PADDING: f32 = 8.0;
const ZONE_STROKE: Rgb = Rgb(120, 144, 156);
const ZONE_FILL: Rgb = Rgb(245, 247, 250);
const ZONE_TEXT: Rgb = Rgb(84, 110, 122);
const MUTED_TEXT: Rgb = Rgb(117, 117, 117);

/// The picture's width and height in SVG units (PNG pixels at scale 1): the content's bounds
/// plus `MARGIN` on each side and `HEADER_HEIGHT` above, at least `MIN_WIDTH` wide, rounded up.
pub fn page_size(diagram: &Diagram) -> (u32, u32) {
    let page = Page::new(diagram, &Routes::build(diagram));
    (page.width, page.height)
}

/// Where the content goes on the page.
struct Page {
    width: u32,
    height: u32,
    /// Added to canvas coordinates to get page coordinates.
    offset: Point,
}

impl Page {
    /// The page for `diagram` with its arrows drawn along `routes` (a bow may reach past the
    /// boxes).
    fn new(diagram: &Diagram, routes: &Routes) -> Self {
        let arrows = routes
            .iter()
            .map(|(_, path)| path.bounds())
            .reduce(Rect::union);
        let bounds = match (diagram.bounds_rect(), arrows) {
            (Some(b), Some(a)) => Some(b.union(a)),
            (b, _) => b,
        };
        match bounds {
            Some(bounds) => Self {
                width: (bounds.width() + 2.0 * MARGIN).max(MIN_WIDTH).ceil() as u32,
                height: (HEADER_HEIGHT + bounds.height() + 2.0 * MARGIN).ceil() as u32,
                offset: Point {
                    x: MARGIN - bounds.min.x,
                    y: HEADER_HEIGHT + MARGIN - bounds.min.y,
                },
            },
            None => Self {
                width: MIN_WIDTH as u32,
                height: (HEADER_HEIGHT + EMPTY_HEIGHT) as u32,
                offset: Point::default(),
            },
        }
    }
}

/// Renders the diagram as a standalone SVG document.
pub fn to_svg(diagram: &Diagram, title: &str) -> String {
    let routes = Routes::build(diagram);
    let page = Page::new(diagram, &routes);
    let (w, h) = (page.width, page.height);
    let mut out = String::with_capacity(4096 + diagram.nodes.len() * 600);
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"{FONT_FAMILY}, 'Ubuntu Light', 'Segoe UI', Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(out, "<title>{}</title>", escape(title));
    out.push_str(&defs());
    let _ = writeln!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>"
    );
    let title_chars = chars_fitting(w as f32 - 2.0 * MARGIN, TITLE_SIZE);
    let _ = writeln!(
        out,
        "<text class=\"title\" x=\"{}\" y=\"34\" font-size=\"{TITLE_SIZE}\" fill=\"{}\">{}</text>",
        num(MARGIN),
        TEXT_COLOUR.hex(),
        escape(&truncate(title, title_chars))
    );
    out.push_str(&legend(diagram));

    if diagram.nodes.is_empty() && diagram.zones.is_empty() {
        let _ = writeln!(
            out,
            "<text class=\"note\" x=\"{}\" y=\"{}\" font-size=\"14\" text-anchor=\"middle\" fill=\"{}\">\
             This diagram is empty: nothing was drawn.</text>",
            num(w as f32 / 2.0),
            num(HEADER_HEIGHT + EMPTY_HEIGHT / 2.0),
            MUTED_TEXT.hex()
        );
    } else {
        let _ = writeln!(
            out,
            "<g transform=\"translate({} {})\">",
            num(page.offset.x),
            num(page.offset.y)
        );
        for zone in &diagram.zones {
            out.push_str(&zone_svg(zone));
        }
        for (at, edge) in diagram.edges.iter().enumerate() {
            out.push_str(&edge_svg(diagram, edge, routes.path(at, edge.id)));
        }
        for node in &diagram.nodes {
            out.push_str(&node_svg(node));
        }
        for (edge, label) in diagram
            .edges
            .iter()
            .zip(place_edge_labels(diagram, &routes))
        {
            if let Some(label) = label {
                out.push_str(&edge_label_svg(edge, &label));
            }
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// Arrowheads: one per arrow colour, since markers cannot take the line's colour everywhere.
fn defs() -> String {
    let marker = |id: &str, colour: Rgb| {
        format!(
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"10\" \
             markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
             <path d=\"M0,0 L10,5 L0,10 z\" fill=\"{}\"/></marker>\n",
            colour.hex()
        )
    };
    format!(
        "<defs>\n{}{}</defs>\n",
        marker("arrow", super::EDGE_COLOUR),
        marker("arrow-feedback", super::FEEDBACK_COLOUR)
    )
}

fn marker_for(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Feedback => "arrow-feedback",
        _ => "arrow",
    }
}

/// Stroke attributes for an arrow of this kind.
fn stroke_attributes(style: EdgeStyle) -> String {
    let mut attributes = format!(
        "fill=\"none\" stroke=\"{}\" stroke-width=\"1.6\"",
        style.colour.hex()
    );
    if let Some(dash) = style.dash {
        let _ = write!(
            attributes,
            " stroke-dasharray=\"{dash}\" stroke-linecap=\"round\""
        );
    }
    attributes
}

/// The legend: edge kinds on one row, the node groups the diagram uses on the next.
fn legend(diagram: &Diagram) -> String {
    let mut out = String::from("<g class=\"legend\">\n");
    let mut x = MARGIN;
    let y = 60.0;
    for kind in EdgeKind::ALL {
        let _ = writeln!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {} marker-end=\"url(#{})\"/>",
            num(x),
            num(y - 4.0),
            num(x + 30.0),
            num(y - 4.0),
            stroke_attributes(edge_style(kind)),
            marker_for(kind)
        );
        out.push_str(&legend_text(x + 36.0, y, kind.label()));
        x += 36.0 + text_width(kind.label(), LEGEND_SIZE) + 22.0;
    }
    let mut x = MARGIN;
    let y = 82.0;
    for group in KindGroup::ALL {
        if !diagram.nodes.iter().any(|n| n.kind.group() == group) {
            continue;
        }
        let colour = group_colour(group);
        let _ = writeln!(
            out,
            "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"10\" rx=\"3\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
            num(x),
            num(y - 9.0),
            colour.lighten(0.82).hex(),
            colour.hex()
        );
        out.push_str(&legend_text(x + 20.0, y, group.label()));
        x += 20.0 + text_width(group.label(), LEGEND_SIZE) + 22.0;
    }
    out.push_str("</g>\n");
    out
}

fn legend_text(x: f32, y: f32, text: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"{LEGEND_SIZE}\" fill=\"{}\">{}</text>\n",
        num(x),
        num(y),
        TEXT_COLOUR.hex(),
        escape(text)
    )
}

fn zone_svg(zone: &Zone) -> String {
    let chars = chars_fitting(zone.size.w - 24.0, LABEL_SIZE);
    format!(
        "<g class=\"zone\" data-id=\"{}\">\n<title>{}</title>\n\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"14\" fill=\"{}\" stroke=\"{}\" \
         stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n\
         <text x=\"{}\" y=\"{}\" font-size=\"{LABEL_SIZE}\" fill=\"{}\">{}</text>\n</g>\n",
        zone.id.0,
        escape(&zone.label),
        num(zone.pos.x),
        num(zone.pos.y),
        num(zone.size.w),
        num(zone.size.h),
        ZONE_FILL.hex(),
        ZONE_STROKE.hex(),
        num(zone.pos.x + 12.0),
        num(zone.pos.y + 20.0),
        ZONE_TEXT.hex(),
        escape(&truncate(&zone.label, chars))
    )
}

fn node_svg(node: &DiagramNode) -> String {
    let colour = group_colour(node.kind.group());
    let rect = node.rect();
    let center = rect.center();
    let mut out = format!(
        "<g class=\"node\" data-id=\"{}\" data-kind=\"{:?}\">\n<title>{}</title>\n\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"10\" fill=\"{}\" stroke=\"{}\" stroke-width=\"2\"/>\n",
        node.id.0,
        node.kind,
        escape(&node.label),
        num(rect.min.x),
        num(rect.min.y),
        num(node.size.w),
        num(node.size.h),
        colour.lighten(0.86).hex(),
        colour.hex()
    );
    let show_kind = node.size.h >= 44.0 && node.kind != NodeKind::Note;
    let room = node.size.h - 12.0 - if show_kind { KIND_LINE } else { 0.0 };
    let max_lines = ((room / LABEL_LINE).floor() as usize).max(1);
    let inner = node.size.w - 2.0 * BOX_PADDING;
    let lines = wrap(&node.label, chars_fitting(inner, LABEL_SIZE), max_lines);
    let block = lines.len() as f32 * LABEL_LINE + if show_kind { KIND_LINE } else { 0.0 };
    let top = center.y - block / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text class=\"label\" x=\"{}\" y=\"{}\" font-size=\"{LABEL_SIZE}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            num(center.x),
            num(top + i as f32 * LABEL_LINE + 12.0),
            TEXT_COLOUR.hex(),
            escape(line)
        );
    }
    if show_kind {
        let _ = writeln!(
            out,
            "<text class=\"kind\" x=\"{}\" y=\"{}\" font-size=\"{KIND_SIZE}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            num(center.x),
            num(top + lines.len() as f32 * LABEL_LINE + 10.0),
            colour.hex(),
            escape(&truncate(
                node.kind.label(),
                chars_fitting(inner, KIND_SIZE)
            ))
        );
    }
    out.push_str("</g>\n");
    out
}

/// The arrow's path: along its route (`model::routing`, as the canvas draws it), or a loop
/// for a self-edge.
fn edge_path(diagram: &Diagram, edge: &DiagramEdge, route: Option<&EdgePath>) -> Option<String> {
    if edge.from == edge.to {
        let r = diagram.node(edge.from)?.rect();
        let start = Point {
            x: r.max.x - 30.0,
            y: r.min.y,
        };
        let end = Point {
            x: r.max.x,
            y: r.min.y + 24.0,
        };
        return Some(format!(
            "M {} {} C {} {} {} {} {} {}",
            num(start.x),
            num(start.y),
            num(start.x),
            num(start.y - 40.0),
            num(end.x + 40.0),
            num(end.y),
            num(end.x),
            num(end.y)
        ));
    }
    let mut d = String::new();
    match route? {
        EdgePath::Bow(p) => {
            let _ = write!(
                d,
                "M {} {} C {} {} {} {} {} {}",
                num(p[0].x),
                num(p[0].y),
                num(p[1].x),
                num(p[1].y),
                num(p[2].x),
                num(p[2].y),
                num(p[3].x),
                num(p[3].y)
            );
        }
        path => {
            for (i, p) in path.polyline().iter().enumerate() {
                let _ = write!(
                    d,
                    "{}{} {}",
                    if i == 0 { "M " } else { " L " },
                    num(p.x),
                    num(p.y)
                );
            }
        }
    }
    Some(d)
}

/// Where along its line an arrow label may sit, best first: the middle, then further out.
const LABEL_SPOTS: [f32; 15] = [
    0.5, 0.45, 0.55, 0.4, 0.6, 0.35, 0.65, 0.3, 0.7, 0.25, 0.75, 0.2, 0.8, 0.15, 0.85,
];

/// A placed arrow label: its wrapped lines and its box on the canvas.
struct EdgeLabel {
    lines: Vec<String>,
    rect: Rect,
}

/// Places every arrow label on its line where it covers no box and no other label, trying
/// the middle first, then spots further out and beside the line; when no spot is free it
/// takes the one covering least (another label counts four times as much as a box).
/// Self-loops carry their label above the loop. In edge order; `None` for edges without a
/// label or a line.
fn place_edge_labels(diagram: &Diagram, routes: &Routes) -> Vec<Option<EdgeLabel>> {
    let boxes: Vec<Rect> = diagram.nodes.iter().map(DiagramNode::rect).collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut labels = Vec::with_capacity(diagram.edges.len());
    for (at, edge) in diagram.edges.iter().enumerate() {
        if edge.label.trim().is_empty() {
            labels.push(None);
            continue;
        }
        let lines = wrap(&edge.label, EDGE_LABEL_CHARS, 3);
        let width = lines
            .iter()
            .map(|l| text_width(l, EDGE_LABEL_SIZE))
            .fold(0.0, f32::max)
            + 8.0;
        let height = lines.len() as f32 * EDGE_LABEL_LINE + 4.0;
        let around = |center: Point| Rect {
            min: Point {
                x: center.x - width / 2.0,
                y: center.y - height / 2.0,
            },
            max: Point {
                x: center.x + width / 2.0,
                y: center.y + height / 2.0,
            },
        };
        let candidates: Vec<Point> = if edge.from == edge.to {
            diagram
                .node(edge.from)
                .map(|n| {
                    let r = n.rect();
                    vec![Point {
                        x: r.max.x + 10.0,
                        y: r.min.y - 30.0,
                    }]
                })
                .unwrap_or_default()
        } else if let Some(path) = routes.path(at, edge.id) {
            // On the line as drawn, then beside it: shifted across it by half the label's
            // height and a bit.
            let side = height / 2.0 + 3.0;
            let spots: Vec<(Point, (f32, f32))> =
                LABEL_SPOTS.iter().map(|t| point_along(path, *t)).collect();
            let on_line = spots.iter().map(|(p, _)| *p);
            let beside = spots.iter().flat_map(|(p, (dx, dy))| {
                let (nx, ny) = (-dy * side, dx * side);
                [
                    Point {
                        x: p.x + nx,
                        y: p.y + ny,
                    },
                    Point {
                        x: p.x - nx,
                        y: p.y - ny,
                    },
                ]
            });
            on_line.chain(beside).collect()
        } else {
            Vec::new()
        };
        let cost = |rect: Rect| {
            let boxes: f32 = boxes.iter().map(|b| overlap_area(rect, *b)).sum();
            let labels: f32 = placed.iter().map(|l| overlap_area(rect, *l)).sum();
            boxes + 4.0 * labels
        };
        let mut best: Option<(f32, Rect)> = None;
        for rect in candidates.iter().map(|c| around(*c)) {
            let c = cost(rect);
            if best.is_none_or(|(b, _)| c < b) {
                best = Some((c, rect));
            }
            if c == 0.0 {
                break;
            }
        }
        let Some((_, rect)) = best else {
            labels.push(None);
            continue;
        };
        placed.push(rect);
        labels.push(Some(EdgeLabel { lines, rect }));
    }
    labels
}

/// The point `t` of the way along a path as drawn (by length), and the direction there.
fn point_along(path: &EdgePath, t: f32) -> (Point, (f32, f32)) {
    let line = path.polyline();
    let lengths: Vec<f32> = line
        .windows(2)
        .map(|w| (w[1].x - w[0].x).hypot(w[1].y - w[0].y))
        .collect();
    let mut left = lengths.iter().sum::<f32>() * t;
    let last = lengths.len().saturating_sub(1);
    for (i, (w, len)) in line.windows(2).zip(&lengths).enumerate() {
        if left <= *len || i == last {
            let (f, dir) = if *len > 0.0 {
                (
                    (left / len).min(1.0),
                    ((w[1].x - w[0].x) / len, (w[1].y - w[0].y) / len),
                )
            } else {
                (0.0, (1.0, 0.0))
            };
            let at = Point {
                x: w[0].x + (w[1].x - w[0].x) * f,
                y: w[0].y + (w[1].y - w[0].y) * f,
            };
            return (at, dir);
        }
        left -= len;
    }
    (path.start(), (1.0, 0.0))
}

/// The area two rectangles share, ignoring a hairline so that touching does not count.
fn overlap_area(a: Rect, b: Rect) -> f32 {
    let w = a.max.x.min(b.max.x) - a.min.x.max(b.min.x) - 1.0;
    let h = a.max.y.min(b.max.y) - a.min.y.max(b.min.y) - 1.0;
    if w > 0.0 && h > 0.0 { w * h } else { 0.0 }
}

fn edge_svg(diagram: &Diagram, edge: &DiagramEdge, route: Option<&EdgePath>) -> String {
    let Some(path) = edge_path(diagram, edge, route) else {
        return String::new();
    };
    format!(
        "<g class=\"edge\" data-id=\"{}\" data-kind=\"{:?}\">\n<title>{}</title>\n\
         <path d=\"{path}\" {} marker-end=\"url(#{})\"/>\n</g>\n",
        edge.id.0,
        edge.kind,
        escape(&edge.label),
        stroke_attributes(edge_style(edge.kind)),
        marker_for(edge.kind)
    )
}

fn edge_label_svg(edge: &DiagramEdge, label: &EdgeLabel) -> String {
    let rect = label.rect;
    let colour = edge_style(edge.kind).colour;
    let mut out = format!(
        "<g class=\"edge-label\" data-id=\"{}\">\n\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>\n",
        edge.id.0,
        num(rect.min.x),
        num(rect.min.y),
        num(rect.width()),
        num(rect.height()),
    );
    let center = rect.center();
    for (i, line) in label.lines.iter().enumerate() {
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{EDGE_LABEL_SIZE}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
            num(center.x),
            num(rect.min.y + 2.0 + i as f32 * EDGE_LABEL_LINE + 11.0),
            colour.hex(),
            escape(line)
        );
    }
    out.push_str("</g>\n");
    out
}

/// A coordinate with one decimal: short, stable output.
fn num(v: f32) -> String {
    format!("{v:.1}")
}

/// Estimated width of a text line.
fn text_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * CHAR_WIDTH_EM
}

/// How many characters fit on a line of this width (at least one).
fn chars_fitting(width: f32, size: f32) -> usize {
    ((width / (size * CHAR_WIDTH_EM)).floor() as usize).max(1)
}

/// Shortens text to `max` characters, ending with an ellipsis when cut.
fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut = cut.trim_end().to_owned();
        cut.push('…');
        cut
    }
}

/// Breaks text into at most `max_lines` lines of at most `width` characters: at spaces where
/// possible, inside words that are too long, and with an ellipsis when text is left over.
/// Line breaks in the text are kept.
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let mut word: Vec<char> = word.chars().collect();
            loop {
                let line_len = line.chars().count();
                let needed = word.len() + usize::from(line_len > 0);
                if line_len + needed <= width {
                    if line_len > 0 {
                        line.push(' ');
                    }
                    line.extend(word.iter());
                    break;
                }
                if line_len > 0 {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // A word longer than a whole line: split it.
                let rest = word.split_off(width);
                lines.push(word.into_iter().collect());
                word = rest;
                if word.is_empty() {
                    break;
                }
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", kept.trim_end());
        }
    }
    lines
}

/// Escapes text for XML content and attribute values, dropping characters XML cannot hold.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap("Kafka topic events", 11, 3),
            vec!["Kafka topic", "events"]
        );
        assert_eq!(wrap("abcdefghij", 4, 5), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("one\ntwo", 20, 3), vec!["one", "two"]);
        assert!(wrap("   ", 10, 2).is_empty());
    }

    #[test]
    fn wrap_marks_cut_text_with_an_ellipsis() {
        let lines = wrap("one two three four five six", 9, 2);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "one two");
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines[1].chars().count() <= 9, "{lines:?}");
        assert_eq!(wrap("tiny", 3, 1), vec!["ti…"]);
    }

    #[test]
    fn escape_handles_markup_and_control_characters() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\u{7}"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;"
        );
    }

    #[test]
    fn an_empty_diagram_has_a_small_page_with_a_note() {
        let svg = to_svg(&Diagram::default(), "Nothing yet");
        assert_eq!(
            page_size(&Diagram::default()),
            (MIN_WIDTH as u32, (HEADER_HEIGHT + EMPTY_HEIGHT) as u32)
        );
        assert!(svg.contains("This diagram is empty"), "{svg}");
        assert!(svg.contains("Nothing yet"));
    }
}
