//! Terminal Authentication against the in-process software chip: after PACE the chip names its
//! CVCAs in EF.CVCA, verifies the chain with its current date, checks the terminal's signature
//! and then serves DG1–DG4 only as far as the certificate's rights go (6982 otherwise).
#![cfg(feature = "emulator")]

use idverify::chip::access::pace::{AccessKey, OpenedWith, PaceChoice, PacePassword};
use idverify::chip::auth::ta::{
    TaError, TaVersion, TerminalAuthentication, choose_chain, compress,
};
use idverify::chip::{ChipSession, FileId, StatusWord};
use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
use idverify::emulator::{ChipConfig, EmulatedChip, SeededRng, TaSetup, benchmark_document};
use idverify::pki::cvc::testing::{self, TestChain, TestTerminalKey, date};

#[path = "support/lengths.rs"]
mod lengths;

const CAN: &[u8] = b"123456";

fn specimen() -> Specimen {
    Specimen::build(SpecimenKind::IdCardDe, FaceVariant::Jpeg)
}

fn chip(chip_date: &str) -> EmulatedChip {
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 13).unwrap();
    EmulatedChip::new(ChipConfig::default(), [5; 32])
        .with_files(benchmark_document([9; 32]))
        .with_file(FileId::Dg3, specimen().dg3.encode())
        .with_file(FileId::Dg4, specimen().dg4.encode())
        .with_pace(choice, vec![PacePassword::Can(CAN.to_vec())])
        .with_terminal_authentication(TaSetup {
            anchors: testing::chip_anchors(),
            chip_date: date(chip_date),
            document_number: b"L898902C<3".to_vec(),
            protect_all_data_groups: true,
        })
}

/// A new session, as after the card is put on the reader again.
fn open(chip: &mut EmulatedChip) -> (ChipSession<&mut EmulatedChip>, Vec<u8>) {
    chip.reset();
    let mut rng = SeededRng::new([7; 32]);
    let (s, opened) = ChipSession::open(chip, &AccessKey::Can(CAN.to_vec()), &mut rng).unwrap();
    let OpenedWith::Pace(outcome) = opened else {
        panic!("not PACE")
    };
    (s, compress(&outcome.chip_ephemeral_public))
}

fn run(
    session: &mut ChipSession<&mut EmulatedChip>,
    id_picc: &[u8],
    chain: TestChain,
    key_of: Option<&str>,
) -> Result<idverify::chip::auth::ta::TaOutcome, TaError> {
    let refs = session.read_cvca_references()?;
    let (certs, terminal) = chain.build();
    let chains = vec![certs];
    let chain = choose_chain(&refs, &chains).unwrap_or(&chains[0]);
    let key = TestTerminalKey::new(key_of.unwrap_or(&terminal));
    let ephemeral = testing::key("terminal ephemeral").public_point().unwrap();
    session.terminal_authentication(&TerminalAuthentication {
        chain,
        signer: &key,
        version: TaVersion::V2,
        id_picc: id_picc.to_vec(),
        ephemeral_compressed: compress(&ephemeral),
        auxiliary_data: None,
    })
}

fn readable(session: &mut ChipSession<&mut EmulatedChip>, file: FileId) -> bool {
    match session.read_file(file) {
        Ok(_) => true,
        Err(e) => {
            assert!(e.to_string().contains("6982"), "{file}: {e}");
            false
        }
    }
}

#[test]
fn a_valid_inspection_system_reads_every_data_group_after_ta() {
    let mut c = chip("2026-06-01");
    let (mut s, id) = open(&mut c);
    assert!(!readable(&mut s, FileId::Dg1));
    // The refused read ended secure messaging on the chip: start over.
    drop(s);
    let (mut s, id2) = open(&mut c);
    assert_ne!(id, id2, "each PACE run has a fresh chip key");
    assert_eq!(
        s.read_cvca_references().unwrap(),
        vec![testing::CVCA_AT.to_string(), testing::CVCA_IS.to_string()]
    );
    let out = run(&mut s, &id2, TestChain::Valid, None).unwrap();
    assert_eq!(out.certificates, ["DETDVIS00001", "DETIS0000001"]);
    assert_eq!(out.terminal, "DETIS0000001");
    // Set DST/PSO per certificate (2×2) + Set AT, GET CHALLENGE, EXT AUTH (EF.CVCA not counted).
    assert_eq!(out.apdus, 7);
    for f in [FileId::Dg1, FileId::Dg2, FileId::Dg3, FileId::Dg4] {
        assert!(readable(&mut s, f), "{f}");
    }
    // The chip learned a newer date from the DV certificate? No: it was already later.
    assert_eq!(c.chip_date(), Some(date("2026-06-01")));
    lengths::assert_no_command_asked_too_little(&c, "PACE, TA v2 and reads");
}

#[test]
fn rights_limit_what_the_chip_serves() {
    let mut c = chip("2026-06-01");
    let (mut s, id) = open(&mut c);
    run(&mut s, &id, TestChain::NoBiometrics, None).unwrap();
    assert!(readable(&mut s, FileId::Dg1));
    assert!(readable(&mut s, FileId::Dg2));
    assert!(!readable(&mut s, FileId::Dg3));
    drop(s);
    let (mut s, id) = open(&mut c);
    // An authentication terminal (eID rights only) authenticates but gets no ePassport DGs.
    run(&mut s, &id, TestChain::AuthenticationTerminal, None).unwrap();
    assert!(!readable(&mut s, FileId::Dg1));
}

#[test]
fn expired_foreign_and_wrong_key_are_refused() {
    let mut c = chip("2026-06-01");
    let (mut s, id) = open(&mut c);
    match run(&mut s, &id, TestChain::Expired, None) {
        Err(TaError::Refused { step, sw }) => {
            assert_eq!(step, "PSO:Verify Certificate DETIS0000003");
            assert_eq!(sw, StatusWord(0x6300));
        }
        other => panic!("{other:?}"),
    }
    drop(s);
    let (mut s, id) = open(&mut c);
    match run(&mut s, &id, TestChain::Foreign, None) {
        Err(TaError::Refused { step, sw }) => {
            assert_eq!(step, format!("MSE:Set DST {}", testing::CVCA_FOREIGN));
            assert_eq!(sw, StatusWord(0x6A88));
        }
        other => panic!("{other:?}"),
    }
    drop(s);
    let (mut s, id) = open(&mut c);
    match run(&mut s, &id, TestChain::Valid, Some("DETIS0000002")) {
        Err(TaError::Refused { step, sw }) => {
            assert_eq!(step, "EXTERNAL AUTHENTICATE");
            assert_eq!(sw, StatusWord(0x6300));
        }
        other => panic!("{other:?}"),
    }
    drop(s);
    // A signature over another chip's ID is refused too.
    let (mut s, _) = open(&mut c);
    assert!(run(&mut s, &[0u8; 32], TestChain::Valid, None).is_err());
}

#[test]
fn an_older_chip_learns_a_link_certificate_and_a_later_date() {
    let mut c = chip("2025-02-01");
    let (mut s, id) = open(&mut c);
    let out = run(&mut s, &id, TestChain::ViaLink, None).unwrap();
    assert_eq!(out.certificates.len(), 3);
    assert!(readable(&mut s, FileId::Dg3));
    drop(s);
    assert_eq!(c.chip_date(), Some(date("2026-01-01")));
    // The new CVCA is now a trust point the chip names.
    let (mut s, _) = open(&mut c);
    assert!(
        s.read_cvca_references()
            .unwrap()
            .contains(&"DETCVCAIS0002".to_string())
    );
}

/// The terminal's certificate pile for `chain`: the chain plus the CVCAs, shuffled.
fn pile(chain: TestChain) -> Vec<idverify::pki::cvc::CvCertificate> {
    let mut certs = chain.build().0;
    certs.reverse();
    certs.push(testing::cvca(testing::CVCA_IS));
    certs.push(testing::cvca(testing::CVCA_FOREIGN));
    certs
}

#[test]
fn the_reader_flow_reports_rights_refusals_and_the_desk_date() {
    use idverify::chip::auth::ta::run::{Terminal, after_pace};
    use idverify::verify::{
        CheckTime, DocumentInput, ProtocolOutcome, RuleId, Status, TerminalAuthInput, Verifier,
        VerifierConfig,
    };
    let today = date("2026-11-22");
    let attempt = |chain: TestChain| {
        let mut c = chip("2026-06-01");
        c.reset();
        let mut rng = SeededRng::new([8; 32]);
        let (mut s, opened) =
            ChipSession::open(&mut c, &AccessKey::Can(CAN.to_vec()), &mut rng).unwrap();
        let OpenedWith::Pace(pace) = opened else {
            panic!("not PACE")
        };
        let key = TestTerminalKey::new(&chain.build().1);
        let terminal = Terminal {
            certificates: pile(chain),
            signer: &key,
        };
        assert_eq!(terminal.chains().len(), 1);
        let a = after_pace(&mut s, &pace, &terminal, today, None, &mut rng);
        let dg3 = readable(&mut s, FileId::Dg3);
        (a, dg3)
    };
    let (a, dg3) = attempt(TestChain::Valid);
    let out = a.result.clone().unwrap();
    assert_eq!(out.apdus, 7);
    assert!(dg3);
    assert_eq!(a.cvca.as_deref(), Some(testing::CVCA_IS));
    let rights: Vec<String> = a
        .rights
        .unwrap()
        .granted()
        .iter()
        .map(|r| r.name())
        .collect();
    assert_eq!(rights, ["read DG3", "read DG4"]);

    // Expired by the desk's date: never sent, the chip grants nothing.
    let (a, dg3) = attempt(TestChain::Expired);
    let why = a.result.clone().unwrap_err();
    assert!(why.contains("DETIS0000003 expired on 2026-03-31"), "{why}");
    assert!(!a.unsupported && !dg3);
    // A chain for a CVCA the chip does not name cannot run.
    let (a, _) = attempt(TestChain::Foreign);
    assert!(a.unsupported, "{:?}", a.result);

    // The report entry, in both languages.
    let v = Verifier::new(idverify::pki::TrustStore::new(), VerifierConfig::default());
    let mut input = DocumentInput {
        terminal_authentication: Some(TerminalAuthInput {
            outcome: ProtocolOutcome::Passed {
                detail: "TA v2, 7 APDUs".into(),
            },
            terminal: Some("DETIS0000001".into()),
            cvca: Some(testing::CVCA_IS.into()),
            rights: rights.clone(),
            refused: vec![],
        }),
        ..DocumentInput::default()
    };
    let time = CheckTime::from_date(idverify::mrz::Date::new(2026, 11, 22).unwrap());
    let r = v.verify(&input, time);
    let c = r.check(RuleId::ChipTerminalAuthentication).unwrap();
    assert_eq!(c.status, Status::Passed);
    assert!(
        c.message.en.contains("rights granted: read DG3, read DG4"),
        "{:?}",
        c.message
    );
    assert!(c.message.de.contains("gewährte Rechte"));
    input.terminal_authentication = Some(TerminalAuthInput {
        outcome: ProtocolOutcome::Failed { reason: why },
        terminal: Some("DETIS0000003".into()),
        cvca: None,
        rights: vec![],
        refused: vec!["DG1".into(), "DG2".into()],
    });
    let r = v.verify(&input, time);
    let c = r.check(RuleId::ChipTerminalAuthentication).unwrap();
    assert_eq!(c.status, Status::Failed);
    assert_eq!(
        c.evidence.get("refused_by_chip").map(String::as_str),
        Some("DG1, DG2")
    );
    // Info severity: a refused terminal does not make the document suspicious by itself.
    let without = v.verify(&DocumentInput::default(), time);
    assert_eq!(r.verdict, without.verdict);
}

#[test]
fn the_desk_pipeline_runs_ta_right_after_pace() {
    use idverify::inspect::{InspectOptions, read_chip};
    use idverify::terminal::TerminalCredentials;
    use idverify::verify::ProtocolOutcome;
    let mut options = InspectOptions::new(AccessKey::Can(CAN.to_vec()));
    let without = read_chip(
        chip("2026-06-01"),
        &options,
        &mut SeededRng::new([3; 32]),
        &mut |_| true,
    )
    .unwrap();
    assert!(without.terminal_authentication.is_none());
    assert!(!without.files.contains_key(&FileId::Dg1));
    options.terminal = Some(TerminalCredentials {
        certificates: pile(TestChain::Valid),
        signer: std::sync::Arc::new(TestTerminalKey::new("DETIS0000001")),
        today: date("2026-11-22"),
    });
    let input = read_chip(
        chip("2026-06-01"),
        &options,
        &mut SeededRng::new([3; 32]),
        &mut |_| true,
    )
    .unwrap();
    // (This chip's EF.COM lists DG1 and DG2, not DG3/DG4.)
    for f in [FileId::Dg1, FileId::Dg2] {
        assert!(input.files.contains_key(&f), "{f}");
    }
    let ta = input.terminal_authentication.unwrap();
    assert!(
        matches!(ta.outcome, ProtocolOutcome::Passed { .. }),
        "{:?}",
        ta.outcome
    );
    assert_eq!(ta.rights, ["read DG3", "read DG4"]);
    assert!(ta.refused.is_empty(), "{:?}", ta.refused);
}
