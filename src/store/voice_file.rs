//! The voice recording's file: `<session>.voice` beside `<session>.ron`, Opus-compressed speech
//! in chunks of about a second, each chunk placed on the drill clock.
//!
//! The file only grows while a drill runs, so like the replay log it lives beside the session
//! rather than in it. Layout (little-endian):
//!
//! - header: `DRILLBOARD-VOICE` (16 bytes), version `u32`, sample rate `u32`, codec `u32`
//!   (1 = Opus), samples per frame `u32`;
//! - chunks: `VCHK`, payload length `u32`, FNV-1a checksum of the payload `u32`, then the
//!   payload: the drill time its span started `u64` (ms), the index of its first sample in the
//!   span `u64`, how many samples it holds `u32`, how many frames `u32`, and each frame as its
//!   length `u16` and its Opus packet.
//!
//! Each chunk is one write followed by `sync_data`, so a kill -9 can at most leave the last
//! chunk short or half-written: the reader skips a last chunk that is cut off or fails its
//! checksum, and `VoiceWriter::open_append` cuts it off before writing on. A span's encoder
//! runs across its chunks, so the reader decodes each span with one decoder, in order.

use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use opus_rs::{Application, OpusDecoder, OpusEncoder};

use super::error::StoreError;
use crate::model::voice::{SAMPLE_RATE, VoiceSpan, VoiceTrack};

/// The file's first bytes, so a stray file is never read as a recording.
pub const VOICE_MAGIC: &[u8; 16] = b"DRILLBOARD-VOICE";

/// The voice file version this build writes and the newest it reads.
pub const VOICE_VERSION: u32 = 1;

/// The codec number for Opus.
const CODEC_OPUS: u32 = 1;

/// Samples in one Opus frame: 20 ms at 16 kHz.
pub const FRAME_SAMPLES: usize = 320;

/// Frames in a chunk: one second, so a kill -9 loses at most about a second that was heard.
pub const FRAMES_PER_CHUNK: usize = 50;

/// The encoder's bit rate: wideband speech at 16 kbit/s (about 7 MB for 45 minutes at most).
pub const BITRATE_BPS: i32 = 16_000;

/// Bytes of the header.
const HEADER_LEN: usize = 32;

/// Bytes before a chunk's payload: tag, length, checksum.
const CHUNK_HEAD_LEN: usize = 12;

/// Bytes of a chunk payload before its frames.
const CHUNK_FIXED_LEN: usize = 24;

/// Largest Opus packet (RFC 6716).
const MAX_PACKET: usize = 1276;

/// Largest chunk payload read: a second of the largest packets, with room to spare.
const MAX_CHUNK_PAYLOAD: usize = 1024 * 1024;

/// Largest voice file read: 256 MiB, far past hours of speech at this bit rate.
pub const MAX_VOICE_BYTES: u64 = 256 * 1024 * 1024;

/// The voice file that goes with a session file: `abc.ron` → `abc.voice`.
pub fn voice_path(session_path: &Path) -> PathBuf {
    session_path.with_extension("voice")
}

/// Deletes a session's recording (its `.voice` file), leaving the session; no recording is
/// not an error.
pub fn delete_recording(session_path: &Path) -> Result<(), StoreError> {
    let path = voice_path(session_path);
    match std::fs::remove_file(&path) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(err) => Err(StoreError::io(&path, "delete", err)),
    }
}

/// Reads a recording and decodes it onto the drill clock. `Ok(None)` when the session has no
/// recording (no file). A last chunk cut short by a crash is skipped; a file of another kind,
/// a newer version or a damaged chunk before the last is refused with where it is.
pub fn read_track(path: &Path) -> Result<Option<VoiceTrack>, StoreError> {
    let bytes = match read_bytes(path) {
        Ok(bytes) => bytes,
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(None);
        }
        Err(err) => return Err(err),
    };
    let parsed = parse_voice(&bytes, path)?;
    decode_chunks(&parsed.chunks, path).map(Some)
}

/// A voice file's chunks as read, still compressed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceFile {
    /// Its chunks, in file order.
    pub chunks: Vec<VoiceChunk>,
    /// Whether a last chunk cut short or half-written was dropped.
    pub torn: bool,
    /// Bytes up to the end of the last whole chunk: where appending goes on.
    pub good_len: u64,
}

/// One chunk: a run of Opus frames somewhere in a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoiceChunk {
    /// Drill time, in milliseconds, at which the chunk's span started.
    pub span_start_ms: u64,
    /// Index in the span of the chunk's first sample.
    pub sample_offset: u64,
    /// How many samples the chunk holds (its last frame may be padding past that).
    pub samples: u32,
    /// Opus packets, one per frame of `FRAME_SAMPLES`.
    pub frames: Vec<Vec<u8>>,
}

/// Parses a voice file's bytes into chunks (see `read_track`).
pub fn parse_voice(bytes: &[u8], path: &Path) -> Result<VoiceFile, StoreError> {
    parse_header(bytes, path)?;
    let mut chunks = Vec::new();
    let mut at = HEADER_LEN;
    while at < bytes.len() {
        match parse_chunk(&bytes[at..]) {
            ChunkRead::Whole(chunk, len) => {
                chunks.push(chunk);
                at += len;
            }
            ChunkRead::Short => {
                return Ok(VoiceFile {
                    chunks,
                    torn: true,
                    good_len: at as u64,
                });
            }
            ChunkRead::Damaged(why) => {
                // A damaged chunk at the end is a write a crash cut short; before the end the
                // file was changed by something else.
                if chunk_is_last(bytes, at) {
                    return Ok(VoiceFile {
                        chunks,
                        torn: true,
                        good_len: at as u64,
                    });
                }
                return Err(StoreError::invalid(
                    path,
                    format!("the recording is damaged at byte {at}: {why}"),
                ));
            }
        }
    }
    Ok(VoiceFile {
        chunks,
        torn: false,
        good_len: bytes.len() as u64,
    })
}

/// Whether the chunk at `at` is the file's last: its declared length reaches the end, or
/// there is no further chunk tag after it.
fn chunk_is_last(bytes: &[u8], at: usize) -> bool {
    let rest = &bytes[at..];
    let declared = rest.get(4..8).map_or(usize::MAX, |b| u32_at(b, 0) as usize);
    let end = at.saturating_add(CHUNK_HEAD_LEN).saturating_add(declared);
    end >= bytes.len() || !bytes[end..].starts_with(b"VCHK")
}

/// Checks the header: the magic, a version this build reads, 16 kHz Opus in 20 ms frames.
fn parse_header(bytes: &[u8], path: &Path) -> Result<(), StoreError> {
    if bytes.len() < HEADER_LEN {
        if VOICE_MAGIC.starts_with(&bytes[..bytes.len().min(VOICE_MAGIC.len())]) {
            return Err(StoreError::invalid(
                path,
                "the recording was cut short before its header ended",
            ));
        }
        return Err(StoreError::invalid(
            path,
            "not a Drillboard voice recording",
        ));
    }
    if &bytes[..16] != VOICE_MAGIC {
        return Err(StoreError::invalid(
            path,
            "not a Drillboard voice recording",
        ));
    }
    let version = u32_at(bytes, 16);
    if version > VOICE_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            supported: VOICE_VERSION,
        });
    }
    let (rate, codec, frame) = (u32_at(bytes, 20), u32_at(bytes, 24), u32_at(bytes, 28));
    if rate != SAMPLE_RATE || codec != CODEC_OPUS || frame as usize != FRAME_SAMPLES {
        return Err(StoreError::invalid(
            path,
            format!(
                "the recording is {rate} Hz, codec {codec}, {frame}-sample frames; this build reads {SAMPLE_RATE} Hz Opus in {FRAME_SAMPLES}-sample frames"
            ),
        ));
    }
    Ok(())
}

/// What reading one chunk found.
enum ChunkRead {
    /// A whole chunk and the bytes it took.
    Whole(VoiceChunk, usize),
    /// The bytes end before the chunk does.
    Short,
    /// The chunk is all there but wrong; why.
    Damaged(String),
}

/// Reads the chunk at the start of `bytes`.
fn parse_chunk(bytes: &[u8]) -> ChunkRead {
    if bytes.len() < CHUNK_HEAD_LEN {
        return if b"VCHK".starts_with(&bytes[..bytes.len().min(4)]) {
            ChunkRead::Short
        } else {
            ChunkRead::Damaged("no chunk tag".to_owned())
        };
    }
    if &bytes[..4] != b"VCHK" {
        return ChunkRead::Damaged("no chunk tag".to_owned());
    }
    let len = u32_at(bytes, 4) as usize;
    if !(CHUNK_FIXED_LEN..=MAX_CHUNK_PAYLOAD).contains(&len) {
        return ChunkRead::Damaged(format!("a chunk claims {len} bytes"));
    }
    let Some(payload) = bytes.get(CHUNK_HEAD_LEN..CHUNK_HEAD_LEN + len) else {
        return ChunkRead::Short;
    };
    if fnv1a(payload) != u32_at(bytes, 8) {
        return ChunkRead::Damaged("a chunk's checksum does not match".to_owned());
    }
    match parse_payload(payload) {
        Ok(chunk) => ChunkRead::Whole(chunk, CHUNK_HEAD_LEN + len),
        Err(why) => ChunkRead::Damaged(why),
    }
}

/// Reads a chunk's payload, checking that its frames fill it exactly and hold its samples.
fn parse_payload(payload: &[u8]) -> Result<VoiceChunk, String> {
    let span_start_ms = u64_at(payload, 0);
    let sample_offset = u64_at(payload, 8);
    let samples = u32_at(payload, 16);
    let frame_count = u32_at(payload, 20) as usize;
    if frame_count > MAX_CHUNK_PAYLOAD / 2 {
        return Err(format!("a chunk claims {frame_count} frames"));
    }
    if samples as usize > frame_count * FRAME_SAMPLES {
        return Err(format!(
            "a chunk claims {samples} samples in {frame_count} frames"
        ));
    }
    let mut frames = Vec::with_capacity(frame_count);
    let mut at = CHUNK_FIXED_LEN;
    for _ in 0..frame_count {
        let Some(len) = payload.get(at..at + 2).map(|b| usize::from(u16_at(b, 0))) else {
            return Err("a chunk's frames run past its end".to_owned());
        };
        at += 2;
        if len > MAX_PACKET {
            return Err(format!("a frame claims {len} bytes"));
        }
        let Some(packet) = payload.get(at..at + len) else {
            return Err("a chunk's frames run past its end".to_owned());
        };
        frames.push(packet.to_vec());
        at += len;
    }
    if at != payload.len() {
        return Err("a chunk has bytes after its frames".to_owned());
    }
    Ok(VoiceChunk {
        span_start_ms,
        sample_offset,
        samples,
        frames,
    })
}

/// Decodes chunks into a track: a chunk at offset 0 starts a span, later chunks continue it
/// (a gap from a lost chunk is filled with silence); spans come out sorted and not overlapping.
fn decode_chunks(chunks: &[VoiceChunk], path: &Path) -> Result<VoiceTrack, StoreError> {
    let mut spans: Vec<VoiceSpan> = Vec::new();
    let mut decoder = new_decoder(path)?;
    let mut frame = vec![0.0f32; FRAME_SAMPLES];
    for chunk in chunks {
        let continues = spans.last().is_some_and(|s: &VoiceSpan| {
            chunk.sample_offset > 0 && s.start_ms == chunk.span_start_ms
        });
        if !continues {
            decoder = new_decoder(path)?;
            spans.push(VoiceSpan {
                start_ms: chunk.span_start_ms,
                samples: Vec::new(),
            });
        }
        let Some(span) = spans.last_mut() else {
            continue;
        };
        let offset = usize::try_from(chunk.sample_offset).unwrap_or(usize::MAX);
        if offset > span.samples.len() && continues {
            let gap = offset - span.samples.len();
            span.samples.resize(span.samples.len() + gap, 0);
        } else if continues {
            span.samples.truncate(offset);
        }
        let mut left = chunk.samples as usize;
        for packet in &chunk.frames {
            let n = decoder
                .decode(packet, FRAME_SAMPLES, &mut frame)
                .map_err(|e| StoreError::invalid(path, format!("a frame does not decode: {e}")))?;
            let take = n.min(left);
            span.samples
                .extend(frame[..take].iter().map(|s| to_i16(*s)));
            left -= take;
        }
    }
    spans.retain(|s| !s.samples.is_empty());
    spans.sort_by_key(|s| s.start_ms);
    // A span that runs into the next (a drill resumed after a crash at an earlier time) is cut
    // where the next starts.
    for i in 1..spans.len() {
        let next_start = spans[i].start_ms;
        let prev = &mut spans[i - 1];
        if prev.end_ms(SAMPLE_RATE) > next_start {
            let keep = crate::model::voice::ms_to_samples(next_start - prev.start_ms, SAMPLE_RATE);
            prev.samples.truncate(keep);
        }
    }
    spans.retain(|s| !s.samples.is_empty());
    Ok(VoiceTrack {
        sample_rate: SAMPLE_RATE,
        spans,
    })
}

/// A fresh decoder for one span.
fn new_decoder(path: &Path) -> Result<OpusDecoder, StoreError> {
    OpusDecoder::new(SAMPLE_RATE.cast_signed(), 1)
        .map_err(|e| StoreError::invalid(path, format!("the Opus decoder refused to start: {e}")))
}

/// A decoded sample in ±1.0 as 16-bit PCM.
fn to_i16(sample: f32) -> i16 {
    (sample * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

/// Reads a whole file, refusing anything larger than `MAX_VOICE_BYTES` and anything but a
/// regular file.
fn read_bytes(path: &Path) -> Result<Vec<u8>, StoreError> {
    super::replay_file::read_at_most(path, MAX_VOICE_BYTES)
}

/// Writes a recording: spans of samples, encoded as they come and written a chunk at a time.
pub struct VoiceWriter {
    path: PathBuf,
    file: File,
    encoder: OpusEncoder,
    /// The open span: its start and how many samples it has been given so far.
    span: Option<OpenSpan>,
    /// Samples waiting for a whole frame.
    pending: Vec<i16>,
    /// Encoded frames waiting for the chunk to fill.
    frames: Vec<Vec<u8>>,
    /// Samples those frames hold.
    frame_samples: u32,
    /// Bytes written to the file so far.
    len: u64,
}

impl std::fmt::Debug for VoiceWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceWriter")
            .field("path", &self.path)
            .field("len", &self.len)
            .finish_non_exhaustive()
    }
}

/// The span being written.
#[derive(Clone, Copy, Debug)]
struct OpenSpan {
    start_ms: u64,
    /// Samples of the span already in written chunks.
    written: u64,
}

impl VoiceWriter {
    /// Starts a recording at `path`, or goes on with the one there (a drill reopened after a
    /// pause or a crash): a torn last chunk is cut off first. A file that is not a readable
    /// recording is refused and left as it is.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let good_len = match read_bytes(path) {
            Ok(bytes) => Some(parse_voice(&bytes, path)?.good_len),
            Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
                None
            }
            Err(err) => return Err(err),
        };
        let encoder = new_encoder(path)?;
        let (file, len) = if let Some(good_len) = good_len {
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| StoreError::io(path, "open", e))?;
            file.set_len(good_len)
                .map_err(|e| StoreError::io(path, "truncate", e))?;
            (file, good_len)
        } else {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| StoreError::io(path, "create", e))?;
            let header = header_bytes();
            file.write_all(&header)
                .and_then(|()| file.sync_all())
                .map_err(|e| StoreError::io(path, "write", e))?;
            (file, header.len() as u64)
        };
        let mut writer = Self {
            path: path.to_path_buf(),
            file,
            encoder,
            span: None,
            pending: Vec::new(),
            frames: Vec::new(),
            frame_samples: 0,
            len,
        };
        writer.seek_end()?;
        Ok(writer)
    }

    /// Where the writer writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Bytes in the file so far.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing but the header has been written.
    pub fn is_empty(&self) -> bool {
        self.len <= HEADER_LEN as u64
    }

    /// Starts a span at drill time `start_ms`, ending the open one first.
    pub fn begin_span(&mut self, start_ms: u64) -> Result<(), StoreError> {
        self.end_span()?;
        self.encoder = new_encoder(&self.path)?;
        self.span = Some(OpenSpan {
            start_ms,
            written: 0,
        });
        Ok(())
    }

    /// Adds samples to the open span (ignored when none is open); a chunk is written whenever
    /// a second's frames are ready.
    pub fn push(&mut self, samples: &[i16]) -> Result<(), StoreError> {
        if self.span.is_none() {
            return Ok(());
        }
        self.pending.extend_from_slice(samples);
        let mut start = 0;
        while self.pending.len() - start >= FRAME_SAMPLES {
            let frame: Vec<i16> = self.pending[start..start + FRAME_SAMPLES].to_vec();
            self.encode_frame(&frame, FRAME_SAMPLES as u32)?;
            start += FRAME_SAMPLES;
            if self.frames.len() >= FRAMES_PER_CHUNK {
                self.write_chunk()?;
            }
        }
        self.pending.drain(..start);
        Ok(())
    }

    /// Writes what the open span holds so far as a chunk, without ending it (samples short of a
    /// frame wait for the next).
    pub fn flush(&mut self) -> Result<(), StoreError> {
        self.write_chunk()
    }

    /// Ends the open span: its last samples are padded to a frame and everything is written.
    pub fn end_span(&mut self) -> Result<(), StoreError> {
        if self.span.is_none() {
            return Ok(());
        }
        if !self.pending.is_empty() {
            let real = self.pending.len() as u32;
            let mut frame = std::mem::take(&mut self.pending);
            frame.resize(FRAME_SAMPLES, 0);
            self.encode_frame(&frame, real)?;
        }
        self.write_chunk()?;
        self.span = None;
        Ok(())
    }

    /// Encodes one frame, `real` of whose samples are recording (the rest padding).
    fn encode_frame(&mut self, frame: &[i16], real: u32) -> Result<(), StoreError> {
        let mut packet = [0u8; MAX_PACKET];
        let n = self
            .encoder
            .encode_i16(frame, FRAME_SAMPLES, &mut packet)
            .map_err(|e| StoreError::invalid(&self.path, format!("Opus could not encode: {e}")))?;
        self.frames.push(packet[..n].to_vec());
        self.frame_samples += real;
        Ok(())
    }

    /// Writes the waiting frames as one chunk, in one write, then syncs the data.
    fn write_chunk(&mut self) -> Result<(), StoreError> {
        let Some(span) = self.span.as_mut() else {
            return Ok(());
        };
        if self.frames.is_empty() {
            return Ok(());
        }
        let mut payload = Vec::with_capacity(
            CHUNK_FIXED_LEN + self.frames.iter().map(|f| f.len() + 2).sum::<usize>(),
        );
        payload.extend_from_slice(&span.start_ms.to_le_bytes());
        payload.extend_from_slice(&span.written.to_le_bytes());
        payload.extend_from_slice(&self.frame_samples.to_le_bytes());
        payload.extend_from_slice(&(self.frames.len() as u32).to_le_bytes());
        for frame in &self.frames {
            payload.extend_from_slice(&(frame.len() as u16).to_le_bytes());
            payload.extend_from_slice(frame);
        }
        let mut chunk = Vec::with_capacity(CHUNK_HEAD_LEN + payload.len());
        chunk.extend_from_slice(b"VCHK");
        chunk.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        chunk.extend_from_slice(&fnv1a(&payload).to_le_bytes());
        chunk.extend_from_slice(&payload);
        self.file
            .write_all(&chunk)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| StoreError::io(&self.path, "write", e))?;
        self.len += chunk.len() as u64;
        span.written += u64::from(self.frame_samples);
        self.frames.clear();
        self.frame_samples = 0;
        Ok(())
    }

    /// Puts the file cursor at the end, where chunks are appended.
    fn seek_end(&mut self) -> Result<(), StoreError> {
        use std::io::Seek as _;
        self.file
            .seek(std::io::SeekFrom::End(0))
            .map_err(|e| StoreError::io(&self.path, "seek", e))?;
        Ok(())
    }
}

/// A fresh encoder: SILK, wideband speech, variable rate.
fn new_encoder(path: &Path) -> Result<OpusEncoder, StoreError> {
    let mut encoder =
        OpusEncoder::new(SAMPLE_RATE.cast_signed(), 1, Application::Voip).map_err(|e| {
            StoreError::invalid(path, format!("the Opus encoder refused to start: {e}"))
        })?;
    encoder.bitrate_bps = BITRATE_BPS;
    encoder.use_cbr = false;
    Ok(encoder)
}

/// The header this build writes.
fn header_bytes() -> Vec<u8> {
    let mut header = Vec::with_capacity(HEADER_LEN);
    header.extend_from_slice(VOICE_MAGIC);
    header.extend_from_slice(&VOICE_VERSION.to_le_bytes());
    header.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    header.extend_from_slice(&CODEC_OPUS.to_le_bytes());
    header.extend_from_slice(&(FRAME_SAMPLES as u32).to_le_bytes());
    header
}

/// 32-bit FNV-1a: enough to tell a half-written chunk from a whole one.
fn fnv1a(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |hash, b| {
        (hash ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

fn u16_at(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(b)
}

fn u64_at(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 200 Hz tone at half scale, then silence: speech-like energy that survives the codec.
    fn tone(samples: usize) -> Vec<i16> {
        (0..samples)
            .map(|i| {
                let t = i as f32 / SAMPLE_RATE as f32;
                ((t * 200.0 * std::f32::consts::TAU).sin() * 16_000.0) as i16
            })
            .collect()
    }

    fn rms(samples: &[i16]) -> f64 {
        if samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = samples.iter().map(|s| f64::from(*s).powi(2)).sum();
        (sum / samples.len() as f64).sqrt()
    }

    fn write_two_spans(path: &Path) {
        let mut writer = VoiceWriter::open(path).expect("creates");
        writer.begin_span(1_000).expect("begins");
        // 2.5 s in uneven pieces, so frames and chunks cut across pushes.
        let sound = tone(40_000);
        for piece in sound.chunks(1_234) {
            writer.push(piece).expect("pushes");
        }
        writer.end_span().expect("ends");
        writer.begin_span(10_000).expect("begins the second");
        writer.push(&vec![0; 8_000]).expect("pushes silence");
        writer.push(&tone(9_000)).expect("pushes a tone");
        drop(writer);
    }

    #[test]
    fn a_recording_reads_back_as_its_spans_on_the_drill_clock() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = voice_path(&dir.path().join("s.ron"));
        assert_eq!(path.file_name().and_then(|n| n.to_str()), Some("s.voice"));
        assert_eq!(read_track(&path).expect("no file is no recording"), None);

        let mut writer = VoiceWriter::open(&path).expect("creates");
        writer.begin_span(1_000).expect("begins");
        let sound = tone(40_000);
        for piece in sound.chunks(1_234) {
            writer.push(piece).expect("pushes");
        }
        writer.end_span().expect("ends");
        writer.begin_span(10_000).expect("begins the second");
        writer.push(&vec![0; 8_000]).expect("pushes silence");
        writer.push(&tone(8_000)).expect("pushes a tone");
        writer.end_span().expect("ends the second");
        drop(writer);

        let track = read_track(&path).expect("reads").expect("a recording");
        assert_eq!(track.sample_rate, SAMPLE_RATE);
        assert_eq!(track.spans.len(), 2);
        assert_eq!(track.spans[0].start_ms, 1_000);
        assert_eq!(track.spans[0].samples.len(), 40_000, "exact sample count");
        assert_eq!(track.spans[1].start_ms, 10_000);
        assert_eq!(track.spans[1].samples.len(), 16_000);
        // The tone comes back loud and the silence quiet: the codec carried the signal.
        let original = rms(&sound[4_000..36_000]);
        let decoded = rms(&track.spans[0].samples[4_000..36_000]);
        assert!(
            decoded > original * 0.5 && decoded < original * 1.5,
            "rms {decoded} vs {original}"
        );
        assert!(rms(&track.spans[1].samples[1_000..7_000]) < 300.0);
        assert!(rms(&track.spans[1].samples[9_000..15_000]) > 5_000.0);
    }

    #[test]
    fn a_kill_mid_chunk_loses_only_that_chunk_and_writing_goes_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.voice");
        // Never ended: the writer is dropped as a kill would leave it, mid-span.
        write_two_spans(&path);
        let bytes = std::fs::read(&path).expect("reads");
        let whole = parse_voice(&bytes, &path).expect("parses");
        assert!(!whole.torn);
        let track = read_track(&path).expect("reads").expect("a recording");
        assert_eq!(track.spans[0].samples.len(), 40_000);
        // The second span's whole chunk (a second) is there; the rest never reached the disk.
        assert_eq!(
            track.spans[1].samples.len(),
            FRAMES_PER_CHUNK * FRAME_SAMPLES
        );

        // Cut the file at every byte of its last chunk: always readable, the last chunk gone.
        let last_start = {
            let mut at = HEADER_LEN;
            let mut last = at;
            while at < bytes.len() {
                last = at;
                at += CHUNK_HEAD_LEN + u32_at(&bytes, at + 4) as usize;
            }
            last
        };
        for cut in last_start..bytes.len() {
            let file = parse_voice(&bytes[..cut], &path).expect("a torn end parses");
            assert_eq!(file.chunks.len(), whole.chunks.len() - 1, "cut at {cut}");
            assert_eq!(file.torn, cut > last_start);
            assert_eq!(file.good_len, last_start as u64);
        }
        // A half-written last chunk (right length, wrong bytes) is skipped too.
        let mut garbled = bytes.clone();
        let end = garbled.len();
        garbled[end - 3] ^= 0xff;
        let file = parse_voice(&garbled, &path).expect("a garbled end parses");
        assert!(file.torn);

        // Writing goes on after the cut: the torn bytes are dropped first.
        std::fs::write(&path, &bytes[..bytes.len() - 5]).expect("tears");
        let mut writer = VoiceWriter::open(&path).expect("opens to append");
        writer.begin_span(60_000).expect("begins");
        writer.push(&tone(3_200)).expect("pushes");
        writer.end_span().expect("ends");
        let track = read_track(&path).expect("reads").expect("a recording");
        let starts: Vec<u64> = track.spans.iter().map(|s| s.start_ms).collect();
        // The torn end was the second span's only chunk, so that span is gone.
        assert_eq!(starts, vec![1_000, 60_000]);
        assert_eq!(track.spans[1].samples.len(), 3_200);
    }

    #[test]
    fn damage_before_the_end_and_other_files_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.voice");
        write_two_spans(&path);
        let bytes = std::fs::read(&path).expect("reads");
        let mut damaged = bytes.clone();
        damaged[HEADER_LEN + CHUNK_HEAD_LEN + 40] ^= 0xff;
        let err = parse_voice(&damaged, &path).expect_err("a damaged first chunk");
        assert!(err.to_string().contains("damaged at byte 32"), "{err}");

        std::fs::write(&path, b"RIFF....WAVEfmt not ours at all").expect("writes");
        let err = read_track(&path).expect_err("not a recording");
        assert!(
            err.to_string().contains("not a Drillboard voice recording"),
            "{err}"
        );
        assert!(VoiceWriter::open(&path).is_err(), "never written over");
        assert_eq!(
            std::fs::read(&path).expect("reads"),
            b"RIFF....WAVEfmt not ours at all"
        );

        let mut newer = header_bytes();
        newer[16] = 9;
        std::fs::write(&path, &newer).expect("writes");
        assert!(matches!(
            read_track(&path),
            Err(StoreError::TooNew { found: 9, .. })
        ));
    }

    #[test]
    fn a_minute_of_speech_like_sound_stays_under_the_budget() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("s.voice");
        let mut writer = VoiceWriter::open(&path).expect("creates");
        writer.begin_span(0).expect("begins");
        // A minute of tone bursts with pauses, which a VBR encoder cannot squeeze to nothing.
        let mut seed = 12_345_u32;
        for second in 0..60 {
            let mut samples = tone(SAMPLE_RATE as usize);
            for s in &mut samples {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                *s = s.saturating_add(((seed >> 16) as i16) / 8);
            }
            if second % 4 == 3 {
                for s in &mut samples {
                    *s /= 50;
                }
            }
            writer.push(&samples).expect("pushes");
        }
        writer.end_span().expect("ends");
        let per_minute = writer.len();
        // 15 MB for 45 minutes is 333 kB a minute.
        assert!(per_minute < 333_000, "{per_minute} bytes a minute");
        assert!(
            per_minute > 60_000,
            "{per_minute} bytes: the sound was encoded"
        );
    }
}
