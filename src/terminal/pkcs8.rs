//! Reading a terminal's private key from a PKCS#8 file (RFC 5208 / RFC 5958 PrivateKeyInfo, DER
//! or PEM per RFC 7468): EC keys (RFC 5915) on the named curves, also with explicit parameters
//! (RFC 3279 §2.3.5), and RSA keys (RFC 8017 Appendix A.1.2). Key material is zeroized.

use crate::crypto::curves::NamedCurve;
use crate::crypto::rsa_sign::RsaPrivateKey;
use crate::terminal::SignerError;
use crate::terminal::ecdsa::public_point;
use crate::tlv::{Tlv, parse_one};
use std::borrow::Cow;
use zeroize::Zeroizing;

const INTEGER: u32 = 0x02;
const OCTET_STRING: u32 = 0x04;
const OID: u32 = 0x06;
const SEQUENCE: u32 = 0x30;

const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
const OID_PRIME_FIELD: &str = "1.2.840.10045.1.1";

/// A decoded private key.
pub(crate) enum PrivateKey {
    /// An EC private key: the curve, its scalar padded to the field length, and the public point.
    Ec {
        /// The curve.
        curve: NamedCurve,
        /// The private scalar d, big-endian, `curve.field_len()` bytes.
        scalar: Zeroizing<Vec<u8>>,
        /// The uncompressed public point d·G.
        point: Vec<u8>,
    },
    /// An RSA private key.
    Rsa(Box<RsaPrivateKey>),
}

fn malformed(what: impl Into<String>) -> SignerError {
    SignerError::Malformed(what.into())
}

/// Decodes a PKCS#8 private key given as DER or as PEM (`-----BEGIN PRIVATE KEY-----`).
pub(crate) fn decode(bytes: &[u8]) -> Result<PrivateKey, SignerError> {
    let trimmed = bytes.trim_ascii_start();
    if trimmed.starts_with(b"-----BEGIN ") {
        let label = pem_rfc7468::decode_label(trimmed)
            .map_err(|e| malformed(format!("PEM: {e}")))?
            .to_owned();
        match label.as_str() {
            "PRIVATE KEY" => {}
            "ENCRYPTED PRIVATE KEY" => return Err(encrypted()),
            "EC PRIVATE KEY" => return Err(traditional("SEC1 EC")),
            "RSA PRIVATE KEY" => return Err(traditional("PKCS#1 RSA")),
            other => {
                return Err(SignerError::Unsupported(format!(
                    "PEM \"{other}\" is no private key"
                )));
            }
        }
        let (_, der) =
            pem_rfc7468::decode_vec(trimmed).map_err(|e| malformed(format!("PEM: {e}")))?;
        let der = Zeroizing::new(der);
        return decode_der(&der);
    }
    decode_der(bytes)
}

fn traditional(kind: &str) -> SignerError {
    SignerError::Unsupported(format!(
        "a traditional {kind} key, not PKCS#8; convert it with `openssl pkcs8 -topk8 -nocrypt`"
    ))
}

fn encrypted() -> SignerError {
    SignerError::Unsupported(
        "an encrypted PKCS#8 key; decrypt it first (`openssl pkcs8 -in KEY -out PLAIN`) \
         or keep the key in a PKCS#11 token"
            .into(),
    )
}

fn expect<'a>(t: Option<Tlv<'a>>, tag: u32, what: &str) -> Result<Tlv<'a>, SignerError> {
    match t {
        Some(t) if t.tag == tag => Ok(t),
        Some(t) => Err(malformed(format!(
            "{what}: tag {:02X}, expected {tag:02X}",
            t.tag
        ))),
        None => Err(malformed(format!("{what} missing"))),
    }
}

fn children<'a>(t: &Tlv<'a>, what: &str) -> Result<Vec<Tlv<'a>>, SignerError> {
    t.children()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| malformed(format!("{what}: {e}")))
}

fn oid_string(t: Option<Tlv<'_>>, what: &str) -> Result<String, SignerError> {
    let t = expect(t, OID, what)?;
    if t.value.is_empty() || t.value.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(malformed(format!("{what}: bad OBJECT IDENTIFIER")));
    }
    Ok(asn1_rs::Oid::new(Cow::Borrowed(t.value)).to_id_string())
}

/// Decodes a DER PrivateKeyInfo (RFC 5958 §2: version, algorithm, privateKey, ...).
fn decode_der(der: &[u8]) -> Result<PrivateKey, SignerError> {
    let (info, rest) = parse_one(der).map_err(|e| malformed(format!("PKCS#8: {e}")))?;
    if info.tag != SEQUENCE {
        return Err(malformed("PKCS#8: not a DER SEQUENCE (nor PEM)"));
    }
    if !rest.is_empty() {
        return Err(malformed(format!("PKCS#8: {} trailing bytes", rest.len())));
    }
    let items = children(&info, "PKCS#8")?;
    let mut it = items.into_iter();
    let version = it.next();
    // EncryptedPrivateKeyInfo (RFC 5958 §3) starts with the encryption AlgorithmIdentifier.
    if version.is_some_and(|v| v.tag == SEQUENCE) {
        return Err(encrypted());
    }
    let version = expect(version, INTEGER, "PKCS#8 version")?;
    // Traditional keys: SEC1 ECPrivateKey (RFC 5915) and PKCS#1 RSAPrivateKey (RFC 8017 A.1.2).
    match it.as_slice().first().map(|t| t.tag) {
        Some(OCTET_STRING) => return Err(traditional("SEC1 EC")),
        Some(INTEGER) => return Err(traditional("PKCS#1 RSA")),
        _ => {}
    }
    if !matches!(version.value, [0] | [1]) {
        return Err(malformed("PKCS#8: version neither 0 nor 1"));
    }
    let algorithm = expect(it.next(), SEQUENCE, "PKCS#8 privateKeyAlgorithm")?;
    let private = expect(it.next(), OCTET_STRING, "PKCS#8 privateKey")?;
    let alg = children(&algorithm, "privateKeyAlgorithm")?;
    let mut alg = alg.into_iter();
    let oid = oid_string(alg.next(), "privateKeyAlgorithm")?;
    match oid.as_str() {
        OID_EC_PUBLIC_KEY => decode_ec(alg.next(), private.value),
        OID_RSA_ENCRYPTION => {
            let key = RsaPrivateKey::from_pkcs1_der(private.value)
                .map_err(|e| malformed(e.to_string()))?;
            Ok(PrivateKey::Rsa(Box::new(key)))
        }
        other => Err(SignerError::Unsupported(format!(
            "key algorithm {other}; Terminal Authentication signs with ECDSA or RSA"
        ))),
    }
}

/// The curve of DER ECParameters (as a PKCS#11 token's CKA_EC_PARAMS gives them).
pub(crate) fn curve_from_der(der: &[u8]) -> Result<NamedCurve, SignerError> {
    let (params, rest) = parse_one(der).map_err(|e| malformed(format!("EC parameters: {e}")))?;
    if !rest.is_empty() {
        return Err(malformed("EC parameters: trailing bytes"));
    }
    curve_of(&params)
}

/// The curve of ECParameters: a named-curve OID or explicit parameters.
fn curve_of(params: &Tlv<'_>) -> Result<NamedCurve, SignerError> {
    match params.tag {
        OID => {
            let oid = oid_string(Some(*params), "EC parameters")?;
            NamedCurve::from_oid(&oid)
                .ok_or_else(|| SignerError::Unsupported(format!("EC curve {oid}")))
        }
        SEQUENCE => explicit_curve(params),
        _ => Err(malformed(
            "EC parameters: neither a curve OID nor explicit parameters",
        )),
    }
}

/// ECParameters ::= SEQUENCE { version, fieldID, curve, base, order, cofactor OPTIONAL }
/// (RFC 3279 §2.3.5), matched to the named curve it describes.
fn explicit_curve(params: &Tlv<'_>) -> Result<NamedCurve, SignerError> {
    let items = children(params, "ECParameters")?;
    let mut it = items.into_iter();
    expect(it.next(), INTEGER, "ECParameters version")?;
    let field = expect(it.next(), SEQUENCE, "ECParameters fieldID")?;
    let field = children(&field, "fieldID")?;
    let mut field = field.into_iter();
    let field_type = oid_string(field.next(), "fieldType")?;
    if field_type != OID_PRIME_FIELD {
        return Err(SignerError::Unsupported(format!(
            "EC field type {field_type} (only prime fields)"
        )));
    }
    let p = expect(field.next(), INTEGER, "prime p")?;
    let curve = expect(it.next(), SEQUENCE, "ECParameters curve")?;
    let curve = children(&curve, "curve")?;
    let mut curve = curve.into_iter();
    let a = expect(curve.next(), OCTET_STRING, "coefficient a")?;
    let b = expect(curve.next(), OCTET_STRING, "coefficient b")?;
    let g = expect(it.next(), OCTET_STRING, "base point")?;
    let n = expect(it.next(), INTEGER, "order")?;
    NamedCurve::from_explicit(p.value, a.value, b.value, g.value, n.value).ok_or_else(|| {
        SignerError::Unsupported("explicit EC parameters of no known named curve".into())
    })
}

/// ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL,
/// [1] publicKey OPTIONAL } (RFC 5915 §3).
fn decode_ec(alg_params: Option<Tlv<'_>>, private: &[u8]) -> Result<PrivateKey, SignerError> {
    let (seq, rest) = parse_one(private).map_err(|e| malformed(format!("ECPrivateKey: {e}")))?;
    if seq.tag != SEQUENCE || !rest.is_empty() {
        return Err(malformed("ECPrivateKey: not one SEQUENCE"));
    }
    let items = children(&seq, "ECPrivateKey")?;
    let mut it = items.into_iter();
    let version = expect(it.next(), INTEGER, "ECPrivateKey version")?;
    if version.value != [1] {
        return Err(malformed("ECPrivateKey: version is not 1"));
    }
    let d = expect(it.next(), OCTET_STRING, "ECPrivateKey privateKey")?;
    let mut inner_params = None;
    let mut inner_public = None;
    for item in it {
        match item.tag {
            0xA0 => inner_params = parse_one(item.value).ok().map(|(t, _)| t),
            0xA1 => inner_public = parse_one(item.value).ok().map(|(t, _)| t),
            _ => {}
        }
    }
    let params = alg_params
        .filter(|p| p.tag != 0x05)
        .or(inner_params)
        .ok_or_else(|| malformed("EC key without curve parameters"))?;
    let curve = curve_of(&params)?;
    let len = curve.field_len();
    let lead = d.value.iter().take_while(|&&b| b == 0).count();
    let digits = d.value.get(lead..).unwrap_or_default();
    if digits.is_empty() || digits.len() > len {
        return Err(malformed(format!(
            "EC private scalar of {} bytes for {}",
            d.value.len(),
            curve.name()
        )));
    }
    let mut scalar = Zeroizing::new(vec![0u8; len - digits.len()]);
    scalar.extend_from_slice(digits);
    let point = public_point(curve, &scalar)?;
    // The optional public key must be the one the scalar gives (a mixed-up file otherwise).
    if let Some(public) = inner_public {
        let given = public.value.get(1..).unwrap_or_default();
        if public.tag != 0x03 || given != point.as_slice() {
            return Err(malformed(
                "the EC key's stored public key does not belong to its private scalar",
            ));
        }
    }
    Ok(PrivateKey::Ec {
        curve,
        scalar,
        point,
    })
}
