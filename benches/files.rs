//! File costs: saving and loading the 5,000-node scene, and the home screen's data for a
//! library of 1,000 saved sessions.
//!
//! `cargo bench --bench files`

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use drillboard::store::builtin::{grid_session, practice_session};
use drillboard::store::{Library, load_session_repaired, save_session};

/// A library of `count` realistic sessions: a 15-box diagram and notes in every phase.
fn fill_library(root: &Path, count: usize) -> Library {
    let library = Library::new(root);
    for i in 0..count {
        let session = practice_session(i).expect("builds");
        library.save(&session).expect("saves");
    }
    library
}

fn files(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let scene = grid_session(5000, 1).expect("builds");
    let path = dir.path().join("grid-5000.ron");
    c.bench_function("store/save_5000", |b| {
        b.iter(|| save_session(black_box(&scene), &path).expect("saves"));
    });
    c.bench_function("store/load_5000", |b| {
        b.iter(|| black_box(load_session_repaired(&path).expect("loads")));
    });

    let root = tempfile::tempdir().expect("temp dir");
    let library = fill_library(root.path(), 1000);
    // The first listing builds the index; what is measured is every start after that.
    let (first, errors) = library.sessions();
    assert_eq!((first.len(), errors.len()), (1000, 0));
    c.bench_function("library/open_1000", |b| {
        b.iter(|| {
            let (sessions, _) = library.sessions();
            assert_eq!(sessions.len(), 1000);
            black_box(sessions)
        });
    });
}

criterion_group!(benches, files);
criterion_main!(benches);
