//! Fills a library folder with saved practice sessions, for measuring start-up with a big
//! history: `cargo run --release --example gen_library -- --sessions 1000 DIR`, then
//! `drillboard --library DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use drillboard::store::Library;
use drillboard::store::builtin::practice_session;

const USAGE: &str = "usage: gen_library [--sessions N] DIR";

fn main() -> ExitCode {
    let mut count = 1000_usize;
    let mut dir = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sessions" | "-n" => match args.next().map(|v| v.parse()) {
                Some(Ok(n)) => count = n,
                _ => return fail("--sessions needs a number"),
            },
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other if dir.is_none() && !other.starts_with('-') => dir = Some(PathBuf::from(other)),
            other => return fail(&format!("unknown argument `{other}`")),
        }
    }
    let Some(dir) = dir else {
        return fail("the library folder is required");
    };
    let library = Library::new(&dir);
    for i in 0..count {
        let saved = practice_session(i).and_then(|s| library.save(&s).map_err(|e| e.to_string()));
        if let Err(err) = saved {
            return fail(&err);
        }
    }
    println!(
        "wrote {count} sessions to {}",
        library.sessions_dir().display()
    );
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("gen_library: {message}\n{USAGE}");
    ExitCode::from(2)
}
