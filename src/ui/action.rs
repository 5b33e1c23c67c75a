//! What the user asked for. Views return these; `App::apply` is the one place that acts on them.

use std::path::PathBuf;

/// One user intent.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Highlight a scenario on the home screen.
    SelectScenario(String),
    /// Start a new drill on a scenario.
    StartDrill(String),
    /// Open a graded example (by id) as a finished session to score blind.
    StartCalibration(String),
    /// Open a saved session from a file.
    OpenSession(PathBuf),
    /// Show the "open a session" prompt (Ctrl+O).
    ShowOpenPrompt,
    /// Close the open prompt without opening anything.
    CloseOpenPrompt,
    /// Start the system file dialog on a background thread.
    BrowseForSession,
    /// Save the current session (Ctrl+S).
    Save,
    /// Save again now after a failure, overwriting a file changed elsewhere.
    RetrySave,
    /// Show the prompt for saving the session to another file.
    ShowSaveAsPrompt,
    /// Save the session to this file and keep saving there.
    SaveAs(PathBuf),
    /// Resume a drill that was interrupted (crash or kill), paused at its last saved moment.
    RecoverResume(PathBuf),
    /// Mark an interrupted drill as finished, as it was last saved.
    RecoverFinish(PathBuf),
    /// Leave the drill (saving it) and show the home screen (Ctrl+N).
    GoHome,
    /// Make a phase active.
    GoToPhase(usize),
    /// Stop the drill clock.
    Pause,
    /// Restart the drill clock.
    Resume,
    /// Ask to end the drill: ends it at once unless phases are untouched, when it asks first.
    RequestFinish,
    /// End the drill now.
    Finish,
    /// Close the "finish anyway?" question and keep drilling.
    CancelFinish,
    /// Reopen a drill finished moments ago, paused where it ended.
    ReopenDrill,
    /// Choose the level the next drill is for.
    SetTargetLevel(crate::model::TargetLevel),
    /// Replace the score draft of the session on screen.
    EditScoreDraft(Box<crate::model::ScoreSheet>),
    /// Replace a phase's notes.
    SetNotes {
        /// The phase index.
        phase: usize,
        /// The new text.
        text: String,
    },
    /// Tick or untick a phase prompt.
    ToggleChecked {
        /// The phase index.
        phase: usize,
        /// The prompt index within the phase.
        prompt: usize,
    },
    /// Hide the status message.
    DismissStatus,
    /// Put the repair notice's details on the clipboard.
    CopyRepairDetails,
    /// Put the newest readable backup of an unreadable session in its place and open it.
    RestoreBackup(PathBuf),
    /// Close the notice of a session that could not be opened.
    DismissOpenFailure,
    /// Close the repair notice.
    DismissRepairs,
    /// Choose the length of the next drill, in minutes.
    SetDrillLength(u32),
    /// Stop or restart the clock (Space).
    TogglePause,
    /// Ask the interviewer a clarifying question in the candidate's own words.
    AskQuestion(String),
    /// Log an assumption the candidate states.
    AddAssumption(String),
    /// Acknowledge the card (follow-up card or interviewer prompt) at this index of the drill
    /// log.
    AcknowledgeCurveball(usize),
    /// Replace the scratchpad's inputs.
    SetScratchpad(crate::model::Scratchpad),
    /// Carry on after the total time ran out.
    KeepGoing,
    /// An edit of the diagram from the canvas.
    Canvas(crate::ui::canvas::CanvasIntent),
    /// Export the diagram into the library's exports folder.
    Export(crate::export::Format),
    /// Copy the diagram as Mermaid text to the clipboard.
    CopyMermaid,
    /// Show or hide the shortcuts overlay (F1 or ?).
    ToggleHelp,
    /// Show or hide one of the drill's side panels.
    ToggleSidePanel(crate::ui::app::SidePanel),
    /// Show the replay from the moment a piece of evidence first appeared.
    ReplayEvidence(crate::model::Evidence),
    /// Add a self-score revision to the session on screen.
    SaveScore(crate::model::ScoreSheet),
    /// Copy the session on screen to a new, editable session and open it.
    EditCopy,
    /// Show two saved attempts side by side.
    Compare(PathBuf, PathBuf),
    /// Show the library table and progress charts.
    ShowLibrary,
    /// Move a saved session to the library's trash folder.
    TrashSession(PathBuf),
    /// Put the last trashed session back.
    UndoTrash,
    /// Ask where to write the partner pack of a scenario (by id).
    ShowPackPrompt(String),
    /// Write the partner pack of a scenario (by id) to a file.
    SavePack(String, PathBuf),
    /// Ask the partner's name before scoring the session on screen as its partner.
    ShowPartnerPrompt,
    /// Score the session on screen as its partner, under this name; its file is not changed.
    ScoreAsPartner(String),
    /// Write the partner's finished sheet to a partner-score file.
    SavePartnerScore(PathBuf, Box<crate::model::ScoreSheet>),
    /// Ask for a partner-score file to import into the session on screen.
    ShowImportScorePrompt,
    /// Import a partner-score file into the session on screen.
    ImportPartnerScore(PathBuf),
}
