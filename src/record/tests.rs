//! The record and its seal in-process: layout content in both languages, the reasons of a
//! failed document first, data minimisation, seals with EC and RSA-PSS file keys that verify
//! and that name what changed. (poppler, OpenSSL and SoftHSM2 read them in tests/record_*.rs.)

use super::*;
use crate::pki::cert::Certificate;
use crate::pki::store::parse_certificates;
use crate::terminal::FileSigner;
use crate::verify::{CheckTime, DocumentInput, Lang, Verdict, Verifier, VerifierConfig};
use getrandom::SysRng;
use rand_core::UnwrapErr;
use std::path::Path;

/// The ICAO specimen's MRZ alone, checked in 2026: it expired in 2012, so `failed`.
fn expired_specimen_report() -> Report {
    let verifier = Verifier::new(crate::pki::TrustStore::new(), VerifierConfig::default());
    let input = DocumentInput::optical(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
         L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    );
    verifier.verify(&input, CheckTime::from_unix(1_795_305_600))
}

fn options(lang: Lang) -> RecordOptions {
    RecordOptions {
        office: "Migrationsamt Musterstadt".into(),
        desk: "Schalter 3".into(),
        operator: "M. Müller".into(),
        purpose: "Verlängerung Aufenthaltstitel".into(),
        lang,
        written_at: 1_795_305_660,
        include_face: false,
    }
}

fn page_text(report: &Report, options: &RecordOptions) -> Vec<String> {
    content::layout(report, options, "00")
        .iter()
        .flat_map(|p| {
            p.text_lines()
                .into_iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn a_failed_document_says_why_in_its_first_lines_in_both_languages() {
    let report = expired_specimen_report();
    assert_eq!(report.verdict, Verdict::Failed);
    let de = page_text(&report, &options(Lang::De));
    assert_eq!(de[0], "Prüfprotokoll Dokumentenprüfung");
    assert_eq!(de[2], "Ergebnis");
    assert_eq!(de[3], "NICHT BESTANDEN");
    assert_eq!(de[4], "Begründung:");
    assert!(de[5].contains("doc.expired"), "{}", de[5]);
    let en = page_text(&report, &options(Lang::En));
    assert_eq!((en[2].as_str(), en[3].as_str()), ("Verdict", "FAILED"));
    assert!(en[5].contains("doc.expired"), "{}", en[5]);
    // Every check id is printed, and the office's circumstances.
    for c in &report.checks {
        assert!(de.iter().any(|l| l == c.id.as_str()), "{}", c.id);
    }
    for needle in [
        "Schalter 3",
        "M. Müller",
        "Verlängerung Aufenthaltstitel",
        "L898902C3",
    ] {
        assert!(de.iter().any(|l| l.contains(needle)), "{needle}");
    }
}

#[test]
fn the_record_is_pdf_a_3b_and_the_same_inputs_give_the_same_bytes() {
    let report = expired_specimen_report();
    let pdf = write_record(&report, &options(Lang::De)).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("<pdfaid:part>3</pdfaid:part>"));
    assert!(text.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    assert!(text.contains("/AFRelationship/Data"));
    assert!(text.contains("/AF["));
    assert_eq!(pdf, write_record(&report, &options(Lang::De)).unwrap());
    assert_ne!(pdf, write_record(&report, &options(Lang::En)).unwrap());
}

#[test]
fn the_face_is_left_out_unless_asked_for() {
    let mut report = expired_specimen_report();
    let face = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/faces/face.jpg"))
        .unwrap();
    let b64 = base64(&face);
    report.document.as_mut().unwrap().face = Some(crate::verify::FaceImage {
        format: "jpeg".into(),
        width: 240,
        height: 320,
        data_base64: b64.clone(),
    });
    let mut opts = options(Lang::De);
    assert!(minimised(&report, &opts).document.unwrap().face.is_none());
    let without = write_record(&report, &opts).unwrap();
    assert!(!String::from_utf8_lossy(&without).contains("/Subtype/Image"));
    opts.include_face = true;
    assert!(minimised(&report, &opts).document.unwrap().face.is_some());
    let with = write_record(&report, &opts).unwrap();
    assert!(String::from_utf8_lossy(&with).contains("/Subtype/Image"));
    assert!(
        page_text(&report, &opts)
            .iter()
            .any(|l| l == "NICHT BESTANDEN")
    );
    // A face that is not an image is an error, not a record without it.
    report
        .document
        .as_mut()
        .unwrap()
        .face
        .as_mut()
        .unwrap()
        .data_base64 = base64(b"no jpeg");
    assert!(matches!(
        write_record(&report, &opts),
        Err(RecordError::Pdf(_))
    ));
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn testdata(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/record")
            .join(name),
    )
    .unwrap()
}

fn certificate(name: &str) -> Certificate {
    parse_certificates(&testdata(name)).unwrap().remove(0)
}

fn file_signer(key: &str, cert: &Certificate) -> FileSigner {
    FileSigner::from_pkcs8(&testdata(key), seal_algorithm(cert).unwrap(), key)
        .unwrap()
        .with_rng(Box::new(UnwrapErr(SysRng)))
}

/// 2027-01-15 12:00:00 UTC.
const SEALED_AT: i64 = 1_800_014_400;

#[test]
fn seals_from_ec_and_rsa_pss_keys_verify_and_name_what_changed() {
    let pdf = write_record(&expired_specimen_report(), &options(Lang::En)).unwrap();
    let ca = certificate("seal_ca.der");
    for (key, cert_file, alg) in [
        ("seal_ec.pk8", "seal_ec.der", "ECDSA SHA-256"),
        (
            "seal_rsa.pk8",
            "seal_rsa.der",
            "RSASSA-PSS(SHA-256, MGF1-SHA-256, salt 32)",
        ),
    ] {
        let cert = certificate(cert_file);
        let p7s = seal(&pdf, &cert.der, &file_signer(key, &cert), SEALED_AT).unwrap();
        let check = check_seal(&pdf, &p7s, std::slice::from_ref(&ca)).unwrap();
        assert!(check.valid(), "{key}: {:?}", check.problems);
        assert_eq!(check.signing_time.as_deref(), Some("2027-01-15T12:00:00Z"));
        assert_eq!(check.algorithm.as_deref(), Some(alg));
        assert!(check.signer.unwrap().contains("Behördensiegel"));
        // The certificate itself as the trust anchor.
        assert!(
            check_seal(&pdf, &p7s, std::slice::from_ref(&cert))
                .unwrap()
                .valid()
        );

        // One flipped byte in the record: it was changed.
        let mut changed = pdf.clone();
        changed[pdf.len() / 2] ^= 1;
        let check = check_seal(&changed, &p7s, std::slice::from_ref(&ca)).unwrap();
        assert!(
            matches!(
                check.problems.as_slice(),
                [SealProblem::RecordChanged { .. }, ..]
            ),
            "{:?}",
            check.problems
        );
        // A flipped byte in the signature value (the seal's last byte).
        let mut forged = p7s.clone();
        *forged.last_mut().unwrap() ^= 1;
        let check = check_seal(&pdf, &forged, std::slice::from_ref(&ca)).unwrap();
        assert!(
            check
                .problems
                .iter()
                .any(|p| matches!(p, SealProblem::SignatureInvalid(_))),
            "{:?}",
            check.problems
        );
        // Another trust anchor: not trusted.
        let other = certificate("untrusted_seal.der");
        let check = check_seal(&pdf, &p7s, std::slice::from_ref(&other)).unwrap();
        assert!(matches!(
            check.problems.as_slice(),
            [SealProblem::SignerNotTrusted(_)]
        ));
    }
}

#[test]
fn a_key_that_does_not_fit_the_certificate_and_bad_seals_are_errors() {
    let pdf = b"%PDF-1.7 not a record, but bytes to seal";
    let ec = certificate("seal_ec.der");
    let rsa = certificate("seal_rsa.der");
    // The EC key with the other EC certificate (the untrusted one has the same key: fine) …
    let signer = file_signer("seal_ec.pk8", &ec);
    assert!(
        seal(
            pdf,
            &certificate("untrusted_seal.der").der,
            &signer,
            SEALED_AT
        )
        .is_ok()
    );
    // … but the CA's certificate has another key.
    let err = seal(pdf, &certificate("seal_ca.der").der, &signer, SEALED_AT).unwrap_err();
    assert!(
        matches!(err, RecordError::Certificate(ref m) if m.contains("does not match")),
        "{err}"
    );
    assert!(matches!(
        seal(pdf, b"junk", &signer, SEALED_AT),
        Err(RecordError::Certificate(_))
    ));
    assert!(
        FileSigner::from_pkcs8(&testdata("seal_rsa.pk8"), seal_algorithm(&ec).unwrap(), "k")
            .is_err()
    );
    let p7s = seal(pdf, &rsa.der, &file_signer("seal_rsa.pk8", &rsa), SEALED_AT).unwrap();
    for bad in [-1, i64::MIN, 253_402_300_800, i64::MAX] {
        assert!(matches!(
            seal(pdf, &rsa.der, &signer, bad),
            Err(RecordError::TimeOutOfRange { .. })
        ));
        let mut opts = options(Lang::De);
        opts.written_at = bad;
        assert!(matches!(
            write_record(&expired_specimen_report(), &opts),
            Err(RecordError::TimeOutOfRange { .. })
        ));
    }
    for bad in [&b""[..], b"junk", &p7s[..p7s.len() / 2]] {
        assert!(matches!(
            check_seal(pdf, bad, &[]),
            Err(RecordError::Seal(_))
        ));
    }
}
