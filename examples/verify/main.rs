//! The example verifier: what a desk integrator runs first. Each subcommand lives in its
//! own file; this file only parses the command line and dispatches.
//!
//! Exit codes: 0 every check passed, 1 a check failed, 2 unreadable input or usage error.

mod pa_cmd;

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
    /// Passive authentication: EF.SOD signature, DSC chain, data-group hashes.
    Pa(pa_cmd::PaArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => {
            eprintln!("no subcommand given; see --help");
            ExitCode::from(2)
        }
        Some(command) => match command {
            Command::Pa(args) => pa_cmd::run(args),
        },
    }
}
