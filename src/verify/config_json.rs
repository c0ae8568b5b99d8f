//! Reading the verifier's configuration from its JSON document (format version 1,
//! `schema/verifier-config.schema.json`): every key optional, starting from a base
//! configuration (normally the defaults); an unknown key, rule id or severity, a wrong type
//! or a number out of range is an error naming its JSON path, never ignored, and so is an
//! object with a key twice. A configuration that weakens a signed-data check
//! ([`super::config_safety`]) is refused unless it sets `allow_weakening_signed_data_checks`.
//! The reverse direction is `config_json_out`.

use super::config::{
    BlockedDocument, FaceExport, OpticalThresholds, RuleSettings, Thresholds, ValiditySpan,
    VerifierConfig,
};
use super::config_safety::{Weakening, weakenings};
use super::report::Severity;
use super::rules::RuleId;
use serde_json::{Map, Value};

/// The format version this library reads and writes.
pub const CONFIG_FORMAT_VERSION: u64 = 1;

/// The longest configuration document accepted, in bytes (room for a blocked-documents list
/// of a few hundred thousand entries).
pub const MAX_CONFIG_JSON_BYTES: usize = 16 << 20;

/// The key that lets a configuration weaken a signed-data check.
pub const ALLOW_WEAKENING_KEY: &str = "allow_weakening_signed_data_checks";

/// Why a configuration document was refused: the JSON path (`optical.pitch_mm`, `$` for the
/// whole document) and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ConfigJsonError {
    /// Where in the document.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

type Read<T> = Result<T, ConfigJsonError>;

fn err<T>(path: &str, message: impl Into<String>) -> Read<T> {
    Err(ConfigJsonError {
        path: path.to_string(),
        message: message.into(),
    })
}

/// The severities by the names the report writes (`error`, `warning`, `info`).
const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

/// The name the report gives `severity`.
pub(crate) fn severity_name(severity: Severity) -> String {
    match serde_json::to_value(severity) {
        Ok(Value::String(s)) => s,
        _ => format!("{severity:?}"),
    }
}

/// The name the configuration gives a face-export choice.
pub(crate) fn face_export_name(face: FaceExport) -> &'static str {
    match face {
        FaceExport::None => "none",
        FaceExport::JpegOrPng => "jpeg_or_png",
    }
}

/// Reads a configuration document over the defaults.
pub fn config_from_json(text: &str) -> Read<VerifierConfig> {
    config_from_json_over(text, VerifierConfig::default())
}

/// Reads a configuration document over `base`: what the document leaves out stays as in
/// `base`.
pub fn config_from_json_over(text: &str, base: VerifierConfig) -> Read<VerifierConfig> {
    if text.len() > MAX_CONFIG_JSON_BYTES {
        return err(
            "$",
            format!(
                "{} bytes, more than the {MAX_CONFIG_JSON_BYTES} a configuration may have",
                text.len()
            ),
        );
    }
    let value = match super::json_strict::parse_strict(text) {
        Ok(v) => v,
        Err(e) => return err("$", format!("not JSON: {e}")),
    };
    config_from_value_over(&value, base)
}

/// Reads a parsed configuration document over `base`.
pub fn config_from_value_over(value: &Value, mut config: VerifierConfig) -> Read<VerifierConfig> {
    let top = object(
        value,
        "$",
        &[
            "version",
            "rules",
            "thresholds",
            "optical",
            "blocked_documents",
            "german_alphabet_codes",
            "required_for_genuine",
            "correct_ocr",
            "face_export",
            "known_defect_severity",
            ALLOW_WEAKENING_KEY,
        ],
    )?;
    if let Some(v) = top.get("version") {
        let version: u64 = whole(v, "version", 1, u64::MAX)?;
        if version > CONFIG_FORMAT_VERSION {
            return err(
                "version",
                format!(
                    "version {version} is newer than this idverify reads ({CONFIG_FORMAT_VERSION}): \
                     update idverify, or write a version {CONFIG_FORMAT_VERSION} configuration \
                     (`verify config --print` shows this version's)"
                ),
            );
        }
    }
    if let Some(v) = top.get("rules") {
        read_rules(v, &mut config)?;
    }
    if let Some(v) = top.get("thresholds") {
        read_thresholds(v, &mut config.thresholds)?;
    }
    if let Some(v) = top.get("optical") {
        read_optical(v, &mut config.optical)?;
    }
    if let Some(v) = top.get("blocked_documents") {
        config.blocked = read_blocked(v)?;
    }
    if let Some(v) = top.get("german_alphabet_codes") {
        config.german_alphabet_codes =
            codes(v, "german_alphabet_codes", 2, "a document code (`P`, `ID`)")?;
    }
    if let Some(v) = top.get("required_for_genuine") {
        config.required_for_genuine = read_required(v)?;
    }
    if let Some(v) = top.get("correct_ocr") {
        config.correct_ocr = boolean(v, "correct_ocr")?;
    }
    if let Some(v) = top.get("face_export") {
        config.face = match text(v, "face_export")? {
            "none" => FaceExport::None,
            "jpeg_or_png" => FaceExport::JpegOrPng,
            other => {
                return err(
                    "face_export",
                    format!("unknown value \"{other}\" (known: \"none\", \"jpeg_or_png\")"),
                );
            }
        };
    }
    if let Some(v) = top.get("known_defect_severity") {
        config.known_defect_severity = severity(v, "known_defect_severity")?;
    }
    let allowed = match top.get(ALLOW_WEAKENING_KEY) {
        Some(v) => boolean(v, ALLOW_WEAKENING_KEY)?,
        None => false,
    };
    if let Some(w) = weakenings(&config).first().filter(|_| !allowed) {
        let path = match w {
            Weakening::NotRequired(_) => "required_for_genuine".to_string(),
            other => format!("rules[\"{}\"]", other.rule()),
        };
        return err(
            &path,
            format!(
                "{w}: that could let a forged document read genuine; set \
                 \"{ALLOW_WEAKENING_KEY}\": true to run so anyway (every report then names \
                 the weakened checks)"
            ),
        );
    }
    Ok(config)
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn object<'a>(v: &'a Value, path: &str, keys: &[&str]) -> Read<&'a Map<String, Value>> {
    let Some(map) = v.as_object() else {
        return err(path, format!("expected an object, found {}", kind(v)));
    };
    if let Some(unknown) = map.keys().find(|k| !keys.contains(&k.as_str())) {
        return err(
            &join(path, unknown),
            format!("unknown key (known here: {})", keys.join(", ")),
        );
    }
    Ok(map)
}

fn join(path: &str, key: &str) -> String {
    if path == "$" {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn array<'a>(v: &'a Value, path: &str) -> Read<&'a Vec<Value>> {
    v.as_array().map_or_else(
        || err(path, format!("expected an array, found {}", kind(v))),
        Ok,
    )
}

fn boolean(v: &Value, path: &str) -> Read<bool> {
    v.as_bool().map_or_else(
        || err(path, format!("expected true or false, found {}", kind(v))),
        Ok,
    )
}

fn text<'a>(v: &'a Value, path: &str) -> Read<&'a str> {
    v.as_str().map_or_else(
        || err(path, format!("expected a string, found {}", kind(v))),
        Ok,
    )
}

/// A whole number from `min` to `max`, converted to `T`.
fn whole<T: TryFrom<u64>>(v: &Value, path: &str, min: u64, max: u64) -> Read<T> {
    let range = || format!("a whole number from {min} to {max}");
    let Some(n) = v.as_u64() else {
        return err(path, format!("expected {}, found {v}", range()));
    };
    if n < min || n > max {
        return err(path, format!("{n} is out of range: expected {}", range()));
    }
    T::try_from(n).map_or_else(|_| err(path, format!("{n} is out of range")), Ok)
}

/// A finite number from `min` to `max` (inclusive), as `f32`.
fn real(v: &Value, path: &str, min: f32, max: f32) -> Read<f32> {
    let Some(n) = v.as_f64() else {
        return err(
            path,
            format!("expected a number from {min} to {max}, found {}", kind(v)),
        );
    };
    let x = n as f32;
    if !x.is_finite() || x < min || x > max {
        return err(
            path,
            format!("{v} is out of range: expected a number from {min} to {max}"),
        );
    }
    Ok(x)
}

fn severity(v: &Value, path: &str) -> Read<Severity> {
    let name = text(v, path)?;
    SEVERITIES
        .into_iter()
        .find(|s| severity_name(*s) == name)
        .map_or_else(
            || {
                let known: Vec<String> = SEVERITIES.iter().map(|s| severity_name(*s)).collect();
                err(
                    path,
                    format!("unknown severity \"{name}\" (known: {})", known.join(", ")),
                )
            },
            Ok,
        )
}

fn rule_id(id: &str, path: &str) -> Read<RuleId> {
    RuleId::from_id(id).map_or_else(
        || {
            err(
                path,
                format!("unknown rule id \"{id}\" (the report's check ids, e.g. doc.blocked)"),
            )
        },
        Ok,
    )
}

fn read_rules(v: &Value, config: &mut VerifierConfig) -> Read<()> {
    let Some(map) = v.as_object() else {
        return err("rules", format!("expected an object, found {}", kind(v)));
    };
    for (id, settings) in map {
        let path = format!("rules[\"{id}\"]");
        let rule = rule_id(id, &path)?;
        let fields = object(settings, &path, &["enabled", "severity"])?;
        let mut s = config.settings(rule);
        if let Some(e) = fields.get("enabled") {
            s.enabled = boolean(e, &join(&path, "enabled"))?;
        }
        if let Some(sev) = fields.get("severity") {
            s.severity = severity(sev, &join(&path, "severity"))?;
        }
        let default = RuleSettings {
            enabled: true,
            severity: rule.default_severity(),
        };
        if s == default {
            config.rules.remove(&rule);
        } else {
            config.rules.insert(rule, s);
        }
    }
    Ok(())
}

fn read_thresholds(v: &Value, t: &mut Thresholds) -> Read<()> {
    let map = object(
        v,
        "thresholds",
        &[
            "expiring_within_days",
            "min_age_years",
            "max_age_years",
            "validity",
            "validity_tolerance_days",
        ],
    )?;
    let field = |k: &str| map.get(k).map(|v| (v, format!("thresholds.{k}")));
    if let Some((v, p)) = field("expiring_within_days") {
        t.expiring_within_days = whole(v, &p, 0, 3660)?;
    }
    if let Some((v, p)) = field("min_age_years") {
        t.min_age_years = whole(v, &p, 0, 150)?;
    }
    if let Some((v, p)) = field("max_age_years") {
        t.max_age_years = whole(v, &p, 0, 150)?;
    }
    if t.min_age_years > t.max_age_years {
        return err(
            "thresholds.min_age_years",
            format!(
                "{} above max_age_years {}",
                t.min_age_years, t.max_age_years
            ),
        );
    }
    if let Some((v, p)) = field("validity_tolerance_days") {
        t.validity_tolerance_days = whole(v, &p, 0, 366)?;
    }
    if let Some((v, p)) = field("validity") {
        t.validity = array(v, &p)?
            .iter()
            .enumerate()
            .map(|(i, span)| read_span(span, &format!("{p}[{i}]")))
            .collect::<Read<_>>()?;
    }
    Ok(())
}

fn read_span(v: &Value, path: &str) -> Read<ValiditySpan> {
    let map = object(v, path, &["issuer", "document_codes", "years", "under_age"])?;
    let required = |k: &str| {
        map.get(k)
            .map_or_else(|| err(path, format!("missing key \"{k}\"")), Ok)
    };
    let issuer = code(
        required("issuer")?,
        &join(path, "issuer"),
        3,
        "an issuing state (`D`)",
    )?;
    let document_codes = codes(
        required("document_codes")?,
        &join(path, "document_codes"),
        2,
        "a document code (`P`, `ID`)",
    )?;
    let years: u16 = whole(required("years")?, &join(path, "years"), 1, 100)?;
    let under_age = match map.get("under_age") {
        None | Some(Value::Null) => None,
        Some(u) => {
            let p = join(path, "under_age");
            let m = object(u, &p, &["below_age_years", "years"])?;
            let get = |k: &str| {
                m.get(k)
                    .map_or_else(|| err(&p, format!("missing key \"{k}\"")), Ok)
            };
            let below: u16 = whole(
                get("below_age_years")?,
                &join(&p, "below_age_years"),
                1,
                150,
            )?;
            let shorter: u16 = whole(get("years")?, &join(&p, "years"), 1, u64::from(years))?;
            Some((below, shorter))
        }
    };
    Ok(ValiditySpan {
        issuer,
        document_codes,
        years,
        under_age,
    })
}

/// An MRZ code (`D`, `P`, `ID`): 1 to `max` capital letters A–Z.
fn code(v: &Value, path: &str, max: usize, what: &str) -> Read<String> {
    let s = text(v, path)?;
    if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_uppercase()) {
        return err(
            path,
            format!(
                "\"{s}\" is not {what}: 1 to {max} capital letters A-Z as in the MRZ, without fillers"
            ),
        );
    }
    Ok(s.to_string())
}

fn codes(v: &Value, path: &str, max: usize, what: &str) -> Read<Vec<String>> {
    let list = array(v, path)?;
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let c = code(item, &p, max, what)?;
        if out.contains(&c) {
            return err(&p, format!("\"{c}\" is listed twice"));
        }
        out.push(c);
    }
    Ok(out)
}

fn read_required(v: &Value) -> Read<Vec<RuleId>> {
    let list = array(v, "required_for_genuine")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let p = format!("required_for_genuine[{i}]");
        let rule = rule_id(text(item, &p)?, &p)?;
        if out.contains(&rule) {
            return err(&p, format!("{rule} is listed twice"));
        }
        out.push(rule);
    }
    Ok(out)
}

fn read_blocked(v: &Value) -> Read<Option<Vec<BlockedDocument>>> {
    if v.is_null() {
        return Ok(None);
    }
    let list = array(v, "blocked_documents")?;
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let p = format!("blocked_documents[{i}]");
        let map = object(item, &p, &["issuer", "number"])?;
        let get = |k: &str| {
            map.get(k)
                .map_or_else(|| err(&p, format!("missing key \"{k}\"")), Ok)
        };
        let issuer = code(
            get("issuer")?,
            &join(&p, "issuer"),
            3,
            "an issuing state (`D`)",
        )?;
        let number_path = join(&p, "number");
        let number = text(get("number")?, &number_path)?;
        if number.is_empty()
            || number.len() > 35
            || !number
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return err(
                &number_path,
                format!(
                    "\"{number}\" is not a document number: 1 to 35 capital letters A-Z and \
                     digits as in the MRZ, without fillers"
                ),
            );
        }
        out.push(BlockedDocument {
            issuer,
            number: number.to_string(),
        });
    }
    Ok(Some(out))
}

fn read_optical(v: &Value, o: &mut OpticalThresholds) -> Read<()> {
    let map = object(
        v,
        "optical",
        &[
            "ir_min_pcs",
            "uv_max_fluorescence",
            "pitch_mm",
            "line_spacing_three_lines_mm",
            "line_spacing_two_lines_mm",
            "max_skew_degrees",
            "length_allowance_px",
        ],
    )?;
    let field = |k: &str| map.get(k).map(|v| (v, format!("optical.{k}")));
    if let Some((v, p)) = field("ir_min_pcs") {
        // A print contrast signal is a fraction (ICAO 9303-3 §4.11).
        o.ir_min_pcs = real(v, &p, 0.0, 1.0)?;
    }
    if let Some((v, p)) = field("uv_max_fluorescence") {
        o.uv_max_fluorescence = real(v, &p, 0.0, 10.0)?;
    }
    if let Some((v, p)) = field("pitch_mm") {
        o.pitch_mm = range_mm(v, &p)?;
    }
    if let Some((v, p)) = field("line_spacing_three_lines_mm") {
        o.line_spacing_three_lines_mm = range_mm(v, &p)?;
    }
    if let Some((v, p)) = field("line_spacing_two_lines_mm") {
        o.line_spacing_two_lines_mm = range_mm(v, &p)?;
    }
    if let Some((v, p)) = field("max_skew_degrees") {
        o.max_skew_degrees = real(v, &p, 0.0, 45.0)?;
    }
    if let Some((v, p)) = field("length_allowance_px") {
        o.length_allowance_px = real(v, &p, 0.0, 100.0)?;
    }
    Ok(())
}

/// `{"min": …, "max": …}` in millimetres, both within 0–25.4 (an inch) and min ≤ max.
fn range_mm(v: &Value, path: &str) -> Read<(f32, f32)> {
    let map = object(v, path, &["min", "max"])?;
    let get = |k: &str| {
        map.get(k)
            .map_or_else(|| err(path, format!("missing key \"{k}\"")), Ok)
    };
    let min = real(get("min")?, &join(path, "min"), 0.0, 25.4)?;
    let max = real(get("max")?, &join(path, "max"), 0.0, 25.4)?;
    if min > max {
        return err(path, format!("minimum {min} above maximum {max}"));
    }
    Ok((min, max))
}
