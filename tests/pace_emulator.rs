//! PACE against the in-process software chip: every standardized domain parameter with every
//! mapping it allows, with the MRZ and with the CAN, each followed by a complete read under the
//! new secure messaging; a wrong CAN is a wrong access key with the retry counter; `open`
//! falls back to BAC on a chip without PACE.
//!
//! Length fields as ISO/IEC 7816-4 §5.1 says them, against the chip, which is strict (an
//! answer longer than Ne is not sent whole): every parameter × mapping × cipher with extended
//! length, and behind a reader without it (command chaining and GET RESPONSE; told by the
//! ATR, or learnt from the chip's 6700); no command asks for less than the chip has to
//! answer. The Le that broke PACE with the 2048-bit DH groups is kept as a test: an extended
//! GENERAL AUTHENTICATE with `01 00` ("at most 256 bytes") for a 264-byte answer is refused.
#![cfg(feature = "emulator")]

use idverify::chip::access::pace::{
    AccessKey, DomainParameters, Mapping, OpenedWith, PaceChoice, PacePassword,
};
use idverify::chip::{CardChannel, ChannelError, ChipError, ChipSession, FileId, StatusWord};
use idverify::emulator::{ChipConfig, EmulatedChip, LengthOutcome, SeededRng, benchmark_document};

#[path = "support/lengths.rs"]
mod lengths;
use lengths::{assert_no_command_asked_too_little, assert_short_length_fields_only};

const MRZ: &[u8] = b"L898902C<369080619406236";
const CAN: &[u8] = b"123456";

fn pace_chip(choice: &PaceChoice) -> EmulatedChip {
    pace_chip_behind(choice, Reader::Extended)
}

fn pace_chip_behind(choice: &PaceChoice, reader: Reader) -> EmulatedChip {
    EmulatedChip::new(config(reader), [5; 32])
        .with_files(benchmark_document([9; 32]))
        .with_pace(
            choice.clone(),
            vec![
                PacePassword::Mrz(MRZ.to_vec()),
                PacePassword::Can(CAN.to_vec()),
            ],
        )
}

/// Every (protocol OID, parameter id) pair the standard allows.
fn every_choice() -> Vec<PaceChoice> {
    let mut out = Vec::new();
    for id in DomainParameters::IDS {
        let ec = DomainParameters::standardized(id).unwrap().is_ec();
        let kinds: &[&str] = if ec { &["2", "4", "6"] } else { &["1", "3"] };
        for kind in kinds {
            // The cipher cycles with the id so every cipher meets every mapping somewhere.
            let cipher = 1 + (id % 4);
            let cipher = if *kind == "6" && cipher == 1 {
                2
            } else {
                cipher
            };
            let oid = format!("0.4.0.127.0.7.2.2.4.{kind}.{cipher}");
            match PaceChoice::standardized(&oid, id) {
                Ok(c) => out.push(c),
                Err(e) => panic!("{oid} / {id}: {e}"),
            }
        }
    }
    out
}

fn read_everything(session: &mut ChipSession<EmulatedChip>) {
    let files = session.read_document().unwrap();
    assert!(files.len() > 3);
    for (f, bytes, _) in &files {
        assert_eq!(Some(bytes.as_slice()), session.channel().file(*f), "{f}");
    }
    lengths::assert_no_command_asked_too_little(session.channel(), "PACE and read");
}

#[test]
fn every_parameter_and_mapping_reads_the_whole_document() {
    let mut done = 0;
    for choice in every_choice() {
        // Integrated Mapping needs p ≡ 3 (mod 4); P-224 does not have it.
        if choice.protocol.mapping == idverify::chip::access::pace::Mapping::Integrated
            && choice.parameter_id == Some(10)
        {
            let mut s = ChipSession::new(pace_chip(&choice));
            let e = s
                .run_pace(
                    &choice,
                    &PacePassword::Can(CAN.to_vec()),
                    &mut SeededRng::from_u64(3),
                )
                .unwrap_err();
            assert!(matches!(e, ChipError::Pace(_)), "{e:?}");
            continue;
        }
        for (i, key) in [AccessKey::Mrz(MRZ.to_vec()), AccessKey::Can(CAN.to_vec())]
            .into_iter()
            .enumerate()
        {
            let chip = pace_chip(&choice);
            let ca_key = chip.chip_authentication_public_key().map(<[u8]>::to_vec);
            let (mut s, how) =
                ChipSession::open(chip, &key, &mut SeededRng::from_u64(i as u64 + 7))
                    .unwrap_or_else(|e| {
                        panic!("{} / {:?}: {e}", choice.protocol.oid, choice.parameter_id)
                    });
            let OpenedWith::Pace(outcome) = how else {
                panic!("{}: not PACE", choice.protocol.oid);
            };
            assert_eq!(outcome.choice, choice);
            assert_eq!(
                s.secure_messaging().unwrap().keys().cipher(),
                choice.protocol.cipher
            );
            if let Some(pk) = ca_key {
                assert_eq!(outcome.verify_chip_authentication(&pk), Some(Ok(true)));
                // `open` read EF.CardSecurity and checked the key it carries.
                let cam = outcome.cam.as_ref().expect("CAM checked");
                assert!(cam.passed(), "{:?}", cam.result);
                assert_eq!(
                    Some(cam.card_security.as_slice()),
                    s.channel().file(FileId::CardSecurity)
                );
            } else {
                assert!(outcome.ca_data.is_none() && outcome.cam.is_none());
            }
            read_everything(&mut s);
            done += 1;
        }
    }
    assert!(done >= 2 * 30, "{done} runs");
}

#[test]
fn a_wrong_can_is_a_wrong_access_key_with_the_counter() {
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 13).unwrap();
    let mut chip = pace_chip(&choice);
    for expected in [2u8, 1, 0] {
        let err = ChipSession::open(
            &mut chip,
            &AccessKey::Can(b"654321".to_vec()),
            &mut SeededRng::from_u64(1),
        )
        .unwrap_err();
        match err {
            ChipError::WrongAccessKey {
                password,
                retries_left,
                ..
            } => {
                assert_eq!(password, "CAN");
                assert_eq!(retries_left, Some(expected));
            }
            e => panic!("{e:?}"),
        }
    }
    // A wrong MRZ is not retried with BAC: it is reported as such.
    let mut chip = pace_chip(&choice);
    let err = ChipSession::open(
        &mut chip,
        &AccessKey::Mrz(b"L898902C<369080619406237".to_vec()),
        &mut SeededRng::from_u64(1),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            ChipError::WrongAccessKey {
                password: "MRZ",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn open_falls_back_to_bac_without_pace() {
    let chip = EmulatedChip::new(ChipConfig::default(), [5; 32])
        .with_files(benchmark_document([9; 32]))
        .with_bac(MRZ);
    let (mut s, how) = ChipSession::open(
        chip,
        &AccessKey::Mrz(MRZ.to_vec()),
        &mut SeededRng::from_u64(2),
    )
    .unwrap();
    assert!(matches!(how, OpenedWith::Bac { .. }), "{how:?}");
    read_everything(&mut s);
    // With a CAN there is nothing to fall back to.
    let chip = EmulatedChip::new(ChipConfig::default(), [5; 32])
        .with_files(benchmark_document([9; 32]))
        .with_bac(MRZ);
    assert!(
        ChipSession::open(
            chip,
            &AccessKey::Can(CAN.to_vec()),
            &mut SeededRng::from_u64(2)
        )
        .is_err()
    );
}

/// Opens `chip` with the CAN; PACE must be what opened it.
fn open_with_can(
    chip: EmulatedChip,
) -> (
    ChipSession<EmulatedChip>,
    Box<idverify::chip::access::pace::PaceOutcome>,
) {
    let (s, how) = ChipSession::open(
        chip,
        &AccessKey::Can(CAN.to_vec()),
        &mut SeededRng::from_u64(4),
    )
    .unwrap();
    match how {
        OpenedWith::Pace(outcome) => (s, outcome),
        OpenedWith::Bac { pace_error } => panic!("not PACE: {pace_error}"),
    }
}

#[test]
fn cam_proves_the_key_of_a_signed_card_security_and_a_clone_fails() {
    use idverify::pki::{Status, cms::parse_content_info, signed::verify_signer};
    for (oid, id) in [
        ("0.4.0.127.0.7.2.2.4.6.2", 13),
        ("0.4.0.127.0.7.2.2.4.6.4", 12),
    ] {
        let choice = PaceChoice::standardized(oid, id).unwrap();
        let chip = pace_chip(&choice);
        // The served EF.CardSecurity is signed by the test PKI's document signer.
        let file = chip.file(FileId::CardSecurity).unwrap().to_vec();
        let sd = parse_content_info(&file).unwrap();
        let signer = verify_signer(&sd, &[], &[idverify::lds::ID_SECURITY_OBJECT]);
        assert!(
            signer.checks.iter().all(|c| c.status == Status::Passed),
            "{:?}",
            signer.checks
        );
        let (_, outcome) = open_with_can(chip);
        let cam = outcome.cam.as_ref().unwrap();
        assert_eq!(cam.result, Ok(true));
        assert_eq!(cam.card_security, file);

        // A clone: the same files, but the chip proves a key of its own.
        let mut clone = pace_chip(&choice);
        clone.set_cloned(true);
        assert_eq!(clone.file(FileId::CardSecurity), Some(file.as_slice()));
        let (mut s, outcome) = open_with_can(clone);
        let cam = outcome.cam.as_ref().unwrap();
        assert_eq!(cam.result, Ok(false), "{oid} / {id}");
        assert!(!cam.passed());
        // PACE itself worked: the document still reads.
        read_everything(&mut s);
        // A CardSecurity without a key on these parameters cannot be checked.
        let other = idverify::emulator::test_pki::sign_card_security(
            &idverify::lds::SecurityInfos::default(),
        );
        assert!(matches!(
            outcome.verify_chip_authentication_with_card_security(&other),
            Some(Err(_))
        ));
        assert!(matches!(
            outcome.verify_chip_authentication_with_card_security(&[0x30, 0x01]),
            Some(Err(_))
        ));
    }
}

#[test]
fn explicit_domain_parameters_in_card_access_are_used() {
    use idverify::chip::access::pace::PaceError;
    use idverify::lds::{SecurityInfo, SecurityInfos};
    let cases = [
        ("0.4.0.127.0.7.2.2.4.2.2", 13u64), // GM, brainpoolP256r1
        ("0.4.0.127.0.7.2.2.4.4.3", 15),    // IM, P-384
        ("0.4.0.127.0.7.2.2.4.6.4", 16),    // CAM, brainpoolP384r1
        ("0.4.0.127.0.7.2.2.4.1.2", 1),     // DH GM, 2048/224 MODP
        ("0.4.0.127.0.7.2.2.4.3.2", 2),     // DH IM, 2048/256 MODP
    ];
    for (k, (oid, id)) in cases.into_iter().enumerate() {
        let standard = PaceChoice::standardized(oid, id).unwrap();
        let proprietary = 32 + k as u64;
        let chip = pace_chip(&standard).with_explicit_domain_parameters(proprietary);
        // EF.CardAccess names no standardized id: only the explicit parameters tell the group.
        let infos = SecurityInfos::parse(chip.file(FileId::CardAccess).unwrap()).unwrap();
        assert!(infos.infos.iter().any(|i| matches!(i,
            SecurityInfo::PaceDomainParameter { parameter_id: Some(p), domain_parameter, .. }
                if *p == proprietary && domain_parameter.parameters.as_ref().is_some_and(|d| d.len() > 100))));
        let (mut s, how) = ChipSession::open(
            chip,
            &AccessKey::Can(CAN.to_vec()),
            &mut SeededRng::from_u64(k as u64),
        )
        .unwrap_or_else(|e| panic!("{oid} / {id}: {e}"));
        let OpenedWith::Pace(outcome) = how else {
            panic!("{oid}: not PACE")
        };
        assert_eq!(outcome.choice.parameters, standard.parameters, "{oid}");
        assert_eq!(outcome.choice.parameter_id, Some(proprietary));
        if let Some(cam) = &outcome.cam {
            assert!(cam.passed(), "{:?}", cam.result);
        }
        read_everything(&mut s);

        // The same parameters with one byte of the group changed name no known group.
        let mut chip = pace_chip(&standard).with_explicit_domain_parameters(proprietary);
        let mut infos = SecurityInfos::parse(chip.file(FileId::CardAccess).unwrap()).unwrap();
        for info in &mut infos.infos {
            if let SecurityInfo::PaceDomainParameter {
                domain_parameter, ..
            } = info
            {
                let d = domain_parameter.parameters.as_mut().unwrap();
                let at = d.len() / 2;
                d[at] ^= 0x01;
            }
        }
        chip.set_file(FileId::CardAccess, infos.encode());
        let err = ChipSession::open(
            chip,
            &AccessKey::Can(CAN.to_vec()),
            &mut SeededRng::from_u64(1),
        )
        .unwrap_err();
        assert!(
            matches!(err, ChipError::Pace(PaceError::Unsupported(_))),
            "{oid}: {err:?}"
        );
    }
}

/// The reader in front of the chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// Extended length, announced in the ATR.
    Extended,
    /// No extended length, announced in the ATR.
    ShortAnnounced,
    /// No extended length, not announced: the terminal learns it from a 6700.
    ShortUnannounced,
}

fn config(reader: Reader) -> ChipConfig {
    match reader {
        Reader::Extended => ChipConfig::default(),
        Reader::ShortAnnounced => ChipConfig {
            extended_length: false,
            ..ChipConfig::default()
        },
        Reader::ShortUnannounced => ChipConfig {
            extended_length: false,
            advertise_extended_length: false,
            ..ChipConfig::default()
        },
    }
}

/// Every (parameter id, mapping, cipher) the standard defines (ICAO 9303-11 §9.2.1: the
/// PACE OIDs; CAM has no 3DES), skipping Integrated Mapping on P-224 (p ≢ 3 mod 4).
fn every_combination() -> Vec<PaceChoice> {
    let mut out = Vec::new();
    for id in DomainParameters::IDS {
        let ec = DomainParameters::standardized(id).unwrap().is_ec();
        let kinds: &[u8] = if ec { &[2, 4, 6] } else { &[1, 3] };
        for &kind in kinds {
            for cipher in 1..=4 {
                if kind == 6 && cipher == 1 || kind == 4 && id == 10 {
                    continue;
                }
                let oid = format!("0.4.0.127.0.7.2.2.4.{kind}.{cipher}");
                out.push(
                    PaceChoice::standardized(&oid, id)
                        .unwrap_or_else(|e| panic!("{oid} / {id}: {e}")),
                );
            }
        }
    }
    out
}

fn name(choice: &PaceChoice) -> String {
    format!("{} / {:?}", choice.protocol.oid, choice.parameter_id)
}

/// Opens `chip` with `key` by PACE, reads EF.COM and DG1 under the new secure messaging,
/// and gives the chip back.
fn open_and_read(chip: EmulatedChip, key: &AccessKey, what: &str) -> EmulatedChip {
    let want_com = chip.file(FileId::Com).unwrap().to_vec();
    let want_dg1 = chip.file(FileId::Dg1).unwrap().to_vec();
    let (mut s, how) = ChipSession::open(chip, key, &mut SeededRng::from_u64(11))
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(matches!(how, OpenedWith::Pace(_)), "{what}: not PACE");
    assert_eq!(s.read_file(FileId::Com).unwrap().0, want_com, "{what}");
    assert_eq!(s.read_file(FileId::Dg1).unwrap().0, want_dg1, "{what}");
    s.into_channel()
}

#[test]
fn every_parameter_mapping_and_cipher_with_extended_length() {
    let all = every_combination();
    // DH: 3 groups × 2 mappings × 4 ciphers; EC: 11 curves × (GM 4 + IM 4 + CAM 3), less IM
    // on P-224.
    assert_eq!(all.len(), 3 * 2 * 4 + 11 * 11 - 4, "combinations");
    for (i, choice) in all.iter().enumerate() {
        let what = name(choice);
        let key = if i % 2 == 0 {
            AccessKey::Mrz(MRZ.to_vec())
        } else {
            AccessKey::Can(CAN.to_vec())
        };
        let chip = open_and_read(pace_chip_behind(choice, Reader::Extended), &key, &what);
        assert_no_command_asked_too_little(&chip, &what);
    }
}

/// Behind a reader without extended length every parameter and mapping still opens (the
/// cipher cycling with the id); the DH groups (1 and 2 have 2048-bit keys, hence 264-byte
/// commands and answers) both with the ATR telling and with the terminal finding out from
/// a 6700.
#[test]
fn every_parameter_and_mapping_behind_a_reader_without_extended_length() {
    let mut continued_2048 = 0;
    for choice in every_combination() {
        let cipher = choice.protocol.oid.rsplit('.').next().unwrap().to_string();
        let id = choice.parameter_id.unwrap();
        let wanted = if choice.protocol.mapping == Mapping::ChipAuthentication {
            2 + id % 3
        } else {
            1 + id % 4
        };
        if cipher != wanted.to_string() {
            continue;
        }
        let dh = !DomainParameters::standardized(id).unwrap().is_ec();
        let readers: &[Reader] = if dh {
            &[Reader::ShortAnnounced, Reader::ShortUnannounced]
        } else {
            &[Reader::ShortAnnounced]
        };
        for &reader in readers {
            let what = format!("{} behind {reader:?}", name(&choice));
            let chip = pace_chip_behind(&choice, reader);
            let chip = open_and_read(chip, &AccessKey::Can(CAN.to_vec()), &what);
            assert_no_command_asked_too_little(&chip, &what);
            let continued = if reader == Reader::ShortAnnounced {
                assert_short_length_fields_only(&chip, &what)
            } else {
                // Unannounced, the terminal tries extended length once and the chip
                // refuses it; after that everything goes short.
                let log = chip.length_log();
                let first = log.iter().position(|r| r.extended).expect("a probe");
                assert_eq!(log[first].answer, 0, "{what}: {:?}", log[first]);
                assert!(log[first + 1..].iter().all(|r| !r.extended), "{what}");
                log.iter()
                    .filter(|r| r.outcome == LengthOutcome::Continued)
                    .count()
            };
            if dh && id >= 1 {
                // The 264-byte answers (key agreement, and Generic Mapping's mapping step)
                // came by GET RESPONSE, the 264-byte commands as chains of short pieces.
                let long = if choice.protocol.mapping == Mapping::Generic {
                    2
                } else {
                    1
                };
                assert_eq!(continued, long, "{what}: answers continued");
                assert!(
                    chip.length_log().iter().any(|r| r.nc == 255),
                    "{what}: no chained piece"
                );
                continued_2048 += continued;
            }
        }
    }
    assert!(continued_2048 > 0);
}

/// The Le the terminal used to send for GENERAL AUTHENTICATE: `with_le(256)`, which an
/// extended command encodes as `01 00`, "at most 256 bytes". A channel puts it back into
/// every extended GENERAL AUTHENTICATE; PACE with DH group 2 then fails at the mapping step,
/// the chip refusing to cut its 264-byte answer, while the same chip opens with the maximal
/// Le (`00 00`) the terminal sends now.
#[test]
fn the_old_le_of_general_authenticate_breaks_dh_group_2() {
    #[derive(Debug)]
    struct OldLe(EmulatedChip);
    impl CardChannel for OldLe {
        fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
            let mut command = command.to_vec();
            let extended = command.len() > 7 && command[4] == 0;
            let n = command.len();
            if command[1] == 0x86 && extended && command[n - 2..] == [0, 0] {
                command[n - 2] = 0x01;
            }
            self.0.transmit(&command)
        }
        fn extended_length_hint(&self) -> Option<bool> {
            self.0.extended_length_hint()
        }
    }
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.1.2", 2).unwrap();
    let key = AccessKey::Can(CAN.to_vec());
    let old = OldLe(pace_chip_behind(&choice, Reader::Extended));
    let e = ChipSession::open(old, &key, &mut SeededRng::from_u64(11)).unwrap_err();
    assert!(
        matches!(&e, ChipError::Status { command, sw }
            if command.contains("mapping") && *sw == StatusWord::WRONG_LENGTH),
        "{e:?}"
    );
    // The chip logged why: 256 bytes asked, 264 to answer.
    let mut old = OldLe(pace_chip_behind(&choice, Reader::Extended));
    let _ = ChipSession::open(&mut old, &key, &mut SeededRng::from_u64(11));
    let refused: Vec<_> = old
        .0
        .length_log()
        .iter()
        .filter(|r| r.asked_too_little())
        .collect();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!((refused[0].header[1], refused[0].ne), (0x86, 256));
    assert_eq!(refused[0].answer, 264);
    // The maximal Le opens the same chip.
    let chip = open_and_read(
        pace_chip_behind(&choice, Reader::Extended),
        &key,
        "DH group 2",
    );
    let ga = chip
        .length_log()
        .iter()
        .filter(|r| r.header[1] == 0x86 && r.nc > 255)
        .count();
    assert_eq!(ga, 2, "mapping and key agreement carry 2048-bit keys");
}
