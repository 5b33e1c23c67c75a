//! Everything that touches files: RON I/O, atomic saves, the library folder, built-in data.

pub mod atomic;
pub mod autosave;
pub mod backup;
pub mod builtin;
pub mod canvas_views;
pub mod catalog;
pub mod check;
pub mod error;
pub mod graded;
pub mod index;
pub mod library;
pub mod lock;
pub mod migrate;
pub mod partner_score;
pub mod repair;
pub mod replay_file;
pub mod ron_file;
pub mod session_file;

pub use catalog::{Catalog, CatalogEntry, ScenarioSource};
pub use error::StoreError;
pub use library::{Library, SessionSummary};
pub use repair::{
    LoadedSession, load_session_repaired, open_session, parse_session_for_app,
    parse_session_repaired,
};
pub use session_file::{load_session, parse_session, save_session};
