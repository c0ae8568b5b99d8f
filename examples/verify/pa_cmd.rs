//! `verify pa`: passive authentication of an EF.SOD and data-group files against master
//! lists, CSCA certificates (files or folders) and CRLs, at a given date.

use clap::Args;
use idverify::pki::check::parse_date;
use idverify::pki::{PaInput, PkiError, Status, TrustStore, passive_authentication};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `pa`.
#[derive(Args)]
pub struct PaArgs {
    /// EF.SOD file (with its 0x77 tag).
    #[arg(long)]
    sod: PathBuf,
    /// A data group as read from the chip: N=FILE (repeatable).
    #[arg(long = "dg", value_name = "N=FILE")]
    dgs: Vec<String>,
    /// A CSCA master list (.ml); its signer must be a master-list signer issued by an
    /// --ml-root certificate of its own country.
    #[arg(long = "masterlist", value_name = "FILE")]
    masterlists: Vec<PathBuf>,
    /// A root for master-list signers only (e.g. DE_ROOT_CA_CSCA07.cer); repeatable. The
    /// --csca certificates never vouch for a master list.
    #[arg(long = "ml-root", value_name = "FILE")]
    ml_roots: Vec<PathBuf>,
    /// A trusted CSCA certificate (DER or PEM), a folder of them, or a trust snapshot folder
    /// (`verify trust build`), repeatable; `--trust` is the same option.
    #[arg(long = "csca", visible_alias = "trust", value_name = "FILE|DIR")]
    cscas: Vec<PathBuf>,
    /// A CRL (DER or PEM) of a CSCA (repeatable).
    #[arg(long = "crl", value_name = "FILE")]
    crls: Vec<PathBuf>,
    /// The date to check certificates at, YYYY-MM-DD.
    #[arg(long)]
    at: String,
    /// The document's issuing state as in the MRZ (e.g. D, NLD), to match the CSCA country.
    #[arg(long)]
    issuer: Option<String>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn build_store(args: &PaArgs, time: i64) -> Result<TrustStore, String> {
    let mut store = TrustStore::new();
    for p in &args.ml_roots {
        store
            .add_master_list_roots(&read(p)?)
            .map_err(|e| format!("{}: {e}", p.display()))?;
    }
    for dir in &args.cscas {
        store
            .add_trust_path(dir, time)
            .map_err(|e| crate::report_cmd::trust_error(&e))?;
    }
    for p in &args.masterlists {
        let bytes = read(p)?;
        store
            .add_rooted_master_list(&bytes, time)
            .map_err(|e| match e {
                PkiError::NoMasterListRoot => format!(
                    "{}: a master list needs the root of its signer: give it with --ml-root",
                    p.display()
                ),
                e => format!("{}: {e}", p.display()),
            })?;
    }
    for p in &args.crls {
        store
            .add_trust_path(p, time)
            .map_err(|e| crate::report_cmd::trust_error(&e))?;
    }
    Ok(store)
}

fn parse_dg(spec: &str) -> Result<(u8, PathBuf), String> {
    let (n, file) = spec
        .split_once('=')
        .ok_or_else(|| format!("--dg {spec}: expected N=FILE"))?;
    let n: u8 = n
        .trim_start_matches("DG")
        .trim_start_matches("dg")
        .parse()
        .ok()
        .filter(|n| (1..=16).contains(n))
        .ok_or_else(|| format!("--dg {spec}: data group number must be 1..16"))?;
    Ok((n, PathBuf::from(file)))
}

/// Runs `pa`: exit 0 when genuine, 1 when a check fails, 2 on unreadable input.
pub fn run(args: PaArgs) -> ExitCode {
    match run_inner(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("pa: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &PaArgs) -> Result<bool, String> {
    let time =
        parse_date(&args.at).ok_or_else(|| format!("--at {}: expected YYYY-MM-DD", args.at))?;
    let sod = read(&args.sod)?;
    let mut dgs = Vec::new();
    for spec in &args.dgs {
        let (n, path) = parse_dg(spec)?;
        dgs.push((n, read(&path)?));
    }
    let store = build_store(args, time)?;
    let dg_refs: Vec<(u8, &[u8])> = dgs.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let input = PaInput {
        sod: &sod,
        data_groups: &dg_refs,
        refused: &[],
        time,
        issuing_state: args.issuer.as_deref(),
    };
    let result = passive_authentication(&input, &store);
    if result
        .check("sod.parse")
        .is_some_and(|c| c.status == Status::Failed)
    {
        let why = result
            .check("sod.parse")
            .map(|c| c.message.clone())
            .unwrap_or_default();
        return Err(format!("{}: {why}", args.sod.display()));
    }
    if args.json {
        let text = serde_json::to_string_pretty(&result).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        println!(
            "trust store: {} CSCA certificates, {} CRLs",
            store.len(),
            store.crls().len()
        );
        for c in &result.checks {
            let status = serde_json::to_string(&c.status).unwrap_or_default();
            println!(
                "{:<14} {:<22} {}",
                status.trim_matches('"'),
                c.id,
                c.message
            );
            for (k, v) in &c.evidence {
                println!("{:<14}   {k}: {v}", "");
            }
        }
        println!(
            "passive authentication: {}",
            if result.genuine() {
                "GENUINE"
            } else {
                "NOT VERIFIED"
            }
        );
    }
    Ok(result.genuine())
}
