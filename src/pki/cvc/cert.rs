//! One card-verifiable certificate (BSI TR-03110-3 §C.1, profile in Table C.1): 7F21 {
//! 7F4E body { 5F29 profile, 42 CAR, 7F49 key, 5F20 CHR, 7F4C CHAT, 5F25 effective date,
//! 5F24 expiration date, [65 extensions] }, 5F37 signature }, parsed and encoded.

use super::{Chat, CvcDate, CvcError, CvcPublicKey, Role};
use crate::tlv;

/// The certificate body DO'7F4E': what the issuer signs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateBody {
    /// 5F29: certificate profile identifier (0 for this profile).
    pub profile: u8,
    /// 42: certification authority reference (the issuer's CHR).
    pub car: String,
    /// 7F49: the holder's public key.
    pub public_key: CvcPublicKey,
    /// 5F20: certificate holder reference.
    pub chr: String,
    /// 7F4C: role and access rights.
    pub chat: Chat,
    /// 5F25: first day of validity.
    pub effective: CvcDate,
    /// 5F24: last day of validity.
    pub expiration: CvcDate,
    /// 65: certificate extensions, the raw value, when present.
    pub extensions: Option<Vec<u8>>,
}

/// References (CAR, CHR) are ISO 8859-1 text (BSI TR-03110-3 §A.6.1).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn latin1_bytes(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

impl CertificateBody {
    /// Parses the value of DO'7F4E'.
    pub fn parse(value: &[u8]) -> Result<Self, CvcError> {
        let objs = tlv::parse_all(value)?;
        let get = |tag: u32, what: &'static str| {
            objs.iter()
                .find(|o| o.tag == tag)
                .map(|o| o.value)
                .ok_or(CvcError::Missing(what))
        };
        let profile = match get(0x5F29, "certificate profile identifier (5F29)")? {
            [p] => *p,
            other => {
                return Err(CvcError::bad(
                    "certificate profile identifier",
                    format!("{} bytes", other.len()),
                ));
            }
        };
        Ok(CertificateBody {
            profile,
            car: latin1(get(0x42, "certification authority reference (42)")?),
            public_key: CvcPublicKey::parse(get(0x7F49, "public key (7F49)")?)?,
            chr: latin1(get(0x5F20, "certificate holder reference (5F20)")?),
            chat: Chat::parse(get(0x7F4C, "holder authorization template (7F4C)")?)?,
            effective: CvcDate::parse(get(0x5F25, "effective date (5F25)")?)?,
            expiration: CvcDate::parse(get(0x5F24, "expiration date (5F24)")?)?,
            extensions: objs
                .iter()
                .find(|o| o.tag == 0x65)
                .map(|o| o.value.to_vec()),
        })
    }

    /// The encoded DO'7F4E', tag and length included: the bytes the issuer signs.
    pub fn encode(&self) -> Vec<u8> {
        let mut v = tlv::tlv(0x5F29, &[self.profile]);
        v.extend(tlv::tlv(0x42, &latin1_bytes(&self.car)));
        v.extend(self.public_key.encode());
        v.extend(tlv::tlv(0x5F20, &latin1_bytes(&self.chr)));
        v.extend(self.chat.encode());
        v.extend(tlv::tlv(0x5F25, &self.effective.encode()));
        v.extend(tlv::tlv(0x5F24, &self.expiration.encode()));
        if let Some(ext) = &self.extensions {
            v.extend(tlv::tlv(0x65, ext));
        }
        tlv::tlv(0x7F4E, &v)
    }

    /// The certificate with this body and the issuer's `signature` over [`Self::encode`].
    pub fn signed(self, signature: Vec<u8>) -> CvCertificate {
        let body_raw = self.encode();
        let mut inner = body_raw.clone();
        inner.extend(tlv::tlv(0x5F37, &signature));
        CvCertificate {
            raw: tlv::tlv(0x7F21, &inner),
            body: self,
            body_raw,
            signature,
        }
    }
}

/// A card-verifiable certificate, with the bytes it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvCertificate {
    /// The parsed body.
    pub body: CertificateBody,
    /// DO'7F4E' as it came (tag and length included): the signed bytes, and what PSO:Verify
    /// Certificate sends.
    pub body_raw: Vec<u8>,
    /// 5F37: the signature (plain r‖s for ECDSA).
    pub signature: Vec<u8>,
    /// The whole DO'7F21' as it came.
    pub raw: Vec<u8>,
}

impl CvCertificate {
    /// Parses a certificate: one DO'7F21' (trailing bytes ignored, as in a file with padding).
    pub fn parse(bytes: &[u8]) -> Result<Self, CvcError> {
        let (outer, rest) = tlv::parse_one(bytes)?;
        if outer.tag != 0x7F21 {
            return Err(CvcError::bad(
                "certificate",
                format!("tag {:X}, not 7F21", outer.tag),
            ));
        }
        let raw_len = bytes.len().saturating_sub(rest.len());
        let raw = bytes.get(..raw_len).unwrap_or_default().to_vec();
        let (body_tlv, after) = tlv::parse_one(outer.value)?;
        if body_tlv.tag != 0x7F4E {
            return Err(CvcError::Missing("certificate body (7F4E)"));
        }
        let body_len = outer.value.len().saturating_sub(after.len());
        let body_raw = outer.value.get(..body_len).unwrap_or_default().to_vec();
        let signature = tlv::TlvIter::new(after)
            .flatten()
            .find(|o| o.tag == 0x5F37)
            .map(|o| o.value.to_vec())
            .ok_or(CvcError::Missing("signature (5F37)"))?;
        Ok(CvCertificate {
            body: CertificateBody::parse(body_tlv.value)?,
            body_raw,
            signature,
            raw,
        })
    }

    /// The certificate's bytes (DO'7F21').
    pub fn to_bytes(&self) -> Vec<u8> {
        self.raw.clone()
    }

    /// The value of DO'5F37' as sent with PSO:Verify Certificate (tag and length included).
    pub fn signature_object(&self) -> Vec<u8> {
        tlv::tlv(0x5F37, &self.signature)
    }

    /// Whether the holder is a CVCA (self-signed when CAR equals CHR, a link certificate else).
    pub fn is_cvca(&self) -> bool {
        self.body.chat.role == Role::Cvca
    }

    /// One line for logs and reports, e.g. `DETESTeID00004 (CVCA, by DETESTeID00004,
    /// 2020-05-11..2023-05-11)`.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}, by {}, {}..{})",
            self.body.chr,
            self.body.chat.role.name(),
            self.body.car,
            self.body.effective,
            self.body.expiration
        )
    }
}
