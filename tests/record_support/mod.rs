//! What the verification-record tests (and benches/record.rs) share: the specimen passport's report, read in-process
//! from the emulated chip with a seeded RNG at a fixed time (so the record is the same on
//! every run), the record options of the fictitious office, the seal test data, and poppler.

#![allow(dead_code)]

use idverify::chip::access::pace::AccessKey;
use idverify::emulator::demo::{specimen_passport, specimen_passport_chip};
use idverify::emulator::{SeededRng, test_pki};
use idverify::inspect::{InspectOptions, read_chip};
use idverify::pki::cert::Certificate;
use idverify::pki::store::parse_certificates;
use idverify::record::{RecordOptions, seal_algorithm};
use idverify::terminal::FileSigner;
use idverify::verify::{CheckTime, FaceExport, Lang, Report, Verifier, VerifierConfig};
use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-11-22 09:30:00 UTC: the specimen's check time.
pub const CHECKED_AT: i64 = 1_795_339_800;
/// 2027-01-15 12:00:00 UTC: when the records are sealed (the seal certificates are valid).
pub const SEALED_AT: i64 = 1_800_014_400;

/// The specimen passport read from the emulated chip (BAC, CA, AA) and verified against the
/// test PKI; `clone` flips the chip's keys (a clone: chip and active authentication fail);
/// `face` exports the face into the report.
pub fn specimen_report(clone: bool, face: bool) -> Report {
    let (input, time) = specimen_input(clone);
    let config = VerifierConfig {
        face: if face {
            FaceExport::JpegOrPng
        } else {
            FaceExport::None
        },
        ..VerifierConfig::default()
    };
    Verifier::new(test_pki::trust_store(), config).verify(&input, time)
}

/// The specimen passport as read from the emulated chip (BAC, CA, AA), with its check time.
pub fn specimen_input(clone: bool) -> (idverify::verify::DocumentInput, CheckTime) {
    let (specimen, files) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let time = CheckTime::from_unix(CHECKED_AT);
    let info = idverify::mrz::parse(&mrz, time.date().unwrap())
        .unwrap()
        .mrz_information()
        .unwrap();
    let info = info.as_bytes().to_vec();
    let options = InspectOptions::new(AccessKey::Mrz(info.clone())).with_optical_mrz(mrz);
    let chip = specimen_passport_chip(&files, &info, clone, [0x5D; 32]);
    let input = read_chip(chip, &options, &mut SeededRng::new([7; 32]), &mut |_| true).unwrap();
    (input, time)
}

/// The office's record options.
pub fn record_options(lang: Lang, include_face: bool) -> RecordOptions {
    RecordOptions {
        office: "Migrationsamt Musterstadt, Ausländerbehörde".into(),
        desk: "Schalter 3 (Erdgeschoss)".into(),
        operator: "M. Müller".into(),
        purpose: "Verlängerung des Aufenthaltstitels".into(),
        lang,
        written_at: CHECKED_AT + 60,
        include_face,
    }
}

/// A file of testdata/record.
pub fn testdata(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/record")
        .join(name)
}

/// The certificate in testdata/record/NAME (DER or PEM).
pub fn seal_certificate(name: &str) -> Certificate {
    parse_certificates(&std::fs::read(testdata(name)).unwrap())
        .unwrap()
        .remove(0)
}

/// The seal key testdata/record/KEY (PKCS#8) for the certificate CERT, with the OS RNG
/// (RSA-PSS salts, hedged ECDSA).
pub fn file_seal_signer(key: &str, cert: &str) -> (Certificate, FileSigner) {
    let cert = seal_certificate(cert);
    let signer = FileSigner::from_file(&testdata(key), seal_algorithm(&cert).unwrap())
        .unwrap()
        .with_rng(Box::new(rand_core::UnwrapErr(getrandom::SysRng)));
    (cert, signer)
}

/// A fresh scratch folder for `test`.
pub fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idverify-record-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `program` with `args`; its stdout, or the test fails with its stderr.
pub fn run(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (install poppler-utils / openssl)"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's text as poppler's pdftotext reads it (reading order, pages separated by \f).
pub fn pdf_text(pdf: &Path) -> String {
    run("pdftotext", &[pdf.to_str().unwrap(), "-"])
}

/// The embedded report.json as poppler's pdfdetach extracts it.
pub fn embedded_report(pdf: &Path, dir: &Path) -> String {
    let out = dir.join("embedded-report.json");
    let list = run("pdfdetach", &["-list", pdf.to_str().unwrap()]);
    assert!(list.contains("1: report.json"), "{list}");
    run(
        "pdfdetach",
        &[
            "-save",
            "1",
            "-o",
            out.to_str().unwrap(),
            pdf.to_str().unwrap(),
        ],
    );
    std::fs::read_to_string(out).unwrap()
}

/// `openssl cms -verify` of a detached seal over `pdf` with the test seal CA; its success.
pub fn openssl_verifies(pdf: &Path, p7s: &Path) -> bool {
    Command::new("openssl")
        .args([
            "cms", "-verify", "-binary", "-inform", "DER", "-purpose", "any", "-in",
        ])
        .arg(p7s)
        .arg("-content")
        .arg(pdf)
        .arg("-CAfile")
        .arg(testdata("seal_ca.pem"))
        .args(["-out", "/dev/null"])
        .output()
        .expect("openssl")
        .status
        .success()
}
