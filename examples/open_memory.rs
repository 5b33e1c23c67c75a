//! Measures the memory that opening a session costs: peak resident set size (Linux `VmHWM`)
//! after starting the app, after opening the file, and after drawing it for a few frames.
//! `cargo run --example open_memory -- FILE.ron [FRAMES]`.

use std::path::PathBuf;
use std::process::ExitCode;

use drillboard::model::SystemClock;
use drillboard::store::Library;
use drillboard::ui::App;

/// Peak resident set size so far, in MiB (0 where `/proc` is missing).
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(file) = args.next().map(PathBuf::from) else {
        eprintln!("usage: open_memory FILE.ron [FRAMES]");
        return ExitCode::from(2);
    };
    let frames: usize = args.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    let size = std::fs::metadata(&file).map_or(0, |m| m.len()) as f64 / (1024.0 * 1024.0);
    let Ok(library_dir) = tempfile::tempdir() else {
        eprintln!("open_memory: no temp folder");
        return ExitCode::FAILURE;
    };
    let app = match App::new(
        Library::new(library_dir.path()),
        Box::new(SystemClock::default()),
    ) {
        Ok(app) => app,
        Err(err) => {
            eprintln!("open_memory: {err}");
            return ExitCode::FAILURE;
        }
    };
    let baseline = peak_mib();
    let mut app = app;
    if let Err(err) = app.open_file(file) {
        eprintln!("open_memory: {err}");
        return ExitCode::FAILURE;
    }
    let opened = peak_mib();
    println!(
        "file {size:.1} MiB; peak RSS: app {baseline:.0} MiB, opened {opened:.0} MiB (+{:.0} MiB, {:.1}× the file)",
        opened - baseline,
        (opened - baseline) / size.max(0.001)
    );
    if frames > 0 {
        let mut harness = egui_kittest::Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .build_ui_state(|ui, app: &mut App| app.show(ui), app);
        for _ in 0..frames {
            harness.step();
        }
        let drawn = peak_mib();
        println!(
            "after {frames} frames: {drawn:.0} MiB (+{:.0} MiB over the app, {:.1}× the file)",
            drawn - baseline,
            (drawn - baseline) / size.max(0.001)
        );
    }
    ExitCode::SUCCESS
}
