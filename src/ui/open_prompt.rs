//! "Open a session", "Save elsewhere" and the partner's files (issue 23: the partner pack, a
//! partner's score saved and imported, and the partner's name): a typed path (or name), plus
//! the system file dialog run off the UI thread.
//!
//! The portal behind rfd can block for many seconds or be missing entirely (then it looks like
//! Cancel), so the dialog never runs on the UI thread and a typed path always works.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Context, Key, RichText, TextEdit};

use super::action::Action;
use super::theme;

/// What the prompt's text is for.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum PromptMode {
    /// Open a saved session.
    #[default]
    Open,
    /// Save the session on screen to a new file.
    SaveAs,
    /// Write the partner pack of a scenario (by id).
    SavePack(String),
    /// Write the partner's finished score sheet as a partner-score file.
    SavePartnerScore(Box<crate::model::ScoreSheet>),
    /// Import a partner-score file into the session on screen.
    ImportPartnerScore,
    /// The partner's name, before scoring the session on screen as its partner.
    PartnerName,
}

/// What the system file dialog is asked: its title, filter and whether it saves.
struct DialogAsk {
    title: &'static str,
    filter: (&'static str, &'static [&'static str]),
    save: bool,
}

impl PromptMode {
    /// The system dialog for this mode; `None` when the prompt asks for a name, not a file.
    fn dialog(&self) -> Option<DialogAsk> {
        let session = ("Drillboard session", &["ron"][..]);
        let score = ("Drillboard partner score", &["ron"][..]);
        Some(match self {
            PromptMode::Open => DialogAsk {
                title: "Open a Drillboard session",
                filter: session,
                save: false,
            },
            PromptMode::SaveAs => DialogAsk {
                title: "Save the session elsewhere",
                filter: session,
                save: true,
            },
            PromptMode::SavePack(_) => DialogAsk {
                title: "Save the partner pack",
                filter: ("Markdown or HTML", &["md", "html"][..]),
                save: true,
            },
            PromptMode::SavePartnerScore(_) => DialogAsk {
                title: "Save your partner score",
                filter: score,
                save: true,
            },
            PromptMode::ImportPartnerScore => DialogAsk {
                title: "Import a partner score",
                filter: score,
                save: false,
            },
            PromptMode::PartnerName => return None,
        })
    }
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
        Self::with_path(PromptMode::SaveAs, suggested)
    }

    /// A prompt in `mode`, prefilled with a suggested path.
    pub fn with_path(mode: PromptMode, suggested: &Path) -> Self {
        Self {
            mode,
            path_text: suggested.display().to_string(),
            ..Self::default()
        }
    }

    /// The prompt asking the partner's name.
    pub fn partner_name() -> Self {
        Self {
            mode: PromptMode::PartnerName,
            ..Self::default()
        }
    }

    fn chosen(&self, path: PathBuf) -> Action {
        match &self.mode {
            PromptMode::Open => Action::OpenSession(path),
            PromptMode::SaveAs => Action::SaveAs(path),
            PromptMode::SavePack(scenario) => Action::SavePack(scenario.clone(), path),
            PromptMode::SavePartnerScore(sheet) => Action::SavePartnerScore(path, sheet.clone()),
            PromptMode::ImportPartnerScore => Action::ImportPartnerScore(path),
            PromptMode::PartnerName => {
                Action::ScoreAsPartner(path.to_string_lossy().trim().to_owned())
            }
        }
    }

    /// Whether a system dialog is open on its thread.
    pub fn is_browsing(&self) -> bool {
        self.browse.is_some()
    }

    /// Starts the system file dialog on a background thread, in the folder of the typed path
    /// when it is one, else in `start_dir`.
    pub fn browse(&mut self, start_dir: PathBuf) {
        if self.browse.is_some() {
            return;
        }
        let Some(ask) = self.mode.dialog() else {
            return;
        };
        let (sender, receiver) = channel();
        let typed = Path::new(self.path_text.trim());
        let suggested = typed.file_name().map(|n| n.to_string_lossy().into_owned());
        let start_dir = typed
            .parent()
            .filter(|dir| dir.is_dir())
            .map_or(start_dir, Path::to_path_buf);
        let spawned = std::thread::Builder::new()
            .name("file-dialog".to_owned())
            .spawn(move || {
                let dialog = rfd::FileDialog::new()
                    .add_filter(ask.filter.0, ask.filter.1)
                    .set_directory(start_dir)
                    .set_title(ask.title);
                let picked = if ask.save {
                    dialog
                        .set_file_name(suggested.unwrap_or_else(|| "session.ron".to_owned()))
                        .save_file()
                } else {
                    dialog.pick_file()
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
    let (title, intro, verb, field) = match &prompt.mode {
        PromptMode::Open => (
            "Open a session",
            "Type the path of a session file (.ron), or browse for it.",
            "Open",
            "Session file path",
        ),
        PromptMode::SaveAs => (
            "Save elsewhere",
            "Type where to save this session (.ron), or browse. It keeps saving there.",
            "Save here",
            "Session file path",
        ),
        PromptMode::SavePack(_) => (
            "Partner pack",
            "For a partner who plays the interviewer: the answers, curveballs, deep dives and \
             rubric. Keep it off the shared screen. A path ending in .html writes a web page, \
             otherwise Markdown.",
            "Save pack",
            "Partner pack file path",
        ),
        PromptMode::SavePartnerScore(_) => (
            "Save your partner score",
            "The candidate's session is not changed: your score is saved as this small file. \
             Send it to the candidate, who imports it in review.",
            "Save score",
            "Partner score file path",
        ),
        PromptMode::ImportPartnerScore => (
            "Import a partner score",
            "Type the path of the score file your partner sent (.ron), or browse for it. It is \
             kept beside your own score.",
            "Import",
            "Partner score file path",
        ),
        PromptMode::PartnerName => (
            "Score as partner",
            "You played the interviewer: score the candidate's answer with the normal Score \
             steps. Their file is not changed; your score is saved as a separate file to send \
             them.",
            "Start scoring",
            "Your name",
        ),
    };
    let asks_name = prompt.mode == PromptMode::PartnerName;
    let width = (ctx.content_rect().width() - 2.0 * theme::DIALOG_MARGIN).clamp(200.0, 480.0);
    let shown = egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
        ui.set_width(width);
        ui.label(RichText::new(title).strong().size(theme::DIALOG_TITLE_SIZE));
        ui.add(egui::Label::new(intro).wrap());
        if matches!(prompt.mode, PromptMode::Open | PromptMode::SaveAs) {
            ui.add(
                egui::Label::new(
                    RichText::new(format!("Sessions are saved in {}", sessions_dir.display()))
                        .weak(),
                )
                .wrap(),
            );
        }
        let (hint, limit) = if asks_name {
            ("Your name, as the candidate will see it", 60)
        } else {
            ("Path to a file", 4096)
        };
        let response = ui
            .add(
                TextEdit::singleline(&mut prompt.path_text)
                    .hint_text(hint)
                    .char_limit(limit)
                    .desired_width(width),
            )
            .accessible_name(field);
        // The field has the keyboard when the prompt opens, and again whenever nothing has.
        if !prompt.focused || !ui.ctx().memory(|m| m.focused().is_some()) {
            response.request_focus();
            prompt.focused = true;
        }
        // In a real window the field can keep the keyboard after Enter (it is asked for again
        // whenever nothing has it), so Enter counts whether or not it gave focus up.
        let entered = (response.lost_focus() || response.has_focus())
            && ui.input(|i| i.key_pressed(Key::Enter));
        if let Some(note) = &prompt.note {
            ui.add(egui::Label::new(RichText::new(note).weak()).wrap());
        }
        ui.horizontal(|ui| {
            let has_path = !prompt.path_text.trim().is_empty();
            if ui.add_enabled(has_path, egui::Button::new(verb)).clicked() || (entered && has_path)
            {
                actions.push(prompt.chosen(PathBuf::from(prompt.path_text.trim())));
            }
            if !asks_name
                && ui
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
