//! Clone detection end to end through the desk pipeline (`inspect`): the specimen passport on
//! the software chip, genuine and cloned (the same files, private keys that do not match
//! DG14/DG15). The genuine chip passes CA and AA and is GENUINE; the clone passes passive
//! authentication but fails CA and AA with "chip not genuine" in German and English, and the
//! verdict fails — in-process and through pcscd + vpcd.
#![cfg(feature = "emulator")]

use idverify::chip::CardChannel;
use idverify::chip::access::pace::AccessKey;
use idverify::emulator::demo::{specimen_passport, specimen_passport_chip};
use idverify::emulator::{EmulatedChip, SeededRng, test_pki};
use idverify::inspect::{InspectOptions, Stage, inspect};
use idverify::verify::{
    CheckTime, Lang, Report, RuleId, Status, Verdict, Verifier, VerifierConfig, render,
};

/// 2026-11-22T00:00:00Z.
const TIME: i64 = 1_795_305_600;

fn options_and_chip(cloned: bool) -> (InspectOptions, EmulatedChip) {
    let (specimen, files) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let date = CheckTime::from_unix(TIME).date().unwrap();
    let info = idverify::mrz::parse(&mrz, date)
        .unwrap()
        .mrz_information()
        .unwrap();
    let chip = specimen_passport_chip(&files, info.as_bytes(), cloned, [0x5D; 32]);
    let options =
        InspectOptions::new(AccessKey::Mrz(info.as_bytes().to_vec())).with_optical_mrz(mrz);
    (options, chip)
}

/// Runs the pipeline on `channel`; returns the report and the APDUs spent in the chip
/// authentication and active authentication stages.
fn run<C: CardChannel>(channel: C, options: &InspectOptions) -> (Report, usize, usize) {
    let verifier = Verifier::new(test_pki::trust_store(), VerifierConfig::default());
    let mut marks = Vec::new();
    let report = inspect(
        &verifier,
        channel,
        options,
        CheckTime::from_unix(TIME),
        &mut SeededRng::new([2; 32]),
        &mut |e| {
            if matches!(
                e.stage,
                Stage::ChipAuthentication | Stage::ActiveAuthentication
            ) {
                marks.push((e.stage, e.done, e.apdus));
            }
            true
        },
    )
    .unwrap();
    let spent = |stage: Stage| {
        let at = |done| {
            marks
                .iter()
                .find(|(s, d, _)| *s == stage && *d == done)
                .map(|m| m.2)
                .unwrap()
        };
        at(1) - at(0)
    };
    let ca = spent(Stage::ChipAuthentication);
    let aa = spent(Stage::ActiveAuthentication);
    (report, ca, aa)
}

fn status(r: &Report, id: RuleId) -> Status {
    r.check(id).unwrap().status
}

fn assert_genuine(r: &Report, ca_apdus: usize, aa_apdus: usize) {
    assert_eq!(r.verdict, Verdict::Genuine, "{:?}", r.failed_ids());
    assert_eq!(status(r, RuleId::ChipChipAuthentication), Status::Passed);
    assert_eq!(status(r, RuleId::ChipActiveAuthentication), Status::Passed);
    // CA: MSE:Set AT, GENERAL AUTHENTICATE and the SELECT under the new keys; AA: one
    // INTERNAL AUTHENTICATE.
    assert_eq!((ca_apdus, aa_apdus), (3, 1));
}

/// The clone: passive authentication passes, CA and AA fail as "chip not genuine" in both
/// languages, and only they fail.
fn assert_clone(r: &Report, ca_apdus: usize) {
    assert_eq!(r.verdict, Verdict::Failed);
    assert_eq!(
        r.failed_ids(),
        vec!["chip.active_authentication", "chip.chip_authentication"]
    );
    for id in [
        RuleId::PaSodSignature,
        RuleId::PaDscChain,
        RuleId::PaDgHashes,
    ] {
        assert_eq!(status(r, id), Status::Passed, "{id:?}");
    }
    for id in [
        RuleId::ChipActiveAuthentication,
        RuleId::ChipChipAuthentication,
    ] {
        let c = r.check(id).unwrap();
        assert!(
            c.message.get(Lang::De).contains("Chip nicht echt"),
            "{id:?}"
        );
        assert!(
            c.message.get(Lang::En).contains("chip not genuine"),
            "{id:?}"
        );
    }
    assert!(render(r, Lang::De).contains("Chip nicht echt"));
    assert!(render(r, Lang::En).contains("chip not genuine"));
    // The chip's own words are the evidence: its answer under the CA keys fails, and its AA
    // signature does not open to a representative of the challenge.
    let json = r.to_json();
    assert!(json.contains("chip not genuine: its answer under the chip-authenticated keys"));
    // CA as for the genuine chip, then access control again because the failed CA ended
    // secure messaging: READ EF.CardAccess (refused: no PACE), SELECT, GET CHALLENGE,
    // EXTERNAL AUTHENTICATE.
    assert_eq!(ca_apdus, 3 + 4);
}

#[test]
fn genuine_and_cloned_chip_in_process() {
    let (options, mut chip) = options_and_chip(false);
    let (r, ca, aa) = run(&mut chip, &options);
    assert_genuine(&r, ca, aa);
    let (options, mut chip) = options_and_chip(true);
    let (r, ca, _) = run(&mut chip, &options);
    assert_clone(&r, ca);
}

#[test]
fn genuine_and_cloned_chip_through_pcscd_and_vpcd() {
    use idverify::chip::transport::pcsc::PcscReaders;
    use idverify_vpcd::serve;
    use idverify_vpcd::testing::Pcscd;
    use std::time::Duration;
    let pcscd = Pcscd::start().unwrap();
    // The genuine chip in the first reader, the clone in the second.
    let served: Vec<_> = [(0u8, false), (1, true)]
        .into_iter()
        .map(|(slot, cloned)| {
            let (options, chip) = options_and_chip(cloned);
            (slot, options, serve(chip, pcscd.card_addr(slot)))
        })
        .collect();
    let readers = PcscReaders::establish().unwrap();
    for (slot, options, served) in served {
        let channel = readers
            .connect_first(
                Some(&pcscd.reader_name(slot)),
                Some(Duration::from_secs(10)),
            )
            .unwrap();
        let (r, ca, aa) = run(channel, &options);
        // Every APDU the pipeline counted, CA and AA included, crossed pcscd to the card.
        let counted = r.chip.as_ref().unwrap().apdus;
        let served_apdus = served.apdu_count();
        let chip = served.stop().unwrap();
        assert_eq!(served_apdus, u64::try_from(chip.apdu_count()).unwrap());
        assert_eq!(chip.apdu_count(), counted);
        if slot == 0 {
            assert_genuine(&r, ca, aa);
        } else {
            assert_clone(&r, ca);
        }
    }
}
