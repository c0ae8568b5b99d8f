//! The plausibility and security rules: each has a stable id, a default severity, a German
//! and English title, and one function that judges the [`Context`] of one document.
//! One file per rule family.

mod biometrics;
mod blocked;
pub(crate) mod chip;
mod codes;
mod consistency;
mod dates;
pub(crate) mod deviations;
mod eid;
mod eid_mrz;
pub mod icao_codes;
pub(crate) mod known_defects;
mod mrz;
mod mrz_read_certainty;
mod optical;
mod pki;
mod terminal_auth;
mod validity;

use super::config::VerifierConfig;
use super::context::Context;
use super::lang::Text;
use super::report::Severity;
use crate::pki::Status;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Every rule, by its stable id (the string in the report).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[allow(missing_docs)]
pub enum RuleId {
    LdsFilesReadable,
    LdsComMatchesSod,
    MrzCheckDigits,
    MrzSexValid,
    MrzOpticalEqualsDg1,
    MrzGermanDocumentNumberAlphabet,
    DocExpired,
    DocExpiringSoon,
    PersonBirthInFuture,
    PersonImplausibleAge,
    PersonDg11BirthDateEqualsDg1,
    DocIssueBeforeBirth,
    DocIssueAfterCheckTime,
    DocValiditySpan,
    CodesIssuingStateKnown,
    CodesNationalityKnown,
    PaSodSignature,
    PaDscChain,
    PaDgHashes,
    PkiIssuerMatchesSigner,
    PkiDscValidOnIssueDate,
    PkiKnownDeviations,
    ChipAccessControl,
    ChipActiveAuthentication,
    ChipChipAuthentication,
    ChipTerminalAuthentication,
    ChipBiometrics,
    ChipEidApplication,
    ChipEidMatchesDg1,
    DocBlocked,
    OpticalMrzIr,
    OpticalUvDull,
    OpticalMrzGeometry,
}

impl RuleId {
    /// Every rule in report order.
    pub const ALL: [RuleId; 33] = [
        RuleId::LdsFilesReadable,
        RuleId::LdsComMatchesSod,
        RuleId::MrzCheckDigits,
        RuleId::MrzSexValid,
        RuleId::MrzOpticalEqualsDg1,
        RuleId::MrzGermanDocumentNumberAlphabet,
        RuleId::DocExpired,
        RuleId::DocExpiringSoon,
        RuleId::PersonBirthInFuture,
        RuleId::PersonImplausibleAge,
        RuleId::PersonDg11BirthDateEqualsDg1,
        RuleId::DocIssueBeforeBirth,
        RuleId::DocIssueAfterCheckTime,
        RuleId::DocValiditySpan,
        RuleId::CodesIssuingStateKnown,
        RuleId::CodesNationalityKnown,
        RuleId::PaSodSignature,
        RuleId::PaDscChain,
        RuleId::PaDgHashes,
        RuleId::PkiIssuerMatchesSigner,
        RuleId::PkiDscValidOnIssueDate,
        RuleId::PkiKnownDeviations,
        RuleId::ChipAccessControl,
        RuleId::ChipActiveAuthentication,
        RuleId::ChipChipAuthentication,
        RuleId::ChipTerminalAuthentication,
        RuleId::ChipBiometrics,
        RuleId::ChipEidApplication,
        RuleId::ChipEidMatchesDg1,
        RuleId::DocBlocked,
        RuleId::OpticalMrzIr,
        RuleId::OpticalUvDull,
        RuleId::OpticalMrzGeometry,
    ];

    /// The stable id, e.g. `doc.expired`.
    pub fn as_str(self) -> &'static str {
        self.meta().0
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<RuleId> {
        Self::ALL.into_iter().find(|r| r.as_str() == id)
    }

    /// The severity a failure has unless configured otherwise.
    pub fn default_severity(self) -> Severity {
        self.meta().1
    }

    /// What the rule checks, in German and English.
    pub fn title(self) -> Text {
        let (_, _, de, en) = self.meta();
        Text::new(de, en)
    }

    fn meta(self) -> (&'static str, Severity, &'static str, &'static str) {
        use Severity::{Error, Info, Warning};
        match self {
            RuleId::LdsFilesReadable => (
                "lds.files_readable",
                Error,
                "Chipdateien lesbar",
                "Chip files readable",
            ),
            RuleId::LdsComMatchesSod => (
                "lds.com_matches_sod",
                Info,
                "EF.COM führt die in EF.SOD signierten Datengruppen",
                "EF.COM lists the data groups EF.SOD signs",
            ),
            RuleId::MrzCheckDigits => (
                "mrz.check_digits",
                Error,
                "MRZ-Prüfziffern",
                "MRZ check digits",
            ),
            RuleId::MrzSexValid => (
                "mrz.sex_valid",
                Error,
                "Geschlechtsangabe gültig",
                "Sex field valid",
            ),
            RuleId::MrzOpticalEqualsDg1 => (
                "mrz.optical_equals_dg1",
                Error,
                "Gedruckte MRZ gleich Chip-MRZ (DG1)",
                "Printed MRZ equals chip MRZ (DG1)",
            ),
            RuleId::MrzGermanDocumentNumberAlphabet => (
                "mrz.german_document_number_alphabet",
                Warning,
                "Zeichenvorrat deutscher Dokumentennummern",
                "German document number alphabet",
            ),
            RuleId::DocExpired => (
                "doc.expired",
                Error,
                "Dokument gültig (nicht abgelaufen)",
                "Document not expired",
            ),
            RuleId::DocExpiringSoon => (
                "doc.expiring_soon",
                Info,
                "Dokument läuft bald ab",
                "Document expiring soon",
            ),
            RuleId::PersonBirthInFuture => (
                "person.birth_in_future",
                Error,
                "Geburtsdatum nicht in der Zukunft",
                "Date of birth not in the future",
            ),
            RuleId::PersonImplausibleAge => (
                "person.implausible_age",
                Warning,
                "Alter plausibel",
                "Age plausible",
            ),
            RuleId::PersonDg11BirthDateEqualsDg1 => (
                "person.dg11_birth_date_equals_dg1",
                Error,
                "Geburtsdatum in DG11 gleich DG1",
                "DG11's date of birth equals DG1's",
            ),
            RuleId::DocIssueBeforeBirth => (
                "doc.issue_before_birth",
                Error,
                "Ausstellung nach der Geburt",
                "Issued after birth",
            ),
            RuleId::DocIssueAfterCheckTime => (
                "doc.issue_after_check_time",
                Error,
                "Ausstellung nicht nach dem Prüfzeitpunkt",
                "Issued no later than the check time",
            ),
            RuleId::DocValiditySpan => (
                "doc.validity_span",
                Warning,
                "Gültigkeitsdauer plausibel",
                "Validity period plausible",
            ),
            RuleId::CodesIssuingStateKnown => (
                "codes.issuing_state_known",
                Warning,
                "Ausstellerstaat ist ein ICAO-Code",
                "Issuing state is an ICAO code",
            ),
            RuleId::CodesNationalityKnown => (
                "codes.nationality_known",
                Warning,
                "Staatsangehörigkeit ist ein ICAO-Code",
                "Nationality is an ICAO code",
            ),
            RuleId::PaSodSignature => (
                "pa.sod_signature",
                Error,
                "Signatur des EF.SOD",
                "EF.SOD signature",
            ),
            RuleId::PaDscChain => (
                "pa.dsc_chain",
                Error,
                "Zertifikatskette DS → CSCA",
                "Certificate chain DS → CSCA",
            ),
            RuleId::PaDgHashes => (
                "pa.dg_hashes",
                Error,
                "Hashwerte der Datengruppen",
                "Data group hashes",
            ),
            RuleId::PkiIssuerMatchesSigner => (
                "pki.issuer_matches_signer",
                Error,
                "Ausstellerstaat = DS-Land = CSCA-Land",
                "Issuing state = DS country = CSCA country",
            ),
            RuleId::PkiDscValidOnIssueDate => (
                "pki.dsc_valid_on_issue_date",
                Warning,
                "DS-Zertifikat am Ausstellungstag gültig",
                "DS certificate valid on the issue date",
            ),
            RuleId::PkiKnownDeviations => (
                "pki.known_deviations",
                Info,
                "Bekannte Abweichungen der Dokumentenserie (Deviation List)",
                "Known deviations of the document series (deviation list)",
            ),
            RuleId::ChipAccessControl => (
                "chip.access_control",
                Info,
                "Zugriffskontrolle (BAC/PACE)",
                "Access control (BAC/PACE)",
            ),
            RuleId::ChipActiveAuthentication => (
                "chip.active_authentication",
                Error,
                "Active Authentication",
                "Active authentication",
            ),
            RuleId::ChipChipAuthentication => (
                "chip.chip_authentication",
                Error,
                "Chip Authentication",
                "Chip authentication",
            ),
            RuleId::ChipTerminalAuthentication => (
                "chip.terminal_authentication",
                Info,
                "Terminalauthentisierung (EAC) und gewährte Zugriffsrechte",
                "Terminal authentication (EAC) and the access rights granted",
            ),
            RuleId::ChipBiometrics => (
                "chip.biometrics",
                Info,
                "Fingerabdrücke und Irisbilder (DG3/DG4, nur Struktur)",
                "Fingerprints and iris images (DG3/DG4, structure only)",
            ),
            RuleId::ChipEidApplication => (
                "chip.eid_application",
                Info,
                "eID-Anwendung (Daten nach gewährten Rechten)",
                "eID application (data as the rights granted allow)",
            ),
            RuleId::ChipEidMatchesDg1 => (
                "chip.eid_matches_dg1",
                Error,
                "eID-Daten gleich DG1 (MRZ)",
                "eID data equal DG1 (MRZ)",
            ),
            RuleId::DocBlocked => (
                "doc.blocked",
                Error,
                "Dokument nicht gesperrt",
                "Document not blocked",
            ),
            RuleId::OpticalMrzIr => (
                "optical.mrz_ir",
                Error,
                "MRZ im Infrarotlicht dunkel und gleich (ICAO 9303-3 B900)",
                "MRZ dark and equal in infrared light (ICAO 9303-3 B900)",
            ),
            RuleId::OpticalUvDull => (
                "optical.uv_dull",
                Warning,
                "Papier unter UV-Licht ohne Fluoreszenz",
                "Substrate does not fluoresce under UV light",
            ),
            RuleId::OpticalMrzGeometry => (
                "optical.mrz_geometry",
                Warning,
                "MRZ-Zeichenabstand, Zeilenabstand und Schräglage",
                "MRZ character pitch, line spacing and skew",
            ),
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// What one rule found.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub status: Status,
    pub message: Text,
    pub evidence: BTreeMap<String, String>,
}

impl Outcome {
    pub fn new(status: Status, de: impl Into<String>, en: impl Into<String>) -> Self {
        Outcome {
            status,
            message: Text::new(de, en),
            evidence: BTreeMap::new(),
        }
    }
    pub fn passed(de: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(Status::Passed, de, en)
    }
    pub fn failed(de: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(Status::Failed, de, en)
    }
    pub fn not_checked(de: impl Into<String>, en: impl Into<String>) -> Self {
        Self::new(Status::NotChecked, de, en)
    }
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.evidence.insert(key.to_string(), value.to_string());
        self
    }
}

/// Runs one rule.
pub(crate) fn run(rule: RuleId, cx: &Context<'_>, config: &VerifierConfig) -> Outcome {
    match rule {
        RuleId::LdsFilesReadable => mrz::files_readable(cx),
        RuleId::LdsComMatchesSod => consistency::com_matches_sod(cx),
        RuleId::MrzCheckDigits => mrz::check_digits(cx),
        RuleId::MrzSexValid => mrz::sex_valid(cx),
        RuleId::MrzOpticalEqualsDg1 => mrz::optical_equals_dg1(cx),
        RuleId::MrzGermanDocumentNumberAlphabet => codes::german_alphabet(cx, config),
        RuleId::DocExpired => dates::expired(cx),
        RuleId::DocExpiringSoon => dates::expiring_soon(cx, config),
        RuleId::PersonBirthInFuture => dates::birth_in_future(cx),
        RuleId::PersonImplausibleAge => dates::implausible_age(cx, config),
        RuleId::PersonDg11BirthDateEqualsDg1 => consistency::dg11_birth_date_equals_dg1(cx),
        RuleId::DocIssueBeforeBirth => dates::issue_before_birth(cx),
        RuleId::DocIssueAfterCheckTime => dates::issue_after_check_time(cx),
        RuleId::DocValiditySpan => validity::validity_span(cx, config),
        RuleId::CodesIssuingStateKnown => codes::issuing_state_known(cx),
        RuleId::CodesNationalityKnown => codes::nationality_known(cx),
        RuleId::PaSodSignature => pki::sod_signature(cx),
        RuleId::PaDscChain => pki::dsc_chain(cx),
        RuleId::PaDgHashes => pki::dg_hashes(cx),
        RuleId::PkiIssuerMatchesSigner => pki::issuer_matches_signer(cx),
        RuleId::PkiDscValidOnIssueDate => pki::dsc_valid_on_issue_date(cx),
        RuleId::ChipAccessControl => chip::access_control(cx),
        RuleId::ChipActiveAuthentication => chip::active_authentication(cx),
        RuleId::ChipChipAuthentication => chip::chip_authentication(cx),
        RuleId::ChipTerminalAuthentication => terminal_auth::terminal_authentication(cx),
        RuleId::ChipBiometrics => biometrics::biometrics(cx),
        RuleId::ChipEidApplication => eid::eid_application(cx),
        RuleId::ChipEidMatchesDg1 => eid_mrz::eid_matches_dg1(cx),
        RuleId::DocBlocked => blocked::blocked(cx, config),
        RuleId::PkiKnownDeviations => deviations::known_deviations(cx, &cx.deviation_lists),
        RuleId::OpticalMrzIr => optical::mrz_ir(cx, &config.optical),
        RuleId::OpticalUvDull => optical::uv_dull(cx, &config.optical),
        RuleId::OpticalMrzGeometry => optical::mrz_geometry_rule(cx, &config.optical),
    }
}

#[cfg(test)]
mod tests {
    use super::RuleId;

    #[test]
    fn ids_are_unique_and_round_trip() {
        let mut ids: Vec<&str> = RuleId::ALL.iter().map(|r| r.as_str()).collect();
        for r in RuleId::ALL {
            assert_eq!(RuleId::from_id(r.as_str()), Some(r));
            assert!(!r.title().de.is_empty() && !r.title().en.is_empty());
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RuleId::ALL.len());
        assert_eq!(RuleId::from_id("doc.nonsense"), None);
    }
}
