//! "Open a session" and "Save elsewhere": a typed path, plus the system file dialog run off
//! the UI thread.
//!
//! The portal behind rfd can block for many seconds or be missing entirely (then it looks like
//! Cancel), so the dialog never runs on the UI thread and a typed path always works.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Context, Key, RichText, TextEdit};

use super::action::Action;
use super::theme;

/// What the prompt's path is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PromptMode {
    /// Open a saved session.
    #[default]
    Open,
    /// Save the session on screen to a new file.
    SaveAs,
}

/// The state of the path prompt window.
#[derive(Default)]
pub struct OpenPrompt {
    /// Open or save.
    pub mode: PromptMode,
    /// The typed path.
    pub path_text: String,
    browse: Option<Receiver<Option<PathBuf>>>,
    note: Option<String>,
    /// The path field has been given the keyboard once.
    focused: bool,
}

impl OpenPrompt {
    /// A "save elsewhere" prompt, prefilled with a suggested path.
    pub fn save_as(suggested: &Path) -> Self {
        Self {
            mode: PromptMode::SaveAs,
            path_text: suggested.display().to_string(),
            ..Self::default()
        }
    }

    fn chosen(&self, path: PathBuf) -> Action {
        match self.mode {
            PromptMode::Open => Action::OpenSession(path),
            PromptMode::SaveAs => Action::SaveAs(path),
        }
    }

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
        let mode = self.mode;
        let suggested = Path::new(self.path_text.trim())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let dialog = rfd::FileDialog::new()
                    .add_filter("Drillboard session", &["ron"])
                    .set_directory(start_dir);
                let picked = match mode {
                    PromptMode::Open => dialog.set_title("Open a Drillboard session").pick_file(),
                    PromptMode::SaveAs => dialog
                        .set_title("Save the session elsewhere")
                        .set_file_name(suggested.unwrap_or_else(|| "session.ron".to_owned()))
                        .save_file(),
                };
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
                Some(self.chosen(path))
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

/// Draws the path prompt as a dialog that owns the keyboard: the path field has focus when it
/// opens, Escape or a click beside it cancels. Returns what the user chose.
pub fn open_prompt_ui(ctx: &Context, prompt: &mut OpenPrompt, sessions_dir: &Path) -> Vec<Action> {
    let mut actions = Vec::new();
    let (title, intro, verb) = match prompt.mode {
        PromptMode::Open => (
            "Open a session",
            "Type the path of a session file (.ron), or browse for it.",
            "Open",
        ),
        PromptMode::SaveAs => (
            "Save elsewhere",
            "Type where to save this session (.ron), or browse. It keeps saving there.",
            "Save here",
        ),
    };
    let width = (ctx.content_rect().width() - 2.0 * theme::DIALOG_MARGIN).clamp(200.0, 480.0);
    let shown = egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
        ui.set_width(width);
        ui.label(RichText::new(title).strong().size(theme::DIALOG_TITLE_SIZE));
        ui.add(egui::Label::new(intro).wrap());
        ui.add(
            egui::Label::new(
                RichText::new(format!("Sessions are saved in {}", sessions_dir.display())).weak(),
            )
            .wrap(),
        );
        let response = ui
            .add(
                TextEdit::singleline(&mut prompt.path_text)
                    .hint_text("Path to a session file")
                    .char_limit(4096)
                    .desired_width(width),
            )
            .accessible_name("Session file path");
        // The field has the keyboard when the prompt opens, and again whenever nothing has.
        if !prompt.focused || !ui.ctx().memory(|m| m.focused().is_some()) {
            response.request_focus();
            prompt.focused = true;
        }
        let entered = response.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        if let Some(note) = &prompt.note {
            ui.add(egui::Label::new(RichText::new(note).weak()).wrap());
        }
        ui.horizontal(|ui| {
            let has_path = !prompt.path_text.trim().is_empty();
            if ui.add_enabled(has_path, egui::Button::new(verb)).clicked() || (entered && has_path)
            {
                actions.push(prompt.chosen(PathBuf::from(prompt.path_text.trim())));
            }
            if ui
                .add_enabled(!prompt.is_browsing(), egui::Button::new("Browse…"))
                .clicked()
            {
                actions.push(Action::BrowseForSession);
            }
            if ui.button("Cancel").clicked() {
                actions.push(Action::CloseOpenPrompt);
            }
        });
    });
    // Escape cancels; a click beside the prompt does not, so a typed path is not lost.
    let escaped = !shown.backdrop_response.clicked() && shown.should_close();
    if escaped && !actions.contains(&Action::CloseOpenPrompt) {
        actions.push(Action::CloseOpenPrompt);
    }
    actions
}
