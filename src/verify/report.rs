//! The report the desk software gets: the verdict, every check with status and evidence,
//! the document data, and the chip's read costs. Serialised as JSON (see `schema`).

use super::biometrics::BiometricSummary;
use super::eid::EidSummary;
use super::lang::Text;
use super::rules::RuleId;
use crate::pki::Status;
use serde::Serialize;
use std::collections::BTreeMap;

/// What a failed check means for the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Failure proves a problem: the verdict is `failed`.
    Error,
    /// Failure raises doubt: the verdict is `suspicious`.
    Warning,
    /// For the staff's information only: never changes the verdict.
    Info,
}

/// The overall verdict (see [`super::derive_verdict`] for the exact derivation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Every required check passed and nothing failed or raised doubt.
    Genuine,
    /// Nothing proves a forgery, but something raises doubt.
    Suspicious,
    /// A check of severity `error` failed.
    Failed,
    /// Nothing failed, but a check required for `genuine` did not run (or could not).
    Incomplete,
}

impl Verdict {
    /// The verdict as staff read it.
    pub fn text(self) -> Text {
        match self {
            Verdict::Genuine => Text::new("ECHT", "GENUINE"),
            Verdict::Suspicious => Text::new("VERDÄCHTIG", "SUSPICIOUS"),
            Verdict::Failed => Text::new("NICHT BESTANDEN", "FAILED"),
            Verdict::Incomplete => Text::new("UNVOLLSTÄNDIG GEPRÜFT", "INCOMPLETE"),
        }
    }
}

/// A condition for `genuine` that was not met (only in an `incomplete` report).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmetRequirement {
    /// The check that did not pass.
    pub check: RuleId,
    /// Why, in German and English (the check's own message).
    pub message: Text,
}

/// The configuration a report was made with (since schema 1.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigurationSummary {
    /// The SHA-256 (hex) of the effective configuration's JSON document
    /// (`verify::config_to_json`, compact), so a report can be traced to its configuration.
    pub sha256: String,
    /// The signed-data checks the configuration switched off, lowered below `error` or took
    /// from the checks required for `genuine` (`verify::SIGNED_DATA_CHECKS`); empty normally.
    pub weakened_signed_data_checks: Vec<RuleId>,
}

/// One rule's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// The rule's stable id.
    pub id: RuleId,
    /// The outcome.
    pub status: Status,
    /// The configured severity.
    pub severity: Severity,
    /// What the rule checks.
    pub title: Text,
    /// What it found.
    pub message: Text,
    /// The facts behind it.
    pub evidence: BTreeMap<String, String>,
    /// A failure the issuing State's deviation list explains (schema 1.5): the check still
    /// failed, but as a known defect of the document series rather than a sign of forgery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_defect: Option<KnownDefect>,
}

impl CheckResult {
    /// The severity the verdict weighs the check with: a known defect's configured effect
    /// ([`super::VerifierConfig::known_defect_severity`]), never stricter than the rule's own.
    pub fn effective_severity(&self) -> Severity {
        self.known_defect
            .as_ref()
            .map_or(self.severity, |k| k.effect.max(self.severity))
    }
}

/// The listed deviation that explains a failed check (ICAO 9303-12 §10, id-Deviation-*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KnownDefect {
    /// The deviation type's OID (e.g. `2.23.136.1.1.7.2.2`, id-Deviation-LDS-DGHashWrong).
    pub deviation_type: String,
    /// The deviation in words, with its parameter (e.g. `data group hash wrong: DG2`).
    pub deviation: String,
    /// The issuing State's own description, if the list gives one.
    pub description: Option<String>,
    /// The country whose deviation list names it.
    pub listed_by: String,
    /// What the failure counts as for the verdict (the configured known-defect severity).
    pub effect: Severity,
}

/// The face image, when requested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaceImage {
    /// `jpeg` or `png`.
    pub format: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The image file, base64 (RFC 4648 §4).
    pub data_base64: String,
}

/// The document's data as shown to staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentData {
    /// Where the MRZ fields come from: `chip` (DG1) or `optical`.
    pub source: String,
    /// The MRZ lines.
    pub mrz: Vec<String>,
    /// Document code (`P`, `ID`, `AR`…).
    pub document_code: String,
    /// Issuing state or organisation (`D`, `UTO`).
    pub issuing_state: String,
    /// Document number.
    pub document_number: String,
    /// Surname (primary identifier).
    pub primary_identifier: String,
    /// Given names (secondary identifier).
    pub secondary_identifier: String,
    /// Nationality.
    pub nationality: Option<String>,
    /// Date of birth, `YYYY-MM-DD` (DG11's full date when present).
    pub date_of_birth: Option<String>,
    /// Sex as printed (`M`, `F`, `X`, `<`).
    pub sex: Option<String>,
    /// Date of expiry, `YYYY-MM-DD`.
    pub date_of_expiry: Option<String>,
    /// Date of issue (DG12), `YYYY-MM-DD`.
    pub date_of_issue: Option<String>,
    /// Issuing authority (DG12).
    pub issuing_authority: Option<String>,
    /// Full name (DG11).
    pub full_name: Option<String>,
    /// Place of birth (DG11).
    pub place_of_birth: Option<String>,
    /// Personal number (DG11).
    pub personal_number: Option<String>,
    /// The face (DG2), when the configuration asks for it.
    pub face: Option<FaceImage>,
    /// Data groups whose values are shown here but not proven by a valid EF.SOD signature
    /// (e.g. `DG11` when EF.SOD has no hash of it): no rule uses them.
    pub unsigned: Vec<String>,
    /// Why the face asked for is missing although DG2 was read: DG2 unreadable, no image,
    /// or an image refused before decoding (too many pixels, components or tiles) or not
    /// decodable. Never affects the verdict.
    pub face_error: Option<String>,
}

/// One file read from the chip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    /// `EF.COM`, `DG1`…
    pub file: String,
    /// File size.
    pub bytes: usize,
    /// APDUs spent.
    pub apdus: usize,
    /// Milliseconds spent.
    pub millis: u64,
}

/// The SHA-256 of one file the verdict used (for the record's annex and the eAkte): a chip
/// file or a scanned image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDigest {
    /// `EF.COM`, `EF.SOD`, `DG1`…, or for a scanned image `image white page 1`.
    pub file: String,
    /// File size (for a raw pixel buffer: the buffer's).
    pub bytes: usize,
    /// SHA-256 of the whole file (or pixel buffer), lowercase hex.
    pub sha256: String,
    /// For a scanned image: the light it was taken under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub light: Option<crate::optical::Light>,
    /// For a scanned image: its page (or card side), from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// For a scanned image: the resolution the scanner reported, when it reported one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpi: Option<u32>,
}

/// How the chip was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChipSummary {
    /// The reader.
    pub reader: Option<String>,
    /// `BAC` or `PACE`.
    pub access_protocol: Option<String>,
    /// APDUs of SELECT and the access protocol.
    pub access_apdus: usize,
    /// Milliseconds of the access protocol.
    pub access_millis: u64,
    /// APDUs in total.
    pub apdus: usize,
    /// Bytes sent.
    pub bytes_sent: usize,
    /// Bytes received.
    pub bytes_received: usize,
    /// Milliseconds for the whole read.
    pub millis: u64,
    /// Per file.
    pub files: Vec<FileSummary>,
}

/// The result of one verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The report format's version ([`super::SCHEMA_VERSION`]).
    pub schema_version: String,
    /// The verdict.
    pub verdict: Verdict,
    /// The verdict in words.
    pub verdict_text: Text,
    /// When the verdict is `incomplete`: what `genuine` still requires (empty otherwise).
    pub unmet_requirements: Vec<UnmetRequirement>,
    /// The check time, `YYYY-MM-DDTHH:MM:SSZ`.
    pub checked_at: String,
    /// Every enabled rule's result, in rule order.
    pub checks: Vec<CheckResult>,
    /// The document's data, when an MRZ was available.
    pub document: Option<DocumentData>,
    /// How the chip was read, when it was read live.
    pub chip: Option<ChipSummary>,
    /// DG3 and DG4: their structure when read, or that the chip refused them.
    pub biometrics: Vec<BiometricSummary>,
    /// The German eID application, when terminal authentication granted eID rights.
    pub eid: Option<EidSummary>,
    /// Where the optical MRZ came from (typed, serial reader, image) and how sure an image
    /// read is; `None` when there was no optical MRZ and no white or infrared image.
    pub optical_mrz: Option<super::optical_origin::OpticalMrzOrigin>,
    /// The SHA-256 of every chip file the verification was given, in file order, then of
    /// every scanned image in the order given.
    pub files: Vec<FileDigest>,
    /// The configuration the verifier ran with: its digest and any weakened signed-data
    /// checks.
    pub configuration: ConfigurationSummary,
}

impl Report {
    /// The result of one rule (absent when switched off).
    pub fn check(&self, id: RuleId) -> Option<&CheckResult> {
        self.checks.iter().find(|c| c.id == id)
    }

    /// The ids of the checks with `status`.
    pub fn ids_with(&self, status: Status) -> Vec<&'static str> {
        self.checks
            .iter()
            .filter(|c| c.status == status)
            .map(|c| c.id.as_str())
            .collect()
    }

    /// The ids of the failed checks.
    pub fn failed_ids(&self) -> Vec<&'static str> {
        self.ids_with(Status::Failed)
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
