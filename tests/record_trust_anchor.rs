//! The trust anchor behind passive authentication, named with where the trust store had it
//! from: a real German EF.SOD (../shared/vectors) verified from a trust snapshot built from the
//! shared German and Dutch master lists names its CSCA, the German master list's file and its
//! date of issue (the list's signing time) in the report and in the record poppler reads; the
//! same document verified from a certificate file names that file.
#![cfg(feature = "emulator")]

mod record_support;

use idverify::chip::FileId;
use idverify::inspect::load_trust;
use idverify::inspect::snapshot::{build_store, install_snapshot, load_snapshot};
use idverify::pki::Status;
use idverify::record::write_record;
use idverify::verify::{CheckTime, DocumentInput, Lang, Report, RuleId, Verifier, VerifierConfig};
use record_support::*;
use std::path::PathBuf;

fn vectors() -> PathBuf {
    match std::env::var_os("IDVERIFY_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"),
    }
}

const DE_LIST: &str = "DE_ML_2026-05-28-08-28-45.ml";

/// The German EF.SOD alone (no data groups: the verdict is not genuine, the chain decides).
fn report(store: idverify::pki::TrustStore) -> Report {
    let sod = std::fs::read(vectors().join("sod/SOD_DE.bin")).unwrap();
    Verifier::new(store, VerifierConfig::default()).verify(
        &DocumentInput::from_files([(FileId::Sod, sod)]),
        CheckTime::from_unix(CHECKED_AT),
    )
}

fn record_text(report: &Report, lang: Lang, name: &str) -> String {
    let dir = scratch(name);
    let pdf = dir.join("record.pdf");
    let options = record_options(lang, false);
    std::fs::write(&pdf, write_record(report, &options).unwrap()).unwrap();
    // Lines wrapped by the layout compare as one line.
    let text = pdf_text(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = std::fs::remove_dir_all(dir);
    text
}

#[test]
fn the_record_names_the_master_list_and_its_date_behind_the_csca() {
    let ml = vectors().join("masterlists");
    let roots = [ml.join("DE_ROOT_CA_CSCA07.cer"), ml.join("NL_ROOT_CA.cer")];
    let sources = [ml.join(DE_LIST), ml.join("NL_ML_2026-07-22.ml")];
    let built = build_store(&roots, &sources, CHECKED_AT).unwrap();
    let dir = scratch("anchor-snapshot").join("trust");
    install_snapshot(&dir, &built, CHECKED_AT, true).unwrap();
    // Through the snapshot: the sources survive it.
    let (store, manifest) = load_snapshot(&dir).unwrap();
    assert_eq!(manifest.version, 2);
    assert_eq!(manifest.counts.anchor_sources, 2);
    let r = report(store);
    let chain = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!(chain.status, Status::Passed, "{}", chain.message.en);
    let e = &chain.evidence;
    assert_eq!(e["anchor.source_kind"], "master_list");
    assert_eq!(e["anchor.source_file"], DE_LIST);
    // The list's signingTime, 2026-05-28 06:28:45 UTC.
    assert_eq!(e["anchor.source_issued"], "2026-05-28");
    assert!(e["anchor.source_signer"].contains("C=DE"), "{e:?}");
    assert!(
        e["anchor.source"].starts_with("master list of DE (signer ")
            && e["anchor.source"].contains("issued 2026-05-28, file DE_ML_2026-05-28"),
        "{e:?}"
    );

    for (lang, words) in [
        (
            Lang::De,
            [
                "Herkunft",
                "CSCA-Masterliste, Signatur bei der Übernahme geprüft",
                "Ausgabedatum der Masterliste",
            ],
        ),
        (
            Lang::En,
            [
                "Source",
                "CSCA master list, its signature verified when loaded",
                "Master list issued",
            ],
        ),
    ] {
        let text = record_text(&r, lang, "anchor-record");
        for w in words
            .iter()
            .chain(&[DE_LIST, "2026-05-28", &e["anchor.csca_subject"][..]])
        {
            assert!(text.contains(w), "{w} missing ({lang:?}):\n{text}");
        }
    }
    let _ = std::fs::remove_dir_all(dir.parent().unwrap());
}

#[test]
fn a_csca_from_a_certificate_file_is_named_as_such() {
    let store = load_trust(&[vectors().join("sod/CSCA_DE.der")], CHECKED_AT).unwrap();
    let r = report(store);
    let chain = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!(chain.status, Status::Passed, "{}", chain.message.en);
    assert_eq!(chain.evidence["anchor.source_kind"], "certificate_file");
    assert_eq!(chain.evidence["anchor.source_file"], "CSCA_DE.der");
    assert!(!chain.evidence.contains_key("anchor.source_issued"));
    let text = record_text(&r, Lang::De, "anchor-file");
    for w in [
        "Zertifikatsdatei, vom Amt direkt eingerichtet",
        "CSCA_DE.der",
    ] {
        assert!(text.contains(w), "{w} missing:\n{text}");
    }
    assert!(!text.contains("Ausgabedatum der Masterliste"), "{text}");
}
