//! Chip Authentication version 2 and Terminal Authentication version 1 against the software
//! chips: the German ID card specimen (PACE, TA v2 with the ephemeral key on the chip's CA
//! domain parameters, CA v2 with nonce and token, a clone failing) and the specimen passport
//! (BAC, CA v1, TA v1 opening DG3/DG4), through the desk pipeline and protocol by protocol.
#![cfg(feature = "emulator")]

use idverify::chip::access::pace::{AccessKey, OpenedWith};
use idverify::chip::auth::ca::group::CaGroup;
use idverify::chip::auth::ca::v2::{EphemeralKey, chip_authentication_v2, domain};
use idverify::chip::auth::ta::run::{Terminal, after_pace};
use idverify::chip::{ChipSession, FileId};
use idverify::crypto::curves::NamedCurve;
use idverify::emulator::demo::{
    specimen_id_card, specimen_id_card_chip, specimen_passport, specimen_passport_chip,
};
use idverify::emulator::{EmulatedChip, SeededRng, test_pki};
use idverify::inspect::{InspectOptions, ProgressEvent, Stage, read_chip};
use idverify::lds::{CardSecurity, SecurityInfos};
use idverify::pki::cvc::testing::{self, TestChain, TestTerminalKey, date};
use idverify::terminal::TerminalCredentials;
use idverify::verify::{
    CheckTime, DocumentInput, ProtocolOutcome, RuleId, Status, Verdict, Verifier, VerifierConfig,
};
use std::collections::BTreeMap;
use std::sync::Arc;

#[path = "support/lengths.rs"]
mod lengths;

/// 2026-11-22, the desk's date.
fn time() -> CheckTime {
    CheckTime::from_date(idverify::mrz::Date::new(2026, 11, 22).unwrap())
}

fn credentials(chain: TestChain) -> TerminalCredentials {
    let (mut certs, terminal) = chain.build();
    certs.push(testing::cvca(testing::CVCA_IS));
    TerminalCredentials {
        certificates: certs,
        signer: Arc::new(TestTerminalKey::new(&terminal)),
        today: date("2026-11-22"),
    }
}

fn mrz_information(mrz: &str) -> Vec<u8> {
    let date = time().date().unwrap();
    let info = idverify::mrz::parse(mrz, date)
        .unwrap()
        .mrz_information()
        .unwrap();
    info.as_bytes().to_vec()
}

struct IdCard {
    files: BTreeMap<FileId, Vec<u8>>,
    can: Vec<u8>,
    mrz: String,
    info: Vec<u8>,
}

fn id_card() -> IdCard {
    let (specimen, files) = specimen_id_card();
    let mrz = specimen.dg1.mrz_text();
    IdCard {
        files,
        can: specimen.access.can.as_bytes().to_vec(),
        info: mrz_information(&mrz),
        mrz,
    }
}

impl IdCard {
    fn chip(&self, cloned: bool) -> EmulatedChip {
        specimen_id_card_chip(&self.files, &self.can, &self.info, cloned, [0x21; 32])
    }

    fn options(&self, chain: Option<TestChain>) -> InspectOptions {
        let mut o =
            InspectOptions::new(AccessKey::Can(self.can.clone())).with_optical_mrz(&self.mrz);
        o.terminal = chain.map(credentials);
        o
    }
}

/// Reads the chip through the pipeline; also returns the APDUs the CA and TA stages took.
fn read(
    chip: &mut EmulatedChip,
    options: &InspectOptions,
) -> (DocumentInput, BTreeMap<String, usize>) {
    let mut at_start = BTreeMap::new();
    let mut took = BTreeMap::new();
    let mut observe = |e: &ProgressEvent| {
        let name = match e.stage {
            Stage::ChipAuthentication => "CA",
            Stage::TerminalAuthentication => "TA",
            _ => return true,
        };
        if e.done == 0 {
            at_start.insert(name, e.apdus);
        } else if let Some(s) = at_start.get(name) {
            took.insert(name.to_string(), e.apdus - s);
        }
        true
    };
    let input = read_chip(chip, options, &mut SeededRng::new([9; 32]), &mut observe).unwrap();
    (input, took)
}

fn assert_ca_v2_passed(input: &DocumentInput) {
    assert!(
        matches!(
            &input.chip_authentication,
            Some(ProtocolOutcome::Passed { detail }) if detail.contains("Version2")
        ),
        "{:?}",
        input.chip_authentication
    );
}

fn verifier() -> Verifier {
    Verifier::new(test_pki::trust_store(), VerifierConfig::default())
}

fn reason(outcome: &Option<ProtocolOutcome>) -> String {
    match outcome {
        Some(ProtocolOutcome::Unsupported { reason } | ProtocolOutcome::Failed { reason }) => {
            reason.clone()
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_id_card_passes_chip_authentication_version_2_after_terminal_authentication() {
    let card = id_card();
    let mut chip = card.chip(false);
    let (input, took) = read(&mut chip, &card.options(Some(TestChain::Valid)));
    assert_ca_v2_passed(&input);
    // MSE:Set AT and GENERAL AUTHENTICATE.
    assert_eq!(took["CA"], 2);
    // PACE's answer named the CVCA, so EF.CVCA is not read: the 7 of TA itself, Set DST + PSO
    // per certificate (2×2), Set AT, GET CHALLENGE, EXTERNAL AUTHENTICATE.
    assert_eq!(took["TA"], 7);
    for f in [FileId::Dg1, FileId::Dg2, FileId::Dg3, FileId::Dg4] {
        assert!(input.files.contains_key(&f), "{f}");
    }
    assert!(input.files.contains_key(&FileId::CardSecurity));
    let report = verifier().verify(&input, time());
    for id in [
        RuleId::ChipChipAuthentication,
        RuleId::ChipActiveAuthentication,
        RuleId::PaSodSignature,
        RuleId::PaDgHashes,
    ] {
        assert_eq!(report.check(id).unwrap().status, Status::Passed, "{id:?}");
    }
    // Signed by the German test document signer: every check holds.
    assert_eq!(report.failed_ids(), Vec::<&str>::new());
    assert_eq!(report.verdict, Verdict::Genuine);
    lengths::assert_no_command_asked_too_little(&chip, "PACE, TA v2, CA v2 and reads");
}

/// A chip whose EF.CardSecurity cannot be read: Terminal Authentication takes its key's
/// domain from EF.CardAccess's ChipAuthenticationDomainParameterInfo, Chip Authentication
/// version 2 its key from DG14, and the document stays genuine.
#[test]
fn without_ef_card_security_the_card_access_domain_serves_terminal_authentication() {
    let mut card = id_card();
    assert!(card.files.contains_key(&FileId::CardAccess));
    card.files.remove(&FileId::CardSecurity);
    let mut chip = card.chip(false);
    let (input, took) = read(&mut chip, &card.options(Some(TestChain::Valid)));
    assert!(!input.files.contains_key(&FileId::CardSecurity));
    let ta = input.terminal_authentication.clone().unwrap();
    assert!(
        matches!(ta.outcome, ProtocolOutcome::Passed { .. }),
        "{:?}",
        ta.outcome
    );
    assert_eq!(took["TA"], 7);
    assert_ca_v2_passed(&input);
    let report = verifier().verify(&input, time());
    assert_eq!(report.failed_ids(), Vec::<&str>::new());
}

#[test]
fn a_cloned_id_card_fails_chip_authentication_version_2() {
    let card = id_card();
    let mut chip = card.chip(true);
    let (input, _) = read(&mut chip, &card.options(Some(TestChain::Valid)));
    let why = reason(&input.chip_authentication);
    assert!(
        matches!(
            input.chip_authentication,
            Some(ProtocolOutcome::Failed { .. })
        ),
        "{why}"
    );
    assert!(why.contains("authentication token does not match"), "{why}");
    let report = verifier().verify(&input, time());
    assert_eq!(
        report.check(RuleId::ChipChipAuthentication).unwrap().status,
        Status::Failed
    );
    assert_eq!(report.verdict, Verdict::Failed);
}

#[test]
fn without_terminal_authentication_version_2_cannot_run() {
    let card = id_card();
    let (input, took) = read(&mut card.chip(false), &card.options(None));
    let why = reason(&input.chip_authentication);
    assert!(
        matches!(
            input.chip_authentication,
            Some(ProtocolOutcome::Unsupported { .. })
        ),
        "{why}"
    );
    assert!(why.contains("no terminal certificates"), "{why}");
    assert_eq!(took["CA"], 0);
    // A refused chain: TA failed, so CA v2 is not possible either.
    let (input, _) = read(
        &mut card.chip(false),
        &card.options(Some(TestChain::Expired)),
    );
    let why = reason(&input.chip_authentication);
    assert!(why.contains("did not pass"), "{why}");
}

/// PACE with the CAN, then TA v2 with the ephemeral key drawn on `group`.
fn pace_and_ta<'c>(
    chip: &'c mut EmulatedChip,
    card: &IdCard,
    group: Option<CaGroup>,
) -> (
    ChipSession<&'c mut EmulatedChip>,
    idverify::chip::auth::ta::run::TaAttempt,
) {
    chip.reset();
    let mut rng = SeededRng::new([4; 32]);
    let (mut s, opened) =
        ChipSession::open(chip, &AccessKey::Can(card.can.clone()), &mut rng).unwrap();
    let OpenedWith::Pace(pace) = opened else {
        panic!("not PACE")
    };
    let key = TestTerminalKey::new("DETIS0000001");
    let terminal = Terminal {
        certificates: credentials(TestChain::Valid).certificates,
        signer: &key,
    };
    let attempt = after_pace(
        &mut s,
        &pace,
        &terminal,
        date("2026-11-22"),
        group,
        &mut rng,
    );
    (s, attempt)
}

fn card_security_infos(card: &IdCard) -> SecurityInfos {
    CardSecurity::parse(&card.files[&FileId::CardSecurity])
        .unwrap()
        .security_infos
}

#[test]
fn the_chip_takes_only_the_key_terminal_authentication_committed_to() {
    let card = id_card();
    let infos = card_security_infos(&card);
    let group = domain(&infos).unwrap();
    assert_eq!(group, CaGroup::Ec(NamedCurve::BrainpoolP256r1));

    // The committed key: passes, and reading goes on under the new keys.
    let mut chip = card.chip(false);
    let (mut s, attempt) = pace_and_ta(&mut chip, &card, Some(group.clone()));
    let key = attempt.ephemeral.clone().unwrap();
    assert_eq!(attempt.result.as_ref().unwrap().apdus, 7);
    let before = s.counters().apdus;
    let r = chip_authentication_v2(&mut s, &infos, &key, true).unwrap();
    assert!(r.genuine(), "{r:?}");
    assert_eq!(s.counters().apdus - before, 2);
    assert!(s.read_file(FileId::Dg1).is_ok());
    drop(s);

    // Another key than the one committed to: the chip refuses GENERAL AUTHENTICATE (6A80).
    let (mut s, _) = pace_and_ta(&mut chip, &card, Some(group.clone()));
    let other = EphemeralKey::draw(group.clone(), &mut SeededRng::new([6; 32])).unwrap();
    let r = chip_authentication_v2(&mut s, &infos, &other, true).unwrap();
    assert!(r.detail.contains("6A80"), "{r:?}");
    assert!(!r.genuine());
    drop(s);

    // No TA in this session: 6982.
    chip.reset();
    let mut rng = SeededRng::new([4; 32]);
    let (mut s, _) =
        ChipSession::open(&mut chip, &AccessKey::Can(card.can.clone()), &mut rng).unwrap();
    let r = chip_authentication_v2(&mut s, &infos, &key, true).unwrap();
    assert!(r.detail.contains("6982"), "{r:?}");
    drop(s);

    // A key on other domain parameters than the chip's is not sent at all.
    let p256 = CaGroup::Ec(NamedCurve::P256);
    let (mut s, _) = pace_and_ta(&mut chip, &card, Some(p256.clone()));
    let key = EphemeralKey::draw(p256, &mut SeededRng::new([6; 32])).unwrap();
    let before = s.counters().apdus;
    let r = chip_authentication_v2(&mut s, &infos, &key, true).unwrap();
    assert_eq!(s.counters().apdus, before);
    assert!(r.detail.contains("ephemeral key is on EC"), "{r:?}");
}

fn passport() -> (BTreeMap<FileId, Vec<u8>>, InspectOptions, Vec<u8>) {
    let (specimen, files) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let info = mrz_information(&mrz);
    let options = InspectOptions::new(AccessKey::Mrz(info.clone())).with_optical_mrz(mrz);
    (files, options, info)
}

#[test]
fn the_passport_opens_dg3_and_dg4_after_terminal_authentication_version_1() {
    let (files, mut options, info) = passport();
    options.terminal = Some(credentials(TestChain::Valid));
    let mut chip = specimen_passport_chip(&files, &info, false, [0x31; 32]);
    let (input, took) = read(&mut chip, &options);
    let ta = input.terminal_authentication.clone().unwrap();
    assert!(
        matches!(&ta.outcome, ProtocolOutcome::Passed { detail } if detail.contains("TA v1 with DETIS0000001, 2 certificates, 7 APDUs")),
        "{:?}",
        ta.outcome
    );
    // SELECT + READ EF.CVCA and the 7 commands of TA v1 itself.
    assert_eq!(took["TA"], 9);
    assert_eq!(ta.rights, ["read DG3", "read DG4"]);
    assert!(ta.refused.is_empty(), "{:?}", ta.refused);
    for f in [FileId::Dg3, FileId::Dg4] {
        assert_eq!(input.files.get(&f), files.get(&f), "{f}");
    }
    let report = verifier().verify(&input, time());
    assert_eq!(
        report.verdict,
        Verdict::Genuine,
        "{:?}",
        report.failed_ids()
    );
    lengths::assert_no_command_asked_too_little(&chip, "BAC, CA v1, TA v1, AA and reads");

    // An expired chain is never sent: DG3/DG4 stay closed, the document stays genuine.
    options.terminal = Some(credentials(TestChain::Expired));
    let mut chip = specimen_passport_chip(&files, &info, false, [0x31; 32]);
    let (input, _) = read(&mut chip, &options);
    let ta = input.terminal_authentication.clone().unwrap();
    assert!(
        matches!(ta.outcome, ProtocolOutcome::Failed { .. }),
        "{:?}",
        ta.outcome
    );
    assert_eq!(ta.refused, ["DG3", "DG4"]);
    assert_eq!(verifier().verify(&input, time()).verdict, Verdict::Genuine);

    // A clone fails CA v1, so TA v1 has no key to sign: it cannot run.
    options.terminal = Some(credentials(TestChain::Valid));
    let mut chip = specimen_passport_chip(&files, &info, true, [0x31; 32]);
    let (input, _) = read(&mut chip, &options);
    let ta = input.terminal_authentication.unwrap();
    assert!(
        matches!(&ta.outcome, ProtocolOutcome::Unsupported { reason } if reason.contains("passed chip authentication")),
        "{:?}",
        ta.outcome
    );
    assert!(!input.files.contains_key(&FileId::Dg3));
}
