//! BSI's "Worked Example for Extended Access Control" (testdata/eac, see its README): the
//! example's CVCA, DV and terminal certificates parse, re-encode byte for byte, verify along
//! the chain, and decode to the roles, rights, keys and dates the example states.

use super::testing::date;
use super::*;
use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;
use serde_json::Value;

/// One of the example's two runs, `ecdh` or `dh`, as stored in testdata/eac.
pub(crate) fn load(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/eac")
        .join(format!("worked_example_{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The bytes at JSON `pointer` (a hex string).
pub(crate) fn hex(v: &Value, pointer: &str) -> Vec<u8> {
    let s = v
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no {pointer}"));
    ::hex::decode(s).unwrap()
}

/// The example's CVCA, DV and terminal certificates, parsed.
pub(crate) fn certificates(v: &Value) -> [CvCertificate; 3] {
    ["cvca", "dv", "terminal"]
        .map(|which| CvCertificate::parse(&hex(v, &format!("/certificates/{which}"))).unwrap())
}

/// What every certificate of the example must satisfy: the published bytes come back from
/// the parsed values; the CVCA is self-signed, the DV signed by the CVCA, the terminal by the
/// DV (EC keys on `curve`, the CVCA's); a changed signature or body no longer verifies.
fn round_trips_and_signatures_verify(
    certs: &[CvCertificate; 3],
    raw: &[Vec<u8>],
    curve: Option<NamedCurve>,
) {
    for (cert, raw) in certs.iter().zip(raw) {
        assert_eq!(&cert.raw, raw, "{}", cert.body.chr);
        assert_eq!(cert.to_bytes(), *raw);
        assert_eq!(cert.body.encode(), cert.body_raw, "{}", cert.body.chr);
        assert_eq!(
            cert.body.clone().signed(cert.signature.clone()).to_bytes(),
            *raw
        );
    }
    verify_self_signed(&certs[0]).unwrap();
    verify_issued_by(&certs[0], &certs[0], curve).unwrap();
    for pair in certs.windows(2) {
        let (issuer, cert) = (&pair[0], &pair[1]);
        assert_eq!(cert.body.car, issuer.body.chr);
        verify_issued_by(issuer, cert, curve).unwrap();
        let mut bad = cert.clone();
        bad.signature[5] ^= 0x01;
        assert!(verify_issued_by(issuer, &bad, curve).is_err());
        let mut bad = cert.clone();
        bad.body_raw[20] ^= 0x01;
        assert!(verify_issued_by(issuer, &bad, curve).is_err());
        // Not the other way round.
        assert!(verify_issued_by(cert, issuer, curve).is_err());
    }
    let mut bad = certs[0].clone();
    bad.signature[5] ^= 0x01;
    assert!(verify_self_signed(&bad).is_err());
}

fn raw(v: &Value) -> Vec<Vec<u8>> {
    ["cvca", "dv", "terminal"]
        .iter()
        .map(|w| hex(v, &format!("/certificates/{w}")))
        .collect()
}

fn ta_oid(tail: &str) -> String {
    format!("0.4.0.127.0.7.2.2.2.{tail}")
}

/// The example's chains mix terminal types: an inspection-system CVCA (one-byte template C3:
/// CVCA, DG3 and DG4) signs authentication-terminal DV and terminal certificates. A chip
/// following BSI TR-03110-3 §C.4 refuses the DV for it; the signatures still verify.
fn check_chats_and_chain(certs: &[CvCertificate; 3], valid_on: &str) {
    let [cvca, dv, terminal] = certs;
    assert_eq!(cvca.body.chat.terminal_type, TerminalType::InspectionSystem);
    assert_eq!(cvca.body.chat.role, Role::Cvca);
    assert_eq!(
        cvca.body.chat.granted(),
        [AccessRight::ReadDg3, AccessRight::ReadDg4]
    );
    assert_eq!(&cvca.body.chat.encode()[14..], [0x53, 0x01, 0xC3]);
    // DV 80 1F FF FF 10: domestic DV, read eID DG1–DG21, CAN allowed.
    assert_eq!(
        dv.body.chat.terminal_type,
        TerminalType::AuthenticationTerminal
    );
    assert_eq!(dv.body.chat.role, Role::DvDomestic);
    let mut dv_rights = vec![AccessRight::CanAllowed];
    dv_rights.extend((1..=21).map(AccessRight::ReadEidDg));
    assert_eq!(dv.body.chat.granted(), dv_rights);
    assert_eq!(
        &dv.body.chat.encode()[14..],
        [0x53, 0x05, 0x80, 0x1F, 0xFF, 0xFF, 0x10]
    );
    // Terminal 00 00 00 01 10: read eID DG1, CAN allowed.
    assert_eq!(
        terminal.body.chat.terminal_type,
        TerminalType::AuthenticationTerminal
    );
    assert_eq!(terminal.body.chat.role, Role::Terminal);
    assert_eq!(
        terminal.body.chat.granted(),
        [AccessRight::CanAllowed, AccessRight::ReadEidDg(1)]
    );
    assert_eq!(
        Chat::new(
            TerminalType::AuthenticationTerminal,
            Role::Terminal,
            &[AccessRight::ReadEidDg(1), AccessRight::CanAllowed]
        )
        .encode(),
        terminal.body.chat.encode()
    );
    let chain = [dv.clone(), terminal.clone()];
    assert!(matches!(
        verify_chain(std::slice::from_ref(cvca), &chain, Validity::At(date(valid_on))),
        Err(ChainError::Role { ref chr, .. }) if chr == "DETESTDVDE019"
    ));
}

/// The references (CVCA `cvca` → DV `DETESTDVDE019` → terminal `DETESTATDE019`), profile,
/// algorithm `oid_tail` and the 128-byte signatures every certificate of a run has, and its
/// validity periods `dates` (CVCA, DV, terminal).
fn check_common(
    certs: &[CvCertificate; 3],
    cvca: &str,
    algorithm: CvcKeyAlgorithm,
    oid_tail: &str,
    dates: [(&str, &str); 3],
) {
    let expected = [
        (cvca, cvca),
        (cvca, "DETESTDVDE019"),
        ("DETESTDVDE019", "DETESTATDE019"),
    ];
    for ((c, (car, chr)), (effective, expiration)) in certs.iter().zip(expected).zip(dates) {
        assert_eq!((c.body.car.as_str(), c.body.chr.as_str()), (car, chr));
        assert_eq!(c.body.profile, 0);
        assert_eq!(c.body.public_key.oid, ta_oid(oid_tail));
        assert_eq!(c.body.public_key.algorithm, Some(algorithm));
        assert_eq!(c.signature.len(), 128, "{chr}");
        assert!(c.body.extensions.is_none());
        assert_eq!(
            (c.body.effective, c.body.expiration),
            (date(effective), date(expiration)),
            "{chr}"
        );
    }
}

#[test]
fn ecdh_example_certificates_reproduce() {
    let v = load("ecdh");
    let certs = certificates(&v);
    let [cvca, dv, terminal] = &certs;
    check_common(
        &certs,
        "DECVCAAT00001",
        CvcKeyAlgorithm::Ecdsa(HashAlgorithm::Sha512),
        "2.5",
        [
            ("2010-09-30", "2011-09-25"),
            ("2010-09-30", "2010-10-30"),
            ("2010-09-30", "2010-10-30"),
        ],
    );
    // The CVCA carries brainpoolP512r1's parameters, the others inherit them.
    assert_eq!(
        cvca.body.public_key.own_curve(),
        Some(NamedCurve::BrainpoolP512r1)
    );
    let CvcKeyData::Ec {
        domain: Some(domain),
        point,
    } = &cvca.body.public_key.data
    else {
        panic!("CVCA: EC key with domain parameters")
    };
    assert_eq!(*domain, EcDomain::of(NamedCurve::BrainpoolP512r1));
    assert_eq!((point.len(), point[0]), (129, 4));
    for c in [dv, terminal] {
        assert!(matches!(
            &c.body.public_key.data,
            CvcKeyData::Ec { domain: None, point } if point.len() == 129 && point[0] == 4
        ));
    }
    check_chats_and_chain(&certs, "2010-10-01");
    round_trips_and_signatures_verify(&certs, &raw(&v), Some(NamedCurve::BrainpoolP512r1));
}

#[test]
fn dh_example_rsa_certificates_reproduce() {
    let v = load("dh");
    let certs = certificates(&v);
    check_common(
        &certs,
        "DETESTCVCA00003",
        CvcKeyAlgorithm::RsaPkcs1(HashAlgorithm::Sha1),
        "1.1",
        [
            ("2010-03-24", "2011-03-19"),
            ("2010-03-24", "2010-04-24"),
            ("2010-03-24", "2010-04-24"),
        ],
    );
    // id-TA-RSA-v1-5-SHA-1 with 1024-bit moduli and exponent 65537 in every certificate.
    for c in &certs {
        let CvcKeyData::Rsa { n, e } = &c.body.public_key.data else {
            panic!("{}: RSA key", c.body.chr)
        };
        assert_eq!((n.len(), n[0] & 0x80), (128, 0x80));
        assert_eq!(e.as_slice(), [1, 0, 1]);
    }
    check_chats_and_chain(&certs, "2010-04-01");
    round_trips_and_signatures_verify(&certs, &raw(&v), None);
}
