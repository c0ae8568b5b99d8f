//! CMS SignedData (RFC 5652 §5) as EF.SOD (ICAO 9303-10 §4.6.2), EF.CardSecurity (BSI
//! TR-03110-3 §A.1.2) and CSCA master lists (ICAO 9303-12 §8) carry it. BER is accepted
//! (indefinite lengths, constructed OCTET STRINGs); every signed part is kept as its raw bytes.

use super::algorithms::{AlgorithmResult, signature_algorithm};
use super::asn1::{self, SEQUENCE, SET};
use super::error::{PkiError, malformed};
use super::name::Name;
use crate::crypto::hash::HashAlgorithm;
use crate::tlv::Tlv;
use std::borrow::Cow;

/// id-signedData (RFC 5652 §5.1).
pub const ID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";
/// id-data.
pub const ID_DATA: &str = "1.2.840.113549.1.7.1";
/// id-icao-mrtd-security-ldsSecurityObject (ICAO 9303-10 §4.6.2.2).
pub const ID_LDS_SECURITY_OBJECT: &str = "2.23.136.1.1.1";
/// id-icao-cscaMasterList (ICAO 9303-12 §8.2).
pub const ID_CSCA_MASTER_LIST: &str = "2.23.136.1.1.2";
/// id-SecurityObject of EF.CardSecurity (BSI TR-03110-3 §A.1.2.5).
pub const ID_SECURITY_OBJECT: &str = "0.4.0.127.0.7.3.2.1";
/// contentType signed attribute (RFC 5652 §11.1).
pub const ATTR_CONTENT_TYPE: &str = "1.2.840.113549.1.9.3";
/// messageDigest signed attribute (RFC 5652 §11.2).
pub const ATTR_MESSAGE_DIGEST: &str = "1.2.840.113549.1.9.4";
/// signingTime signed attribute (RFC 5652 §11.3).
pub const ATTR_SIGNING_TIME: &str = "1.2.840.113549.1.9.5";

/// A parsed SignedData, borrowing from the input.
#[derive(Debug, Clone)]
pub struct SignedData<'a> {
    /// SignedData version.
    pub version: u64,
    /// The digestAlgorithms OIDs.
    pub digest_algorithms: Vec<String>,
    /// eContentType.
    pub content_type: String,
    /// The eContent octets (joined if BER-segmented), if present.
    pub content: Option<Cow<'a, [u8]>>,
    /// The embedded certificates, each its raw DER.
    pub certificates: Vec<&'a [u8]>,
    /// The embedded CRLs, each raw.
    pub crls: Vec<&'a [u8]>,
    /// The signers.
    pub signer_infos: Vec<SignerInfo<'a>>,
}

/// How a SignerInfo names its certificate (RFC 5652 §5.3).
#[derive(Debug, Clone)]
pub enum SignerId<'a> {
    /// issuerAndSerialNumber.
    IssuerSerial {
        /// The issuer name (compared as a set of attributes).
        issuer: Name,
        /// The serial number's content octets.
        serial: &'a [u8],
    },
    /// subjectKeyIdentifier.
    SubjectKeyId(&'a [u8]),
}

/// One signed attribute: its type and raw values.
#[derive(Debug, Clone)]
pub struct Attribute<'a> {
    /// Attribute type OID.
    pub oid: String,
    /// The values in the SET.
    pub values: Vec<Tlv<'a>>,
}

/// One SignerInfo.
#[derive(Debug, Clone)]
pub struct SignerInfo<'a> {
    /// SignerInfo version (1 for issuerAndSerialNumber, 3 for subjectKeyIdentifier).
    pub version: u64,
    /// Which certificate signed.
    pub sid: SignerId<'a>,
    /// digestAlgorithm OID.
    pub digest_algorithm_oid: String,
    /// The digest algorithm, if known.
    pub digest_algorithm: Option<HashAlgorithm>,
    /// The raw signedAttrs field (tag 0xA0), if present.
    pub signed_attrs_raw: Option<&'a [u8]>,
    /// The signed attributes.
    pub signed_attrs: Vec<Attribute<'a>>,
    /// signatureAlgorithm OID.
    pub signature_algorithm_oid: String,
    /// The signature algorithm (digest from `digest_algorithm` where the OID names none).
    pub signature_algorithm: AlgorithmResult,
    /// The signature value.
    pub signature: Cow<'a, [u8]>,
}

impl SignerInfo<'_> {
    /// The bytes the signature covers (RFC 5652 §5.4): the signed attributes as the DER
    /// `SET OF` (the original encoding with its [0] tag read as 0x31), or `content` when
    /// there are none.
    pub fn signed_bytes<'b>(&'b self, content: &'b [u8]) -> Cow<'b, [u8]> {
        match self.signed_attrs_raw {
            Some(raw) => {
                let mut v = raw.to_vec();
                if let Some(first) = v.first_mut() {
                    *first = 0x31;
                }
                Cow::Owned(v)
            }
            None => Cow::Borrowed(content),
        }
    }

    /// The single value of a signed attribute, if present exactly once with one value.
    pub fn attribute(&self, oid: &str) -> Option<Result<Tlv<'_>, PkiError>> {
        let mut it = self.signed_attrs.iter().filter(|a| a.oid == oid);
        let first = it.next()?;
        if it.next().is_some() || first.values.len() != 1 {
            return Some(Err(malformed(
                "signed attributes",
                format!("{oid} not single-valued"),
            )));
        }
        first.values.first().copied().map(Ok)
    }
}

/// Parses a ContentInfo holding SignedData (RFC 5652 §3, §5.1).
pub fn parse_content_info(input: &[u8]) -> Result<SignedData<'_>, PkiError> {
    let ci = asn1::one(input, SEQUENCE, "ContentInfo", true)?;
    let mut it = ci.children();
    let ct = asn1::oid(it.next().transpose()?, "ContentInfo contentType")?;
    if ct != ID_SIGNED_DATA {
        return Err(PkiError::ContentType {
            found: ct,
            expected: "id-signedData",
        });
    }
    let wrapper = asn1::expect(it.next().transpose()?, 0xA0, "ContentInfo content")?;
    let sd = asn1::expect(
        wrapper.children().next().transpose()?,
        SEQUENCE,
        "SignedData",
    )?;
    parse_signed_data(&sd)
}

fn parse_signed_data<'a>(sd: &Tlv<'a>) -> Result<SignedData<'a>, PkiError> {
    let fields = asn1::children(sd)?;
    let mut it = fields.into_iter().peekable();
    let version = asn1::small_uint(
        &it.next().ok_or_else(|| malformed("SignedData", "empty"))?,
        "SignedData version",
    )?;
    let algs = asn1::expect(it.next(), SET, "digestAlgorithms")?;
    let mut digest_algorithms = Vec::new();
    for a in asn1::children(&algs)? {
        digest_algorithms.push(asn1::algorithm_id(Some(a), "digestAlgorithm")?.oid);
    }
    let eci = asn1::expect(it.next(), SEQUENCE, "encapContentInfo")?;
    let mut eci_it = eci.children();
    let content_type = asn1::oid(eci_it.next().transpose()?, "eContentType")?;
    let content = match eci_it.next().transpose()? {
        Some(t) if t.tag == 0xA0 => {
            let inner = t
                .children()
                .next()
                .transpose()?
                .ok_or_else(|| malformed("eContent", "empty"))?;
            Some(asn1::octets(&inner, "eContent")?)
        }
        Some(_) => return Err(malformed("encapContentInfo", "eContent not [0]")),
        None => None,
    };
    let mut certificates = Vec::new();
    let mut crls = Vec::new();
    while let Some(t) = it.peek().copied() {
        match t.tag {
            0xA0 => certificates.extend(asn1::children(&t)?.into_iter().map(|c| c.raw)),
            0xA1 => crls.extend(asn1::children(&t)?.into_iter().map(|c| c.raw)),
            _ => break,
        }
        it.next();
    }
    let sis = asn1::expect(it.next(), SET, "signerInfos")?;
    let signer_infos = asn1::children(&sis)?
        .iter()
        .map(parse_signer_info)
        .collect::<Result<Vec<_>, _>>()?;
    if signer_infos.is_empty() {
        return Err(malformed("SignedData", "no SignerInfo"));
    }
    Ok(SignedData {
        version,
        digest_algorithms,
        content_type,
        content,
        certificates,
        crls,
        signer_infos,
    })
}

fn parse_signer_info<'a>(si: &Tlv<'a>) -> Result<SignerInfo<'a>, PkiError> {
    if si.tag != SEQUENCE {
        return Err(malformed("SignerInfo", "not a SEQUENCE"));
    }
    let fields = asn1::children(si)?;
    let mut it = fields.into_iter().peekable();
    let version = asn1::small_uint(
        &it.next().ok_or_else(|| malformed("SignerInfo", "empty"))?,
        "SignerInfo version",
    )?;
    let sid_t = it.next().ok_or_else(|| malformed("SignerInfo", "no sid"))?;
    let sid = match sid_t.tag {
        SEQUENCE => {
            let mut s = sid_t.children();
            let issuer = asn1::expect(s.next().transpose()?, SEQUENCE, "issuer")?;
            let serial = asn1::expect(s.next().transpose()?, asn1::INTEGER, "serialNumber")?;
            SignerId::IssuerSerial {
                issuer: Name::from_der(issuer.raw)?,
                serial: serial.value,
            }
        }
        0x80 => SignerId::SubjectKeyId(sid_t.value),
        0xA0 => {
            // Constructed [0] around an OCTET STRING: seen in BER encoders.
            let inner = asn1::expect(
                sid_t.children().next().transpose()?,
                asn1::OCTET_STRING,
                "subjectKeyIdentifier",
            )?;
            SignerId::SubjectKeyId(inner.value)
        }
        _ => return Err(malformed("SignerInfo", "unknown sid choice")),
    };
    let dig = asn1::algorithm_id(it.next(), "SignerInfo digestAlgorithm")?;
    let digest_algorithm = HashAlgorithm::from_oid(&dig.oid);
    let mut signed_attrs_raw = None;
    let mut signed_attrs = Vec::new();
    if let Some(t) = it.peek().copied().filter(|t| t.tag == 0xA0) {
        it.next();
        signed_attrs_raw = Some(t.raw);
        for a in asn1::children(&t)? {
            let mut ai = a.children();
            let oid = asn1::oid(ai.next().transpose()?, "attribute type")?;
            let vals = asn1::expect(ai.next().transpose()?, SET, "attribute values")?;
            signed_attrs.push(Attribute {
                oid,
                values: asn1::children(&vals)?,
            });
        }
    }
    let sig_alg = asn1::algorithm_id(it.next(), "SignerInfo signatureAlgorithm")?;
    let signature_algorithm = signature_algorithm(&sig_alg, digest_algorithm)?;
    let sig = it
        .next()
        .ok_or_else(|| malformed("SignerInfo", "no signature"))?;
    let signature = asn1::octets(&sig, "signature")?;
    Ok(SignerInfo {
        version,
        sid,
        digest_algorithm_oid: dig.oid,
        digest_algorithm,
        signed_attrs_raw,
        signed_attrs,
        signature_algorithm_oid: sig_alg.oid,
        signature_algorithm,
        signature,
    })
}
