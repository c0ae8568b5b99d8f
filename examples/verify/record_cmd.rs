//! The verification record on the command line: `--record FILE.pdf` (with `--seal-key` and
//! `--seal-cert`, the seal beside it as FILE.pdf.p7s) for `verify`, `verify read` and
//! `verify report`; and `verify record-check FILE.pdf --signature FILE.p7s --trust CERT`.

use getrandom::SysRng;
use idverify::pki::store::parse_certificates;
use idverify::record::{RecordOptions, check_seal, seal, seal_algorithm, write_record};
use idverify::terminal::open_terminal_key;
use idverify::verify::{Lang, Report};
use rand_core::UnwrapErr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of the record (shared by the commands that verify).
#[derive(clap::Args, Debug, Default)]
pub struct RecordArgs {
    /// Write the verification record to FILE.pdf: PDF/A-3b, the report JSON embedded, no face
    /// and no CAN unless --record-face.
    #[arg(long, value_name = "FILE.pdf")]
    pub record: Option<PathBuf>,
    /// Seal the record with this key (a PKCS#8 file or a `pkcs11:` URI); the seal, a detached
    /// CMS signature (DER), is written to FILE.pdf.p7s.
    #[arg(long, value_name = "KEY", requires_all = ["record", "seal_cert"])]
    pub seal_key: Option<String>,
    /// The seal key's certificate, DER or PEM.
    #[arg(long, value_name = "CERT", requires = "seal_key")]
    pub seal_cert: Option<PathBuf>,
    /// The office, printed on the record.
    #[arg(long, default_value = "", requires = "record")]
    pub office: String,
    /// The desk or workstation.
    #[arg(long, default_value = "", requires = "record")]
    pub desk: String,
    /// The operator.
    #[arg(long, default_value = "", requires = "record")]
    pub operator: String,
    /// Why the document was checked.
    #[arg(long, default_value = "", requires = "record")]
    pub purpose: String,
    /// Print the face on the record, marked "KOPIE" (data minimisation leaves it out).
    #[arg(long, requires = "record")]
    pub record_face: bool,
}

fn now_unix() -> Result<i64, String> {
    Ok(super::report_cmd::now()?.unix())
}

/// The path of the seal written beside `record`.
pub fn seal_path(record: &Path) -> PathBuf {
    let mut name = record.as_os_str().to_owned();
    name.push(".p7s");
    PathBuf::from(name)
}

/// Writes the record of `report` (and its seal) when `--record` was given.
pub fn write(report: &Report, args: &RecordArgs, lang: Lang) -> Result<(), String> {
    let Some(path) = &args.record else {
        return Ok(());
    };
    let now = now_unix()?;
    let options = RecordOptions {
        office: args.office.clone(),
        desk: args.desk.clone(),
        operator: args.operator.clone(),
        purpose: args.purpose.clone(),
        lang,
        written_at: now,
        include_face: args.record_face,
    };
    let pdf = write_record(report, &options).map_err(|e| e.to_string())?;
    std::fs::write(path, &pdf).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("record   {} ({} bytes)", path.display(), pdf.len());
    if let (Some(key), Some(cert)) = (&args.seal_key, &args.seal_cert) {
        let bytes = idverify::local_file::read_required_file(
            cert,
            idverify::local_file::MAX_CREDENTIAL_FILE_LEN,
        )
        .map_err(|e| format!("--seal-cert {}: {e}", cert.display()))?;
        let certificate = parse_certificates(&bytes)
            .map_err(|e| format!("--seal-cert {}: {e}", cert.display()))?
            .into_iter()
            .next()
            .ok_or_else(|| format!("--seal-cert {}: no certificate", cert.display()))?;
        let algorithm = seal_algorithm(&certificate).map_err(|e| e.to_string())?;
        let signer = open_terminal_key(key, algorithm, Some(Box::new(UnwrapErr(SysRng))))
            .map_err(|e| format!("--seal-key: {e}"))?;
        let p7s =
            seal(&pdf, &certificate.der, signer.as_ref(), now).map_err(|e| format!("seal: {e}"))?;
        let out = seal_path(path);
        std::fs::write(&out, &p7s).map_err(|e| format!("{}: {e}", out.display()))?;
        eprintln!("seal     {} ({})", out.display(), signer.describe());
    }
    Ok(())
}

/// Check a sealed verification record.
#[derive(clap::Args, Debug)]
pub struct RecordCheckArgs {
    /// The record (PDF).
    record: PathBuf,
    /// Its seal (detached CMS, DER), by default FILE.pdf.p7s.
    #[arg(long, value_name = "FILE.p7s")]
    signature: Option<PathBuf>,
    /// The trust anchor: the office's seal certificate or the CA that issued it, DER or PEM
    /// (repeatable).
    #[arg(long, value_name = "CERT", required = true)]
    trust: Vec<PathBuf>,
}

fn read(path: &Path, cap: usize) -> Result<Vec<u8>, String> {
    idverify::local_file::read_required_file(path, cap)
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// `verify record-check`: 0 valid, 1 the record or seal was changed or is not trusted,
/// 2 unreadable input.
pub fn check(args: &RecordCheckArgs) -> ExitCode {
    match check_inner(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("record-check: {e}");
            ExitCode::from(2)
        }
    }
}

fn check_inner(args: &RecordCheckArgs) -> Result<ExitCode, String> {
    const MAX_RECORD_LEN: usize = 64 << 20;
    let pdf = read(&args.record, MAX_RECORD_LEN)?;
    let signature = args
        .signature
        .clone()
        .unwrap_or_else(|| seal_path(&args.record));
    let p7s = read(&signature, idverify::local_file::MAX_CREDENTIAL_FILE_LEN)?;
    let mut trust = Vec::new();
    for path in &args.trust {
        let bytes = read(path, idverify::local_file::MAX_CREDENTIAL_FILE_LEN)?;
        trust.extend(parse_certificates(&bytes).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    let result =
        check_seal(&pdf, &p7s, &trust).map_err(|e| format!("{}: {e}", signature.display()))?;
    let signer = result.signer.as_deref().unwrap_or("(no certificate)");
    let time = result
        .signing_time
        .as_deref()
        .unwrap_or("(no signing time)");
    let algorithm = result.algorithm.as_deref().unwrap_or("?");
    if result.valid() {
        println!(
            "valid: {} unchanged since it was sealed",
            args.record.display()
        );
        println!("sealed by {signer} at {time} ({algorithm})");
        return Ok(ExitCode::SUCCESS);
    }
    println!("INVALID: {}", args.record.display());
    for problem in &result.problems {
        println!("  {problem}");
    }
    println!("seal signed by {signer} at {time} ({algorithm})");
    Ok(ExitCode::from(1))
}
