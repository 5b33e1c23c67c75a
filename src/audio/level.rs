//! The live level meter shown before a drill starts: a thread reads the chosen microphone and
//! keeps the loudest sample of its latest batch, so the user sees that the microphone hears
//! them. It runs only while the home screen shows the meter; nothing it hears is kept.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::thread::JoinHandle;

use super::{AudioError, Interrupt, Recorder, peak_level};

/// A running level meter.
pub struct LevelMonitor {
    device: Option<String>,
    level: Arc<AtomicU32>,
    error: Arc<Mutex<Option<AudioError>>>,
    stopping: Arc<AtomicBool>,
    interrupt: Option<Interrupt>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for LevelMonitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LevelMonitor")
            .field("device", &self.device)
            .field("level", &self.level())
            .finish_non_exhaustive()
    }
}

impl LevelMonitor {
    /// Opens `device` and starts listening. A microphone that cannot be opened gives a monitor
    /// that shows the error instead of a level.
    pub fn start(recorder: &dyn Recorder, device: Option<&str>) -> Self {
        let level = Arc::new(AtomicU32::new(0));
        let error = Arc::new(Mutex::new(None));
        let stopping = Arc::new(AtomicBool::new(false));
        let mut monitor = Self {
            device: device.map(str::to_owned),
            level: Arc::clone(&level),
            error: Arc::clone(&error),
            stopping: Arc::clone(&stopping),
            interrupt: None,
            thread: None,
        };
        let mut capture = match recorder.open(device) {
            Ok(capture) => capture,
            Err(err) => {
                monitor.set_error(err);
                return monitor;
            }
        };
        monitor.interrupt = Some(capture.interrupter());
        let spawned = std::thread::Builder::new()
            .name("level-meter".to_owned())
            .spawn(move || {
                let mut batch = Vec::with_capacity(4_096);
                while !stopping.load(Ordering::SeqCst) {
                    batch.clear();
                    match capture.read(&mut batch) {
                        Ok(()) => level.store(peak_level(&batch).to_bits(), Ordering::Relaxed),
                        Err(AudioError::Interrupted) => {}
                        Err(err) => {
                            if !stopping.load(Ordering::SeqCst)
                                && let Ok(mut slot) = error.lock()
                            {
                                *slot = Some(err);
                            }
                            return;
                        }
                    }
                }
            });
        match spawned {
            Ok(thread) => monitor.thread = Some(thread),
            Err(err) => monitor.set_error(AudioError::Other(format!(
                "could not start the level meter: {err}"
            ))),
        }
        monitor
    }

    fn set_error(&self, err: AudioError) {
        if let Ok(mut slot) = self.error.lock() {
            *slot = Some(err);
        }
    }

    /// The device it listens to (`None`: the server's default).
    pub fn device(&self) -> Option<&str> {
        self.device.as_deref()
    }

    /// The loudest sample of the latest batch, 0.0 to 1.0.
    pub fn level(&self) -> f32 {
        f32::from_bits(self.level.load(Ordering::Relaxed))
    }

    /// Why the meter shows no level, if it failed.
    pub fn error(&self) -> Option<AudioError> {
        self.error.lock().ok().and_then(|e| e.clone())
    }
}

impl Drop for LevelMonitor {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        if let Some(interrupt) = &self.interrupt {
            interrupt();
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audio::scripted::{ScriptStep, ScriptedRecorder};

    #[test]
    fn the_meter_shows_the_loudest_sample_and_stops_when_dropped() {
        let recorder =
            ScriptedRecorder::with_script(vec![ScriptStep::Samples(vec![0, 16_384, -100])]);
        let monitor = LevelMonitor::start(&recorder, Some("test-mic"));
        // The script's one batch is read before the capture waits; dropping interrupts it.
        drop(monitor);
        assert_eq!(recorder.opened(), vec![Some("test-mic".to_owned())]);
    }

    #[test]
    fn a_meter_without_a_server_shows_why() {
        let recorder = ScriptedRecorder::failing(AudioError::NoServer("no socket".to_owned()));
        let monitor = LevelMonitor::start(&recorder, None);
        assert_eq!(
            monitor.error(),
            Some(AudioError::NoServer("no socket".to_owned()))
        );
        assert!(monitor.level().abs() < f32::EPSILON);
    }
}
