//! Embeds every `scenarios/*.ron` and `assets/frameworks/*.ron` so adding a file needs no code.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn embed_folder(out: &mut String, name: &str, folder: &str) {
    println!("cargo::rerun-if-changed={folder}");
    let mut files: Vec<_> = fs::read_dir(folder)
        .map(|dir| {
            dir.filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let _ = writeln!(
        out,
        "/// Embedded `{folder}/*.ron` files: (file name, contents)."
    );
    let _ = writeln!(out, "pub const {name}: &[(&str, &str)] = &[");
    for path in files {
        let file_name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // Relative to the manifest, so the generated table never names this machine's paths.
        let _ = writeln!(
            out,
            "    ({file_name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/{folder}/{file_name}\"))),"
        );
    }
    let _ = writeln!(out, "];");
}

fn main() {
    let mut out = String::new();
    embed_folder(&mut out, "SCENARIO_FILES", "scenarios");
    embed_folder(&mut out, "FRAMEWORK_FILES", "assets/frameworks");
    embed_folder(&mut out, "GRADED_FILES", "graded");
    let Ok(out_dir) = env::var("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    if let Err(err) = fs::write(Path::new(&out_dir).join("embedded.rs"), out) {
        panic!("cannot write embedded.rs: {err}");
    }
}
