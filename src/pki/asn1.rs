//! Small ASN.1 helpers over the crate's BER-TLV reader: expected tags, OIDs, INTEGERs,
//! OCTET STRINGs in their constructed BER form, AlgorithmIdentifier. Raw slices are kept.

use super::error::{PkiError, malformed};
use crate::tlv::{Tlv, parse_one};
use std::borrow::Cow;

/// Universal tags as the TLV reader reports them.
pub(crate) const INTEGER: u32 = 0x02;
pub(crate) const BIT_STRING: u32 = 0x03;
pub(crate) const OCTET_STRING: u32 = 0x04;
pub(crate) const OCTET_STRING_CONSTRUCTED: u32 = 0x24;
pub(crate) const OID: u32 = 0x06;
pub(crate) const SEQUENCE: u32 = 0x30;
pub(crate) const SET: u32 = 0x31;

/// Parses exactly one object with `tag` from `input` (trailing bytes are an error unless
/// `allow_trailing`).
pub(crate) fn one<'a>(
    input: &'a [u8],
    tag: u32,
    what: &'static str,
    allow_trailing: bool,
) -> Result<Tlv<'a>, PkiError> {
    let (t, rest) = parse_one(input)?;
    if t.tag != tag {
        return Err(malformed(
            what,
            format!("tag {:02X}, expected {tag:02X}", t.tag),
        ));
    }
    if !allow_trailing && !rest.is_empty() {
        return Err(malformed(what, format!("{} trailing bytes", rest.len())));
    }
    Ok(t)
}

/// Checks an object's tag.
pub(crate) fn expect<'a>(
    t: Option<Tlv<'a>>,
    tag: u32,
    what: &'static str,
) -> Result<Tlv<'a>, PkiError> {
    let t = t.ok_or_else(|| malformed(what, "missing"))?;
    if t.tag != tag {
        return Err(malformed(
            what,
            format!("tag {:02X}, expected {tag:02X}", t.tag),
        ));
    }
    Ok(t)
}

/// The children of a constructed object, failing on the first malformed one.
pub(crate) fn children<'a>(t: &Tlv<'a>) -> Result<Vec<Tlv<'a>>, PkiError> {
    Ok(t.children().collect::<Result<Vec<_>, _>>()?)
}

/// The dotted form of an OID's content octets.
pub(crate) fn oid_string(value: &[u8]) -> Result<String, PkiError> {
    if value.is_empty() || value.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(malformed("OBJECT IDENTIFIER", "bad encoding"));
    }
    Ok(dotted(value).unwrap_or_else(|| asn1_rs::Oid::new(Cow::Borrowed(value)).to_id_string()))
}

/// The dotted form (X.690 §8.19) of an OID whose arcs fit in 64 bits, exactly as asn1-rs
/// prints it (the first octet split as x·40 + y); `None` for larger arcs (left to asn1-rs).
fn dotted(value: &[u8]) -> Option<String> {
    use std::fmt::Write;
    let (&first, rest) = value.split_first()?;
    let mut out = String::with_capacity(value.len() * 3);
    write!(out, "{}.{}", first / 40, first % 40).ok()?;
    let mut arc = 0u64;
    for &b in rest {
        if arc > (u64::MAX >> 7) {
            return None;
        }
        arc = (arc << 7) | u64::from(b & 0x7F);
        if b & 0x80 == 0 {
            write!(out, ".{arc}").ok()?;
            arc = 0;
        }
    }
    Some(out)
}

/// Reads an OID object.
pub(crate) fn oid(t: Option<Tlv<'_>>, what: &'static str) -> Result<String, PkiError> {
    oid_string(expect(t, OID, what)?.value)
}

/// A small non-negative INTEGER (versions, salt lengths).
pub(crate) fn small_uint(t: &Tlv<'_>, what: &'static str) -> Result<u64, PkiError> {
    if t.tag != INTEGER || t.value.is_empty() || t.value.len() > 8 {
        return Err(malformed(what, "not a small INTEGER"));
    }
    if t.value.first().is_some_and(|b| b & 0x80 != 0) {
        return Err(malformed(what, "negative INTEGER"));
    }
    Ok(t.value
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
}

/// The content of an OCTET STRING, joining the segments of a constructed (BER) one.
pub(crate) fn octets<'a>(t: &Tlv<'a>, what: &'static str) -> Result<Cow<'a, [u8]>, PkiError> {
    octets_depth(t, what, 0)
}

fn octets_depth<'a>(
    t: &Tlv<'a>,
    what: &'static str,
    depth: usize,
) -> Result<Cow<'a, [u8]>, PkiError> {
    match t.tag {
        OCTET_STRING => Ok(Cow::Borrowed(t.value)),
        OCTET_STRING_CONSTRUCTED if depth < 8 => {
            let mut out = Vec::new();
            for c in children(t)? {
                out.extend_from_slice(&octets_depth(&c, what, depth + 1)?);
            }
            Ok(Cow::Owned(out))
        }
        other => Err(malformed(
            what,
            format!("tag {other:02X}, expected OCTET STRING"),
        )),
    }
}

/// An AlgorithmIdentifier (RFC 5280 §4.1.1.2): the OID and the parameters, if any.
#[derive(Debug, Clone)]
pub(crate) struct AlgorithmId<'a> {
    /// Dotted OID.
    pub oid: String,
    /// The parameters object (absent or NULL are both `None`).
    pub params: Option<Tlv<'a>>,
}

/// Reads an AlgorithmIdentifier.
pub(crate) fn algorithm_id<'a>(
    t: Option<Tlv<'a>>,
    what: &'static str,
) -> Result<AlgorithmId<'a>, PkiError> {
    let seq = expect(t, SEQUENCE, what)?;
    let mut it = seq.children();
    let oid = oid(it.next().transpose()?, what)?;
    let params = it.next().transpose()?.filter(|p| p.tag != 0x05);
    Ok(AlgorithmId { oid, params })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_oids_match_asn1_rs() {
        let reference = |v: &[u8]| asn1_rs::Oid::new(Cow::Borrowed(v)).to_id_string();
        let samples: [&[u8]; 7] = [
            &[0x55, 0x04, 0x03],
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B],
            &[0x67, 0x81, 0x08, 0x01, 0x01, 0x06, 0x02],
            &[0x04, 0x00, 0x7F, 0x00, 0x07, 0x02, 0x02, 0x04, 0x02, 0x02],
            &[0x28],
            &[0x88, 0x37, 0x03],
            &[0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
        ];
        for v in samples {
            assert_eq!(oid_string(v).unwrap(), reference(v), "{v:02x?}");
        }
        // An arc beyond 64 bits goes to asn1-rs.
        let huge = [
            0x2A, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01,
        ];
        assert_eq!(dotted(&huge), None);
        assert_eq!(oid_string(&huge).unwrap(), reference(&huge));
        // Every two-byte OID content agrees.
        for a in 0..=0x7Fu8 {
            for b in (0..=0xFFu8).step_by(3) {
                if b & 0x80 == 0 {
                    assert_eq!(oid_string(&[a, b]).unwrap(), reference(&[a, b]));
                }
            }
        }
    }
}
