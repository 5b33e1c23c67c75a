//! Ending signals (SIGTERM at shutdown or from `kill`, SIGINT from Ctrl+C in a terminal, SIGHUP
//! at logout) end the app as a window close does, without the close-guard dialog: the drill
//! is paused and saved, its lock released, and the window closes.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{App, Screen};

/// A request to end the app, raised by a signal (or a test) and taken by the next frame.
#[derive(Clone, Debug, Default)]
pub struct ExitSignal(Arc<AtomicBool>);

impl ExitSignal {
    /// Asks the app to save and exit at its next frame.
    pub fn raise(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Whether an exit was asked for.
    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Listens for SIGTERM, SIGINT and SIGHUP on a thread of its own: the first raises this
    /// request and calls `wake` (which asks the window for a frame); a second one, should the
    /// window not answer, ends the process at once.
    #[cfg(unix)]
    pub fn listen(&self, wake: impl Fn() + Send + 'static) -> std::io::Result<()> {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])?;
        let request = self.clone();
        std::thread::Builder::new()
            .name("signals".to_owned())
            .spawn(move || {
                for signal in signals.forever() {
                    if request.is_raised() {
                        eprintln!("drillboard: signal {signal} again; exiting without waiting");
                        std::process::exit(128 + signal);
                    }
                    eprintln!("drillboard: signal {signal}; saving and exiting");
                    request.raise();
                    wake();
                }
            })?;
        Ok(())
    }

    /// Signals are not listened for on this platform; the window's close still saves.
    #[cfg(not(unix))]
    pub fn listen(&self, _wake: impl Fn() + Send + 'static) -> std::io::Result<()> {
        Ok(())
    }
}

impl App {
    /// The request a signal raises; `main` hands it to [`ExitSignal::listen`].
    pub fn exit_signal(&self) -> ExitSignal {
        self.exit_signal.clone()
    }

    /// Whether the app is ending because a signal asked it to.
    pub fn is_exiting(&self) -> bool {
        self.exiting
    }

    /// Takes a raised exit request: saves as on a window close, lets go of the session (and so
    /// its lock) and closes the window. Returns whether the app is exiting.
    pub(super) fn exit_if_signalled(&mut self, ctx: &egui::Context) -> bool {
        if self.exiting || !self.exit_signal.is_raised() {
            return self.exiting;
        }
        self.exiting = true;
        self.save_on_exit();
        if self.has_failed_work() {
            // Nothing more can be done without the user; say what is lost, then go.
            eprintln!("drillboard: exiting although the last save failed; unsaved work is lost");
        }
        self.leaving.clear();
        self.screen = Screen::Home;
        ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        true
    }
}
