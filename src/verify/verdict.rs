//! How the verdict derives from the checks, in this order:
//!
//! 1. `failed` — a check of severity `error` has status `failed`.
//! 2. `suspicious` — a check of severity `warning` has status `failed`, or a check of
//!    severity `error` or `warning` has status `warning`.
//! 3. `incomplete` — a check required for `genuine` (by default `pa.sod_signature`,
//!    `pa.dsc_chain`, `pa.dg_hashes`) is missing or has status `not_checked` or
//!    `unsupported`; likewise any check of severity `error` with status `unsupported`.
//! 4. `genuine` — otherwise.
//!
//! A failed check that a deviation list explains (`known_defect`) weighs with its effective
//! severity, the configured known-defect severity (by default `warning`).
//!
//! Checks of severity `info` never change the verdict; `not_checked` of a check not
//! required (e.g. active authentication when the chip was not asked) does not either.

use super::lang::Text;
use super::report::{CheckResult, Severity, UnmetRequirement, Verdict};
use super::rules::RuleId;
use crate::pki::Status;

/// The verdict for `checks`, with `required` the rules that must pass for `genuine`.
pub fn derive_verdict(checks: &[CheckResult], required: &[RuleId]) -> Verdict {
    let relevant = || {
        checks
            .iter()
            .filter(|c| c.effective_severity() != Severity::Info)
    };
    if relevant().any(|c| c.effective_severity() == Severity::Error && c.status == Status::Failed) {
        return Verdict::Failed;
    }
    if relevant().any(|c| c.status == Status::Warning || c.status == Status::Failed) {
        return Verdict::Suspicious;
    }
    let required_missing = required.iter().any(|r| {
        !checks
            .iter()
            .any(|c| c.id == *r && matches!(c.status, Status::Passed))
    });
    let error_unsupported =
        relevant().any(|c| c.severity == Severity::Error && c.status == Status::Unsupported);
    if required_missing || error_unsupported {
        return Verdict::Incomplete;
    }
    Verdict::Genuine
}

/// For an `incomplete` verdict, what kept it from `genuine`, in words: each required check
/// that did not pass (with its own message), and each error check that could not run.
pub fn unmet_requirements(checks: &[CheckResult], required: &[RuleId]) -> Vec<UnmetRequirement> {
    let mut out: Vec<UnmetRequirement> = Vec::new();
    for r in required {
        if out.iter().any(|u| u.check == *r) {
            continue;
        }
        match checks.iter().find(|c| c.id == *r) {
            None => out.push(UnmetRequirement {
                check: *r,
                message: Text::new(
                    format!("{r} ist abgeschaltet, wird aber für ECHT benötigt"),
                    format!("{r} is switched off but required for genuine"),
                ),
            }),
            Some(c) if c.status != Status::Passed => out.push(UnmetRequirement {
                check: *r,
                message: c.message.clone(),
            }),
            Some(_) => {}
        }
    }
    for c in checks {
        if c.severity == Severity::Error
            && c.status == Status::Unsupported
            && !out.iter().any(|u| u.check == c.id)
        {
            out.push(UnmetRequirement {
                check: c.id,
                message: c.message.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::lang::Text;

    fn c(id: RuleId, status: Status, severity: Severity) -> CheckResult {
        CheckResult {
            id,
            status,
            severity,
            title: Text::new("", ""),
            message: Text::new("", ""),
            evidence: Default::default(),
            known_defect: None,
        }
    }

    #[test]
    fn order_of_derivation() {
        use RuleId::*;
        use Severity::*;
        let pa = [PaSodSignature, PaDscChain, PaDgHashes];
        let base: Vec<CheckResult> = pa.iter().map(|r| c(*r, Status::Passed, Error)).collect();
        assert_eq!(derive_verdict(&base, &pa), Verdict::Genuine);

        let mut v = base.clone();
        v.push(c(DocExpiringSoon, Status::Warning, Info));
        v.push(c(ChipActiveAuthentication, Status::NotChecked, Error));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Genuine);

        v.push(c(DocValiditySpan, Status::Failed, Warning));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Suspicious);

        v.push(c(DocExpired, Status::Failed, Error));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Failed);

        let mut v = base.clone();
        v[1].status = Status::NotChecked;
        assert_eq!(derive_verdict(&v, &pa), Verdict::Incomplete);
        v.push(c(PersonImplausibleAge, Status::Failed, Warning));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Suspicious);

        let mut v = base.clone();
        v.push(c(ChipChipAuthentication, Status::Unsupported, Error));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Incomplete);
        assert_eq!(derive_verdict(&base[..2], &pa), Verdict::Incomplete);
        assert_eq!(derive_verdict(&[], &[]), Verdict::Genuine);

        // A known defect weighs with its effect, never stricter than the rule, and a failed
        // required check keeps the verdict from genuine whatever its effect.
        let mut v = base.clone();
        v[2].status = Status::Failed;
        assert_eq!(derive_verdict(&v, &pa), Verdict::Failed);
        let defect = |effect| crate::verify::KnownDefect {
            deviation_type: "2.23.136.1.1.7.2.2".into(),
            deviation: "data group hash wrong: DG2".into(),
            description: None,
            listed_by: "UT".into(),
            effect,
        };
        v[2].known_defect = Some(defect(Warning));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Suspicious);
        v[2].known_defect = Some(defect(Info));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Incomplete);
        v[2].known_defect = Some(defect(Error));
        assert_eq!(derive_verdict(&v, &pa), Verdict::Failed);
        v[2].severity = Warning;
        assert_eq!(derive_verdict(&v, &pa), Verdict::Suspicious);
    }
}
