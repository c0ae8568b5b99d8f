//! Writing the effective configuration as its JSON document (format version 1, every field,
//! every rule), so a desk can print what it runs with, and the document's SHA-256, which
//! every report carries. `config_json` reads the same document back.

use super::config::{OpticalThresholds, Thresholds, VerifierConfig};
use super::config_json::{
    ALLOW_WEAKENING_KEY, CONFIG_FORMAT_VERSION, face_export_name, severity_name,
};
use super::config_safety::weakenings;
use super::rules::RuleId;
use serde_json::{Map, Value, json};

/// The effective configuration as a JSON document. `allow_weakening_signed_data_checks` is
/// `true` exactly when the configuration weakens a signed-data check, so the document reads
/// back to the same configuration.
pub fn config_to_json(config: &VerifierConfig) -> Value {
    let mut rules = Map::new();
    for rule in RuleId::ALL {
        let s = config.settings(rule);
        rules.insert(
            rule.as_str().to_string(),
            json!({"enabled": s.enabled, "severity": severity_name(s.severity)}),
        );
    }
    let required: Vec<&str> = config
        .required_for_genuine
        .iter()
        .map(|r| r.as_str())
        .collect();
    let blocked = config.blocked.as_ref().map(|list| {
        list.iter()
            .map(|b| json!({"issuer": b.issuer, "number": b.number}))
            .collect::<Vec<_>>()
    });
    json!({
        "version": CONFIG_FORMAT_VERSION,
        "rules": rules,
        "thresholds": thresholds(&config.thresholds),
        "optical": optical(&config.optical),
        "blocked_documents": blocked,
        "german_alphabet_codes": config.german_alphabet_codes,
        "required_for_genuine": required,
        "correct_ocr": config.correct_ocr,
        "face_export": face_export_name(config.face),
        "known_defect_severity": severity_name(config.known_defect_severity),
        ALLOW_WEAKENING_KEY: !weakenings(config).is_empty(),
    })
}

/// The effective configuration's document, pretty-printed.
pub fn config_to_json_text(config: &VerifierConfig) -> String {
    serde_json::to_string_pretty(&config_to_json(config)).unwrap_or_default()
}

/// The SHA-256 (hex) of the effective configuration's document in its compact form (keys in
/// order), the same for the same configuration whichever way it was made.
pub fn config_sha256(config: &VerifierConfig) -> String {
    let compact = serde_json::to_string(&config_to_json(config)).unwrap_or_default();
    crate::crypto::hash::sha256_hex(compact.as_bytes())
}

fn thresholds(t: &Thresholds) -> Value {
    let validity: Vec<Value> = t
        .validity
        .iter()
        .map(|s| {
            json!({
                "issuer": s.issuer,
                "document_codes": s.document_codes,
                "years": s.years,
                "under_age": s.under_age.map(|(below, years)| {
                    json!({"below_age_years": below, "years": years})
                }),
            })
        })
        .collect();
    json!({
        "expiring_within_days": t.expiring_within_days,
        "min_age_years": t.min_age_years,
        "max_age_years": t.max_age_years,
        "validity": validity,
        "validity_tolerance_days": t.validity_tolerance_days,
    })
}

fn optical(o: &OpticalThresholds) -> Value {
    let range = |(min, max): (f32, f32)| json!({"min": number(min), "max": number(max)});
    json!({
        "ir_min_pcs": number(o.ir_min_pcs),
        "uv_max_fluorescence": number(o.uv_max_fluorescence),
        "pitch_mm": range(o.pitch_mm),
        "line_spacing_three_lines_mm": range(o.line_spacing_three_lines_mm),
        "line_spacing_two_lines_mm": range(o.line_spacing_two_lines_mm),
        "max_skew_degrees": number(o.max_skew_degrees),
        "length_allowance_px": number(o.length_allowance_px),
    })
}

/// `x` written with the fewest digits that read back as the same `f32` (2.3, not
/// 2.299999952316284).
fn number(x: f32) -> Value {
    let shortest = format!("{x}").parse::<f64>().unwrap_or(f64::from(x));
    serde_json::Number::from_f64(shortest).map_or(Value::Null, Value::Number)
}
