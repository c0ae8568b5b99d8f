//! Terminal Authentication end to end over a private pcscd and vpcd: the example verifier
//! reads the emulated German ID card with the CAN and a terminal chain; DG1 and DG2 come only
//! after TA with an inspection-system certificate, an authentication terminal's certificate
//! lacks the rights (and reads the eID data groups its rights grant instead), and an expired
//! or foreign chain is refused — each with its report entry;
//! Chip Authentication version 2 follows a passed TA (a clone fails it). The specimen passport
//! opens DG3/DG4 after BAC, CA version 1 and TA version 1, and only then.
#![cfg(feature = "emulator")]

use idverify::emulator::EmulatedChip;
use idverify::emulator::demo::{
    specimen_id_card, specimen_id_card_chip, specimen_passport, specimen_passport_chip,
};
use idverify::pki::cvc::testing::{self, TestChain};
use idverify_vpcd::serve;
use idverify_vpcd::testing::Pcscd;
use std::path::PathBuf;
use std::process::Command;

mod support;
use support::verify_binary;

/// The German ID card specimen with PACE (CAN), TA guarding every data group and CA v2.
fn id_card(cloned: bool) -> (EmulatedChip, String) {
    let (s, files) = specimen_id_card();
    let info = mrz_information(&s.dg1.mrz_text());
    let chip = specimen_id_card_chip(&files, s.access.can.as_bytes(), &info, cloned, [0x44; 32]);
    (chip, s.access.can)
}

fn mrz_information(mrz: &str) -> Vec<u8> {
    let today = idverify::mrz::Date::new(2026, 11, 22).unwrap();
    let parsed = idverify::mrz::parse(mrz, today).unwrap();
    parsed.mrz_information().unwrap().as_bytes().to_vec()
}

/// A terminal directory: the chain, the IS CVCA the desk holds, and the PKCS#8 key.
fn terminal_dir(chain: TestChain) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "idverify-ta-{}-{}",
        std::process::id(),
        chain.name()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let (certs, terminal) = chain.build();
    for (i, c) in certs.iter().enumerate() {
        std::fs::write(dir.join(format!("{i}-{}.cvcert", c.body.chr)), c.to_bytes()).unwrap();
    }
    let cvca = testing::cvca(testing::CVCA_IS);
    std::fs::write(dir.join("cvca.cvcert"), cvca.to_bytes()).unwrap();
    std::fs::write(dir.join("terminal.pk8"), testing::pkcs8(&terminal)).unwrap();
    dir
}

fn read(pcscd: &Pcscd, slot: u8, chain: TestChain) -> String {
    let (chip, can) = id_card(false);
    let served = serve(chip, pcscd.card_addr(slot));
    let dir = terminal_dir(chain);
    let out = Command::new(verify_binary())
        .args(["read", "--reader", &pcscd.reader_name(slot), "--can", &can])
        .arg("--terminal-chain")
        .arg(&dir)
        .arg("--terminal-key")
        .arg(dir.join("terminal.pk8"))
        .args(["--terminal-date", "2026-11-22"])
        .output()
        .unwrap();
    served.stop().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    // 0: every file read; 1: the chip refused some.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{stdout}\n{stderr}"
    );
    stdout
}

fn read_bytes(stdout: &str, file: &str) -> bool {
    stdout.lines().any(|l| {
        let mut w = l.split_whitespace();
        w.next() == Some(file) && w.next().is_some_and(|n| n.parse::<usize>().is_ok())
    })
}

fn refused(stdout: &str, file: &str) -> bool {
    stdout
        .lines()
        .any(|l| l.split_whitespace().next() == Some(file) && l.contains("not readable"))
}

#[test]
fn the_id_card_gives_its_data_groups_only_to_an_authenticated_inspection_system() {
    let pcscd = Pcscd::start().unwrap();

    let out = read(&pcscd, 0, TestChain::Valid);
    assert!(
        out.contains("detail: TA v2 with DETIS0000001, 2 certificates, 7 APDUs"),
        "{out}"
    );
    for dg in ["DG1", "DG2", "DG3", "DG4"] {
        assert!(read_bytes(&out, dg), "{dg}\n{out}");
    }
    assert!(
        out.contains("chip.terminal_authentication Passed: Terminal authentication succeeded; rights granted: read DG3, read DG4"),
        "{out}"
    );
    // Chip Authentication version 2 with the key TA committed to.
    assert!(
        out.contains("CA       passed: id-CA-ECDH-AES-CBC-CMAC-128, EC brainpoolP256r1 (Version2)"),
        "{out}"
    );

    let out = read(&pcscd, 1, TestChain::AuthenticationTerminal);
    assert!(out.contains("detail: TA v2 with DETAT0000001"), "{out}");
    assert!(
        out.contains("rights granted: age verification, read eID DG1"),
        "{out}"
    );
    for dg in ["DG1", "DG2", "DG3", "DG4"] {
        assert!(refused(&out, dg), "{dg}\n{out}");
    }
    assert!(out.contains("refused_by_chip: DG1, DG2, DG3, DG4"), "{out}");
    // Its eID rights (DG1–DG8) open those eID data groups instead.
    assert!(
        out.contains("chip.eid_application Passed: eID: document type, issuing state, date of expiry, name, date of birth read"),
        "{out}"
    );

    let out = read(&pcscd, 0, TestChain::Expired);
    assert!(
        out.contains("chip.terminal_authentication Failed: Terminal authentication refused: terminal chain not valid on 2026-11-22: DETIS0000003 expired on 2026-03-31"),
        "{out}"
    );
    assert!(refused(&out, "DG1") && refused(&out, "DG2"), "{out}");
    assert!(
        out.contains(
            "CA       unsupported: Chip Authentication version 2 follows Terminal Authentication"
        ),
        "{out}"
    );

    let out = read(&pcscd, 1, TestChain::Foreign);
    assert!(
        out.contains("chip.terminal_authentication Unsupported: Terminal authentication not possible: no terminal chain for the chip's CVCA"),
        "{out}"
    );
    assert!(refused(&out, "DG1") && refused(&out, "DG2"), "{out}");

    // Another terminal's key: refused when the terminal is loaded, naming the option.
    let (chip, can) = id_card(false);
    let served = serve(chip, pcscd.card_addr(0));
    let dir = terminal_dir(TestChain::Valid);
    std::fs::write(dir.join("other.pk8"), testing::pkcs8("DETAT0000001")).unwrap();
    let out = Command::new(verify_binary())
        .args(["read", "--reader", &pcscd.reader_name(0), "--can", &can])
        .arg("--terminal-chain")
        .arg(&dir)
        .arg("--terminal-key")
        .arg(dir.join("other.pk8"))
        .output()
        .unwrap();
    served.stop().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "--terminal-key: the key (file other.pk8 (EC brainpoolP256r1)) is not the key of terminal certificate DETIS0000001"
        ),
        "{stderr}"
    );
}

/// Reads `chip` through pcscd with the library's pipeline and verifies it on 2026-11-22.
fn inspect_through_pcscd(
    pcscd: &Pcscd,
    slot: u8,
    chip: EmulatedChip,
    options: &idverify::inspect::InspectOptions,
) -> (idverify::verify::DocumentInput, idverify::verify::Report) {
    use idverify::chip::transport::pcsc::PcscReaders;
    use idverify::emulator::{SeededRng, test_pki};
    use idverify::verify::{CheckTime, Verifier, VerifierConfig};
    let served = serve(chip, pcscd.card_addr(slot));
    let readers = PcscReaders::establish().unwrap();
    let channel = readers
        .connect_first(
            Some(&pcscd.reader_name(slot)),
            Some(std::time::Duration::from_secs(10)),
        )
        .unwrap();
    let input = idverify::inspect::read_chip(
        channel,
        options,
        &mut SeededRng::new([0x51; 32]),
        &mut |_| true,
    )
    .unwrap();
    let chip = served.stop().unwrap();
    assert_eq!(chip.apdu_count(), input.chip.as_ref().unwrap().apdus);
    let verifier = Verifier::new(test_pki::trust_store(), VerifierConfig::default());
    let time = CheckTime::from_date(idverify::mrz::Date::new(2026, 11, 22).unwrap());
    let report = verifier.verify(&input, time);
    (input, report)
}

fn credentials(chain: TestChain) -> idverify::terminal::TerminalCredentials {
    let (mut certificates, terminal) = chain.build();
    certificates.push(testing::cvca(testing::CVCA_IS));
    idverify::terminal::TerminalCredentials {
        certificates,
        signer: std::sync::Arc::new(testing::TestTerminalKey::new(&terminal)),
        today: testing::date("2026-11-22"),
    }
}

#[test]
fn a_cloned_id_card_fails_ca_v2_and_the_passport_opens_dg3_dg4_after_ta_v1() {
    use idverify::chip::FileId;
    use idverify::chip::access::pace::AccessKey;
    use idverify::inspect::InspectOptions;
    use idverify::verify::{ProtocolOutcome, RuleId, Status, Verdict};
    let pcscd = Pcscd::start().unwrap();

    // The clone: its static key does not match EF.CardSecurity, so its token is wrong.
    let (chip, can) = id_card(true);
    let mut options = InspectOptions::new(AccessKey::Can(can.into_bytes()));
    options.terminal = Some(credentials(TestChain::Valid));
    let (input, report) = inspect_through_pcscd(&pcscd, 0, chip, &options);
    assert!(
        matches!(&input.chip_authentication, Some(ProtocolOutcome::Failed { reason }) if reason.contains("authentication token")),
        "{:?}",
        input.chip_authentication
    );
    assert_eq!(
        report.check(RuleId::ChipChipAuthentication).unwrap().status,
        Status::Failed
    );
    assert_eq!(report.verdict, Verdict::Failed);

    // The passport: BAC, CA v1, TA v1 with a valid chain, then DG3 and DG4.
    let (specimen, files) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let info = mrz_information(&mrz);
    let chip = || specimen_passport_chip(&files, &info, false, [0x45; 32]);
    let mut options = InspectOptions::new(AccessKey::Mrz(info.clone())).with_optical_mrz(mrz);
    options.terminal = Some(credentials(TestChain::Valid));
    let (input, report) = inspect_through_pcscd(&pcscd, 1, chip(), &options);
    let ta = input.terminal_authentication.clone().unwrap();
    assert!(
        matches!(&ta.outcome, ProtocolOutcome::Passed { detail } if detail == "TA v1 with DETIS0000001, 2 certificates, 7 APDUs"),
        "{:?}",
        ta.outcome
    );
    for f in [FileId::Dg3, FileId::Dg4] {
        assert_eq!(input.files.get(&f), files.get(&f), "{f}");
    }
    assert!(matches!(
        input.chip_authentication,
        Some(ProtocolOutcome::Passed { .. })
    ));
    assert_eq!(
        report.verdict,
        Verdict::Genuine,
        "{:?}",
        report.failed_ids()
    );

    // Without a terminal the chip refuses them; the document is still genuine.
    options.terminal = None;
    let (input, report) = inspect_through_pcscd(&pcscd, 0, chip(), &options);
    assert_eq!(
        input.chip.as_ref().unwrap().not_readable,
        [FileId::Dg3, FileId::Dg4]
    );
    assert_eq!(
        report.verdict,
        Verdict::Genuine,
        "{:?}",
        report.failed_ids()
    );
}
