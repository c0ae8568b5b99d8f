//! What Active and Chip Authentication report (passed, failed, unsupported; the key and
//! whether passive authentication vouched for it) and the curve of a DG14/DG15 EC key.

use crate::crypto::curves::NamedCurve;
use crate::lds::EcParameters;

/// The outcome of an authentication protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AuthStatus {
    /// The chip proved it holds the private key.
    Passed,
    /// The chip did not prove it: the chip is not genuine (a clone) or misbehaved.
    Failed,
    /// The key or algorithm is one this library does not implement (never a pass).
    Unsupported,
}

/// The curve an EC key's parameters name: a named-curve OID, explicit parameters matched to
/// the curve they describe, or a BSI TR-03110-3 A.2.1.1 standardized parameter id.
pub fn ec_curve(params: &EcParameters) -> Option<NamedCurve> {
    match params {
        EcParameters::Named { oid } => NamedCurve::from_oid(oid),
        EcParameters::Explicit(c) => {
            NamedCurve::from_explicit(&c.prime, &c.a, &c.b, &c.generator, &c.order)
        }
        EcParameters::Standardized { id } => match id {
            8 => Some(NamedCurve::P192),
            9 => Some(NamedCurve::BrainpoolP192r1),
            10 => Some(NamedCurve::P224),
            11 => Some(NamedCurve::BrainpoolP224r1),
            12 => Some(NamedCurve::P256),
            13 => Some(NamedCurve::BrainpoolP256r1),
            14 => Some(NamedCurve::BrainpoolP320r1),
            15 => Some(NamedCurve::P384),
            16 => Some(NamedCurve::BrainpoolP384r1),
            17 => Some(NamedCurve::BrainpoolP512r1),
            18 => Some(NamedCurve::P521),
            _ => None,
        },
        EcParameters::Implicit => None,
    }
}

/// The note a result carries when passive authentication did not vouch for DG14/DG15.
pub const UNTRUSTED_KEY: &str =
    "the key's data group is not covered by a passed passive authentication: a pass proves nothing";
