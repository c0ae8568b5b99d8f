//! The verifier's configuration as a JSON document: a blocked list and severities change
//! the verdict of a real signed specimen; a configuration that weakens a signed-data check is
//! refused unless it says so by name, and the report then names the weakened checks; every
//! bad input is an error naming its JSON path; the effective configuration reads back to
//! itself; the examples and the printed configuration validate against
//! `schema/verifier-config.schema.json`.
#![cfg(feature = "emulator")]

#[path = "support/json_schema.rs"]
mod json_schema;

use idverify::chip::FileId;
use idverify::emulator::demo::specimen_passport;
use idverify::emulator::test_pki;
use idverify::verify::{
    CheckTime, DocumentInput, FaceExport, ProtocolOutcome, Report, RuleId, Severity, Status,
    Verdict, Verifier, VerifierConfig, config_from_json, config_from_json_over, config_sha256,
    config_to_json, config_to_json_text,
};
use json_schema::validate;
use serde_json::Value;

/// 2026-01-01T00:00:00Z: the specimen is valid, its signer too.
fn now() -> CheckTime {
    CheckTime::from_unix(1_767_225_600)
}

/// The signed specimen passport with its printed MRZ, the chip protocols stated as passed.
fn specimen() -> DocumentInput {
    let (specimen, files) = specimen_passport();
    let mut input = DocumentInput::from_files(files).with_optical_mrz(&specimen.dg1.mrz_text());
    let passed = || ProtocolOutcome::Passed {
        detail: "stated by the reader".into(),
    };
    input.chip_authentication = Some(passed());
    input.active_authentication = Some(passed());
    input
}

fn verify(config: VerifierConfig, input: &DocumentInput) -> Report {
    let report = Verifier::new(test_pki::trust_store(), config).verify(input, now());
    let schema: Value = serde_json::from_str(idverify::verify::JSON_SCHEMA).unwrap();
    let v: Value = serde_json::from_str(&report.to_json()).unwrap();
    let mut errors = Vec::new();
    validate(&schema, &schema, &v, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    report
}

fn status(report: &Report, rule: RuleId) -> Status {
    report.check(rule).expect("rule in the report").status
}

fn config(json: &str) -> VerifierConfig {
    config_from_json(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn refused(json: &str) -> String {
    match config_from_json(json) {
        Ok(_) => panic!("accepted: {json}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn a_blocked_document_fails_doc_blocked_and_severities_change_the_verdict() {
    let input = specimen();
    let plain = verify(VerifierConfig::default(), &input);
    assert_eq!(plain.verdict, Verdict::Genuine, "{:?}", plain.failed_ids());
    assert_eq!(status(&plain, RuleId::DocBlocked), Status::NotChecked);
    let number = plain.document.as_ref().unwrap().document_number.clone();

    let blocked = |extra: &str| {
        format!(
            r#"{{"version": 1, "blocked_documents": [
                {{"issuer": "D", "number": "C01X00T47"}},
                {{"issuer": "UTO", "number": "{number}"}}]{extra}}}"#
        )
    };
    let r = verify(config(&blocked("")), &input);
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(r.failed_ids(), vec!["doc.blocked"]);
    assert_ne!(r.configuration.sha256, plain.configuration.sha256);
    assert!(r.configuration.weakened_signed_data_checks.is_empty());

    // Another issuer's document of the same number is not this one.
    let other = config(&blocked("").replace("\"UTO\"", "\"NLD\""));
    assert_eq!(verify(other, &input).verdict, Verdict::Genuine);

    // The desk decides what a listed document means: a warning makes it suspicious, info
    // leaves it genuine with the failed check shown.
    let warning = r#", "rules": {"doc.blocked": {"severity": "warning"}}"#;
    let r = verify(config(&blocked(warning)), &input);
    assert_eq!(r.verdict, Verdict::Suspicious);
    let info = r#", "rules": {"doc.blocked": {"severity": "info"}}"#;
    let r = verify(config(&blocked(info)), &input);
    assert_eq!(r.verdict, Verdict::Genuine);
    assert_eq!(status(&r, RuleId::DocBlocked), Status::Failed);
    // Stricter: a document expiring within the window is only information by default; as a
    // warning or error it makes the verdict suspicious.
    let window = r#""thresholds": {"expiring_within_days": 3660}"#;
    let r = verify(config(&format!("{{{window}}}")), &input);
    assert_eq!(status(&r, RuleId::DocExpiringSoon), Status::Warning);
    assert_eq!(r.verdict, Verdict::Genuine);
    let strict =
        format!(r#"{{{window}, "rules": {{"doc.expiring_soon": {{"severity": "error"}}}}}}"#);
    let r = verify(config(&strict), &input);
    assert_eq!(r.verdict, Verdict::Suspicious);
    // A switched-off rule is left out of the report.
    let r = verify(
        config(r#"{"rules": {"doc.blocked": {"enabled": false}}}"#),
        &input,
    );
    assert!(r.check(RuleId::DocBlocked).is_none());
}

#[test]
fn weakening_a_signed_data_check_needs_the_named_key_and_shows_in_the_report() {
    for (json, path) in [
        (
            r#"{"rules": {"pa.sod_signature": {"enabled": false}}}"#,
            "rules[\"pa.sod_signature\"]: pa.sod_signature is switched off",
        ),
        (
            r#"{"rules": {"pa.dg_hashes": {"severity": "info"}}}"#,
            "rules[\"pa.dg_hashes\"]: pa.dg_hashes has severity Info instead of Error",
        ),
        (
            r#"{"rules": {"mrz.optical_equals_dg1": {"severity": "warning"}}}"#,
            "rules[\"mrz.optical_equals_dg1\"]: mrz.optical_equals_dg1 has severity Warning",
        ),
        (
            r#"{"rules": {"pki.issuer_matches_signer": {"enabled": false}}}"#,
            "rules[\"pki.issuer_matches_signer\"]",
        ),
        (
            r#"{"rules": {"chip.chip_authentication": {"severity": "warning"}}}"#,
            "rules[\"chip.chip_authentication\"]",
        ),
        (
            r#"{"rules": {"chip.eid_matches_dg1": {"enabled": false}}}"#,
            "rules[\"chip.eid_matches_dg1\"]",
        ),
        (
            r#"{"required_for_genuine": ["pa.sod_signature", "pa.dsc_chain"]}"#,
            "required_for_genuine: pa.dg_hashes is not required for genuine",
        ),
    ] {
        let e = refused(json);
        assert!(e.starts_with(path), "{json}: {e}");
        assert!(
            e.contains("forged document") && e.contains("allow_weakening_signed_data_checks"),
            "{e}"
        );
        let explicit = json.replacen('{', r#"{"allow_weakening_signed_data_checks": true, "#, 1);
        config(&explicit);
        // `false` is no permission.
        let denied = json.replacen('{', r#"{"allow_weakening_signed_data_checks": false, "#, 1);
        refused(&denied);
    }

    // Why: a document whose DG2 was altered after signing fails pa.dg_hashes; with that
    // check quietened and no longer required, it would read genuine.
    let mut forged = specimen();
    let dg2 = forged.files.get_mut(&FileId::Dg2).unwrap();
    let middle = dg2.len() / 2;
    dg2[middle] ^= 0x01;
    assert_eq!(
        verify(VerifierConfig::default(), &forged).verdict,
        Verdict::Failed
    );
    let weakened = config(
        r#"{"allow_weakening_signed_data_checks": true,
            "rules": {"pa.dg_hashes": {"severity": "info"}},
            "required_for_genuine": ["pa.sod_signature", "pa.dsc_chain"]}"#,
    );
    let r = verify(weakened, &forged);
    assert_eq!(status(&r, RuleId::PaDgHashes), Status::Failed);
    assert_eq!(r.verdict, Verdict::Genuine);
    assert_eq!(
        r.configuration.weakened_signed_data_checks,
        vec![RuleId::PaDgHashes]
    );
    let v: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(
        v["configuration"]["weakened_signed_data_checks"],
        serde_json::json!(["pa.dg_hashes"])
    );

    // Quieter rules that do not vouch for the document need no permission, and the
    // verdict of the forgery stays failed under them.
    let quiet = config(
        r#"{"rules": {"doc.blocked": {"enabled": false},
                      "doc.expired": {"severity": "warning"},
                      "optical.uv_dull": {"severity": "info"}},
            "known_defect_severity": "info"}"#,
    );
    assert_eq!(verify(quiet, &forged).verdict, Verdict::Failed);
}

#[test]
fn every_bad_input_is_an_error_naming_its_path() {
    for (json, message) in [
        ("", "$: not JSON"),
        ("[]", "$: expected an object, found an array"),
        (
            r#"{"rules": {}, "rules": {"doc.blocked": {"enabled": false}}}"#,
            "$: not JSON: key \"rules\" appears twice at line 1",
        ),
        (
            r#"{"blocked_documents": [{"issuer": "D", "issuer": "F", "number": "1"}]}"#,
            "$: not JSON: key \"issuer\" appears twice",
        ),
        (
            r#"{"colour": 1}"#,
            "colour: unknown key (known here: version, rules",
        ),
        (
            r#"{"version": 2}"#,
            "version: version 2 is newer than this idverify reads (1): update idverify, or write a version 1 configuration",
        ),
        (r#"{"version": 0}"#, "version: 0 is out of range"),
        (
            r#"{"version": "1"}"#,
            "version: expected a whole number from 1",
        ),
        (
            r#"{"rules": []}"#,
            "rules: expected an object, found an array",
        ),
        (
            r#"{"rules": {"doc.blockd": {}}}"#,
            "rules[\"doc.blockd\"]: unknown rule id \"doc.blockd\"",
        ),
        (
            r#"{"rules": {"doc.blocked": {"severity": "fatal"}}}"#,
            "rules[\"doc.blocked\"].severity: unknown severity \"fatal\" (known: error, warning, info)",
        ),
        (
            r#"{"rules": {"doc.blocked": {"severity": "Error"}}}"#,
            "rules[\"doc.blocked\"].severity: unknown severity \"Error\"",
        ),
        (
            r#"{"rules": {"doc.blocked": {"enabled": "yes"}}}"#,
            "rules[\"doc.blocked\"].enabled: expected true or false, found a string",
        ),
        (
            r#"{"rules": {"doc.blocked": {"on": true}}}"#,
            "rules[\"doc.blocked\"].on: unknown key",
        ),
        (
            r#"{"thresholds": {"expiring_within_days": -1}}"#,
            "thresholds.expiring_within_days: expected a whole number from 0 to 3660, found -1",
        ),
        (
            r#"{"thresholds": {"expiring_within_days": 1.5}}"#,
            "thresholds.expiring_within_days: expected a whole number",
        ),
        (
            r#"{"thresholds": {"max_age_years": 1000}}"#,
            "thresholds.max_age_years: 1000 is out of range",
        ),
        (
            r#"{"thresholds": {"min_age_years": 30, "max_age_years": 20}}"#,
            "thresholds.min_age_years: 30 above max_age_years 20",
        ),
        (
            r#"{"thresholds": {"validity": [{"issuer": "D", "years": 10}]}}"#,
            "thresholds.validity[0]: missing key \"document_codes\"",
        ),
        (
            r#"{"thresholds": {"validity": [{"issuer": "D", "document_codes": ["P"], "years": 10, "under_age": {"below_age_years": 24, "years": 11}}]}}"#,
            "thresholds.validity[0].under_age.years: 11 is out of range: expected a whole number from 1 to 10",
        ),
        (
            r#"{"optical": {"pitch_mm": {"min": 2.9, "max": 2.78}}}"#,
            "optical.pitch_mm: minimum 2.9 above maximum 2.78",
        ),
        (
            r#"{"optical": {"pitch_mm": {"min": 2.3}}}"#,
            "optical.pitch_mm: missing key \"max\"",
        ),
        (
            r#"{"optical": {"pitch_mm": [2.3, 2.78]}}"#,
            "optical.pitch_mm: expected an object, found an array",
        ),
        (
            r#"{"optical": {"line_spacing_two_lines_mm": {"min": -4.2, "max": 8}}}"#,
            "optical.line_spacing_two_lines_mm.min: -4.2 is out of range: expected a number from 0 to 25.4",
        ),
        (
            r#"{"optical": {"ir_min_pcs": 1.2}}"#,
            "optical.ir_min_pcs: 1.2 is out of range: expected a number from 0 to 1",
        ),
        (
            r#"{"optical": {"ir_min_pcs": 1e300}}"#,
            "optical.ir_min_pcs: 1e+300 is out of range",
        ),
        (
            r#"{"optical": {"uv_max_fluorescence": null}}"#,
            "optical.uv_max_fluorescence: expected a number from 0 to 10, found null",
        ),
        (
            r#"{"optical": {"max_skew_degrees": 90}}"#,
            "optical.max_skew_degrees: 90 is out of range",
        ),
        (r#"{"optical": {"skew": 3}}"#, "optical.skew: unknown key"),
        (
            r#"{"blocked_documents": {}}"#,
            "blocked_documents: expected an array, found an object",
        ),
        (
            r#"{"blocked_documents": [{"issuer": "D"}]}"#,
            "blocked_documents[0]: missing key \"number\"",
        ),
        (
            r#"{"blocked_documents": [{"issuer": "D", "number": "c01x00t47"}]}"#,
            "blocked_documents[0].number: \"c01x00t47\" is not a document number",
        ),
        (
            r#"{"blocked_documents": [{"issuer": "D<<", "number": "C01X00T47"}]}"#,
            "blocked_documents[0].issuer: \"D<<\" is not an issuing state",
        ),
        (
            r#"{"blocked_documents": [{"issuer": "D", "number": ""}]}"#,
            "blocked_documents[0].number: \"\" is not a document number",
        ),
        (
            r#"{"german_alphabet_codes": ["P", "P"]}"#,
            "german_alphabet_codes[1]: \"P\" is listed twice",
        ),
        (
            r#"{"required_for_genuine": ["pa.sod_signature", "pa.dsc_chain", "pa.dg_hashes", "pa.dg_hashes"]}"#,
            "required_for_genuine[3]: pa.dg_hashes is listed twice",
        ),
        (
            r#"{"required_for_genuine": ["pa.nothing"]}"#,
            "required_for_genuine[0]: unknown rule id",
        ),
        (
            r#"{"correct_ocr": 1}"#,
            "correct_ocr: expected true or false, found a number",
        ),
        (
            r#"{"face_export": "jpeg"}"#,
            "face_export: unknown value \"jpeg\" (known: \"none\", \"jpeg_or_png\")",
        ),
        (
            r#"{"known_defect_severity": "none"}"#,
            "known_defect_severity: unknown severity \"none\"",
        ),
        (
            r#"{"allow_weakening_signed_data_checks": "true"}"#,
            "allow_weakening_signed_data_checks: expected true or false",
        ),
    ] {
        let e = refused(json);
        assert!(
            e.starts_with(message),
            "{json}:\n  got  {e}\n  want {message}…"
        );
    }
    // Nesting deeper than the parser follows, and a document above the size limit.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(refused(&deep).starts_with("$: not JSON: recursion limit"));
    let huge = format!(
        r#"{{"blocked_documents": [{}]}}"#,
        vec![r#"{"issuer": "D", "number": "C01X00T47"}"#; 500_000].join(",")
    );
    assert!(refused(&huge).contains("more than the 16777216 a configuration may have"));
}

#[test]
fn the_effective_configuration_reads_back_to_itself_and_validates() {
    let schema: Value =
        serde_json::from_str(include_str!("../schema/verifier-config.schema.json")).unwrap();
    let valid = |v: &Value, what: &str| {
        let mut errors = Vec::new();
        validate(&schema, &schema, v, "$", &mut errors);
        assert!(errors.is_empty(), "{what}: {errors:#?}");
    };
    let desk = include_str!("../examples/config/desk.json");
    let blocked = include_str!("../examples/config/blocked.json");
    let mut weakened = VerifierConfig::default();
    weakened.set_severity(RuleId::PaDscChain, Severity::Warning);
    weakened.face = FaceExport::JpegOrPng;
    for (name, c) in [
        ("defaults", VerifierConfig::default()),
        ("desk.json", config(desk)),
        ("blocked.json", config(blocked)),
        ("weakened", weakened),
    ] {
        let out = config_to_json(&c);
        valid(&out, name);
        let back = config_from_json(&config_to_json_text(&c)).expect("reads back");
        assert_eq!(config_to_json(&back), out, "{name}");
        assert_eq!(config_sha256(&back), config_sha256(&c), "{name}");
        assert_eq!(back.rules, c.rules, "{name}");
        assert_eq!(back.thresholds, c.thresholds, "{name}");
        assert_eq!(back.optical, c.optical, "{name}");
        assert_eq!(back.blocked, c.blocked, "{name}");
        for rule in RuleId::ALL {
            assert_eq!(back.settings(rule), c.settings(rule), "{name} {rule}");
        }
    }
    for (name, text) in [("desk.json", desk), ("blocked.json", blocked)] {
        valid(&serde_json::from_str(text).unwrap(), name);
    }
    // The example's values arrived, the rest kept its defaults.
    let d = config(desk);
    assert_eq!(d.optical.pitch_mm, (2.40, 2.70));
    assert_eq!(d.optical.ir_min_pcs, 0.65);
    assert_eq!(d.optical.uv_max_fluorescence, 0.4);
    assert_eq!(d.thresholds.expiring_within_days, 180);
    assert_eq!(d.thresholds.min_age_years, 0);
    assert_eq!(d.known_defect_severity, Severity::Error);
    assert!(d.correct_ocr);
    assert!(!d.settings(RuleId::CodesNationalityKnown).enabled);
    assert_eq!(d.settings(RuleId::OpticalUvDull).severity, Severity::Error);
    assert_eq!(d.blocked.as_ref().map(Vec::len), Some(2));
    // Printed defaults: every rule with its severity as the report spells it.
    let out = config_to_json(&VerifierConfig::default());
    assert_eq!(out["rules"].as_object().unwrap().len(), RuleId::ALL.len());
    assert_eq!(out["rules"]["doc.expiring_soon"]["severity"], "info");
    assert_eq!(out["optical"]["pitch_mm"]["min"], 2.3);
    assert_eq!(out["blocked_documents"], Value::Null);
    assert_eq!(out["allow_weakening_signed_data_checks"], false);
    // Over a base: what the document leaves out stays as the base has it.
    let base = VerifierConfig {
        face: FaceExport::JpegOrPng,
        ..VerifierConfig::default()
    };
    let kept = config_from_json_over(r#"{"correct_ocr": true}"#, base.clone()).unwrap();
    assert_eq!(kept.face, FaceExport::JpegOrPng);
    let off = config_from_json_over(r#"{"face_export": "none"}"#, base).unwrap();
    assert_eq!(off.face, FaceExport::None);
}
