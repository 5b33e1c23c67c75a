//! The review screen's view state, owned by the app: which tab shows, the replay position, the
//! two canvases' pan and zoom and what the Reference tab shows (which diagrams, and the level
//! of the model answer). Nothing here draws, and nothing from the
//! review's views or the app is imported, so the app holds a `ReviewView` without depending on
//! them.

use crate::model::TargetLevel;
use crate::ui::canvas::CanvasState;

/// The review screen's tabs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReviewTab {
    /// Timeline, notes, questions, follow-ups and the score.
    #[default]
    Overview,
    /// The diagram, with the phase slider.
    Diagram,
    /// The scenario's reference beside the user's diagram.
    Reference,
    /// The scenario's worked estimates beside the user's own figures.
    Estimates,
    /// Self-scoring.
    Score,
}

impl ReviewTab {
    /// Every tab, in the order the tab bar shows them.
    pub(super) const ALL: [ReviewTab; 5] = [
        ReviewTab::Overview,
        ReviewTab::Diagram,
        ReviewTab::Reference,
        ReviewTab::Estimates,
        ReviewTab::Score,
    ];

    /// The tab's name in the tab bar.
    pub(super) fn label(self) -> &'static str {
        match self {
            ReviewTab::Overview => "Overview",
            ReviewTab::Diagram => "Diagram",
            ReviewTab::Reference => "Reference",
            ReviewTab::Estimates => "Estimates",
            ReviewTab::Score => "Score",
        }
    }
}

/// Which diagrams the Reference tab shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReferenceLayout {
    /// The user's diagram above the reference, each half the height.
    #[default]
    Both,
    /// The reference alone, at full height.
    Reference,
    /// The user's diagram alone, at full height.
    Yours,
}

/// View state of the review screen.
#[derive(Debug)]
pub struct ReviewView {
    /// The tab showing.
    pub tab: ReviewTab,
    /// Which diagram the Diagram tab shows: a snapshot index, or the final diagram (`None`).
    pub replay: Option<usize>,
    /// Pan and zoom of the user's diagram.
    pub canvas: CanvasState,
    /// Pan and zoom of the reference diagram.
    pub reference_canvas: CanvasState,
    /// Which diagrams the Reference tab shows.
    pub reference_layout: ReferenceLayout,
    /// The level whose model answer the Reference tab shows; `None` until the user picks
    /// one, meaning the session's target level.
    pub answer_level: Option<TargetLevel>,
}

impl Default for ReviewView {
    fn default() -> Self {
        let fitted = CanvasState::fitted;
        Self {
            tab: ReviewTab::Overview,
            replay: None,
            canvas: fitted(),
            reference_canvas: fitted(),
            reference_layout: ReferenceLayout::Both,
            answer_level: None,
        }
    }
}
