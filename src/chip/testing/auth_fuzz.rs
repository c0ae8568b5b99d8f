//! The `chip_auth` fuzz property: the terminal side of BAC, chip authentication v1 and v2,
//! Terminal Authentication and active authentication against a hostile chip whose answers come
//! from the fuzzer never panics, and a hostile chip never authenticates: BAC never ends with a
//! session, CA and AA are never `Passed`, and a Terminal Authentication that the chip accepts
//! sent exactly the chain and a signature over the chip's own challenge.

use crate::chip::ChipSession;
use crate::chip::auth::aa::active_authentication;
use crate::chip::auth::auth_key::AuthStatus;
use crate::chip::auth::ca::chip_authentication;
use crate::chip::auth::ca::group::CaGroup;
use crate::chip::auth::ca::v2::{EphemeralKey, chip_authentication_v2};
use crate::chip::testing::hostile::Hostile;
use crate::chip::transport::replay::RecordedRandoms;
use crate::crypto::curves::NamedCurve;
use crate::lds::{Dg15, PublicKeyInfo, SecurityInfo, SecurityInfos};

/// The MRZ information of ICAO 9303-11 Appendix D (document L898902C<, born 690806, expiring
/// 940623).
const MRZ_INFORMATION: &[u8] = b"L898902C<369080619406236";

/// Commands any one run may send; more would mean a loop the chip keeps going.
const COMMAND_LIMIT: usize = 64;

/// id-PK-ECDH (BSI TR-03110-3 A.1.1.2).
const ID_PK_ECDH: &str = "0.4.0.127.0.7.2.2.1.2";
/// id-CA-ECDH-AES-CBC-CMAC-128.
const ID_CA_ECDH_AES128: &str = "0.4.0.127.0.7.2.2.3.2.2";

fn rng() -> RecordedRandoms {
    RecordedRandoms::new((0..=255u8).cycle().take(4096).collect())
}

/// The public point of the private key `scalar` on `curve`.
fn point(curve: NamedCurve, scalar: u8) -> Vec<u8> {
    let mut private = vec![0u8; curve.field_len()];
    if let Some(last) = private.last_mut() {
        *last = scalar;
    }
    CaGroup::Ec(curve).public_key(&private).unwrap_or_default()
}

/// A chip key on `curve` (key id 1), announced by a ChipAuthenticationInfo of `version` when
/// given.
fn ca_infos(curve: NamedCurve, version: Option<u64>) -> SecurityInfos {
    let mut infos = vec![SecurityInfo::ChipAuthenticationPublicKey {
        protocol: ID_PK_ECDH.into(),
        public_key: PublicKeyInfo::ec_named(curve.params().oid, point(curve, 0x2A)),
        key_id: Some(1),
    }];
    if let Some(version) = version {
        infos.push(SecurityInfo::ChipAuthentication {
            protocol: ID_CA_ECDH_AES128.into(),
            version,
            key_id: Some(1),
        });
    }
    SecurityInfos { infos }
}

/// An AA key: RSA-1024 (an odd modulus of the right size) or ECDSA on P-256.
fn aa_key(rsa: bool) -> Dg15 {
    let public_key = if rsa {
        let mut modulus = vec![0xC3u8; 128];
        if let Some(last) = modulus.last_mut() {
            *last = 0x3B;
        }
        PublicKeyInfo::rsa(modulus, vec![0x01, 0x00, 0x01])
    } else {
        PublicKeyInfo::ec_named(NamedCurve::P256.params().oid, point(NamedCurve::P256, 7))
    };
    Dg15 { public_key }
}

/// Input: one byte choosing the protocol (BAC, CA v1 with GENERAL AUTHENTICATE, CA v1 with
/// MSE:Set KAT, CA v2, TA v2, TA v1 as after BAC, AA with RSA, AA with ECDSA), then the
/// chip's responses as [`Hostile`] chunks.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let Some((which, responses)) = data.split_first() else {
        return;
    };
    let mut rng = rng();
    let mut chip = Hostile::new(responses, COMMAND_LIMIT);
    match which % 8 {
        0 => {
            let r = ChipSession::bac(&mut chip, MRZ_INFORMATION, &mut rng);
            assert!(r.is_err(), "a hostile chip completed BAC");
        }
        1 | 2 => {
            let (curve, version) = if which % 8 == 1 {
                (NamedCurve::P256, Some(1))
            } else {
                (NamedCurve::BrainpoolP256r1, None)
            };
            let mut session = ChipSession::new(&mut chip);
            let r = chip_authentication(&mut session, &ca_infos(curve, version), true, &mut rng);
            if let Ok(r) = r {
                assert_ne!(r.status, AuthStatus::Passed, "a hostile chip passed CA v1");
            }
        }
        3 => {
            let infos = ca_infos(NamedCurve::P256, Some(2));
            let Ok(ephemeral) = EphemeralKey::draw(CaGroup::Ec(NamedCurve::P256), &mut rng) else {
                return;
            };
            let mut session = ChipSession::new(&mut chip);
            if let Ok(r) = chip_authentication_v2(&mut session, &infos, &ephemeral, true) {
                assert_ne!(r.status, AuthStatus::Passed, "a hostile chip passed CA v2");
                assert!(
                    r.status == AuthStatus::Failed || session.secure_messaging().is_none(),
                    "CA v2 left secure messaging after {:?}",
                    r.status
                );
            }
        }
        4 | 5 => terminal_authentication(which % 8 == 4, responses),
        _ => {
            let dg15 = aa_key(which % 8 == 6);
            let mut session = ChipSession::new(&mut chip);
            if let Ok(r) = active_authentication(&mut session, &dg15, None, true, &mut rng) {
                assert_ne!(r.status, AuthStatus::Passed, "a hostile chip passed AA");
            }
        }
    }
    assert!(!chip.over_limit(), "more than {COMMAND_LIMIT} commands");
}

/// Terminal Authentication with the test PKI's valid inspection-system chain: version 2 sent
/// directly, or version 1 as the pipeline runs it after BAC (EF.CVCA read, chain chosen and
/// checked by the desk's date).
#[cfg(any(test, feature = "emulator"))]
fn terminal_authentication(v2: bool, responses: &[u8]) {
    use crate::chip::auth::ta::run::{Terminal, after_chip_authentication};
    use crate::chip::auth::ta::{TaVersion, TerminalAuthentication, signed_message};
    use crate::pki::cvc::testing::{self, TestChain, TestTerminalKey};
    use std::sync::OnceLock;

    static PKI: OnceLock<(Vec<crate::pki::cvc::CvCertificate>, TestTerminalKey)> = OnceLock::new();
    let (chain, key) = PKI.get_or_init(|| {
        let (chain, terminal) = TestChain::Valid.build();
        (chain, TestTerminalKey::new(&terminal))
    });
    let mut chip = Hostile::new(responses, COMMAND_LIMIT).recording();
    let mut session = ChipSession::new(&mut chip);
    let ephemeral = point(NamedCurve::BrainpoolP256r1, 9);
    let ta = TerminalAuthentication {
        chain,
        signer: key,
        version: if v2 { TaVersion::V2 } else { TaVersion::V1 },
        id_picc: MRZ_INFORMATION.get(..10).unwrap_or_default().to_vec(),
        ephemeral_compressed: crate::chip::auth::ta::compress(&ephemeral),
        auxiliary_data: v2.then(|| vec![0x73, 0x00]),
    };
    let accepted = if v2 {
        let r = session.terminal_authentication(&ta);
        if let Ok(outcome) = &r {
            let chrs: Vec<&str> = chain.iter().map(|c| c.body.chr.as_str()).collect();
            assert_eq!(outcome.certificates, chrs);
        }
        r.is_ok()
    } else {
        let mut certificates = chain.clone();
        certificates.push(testing::cvca(testing::CVCA_IS));
        let terminal = Terminal {
            certificates,
            signer: key,
        };
        let attempt = after_chip_authentication(
            &mut session,
            &ta.id_picc,
            &ephemeral,
            &terminal,
            testing::date("2026-06-01"),
        );
        if attempt.result.is_ok() {
            assert_eq!(
                attempt.rights.map(|r| r.rights),
                chain
                    .last()
                    .zip(chain.first())
                    .map(|(t, dv)| t.body.chat.rights & dv.body.chat.rights)
            );
        }
        attempt.result.is_ok()
    };
    drop(session);
    assert!(!chip.over_limit(), "more than {COMMAND_LIMIT} commands");
    if !accepted {
        return;
    }
    // The chip accepted: the last command was EXTERNAL AUTHENTICATE with a signature over
    // ID_PICC ‖ the challenge the chip gave ‖ Comp(PK_PCD), under the terminal's key.
    let (Some(sent), Some(terminal)) = (chip.sent.as_ref(), chain.last()) else {
        panic!("nothing recorded");
    };
    let challenge = challenge_answer(sent, responses);
    let last = sent
        .iter()
        .rev()
        .find(|c| c.get(1) == Some(&0x82))
        .map(Vec::as_slice)
        .unwrap_or_default();
    let signature = crate::chip::CommandApdu::parse(last)
        .map(|(cmd, _)| cmd.data)
        .unwrap_or_default();
    let key = terminal.body.public_key.to_public_key(Some(testing::CURVE));
    let message = signed_message(&ta, &challenge);
    assert!(
        crate::crypto::signature::verify(
            &key,
            &testing::ALGORITHM.signature_algorithm(),
            &message,
            &signature
        )
        .is_ok(),
        "the terminal's signature does not cover the chip's challenge"
    );
}

/// The data of the chip's answer to the last GET CHALLENGE in `sent` (answers replayed from
/// `responses`), with what GET RESPONSE fetched after a 61xx.
#[cfg(any(test, feature = "emulator"))]
fn challenge_answer(sent: &[Vec<u8>], responses: &[u8]) -> Vec<u8> {
    let mut answers = Hostile::new(responses, usize::MAX);
    let mut challenge = Vec::new();
    let mut collecting = false;
    for command in sent {
        let answer = answers.next_chunk().unwrap_or_default();
        let data = answer
            .get(..answer.len().saturating_sub(2))
            .unwrap_or_default();
        match command.get(1) {
            Some(0x84) => {
                challenge = data.to_vec();
                collecting = true;
            }
            Some(0xC0) if collecting => challenge.extend_from_slice(data),
            _ => collecting = false,
        }
    }
    challenge
}

#[cfg(not(any(test, feature = "emulator")))]
fn terminal_authentication(_v2: bool, _responses: &[u8]) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::testing::hostile::encode_chunk;

    fn input(which: u8, answers: &[&[u8]]) -> Vec<u8> {
        let mut out = vec![which];
        for a in answers {
            encode_chunk(a, &mut out);
        }
        out
    }

    /// A chip that accepts every step of Terminal Authentication gets the chain and a
    /// signature over its challenge: the property's positive side holds.
    #[test]
    fn an_accepting_chip_gets_a_signature_over_its_challenge() {
        let ok: &[u8] = &[0x90, 0x00];
        let challenge: &[u8] = &[1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00];
        fuzz_check(&input(4, &[ok, ok, ok, ok, ok, challenge, ok]));
    }

    /// Every committed seed runs clean, and the TA seeds are accepted by the terminal (the
    /// signature check of the property runs on them).
    #[test]
    fn the_seeds_hold() {
        for (name, seed) in seeds() {
            fuzz_check(&seed);
            crate::write_fuzz_seed("chip_auth", &format!("seed_{name}"), &seed);
        }
    }

    /// The committed seeds: one per protocol, each a chip that answers every step with success
    /// (and well-formed data where the terminal parses it), so the runs reach their last checks.
    fn seeds() -> Vec<(String, Vec<u8>)> {
        use crate::chip::testing::hostile::encode_chunk;
        let input = |which: u8, answers: &[&[u8]]| {
            let mut out = vec![which];
            for a in answers {
                encode_chunk(a, &mut out);
            }
            out
        };
        let ok: &[u8] = &[0x90, 0x00];
        let challenge: &[u8] = &[0x46, 0x08, 0xF9, 0x19, 0x88, 0x70, 0x22, 0x12, 0x90, 0x00];
        let mut bac_answer = vec![0xA5; 40];
        bac_answer.extend([0x90, 0x00]);
        let mut ca_v2 = crate::tlv::tlv(0x81, &[1; 8]);
        ca_v2.extend(crate::tlv::tlv(0x82, &[2; 8]));
        let mut ca_v2 = crate::tlv::tlv(0x7C, &ca_v2);
        ca_v2.extend([0x90, 0x00]);
        let mut ef_cvca = crate::tlv::tlv(0x42, crate::pki::cvc::testing::CVCA_IS.as_bytes());
        ef_cvca.extend([0x90, 0x00]);
        let mut rsa = vec![0x6A; 128];
        rsa.extend([0x90, 0x00]);
        let mut ecdsa = vec![0x11; 64];
        ecdsa.extend([0x90, 0x00]);
        vec![
            ("bac".into(), input(0, &[challenge, &bac_answer])),
            (
                "ca_v1_general_authenticate".into(),
                input(
                    1,
                    &[
                        ok,
                        ok,
                        &[
                            0x99, 0x02, 0x90, 0x00, 0x8E, 0x08, 1, 2, 3, 4, 5, 6, 7, 8, 0x90, 0x00,
                        ],
                    ],
                ),
            ),
            ("ca_v1_set_kat".into(), input(2, &[ok, ok])),
            ("ca_v2".into(), input(3, &[ok, &ca_v2])),
            (
                "ta_v2".into(),
                input(4, &[ok, ok, ok, ok, ok, challenge, ok]),
            ),
            (
                "ta_v1".into(),
                input(5, &[ok, &ef_cvca, ok, ok, ok, ok, ok, challenge, ok]),
            ),
            ("aa_rsa".into(), input(6, &[&rsa])),
            ("aa_ecdsa".into(), input(7, &[&ecdsa])),
        ]
    }
}
