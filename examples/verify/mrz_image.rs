//! `verify mrz --image FILE`: the MRZ read from a scanned image, then checked as a typed
//! one. Prints the read's orientation, skew, dpi and uncertain characters; "no MRZ found"
//! exits 2 like any unreadable input.

use std::path::Path;
use std::process::ExitCode;

use idverify::mrz::{self, Date, Mrz};
use idverify::optical::{self, OpticalError, OpticalMrz};
use serde::Serialize;

use crate::mrz_cmd::{fail, print_human};

/// Largest image file read: a 600 dpi A4 colour scan stored uncompressed (BMP, TIFF).
pub const MAX_IMAGE_FILE: usize = 128 * 1024 * 1024;

#[derive(Serialize)]
struct Output<'a> {
    valid: bool,
    certain: bool,
    checked_at: Date,
    source: &'static str,
    uncertain: &'a [optical::Uncertain],
    optical: &'a OpticalMrz,
    #[serde(flatten)]
    mrz: &'a Mrz,
}

/// Reads, decodes and checks the image at `path`.
pub fn run(path: &Path, today: Date, json: bool) -> ExitCode {
    let bytes = match idverify::local_file::read_required_file(path, MAX_IMAGE_FILE) {
        Ok(b) => b,
        Err(e) => return fail(json, &format!("{}: {e}", path.display())),
    };
    let read = match optical::read_mrz_from_bytes(&bytes) {
        Ok(r) => r,
        Err(OpticalError::NoMrz) => return fail(json, "no MRZ found"),
        Err(e) => return fail(json, &format!("{}: {e}", path.display())),
    };
    let m = match mrz::parse(&read.text(), today) {
        Ok(m) => m,
        Err(e) => return fail(json, &format!("the MRZ read is not readable: {e}")),
    };
    let certain = read.is_certain();
    if json {
        let out = Output {
            valid: m.is_valid() && certain,
            certain,
            checked_at: today,
            source: "image",
            uncertain: &read.uncertain,
            optical: &read,
            mrz: &m,
        };
        match serde_json::to_string_pretty(&out) {
            Ok(s) => println!("{s}"),
            Err(e) => return fail(false, &e.to_string()),
        }
    } else {
        print_read(&read);
        print_human(&m, today);
    }
    if m.is_valid() && certain {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn print_read(read: &OpticalMrz) {
    println!(
        "image: MRZ {} read, turned {}°, skew {:.1}°, about {:.0} dpi, {}",
        read.layout.name(),
        read.turned_degrees,
        read.skew_degrees,
        read.dpi,
        if read.is_certain() {
            "every character certain"
        } else {
            "UNCERTAIN"
        }
    );
    for u in &read.uncertain {
        let alts: Vec<String> = read
            .chars
            .get(u.line - 1)
            .and_then(|l| l.get(u.column - 1))
            .map(|c| {
                c.alternatives
                    .iter()
                    .map(|(ch, s)| format!("{ch} {s:.2}"))
                    .collect()
            })
            .unwrap_or_default();
        println!(
            "  uncertain line {} col {}: {:?} ({})",
            u.line,
            u.column,
            u.reason,
            alts.join(", ")
        );
    }
    for c in &read.corrections {
        println!(
            "  decided line {} col {}: glyph {} read as {} by {}",
            c.line, c.column, c.seen, c.decided, c.by
        );
    }
}
