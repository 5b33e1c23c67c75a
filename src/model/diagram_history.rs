//! The diagram as it stood at any drill time, for exports: replayed from the edit log, or, for
//! sessions recorded before logs, the diagram at the end of the last phase that had ended.

use super::diagram::Diagram;
use super::edit_log::LogEntry;
use super::replay::Replay;
use super::session::Session;

/// Where past diagrams of one session come from.
#[derive(Debug)]
pub enum DiagramHistory {
    /// The edit log, with the diagram as saved for the end.
    Log {
        /// The replay of the log.
        replay: Replay,
        /// The diagram as saved.
        last: Diagram,
        /// The drill's length.
        end_ms: u64,
    },
    /// The diagram at each phase's end (drill time, diagram), and as saved.
    Snapshots {
        /// Snapshots in time order.
        ends: Vec<(u64, Diagram)>,
        /// The diagram as saved.
        last: Diagram,
        /// The drill's length.
        end_ms: u64,
    },
}

impl DiagramHistory {
    /// The history of a session: from its log when it has one.
    pub fn of(session: &Session, log: Option<Vec<LogEntry>>) -> Self {
        let last = session.diagram.clone();
        let end_ms = session.drill.now_ms();
        match log {
            Some(entries) => Self::Log {
                replay: Replay::new(entries, session.drill.phases.len()),
                last,
                end_ms,
            },
            None => Self::Snapshots {
                ends: session
                    .snapshots
                    .iter()
                    .map(|s| (s.at_ms, s.diagram.clone()))
                    .collect(),
                last,
                end_ms,
            },
        }
    }

    /// Whether the diagrams come from an edit log (rather than phase snapshots).
    pub fn is_from_log(&self) -> bool {
        matches!(self, Self::Log { .. })
    }

    /// The drill's length: the last moment there is to show.
    pub fn end_ms(&self) -> u64 {
        match self {
            Self::Log { replay, end_ms, .. } => (*end_ms).max(replay.end_ms()),
            Self::Snapshots { end_ms, .. } => *end_ms,
        }
    }

    /// The diagram at drill time `at_ms`; at or past the end, the diagram as saved. Without
    /// a log, the diagram at the end of the last phase that had ended by then (empty before
    /// the first phase ended).
    pub fn at(&self, at_ms: u64) -> Diagram {
        if at_ms >= self.end_ms() {
            return match self {
                Self::Log { last, .. } | Self::Snapshots { last, .. } => last.clone(),
            };
        }
        match self {
            Self::Log { replay, .. } => replay.state_at(at_ms).diagram,
            Self::Snapshots { ends, .. } => ends
                .iter()
                .rev()
                .find(|(ended, _)| *ended <= at_ms)
                .map(|(_, diagram)| diagram.clone())
                .unwrap_or_default(),
        }
    }
}

/// Reads a drill time written `MM:SS` (minutes may pass 59: `75:30`) as milliseconds.
pub fn parse_drill_time(text: &str) -> Result<u64, String> {
    let bad =
        || format!("`{text}` is not a drill time; write minutes and seconds as MM:SS, e.g. 05:00");
    let (minutes, seconds) = text.trim().split_once(':').ok_or_else(bad)?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(minutes) || seconds.len() != 2 || !all_digits(seconds) {
        return Err(bad());
    }
    let minutes: u64 = minutes.parse().map_err(|_| bad())?;
    let seconds: u64 = seconds.parse().map_err(|_| bad())?;
    if seconds >= 60 || minutes > 24 * 60 {
        return Err(bad());
    }
    Ok((minutes * 60 + seconds) * 1_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagram::{DiagramNode, NodeId, NodeKind, Point};
    use crate::model::session::DiagramSnapshot;

    #[test]
    fn drill_times_read_as_minutes_and_seconds() {
        assert_eq!(parse_drill_time("05:00"), Ok(300_000));
        assert_eq!(parse_drill_time("5:07"), Ok(307_000));
        assert_eq!(parse_drill_time("75:30"), Ok(4_530_000));
        for bad in ["5", "05:60", "-1:00", "05:0", "a:00", "05:00:00", "", ":30"] {
            assert!(parse_drill_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn without_a_log_the_last_phase_end_stands_in() {
        let framework = crate::store::builtin::framework();
        let scenario = crate::store::builtin::scenarios(std::slice::from_ref(framework))
            .into_iter()
            .flatten()
            .next()
            .expect("a built-in scenario");
        let mut session = Session::start(
            &scenario,
            framework,
            45,
            crate::model::Timestamp(0),
            std::time::Duration::ZERO,
        );
        let node = DiagramNode {
            id: NodeId(1),
            kind: NodeKind::Service,
            label: "a".to_owned(),
            pos: Point { x: 0.0, y: 0.0 },
            size: DiagramNode::DEFAULT_SIZE,
        };
        let one = Diagram {
            nodes: vec![node],
            ..Diagram::default()
        };
        session.snapshots = vec![DiagramSnapshot {
            phase: "clarify".to_owned(),
            at_ms: 60_000,
            diagram: one.clone(),
        }];
        session.drill.phases[0].elapsed_ms = 120_000;
        let history = DiagramHistory::of(&session, None);
        assert!(!history.is_from_log());
        assert!(history.at(30_000).nodes.is_empty());
        assert_eq!(history.at(90_000), one);
        assert_eq!(history.at(500_000), session.diagram);
    }
}
