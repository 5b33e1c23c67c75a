//! The voice recorder: a thread that reads the microphone, places the samples on the drill
//! clock (`model::voice_clock`) and writes them to the session's `.voice` file
//! (`store::voice_file`), so the UI thread never waits on the microphone or the disk.
//!
//! The UI tells it when the drill clock stops and starts (`pause`, `resume`, with the drill
//! time), and `stop` ends it after the last samples are written. A failure (no microphone, the
//! device unplugged, the server gone, the disk full) ends recording only: it arrives as one
//! `RecorderEvent::Failed`, what was written stays on disk, and the drill goes on.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{AudioError, Capture, Interrupt, Recorder, peak_level};
use crate::model::clock::Clock;
use crate::model::voice::SAMPLE_RATE;
use crate::model::voice_clock::VoiceClock;
use crate::store::voice_file::VoiceWriter;

/// What the UI tells the recorder thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Control {
    /// The drill clock stopped: end the span.
    Pause,
    /// The drill clock started again at this drill time, at this monotonic instant: start a
    /// span.
    Resume(u64, Duration),
    /// Write what is left and end.
    Stop,
}

/// What the recorder thread tells the UI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecorderEvent {
    /// Recording ended early; the drill goes on.
    Failed(AudioError),
    /// Recording ended as asked, everything written; the file's size.
    Stopped(u64),
}

/// Places samples on the drill clock and writes them: the recorder thread's work, apart from
/// the thread so tests drive it with a fake clock.
#[derive(Debug)]
pub struct VoicePipeline {
    writer: VoiceWriter,
    span: Option<VoiceClock>,
    silence: Vec<i16>,
}

impl VoicePipeline {
    /// Opens (or goes on with) the recording at `path`.
    pub fn open(path: &Path) -> Result<Self, AudioError> {
        let writer = VoiceWriter::open(path).map_err(|e| AudioError::Write(e.to_string()))?;
        Ok(Self {
            writer,
            span: None,
            silence: Vec::new(),
        })
    }

    /// Starts a span at drill time `drill_ms`, which the monotonic clock reads as `now`.
    pub fn resume(&mut self, drill_ms: u64, now: Duration) -> Result<(), AudioError> {
        self.writer.begin_span(drill_ms).map_err(write_error)?;
        self.span = Some(VoiceClock::start(drill_ms, now, SAMPLE_RATE));
        Ok(())
    }

    /// Ends the span, writing its last samples.
    pub fn pause(&mut self) -> Result<(), AudioError> {
        self.span = None;
        self.writer.end_span().map_err(write_error)
    }

    /// Whether a span is open.
    pub fn is_recording(&self) -> bool {
        self.span.is_some()
    }

    /// Places a batch that arrived at `now` (dropped while paused) and writes whatever whole
    /// chunks are ready.
    pub fn push(&mut self, samples: &[i16], now: Duration) -> Result<(), AudioError> {
        let Some(span) = self.span.as_mut() else {
            return Ok(());
        };
        let placement = span.place(samples.len(), now);
        if placement.silence_before > 0 {
            self.silence.clear();
            self.silence.resize(placement.silence_before, 0);
            self.writer.push(&self.silence).map_err(write_error)?;
        }
        self.writer
            .push(&samples[placement.skip..])
            .map_err(write_error)
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.writer.len()
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(write_error)`
fn write_error(err: crate::store::StoreError) -> AudioError {
    AudioError::Write(err.to_string())
}

/// The running recorder, owned by the UI.
pub struct VoiceRecorder {
    control: Sender<Control>,
    events: Receiver<RecorderEvent>,
    interrupt: Interrupt,
    stopping: Arc<AtomicBool>,
    level: Arc<AtomicU32>,
    thread: Option<JoinHandle<()>>,
    path: PathBuf,
}

impl std::fmt::Debug for VoiceRecorder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceRecorder")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl VoiceRecorder {
    /// Opens `device` and starts the thread writing to `path`. When `running`, the first span
    /// starts at drill time `drill_ms`, which `clock` read as `at`; otherwise at the first
    /// `resume`. The microphone is opened here, so a missing server or device is an error at
    /// once.
    pub fn start(
        recorder: &dyn Recorder,
        device: Option<&str>,
        path: &Path,
        clock: Arc<dyn Clock>,
        drill_ms: u64,
        running: bool,
        at: Duration,
    ) -> Result<Self, AudioError> {
        let capture = recorder.open(device)?;
        let interrupt = capture.interrupter();
        let (control, control_rx) = channel();
        let (events_tx, events) = channel();
        let stopping = Arc::new(AtomicBool::new(false));
        let level = Arc::new(AtomicU32::new(0));
        let job = RecorderThread {
            capture,
            path: path.to_path_buf(),
            clock,
            control: control_rx,
            events: events_tx,
            stopping: Arc::clone(&stopping),
            level: Arc::clone(&level),
            first_span: running.then_some((drill_ms, at)),
        };
        let thread = std::thread::Builder::new()
            .name("voice-recorder".to_owned())
            .spawn(move || job.run())
            .map_err(|e| AudioError::Other(format!("could not start the recorder thread: {e}")))?;
        Ok(Self {
            control,
            events,
            interrupt,
            stopping,
            level,
            thread: Some(thread),
            path: path.to_path_buf(),
        })
    }

    /// The file being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The drill clock stopped.
    pub fn pause(&self) {
        let _ = self.control.send(Control::Pause);
    }

    /// The drill clock started again at drill time `drill_ms`, which the clock read as `at`.
    pub fn resume(&self, drill_ms: u64, at: Duration) {
        let _ = self.control.send(Control::Resume(drill_ms, at));
    }

    /// The loudest sample of the latest batch, 0.0 to 1.0.
    pub fn level(&self) -> f32 {
        f32::from_bits(self.level.load(Ordering::Relaxed))
    }

    /// What the thread has said since the last call, without waiting.
    pub fn poll(&self) -> Option<RecorderEvent> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the thread to say something (tests wait for a scripted
    /// failure this way rather than sleeping).
    pub fn wait_event(&self, timeout: Duration) -> Option<RecorderEvent> {
        self.events.recv_timeout(timeout).ok()
    }

    /// Writes what is left and ends the thread; returns what it said last (`Stopped` with the
    /// file's size, or the failure that ended it earlier).
    pub fn stop(mut self) -> Option<RecorderEvent> {
        self.finish()
    }

    fn finish(&mut self) -> Option<RecorderEvent> {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = self.control.send(Control::Stop);
        (self.interrupt)();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        let mut last = None;
        while let Ok(event) = self.events.try_recv() {
            last = Some(event);
        }
        last
    }
}

impl Drop for VoiceRecorder {
    fn drop(&mut self) {
        if self.thread.is_some() {
            self.finish();
        }
    }
}

/// What the recorder thread owns.
struct RecorderThread {
    capture: Box<dyn Capture>,
    path: PathBuf,
    clock: Arc<dyn Clock>,
    control: Receiver<Control>,
    events: Sender<RecorderEvent>,
    stopping: Arc<AtomicBool>,
    level: Arc<AtomicU32>,
    first_span: Option<(u64, Duration)>,
}

impl RecorderThread {
    fn run(mut self) {
        let outcome = self.record();
        let event = match outcome {
            Ok(bytes) => RecorderEvent::Stopped(bytes),
            Err(err) => RecorderEvent::Failed(err),
        };
        let _ = self.events.send(event);
    }

    /// Records until told to stop (the file's size) or until something fails.
    fn record(&mut self) -> Result<u64, AudioError> {
        let mut pipeline = VoicePipeline::open(&self.path)?;
        if let Some((drill_ms, at)) = self.first_span {
            pipeline.resume(drill_ms, at)?;
        }
        let mut batch = Vec::with_capacity(4_096);
        loop {
            while let Ok(control) = self.control.try_recv() {
                match control {
                    Control::Pause => pipeline.pause()?,
                    Control::Resume(drill_ms, at) => pipeline.resume(drill_ms, at)?,
                    Control::Stop => {
                        pipeline.pause()?;
                        return Ok(pipeline.bytes());
                    }
                }
            }
            batch.clear();
            match self.capture.read(&mut batch) {
                Ok(()) => {}
                Err(_) if self.stopping.load(Ordering::SeqCst) => continue,
                Err(AudioError::Interrupted) => continue,
                Err(err) => {
                    // Keep what was heard: the open span's last samples go to disk first.
                    let _ = pipeline.pause();
                    return Err(err);
                }
            }
            self.level
                .store(peak_level(&batch).to_bits(), Ordering::Relaxed);
            pipeline.push(&batch, self.clock.monotonic())?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::scripted::{ScriptStep, ScriptedRecorder};
    use crate::model::clock::{FakeClock, Timestamp};
    use crate::store::voice_file::{FRAME_SAMPLES, FRAMES_PER_CHUNK, read_track};

    fn tone(samples: usize) -> Vec<i16> {
        (0..samples)
            .map(|i| if (i / 20) % 2 == 0 { 8_000 } else { -8_000 })
            .collect()
    }

    #[test]
    fn the_pipeline_writes_spans_at_the_drill_time_they_started_and_pause_ends_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.voice");
        let clock = FakeClock::new(Timestamp(0));
        let mut pipeline = VoicePipeline::open(&path).expect("opens");
        pipeline
            .push(&tone(320), clock.monotonic())
            .expect("paused: dropped");
        pipeline.resume(2_000, clock.monotonic()).expect("resumes");
        for _ in 0..100 {
            clock.advance(Duration::from_millis(20));
            pipeline
                .push(&tone(320), clock.monotonic())
                .expect("pushes");
        }
        // The first second is on disk before the pause: kill -9 here would keep it.
        let so_far = read_track(&path).expect("reads").expect("a recording");
        assert_eq!(
            so_far.spans[0].samples.len(),
            2 * FRAMES_PER_CHUNK * FRAME_SAMPLES
        );
        pipeline.pause().expect("pauses");
        clock.advance(Duration::from_secs(30));
        pipeline
            .push(&tone(3_200), clock.monotonic())
            .expect("paused: dropped");
        pipeline.resume(4_000, clock.monotonic()).expect("resumes");
        clock.advance(Duration::from_millis(100));
        pipeline
            .push(&tone(1_600), clock.monotonic())
            .expect("pushes");
        pipeline.pause().expect("pauses");
        let track = read_track(&path).expect("reads").expect("a recording");
        let spans: Vec<(u64, u64)> = track
            .spans
            .iter()
            .map(|s| (s.start_ms, s.end_ms(track.sample_rate)))
            .collect();
        assert_eq!(spans, vec![(2_000, 4_000), (4_000, 4_100)]);
    }

    #[test]
    fn an_unplugged_microphone_ends_recording_with_one_line_and_keeps_what_was_heard() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.voice");
        let recorder = ScriptedRecorder::with_script(vec![
            ScriptStep::Samples(tone(16_000)),
            ScriptStep::Samples(tone(8_000)),
            ScriptStep::Fail(AudioError::Disconnected),
        ]);
        let clock = FakeClock::new(Timestamp(0));
        let recorder = recorder.on_clock(clock.clone());
        let voice = VoiceRecorder::start(
            &recorder,
            Some("test-mic"),
            &path,
            Arc::new(clock.clone()),
            1_000,
            true,
            clock.monotonic(),
        )
        .expect("starts");
        let event = voice.wait_event(Duration::from_secs(20)).expect("says why");
        assert_eq!(event, RecorderEvent::Failed(AudioError::Disconnected));
        assert_eq!(
            event_line(&event),
            "the microphone was disconnected; recording stopped and what was recorded is kept"
        );
        assert_eq!(recorder.opened(), vec![Some("test-mic".to_owned())]);
        drop(voice);
        let track = read_track(&path).expect("reads").expect("kept");
        assert_eq!(track.spans.len(), 1);
        assert_eq!(track.spans[0].start_ms, 1_000);
        // Everything heard before the failure, though the last half second was still short of
        // a whole chunk when the device went.
        assert_eq!(track.recorded_ms(), 1_500);
    }

    #[test]
    fn a_recorder_that_cannot_open_says_so_at_start() {
        let dir = tempfile::tempdir().expect("tempdir");
        let recorder = ScriptedRecorder::failing(AudioError::NoServer("no socket".to_owned()));
        let clock = FakeClock::new(Timestamp(0));
        let err = VoiceRecorder::start(
            &recorder,
            None,
            &dir.path().join("s.voice"),
            Arc::new(clock),
            0,
            true,
            Duration::ZERO,
        )
        .expect_err("no server");
        assert!(err.to_string().starts_with("no audio server is running"));
        assert!(!dir.path().join("s.voice").exists(), "nothing written");
    }

    #[test]
    fn stopping_writes_the_last_samples_and_reports_the_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.voice");
        let recorder = ScriptedRecorder::with_script(vec![ScriptStep::Samples(tone(1_000))]);
        let clock = FakeClock::new(Timestamp(0));
        clock.advance(Duration::from_secs(5));
        let voice = VoiceRecorder::start(
            &recorder,
            None,
            &path,
            Arc::new(clock.clone()),
            0,
            false,
            clock.monotonic(),
        )
        .expect("starts");
        voice.resume(0, clock.monotonic());
        let event = voice.stop().expect("says it stopped");
        let RecorderEvent::Stopped(bytes) = event else {
            panic!("stopped cleanly, got {event:?}");
        };
        assert_eq!(bytes, std::fs::metadata(&path).expect("exists").len());
    }

    fn event_line(event: &RecorderEvent) -> String {
        match event {
            RecorderEvent::Failed(err) => err.to_string(),
            RecorderEvent::Stopped(bytes) => format!("stopped at {bytes}"),
        }
    }
}
