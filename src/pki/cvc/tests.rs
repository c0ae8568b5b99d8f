//! Tests of the CV certificate codec and chain checks: BSI's published German CVCA
//! certificates (testdata/cvca) and the generated test PKI.

use super::testing::{self, TestChain, date};
use super::*;
use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;

fn testdata(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/cvca")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn german_cvca_certificates_parse_verify_and_round_trip() {
    let c102 = CvCertificate::parse(&testdata("DECVCAeID00102.cvcert")).unwrap();
    let c103 = CvCertificate::parse(&testdata("DECVCAeID00103.cvcert")).unwrap();
    let link = CvCertificate::parse(&testdata("DECVCAeID00102_DECVCAeID00103.cvcert")).unwrap();
    let test4 = CvCertificate::parse(&testdata("DETESTeID00004.cvcert")).unwrap();
    assert_eq!(c102.body.chr, "DECVCAeID00102");
    assert_eq!(c102.body.car, "DECVCAeID00102");
    assert_eq!(c102.body.profile, 0);
    assert_eq!(c102.body.effective, date("2010-10-18"));
    assert_eq!(c102.body.expiration, date("2013-10-18"));
    assert_eq!(
        c102.body.chat.terminal_type,
        TerminalType::AuthenticationTerminal
    );
    assert_eq!(c102.body.chat.role, Role::Cvca);
    assert!(c102.body.chat.grants(AccessRight::ReadEidDg(1)));
    assert!(c102.body.chat.grants(AccessRight::WriteEidDg(17)));
    assert!(c102.body.chat.grants(AccessRight::AgeVerification));
    assert_eq!(
        c102.body.public_key.algorithm,
        Some(CvcKeyAlgorithm::Ecdsa(HashAlgorithm::Sha256))
    );
    assert_eq!(
        c102.body.public_key.own_curve(),
        Some(NamedCurve::BrainpoolP256r1)
    );
    assert_eq!(
        (link.body.car.as_str(), link.body.chr.as_str()),
        ("DECVCAeID00102", "DECVCAeID00103")
    );
    for cert in [&c102, &c103, &test4] {
        verify_self_signed(cert).unwrap();
        // Re-encoding the parsed body gives back the signed bytes exactly.
        assert_eq!(cert.body.encode(), cert.body_raw);
        assert_eq!(
            cert.body.clone().signed(cert.signature.clone()).to_bytes(),
            cert.raw
        );
    }
    // The link certificate is signed with the old CVCA key and carries the new key.
    let check = verify_chain(
        std::slice::from_ref(&c102),
        std::slice::from_ref(&link),
        Validity::At(date("2013-06-01")),
    )
    .unwrap();
    assert_eq!(
        (check.cvca.as_str(), check.holder.as_str()),
        ("DECVCAeID00102", "DECVCAeID00103")
    );
    assert_eq!(link.body.public_key, c103.body.public_key);
    // Not signed by the test CVCA, and out of date today.
    assert!(matches!(
        verify_chain(
            std::slice::from_ref(&test4),
            std::slice::from_ref(&link),
            Validity::At(date("2013-06-01"))
        ),
        Err(ChainError::UnknownCvca { .. })
    ));
    assert!(matches!(
        verify_chain(
            std::slice::from_ref(&c102),
            std::slice::from_ref(&link),
            Validity::At(date("2026-11-22"))
        ),
        Err(ChainError::Expired { .. })
    ));
    // One flipped signature bit breaks it.
    let mut bad = link.clone();
    bad.signature[5] ^= 0x01;
    assert!(matches!(
        verify_chain(
            std::slice::from_ref(&c102),
            &[bad],
            Validity::At(date("2013-06-01"))
        ),
        Err(ChainError::Signature { .. })
    ));
}

#[test]
fn dates_are_unpacked_bcd_and_reject_non_dates() {
    let d = CvcDate::parse(&[2, 6, 1, 1, 2, 2]).unwrap();
    assert_eq!(d.to_string(), "2026-11-22");
    assert_eq!(d.encode(), [2, 6, 1, 1, 2, 2]);
    assert!(CvcDate::parse(&[2, 6, 1, 3, 0, 1]).is_err());
    assert!(CvcDate::parse(&[2, 5, 0, 2, 2, 9]).is_err());
    assert!(CvcDate::parse(&[2, 4, 0, 2, 2, 9]).is_ok());
    assert!(CvcDate::parse(&[0x32, 6, 1, 1, 2, 2]).is_err());
    assert!(CvcDate::parse(&[2, 6, 1, 1, 2]).is_err());
}

#[test]
fn chat_bits_follow_the_role_and_right_tables() {
    let is = Chat::new(
        TerminalType::InspectionSystem,
        Role::Terminal,
        &[AccessRight::ReadDg3, AccessRight::ReadDg4],
    );
    assert_eq!(
        is.encode(),
        [
            0x7F, 0x4C, 0x0E, 0x06, 0x09, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x01, 0x02, 0x01,
            0x53, 0x01, 0x03
        ]
    );
    let dv = Chat::parse(
        &Chat::new(
            TerminalType::InspectionSystem,
            Role::DvForeign,
            &[AccessRight::ReadDg4],
        )
        .encode()[3..],
    )
    .unwrap();
    assert_eq!(dv.role, Role::DvForeign);
    assert_eq!(dv.granted(), vec![AccessRight::ReadDg4]);
    assert_eq!(is.intersect(&dv).granted(), vec![AccessRight::ReadDg4]);
    let at = Chat::new(
        TerminalType::AuthenticationTerminal,
        Role::Cvca,
        &[
            AccessRight::ReadEidDg(1),
            AccessRight::WriteEidDg(17),
            AccessRight::AgeVerification,
        ],
    );
    // Role 11 in bits 39-38, write DG17 bit 37, read DG1 bit 8, age verification bit 0.
    assert_eq!(&at.encode()[16..], &[0xE0, 0x00, 0x00, 0x01, 0x01]);
    assert_eq!(Chat::parse(&at.encode()[3..]).unwrap(), at);
    // Wrong length of the discretionary data for the type, and unknown types.
    assert!(
        Chat::parse(&[
            0x06, 0x09, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x01, 0x02, 0x01, 0x53, 0x02, 0, 0
        ])
        .is_err()
    );
    assert!(
        Chat::parse(&[
            0x06, 0x09, 0x04, 0x00, 0x7F, 0x00, 0x07, 0x03, 0x01, 0x02, 0x09, 0x53, 0x01, 0
        ])
        .is_err()
    );
}

#[test]
fn generated_chains_check_as_designed() {
    let anchors = testing::chip_anchors();
    let today = Validity::At(date("2026-11-22"));
    let (chain, _) = TestChain::Valid.build();
    let c = verify_chain(&anchors, &chain, today).unwrap();
    assert_eq!(c.holder, "DETIS0000001");
    assert_eq!(c.holder_role, Role::Terminal);
    assert_eq!(
        c.effective.granted(),
        vec![AccessRight::ReadDg3, AccessRight::ReadDg4]
    );
    assert_eq!(c.curve, Some(NamedCurve::BrainpoolP256r1));
    let (chain, _) = TestChain::NoBiometrics.build();
    assert!(
        verify_chain(&anchors, &chain, today)
            .unwrap()
            .effective
            .granted()
            .is_empty()
    );
    let (chain, _) = TestChain::AuthenticationTerminal.build();
    let c = verify_chain(&anchors, &chain, today).unwrap();
    assert_eq!(
        c.effective.terminal_type,
        TerminalType::AuthenticationTerminal
    );
    assert!(c.effective.grants(AccessRight::ReadEidDg(2)));
    let (chain, _) = TestChain::ViaLink.build();
    assert_eq!(
        verify_chain(&anchors, &chain, today).unwrap().cvca,
        testing::CVCA_IS
    );
    let (chain, _) = TestChain::Expired.build();
    assert!(matches!(
        verify_chain(&anchors, &chain, today),
        Err(ChainError::Expired { .. })
    ));
    // The chip only knows its current date: before it learns of a later one it accepts.
    let c = verify_chain(&anchors, &chain, Validity::ChipDate(date("2025-06-01"))).unwrap();
    assert_eq!(c.chip_date, Some(date("2026-01-01")));
    assert!(verify_chain(&anchors, &chain, Validity::ChipDate(date("2026-06-01"))).is_err());
    let (chain, _) = TestChain::Foreign.build();
    assert!(matches!(
        verify_chain(&anchors, &chain, today),
        Err(ChainError::UnknownCvca { .. })
    ));
    // Generation is deterministic.
    assert_eq!(TestChain::Valid.build().0, TestChain::Valid.build().0);
    // A DV's rights narrow the terminal's: a DV without DG4 passes on DG3 only.
    let dv = testing::issue(
        &testing::Spec {
            chr: "DETDVIS00009",
            terminal_type: TerminalType::InspectionSystem,
            role: Role::DvDomestic,
            rights: &[AccessRight::ReadDg3],
            effective: "2026-01-01",
            expiration: "2027-12-31",
        },
        testing::CVCA_IS,
    );
    let is = testing::issue(
        &testing::Spec {
            chr: "DETIS0000009",
            terminal_type: TerminalType::InspectionSystem,
            role: Role::Terminal,
            rights: &[AccessRight::ReadDg3, AccessRight::ReadDg4],
            effective: "2026-01-01",
            expiration: "2026-12-31",
        },
        "DETDVIS00009",
    );
    let c = verify_chain(&anchors, &[dv.clone(), is.clone()], today).unwrap();
    assert_eq!(c.effective.granted(), vec![AccessRight::ReadDg3]);
    // Out of order, or a terminal issuing a terminal, is refused.
    assert!(verify_chain(&anchors, &[is.clone(), dv], today).is_err());
    let is2 = testing::issue(
        &testing::Spec {
            chr: "DETIS0000010",
            terminal_type: TerminalType::InspectionSystem,
            role: Role::Terminal,
            rights: &[],
            effective: "2026-01-01",
            expiration: "2026-12-31",
        },
        "DETIS0000009",
    );
    assert!(matches!(
        verify_chain(
            &anchors,
            &[testing::TestChain::Valid.build().0[0].clone(), is, is2],
            today
        ),
        Err(ChainError::Broken { .. } | ChainError::Role { .. })
    ));
    assert!(matches!(
        verify_chain(&anchors, &[], today),
        Err(ChainError::Empty)
    ));
}

#[test]
fn hostile_bytes_are_errors_never_panics() {
    let good = testdata("DECVCAeID00102.cvcert");
    for cut in 0..good.len() {
        assert!(CvCertificate::parse(&good[..cut]).is_err(), "cut at {cut}");
        fuzz_check(&good[..cut]);
    }
    fuzz_check(&good);
    // Every single-byte change either parses or errors; none panics.
    for i in 0..good.len() {
        let mut b = good.clone();
        b[i] ^= 0xFF;
        fuzz_check(&b);
    }
    assert!(matches!(
        CvCertificate::parse(&[0x30, 0x00]),
        Err(CvcError::Bad { .. })
    ));
}
