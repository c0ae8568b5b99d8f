//! PACE end to end over a private pcscd and vpcd: the example verifier reads the software chip
//! with `--can` and with the MRZ (PACE first), and the library opens and reads the chip over
//! PC/SC for every standardized domain parameter and mapping, alternating MRZ and CAN so that
//! every parameter id meets both; CAM is checked against the chip's EF.CardSecurity (and
//! fails for a clone); a wrong CAN is a wrong access key with the retry counter.
//!
//! The combinations share one card in the reader whose software chip is swapped between
//! sessions: every APDU still crosses pcscd, but no run waits for pcscd's poll to notice a
//! removal and an insertion (tests/pcsc_e2e.rs and the driver's tests cover those).
#![cfg(feature = "emulator")]

use idverify::chip::access::pace::{
    AccessKey, DomainParameters, Mapping, OpenedWith, PaceChoice, PacePassword,
};
use idverify::chip::transport::pcsc::PcscReaders;
use idverify::chip::{ChipError, ChipSession};
use idverify::emulator::{ChipConfig, EmulatedChip, LengthOutcome, SeededRng, benchmark_document};
use idverify_vpcd::testing::Pcscd;
use idverify_vpcd::{VirtualCard, serve};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod support;
use support::verify_binary;
#[path = "support/lengths.rs"]
mod lengths;

const MRZ: &[u8] = b"L898902C<369080619406236";
const CAN: &[u8] = b"314159";

fn chip(choice: &PaceChoice, config: ChipConfig) -> EmulatedChip {
    EmulatedChip::new(config, [0x33; 32])
        .with_files(benchmark_document([0x11; 32]))
        .with_pace(
            choice.clone(),
            vec![
                PacePassword::Mrz(MRZ.to_vec()),
                PacePassword::Can(CAN.to_vec()),
            ],
        )
}

/// The one card in the reader for a whole test; `insert` puts another software chip behind
/// it (between sessions), the way a card changer would, without the reader seeing a removal.
#[derive(Clone)]
struct SwapCard(Arc<Mutex<EmulatedChip>>);

impl SwapCard {
    fn new(chip: EmulatedChip) -> Self {
        SwapCard(Arc::new(Mutex::new(chip)))
    }

    fn insert(&self, chip: EmulatedChip) {
        *self.0.lock().unwrap() = chip;
    }
}

impl VirtualCard for SwapCard {
    fn atr(&self) -> Vec<u8> {
        VirtualCard::atr(&*self.0.lock().unwrap())
    }
    fn power_off(&mut self) {
        VirtualCard::power_off(&mut *self.0.lock().unwrap());
    }
    fn reset(&mut self) {
        VirtualCard::reset(&mut *self.0.lock().unwrap());
    }
    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        VirtualCard::transmit(&mut *self.0.lock().unwrap(), apdu)
    }
    fn is_present(&self) -> bool {
        VirtualCard::is_present(&*self.0.lock().unwrap())
    }
}

fn cli_read(pcscd: &Pcscd, slot: u8, key_args: &[&str]) -> String {
    let dump = std::env::temp_dir().join(format!("idverify-pace-{}-{slot}", std::process::id()));
    let out = Command::new(verify_binary())
        .args(["read", "--reader", &pcscd.reader_name(slot)])
        .args(key_args)
        .arg("--dump")
        .arg(&dump)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (file, bytes) in benchmark_document([0x11; 32]) {
        let dumped = std::fs::read(dump.join(format!("{}.bin", file.name()))).unwrap();
        assert!(dumped == bytes, "{} differs", file.name());
    }
    std::fs::remove_dir_all(&dump).unwrap();
    stdout
}

#[test]
fn cli_reads_with_the_can_and_with_the_mrz_over_pace() {
    let pcscd = Pcscd::start().unwrap();
    let cam = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.6.2", 13).unwrap();
    let served = serve(chip(&cam, ChipConfig::short_reads(223)), pcscd.card_addr(0));
    let stdout = cli_read(&pcscd, 0, &["--can", "314159"]);
    assert!(
        stdout.contains("PACE     0.4.0.127.0.7.2.2.4.6.2"),
        "{stdout}"
    );
    served.stop().unwrap();

    let gm = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.4", 12).unwrap();
    let served = serve(chip(&gm, ChipConfig::default()), pcscd.card_addr(1));
    let stdout = cli_read(
        &pcscd,
        1,
        &[
            "--document-number",
            "L898902C",
            "--birth-date",
            "690806",
            "--expiry-date",
            "940623",
        ],
    );
    assert!(
        stdout.contains("PACE     0.4.0.127.0.7.2.2.4.2.4"),
        "{stdout}"
    );
    served.stop().unwrap();
}

#[test]
fn every_parameter_and_mapping_over_pcsc() {
    let pcscd = Pcscd::start().unwrap();
    let readers = PcscReaders::establish().unwrap();
    let started = std::time::Instant::now();
    let gm = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 12).unwrap();
    let card = SwapCard::new(chip(&gm, ChipConfig::default()));
    let served = serve(card.clone(), pcscd.card_addr(0));
    let mut n = 0u64;
    let mut seen = std::collections::BTreeMap::new();
    for id in DomainParameters::IDS {
        let ec = DomainParameters::standardized(id).unwrap().is_ec();
        let kinds: &[&str] = if ec { &["2", "4", "6"] } else { &["1", "3"] };
        for kind in kinds {
            let oid = format!("0.4.0.127.0.7.2.2.4.{kind}.{}", 2 + id % 3);
            let choice = PaceChoice::standardized(&oid, id).unwrap();
            if choice.protocol.mapping == Mapping::Integrated && id == 10 {
                continue;
            }
            card.insert(chip(&choice, ChipConfig::default()));
            let key = if n.is_multiple_of(2) {
                AccessKey::Mrz(MRZ.to_vec())
            } else {
                AccessKey::Can(CAN.to_vec())
            };
            let entry = seen.entry(id).or_insert((false, false));
            match key {
                AccessKey::Mrz(_) => entry.0 = true,
                _ => entry.1 = true,
            }
            let (mut s, how) = open_over_pcsc(&readers, &pcscd, &key, n)
                .unwrap_or_else(|e| panic!("{oid} / {id}: {e}"));
            let OpenedWith::Pace(outcome) = how else {
                panic!("{oid} / {id}: not PACE");
            };
            if choice.protocol.mapping == Mapping::ChipAuthentication {
                let cam = outcome.cam.as_ref().expect("CAM checked");
                assert!(cam.passed(), "{oid} / {id}: {:?}", cam.result);
            }
            let files = s.read_document().unwrap();
            let want = benchmark_document([0x11; 32]);
            for (f, bytes, _) in &files {
                let w = want.iter().find(|(g, _)| g == f).map(|(_, b)| b);
                assert_eq!(Some(bytes), w, "{oid} / {id}: {f}");
            }
            drop(s);
            lengths::assert_no_command_asked_too_little(
                &card.0.lock().unwrap(),
                &format!("{oid} / {id}"),
            );
            n += 1;
        }
    }
    assert_eq!(n, 38);
    // One run per DH group behind a reader without extended length: the 264-byte commands
    // of the 2048-bit groups 1 and 2 go chained, their answers by GET RESPONSE.
    for id in 0..=2 {
        let oid = "0.4.0.127.0.7.2.2.4.1.2";
        let choice = PaceChoice::standardized(oid, id).unwrap();
        let short = ChipConfig {
            extended_length: false,
            ..ChipConfig::default()
        };
        card.insert(chip(&choice, short));
        let (mut s, how) = open_over_pcsc(&readers, &pcscd, &AccessKey::Can(CAN.to_vec()), n)
            .unwrap_or_else(|e| panic!("{oid} / {id} without extended length: {e}"));
        assert!(matches!(how, OpenedWith::Pace(_)));
        assert_eq!(s.extended_length(), Some(false));
        let (dg1, _) = s.read_file(idverify::chip::FileId::Dg1).unwrap();
        assert!(!dg1.is_empty());
        drop(s);
        let chip = card.0.lock().unwrap();
        let what = format!("{oid} / {id} without extended length");
        lengths::assert_no_command_asked_too_little(&chip, &what);
        // (pcscd keeps the ATR of the card it powered up, so the terminal may learn the
        // missing extended length from a 6700 rather than from the ATR.)
        let continued = chip
            .length_log()
            .iter()
            .filter(|r| r.outcome == LengthOutcome::Continued)
            .count();
        assert_eq!(continued > 0, id >= 1, "{what}: {continued}");
        n += 1;
    }
    // Every session went to the one card inserted at the start.
    assert!(served.is_connected());
    served.stop().unwrap();
    // Alternating over the mappings, every parameter id met both passwords.
    assert_eq!(seen.len(), DomainParameters::IDS.len());
    for (id, both) in &seen {
        assert_eq!(*both, (true, true), "id {id}");
    }
    eprintln!("38 PACE runs and reads over pcscd: {:?}", started.elapsed());
}

/// Opens the card in reader slot 0 (inserted once, so the first connect reaches it).
fn open_over_pcsc(
    readers: &PcscReaders,
    pcscd: &Pcscd,
    key: &AccessKey,
    seed: u64,
) -> Result<
    (
        ChipSession<idverify::chip::transport::pcsc::PcscChannel>,
        OpenedWith,
    ),
    ChipError,
> {
    let reader = pcscd.reader_name(0);
    let channel = readers
        .connect_first(Some(&reader), Some(Duration::from_secs(30)))
        .unwrap_or_else(|e| panic!("connect: {e}\n{}", pcscd.log()));
    ChipSession::open(channel, key, &mut SeededRng::from_u64(seed))
}

#[test]
fn a_wrong_can_and_a_cloned_cam_chip_over_pcsc() {
    let pcscd = Pcscd::start().unwrap();
    let readers = PcscReaders::establish().unwrap();
    let cam = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.6.2", 13).unwrap();
    let card = SwapCard::new(chip(&cam, ChipConfig::default()));
    let served = serve(card.clone(), pcscd.card_addr(0));
    for (i, expected) in [2u8, 1].into_iter().enumerate() {
        match open_over_pcsc(
            &readers,
            &pcscd,
            &AccessKey::Can(b"271828".to_vec()),
            i as u64,
        ) {
            Err(ChipError::WrongAccessKey {
                password,
                retries_left,
                ..
            }) => {
                assert_eq!(password, "CAN");
                assert_eq!(retries_left, Some(expected));
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a wrong CAN opened the chip"),
        }
    }

    let mut clone = chip(&cam, ChipConfig::default());
    clone.set_cloned(true);
    card.insert(clone);
    let (mut s, how) = open_over_pcsc(&readers, &pcscd, &AccessKey::Can(CAN.to_vec()), 9).unwrap();
    let OpenedWith::Pace(outcome) = how else {
        panic!("not PACE");
    };
    assert_eq!(
        outcome.cam.as_ref().map(|c| c.result.clone()),
        Some(Ok(false))
    );
    assert!(s.read_document().unwrap().len() > 3);
    drop(s);
    served.stop().unwrap();
}
