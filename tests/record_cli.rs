//! `verify report DIR --record FILE.pdf --seal-key KEY --seal-cert CERT` writes the record and
//! its seal beside it; `verify record-check` says valid (exit 0), or what changed (exit 1), and
//! refuses unreadable input (exit 2). The document is the specimen passport's dumped files,
//! and for `verify read … --record` its chip served through a private pcscd and vpcd.
#![cfg(feature = "emulator")]

mod record_support;
mod support;

use idverify::emulator::demo::{specimen_passport, specimen_passport_chip};
use idverify_vpcd::serve;
use idverify_vpcd::testing::Pcscd;
use record_support::{pdf_text, scratch, testdata};
use std::path::Path;
use std::process::{Command, Output};
use support::verify_binary;

fn verify(args: &[&str]) -> Output {
    Command::new(verify_binary()).args(args).output().unwrap()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn report_writes_a_sealed_record_and_record_check_tells_what_changed() {
    let dir = scratch("cli");
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    let (specimen, files) = specimen_passport();
    for (file, bytes) in &files {
        std::fs::write(dump.join(format!("{}.bin", file.name())), bytes).unwrap();
    }
    let mrz = specimen.dg1.mrz_text();
    let csca = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pki/csca.der");
    let pdf = dir.join("akte.pdf");
    let o = verify(&[
        "report",
        arg(&dump),
        "--mrz",
        &mrz,
        "--trust",
        arg(&csca),
        "--at",
        "2026-11-22",
        "--lang",
        "en",
        "--record",
        arg(&pdf),
        "--seal-key",
        arg(&testdata("seal_rsa.pk8")),
        "--seal-cert",
        arg(&testdata("seal_rsa.der")),
        "--office",
        "Migrationsamt Musterstadt",
        "--desk",
        "Schalter 3",
        "--operator",
        "M. Müller",
        "--purpose",
        "Einbürgerung",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // Chip and active authentication cannot be proven from files: incomplete (exit 3).
    assert_eq!(o.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("record   ") && stderr.contains("akte.pdf.p7s"),
        "{stderr}"
    );
    let text = pdf_text(&pdf);
    assert!(
        text.contains("INCOMPLETE") && text.contains("Einbürgerung"),
        "{text}"
    );

    let check = |pdf: &Path, trust: &Path| {
        verify(&[
            "record-check",
            arg(pdf),
            "--signature",
            arg(&dir.join("akte.pdf.p7s")),
            "--trust",
            arg(trust),
        ])
    };
    let o = check(&pdf, &testdata("seal_ca.pem"));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.starts_with("valid: "), "{out}");
    assert!(
        out.contains("Behördensiegel rsa") && out.contains("RSASSA-PSS"),
        "{out}"
    );
    // The default seal path is FILE.pdf.p7s.
    let o = verify(&[
        "record-check",
        arg(&pdf),
        "--trust",
        arg(&testdata("seal_ca.der")),
    ]);
    assert_eq!(o.status.code(), Some(0));

    let mut bytes = std::fs::read(&pdf).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x20;
    let changed = dir.join("changed.pdf");
    std::fs::write(&changed, &bytes).unwrap();
    let o = check(&changed, &testdata("seal_ca.pem"));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.starts_with("INVALID: "), "{out}");
    assert!(
        out.contains("the record was changed after it was sealed"),
        "{out}"
    );

    let o = check(&pdf, &testdata("untrusted_seal.der"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stdout).contains("not trusted"));

    // A PDF given as the seal, a missing file: unreadable input, exit 2.
    let o = verify(&[
        "record-check",
        arg(&pdf),
        "--signature",
        arg(&pdf),
        "--trust",
        arg(&testdata("seal_ca.der")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("record-check:"));
    let o = check(&dir.join("missing.pdf"), &testdata("seal_ca.pem"));
    assert_eq!(o.status.code(), Some(2));
    // A seal key without its certificate is a usage error.
    let o = verify(&[
        "report",
        arg(&dump),
        "--record",
        arg(&pdf),
        "--seal-key",
        "k.pk8",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn read_through_pcsc_writes_a_sealed_genuine_record() {
    let dir = scratch("cli-read");
    let pcscd = Pcscd::start().unwrap();
    let (specimen, files) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let today = idverify::mrz::Date::new(2026, 11, 22).unwrap();
    let info = idverify::mrz::parse(&mrz, today)
        .unwrap()
        .mrz_information()
        .unwrap();
    let chip = specimen_passport_chip(&files, info.as_bytes(), false, [0x5D; 32]);
    let served = serve(chip, pcscd.card_addr(0));
    let csca = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pki/csca.der");
    let pdf = dir.join("read.pdf");
    let o = verify(&[
        "read",
        "--reader",
        &pcscd.reader_name(0),
        "--mrz",
        &mrz,
        "--trust",
        arg(&csca),
        "--lang",
        "en",
        "--record",
        arg(&pdf),
        "--seal-key",
        arg(&testdata("seal_ec.pk8")),
        "--seal-cert",
        arg(&testdata("seal_ec.pem")),
        "--desk",
        "Schalter 3",
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    // `read` exits 1 when the chip refused a file it lists: DG3 and DG4 need EAC.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout.contains("DG3              not readable"), "{stdout}");
    assert!(stdout.contains("verdict  GENUINE"), "{stdout}");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("GENUINE") && text.contains("Virtual PCD"),
        "{text}"
    );
    let o = verify(&[
        "record-check",
        arg(&pdf),
        "--trust",
        arg(&testdata("seal_ca.pem")),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    served.stop().unwrap();
    let _ = std::fs::remove_dir_all(dir);
}
