//! The window: views draw from state and return actions; `App::apply` changes state.

pub mod action;
pub mod app;
pub mod canvas;
pub mod compare;
pub mod drill;
pub mod drill_summary;
pub mod help;
pub mod home;
pub mod interviewer;
pub mod library;
pub mod open_prompt;
pub mod review;
pub mod theme;
pub mod toolbar;
pub mod widgets;
pub mod window;

pub use action::Action;
pub use app::{App, Screen, StatusKind};
pub use window::native_options;
