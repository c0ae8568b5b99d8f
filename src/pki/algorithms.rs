//! Signature AlgorithmIdentifiers of CMS and X.509 (RFC 3279, RFC 4055, RFC 5758, BSI
//! TR-03111 §5.2.1 plain ECDSA) mapped to the crypto module's algorithm type.

use super::asn1::{self, AlgorithmId};
use super::error::PkiError;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::signature::SignatureAlgorithm;

/// The result of reading a signature AlgorithmIdentifier: the algorithm, or the reason it is
/// not supported (an unknown OID, odd PSS parameters).
pub type AlgorithmResult = Result<SignatureAlgorithm, String>;

/// Maps a signature AlgorithmIdentifier. `digest` is the hash to assume where the OID names
/// none (`rsaEncryption` or `id-ecPublicKey` given as a signature algorithm in a SignerInfo).
pub(crate) fn signature_algorithm(
    alg: &AlgorithmId<'_>,
    digest: Option<HashAlgorithm>,
) -> Result<AlgorithmResult, PkiError> {
    use HashAlgorithm::*;
    let rsa = |hash| Ok(Ok(SignatureAlgorithm::RsaPkcs1 { hash }));
    let ec = |hash| Ok(Ok(SignatureAlgorithm::Ecdsa { hash }));
    let implied = |what: &str| match digest {
        Some(hash) => Ok(hash),
        None => Err(format!("{what} without a digest algorithm")),
    };
    match alg.oid.as_str() {
        "1.2.840.113549.1.1.1" => {
            Ok(implied("rsaEncryption").map(|hash| SignatureAlgorithm::RsaPkcs1 { hash }))
        }
        "1.2.840.113549.1.1.5" | "1.3.14.3.2.29" => rsa(Sha1),
        "1.2.840.113549.1.1.14" => rsa(Sha224),
        "1.2.840.113549.1.1.11" => rsa(Sha256),
        "1.2.840.113549.1.1.12" => rsa(Sha384),
        "1.2.840.113549.1.1.13" => rsa(Sha512),
        "1.2.840.113549.1.1.10" => pss(alg),
        "1.2.840.10045.2.1" => {
            Ok(implied("id-ecPublicKey").map(|hash| SignatureAlgorithm::Ecdsa { hash }))
        }
        "1.2.840.10045.4.1" | "0.4.0.127.0.7.1.1.4.1.1" => ec(Sha1),
        "1.2.840.10045.4.3.1" | "0.4.0.127.0.7.1.1.4.1.2" => ec(Sha224),
        "1.2.840.10045.4.3.2" | "0.4.0.127.0.7.1.1.4.1.3" => ec(Sha256),
        "1.2.840.10045.4.3.3" | "0.4.0.127.0.7.1.1.4.1.4" => ec(Sha384),
        "1.2.840.10045.4.3.4" | "0.4.0.127.0.7.1.1.4.1.5" => ec(Sha512),
        other => Ok(Err(format!("signature algorithm {other}"))),
    }
}

/// RSASSA-PSS-params (RFC 4055 §3.1): hash [0] (default SHA-1), mask generation [1] (default
/// MGF1 with SHA-1), salt length [2] (default 20), trailer field [3] (must be 1).
fn pss(alg: &AlgorithmId<'_>) -> Result<AlgorithmResult, PkiError> {
    let mut hash = HashAlgorithm::Sha1;
    let mut mgf_hash = HashAlgorithm::Sha1;
    let mut salt_len = 20u64;
    if let Some(params) = &alg.params {
        if params.tag != asn1::SEQUENCE {
            return Err(super::error::malformed(
                "RSASSA-PSS-params",
                "not a SEQUENCE",
            ));
        }
        for field in asn1::children(params)? {
            let inner = field.children().next().transpose()?;
            match field.tag {
                0xA0 => {
                    let h = asn1::algorithm_id(inner, "PSS hash")?;
                    match HashAlgorithm::from_oid(&h.oid) {
                        Some(x) => hash = x,
                        None => return Ok(Err(format!("PSS hash {}", h.oid))),
                    }
                }
                0xA1 => {
                    let mgf = asn1::algorithm_id(inner, "PSS mask generation")?;
                    if mgf.oid != "1.2.840.113549.1.1.8" {
                        return Ok(Err(format!("PSS mask generation {}", mgf.oid)));
                    }
                    let h = asn1::algorithm_id(mgf.params, "MGF1 hash")?;
                    match HashAlgorithm::from_oid(&h.oid) {
                        Some(x) => mgf_hash = x,
                        None => return Ok(Err(format!("MGF1 hash {}", h.oid))),
                    }
                }
                0xA2 => {
                    let t = inner.ok_or_else(|| super::error::malformed("PSS salt", "missing"))?;
                    salt_len = asn1::small_uint(&t, "PSS salt length")?;
                }
                0xA3 => {
                    let t =
                        inner.ok_or_else(|| super::error::malformed("PSS trailer", "missing"))?;
                    if asn1::small_uint(&t, "PSS trailer")? != 1 {
                        return Ok(Err("PSS trailer field other than 1".into()));
                    }
                }
                _ => {
                    return Err(super::error::malformed(
                        "RSASSA-PSS-params",
                        "unknown field",
                    ));
                }
            }
        }
    }
    let salt_len =
        usize::try_from(salt_len).map_err(|_| super::error::malformed("PSS salt", "too large"))?;
    Ok(Ok(SignatureAlgorithm::RsaPss {
        hash,
        mgf_hash,
        salt_len,
    }))
}
