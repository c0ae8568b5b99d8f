//! The `mrz` subcommand: reads an MRZ (argument, file, standard input or a scanned image),
//! prints every field and check (or JSON), and exits 0 only if every check passed (and, for
//! an image, every character was read with certainty).

use clap::Args;
use idverify::mrz::{self, Date, Mrz, ParseOptions};
use serde::Serialize;
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// The ICAO 9303-4 specimen passport, checked when the verifier runs without a subcommand.
pub const SPECIMEN_TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

/// Arguments of `verify mrz`.
#[derive(Args, Debug)]
pub struct MrzArgs {
    /// The MRZ, lines separated by newlines; `-` reads it from standard input.
    #[arg(required_unless_present_any = ["file", "image"])]
    text: Option<String>,
    /// Read the MRZ from this file instead.
    #[arg(long, value_name = "F", conflicts_with = "text")]
    file: Option<PathBuf>,
    /// Read the MRZ from a scanned image (PNG, JPEG, TIFF or BMP) instead.
    #[arg(long, value_name = "F", conflicts_with_all = ["text", "file", "ocr"])]
    image: Option<PathBuf>,
    /// Print machine-readable JSON.
    #[arg(long)]
    json: bool,
    /// Correct typical OCR misreadings (kept only where the check digits then pass).
    #[arg(long)]
    ocr: bool,
    /// The check date, YYYY-MM-DD (default: today, UTC); places two-digit years.
    #[arg(long, value_name = "YYYY-MM-DD")]
    date: Option<String>,
}

/// The JSON output: the verdict plus the whole parse result.
#[derive(Serialize)]
struct Output<'a> {
    valid: bool,
    checked_at: Date,
    #[serde(flatten)]
    mrz: &'a Mrz,
}

/// Today's date in UTC from the system clock (the library itself never reads the clock).
pub(crate) fn today_utc() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    idverify::verify::CheckTime::from_unix(i64::try_from(secs).ok()?).date()
}

fn read_input(args: &MrzArgs) -> Result<String, String> {
    if let Some(path) = &args.file {
        return std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()));
    }
    match args.text.as_deref() {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("standard input: {e}"))?;
            Ok(text)
        }
        Some(text) => Ok(text.to_owned()),
        None => Err("no MRZ given".to_owned()),
    }
}

pub(crate) fn fail(json: bool, message: &str) -> ExitCode {
    if json {
        println!(
            "{}",
            serde_json::json!({ "valid": false, "error": message })
        );
    } else {
        eprintln!("error: {message}");
    }
    ExitCode::from(2)
}

/// Runs `verify mrz`.
pub fn run(args: &MrzArgs) -> ExitCode {
    let today = match &args.date {
        Some(d) => match Date::parse_iso(d) {
            Some(d) => d,
            None => return fail(args.json, &format!("--date {d:?} is not YYYY-MM-DD")),
        },
        None => match today_utc() {
            Some(d) => d,
            None => return fail(args.json, "the system clock is before 1970"),
        },
    };
    if let Some(path) = &args.image {
        return crate::mrz_image::run(path, today, args.json);
    }
    let text = match read_input(args) {
        Ok(t) => t,
        Err(e) => return fail(args.json, &e),
    };
    check(&text, today, args.ocr, args.json)
}

/// Without a subcommand: checks the built-in specimen MRZ and prints the result.
#[cfg_attr(feature = "emulator", allow(dead_code))]
pub fn demo() -> ExitCode {
    println!("No subcommand given: checking the built-in ICAO 9303-4 specimen passport MRZ.");
    println!("(`verify mrz --help` shows how to check your own.)\n");
    match today_utc() {
        Some(today) => check(SPECIMEN_TD3, today, false, false),
        None => fail(false, "the system clock is before 1970"),
    }
}

fn check(text: &str, today: Date, correct_ocr: bool, json: bool) -> ExitCode {
    let m = match mrz::parse_with(text, ParseOptions { today, correct_ocr }) {
        Ok(m) => m,
        Err(e) => return fail(json, &format!("not a readable MRZ: {e}")),
    };
    if json {
        let out = Output {
            valid: m.is_valid(),
            checked_at: today,
            mrz: &m,
        };
        match serde_json::to_string_pretty(&out) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(false, &e.to_string()),
        }
    } else {
        print_human(&m, today);
    }
    if m.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub(crate) fn print_human(m: &Mrz, today: Date) {
    let row = |name: &str, value: &str| println!("  {name:<17}{value}");
    println!(
        "MRZ {} (two-digit years placed relative to {today})",
        m.layout.name()
    );
    for line in &m.lines {
        println!("  | {line}");
    }
    println!("fields");
    row("document code", &m.document_code);
    row("issuer", &m.issuer.raw);
    let long = if m.long_document_number {
        " (long number, continued in the optional data)"
    } else {
        ""
    };
    row("document number", &format!("{}{long}", m.document_number));
    let truncated = if m.names.truncated {
        " (name field full: may be truncated)"
    } else {
        ""
    };
    row("surname", &format!("{}{truncated}", m.names.primary));
    row("given names", &m.names.secondary);
    if let Some(n) = &m.nationality {
        row("nationality", &n.raw);
    }
    let date = |d: &Option<mrz::MrzDate>| match d {
        Some(d) => format!("{d} ({})", d.raw),
        None => "not a date (see problems)".to_owned(),
    };
    row("date of birth", &date(&m.birth_date));
    row(
        "sex",
        &m.sex
            .map_or("invalid (see problems)".to_owned(), |s| s.to_string()),
    );
    if m.layout != mrz::Layout::FrenchId {
        row("date of expiry", &date(&m.expiry_date));
    }
    for o in &m.optional_data {
        let value = if o.filler_only {
            "(fillers only)".to_owned()
        } else {
            o.value.clone()
        };
        row(
            "optional data",
            &format!("{value} [line {} col {}]", o.line, o.column),
        );
    }
    println!("checks");
    for c in &m.checks {
        println!(
            "  {:<7}{:<17}line {} col {:<3} expected {} found {}",
            if c.passed { "passed" } else { "FAILED" },
            c.kind.label(),
            c.line,
            c.column,
            c.expected,
            c.found
        );
    }
    if !m.problems.is_empty() {
        println!("problems");
        for p in &m.problems {
            println!(
                "  {} line {} col {}: {}",
                p.field, p.line, p.column, p.message
            );
        }
    }
    if !m.corrections.is_empty() {
        println!("OCR corrections");
        for c in &m.corrections {
            println!("  line {} col {}: {} -> {}", c.line, c.column, c.from, c.to);
        }
    }
    let failed = m.failed_checks().count();
    if m.is_valid() {
        println!(
            "result: every check passed ({} of {})",
            m.checks.len(),
            m.checks.len()
        );
    } else {
        println!(
            "result: {failed} of {} checks failed, {} field problems",
            m.checks.len(),
            m.problems.len()
        );
    }
}
