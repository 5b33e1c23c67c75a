//! The Linux backend: the `PulseAudio` native protocol over its Unix socket, from Rust (the
//! `pulseaudio` crate's wire format), so building needs no system audio packages. `PipeWire`'s
//! pulse server answers the same protocol.
//!
//! Each capture is its own connection, read by blocking reads on the thread that owns it: a
//! record stream of 16-bit mono at 16 kHz (the server converts from whatever the microphone
//! gives) in fragments of `FRAGMENT`, so samples reach the recorder within a few tens of
//! milliseconds. The server removing the stream (the microphone unplugged) or closing the
//! socket ends the capture with an error; `interrupter` shuts the socket down to end a read.

use std::ffi::CString;
use std::io::{BufReader, Cursor, Read as _};
use std::net::Shutdown;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use pulseaudio::protocol::{self, Command, ProtocolError, PulseError};

use super::{AudioDevice, AudioError, Capture, Interrupt, Recorder};
use crate::model::voice::SAMPLE_RATE;

/// How long the server may take to answer a request before the server counts as gone.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(3);

/// How long a capture may go without sound before the microphone counts as gone.
const SILENT_TIMEOUT: Duration = Duration::from_secs(10);

/// Bytes per fragment the server sends: 40 ms of 16-bit mono at 16 kHz.
const FRAGMENT: u32 = SAMPLE_RATE / 25 * 2;

/// The `PulseAudio` (or `PipeWire`'s pulse) sound server of the session.
#[derive(Clone, Copy, Debug, Default)]
pub struct PulseRecorder;

impl Recorder for PulseRecorder {
    fn devices(&self) -> Result<Vec<AudioDevice>, AudioError> {
        let mut conn = Connection::open()?;
        let server: protocol::ServerInfo = conn.request(&Command::GetServerInfo)?;
        let sources: protocol::SourceInfoList = conn.request(&Command::GetSourceInfoList)?;
        let default = server.default_source_name.map(|n| lossy(&n));
        let mut devices: Vec<(u8, AudioDevice)> = sources
            .into_iter()
            .map(|source| {
                let id = lossy(&source.name);
                let mut name = source.description.as_deref().map_or(id.clone(), lossy);
                let rank = if default.as_deref() == Some(id.as_str()) {
                    0
                } else if source.monitor_of_sink_index.is_some() {
                    name.push_str(" (what the computer plays)");
                    2
                } else {
                    1
                };
                (rank, AudioDevice { id, name })
            })
            .collect();
        devices.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)));
        if devices.is_empty() {
            return Err(AudioError::NoMicrophone(String::new()));
        }
        Ok(devices.into_iter().map(|(_, d)| d).collect())
    }

    fn open(&self, device: Option<&str>) -> Result<Box<dyn Capture>, AudioError> {
        let mut conn = Connection::open()?;
        let source_name = match device {
            Some(name) => CString::new(name)
                .map_err(|_| AudioError::NoMicrophone(format!(" named {name:?}")))?,
            None => protocol::DEFAULT_SOURCE.to_owned(),
        };
        let mut params = protocol::RecordStreamParams {
            sample_spec: protocol::SampleSpec {
                format: protocol::SampleFormat::S16Le,
                channels: 1,
                sample_rate: SAMPLE_RATE,
            },
            channel_map: protocol::ChannelMap::mono(),
            source_index: None,
            source_name: Some(source_name),
            ..Default::default()
        };
        params.buffer_attr.max_length = u32::MAX;
        params.buffer_attr.fragment_size = FRAGMENT;
        params.flags.adjust_latency = true;
        let mut props = protocol::Props::new();
        props.set(protocol::Prop::MediaName, c"Drillboard voice recording");
        params.props = props;
        let reply: protocol::CreateRecordStreamReply = conn
            .request(&Command::CreateRecordStream(params))
            .map_err(|err| match err {
                AudioError::Other(_) if device.is_some() => {
                    AudioError::NoMicrophone(format!(" named {:?}", device.unwrap_or_default()))
                }
                other => other,
            })?;
        let format = reply.sample_spec;
        if format.format != protocol::SampleFormat::S16Le
            || format.channels != 1
            || format.sample_rate != SAMPLE_RATE
        {
            return Err(AudioError::Other(format!(
                "the server offered {format:?} instead of 16-bit mono at {SAMPLE_RATE} Hz"
            )));
        }
        conn.sock
            .get_ref()
            .set_read_timeout(Some(SILENT_TIMEOUT))
            .map_err(|e| AudioError::Other(e.to_string()))?;
        let shutdown = conn
            .sock
            .get_ref()
            .try_clone()
            .map_err(|e| AudioError::Other(e.to_string()))?;
        Ok(Box::new(PulseCapture {
            conn,
            channel: reply.channel,
            shutdown,
            payload: Vec::new(),
            odd_byte: None,
        }))
    }
}

/// A connection to the server, authenticated and named.
struct Connection {
    sock: BufReader<UnixStream>,
    version: u16,
    seq: u32,
}

impl Connection {
    /// Connects to the session's server and introduces the app.
    fn open() -> Result<Self, AudioError> {
        let Some(path) = pulseaudio::socket_path_from_env() else {
            return Err(AudioError::NoServer(
                "no PulseAudio or PipeWire socket in XDG_RUNTIME_DIR".to_owned(),
            ));
        };
        let stream = UnixStream::connect(&path)
            .map_err(|e| AudioError::NoServer(format!("{}: {e}", path.display())))?;
        stream
            .set_read_timeout(Some(ANSWER_TIMEOUT))
            .and_then(|()| stream.set_write_timeout(Some(ANSWER_TIMEOUT)))
            .map_err(|e| AudioError::NoServer(e.to_string()))?;
        let cookie = cookie_paths()
            .into_iter()
            .find_map(|p| std::fs::read(p).ok())
            .unwrap_or_default();
        let mut conn = Self {
            sock: BufReader::new(stream),
            version: protocol::MAX_VERSION,
            seq: 0,
        };
        let auth: protocol::AuthReply = conn.request(&Command::Auth(protocol::AuthParams {
            version: protocol::MAX_VERSION,
            supports_shm: false,
            supports_memfd: false,
            cookie,
        }))?;
        conn.version = protocol::MAX_VERSION.min(auth.version);
        let mut props = protocol::Props::new();
        props.set(protocol::Prop::ApplicationName, c"Drillboard");
        let _: protocol::SetClientNameReply = conn.request(&Command::SetClientName(props))?;
        Ok(conn)
    }

    /// Sends a command and reads its reply.
    fn request<T: protocol::CommandReply>(&mut self, command: &Command) -> Result<T, AudioError> {
        self.seq += 1;
        protocol::write_command_message(self.sock.get_mut(), self.seq, command, self.version)
            .map_err(|e| protocol_error(&e))?;
        let (_, reply) = protocol::read_reply_message::<T>(&mut self.sock, self.version)
            .map_err(|e| protocol_error(&e))?;
        Ok(reply)
    }
}

/// Where the server's authentication cookie may be, in the order libpulse looks:
/// `$PULSE_COOKIE`, `$XDG_CONFIG_HOME/pulse/cookie`, `~/.config/pulse/cookie`,
/// `~/.pulse-cookie`.
fn cookie_paths() -> Vec<std::path::PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    let mut paths: Vec<std::path::PathBuf> = Vec::new();
    paths.extend(var("PULSE_COOKIE").map(Into::into));
    paths.extend(var("XDG_CONFIG_HOME").map(|d| std::path::Path::new(&d).join("pulse/cookie")));
    if let Some(home) = var("HOME") {
        let home = std::path::Path::new(&home);
        paths.push(home.join(".config/pulse/cookie"));
        paths.push(home.join(".pulse-cookie"));
    }
    paths
}

/// One line for what the server said.
fn protocol_error(err: &ProtocolError) -> AudioError {
    match err {
        ProtocolError::ServerError(PulseError::AccessDenied | PulseError::AuthKey) => {
            AudioError::PermissionDenied(format!("{err}"))
        }
        ProtocolError::ServerError(PulseError::NoEntity) => AudioError::NoMicrophone(String::new()),
        ProtocolError::Io(io) => AudioError::ServerLost(io.to_string()),
        ProtocolError::Timeout => AudioError::ServerLost("it did not answer".to_owned()),
        other => AudioError::Other(other.to_string()),
    }
}

fn lossy(name: &std::ffi::CStr) -> String {
    name.to_string_lossy().into_owned()
}

/// An open record stream.
struct PulseCapture {
    conn: Connection,
    channel: u32,
    shutdown: UnixStream,
    payload: Vec<u8>,
    /// A sample's first byte when a packet ended between its two bytes.
    odd_byte: Option<u8>,
}

impl Capture for PulseCapture {
    fn read(&mut self, out: &mut Vec<i16>) -> Result<(), AudioError> {
        loop {
            let desc =
                protocol::read_descriptor(&mut self.conn.sock).map_err(|e| read_error(&e))?;
            self.payload.resize(desc.length as usize, 0);
            self.conn
                .sock
                .read_exact(&mut self.payload)
                .map_err(|e| read_error(&ProtocolError::Io(e)))?;
            if desc.channel == u32::MAX {
                let mut cursor = Cursor::new(self.payload.as_slice());
                if let Ok((_, Command::RecordStreamKilled(channel))) =
                    Command::read_tag_prefixed(&mut cursor, self.conn.version)
                    && channel == self.channel
                {
                    return Err(AudioError::Disconnected);
                }
                continue;
            }
            if desc.channel != self.channel {
                continue;
            }
            let mut bytes = self.payload.iter().copied();
            if let Some(first) = self.odd_byte.take()
                && let Some(second) = bytes.next()
            {
                out.push(i16::from_le_bytes([first, second]));
            }
            let rest: Vec<u8> = bytes.collect();
            let mut pairs = rest.chunks_exact(2);
            out.extend(pairs.by_ref().map(|p| i16::from_le_bytes([p[0], p[1]])));
            self.odd_byte = pairs.remainder().first().copied();
            if !out.is_empty() {
                return Ok(());
            }
        }
    }

    fn interrupter(&self) -> Interrupt {
        match self.shutdown.try_clone() {
            Ok(sock) => Box::new(move || {
                let _ = sock.shutdown(Shutdown::Both);
            }),
            // Without a second handle the read ends at the next fragment anyway.
            Err(_) => Box::new(|| {}),
        }
    }
}

/// One line for a capture that broke off.
fn read_error(err: &ProtocolError) -> AudioError {
    match err {
        ProtocolError::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            AudioError::Other(format!(
                "the microphone sent no sound for {} s",
                SILENT_TIMEOUT.as_secs()
            ))
        }
        ProtocolError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            AudioError::ServerLost("it closed the connection".to_owned())
        }
        other => protocol_error(other),
    }
}
