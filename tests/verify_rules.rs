//! The verifier end to end on documents in memory: each specimen, the test PKI's genuine and
//! forged EF.SODs, and documents made inconsistent one fact at a time. Each case asserts the
//! verdict and exactly which checks failed; every report is validated against the JSON Schema.
#![cfg(feature = "emulator")]

use idverify::chip::FileId;
use idverify::emulator::specimen::mrz_text::{MrzData, td1};
use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
use idverify::lds::{Dg1, PartialDate};
use idverify::mrz::Date;
use idverify::pki::TrustStore;
use idverify::verify::{
    BlockedDocument, CheckTime, DocumentInput, FaceExport, Lang, ProtocolOutcome, Report, RuleId,
    Status, Verdict, Verifier, VerifierConfig, render,
};
use serde_json::Value;

#[path = "support/files.rs"]
mod files;
use files::testdata;
use std::path::Path;

fn at(date: &str) -> CheckTime {
    CheckTime::from_date(Date::parse_iso(date).unwrap())
}

fn now() -> CheckTime {
    at("2026-11-22")
}

fn trust() -> TrustStore {
    let mut store = TrustStore::new();
    store.add_certificates(&testdata("csca.der")).unwrap();
    store.add_certificates(&testdata("csca2_link.der")).unwrap();
    store.add_crl(&testdata("crl.der")).unwrap();
    store.add_crl(&testdata("crl2.der")).unwrap();
    store
}

/// The specimen's files as read from a chip, plus its printed MRZ.
fn specimen_input(s: &Specimen) -> DocumentInput {
    DocumentInput::from_files(s.chip_files()).with_optical_mrz(&s.dg1.mrz_text())
}

fn specimen(kind: SpecimenKind) -> Specimen {
    Specimen::build(kind, FaceVariant::Jpeg)
}

#[path = "support/json_schema.rs"]
mod json_schema;
use json_schema::validate;

fn assert_valid_json(report: &Report) {
    let schema: Value = serde_json::from_str(idverify::verify::JSON_SCHEMA).unwrap();
    let v: Value = serde_json::from_str(&report.to_json()).unwrap();
    let mut errors = Vec::new();
    validate(&schema, &schema, &v, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(v["schema_version"], idverify::verify::SCHEMA_VERSION);
}

/// Verifies, validates the JSON and both renderings, and returns the report.
fn check(verifier: &Verifier, input: &DocumentInput, time: CheckTime) -> Report {
    let report = verifier.verify(input, time);
    assert_valid_json(&report);
    let de = render(&report, Lang::De);
    let en = render(&report, Lang::En);
    assert!(de.contains(report.verdict.text().get(Lang::De)));
    assert!(en.contains(report.verdict.text().get(Lang::En)));
    for c in &report.checks {
        assert!(de.contains(c.id.as_str()) && en.contains(c.message.get(Lang::En)));
    }
    report
}

fn status(r: &Report, id: RuleId) -> Status {
    r.check(id).unwrap().status
}

fn default_verifier() -> Verifier {
    Verifier::new(trust(), VerifierConfig::default())
}

/// `input` with EF.SOD signed anew over its files by the German test signer: only signed
/// DG11 and DG12 feed the rules, so the date rules are tested on signed documents.
fn signed_de(input: DocumentInput) -> DocumentInput {
    let mut files = input.files.clone();
    files.remove(&FileId::Sod);
    let files = idverify::emulator::test_pki::with_signed_sod_by(
        idverify::emulator::test_pki::TestSigner::Germany,
        files,
    );
    DocumentInput { files, ..input }
}

/// A verifier trusting the test PKIs, without `pki.dsc_valid_on_issue_date`: the German
/// specimens' dates of issue precede the test signer.
fn german_verifier() -> Verifier {
    let mut c = VerifierConfig::default();
    c.set_enabled(RuleId::PkiDscValidOnIssueDate, false);
    Verifier::new(idverify::emulator::test_pki::trust_store(), c)
}

// ------------------------------------------------------------------------- specimens

#[test]
fn unsigned_specimens_are_incomplete_with_every_plausibility_check_passed() {
    let v = default_verifier();
    for kind in SpecimenKind::ALL {
        let s = specimen(kind);
        let r = check(&v, &specimen_input(&s), now());
        assert_eq!(r.verdict, Verdict::Incomplete, "{kind:?}");
        assert_eq!(r.failed_ids(), Vec::<&str>::new(), "{kind:?}");
        for id in [
            RuleId::PaSodSignature,
            RuleId::PaDscChain,
            RuleId::PaDgHashes,
        ] {
            assert_eq!(status(&r, id), Status::NotChecked);
        }
        for id in [
            RuleId::LdsFilesReadable,
            RuleId::MrzCheckDigits,
            RuleId::MrzOpticalEqualsDg1,
            RuleId::DocExpired,
            RuleId::CodesIssuingStateKnown,
            RuleId::CodesNationalityKnown,
        ] {
            assert_eq!(status(&r, id), Status::Passed, "{kind:?} {id}");
        }
        // DG12's date of issue is not signed without EF.SOD: shown, but no rule uses it.
        for id in [RuleId::DocIssueBeforeBirth, RuleId::DocIssueAfterCheckTime] {
            assert_eq!(status(&r, id), Status::NotChecked, "{kind:?} {id}");
        }
        let d = r.document.as_ref().unwrap();
        assert_eq!(d.source, "chip");
        assert_eq!(d.document_number, s.access.document_number);
        assert!(d.face.is_none());
    }
}

#[test]
fn german_rules_apply_to_the_german_id_card_only() {
    let v = default_verifier();
    let id = check(
        &german_verifier(),
        &signed_de(specimen_input(&specimen(SpecimenKind::IdCardDe))),
        now(),
    );
    assert_eq!(status(&id, RuleId::DocValiditySpan), Status::Passed);
    assert_eq!(
        id.check(RuleId::DocValiditySpan).unwrap().evidence["allowed_years"],
        "10"
    );
    assert_eq!(
        status(&id, RuleId::MrzGermanDocumentNumberAlphabet),
        Status::Passed
    );
    let pp = check(
        &v,
        &specimen_input(&specimen(SpecimenKind::PassportUto)),
        now(),
    );
    assert_eq!(status(&pp, RuleId::DocValiditySpan), Status::NotChecked);
    assert_eq!(
        status(&pp, RuleId::MrzGermanDocumentNumberAlphabet),
        Status::NotChecked
    );
    let ar = check(
        &v,
        &specimen_input(&specimen(SpecimenKind::ResidencePermitDe)),
        now(),
    );
    assert_eq!(
        status(&ar, RuleId::MrzGermanDocumentNumberAlphabet),
        Status::NotChecked
    );
}

#[test]
fn face_on_request_as_jpeg_or_png() {
    let config = VerifierConfig {
        face: FaceExport::JpegOrPng,
        ..VerifierConfig::default()
    };
    let v = Verifier::new(TrustStore::new(), config);
    let jpeg = v.verify(&specimen_input(&specimen(SpecimenKind::PassportUto)), now());
    let face = jpeg.document.unwrap().face.unwrap();
    assert_eq!(
        (face.format.as_str(), face.width, face.height),
        ("jpeg", 240, 320)
    );
    assert!(face.data_base64.starts_with("/9j/"));
    let jp2 = Specimen::build(SpecimenKind::IdCardDe, FaceVariant::Jpeg2000);
    let png = v
        .verify(&specimen_input(&jp2), now())
        .document
        .unwrap()
        .face
        .unwrap();
    assert_eq!(
        (png.format.as_str(), png.width, png.height),
        ("png", 240, 320)
    );
    assert!(png.data_base64.starts_with("iVBORw0KGgo"));
}

// -------------------------------------------------------------- the test PKI's EF.SODs

/// DG1 (the ICAO specimen, expired 2012) with `sod`.
fn pki_input(sod: &str, dg1: &str) -> DocumentInput {
    // (dg2.bin is a placeholder, not a DG2 the LDS parses.)
    DocumentInput::from_files([(FileId::Dg1, testdata(dg1)), (FileId::Sod, testdata(sod))])
}

fn without_expiry() -> VerifierConfig {
    let mut c = VerifierConfig::default();
    c.set_enabled(RuleId::DocExpired, false);
    c
}

#[test]
fn genuine_sods_pass_passive_authentication() {
    let v = default_verifier();
    for name in [
        "sod_rsa-pkcs1.bin",
        "sod_ecdsa-p256-named.bin",
        "sod_ecdsa-bp320-explicit.bin",
    ] {
        let r = check(&v, &pki_input(name, "dg1.bin"), now());
        // The ICAO specimen MRZ expired on 2012-04-15.
        assert_eq!(r.verdict, Verdict::Failed, "{name}");
        assert_eq!(r.failed_ids(), vec!["doc.expired"], "{name}");
        assert_eq!(status(&r, RuleId::PaSodSignature), Status::Passed);
        assert_eq!(status(&r, RuleId::PaDscChain), Status::Passed);
        // These EF.SODs also sign a DG2 that is not given here.
        assert_eq!(status(&r, RuleId::PaDgHashes), Status::NotChecked);
        assert_eq!(
            r.check(RuleId::PaDgHashes).unwrap().message.en,
            "DG2 listed in EF.SOD but not read"
        );
        assert_eq!(
            r.check(RuleId::PaDgHashes).unwrap().evidence["dg.1"],
            "passed: hash matches EF.SOD"
        );
        assert_eq!(status(&r, RuleId::PkiIssuerMatchesSigner), Status::Passed);
        // No DG12, so no issue date.
        assert_eq!(
            status(&r, RuleId::PkiDscValidOnIssueDate),
            Status::NotChecked
        );
    }
    let v = Verifier::new(trust(), without_expiry());
    let r = check(&v, &pki_input("sod_rsa-pkcs1.bin", "dg1.bin"), now());
    assert_eq!(r.verdict, Verdict::Incomplete);
    assert_eq!(r.unmet_requirements.len(), 1);
    assert_eq!(r.unmet_requirements[0].check, RuleId::PaDgHashes);
    assert!(r.check(RuleId::DocExpired).is_none());
}

#[test]
fn forged_sods_fail() {
    let v = Verifier::new(trust(), without_expiry());
    let cases: [(&str, &str, &[&str]); 7] = [
        ("forged_content.bin", "dg1.bin", &["pa.sod_signature"]),
        ("sod_rsa-pkcs1.bin", "dg1_changed.bin", &["pa.dg_hashes"]),
        ("forged_unknown_dsc.bin", "dg1.bin", &["pa.dsc_chain"]),
        ("forged_expired_dsc.bin", "dg1.bin", &["pa.dsc_chain"]),
        ("forged_revoked_dsc.bin", "dg1.bin", &["pa.dsc_chain"]),
        (
            "forged_alg_rsa_as_ecdsa.bin",
            "dg1.bin",
            &["pa.sod_signature"],
        ),
        ("forged_truncated.bin", "dg1.bin", &["pa.sod_signature"]),
    ];
    for (sod, dg1, failing) in cases {
        let r = check(&v, &pki_input(sod, dg1), now());
        assert_eq!(r.verdict, Verdict::Failed, "{sod}");
        assert_eq!(&r.failed_ids(), failing, "{sod}");
    }
}

#[test]
fn changed_dg1_against_the_printed_mrz() {
    let v = Verifier::new(trust(), without_expiry());
    let printed = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    let input = pki_input("sod_rsa-pkcs1.bin", "dg1_changed.bin").with_optical_mrz(printed);
    let r = check(&v, &input, now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(
        r.failed_ids(),
        vec!["mrz.optical_equals_dg1", "pa.dg_hashes"]
    );
    assert_eq!(
        r.check(RuleId::MrzOpticalEqualsDg1).unwrap().evidence["fields"],
        "names"
    );
}

#[test]
fn no_trust_anchors_make_the_result_incomplete() {
    let v = Verifier::new(TrustStore::new(), without_expiry());
    let r = check(&v, &pki_input("sod_rsa-pkcs1.bin", "dg1.bin"), now());
    assert_eq!(r.verdict, Verdict::Incomplete);
    assert_eq!(r.failed_ids(), Vec::<&str>::new());
    assert_eq!(status(&r, RuleId::PaDscChain), Status::NotChecked);
    assert_eq!(status(&r, RuleId::PaSodSignature), Status::Passed);
}

#[test]
fn german_issuer_signed_by_utopia() {
    // The ICAO DG1 relabelled as German: the Utopian DSC does not match the issuer.
    let v = Verifier::new(trust(), without_expiry());
    let dg1 = testdata("dg1.bin");
    let changed: Vec<u8> = String::from_utf8(dg1.clone())
        .unwrap()
        .replace("P<UTO", "P<D<<")
        .into_bytes();
    assert_eq!(changed.len(), dg1.len());
    let input = DocumentInput::from_files([
        (FileId::Dg1, changed),
        (FileId::Sod, testdata("sod_rsa-pkcs1.bin")),
    ]);
    let r = check(&v, &input, now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert!(r.failed_ids().contains(&"pki.issuer_matches_signer"));
    assert!(r.failed_ids().contains(&"pa.dg_hashes"));
}

// ------------------------------------------------------------- inconsistent documents

/// The German ID card specimen with its MRZ rebuilt from `edit`ed fields.
fn id_card_with(edit: impl FnOnce(&mut MrzData<'static>)) -> DocumentInput {
    let mut data = MrzData {
        code: "ID",
        issuer: "D<<",
        name: "MUSTERMANN<<ERIKA",
        number: "T22000129",
        nationality: "D<<",
        birth: "640812",
        sex: "F",
        expiry: "310731",
        optional: "",
    };
    edit(&mut data);
    let s = specimen(SpecimenKind::IdCardDe);
    let dg1 = Dg1::new(td1(&data));
    specimen_input(&s)
        .with_file(FileId::Dg1, dg1.encode())
        .with_optical_mrz(&dg1.mrz_text())
}

fn id_card_dg12(issued: &str) -> Vec<u8> {
    let mut s = specimen(SpecimenKind::IdCardDe);
    s.dg12.date_of_issue = Some(PartialDate::bcd(issued));
    s.dg12.encode()
}

#[test]
fn expired_and_expiring() {
    let v = default_verifier();
    let input = specimen_input(&specimen(SpecimenKind::PassportUto));
    let r = check(&v, &input, at("2034-04-16"));
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(r.failed_ids(), vec!["doc.expired"]);
    // Expiring within 90 days: a note only.
    let r = check(&v, &input, at("2034-03-01"));
    assert_eq!(status(&r, RuleId::DocExpiringSoon), Status::Warning);
    assert_eq!(r.verdict, Verdict::Incomplete);
    assert_eq!(
        r.check(RuleId::DocExpiringSoon).unwrap().evidence["days_left"],
        "45"
    );
    let r = check(&v, &input, at("2034-04-15"));
    assert_eq!(status(&r, RuleId::DocExpired), Status::Passed);
}

#[test]
fn inconsistent_dates() {
    let v = german_verifier();
    let base = specimen_input(&specimen(SpecimenKind::IdCardDe));

    let after_check = signed_de(
        base.clone()
            .with_file(FileId::Dg12, id_card_dg12("20270101")),
    );
    let r = check(&v, &after_check, now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(r.failed_ids(), vec!["doc.issue_after_check_time"]);

    let before_birth = signed_de(
        base.clone()
            .with_file(FileId::Dg12, id_card_dg12("19600101")),
    );
    let r = check(&v, &before_birth, now());
    assert_eq!(r.verdict, Verdict::Failed);
    // Issued 1960 and expiring 2031: also far beyond ten years.
    assert_eq!(
        r.failed_ids(),
        vec!["doc.issue_before_birth", "doc.validity_span"]
    );

    let mut s = specimen(SpecimenKind::IdCardDe);
    s.dg11.full_date_of_birth = Some(PartialDate::ascii("20300101"));
    let future = signed_de(base.clone().with_file(FileId::Dg11, s.dg11.encode()));
    let r = check(&v, &future, now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(
        r.failed_ids(),
        vec![
            "person.birth_in_future",
            "person.implausible_age",
            // DG1 says 1964.
            "person.dg11_birth_date_equals_dg1",
            "doc.issue_before_birth",
            // Not yet born at issue, so under 24: six years allowed.
            "doc.validity_span"
        ]
    );

    let mut s = specimen(SpecimenKind::IdCardDe);
    s.dg11.full_date_of_birth = Some(PartialDate::ascii("18900101"));
    let old = signed_de(base.with_file(FileId::Dg11, s.dg11.encode()));
    let r = check(&v, &old, now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(
        r.failed_ids(),
        vec![
            "person.implausible_age",
            "person.dg11_birth_date_equals_dg1"
        ]
    );
    // The same DG11 unsigned: it feeds no rule, its date of birth is DG1's, and the two
    // dates still disagree.
    let unsigned =
        specimen_input(&specimen(SpecimenKind::IdCardDe)).with_file(FileId::Dg11, s.dg11.encode());
    let r = check(&v, &unsigned, now());
    assert_eq!(status(&r, RuleId::PersonImplausibleAge), Status::Passed);
    assert_eq!(r.failed_ids(), vec!["person.dg11_birth_date_equals_dg1"]);
    let d = r.document.unwrap();
    assert_eq!(d.date_of_birth.as_deref(), Some("1964-08-12"));
    assert_eq!(d.unsigned, vec!["DG1", "DG11", "DG12"]);
}

#[test]
fn validity_span_of_german_cards() {
    let v = german_verifier();
    // Issued 2021-08-02 to someone born 1964: ten years allowed, twelve are not.
    let r = check(&v, &signed_de(id_card_with(|d| d.expiry = "330731")), now());
    assert_eq!(r.verdict, Verdict::Suspicious);
    assert_eq!(r.failed_ids(), vec!["doc.validity_span"]);
    // Born 2000, so 21 at issue: six years allowed, ten are not.
    let young = id_card_with(|d| d.birth = "000101");
    let mut s = specimen(SpecimenKind::IdCardDe);
    s.dg11.full_date_of_birth = Some(PartialDate::ascii("20000101"));
    let young = signed_de(young.with_file(FileId::Dg11, s.dg11.encode()));
    let r = check(&v, &young, now());
    assert_eq!(r.failed_ids(), vec!["doc.validity_span"]);
    assert_eq!(
        r.check(RuleId::DocValiditySpan).unwrap().evidence["allowed_years"],
        "6"
    );
    let r = check(
        &v,
        &signed_de(id_card_with(|d| {
            d.birth = "000101";
            d.expiry = "270801";
        })),
        now(),
    );
    assert_eq!(status(&r, RuleId::DocValiditySpan), Status::Passed);
}

#[test]
fn codes_alphabet_and_sex() {
    let v = default_verifier();
    let r = check(&v, &id_card_with(|d| d.number = "TA2000129"), now());
    assert_eq!(r.verdict, Verdict::Suspicious);
    assert_eq!(r.failed_ids(), vec!["mrz.german_document_number_alphabet"]);
    assert_eq!(
        r.check(RuleId::MrzGermanDocumentNumberAlphabet)
            .unwrap()
            .evidence["characters"],
        "A"
    );

    let r = check(&v, &id_card_with(|d| d.nationality = "XYZ"), now());
    assert_eq!(r.verdict, Verdict::Suspicious);
    assert_eq!(r.failed_ids(), vec!["codes.nationality_known"]);
    for code in [
        "XXA", "XXB", "XXC", "XXX", "EUE", "UNO", "UNA", "UNK", "XOM", "UTO",
    ] {
        let r = check(&v, &id_card_with(|d| d.nationality = code), now());
        assert_eq!(
            status(&r, RuleId::CodesNationalityKnown),
            Status::Passed,
            "{code}"
        );
    }
    let r = check(&v, &id_card_with(|d| d.issuer = "XXA"), now());
    assert_eq!(r.failed_ids(), vec!["codes.issuing_state_known"]);

    let r = check(&v, &id_card_with(|d| d.sex = "Q"), now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(r.failed_ids(), vec!["mrz.check_digits", "mrz.sex_valid"]);
}

#[test]
fn printed_mrz_with_a_wrong_check_digit_or_other_name() {
    let v = default_verifier();
    let s = specimen(SpecimenKind::PassportUto);
    let mut printed = s.dg1.mrz_text();
    printed.replace_range(printed.len() - 1.., "0");
    let r = check(&v, &specimen_input(&s).with_optical_mrz(&printed), now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(
        r.failed_ids(),
        vec!["mrz.check_digits", "mrz.optical_equals_dg1"]
    );
    assert_eq!(
        r.check(RuleId::MrzOpticalEqualsDg1).unwrap().evidence["fields"],
        "check_digits"
    );

    let other = s.dg1.mrz_text().replace("ANNA<MARIA", "ANNA<MARIE");
    let r = check(&v, &specimen_input(&s).with_optical_mrz(&other), now());
    assert_eq!(r.failed_ids(), vec!["mrz.optical_equals_dg1"]);
}

#[test]
fn blocked_documents_and_chip_protocols() {
    let config = VerifierConfig {
        blocked: Some(vec![BlockedDocument {
            issuer: "D".into(),
            number: "T22000129".into(),
        }]),
        ..VerifierConfig::default()
    };
    let v = Verifier::new(trust(), config);
    let r = check(
        &v,
        &specimen_input(&specimen(SpecimenKind::IdCardDe)),
        now(),
    );
    assert_eq!(r.failed_ids(), vec!["doc.blocked"]);
    assert_eq!(r.verdict, Verdict::Failed);
    let r = check(
        &v,
        &specimen_input(&specimen(SpecimenKind::PassportUto)),
        now(),
    );
    assert_eq!(status(&r, RuleId::DocBlocked), Status::Passed);

    let v = default_verifier();
    let mut input = specimen_input(&specimen(SpecimenKind::PassportUto));
    let r = check(&v, &input, now());
    assert_eq!(
        status(&r, RuleId::ChipActiveAuthentication),
        Status::NotChecked
    );
    input.active_authentication = Some(ProtocolOutcome::Failed {
        reason: "signature does not verify".into(),
    });
    input.chip_authentication = Some(ProtocolOutcome::Unsupported {
        reason: "curve".into(),
    });
    let r = check(&v, &input, now());
    assert_eq!(r.failed_ids(), vec!["chip.active_authentication"]);
    assert_eq!(
        status(&r, RuleId::ChipChipAuthentication),
        Status::Unsupported
    );
}

#[test]
fn optical_mrz_only_and_garbage() {
    let v = default_verifier();
    let printed = specimen(SpecimenKind::PassportUto).dg1.mrz_text();
    let r = check(&v, &DocumentInput::optical(&printed), now());
    assert_eq!(r.document.as_ref().unwrap().source, "optical");
    assert_eq!(r.verdict, Verdict::Incomplete);

    let r = check(&v, &DocumentInput::optical("not an MRZ"), now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(r.failed_ids(), vec!["mrz.check_digits"]);
    assert!(r.document.is_none());

    let junk = DocumentInput::from_files([
        (FileId::Dg1, vec![0x61, 0x05, 0x5F]),
        (FileId::Sod, vec![0x77, 0x01]),
    ]);
    let r = check(&v, &junk, now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(
        r.failed_ids(),
        vec!["lds.files_readable", "mrz.check_digits", "pa.sod_signature"]
    );

    let r = check(&v, &DocumentInput::default(), now());
    assert_eq!(r.verdict, Verdict::Incomplete);
}

// ------------------------------------------------------------------ a hostile face

/// The shared vectors' JPEG 2000 tile bomb: 8192×8192 pixels in 1×1 pixel tiles.
fn tile_bomb() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/vectors/hostile/j2k_8192x8192_tiles1x1.j2k"),
    )
    .unwrap()
}

/// `s` with `image` as its DG2 face, EF.SOD signed over it: genuine as far as the chip goes.
fn with_face(mut s: Specimen, image: Vec<u8>) -> Specimen {
    s.dg12.date_of_issue = Some(PartialDate::ascii("20250115"));
    if let idverify::lds::FaceRecord::Iso19794 { faces, .. } = &mut s.dg2.templates[0].record {
        faces[0].image = idverify::lds::EncodedImage::new(image);
    }
    s
}

#[test]
fn a_face_refused_by_its_size_leaves_the_verdict_alone() {
    // Decoding this face used to ask for about 6 GiB and abort the desk application.
    let exporting = Verifier::new(
        idverify::emulator::test_pki::trust_store(),
        VerifierConfig {
            face: FaceExport::JpegOrPng,
            ..VerifierConfig::default()
        },
    );
    let silent = Verifier::new(
        idverify::emulator::test_pki::trust_store(),
        VerifierConfig::default(),
    );
    let jpeg_bomb = {
        // SOI, SOF0 for 60000×60000 pixels, EOI: a header a desk must not be handed.
        let mut v = vec![
            0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0xEA, 0x60, 0xEA, 0x60, 3,
        ];
        v.extend_from_slice(&[1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 0xFF, 0xD9]);
        v
    };
    for (image, size) in [(tile_bomb(), "8192x8192"), (jpeg_bomb, "60000x60000")] {
        let s = with_face(specimen(SpecimenKind::PassportUto), image);
        let input = signed(&s);
        let with = check(&exporting, &input, now());
        let without = check(&silent, &input, now());
        assert_eq!(with.verdict, Verdict::Genuine, "{:?}", with.failed_ids());
        assert_eq!(with.checks, without.checks);
        let d = with.document.unwrap();
        assert!(d.face.is_none());
        let why = d.face_error.unwrap();
        assert!(
            why.contains("refused before decoding") && why.contains(size),
            "{why}"
        );
        assert_eq!(without.document.unwrap().face_error, None);
    }
    // The same specimen with its own face still exports it.
    let s = with_face(specimen(SpecimenKind::PassportUto), {
        let face = specimen(SpecimenKind::PassportUto);
        face.dg2.face().unwrap().data.clone()
    });
    let r = check(&exporting, &signed(&s), now());
    assert_eq!(r.verdict, Verdict::Genuine);
    let d = r.document.unwrap();
    assert_eq!(d.face.map(|f| (f.width, f.height)), Some((240, 320)));
    assert_eq!(d.face_error, None);
}

// ----------------------------------------------------- specimens signed by the test PKI

/// The specimen with EF.SOD signed by the Utopian test document signer.
/// Its reader's chip and active authentication are stated as passed (files alone
/// authenticate no chip).
fn signed(s: &Specimen) -> DocumentInput {
    let mut input = DocumentInput::from_files(idverify::emulator::test_pki::with_signed_sod(
        s.chip_files(),
    ))
    .with_optical_mrz(&s.dg1.mrz_text());
    let passed = || ProtocolOutcome::Passed {
        detail: "stated by the reader".into(),
    };
    input.chip_authentication = Some(passed());
    input.active_authentication = Some(passed());
    input
}

#[test]
fn signed_specimens() {
    let v = Verifier::new(
        idverify::emulator::test_pki::trust_store(),
        VerifierConfig::default(),
    );
    // Issued 2024-04-16, but the document signer is valid only from 2025-01-01.
    let mut passport = specimen(SpecimenKind::PassportUto);
    let r = check(&v, &signed(&passport), now());
    assert_eq!(r.verdict, Verdict::Suspicious);
    assert_eq!(r.failed_ids(), vec!["pki.dsc_valid_on_issue_date"]);
    // Issued within the signer's validity: genuine.
    passport.dg12.date_of_issue = Some(PartialDate::ascii("20250115"));
    let r = check(&v, &signed(&passport), now());
    assert_eq!(r.verdict, Verdict::Genuine);
    assert_eq!(r.failed_ids(), Vec::<&str>::new());
    assert_eq!(status(&r, RuleId::PkiDscValidOnIssueDate), Status::Passed);
    // One data group changed after signing.
    let mut forged = signed(&passport);
    let mut dg11 = passport.dg11.clone();
    dg11.place_of_birth = Some("ELSEWHERE".into());
    forged.files.insert(FileId::Dg11, dg11.encode());
    let r = check(&v, &forged, now());
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(r.failed_ids(), vec!["pa.dg_hashes"]);
    assert!(r.check(RuleId::PaDgHashes).unwrap().evidence["dg.11"].starts_with("failed"));

    // German documents signed by the German test signer: genuine.
    for kind in [SpecimenKind::IdCardDe, SpecimenKind::ResidencePermitDe] {
        let mut s = specimen(kind);
        s.dg12.date_of_issue = Some(PartialDate::ascii("20250115"));
        let mut input =
            DocumentInput::from_files(idverify::emulator::test_pki::with_signed_sod_by(
                idverify::emulator::test_pki::TestSigner::Germany,
                s.chip_files(),
            ))
            .with_optical_mrz(&s.dg1.mrz_text());
        // Files alone: EF.SOD lists DG14 and DG15, so the chip is not authenticated.
        let r = check(&v, &input, now());
        assert_eq!(r.verdict, Verdict::Incomplete, "{kind:?}");
        let unmet: Vec<RuleId> = r.unmet_requirements.iter().map(|u| u.check).collect();
        assert_eq!(
            unmet,
            vec![
                RuleId::ChipChipAuthentication,
                RuleId::ChipActiveAuthentication
            ],
            "{kind:?}"
        );
        // The reader states that both passed: genuine.
        let passed = || ProtocolOutcome::Passed {
            detail: "stated by the reader".into(),
        };
        input.chip_authentication = Some(passed());
        input.active_authentication = Some(passed());
        let r = check(&v, &input, now());
        assert_eq!(
            r.verdict,
            Verdict::Genuine,
            "{kind:?}: {:?}",
            r.failed_ids()
        );
        assert_eq!(status(&r, RuleId::PkiIssuerMatchesSigner), Status::Passed);
    }

    // German documents signed by Utopia's signer: the countries disagree.
    for kind in [SpecimenKind::IdCardDe, SpecimenKind::ResidencePermitDe] {
        let r = check(&v, &signed(&specimen(kind)), now());
        assert_eq!(r.verdict, Verdict::Failed, "{kind:?}");
        assert_eq!(
            r.failed_ids(),
            vec![
                "pa.dsc_chain",
                "pki.issuer_matches_signer",
                "pki.dsc_valid_on_issue_date"
            ],
            "{kind:?}"
        );
    }
}

#[test]
fn truncated_and_hostile_files_give_a_report_not_a_panic() {
    let v = Verifier::new(
        idverify::emulator::test_pki::trust_store(),
        VerifierConfig::default(),
    );
    let s = specimen(SpecimenKind::IdCardDe);
    let whole = signed(&s);
    for (file, bytes) in &whole.files {
        for cut in [
            0,
            1,
            2,
            3,
            5,
            bytes.len() / 2,
            bytes.len().saturating_sub(1),
        ] {
            let mut input = whole.clone();
            input
                .files
                .insert(*file, bytes[..cut.min(bytes.len())].to_vec());
            let r = check(&v, &input, now());
            assert_ne!(r.verdict, Verdict::Genuine, "{file:?} cut at {cut}");
            assert!(!r.failed_ids().is_empty(), "{file:?} cut at {cut}");
        }
    }
    // Bytes that claim huge lengths, and a check time at the edge of the calendar.
    let hostile = DocumentInput::from_files([
        (FileId::Dg1, vec![0x61, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
        (FileId::Dg12, vec![0x6C, 0x83, 0xFF, 0xFF, 0xFF]),
        (FileId::Sod, vec![0x77, 0x82, 0xFF, 0xFF, 0x30]),
    ]);
    let r = check(&v, &hostile, now());
    assert_eq!(r.verdict, Verdict::Failed);
    for t in [i64::MIN, -1, i64::MAX] {
        let r = v.verify(&whole, CheckTime::from_unix(t));
        assert_ne!(r.verdict, Verdict::Genuine);
    }
}

#[test]
fn thresholds_and_severities_are_configurable() {
    let input = specimen_input(&specimen(SpecimenKind::PassportUto));
    let mut config = VerifierConfig::default();
    config.thresholds.expiring_within_days = 30;
    let r = check(&Verifier::new(trust(), config), &input, at("2034-03-01"));
    assert_eq!(status(&r, RuleId::DocExpiringSoon), Status::Passed);

    // The holder (born 1974) is 52: too old for a limit of 50.
    let mut config = VerifierConfig::default();
    config.thresholds.max_age_years = 50;
    let r = check(&Verifier::new(trust(), config.clone()), &input, now());
    assert_eq!(r.verdict, Verdict::Suspicious);
    assert_eq!(r.failed_ids(), vec!["person.implausible_age"]);
    config.set_severity(
        RuleId::PersonImplausibleAge,
        idverify::verify::Severity::Error,
    );
    let r = check(&Verifier::new(trust(), config.clone()), &input, now());
    assert_eq!(r.verdict, Verdict::Failed);
    config.set_severity(
        RuleId::PersonImplausibleAge,
        idverify::verify::Severity::Info,
    );
    let r = check(&Verifier::new(trust(), config), &input, now());
    assert_eq!(r.verdict, Verdict::Incomplete);

    // Without the passive-authentication requirement an unsigned specimen counts as genuine.
    let config = VerifierConfig {
        required_for_genuine: vec![],
        ..VerifierConfig::default()
    };
    let mut input = input;
    input.active_authentication = Some(ProtocolOutcome::Passed {
        detail: "RSA ISO 9796-2".into(),
    });
    let r = check(&Verifier::new(trust(), config), &input, now());
    assert_eq!(r.verdict, Verdict::Genuine);
    assert_eq!(status(&r, RuleId::ChipActiveAuthentication), Status::Passed);
}
