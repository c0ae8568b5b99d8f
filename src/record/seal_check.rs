//! Checking a record against its seal: the seal parses, names the PDF's digest, is signed by
//! its certificate, that certificate is a trust anchor or issued by one and was valid at the
//! signing time, and the ESS signing-certificate-v2 attribute names it. Says what changed.

use super::RecordError;
use super::seal::ATTR_SIGNING_CERTIFICATE_V2;
use crate::crypto::hash::HashAlgorithm;
use crate::pki::Status;
use crate::pki::cert::Certificate;
use crate::pki::cms::{ATTR_SIGNING_TIME, ID_DATA, parse_content_info};
use crate::pki::signed::verify_signer;
use std::borrow::Cow;

/// What is wrong with a sealed record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SealProblem {
    /// The record's bytes are not the ones sealed: it was changed after sealing (or it is
    /// another record).
    #[error(
        "the record was changed after it was sealed: its {algorithm} is {actual}, the seal names {sealed}"
    )]
    RecordChanged {
        /// The digest algorithm.
        algorithm: String,
        /// The digest the seal holds (hex).
        sealed: String,
        /// The record's digest now (hex).
        actual: String,
    },
    /// The signature does not verify: the seal's signed attributes or signature were altered,
    /// or a different key signed.
    #[error("the seal's signature is invalid: {0}")]
    SignatureInvalid(String),
    /// The seal's signer is not a trust anchor and not issued by one.
    #[error("the seal's signer is not trusted: {0}")]
    SignerNotTrusted(String),
    /// The signer's certificate was not valid at the signing time.
    #[error("the seal's certificate was not valid at the signing time {0}")]
    CertificateNotValid(String),
    /// The ESS signing-certificate-v2 attribute is missing or names another certificate.
    #[error("signing-certificate-v2: {0}")]
    SigningCertificate(String),
    /// A required part is missing or malformed (content type, signing time, certificate).
    #[error("{0}")]
    Malformed(String),
    /// An algorithm this library does not verify.
    #[error("not supported: {0}")]
    Unsupported(String),
}

/// The outcome of [`check_seal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealCheck {
    /// The signer certificate's subject, when found.
    pub signer: Option<String>,
    /// The signing time, `YYYY-MM-DDTHH:MM:SSZ`, when present.
    pub signing_time: Option<String>,
    /// The signature algorithm.
    pub algorithm: Option<String>,
    /// Everything wrong; empty when the seal is valid.
    pub problems: Vec<SealProblem>,
}

impl SealCheck {
    /// Whether the record is exactly the one sealed, by a trusted signer.
    pub fn valid(&self) -> bool {
        self.problems.is_empty()
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The certHash of the first ESSCertIDv2 and its hash algorithm (RFC 5035 §5.4).
fn ess_cert_hash(value: &crate::tlv::Tlv<'_>) -> Option<(HashAlgorithm, Vec<u8>)> {
    let certs = value.children().next()?.ok()?;
    let first = certs.children().next()?.ok()?;
    let mut fields = first.children();
    let mut field = fields.next()?.ok()?;
    let mut hash = HashAlgorithm::Sha256;
    if field.tag == 0x30 {
        let oid = field.children().next()?.ok()?;
        hash = HashAlgorithm::from_oid(&crate::lds::der::oid_to_string(oid.value, "ESS").ok()?)?;
        field = fields.next()?.ok()?;
    }
    (field.tag == 0x04).then(|| (hash, field.value.to_vec()))
}

fn trusted(signer: &Certificate, trust: &[Certificate]) -> bool {
    trust.iter().any(|anchor| {
        anchor.der == signer.der || signer.verify_signed_by(&anchor.public_key).is_ok()
    })
}

/// Checks `pdf` against its detached seal `p7s` (DER) with `trust` as the trust anchors (the
/// office's seal certificate or the CA that issued it). An unreadable seal is an error; a
/// readable one gives a [`SealCheck`] that lists every problem found.
pub fn check_seal(pdf: &[u8], p7s: &[u8], trust: &[Certificate]) -> Result<SealCheck, RecordError> {
    let mut sd = parse_content_info(p7s).map_err(|e| RecordError::Seal(e.to_string()))?;
    if sd.content.is_some() {
        return Err(RecordError::Seal(
            "the seal carries its content; a record seal is detached".into(),
        ));
    }
    sd.content = Some(Cow::Borrowed(pdf));
    let outcome = verify_signer(&sd, &[], &[ID_DATA]);
    let mut problems = Vec::new();
    let mut algorithm = None;
    for check in &outcome.checks {
        let ev = |k: &str| check.evidence.get(k).cloned().unwrap_or_default();
        if check.id == "cms.signature" {
            algorithm = check.evidence.get("signatureAlgorithm").cloned();
        }
        match (check.id.as_str(), check.status) {
            (_, Status::Passed) => {}
            (_, Status::Unsupported) => {
                problems.push(SealProblem::Unsupported(check.message.clone()))
            }
            ("cms.message_digest", _) if check.evidence.contains_key("actual") => {
                problems.push(SealProblem::RecordChanged {
                    algorithm: ev("digestAlgorithm"),
                    sealed: ev("expected").to_ascii_lowercase(),
                    actual: ev("actual").to_ascii_lowercase(),
                });
            }
            ("cms.signature", Status::Failed) => {
                problems.push(SealProblem::SignatureInvalid(check.message.clone()))
            }
            (id, _) => problems.push(SealProblem::Malformed(format!("{id}: {}", check.message))),
        }
    }
    let si = sd.signer_infos.first();
    let signing_time = si
        .and_then(|si| si.attribute(ATTR_SIGNING_TIME))
        .and_then(Result::ok)
        .and_then(|t| crate::pki::der_time(&t));
    if signing_time.is_none() {
        problems.push(SealProblem::Malformed(
            "signing-time attribute missing or malformed".into(),
        ));
    }
    if let Some(signer) = &outcome.signer {
        if !trusted(signer, trust) {
            problems.push(SealProblem::SignerNotTrusted(format!(
                "{} (serial {}) is neither a given trust anchor nor issued by one",
                signer.subject.display(),
                signer.serial_hex()
            )));
        }
        if let Some(t) = signing_time.filter(|t| !signer.valid_at(*t)) {
            problems.push(SealProblem::CertificateNotValid(
                crate::pki::check::format_time(t),
            ));
        }
        match si
            .and_then(|si| si.attribute(ATTR_SIGNING_CERTIFICATE_V2))
            .and_then(Result::ok)
            .as_ref()
            .and_then(ess_cert_hash)
        {
            None => problems.push(SealProblem::SigningCertificate(
                "attribute missing or malformed".into(),
            )),
            Some((hash, named)) if hash.digest(&signer.der) != named => {
                problems.push(SealProblem::SigningCertificate(format!(
                    "names certificate {} ({}), not the signer's",
                    hex(&named),
                    hash.name()
                )))
            }
            Some(_) => {}
        }
    }
    Ok(SealCheck {
        signer: outcome
            .signer
            .as_ref()
            .map(|c| c.subject.display().to_string()),
        signing_time: signing_time.map(crate::pki::check::format_time),
        algorithm,
        problems,
    })
}
