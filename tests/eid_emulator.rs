//! The German eID application through the desk pipeline against the software ID card and
//! residence permit: an authentication terminal reads the eID data groups its rights grant,
//! an inspection system reads all of them, and the chip refuses (6982) what the terminal's
//! effective CHAT does not grant.
#![cfg(feature = "emulator")]

use idverify::chip::access::pace::AccessKey;
use idverify::chip::{ChipSession, FileId};
use idverify::emulator::demo::{
    specimen_id_card, specimen_id_card_chip, specimen_residence_permit,
    specimen_residence_permit_chip,
};
use idverify::emulator::specimen::{RESIDENCE_PERMIT_NOTE_I, RESIDENCE_PERMIT_NOTE_II};
use idverify::emulator::{EmulatedChip, SeededRng, test_pki};
use idverify::terminal::TerminalCredentials;

#[path = "support/lengths.rs"]
mod lengths;
use idverify::inspect::{InspectOptions, ProgressEvent, Stage, read_chip};
use idverify::lds::{EID_AID, EidDg};
use idverify::pki::cvc::testing::{self, TestChain, TestTerminalKey, date};
use idverify::verify::{CheckTime, DocumentInput, RuleId, Status, Verifier, VerifierConfig};
use std::collections::BTreeMap;
use std::sync::Arc;

fn time() -> CheckTime {
    CheckTime::from_date(idverify::mrz::Date::new(2026, 11, 22).unwrap())
}

/// A software chip of one of the two cards.
type ChipBuilder = fn(&BTreeMap<FileId, Vec<u8>>, &[u8], &[u8], bool, [u8; 32]) -> EmulatedChip;

struct Card {
    files: BTreeMap<FileId, Vec<u8>>,
    can: Vec<u8>,
    mrz: String,
    info: Vec<u8>,
    builder: ChipBuilder,
}

fn card() -> Card {
    card_of(specimen_id_card(), specimen_id_card_chip)
}

fn residence_permit() -> Card {
    card_of(specimen_residence_permit(), specimen_residence_permit_chip)
}

fn card_of(
    (specimen, files): (
        idverify::emulator::specimen::Specimen,
        BTreeMap<FileId, Vec<u8>>,
    ),
    builder: ChipBuilder,
) -> Card {
    let mrz = specimen.dg1.mrz_text();
    let info = idverify::mrz::parse(&mrz, time().date().unwrap())
        .unwrap()
        .mrz_information()
        .unwrap()
        .as_bytes()
        .to_vec();
    Card {
        files,
        can: specimen.access.can.as_bytes().to_vec(),
        mrz,
        info,
        builder,
    }
}

impl Card {
    fn chip(&self) -> EmulatedChip {
        (self.builder)(&self.files, &self.can, &self.info, false, [0x31; 32])
    }

    fn options(&self, chain: TestChain) -> InspectOptions {
        let (mut certs, terminal) = chain.build();
        certs.push(testing::cvca(testing::CVCA_AT));
        certs.push(testing::cvca(testing::CVCA_IS));
        let mut o =
            InspectOptions::new(AccessKey::Can(self.can.clone())).with_optical_mrz(&self.mrz);
        o.terminal = Some(TerminalCredentials {
            certificates: certs,
            signer: Arc::new(TestTerminalKey::new(&terminal)),
            today: date("2026-11-22"),
        });
        o
    }
}

/// Reads the chip; also returns the APDUs the eID application took (SELECT and reads).
fn read(chip: &mut EmulatedChip, options: &InspectOptions) -> (DocumentInput, Option<usize>) {
    let mut first_eid = None;
    let mut observe = |e: &ProgressEvent| {
        if let Stage::ReadEidFile(_) = e.stage {
            first_eid.get_or_insert(e.apdus);
        }
        true
    };
    let input = read_chip(chip, options, &mut SeededRng::new([9; 32]), &mut observe).unwrap();
    let total = input.chip.as_ref().unwrap().apdus;
    // The first event comes after the SELECT of the application.
    (input, first_eid.map(|a| total - a + 1))
}

fn verifier() -> Verifier {
    Verifier::new(test_pki::trust_store(), VerifierConfig::default())
}

fn text(input: &DocumentInput, n: u8) -> String {
    let eid = input.eid.as_ref().unwrap();
    EidDg::parse(n, eid.read.get(&n).unwrap())
        .unwrap()
        .value
        .display()
}

#[test]
fn an_authentication_terminal_reads_the_eid_data_groups_it_is_granted() {
    let card = card();
    let mut chip = card.chip();
    let (input, eid_apdus) = read(
        &mut chip,
        &card.options(TestChain::AuthenticationTerminalAllEid),
    );
    let eid = input.eid.as_ref().expect("eID read");
    assert_eq!(eid.select_error, None);
    // The specimen holds DG1–DG11, DG13, DG17 and DG18; the others answer 6A82.
    assert_eq!(
        eid.read.keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17, 18]
    );
    assert!(
        eid.refused.iter().all(|(_, sw)| sw.contains("6A82")),
        "{:?}",
        eid.refused
    );
    assert_eq!(eid.refused.len(), 22 - 14);
    assert!(eid.not_granted.is_empty());
    assert_eq!(text(&input, 4), "ERIKA");
    assert_eq!(text(&input, 5), "MUSTERMANN");
    assert_eq!(text(&input, 8), "12.08.1964");
    assert_eq!(text(&input, 9), "BERLIN");
    assert_eq!(text(&input, 17), "HEIDESTRASSE 17, 51147 KÖLN, D");
    // SELECT + one READ BINARY per small data group (all fit in the first read) + the
    // eight absent ones' refused first reads.
    assert_eq!(eid_apdus, Some(1 + 22));
    // The authentication terminal opens no ePassport data group of the ID card.
    assert!(!input.files.contains_key(&FileId::Dg1));
}

/// An inspection system may read every eID data group (BSI TR-03110-4 §2.2.2) as well as the
/// ePassport ones.
#[test]
fn an_inspection_system_reads_every_eid_data_group_and_the_icao_ones() {
    let card = card();
    let mut chip = card.chip();
    let (input, eid_apdus) = read(&mut chip, &card.options(TestChain::Valid));
    let eid = input.eid.as_ref().expect("eID read");
    assert!(eid.not_granted.is_empty());
    assert_eq!(
        eid.read.keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 17, 18]
    );
    assert_eq!(text(&input, 17), "HEIDESTRASSE 17, 51147 KÖLN, D");
    assert_eq!(eid_apdus, Some(1 + 22));
    assert!(input.files.contains_key(&FileId::Dg1));
    lengths::assert_no_command_asked_too_little(&chip, "eID and ICAO reads");
}

#[test]
fn partial_rights_leave_the_other_groups_unread() {
    let card = card();
    let mut chip = card.chip();
    let (input, eid_apdus) = read(&mut chip, &card.options(TestChain::AuthenticationTerminal));
    let eid = input.eid.as_ref().unwrap();
    assert_eq!(
        eid.read.keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 6, 7, 8]
    );
    assert_eq!(eid.not_granted, (9..=22).collect::<Vec<u8>>());
    assert!(eid.refused.is_empty());
    assert_eq!(eid_apdus, Some(1 + 8));
}

/// The chip itself enforces the rights: after TA with DG1–DG8 only, DG9 and DG17 answer 6982;
/// without TA every eID data group does.
#[test]
fn the_chip_refuses_eid_groups_outside_the_effective_chat() {
    use idverify::chip::access::pace::OpenedWith;
    use idverify::chip::auth::ta::run::{Terminal, after_pace};
    use idverify::chip::{Ef, ReadOptions};
    let card = card();
    let mut chip = card.chip();
    let read_dg = |s: &mut ChipSession<&mut EmulatedChip>, n: u8| {
        let ef = Ef {
            name: format!("eID DG{n}"),
            sfi: n,
            fid: 0x0100 | u16::from(n),
        };
        s.read_ef_observed(&ef, &ReadOptions::default(), &mut |_, _| true)
            .map(|(b, _)| b)
            .map_err(|e| e.to_string())
    };
    let mut rng = SeededRng::new([3; 32]);
    let access = AccessKey::Can(card.can.clone());
    // No TA: refused.
    let (mut s, _) = ChipSession::open(&mut chip, &access, &mut rng).unwrap();
    s.select_aid(&EID_AID, "eID").unwrap();
    let e = read_dg(&mut s, 4).unwrap_err();
    assert!(e.contains("6982"), "{e}");
    drop(s);
    chip.reset();
    let (mut s, opened) = ChipSession::open(&mut chip, &access, &mut rng).unwrap();
    let OpenedWith::Pace(pace) = opened else {
        panic!("not PACE")
    };
    let options = card.options(TestChain::AuthenticationTerminal);
    let credentials = options.terminal.as_ref().unwrap();
    let terminal = Terminal {
        certificates: credentials.certificates.clone(),
        signer: credentials.signer.as_ref(),
    };
    let attempt = after_pace(&mut s, &pace, &terminal, credentials.today, None, &mut rng);
    assert!(attempt.result.is_ok(), "{:?}", attempt.result);
    s.select_aid(&EID_AID, "eID").unwrap();
    assert_eq!(read_dg(&mut s, 4).unwrap(), chip_file(&card, 4));
    let e = read_dg(&mut s, 17).unwrap_err();
    assert!(e.contains("6982"), "{e}");
}

fn chip_file(card: &Card, n: u8) -> Vec<u8> {
    card.chip().eid_file(n).unwrap().to_vec()
}

#[test]
fn the_report_lists_what_was_read_and_refused() {
    let card = card();
    let v = verifier();
    let mut chip = card.chip();
    let (input, _) = read(
        &mut chip,
        &card.options(TestChain::AuthenticationTerminalAllEid),
    );
    let r = v.verify(&input, time());
    let c = r.check(RuleId::ChipEidApplication).unwrap();
    assert_eq!(c.status, Status::Passed);
    assert!(
        c.message.de.contains("Name, Geburtsdatum"),
        "{:?}",
        c.message
    );
    assert!(c.message.de.contains("Anschrift"), "{:?}", c.message);
    assert!(
        c.message.en.contains("name, date of birth"),
        "{:?}",
        c.message
    );
    // The data groups the specimen does not hold are absent, not refused.
    assert!(!c.message.en.contains("refused"), "{:?}", c.message);
    assert_eq!(
        c.evidence.get("not on the chip").map(String::as_str),
        Some("DG12, DG14, DG15, DG16, DG19, DG20, DG21, DG22")
    );
    let text = idverify::verify::render(&r, idverify::verify::Lang::De);
    assert!(text.contains("DG17 Anschrift"), "{text}");
    assert!(text.contains("HEIDESTRASSE 17, 51147 KÖLN, D"), "{text}");
    assert!(text.contains("DG8 Geburtsdatum"), "{text}");
    let json = r.to_json();
    assert!(json.contains("HEIDESTRASSE 17, 51147 KÖLN, D"), "{json}");
    assert!(json.contains("\"eid\""));

    // An expired chain: TA does not pass, so no eID rights.
    let mut chip = card.chip();
    let (input, _) = read(&mut chip, &card.options(TestChain::Expired));
    let c = v.verify(&input, time());
    let c = c.check(RuleId::ChipEidApplication).unwrap();
    assert_eq!(c.status, Status::NotChecked);
    assert!(c.message.en.contains("no eID rights"), "{:?}", c.message);

    let mut chip = card.chip();
    let (input, _) = read(&mut chip, &card.options(TestChain::AuthenticationTerminal));
    let r = v.verify(&input, time());
    let c = r.check(RuleId::ChipEidApplication).unwrap();
    assert_eq!(c.status, Status::Passed);
    assert!(!c.message.en.contains("address"), "{:?}", c.message);
    assert_eq!(
        c.evidence.get("not granted").map(String::as_str),
        Some("DG9, DG10, DG11, DG12, DG13, DG14, DG15, DG16, DG17, DG18, DG19, DG20, DG21, DG22")
    );
}

/// A granted data group the chip refuses (6982) is named in the message; one that does not
/// parse fails the (info) check.
#[test]
fn refusals_and_malformed_groups_in_the_report() {
    use idverify::verify::EidInput;
    let card = card();
    let chip = card.chip();
    let mut read = BTreeMap::new();
    read.insert(4, chip.eid_file(4).unwrap().to_vec());
    let input = DocumentInput {
        eid: Some(EidInput {
            read: read.clone(),
            refused: vec![(17, "6982".into())],
            ..EidInput::default()
        }),
        ..DocumentInput::default()
    };
    let r = verifier().verify(&input, time());
    let c = r.check(RuleId::ChipEidApplication).unwrap();
    assert_eq!(c.status, Status::Passed);
    assert_eq!(c.message.en, "eID: name read; refused: DG17");
    assert_eq!(c.message.de, "eID: Name gelesen; verweigert: DG17");
    // DG8 cut short.
    let dg8 = chip.eid_file(8).unwrap();
    read.insert(8, dg8[..dg8.len() - 1].to_vec());
    let input = DocumentInput {
        eid: Some(EidInput {
            read,
            ..EidInput::default()
        }),
        ..DocumentInput::default()
    };
    let r = verifier().verify(&input, time());
    let c = r.check(RuleId::ChipEidApplication).unwrap();
    assert_eq!(c.status, Status::Failed);
    assert!(
        c.message.en.ends_with("structure not readable: DG8"),
        "{:?}",
        c.message
    );
}

/// The residence permit: an inspection system reads its eID data groups, both
/// residence-permit texts among them (DG19 stored plain, DG20 DEFLATE-compressed), and the
/// document is genuine.
#[test]
fn the_residence_permit_shows_its_auxiliary_conditions() {
    let card = residence_permit();
    let mut chip = card.chip();
    let (input, eid_apdus) = read(&mut chip, &card.options(TestChain::Valid));
    let eid = input.eid.as_ref().expect("eID read");
    assert_eq!(eid.select_error, None);
    assert_eq!(
        eid.read.keys().copied().collect::<Vec<_>>(),
        [1, 2, 3, 4, 5, 8, 9, 10, 11, 15, 17, 18, 19, 20]
    );
    assert_eq!(text(&input, 1), "AR");
    assert_eq!(text(&input, 5), "SPECIMEN");
    assert_eq!(text(&input, 15), "15.01.2025");
    assert_eq!(text(&input, 17), "MUSTERWEG 4, 10115 BERLIN, D");
    assert_eq!(text(&input, 18), "027611000000");
    assert_eq!(text(&input, 19), RESIDENCE_PERMIT_NOTE_I);
    assert_eq!(text(&input, 20), RESIDENCE_PERMIT_NOTE_II);
    // DG20 is stored compressed: [APPLICATION 20] { [2] { OCTET STRING } }.
    let stored = chip.eid_file(20).unwrap();
    assert_eq!(stored.get(2), Some(&0xA2));
    assert!(stored.len() < RESIDENCE_PERMIT_NOTE_II.len());
    assert_eq!(eid_apdus, Some(1 + 22));

    let r = verifier().verify(&input, time());
    assert_eq!(
        r.verdict,
        idverify::verify::Verdict::Genuine,
        "{}",
        r.to_json()
    );
    let c = r.check(RuleId::ChipEidApplication).unwrap();
    assert_eq!(c.status, Status::Passed);
    assert!(
        c.message.de.contains("Nebenbestimmungen"),
        "{:?}",
        c.message
    );
    assert!(
        c.message.en.contains("residence permit notes"),
        "{:?}",
        c.message
    );
    let m = r.check(RuleId::ChipEidMatchesDg1).unwrap();
    assert_eq!(m.status, Status::Passed, "{:?}", m.evidence);
    assert_eq!(m.message.en, "8 eID fields equal DG1");
    let text = idverify::verify::render(&r, idverify::verify::Lang::De);
    assert!(text.contains("DG19 Nebenbestimmungen I"), "{text}");
    assert!(text.contains(RESIDENCE_PERMIT_NOTE_II), "{text}");
    assert!(r.to_json().contains(RESIDENCE_PERMIT_NOTE_I));
}

/// eID data that disagree with DG1 (which passive authentication covers) fail the document:
/// the eID data groups have no hash in EF.SOD, so this ties them to the signed data.
#[test]
fn eid_data_that_differ_from_dg1_fail_the_document() {
    use idverify::lds::EidValue;
    let card = card();
    let mut chip = card.chip();
    let (input, _) = read(&mut chip, &card.options(TestChain::Valid));
    let v = verifier();
    let r = v.verify(&input, time());
    let m = r.check(RuleId::ChipEidMatchesDg1).unwrap();
    assert_eq!(m.status, Status::Passed, "{:?}", m.evidence);
    assert_eq!(
        r.verdict,
        idverify::verify::Verdict::Genuine,
        "{:?}",
        r.failed_ids()
    );
    assert_eq!(m.message.en, "8 eID fields equal DG1");
    assert_eq!(m.evidence["DG4 given names"], "same");
    for (n, value, field) in [
        (8, EidValue::Date("19640813".into()), "date of birth"),
        (5, EidValue::Text("MUSTERFRAU".into()), "family names"),
        (3, EidValue::Date("20330731".into()), "date of expiry"),
    ] {
        let mut changed = input.clone();
        let eid = changed.eid.as_mut().unwrap();
        eid.read.insert(n, EidDg { number: n, value }.encode());
        let r = v.verify(&changed, time());
        let m = r.check(RuleId::ChipEidMatchesDg1).unwrap();
        assert_eq!(m.status, Status::Failed, "DG{n}");
        assert!(m.message.en.ends_with(field), "{:?}", m.message);
        assert_eq!(r.verdict, idverify::verify::Verdict::Failed, "DG{n}");
    }
    // Without eID data: not checked.
    let mut without = input.clone();
    without.eid = None;
    let r = v.verify(&without, time());
    assert_eq!(
        r.check(RuleId::ChipEidMatchesDg1).unwrap().status,
        Status::NotChecked
    );
}
