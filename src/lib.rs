//! Drillboard: practise ML system-design interviews alone.
//!
//! `model` is the pure domain (no UI, no files), `store` owns files, `ui` draws and returns
//! actions. `main.rs` only parses arguments and opens the window.

pub mod audio;
pub mod export;
pub mod model;
pub mod store;
pub mod ui;
