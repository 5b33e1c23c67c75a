//! A recorder that plays a script instead of a microphone: tests use it to drive the voice
//! recorder and the level meter through samples, failures and unplugging without a sound
//! server.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use crate::model::clock::FakeClock;
use crate::model::voice::SAMPLE_RATE;

use super::{AudioDevice, AudioError, Capture, Interrupt, Recorder};

/// One thing the scripted microphone does when read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScriptStep {
    /// Hands over these samples.
    Samples(Vec<i16>),
    /// Fails with this error (the device is unplugged, the server stops…).
    Fail(AudioError),
}

/// A recorder whose microphones and captures are given by the test.
#[derive(Clone, Debug)]
pub struct ScriptedRecorder {
    /// What `devices` answers.
    pub devices: Result<Vec<AudioDevice>, AudioError>,
    /// When set, `open` fails with it.
    pub open_error: Option<AudioError>,
    /// What each capture does, in order; after the script a read waits to be interrupted.
    pub script: Vec<ScriptStep>,
    /// When set, each batch of samples moves this clock on by as long as the batch lasts, as
    /// a real microphone delivers in real time.
    pub clock: Option<FakeClock>,
    /// The devices each `open` asked for, in order.
    opened: Arc<Mutex<Vec<Option<String>>>>,
}

impl ScriptedRecorder {
    /// A recorder with one microphone whose capture plays `script`.
    pub fn with_script(script: Vec<ScriptStep>) -> Self {
        Self {
            devices: Ok(vec![AudioDevice {
                id: "test-mic".to_owned(),
                name: "Test microphone".to_owned(),
            }]),
            open_error: None,
            script,
            clock: None,
            opened: Arc::default(),
        }
    }

    /// The same recorder, delivering its samples in real time on `clock`.
    #[must_use]
    pub fn on_clock(mut self, clock: FakeClock) -> Self {
        self.clock = Some(clock);
        self
    }

    /// A recorder whose `devices` and `open` fail with `error`.
    pub fn failing(error: AudioError) -> Self {
        Self {
            devices: Err(error.clone()),
            open_error: Some(error),
            script: Vec::new(),
            clock: None,
            opened: Arc::default(),
        }
    }

    /// The devices each `open` asked for so far.
    pub fn opened(&self) -> Vec<Option<String>> {
        self.opened.lock().map(|o| o.clone()).unwrap_or_default()
    }
}

impl Recorder for ScriptedRecorder {
    fn devices(&self) -> Result<Vec<AudioDevice>, AudioError> {
        self.devices.clone()
    }

    fn open(&self, device: Option<&str>) -> Result<Box<dyn Capture>, AudioError> {
        if let Ok(mut opened) = self.opened.lock() {
            opened.push(device.map(str::to_owned));
        }
        if let Some(err) = &self.open_error {
            return Err(err.clone());
        }
        let (wake, woken) = channel();
        Ok(Box::new(ScriptedCapture {
            steps: self.script.iter().cloned().collect(),
            clock: self.clock.clone(),
            wake,
            woken,
        }))
    }
}

/// A capture playing a script.
struct ScriptedCapture {
    steps: VecDeque<ScriptStep>,
    clock: Option<FakeClock>,
    wake: Sender<()>,
    woken: Receiver<()>,
}

impl Capture for ScriptedCapture {
    fn read(&mut self, out: &mut Vec<i16>) -> Result<(), AudioError> {
        if self.woken.try_recv().is_ok() {
            return Err(AudioError::Interrupted);
        }
        match self.steps.pop_front() {
            Some(ScriptStep::Samples(samples)) => {
                if let Some(clock) = &self.clock {
                    let micros = samples.len() as u64 * 1_000_000 / u64::from(SAMPLE_RATE);
                    clock.advance(Duration::from_micros(micros));
                }
                out.extend_from_slice(&samples);
                Ok(())
            }
            Some(ScriptStep::Fail(err)) => Err(err),
            None => {
                // The script is over: wait, as a quiet microphone would, until interrupted.
                let _ = self.woken.recv();
                Err(AudioError::Interrupted)
            }
        }
    }

    fn interrupter(&self) -> Interrupt {
        let wake = Mutex::new(self.wake.clone());
        Box::new(move || {
            if let Ok(wake) = wake.lock() {
                let _ = wake.send(());
            }
        })
    }
}
