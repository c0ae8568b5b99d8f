//! PACE against the ICAO 9303-11 worked examples (Appendix G: Generic Mapping ECDH and DH;
//! Appendix H: Integrated Mapping ECDH and DH), every intermediate value, and byte-for-byte
//! replays of recorded PACE sessions with the recorded terminal keys injected.

use super::keys::{self, PacePassword};
use super::params::{DomainParameters, PaceChoice};
use super::protocol::PaceOutcome;
use crate::chip::transport::replay::{RecordedRandoms, Transcript};
use crate::chip::{ChipError, ChipSession, FileId};

use crate::crypto::symmetric::Cipher;
use serde_json::Value;

fn vectors() -> Value {
    let path = crate::test_vectors_dir().join("icao/pace_9303_11_appG_H.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn h(v: &Value, pointer: &str) -> Vec<u8> {
    let s = v
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no {pointer}"));
    hex::decode(s).unwrap()
}

fn upper(b: &[u8]) -> String {
    hex::encode_upper(b)
}

/// Pads a DH value to the length of p (the vectors print them unpadded).
fn pad(v: Vec<u8>, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len.saturating_sub(v.len())];
    out.extend(v);
    out
}

/// Checks one worked example from the password key through both tokens. `mapping` computes
/// the generator from (group, s) and checks the mapping's own intermediate values.
fn check_example(
    v: &Value,
    parameters: DomainParameters,
    password: PacePassword,
    mapping: impl Fn(&dyn super::Group, &[u8]) -> Vec<u8>,
    eph_pointer: &str,
    chip_eph_pointer: &str,
    shared_pointer: &str,
) {
    let g = parameters.group().unwrap();
    let oid_tag = g.public_tag();
    let cipher = Cipher::Aes128;
    let k_pi = password.key(cipher);
    assert_eq!(upper(&k_pi), upper(&h(v, "/K_pi")));
    let s = keys::decrypt_nonce(cipher, &k_pi, &h(v, "/encrypted_nonce_z")).unwrap();
    assert_eq!(upper(&s), upper(&h(v, "/nonce_s")));
    let generator = mapping(g.as_ref(), &s);

    let plen = g.generator().len();
    let sk = h(v, "/key_agreement/terminal_ephemeral_private");
    let pk = g.mul(&generator, &sk).unwrap();
    let expected_pk = if g.public_tag() == 0x86 {
        h(v, eph_pointer)
    } else {
        pad(h(v, eph_pointer), plen)
    };
    assert_eq!(upper(&pk), upper(&expected_pk));
    let chip_pk = if g.public_tag() == 0x86 {
        h(v, chip_eph_pointer)
    } else {
        pad(h(v, chip_eph_pointer), plen)
    };
    g.check_public(&chip_pk).unwrap();
    let shared = g.mul(&chip_pk, &sk).unwrap();
    let k = g.shared_secret(&shared);
    let expected_k = if g.public_tag() == 0x86 {
        h(v, shared_pointer)
    } else {
        pad(h(v, shared_pointer), plen)
    };
    assert_eq!(upper(&k), upper(&expected_k));

    let sk_keys = keys::session_keys(cipher, &k);
    assert_eq!(
        upper(sk_keys.enc_key()),
        upper(&h(v, "/session_keys/KSenc"))
    );
    assert_eq!(
        upper(sk_keys.mac_key()),
        upper(&h(v, "/session_keys/KSmac"))
    );

    let oid = crate::lds::der::oid_from_string(v["protocol"]["oid"].as_str().unwrap()).unwrap();
    let t_ifd_input = keys::public_key_object(&oid, oid_tag, &chip_pk);
    let t_ic_input = keys::public_key_object(&oid, oid_tag, &pk);
    let ma = &v["mutual_authentication"];
    let (ifd_in, ic_in) = if ma.get("T_IFD_input_data").is_some() {
        ("/T_IFD_input_data", "/T_IC_input_data")
    } else {
        (
            "/T_IFD_input_data_chip_ephemeral_public",
            "/T_IC_input_data_terminal_ephemeral_public",
        )
    };
    assert_eq!(upper(&t_ifd_input), upper(&h(ma, ifd_in)));
    assert_eq!(upper(&t_ic_input), upper(&h(ma, ic_in)));
    assert_eq!(
        upper(&keys::token(&sk_keys, &t_ifd_input).unwrap()),
        upper(&h(ma, "/T_IFD"))
    );
    assert_eq!(
        upper(&keys::token(&sk_keys, &t_ic_input).unwrap()),
        upper(&h(ma, "/T_IC"))
    );
}

fn mrz(v: &Value) -> PacePassword {
    PacePassword::Mrz(b"T22000129364081251010318".to_vec()).clone_checked(v)
}

impl PacePassword {
    /// The MRZ password, checked against the example's SHA-1(MRZ information).
    fn clone_checked(self, v: &Value) -> Self {
        if let (PacePassword::Mrz(m), Some(k)) = (
            &self,
            v.pointer("/password/K_SHA1_MRZ_information")
                .and_then(Value::as_str),
        ) {
            use sha1::Digest;
            assert_eq!(upper(&sha1::Sha1::digest(m)), k);
        }
        self
    }
}

#[test]
fn icao_g1_generic_mapping_ecdh_brainpool_p256() {
    let all = vectors();
    let v = &all["G1_ECDH_generic_mapping"];
    check_example(
        v,
        DomainParameters::standardized(13).unwrap(),
        mrz(v),
        |g, s| {
            let m = &v["mapping"];
            let sk = h(m, "/terminal_private");
            let pk = g.mul(&g.generator(), &sk).unwrap();
            assert_eq!(upper(&pk), upper(&h(m, "/terminal_public/encoded")));
            let chip_pk = h(m, "/chip_public/encoded");
            // The chip's side of the mapping agrees (its private key is in the example).
            let chip_sk = h(m, "/chip_private");
            assert_eq!(
                upper(&g.mul(&g.generator(), &chip_sk).unwrap()),
                upper(&chip_pk)
            );
            let shared = g.mul(&chip_pk, &sk).unwrap();
            assert_eq!(upper(&shared), upper(&h(m, "/H_shared_point/encoded")));
            assert_eq!(upper(&g.mul(&pk, &chip_sk).unwrap()), upper(&shared));
            let mapped = g.map_generic(s, &shared).unwrap();
            assert_eq!(
                upper(&mapped),
                upper(&h(m, "/mapped_generator_G_tilde/encoded"))
            );
            mapped
        },
        "/key_agreement/terminal_ephemeral_public/encoded",
        "/key_agreement/chip_ephemeral_public/encoded",
        "/key_agreement/shared_secret_K_x_coordinate",
    );
}

#[test]
fn icao_g2_generic_mapping_dh_1024() {
    let all = vectors();
    let v = &all["G2_DH_generic_mapping"];
    check_example(
        v,
        DomainParameters::standardized(0).unwrap(),
        PacePassword::Mrz(b"T22000129364081251010318".to_vec()),
        |g, s| {
            let m = &v["mapping"];
            let len = g.generator().len();
            assert_eq!(upper(&g.generator()), upper(&h(v, "/domain_parameters/g")));
            let sk = h(m, "/terminal_private");
            let pk = g.mul(&g.generator(), &sk).unwrap();
            assert_eq!(upper(&pk), upper(&pad(h(m, "/terminal_public"), len)));
            let chip_pk = pad(h(m, "/chip_public"), len);
            let chip_sk = h(m, "/chip_private");
            assert_eq!(
                upper(&g.mul(&g.generator(), &chip_sk).unwrap()),
                upper(&chip_pk)
            );
            g.check_public(&chip_pk).unwrap();
            let shared = g.mul(&chip_pk, &sk).unwrap();
            assert_eq!(upper(&shared), upper(&pad(h(m, "/H_shared_secret"), len)));
            let mapped = g.map_generic(s, &shared).unwrap();
            assert_eq!(
                upper(&mapped),
                upper(&pad(h(m, "/mapped_generator_g_tilde"), len))
            );
            mapped
        },
        "/key_agreement/terminal_ephemeral_public",
        "/key_agreement/chip_ephemeral_public",
        "/key_agreement/shared_secret_K",
    );
}

fn integrated(v: &Value, g: &dyn super::Group, s: &[u8], gen_pointer: &str) -> Vec<u8> {
    let t = h(v, "/terminal_nonce_t");
    let prf = &v["pseudo_random_function"];
    let r = keys::pseudo_random(Cipher::Aes128, s, &t, g.modulus_bits()).unwrap();
    assert_eq!(upper(&r), upper(&h(prf, "/R_s_t")));
    let mapped = g.map_integrated(&r).unwrap();
    let expected = h(v, gen_pointer);
    let expected = if g.public_tag() == 0x84 {
        pad(expected, g.generator().len())
    } else {
        expected
    };
    assert_eq!(upper(&mapped), upper(&expected));
    mapped
}

#[test]
fn icao_h1_integrated_mapping_ecdh_brainpool_p256() {
    let all = vectors();
    let v = &all["H1_ECDH_integrated_mapping"];
    check_example(
        v,
        DomainParameters::standardized(13).unwrap(),
        PacePassword::Can(b"123456".to_vec()),
        |g, s| integrated(v, g, s, "/mapped_generator_G_tilde/encoded"),
        "/key_agreement/terminal_ephemeral_public/encoded",
        "/key_agreement/chip_ephemeral_public/encoded",
        "/key_agreement/shared_secret_K_x_coordinate",
    );
}

#[test]
fn icao_h2_integrated_mapping_dh_1024() {
    let all = vectors();
    let v = &all["H2_DH_integrated_mapping"];
    check_example(
        v,
        DomainParameters::standardized(0).unwrap(),
        PacePassword::Can(b"123456".to_vec()),
        |g, s| integrated(v, g, s, "/mapped_generator_g_tilde"),
        "/key_agreement/terminal_ephemeral_public",
        "/key_agreement/chip_ephemeral_public",
        "/key_agreement/shared_secret_K",
    );
}

/// Replays a recorded PACE session: the terminal, fed the recorded private keys, must send
/// every command byte for byte and accept every response.
fn replay(
    name: &str,
) -> (
    Transcript,
    PaceOutcome,
    ChipSession<crate::chip::transport::replay::ReplayChannel>,
) {
    let path = crate::test_vectors_dir().join("transcripts").join(name);
    let t = Transcript::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let inputs = &t.json["inputs"];
    let pw = &inputs["password"];
    let info = crate::mrz::mrz_information(
        pw["document_number"].as_str().unwrap(),
        pw["date_of_birth"].as_str().unwrap(),
        pw["date_of_expiry"].as_str().unwrap(),
    )
    .unwrap()
    .to_string();
    let mut randoms = Vec::new();
    for k in inputs["terminal_keys_in_order"].as_array().unwrap() {
        randoms.extend(hex::decode(k["private"].as_str().unwrap()).unwrap());
    }
    let card_access = t.hex_at("/inputs/EF_CardAccess").unwrap();
    let infos = crate::lds::parse_card_access(&card_access).unwrap();
    let choice: PaceChoice = super::supported_choices(&infos).remove(0);
    assert_eq!(
        choice.protocol.oid,
        t.json["expected"]["protocol_oid"].as_str().unwrap()
    );
    let mut rng = RecordedRandoms::new(randoms);
    let mut session = ChipSession::new(t.channel());
    let outcome = session
        .run_pace(&choice, &PacePassword::Mrz(info.into_bytes()), &mut rng)
        .unwrap();
    let sm = session.secure_messaging().unwrap();
    assert_eq!(
        upper(sm.keys().enc_key()),
        upper(&t.hex_at("/expected/KSenc").unwrap())
    );
    assert_eq!(
        upper(sm.keys().mac_key()),
        upper(&t.hex_at("/expected/KSmac").unwrap())
    );
    assert!(rng.all_used());
    (t, outcome, session)
}

#[test]
fn replays_icao_g1_transcript() {
    let (_, outcome, session) = replay("icao_9303_11_appG1_pace_gm_ecdh.json");
    assert!(session.channel().is_finished());
    assert!(outcome.ca_data.is_none());
}

#[test]
fn replays_nz_3des_transcript() {
    let (_, _, session) = replay("nz_pace_gm_ecdh_3des.json");
    assert!(session.channel().is_finished());
    assert_eq!(
        session.secure_messaging().unwrap().keys().cipher(),
        Cipher::Tdes
    );
}

#[test]
fn replays_de_cam_transcript_and_checks_chip_authentication() {
    let (t, outcome, mut session) = replay("de_pace_cam_ecdh_read_cardsecurity.json");
    // The recorded terminal's reads: SELECT, 4 bytes for the length, then Le = 256 each.
    session.select_file(FileId::CardSecurity).unwrap();
    let read = |session: &mut ChipSession<_>, offset: usize, le: usize| {
        let cmd = crate::chip::CommandApdu::new(0x00, 0xB0, (offset >> 8) as u8, offset as u8)
            .with_le(le);
        let r = session.exchange(&cmd).unwrap();
        assert!(r.sw.is_success());
        r.data
    };
    let mut card_security = read(&mut session, 0, 4);
    // 30 82 07 42: the file is 4 + 0x742 bytes; the last read asks for exactly the rest.
    let total = 4 + 0x742;
    while card_security.len() < total {
        let rest = total - card_security.len();
        let more = read(&mut session, card_security.len(), rest.min(256));
        assert!(!more.is_empty());
        card_security.extend(more);
    }
    assert_eq!(
        upper(&card_security),
        upper(&t.hex_at("/expected/EF_CardSecurity").unwrap())
    );
    assert!(session.channel().is_finished());
    let cs = crate::lds::CardSecurity::parse(&card_security).unwrap();
    let keys = cs.security_infos.chip_authentication_keys();
    let point = keys
        .iter()
        .find(|(_, id)| *id == outcome.choice.parameter_id)
        .and_then(|(k, _)| match &k.key {
            crate::lds::PublicKey::Ec { point, .. } => Some(point.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(outcome.verify_chip_authentication(&point), Some(Ok(true)));
    // The same check from the file: the key with keyId 13 (the parameter id) is the one.
    assert_eq!(
        outcome.verify_chip_authentication_with_card_security(&card_security),
        Some(Ok(true))
    );
    // Another key (the chip's other CA key) does not pass.
    let other = keys.iter().find_map(|(k, id)| match &k.key {
        crate::lds::PublicKey::Ec { point: p, .. } if p != &point => Some((p.clone(), *id)),
        _ => None,
    });
    if let Some((p, _)) = other {
        assert_eq!(outcome.verify_chip_authentication(&p), Some(Ok(false)));
    }
}

#[test]
fn a_wrong_token_refusal_is_a_wrong_access_key() {
    // The G.1 session up to the token, then the chip refuses it with 63C2.
    let path = crate::test_vectors_dir().join("transcripts/icao_9303_11_appG1_pace_gm_ecdh.json");
    let mut t = Transcript::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let last = t.exchanges.len() - 1;
    t.exchanges[last].response = vec![0x63, 0xC2];
    let mut randoms = Vec::new();
    for k in t.json["inputs"]["terminal_keys_in_order"]
        .as_array()
        .unwrap()
    {
        randoms.extend(hex::decode(k["private"].as_str().unwrap()).unwrap());
    }
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 13).unwrap();
    let mut session = ChipSession::new(t.channel());
    let err = session
        .run_pace(
            &choice,
            &PacePassword::Mrz(b"T22000129364081251010318".to_vec()),
            &mut RecordedRandoms::new(randoms),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            ChipError::WrongAccessKey {
                password: "MRZ",
                retries_left: Some(2),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(session.secure_messaging().is_none());
}

#[test]
fn a_bad_chip_token_is_a_crypto_failure_not_a_wrong_key() {
    let path = crate::test_vectors_dir().join("transcripts/icao_9303_11_appG1_pace_gm_ecdh.json");
    let mut t = Transcript::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    let last = t.exchanges.len() - 1;
    t.exchanges[last].response[5] ^= 1;
    let mut randoms = Vec::new();
    for k in t.json["inputs"]["terminal_keys_in_order"]
        .as_array()
        .unwrap()
    {
        randoms.extend(hex::decode(k["private"].as_str().unwrap()).unwrap());
    }
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 13).unwrap();
    let err = ChipSession::new(t.channel())
        .run_pace(
            &choice,
            &PacePassword::Mrz(b"T22000129364081251010318".to_vec()),
            &mut RecordedRandoms::new(randoms),
        )
        .unwrap_err();
    assert_eq!(err, ChipError::Pace(super::PaceError::TokenMismatch));
}
