//! Secure messaging against the ICAO 9303-11 Appendix D.4 worked example, the NFCPassportReader
//! 3DES vectors and the AES-256 transcript, plus hostile responses.

use super::*;
use crate::chip::ChipError;
use crate::chip::transport::apdu::{CommandApdu, Ne};
use crate::crypto::symmetric::Cipher;
use serde_json::Value;

fn json(rel: &str) -> Value {
    let path = crate::test_vectors_dir().join(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn h(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn up(b: &[u8]) -> String {
    hex::encode_upper(b)
}

#[test]
fn icao_appendix_d4_every_step() {
    let v = json("icao/bac_sm_9303_11_appD.json");
    let s = &v["D4_secure_messaging"]["session"];
    let keys = SessionKeys::new(Cipher::Tdes, &h(&s["KSenc"]), &h(&s["KSmac"])).unwrap();
    let mut sm = SecureMessaging::new(keys.clone(), Ssc::new(&h(&s["SSC_initial"]))).unwrap();
    for step in v["D4_secure_messaging"]["steps"].as_array().unwrap() {
        let c = &step["command"];
        let (plain, _) = CommandApdu::parse(&h(&step["unprotected_command"])).unwrap();
        let protected = sm.protect(&plain).unwrap();
        assert_eq!(up(sm.ssc().as_bytes()), c["SSC_used"].as_str().unwrap());
        // Intermediate values: masked header, DO87/DO97, M, N and the MAC.
        let header = padded_header([protected.cla, plain.ins, plain.p1, plain.p2], 8);
        assert_eq!(up(&header), c["CmdHeader_masked_padded"].as_str().unwrap());
        let body = &protected.data;
        let mac_pos = body.len() - 10;
        let m: Vec<u8> = [header.as_slice(), &body[..mac_pos]].concat();
        assert_eq!(up(&m), c["M"].as_str().unwrap());
        let mut n = [sm.ssc().as_bytes(), &m].concat();
        crate::crypto::symmetric::pad_iso7816(&mut n, 8);
        assert_eq!(up(&n), c["N"].as_str().unwrap());
        assert_eq!(
            up(&keys.mac(sm.ssc(), &[&m]).unwrap()),
            c["CC"].as_str().unwrap()
        );
        for (tag, name) in [(0x87u8, "DO87"), (0x97, "DO97")] {
            let found = crate::tlv::TlvIter::new(body)
                .flatten()
                .find(|t| t.tag == u32::from(tag))
                .map(|t| up(t.raw));
            assert_eq!(found.as_deref(), c[name].as_str(), "{name}");
        }
        assert_eq!(up(&body[mac_pos..]), c["DO8E"].as_str().unwrap());
        assert_eq!(
            up(&protected.encode().unwrap()),
            c["protected_apdu"].as_str().unwrap()
        );

        let r = &step["response"];
        let resp = sm.unprotect(h(&r["protected_rapdu"])).unwrap();
        assert_eq!(up(sm.ssc().as_bytes()), r["SSC_used"].as_str().unwrap());
        assert_eq!(up(&resp.data), r["decrypted_data"].as_str().unwrap());
        assert_eq!(
            format!("{:04X}", resp.sw.0),
            r["status_word"].as_str().unwrap()
        );
        let covered = h(&r["DOs_covered_by_MAC"]);
        assert_eq!(
            up(&keys.mac(sm.ssc(), &[&covered]).unwrap()),
            r["CC_computed"].as_str().unwrap()
        );
    }
    assert_eq!(
        up(sm.ssc().as_bytes()),
        v["D4_secure_messaging"]["SSC_final"].as_str().unwrap()
    );
}

#[test]
fn nfcpassportreader_3des_vectors() {
    let v = json("sm/nfcpassportreader_tdes_sm_vectors.json");
    let s = &v["session"];
    let keys = SessionKeys::new(Cipher::Tdes, &h(&s["KSenc"]), &h(&s["KSmac"])).unwrap();
    let vs = v["vectors"].as_array().unwrap();

    let mut sm = SecureMessaging::new(keys.clone(), Ssc::new(&h(&vs[0]["SSC_initial"]))).unwrap();
    let (plain, _) = CommandApdu::parse(&h(&vs[0]["unprotected_command"])).unwrap();
    let p = sm.protect(&plain).unwrap();
    assert_eq!(
        up(sm.ssc().as_bytes()),
        vs[0]["SSC_used_for_MAC"].as_str().unwrap()
    );
    assert_eq!(
        up(&p.data),
        vs[0]["expected_protected_data_field"].as_str().unwrap()
    );
    assert_eq!(
        up(&p.encode().unwrap()),
        vs[0]["protected_apdu_as_recomputed"].as_str().unwrap()
    );

    for vec in &vs[1..] {
        let mut sm = SecureMessaging::new(keys.clone(), Ssc::new(&h(&vec["SSC_initial"]))).unwrap();
        let r = sm.unprotect(h(&vec["protected_response"])).unwrap();
        assert_eq!(
            up(sm.ssc().as_bytes()),
            vec["SSC_used_for_MAC"].as_str().unwrap()
        );
        assert_eq!(up(&r.data), vec["expected_data"].as_str().unwrap());
        assert_eq!(
            format!("{:04X}", r.sw.0),
            vec["expected_sw"].as_str().unwrap()
        );
    }
}

#[test]
fn aes256_transcript_commands_and_responses() {
    let v = json("transcripts/sm_aes256_read_efcom.json");
    let s = &v["inputs"]["secure_messaging_before"];
    let keys = SessionKeys::new(Cipher::Aes256, &h(&s["KSenc"]), &h(&s["KSmac"])).unwrap();
    let mut sm = SecureMessaging::new(keys, Ssc::new(&h(&s["SSC"]))).unwrap();
    let plains = v["derived_plaintext_of_sm_exchanges"].as_array().unwrap();
    for (ex, pl) in v["exchanges"].as_array().unwrap().iter().zip(plains) {
        let (cmd, _) = CommandApdu::parse(&h(&pl["command_plain"])).unwrap();
        assert_eq!(
            up(&sm.protect(&cmd).unwrap().encode().unwrap()),
            ex["command"].as_str().unwrap()
        );
        let r = sm.unprotect(h(&ex["response"])).unwrap();
        assert_eq!(up(&r.to_bytes()), pl["response_plain"].as_str().unwrap());
        assert_eq!(up(sm.ssc().as_bytes()), pl["ssc_after"].as_str().unwrap());
    }
}

fn icao_sm_at(ssc: &str) -> SecureMessaging {
    // ICAO D.4 session keys with a chosen counter.
    let keys = SessionKeys::new(
        Cipher::Tdes,
        &hex::decode("979EC13B1CBFE9DCD01AB0FED307EAE5").unwrap(),
        &hex::decode("F1CB1F1FB5ADF208806B89DC579DC1F8").unwrap(),
    )
    .unwrap();
    SecureMessaging::new(keys, Ssc::new(&hex::decode(ssc).unwrap())).unwrap()
}

#[test]
fn hostile_responses_get_their_own_errors() {
    let good = hex::decode("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000").unwrap();
    // The first READ BINARY response in D.4 is MACed at ...22A.
    let before = icao_sm_at("887022120C06C229");

    let mut flipped = good.clone();
    flipped[20] ^= 1; // inside DO'8E'
    assert_eq!(
        before.clone().unprotect(flipped),
        Err(ChipError::SmMacMismatch)
    );
    let mut flipped = good.clone();
    flipped[5] ^= 1; // inside the cryptogram: the MAC catches it before decryption
    assert_eq!(
        before.clone().unprotect(flipped),
        Err(ChipError::SmMacMismatch)
    );

    assert_eq!(
        before.clone().unprotect(vec![0x69, 0x88]),
        Err(ChipError::SmPlainResponse {
            sw: crate::chip::StatusWord(0x6988)
        })
    );
    let truncated = [&good[..good.len() - 8], &[0x90, 0x00]].concat();
    assert!(matches!(
        before.clone().unprotect(truncated),
        Err(ChipError::ResponseTruncated { .. })
    ));
    assert_eq!(
        before
            .clone()
            .unprotect(hex::decode("990290009000").unwrap()),
        Err(ChipError::SmMissingObject(0x8E))
    );
    assert!(matches!(
        before.clone().unprotect(hex::decode("0102039000").unwrap()),
        Err(ChipError::ResponseTruncated { .. } | ChipError::SmMalformed(_))
    ));
    assert!(matches!(
        before.clone().unprotect(vec![0x90]),
        Err(ChipError::ResponseTruncated { len: 1 })
    ));
    // The same counter a second time verifies: the SSC moved exactly once per response.
    let mut ok = before.clone();
    assert_eq!(
        ok.unprotect(good).unwrap().data,
        hex::decode("60145F01").unwrap()
    );
}

#[test]
fn missing_status_object_is_detected_after_the_mac() {
    let keys = SessionKeys::derive(Cipher::Aes128, b"k");
    let mut ssc = Ssc::zero(16);
    let mut sm = SecureMessaging::new(keys.clone(), ssc.clone()).unwrap();
    ssc.increment();
    let mut body = Vec::new();
    let mac = keys.mac(&ssc, &[&body]).unwrap();
    crate::tlv::write_tlv(0x8E, &mac, &mut body);
    body.extend([0x90, 0x00]);
    assert_eq!(sm.unprotect(body), Err(ChipError::SmMissingObject(0x99)));
}

#[test]
fn fuzz_property_holds_on_samples() {
    for mode in 0u8..16 {
        for len in [0usize, 1, 7, 8, 15, 16, 17, 300] {
            let mut d = vec![mode];
            d.extend((0..len).map(|i| i as u8));
            fuzz_check_unwrap(&d);
        }
    }
    fuzz_check_unwrap(&[]);
}

#[test]
fn protect_uses_do85_for_odd_ins_and_extended_le() {
    let keys = SessionKeys::derive(Cipher::Aes128, b"k");
    let mut sm = SecureMessaging::new(keys, Ssc::zero(16)).unwrap();
    let cmd = CommandApdu::new(0, 0xB1, 0, 0)
        .with_data(vec![0x54, 0x02, 0x80, 0x00])
        .with_le(65536);
    let p = sm.protect(&cmd).unwrap();
    assert_eq!(p.data[0], 0x85);
    assert_eq!(p.data[1], 16);
    assert_eq!(&p.data[18..22], &[0x97, 0x02, 0x00, 0x00]);
    assert_eq!(p.le, Some(Ne::UpTo(65536)));
    assert!(p.encode().unwrap().ends_with(&[0x00, 0x00]));
}
