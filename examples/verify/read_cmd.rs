//! `verify read`: reads a document's chip through a PC/SC reader — PACE with the MRZ or the
//! CAN when the chip offers it, else BAC with the MRZ — EF.COM, EF.SOD and every data group
//! EF.COM lists, with chip and active authentication (the library's desk pipeline) — printing
//! per file its size, APDUs and time; `--dump DIR` writes each file as DIR/<name>.bin
//! (EF.COM.bin, EF.SOD.bin, DG1.bin …). With `--image FILE` the MRZ is read from a scan of
//! the data page: it gives the access key, and after the read the printed MRZ is compared
//! with DG1 (`mrz.optical_equals_dg1`, with how sure the image read is).

use getrandom::SysRng;
use idverify::chip::FileId;
use idverify::chip::access::pace::AccessKey;
use idverify::chip::transport::pcsc::PcscReaders;
use idverify::inspect::{InspectOptions, ProgressEvent, Stage, load_trust_with_roots, read_chip};
use idverify::mrz;
use idverify::optical::{self, OpticalError};
use idverify::pki::TrustStore;
use idverify::verify::{
    AccessProtocol, DocumentInput, Lang, ProtocolOutcome, RuleId, ScannedImage, Verifier,
    VerifierConfig,
};
use rand_core::UnwrapErr;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Read a document's chip (PACE, else BAC) through a PC/SC reader.
#[derive(clap::Args)]
pub struct ReadArgs {
    /// The PC/SC reader; default: the first reader with a card.
    #[arg(long)]
    reader: Option<String>,
    /// The whole MRZ (lines separated by newlines, or all in one line).
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["document_number", "birth_date", "expiry_date", "can"])]
    mrz: Option<String>,
    /// Document number as printed in the MRZ (shorter ones are filled with '<').
    #[arg(long, requires_all = ["birth_date", "expiry_date"])]
    document_number: Option<String>,
    /// Date of birth, YYMMDD.
    #[arg(long, requires_all = ["document_number", "expiry_date"])]
    birth_date: Option<String>,
    /// Date of expiry, YYMMDD.
    #[arg(long, requires_all = ["document_number", "birth_date"])]
    expiry_date: Option<String>,
    /// The card access number printed on the document (PACE only); instead of the MRZ.
    #[arg(long, conflicts_with_all = ["document_number", "birth_date", "expiry_date"])]
    can: Option<String>,
    /// A scan of the data page (PNG, JPEG, TIFF, BMP): the MRZ read from it gives the access
    /// key and is compared with DG1 after the read.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["mrz", "document_number", "birth_date", "expiry_date", "can"])]
    image: Option<PathBuf>,
    /// Write each file read to DIR/<name>.bin.
    #[arg(long, value_name = "DIR")]
    dump: Option<PathBuf>,
    /// Directory of the terminal's card-verifiable certificates (`*.cvcert`: DV, terminal,
    /// link and CVCA certificates) for Terminal Authentication after PACE.
    #[arg(long, value_name = "DIR", requires = "terminal_key")]
    terminal_chain: Option<PathBuf>,
    /// The terminal's private key: a PKCS#8 file or a `pkcs11:` URI.
    #[arg(long, value_name = "FILE|pkcs11:...", requires = "terminal_chain")]
    terminal_key: Option<String>,
    /// The desk's date for checking the terminal chain, YYYY-MM-DD (default: today).
    #[arg(long, value_name = "DATE", requires = "terminal_chain")]
    terminal_date: Option<String>,
    /// Seconds to wait for a card.
    #[arg(long, default_value_t = 10)]
    wait: u64,
    /// With --record: trust anchors for the verification (CSCA certificates, master lists,
    /// CRLs; files or folders, repeatable). A master list needs the root of its signer.
    #[arg(long, value_name = "PATH", requires = "record")]
    trust: Vec<PathBuf>,
    /// With --record: a master-list root certificate (repeatable).
    #[arg(long = "ml-root", value_name = "CERT", requires = "record")]
    ml_roots: Vec<PathBuf>,
    /// With --record: the record's language, de or en.
    #[arg(long, default_value = "de")]
    lang: String,
    /// With --record: the verifier's configuration.
    #[command(flatten)]
    config: super::config_cmd::ConfigFileArg,
    /// After reading, verify and write the verification record (see `verify report`).
    #[command(flatten)]
    record: super::record_cmd::RecordArgs,
}

/// Runs the subcommand: 0 when every file was read, 1 when the chip refused a listed file,
/// 2 on bad input or a failed session.
pub fn run(args: ReadArgs) -> ExitCode {
    // A configuration that does not load is refused before the card is touched.
    if let Err(message) = args.config.load(false) {
        eprintln!("read: {message}");
        return ExitCode::from(2);
    }
    let image = match args.image.as_deref().map(super::scan_input::image_file) {
        None => None,
        Some(Ok(image)) => Some(image),
        Some(Err(message)) => {
            eprintln!("read: {message}");
            return ExitCode::from(2);
        }
    };
    let key = match access_key(&args, image.as_ref()) {
        Ok(key) => key,
        Err(message) => {
            eprintln!("read: {message}");
            return ExitCode::from(2);
        }
    };
    match read(&args, &key, image) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("read: {message}");
            ExitCode::from(2)
        }
    }
}

/// The access key from `--can`, `--mrz`, `--image` or the three MRZ fields.
fn access_key(args: &ReadArgs, image: Option<&ScannedImage>) -> Result<AccessKey, String> {
    if let Some(can) = &args.can {
        if can.is_empty() || !can.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("CAN {can:?}: digits only"));
        }
        return Ok(AccessKey::Can(can.as_bytes().to_vec()));
    }
    if let Some(text) = &args.mrz {
        return key_from_mrz(text, "--mrz");
    }
    if let Some(image) = image {
        let grey = image.grey().map_err(|e| format!("--image: {e}"))?;
        let read = match optical::read_mrz(&grey) {
            Ok(read) => read,
            Err(OpticalError::NoMrz) => return Err("--image: no MRZ found".into()),
            Err(e) => return Err(format!("--image: {e}")),
        };
        super::mrz_image::print_read(&read);
        return key_from_mrz(&read.text(), "--image");
    }
    match (&args.document_number, &args.birth_date, &args.expiry_date) {
        (Some(number), Some(birth), Some(expiry)) => {
            let information =
                mrz::mrz_information(number, birth, expiry).map_err(|e| e.to_string())?;
            Ok(AccessKey::Mrz(information.as_bytes().to_vec()))
        }
        _ => {
            Err("give --can, --mrz or all of --document-number, --birth-date, --expiry-date".into())
        }
    }
}

/// The access key from an MRZ's text (`source` names the option in messages).
fn key_from_mrz(text: &str, source: &str) -> Result<AccessKey, String> {
    let today = super::mrz_cmd::today_utc().ok_or("the system clock is not usable")?;
    let mrz = mrz::parse(text, today).map_err(|e| format!("{source}: {e}"))?;
    for check in mrz.failed_checks() {
        // The key uses recomputed check digits, so a misprint does not stop the read.
        eprintln!(
            "read: warning: MRZ check digit {:?}: found {}, expected {}",
            check.kind, check.found, check.expected
        );
    }
    let information = mrz
        .mrz_information()
        .map_err(|e| format!("{source}: {e}"))?;
    Ok(AccessKey::Mrz(information.as_bytes().to_vec()))
}

/// Connects, opens (PACE, else BAC), reads (with chip and active authentication when the
/// chip offers them) and prints; `Ok(false)` when some listed file was refused.
fn read(args: &ReadArgs, key: &AccessKey, image: Option<ScannedImage>) -> Result<bool, String> {
    let readers = PcscReaders::establish().map_err(|e| format!("PC/SC: {e}"))?;
    let channel = readers
        .connect_first(args.reader.as_deref(), Some(Duration::from_secs(args.wait)))
        .map_err(|e| match &args.reader {
            Some(r) => format!("no card in reader {r:?}: {e}"),
            None => format!("no reader with a card: {e}"),
        })?;
    println!("reader   {}", channel.reader());
    println!("ATR      {}", hex::encode_upper(channel.atr()));
    let mut options = InspectOptions::new(key.clone());
    options.reader = Some(channel.reader().to_string());
    options.clock_millis = Some(clock_millis);
    if let (Some(dir), Some(key)) = (&args.terminal_chain, &args.terminal_key) {
        options.terminal = Some(super::ta_cmd::load(
            dir,
            key,
            args.terminal_date.as_deref(),
        )?);
    }
    let input = read_chip(
        channel,
        &options,
        &mut UnwrapErr(SysRng),
        &mut show_progress,
    );
    eprintln!();
    let mut input = input.map_err(|e| e.to_string())?;
    input.images.extend(image);
    let chip = input.chip.as_ref().ok_or("no chip read")?;
    if let Some((protocol, outcome)) = &chip.access {
        let name = match protocol {
            AccessProtocol::Pace => "PACE",
            AccessProtocol::Bac => "BAC",
        };
        let text = match outcome {
            ProtocolOutcome::Passed { detail } => detail.clone(),
            other => outcome_text(other),
        };
        println!(
            "{name:<8} {text}, {} APDUs, {} ms",
            chip.access_apdus, chip.access_millis
        );
    }
    if let Some(dir) = &args.dump {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    println!("{:<16} {:>8} {:>6} {:>8}", "file", "bytes", "APDUs", "ms");
    let mut total_bytes = 0;
    for read in &chip.files {
        let bytes = input.files.get(&read.file).map_or(&[][..], Vec::as_slice);
        total_bytes += bytes.len();
        println!(
            "{:<16} {:>8} {:>6} {:>8}",
            read.file.name(),
            bytes.len(),
            read.apdus,
            read.millis
        );
        if let Some(dir) = &args.dump {
            let path = dir.join(format!("{}.bin", read.file.name()));
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    for file in &chip.not_readable {
        println!("{:<16} not readable", file.name());
    }
    for (name, outcome) in [
        ("CA", &input.chip_authentication),
        ("AA", &input.active_authentication),
    ] {
        if let Some(o) = outcome {
            println!("{name}       {}", outcome_text(o));
        }
    }
    println!(
        "total    {total_bytes} bytes, {} APDUs, {} ms",
        chip.apdus, chip.millis
    );
    if let Some(ta) = &input.terminal_authentication {
        super::ta_cmd::print_report_entry(ta, input.eid.as_ref());
    }
    if !input.images.is_empty() {
        print_printed_equals_dg1(&input)?;
    }
    if args.record.record.is_some() {
        record(args, input.clone())?;
    }
    // EF.CardSecurity is optional (PACE documents only): its absence is no refusal.
    Ok(chip.not_readable.iter().all(|f| *f == FileId::CardSecurity))
}

/// Verifies what was read (with the MRZ given as the optical one) and writes the record.
fn record(args: &ReadArgs, mut input: DocumentInput) -> Result<(), String> {
    let lang = Lang::parse(&args.lang).ok_or_else(|| format!("--lang {}: de or en", args.lang))?;
    let time = super::report_cmd::now()?;
    let store = load_trust_with_roots(&args.ml_roots, &args.trust, time.unix())
        .map_err(|e| super::report_cmd::trust_error(&e))?;
    input.optical_mrz = args.mrz.clone();
    let config = args.config.load(args.record.record_face)?;
    let report = Verifier::new(store, config).verify(&input, time);
    println!("verdict  {}", report.verdict_text.get(lang));
    super::record_cmd::write(&report, &args.record, lang)
}

/// Compares the MRZ read from the scan with DG1 (no trust needed) and prints the result
/// with how sure the image read is.
fn print_printed_equals_dg1(input: &DocumentInput) -> Result<(), String> {
    let time = super::report_cmd::now()?;
    let report = Verifier::new(TrustStore::new(), VerifierConfig::default()).verify(input, time);
    let check = report
        .check(RuleId::MrzOpticalEqualsDg1)
        .ok_or("mrz.optical_equals_dg1 is switched off")?;
    let status = serde_json::to_value(check.status)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    println!(
        "printed  {} {status}: {}",
        check.id,
        check.message.get(Lang::En)
    );
    Ok(())
}

fn outcome_text(o: &ProtocolOutcome) -> String {
    match o {
        ProtocolOutcome::Passed { detail } => format!("passed: {detail}"),
        ProtocolOutcome::Failed { reason } => format!("FAILED: {reason}"),
        ProtocolOutcome::Unsupported { reason } => format!("unsupported: {reason}"),
    }
}

/// Milliseconds since the first call: the clock the pipeline reports timings with.
pub fn clock_millis() -> u64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Shows the pipeline's progress on stderr, on one line.
pub fn show_progress(e: &ProgressEvent) -> bool {
    const WIDTH: usize = 20;
    let label = match e.stage {
        Stage::Access => "access".to_string(),
        Stage::ReadFile(f) => f.name().to_string(),
        Stage::ChipAuthentication => "CA".to_string(),
        Stage::ActiveAuthentication => "AA".to_string(),
        Stage::TerminalAuthentication => "TA".to_string(),
        Stage::ReadEidFile(n) => format!("eID DG{n}"),
    };
    let total = e.total.unwrap_or(0).max(1);
    let filled = (WIDTH * e.done.min(total)) / total;
    eprint!(
        "\r[{}{}] {label:<14} {:>4} APDUs",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled),
        e.apdus
    );
    let _ = std::io::stderr().flush();
    true
}
