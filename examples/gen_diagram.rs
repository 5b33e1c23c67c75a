//! Writes the benchmark grid scene as a session file:
//! `cargo run --release --example gen_diagram -- --nodes N [--seed S] -o FILE.ron`.
//! Open it with `drillboard open FILE.ron`.

use drillboard::store::builtin::grid_session;
use drillboard::store::save_session;
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: gen_diagram --nodes N [--seed S] -o FILE.ron";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("gen_diagram: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<String, String> {
    let mut nodes = None;
    let mut seed = 1_u64;
    let mut out = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--nodes" | "-n" => {
                let v = value("--nodes")?;
                nodes = Some(
                    v.parse::<usize>()
                        .map_err(|e| format!("--nodes {v}: {e}"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v.parse().map_err(|e| format!("--seed {v}: {e}"))?;
            }
            "-o" | "--output" => out = Some(PathBuf::from(value("-o")?)),
            "-h" | "--help" => return Ok(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let nodes = nodes.ok_or("--nodes is required")?;
    let out = out.ok_or("-o FILE is required")?;
    let session = grid_session(nodes, seed)?;
    save_session(&session, &out).map_err(|e| e.to_string())?;
    Ok(format!(
        "wrote {} nodes and {} edges to {}",
        session.diagram.nodes.len(),
        session.diagram.edges.len(),
        out.display()
    ))
}
