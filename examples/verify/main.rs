//! The example verifier: what a desk integrator runs first. Each subcommand lives in its
//! own file; this file only parses the command line and dispatches.
//!
//! Exit codes: 0 every check passed, 1 a check failed, 2 unreadable input or usage error.

mod config_cmd;
mod devices_cmd;
mod files_cmd;
mod mrz_cmd;
mod mrz_image;
mod pa_cmd;
mod read_cmd;
mod record_cmd;
mod replay_cmd;
mod report_cmd;
mod scan_cmd;
mod scan_input;
mod ta_cmd;
mod trust_cmd;
#[cfg(feature = "emulator")]
mod verify_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Checks identity documents: MRZ, chip, passive authentication. Without a subcommand:
/// reads and verifies the built-in virtual document and prints the report.
#[derive(Parser)]
#[command(name = "verify", version)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[cfg(feature = "emulator")]
    #[command(flatten)]
    verify: verify_cmd::VerifyArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Checks an MRZ: every field, every check digit.
    Mrz(mrz_cmd::MrzArgs),
    /// Read a document's chip (PACE or BAC) through a PC/SC reader.
    Read(read_cmd::ReadArgs),
    /// Prints the data groups of a dumped document directory (EF.COM.bin, DG1.bin, …).
    Files(files_cmd::FilesArgs),
    /// Passive authentication: EF.SOD signature, DSC chain, data-group hashes.
    Pa(pa_cmd::PaArgs),
    /// Verifies a dumped document and prints the report (text in German or English, or JSON).
    Report(report_cmd::ReportArgs),
    /// Replays a recorded chip session (JSON transcript) against the terminal code.
    Replay(replay_cmd::ReplayArgs),
    /// Captures a document into a bundle folder: a page from a SANE scanner, or the MRZ
    /// from a serial MRZ reader.
    Scan(scan_cmd::ScanArgs),
    /// Lists the scanners SANE finds.
    Devices,
    /// Checks a verification record against its seal: unchanged, and sealed by a trusted key.
    RecordCheck(record_cmd::RecordCheckArgs),
    /// The trust snapshot: build, update (atomic), status.
    Trust(trust_cmd::TrustArgs),
    /// Checks a verifier configuration (--config FILE); --print prints the effective one.
    Config(config_cmd::ConfigArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        #[cfg(feature = "emulator")]
        None => verify_cmd::demo(&cli.verify),
        // Without the software chip: the MRZ check of the built-in specimen.
        #[cfg(not(feature = "emulator"))]
        None => mrz_cmd::demo(),
        Some(command) => match command {
            Command::Mrz(args) => mrz_cmd::run(&args),
            Command::Read(args) => read_cmd::run(args),
            Command::Files(args) => files_cmd::run(&args),
            Command::Pa(args) => pa_cmd::run(args),
            Command::Report(args) => report_cmd::run(&args),
            Command::Replay(args) => replay_cmd::run(&args),
            Command::Scan(args) => scan_cmd::run(&args),
            Command::Devices => devices_cmd::run(),
            Command::RecordCheck(args) => record_cmd::check(&args),
            Command::Trust(args) => trust_cmd::run(&args),
            Command::Config(args) => config_cmd::run(&args),
        },
    }
}
