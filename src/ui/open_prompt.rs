//! "Open a session": a typed path, plus the system file dialog run off the UI thread.
//!
//! The portal behind rfd can block for many seconds or be missing entirely (then it looks like
//! Cancel), so the dialog never runs on the UI thread and a typed path always works.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Context, Key, TextEdit};

use super::action::Action;

/// The state of the open prompt window.
#[derive(Default)]
pub struct OpenPrompt {
    /// The typed path.
    pub path_text: String,
    browse: Option<Receiver<Option<PathBuf>>>,
    note: Option<String>,
}

impl OpenPrompt {
    /// Whether a system dialog is open on its thread.
    pub fn is_browsing(&self) -> bool {
        self.browse.is_some()
    }

    /// Starts the system file dialog on a background thread.
    pub fn browse(&mut self, start_dir: PathBuf) {
        if self.browse.is_some() {
            return;
        }
        let (sender, receiver) = channel();
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let picked = rfd::FileDialog::new()
                    .set_title("Open a Drillboard session")
                    .add_filter("Drillboard session", &["ron"])
                    .set_directory(start_dir)
                    .pick_file();
                let _ = sender.send(picked);
            });
        match spawned {
            Ok(_) => {
                self.browse = Some(receiver);
                self.note = Some("Waiting for the file dialog…".to_owned());
            }
            Err(err) => {
                self.note = Some(format!(
                    "Cannot start the file dialog ({err}); type a path instead."
                ));
            }
        }
    }

    /// Checks whether the dialog has answered; returns the action to open the chosen file.
    pub fn poll_browse(&mut self) -> Option<Action> {
        let receiver = self.browse.as_ref()?;
        match receiver.try_recv() {
            Ok(Some(path)) => {
                self.browse = None;
                self.note = None;
                Some(Action::OpenSession(path))
            }
            Ok(None) | Err(TryRecvError::Disconnected) => {
                self.browse = None;
                self.note = Some(
                    "No file was chosen (the dialog was cancelled or no system dialog is available). Type a path instead."
                        .to_owned(),
                );
                None
            }
            Err(TryRecvError::Empty) => None,
        }
    }
}

/// Draws the open prompt as a small window; returns what the user chose.
pub fn open_prompt_ui(ctx: &Context, prompt: &mut OpenPrompt, sessions_dir: &Path) -> Vec<Action> {
    let mut actions = Vec::new();
    let mut open = true;
    egui::Window::new("Open a session")
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
        .show(ctx, |ui| {
            ui.label("Type the path of a session file (.ron), or browse for it.");
            ui.weak(format!("Sessions are saved in {}", sessions_dir.display()));
            let response = ui
                .add(
                    TextEdit::singleline(&mut prompt.path_text)
                        .hint_text("Path to a session file")
                        .desired_width(420.0),
                )
                .accessible_name("Session file path");
            let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            if let Some(note) = &prompt.note {
                ui.weak(note);
            }
            ui.horizontal(|ui| {
                let has_path = !prompt.path_text.trim().is_empty();
                if ui
                    .add_enabled(has_path, egui::Button::new("Open"))
                    .clicked()
                    || (entered && has_path)
                {
                    actions.push(Action::OpenSession(PathBuf::from(prompt.path_text.trim())));
                }
                if ui
                    .add_enabled(!prompt.is_browsing(), egui::Button::new("Browse…"))
                    .clicked()
                {
                    actions.push(Action::BrowseForSession);
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    actions.push(Action::CloseOpenPrompt);
                }
            });
        });
    if !open {
        actions.push(Action::CloseOpenPrompt);
    }
    actions
}
