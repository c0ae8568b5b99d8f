//! The desk pipeline against the software chip: a genuine specimen passport, a clone, a
//! cancellation in the middle of DG2, a refused data group, and trust loading.

use super::*;
use crate::chip::FileId;
use crate::chip::access::pace::AccessKey;
use crate::emulator::demo::{specimen_passport, specimen_passport_chip};
use crate::emulator::{SeededRng, test_pki};
use crate::verify::{
    CheckTime, ProtocolOutcome, RuleId, Status, Verdict, Verifier, VerifierConfig,
};

/// 2026-01-01T00:00:00Z.
const TIME: i64 = 1_767_225_600;

fn options() -> (InspectOptions, std::collections::BTreeMap<FileId, Vec<u8>>) {
    let (specimen, files) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let date = CheckTime::from_unix(TIME).date().unwrap();
    let info = crate::mrz::parse(&mrz, date)
        .unwrap()
        .mrz_information()
        .unwrap();
    let options =
        InspectOptions::new(AccessKey::Mrz(info.as_bytes().to_vec())).with_optical_mrz(mrz);
    (options, files)
}

fn verifier() -> Verifier {
    Verifier::new(test_pki::trust_store(), VerifierConfig::default())
}

#[test]
fn a_genuine_chip_is_read_in_order_and_verified_genuine() {
    let (options, files) = options();
    let AccessKey::Mrz(mrz) = &options.access_key else {
        unreachable!()
    };
    let mrz = mrz.clone();
    let mut chip = specimen_passport_chip(&files, &mrz, false, [3; 32]);
    let mut events = Vec::new();
    let input = read_chip(
        &mut chip,
        &options,
        &mut SeededRng::new([1; 32]),
        &mut |e| {
            events.push(*e);
            true
        },
    )
    .unwrap();
    let read = input.chip.clone().unwrap();
    // Every APDU the chip answered is counted, and the parts add up.
    assert_eq!(read.apdus, chip.apdu_count());
    let file_apdus: usize = read.files.iter().map(|f| f.apdus).sum();
    assert!(read.access_apdus > 0 && read.access_apdus + file_apdus < read.apdus);
    assert_eq!(read.apdus, EXPECTED_APDUS, "{read:?}");
    assert!(read.bytes_received > files.values().map(Vec::len).sum::<usize>());
    // ICAO 9303-11 order: EF.COM, EF.SOD, DG14, then CA, the other groups, DG15, AA.
    let order: Vec<FileId> = read.files.iter().map(|f| f.file).collect();
    assert_eq!(&order[..3], &[FileId::Com, FileId::Sod, FileId::Dg14]);
    assert_eq!(order.last(), Some(&FileId::Dg15));
    let stage_pos = |s: Stage| events.iter().position(|e| e.stage == s).unwrap();
    assert!(stage_pos(Stage::ChipAuthentication) < stage_pos(Stage::ReadFile(FileId::Dg1)));
    assert!(stage_pos(Stage::ReadFile(FileId::Dg15)) < stage_pos(Stage::ActiveAuthentication));
    // DG3 and DG4 stay behind Terminal Authentication (no terminal given): refused, listed,
    // and no reason to doubt the document.
    assert_eq!(read.not_readable, [FileId::Dg3, FileId::Dg4]);
    assert_eq!(input.files.len(), files.len() - 2);
    assert!(matches!(
        input.chip_authentication,
        Some(ProtocolOutcome::Passed { .. })
    ));
    assert!(matches!(
        input.active_authentication,
        Some(ProtocolOutcome::Passed { .. })
    ));

    let report = verifier().verify(&input, CheckTime::from_unix(TIME));
    assert_eq!(
        report.verdict,
        Verdict::Genuine,
        "{:?}",
        report.failed_ids()
    );
    for id in [
        RuleId::ChipActiveAuthentication,
        RuleId::ChipChipAuthentication,
    ] {
        assert_eq!(report.check(id).unwrap().status, Status::Passed);
    }
}

/// APDUs for the genuine read: READ EF.CardAccess (refused), SELECT application, BAC (2),
/// 14 files of one READ BINARY each (DG3 and DG4 refused), CA (MSE:Set AT, GENERAL
/// AUTHENTICATE, SELECT DG14), AA.
const EXPECTED_APDUS: usize = 22;

#[test]
fn a_cloned_chip_passes_passive_but_fails_chip_and_active_authentication() {
    let (options, files) = options();
    let AccessKey::Mrz(mrz) = &options.access_key else {
        unreachable!()
    };
    let mrz = mrz.clone();
    let mut chip = specimen_passport_chip(&files, &mrz, true, [3; 32]);
    let report = inspect(
        &verifier(),
        &mut chip,
        &options,
        CheckTime::from_unix(TIME),
        &mut SeededRng::new([1; 32]),
        &mut |_| true,
    )
    .unwrap();
    assert_ne!(report.verdict, Verdict::Genuine);
    assert_eq!(report.verdict, Verdict::Failed);
    for id in [
        RuleId::PaSodSignature,
        RuleId::PaDgHashes,
        RuleId::PaDscChain,
    ] {
        assert_eq!(report.check(id).unwrap().status, Status::Passed, "{id:?}");
    }
    for id in [
        RuleId::ChipActiveAuthentication,
        RuleId::ChipChipAuthentication,
    ] {
        assert_eq!(report.check(id).unwrap().status, Status::Failed, "{id:?}");
    }
}

#[test]
fn cancelling_in_the_middle_of_dg2_stops_between_apdus() {
    let (options, files) = options();
    // Small reads so that DG2 takes many APDUs.
    let AccessKey::Mrz(mrz) = &options.access_key else {
        unreachable!()
    };
    let mrz = mrz.clone();
    let mut chip = specimen_passport_chip(&files, &mrz, false, [3; 32]);
    *chip.config_mut() = crate::emulator::ChipConfig::short_reads(223);
    let mut dg2_calls = 0;
    let mut apdus_before_dg2 = None;
    let result = read_chip(
        &mut chip,
        &options,
        &mut SeededRng::new([1; 32]),
        &mut |e| {
            if e.stage == Stage::ReadFile(FileId::Dg2) {
                dg2_calls += 1;
                apdus_before_dg2.get_or_insert(e.apdus);
                if dg2_calls == 5 {
                    assert_eq!(e.done, 4 * 223);
                    assert!(e.done < e.total.unwrap());
                    return false;
                }
            }
            true
        },
    );
    assert!(matches!(result, Err(InspectError::Cancelled)), "{result:?}");
    assert_eq!(dg2_calls, 5);
    // Four READ BINARYs of DG2 went out, the fifth never did.
    assert_eq!(chip.apdu_count(), apdus_before_dg2.unwrap() + 4);
    let dg2 = files.get(&FileId::Dg2).unwrap().len();
    assert!(dg2 > 5 * 223, "DG2 is {dg2} bytes");
}

#[test]
fn a_refused_data_group_is_recorded_not_an_error() {
    let (options, mut files) = options();
    let AccessKey::Mrz(mrz) = &options.access_key else {
        unreachable!()
    };
    let mrz = mrz.clone();
    let dg3 = files.remove(&FileId::Dg3);
    assert!(dg3.is_some());
    let mut chip = specimen_passport_chip(&files, &mrz, false, [3; 32]);
    let input = read_chip(
        &mut chip,
        &options,
        &mut SeededRng::new([1; 32]),
        &mut |_| true,
    )
    .unwrap();
    let read = input.chip.unwrap();
    // DG3 missing, DG4 behind Terminal Authentication: both listed, the rest read.
    assert_eq!(read.not_readable, vec![FileId::Dg3, FileId::Dg4]);
    assert!(!input.files.contains_key(&FileId::Dg3));
    assert!(input.files.contains_key(&FileId::Dg5));
    assert!(input.files.contains_key(&FileId::Dg15));
}

#[test]
fn a_wrong_access_key_is_an_access_error() {
    let (_, files) = options();
    let (options, _) = options();
    let AccessKey::Mrz(mrz) = &options.access_key else {
        unreachable!()
    };
    let mrz = mrz.clone();
    let mut chip = specimen_passport_chip(&files, &mrz, false, [3; 32]);
    let wrong = InspectOptions::new(AccessKey::Mrz(b"X00000000000000000000000000".to_vec()));
    let r = read_chip(&mut chip, &wrong, &mut SeededRng::new([1; 32]), &mut |_| {
        true
    });
    assert!(matches!(r, Err(InspectError::Access(_))), "{r:?}");
}

#[test]
fn trust_loads_from_bytes_files_and_folders_by_content() {
    let dir = std::env::temp_dir().join(format!("idverify-trust-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csca = test_pki::trust_store().cscas()[0].der.clone();
    std::fs::write(dir.join("zz-csca.bin"), &csca).unwrap();
    let mut store = crate::pki::TrustStore::new();
    let items = store.add_trust_path(&dir, TIME).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].1, TrustItem::Certificates(1));
    assert_eq!(
        store.add_trust_bytes(&csca, TIME),
        Ok(TrustItem::Certificates(0))
    );
    assert!(store.add_trust_bytes(b"not trust data", TIME).is_err());
    std::fs::write(dir.join("junk.txt"), b"hello").unwrap();
    assert!(matches!(
        load_trust(&[&dir], TIME),
        Err(InspectError::TrustData { .. })
    ));
    assert!(matches!(
        load_trust(&[dir.join("missing")], TIME),
        Err(InspectError::Io { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();
}
