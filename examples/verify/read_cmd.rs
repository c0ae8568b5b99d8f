//! `verify read`: reads a document's chip through a PC/SC reader — PACE with the MRZ or the
//! CAN when the chip offers it, else BAC with the MRZ — EF.COM, EF.SOD and
//! every data group EF.COM lists — printing per file its size, APDUs and time; `--dump DIR`
//! writes each file as DIR/<name>.bin (EF.COM.bin, EF.SOD.bin, DG1.bin …).

use getrandom::SysRng;
use idverify::chip::pace::{AccessKey, OpenedWith};
use idverify::chip::pcsc::{PcscChannel, PcscReaders};
use idverify::chip::{ChipError, ChipSession, FileId, listed_data_groups};
use idverify::mrz;
use rand_core::UnwrapErr;
use std::path::PathBuf;
use std::process::ExitCode;
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
}

/// Runs the subcommand: 0 when every file was read, 1 when the chip refused a listed file,
/// 2 on bad input or a failed session.
pub fn run(args: ReadArgs) -> ExitCode {
    let key = match access_key(&args) {
        Ok(key) => key,
        Err(message) => {
            eprintln!("read: {message}");
            return ExitCode::from(2);
        }
    };
    match read(&args, &key) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("read: {message}");
            ExitCode::from(2)
        }
    }
}

/// The access key from `--can`, `--mrz` or the three MRZ fields.
fn access_key(args: &ReadArgs) -> Result<AccessKey, String> {
    if let Some(can) = &args.can {
        if can.is_empty() || !can.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("CAN {can:?}: digits only"));
        }
        return Ok(AccessKey::Can(can.as_bytes().to_vec()));
    }
    if let Some(text) = &args.mrz {
        let today = super::mrz_cmd::today_utc().ok_or("the system clock is not usable")?;
        let mrz = mrz::parse(text, today).map_err(|e| format!("--mrz: {e}"))?;
        for check in mrz.failed_checks() {
            // The key uses recomputed check digits, so a misprint does not stop the read.
            eprintln!(
                "read: warning: MRZ check digit {:?}: found {}, expected {}",
                check.kind, check.found, check.expected
            );
        }
        let information = mrz.mrz_information().map_err(|e| format!("--mrz: {e}"))?;
        return Ok(AccessKey::Mrz(information.as_bytes().to_vec()));
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

/// Connects, opens (PACE, else BAC), reads and prints; `Ok(false)` when some listed file was
/// refused.
fn read(args: &ReadArgs, key: &AccessKey) -> Result<bool, String> {
    let readers = PcscReaders::establish().map_err(|e| format!("PC/SC: {e}"))?;
    let channel = readers
        .connect_first(args.reader.as_deref(), Some(Duration::from_secs(args.wait)))
        .map_err(|e| match &args.reader {
            Some(r) => format!("no card in reader {r:?}: {e}"),
            None => format!("no reader with a card: {e}"),
        })?;
    println!("reader   {}", channel.reader());
    println!("ATR      {}", hex::encode_upper(channel.atr()));

    let terminal = match (&args.terminal_chain, &args.terminal_key) {
        (Some(dir), Some(key)) => Some(super::ta_cmd::load(dir, key)?),
        _ => None,
    };
    let today = match &args.terminal_date {
        Some(d) => mrz::Date::parse_iso(d).ok_or("--terminal-date: not YYYY-MM-DD")?,
        None => super::mrz_cmd::today_utc().ok_or("the system clock is not usable")?,
    };
    let start = Instant::now();
    let (mut session, how) = ChipSession::open(channel, key, &mut UnwrapErr(SysRng))
        .map_err(|e| format!("access: {e}"))?;
    let setup = session.counters();
    let what = match &how {
        OpenedWith::Pace(o) => format!(
            "PACE     {} parameter {}",
            o.choice.protocol.oid,
            o.choice
                .parameter_id
                .map_or("-".to_string(), |p| p.to_string())
        ),
        OpenedWith::Bac { pace_error } => format!("BAC      (no PACE: {pace_error})"),
    };
    println!(
        "{what}, {} APDUs, {} ms",
        setup.apdus,
        start.elapsed().as_millis()
    );

    let attempt = match (terminal, &how) {
        (Some((certs, signer)), OpenedWith::Pace(pace)) => Some(super::ta_cmd::run(
            &mut session,
            pace,
            certs,
            signer.as_ref(),
            today,
            &mut UnwrapErr(SysRng),
        )),
        (Some(_), OpenedWith::Bac { .. }) => {
            println!("TA       not run: version 1 after BAC needs chip authentication first");
            None
        }
        (None, _) => None,
    };
    let setup = session.counters();

    if let Some(dir) = &args.dump {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    println!("{:<10} {:>8} {:>6} {:>8}", "file", "bytes", "APDUs", "ms");
    let com = read_one(&mut session, FileId::Com, args)?;
    let mut files = vec![FileId::Sod];
    files.extend(com.as_deref().map(listed_data_groups).unwrap_or_default());
    let mut all_read = com.is_some();
    let mut total_bytes = com.as_ref().map_or(0, Vec::len);
    let mut refused = Vec::new();
    for file in files {
        match read_one(&mut session, file, args)? {
            Some(bytes) => total_bytes += bytes.len(),
            None => {
                all_read = false;
                refused.push(file.name().to_string());
            }
        }
    }
    let after = session.counters().since(&setup);
    println!(
        "total    {total_bytes} bytes, {} APDUs after access control, {} ms",
        after.apdus,
        start.elapsed().as_millis()
    );
    if let Some(attempt) = &attempt {
        super::ta_cmd::print_report_entry(attempt, refused, today);
    }
    Ok(all_read)
}

/// Reads one file and prints its line; `Ok(None)` when the chip refuses it (e.g. DG3 behind
/// Extended Access Control), an error when the session cannot go on.
fn read_one(
    session: &mut ChipSession<PcscChannel>,
    file: FileId,
    args: &ReadArgs,
) -> Result<Option<Vec<u8>>, String> {
    let start = Instant::now();
    match session.read_file(file) {
        Ok((bytes, stats)) => {
            println!(
                "{:<10} {:>8} {:>6} {:>8}",
                file.name(),
                bytes.len(),
                stats.apdus,
                start.elapsed().as_millis()
            );
            if let Some(dir) = &args.dump {
                let path = dir.join(format!("{}.bin", file.name()));
                std::fs::write(&path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            Ok(Some(bytes))
        }
        Err(e @ ChipError::Status { .. }) => {
            println!("{:<10} not readable: {e}", file.name());
            Ok(None)
        }
        Err(e) => Err(format!("{}: {e}", file.name())),
    }
}
