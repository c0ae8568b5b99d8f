//! BAC against every value of ICAO 9303-11 Appendix D, and byte-for-byte replays of the
//! Appendix D BAC + EF.COM transcript and the AES-256 secure-messaging transcript.

use crate::chip::access::bac::{self, BacRun, bac_mac, basic_access_keys, kseed};
use crate::chip::transport::replay::{RecordedRandoms, Transcript};
use crate::chip::transport::sm::{SecureMessaging, SessionKeys, Ssc};
use crate::chip::*;
use crate::crypto::symmetric::{Cipher, tdes_cbc_decrypt_in_place};
use serde_json::Value;

fn vectors(rel: &str) -> String {
    std::fs::read_to_string(crate::test_vectors_dir().join(rel)).unwrap()
}

fn h(v: &Value) -> Vec<u8> {
    hex::decode(v.as_str().unwrap()).unwrap()
}

fn up(b: &[u8]) -> String {
    hex::encode_upper(b)
}

#[test]
fn icao_appendix_d_bac_every_value() {
    let v: Value = serde_json::from_str(&vectors("icao/bac_sm_9303_11_appD.json")).unwrap();
    let d2 = &v["D2_mrz"];
    let info = d2["MRZ_information"].as_str().unwrap().as_bytes();
    assert_eq!(up(&kseed(info)), d2["Kseed"].as_str().unwrap());
    let d1 = &v["D1_key_derivation_basic_access_keys"];
    let (kenc, kmac) = basic_access_keys(info);
    assert_eq!(up(&kenc), d1["KEnc"].as_str().unwrap());
    assert_eq!(up(&kmac), d1["KMAC"].as_str().unwrap());

    let d3 = &v["D3_authentication"];
    let rnd_ic: [u8; 8] = h(&d3["get_challenge"]["RND_IC"]).try_into().unwrap();
    let mut randoms = RecordedRandoms::new(
        [
            h(&d3["terminal_randoms"]["RND_IFD"]),
            h(&d3["terminal_randoms"]["KIFD"]),
        ]
        .concat(),
    );
    let run = BacRun::draw(&mut randoms);
    let data = run.command_data(&kenc, &kmac, &rnd_ic).unwrap();
    assert_eq!(up(&data[..32]), d3["EIFD"].as_str().unwrap());
    assert_eq!(up(&data[32..]), d3["MIFD"].as_str().unwrap());
    assert_eq!(up(&data), d3["cmd_data"].as_str().unwrap());
    assert_eq!(
        up(&bac::external_authenticate(data).encode().unwrap()),
        d3["external_authenticate"]["command"].as_str().unwrap()
    );
    // The chip's answer: MAC, decryption, K.IC, session keys, SSC.
    let resp = h(&d3["resp_data"]);
    assert_eq!(
        up(&bac_mac(&kmac, &resp[..32]).unwrap()),
        d3["MIC"].as_str().unwrap()
    );
    let mut r = resp[..32].to_vec();
    tdes_cbc_decrypt_in_place(&kenc, &mut r).unwrap();
    assert_eq!(
        up(&r),
        d3["R_decrypted_RND_IC_RND_IFD_KIC"].as_str().unwrap()
    );
    assert_eq!(up(&r[16..]), d3["KIC"].as_str().unwrap());
    let sm = run.finish(&kenc, &kmac, &rnd_ic, &resp).unwrap();
    assert_eq!(up(sm.keys().enc_key()), d3["KSenc"].as_str().unwrap());
    assert_eq!(up(sm.keys().mac_key()), d3["KSmac"].as_str().unwrap());
    assert_eq!(up(sm.ssc().as_bytes()), d3["SSC_initial"].as_str().unwrap());
    // Key derivation intermediates for the session keys.
    let seed = h(&d3["Kseed_session_KIFD_xor_KIC"]);
    let keys = SessionKeys::derive(Cipher::Tdes, &seed);
    assert_eq!(
        up(keys.enc_key()),
        d3["KSenc_derivation"]["key"].as_str().unwrap()
    );
    assert_eq!(
        up(keys.mac_key()),
        d3["KSmac_derivation"]["key"].as_str().unwrap()
    );

    // A tampered chip answer is refused.
    let mut bad = resp.clone();
    bad[3] ^= 0x10;
    assert!(matches!(
        run.finish(&kenc, &kmac, &rnd_ic, &bad),
        Err(ChipError::BacFailed(_))
    ));
    assert!(matches!(
        run.finish(&kenc, &kmac, &rnd_ic, &resp[..39]),
        Err(ChipError::BacFailed(_))
    ));
    let other_ic = [0u8; 8];
    assert!(matches!(
        run.finish(&kenc, &kmac, &other_ic, &resp),
        Err(ChipError::BacFailed(_))
    ));
}

#[test]
fn replay_icao_bac_and_ef_com_byte_for_byte() {
    let t = Transcript::from_json(&vectors(
        "transcripts/icao_9303_11_appD_bac_read_efcom.json",
    ))
    .unwrap();
    let mrz = {
        let p = &t.json["inputs"]["password"];
        // MRZ information: document number, date of birth, date of expiry with check
        // digits (ICAO 9303-11 §9.7.2); the specimen's are 3, 1 and 6 (Appendix D.2).
        format!(
            "{}<3{}1{}6",
            p["document_number"].as_str().unwrap(),
            p["date_of_birth"].as_str().unwrap(),
            p["date_of_expiry"].as_str().unwrap()
        )
    };
    let mut rng = t.randoms();
    let mut session = ChipSession::bac(t.channel(), mrz.as_bytes(), &mut rng).unwrap();
    assert!(rng.all_used() && !rng.exhausted());
    let sm = session.secure_messaging().unwrap();
    assert_eq!(
        sm.keys().enc_key(),
        &t.hex_at("/expected/KSenc").unwrap()[..]
    );
    assert_eq!(
        sm.keys().mac_key(),
        &t.hex_at("/expected/KSmac").unwrap()[..]
    );
    assert_eq!(
        sm.ssc().as_bytes(),
        &t.hex_at("/expected/SSC_after_BAC").unwrap()[..]
    );
    let opts = ReadOptions {
        select_by_fid: true,
        first_read: Some(4),
    };
    session.set_extended_length(Some(false));
    let (com, stats) = session.read_file_with(FileId::Com, &opts).unwrap();
    assert_eq!(com, t.hex_at("/expected/EF_COM").unwrap());
    assert_eq!(stats.apdus, 3);
    assert_eq!(stats.file_bytes, 22);
    assert_eq!(
        session.secure_messaging().unwrap().ssc().as_bytes(),
        &t.hex_at("/expected/SSC_final").unwrap()[..]
    );
    assert!(session.channel().is_finished());
    assert_eq!(session.counters().apdus, 5);
}

#[test]
fn replay_aes256_ef_com_byte_for_byte() {
    let t = Transcript::from_json(&vectors("transcripts/sm_aes256_read_efcom.json")).unwrap();
    let keys = SessionKeys::new(
        Cipher::Aes256,
        &t.hex_at("/inputs/secure_messaging_before/KSenc").unwrap(),
        &t.hex_at("/inputs/secure_messaging_before/KSmac").unwrap(),
    )
    .unwrap();
    let ssc = Ssc::new(&t.hex_at("/inputs/secure_messaging_before/SSC").unwrap());
    let sm = SecureMessaging::new(keys, ssc).unwrap();
    let mut session = ChipSession::with_secure_messaging(t.channel(), sm);
    session.set_extended_length(Some(false));
    let opts = ReadOptions {
        select_by_fid: true,
        first_read: Some(4),
    };
    let (com, stats) = session.read_file_with(FileId::Com, &opts).unwrap();
    assert_eq!(com, t.hex_at("/expected/EF_COM").unwrap());
    assert_eq!(stats.apdus, 3);
    assert_eq!(
        session.secure_messaging().unwrap().ssc().as_bytes(),
        &t.hex_at("/expected/SSC_final").unwrap()[..]
    );
    assert!(session.channel().is_finished());
}

#[test]
fn wrong_mrz_fails_bac_clearly() {
    let t = Transcript::from_json(&vectors(
        "transcripts/icao_9303_11_appD_bac_read_efcom.json",
    ))
    .unwrap();
    let mut rng = t.randoms();
    // Another document number: the EXTERNAL AUTHENTICATE differs from the recording, so
    // the replayed card refuses it as a transport error rather than answering.
    let err = ChipSession::bac(t.channel(), b"X898902C<369080619406236", &mut rng).unwrap_err();
    assert!(matches!(
        err,
        ChipError::Channel(ChannelError::Transport(_))
    ));
}

#[test]
fn fuzz_apdu_property_on_samples() {
    for s in [
        "",
        "90",
        "9000",
        "6A82",
        "00A4020C02011E",
        "00B0000000",
        "00B09E00000000",
        "0000000000",
        "00000000000102",
        "FFFFFFFF00FFFF",
    ] {
        fuzz_check_apdu(&hex::decode(s).unwrap());
    }
}

/// A card that accepts command chains: 9000 to every piece, the total length at the end.
struct ChainingCard {
    received: Vec<u8>,
    pieces: usize,
}

impl CardChannel for ChainingCard {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        let (cmd, _) =
            CommandApdu::parse(command).map_err(|e| ChannelError::Transport(e.to_string()))?;
        self.pieces += 1;
        self.received.extend_from_slice(&cmd.data);
        if cmd.cla & 0x10 != 0 {
            return Ok(vec![0x90, 0x00]);
        }
        if cmd.data.len() == 1 && cmd.data[0] == 0xEE {
            return Ok(vec![0x6A, 0x80]);
        }
        let mut r = (self.received.len() as u16).to_be_bytes().to_vec();
        r.extend([0x90, 0x00]);
        Ok(r)
    }
}

#[test]
fn command_chaining_through_a_session() {
    let card = ChainingCard {
        received: Vec::new(),
        pieces: 0,
    };
    let mut s = ChipSession::new(card);
    let cmd = CommandApdu::new(0, 0x2A, 0, 0xBE)
        .with_data(vec![5u8; 600])
        .with_le(2);
    let r = s.exchange_chained(&cmd, 255).unwrap();
    assert_eq!(r.data, vec![0x02, 0x58]);
    assert_eq!(s.channel().pieces, 3);
    let bad = CommandApdu::new(0, 0x2A, 0, 0xBE).with_data(vec![0xEE]);
    let r = s.exchange_chained(&bad, 255).unwrap();
    assert_eq!(r.sw, StatusWord(0x6A80));
}
