//! The verifier's configuration, set once: which rules run with which severity, the
//! thresholds, the validity-span table, the blocked-document list and the report options.

use super::report::Severity;
use super::rules::RuleId;
use std::collections::BTreeMap;

/// One rule's switch and severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSettings {
    /// Whether the rule runs (a switched-off rule is left out of the report).
    pub enabled: bool,
    /// What its failure means for the verdict.
    pub severity: Severity,
}

/// The longest validity a document type may have (ICAO 9303 leaves this to the issuer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValiditySpan {
    /// Issuing state as in the MRZ without fillers (`D`).
    pub issuer: String,
    /// Document codes as in the MRZ without fillers (`P`, `ID`).
    pub document_codes: Vec<String>,
    /// Years of validity.
    pub years: u16,
    /// A shorter validity for holders younger than `.0` years at issue: `.1` years.
    pub under_age: Option<(u16, u16)>,
}

impl ValiditySpan {
    /// German passports and identity cards (Passgesetz §5, Personalausweisgesetz §6): ten
    /// years, six years for holders under 24 at issue.
    pub fn german_defaults() -> Vec<ValiditySpan> {
        vec![ValiditySpan {
            issuer: "D".into(),
            document_codes: vec!["P".into(), "PP".into(), "ID".into(), "I".into()],
            years: 10,
            under_age: Some((24, 6)),
        }]
    }
}

/// Numeric thresholds of the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    /// `doc.expiring_soon`: warn when the document expires within this many days.
    pub expiring_within_days: u32,
    /// `person.implausible_age`: the youngest plausible holder (years).
    pub min_age_years: u16,
    /// `person.implausible_age`: the oldest plausible holder (years).
    pub max_age_years: u16,
    /// `doc.validity_span`: the table by issuer and document code.
    pub validity: Vec<ValiditySpan>,
    /// `doc.validity_span`: days an expiry may lie beyond issue date + span.
    pub validity_tolerance_days: u16,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            expiring_within_days: 90,
            min_age_years: 0,
            max_age_years: 120,
            validity: ValiditySpan::german_defaults(),
            validity_tolerance_days: 0,
        }
    }
}

/// Thresholds of the optical rules (`optical.*`). The defaults come from ICAO 9303-3 §4.11
/// and ISO 1831 where those give a number, and were checked on synthetic scanner images
/// (DESIGN.md, "Optical checks"); a desk tunes them to its own scanner here.
#[derive(Debug, Clone, PartialEq)]
pub struct OpticalThresholds {
    /// `optical.mrz_ir`: the lowest print contrast signal (PCS/min) of the MRZ in the
    /// infrared image (ICAO 9303-3 §4.11: PCS/min ≥ 0.6 in the B900 band).
    pub ir_min_pcs: f32,
    /// `optical.uv_dull`: the highest ratio of the blank substrate's level in the
    /// ultraviolet image to its level in the white image.
    pub uv_max_fluorescence: f32,
    /// `optical.mrz_geometry`: the accepted mean character pitch of each line, mm (nominal
    /// 2.54 mm, ICAO 9303-3 §4.4; ISO 1831 §6.7.2 lets adjacent characters close to 2.30 mm).
    pub pitch_mm: (f32, f32),
    /// `optical.mrz_geometry`: the accepted line spacing of three-line (TD1) zones, mm
    /// (ISO 1831 §6.13's 4.20 mm minimum; ICAO 9303-5 Figure 6's 4.23 mm nominal within its
    /// 2.95 mm printing zones).
    pub line_spacing_three_lines_mm: (f32, f32),
    /// `optical.mrz_geometry`: the accepted line spacing of two-line zones, mm (ISO 1831
    /// §6.13's 4.20 mm minimum; the largest the 4.3 mm printing zones of ICAO 9303-4 Figure 3
    /// allow around the 6.35 mm nominal).
    pub line_spacing_two_lines_mm: (f32, f32),
    /// `optical.mrz_geometry`: the largest skew of the MRZ lines, degrees (ICAO 9303-3
    /// §4.11: 3°).
    pub max_skew_degrees: f32,
    /// `optical.mrz_geometry`: the measurement's own allowance, in pixels of the image,
    /// added to each length bound (the character boxes are fitted to about a pixel).
    pub length_allowance_px: f32,
}

impl Default for OpticalThresholds {
    fn default() -> Self {
        OpticalThresholds {
            ir_min_pcs: 0.6,
            uv_max_fluorescence: 0.4,
            pitch_mm: (2.30, 2.78),
            line_spacing_three_lines_mm: (4.20, 4.52),
            line_spacing_two_lines_mm: (4.20, 7.99),
            max_skew_degrees: 3.0,
            length_allowance_px: 1.5,
        }
    }
}

/// A document reported lost, stolen or revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockedDocument {
    /// Issuing state as in the MRZ without fillers.
    pub issuer: String,
    /// Document number as in the MRZ without fillers.
    pub number: String,
}

/// Whether the report carries the face image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FaceExport {
    /// No image (the default: reports are often logged).
    #[default]
    None,
    /// JPEG as stored, anything else (JPEG 2000) converted to PNG.
    JpegOrPng,
}

/// Everything the verifier is configured with, besides the trust store.
#[derive(Debug, Clone)]
pub struct VerifierConfig {
    /// Per rule: on/off and severity. Rules missing here use their defaults.
    pub rules: BTreeMap<RuleId, RuleSettings>,
    /// Thresholds.
    pub thresholds: Thresholds,
    /// Thresholds of the optical rules.
    pub optical: OpticalThresholds,
    /// Blocked documents; `None`: no list is configured (`doc.blocked` is `not_checked`).
    pub blocked: Option<Vec<BlockedDocument>>,
    /// Document codes (`P`, `ID`…) issued by `D` whose number must use the German alphabet.
    pub german_alphabet_codes: Vec<String>,
    /// Rules that must pass for the verdict `genuine` (otherwise: `incomplete`).
    pub required_for_genuine: Vec<RuleId>,
    /// Correct typical OCR misreadings in the optically read MRZ.
    pub correct_ocr: bool,
    /// Whether the report carries the face image.
    pub face: FaceExport,
    /// What a failed check counts as when the issuing State's deviation list explains it
    /// (`known_defect` in the report). `Warning` (the default): the verdict is at most
    /// `suspicious`, a person looks at the document; `Error`: it stays `failed`, the report
    /// only names the deviation. Never stricter than the rule's own severity, and a failed
    /// check never passes: the verdict can reach `genuine` only when the failed check is
    /// neither required for genuine nor of a severity that counts.
    pub known_defect_severity: Severity,
}

impl Default for VerifierConfig {
    fn default() -> Self {
        VerifierConfig {
            rules: BTreeMap::new(),
            thresholds: Thresholds::default(),
            optical: OpticalThresholds::default(),
            blocked: None,
            german_alphabet_codes: vec!["P".into(), "PP".into(), "ID".into(), "I".into()],
            required_for_genuine: vec![
                RuleId::PaSodSignature,
                RuleId::PaDscChain,
                RuleId::PaDgHashes,
            ],
            correct_ocr: false,
            face: FaceExport::None,
            known_defect_severity: Severity::Warning,
        }
    }
}

impl VerifierConfig {
    /// The settings of `rule`.
    pub fn settings(&self, rule: RuleId) -> RuleSettings {
        self.rules.get(&rule).copied().unwrap_or(RuleSettings {
            enabled: true,
            severity: rule.default_severity(),
        })
    }

    /// Switches a rule on or off.
    pub fn set_enabled(&mut self, rule: RuleId, enabled: bool) -> &mut Self {
        let s = self.settings(rule);
        self.rules.insert(rule, RuleSettings { enabled, ..s });
        self
    }

    /// Sets a rule's severity.
    pub fn set_severity(&mut self, rule: RuleId, severity: Severity) -> &mut Self {
        let s = self.settings(rule);
        self.rules.insert(rule, RuleSettings { severity, ..s });
        self
    }
}
