//! The partner pack (issue 23): for a partner who plays the interviewer on a call, everything
//! about one scenario that the interviewer needs and the candidate must not see: the clarifying
//! answers, the curveballs, the deep-dive trees, the crux, the core items per level, the rubric
//! with its must and strong lines, the red flags and the worked estimates.
//!
//! The pack is built once as a list of blocks and printed as Markdown or as a self-contained
//! HTML page, so both say the same thing.

use std::fmt::Write as _;

use crate::model::rubric::TargetLevel;
use crate::model::scenario::DiveStep;
use crate::model::{Framework, Scenario};

/// The formats a pack is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PackFormat {
    /// Markdown text.
    Markdown,
    /// One HTML page with its own small stylesheet.
    Html,
}

impl PackFormat {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            PackFormat::Markdown => "md",
            PackFormat::Html => "html",
        }
    }

    /// The format a file extension stands for (`md`, `markdown`, `html`, `htm`), any case.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(PackFormat::Markdown),
            "html" | "htm" => Some(PackFormat::Html),
            _ => None,
        }
    }
}

/// One piece of the pack.
#[derive(Clone, Debug, PartialEq)]
enum Block {
    /// A heading of level 1–3.
    Heading(u8, String),
    /// A paragraph; `**bold**` spans are kept in both formats.
    Para(String),
    /// A note set apart (a warning, the text to read aloud).
    Note(String),
    /// A nested list: (depth, text).
    List(Vec<(usize, String)>),
    /// A table: headers and rows.
    Table(Vec<String>, Vec<Vec<String>>),
}

/// The pack for `scenario` as Markdown.
pub fn to_pack_markdown(scenario: &Scenario, framework: &Framework) -> String {
    render_markdown(&blocks(scenario, framework))
}

/// The pack for `scenario` as an HTML page.
pub fn to_pack_html(scenario: &Scenario, framework: &Framework) -> String {
    render_html(&scenario.title, &blocks(scenario, framework))
}

/// The pack in a format.
pub fn to_pack(scenario: &Scenario, framework: &Framework, format: PackFormat) -> String {
    match format {
        PackFormat::Markdown => to_pack_markdown(scenario, framework),
        PackFormat::Html => to_pack_html(scenario, framework),
    }
}

/// The file name a pack is saved under by default: `<scenario id>.partner-pack.<ext>`.
pub fn default_file_name(scenario: &Scenario, format: PackFormat) -> String {
    format!("{}.partner-pack.{}", scenario.id, format.extension())
}

/// Writes a pack atomically; the format comes from the file's extension (Markdown unless it
/// is `.html`/`.htm`).
pub fn write_pack(
    scenario: &Scenario,
    framework: &Framework,
    output: &std::path::Path,
) -> Result<PackFormat, crate::store::StoreError> {
    let format = output
        .extension()
        .and_then(|e| PackFormat::from_extension(&e.to_string_lossy()))
        .unwrap_or(PackFormat::Markdown);
    let text = to_pack(scenario, framework, format);
    crate::store::atomic::write_atomic(output, text.as_bytes())?;
    Ok(format)
}

/// The pack's content, in reading order.
fn blocks(scenario: &Scenario, framework: &Framework) -> Vec<Block> {
    let phase_name = |id: &str| {
        framework
            .phases
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_owned(), |p| p.name.clone())
    };
    let item_title = |id: &str| {
        scenario
            .rubric
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_owned(), |r| r.title.clone())
    };
    let mut out = vec![
        Block::Heading(1, format!("Partner pack: {}", scenario.title)),
        Block::Note(
            "For the interviewer only: keep this off the shared screen. It holds the answers, \
             the curveballs and the rubric the candidate is scored against."
                .to_owned(),
        ),
        Block::Para(format!(
            "{} · {} · framework: {}",
            scenario.category,
            scenario.difficulty.label(),
            framework.name
        )),
    ];

    out.push(Block::Heading(2, "How to run the round".to_owned()));
    out.push(Block::List(
        [
            "Read the prompt aloud, then let the candidate lead. Answer clarifying questions from \
             the table below; for anything it does not cover, ask them to state an assumption."
                .to_owned(),
            format!(
                "Keep time: {} minutes in {} phases (budgets below). When a phase runs well \
                 over, move them on (\"Let's move on to serving\").",
                framework.budget_minutes(),
                framework.phases.len()
            ),
            "Throw in each curveball during its phase, and in the last phases walk one deep \
             dive two or three levels down, going deeper only once they have answered."
                .to_owned(),
            "Afterwards, open the candidate's session file in your Drillboard with \"Score as \
             partner\" (or `drillboard open FILE --as-partner`), score it and send them the \
             partner-score file it saves."
                .to_owned(),
        ]
        .into_iter()
        .map(|t| (0, t))
        .collect(),
    ));
    out.push(Block::Table(
        vec!["Phase".to_owned(), "Minutes".to_owned(), "Goal".to_owned()],
        framework
            .phases
            .iter()
            .map(|p| vec![p.name.clone(), p.budget_minutes.to_string(), p.goal.clone()])
            .collect(),
    ));

    out.push(Block::Heading(2, "The prompt (read aloud)".to_owned()));
    out.push(Block::Note(scenario.prompt.clone()));
    if !scenario.context.trim().is_empty() {
        out.push(Block::Para(scenario.context.clone()));
    }

    out.push(Block::Heading(2, "Clarifying answers".to_owned()));
    if scenario.questions.is_empty() {
        out.push(Block::Para(
            "This scenario scripts no answers: let the candidate state assumptions.".to_owned(),
        ));
    } else {
        out.push(Block::Table(
            vec![
                "Topic".to_owned(),
                "If they ask".to_owned(),
                "Answer".to_owned(),
            ],
            scenario
                .questions
                .iter()
                .map(|q| {
                    vec![
                        q.topic.label().to_owned(),
                        q.question.clone(),
                        q.answer.clone(),
                    ]
                })
                .collect(),
        ));
    }

    out.push(Block::Heading(2, "Curveballs".to_owned()));
    if scenario.curveballs.is_empty() {
        out.push(Block::Para("This scenario has no curveballs.".to_owned()));
    } else {
        out.push(Block::Table(
            vec![
                "During".to_owned(),
                "Say".to_owned(),
                "It prompts for".to_owned(),
            ],
            scenario
                .curveballs
                .iter()
                .map(|c| {
                    let items: Vec<String> = c.items.iter().map(|i| item_title(i)).collect();
                    vec![
                        phase_name(&c.phase),
                        c.text.clone(),
                        if items.is_empty() {
                            "—".to_owned()
                        } else {
                            items.join("; ")
                        },
                    ]
                })
                .collect(),
        ));
        out.push(Block::Para(
            "An item the candidate raises only after a curveball earns prompted credit.".to_owned(),
        ));
    }

    out.push(Block::Heading(2, "Deep dives".to_owned()));
    if scenario.deep_dives.is_empty() {
        out.push(Block::Para(
            "This scenario has no deep-dive trees.".to_owned(),
        ));
    }
    for dive in &scenario.deep_dives {
        out.push(Block::Heading(
            3,
            format!("{} (from {})", dive.topic, phase_name(&dive.phase)),
        ));
        let mut lines = Vec::new();
        dive_lines(&dive.root, 0, &mut lines);
        out.push(Block::List(lines));
    }

    out.push(Block::Heading(2, "The crux".to_owned()));
    match scenario
        .crux
        .as_deref()
        .and_then(|id| scenario.rubric.iter().find(|r| r.id == id))
    {
        Some(item) => {
            out.push(Block::Para(format!(
                "**{}** ({}): the one insight that separates hire from strong hire.",
                item.title,
                phase_name(&item.phase)
            )));
            out.push(Block::List(vec![
                (0, format!("Must: {}", item.must)),
                (0, format!("Strong: {}", or_dash(&item.strong))),
            ]));
        }
        None => out.push(Block::Para(
            "This scenario names no crux item; every core item weighs as written.".to_owned(),
        )),
    }

    out.push(Block::Heading(2, "Core items per level".to_owned()));
    out.push(Block::Para(
        "Missing a core item for the candidate's level caps the verdict; say which level they are \
         interviewing for before you start."
            .to_owned(),
    ));
    out.push(Block::List(
        TargetLevel::ALL
            .into_iter()
            .map(|level| {
                let items: Vec<String> = scenario
                    .core_items(level)
                    .into_iter()
                    .map(item_title)
                    .collect();
                (0, format!("**{}**: {}", level.label(), items.join("; ")))
            })
            .collect(),
    ));

    out.push(Block::Heading(2, "Rubric".to_owned()));
    out.push(Block::Para(
        "Must is what earns the item; strong is what a strong-hire answer adds. Core: the levels \
         for which the item is core."
            .to_owned(),
    ));
    for phase in &framework.phases {
        let items: Vec<_> = scenario.items_for_phase(&phase.id).collect();
        if items.is_empty() {
            continue;
        }
        out.push(Block::Heading(3, phase.name.clone()));
        out.push(Block::Table(
            vec![
                "Item".to_owned(),
                "Weight".to_owned(),
                "Core".to_owned(),
                "Must".to_owned(),
                "Strong".to_owned(),
            ],
            items
                .iter()
                .map(|item| {
                    let core: Vec<&str> = TargetLevel::ALL
                        .into_iter()
                        .filter(|l| scenario.is_core(&item.id, *l))
                        .map(TargetLevel::label)
                        .collect();
                    let crux = if scenario.crux.as_deref() == Some(item.id.as_str()) {
                        " (crux)"
                    } else {
                        ""
                    };
                    vec![
                        format!("{}{crux}", item.title),
                        item.weight.to_string(),
                        if core.is_empty() {
                            "—".to_owned()
                        } else {
                            core.join(", ")
                        },
                        item.must.clone(),
                        or_dash(&item.strong),
                    ]
                })
                .collect(),
        ));
    }

    out.push(Block::Heading(2, "Red flags".to_owned()));
    if scenario.red_flags.is_empty() {
        out.push(Block::Para("This scenario lists no red flags.".to_owned()));
    } else {
        out.push(Block::Para(
            "Committed and not recovered caps the verdict at Lean no hire; fixed only after a \
             prompt, at Lean hire."
                .to_owned(),
        ));
        out.push(Block::List(
            scenario.red_flags.iter().map(|f| (0, f.clone())).collect(),
        ));
    }

    out.push(Block::Heading(2, "Estimates".to_owned()));
    if scenario.estimates.is_empty() {
        out.push(Block::Para(
            "This scenario has no worked estimates.".to_owned(),
        ));
    }
    for estimate in &scenario.estimates {
        out.push(Block::Heading(
            3,
            format!("{} ({})", estimate.title, phase_name(&estimate.phase)),
        ));
        let mut lines: Vec<(usize, String)> = estimate
            .inputs
            .iter()
            .map(|input| {
                let source = if input.is_assumed() {
                    "assumed".to_owned()
                } else {
                    format!("“{}”", input.quote)
                };
                (
                    0,
                    format!(
                        "{} = {} {} ({source})",
                        input.name,
                        number(input.value),
                        input.unit
                    ),
                )
            })
            .collect();
        lines.push((
            0,
            format!(
                "**{} = {} {}**",
                estimate.formula,
                number(estimate.result),
                estimate.unit
            ),
        ));
        out.push(Block::List(lines));
        out.push(Block::Para(estimate.conclusion.clone()));
    }
    out
}

/// A deep-dive step and the ones under it, as nested list lines.
fn dive_lines(step: &DiveStep, depth: usize, lines: &mut Vec<(usize, String)>) {
    lines.push((depth, format!("**Ask:** {}", step.ask)));
    lines.push((depth + 1, format!("Listen for: {}", step.listen_for)));
    for deeper in &step.deeper {
        dive_lines(deeper, depth + 1, lines);
    }
}

fn or_dash(text: &str) -> String {
    if text.trim().is_empty() {
        "—".to_owned()
    } else {
        text.to_owned()
    }
}

/// A number as a person writes it: no trailing `.0`, at most three decimals.
fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_owned()
}

/// Table cells keep to one line, and a `|` does not end them.
fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn render_markdown(blocks: &[Block]) -> String {
    let mut md = String::new();
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(md, "{} {text}\n", "#".repeat(usize::from(*level)));
            }
            Block::Para(text) => {
                let _ = writeln!(md, "{text}\n");
            }
            Block::Note(text) => {
                for line in text.lines() {
                    let _ = writeln!(md, "> {line}");
                }
                md.push('\n');
            }
            Block::List(lines) => {
                for (depth, text) in lines {
                    let _ = writeln!(md, "{}- {}", "  ".repeat(*depth), text.replace('\n', " "));
                }
                md.push('\n');
            }
            Block::Table(headers, rows) => {
                let _ = writeln!(
                    md,
                    "| {} |",
                    headers
                        .iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(md, "|{}", "---|".repeat(headers.len()));
                for row in rows {
                    let _ = writeln!(
                        md,
                        "| {} |",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
                md.push('\n');
            }
        }
    }
    md
}

/// Escapes text for HTML, then turns `**bold**` and `` `code` `` spans into tags.
fn html_text(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let mut out = String::new();
    for (i, part) in escaped.split("**").enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<strong>{part}</strong>");
        } else {
            for (j, piece) in part.split('`').enumerate() {
                if j % 2 == 1 {
                    let _ = write!(out, "<code>{piece}</code>");
                } else {
                    out.push_str(piece);
                }
            }
        }
    }
    out
}

fn render_html(title: &str, blocks: &[Block]) -> String {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Partner pack: {}</title>\n<style>\n\
         body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; \
         padding: 0 1rem; line-height: 1.45; color: #212121; }}\n\
         table {{ border-collapse: collapse; margin: 0.5rem 0 1rem; }}\n\
         th, td {{ border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; \
         text-align: left; }}\n\
         th {{ background: #f2f2f2; }}\n\
         blockquote {{ border-left: 4px solid #cc7219; margin: 0.5rem 0; padding: 0.3rem \
         0.8rem; background: #fff6ec; }}\n\
         </style>\n</head>\n<body>\n",
        html_text(title)
    );
    for block in blocks {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(html, "<h{level}>{}</h{level}>", html_text(text));
            }
            Block::Para(text) => {
                let _ = writeln!(html, "<p>{}</p>", html_text(text));
            }
            Block::Note(text) => {
                let _ = writeln!(
                    html,
                    "<blockquote>{}</blockquote>",
                    html_text(text).replace('\n', "<br>")
                );
            }
            Block::List(lines) => list_html(&mut html, lines),
            Block::Table(headers, rows) => {
                html.push_str("<table>\n<tr>");
                for header in headers {
                    let _ = write!(html, "<th>{}</th>", html_text(header));
                }
                html.push_str("</tr>\n");
                for row in rows {
                    html.push_str("<tr>");
                    for cell in row {
                        let _ = write!(html, "<td>{}</td>", html_text(cell));
                    }
                    html.push_str("</tr>\n");
                }
                html.push_str("</table>\n");
            }
        }
    }
    html.push_str("</body>\n</html>\n");
    html
}

/// Nested `<ul>`s from (depth, text) lines.
fn list_html(html: &mut String, lines: &[(usize, String)]) {
    let mut open = 0_usize;
    for (depth, text) in lines {
        let depth = depth + 1;
        while open < depth {
            html.push_str("<ul>\n");
            open += 1;
        }
        while open > depth {
            html.push_str("</ul>\n");
            open -= 1;
        }
        let _ = writeln!(html, "<li>{}</li>", html_text(text));
    }
    while open > 0 {
        html.push_str("</ul>\n");
        open -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fraud() -> (Scenario, Framework) {
        let frameworks = crate::store::builtin::frameworks().expect("built-in frameworks");
        let scenario = crate::store::builtin::scenarios(&frameworks)
            .into_iter()
            .filter_map(Result::ok)
            .find(|s| s.id == "fraud_detection")
            .expect("the built-in fraud scenario");
        let framework = frameworks
            .into_iter()
            .find(|f| f.id == scenario.framework)
            .expect("its framework");
        (scenario, framework)
    }

    #[test]
    fn every_section_is_there_with_the_scenarios_own_words() {
        let (scenario, framework) = fraud();
        let md = to_pack_markdown(&scenario, &framework);
        for heading in [
            "# Partner pack: ",
            "## How to run the round",
            "## The prompt (read aloud)",
            "## Clarifying answers",
            "## Curveballs",
            "## Deep dives",
            "## The crux",
            "## Core items per level",
            "## Rubric",
            "## Red flags",
            "## Estimates",
        ] {
            assert!(md.contains(heading), "missing {heading}");
        }
        for q in &scenario.questions {
            assert!(md.contains(&md_cell(&q.answer)), "answer to {}", q.question);
        }
        for c in &scenario.curveballs {
            assert!(md.contains(&md_cell(&c.text)), "curveball {}", c.id);
        }
        for dive in &scenario.deep_dives {
            for step in dive.root.walk() {
                assert!(md.contains(&step.ask), "deep-dive step {}", step.ask);
                assert!(md.contains(&step.listen_for));
            }
        }
        for item in &scenario.rubric {
            assert!(md.contains(&md_cell(&item.must)), "must of {}", item.id);
        }
        for flag in &scenario.red_flags {
            assert!(md.contains(flag.as_str()));
        }
        for estimate in &scenario.estimates {
            assert!(md.contains(&estimate.formula));
        }
        // Nothing the scenario has is replaced by a "none" line.
        assert!(!md.contains("has no"), "{md}");
        assert!(!md.contains("TODO") && !md.contains("{}"));
    }

    #[test]
    fn html_has_the_same_content_escaped() {
        let (mut scenario, framework) = fraud();
        scenario.prompt = "Score <payments> & \"decline\" fast".to_owned();
        let html = to_pack_html(&scenario, &framework);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("Score &lt;payments&gt; &amp; &quot;decline&quot; fast"));
        assert!(!html.contains("<payments>"));
        assert_eq!(html.matches("<ul>").count(), html.matches("</ul>").count());
        assert_eq!(
            html.matches("<table>").count(),
            html.matches("</table>").count()
        );
        for dive in &scenario.deep_dives {
            assert!(html.contains(&html_text(&dive.root.ask)));
        }
    }

    #[test]
    fn a_scenario_without_depth_says_so_instead_of_leaving_holes() {
        let (mut scenario, framework) = fraud();
        scenario.deep_dives.clear();
        scenario.estimates.clear();
        scenario.curveballs.clear();
        let md = to_pack_markdown(&scenario, &framework);
        assert!(md.contains("This scenario has no deep-dive trees."));
        assert!(md.contains("This scenario has no worked estimates."));
        assert!(md.contains("This scenario has no curveballs."));
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number(10_000.0), "10000");
        assert_eq!(number(0.001), "0.001");
        assert_eq!(number(2.5), "2.5");
    }
}
