//! The example verifier: what a desk integrator runs first. Each subcommand lives in its
//! own file; this file only parses the command line and dispatches.
//!
//! Exit codes: 0 every check passed, 1 a check failed, 2 unreadable input or usage error.

mod read_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Checks identity documents: MRZ, chip, passive authentication.
#[derive(Parser)]
#[command(name = "verify", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Read a document's chip (BAC) through a PC/SC reader.
    Read(read_cmd::ReadArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            eprintln!("no subcommand given; see --help");
            ExitCode::from(2)
        }
        Some(command) => match command {
            Command::Read(args) => read_cmd::run(args),
        },
    }
}
