//! EF.SOD (ICAO 9303-10 §4.6.2): the application tag 0x77 around a CMS ContentInfo, and the
//! LDSSecurityObject it signs (data-group numbers and their hashes). Parse only; the CMS
//! signature is checked in `pki`.

use crate::tlv::{Tlv, parse_one};
use std::borrow::Cow;

/// Why EF.SOD or its LDSSecurityObject could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SodError {
    /// Bad BER-TLV.
    #[error("EF.SOD encoding: {0}")]
    Tlv(#[from] crate::tlv::TlvError),
    /// A structural problem.
    #[error("malformed {0}")]
    Malformed(&'static str),
}

/// The EF.SOD application tag (ICAO 9303-10 Table 37).
pub const EF_SOD_TAG: u32 = 0x77;

/// Removes the 0x77 wrapper and returns the CMS ContentInfo bytes. A bare ContentInfo
/// (tag 0x30, as in EF.CardSecurity) is returned unchanged.
pub fn unwrap_ef_sod(file: &[u8]) -> Result<&[u8], SodError> {
    let (outer, _padding) = parse_one(file)?;
    match outer.tag {
        EF_SOD_TAG => Ok(outer.value),
        0x30 => Ok(outer.raw),
        _ => Err(SodError::Malformed(
            "EF.SOD: neither tag 77 nor a ContentInfo",
        )),
    }
}

/// One entry of dataGroupHashValues.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DataGroupHash {
    /// Data group number, 1..=16.
    pub number: u8,
    /// The hash the issuer signed.
    #[serde(serialize_with = "hex_upper")]
    pub hash: Vec<u8>,
}

fn hex_upper<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&bytes.iter().map(|b| format!("{b:02X}")).collect::<String>())
}

/// LDSSecurityObject (ICAO 9303-10 §4.6.2.2, Appendix D).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LdsSecurityObject {
    /// 0 (LDS 1.7) or 1 (with ldsVersionInfo).
    pub version: u64,
    /// hashAlgorithm OID (dotted).
    pub hash_algorithm_oid: String,
    /// dataGroupHashValues in their encoded order.
    pub data_group_hashes: Vec<DataGroupHash>,
    /// ldsVersionInfo: (ldsVersion, unicodeVersion), e.g. ("0108", "040000").
    pub lds_version: Option<(String, String)>,
}

impl LdsSecurityObject {
    /// Parses the eContent of EF.SOD.
    pub fn parse(content: &[u8]) -> Result<Self, SodError> {
        let (seq, _) = parse_one(content)?;
        if seq.tag != 0x30 {
            return Err(SodError::Malformed("LDSSecurityObject: not a SEQUENCE"));
        }
        let mut it = seq.children();
        let mut next = |what| it.next().transpose()?.ok_or(SodError::Malformed(what));
        let version_t = next("LDSSecurityObject version")?;
        let version =
            small_uint(&version_t).ok_or(SodError::Malformed("LDSSecurityObject version"))?;
        let alg = next("hashAlgorithm")?;
        let oid_t = alg
            .children()
            .next()
            .transpose()?
            .filter(|t| t.tag == 0x06 && !t.value.is_empty())
            .ok_or(SodError::Malformed("hashAlgorithm OID"))?;
        let hash_algorithm_oid = asn1_rs::Oid::new(Cow::Borrowed(oid_t.value)).to_id_string();
        let hashes_t = next("dataGroupHashValues")?;
        if hashes_t.tag != 0x30 {
            return Err(SodError::Malformed("dataGroupHashValues"));
        }
        let mut data_group_hashes = Vec::new();
        for dg in hashes_t.children() {
            let dg = dg?;
            let mut f = dg.children();
            let num = f
                .next()
                .transpose()?
                .ok_or(SodError::Malformed("dataGroupNumber"))?;
            let hash = f
                .next()
                .transpose()?
                .ok_or(SodError::Malformed("dataGroupHashValue"))?;
            let number = small_uint(&num)
                .and_then(|n| u8::try_from(n).ok())
                .filter(|n| (1..=16).contains(n))
                .ok_or(SodError::Malformed("dataGroupNumber out of 1..16"))?;
            if hash.tag != 0x04 {
                return Err(SodError::Malformed(
                    "dataGroupHashValue not an OCTET STRING",
                ));
            }
            if data_group_hashes
                .iter()
                .any(|d: &DataGroupHash| d.number == number)
            {
                return Err(SodError::Malformed("data group listed twice"));
            }
            data_group_hashes.push(DataGroupHash {
                number,
                hash: hash.value.to_vec(),
            });
        }
        let lds_version = match it.next().transpose()? {
            Some(info) if info.tag == 0x30 => {
                let mut f = info.children();
                let a = f
                    .next()
                    .transpose()?
                    .ok_or(SodError::Malformed("ldsVersion"))?;
                let b = f
                    .next()
                    .transpose()?
                    .ok_or(SodError::Malformed("unicodeVersion"))?;
                Some((text(a), text(b)))
            }
            Some(_) => return Err(SodError::Malformed("ldsVersionInfo")),
            None => None,
        };
        Ok(LdsSecurityObject {
            version,
            hash_algorithm_oid,
            data_group_hashes,
            lds_version,
        })
    }

    /// The signed hash of data group `number`, if listed.
    pub fn hash_of(&self, number: u8) -> Option<&[u8]> {
        self.data_group_hashes
            .iter()
            .find(|d| d.number == number)
            .map(|d| d.hash.as_slice())
    }
}

fn small_uint(t: &Tlv<'_>) -> Option<u64> {
    if t.tag != 0x02 || t.value.is_empty() || t.value.len() > 8 || t.value.first()? & 0x80 != 0 {
        return None;
    }
    Some(
        t.value
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)),
    )
}

fn text(t: Tlv<'_>) -> String {
    String::from_utf8_lossy(t.value).into_owned()
}
