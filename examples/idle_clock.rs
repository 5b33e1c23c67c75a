//! The idle floor for measuring a running drill's CPU: a bare eframe window (the same eframe
//! features and renderer as the app) showing a clock that repaints once a second.
//! `cargo run --release --example idle_clock`; see `.ci/idle_cpu` for the measurement.

use std::time::{Duration, Instant};

fn main() -> eframe::Result {
    let start = Instant::now();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("idle clock")
            .with_inner_size([1400.0, 900.0]),
        persist_window: false,
        ..Default::default()
    };
    eframe::run_ui_native("idle clock", options, move |ui, _frame| {
        let secs = start.elapsed().as_secs();
        ui.heading(format!("{:02}:{:02}", secs / 60, secs % 60));
        let to_next = 1000 - (start.elapsed().as_millis() % 1000) as u64;
        ui.ctx()
            .request_repaint_after(Duration::from_millis(to_next + 15));
    })
}
