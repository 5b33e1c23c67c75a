//! The native window's options: title, sizes, and where eframe keeps its state.

use crate::store::Library;

/// The options the window opens with. eframe's own state (window size and position, egui's
/// memory) is kept in the library's `app.ron`, never in the default library's folder, so a
/// library given with `--library DIR` holds everything of its own.
pub fn native_options(library: &Library) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Drillboard")
            .with_app_id("drillboard")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        persistence_path: Some(library.window_state_path()),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_state_is_kept_inside_the_library() {
        let dir = std::path::Path::new("/some/where/my-library");
        let options = native_options(&Library::new(dir));
        let path = options.persistence_path.expect("a path is always given");
        assert_eq!(path, dir.join("app.ron"));
    }
}
