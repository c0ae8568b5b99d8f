//! Serves the project's software eMRTD chip to pcscd through vsmartcard's vpcd reader driver,
//! so any PC/SC program (the `verify read` example, pcsc_scan, a desk application) sees a
//! document in the reader "Virtual PCD 00 00". Runs until Ctrl-C, which removes the card.
//!
//! ```text
//! sudo apt-get install pcscd vsmartcard-vpcd     # once (or scripts/lib/setup.sh)
//! pcscd --foreground &                           # unless pcscd already runs
//! cargo run --features emulator --example virtual-card
//! cargo run --example verify -- read --document-number L898902C \
//!     --birth-date 690806 --expiry-date 940623 --dump /tmp/doc
//! ```
//!
//! The document is the synthetic benchmark document (EF.COM, EF.SOD, DG1, a 20 KB DG2, DG11,
//! DG12, DG14, DG15) protected by BAC with the MRZ information of the ICAO 9303-11
//! Appendix D example. `--short-reads 223` makes the chip refuse extended length and reads
//! over 223 bytes; `--slot 1` uses the driver's second reader.

use clap::Parser;
use idverify::emulator::{ChipConfig, EmulatedChip, benchmark_document};
use idverify_vpcd::{VpcdConfig, serve};
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

/// Document number, date of birth and date of expiry, each with its check digit.
const MRZ_INFORMATION: &[u8] = b"L898902C<369080619406236";

/// Serves a software passport chip through the vpcd reader driver.
#[derive(Parser)]
#[command(name = "virtual-card")]
struct Args {
    /// The vpcd slot (0 or 1: readers "Virtual PCD 00 00" and "... 00 01").
    #[arg(long, default_value_t = 0)]
    slot: u8,
    /// Refuse extended length and read at most this many bytes per READ BINARY.
    #[arg(long)]
    short_reads: Option<usize>,
    /// Seed for the chip's randomness and the synthetic files (hex byte, repeated).
    #[arg(long, default_value_t = 0x5A)]
    seed: u8,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(config) = VpcdConfig::installed() else {
        eprintln!(
            "the vpcd reader driver is not installed: {}",
            idverify_vpcd::testing::INSTALL_HINT
        );
        return ExitCode::from(2);
    };
    let chip_config = match args.short_reads {
        Some(n) => ChipConfig::short_reads(n),
        None => ChipConfig::default(),
    };
    let document = benchmark_document([args.seed; 32]);
    let chip = EmulatedChip::new(chip_config, [args.seed ^ 0xFF; 32])
        .with_files(document.clone())
        .with_bac(MRZ_INFORMATION);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, config.slot_port(args.slot)));
    let served = serve(chip, addr);

    println!(
        "serving a passport chip on {addr} (reader {:?})",
        config.reader_name(args.slot)
    );
    println!("BAC: document number L898902C, birth date 690806, expiry date 940623");
    for (file, bytes) in &document {
        println!("  {:<8} {:>6} bytes", file.name(), bytes.len());
    }
    println!("Ctrl-C removes the card and stops.");
    println!("waiting for pcscd's vpcd driver on {addr} ...");
    let mut connected = false;
    loop {
        std::thread::sleep(Duration::from_millis(200));
        let now = served.is_connected();
        if now != connected {
            connected = now;
            if now {
                println!("in the reader");
            } else {
                println!(
                    "out of the reader ({} APDUs answered); waiting for pcscd ...",
                    served.apdu_count()
                );
            }
        }
    }
}
