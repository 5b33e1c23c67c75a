//! A Markdown report of a session: the prompt, the time table, notes per phase, questions and
//! assumptions, follow-ups, the latest self-score, and the diagram as a Mermaid block (GitHub
//! renders it) with a link to an exported PNG.

use std::fmt::Write as _;
use std::time::Duration;

use crate::model::estimate::number_text;
use crate::model::scoring::score;
use crate::model::timeline::{growth_from_log, growth_from_snapshots, word_count};
use crate::model::voice_activity::{SPEAKING_NOTE, SpeakingTime, speaking_lines};
use crate::model::{Framework, InterviewEvent, LogEntry, Scenario, Session, SignalSet};

use super::mermaid::to_mermaid;

/// What the report needs beyond the session file; each part is optional, so a session whose
/// scenario is unknown here still gets a report.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReportContext<'a> {
    /// The scenario the session was a drill of.
    pub scenario: Option<&'a Scenario>,
    /// The session's framework (phase names and budgets).
    pub framework: Option<&'a Framework>,
    /// The scenario's framework today, whose phases its rubric and estimates name; differs
    /// from `framework` only for a session drilled before the scenario moved framework.
    pub rubric_framework: Option<&'a Framework>,
    /// The signal rubric (names and level descriptors).
    pub signals: Option<&'a SignalSet>,
    /// The report's PNG, relative to the report (`report_files/diagram.png`), to link to.
    pub png: Option<&'a str>,
    /// The zone the report's dates are written in (the user's); `None` writes UTC.
    pub zone: Option<&'a jiff::tz::TimeZone>,
    /// The session's edit log (its `.replay`), for what each phase added; without one the
    /// phase snapshots stand in.
    pub log: Option<&'a [LogEntry]>,
    /// Speaking time per phase, measured from the drill's recorded voice, when it has one.
    pub speaking: Option<&'a SpeakingTime>,
}

impl ReportContext<'_> {
    /// "2026-11-23 20:30" in the report's zone.
    fn when(&self, at: crate::model::Timestamp) -> String {
        at.local_short(self.zone.unwrap_or(&jiff::tz::TimeZone::UTC))
    }
}

fn clock(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

fn at(ms: u64) -> String {
    clock(Duration::from_millis(ms))
}

/// Text on one table row: no pipes, line breaks or HTML tags.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\n', '\r'], " ")
}

/// A fence longer than any run of backticks in `text`, so notes cannot close it.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

/// The report as Markdown text.
pub fn to_markdown(session: &Session, context: &ReportContext<'_>) -> String {
    let mut md = String::new();
    let drill = &session.drill;
    // Drill phases are the session framework's; rubric and estimate phases are the
    // scenario's framework's (the same one unless the scenario moved).
    let phase_name = |id: &str| {
        [context.framework, context.rubric_framework]
            .into_iter()
            .flatten()
            .find_map(|f| f.phases.iter().find(|p| p.id == id))
            .map_or_else(|| id.to_owned(), |p| p.name.clone())
    };
    let _ = writeln!(md, "# {}\n", session.scenario_title.trim());
    let status = match drill.status {
        crate::model::DrillStatus::Finished => "finished",
        crate::model::DrillStatus::Running | crate::model::DrillStatus::Paused => "unfinished",
    };
    let _ = writeln!(
        md,
        "Practice drill of {} · {status} · {} used of {} minutes\n",
        context.when(session.created),
        clock(drill.total_elapsed()),
        drill.total_minutes
    );
    if let Some(scenario) = context.scenario {
        let _ = writeln!(md, "## The prompt\n");
        for line in scenario.prompt.lines() {
            let _ = writeln!(md, "> {line}");
        }
        if !scenario.context.trim().is_empty() {
            let _ = writeln!(md, ">\n> {}", scenario.context.trim().replace('\n', "\n> "));
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Time\n");
    let _ = writeln!(md, "| Phase | Used | Budget | Over |\n|---|---:|---:|---:|");
    for (i, record) in drill.phases.iter().enumerate() {
        let (budget, over) = context
            .framework
            .map_or((String::new(), String::new()), |f| {
                let over = drill.phase_overrun(f, i);
                (
                    clock(drill.phase_budget(f, i)),
                    if over.is_zero() {
                        String::new()
                    } else {
                        format!("+{}", clock(over))
                    },
                )
            });
        let _ = writeln!(
            md,
            "| {}. {} | {} | {budget} | {over} |",
            i + 1,
            cell(&phase_name(&record.phase)),
            clock(record.elapsed())
        );
    }
    let overtime = drill.overtime();
    let _ = writeln!(
        md,
        "| **Total** | **{}** | {} | {} |\n",
        clock(drill.total_elapsed()),
        clock(drill.total_budget()),
        if overtime.is_zero() {
            String::new()
        } else {
            format!("+{}", clock(overtime))
        }
    );

    growth_section(&mut md, session, context, &phase_name);
    if let Some(speaking) = context.speaking {
        let _ = writeln!(md, "## Speaking\n\n*{SPEAKING_NOTE}*\n");
        let name = |i: usize| {
            drill
                .phases
                .get(i)
                .map_or_else(|| format!("Phase {}", i + 1), |r| phase_name(&r.phase))
        };
        for line in speaking_lines(speaking, name) {
            let _ = writeln!(md, "- {line}");
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Notes\n");
    for (i, record) in drill.phases.iter().enumerate() {
        let _ = writeln!(md, "### {}. {}\n", i + 1, phase_name(&record.phase));
        if record.notes.trim().is_empty() {
            let _ = writeln!(md, "*No notes.*\n");
        } else {
            let f = fence(&record.notes);
            let _ = writeln!(md, "{f}text\n{}\n{f}\n", record.notes.trim_end());
        }
    }

    let asked: Vec<&InterviewEvent> = drill.log.iter().filter(|e| e.card().is_none()).collect();
    if !asked.is_empty() {
        let _ = writeln!(md, "## Questions and assumptions\n");
        for event in asked {
            match event {
                InterviewEvent::Asked {
                    question,
                    answer,
                    at_ms,
                    ..
                } => {
                    let words = event.words().unwrap_or(question);
                    let _ = writeln!(
                        md,
                        "- **Asked at {}:** {words}  \n  Matched: {question}  \n  *{answer}*",
                        at(*at_ms)
                    );
                }
                InterviewEvent::Assumed { text, at_ms, .. } => {
                    let _ = writeln!(md, "- **Assumed at {}:** {text}", at(*at_ms));
                }
                InterviewEvent::Curveball { .. } | InterviewEvent::Prompt { .. } => {}
            }
        }
        md.push('\n');
    }
    let follow_ups: Vec<&InterviewEvent> =
        drill.log.iter().filter(|e| e.card().is_some()).collect();
    if !follow_ups.is_empty() {
        let _ = writeln!(md, "## Follow-ups\n");
        for event in follow_ups {
            if let Some((text, phase, shown_at_ms, acknowledged_at_ms)) = event.card() {
                let answered = acknowledged_at_ms.map_or_else(
                    || "not answered".to_owned(),
                    |a| format!("answered at {}", at(a)),
                );
                let _ = writeln!(
                    md,
                    "- {text} *({}, shown at {}, {answered})*",
                    phase_name(phase),
                    at(shown_at_ms)
                );
            }
        }
        md.push('\n');
    }

    estimates_section(&mut md, session, context, &phase_name);
    score_section(&mut md, session, context, &phase_name);
    partner_section(&mut md, session, context);

    let _ = writeln!(md, "## Diagram\n");
    if let Some(png) = context.png {
        // Angle brackets keep a link with spaces or parentheses in it one link (CommonMark).
        if png.contains([' ', '(', ')']) {
            let _ = writeln!(md, "![The architecture diagram](<{png}>)\n");
        } else {
            let _ = writeln!(md, "![The architecture diagram]({png})\n");
        }
    }
    if session.diagram.nodes.is_empty() {
        let _ = writeln!(md, "*The diagram is empty.*");
    } else {
        let _ = writeln!(md, "```mermaid\n{}```", to_mermaid(&session.diagram));
    }
    md
}

/// The scenario's worked estimates after the candidate's own figures (the scratchpad), when
/// the scenario has estimates or the scratchpad was used.
fn estimates_section(
    md: &mut String,
    session: &Session,
    context: &ReportContext<'_>,
    phase_name: &dyn Fn(&str) -> String,
) {
    let estimates = context.scenario.map_or(&[][..], |s| s.estimates.as_slice());
    let pad = &session.drill.scratchpad;
    if estimates.is_empty() && pad.is_untouched() {
        return;
    }
    let _ = writeln!(md, "## Back-of-envelope estimates\n");
    let _ = writeln!(md, "### Your scratchpad\n");
    if pad.is_untouched() {
        let _ = writeln!(md, "*Left at its starting values.*\n");
    } else {
        let _ = writeln!(md, "| Figure | Value |\n|---|---:|");
        for figure in pad.input_figures() {
            let _ = writeln!(md, "| {} | {} |", cell(&figure.name), cell(&figure.value));
        }
        for figure in pad.result_figures() {
            let _ = writeln!(
                md,
                "| **{}** | **{}** |",
                cell(&figure.name),
                cell(&figure.value)
            );
        }
        md.push('\n');
    }
    for estimate in estimates {
        let _ = writeln!(
            md,
            "### {} ({})\n",
            estimate.title.trim(),
            phase_name(&estimate.phase)
        );
        let _ = writeln!(md, "| Input | Value | From |\n|---|---:|---|");
        for input in &estimate.inputs {
            let from = if input.is_assumed() {
                "assumed".to_owned()
            } else {
                format!("quoted: “{}”", input.quote)
            };
            let _ = writeln!(
                md,
                "| {} | {} {} | {} |",
                cell(&input.name.replace('_', " ")),
                number_text(input.value),
                cell(&input.unit),
                cell(&from)
            );
        }
        let worked = estimate.compute().map_or_else(
            |_| estimate.worked(),
            |value| format!("{} = {}", estimate.worked(), number_text(value)),
        );
        let f = fence(&format!("{}\n{worked}", estimate.formula_text()));
        let _ = writeln!(
            md,
            "\n{f}text\n{}\n{worked}\n{f}\n\n**Result: {} {}.** {}\n",
            estimate.formula_text(),
            number_text(estimate.result),
            estimate.unit.trim(),
            estimate.conclusion.trim()
        );
    }
}

/// One line per phase of what it added: "Data pipeline: +4 boxes, +3 arrows, 212 words of
/// notes", from the edit log, or from the phase snapshots for a drill recorded without one.
fn growth_section(
    md: &mut String,
    session: &Session,
    context: &ReportContext<'_>,
    phase_name: &dyn Fn(&str) -> String,
) {
    let drill = &session.drill;
    let growth = context.log.map_or_else(
        || growth_from_snapshots(session),
        |log| growth_from_log(log, drill.phases.len()),
    );
    let _ = writeln!(md, "## What each phase added\n");
    let _ = writeln!(
        md,
        "{}\n",
        if context.log.is_some() {
            "Boxes and arrows drawn while in each phase, from the drill's replay log."
        } else {
            "Boxes and arrows new at each phase's end (this drill has no replay log)."
        }
    );
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    for (record, grown) in drill.phases.iter().zip(growth) {
        let words = word_count(&record.notes);
        if record.elapsed_ms == 0 && words == 0 && grown.boxes == 0 && grown.arrows == 0 {
            continue;
        }
        let _ = writeln!(
            md,
            "- {}: +{}, +{}, {} of notes",
            phase_name(&record.phase),
            plural(grown.boxes, "box", "boxes"),
            plural(grown.arrows, "arrow", "arrows"),
            plural(words, "word", "words")
        );
    }
    md.push('\n');
}

/// The latest score sheet: result line, rubric table and signals.
fn score_section(
    md: &mut String,
    session: &Session,
    context: &ReportContext<'_>,
    phase_name: &dyn Fn(&str) -> String,
) {
    let Some(sheet) = session.latest_self_score() else {
        let _ = writeln!(md, "## Score\n\n*Not scored yet.*\n");
        return;
    };
    let revisions = session.self_scores().count();
    let _ = writeln!(
        md,
        "## Score\n\nScored {}{}.\n",
        context.when(sheet.at),
        if revisions > 1 {
            format!(" (revision {revisions})")
        } else {
            String::new()
        }
    );
    let result = sheet
        .result
        .clone()
        .or_else(|| score(sheet, context.framework?, &session.drill, session.target));
    if let Some(result) = &result {
        let _ = writeln!(md, "- **Band: {}**", result.band.label());
        for (label, value) in result.facts() {
            let _ = writeln!(md, "- {label}: {value}");
        }
        md.push('\n');
    }
    if !sheet.flags.is_empty() {
        let _ = writeln!(md, "| Red flag | Outcome |\n|---|---|");
        for flag in &sheet.flags {
            let _ = writeln!(md, "| {} | {} |", cell(&flag.flag), flag.outcome.label());
        }
        md.push('\n');
    }
    // The rubric the revision was marked against; older revisions did not keep it, so the
    // scenario's current rubric stands in.
    let rubric: Vec<crate::model::verdict::ScoredItem> = if sheet.rubric.is_empty() {
        match (
            context.scenario,
            context.rubric_framework.or(context.framework),
        ) {
            (Some(scenario), Some(framework)) => {
                crate::model::verdict::scored_rubric(scenario, framework, session.target)
            }
            _ => Vec::new(),
        }
    } else {
        sheet.rubric.clone()
    };
    if !rubric.is_empty() {
        let _ = writeln!(
            md,
            "| Phase | Rubric item | What earns it | Weight | Core | Mark | Raised | Evidence |\n|---|---|---|---:|---|---|---|---|"
        );
        for item in &rubric {
            let mark = sheet.items.iter().find(|m| m.item == item.id);
            let evidence: Vec<String> = mark
                .map(|m| {
                    m.evidence
                        .iter()
                        .map(|e| match e {
                            crate::model::Evidence::Node(id) => {
                                session.diagram.node(*id).map_or_else(
                                    || format!("box {}", id.0),
                                    |n| format!("box “{}”", n.label),
                                )
                            }
                            crate::model::Evidence::Quote(q) => format!("“{q}”"),
                        })
                        .collect()
                })
                .unwrap_or_default();
            let core = match (item.crux, item.core) {
                (true, _) => "crux",
                (false, true) => "core",
                (false, false) => "",
            };
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                cell(&phase_name(&item.phase)),
                cell(&item.title),
                cell(&rubric_lines(context.scenario, &item.id)),
                item.weight,
                core,
                mark.map_or("unmarked", |m| m.coverage.label()),
                mark.map_or("", |m| m.raised.label()),
                cell(&evidence.join("; "))
            );
        }
        md.push('\n');
    }
    if !sheet.signals.is_empty() {
        let _ = writeln!(
            md,
            "| Competency | Rating | What that rating looks like |\n|---|---:|---|"
        );
        for s in &sheet.signals {
            let rubric = context
                .signals
                .and_then(|set| set.signals.iter().find(|r| r.signal == s.signal));
            let name = rubric.map_or_else(|| format!("{:?}", s.signal), |r| r.name.clone());
            let descriptor = rubric
                .and_then(|r| r.levels.get(usize::from(s.level).saturating_sub(1)))
                .map_or("", String::as_str);
            let _ = writeln!(
                md,
                "| {} | {} | {} |",
                cell(&name),
                s.level,
                cell(descriptor)
            );
        }
        md.push('\n');
    }
}

/// A partner's imported score (issue 23): their verdict beside the candidate's, the gap in
/// bands, and the items and ratings they judged differently.
fn partner_section(md: &mut String, session: &Session, context: &ReportContext<'_>) {
    let Some(partner) = session.latest_partner_score() else {
        return;
    };
    let name = partner.by.partner_name().unwrap_or("Partner");
    let _ = writeln!(
        md,
        "## Partner's score\n\nScored by {name}, who played the interviewer, {}.\n",
        context.when(partner.at)
    );
    let theirs = partner.result.as_ref().map(|r| r.band);
    let own = session
        .latest_self_score()
        .and_then(|s| s.result.as_ref())
        .map(|r| r.band);
    match (theirs, own) {
        (Some(theirs), Some(own)) => {
            let _ = writeln!(
                md,
                "- **Partner: {}** · You: {} · {}\n",
                theirs.label(),
                own.label(),
                crate::model::calibration::self_rating_gap_text(crate::model::verdict::band_gap(
                    own, theirs
                ))
            );
        }
        (Some(theirs), None) => {
            let _ = writeln!(
                md,
                "- **Partner: {}** · not self-scored yet\n",
                theirs.label()
            );
        }
        _ => {}
    }
    if let (Some(scenario), Some(yours)) = (context.scenario, session.latest_self_score()) {
        let rows = crate::model::calibration::compare_sheets(scenario, yours, partner);
        let differing: Vec<_> = rows.iter().filter(|(_, d)| *d).map(|(g, _)| g).collect();
        if !differing.is_empty() {
            let _ = writeln!(md, "| Rubric item | You | {} |\n|---|---|---|", cell(name));
            for gap in differing {
                let title = scenario
                    .rubric
                    .iter()
                    .find(|r| r.id == gap.item)
                    .map_or(gap.item.as_str(), |r| r.title.as_str());
                let mark = |c: crate::model::Coverage, r: crate::model::verdict::Raised| {
                    if c == crate::model::Coverage::Missed {
                        c.label().to_owned()
                    } else {
                        format!("{}, {}", c.label(), r.label().to_lowercase())
                    }
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} |",
                    cell(title),
                    mark(gap.yours, gap.yours_raised),
                    mark(gap.official, gap.official_raised)
                );
            }
            md.push('\n');
        }
    }
    if !partner.signals.is_empty() {
        let _ = writeln!(md, "| Competency | You | {} |\n|---|---:|---:|", cell(name));
        for s in &partner.signals {
            let rubric_name = context
                .signals
                .and_then(|set| set.signals.iter().find(|r| r.signal == s.signal))
                .map_or_else(|| format!("{:?}", s.signal), |r| r.name.clone());
            let own = session
                .latest_self_score()
                .and_then(|y| y.signals.iter().find(|x| x.signal == s.signal))
                .map_or_else(|| "—".to_owned(), |x| x.level.to_string());
            let _ = writeln!(md, "| {} | {own} | {} |", cell(&rubric_name), s.level);
        }
        md.push('\n');
    }
}

/// An item's must line, and its strong line set apart in italics, from the scenario (empty
/// when the scenario is not known here or no longer has the item).
fn rubric_lines(scenario: Option<&Scenario>, id: &str) -> String {
    let Some(item) = scenario.and_then(|s| s.rubric.iter().find(|i| i.id == id)) else {
        return String::new();
    };
    let must = item.must.trim();
    let strong = item.strong.trim();
    if strong.is_empty() {
        must.to_owned()
    } else {
        format!("{must} *Strong: {strong}*")
    }
}
