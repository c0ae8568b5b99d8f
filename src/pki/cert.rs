//! X.509 certificates of the eMRTD PKI (ICAO 9303-12 §7): CSCA, link and document-signer
//! certificates, parsed once with x509-parser into an owned summary used for chaining.

use super::algorithms::{AlgorithmResult, signature_algorithm};
use super::asn1::{self, AlgorithmId};
use super::error::{PkiError, malformed};
use super::name::Name;
use crate::crypto::curves::NamedCurve;
use crate::crypto::signature::{self, PublicKey, SignatureError};
use x509_parser::prelude::*;

/// Extensions a CSCA or DSC may mark critical that this library understands (ICAO 9303-12
/// §7.1.1, RFC 5280 §4.2).
pub(super) const KNOWN_EXTENSIONS: &[&str] = &[
    "2.5.29.14",        // subjectKeyIdentifier
    "2.5.29.35",        // authorityKeyIdentifier
    "2.5.29.15",        // keyUsage
    "2.5.29.16",        // privateKeyUsagePeriod
    "2.5.29.17",        // subjectAltName
    "2.5.29.18",        // issuerAltName
    "2.5.29.19",        // basicConstraints
    "2.5.29.31",        // cRLDistributionPoints
    "2.5.29.32",        // certificatePolicies
    "2.5.29.37",        // extKeyUsage
    "2.23.136.1.1.6.2", // ICAO documentTypeList
    "2.23.136.1.1.6.1", // ICAO name change
];

/// Key usage bits (RFC 5280 §4.2.1.3) that matter here.
pub const KEY_USAGE_DIGITAL_SIGNATURE: u16 = 1;
/// keyCertSign.
pub const KEY_USAGE_KEY_CERT_SIGN: u16 = 1 << 5;
/// cRLSign.
pub const KEY_USAGE_CRL_SIGN: u16 = 1 << 6;

/// id-icao-cscaMasterListSigningKey: the extended key usage a CSCA master-list signer
/// certificate must carry (ICAO 9303-12 §7.1.1, certificate profile: ExtKeyUsage of the Master
/// List Signer).
pub const EKU_MASTER_LIST_SIGNER: &str = "2.23.136.1.1.3";

/// An owned summary of one certificate, with its DER bytes.
#[derive(Debug, Clone)]
pub struct Certificate {
    /// The whole certificate, DER.
    pub der: Vec<u8>,
    /// The signed part (TBSCertificate), DER.
    pub tbs: Vec<u8>,
    /// The algorithm of the issuer's signature, or why it is unsupported.
    pub signature_algorithm: AlgorithmResult,
    /// The issuer's signature value.
    pub signature: Vec<u8>,
    /// Subject name.
    pub subject: Name,
    /// Issuer name.
    pub issuer: Name,
    /// Serial number, big-endian (as encoded, sign byte included).
    pub serial: Vec<u8>,
    /// Start of validity, seconds since the Unix epoch.
    pub not_before: i64,
    /// End of validity, seconds since the Unix epoch.
    pub not_after: i64,
    /// The subject's public key.
    pub public_key: PublicKey,
    /// Whether the key came with explicit EC domain parameters.
    pub explicit_ec_params: bool,
    /// Subject key identifier extension.
    pub subject_key_id: Option<Vec<u8>>,
    /// Authority key identifier (keyIdentifier field).
    pub authority_key_id: Option<Vec<u8>>,
    /// Key usage flags, when the extension is present.
    pub key_usage: Option<u16>,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// extKeyUsage KeyPurposeIds as dotted OIDs, when the extension is present (RFC 5280
    /// §4.2.1.12); empty when it is present but unreadable, so it grants nothing.
    pub ext_key_usage: Option<Vec<String>>,
    /// OIDs of critical extensions this library does not understand.
    pub unknown_critical: Vec<String>,
}

impl Certificate {
    /// Parses a DER certificate (trailing bytes are an error). Plain DER certificates are
    /// read with one walk of the TLV reader; anything else goes through x509-parser, which
    /// gives the same result where both accept (see `cert_der`).
    pub fn from_der(der: &[u8]) -> Result<Self, PkiError> {
        match super::cert_der::parse(der) {
            Some(cert) => Ok(cert),
            None => Self::from_der_x509(der),
        }
    }

    /// Parses a DER certificate with x509-parser (the fallback of [`Certificate::from_der`];
    /// public for the benchmark that compares both paths).
    #[doc(hidden)]
    pub fn from_der_x509(der: &[u8]) -> Result<Self, PkiError> {
        let (rest, cert) =
            X509Certificate::from_der(der).map_err(|e| PkiError::Certificate(e.to_string()))?;
        if !rest.is_empty() {
            return Err(PkiError::Certificate(format!(
                "{} trailing bytes",
                rest.len()
            )));
        }
        let raw = der
            .get(..der.len().saturating_sub(rest.len()))
            .unwrap_or(der);
        let tbs = &cert.tbs_certificate;
        let sig_alg = outer_signature_algorithm(raw)?;
        let (public_key, explicit_ec_params) = public_key_from_spki(tbs.subject_pki.raw)?;
        let mut subject_key_id = None;
        let mut authority_key_id = None;
        let mut key_usage = None;
        let mut is_ca = false;
        let mut ext_key_usage = None;
        let mut unknown_critical = Vec::new();
        for ext in tbs.extensions() {
            let oid = ext.oid.to_id_string();
            match ext.parsed_extension() {
                ParsedExtension::SubjectKeyIdentifier(k) => subject_key_id = Some(k.0.to_vec()),
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    authority_key_id = a.key_identifier.as_ref().map(|k| k.0.to_vec())
                }
                ParsedExtension::KeyUsage(ku) => key_usage = Some(ku.flags),
                ParsedExtension::BasicConstraints(bc) => is_ca = bc.ca,
                _ => {}
            }
            if oid == "2.5.29.37" {
                // Read with the fast path's own reader, so both paths agree; a value it
                // cannot read grants no purpose.
                ext_key_usage = Some(super::cert_der::ext_key_usage(ext.value).unwrap_or_default());
            }
            if ext.critical && !KNOWN_EXTENSIONS.contains(&oid.as_str()) {
                unknown_critical.push(oid);
            }
        }
        Ok(Certificate {
            der: raw.to_vec(),
            tbs: tbs.as_ref().to_vec(),
            signature_algorithm: sig_alg,
            signature: cert.signature_value.data.to_vec(),
            subject: Name::from_x509(tbs.subject()),
            issuer: Name::from_x509(tbs.issuer()),
            serial: tbs.raw_serial().to_vec(),
            not_before: tbs.validity().not_before.timestamp(),
            not_after: tbs.validity().not_after.timestamp(),
            public_key,
            explicit_ec_params,
            subject_key_id,
            authority_key_id,
            key_usage,
            is_ca,
            ext_key_usage,
            unknown_critical,
        })
    }

    /// Whether the certificate is valid at `time` (seconds since the Unix epoch).
    pub fn valid_at(&self, time: i64) -> bool {
        self.not_before <= time && time <= self.not_after
    }

    /// Whether subject and issuer are the same name.
    pub fn is_self_issued(&self) -> bool {
        self.subject.same_as(&self.issuer)
    }

    /// Whether the key usage extension allows `bit` (absent extension: allowed).
    pub fn allows(&self, bit: u16) -> bool {
        self.key_usage.is_none_or(|ku| ku & bit != 0)
    }

    /// Whether the extended key usage extension is present and lists `purpose` (a dotted
    /// OID). An absent extension allows nothing here: callers use it where the purpose is
    /// mandatory (the master-list signer).
    pub fn has_ext_key_usage(&self, purpose: &str) -> bool {
        self.ext_key_usage
            .as_ref()
            .is_some_and(|p| p.iter().any(|o| o == purpose))
    }

    /// Checks that `issuer_key` made this certificate's signature.
    pub fn verify_signed_by(&self, issuer_key: &PublicKey) -> Result<(), SignatureError> {
        let alg = self
            .signature_algorithm
            .as_ref()
            .map_err(|e| SignatureError::Unsupported(e.clone()))?;
        signature::verify(issuer_key, alg, &self.tbs, &self.signature)
    }

    /// Whether the serial numbers are equal as integers.
    pub fn serial_eq(&self, serial: &[u8]) -> bool {
        strip_zeros(&self.serial) == strip_zeros(serial)
    }

    /// Serial number as upper-case hex (for evidence).
    pub fn serial_hex(&self) -> String {
        strip_zeros(&self.serial)
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    }
}

fn strip_zeros(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&x| x == 0).count();
    b.get(n..).unwrap_or_default()
}

/// Reads the outer signatureAlgorithm of a certificate or CRL (RFC 5280 §4.1.1.2) from its
/// raw encoding.
pub(crate) fn outer_signature_algorithm(der: &[u8]) -> Result<AlgorithmResult, PkiError> {
    let outer = asn1::one(der, asn1::SEQUENCE, "signed object", true)?;
    let mut it = outer.children();
    let _tbs = it.next().transpose()?;
    let id = asn1::algorithm_id(it.next().transpose()?, "signatureAlgorithm")?;
    signature_algorithm(&id, None)
}

/// Reads a SubjectPublicKeyInfo (RFC 5280 §4.1.2.7): RSA (RFC 3279 §2.3.1) or EC with a named
/// curve or explicit ECParameters (RFC 3279 §2.3.5, ICAO 9303-12 allows both). Returns the key
/// and whether its parameters were explicit.
pub fn public_key_from_spki(spki: &[u8]) -> Result<(PublicKey, bool), PkiError> {
    let seq = asn1::one(spki, asn1::SEQUENCE, "SubjectPublicKeyInfo", true)?;
    let mut it = seq.children();
    let alg: AlgorithmId<'_> =
        asn1::algorithm_id(it.next().transpose()?, "SubjectPublicKeyInfo algorithm")?;
    let bits = asn1::expect(it.next().transpose()?, asn1::BIT_STRING, "subjectPublicKey")?;
    let key = match bits.value.split_first() {
        Some((0, key)) => key,
        _ => return Err(malformed("subjectPublicKey", "unused bits")),
    };
    match alg.oid.as_str() {
        // rsaEncryption, or RSASSA-PSS as key algorithm
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => {
            let rsa = asn1::one(key, asn1::SEQUENCE, "RSAPublicKey", false)?;
            let mut it = rsa.children();
            let n = asn1::expect(it.next().transpose()?, asn1::INTEGER, "RSA modulus")?;
            let e = asn1::expect(it.next().transpose()?, asn1::INTEGER, "RSA exponent")?;
            Ok((
                PublicKey::Rsa {
                    n: n.value.to_vec(),
                    e: e.value.to_vec(),
                },
                false,
            ))
        }
        "1.2.840.10045.2.1" => {
            let params = alg
                .params
                .ok_or_else(|| malformed("ECParameters", "missing (implicitlyCA)"))?;
            let (curve, explicit) = match params.tag {
                asn1::OID => {
                    let oid = asn1::oid_string(params.value)?;
                    (NamedCurve::from_oid(&oid).ok_or(oid), false)
                }
                asn1::SEQUENCE => (
                    explicit_curve(&params)?
                        .ok_or_else(|| "explicit parameters of an unknown curve".to_string()),
                    true,
                ),
                _ => return Err(malformed("ECParameters", "neither OID nor SEQUENCE")),
            };
            let key = match curve {
                Ok(curve) => PublicKey::Ec {
                    curve,
                    point: key.to_vec(),
                },
                Err(what) => PublicKey::Unsupported(format!("EC curve {what}")),
            };
            Ok((key, explicit))
        }
        other => Ok((
            PublicKey::Unsupported(format!("key algorithm {other}")),
            false,
        )),
    }
}

/// Matches explicit ECParameters (version, fieldID {prime-field, p}, curve {a, b [, seed]},
/// base, order [, cofactor]) to a named curve.
fn explicit_curve(params: &crate::tlv::Tlv<'_>) -> Result<Option<NamedCurve>, PkiError> {
    let f = asn1::children(params)?;
    let field = f
        .get(1)
        .ok_or_else(|| malformed("ECParameters", "no fieldID"))?;
    let field = asn1::children(field)?;
    let field_type = asn1::oid(field.first().copied(), "fieldType")?;
    if field_type != "1.2.840.10045.1.1" {
        return Ok(None);
    }
    let p = asn1::expect(field.get(1).copied(), asn1::INTEGER, "prime p")?;
    let curve = asn1::children(
        f.get(2)
            .ok_or_else(|| malformed("ECParameters", "no curve"))?,
    )?;
    let a = asn1::expect(curve.first().copied(), asn1::OCTET_STRING, "curve a")?;
    let b = asn1::expect(curve.get(1).copied(), asn1::OCTET_STRING, "curve b")?;
    let g = asn1::expect(f.get(3).copied(), asn1::OCTET_STRING, "base point")?;
    let n = asn1::expect(f.get(4).copied(), asn1::INTEGER, "order")?;
    Ok(NamedCurve::from_explicit(
        p.value, a.value, b.value, g.value, n.value,
    ))
}
