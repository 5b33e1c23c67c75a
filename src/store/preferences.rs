//! The user's preferences kept between runs in the library's `preferences.ron`: whether to
//! record their voice with a drill and from which microphone. A missing or unreadable file is
//! the defaults (recording off), so a preference can never stop the app from starting.

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::atomic::write_atomic;
use super::error::StoreError;
use super::ron_file::{parse, read_text, to_pretty};

/// What the user chose, remembered between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// "Record my voice" on the home screen: new drills record the microphone.
    pub record_voice: bool,
    /// The microphone's id as the sound server names it; `None` for the server's default.
    pub microphone: Option<String>,
}

impl Preferences {
    /// Reads the preferences; a missing or unreadable file gives the defaults.
    pub fn read(path: &Path) -> Self {
        read_text(path)
            .ok()
            .and_then(|text| parse(&text, path).ok())
            .unwrap_or_default()
    }

    /// Writes them atomically.
    pub fn write(&self, path: &Path) -> Result<(), StoreError> {
        let text = to_pretty(self, path)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, "create folder", e))?;
        }
        write_atomic(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preferences_round_trip_and_a_bad_file_is_the_defaults() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("preferences.ron");
        assert_eq!(Preferences::read(&path), Preferences::default());
        let prefs = Preferences {
            record_voice: true,
            microphone: Some("alsa_input.usb-mic".to_owned()),
        };
        prefs.write(&path).expect("writes");
        assert_eq!(Preferences::read(&path), prefs);
        fs::write(&path, "(record_voice: maybe)").expect("writes");
        assert_eq!(Preferences::read(&path), Preferences::default());
    }
}
