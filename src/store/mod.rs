//! Everything that touches files: RON I/O, atomic saves, the library folder, built-in data.

pub mod atomic;
pub mod builtin;
pub mod catalog;
pub mod check;
pub mod error;
pub mod library;
pub mod ron_file;
pub mod session_file;

pub use catalog::{Catalog, CatalogEntry, ScenarioSource};
pub use error::StoreError;
pub use library::{Library, SessionSummary};
pub use session_file::{load_session, parse_session, save_session};
