//! `verify report DIR`: the whole verification of a dumped document (DIR/EF.COM.bin,
//! EF.SOD.bin, DG1.bin …, as `verify read --dump` writes them), optionally with the MRZ read
//! optically — typed (`--mrz`), from a capture bundle (`--bundle`: its serial or typed MRZ,
//! else the MRZ read from its white or infrared image) or from a scan (`--image`) — printed
//! as the text report (German or English) or as JSON. DIR may itself be a capture bundle, and
//! a bundle or an image alone is a document checked by its MRZ only.

use idverify::inspect::{InspectError, load_trust_with_roots, read_dump};
use idverify::mrz::Date;
use idverify::verify::{CheckTime, DocumentInput, Lang, Verdict, Verifier, render};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

/// Verify a dumped document: MRZ, dates, codes, passive authentication, report.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Directory with the dumped files (EF.COM.bin, EF.SOD.bin, DG1.bin, …), or a capture
    /// bundle (a folder with manifest.json).
    dir: Option<PathBuf>,
    /// The MRZ as read optically (lines separated by newlines), to compare with DG1.
    #[arg(long, conflicts_with = "bundle")]
    mrz: Option<String>,
    /// A capture bundle (`verify scan --out`): its images (white, infrared, ultraviolet, with
    /// their page and dpi) go into the verification; its MRZ — sent by a serial reader or
    /// typed — is the MRZ read optically, else the MRZ read from its white or infrared image.
    #[arg(long, value_name = "DIR")]
    bundle: Option<PathBuf>,
    /// A scan of the document under white light (PNG, JPEG, TIFF, BMP): the MRZ read from it
    /// is the optical MRZ unless --mrz gives one, and its SHA-256 goes into the report.
    #[arg(long, value_name = "FILE", conflicts_with = "bundle")]
    image: Option<PathBuf>,
    /// Trust anchors: CSCA certificates, master lists or CRLs, files or folders (repeatable).
    /// A master list needs the root of its signer (--ml-root).
    #[arg(long, value_name = "PATH")]
    trust: Vec<PathBuf>,
    /// A master-list root certificate (e.g. DE_ROOT_CA_CSCA07.cer), repeatable: master lists
    /// under --trust load only when a master-list signer of the root's country, issued by
    /// it, signed them. Not itself a trusted CSCA.
    #[arg(long = "ml-root", value_name = "CERT")]
    ml_roots: Vec<PathBuf>,
    /// The check date, YYYY-MM-DD (default: now).
    #[arg(long)]
    at: Option<String>,
    /// Print the report as JSON (schema/report.schema.json).
    #[arg(long)]
    json: bool,
    /// Include the face (JPEG, or PNG converted from JPEG 2000) in the JSON report.
    #[arg(long)]
    face: bool,
    /// Language of the text report and the record: de or en.
    #[arg(long, default_value = "de")]
    lang: String,
    #[command(flatten)]
    config: crate::config_cmd::ConfigFileArg,
    #[command(flatten)]
    record: crate::record_cmd::RecordArgs,
}

/// Exit code from the verdict: 0 genuine, 1 failed or suspicious, 3 incomplete.
pub fn exit_code(verdict: Verdict) -> ExitCode {
    match verdict {
        Verdict::Genuine => ExitCode::SUCCESS,
        Verdict::Failed | Verdict::Suspicious => ExitCode::from(1),
        Verdict::Incomplete => ExitCode::from(3),
    }
}

/// Runs the subcommand; 2 on unreadable input or bad options.
pub fn run(args: &ReportArgs) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("report: {e}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: &ReportArgs) -> Result<ExitCode, String> {
    let lang = Lang::parse(&args.lang).ok_or_else(|| format!("--lang {}: de or en", args.lang))?;
    let time = match &args.at {
        Some(at) => CheckTime::from_date(
            Date::parse_iso(at).ok_or_else(|| format!("--at {at}: expected YYYY-MM-DD"))?,
        ),
        None => now()?,
    };
    let input = document_input(args)?;
    let config = args.config.load(args.face || args.record.record_face)?;
    let verifier = Verifier::new(
        load_trust_with_roots(&args.ml_roots, &args.trust, time.unix())
            .map_err(|e| trust_error(&e))?,
        config,
    );
    let report = verifier.verify(&input, time);
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!("{}", render(&report, lang));
    }
    crate::record_cmd::write(&report, &args.record, lang)?;
    Ok(exit_code(report.verdict))
}

/// The document from the dump, the bundle and the image given (DIR as a bundle when it
/// holds a manifest).
fn document_input(args: &ReportArgs) -> Result<DocumentInput, String> {
    let (dump, bundle) = match (&args.dir, &args.bundle) {
        (Some(dir), None) if idverify::capture::Bundle::is_bundle(dir) => (None, Some(dir)),
        (dir, bundle) => (dir.as_ref(), bundle.as_ref()),
    };
    let mut input = match dump {
        // Regular files of at most MAX_DUMP_FILE_LEN bytes, as idv_verify_files reads them.
        Some(dir) => {
            let input = read_dump(dir).map_err(|e| e.to_string())?;
            if input.files.is_empty() {
                return Err(format!(
                    "{}: no EF.COM.bin, EF.SOD.bin or DGn.bin",
                    dir.display()
                ));
            }
            input
        }
        None if bundle.is_some() || args.image.is_some() => DocumentInput::default(),
        None => return Err("give a dump DIR, --bundle DIR or --image FILE".into()),
    };
    input.optical_mrz = args.mrz.clone();
    if let Some(dir) = bundle {
        let bundle = crate::scan_input::bundle(dir)?;
        input.images = bundle.images;
        if let Some((text, source)) = bundle.mrz {
            input.optical_mrz = Some(text);
            input.optical_mrz_source = source;
        }
    }
    if let Some(path) = &args.image {
        input.images.push(crate::scan_input::image_file(path)?);
    }
    Ok(input)
}

/// The message for a trust file that does not load, with the option that fixes a master list
/// without a root.
pub fn trust_error(e: &InspectError) -> String {
    match e {
        InspectError::NoMasterListRoot { .. } => {
            format!("{e}; give the root of its signer with --ml-root CERT")
        }
        e => e.to_string(),
    }
}

/// The current time from the system clock.
pub fn now() -> Result<CheckTime, String> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_string())?;
    Ok(CheckTime::from_unix(
        i64::try_from(now.as_secs()).map_err(|e| e.to_string())?,
    ))
}
