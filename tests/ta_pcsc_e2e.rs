//! Terminal Authentication end to end over a private pcscd and vpcd: the example verifier
//! reads the emulated German ID card with the CAN and a terminal chain; DG1 and DG2 come only
//! after TA with an inspection-system certificate, an authentication terminal's certificate
//! lacks the rights, and an expired or foreign chain is refused — each with its report entry.
#![cfg(feature = "emulator")]

use idverify::chip::pace::{PaceChoice, PacePassword};
use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
use idverify::emulator::test_pki::with_signed_sod;
use idverify::emulator::{ChipConfig, EmulatedChip, TaSetup};
use idverify::pki::cvc::testing::{self, TestChain, date};
use idverify_vpcd::serve;
use idverify_vpcd::testing::Pcscd;
use std::path::PathBuf;
use std::process::Command;

fn verify_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let binary = profile_dir.join("examples").join("verify");
    assert!(binary.is_file(), "{} is missing", binary.display());
    binary
}

/// The German ID card specimen with PACE (CAN) and TA guarding every data group.
fn id_card() -> (EmulatedChip, String) {
    let s = Specimen::build(SpecimenKind::IdCardDe, FaceVariant::Jpeg);
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 13).unwrap();
    let chip = EmulatedChip::new(ChipConfig::default(), [0x44; 32])
        .with_files(with_signed_sod(s.chip_files()))
        .with_pace(
            choice,
            vec![PacePassword::Can(s.access.can.as_bytes().to_vec())],
        )
        .with_terminal_authentication(TaSetup {
            anchors: testing::chip_anchors(),
            chip_date: date("2026-06-01"),
            document_number: s.access.document_number.as_bytes().to_vec(),
            protect_all_data_groups: true,
        });
    (chip, s.access.can)
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
    let (chip, can) = id_card();
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

    let out = read(&pcscd, 0, TestChain::Expired);
    assert!(
        out.contains("chip.terminal_authentication Failed: Terminal authentication refused: terminal chain not valid on 2026-11-22: DETIS0000003 expired on 2026-03-31"),
        "{out}"
    );
    assert!(refused(&out, "DG1") && refused(&out, "DG2"), "{out}");

    let out = read(&pcscd, 1, TestChain::Foreign);
    assert!(
        out.contains("chip.terminal_authentication Unsupported: Terminal authentication not possible: no terminal chain for the chip's CVCA"),
        "{out}"
    );
    assert!(refused(&out, "DG1") && refused(&out, "DG2"), "{out}");
}
