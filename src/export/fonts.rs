//! The fonts the PNG export draws with: egui's built-in faces (Ubuntu Light and the emoji
//! fonts), so that pictures look the same everywhere, plus system faces chosen only when a
//! label has characters the built-in faces lack (CJK, say). The system's fonts are listed
//! the first time that happens, once per run.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use resvg::usvg::fontdb;

use super::svg::FONT_FAMILY;

/// egui's built-in faces: the text face first, then the emoji faces and the monospace face
/// (arrows and other symbols) it falls back to.
fn builtin_faces() -> [&'static [u8]; 4] {
    [
        epaint_default_fonts::UBUNTU_LIGHT,
        epaint_default_fonts::NOTO_EMOJI_REGULAR,
        epaint_default_fonts::EMOJI_ICON,
        epaint_default_fonts::HACK_REGULAR,
    ]
}

/// A database of the built-in faces only, with Ubuntu Light as every generic family. Built once.
fn builtin_database() -> &'static fontdb::Database {
    static DATABASE: OnceLock<fontdb::Database> = OnceLock::new();
    DATABASE.get_or_init(|| {
        let mut db = fontdb::Database::new();
        for face in builtin_faces() {
            db.load_font_data(face.to_vec());
        }
        db.set_sans_serif_family(FONT_FAMILY);
        db.set_serif_family(FONT_FAMILY);
        db.set_monospace_family(FONT_FAMILY);
        db.set_cursive_family(FONT_FAMILY);
        db.set_fantasy_family(FONT_FAMILY);
        db
    })
}

/// The characters of `text` that need a glyph (not spaces or control characters).
fn drawn_chars(text: &str) -> BTreeSet<char> {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect()
}

/// Whether the face `id` of `db` has a glyph for `c`.
fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index)
            .ok()
            .and_then(|font| skrifa::MetadataProvider::charmap(&font).map(c))
            .is_some()
    })
    .unwrap_or(false)
}

/// The characters of `chars` that no face of `db` has.
fn missing_chars(db: &fontdb::Database, chars: &BTreeSet<char>) -> Vec<char> {
    chars
        .iter()
        .copied()
        .filter(|c| !db.faces().any(|face| has_char(db, face.id, *c)))
        .collect()
}

/// A system face that could stand in for missing characters: which of them it has.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Which of the missing characters (by position) the face has.
    pub covers: Vec<bool>,
}

/// Chooses fallback faces for `missing` characters from `candidates`, which come in order of
/// preference: the face covering most still-missing characters first (the earlier one on a
/// tie), again until every character is covered or no face covers any that is left. So one
/// CJK face serves a whole label rather than a face per character, and the list stays short.
/// Returns the chosen candidates' positions, in the order chosen.
pub fn choose_fallbacks(missing: usize, candidates: &[Candidate]) -> Vec<usize> {
    let mut left: Vec<bool> = vec![true; missing];
    let mut chosen = Vec::new();
    loop {
        let best = candidates
            .iter()
            .enumerate()
            .filter(|(i, _)| !chosen.contains(i))
            .map(|(i, c)| {
                let gain = c
                    .covers
                    .iter()
                    .zip(&left)
                    .filter(|(has, needed)| **has && **needed)
                    .count();
                (i, gain)
            })
            // max_by_key keeps the last of equals; reversing keeps the earliest.
            .rev()
            .max_by_key(|(_, gain)| *gain);
        let Some((index, gain)) = best else {
            break;
        };
        if gain == 0 {
            break;
        }
        for (needed, has) in left.iter_mut().zip(&candidates[index].covers) {
            if *has {
                *needed = false;
            }
        }
        chosen.push(index);
    }
    chosen
}

/// The system's fonts, listed once (fontconfig's folders, read in pure Rust), regular upright
/// sans faces first so that fallbacks match the built-in face's look.
fn system_database() -> &'static (fontdb::Database, Vec<fontdb::ID>) {
    static SYSTEM: OnceLock<(fontdb::Database, Vec<fontdb::ID>)> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        let mut ids: Vec<(u8, String, fontdb::ID)> = db
            .faces()
            .map(|face| {
                let family = face
                    .families
                    .first()
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default();
                let rank = u8::from(face.style != fontdb::Style::Normal)
                    + u8::from(face.weight != fontdb::Weight::NORMAL)
                    + u8::from(!family.contains("Sans"))
                    + u8::from(face.monospaced);
                (rank, family, face.id)
            })
            .collect();
        ids.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        (db, ids.into_iter().map(|(_, _, id)| id).collect())
    })
}

/// The fonts to render `text` with: the built-in faces, plus the system faces
/// `choose_fallbacks` picks for characters they lack. Text the built-in faces cover never
/// touches the system's fonts.
pub fn font_database_for(text: &str) -> Arc<fontdb::Database> {
    let builtin = builtin_database();
    let missing = missing_chars(builtin, &drawn_chars(text));
    let mut db = builtin.clone();
    if missing.is_empty() {
        return Arc::new(db);
    }
    let (system, ids) = system_database();
    let candidates: Vec<Candidate> = ids
        .iter()
        .map(|id| Candidate {
            covers: missing.iter().map(|c| has_char(system, *id, *c)).collect(),
        })
        .collect();
    for index in choose_fallbacks(missing.len(), &candidates) {
        if let Some((source, _)) = system.face_source(ids[index]) {
            db.load_font_source(source);
        }
    }
    Arc::new(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(covers: &[u8]) -> Candidate {
        Candidate {
            covers: covers.iter().map(|c| *c == 1).collect(),
        }
    }

    #[test]
    fn the_face_covering_most_is_chosen_first_and_ties_keep_preference_order() {
        // Four missing characters: 日 本 語 and 🜁.
        let candidates = [
            candidate(&[1, 0, 0, 0]), // covers one
            candidate(&[1, 1, 1, 0]), // a CJK face
            candidate(&[1, 1, 1, 0]), // another, less preferred
            candidate(&[0, 0, 0, 1]), // a symbols face
        ];
        assert_eq!(choose_fallbacks(4, &candidates), vec![1, 3]);
    }

    #[test]
    fn nothing_is_chosen_when_no_face_helps() {
        assert_eq!(
            choose_fallbacks(2, &[candidate(&[0, 0])]),
            Vec::<usize>::new()
        );
        assert_eq!(choose_fallbacks(0, &[candidate(&[])]), Vec::<usize>::new());
        assert_eq!(choose_fallbacks(3, &[]), Vec::<usize>::new());
    }

    #[test]
    fn a_face_that_adds_nothing_new_is_not_chosen() {
        let candidates = [
            candidate(&[1, 1, 0]),
            candidate(&[1, 0, 0]),
            candidate(&[0, 1, 1]),
        ];
        assert_eq!(choose_fallbacks(3, &candidates), vec![0, 2]);
    }

    #[test]
    fn latin_and_emoji_need_no_system_fonts() {
        let builtin = builtin_database();
        let latin = missing_chars(builtin, &drawn_chars("Redis cache → 🚀 ✔ Ünïcode"));
        assert!(latin.is_empty(), "{latin:?}");
        assert_eq!(
            missing_chars(builtin, &drawn_chars("模型")),
            vec!['型', '模']
        );
        let db = font_database_for("Feature store");
        assert_eq!(db.len(), builtin.len(), "no system face was added");
    }
}
