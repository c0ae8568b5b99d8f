//! The whole path a desk reader takes, with the project's software chip: a private pcscd
//! with vsmartcard's vpcd driver, the emulator served through drivers/vpcd, and the library
//! reading the document with BAC through drivers/pcsc and `PcscChannel` — with extended
//! length, with 223-byte reads, and with extended length the reader has to discover.
#![cfg(feature = "emulator")]

use getrandom::SysRng;
use idverify::chip::transport::pcsc::PcscReaders;
use idverify::chip::{CardChannel, ChannelError, ChipError, ChipSession, FileId};
use idverify::emulator::{ChipConfig, EmulatedChip, Misbehaviour, benchmark_document};
use idverify_vpcd::testing::Pcscd;
use idverify_vpcd::{VirtualCard, serve};
use rand_core::UnwrapErr;
use std::time::{Duration, Instant};

/// MRZ information of the ICAO 9303-11 Appendix D example document (number, birth, expiry,
/// each with its check digit).
const MRZ: &[u8] = b"L898902C<369080619406236";

struct Outcome {
    /// (file, bytes, APDUs for it) in reading order.
    files: Vec<(FileId, Vec<u8>, usize)>,
    /// APDUs after BAC, as the library counted them.
    apdus_after_bac: usize,
    /// APDUs the served card answered in total, as the vpcd connection carried them.
    apdus_served: u64,
    /// APDUs of SELECT and BAC, as the library counted them.
    apdus_setup: usize,
    hint: Option<bool>,
    elapsed: Duration,
}

/// The software chip behind an ATR without card capabilities (T=1, historical bytes
/// '80' + pre-issuing data only), so nothing tells the reader about extended length.
struct SilentAtr(EmulatedChip);

impl VirtualCard for SilentAtr {
    fn atr(&self) -> Vec<u8> {
        let mut atr = vec![0x3B, 0x86, 0x80, 0x01, 0x80, 0x64, 0x4D, 0x52, 0x54, 0x44];
        atr.push(atr[1..].iter().fold(0, |a, b| a ^ b));
        atr
    }
    fn power_off(&mut self) {
        self.0.reset();
    }
    fn reset(&mut self) {
        self.0.reset();
    }
    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        self.0.process_apdu(apdu)
    }
    fn is_present(&self) -> bool {
        self.0.is_present()
    }
}

/// Serves the benchmark document with `config` and reads it back over PC/SC; with
/// `silent_atr` the card's ATR says nothing about extended length.
fn read_through_pcscd(config: ChipConfig, silent_atr: bool) -> (Vec<(FileId, Vec<u8>)>, Outcome) {
    let pcscd = Pcscd::start().unwrap();
    let document = benchmark_document([0x5A; 32]);
    let chip = EmulatedChip::new(config, [0xC3; 32])
        .with_files(document.clone())
        .with_bac(MRZ);
    let (served, silent) = if silent_atr {
        (None, Some(serve(SilentAtr(chip), pcscd.card_addr(0))))
    } else {
        (Some(serve(chip, pcscd.card_addr(0))), None)
    };

    let readers = PcscReaders::establish().unwrap();
    let channel = readers
        .connect_first(Some(&pcscd.reader_name(0)), Some(Duration::from_secs(30)))
        .unwrap();
    let hint = channel.extended_length_hint();
    let start = Instant::now();
    let mut rng = UnwrapErr(SysRng);
    let mut session = ChipSession::select_and_bac(channel, MRZ, &mut rng).unwrap();
    let setup = session.counters();
    let files = session
        .read_document()
        .unwrap()
        .into_iter()
        .map(|(file, bytes, stats)| (file, bytes, stats.apdus))
        .collect();
    let elapsed = start.elapsed();
    let total = session.counters();
    drop(session);
    let (chip, apdus_served) = match (served, silent) {
        (Some(served), _) => {
            let n = served.apdu_count();
            (served.stop().unwrap(), n)
        }
        (None, Some(silent)) => {
            let n = silent.apdu_count();
            (silent.stop().unwrap().0, n)
        }
        (None, None) => unreachable!(),
    };
    // Every APDU the library counted crossed pcscd and reached the card.
    assert_eq!(chip.apdu_count(), total.apdus);
    assert_eq!(apdus_served, u64::try_from(total.apdus).unwrap());
    (
        document,
        Outcome {
            files,
            apdus_after_bac: total.since(&setup).apdus,
            apdus_served,
            apdus_setup: setup.apdus,
            hint,
            elapsed,
        },
    )
}

fn assert_same_files(served: &[(FileId, Vec<u8>)], read: &Outcome) {
    assert_eq!(read.files.len(), served.len());
    for (file, bytes) in served {
        let got = read
            .files
            .iter()
            .find(|(f, _, _)| f == file)
            .unwrap_or_else(|| panic!("{} not read", file.name()));
        assert!(got.1 == *bytes, "{} differs", file.name());
    }
}

fn report(label: &str, o: &Outcome) {
    let bytes: usize = o.files.iter().map(|(_, b, _)| b.len()).sum();
    eprintln!(
        "{label}: {} files, {bytes} bytes, {} APDUs for SELECT+BAC, {} after BAC, {:?}",
        o.files.len(),
        o.apdus_setup,
        o.apdus_after_bac,
        o.elapsed
    );
    for (file, b, apdus) in &o.files {
        eprintln!(
            "  {:<8} {:>6} bytes {:>4} APDUs",
            file.name(),
            b.len(),
            apdus
        );
    }
}

#[test]
fn full_document_with_extended_length() {
    let (served, read) = read_through_pcscd(ChipConfig::default(), false);
    report("extended length", &read);
    assert_eq!(read.hint, Some(true));
    assert_same_files(&served, &read);
    assert!(
        read.files
            .iter()
            .any(|(f, b, _)| *f == FileId::Dg2 && b.len() == 20 * 1024)
    );
    // ICAO figure: at most 12 APDUs after BAC for the whole document.
    assert!(read.apdus_after_bac <= 12, "{} APDUs", read.apdus_after_bac);
    assert!(read.apdus_served > 0);
}

#[test]
fn full_document_limited_to_223_byte_reads() {
    let (served, read) = read_through_pcscd(ChipConfig::short_reads(223), false);
    report("223-byte reads", &read);
    assert_eq!(read.hint, Some(false));
    assert_same_files(&served, &read);
    for (file, bytes, apdus) in &read.files {
        let bound = bytes.len().div_ceil(223) + 1;
        assert!(*apdus <= bound, "{}: {apdus} APDUs > {bound}", file.name());
    }
}

#[test]
fn extended_length_not_advertised_is_discovered() {
    let (served, read) = read_through_pcscd(ChipConfig::default(), true);
    report("extended length, not advertised", &read);
    assert_eq!(read.hint, None);
    assert_same_files(&served, &read);
    assert!(read.apdus_after_bac <= 12, "{} APDUs", read.apdus_after_bac);
}

#[test]
fn card_removed_during_the_read_is_a_clear_error() {
    let pcscd = Pcscd::start().unwrap();
    let config = ChipConfig {
        misbehaviour: Some(Misbehaviour::RemovedAfter(6)),
        ..ChipConfig::short_reads(223)
    };
    let chip = EmulatedChip::new(config, [0xC3; 32])
        .with_files(benchmark_document([0x5A; 32]))
        .with_bac(MRZ);
    let served = serve(chip, pcscd.card_addr(0));
    let readers = PcscReaders::establish().unwrap();
    let channel = readers
        .connect_first(Some(&pcscd.reader_name(0)), Some(Duration::from_secs(30)))
        .unwrap();
    let mut session = ChipSession::select_and_bac(channel, MRZ, &mut UnwrapErr(SysRng)).unwrap();
    let error = session.read_document().unwrap_err();
    assert!(
        matches!(error, ChipError::Channel(ChannelError::CardRemoved)),
        "{error:?}"
    );
    drop(session);
    let chip = served.stop().unwrap();
    assert!(!chip.is_present());
}
