//! Audio devices: capturing the candidate's voice while a drill runs (issue 22).
//!
//! Everything the app knows of a sound system goes through one trait, [`Recorder`]: the list
//! of microphones and opening one as a [`Capture`], a blocking source of 16 kHz mono samples.
//! On Linux that is `pulse::PulseRecorder`, which speaks the `PulseAudio` native protocol from
//! Rust (`PipeWire`'s pulse server answers it too), so building needs no system audio packages.
//! Other platforms get [`UnavailableRecorder`], which says so in one line. The voice recorder
//! thread (`voice_recorder`) and the level meter (`level`) are written against the trait, so
//! tests drive them with `scripted::ScriptedRecorder`.
//!
//! Playing a recording back in review is `playback`: the [`playback::Player`] the review
//! drives, `PulseAudio` on Linux from its own thread, a silent player that says why elsewhere.

pub mod level;
pub mod playback;
#[cfg(target_os = "linux")]
pub mod pulse;
pub mod scripted;
pub mod voice_recorder;

use std::sync::Arc;

/// A microphone (an input the sound server offers).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AudioDevice {
    /// The server's name for it, passed back to `Recorder::open`.
    pub id: String,
    /// What the user reads in the picker.
    pub name: String,
}

/// Why recording could not start or stopped. Each reads as one line that says what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AudioError {
    /// This build has no audio backend for the platform.
    #[error("recording is not available on this platform yet")]
    Unsupported,
    /// No sound server answered.
    #[error("no audio server is running ({0}); start PulseAudio or PipeWire to record your voice")]
    NoServer(String),
    /// The server has no microphone, or not the one chosen.
    #[error("no microphone found{0}; plug one in or choose another in the microphone list")]
    NoMicrophone(String),
    /// The server refused access.
    #[error("the audio server refused access to the microphone ({0}); allow it and try again")]
    PermissionDenied(String),
    /// The microphone went away while recording.
    #[error("the microphone was disconnected; recording stopped and what was recorded is kept")]
    Disconnected,
    /// The server went away while recording.
    #[error("the audio server stopped ({0}); recording stopped and what was recorded is kept")]
    ServerLost(String),
    /// Writing the recording failed.
    #[error("the recording could not be written ({0}); recording stopped, the drill goes on")]
    Write(String),
    /// Anything else the server said.
    #[error("recording failed: {0}")]
    Other(String),
    /// `Capture::read` was interrupted on purpose (the recorder is stopping).
    #[error("recording was stopped")]
    Interrupted,
}

/// Makes a blocked `Capture::read` return `AudioError::Interrupted`, from another thread.
pub type Interrupt = Box<dyn Fn() + Send + Sync>;

/// A sound system that can list and open microphones.
pub trait Recorder: Send + Sync {
    /// The microphones, the server's default first.
    fn devices(&self) -> Result<Vec<AudioDevice>, AudioError>;
    /// Opens `device` (the server's default when `None`) for capture at 16 kHz mono.
    fn open(&self, device: Option<&str>) -> Result<Box<dyn Capture>, AudioError>;
}

/// An open microphone.
pub trait Capture: Send {
    /// Waits for the next samples (16 kHz mono) and appends them to `out`.
    fn read(&mut self, out: &mut Vec<i16>) -> Result<(), AudioError>;
    /// A handle that ends a blocked `read` from another thread.
    fn interrupter(&self) -> Interrupt;
}

/// The recorder for this platform.
pub fn platform_recorder() -> Arc<dyn Recorder> {
    #[cfg(target_os = "linux")]
    {
        Arc::new(pulse::PulseRecorder)
    }
    #[cfg(not(target_os = "linux"))]
    {
        Arc::new(UnavailableRecorder)
    }
}

/// The recorder of platforms without a backend: every call says recording is not available.
#[derive(Clone, Copy, Debug, Default)]
pub struct UnavailableRecorder;

impl Recorder for UnavailableRecorder {
    fn devices(&self) -> Result<Vec<AudioDevice>, AudioError> {
        Err(AudioError::Unsupported)
    }

    fn open(&self, _device: Option<&str>) -> Result<Box<dyn Capture>, AudioError> {
        Err(AudioError::Unsupported)
    }
}

/// The loudest sample of a batch as a share of full scale, 0.0 to 1.0.
pub fn peak_level(samples: &[i16]) -> f32 {
    let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
    f32::from(peak) / 32_768.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_platforms_say_in_one_line_that_recording_is_not_available() {
        let recorder = UnavailableRecorder;
        let err = recorder.open(None).err().expect("refuses");
        assert_eq!(
            err.to_string(),
            "recording is not available on this platform yet"
        );
        assert_eq!(recorder.devices(), Err(AudioError::Unsupported));
    }

    #[test]
    fn the_peak_is_the_loudest_sample_of_the_batch() {
        assert!((peak_level(&[0, -16_384, 100]) - 0.5).abs() < 1e-6);
        assert!(peak_level(&[]).abs() < f32::EPSILON);
        assert!((peak_level(&[i16::MIN]) - 1.0).abs() < 1e-6);
    }
}
