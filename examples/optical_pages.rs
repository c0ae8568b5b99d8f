//! Reads synthetic scanner pages (tests/optical_support) and prints the exact-MRZ rate, the
//! confidently-wrong count and the time per page (wall clock, and the reading thread's CPU
//! time, which a shared machine's load does not inflate). Run in release mode:
//!
//!     cargo run --release --example optical_pages -- [PAGES] [FIRST-SEED] [--write DIR] [--passport-300]
//!
//! `--write DIR` also stores each page and its MRZ (DIR/page-SEED.EXT, .txt) for other
//! engines (scripts/optical-compare). `--passport-300` makes every page a passport data
//! page (TD3) at 300 dpi, the other conditions drawn from the seed as usual.

#[allow(dead_code)]
#[path = "../tests/optical_support/mod.rs"]
mod optical_support;

use std::time::Instant;

use optical_support::mrz_text::Kind;
use optical_support::ocrb::OcrB;
use optical_support::pages::{Encoding, conditions, page_with};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(500);
    let first: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(0);
    let write = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from);
    if let Some(dir) = &write {
        std::fs::create_dir_all(dir).expect("create output directory");
    }
    let passports_only = args.iter().any(|a| a == "--passport-300");
    let font = OcrB::load();
    let (mut exact, mut with_mrz, mut confidently_wrong, mut uncertain_wrong) = (0, 0, 0, 0);
    let mut exact_certain = 0;
    let (mut no_mrz_pages, mut no_mrz_invented) = (0, 0);
    let mut times_300: Vec<f64> = Vec::new();
    let mut cpu_300: Vec<f64> = Vec::new();
    let mut times_all: Vec<f64> = Vec::new();
    let mut cpu_all: Vec<f64> = Vec::new();
    let mut not_found = 0;
    // Per nominal dpi (150, 200, 240, 300, 400, 600): pages with an MRZ and exact reads.
    let mut by_dpi: std::collections::BTreeMap<u32, (usize, usize)> = Default::default();
    for seed in first..first + count {
        let mut c = conditions(seed);
        if passports_only {
            c.kind = Some(Kind::Td3);
            c.dpi = 300.0 + (c.dpi - (c.dpi / 10.0).round() * 10.0);
            c.cropped = false;
        }
        let p = page_with(&font, seed, c, None);
        if let Some(dir) = &write {
            let ext = match p.conditions.encoding {
                Encoding::Png | Encoding::Png16 => "png",
                Encoding::Jpeg(_) => "jpg",
                Encoding::Tiff => "tif",
                Encoding::Bmp => "bmp",
            };
            std::fs::write(dir.join(format!("page-{seed}.{ext}")), &p.bytes).expect("write page");
            let truth = p.mrz.as_ref().map(|l| l.join("\n")).unwrap_or_default();
            std::fs::write(dir.join(format!("page-{seed}.txt")), truth).expect("write truth");
        }
        let (start, cpu_start) = (Instant::now(), thread_cpu_ms());
        let read = idverify::optical::read_mrz_from_bytes(&p.bytes);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let cpu = thread_cpu_ms() - cpu_start;
        let c = p.conditions;
        times_all.push(ms);
        cpu_all.push(cpu);
        let nominal = (c.dpi / 10.0).round() as u32 * 10;
        let passport_300 = c.kind == Some(Kind::Td3) && (c.dpi - 300.0).abs() < 10.0 && !c.cropped;
        if let (Some(dir), Some(truth)) = (&write, &p.mrz) {
            let exact = read.as_ref().is_ok_and(|r| &r.lines == truth);
            let meta = format!("{nominal} {ms:.2} {exact} {cpu:.2} {passport_300}\n");
            std::fs::write(dir.join(format!("page-{seed}.meta")), meta).expect("write meta");
        }
        if passport_300 {
            times_300.push(ms);
            cpu_300.push(cpu);
        }
        match (&p.mrz, &read) {
            (None, Err(_)) => no_mrz_pages += 1,
            (None, Ok(r)) => {
                no_mrz_pages += 1;
                no_mrz_invented += 1;
                if r.is_certain() {
                    confidently_wrong += 1;
                }
                println!(
                    "seed {seed}: no MRZ printed, read {:?} certain={}",
                    r.lines,
                    r.is_certain()
                );
            }
            (Some(truth), result) => {
                with_mrz += 1;
                let dpi_row = by_dpi.entry(nominal).or_default();
                dpi_row.0 += 1;
                match result {
                    Ok(r) if &r.lines == truth => {
                        exact += 1;
                        dpi_row.1 += 1;
                        exact_certain += usize::from(r.is_certain());
                    }
                    Ok(r) => {
                        if r.is_certain() {
                            confidently_wrong += 1;
                        } else {
                            uncertain_wrong += 1;
                        }
                        println!(
                            "seed {seed}: WRONG certain={} {c:?}\n  truth {truth:?}\n  read  {:?}\n  uncertain {:?} failed {:?}",
                            r.is_certain(),
                            r.lines,
                            r.uncertain,
                            r.failed_checks
                        );
                    }
                    Err(e) => {
                        not_found += 1;
                        println!("seed {seed}: {e} {c:?}\n  truth {truth:?}")
                    }
                }
            }
        }
    }
    for (dpi, (pages, exact)) in &by_dpi {
        println!(
            "  {dpi} dpi: {exact} of {pages} exact ({:.1} %)",
            100.0 * *exact as f64 / (*pages).max(1) as f64
        );
    }
    println!(
        "  all pages: median {:.1} ms, mean {:.1} ms; CPU median {:.1} ms",
        median(&mut times_all),
        times_all.iter().sum::<f64>() / times_all.len().max(1) as f64,
        median(&mut cpu_all)
    );
    println!(
        "pages {count}: with MRZ {with_mrz}, exact {exact} ({:.2} %; {exact_certain} of them certain), \
         inexact but marked uncertain {uncertain_wrong}, \
         no MRZ found {not_found}, confidently wrong {confidently_wrong}; without MRZ {no_mrz_pages}, of which read as an MRZ {no_mrz_invented}; \
         median {:.1} ms (CPU {:.1} ms) per 300 dpi passport page ({} pages)",
        100.0 * exact as f64 / with_mrz.max(1) as f64,
        median(&mut times_300),
        median(&mut cpu_300),
        times_300.len()
    );
}

/// The middle value (NaN for none).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// The CPU time this thread has used, in milliseconds (POSIX `CLOCK_THREAD_CPUTIME_ID`).
#[cfg(unix)]
fn thread_cpu_ms() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid, writable timespec; the clock id is a constant POSIX defines.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6
}

/// No thread clock: CPU figures read NaN.
#[cfg(not(unix))]
fn thread_cpu_ms() -> f64 {
    f64::NAN
}
