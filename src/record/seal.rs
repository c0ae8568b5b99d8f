//! The record's seal: a detached CMS SignedData (RFC 5652 §5) over the PDF's bytes, signed
//! with the office's key (a PKCS#8 file or a PKCS#11 token, through `chip`'s signer trait),
//! carrying the CAdES baseline's signed attributes (ETSI EN 319 122-1 §5.2, B-B level):
//! content-type, message-digest, signing-time (RFC 5652 §11) and ESS signing-certificate-v2
//! (RFC 5035 §5.4), and the signer's certificate.

use super::RecordError;
use super::der;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::signature::{self, PublicKey, SignatureAlgorithm};
use crate::pki::cert::Certificate;
use crate::pki::cms::{ATTR_CONTENT_TYPE, ATTR_MESSAGE_DIGEST, ATTR_SIGNING_TIME, ID_DATA};
use crate::terminal::TerminalSigner;

/// id-signedData (RFC 5652 §5.1).
const ID_SIGNED_DATA: &str = crate::pki::cms::ID_SIGNED_DATA;
/// id-aa-signingCertificateV2 (RFC 5035 §3).
pub const ATTR_SIGNING_CERTIFICATE_V2: &str = "1.2.840.113549.1.9.16.2.47";
/// id-RSASSA-PSS (RFC 4055 §3.1).
const ID_RSASSA_PSS: &str = "1.2.840.113549.1.1.10";
/// id-mgf1 (RFC 4055 §2.2).
const ID_MGF1: &str = "1.2.840.113549.1.1.8";

/// The signature schemes a seal is made with: RSASSA-PSS (SHA-256, MGF1-SHA-256, salt 32)
/// for an RSA key; ECDSA with the hash of the curve's size for an EC key.
pub const SEAL_SIGNATURE_ALGORITHMS: &str =
    "RSASSA-PSS SHA-256 (RSA keys), ECDSA SHA-256/384/512 by curve size (EC keys)";

/// The algorithm a seal with the key of `certificate` uses (see
/// [`SEAL_SIGNATURE_ALGORITHMS`]).
pub fn seal_algorithm(certificate: &Certificate) -> Result<SignatureAlgorithm, RecordError> {
    match &certificate.public_key {
        PublicKey::Rsa { .. } => Ok(SignatureAlgorithm::RsaPss {
            hash: HashAlgorithm::Sha256,
            mgf_hash: HashAlgorithm::Sha256,
            salt_len: 32,
        }),
        PublicKey::Ec { curve, .. } => Ok(SignatureAlgorithm::Ecdsa {
            hash: match curve.field_len() {
                0..=32 => HashAlgorithm::Sha256,
                33..=48 => HashAlgorithm::Sha384,
                _ => HashAlgorithm::Sha512,
            },
        }),
        PublicKey::Unsupported(what) => Err(RecordError::Certificate(format!(
            "key not supported for a seal: {what}"
        ))),
    }
}

fn hash_algorithm_id(hash: HashAlgorithm, with_null: bool) -> Vec<u8> {
    if with_null {
        der::seq(&[&der::oid(hash.oid()), &der::null()])
    } else {
        // RFC 5754 §2: SHA-2 AlgorithmIdentifiers without parameters.
        der::seq(&[&der::oid(hash.oid())])
    }
}

/// The signatureAlgorithm of the SignerInfo (RFC 5754 §3.3 for ECDSA, RFC 4055 §3.1 for PSS,
/// RFC 8017 App. C for PKCS#1 v1.5).
fn signature_algorithm_id(algorithm: SignatureAlgorithm) -> Vec<u8> {
    match algorithm {
        SignatureAlgorithm::Ecdsa { hash } => {
            let oid = match hash {
                HashAlgorithm::Sha1 => "1.2.840.10045.4.1",
                HashAlgorithm::Sha224 => "1.2.840.10045.4.3.1",
                HashAlgorithm::Sha256 => "1.2.840.10045.4.3.2",
                HashAlgorithm::Sha384 => "1.2.840.10045.4.3.3",
                HashAlgorithm::Sha512 => "1.2.840.10045.4.3.4",
            };
            der::seq(&[&der::oid(oid)])
        }
        SignatureAlgorithm::RsaPss {
            hash,
            mgf_hash,
            salt_len,
        } => {
            let mgf = der::seq(&[&der::oid(ID_MGF1), &hash_algorithm_id(mgf_hash, true)]);
            let salt = der::unsigned(&(salt_len as u64).to_be_bytes());
            let params = der::seq(&[
                &der::tagged(0, &hash_algorithm_id(hash, true)),
                &der::tagged(1, &mgf),
                &der::tagged(2, &salt),
            ]);
            der::seq(&[&der::oid(ID_RSASSA_PSS), &params])
        }
        SignatureAlgorithm::RsaPkcs1 { hash } => {
            let oid = match hash {
                HashAlgorithm::Sha1 => "1.2.840.113549.1.1.5",
                HashAlgorithm::Sha224 => "1.2.840.113549.1.1.14",
                HashAlgorithm::Sha256 => "1.2.840.113549.1.1.11",
                HashAlgorithm::Sha384 => "1.2.840.113549.1.1.12",
                HashAlgorithm::Sha512 => "1.2.840.113549.1.1.13",
            };
            der::seq(&[&der::oid(oid), &der::null()])
        }
    }
}

fn attribute(oid: &str, value: &[u8]) -> Vec<u8> {
    der::seq(&[&der::oid(oid), &der::set_of(&[value])])
}

/// The raw DER of the issuer Name inside `certificate`'s TBSCertificate.
fn issuer_der(certificate: &Certificate) -> Result<Vec<u8>, RecordError> {
    // TBSCertificate: [0] version, serialNumber, signature, issuer, … (RFC 5280 §4.1).
    let bad = |what: &str| RecordError::Certificate(format!("TBSCertificate: {what}"));
    let (tbs, _) = crate::tlv::parse_one(&certificate.tbs).map_err(|_| bad("not DER"))?;
    let mut fields = tbs.children();
    let mut next = || -> Result<crate::tlv::Tlv<'_>, RecordError> {
        fields
            .next()
            .transpose()
            .map_err(|_| bad("not DER"))?
            .ok_or_else(|| bad("too short"))
    };
    let mut field = next()?;
    if field.tag == 0xA0 {
        field = next()?;
    }
    let _signature = next()?;
    let issuer = next()?;
    let _ = field;
    Ok(issuer.raw.to_vec())
}

/// The ESS signing-certificate-v2 value (RFC 5035 §5.4): SHA-256 of the certificate (the
/// default hashAlgorithm, left out) and its issuer and serial number.
fn signing_certificate_v2(certificate: &Certificate, issuer: &[u8]) -> Vec<u8> {
    let hash = HashAlgorithm::Sha256.digest(&certificate.der);
    let general_names = der::seq(&[&der::tagged(4, issuer)]);
    let issuer_serial = der::seq(&[&general_names, &crate::tlv::tlv(0x02, &certificate.serial)]);
    let cert_id = der::seq(&[&der::octets(&hash), &issuer_serial]);
    der::seq(&[&der::seq(&[&cert_id])])
}

/// Seals `pdf`: a DER ContentInfo holding a detached SignedData signed by `signer`, whose
/// certificate (DER) is `certificate_der`, at `signing_time` (Unix seconds). The signature
/// is checked against the certificate's key before the seal is returned, so a key that does
/// not belong to the certificate is an error here, not a seal that never verifies.
pub fn seal(
    pdf: &[u8],
    certificate_der: &[u8],
    signer: &dyn TerminalSigner,
    signing_time: i64,
) -> Result<Vec<u8>, RecordError> {
    super::check_time("signing time", signing_time)?;
    let certificate = Certificate::from_der(certificate_der)
        .map_err(|e| RecordError::Certificate(e.to_string()))?;
    let algorithm = signer.algorithm();
    let hash = algorithm.hash();
    let issuer = issuer_der(&certificate)?;

    let signed_attrs = [
        attribute(ATTR_CONTENT_TYPE, &der::oid(ID_DATA)),
        attribute(ATTR_SIGNING_TIME, &der::time(signing_time)),
        attribute(ATTR_MESSAGE_DIGEST, &der::octets(&hash.digest(pdf))),
        attribute(
            ATTR_SIGNING_CERTIFICATE_V2,
            &signing_certificate_v2(&certificate, &issuer),
        ),
    ];
    let refs: Vec<&[u8]> = signed_attrs.iter().map(Vec::as_slice).collect();
    // The signature covers the attributes as a DER SET OF (RFC 5652 §5.4) …
    let signed_set = der::set_of(&refs);
    let raw = signer.sign(&signed_set)?;
    let signature_value = match algorithm {
        SignatureAlgorithm::Ecdsa { .. } => der::ecdsa_sig_value(&raw).ok_or_else(|| {
            RecordError::Seal("the key gave an ECDSA signature of odd length".into())
        })?,
        _ => raw,
    };
    signature::verify(
        &certificate.public_key,
        &algorithm,
        &signed_set,
        &signature_value,
    )
    .map_err(|e| {
        RecordError::Certificate(format!("the seal key does not match the certificate ({e})"))
    })?;
    // … and are carried with the [0] IMPLICIT tag in the SignerInfo.
    let mut signed_attrs_field = signed_set;
    if let Some(tag) = signed_attrs_field.first_mut() {
        *tag = 0xA0;
    }

    let sid = der::seq(&[&issuer, &crate::tlv::tlv(0x02, &certificate.serial)]);
    let signer_info = der::seq(&[
        &der::small(1),
        &sid,
        &hash_algorithm_id(hash, false),
        &signed_attrs_field,
        &signature_algorithm_id(algorithm),
        &der::octets(&signature_value),
    ]);
    let signed_data = der::seq(&[
        &der::small(1),
        &der::set_of(&[&hash_algorithm_id(hash, false)]),
        // Detached: encapContentInfo without eContent (RFC 5652 §5.2).
        &der::seq(&[&der::oid(ID_DATA)]),
        &der::tagged(0, certificate_der),
        &der::set_of(&[&signer_info]),
    ]);
    Ok(der::seq(&[
        &der::oid(ID_SIGNED_DATA),
        &der::tagged(0, &signed_data),
    ]))
}
