//! `verify read`: reads a document's chip through a PC/SC reader — PACE with the MRZ or the
//! CAN when the chip offers it, else BAC with the MRZ — EF.COM, EF.SOD and
//! every data group EF.COM lists — printing per file its size, APDUs and time; `--dump DIR`
//! writes each file as DIR/<name>.bin (EF.COM.bin, EF.SOD.bin, DG1.bin …).

use getrandom::SysRng;
use idverify::chip::pace::{AccessKey, OpenedWith};
use idverify::chip::pcsc::{PcscChannel, PcscReaders};
use idverify::chip::{ChipError, ChipSession, FileId, listed_data_groups};
use rand_core::UnwrapErr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Read a document's chip (BAC) through a PC/SC reader.
#[derive(clap::Args)]
pub struct ReadArgs {
    /// The PC/SC reader; default: the first reader with a card.
    #[arg(long)]
    reader: Option<String>,
    /// Document number as printed in the MRZ (shorter ones are filled with '<').
    #[arg(long, required_unless_present = "can")]
    document_number: Option<String>,
    /// Date of birth, YYMMDD.
    #[arg(long, required_unless_present = "can")]
    birth_date: Option<String>,
    /// Date of expiry, YYMMDD.
    #[arg(long, required_unless_present = "can")]
    expiry_date: Option<String>,
    /// The card access number printed on the document (PACE only); instead of the MRZ.
    #[arg(long, conflicts_with_all = ["document_number", "birth_date", "expiry_date"])]
    can: Option<String>,
    /// Write each file read to DIR/<name>.bin.
    #[arg(long, value_name = "DIR")]
    dump: Option<PathBuf>,
    /// Seconds to wait for a card.
    #[arg(long, default_value_t = 10)]
    wait: u64,
}

/// Runs the subcommand: 0 when every file was read, 2 on bad input or a failed read.
pub fn run(args: ReadArgs) -> ExitCode {
    let key = match (
        &args.can,
        &args.document_number,
        &args.birth_date,
        &args.expiry_date,
    ) {
        (Some(can), ..) if !can.is_empty() && can.bytes().all(|b| b.is_ascii_digit()) => {
            AccessKey::Can(can.as_bytes().to_vec())
        }
        (Some(can), ..) => {
            eprintln!("read: CAN {can:?}: digits only");
            return ExitCode::from(2);
        }
        (None, Some(n), Some(b), Some(e)) => match mrz_information(n, b, e) {
            Ok(m) => AccessKey::Mrz(m),
            Err(message) => {
                eprintln!("read: {message}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("read: give --can or the three MRZ fields");
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

    if let Some(dir) = &args.dump {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    println!("{:<10} {:>8} {:>6} {:>8}", "file", "bytes", "APDUs", "ms");
    let com = read_one(&mut session, FileId::Com, args)?;
    let mut files = vec![FileId::Sod];
    files.extend(com.as_deref().map(listed_data_groups).unwrap_or_default());
    let mut all_read = com.is_some();
    let mut total_bytes = com.as_ref().map_or(0, Vec::len);
    for file in files {
        match read_one(&mut session, file, args)? {
            Some(bytes) => total_bytes += bytes.len(),
            None => all_read = false,
        }
    }
    let after = session.counters().since(&setup);
    println!(
        "total    {total_bytes} bytes, {} APDUs after access control, {} ms",
        after.apdus,
        start.elapsed().as_millis()
    );
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

/// The MRZ information BAC derives its keys from (ICAO 9303-11 §9.7.2): document number,
/// date of birth and date of expiry, each followed by its check digit.
fn mrz_information(number: &str, birth: &str, expiry: &str) -> Result<Vec<u8>, String> {
    let mut number = number.trim().to_ascii_uppercase();
    if number.is_empty()
        || !number
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'<')
    {
        return Err(format!(
            "document number {number:?}: only A-Z, 0-9 and '<' allowed"
        ));
    }
    while number.len() < 9 {
        number.push('<');
    }
    let mut out = Vec::with_capacity(number.len() + 15);
    for (field, value) in [
        ("document number", number.as_str()),
        ("birth date", birth),
        ("expiry date", expiry),
    ] {
        if field != "document number"
            && (value.len() != 6 || !value.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(format!("{field} {value:?}: expected YYMMDD"));
        }
        out.extend_from_slice(value.as_bytes());
        out.push(check_digit(value.as_bytes()));
    }
    Ok(out)
}

/// The ICAO 9303-3 §4.9 check digit: weights 7, 3, 1; digits count as themselves, A-Z as
/// 10-35, '<' as 0; the sum modulo 10.
fn check_digit(field: &[u8]) -> u8 {
    let sum: u32 = field
        .iter()
        .zip([7u32, 3, 1].into_iter().cycle())
        .map(|(&c, w)| {
            let v = match c {
                b'0'..=b'9' => u32::from(c - b'0'),
                b'A'..=b'Z' => u32::from(c - b'A') + 10,
                _ => 0,
            };
            v * w
        })
        .sum();
    b'0' + (sum % 10) as u8
}
