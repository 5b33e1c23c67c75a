//! Prints a drill's voice recording on the drill clock: each recorded span as `span START_MS
//! END_MS` and each stretch of speech as `speech START_MS END_MS`, one a line. The CI's
//! real-audio check compares them with when it played speech and when it killed the app.
//!
//! Usage: `cargo run --example voice_segments -- SESSION.ron` (or the `.voice` file itself).
//!
//! The detector is a plain energy threshold on 20 ms frames (speech where a frame's RMS is over
//! -40 dBFS; gaps under 300 ms closed, blips under 100 ms dropped), enough for synthetic speech
//! played into a silent null sink. The app's own voice-activity detector (`model::voice_activity`,
//! the playback half of issue 22) is what the review uses.

use std::path::PathBuf;
use std::process::ExitCode;

use drillboard::model::voice::VoiceTrack;
use drillboard::store::voice_file::{read_track, voice_path};

/// Samples per analysis frame: 20 ms at 16 kHz.
const FRAME: usize = 320;
/// RMS over which a frame is speech: -40 dBFS.
const THRESHOLD: f64 = 327.0;
/// Gaps shorter than this (ms) join two segments.
const JOIN_MS: u64 = 300;
/// Segments shorter than this (ms) are dropped.
const MIN_MS: u64 = 100;

fn segments(track: &VoiceTrack) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64)> = Vec::new();
    for span in &track.spans {
        for (i, frame) in span.samples.chunks(FRAME).enumerate() {
            let energy: f64 = frame.iter().map(|s| f64::from(*s).powi(2)).sum();
            let rms = (energy / frame.len().max(1) as f64).sqrt();
            if rms < THRESHOLD {
                continue;
            }
            let start = span.start_ms + (i * FRAME) as u64 * 1000 / u64::from(track.sample_rate);
            let end = start + frame.len() as u64 * 1000 / u64::from(track.sample_rate);
            match out.last_mut() {
                Some(last) if start <= last.1 + JOIN_MS => last.1 = end,
                _ => out.push((start, end)),
            }
        }
    }
    out.retain(|(start, end)| end - start >= MIN_MS);
    out
}

fn main() -> ExitCode {
    let Some(arg) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: voice_segments SESSION.ron|FILE.voice");
        return ExitCode::from(2);
    };
    let path = if arg.extension().is_some_and(|e| e == "voice") {
        arg
    } else {
        voice_path(&arg)
    };
    let track = match read_track(&path) {
        Ok(Some(track)) => track,
        Ok(None) => {
            eprintln!("{}: no recording", path.display());
            return ExitCode::FAILURE;
        }
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "{}: {} ms recorded in {} spans, {} bytes",
        path.display(),
        track.recorded_ms(),
        track.spans.len(),
        std::fs::metadata(&path).map_or(0, |m| m.len())
    );
    for span in &track.spans {
        println!("span {} {}", span.start_ms, span.end_ms(track.sample_rate));
    }
    for (start, end) in segments(&track) {
        println!("speech {start} {end}");
    }
    ExitCode::SUCCESS
}
