//! The few DER/BER pieces the chip's files need on top of `crate::tlv` (X.690 §8.3, §8.19):
//! INTEGER, OBJECT IDENTIFIER, the outer-tag check, and raw TLV elements kept verbatim.

use super::{LdsError, text::hex_bytes};
use crate::tlv::{self, Tlv};
use serde::Serialize;

/// Tag of a DER INTEGER.
pub const INTEGER: u32 = 0x02;
/// Tag of a DER BIT STRING.
pub const BIT_STRING: u32 = 0x03;
/// Tag of a DER OCTET STRING.
pub const OCTET_STRING: u32 = 0x04;
/// Tag of a DER OBJECT IDENTIFIER.
pub const OID: u32 = 0x06;
/// Tag of a DER SEQUENCE.
pub const SEQUENCE: u32 = 0x30;
/// Tag of a DER SET.
pub const SET: u32 = 0x31;

/// A data object the parser does not interpret, kept as it was read so nothing is lost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawTlv {
    /// Its tag, e.g. `0x5F99`.
    pub tag: u32,
    /// Its value bytes.
    #[serde(with = "hex_bytes")]
    pub value: Vec<u8>,
}

impl RawTlv {
    /// Copies a borrowed object.
    pub fn from_tlv(t: &Tlv<'_>) -> Self {
        RawTlv {
            tag: t.tag,
            value: t.value.to_vec(),
        }
    }

    /// Appends tag, length and value.
    pub fn write(&self, out: &mut Vec<u8>) {
        tlv::write_tlv(self.tag, &self.value, out);
    }
}

/// Parses the one object that must make up `data` (trailing 00/FF padding allowed, as chips
/// pad files), checking its tag.
pub fn outer<'a>(data: &'a [u8], tag: u32, file: &'static str) -> Result<Tlv<'a>, LdsError> {
    let (obj, rest) = tlv::parse_one(data).map_err(LdsError::tlv(file))?;
    if obj.tag != tag {
        return Err(LdsError::WrongTag {
            file,
            expected: tag,
            found: obj.tag,
        });
    }
    // Real chips pad files with 00 or FF; anything else after the object is ignored too
    // (lenient parse), but a truncated object above is an error.
    let _ = rest;
    Ok(obj)
}

/// The children of a constructed value, failing on the first malformed one.
pub fn children<'a>(value: &'a [u8], file: &'static str) -> Result<Vec<Tlv<'a>>, LdsError> {
    tlv::parse_all(value).map_err(LdsError::tlv(file))
}

/// Reads a non-negative INTEGER value that fits in a u64 (leading zero bytes allowed).
pub fn uint(value: &[u8], file: &'static str, what: &'static str) -> Result<u64, LdsError> {
    let trimmed: &[u8] = {
        let skip = value.iter().take_while(|&&b| b == 0).count();
        value.get(skip..).unwrap_or_default()
    };
    if value.is_empty() || trimmed.len() > 8 || value.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(LdsError::Malformed { file, what });
    }
    Ok(trimmed
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// The DER content octets of a non-negative INTEGER.
pub fn uint_bytes(n: u64) -> Vec<u8> {
    let bytes = n.to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(7);
    let mut out = Vec::with_capacity(9);
    if bytes.get(skip).is_some_and(|b| b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(bytes.get(skip..).unwrap_or_default());
    out
}

/// Decodes OBJECT IDENTIFIER content octets to dotted form ("0.4.0.127.0.7.2.2.4.2.2").
pub fn oid_to_string(value: &[u8], file: &'static str) -> Result<String, LdsError> {
    let bad = LdsError::Malformed {
        file,
        what: "object identifier",
    };
    if value.is_empty() || value.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(bad);
    }
    let mut arcs: Vec<u64> = Vec::new();
    let mut acc: u64 = 0;
    for &b in value {
        if acc > (u64::MAX >> 7) {
            return Err(bad);
        }
        acc = (acc << 7) | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            if arcs.is_empty() {
                let (first, second) = match acc {
                    0..=39 => (0, acc),
                    40..=79 => (1, acc - 40),
                    _ => (2, acc - 80),
                };
                arcs.push(first);
                arcs.push(second);
            } else {
                arcs.push(acc);
            }
            acc = 0;
        }
    }
    Ok(arcs
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("."))
}

/// Encodes a dotted OID to content octets; `None` if it is not a valid OID string.
pub fn oid_from_string(dotted: &str) -> Option<Vec<u8>> {
    let arcs: Vec<u64> = dotted
        .split('.')
        .map(|a| a.parse().ok())
        .collect::<Option<_>>()?;
    let (&first, rest) = arcs.split_first()?;
    let (&second, rest) = rest.split_first()?;
    if first > 2 || (first < 2 && second > 39) {
        return None;
    }
    let mut out = Vec::new();
    let head = first.checked_mul(40)?.checked_add(second)?;
    for arc in std::iter::once(head).chain(rest.iter().copied()) {
        let mut groups = vec![(arc & 0x7F) as u8];
        let mut v = arc >> 7;
        while v > 0 {
            groups.push(0x80 | (v & 0x7F) as u8);
            v >>= 7;
        }
        out.extend(groups.iter().rev());
    }
    Some(out)
}

/// An OBJECT IDENTIFIER element (tag, length, content) for a dotted OID known to be valid.
pub fn oid_tlv(dotted: &str) -> Vec<u8> {
    tlv::tlv(OID, &oid_from_string(dotted).unwrap_or_default())
}

/// Reads a tag list (tag 5C in EF.COM, DG11, DG12): concatenated BER tags, one or more
/// bytes each. A tag cut off at the end is an error.
pub fn tag_list(value: &[u8], file: &'static str) -> Result<Vec<u32>, LdsError> {
    let mut tags = Vec::new();
    let mut iter = value.iter();
    while let Some(&first) = iter.next() {
        let mut tag = u32::from(first);
        if first & 0x1F == 0x1F {
            let mut n = 1;
            loop {
                let &b = iter.next().ok_or(LdsError::Malformed {
                    file,
                    what: "tag list (a tag is cut off)",
                })?;
                n += 1;
                if n > 4 {
                    return Err(LdsError::Malformed {
                        file,
                        what: "tag list (a tag is too long)",
                    });
                }
                tag = (tag << 8) | u32::from(b);
                if b & 0x80 == 0 {
                    break;
                }
            }
        }
        tags.push(tag);
    }
    Ok(tags)
}

/// Encodes a tag list's value.
pub fn tag_list_bytes(tags: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    for &t in tags {
        tlv::encode_tag(t, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_lists() {
        let tags = [0x5F0E, 0x5F2B, 0xA0, 0x61];
        assert_eq!(tag_list(&tag_list_bytes(&tags), "t").unwrap(), tags);
        assert!(tag_list(&[0x5F], "t").is_err());
        assert!(tag_list(&[0x5F, 0x81, 0x81, 0x81, 0x01], "t").is_err());
    }

    #[test]
    fn oids_round_trip() {
        for oid in [
            "0.4.0.127.0.7.2.2.4.2.2",
            "1.2.840.10045.2.1",
            "2.23.136.1.1.5",
            "1.3.36.3.3.2.8.1.1.7",
            "2.999.16384",
        ] {
            let enc = oid_from_string(oid).unwrap();
            assert_eq!(oid_to_string(&enc, "t").unwrap(), oid);
        }
        assert_eq!(
            oid_from_string("1.2.840.10045.2.1").unwrap(),
            [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
        );
        assert!(oid_to_string(&[0x2A, 0x86], "t").is_err());
        assert!(oid_to_string(&[], "t").is_err());
        assert!(oid_from_string("3.1").is_none());
        assert!(oid_from_string("1").is_none());
    }

    #[test]
    fn unsigned_integers() {
        for n in [0u64, 1, 127, 128, 255, 256, 0xC3, u64::MAX] {
            assert_eq!(uint(&uint_bytes(n), "t", "n").unwrap(), n);
        }
        assert_eq!(uint_bytes(128), [0x00, 0x80]);
        assert!(uint(&[0x80], "t", "n").is_err());
        assert!(uint(&[], "t", "n").is_err());
        assert!(uint(&[1; 9], "t", "n").is_err());
    }
}
