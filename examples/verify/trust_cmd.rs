//! `verify trust build|update|status`: the desk's trust snapshot — built from the ICAO PKD's
//! LDIF files, master lists, certificates and CRLs, replaced atomically, and reported on.

use crate::report_cmd::{now, trust_error};
use clap::{Args, Subcommand};
use idverify::inspect::snapshot::{build_store, install_snapshot, load_snapshot};
use idverify::mrz::Date;
use idverify::pki::trust_status::trust_status;
use idverify::verify::CheckTime;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Arguments of `trust`.
#[derive(Args)]
pub struct TrustArgs {
    #[command(subcommand)]
    command: TrustCommand,
}

#[derive(Subcommand)]
enum TrustCommand {
    /// Builds a new snapshot folder from sources.
    Build(BuildArgs),
    /// Rebuilds the snapshot of a folder from sources and switches to it only if every
    /// source loaded and every master list verified; otherwise the old one stays in use.
    Update(BuildArgs),
    /// What the snapshot in use holds: countries, expiring CSCAs, sources, overdue CRLs.
    Status(StatusArgs),
}

#[derive(Args)]
struct BuildArgs {
    /// The snapshot folder (`build`: created; `update`: the one in use).
    #[arg(long = "out", alias = "dir", value_name = "DIR")]
    out: PathBuf,
    /// A master-list root (e.g. DE_ROOT_CA_CSCA07.cer), repeatable: master lists load only
    /// when signed by a master-list signer it issued, of its country.
    #[arg(long = "ml-root", value_name = "CERT")]
    ml_roots: Vec<PathBuf>,
    /// The date the master lists are checked at, YYYY-MM-DD (default: now).
    #[arg(long)]
    at: Option<String>,
    /// Sources: ICAO PKD LDIF files, master lists, certificates, CRLs, or folders of them.
    #[arg(required = true, value_name = "SOURCE")]
    sources: Vec<PathBuf>,
}

#[derive(Args)]
struct StatusArgs {
    /// The snapshot folder.
    dir: PathBuf,
    /// List CSCAs that end within this many days.
    #[arg(long, default_value_t = 90)]
    days: i64,
    /// The date to report for, YYYY-MM-DD (default: now).
    #[arg(long)]
    at: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

fn time(at: &Option<String>) -> Result<i64, String> {
    Ok(match at {
        Some(at) => CheckTime::from_date(
            Date::parse_iso(at).ok_or_else(|| format!("--at {at}: expected YYYY-MM-DD"))?,
        ),
        None => now()?,
    }
    .unix())
}

/// Runs the subcommand: 0 done, 2 on any error (the old snapshot stays in use).
pub fn run(args: &TrustArgs) -> ExitCode {
    let result = match &args.command {
        TrustCommand::Build(a) => build(a, true),
        TrustCommand::Update(a) => build(a, false),
        TrustCommand::Status(a) => status(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("trust: {e}");
            ExitCode::from(2)
        }
    }
}

fn build(args: &BuildArgs, create: bool) -> Result<(), String> {
    let t = time(&args.at)?;
    let started = Instant::now();
    let built = build_store(&args.ml_roots, &args.sources, t).map_err(|e| {
        let what = if create { "build" } else { "update" };
        let kept = if create {
            String::new()
        } else {
            "; the snapshot in use is unchanged".into()
        };
        format!("{what} failed: {}{kept}", trust_error(&e))
    })?;
    let loaded = started.elapsed();
    let version = install_snapshot(&args.out, &built, t, create).map_err(|e| {
        format!(
            "{e}{}",
            if create {
                ""
            } else {
                "; the snapshot in use is unchanged"
            }
        )
    })?;
    for s in &built.sources {
        println!(
            "{} ({}): {} added, newest issue {}",
            s.name,
            s.kind,
            s.added,
            s.newest_issue.as_deref().unwrap_or("-")
        );
    }
    println!(
        "snapshot {} in use: {} CSCAs, {} CRLs, {} cached document signers (sources read in {} ms)",
        version.display(),
        built.store.len(),
        built.store.crls().len(),
        built.store.document_signers().len(),
        loaded.as_millis()
    );
    Ok(())
}

fn status(args: &StatusArgs) -> Result<(), String> {
    let t = time(&args.at)?;
    let (store, manifest) = load_snapshot(&args.dir).map_err(|e| e.to_string())?;
    let status = trust_status(&store, Some(&manifest), t, args.days);
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&status).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", status.to_text(args.days));
    }
    Ok(())
}
