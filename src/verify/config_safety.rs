//! Which configurations weaken the checks that stand between a forged document and the
//! verdict `genuine`: the checks of signed data and of the chip's own proof (DESIGN.md,
//! "Configuring the verifier"). The Rust API allows such a configuration; the JSON loader
//! refuses it unless told so explicitly, and the report names every weakened check.

use super::config::VerifierConfig;
use super::report::Severity;
use super::rules::RuleId;
use std::fmt;

/// The checks whose failure means the signed data or the chip does not vouch for the
/// document: passive authentication (ICAO 9303-11 §5.1), the signer belonging to the
/// issuing State, the printed MRZ equal to the chip's DG1, the chip's proof that it is the
/// one the data was written to, and the eID data equal to DG1. Each must stay switched on
/// with severity `error`.
pub const SIGNED_DATA_CHECKS: [RuleId; 8] = [
    RuleId::PaSodSignature,
    RuleId::PaDscChain,
    RuleId::PaDgHashes,
    RuleId::PkiIssuerMatchesSigner,
    RuleId::MrzOpticalEqualsDg1,
    RuleId::ChipChipAuthentication,
    RuleId::ChipActiveAuthentication,
    RuleId::ChipEidMatchesDg1,
];

/// The checks that must stay in `required_for_genuine`: without them a document whose
/// EF.SOD was never checked could read `genuine`.
pub const REQUIRED_SIGNED_DATA_CHECKS: [RuleId; 3] = [
    RuleId::PaSodSignature,
    RuleId::PaDscChain,
    RuleId::PaDgHashes,
];

/// How a configuration weakens one signed-data check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakening {
    /// The rule is switched off.
    Disabled(RuleId),
    /// The rule's severity is below `error`.
    Severity(RuleId, Severity),
    /// The rule is not required for `genuine`.
    NotRequired(RuleId),
}

impl Weakening {
    /// The weakened rule.
    pub fn rule(self) -> RuleId {
        match self {
            Weakening::Disabled(r) | Weakening::Severity(r, _) | Weakening::NotRequired(r) => r,
        }
    }
}

impl fmt::Display for Weakening {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Weakening::Disabled(r) => write!(f, "{r} is switched off"),
            Weakening::Severity(r, s) => write!(f, "{r} has severity {s:?} instead of Error"),
            Weakening::NotRequired(r) => write!(f, "{r} is not required for genuine"),
        }
    }
}

/// Every way `config` weakens a signed-data check, in the order of [`SIGNED_DATA_CHECKS`];
/// empty for the defaults.
pub fn weakenings(config: &VerifierConfig) -> Vec<Weakening> {
    let mut out = Vec::new();
    for rule in SIGNED_DATA_CHECKS {
        let s = config.settings(rule);
        if !s.enabled {
            out.push(Weakening::Disabled(rule));
        } else if s.severity != Severity::Error {
            out.push(Weakening::Severity(rule, s.severity));
        }
        if REQUIRED_SIGNED_DATA_CHECKS.contains(&rule)
            && !config.required_for_genuine.contains(&rule)
        {
            out.push(Weakening::NotRequired(rule));
        }
    }
    out
}

/// The weakened signed-data checks of `config`, each once, in the order of
/// [`SIGNED_DATA_CHECKS`] (the report's
/// `configuration.weakened_signed_data_checks`).
pub fn weakened_checks(config: &VerifierConfig) -> Vec<RuleId> {
    let mut rules: Vec<RuleId> = weakenings(config)
        .into_iter()
        .map(Weakening::rule)
        .collect();
    rules.dedup();
    rules
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_weaken_nothing_and_each_weakening_is_named() {
        assert!(weakenings(&VerifierConfig::default()).is_empty());
        let mut c = VerifierConfig::default();
        c.set_enabled(RuleId::MrzOpticalEqualsDg1, false);
        c.set_severity(RuleId::PaDgHashes, Severity::Info);
        c.required_for_genuine.retain(|r| *r != RuleId::PaDgHashes);
        // Stricter or quieter elsewhere is no weakening.
        c.set_severity(RuleId::DocExpiringSoon, Severity::Error);
        c.set_enabled(RuleId::DocBlocked, false);
        assert_eq!(
            weakenings(&c),
            vec![
                Weakening::Severity(RuleId::PaDgHashes, Severity::Info),
                Weakening::NotRequired(RuleId::PaDgHashes),
                Weakening::Disabled(RuleId::MrzOpticalEqualsDg1),
            ]
        );
        assert_eq!(
            weakened_checks(&c),
            vec![RuleId::PaDgHashes, RuleId::MrzOpticalEqualsDg1]
        );
    }
}
