//! README's first command: `verify` without arguments reads the built-in virtual document
//! (through pcscd and vpcd when installed, in-process otherwise), verifies it and prints the
//! report; `--json` gives the versioned JSON report, `--lang` the language.
#![cfg(feature = "emulator")]

use std::process::{Command, Output};

mod support;
use support::verify_binary;

/// The example verifier run with `args`.
fn verify(args: &[&str]) -> Output {
    Command::new(verify_binary()).args(args).output().unwrap()
}

#[test]
fn the_virtual_document_is_genuine_in_german_and_english() {
    let o = verify(&[]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.starts_with("Ergebnis: ECHT\n"), "{out}");
    assert!(out.contains("OK          pa.dg_hashes"));
    assert!(out.contains("L898902C3"));
    let progress = String::from_utf8_lossy(&o.stderr);
    // The pipeline's progress: every file, then active authentication, 22 APDUs in all.
    assert!(
        progress.contains("DG15") && progress.contains("AA               22 APDUs"),
        "{progress}"
    );

    let o = verify(&["--lang", "en"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("Verdict: GENUINE\n"), "{out}");
    assert!(out.contains("ok          pa.sod_signature"));
    // The specimen chip offers chip and active authentication, and the demo runs both.
    assert!(
        out.contains("ok          chip.active_authentication"),
        "{out}"
    );
    assert!(
        out.contains("ok          chip.chip_authentication"),
        "{out}"
    );
}

/// `--document id-card` / `residence-permit`: PACE with the CAN, Terminal Authentication as
/// the test PKI's inspection system, the eID application read, and genuine.
#[test]
fn the_virtual_german_cards_open_their_eid_application() {
    let o = verify(&["--document", "residence-permit", "--json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "genuine");
    assert_eq!(v["document"]["document_code"], "AR");
    assert_eq!(v["chip"]["access_protocol"], "PACE");
    let eid = v["eid"]["read"].as_array().unwrap();
    let dg = |n: u64| {
        eid.iter()
            .find(|f| f["data_group"] == n)
            .and_then(|f| f["value"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(dg(19), "Erwerbstätigkeit gestattet.");
    assert!(dg(20).starts_with("Wohnsitznahme beschränkt"), "{}", dg(20));

    let o = verify(&["--document", "id-card"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.starts_with("Ergebnis: ECHT\n"), "{out}");
    assert!(
        out.contains("OK          chip.terminal_authentication"),
        "{out}"
    );
    assert!(out.contains("HEIDESTRASSE 17, 51147 KÖLN, D"), "{out}");
}

#[test]
fn json_report_and_foreign_trust() {
    let o = verify(&["--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema_version"], "1.6");
    assert_eq!(v["verdict"], "genuine");
    assert_eq!(v["document"]["document_number"], "L898902C3");
    assert!(v["chip"]["apdus"].as_u64().unwrap() >= 17);
    assert_eq!(v["chip"]["access_protocol"], "BAC");
    // DG3/DG4 of the specimen: two index fingers and two eyes when the demo chip gives them,
    // else refused (EAC) — either way informational, the verdict above stays genuine.
    let groups = v["biometrics"].as_array().unwrap();
    assert_eq!(groups.len(), 2, "{groups:?}");
    for (g, positions) in groups
        .iter()
        .zip([["right_index", "left_index"], ["right_eye", "left_eye"]])
    {
        let images = g["images"].as_array().unwrap();
        match g["access"].as_str().unwrap() {
            "read" => {
                let got: Vec<&str> = images
                    .iter()
                    .map(|i| i["position"].as_str().unwrap())
                    .collect();
                assert_eq!(got, positions);
            }
            "not_readable" => assert!(images.is_empty()),
            other => panic!("{other}: {g}"),
        }
    }

    // Trusting only CSCA 2, the document signer does not chain: failed, exit 1.
    let csca2 = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/pki/csca2.der");
    let o = verify(&["--json", "--trust", csca2]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "failed");
    let failed: Vec<&str> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "failed")
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(failed, ["pa.dsc_chain"]);

    let o = verify(&["--lang", "fr"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn report_of_a_dumped_document() {
    use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
    use idverify::lds::PartialDate;
    let mut s = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    s.dg12.date_of_issue = Some(PartialDate::ascii("20250115"));
    let dir = std::env::temp_dir().join(format!("idverify-report-{}", std::process::id()));
    s.dump(&dir).unwrap();
    let signed = idverify::emulator::test_pki::with_signed_sod(s.chip_files());
    std::fs::write(
        dir.join("EF.SOD.bin"),
        &signed[&idverify::chip::FileId::Sod],
    )
    .unwrap();
    let pki = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/pki/csca.der");
    let d = dir.to_str().unwrap();
    let mrz = s.dg1.mrz_text();
    let o = verify(&[
        "report",
        d,
        "--trust",
        pki,
        "--at",
        "2026-11-22",
        "--mrz",
        &mrz,
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    // Files alone authenticate no chip: EF.SOD lists DG14 and DG15, so incomplete, and the
    // report says what genuine still requires.
    assert_eq!(o.status.code(), Some(3), "{out}");
    assert!(
        out.starts_with(
            "Ergebnis: UNVOLLSTÄNDIG GEPRÜFT\n  Für ECHT fehlt chip.chip_authentication: Chip \
         nicht authentisiert: Chip Authentication nicht durchgeführt, obwohl EF.SOD DG14 führt\n"
        ),
        "{out}"
    );
    assert!(out.contains("OK          pa.dg_hashes"));
    assert!(out.contains("OK          mrz.optical_equals_dg1"));
    // The dumped DG3/DG4 in the report's words and in `files`' record lines.
    assert!(
        out.contains(
            "chip.biometrics                      DG3: 2 Fingerabdrücke (rechter Zeigefinger, \
             linker Zeigefinger), WSQ, 500 ppi; DG4: 2 Irisbilder (rechtes Auge, linkes \
             Auge), JPEG 2000 (mono), 640×480"
        ),
        "{out}"
    );
    assert!(out.contains(
        "  DG3                    rechter Zeigefinger, WSQ, 400×500, 500 ppi, Qualität 61"
    ));
    let files = verify(&["files", d]);
    let files = String::from_utf8_lossy(&files.stdout);
    for record in [
        "record 2                     ISO/IEC 19794-4: finger 7 400x500 quality 62; WSQ, 500 ppi",
        "record 1                     ISO/IEC 19794-6: eye 1 (1 images); JPEG 2000 (mono), 640x480",
    ] {
        assert!(files.contains(record), "{files}");
    }

    // No trust anchors: the chain cannot be checked, so the result is incomplete (exit 3).
    let o = verify(&[
        "report",
        d,
        "--at",
        "2026-11-22",
        "--lang",
        "en",
        "--json",
        "--face",
    ]);
    assert_eq!(o.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["verdict"], "incomplete");
    assert_eq!(v["document"]["face"]["format"], "jpeg");

    // After expiry.
    let o = verify(&[
        "report",
        d,
        "--trust",
        pki,
        "--at",
        "2034-04-16",
        "--lang",
        "en",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("Verdict: FAILED\n"), "{out}");
    assert!(out.contains("FAILED      doc.expired"));

    std::fs::remove_dir_all(&dir).unwrap();
    let o = verify(&["report", d]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn without_pcscd_the_virtual_document_is_read_in_process() {
    let o = Command::new(verify_binary())
        .args(["--lang", "en"])
        .env("IDVERIFY_PCSCD", "/nonexistent/pcscd")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{out}\n{err}");
    assert!(err.contains("in-process"), "{err}");
    assert!(out.starts_with("Verdict: GENUINE\n"), "{out}");
    assert!(out.contains("ok          pa.dg_hashes"), "{out}");
}
