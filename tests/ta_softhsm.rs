//! Terminal Authentication with the terminal's key in a real PKCS#11 token: a private
//! SoftHSM2 holds the inspection system's brainpoolP256r1 key, the library signs through a
//! `pkcs11:` URI (loaded with the certificate folder as a desk configures the terminal), and
//! the software German ID card serves DG1–DG4 only after that signature.
//! Fails (never skips) when SoftHSM2 is not installed.
#![cfg(feature = "emulator")]

use idverify::chip::access::pace::{AccessKey, OpenedWith, PaceChoice, PacePassword};
use idverify::chip::auth::ta::{
    TaError, TaOutcome, TaVersion, TerminalAuthentication, choose_chain, compress,
};
use idverify::chip::{ChipSession, FileId};
use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
use idverify::emulator::{ChipConfig, EmulatedChip, SeededRng, TaSetup, benchmark_document};
use idverify::pki::cvc::testing::{self, TestChain, date};
use idverify::terminal::TerminalCredentials;
use idverify_pkcs11::testing::{SoftHsm, run_isolated};

const CAN: &[u8] = b"123456";
const TOKEN: &str = "desk-ta";
const PIN: &str = "2468";

fn chip() -> EmulatedChip {
    let specimen = Specimen::build(SpecimenKind::IdCardDe, FaceVariant::Jpeg);
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.2.2", 13).unwrap();
    EmulatedChip::new(ChipConfig::default(), [5; 32])
        .with_files(benchmark_document([9; 32]))
        .with_file(FileId::Dg3, specimen.dg3.encode())
        .with_file(FileId::Dg4, specimen.dg4.encode())
        .with_pace(choice, vec![PacePassword::Can(CAN.to_vec())])
        .with_terminal_authentication(TaSetup {
            anchors: testing::chip_anchors(),
            chip_date: date("2026-06-01"),
            document_number: b"L898902C<3".to_vec(),
            protect_all_data_groups: true,
        })
}

/// Imports the terminal's key (the one its test certificate certifies) into the token and
/// returns the `pkcs11:` URI that names it.
fn token_with_terminal_key(hsm: &SoftHsm, terminal: &str) -> String {
    hsm.init_token(TOKEN, "87654321", PIN).unwrap();
    let pem = pem_rfc7468::encode_string(
        "PRIVATE KEY",
        pem_rfc7468::LineEnding::LF,
        &testing::pkcs8(terminal),
    )
    .unwrap();
    let file = hsm.dir().join("terminal.pem");
    std::fs::write(&file, pem).unwrap();
    hsm.import_key(TOKEN, PIN, &file, "ta-is", &[0x42]).unwrap();
    format!(
        "pkcs11:token={TOKEN};object=ta-is?module-path={}&pin-value={PIN}",
        hsm.module().display()
    )
}

/// PACE with the CAN, then TA v2 with the valid inspection-system chain, signed by the token
/// holding the key of terminal `key_of` (the chain's own terminal when `None`); `check` gets
/// the chain's terminal, TA's result and the session to read on.
fn ta_with_token_key(
    hsm: &SoftHsm,
    key_of: Option<&str>,
    check: impl FnOnce(&str, Result<TaOutcome, TaError>, &mut ChipSession<&mut EmulatedChip>),
) {
    let (certs, terminal) = TestChain::Valid.build();
    let uri = token_with_terminal_key(hsm, key_of.unwrap_or(&terminal));
    // The terminal as a desk configures it: a certificate folder and the token's URI.
    let dir = hsm.dir().join("terminal");
    testing::write_terminal_dir(TestChain::Valid, &dir).unwrap();
    let loaded = TerminalCredentials::load(&dir, &uri, date("2026-06-01")).unwrap();
    assert_eq!(loaded.certificates.len(), certs.len() + 1);
    let signer = loaded.signer;
    assert!(signer.describe().contains("ta-is"), "{}", signer.describe());

    let mut c = chip();
    let mut rng = SeededRng::new([7; 32]);
    let (mut s, opened) =
        ChipSession::open(&mut c, &AccessKey::Can(CAN.to_vec()), &mut rng).unwrap();
    let OpenedWith::Pace(pace) = opened else {
        panic!("not PACE")
    };
    let refs = s.read_cvca_references().unwrap();
    let chains = vec![certs];
    let chain = choose_chain(&refs, &chains).unwrap();
    let ephemeral = testing::key("terminal ephemeral").public_point().unwrap();
    let result = s.terminal_authentication(&TerminalAuthentication {
        chain,
        signer: signer.as_ref(),
        version: TaVersion::V2,
        id_picc: compress(&pace.chip_ephemeral_public),
        ephemeral_compressed: compress(&ephemeral),
        auxiliary_data: None,
    });
    check(&terminal, result, &mut s);
}

#[test]
fn the_token_key_opens_dg1_to_dg4_after_terminal_authentication() {
    run_isolated(
        "the_token_key_opens_dg1_to_dg4_after_terminal_authentication",
        |hsm| {
            ta_with_token_key(hsm, None, |terminal, result, s| {
                assert_eq!(result.unwrap().terminal, terminal);
                for f in [FileId::Dg1, FileId::Dg2, FileId::Dg3, FileId::Dg4] {
                    let (bytes, _) = s.read_file(f).unwrap();
                    assert!(!bytes.is_empty(), "{f}");
                }
            })
        },
    )
    .unwrap();
}

#[test]
fn a_token_key_of_another_terminal_is_refused_by_the_chip() {
    run_isolated(
        "a_token_key_of_another_terminal_is_refused_by_the_chip",
        |hsm| {
            // The token holds another terminal's key: the chip checks the signature against
            // the certificate and refuses it.
            ta_with_token_key(hsm, Some("DETIS0000002"), |_, result, s| {
                let err = result.unwrap_err();
                assert!(err.to_string().contains("6300"), "{err}");
                assert!(s.read_file(FileId::Dg1).is_err());
            })
        },
    )
    .unwrap();
}
