//! Known defects: a failed check that the issuing State's deviation list (ICAO 9303-12 §10,
//! id-Deviation-*) explains is marked `known_defect`, naming the deviation, and weighs with
//! the configured known-defect severity instead of reading as forgery.
//!
//! What each deviation type may explain, and only that:
//!
//! | deviation (id-Deviation-…) | parameters | check |
//! |---|---|---|
//! | CertOrKey-DSSignature, -DSEncoding, -CSCAEncoding | CertField | `pa.dsc_chain`, only when the list names the DSC by its certificate digest |
//! | CertOrKey-AAKeyCompromised | — | a passed `chip.active_authentication` becomes a warning |
//! | LDS-DGMalformed | Datagroup | `lds.files_readable`, when only that file is unreadable |
//! | LDS-DGHashWrong | Datagroup | `pa.dg_hashes`, when only that data group's hash differs |
//! | LDS-SODSignatureWrong | — | `pa.sod_signature` |
//! | LDS-COMInconsistent | — | `lds.com_matches_sod` |
//! | MRZ-WrongCheckDigit | MRZField | `mrz.check_digits`, when only check digits (of that field) are wrong |
//! | MRZ-WrongData | MRZField | the rule judging that field: sex `mrz.sex_valid`, nationality `codes.nationality_known`, issuing state `codes.issuing_state_known`, document number `mrz.german_document_number_alphabet` |
//! | the generic arcs, Chip, NationalUse | | none: named in `pki.known_deviations` only |
//!
//! A deviation never explains the printed MRZ differing from DG1, an expired or blocked
//! document, a country mismatch, or chip authentication: those are what a forgery looks like,
//! whatever the series. A DSC named by issuer and serial number or key identifier can be
//! copied into a self-made certificate, so only a certificate digest (which binds the exact
//! certificate, and with it the issuer's key) lets a deviation explain a broken chain.

use super::RuleId;
use super::deviations::ListedDeviation;
use crate::mrz::Mrz;
use crate::pki::Status;
use crate::pki::deviation::{DeviationParameter, ID_DEVIATION_LIST};
use crate::verify::context::Context;
use crate::verify::lang::Text;
use crate::verify::report::{CheckResult, KnownDefect, Severity};

/// The deviation type's arc below id-icao-DeviationList (`.2.2` for DGHashWrong).
fn arc(deviation_type: &str) -> &str {
    deviation_type
        .strip_prefix(ID_DEVIATION_LIST)
        .unwrap_or_default()
}

/// The checks a deviation type can explain (see the module's table).
pub(crate) fn affected_checks(deviation_type: &str, parameter: &DeviationParameter) -> Vec<RuleId> {
    match (arc(deviation_type), parameter) {
        (".1.1" | ".1.2" | ".1.3", _) => vec![RuleId::PaDscChain],
        (".1.4", _) => vec![RuleId::ChipActiveAuthentication],
        (".2.1", _) => vec![RuleId::LdsFilesReadable],
        (".2.2", _) => vec![RuleId::PaDgHashes],
        (".2.3", _) => vec![RuleId::PaSodSignature],
        (".2.4", _) => vec![RuleId::LdsComMatchesSod],
        (".3.2", _) => vec![RuleId::MrzCheckDigits],
        (".3.1", DeviationParameter::MrzField(7)) => vec![RuleId::MrzSexValid],
        (".3.1", DeviationParameter::MrzField(5)) => vec![RuleId::CodesNationalityKnown],
        (".3.1", DeviationParameter::MrzField(2)) => vec![RuleId::CodesIssuingStateKnown],
        (".3.1", DeviationParameter::MrzField(4)) => {
            vec![RuleId::MrzGermanDocumentNumberAlphabet]
        }
        _ => Vec::new(),
    }
}

/// Whether `d` explains every reason `check` failed for.
fn explains(cx: &Context<'_>, check: &CheckResult, d: &ListedDeviation<'_>) -> bool {
    let param = &d.description.parameter;
    match check.id {
        RuleId::PaDscChain => d.by_certificate_digest,
        // Only the named data group's hash may differ; the others must match.
        RuleId::PaDgHashes => {
            let DeviationParameter::DataGroup(n) = param else {
                return false;
            };
            let listed = format!("dg.{n}");
            let differing: Vec<&String> = check
                .evidence
                .iter()
                .filter(|(k, v)| k.starts_with("dg.") && v.starts_with("failed"))
                .map(|(k, _)| k)
                .collect();
            !differing.is_empty() && differing.iter().all(|k| **k == listed)
        }
        RuleId::LdsFilesReadable => param.name().is_some_and(|file| {
            !cx.unreadable.is_empty() && cx.unreadable.iter().all(|(name, _)| *name == file)
        }),
        RuleId::MrzCheckDigits => only_check_digits_wrong(cx, param),
        _ => true,
    }
}

/// `mrz.check_digits` failed for wrong check digits only (no unreadable MRZ, no bad
/// character), and only of the field named (any field for `generic` or no parameter).
fn only_check_digits_wrong(cx: &Context<'_>, param: &DeviationParameter) -> bool {
    let field = match param {
        DeviationParameter::MrzField(4) => Some("document number"),
        DeviationParameter::MrzField(6) => Some("date of birth"),
        DeviationParameter::MrzField(8) => Some("date of expiry"),
        DeviationParameter::MrzField(9) => Some("optional data"),
        DeviationParameter::MrzField(0) | DeviationParameter::None => None,
        _ => return false,
    };
    let parsed: Vec<&Result<Mrz, _>> = [&cx.optical, &cx.chip_mrz].into_iter().flatten().collect();
    let mut wrong = 0;
    for p in parsed {
        let Ok(m) = p else { return false };
        if !m.problems.is_empty() {
            return false;
        }
        for c in m.failed_checks() {
            if field.is_some_and(|f| c.kind.label() != f) {
                return false;
            }
            wrong += 1;
        }
    }
    wrong > 0
}

/// Marks the failed checks the matching deviations explain, and turns a passed active
/// authentication whose key the series lists as compromised into a warning.
pub(crate) fn apply(
    cx: &Context<'_>,
    listed: &[ListedDeviation<'_>],
    checks: &mut [CheckResult],
    effect: Severity,
) {
    for check in checks.iter_mut() {
        let relevant = listed.iter().filter(|d| {
            affected_checks(&d.description.deviation_type, &d.description.parameter)
                .contains(&check.id)
        });
        if check.id == RuleId::ChipActiveAuthentication {
            if let Some(d) = relevant
                .clone()
                .next()
                .filter(|_| check.status == Status::Passed)
            {
                check.status = Status::Warning;
                check.message = Text::new(
                    format!(
                        "Active Authentication bestanden, aber der Schlüssel dieser Serie ist laut Abweichungsliste ({}) möglicherweise kompromittiert: kein Nachweis gegen Klone",
                        d.country
                    ),
                    format!(
                        "Active authentication passed, but the deviation list ({}) says this series' key may be compromised: no proof against clones",
                        d.country
                    ),
                );
                check
                    .evidence
                    .insert("deviation".into(), d.description.deviation_type.clone());
            }
            continue;
        }
        if check.status != Status::Failed {
            continue;
        }
        let Some(d) = relevant.clone().find(|d| explains(cx, check, d)) else {
            continue;
        };
        let name = d.name();
        check.message = Text::new(
            format!(
                "Bekannter Mangel der Dokumentenserie laut Abweichungsliste ({}): {} — {}",
                d.country,
                d.name_de(),
                check.message.de
            ),
            format!(
                "Known defect of the document series per the deviation list ({}): {} — {}",
                d.country, name, check.message.en
            ),
        );
        check.known_defect = Some(KnownDefect {
            deviation_type: d.description.deviation_type.clone(),
            deviation: name,
            description: d.description.description.clone(),
            listed_by: d.country.clone(),
            effect,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module's table: each deviation type explains only its own check; the generic arcs,
    /// the chip and national use explain none, and nothing explains the printed MRZ, expiry,
    /// blocking, the country rule or chip authentication.
    #[test]
    fn each_deviation_type_explains_only_its_own_check() {
        use DeviationParameter::{DataGroup, MrzField, None as NoParameter};
        let t = |arc: &str| format!("{ID_DEVIATION_LIST}{arc}");
        let cases: [(&str, DeviationParameter, &[RuleId]); 16] = [
            (".1.1", NoParameter, &[RuleId::PaDscChain]),
            (".1.2", NoParameter, &[RuleId::PaDscChain]),
            (".1.3", NoParameter, &[RuleId::PaDscChain]),
            (".1.4", NoParameter, &[RuleId::ChipActiveAuthentication]),
            (".2.1", DataGroup(2), &[RuleId::LdsFilesReadable]),
            (".2.2", DataGroup(2), &[RuleId::PaDgHashes]),
            (".2.3", NoParameter, &[RuleId::PaSodSignature]),
            (".2.4", NoParameter, &[RuleId::LdsComMatchesSod]),
            (".3.2", MrzField(4), &[RuleId::MrzCheckDigits]),
            (".3.1", MrzField(7), &[RuleId::MrzSexValid]),
            (".3.1", MrzField(6), &[]),
            (".1", NoParameter, &[]),
            (".2", NoParameter, &[]),
            (".3", MrzField(0), &[]),
            (".4", NoParameter, &[]),
            (".5", NoParameter, &[]),
        ];
        for (arc, parameter, expected) in &cases {
            assert_eq!(affected_checks(&t(arc), parameter), *expected, "{arc}");
        }
        let every: Vec<RuleId> = cases
            .iter()
            .flat_map(|(arc, p, _)| affected_checks(&t(arc), p))
            .collect();
        for never in [
            RuleId::MrzOpticalEqualsDg1,
            RuleId::DocExpired,
            RuleId::DocBlocked,
            RuleId::PkiIssuerMatchesSigner,
            RuleId::ChipChipAuthentication,
        ] {
            assert!(!every.contains(&never), "{never}");
        }
        assert!(affected_checks("1.2.3.4", &NoParameter).is_empty());
    }
}
