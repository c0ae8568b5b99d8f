//! The scanned image reaches the verification through the example verifier: `verify read
//! --image` opens the virtual passport (through a private pcscd and vpcd) with the MRZ read
//! from a rendered scan of its data page and records the scan's SHA-256; `verify report DIR
//! --image` and `verify report --bundle` take the optical MRZ from the image(s), the bundle's
//! white, infrared and ultraviolet images each with its page and dpi.
#![cfg(feature = "emulator")]

#[allow(dead_code)]
mod optical_support;
mod record_support;
mod support;

use idverify::capture::{BundleWriter, Light};
use idverify::crypto::hash::sha256_hex;
use idverify::emulator::demo::{specimen_passport, specimen_passport_chip};
use idverify_vpcd::serve;
use idverify_vpcd::testing::Pcscd;
use optical_support::mrz_text::Kind;
use optical_support::ocrb::OcrB;
use optical_support::pages::{Conditions, page_with, plain};
use record_support::{pdf_text, scratch, testdata};
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};
use support::verify_binary;

fn verify(args: &[&str]) -> Output {
    Command::new(verify_binary()).args(args).output().unwrap()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A 200 dpi scan of the MRZ printed with `printed` (`None`: a page without an MRZ), PNG.
fn scan(printed: Option<Vec<String>>, infrared: bool) -> Vec<u8> {
    let c = Conditions {
        kind: printed.as_ref().map(|_| Kind::Td3),
        infrared,
        cropped: printed.is_some(),
        ..plain(Kind::Td3, 200.0)
    };
    page_with(&OcrB::load(), 21, c, printed).bytes
}

fn printed_mrz() -> Vec<String> {
    let (specimen, _) = specimen_passport();
    specimen
        .dg1
        .mrz_text()
        .lines()
        .map(str::to_string)
        .collect()
}

fn check<'v>(report: &'v Value, id: &str) -> &'v Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn read_with_an_image_opens_the_passport_and_records_the_scan() {
    let dir = scratch("cli-read-image");
    let png = dir.join("page.png");
    let bytes = scan(Some(printed_mrz()), false);
    std::fs::write(&png, &bytes).unwrap();
    let pcscd = Pcscd::start().unwrap();
    let (specimen, files) = specimen_passport();
    let today = idverify::mrz::Date::new(2026, 11, 22).unwrap();
    let info = idverify::mrz::parse(&specimen.dg1.mrz_text(), today)
        .unwrap()
        .mrz_information()
        .unwrap();
    let chip = specimen_passport_chip(&files, info.as_bytes(), false, [0x5E; 32]);
    let served = serve(chip, pcscd.card_addr(0));
    let csca = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pki/csca.der");
    let pdf = dir.join("read.pdf");
    let o = verify(&[
        "read",
        "--reader",
        &pcscd.reader_name(0),
        "--image",
        arg(&png),
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
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    // `read` exits 1 when the chip refused a file it lists: DG3 and DG4 need EAC.
    assert_eq!(
        o.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout.contains("image: MRZ TD3 read") && stdout.contains("every character certain"),
        "{stdout}"
    );
    assert!(stdout.contains("BAC "), "{stdout}");
    assert!(
        stdout.contains("printed  mrz.optical_equals_dg1 passed: Printed MRZ equals DG1"),
        "{stdout}"
    );
    assert!(stdout.contains("verdict  GENUINE"), "{stdout}");
    let text = pdf_text(&pdf);
    assert!(text.contains(&sha256_hex(&bytes)), "{text}");
    assert!(text.contains("image white page 1"), "{text}");
    served.stop().unwrap();

    // A scan without an MRZ never reaches the reader.
    let blank = dir.join("blank.png");
    std::fs::write(&blank, scan(None, false)).unwrap();
    let o = verify(&["read", "--image", arg(&blank), "--wait", "1"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "read: --image: no MRZ found\n"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn report_takes_the_optical_mrz_from_an_image_or_a_bundle() {
    let dir = scratch("cli-report-image");
    let (specimen, _) = specimen_passport();
    let dump = dir.join("dump");
    specimen.dump(&dump).unwrap();
    let report = |extra: &[&str]| -> Value {
        let o = verify(&[&["report"], extra, &["--at", "2026-11-22", "--json"]].concat());
        assert!(
            matches!(o.status.code(), Some(1 | 3)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        serde_json::from_slice(&o.stdout).unwrap()
    };

    // DIR --image FILE.
    let white = scan(Some(printed_mrz()), false);
    let png = dir.join("page.png");
    std::fs::write(&png, &white).unwrap();
    let v = report(&[arg(&dump), "--image", arg(&png)]);
    assert_eq!(v["optical_mrz"]["source"], "image");
    assert_eq!(v["optical_mrz"]["certain"], true);
    assert_eq!(check(&v, "mrz.optical_equals_dg1")["status"], "passed");
    let last = v["files"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["sha256"], sha256_hex(&white));
    assert_eq!(last["light"], "white");

    // A bundle of three lights without MRZ text: the white image gives the MRZ.
    let bundle = dir.join("bundle");
    let mut writer = BundleWriter::create(&bundle, "test:0", "2026-11-22T10:00:00Z").unwrap();
    writer
        .add_image("white.png", Light::White, 1, 200, &white)
        .unwrap();
    let ir = scan(Some(printed_mrz()), true);
    writer.add_image("ir.png", Light::Ir, 1, 200, &ir).unwrap();
    let uv = scan(None, false);
    writer.add_image("uv.png", Light::Uv, 1, 150, &uv).unwrap();
    writer.finish().unwrap();
    let v = report(&[arg(&dump), "--bundle", arg(&bundle)]);
    assert_eq!(v["optical_mrz"]["light"], "white");
    assert_eq!(check(&v, "mrz.optical_equals_dg1")["status"], "passed");
    let images: Vec<(String, String, u64)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("light").is_some())
        .map(|f| {
            (
                f["light"].as_str().unwrap().to_string(),
                f["sha256"].as_str().unwrap().to_string(),
                f["dpi"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        images,
        [
            ("white".into(), sha256_hex(&white), 200),
            ("ir".into(), sha256_hex(&ir), 200),
            ("uv".into(), sha256_hex(&uv), 150),
        ]
    );

    // The bundle alone (as DIR or --bundle) is a document checked by its MRZ only.
    for args in [vec![arg(&bundle)], vec!["--bundle", arg(&bundle)]] {
        let v = report(&args);
        assert_eq!(v["document"]["source"], "optical");
        assert_eq!(v["optical_mrz"]["source"], "image");
        assert_eq!(check(&v, "mrz.check_digits")["status"], "passed");
        assert_eq!(v["files"].as_array().unwrap().len(), 3);
    }
    // Nothing to verify is a clear error.
    let o = verify(&["report", "--at", "2026-11-22"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("give a dump DIR, --bundle DIR or --image FILE")
    );
    let _ = std::fs::remove_dir_all(dir);
}
