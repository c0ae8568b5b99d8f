//! `verify read` end to end: the example verifier reads the software chip through a private
//! pcscd and vpcd, and its dump equals the files served; a wrong MRZ ends in a BAC error.
//! Uses the example binary `cargo test` builds beside the test binaries.
#![cfg(feature = "emulator")]

use idverify::emulator::{ChipConfig, EmulatedChip, benchmark_document};
use idverify_vpcd::serve;
use idverify_vpcd::testing::Pcscd;
use std::process::Command;

mod support;
use support::verify_binary;

#[test]
fn read_dumps_every_file_the_chip_serves() {
    let pcscd = Pcscd::start().unwrap();
    let document = benchmark_document([0x11; 32]);
    let chip = EmulatedChip::new(ChipConfig::short_reads(223), [0x22; 32])
        .with_files(document.clone())
        .with_bac(b"L898902C<369080619406236");
    let served = serve(chip, pcscd.card_addr(1));
    let dump = std::env::temp_dir().join(format!("idverify-cli-read-{}", std::process::id()));

    let out = Command::new(verify_binary())
        .args(["read", "--reader", &pcscd.reader_name(1)])
        .args(["--document-number", "L898902C", "--birth-date", "690806"])
        .args(["--expiry-date", "940623", "--dump"])
        .arg(&dump)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (file, bytes) in &document {
        let line = stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(file.name()))
            .unwrap_or_else(|| panic!("no line for {}:\n{stdout}", file.name()));
        // name, bytes, APDUs, ms
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[1], bytes.len().to_string(), "{line}");
        let apdus: usize = fields[2].parse().unwrap();
        assert!(apdus <= bytes.len().div_ceil(223) + 1, "{line}");
        let dumped = std::fs::read(dump.join(format!("{}.bin", file.name()))).unwrap();
        assert!(dumped == *bytes, "{} differs", file.name());
    }
    std::fs::remove_dir_all(&dump).unwrap();
    served.stop().unwrap();
}

#[test]
fn read_with_a_wrong_birth_date_fails_bac() {
    let pcscd = Pcscd::start().unwrap();
    let chip = EmulatedChip::new(ChipConfig::default(), [0x22; 32])
        .with_files(benchmark_document([0x11; 32]))
        .with_bac(b"L898902C<369080619406236");
    let served = serve(chip, pcscd.card_addr(0));
    let out = Command::new(verify_binary())
        .args(["read", "--document-number", "L898902C"])
        .args(["--birth-date", "690807", "--expiry-date", "940623"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("BAC failed"), "{stderr}");
    // Bad input never reaches the reader.
    let out = Command::new(verify_binary())
        .args(["read", "--document-number", "L898902C"])
        .args(["--birth-date", "6908", "--expiry-date", "940623"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYMMDD"));
    served.stop().unwrap();
}

#[test]
fn read_takes_the_key_from_the_whole_mrz() {
    // The ICAO 9303-4 TD3 specimen.
    let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
               L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let key = idverify::mrz::mrz_information("L898902C3", "740812", "120415").unwrap();
    assert_eq!(key.as_str(), "L898902C3674081221204159");
    let pcscd = Pcscd::start().unwrap();
    let document = benchmark_document([0x33; 32]);
    let chip = EmulatedChip::new(ChipConfig::default(), [0x44; 32])
        .with_files(document.clone())
        .with_bac(key.as_bytes());
    let served = serve(chip, pcscd.card_addr(0));
    let out = Command::new(verify_binary())
        .args(["read", "--mrz", mrz, "--wait", "10"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let last = stdout.lines().last().unwrap_or("");
    let total: usize = document.iter().map(|(_, b)| b.len()).sum();
    assert!(
        last.starts_with(&format!("total    {total} bytes")),
        "{last}"
    );
    // Either key source, not both.
    let out = Command::new(verify_binary())
        .args(["read", "--mrz", mrz, "--document-number", "L898902C3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    served.stop().unwrap();
}
