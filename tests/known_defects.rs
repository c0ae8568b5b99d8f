//! Known defects: Utopia's signed deviation list (testdata/trust/deviation_list.dvl, ICAO
//! 9303-12 §10) says the documents of its RSA document signer carry a wrong DG2 hash
//! (id-Deviation-LDS-DGHashWrong, Datagroup 2). Such a document whose DG2 does not match
//! EF.SOD fails `pa.dg_hashes` as a known defect naming the deviation, weighed with the
//! configured severity; a DG1 that does not match, or another signer's document, stays a
//! plain failure.

use idverify::chip::FileId;
use idverify::pki::{Status, TrustStore};
use idverify::verify::{
    CheckTime, DocumentInput, Report, RuleId, Severity, Verdict, Verifier, VerifierConfig,
};
use std::path::Path;

#[path = "support/files.rs"]
mod files;
use files::testdata as read;
#[path = "support/json_schema.rs"]
mod json_schema;
#[cfg(feature = "emulator")]
mod record_support;

fn at() -> CheckTime {
    CheckTime::from_date(idverify::mrz::Date::parse_iso("2026-06-01").unwrap())
}

/// Utopia's CSCA 1 as CSCA and master-list root, and its deviation list.
fn store() -> TrustStore {
    store_with(TrustStore::new(), "deviation_list.dvl")
}

/// `store` with Utopia's CSCA 1 as CSCA and master-list root, and the deviation list `dvl`
/// of testdata/trust.
fn store_with(mut store: TrustStore, dvl: &str) -> TrustStore {
    let csca = read("csca.der");
    store.add_certificates(&csca).unwrap();
    store.add_master_list_roots(&csca).unwrap();
    let dvl = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/trust")
            .join(dvl),
    )
    .unwrap();
    assert!(store.add_rooted_deviation_list(&dvl, at().unix()).unwrap() > 0);
    store
}

fn verifier(known_defect_severity: Option<Severity>) -> Verifier {
    verifier_with(store(), known_defect_severity)
}

fn verifier_with(store: TrustStore, known_defect_severity: Option<Severity>) -> Verifier {
    let mut config = VerifierConfig::default();
    // The test PKI's DG2 is no image and its specimen has expired: both are other rules'
    // failures, switched off so that the verdict shows what the known defect does.
    config.set_enabled(RuleId::DocExpired, false);
    config.set_enabled(RuleId::LdsFilesReadable, false);
    if let Some(s) = known_defect_severity {
        config.known_defect_severity = s;
    }
    Verifier::new(store, config)
}

/// DG2 with its last byte changed: its hash no longer matches EF.SOD.
fn dg2_altered() -> Vec<u8> {
    let mut dg2 = read("dg2.bin");
    *dg2.last_mut().unwrap() ^= 0x01;
    dg2
}

fn report(v: &Verifier, sod: &str, dg1: Vec<u8>, dg2: Vec<u8>) -> Report {
    v.verify(
        &DocumentInput::from_files([
            (FileId::Dg1, dg1),
            (FileId::Dg2, dg2),
            (FileId::Sod, read(sod)),
        ]),
        at(),
    )
}

fn schema_errors(r: &Report) -> Vec<String> {
    let schema: serde_json::Value = serde_json::from_str(idverify::verify::JSON_SCHEMA).unwrap();
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let mut errors = Vec::new();
    json_schema::validate(&schema, &schema, &json, "$", &mut errors);
    errors
}

#[test]
fn a_listed_dg_hash_deviation_is_a_known_defect_weighed_as_configured() {
    // The unaltered document is genuine: the list alone changes nothing.
    let v = verifier(None);
    let genuine = report(&v, "sod_rsa-pkcs1.bin", read("dg1.bin"), read("dg2.bin"));
    assert_eq!(genuine.verdict, Verdict::Genuine, "{}", genuine.to_json());
    assert!(genuine.checks.iter().all(|c| c.known_defect.is_none()));

    // Default: a warning. The check still failed, names the deviation, and the verdict asks
    // for a person's look instead of calling the document forged.
    let r = report(&v, "sod_rsa-pkcs1.bin", read("dg1.bin"), dg2_altered());
    let c = r.check(RuleId::PaDgHashes).unwrap();
    assert_eq!(c.status, Status::Failed);
    assert_eq!(c.severity, Severity::Error);
    let k = c.known_defect.as_ref().expect("known defect");
    assert_eq!(k.deviation_type, "2.23.136.1.1.7.2.2");
    assert_eq!(k.deviation, "data group hash wrong: DG2");
    assert_eq!(
        k.description.as_deref(),
        Some("DG2 hash computed over the wrong bytes")
    );
    assert_eq!((k.listed_by.as_str(), k.effect), ("UT", Severity::Warning));
    assert!(
        c.message.en.starts_with(
            "Known defect of the document series per the deviation list (UT): data group hash wrong: DG2"
        ),
        "{}",
        c.message.en
    );
    assert!(
        c.message.de.starts_with("Bekannter Mangel"),
        "{}",
        c.message.de
    );
    assert_eq!(r.verdict, Verdict::Suspicious);
    assert_eq!(r.failed_ids(), ["pa.dg_hashes"]);
    assert!(r.to_json().contains("\"known_defect\""));
    assert_eq!(schema_errors(&r), Vec::<String>::new());

    // Configured as an error: still failed, but named as the known defect it is.
    let strict = verifier(Some(Severity::Error));
    let r = report(&strict, "sod_rsa-pkcs1.bin", read("dg1.bin"), dg2_altered());
    let c = r.check(RuleId::PaDgHashes).unwrap();
    assert_eq!(c.known_defect.as_ref().unwrap().effect, Severity::Error);
    assert_eq!(r.verdict, Verdict::Failed);

    // Even as info, a failed hash never makes the document genuine: pa.dg_hashes is required.
    let lenient = verifier(Some(Severity::Info));
    let r = report(
        &lenient,
        "sod_rsa-pkcs1.bin",
        read("dg1.bin"),
        dg2_altered(),
    );
    assert!(r.check(RuleId::PaDgHashes).unwrap().known_defect.is_some());
    assert_eq!(r.verdict, Verdict::Incomplete);
}

#[test]
fn a_deviation_that_does_not_match_leaves_the_failure() {
    let v = verifier(None);
    // DG1 altered: the list names DG2 only.
    let r = report(
        &v,
        "sod_rsa-pkcs1.bin",
        read("dg1_changed.bin"),
        read("dg2.bin"),
    );
    let c = r.check(RuleId::PaDgHashes).unwrap();
    assert_eq!(c.status, Status::Failed);
    assert_eq!(c.known_defect, None);
    assert_eq!(r.verdict, Verdict::Failed);
    // DG1 and DG2 altered: the DG2 deviation does not explain DG1.
    let r = report(
        &v,
        "sod_rsa-pkcs1.bin",
        read("dg1_changed.bin"),
        dg2_altered(),
    );
    assert_eq!(r.check(RuleId::PaDgHashes).unwrap().known_defect, None);
    assert_eq!(r.verdict, Verdict::Failed);
    // Another document signer: the deviation is not listed for it.
    let r = report(
        &v,
        "sod_ecdsa-p384-named.bin",
        read("dg1.bin"),
        dg2_altered(),
    );
    let c = r.check(RuleId::PaDgHashes).unwrap();
    assert_eq!(c.status, Status::Failed);
    assert_eq!(c.known_defect, None);
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(
        r.check(RuleId::PkiKnownDeviations).unwrap().status,
        Status::Passed
    );
}

/// The record says "known defect" where the check failed as one, and names the deviation.
#[cfg(feature = "emulator")]
#[test]
fn the_record_prints_a_known_defect_as_such() {
    let r = report(
        &verifier(None),
        "sod_rsa-pkcs1.bin",
        read("dg1.bin"),
        dg2_altered(),
    );
    let dir = record_support::scratch("known-defect");
    for (lang, words) in [
        (
            idverify::verify::Lang::De,
            [
                "VERDÄCHTIG",
                "bek. Mangel",
                "Hashwert einer Datengruppe falsch: DG2",
            ],
        ),
        (
            idverify::verify::Lang::En,
            ["SUSPICIOUS", "known defect", "data group hash wrong: DG2"],
        ),
    ] {
        let pdf = dir.join("record.pdf");
        let options = record_support::record_options(lang, false);
        std::fs::write(&pdf, idverify::record::write_record(&r, &options).unwrap()).unwrap();
        let text = record_support::pdf_text(&pdf)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for w in words {
            assert!(text.contains(w), "{w} missing ({lang:?}):\n{text}");
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// A broken chain is a known defect only when the list names the DSC by its certificate
/// digest: issuer and serial number can be copied into a self-made certificate.
#[test]
fn a_listed_chain_deviation_needs_the_certificate_digest() {
    let forged = |v: &Verifier| {
        report(
            v,
            "forged_unknown_dsc.bin",
            read("dg1.bin"),
            read("dg2.bin"),
        )
    };
    let by_digest = verifier_with(
        store_with(TrustStore::new(), "deviation_list_more.dvl"),
        None,
    );
    let r = forged(&by_digest);
    let c = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!(c.status, Status::Failed);
    let k = c.known_defect.as_ref().expect("known defect");
    assert_eq!(
        (k.deviation_type.as_str(), k.deviation.as_str()),
        ("2.23.136.1.1.7.1.1", "document signer signature wrong")
    );
    assert_eq!(r.verdict, Verdict::Suspicious, "{:?}", r.failed_ids());

    let by_issuer = verifier_with(
        store_with(TrustStore::new(), "deviation_list_by_issuer.dvl"),
        None,
    );
    let r = forged(&by_issuer);
    let c = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!((c.status, &c.known_defect), (Status::Failed, &None));
    assert_eq!(r.verdict, Verdict::Failed);
    // The deviation is still named for the clerk.
    let named = r.check(RuleId::PkiKnownDeviations).unwrap();
    assert_eq!(named.status, Status::Warning);
    assert_eq!(named.evidence["affects"], "pa.dsc_chain");
}

/// A passed active authentication proves nothing when the series' key is listed as possibly
/// compromised: a warning, the verdict suspicious.
#[cfg(feature = "emulator")]
#[test]
fn a_compromised_active_authentication_key_turns_a_pass_into_a_warning() {
    let (input, time) = record_support::specimen_input(false);
    let plain = Verifier::new(
        idverify::emulator::test_pki::trust_store(),
        VerifierConfig::default(),
    )
    .verify(&input, time);
    assert_eq!(plain.verdict, Verdict::Genuine);
    let store = store_with(
        idverify::emulator::test_pki::trust_store(),
        "deviation_list_more.dvl",
    );
    let r = Verifier::new(store, VerifierConfig::default()).verify(&input, time);
    let aa = r.check(RuleId::ChipActiveAuthentication).unwrap();
    assert_eq!(aa.status, Status::Warning);
    assert_eq!(aa.evidence["deviation"], "2.23.136.1.1.7.1.4");
    assert!(
        aa.message.en.contains("no proof against clones"),
        "{}",
        aa.message.en
    );
    assert_eq!(r.verdict, Verdict::Suspicious);
}
