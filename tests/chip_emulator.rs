//! Reading whole documents from the in-process software chip: BAC, 3DES and AES secure
//! messaging, extended length on and off, read-size limits, odd INS beyond 32767, APDU
//! counts, and every misbehaviour giving its own error.
#![cfg(feature = "emulator")]

use idverify::chip::transport::sm::{SecureMessaging, SessionKeys, Ssc};
use idverify::chip::{ChannelError, ChipError, ChipSession, FileId, ReadStats, StatusWord};
use idverify::crypto::symmetric::Cipher;
use idverify::emulator::{ChipConfig, EmulatedChip, Misbehaviour, SeededRng, benchmark_document};

#[path = "support/lengths.rs"]
mod lengths;

const MRZ: &[u8] = b"L898902C<369080619406236";

fn chip(config: ChipConfig) -> EmulatedChip {
    EmulatedChip::new(config, [3; 32])
        .with_files(benchmark_document([9; 32]))
        .with_bac(MRZ)
}

/// SELECTs the eMRTD application in plain, as a session started under secure messaging
/// agreed out of band needs before it reads the application's files.
fn select_emrtd(card: &mut EmulatedChip) {
    use idverify::chip::CardChannel;
    let select = [
        &[0x00, 0xA4, 0x04, 0x0C, 0x07][..],
        &idverify::chip::EMRTD_AID,
    ]
    .concat();
    assert_eq!(card.transmit(&select).unwrap(), [0x90, 0x00]);
}

fn bac(chip: EmulatedChip) -> ChipSession<EmulatedChip> {
    ChipSession::select_and_bac(chip, MRZ, &mut SeededRng::from_u64(1)).unwrap()
}

/// Reads the whole document and checks every file equals the one served.
fn read_all(session: &mut ChipSession<EmulatedChip>) -> Vec<(FileId, Vec<u8>, ReadStats)> {
    let files = session.read_document().unwrap();
    let served: Vec<(FileId, Vec<u8>)> = session
        .channel()
        .files()
        .map(|(f, b)| (f, b.to_vec()))
        .collect();
    assert_eq!(files.len(), served.len());
    for (f, bytes, stats) in &files {
        let want = session.channel().file(*f).unwrap();
        assert_eq!(bytes.as_slice(), want, "{f}");
        assert_eq!(stats.file_bytes, want.len());
    }
    lengths::assert_no_command_asked_too_little(session.channel(), "whole document");
    files
}

#[test]
fn extended_length_reads_each_file_in_one_apdu() {
    let mut s = bac(chip(ChipConfig::default()));
    assert_eq!(s.counters().apdus, 3); // SELECT application, GET CHALLENGE, EXT. AUTH.
    let files = read_all(&mut s);
    for (f, _, stats) in &files {
        assert_eq!(stats.apdus, 1, "{f}");
    }
    let after_bac: usize = files.iter().map(|(_, _, s)| s.apdus).sum();
    assert!(after_bac <= 12, "{after_bac}");
    assert_eq!(s.extended_length(), Some(true));
}

#[test]
fn unadvertised_extended_length_is_probed_once() {
    let mut s = bac(chip(ChipConfig {
        advertise_extended_length: false,
        ..ChipConfig::default()
    }));
    assert_eq!(s.extended_length(), None);
    let files = read_all(&mut s);
    assert!(files.iter().all(|(_, _, st)| st.apdus == 1));
    assert_eq!(s.extended_length(), Some(true));
}

fn assert_short_counts(files: &[(FileId, Vec<u8>, ReadStats)], chunk: usize, extra_first: usize) {
    for (i, (f, bytes, stats)) in files.iter().enumerate() {
        let ideal = bytes.len().div_ceil(chunk);
        let allowed = bytes.len().div_ceil(223) + 1;
        let expected = ideal + if i == 0 { extra_first } else { 0 };
        assert_eq!(stats.apdus, expected, "{f}: {stats:?}");
        if chunk == 223 {
            assert!(stats.apdus <= allowed, "{f}: {} > {allowed}", stats.apdus);
        }
    }
}

#[test]
fn short_reads_of_223_stay_within_the_bound() {
    let mut s = bac(chip(ChipConfig::short_reads(223)));
    let files = read_all(&mut s);
    assert_short_counts(&files, 223, 0);
    let dg2 = files.iter().find(|f| f.0 == FileId::Dg2).unwrap();
    assert_eq!(dg2.2.apdus, 92); // ceil(20480 / 223)
}

#[test]
fn unadvertised_short_chip_costs_one_probe() {
    let mut s = bac(chip(ChipConfig {
        advertise_extended_length: false,
        ..ChipConfig::short_reads(223)
    }));
    let files = read_all(&mut s);
    assert_short_counts(&files, 223, 1);
    assert_eq!(s.extended_length(), Some(false));
}

#[test]
fn smaller_chips_are_met_by_stepping_down_without_losing_sm() {
    for (limit, steps) in [(192usize, 1usize), (160, 2), (100, 4)] {
        let mut s = bac(chip(ChipConfig::short_reads(limit)));
        let files = read_all(&mut s);
        let chunk = idverify::chip::SHORT_READ_SIZES
            .iter()
            .copied()
            .find(|&c| c <= limit)
            .unwrap();
        assert_eq!(s.short_read_size(), chunk);
        // The refusals happen once, on the first file; every later file reads at `chunk`.
        assert_short_counts(&files, chunk, steps);
    }
}

#[test]
fn offsets_beyond_32767_use_odd_ins() {
    let big = idverify::emulator::synthetic_document(&[(FileId::Dg2, 40_000)], [5; 32]);
    let chip_with = |config| {
        EmulatedChip::new(config, [1; 32])
            .with_files(big.clone())
            .with_bac(MRZ)
    };
    let mut s = bac(chip_with(ChipConfig::short_reads(223)));
    let (bytes, stats) = s.read_file(FileId::Dg2).unwrap();
    assert_eq!(bytes, big[1].1);
    lengths::assert_no_command_asked_too_little(s.channel(), "odd INS, short");
    lengths::assert_short_length_fields_only(s.channel(), "odd INS, short");
    // 32768 bytes by B0 (147 reads cover up to 32781), the rest by B1 with DO'53' overhead.
    assert!(stats.apdus >= 40_000usize.div_ceil(223), "{stats:?}");
    assert!(stats.apdus <= 40_000usize.div_ceil(223) + 5, "{stats:?}");
    let mut s = bac(chip_with(ChipConfig::default()));
    let (bytes, stats) = s.read_file(FileId::Dg2).unwrap();
    assert_eq!(bytes, big[1].1);
    assert_eq!(stats.apdus, 1);
    lengths::assert_no_command_asked_too_little(s.channel(), "odd INS");
}

#[test]
fn aes_and_3des_secure_messaging_both_ways() {
    for cipher in [Cipher::Tdes, Cipher::Aes128, Cipher::Aes192, Cipher::Aes256] {
        for config in [ChipConfig::default(), ChipConfig::short_reads(223)] {
            let keys = SessionKeys::derive(cipher, b"agreed out of band");
            let ssc = Ssc::zero(cipher.block_len());
            let mut card = chip(config.clone());
            select_emrtd(&mut card);
            card.start_secure_messaging(keys.clone(), ssc.clone());
            let sm = SecureMessaging::new(keys, ssc).unwrap();
            let mut s = ChipSession::with_secure_messaging(card, sm);
            let files = read_all(&mut s);
            if config.extended_length {
                assert!(files.iter().all(|(_, _, st)| st.apdus == 1), "{cipher:?}");
            } else {
                assert_short_counts(&files, 223, 0);
            }
        }
    }
}

#[test]
fn wrong_mrz_is_a_clear_bac_failure() {
    let err = ChipSession::select_and_bac(
        chip(ChipConfig::default()),
        b"L898902C<369080619406237",
        &mut SeededRng::from_u64(1),
    )
    .unwrap_err();
    match err {
        ChipError::BacFailed(msg) => assert!(msg.contains("6300"), "{msg}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn data_groups_need_secure_messaging_and_must_exist() {
    let mut plain = ChipSession::new(chip(ChipConfig::default()));
    plain.select_application().unwrap();
    let err = plain.read_file(FileId::Dg1).unwrap_err();
    assert_eq!(err.status_word(), Some(StatusWord(0x6982)));
    let mut s = bac(chip(ChipConfig::default()));
    let err = s.read_file(FileId::Dg3).unwrap_err();
    assert_eq!(err.status_word(), Some(StatusWord(0x6A82)));
    assert!(
        err.to_string().contains("file or application not found"),
        "{err}"
    );
    // A protected error status keeps SM in sync: the next read works.
    let (dg1, _) = s.read_file(FileId::Dg1).unwrap();
    assert_eq!(dg1.len(), 93);
}

fn misbehaving(m: Misbehaviour) -> ChipError {
    let mut s = bac(chip(ChipConfig {
        misbehaviour: Some(m),
        ..ChipConfig::default()
    }));
    let err = s.read_document().unwrap_err();
    // Secure messaging is over after an SM error; the session says so instead of guessing.
    if !matches!(err, ChipError::Channel(_)) {
        assert_eq!(s.read_file(FileId::Dg1).unwrap_err(), ChipError::SmEnded);
    }
    err
}

#[test]
fn each_misbehaviour_has_its_own_error() {
    assert_eq!(
        misbehaving(Misbehaviour::WrongResponseMac),
        ChipError::SmMacMismatch
    );
    assert_eq!(
        misbehaving(Misbehaviour::PlainStatusWord),
        ChipError::SmPlainResponse {
            sw: StatusWord::END_OF_FILE
        }
    );
    assert!(matches!(
        misbehaving(Misbehaviour::TruncatedResponse),
        ChipError::ResponseTruncated { .. }
    ));
    assert_eq!(
        misbehaving(Misbehaviour::RemovedAfter(5)),
        ChipError::Channel(ChannelError::CardRemoved)
    );
}

#[test]
fn removal_mid_file_and_reset() {
    let mut s = bac(chip(ChipConfig {
        misbehaviour: Some(Misbehaviour::RemovedAfter(20)),
        ..ChipConfig::short_reads(223)
    }));
    let err = s.read_file(FileId::Dg2).unwrap_err();
    assert_eq!(err, ChipError::Channel(ChannelError::CardRemoved));
    assert!(!s.channel().is_present());
    assert!(s.channel_mut().process_apdu(&[0, 0xA4, 4, 0x0C]).is_empty());
}

#[test]
fn process_apdu_answers_garbage_without_panicking() {
    let mut card = chip(ChipConfig::default());
    for cmd in [
        &[][..],
        &[0x00],
        &[0x0C, 0xB0, 0x00, 0x00, 0x00],
        &[0x00, 0xB0, 0x9E, 0x00, 0x00],
        &[0x00, 0xB1, 0x00, 0x00, 0x02, 0x54, 0x00, 0x00],
        &[0x00, 0x82, 0x00, 0x00, 0x01, 0x00, 0x28],
        &[0x00, 0x84, 0x00, 0x00, 0x08],
        &[0x00, 0x82, 0x00, 0x00, 0x01, 0x00, 0x28],
        &[0x00, 0xA4, 0x04, 0x0C, 0x01, 0xA0],
        &[0x00, 0xFF, 0x00, 0x00],
    ] {
        let r = card.process_apdu(cmd);
        assert!(r.len() >= 2, "{cmd:02X?}");
    }
    let atr = card.atr();
    assert_eq!(atr[0], 0x3B);
    assert_eq!(atr.iter().skip(1).fold(0u8, |a, b| a ^ b), 0, "TCK");
    card.reset();
    assert!(!card.secure_messaging_active());
}

mod any_chip {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Whatever the chip's limits, a read returns the served bytes or, when the chip
        /// takes less than the smallest read size, a clear error; it never panics or hangs.
        #[test]
        fn reads_adapt_to_any_limit(
            max_read in 8usize..300,
            extended in any::<bool>(),
            advertise in any::<bool>(),
            size in 3usize..3000,
            cipher in 0usize..4,
        ) {
            let cipher = [Cipher::Tdes, Cipher::Aes128, Cipher::Aes192, Cipher::Aes256][cipher];
            let doc = idverify::emulator::synthetic_document(&[(FileId::Dg11, size)], [2; 32]);
            let mut card = EmulatedChip::new(
                ChipConfig {
                    max_read,
                    extended_length: extended,
                    advertise_extended_length: advertise,
                    misbehaviour: None,
                },
                [4; 32],
            )
            .with_files(doc.clone());
            select_emrtd(&mut card);
            let keys = SessionKeys::derive(cipher, b"any chip");
            let ssc = Ssc::zero(cipher.block_len());
            card.start_secure_messaging(keys.clone(), ssc.clone());
            let mut s = ChipSession::with_secure_messaging(card, SecureMessaging::new(keys, ssc).unwrap());
            match s.read_file(FileId::Dg11) {
                Ok((bytes, stats)) => {
                    prop_assert_eq!(&bytes, &doc[1].1);
                    prop_assert!(stats.apdus <= bytes.len().div_ceil(32) + 8);
                }
                Err(e) => {
                    prop_assert!(max_read < 32, "{e}");
                    prop_assert!(matches!(e, ChipError::ReadFailed { .. }), "{e}");
                }
            }
        }
    }
}
