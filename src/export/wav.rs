//! The drill's recorded voice as a WAV file: 16-bit PCM, mono, at the track's rate.
//!
//! The file runs on drill time from 00:00, so a minute into the file is a minute into the
//! drill and the timeline's times find the moment. Pauses take no drill time, so the speech
//! either side of one follows on without a gap; drill time with no recording (before recording
//! began, a microphone that dropped out) is written as silence.

use crate::model::voice::VoiceTrack;
use crate::model::voice_playback::render;

/// Why the audio cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum AudioExportError {
    /// The session was not recorded.
    #[error("{0} has no voice recording")]
    NoRecording(String),
    /// More than a WAV file can hold (4 GiB of samples; about 37 hours at 16 kHz).
    #[error("the recording is too long for a WAV file")]
    TooLong,
    /// Writing failed.
    #[error("{0}")]
    Write(#[from] crate::store::StoreError),
}

/// Samples rendered at a time.
const CHUNK: usize = 1 << 16;

/// The WAV bytes of a track.
pub fn wav_bytes(track: &VoiceTrack) -> Result<Vec<u8>, AudioExportError> {
    let rate = track.sample_rate;
    let samples = track
        .spans
        .iter()
        .map(|s| s.start_ms * u64::from(rate) / 1000 + s.samples.len() as u64)
        .max()
        .unwrap_or(0);
    let data_bytes = u32::try_from(samples * 2)
        .ok()
        .filter(|bytes| bytes.checked_add(36).is_some())
        .ok_or(AudioExportError::TooLong)?;
    let mut out = Vec::with_capacity(44 + data_bytes as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_bytes).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // the fmt chunk's length
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_bytes.to_le_bytes());
    let mut buffer = vec![0i16; CHUNK];
    let mut position = 0u64;
    loop {
        let written = render(track, position, &mut buffer);
        if written == 0 {
            break;
        }
        for sample in &buffer[..written] {
            out.extend_from_slice(&sample.to_le_bytes());
        }
        position += written as u64;
    }
    Ok(out)
}

/// Writes a track as a WAV file (atomically, as every export).
pub fn write_wav(track: &VoiceTrack, output: &std::path::Path) -> Result<(), AudioExportError> {
    let bytes = wav_bytes(track)?;
    crate::store::atomic::write_atomic(output, &bytes)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::voice::{SAMPLE_RATE, VoiceSpan};

    fn u32_at(bytes: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
    }

    fn sample_at(bytes: &[u8], i: usize) -> i16 {
        i16::from_le_bytes([bytes[44 + 2 * i], bytes[45 + 2 * i]])
    }

    #[test]
    fn a_track_becomes_pcm_on_drill_time_with_silence_where_nothing_was_recorded() {
        // Recording began at 0.5 s; paused at 1.5 s (the next span resumes at the same drill
        // time); a dropout from 2 s to 3 s.
        let track = VoiceTrack {
            sample_rate: SAMPLE_RATE,
            spans: vec![
                VoiceSpan {
                    start_ms: 500,
                    samples: vec![1_000; 16_000],
                },
                VoiceSpan {
                    start_ms: 1_500,
                    samples: vec![-2_000; 8_000],
                },
                VoiceSpan {
                    start_ms: 3_000,
                    samples: vec![3_000; 1_600],
                },
            ],
        };
        let bytes = wav_bytes(&track).expect("writes");
        assert_eq!(&bytes[0..4], b"RIFF");
        assert_eq!(&bytes[8..16], b"WAVEfmt ");
        assert_eq!(u32_at(&bytes, 24), SAMPLE_RATE);
        assert_eq!(u16::from_le_bytes([bytes[34], bytes[35]]), 16);
        assert_eq!(&bytes[36..40], b"data");
        // 3.1 s of drill time.
        let samples = 3_100 * 16;
        assert_eq!(u32_at(&bytes, 40) as usize, samples * 2);
        assert_eq!(bytes.len(), 44 + samples * 2);
        assert_eq!(u32_at(&bytes, 4) as usize, bytes.len() - 8);
        assert_eq!(sample_at(&bytes, 0), 0, "before recording began");
        assert_eq!(sample_at(&bytes, 8_000), 1_000, "at 0.5 s");
        assert_eq!(sample_at(&bytes, 23_999), 1_000);
        assert_eq!(sample_at(&bytes, 24_000), -2_000, "the pause takes no time");
        assert_eq!(sample_at(&bytes, 40_000), 0, "the dropout is silent");
        assert_eq!(sample_at(&bytes, 48_000), 3_000, "at 3 s");
    }

    #[test]
    fn an_empty_track_is_a_valid_empty_wav() {
        let bytes = wav_bytes(&VoiceTrack::default()).expect("writes");
        assert_eq!(bytes.len(), 44);
        assert_eq!(u32_at(&bytes, 40), 0);
    }
}
