//! The review screen's view state, owned by the app: which tab shows, the replay position, the
//! two canvases' pan and zoom and what the Reference tab shows (which diagrams, and the level
//! of the model answer). Nothing here draws, and nothing from the
//! review's views or the app is imported, so the app holds a `ReviewView` without depending on
//! them.

use std::sync::Arc;
use std::time::Duration;

use crate::audio::playback::Player;
use crate::model::Evidence;
use crate::model::TargetLevel;
use crate::model::edit_log::LogEntry;
use crate::model::replay::{Replay, ReplayState};
use crate::model::timeline::Timeline;
use crate::model::voice::VoiceTrack;
use crate::model::voice_activity::{SpeakingTime, SpeechSegment};
use crate::model::voice_playback::AudioSync;
use crate::ui::canvas::CanvasState;

/// The review screen's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReviewTab {
    /// Timeline, notes, questions, follow-ups and the score.
    #[default]
    Overview,
    /// The drill replayed second by second (or, without a log, the diagram at each phase's
    /// end).
    Replay,
    /// The scenario's reference beside the user's diagram.
    Reference,
    /// The scenario's worked estimates beside the user's own figures.
    Estimates,
    /// Self-scoring.
    Score,
}

impl ReviewTab {
    /// Every tab, in the order the tab bar shows them.
    pub(super) const ALL: [ReviewTab; 5] = [
        ReviewTab::Overview,
        ReviewTab::Replay,
        ReviewTab::Reference,
        ReviewTab::Estimates,
        ReviewTab::Score,
    ];

    /// The tab's name in the tab bar.
    pub(super) fn label(self) -> &'static str {
        match self {
            ReviewTab::Overview => "Overview",
            ReviewTab::Replay => "Replay",
            ReviewTab::Reference => "Reference",
            ReviewTab::Estimates => "Estimates",
            ReviewTab::Score => "Score",
        }
    }
}

/// Which diagrams the Reference tab shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReferenceLayout {
    /// The user's diagram above the reference, each half the height.
    #[default]
    Both,
    /// The reference alone, at full height.
    Reference,
    /// The user's diagram alone, at full height.
    Yours,
}

/// View state of the review screen.
#[derive(Debug)]
pub struct ReviewView {
    /// The tab showing.
    pub tab: ReviewTab,
    /// Without an edit log, which diagram the Replay tab shows: a snapshot index, or the
    /// final diagram (`None`).
    pub replay: Option<usize>,
    /// The drill's edit log, loaded for replay; `None` falls back to the phase snapshots.
    pub player: Option<ReplayPlayer>,
    /// Why there is no player, when there is none: a drill recorded before edit logs, or a log
    /// that could not be read.
    pub no_replay: Option<String>,
    /// Pan and zoom of the user's diagram.
    pub canvas: CanvasState,
    /// Pan and zoom of the reference diagram.
    pub reference_canvas: CanvasState,
    /// Which diagrams the Reference tab shows.
    pub reference_layout: ReferenceLayout,
    /// The level whose model answer the Reference tab shows; `None` until the user picks
    /// one, meaning the session's target level.
    pub answer_level: Option<TargetLevel>,
    /// The voice recorded with the drill, once read and measured.
    pub voice: Option<VoiceReview>,
    /// Why the voice could not be read, when it could not.
    pub voice_error: Option<String>,
}

impl Default for ReviewView {
    fn default() -> Self {
        let fitted = CanvasState::fitted;
        Self {
            tab: ReviewTab::Overview,
            replay: None,
            player: None,
            no_replay: None,
            canvas: fitted(),
            reference_canvas: fitted(),
            reference_layout: ReferenceLayout::Both,
            answer_level: None,
            voice: None,
            voice_error: None,
        }
    }
}

/// How fast Play runs through the drill, as a multiple of real time.
pub const SPEEDS: [u32; 4] = [1, 4, 16, 64];

/// The review's replay of a drill's edit log: the log with its seek checkpoints, the timeline
/// drawn above it, and the playhead with the state at it.
#[derive(Debug)]
pub struct ReplayPlayer {
    /// The log and its checkpoints.
    pub replay: Replay,
    /// Phase bands, marks and activity.
    pub timeline: Timeline,
    /// Each phase's budget in this drill, in milliseconds.
    pub budgets_ms: Vec<u64>,
    /// The drill time under the playhead.
    pub at_ms: u64,
    /// Everything as it stood at `at_ms`.
    pub state: ReplayState,
    /// While playing: the drill time and the monotonic time Play started from.
    pub playing: Option<(u64, Duration)>,
    /// The play speed, one of `SPEEDS`.
    pub speed: u32,
    /// When each piece of evidence asked about first appeared, found once: the Score tab asks
    /// every frame, and finding a quote replays every notes entry.
    first_seen: std::cell::RefCell<Vec<(Evidence, Option<u64>)>>,
}

impl ReplayPlayer {
    /// A player over a drill's log of `phase_count` phases lasting `end_ms`, with each
    /// phase's budget; the playhead starts at the end, on the diagram as it was left.
    pub fn new(
        entries: Vec<LogEntry>,
        phase_count: usize,
        end_ms: u64,
        budgets_ms: &[u64],
    ) -> Self {
        let timeline = Timeline::of(&entries, end_ms, budgets_ms);
        let replay = Replay::new(entries, phase_count);
        let state = replay.state_at(timeline.end_ms);
        Self {
            at_ms: timeline.end_ms,
            replay,
            timeline,
            budgets_ms: budgets_ms.to_vec(),
            state,
            playing: None,
            speed: SPEEDS[1],
            first_seen: std::cell::RefCell::default(),
        }
    }

    /// The drill's length.
    pub fn end_ms(&self) -> u64 {
        self.timeline.end_ms
    }

    /// Moves the playhead to drill time `at_ms` (within the drill); playing goes on from there.
    pub fn seek(&mut self, at_ms: u64, now: Duration) {
        self.move_to(at_ms);
        if self.playing.is_some() {
            self.playing = Some((self.at_ms, now));
        }
    }

    /// Puts the playhead at `at_ms` and the state with it.
    fn move_to(&mut self, at_ms: u64) {
        self.at_ms = at_ms.min(self.end_ms());
        let count = self.replay.count_at(self.at_ms);
        self.replay.seek(&mut self.state, count);
    }

    /// Moves the playhead to the first moment after `count` entries had happened (an evidence
    /// jump); stops playing.
    pub fn seek_to_count(&mut self, count: usize, now: Duration) {
        self.playing = None;
        let at = count
            .checked_sub(1)
            .and_then(|i| self.replay.entries().get(i))
            .map_or(0, |e| e.at_ms);
        self.seek(at, now);
    }

    /// How many log entries it took for a piece of evidence to appear: the box drawn, or the
    /// quoted line typed into some phase's notes.
    fn first_count(&self, evidence: &Evidence) -> Option<usize> {
        match evidence {
            Evidence::Node(id) => self.replay.first_with_node(*id),
            Evidence::Quote(quote) => self.replay.first_with_quote(quote),
        }
    }

    /// The drill time a piece of evidence first appeared at, if the log shows it.
    pub fn first_seen(&self, evidence: &Evidence) -> Option<u64> {
        if let Some((_, at)) = self.first_seen.borrow().iter().find(|(e, _)| e == evidence) {
            return *at;
        }
        let at = self
            .first_count(evidence)
            .and_then(|count| self.replay.entries().get(count - 1))
            .map(|e| e.at_ms);
        self.first_seen.borrow_mut().push((evidence.clone(), at));
        at
    }

    /// Moves the playhead to the moment a piece of evidence first appeared ("when did I first
    /// mention the feature store?"); false when the log never shows it.
    pub fn jump_to(&mut self, evidence: &Evidence, now: Duration) -> bool {
        let Some(count) = self.first_count(evidence) else {
            return false;
        };
        self.seek_to_count(count, now);
        true
    }

    /// Steps to the next moment something changed.
    pub fn step_forward(&mut self, now: Duration) {
        let next = self.replay.entries().get(self.replay.count_at(self.at_ms));
        let at = next.map_or(self.end_ms(), |e| e.at_ms);
        self.seek(at, now);
    }

    /// Steps back to the moment before, when something changed (or the start).
    pub fn step_back(&mut self, now: Duration) {
        let entries = self.replay.entries();
        let before = entries.partition_point(|e| e.at_ms < self.at_ms);
        let at = before
            .checked_sub(1)
            .and_then(|i| entries.get(i))
            .map_or(0, |e| e.at_ms);
        self.seek(at, now);
    }

    /// Starts or stops playing; from the end, Play starts again from the beginning.
    pub fn toggle_play(&mut self, now: Duration) {
        if self.playing.take().is_some() {
            return;
        }
        if self.at_ms >= self.end_ms() {
            self.seek(0, now);
        }
        self.playing = Some((self.at_ms, now));
    }

    /// Moves a playing playhead on to monotonic time `now`; stops at the end.
    pub fn advance(&mut self, now: Duration) {
        let Some((from_ms, since)) = self.playing else {
            return;
        };
        let played = now.saturating_sub(since).as_millis() as u64 * u64::from(self.speed);
        let at = from_ms.saturating_add(played);
        self.move_to(at);
        if at >= self.end_ms() {
            self.playing = None;
        }
    }

    /// Sets the speed, keeping the playhead where it is.
    pub fn set_speed(&mut self, speed: u32, now: Duration) {
        self.speed = speed;
        if self.playing.is_some() {
            self.playing = Some((self.at_ms, now));
        }
    }
}

/// The voice recorded with a drill, measured, with its playback: what the Overview, the
/// timeline and the replay's audio read.
pub struct VoiceReview {
    /// The decoded track.
    pub track: Arc<VoiceTrack>,
    /// When the candidate was speaking.
    pub segments: Vec<SpeechSegment>,
    /// Speaking time and the longest silence, per phase and overall.
    pub speaking: SpeakingTime,
    /// The playback volume, 0 to 1.
    pub volume: f32,
    /// The user muted the voice.
    pub muted: bool,
    /// What the audio output has been told, following the replay.
    pub sync: AudioSync,
    /// The audio output, opened the first time the replay plays at 1×.
    pub output: Option<Box<dyn Player>>,
    /// Why there is no sound (no audio server), once the output says so.
    pub problem: Option<String>,
}

impl VoiceReview {
    /// A measured track, not playing, at full volume.
    pub fn new(
        track: Arc<VoiceTrack>,
        segments: Vec<SpeechSegment>,
        speaking: SpeakingTime,
    ) -> Self {
        Self {
            track,
            segments,
            speaking,
            volume: 1.0,
            muted: false,
            sync: AudioSync::default(),
            output: None,
            problem: None,
        }
    }
}

impl std::fmt::Debug for VoiceReview {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceReview")
            .field("recorded_ms", &self.track.recorded_ms())
            .field("segments", &self.segments.len())
            .field("speaking", &self.speaking)
            .field("volume", &self.volume)
            .field("muted", &self.muted)
            .field("sync", &self.sync)
            .field("output", &self.output.is_some())
            .field("problem", &self.problem)
            .finish()
    }
}
