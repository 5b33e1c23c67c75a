//! The domain model: pure data and rules, no UI and no files.

pub mod ask;
pub mod attach;
pub mod calibration;
pub mod capacity;
pub mod clock;
pub mod crossing;
pub mod diagram;
pub mod diagram_history;
pub mod diagram_ops;
pub mod drill;
pub mod edit_log;
pub mod estimate;
pub mod framework;
pub mod grid;
pub mod interviewer;
pub mod layout;
pub mod limits;
pub mod progress;
pub mod recording;
pub mod replay;
pub mod replay_sample;
pub mod routing;
pub mod rubric;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod snapshot_chain;
pub mod spatial;
pub mod timeline;
pub mod verdict;
pub mod voice;
pub mod voice_activity;
pub mod voice_clock;
pub mod voice_playback;

pub use capacity::Scratchpad;
pub use clock::{Clock, FakeClock, SystemClock, Timestamp};
pub use diagram::{
    Diagram, DiagramEdge, DiagramNode, EdgeId, EdgeKind, KindGroup, NodeId, NodeKind, Point, Rect,
    Size, Zone, ZoneId,
};
pub use diagram_ops::{CommandError, DiagramCommand, Fragment, History, Placed, Selection};
pub use drill::Pace;
pub use edit_log::{EditEvent, EditLog, LogEntry, TextEdit};
pub use framework::{DrillPlan, Framework, Phase};
pub use replay::{Replay, ReplayState};
pub use rubric::{Signal, SignalRubric, SignalSet, TargetLevel};
pub use scenario::{Difficulty, Scenario};
pub use session::{
    Coverage, DiagramSnapshot, DrillState, DrillStatus, Evidence, InterviewEvent, ItemMark,
    PhaseRecord, SCHEMA_VERSION, ScoreSheet, Scorer, Session, SignalScore,
};
