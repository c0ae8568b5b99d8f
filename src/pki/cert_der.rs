//! The fast path of certificate parsing: one walk over a DER X.509 certificate (RFC 5280 §4.1)
//! with the crate's TLV reader, collecting exactly what [`Certificate`] holds.
//!
//! Anything outside the plain DER profile that eMRTD certificates use (indefinite lengths,
//! padding between objects, unusual time formats, duplicate or malformed extensions) makes
//! this walk give up with `None`; [`Certificate::from_der`] then parses with x509-parser, so
//! both paths accept and reject the same certificates (cross-checked in the tests on every
//! certificate of the German and Dutch master lists).

use super::asn1::{BIT_STRING, INTEGER, OCTET_STRING, OID, SEQUENCE, SET, oid_string};
use super::cert::{Certificate, KNOWN_EXTENSIONS, outer_signature_algorithm, public_key_from_spki};
use super::name::Name;
use crate::tlv::{Tlv, parse_one};

const BOOLEAN: u32 = 0x01;
const UTC_TIME: u32 = 0x17;
const GENERALIZED_TIME: u32 = 0x18;

/// Whether `t` has a definite length: its value ends where its whole encoding ends (an
/// indefinite length leaves the end-of-contents octets after the value).
fn definite(t: &Tlv<'_>) -> bool {
    t.raw.as_ptr() as usize + t.raw.len() == t.value.as_ptr() as usize + t.value.len()
}

/// The children of a constructed object, all definite and packed without padding.
fn kids<'a>(t: &Tlv<'a>) -> Option<Vec<Tlv<'a>>> {
    if !definite(t) {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = t.value;
    while !rest.is_empty() {
        let (child, tail) = parse_one(rest).ok()?;
        // parse_one skips no padding at the start: the child must begin right here.
        if child.raw.as_ptr() != rest.as_ptr() || !definite(&child) {
            return None;
        }
        out.push(child);
        rest = tail;
    }
    Some(out)
}

/// An AlgorithmIdentifier (RFC 5280 §4.1.1.2) this walk reads as x509-parser does:
/// SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }, every byte of it a
/// well-formed DER element; anything else is x509-parser's to judge.
fn algorithm_identifier(t: &Tlv<'_>) -> Option<()> {
    if t.tag != SEQUENCE {
        return None;
    }
    match kids(t)?.as_slice() {
        [oid] | [oid, _] if oid.tag == OID && oid_string(oid.value).is_ok() => Some(()),
        _ => None,
    }
}

fn tagged<'a>(t: Option<&Tlv<'a>>, tag: u32) -> Option<Tlv<'a>> {
    t.filter(|t| t.tag == tag && definite(t)).copied()
}

/// Parses a certificate along the fast path, or `None` to leave it to x509-parser.
pub(super) fn parse(der: &[u8]) -> Option<Certificate> {
    let (outer, rest) = parse_one(der).ok()?;
    if outer.tag != SEQUENCE || !rest.is_empty() {
        return None;
    }
    let top = kids(&outer)?;
    let [tbs, sig_alg, sig] = top.as_slice() else {
        return None;
    };
    if tbs.tag != SEQUENCE || sig_alg.tag != SEQUENCE {
        return None;
    }
    let sig = tagged(Some(sig), BIT_STRING)?;
    let signature = match sig.value.split_first() {
        Some((0, bits)) => bits.to_vec(),
        _ => return None,
    };

    let fields = kids(tbs)?;
    let mut it = fields.iter().peekable();
    // version [0] EXPLICIT INTEGER DEFAULT v1
    let mut version = 0u8;
    if let Some(v) = it.next_if(|t| t.tag == 0xA0) {
        let inner = kids(v)?;
        let [int] = inner.as_slice() else {
            return None;
        };
        version = match (int.tag, int.value) {
            (INTEGER, [v @ 0..=2]) => *v,
            _ => return None,
        };
    }
    let serial = tagged(it.next(), INTEGER)?;
    if serial.value.is_empty() {
        return None;
    }
    // signature AlgorithmIdentifier (RFC 5280 §4.1.1.2): SEQUENCE { algorithm OBJECT
    // IDENTIFIER, parameters ANY OPTIONAL }; anything else is x509-parser's to refuse.
    algorithm_identifier(&tagged(it.next(), SEQUENCE)?)?;
    let issuer = Name::from_tlv(&tagged(it.next(), SEQUENCE)?)?;
    let validity = kids(&tagged(it.next(), SEQUENCE)?)?;
    let [not_before, not_after] = validity.as_slice() else {
        return None;
    };
    let subject = Name::from_tlv(&tagged(it.next(), SEQUENCE)?)?;
    let spki = tagged(it.next(), SEQUENCE)?;
    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey } and nothing after
    // (x509-parser stops after the two and keeps only those bytes).
    let spki_parts = kids(&spki)?;
    let [spki_algorithm, _] = spki_parts.as_slice() else {
        return None;
    };
    algorithm_identifier(spki_algorithm)?;
    // issuerUniqueID [1], subjectUniqueID [2]: skipped.
    it.next_if(|t| t.tag == 0x81 || t.tag == 0xA1);
    it.next_if(|t| t.tag == 0x82 || t.tag == 0xA2);
    let extensions = match it.next() {
        Some(e) if e.tag == 0xA3 && version == 2 => Some(e),
        Some(_) => return None,
        None => None,
    };
    if it.next().is_some() {
        return None;
    }

    let (public_key, explicit_ec_params) = public_key_from_spki(spki.raw).ok()?;
    let mut cert = Certificate {
        der: outer.raw.to_vec(),
        tbs: tbs.raw.to_vec(),
        signature_algorithm: outer_signature_algorithm(outer.raw).ok()?,
        signature,
        subject,
        issuer,
        serial: serial.value.to_vec(),
        not_before: time(not_before)?,
        not_after: time(not_after)?,
        public_key,
        explicit_ec_params,
        subject_key_id: None,
        authority_key_id: None,
        key_usage: None,
        is_ca: false,
        ext_key_usage: None,
        unknown_critical: Vec::new(),
    };
    if let Some(ext) = extensions {
        read_extensions(ext, &mut cert)?;
    }
    Some(cert)
}

/// Extensions (RFC 5280 §4.2): subject and authority key identifiers, key usage, basic
/// constraints, and critical extensions not understood.
fn read_extensions(wrapper: &Tlv<'_>, cert: &mut Certificate) -> Option<()> {
    let inner = kids(wrapper)?;
    let [list] = inner.as_slice() else {
        return None;
    };
    if list.tag != SEQUENCE {
        return None;
    }
    let mut seen: Vec<&[u8]> = Vec::new();
    for ext in kids(list)? {
        if ext.tag != SEQUENCE {
            return None;
        }
        let parts = kids(&ext)?;
        let (oid, critical, value) = match parts.as_slice() {
            [oid, value] => (oid, false, value),
            [oid, flag, value] if flag.tag == BOOLEAN => match flag.value {
                [0x00] => (oid, false, value),
                [0xFF] => (oid, true, value),
                _ => return None,
            },
            _ => return None,
        };
        if oid.tag != OID || value.tag != OCTET_STRING || seen.contains(&oid.value) {
            return None;
        }
        seen.push(oid.value);
        let body = value.value;
        match oid.value {
            // 2.5.29.14 subjectKeyIdentifier ::= OCTET STRING
            [0x55, 0x1D, 0x0E] => {
                let (t, rest) = parse_one(body).ok()?;
                if t.tag != OCTET_STRING || !rest.is_empty() || !definite(&t) {
                    return None;
                }
                cert.subject_key_id = Some(t.value.to_vec());
            }
            // 2.5.29.35 authorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT .. }
            [0x55, 0x1D, 0x23] => {
                let (t, rest) = parse_one(body).ok()?;
                if t.tag != SEQUENCE || !rest.is_empty() {
                    return None;
                }
                let fields = kids(&t)?;
                cert.authority_key_id = fields
                    .iter()
                    .find(|f| f.tag == 0x80)
                    .map(|f| f.value.to_vec());
                if fields.iter().any(|f| !matches!(f.tag, 0x80 | 0xA1 | 0x82)) {
                    return None;
                }
            }
            // 2.5.29.15 keyUsage ::= BIT STRING, named bits from the first octet's MSB.
            [0x55, 0x1D, 0x0F] => {
                let (t, rest) = parse_one(body).ok()?;
                if t.tag != BIT_STRING || !rest.is_empty() || !definite(&t) {
                    return None;
                }
                let (&unused, data) = t.value.split_first()?;
                // DER: the unused bits are zero (otherwise leave it to x509-parser).
                let unused_mask = (1u8 << unused.min(7)) - 1;
                if unused > 7
                    || (data.is_empty() && unused != 0)
                    || data.last().is_some_and(|b| b & unused_mask != 0)
                {
                    return None;
                }
                cert.key_usage = Some(
                    data.iter()
                        .rev()
                        .fold(0u16, |acc, x| (acc << 8) | u16::from(x.reverse_bits())),
                );
            }
            // 2.5.29.19 basicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLen }
            [0x55, 0x1D, 0x13] => {
                let (t, rest) = parse_one(body).ok()?;
                if t.tag != SEQUENCE || !rest.is_empty() {
                    return None;
                }
                let fields = kids(&t)?;
                cert.is_ca = match fields.as_slice() {
                    [] => false,
                    // BER: any non-zero octet is TRUE (seen in real CSCAs: 01).
                    [first, ..] if first.tag == BOOLEAN => match first.value {
                        [v] => *v != 0,
                        _ => return None,
                    },
                    [first] if first.tag == INTEGER => false,
                    _ => return None,
                };
                // pathLenConstraint: a non-negative INTEGER that fits 32 bits (as x509-parser
                // reads it), else leave the certificate to x509-parser.
                let path_len_ok = |f: &Tlv<'_>| {
                    f.tag == INTEGER
                        && f.value.first().is_some_and(|b| b & 0x80 == 0)
                        && f.value.len() <= 4
                };
                let path_len = match fields.as_slice() {
                    [first] | [_, first] if first.tag == INTEGER => Some(first),
                    _ => None,
                };
                if fields.len() > 2
                    || (fields.len() == 2 && path_len.is_none())
                    || path_len.is_some_and(|f| !path_len_ok(f))
                {
                    return None;
                }
            }
            // 2.5.29.37 extKeyUsage ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
            [0x55, 0x1D, 0x25] => cert.ext_key_usage = Some(ext_key_usage(body)?),
            _ => {}
        }
        if critical {
            let dotted = oid_string(oid.value).ok()?;
            if !KNOWN_EXTENSIONS.contains(&dotted.as_str()) {
                cert.unknown_critical.push(dotted);
            }
        }
    }
    Some(())
}

/// The KeyPurposeIds of an extKeyUsage value (RFC 5280 §4.2.1.12: a non-empty SEQUENCE OF
/// OBJECT IDENTIFIER), dotted; `None` when it is not exactly that in DER.
pub(super) fn ext_key_usage(body: &[u8]) -> Option<Vec<String>> {
    let (t, rest) = parse_one(body).ok()?;
    if t.tag != SEQUENCE || !rest.is_empty() {
        return None;
    }
    let purposes = kids(&t)?;
    if purposes.is_empty() {
        return None;
    }
    purposes
        .iter()
        .map(|p| (p.tag == OID).then(|| oid_string(p.value).ok()).flatten())
        .collect()
}

/// A UTCTime `YYMMDDhhmmssZ` (RFC 5280 §4.1.2.5.1: 1950–2049) or GeneralizedTime
/// `YYYYMMDDhhmmssZ` (§4.1.2.5.2) as seconds since the Unix epoch.
pub(crate) fn time(t: &Tlv<'_>) -> Option<i64> {
    let digits = |s: &[u8]| -> Option<i64> {
        s.iter().try_fold(0i64, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
        })
    };
    let (year, rest) = match (t.tag, t.value.len()) {
        (UTC_TIME, 13) => {
            let yy = digits(t.value.get(..2)?)?;
            (
                if yy >= 50 { 1900 + yy } else { 2000 + yy },
                t.value.get(2..)?,
            )
        }
        (GENERALIZED_TIME, 15) => (digits(t.value.get(..4)?)?, t.value.get(4..)?),
        _ => return None,
    };
    if rest.last() != Some(&b'Z') {
        return None;
    }
    let field = |i: usize| digits(rest.get(i..i + 2)?);
    let (month, day, hour, minute, second) =
        (field(0)?, field(2)?, field(4)?, field(6)?, field(8)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let max_day = *month_days.get(usize::try_from(month).ok()?.checked_sub(1)?)?;
    if !(1..=max_day).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let midnight =
        super::check::date_to_time(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)?;
    Some(midnight + hour * 3600 + minute * 60 + second)
}

/// A name's RDNs (RFC 5280 §4.1.2.4): SEQUENCE OF SET OF SEQUENCE { type OID, value }.
pub(super) fn name_attributes<'a>(name: &Tlv<'a>) -> Option<Vec<(&'a [u8], Tlv<'a>)>> {
    let mut out = Vec::new();
    for rdn in kids(name)? {
        if rdn.tag != SET {
            return None;
        }
        let atvs = kids(&rdn)?;
        if atvs.is_empty() {
            return None;
        }
        for atv in atvs {
            if atv.tag != SEQUENCE {
                return None;
            }
            let parts = kids(&atv)?;
            let [oid, value] = parts.as_slice() else {
                return None;
            };
            // Values of a primitive universal type only: x509-parser reads other classes,
            // and constructed strings (which DER forbids), by tag number alone; leave those
            // to it.
            if oid.tag != OID || value.tag > 0x1E {
                return None;
            }
            out.push((oid.value, *value));
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::cms::parse_content_info;

    /// Every certificate of a master list, DER.
    fn list_certificates(ml: &[u8]) -> Vec<Vec<u8>> {
        let sd = parse_content_info(ml).unwrap();
        let content = sd.content.as_deref().unwrap().to_vec();
        let list = parse_one(&content).unwrap().0;
        let set = list.children().nth(1).unwrap().unwrap();
        let mut out: Vec<Vec<u8>> = set.children().map(|c| c.unwrap().raw.to_vec()).collect();
        out.extend(sd.certificates.iter().map(|c| c.to_vec()));
        out
    }

    /// The fast walk and x509-parser agree on every field of every certificate at hand:
    /// the German and Dutch master lists (about 1000 CSCA and link certificates from more
    /// than 100 states), their roots and the test PKI.
    #[test]
    fn fast_path_matches_x509_parser_on_real_certificates() {
        let dir = crate::test_vectors_dir().join("masterlists");
        let mut ders = Vec::new();
        for name in ["DE_ML_2026-05-28-08-28-45.ml", "NL_ML_2026-07-22.ml"] {
            ders.extend(list_certificates(&std::fs::read(dir.join(name)).unwrap()));
        }
        for name in ["DE_ROOT_CA_CSCA07.cer", "NL_ROOT_CA.cer"] {
            ders.push(std::fs::read(dir.join(name)).unwrap());
        }
        let pki = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pki");
        for entry in std::fs::read_dir(pki).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if (name.starts_with("dsc_") || name.starts_with("csca")) && name.ends_with(".der") {
                ders.push(std::fs::read(path).unwrap());
            }
        }
        assert!(ders.len() > 1000, "{}", ders.len());
        let mut fast = 0;
        for der in &ders {
            let slow = Certificate::from_der_x509(der);
            match parse(der) {
                Some(cert) => {
                    fast += 1;
                    let same = format!("{cert:?}") == format!("{:?}", slow.unwrap());
                    assert!(same, "{}", cert.subject.display());
                }
                None => assert!(slow.is_err() || Certificate::from_der(der).is_ok()),
            }
        }
        // Nearly all take the fast path (the rest still parse, through x509-parser).
        assert!(fast * 100 >= ders.len() * 95, "{fast} of {}", ders.len());
    }

    /// Damaged certificates: whatever the fast walk accepts, x509-parser accepts with the
    /// same content; truncations and flipped bytes never panic.
    #[test]
    fn damaged_certificates_agree_or_fall_back() {
        let pki = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/pki");
        let der = std::fs::read(pki.join("csca.der")).unwrap();
        for cut in (0..der.len()).step_by(13) {
            assert!(parse(&der[..cut]).is_none());
            let _ = Certificate::from_der(&der[..cut]);
        }
        for (i, mask) in (0..der.len()).flat_map(|i| [(i, 0x01u8), (i, 0x41), (i, 0x80)]) {
            let mut bad = der.clone();
            bad[i] ^= mask;
            if let Some(cert) = parse(&bad) {
                // Changed content bytes (names, keys, signature) may still parse; the summary
                // must then match x509-parser's when that accepts it too.
                if let Ok(slow) = Certificate::from_der_x509(&bad) {
                    let same = format!("{cert:?}") == format!("{slow:?}");
                    assert!(same, "byte {i}");
                }
            }
        }
    }

    #[test]
    fn times_convert_like_x509_parser() {
        let t = |tag: u32, s: &str| {
            let der = crate::tlv::tlv(tag, s.as_bytes());
            time(&parse_one(&der).unwrap().0)
        };
        assert_eq!(t(UTC_TIME, "700101000000Z"), Some(0));
        assert_eq!(t(UTC_TIME, "491231235959Z"), Some(2_524_607_999));
        assert_eq!(t(UTC_TIME, "500101000000Z"), Some(-631_152_000));
        assert_eq!(t(GENERALIZED_TIME, "20240229120000Z"), Some(1_709_208_000));
        assert_eq!(t(GENERALIZED_TIME, "20230229120000Z"), None);
        assert_eq!(t(UTC_TIME, "7001010000Z"), None);
        assert_eq!(t(UTC_TIME, "700101000000+"), None);
        assert_eq!(t(UTC_TIME, "701301000000Z"), None);
        assert_eq!(t(0x04, "700101000000Z"), None);
    }
}
