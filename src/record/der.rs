//! The DER the seal is made of (X.690 §10), on `crate::tlv`'s writer: SEQUENCE, SET OF in
//! sorted order (§11.6), INTEGER, OBJECT IDENTIFIER, OCTET STRING, times and tagged values.

use crate::tlv::tlv;

/// SEQUENCE of already encoded `parts`.
pub fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// SET OF already encoded `parts`, sorted by their encodings as DER requires (X.690 §11.6).
pub fn set_of(parts: &[&[u8]]) -> Vec<u8> {
    let mut sorted = parts.to_vec();
    sorted.sort();
    tlv(0x31, &sorted.concat())
}

/// A context-specific constructed tag `[n]` around `inner` (explicit, or implicit for a
/// constructed type whose own tag `inner` leaves out).
pub fn tagged(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xA0 | u32::from(n & 0x1F), inner)
}

/// OBJECT IDENTIFIER from dotted text (a constant of this module's callers).
pub fn oid(dotted: &str) -> Vec<u8> {
    crate::lds::der::oid_tlv(dotted)
}

/// OCTET STRING.
pub fn octets(value: &[u8]) -> Vec<u8> {
    tlv(0x04, value)
}

/// NULL.
pub fn null() -> Vec<u8> {
    vec![0x05, 0x00]
}

/// A non-negative INTEGER from big-endian magnitude bytes (leading zeros dropped, a zero
/// byte added where the top bit is set, X.690 §8.3.2).
pub fn unsigned(magnitude: &[u8]) -> Vec<u8> {
    let start = magnitude
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(magnitude.len());
    let trimmed = magnitude.get(start..).unwrap_or_default();
    let mut value = Vec::with_capacity(trimmed.len() + 1);
    if trimmed.first().is_none_or(|&b| b & 0x80 != 0) {
        value.push(0);
    }
    value.extend_from_slice(trimmed);
    tlv(0x02, &value)
}

/// A small INTEGER.
pub fn small(n: u8) -> Vec<u8> {
    unsigned(&[n])
}

/// UTCTime for 1950–2049, GeneralizedTime otherwise (RFC 5652 §11.3, RFC 5280 §4.1.2.5).
pub fn time(unix: i64) -> Vec<u8> {
    // format_time gives YYYY-MM-DDTHH:MM:SSZ.
    let text: String = crate::pki::check::format_time(unix)
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == 'Z')
        .collect();
    let year: i64 = text.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0);
    if (1950..2050).contains(&year) {
        tlv(0x17, text.get(2..).unwrap_or_default().as_bytes())
    } else {
        tlv(0x18, text.as_bytes())
    }
}

/// An ECDSA signature r‖s (two halves of equal length) as Ecdsa-Sig-Value (RFC 5480 §2.2,
/// X9.62): SEQUENCE { r INTEGER, s INTEGER }.
pub fn ecdsa_sig_value(plain: &[u8]) -> Option<Vec<u8>> {
    if plain.is_empty() || !plain.len().is_multiple_of(2) {
        return None;
    }
    let (r, s) = plain.split_at(plain.len() / 2);
    Some(seq(&[&unsigned(r), &unsigned(s)]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_times_and_sets_are_der() {
        assert_eq!(unsigned(&[0, 0, 0x7F]), [0x02, 0x01, 0x7F]);
        assert_eq!(unsigned(&[0x80]), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(unsigned(&[]), [0x02, 0x01, 0x00]);
        // 2026-12-06 08:00:00 UTC, and 2050 as GeneralizedTime.
        assert_eq!(time(1_796_544_000), tlv(0x17, b"261206080000Z"));
        assert_eq!(time(2_524_608_000), tlv(0x18, b"20500101000000Z"));
        let set = set_of(&[&[0x04, 0x01, 0x02], &[0x02, 0x01, 0x05]]);
        assert_eq!(set, [0x31, 0x06, 0x02, 0x01, 0x05, 0x04, 0x01, 0x02]);
        assert_eq!(
            ecdsa_sig_value(&[0x80, 0x01]).unwrap(),
            [0x30, 0x07, 0x02, 0x02, 0x00, 0x80, 0x02, 0x01, 0x01]
        );
        assert!(ecdsa_sig_value(&[1, 2, 3]).is_none());
    }
}
