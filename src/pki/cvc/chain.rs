//! Checking a chain of card-verifiable certificates from a trusted CVCA (BSI TR-03110-3 §2.3
//! and §2.5): each signature with the issuer's key (EC domain parameters inherited from the
//! CVCA), the roles in order, validity by the terminal's date or the chip's current date, and
//! the effective authorization (the intersection of every CHAT along the chain).

use super::{Chat, CvCertificate, CvcDate, Role};
use crate::crypto::curves::NamedCurve;
use crate::crypto::signature;

/// How dates are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validity {
    /// The terminal's (or desk's) view: every certificate valid on this day (effective date
    /// not after it, expiration date not before it).
    At(CvcDate),
    /// The chip's view (BSI TR-03110-3 §2.5.2): no certificate expired before the chip's
    /// current date, which advances with the effective date of each CVCA, domestic DV and
    /// domestic terminal certificate accepted.
    ChipDate(CvcDate),
}

/// Why a chain does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainError {
    /// No certificates to check.
    #[error("the chain is empty")]
    Empty,
    /// No trusted CVCA has the first certificate's CAR as its CHR.
    #[error("no trusted CVCA {car}")]
    UnknownCvca {
        /// The CAR asked for.
        car: String,
    },
    /// A certificate's CAR is not the previous certificate's CHR.
    #[error("{chr} is issued by {car}, not by {expected}")]
    Broken {
        /// The certificate.
        chr: String,
        /// Its CAR.
        car: String,
        /// The CHR of the certificate before it.
        expected: String,
    },
    /// A certificate's signature does not verify.
    #[error("signature of {chr} does not verify: {why}")]
    Signature {
        /// The certificate.
        chr: String,
        /// Why.
        why: String,
    },
    /// A certificate has expired.
    #[error("{chr} expired on {expiration} (checked at {date})")]
    Expired {
        /// The certificate.
        chr: String,
        /// Its expiration date.
        expiration: CvcDate,
        /// The date checked at.
        date: CvcDate,
    },
    /// A certificate is not yet valid.
    #[error("{chr} is valid only from {effective} (checked at {date})")]
    NotYetValid {
        /// The certificate.
        chr: String,
        /// Its effective date.
        effective: CvcDate,
        /// The date checked at.
        date: CvcDate,
    },
    /// Roles out of order (CVCA links, then one DV, then the terminal) or of another
    /// terminal type than the CVCA.
    #[error("{chr}: {why}")]
    Role {
        /// The certificate.
        chr: String,
        /// What is wrong.
        why: String,
    },
}

/// What a chain that holds establishes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainCheck {
    /// The trusted CVCA the chain starts from.
    pub cvca: String,
    /// The last certificate's holder reference (the terminal's CHR in a full chain).
    pub holder: String,
    /// The last certificate's role.
    pub holder_role: Role,
    /// The effective authorization: role of the holder, rights granted by every CHAT.
    pub effective: Chat,
    /// The curve of the chain's EC keys (from the newest CVCA's domain parameters).
    pub curve: Option<NamedCurve>,
    /// The chip's current date after the chain (for [`Validity::ChipDate`]).
    pub chip_date: Option<CvcDate>,
}

/// Checks `chain` (ordered from the certificate the CVCA signed to the terminal's; link CVCA
/// certificates first) against the trusted CVCA certificates `anchors`.
pub fn verify_chain(
    anchors: &[CvCertificate],
    chain: &[CvCertificate],
    validity: Validity,
) -> Result<ChainCheck, ChainError> {
    let first = chain.first().ok_or(ChainError::Empty)?;
    let anchor = anchors
        .iter()
        .find(|a| a.body.chr == first.body.car && a.is_cvca())
        .ok_or_else(|| ChainError::UnknownCvca {
            car: first.body.car.clone(),
        })?;
    let mut curve = anchor.body.public_key.own_curve();
    let mut issuer = anchor;
    let mut effective = anchor.body.chat;
    let mut chip_date = match validity {
        Validity::ChipDate(d) => Some(d),
        Validity::At(_) => None,
    };
    let mut issuer_domestic = true;
    for cert in chain {
        let chr = || cert.body.chr.clone();
        if cert.body.car != issuer.body.chr {
            return Err(ChainError::Broken {
                chr: chr(),
                car: cert.body.car.clone(),
                expected: issuer.body.chr.clone(),
            });
        }
        check_role(issuer, cert)?;
        check_signature(issuer, cert, curve)?;
        match (validity, chip_date) {
            (Validity::At(date), _) => {
                if cert.body.effective > date {
                    return Err(ChainError::NotYetValid {
                        chr: chr(),
                        effective: cert.body.effective,
                        date,
                    });
                }
                if cert.body.expiration < date {
                    return Err(ChainError::Expired {
                        chr: chr(),
                        expiration: cert.body.expiration,
                        date,
                    });
                }
            }
            (Validity::ChipDate(_), Some(date)) => {
                if cert.body.expiration < date {
                    return Err(ChainError::Expired {
                        chr: chr(),
                        expiration: cert.body.expiration,
                        date,
                    });
                }
                let role = cert.body.chat.role;
                let domestic = match role {
                    Role::Cvca | Role::DvDomestic => true,
                    Role::DvForeign => false,
                    Role::Terminal => issuer_domestic,
                };
                issuer_domestic = domestic;
                if domestic && cert.body.effective > date {
                    chip_date = Some(cert.body.effective);
                }
            }
            (Validity::ChipDate(_), None) => {}
        }
        if cert.is_cvca() {
            if let Some(c) = cert.body.public_key.own_curve() {
                curve = Some(c);
            }
            effective = cert.body.chat;
        } else {
            effective = Chat {
                role: cert.body.chat.role,
                ..effective.intersect(&cert.body.chat)
            };
        }
        issuer = cert;
    }
    Ok(ChainCheck {
        cvca: anchor.body.chr.clone(),
        holder: issuer.body.chr.clone(),
        holder_role: issuer.body.chat.role,
        effective,
        curve,
        chip_date,
    })
}

fn check_role(issuer: &CvCertificate, cert: &CvCertificate) -> Result<(), ChainError> {
    let err = |why: &str| ChainError::Role {
        chr: cert.body.chr.clone(),
        why: why.into(),
    };
    if cert.body.chat.terminal_type != issuer.body.chat.terminal_type {
        return Err(err("terminal type differs from its issuer's"));
    }
    let ok = matches!(
        (issuer.body.chat.role, cert.body.chat.role),
        (Role::Cvca, Role::Cvca | Role::DvDomestic | Role::DvForeign)
            | (Role::DvDomestic | Role::DvForeign, Role::Terminal)
    );
    if ok {
        Ok(())
    } else {
        Err(err(&format!(
            "a {} cannot issue a {} certificate",
            issuer.body.chat.role.name(),
            cert.body.chat.role.name()
        )))
    }
}

/// Checks only `cert`'s signature with `issuer`'s key (an EC key without domain parameters
/// on `curve`, the CVCA's): no references, roles or dates. For inspecting one link of a chain
/// that [`verify_chain`] refuses as a whole.
pub fn verify_issued_by(
    issuer: &CvCertificate,
    cert: &CvCertificate,
    curve: Option<NamedCurve>,
) -> Result<(), ChainError> {
    check_signature(issuer, cert, curve)
}

fn check_signature(
    issuer: &CvCertificate,
    cert: &CvCertificate,
    curve: Option<NamedCurve>,
) -> Result<(), ChainError> {
    let err = |why: String| ChainError::Signature {
        chr: cert.body.chr.clone(),
        why,
    };
    let algorithm = issuer
        .body
        .public_key
        .algorithm
        .ok_or_else(|| err(format!("unknown algorithm {}", issuer.body.public_key.oid)))?;
    let key = issuer.body.public_key.to_public_key(curve);
    signature::verify(
        &key,
        &algorithm.signature_algorithm(),
        &cert.body_raw,
        &cert.signature,
    )
    .map_err(|e| err(e.to_string()))
}

/// Checks a self-signed CVCA certificate's own signature (for a trust anchor loaded from a
/// file).
pub fn verify_self_signed(cvca: &CvCertificate) -> Result<(), ChainError> {
    check_signature(cvca, cvca, cvca.body.public_key.own_curve())
}
