//! PACE against the in-process software chip: every standardized domain parameter with every
//! mapping it allows, with the MRZ and with the CAN, each followed by a complete read under the
//! new secure messaging; a wrong CAN is a wrong access key with the retry counter; `open`
//! falls back to BAC on a chip without PACE.
#![cfg(feature = "emulator")]

use idverify::chip::pace::{AccessKey, DomainParameters, OpenedWith, PaceChoice, PacePassword};
use idverify::chip::{ChipError, ChipSession};
use idverify::emulator::{ChipConfig, EmulatedChip, SeededRng, benchmark_document};

const MRZ: &[u8] = b"L898902C<369080619406236";
const CAN: &[u8] = b"123456";

fn pace_chip(choice: &PaceChoice) -> EmulatedChip {
    EmulatedChip::new(ChipConfig::default(), [5; 32])
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
}

#[test]
fn every_parameter_and_mapping_reads_the_whole_document() {
    let mut done = 0;
    for choice in every_choice() {
        // Integrated Mapping needs p ≡ 3 (mod 4); P-224 does not have it.
        if choice.protocol.mapping == idverify::chip::pace::Mapping::Integrated
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
            } else {
                assert!(outcome.ca_data.is_none());
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
