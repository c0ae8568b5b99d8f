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
