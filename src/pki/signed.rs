//! Verifying a CMS SignerInfo (RFC 5652 §5.4, §5.6): the signer certificate found by its
//! identifier, the content-type and message-digest attributes, and the signature made with
//! the SignerInfo's own algorithms. Shared by EF.SOD, EF.CardSecurity and master lists.

use super::cert::Certificate;
use super::check::{Check, Status};
use super::cms::{ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST, SignedData, SignerId, SignerInfo};
use super::{asn1, cms};
use crate::crypto::signature::{self, SignatureError};
use subtle::ConstantTimeEq;

/// The signer certificate (if found) and the checks of one SignerInfo.
#[derive(Debug, Clone)]
pub struct SignerOutcome {
    /// The certificate that matches the signer identifier.
    pub signer: Option<Certificate>,
    /// `cms.content_type`, `cms.message_digest`, `cms.signer_certificate`, `cms.signature`.
    pub checks: Vec<Check>,
}

/// Whether `cert` is the one `sid` names (issuer compared as a set of attributes).
pub fn matches_sid(cert: &Certificate, sid: &SignerId<'_>) -> bool {
    match sid {
        SignerId::IssuerSerial { issuer, serial } => {
            cert.issuer.same_as(issuer) && cert.serial_eq(serial)
        }
        SignerId::SubjectKeyId(ski) => cert.subject_key_id.as_deref() == Some(*ski),
    }
}

/// Verifies the first SignerInfo of `sd`. The signer certificate is looked up among the
/// embedded certificates, then among `extra` (e.g. DSCs given separately).
pub fn verify_signer(
    sd: &SignedData<'_>,
    extra: &[Certificate],
    expected_types: &[&str],
) -> SignerOutcome {
    let mut checks = Vec::new();
    let Some(si) = sd.signer_infos.first() else {
        checks.push(Check::new("cms.signature", Status::Failed, "no SignerInfo"));
        return SignerOutcome {
            signer: None,
            checks,
        };
    };
    let content = sd.content.as_deref().unwrap_or_default();

    checks.push(content_type_check(sd, si, expected_types));
    checks.push(digest_check(si, content));

    let mut embedded = sd
        .certificates
        .iter()
        .filter_map(|der| Certificate::from_der(der).ok());
    // The cache may hold every DSC of the PKD: only the match is cloned.
    let signer = embedded
        .find(|c| matches_sid(c, &si.sid))
        .or_else(|| extra.iter().find(|c| matches_sid(c, &si.sid)).cloned());
    let Some(signer) = signer else {
        checks.push(Check::new(
            "cms.signer_certificate",
            Status::Failed,
            "no certificate matches the signer identifier",
        ));
        checks.push(Check::new(
            "cms.signature",
            Status::NotChecked,
            "signer certificate missing",
        ));
        return SignerOutcome {
            signer: None,
            checks,
        };
    };
    checks.push(
        Check::new(
            "cms.signer_certificate",
            Status::Passed,
            "signer certificate found",
        )
        .with("subject", signer.subject.display())
        .with("serial", signer.serial_hex()),
    );
    checks.push(signature_check(si, &signer, content));
    SignerOutcome {
        signer: Some(signer),
        checks,
    }
}

fn content_type_check(sd: &SignedData<'_>, si: &SignerInfo<'_>, expected: &[&str]) -> Check {
    let id = "cms.content_type";
    if !expected.contains(&sd.content_type.as_str()) {
        return Check::new(id, Status::Failed, "unexpected eContentType")
            .with("eContentType", &sd.content_type);
    }
    if si.signed_attrs_raw.is_none() {
        // Without signed attributes the signature covers the content itself (RFC 5652 §5.4).
        return Check::new(
            id,
            Status::Passed,
            "no signed attributes; content signed directly",
        )
        .with("eContentType", &sd.content_type);
    }
    let attr = match si.attribute(ATTR_CONTENT_TYPE) {
        Some(Ok(t)) if t.tag == asn1::OID => asn1::oid_string(t.value).ok(),
        _ => None,
    };
    match attr {
        Some(a) if a == sd.content_type => {
            Check::new(id, Status::Passed, "content-type attribute matches")
                .with("eContentType", &sd.content_type)
        }
        Some(a) => Check::new(
            id,
            Status::Failed,
            "content-type attribute differs from eContentType",
        )
        .with("eContentType", &sd.content_type)
        .with("attribute", a),
        None => Check::new(
            id,
            Status::Failed,
            "content-type attribute missing or malformed",
        ),
    }
}

fn digest_check(si: &SignerInfo<'_>, content: &[u8]) -> Check {
    let id = "cms.message_digest";
    let Some(hash) = si.digest_algorithm else {
        return Check::new(id, Status::Unsupported, "digest algorithm not supported")
            .with("digestAlgorithm", &si.digest_algorithm_oid);
    };
    if si.signed_attrs_raw.is_none() {
        return Check::new(
            id,
            Status::Passed,
            "no signed attributes; covered by the signature",
        )
        .with("digestAlgorithm", hash.name());
    }
    let attr = match si.attribute(ATTR_MESSAGE_DIGEST) {
        Some(Ok(t)) if t.tag == asn1::OCTET_STRING => t.value,
        _ => {
            return Check::new(
                id,
                Status::Failed,
                "message-digest attribute missing or malformed",
            );
        }
    };
    let actual = hash.digest(content);
    if bool::from(actual.as_slice().ct_eq(attr)) {
        Check::new(id, Status::Passed, "message digest matches the content")
            .with("digestAlgorithm", hash.name())
    } else {
        Check::new(
            id,
            Status::Failed,
            "message digest does not match the content",
        )
        .with("digestAlgorithm", hash.name())
        .with("expected", hex(attr))
        .with("actual", hex(&actual))
    }
}

fn signature_check(si: &SignerInfo<'_>, signer: &Certificate, content: &[u8]) -> Check {
    let id = "cms.signature";
    let alg = match &si.signature_algorithm {
        Ok(alg) => alg,
        Err(why) => {
            return Check::new(id, Status::Unsupported, format!("not supported: {why}"))
                .with("signatureAlgorithm", &si.signature_algorithm_oid);
        }
    };
    let signed = si.signed_bytes(content);
    let result = signature::verify(&signer.public_key, alg, &signed, &si.signature);
    let check = match result {
        Ok(()) => Check::new(id, Status::Passed, "signature valid"),
        Err(SignatureError::Unsupported(why)) => {
            Check::new(id, Status::Unsupported, format!("not supported: {why}"))
        }
        Err(e) => Check::new(id, Status::Failed, e.to_string()),
    };
    check
        .with("signatureAlgorithm", alg.describe())
        .with("signatureAlgorithmOid", &si.signature_algorithm_oid)
        .with("key", signer.public_key.describe())
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// Content types accepted for EF.SOD (ICAO 9303-10 §4.6.2: id-icao-ldsSecurityObject; some
/// issuers use id-data).
pub const SOD_CONTENT_TYPES: &[&str] = &[cms::ID_LDS_SECURITY_OBJECT, cms::ID_DATA];
