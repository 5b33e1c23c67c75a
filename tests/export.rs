//! Export: SVG, Mermaid and PNG of real reference diagrams, the Markdown report, and the
//! `export` command.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use drillboard::export::{self, Format, svg, to_mermaid, to_png, to_svg};
use drillboard::model::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, KindGroup, NodeId, NodeKind, Point,
    Scenario, Session, Size, Timestamp, Zone, ZoneId,
};
use drillboard::store::{builtin, save_session};
use resvg::tiny_skia::Pixmap;

/// 2026-11-23T09:00:00Z.
const EPOCH: Timestamp = Timestamp(1_795_424_400);

fn scenarios() -> Vec<Scenario> {
    builtin::scenarios(&frameworks())
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("built-in scenarios load")
}

fn frameworks() -> Vec<drillboard::model::Framework> {
    builtin::frameworks().expect("built-in frameworks load")
}

fn fraud() -> Scenario {
    scenarios()
        .into_iter()
        .find(|s| s.id == "fraud_detection")
        .expect("fraud scenario is built in")
}

/// The fraud reference diagram with two zones and a label that needs escaping everywhere.
fn rich_diagram() -> Diagram {
    let mut d = fraud().reference.diagram;
    d.zones = vec![
        Zone {
            id: ZoneId(1),
            label: "online".into(),
            pos: Point { x: 20.0, y: 20.0 },
            size: Size {
                w: 1160.0,
                h: 260.0,
            },
        },
        Zone {
            id: ZoneId(2),
            label: "offline <batch> & \"slow\"".into(),
            pos: Point { x: 20.0, y: 300.0 },
            size: Size {
                w: 1160.0,
                h: 260.0,
            },
        },
        Zone {
            id: ZoneId(3),
            label: "nearline".into(),
            pos: Point { x: 2000.0, y: 0.0 },
            size: Size { w: 100.0, h: 100.0 },
        },
    ];
    d.nodes[0].label = "Checkout <web> & \"app\" [v2] #1 | 'x'".into();
    d.edges[0].label = "authorize(tx) -> \"ok\" & <done>".into();
    d
}

/// Text content of an element, its descendants joined.
fn text_of(node: roxmltree::Node) -> String {
    node.descendants()
        .filter(roxmltree::Node::is_text)
        .filter_map(|t| t.text())
        .collect()
}

/// The `<g class=..>` elements with `data-id` = id.
fn group<'a, 'input>(
    doc: &'a roxmltree::Document<'input>,
    class: &str,
    id: u64,
) -> Option<roxmltree::Node<'a, 'input>> {
    let id = id.to_string();
    doc.descendants().find(|n| {
        n.has_tag_name("g")
            && n.attribute("class") == Some(class)
            && n.attribute("data-id") == Some(id.as_str())
    })
}

fn visible_lines(group: roxmltree::Node, class: Option<&str>) -> Vec<String> {
    group
        .children()
        .filter(|n| n.has_tag_name("text") && (class.is_none() || n.attribute("class") == class))
        .map(text_of)
        .collect()
}

#[test]
fn svg_is_xml_with_every_label_in_place() {
    let diagram = rich_diagram();
    let out = to_svg(&diagram, "Real-time fraud <detection>");
    let doc = roxmltree::Document::parse(&out).expect("the SVG is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let (w, h) = svg::page_size(&diagram);
    assert_eq!(
        root.attribute("viewBox"),
        Some(format!("0 0 {w} {h}").as_str())
    );

    for node in &diagram.nodes {
        let g = group(&doc, "node", node.id.0).expect("every node is drawn");
        let title = g
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("title");
        assert_eq!(text_of(title), node.label);
        // The wrapped lines read back as the label (all reference labels fit their boxes).
        assert_eq!(visible_lines(g, Some("label")).join(" "), node.label);
        assert_eq!(visible_lines(g, Some("kind")), vec![node.kind.label()]);
        let rect = g.children().find(|n| n.has_tag_name("rect")).expect("box");
        let colour = export::group_colour(node.kind.group()).hex();
        assert_eq!(rect.attribute("stroke"), Some(colour.as_str()));
        assert!(rect.attribute("rx").is_some(), "rounded corners");
    }
    for edge in &diagram.edges {
        let g = group(&doc, "edge", edge.id.0).expect("every edge is drawn");
        let path = g.children().find(|n| n.has_tag_name("path")).expect("line");
        let dash = path.attribute("stroke-dasharray");
        match edge.kind {
            EdgeKind::Request => assert_eq!(dash, None),
            EdgeKind::Stream => assert_eq!(dash, Some("8 5")),
            EdgeKind::Batch => assert_eq!(dash, Some("2 4")),
            EdgeKind::Feedback => {
                assert_eq!(path.attribute("stroke"), Some("#c2185b"));
                assert_eq!(path.attribute("marker-end"), Some("url(#arrow-feedback)"));
            }
        }
        if edge.kind != EdgeKind::Feedback {
            assert_eq!(path.attribute("marker-end"), Some("url(#arrow)"));
        }
        let label = group(&doc, "edge-label", edge.id.0).expect("every label is drawn");
        assert_eq!(visible_lines(label, None).join(" "), edge.label);
    }
    for zone in diagram.zones.iter().take(2) {
        let g = group(&doc, "zone", zone.id.0).expect("zones are drawn");
        assert_eq!(visible_lines(g, None), vec![zone.label.clone()]);
    }
    let legend: String = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("legend"))
        .map(text_of)
        .expect("legend");
    for kind in EdgeKind::ALL {
        assert!(legend.contains(kind.label()), "{legend}");
    }
    let title: String = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("title"))
        .map(text_of)
        .expect("title");
    assert_eq!(title, "Real-time fraud <detection>");
}

#[test]
fn svg_arrows_start_and_end_on_box_borders() {
    let diagram = fraud().reference.diagram;
    let out = to_svg(&diagram, "t");
    let doc = roxmltree::Document::parse(&out).expect("well-formed");
    let edge = &diagram.edges[0];
    let g = group(&doc, "edge", edge.id.0).expect("drawn");
    let d = g
        .children()
        .find(|n| n.has_tag_name("path"))
        .and_then(|p| p.attribute("d"))
        .expect("path data");
    let numbers: Vec<f32> = d
        .split_whitespace()
        .filter_map(|t| t.parse().ok())
        .collect();
    let [x1, y1, x2, y2] = numbers[..] else {
        panic!("a straight line: {d}")
    };
    // Arrows are drawn in canvas coordinates inside one group shifted by margin and header,
    // from the top-left of everything drawn: the boxes, zones and arrows (a bow may reach
    // past the boxes).
    let routes = drillboard::model::routing::Routes::build(&diagram);
    let min = routes
        .iter()
        .map(|(_, path)| path.bounds())
        .fold(
            diagram.bounds_rect().expect("bounds"),
            drillboard::model::Rect::union,
        )
        .min;
    let shift = format!(
        "translate({:.1} {:.1})",
        svg::MARGIN - min.x,
        svg::HEADER_HEIGHT + svg::MARGIN - min.y
    );
    let content = g.parent().expect("content group");
    assert_eq!(content.attribute("transform"), Some(shift.as_str()));
    let from = diagram.node(edge.from).expect("from").rect();
    let to = diagram.node(edge.to).expect("to").rect();
    // Boxes 1 and 2 sit side by side: the arrow runs from 1's right side to 2's left side.
    assert!((x1 - from.max.x).abs() < 0.11, "{d}");
    assert!((x2 - to.min.x).abs() < 0.11, "{d}");
    assert!((y1 - y2).abs() < 0.11, "{d}");
    assert!(y1 > from.min.y && y1 < from.max.y, "{d}");
}

/// The export draws every arrow along the path the canvas draws (`model::routing`): a tidied
/// reference whose straight arrows would cross boxes exports them as detours around the boxes.
#[test]
fn svg_arrows_follow_the_routes_around_boxes() {
    use drillboard::model::crossing::arrows_through_boxes;
    use drillboard::model::routing::{EdgePath, Routes};
    let mut detours = 0;
    for scenario in scenarios() {
        let mut diagram = scenario.reference.diagram.clone();
        drillboard::model::layout::tidy(&diagram)
            .apply(&mut diagram)
            .expect("tidy applies");
        let crossing: Vec<_> = arrows_through_boxes(&diagram)
            .into_iter()
            .map(|(edge, _)| edge)
            .collect();
        let routes = Routes::build(&diagram);
        let out = to_svg(&diagram, "t");
        let doc = roxmltree::Document::parse(&out).expect("well-formed");
        for (at, edge) in diagram.edges.iter().enumerate() {
            let Some(path) = routes.path(at, edge.id) else {
                continue;
            };
            let d = group(&doc, "edge", edge.id.0)
                .and_then(|g| g.children().find(|n| n.has_tag_name("path")))
                .and_then(|p| p.attribute("d"))
                .expect("path data");
            let numbers: Vec<f32> = d
                .split_whitespace()
                .filter_map(|t| t.parse().ok())
                .collect();
            let expected: Vec<f32> = match path {
                EdgePath::Bow(p) => p.iter().flat_map(|q| [q.x, q.y]).collect(),
                other => other.polyline().iter().flat_map(|q| [q.x, q.y]).collect(),
            };
            assert_eq!(numbers.len(), expected.len(), "{}: {d}", scenario.id);
            for (got, want) in numbers.iter().zip(&expected) {
                assert!(
                    (got - want).abs() < 0.06,
                    "{}: {d} vs {path:?}",
                    scenario.id
                );
            }
            if crossing.contains(&edge.id) {
                assert!(
                    !matches!(path, EdgePath::Straight(..)),
                    "{}: {:?} still straight through a box",
                    scenario.id,
                    edge.id
                );
                detours += 1;
            }
        }
    }
    assert!(detours > 0, "some tidied reference arrow needed a detour");
}

#[test]
fn every_builtin_reference_exports_to_all_formats() {
    for scenario in scenarios() {
        let d = &scenario.reference.diagram;
        let out = to_svg(d, &scenario.title);
        roxmltree::Document::parse(&out)
            .unwrap_or_else(|e| panic!("{}: SVG is not XML: {e}", scenario.id));
        let mermaid = to_mermaid(d);
        for node in &d.nodes {
            assert!(
                mermaid.contains(&format!("n{}[\"", node.id.0)),
                "{}",
                scenario.id
            );
        }
        // Each scenario in its own framework (seven-phase, platform or LLM).
        let frameworks = frameworks();
        let framework = frameworks
            .iter()
            .find(|f| f.id == scenario.framework)
            .expect("the scenario's framework is built in");
        let mut session = Session::start(&scenario, framework, 45, EPOCH, Duration::ZERO);
        session.diagram = d.clone();
        let context = export::ReportContext {
            scenario: Some(&scenario),
            framework: Some(framework),
            ..export::ReportContext::default()
        };
        for format in Format::ALL {
            let bytes = export::export(&session, &context, format).expect("exports");
            assert!(!bytes.is_empty());
        }
    }
}

#[test]
fn svg_colours_match_the_light_theme() {
    for group in KindGroup::ALL {
        let theme = drillboard::ui::theme::group_colour(group, false);
        let export = export::group_colour(group);
        assert_eq!(
            (theme.r(), theme.g(), theme.b()),
            (export.0, export.1, export.2),
            "{group:?}"
        );
    }
}

#[test]
fn mermaid_names_every_node_edge_and_zone() {
    let diagram = rich_diagram();
    let out = to_mermaid(&diagram);
    let lines: Vec<&str> = out.lines().map(str::trim).collect();
    assert_eq!(lines[0], "flowchart LR");
    for node in &diagram.nodes {
        let expected = format!(
            "n{}[\"{}\"]",
            node.id.0,
            export::mermaid::escape(&node.label)
        );
        assert!(lines.contains(&expected.as_str()), "{expected} in\n{out}");
    }
    assert!(
        out.contains("n1[\"Checkout #lt;web#gt; #amp; #quot;app#quot; [v2] #35;1 #124; 'x'\"]"),
        "quotes and markup are escaped:\n{out}"
    );
    for edge in &diagram.edges {
        let expected = format!(
            "n{} {}|\"{}\"| n{}",
            edge.from.0,
            export::mermaid::arrow(edge.kind),
            export::mermaid::escape(&edge.label),
            edge.to.0
        );
        assert!(lines.contains(&expected.as_str()), "{expected} in\n{out}");
    }
    let arrows: Vec<&str> = EdgeKind::ALL
        .iter()
        .map(|k| export::mermaid::arrow(*k))
        .collect();
    let mut distinct = arrows.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), arrows.len(), "one arrow per kind");

    // Zones are subgraphs around the nodes sitting in them; an empty zone is only named.
    let online = lines
        .iter()
        .position(|l| *l == "subgraph z1[\"online\"]")
        .expect("online subgraph");
    let end = online
        + lines[online..]
            .iter()
            .position(|l| *l == "end")
            .expect("end");
    let inside = &lines[online..end];
    for id in diagram.nodes_in_zone(ZoneId(1)) {
        let prefix = format!("n{}[", id.0);
        assert!(inside.iter().any(|l| l.starts_with(&prefix)), "{id:?}");
    }
    assert!(out.contains("subgraph z2[\"offline #lt;batch#gt; #amp; #quot;slow#quot;\"]"));
    assert!(out.contains("z3 \"nearline\" has no nodes"), "{out}");
    // Feedback edges are coloured: their positions among the links, in diagram order.
    let feedback: Vec<String> = diagram
        .edges
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EdgeKind::Feedback)
        .map(|(i, _)| i.to_string())
        .collect();
    assert!(
        feedback.len() >= 3,
        "the fraud reference has feedback edges"
    );
    let style = format!("linkStyle {} stroke:#c2185b", feedback.join(","));
    assert!(out.contains(&style), "{style} in\n{out}");
}

#[test]
fn mermaid_edges_without_labels_and_nodes_without_text_are_still_named() {
    let d = Diagram {
        nodes: vec![
            node(4, "", NodeKind::Cache),
            node(9, "Ranker", NodeKind::Ranker),
        ],
        edges: vec![DiagramEdge {
            id: EdgeId(1),
            from: NodeId(4),
            to: NodeId(9),
            label: String::new(),
            kind: EdgeKind::Batch,
        }],
        zones: vec![],
    };
    let out = to_mermaid(&d);
    assert!(out.contains("    n4[\"Cache\"]\n"), "{out}");
    assert!(out.contains("    n4 ==> n9\n"), "{out}");
}

fn node(id: u64, label: &str, kind: NodeKind) -> DiagramNode {
    DiagramNode {
        id: NodeId(id),
        kind,
        label: label.to_owned(),
        pos: Point {
            x: id as f32 * 200.0,
            y: 0.0,
        },
        size: DiagramNode::DEFAULT_SIZE,
    }
}

/// Decodes a PNG and checks its size is the SVG page at 2×.
fn assert_png_of(bytes: &[u8], diagram: &Diagram) -> Pixmap {
    let pixmap = Pixmap::decode_png(bytes).expect("a valid PNG");
    let (w, h) = svg::page_size(diagram);
    assert_eq!((pixmap.width(), pixmap.height()), (w * 2, h * 2));
    pixmap
}

#[test]
fn png_is_the_content_plus_margin_at_twice_the_size() {
    let diagram = rich_diagram();
    let bytes = to_png(&diagram, "Fraud", export::PNG_SCALE).expect("renders");
    let pixmap = assert_png_of(&bytes, &diagram);
    let (min, max) = diagram.bounds().expect("bounds");
    let width = (max.x - min.x + 2.0 * svg::MARGIN)
        .max(svg::MIN_WIDTH)
        .ceil();
    let height = (max.y - min.y + 2.0 * svg::MARGIN + svg::HEADER_HEIGHT).ceil();
    assert_eq!(pixmap.width(), (width * 2.0) as u32);
    assert_eq!(pixmap.height(), (height * 2.0) as u32);

    // A box's border is drawn in its group colour: look across its left side, above where
    // the arrow from box 1 comes in.
    let node = diagram
        .nodes
        .iter()
        .find(|n| n.id == NodeId(2))
        .expect("node");
    let colour = export::group_colour(node.kind.group());
    let x = ((node.pos.x - min.x + svg::MARGIN) * 2.0).round() as u32;
    let y = ((node.pos.y + 20.0 - min.y + svg::MARGIN + svg::HEADER_HEIGHT) * 2.0) as u32;
    let near = (x.saturating_sub(3)..x + 3).any(|x| {
        pixmap.pixel(x, y).is_some_and(|p| {
            p.red().abs_diff(colour.0) < 24
                && p.green().abs_diff(colour.1) < 24
                && p.blue().abs_diff(colour.2) < 24
        })
    });
    assert!(near, "the box border is drawn in {colour:?} at ({x}, {y})");
}

#[test]
fn an_empty_diagram_exports_a_small_picture() {
    let empty = Diagram::default();
    let bytes = to_png(&empty, "Nothing yet", 2.0).expect("an empty diagram is not an error");
    let pixmap = assert_png_of(&bytes, &empty);
    assert!(pixmap.width() <= 2000 && pixmap.height() <= 1000);
    assert!(to_svg(&empty, "x").contains("empty"));
}

// ---- the command line ----

fn drillboard() -> Command {
    Command::new(env!("CARGO_BIN_EXE_drillboard"))
}

fn saved_session(dir: &Path) -> std::path::PathBuf {
    let scenario = fraud();
    let mut session = Session::start(&scenario, builtin::framework(), 45, EPOCH, Duration::ZERO);
    session.diagram = rich_diagram();
    let path = dir.join("fraud.ron");
    save_session(&session, &path).expect("saves");
    path
}

#[test]
fn cli_exports_all_three_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let session = saved_session(dir.path());
    let diagram = rich_diagram();
    let title = fraud().title;

    let svg_out = dir.path().join("d.svg");
    let png_out = dir.path().join("d.png");
    let mermaid_out = dir.path().join("d.md");
    for (format, out) in [
        (Some("svg"), &svg_out),
        (None, &png_out),
        (Some("mermaid"), &mermaid_out),
    ] {
        let mut command = drillboard();
        command.arg("export").arg(&session).arg("-o").arg(out);
        if let Some(format) = format {
            command.args(["--format", format]);
        }
        let run = command.output().expect("runs");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{stderr}");
        assert!(String::from_utf8_lossy(&run.stdout).contains("exported"));
    }

    let svg_text = std::fs::read_to_string(&svg_out).expect("svg written");
    assert_eq!(
        svg_text,
        to_svg(&diagram, &title),
        "the title is the scenario's"
    );
    assert_png_of(&std::fs::read(&png_out).expect("png written"), &diagram);
    let mermaid = std::fs::read_to_string(&mermaid_out).expect("mermaid written");
    assert_eq!(mermaid, to_mermaid(&diagram));
}

#[test]
fn cli_reports_problems_in_one_line_with_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope.ron");
    let out = dir.path().join("d.svg");
    let run = drillboard()
        .arg("export")
        .arg(&missing)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nope.ron"), "{stderr}");
    assert!(!out.exists());

    let session = saved_session(dir.path());
    let run = drillboard()
        .arg("export")
        .arg(&session)
        .arg("-o")
        .arg(dir.path().join("d.txt"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("--format"), "{stderr}");

    let run = drillboard()
        .arg("export")
        .arg(&session)
        .args(["--format", "svg", "-o"])
        .arg(dir.path().join("no-such-folder").join("d.svg"))
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no-such-folder"), "{stderr}");
}

/// A scored, annotated session as a Markdown report through the CLI: every section, the
/// Mermaid block and the PNG in the report's own folder, leaving a `report.png` the user
/// exported earlier as it was.
#[test]
fn cli_writes_a_markdown_report_with_its_png_in_its_own_folder() {
    use drillboard::model::{
        Coverage, Evidence, InterviewEvent, ItemMark, ScoreSheet, Signal, SignalScore,
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let scenario = fraud();
    let mut session = Session::start(&scenario, builtin::framework(), 45, EPOCH, Duration::ZERO);
    session.diagram = rich_diagram();
    session.drill.phases[0].notes = "10k TPS peak\n```\nfenced | piped\n```".into();
    session.drill.phases[0].elapsed_ms = 5 * 60 * 1000;
    session.drill.log.push(InterviewEvent::Assumed {
        text: "Card-present is out of scope".into(),
        phase: "clarify".into(),
        at_ms: 30_000,
    });
    let item = scenario.rubric[0].clone();
    let node = session.diagram.nodes[0].clone();
    let mut mark = ItemMark::new(&item.id, Coverage::Covered);
    mark.evidence = vec![
        Evidence::Node(node.id),
        Evidence::Quote("10k TPS peak".into()),
    ];
    mark.raised = drillboard::model::verdict::Raised::Prompted;
    session.scores.push(ScoreSheet {
        at: EPOCH,
        by: drillboard::model::Scorer::Candidate,
        model: drillboard::model::verdict::ScoringModel::Competency,
        predicted_band: Some(drillboard::model::scoring::Band::Hire),
        predicted_level: None,
        flags: vec![drillboard::model::verdict::FlagCheck {
            flag: scenario.red_flags[0].clone(),
            outcome: drillboard::model::verdict::FlagOutcome::RecoveredAfterPrompt,
        }],
        items: vec![mark],
        rubric: drillboard::model::verdict::scored_rubric(
            &scenario,
            builtin::framework(),
            session.target,
        ),
        signals: Signal::ALL
            .iter()
            .map(|s| SignalScore {
                signal: *s,
                level: 2,
            })
            .collect(),
        result: None,
    });
    let path = dir.path().join("scored.ron");
    save_session(&session, &path).expect("saves");
    let out = dir.path().join("report.md");
    let earlier_png = dir.path().join("report.png");
    std::fs::write(&earlier_png, b"the user's own picture").expect("writes");
    let run = drillboard()
        .arg("export")
        .arg(&path)
        .args(["--format", "md", "-o"])
        .arg(&out)
        .env("DRILLBOARD_LIBRARY", dir.path().join("library"))
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let md = std::fs::read_to_string(&out).expect("report written");
    for expected in [
        &format!("# {}", scenario.title),
        "## The prompt",
        "| 1. Clarify requirements | 05:00 | 03:00 | +02:00 |",
        "## Notes",
        "````text\n10k TPS peak\n```\nfenced | piped\n```\n````",
        "**Assumed at 00:30:** Card-present is out of scope",
        "## Score",
        "- **Band:",
        // The item's must line (and strong line, when it has one) sits between its title and
        // its weight.
        &format!(
            "| {} | {} | {} |",
            item.title,
            if item.strong.is_empty() {
                item.must.clone()
            } else {
                format!("{} *Strong: {}*", item.must, item.strong)
            }
            .replace('|', "\\|")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
            item.weight
        ),
        "| Covered | After a prompt |",
        "| Fixed after a prompt |",
        "- Scored with: competency model, senior bar",
        &format!(
            "box “{}”; “10k TPS peak”",
            node.label
                .replace('|', "\\|")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        ),
        "| Structured thinking | 2 |",
        "| ML problem framing & metrics | 2 |",
        "![The architecture diagram](report_files/diagram.png)",
        "```mermaid\nflowchart",
    ] {
        assert!(md.contains(expected), "missing {expected:?} in:\n{md}");
    }
    assert_png_of(
        &std::fs::read(dir.path().join("report_files/diagram.png")).expect("the report's png"),
        &session.diagram,
    );
    assert_eq!(
        std::fs::read(&earlier_png).expect("still there"),
        b"the user's own picture",
        "an unrelated PNG with the report's name is left alone"
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("report_files") && stdout.contains("diagram.png"),
        "the CLI says where the picture went: {stdout}"
    );
}

/// A report whose name has spaces links to its picture in angle brackets, so the link stays
/// one link in Markdown; its dates are in the zone it is given (an evening in California
/// stays on its own day).
#[test]
fn a_report_name_with_spaces_links_its_picture_in_angle_brackets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let evening = drillboard::model::Timestamp::parse("2026-11-24T04:30:00Z").expect("parses");
    let mut session = Session::start(&fraud(), builtin::framework(), 45, evening, Duration::ZERO);
    session.diagram = rich_diagram();
    let out = dir.path().join("my report.md");
    // Los Angeles as its POSIX rule: no time zone database needed, not the machine's zone.
    let los_angeles = jiff::tz::TimeZone::posix("PST8PDT,M3.2.0,M11.1.0").expect("valid");
    let context = export::ReportContext {
        scenario: None,
        framework: None,
        rubric_framework: None,
        signals: None,
        png: None,
        zone: Some(&los_angeles),
        log: None,
        speaking: None,
    };
    let written = export::write_export(&session, &context, Format::Markdown, &out).expect("writes");
    let picture = dir.path().join("my report_files/diagram.png");
    assert_eq!(written, vec![out.clone(), picture.clone()]);
    let md = std::fs::read_to_string(&out).expect("report written");
    assert!(
        md.contains("![The architecture diagram](<my report_files/diagram.png>)"),
        "{md}"
    );
    assert!(md.contains("Practice drill of 2026-11-23 20:30"), "{md}");
    assert!(picture.is_file());
}

/// The report puts the candidate's scratchpad before the scenario's worked estimates (inputs
/// quoted or assumed, the arithmetic, the result and what it means), and its rubric table
/// gives each item's must line with the strong line set apart.
#[test]
fn the_report_works_the_estimates_after_the_users_figures_and_splits_must_from_strong() {
    use drillboard::model::capacity::count_text;
    use drillboard::model::verdict::{ScoringModel, scored_rubric};

    let scenario = common::depth_scenario();
    let framework = builtin::framework();
    let mut session = Session::start(&scenario, framework, 45, EPOCH, Duration::ZERO);
    session.drill.scratchpad.daily_active_users = 5_000_000.0;
    session.drill.finish(Duration::ZERO);
    session.scores.push(drillboard::model::ScoreSheet {
        by: drillboard::model::Scorer::Candidate,
        at: EPOCH,
        model: ScoringModel::Competency,
        predicted_band: None,
        predicted_level: None,
        flags: Vec::new(),
        items: Vec::new(),
        signals: Vec::new(),
        rubric: scored_rubric(&scenario, framework, session.target),
        result: None,
    });
    let context = export::ReportContext {
        scenario: Some(&scenario),
        framework: Some(framework),
        ..export::ReportContext::default()
    };
    let md = export::to_markdown(&session, &context);
    let at = |text: &str| {
        md.find(text)
            .unwrap_or_else(|| panic!("the report lacks {text:?}:\n{md}"))
    };
    let section = at("## Back-of-envelope estimates");
    let yours = at("### Your scratchpad");
    let first = at("### How many CPU cores do full page scans need? (Serving and inference)");
    assert!(section < yours && yours < first && first < at("## Score"));
    at("| Daily active users | 5.0M |");
    at(&format!(
        "| **Peak QPS** | **{}** |",
        count_text(session.drill.scratchpad.peak_qps())
    ));
    at("| links per day | 5,000,000 links/day | quoted: “5 million links a day” |");
    at("| seconds per day | 86,400 s/day | assumed |");
    at(
        "ceil(links_per_day ÷ seconds_per_day × core_seconds_per_scan × peak_over_average)\nceil(5,000,000 ÷ 86,400 × 4 × 3) = 695\n",
    );
    at("**Result: 695 CPU cores.** About 700 cores:");
    at("| malicious share | 0.005 of links | quoted: “About 0.5% of new links are malicious” |");
    assert_eq!(
        md.matches("### ").count(),
        1 + scenario.estimates.len() + framework.phases.len(),
        "your scratchpad, each estimate and each phase's notes"
    );

    at("| Phase | Rubric item | What earns it | Weight |");
    for item in &scenario.rubric {
        let lines = if item.strong.is_empty() {
            format!("| {} | {} |", item.title, item.must)
        } else {
            format!(
                "| {} | {} *Strong: {}* |",
                item.title, item.must, item.strong
            )
        };
        at(&lines);
    }

    // No estimates and an untouched scratchpad: no section at all.
    let mut plain = session.clone();
    plain.drill.scratchpad = drillboard::model::Scratchpad::default();
    let md = export::to_markdown(&plain, &export::ReportContext::default());
    assert!(!md.contains("Back-of-envelope"), "{md}");
}

/// With a recorded voice, the report lists speaking time per phase and the longest silence as
/// evidence, after what each phase added; without one it has no such section.
#[test]
fn the_report_lists_speaking_time_per_phase_when_the_drill_was_recorded() {
    use drillboard::model::voice_activity::{PhaseSpeaking, SpeakingTime};

    let scenario = fraud();
    let framework = builtin::framework();
    let session = Session::start(&scenario, framework, 45, EPOCH, Duration::ZERO);
    let speaking = SpeakingTime {
        phases: vec![
            PhaseSpeaking {
                phase: 0,
                recorded_ms: 300_000,
                spoken_ms: 150_000,
                longest_silence_ms: 45_000,
            },
            PhaseSpeaking {
                phase: 2,
                recorded_ms: 460_000,
                spoken_ms: 174_800,
                longest_silence_ms: 130_000,
            },
        ],
        overall: PhaseSpeaking {
            phase: 0,
            recorded_ms: 760_000,
            spoken_ms: 324_800,
            longest_silence_ms: 130_000,
        },
    };
    let context = export::ReportContext {
        scenario: Some(&scenario),
        framework: Some(framework),
        speaking: Some(&speaking),
        ..export::ReportContext::default()
    };
    let md = export::to_markdown(&session, &context);
    let third = &framework.phases[2].name;
    let section = md.find("## Speaking\n").expect("a Speaking section");
    assert!(section > md.find("## What each phase added").expect("growth"));
    let lines = [
        format!(
            "- {}: spoke 50 % of 5:00; longest silence 0:45",
            framework.phases[0].name
        ),
        format!("- {third}: spoke 38 % of 7:40; longest silence 2:10"),
        "- Whole drill: spoke 43 % of 12:40; longest silence 2:10".to_owned(),
    ];
    for line in &lines {
        assert!(md.contains(&format!("{line}\n")), "no {line:?} in:\n{md}");
    }
    assert!(md[section..].contains("never part of the score"));

    let without = export::to_markdown(
        &session,
        &export::ReportContext {
            speaking: None,
            ..context
        },
    );
    assert!(!without.contains("## Speaking"));
}

/// Issue 23: a report of a session with a partner's imported score shows the partner's verdict
/// beside the candidate's, the gap in bands and the items marked differently; the candidate's
/// own score stays the report's score.
#[test]
fn the_report_includes_the_partners_verdict() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/session_v6.ron");
    let session = drillboard::store::load_session(&path).expect("loads");
    let scenario = fraud();
    let frameworks = frameworks();
    let framework = frameworks
        .iter()
        .find(|f| f.id == scenario.framework)
        .expect("its framework");
    let context = export::ReportContext {
        scenario: Some(&scenario),
        framework: Some(framework),
        rubric_framework: Some(framework),
        ..export::ReportContext::default()
    };
    let md = export::to_markdown(&session, &context);
    let own = session
        .latest_self_score()
        .and_then(|s| s.result.as_ref())
        .expect("self-scored")
        .band;
    let theirs = session
        .latest_partner_score()
        .and_then(|s| s.result.as_ref())
        .expect("partner-scored")
        .band;
    let partner_at = md.find("## Partner's score").expect("a partner section");
    assert!(md.find("## Score").is_some_and(|at| at < partner_at));
    let section = &md[partner_at..];
    assert!(section.contains("Scored by Sam"), "{section}");
    assert!(
        section.contains(&format!(
            "**Partner: {}** · You: {} · you rated yourself",
            theirs.label(),
            own.label()
        )),
        "{section}"
    );
    assert!(section.contains("| Rubric item | You | Sam |"), "{section}");
    assert!(section.contains("| Competency | You | Sam |"), "{section}");
    // The report's own score is the candidate's latest, not the partner's.
    let score_section = &md[md.find("## Score").expect("score")..partner_at];
    assert!(
        score_section.contains(&format!("**Band: {}**", own.label())),
        "{score_section}"
    );
}
