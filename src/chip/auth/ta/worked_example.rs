//! BSI's "Worked Example for Extended Access Control" (testdata/eac) beyond the certificates:
//! PACE and its secure messaging, Terminal Authentication (the signed message, the terminal's
//! signature) and Chip Authentication version 2 (key, shared secret, session keys, token).

use super::*;
use crate::crypto::agreement::{self, Group};
use crate::crypto::curves::NamedCurve;
use crate::crypto::symmetric::{Cipher, KDF_ENC, KDF_MAC, aes_cmac, derive_key};
use crate::pki::cvc::worked_example::{certificates, hex, load};
use crate::terminal::FileSigner;
use serde_json::Value;

/// The example's TA inputs as our TA takes them: ID_PICC is Comp of the chip's PACE
/// ephemeral key, the ephemeral key Comp of the terminal's CA key, no auxiliary data.
fn ta_inputs<'a>(
    v: &Value,
    chain: &'a [CvCertificate],
    signer: &'a FileSigner,
) -> TerminalAuthentication<'a> {
    assert_eq!(hex(v, "/ta/auxiliary_data"), b"");
    TerminalAuthentication {
        chain,
        signer,
        version: TaVersion::V2,
        id_picc: compress(&hex(v, "/pace/chip_ephemeral_public")),
        ephemeral_compressed: compress(&hex(v, "/ca/terminal_ephemeral_public")),
        auxiliary_data: None,
    }
}

/// Checks the example's TA: the message from its inputs is ID_PICC ‖ r_PICC ‖ Comp(PK_PCD)
/// and carries its signature under the terminal certificate's key; returns what our signer
/// (the example's private key) made over the message.
fn check_ta(v: &Value, id_len: usize) -> (Vec<u8>, Vec<u8>) {
    let certs = certificates(v);
    let [cvca, _, terminal] = &certs;
    let algorithm = terminal
        .body
        .public_key
        .algorithm
        .unwrap()
        .signature_algorithm();
    let signer = FileSigner::from_pkcs8(
        &hex(v, "/ta/terminal_private_key_pkcs8"),
        algorithm,
        "worked example",
    )
    .unwrap();
    let curve = cvca.body.public_key.own_curve();
    let key = terminal.body.public_key.to_public_key(curve);
    // The private key is the terminal certificate's.
    assert_eq!(signer.public_key(), key);
    let chain = certs[1..].to_vec();
    let ta = ta_inputs(v, &chain, &signer);
    let r = hex(v, "/ta/challenge_r");
    let message = signed_message(&ta, &r);
    assert_eq!(ta.id_picc.len(), id_len);
    assert_eq!(
        message,
        [
            ta.id_picc.clone(),
            r.clone(),
            ta.ephemeral_compressed.clone()
        ]
        .concat()
    );
    let published = hex(v, "/ta/terminal_signature");
    crate::crypto::signature::verify(&key, &algorithm, &message, &published).unwrap();
    // Bound to every part: another challenge, ID_PICC or ephemeral key fails.
    for at in [0, id_len, id_len + 8] {
        let mut other = message.clone();
        other[at] ^= 0x01;
        assert!(crate::crypto::signature::verify(&key, &algorithm, &other, &published).is_err());
    }
    // Version 1 signs the same message without auxiliary data.
    let v1 = TerminalAuthentication {
        version: TaVersion::V1,
        ..ta_inputs(v, &chain, &signer)
    };
    assert_eq!(signed_message(&v1, &r), message);
    let ours = signer.sign(&message).unwrap();
    crate::crypto::signature::verify(&key, &algorithm, &message, &ours).unwrap();
    (ours, published)
}

#[test]
fn ecdh_example_terminal_signature_verifies() {
    let v = load("ecdh");
    // ID_PICC is the x-coordinate of the chip's brainpoolP256r1 PACE key.
    let (ours, published) = check_ta(&v, 32);
    assert_eq!(
        compress(&hex(&v, "/pace/chip_ephemeral_public")),
        hex(&v, "/pace/chip_ephemeral_public")[1..33]
    );
    // ECDSA: our nonce (RFC 6979) is not the example's, so only the length agrees.
    assert_eq!(ours.len(), published.len());
    assert_ne!(ours, published);
}

#[test]
fn dh_example_rsa_terminal_signature_reproduces() {
    let v = load("dh");
    // ID_PICC is SHA-1 of the chip's DH PACE key (BSI TR-03110-3 §A.2.2.3).
    let (ours, published) = check_ta(&v, 20);
    // RSA PKCS#1 v1.5 is deterministic: our signer gives the example's signature exactly.
    assert_eq!(ours, published);
}

/// Chip Authentication version 2 (BSI TR-03110-2 §3.4): K from the chip's static key and the
/// terminal's ephemeral key (both ways), K_enc = KDF(K ‖ r, 1), K_mac = KDF(K ‖ r, 2), and the
/// chip's token over the terminal's public key data object.
fn check_ca(v: &Value, group: &dyn Group, oid: &str) {
    // Private keys are printed as DER integers: a leading zero byte where the top bit is set.
    let fixed = |b: Vec<u8>| match b.split_first() {
        Some((0, rest)) => rest.to_vec(),
        _ => b,
    };
    let chip_private = fixed(hex(v, "/ca/chip_static_private"));
    let chip_public = hex(v, "/ca/chip_static_public");
    // The chip's key is the one its EF.CardSecurity publishes.
    let card_security = crate::lds::CardSecurity::parse(&hex(v, "/ef_cardsecurity")).unwrap();
    let published: Vec<Vec<u8>> = card_security
        .security_infos
        .chip_authentication_keys()
        .into_iter()
        .filter_map(|(info, _)| match &info.key {
            crate::lds::spki::PublicKey::Ec { point, .. } => Some(point.clone()),
            crate::lds::spki::PublicKey::Dh { public, .. } => Some(public.clone()),
            _ => None,
        })
        .collect();
    assert!(published.contains(&chip_public), "{published:02X?}");
    let terminal_private = fixed(hex(v, "/ca/terminal_ephemeral_private"));
    let terminal_public = hex(v, "/ca/terminal_ephemeral_public");
    assert_eq!(
        group.mul(&group.generator(), &chip_private).unwrap(),
        chip_public
    );
    assert_eq!(
        group.mul(&group.generator(), &terminal_private).unwrap(),
        terminal_public
    );
    let k = hex(v, "/ca/shared_secret_k");
    assert_eq!(
        *agreement::agree(group, &terminal_private, &chip_public).unwrap(),
        k
    );
    assert_eq!(
        *agreement::agree(group, &chip_private, &terminal_public).unwrap(),
        k
    );
    let seed = [k, hex(v, "/ca/nonce_r")].concat();
    let k_enc = derive_key(&seed, KDF_ENC, Cipher::Aes128);
    let k_mac = derive_key(&seed, KDF_MAC, Cipher::Aes128);
    assert_eq!(*k_enc, hex(v, "/ca/k_enc"));
    assert_eq!(*k_mac, hex(v, "/ca/k_mac"));
    let object = crate::tlv::tlv(
        0x7F49,
        &[
            crate::lds::der::oid_tlv(oid),
            crate::tlv::tlv(u32::from(group.public_tag()), &terminal_public),
        ]
        .concat(),
    );
    let token = aes_cmac(&k_mac, &object).unwrap();
    assert_eq!(token[..8], hex(v, "/ca/token_chip"));
}

#[test]
fn ecdh_example_chip_authentication_reproduces() {
    let v = load("ecdh");
    check_ca(
        &v,
        agreement::curve(NamedCurve::BrainpoolP256r1).as_ref(),
        "0.4.0.127.0.7.2.2.3.2.2",
    );
}

#[test]
fn dh_example_chip_authentication_reproduces() {
    let v = load("dh");
    let group = agreement::DhGroup::standard(agreement::ModpId::Modp1024_160).unwrap();
    check_ca(&v, &group, "0.4.0.127.0.7.2.2.3.1.2");
}

/// PACE with the PIN (ICAO 9303-11 §4.4, generic mapping, AES-128) through every value the
/// example prints: nonce, mapping, generator, ephemeral keys, K, K_enc, K_mac and both tokens.
fn check_pace(v: &Value, parameter_id: u64, oid: &str) {
    use crate::chip::access::pace::{
        DomainParameters, PacePassword, decrypt_nonce, group_for, public_key_object, session_keys,
        token,
    };
    let p = |name: &str| hex(v, &format!("/pace/{name}"));
    // The example's EF.CardAccess offers exactly this PACE.
    let infos = crate::lds::parse_card_access(&hex(v, "/ef_cardaccess")).unwrap();
    assert!(infos.pace().contains(&(oid, Some(parameter_id))));
    let group = group_for(DomainParameters::standardized(parameter_id).unwrap()).unwrap();
    // Values are printed as DER integers (a leading zero where the top bit is set) or
    // unsigned; elements as long as the group's.
    let element_len = group.generator().len();
    let element = |b: Vec<u8>| {
        let (zeros, value) = b.split_at(b.len().saturating_sub(element_len));
        assert!(zeros.iter().all(|&z| z == 0));
        value.to_vec()
    };
    let cipher = Cipher::Aes128;
    let k_pi = PacePassword::Pin(b"123456".to_vec()).key(cipher);
    let s = decrypt_nonce(cipher, &k_pi, &p("encrypted_nonce_z")).unwrap();
    assert_eq!(*s, p("nonce_s"));

    let map_sk = p("mapping_terminal_private");
    let map_pk = group.mul(&group.generator(), &map_sk).unwrap();
    assert_eq!(map_pk, element(p("mapping_terminal_public")));
    let chip_map_pk = element(p("mapping_chip_public"));
    assert_eq!(
        group
            .mul(&group.generator(), &p("mapping_chip_private"))
            .unwrap(),
        chip_map_pk
    );
    let h = group.mul(&chip_map_pk, &map_sk).unwrap();
    assert_eq!(h, element(p("mapping_shared_secret_h")));
    let generator = group.map_generic(&s, &h).unwrap();
    assert_eq!(generator, element(p("mapped_generator")));

    let sk = p("terminal_ephemeral_private");
    let pk = group.mul(&generator, &sk).unwrap();
    assert_eq!(pk, element(p("terminal_ephemeral_public")));
    let chip_pk = element(p("chip_ephemeral_public"));
    assert_eq!(
        group.mul(&generator, &p("chip_ephemeral_private")).unwrap(),
        chip_pk
    );
    group.check_public(&chip_pk).unwrap();
    let k = group.shared_secret(&group.mul(&chip_pk, &sk).unwrap());
    assert_eq!(k, p("shared_secret_k"));
    let keys = session_keys(cipher, &k);
    assert_eq!(keys.enc_key(), p("k_enc"));
    assert_eq!(keys.mac_key(), p("k_mac"));
    let oid_bytes = crate::lds::der::oid_from_string(oid).unwrap();
    let tag = group.public_tag();
    assert_eq!(
        token(&keys, &public_key_object(&oid_bytes, tag, &chip_pk)).unwrap(),
        *p("token_terminal")
    );
    assert_eq!(
        token(&keys, &public_key_object(&oid_bytes, tag, &pk)).unwrap(),
        *p("token_chip")
    );
    check_secure_messaging(v, || session_keys(cipher, &k));
}

/// Secure messaging with PACE's keys (ICAO 9303-11 §9.8): the example encrypts MSE:Set DST's
/// data for its CVCA under SSC 1 (the first command after PACE) and MACs the answer
/// 99 02 90 00 under SSC 2; our terminal side protects that command to the same cryptogram and
/// accepts exactly that MAC.
fn check_secure_messaging(v: &Value, keys: impl Fn() -> crate::chip::transport::sm::SessionKeys) {
    use crate::chip::transport::sm::{SecureMessaging, Ssc};
    let sm_v = |name: &str| hex(v, &format!("/secure_messaging/{name}"));
    assert_eq!(v["secure_messaging"]["command_ssc"], 1);
    assert_eq!(v["secure_messaging"]["mac_ssc"], 2);
    let [cvca, ..] = certificates(v);
    let command = mse_set_dst(&cvca.body.chr);
    assert_eq!(command.data, sm_v("plain"));
    let mut sm = SecureMessaging::new(keys(), Ssc::zero(16)).unwrap();
    let protected = sm.protect(&command).unwrap();
    let cryptogram = crate::tlv::TlvIter::new(&protected.data)
        .map_while(Result::ok)
        .find(|t| t.tag == 0x87)
        .map(|t| t.value.to_vec());
    assert_eq!(cryptogram, Some([&[0x01][..], &sm_v("encrypted")].concat()));
    let answer = |mac: &[u8]| {
        [
            sm_v("mac_input"),
            crate::tlv::tlv(0x8E, mac),
            vec![0x90, 0x00],
        ]
        .concat()
    };
    let r = sm.unprotect(answer(&sm_v("mac"))).unwrap();
    assert!(r.sw.is_success() && r.data.is_empty());
    let mut other = SecureMessaging::new(keys(), Ssc::zero(16)).unwrap();
    other.protect(&command).unwrap();
    let mut bad = sm_v("mac");
    bad[0] ^= 0x01;
    assert!(other.unprotect(answer(&bad)).is_err());
}

#[test]
fn ecdh_example_pace_reproduces() {
    check_pace(&load("ecdh"), 13, "0.4.0.127.0.7.2.2.4.2.2");
}

#[test]
fn dh_example_pace_reproduces() {
    check_pace(&load("dh"), 0, "0.4.0.127.0.7.2.2.4.1.2");
}
