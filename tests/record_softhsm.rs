//! The record sealed by a key in a real PKCS#11 token: a private SoftHSM2 holding the test
//! seal keys (EC P-256 and RSA-3072), reached through the `pkcs11:` URI form the terminal keys
//! use; OpenSSL and idverify verify the seals. Fails (never skips) without SoftHSM2.
#![cfg(feature = "emulator")]

mod record_support;

use idverify::pki::store::parse_certificates;
use idverify::record::{check_seal, seal, seal_algorithm, write_record};
use idverify::terminal::open_terminal_key;
use idverify::verify::Lang;
use idverify_pkcs11::testing::{SoftHsm, run_isolated};
use record_support::*;

const TOKEN: &str = "siegel";
const PIN: &str = "2468";

fn seal_with_token(hsm: &SoftHsm) {
    hsm.init_token(TOKEN, "87654321", PIN).unwrap();
    hsm.import_key(TOKEN, PIN, &testdata("seal_ec_key.pem"), "seal-ec", &[1])
        .unwrap();
    hsm.import_key(TOKEN, PIN, &testdata("seal_rsa_key.pem"), "seal-rsa", &[2])
        .unwrap();
    let dir = scratch("softhsm");
    let pdf = write_record(
        &specimen_report(false, false),
        &record_options(Lang::En, false),
    )
    .unwrap();
    let pdf_path = dir.join("record.pdf");
    std::fs::write(&pdf_path, &pdf).unwrap();
    let ca = parse_certificates(&std::fs::read(testdata("seal_ca.der")).unwrap()).unwrap();
    for (object, cert, algorithm) in [
        ("seal-ec", "seal_ec.der", "ECDSA SHA-256"),
        (
            "seal-rsa",
            "seal_rsa.der",
            "RSASSA-PSS(SHA-256, MGF1-SHA-256, salt 32)",
        ),
    ] {
        let cert = parse_certificates(&std::fs::read(testdata(cert)).unwrap())
            .unwrap()
            .remove(0);
        let uri = format!(
            "pkcs11:token={TOKEN};object={object}?module-path={}&pin-value={PIN}",
            hsm.module().display()
        );
        let signer = open_terminal_key(&uri, seal_algorithm(&cert).unwrap(), None).unwrap();
        assert!(signer.describe().starts_with("PKCS#11 token \"siegel\""));
        let p7s = seal(&pdf, &cert.der, signer.as_ref(), SEALED_AT).unwrap();
        let check = check_seal(&pdf, &p7s, &ca).unwrap();
        assert!(check.valid(), "{object}: {:?}", check.problems);
        assert_eq!(check.algorithm.as_deref(), Some(algorithm));
        let p7s_path = dir.join("record.pdf.p7s");
        std::fs::write(&p7s_path, &p7s).unwrap();
        assert!(openssl_verifies(&pdf_path, &p7s_path), "{object}");
        // The token's EC key with the RSA certificate: refused before a seal exists.
        if object == "seal-ec" {
            let rsa =
                parse_certificates(&std::fs::read(testdata("seal_rsa.der")).unwrap()).unwrap();
            assert!(seal(&pdf, &rsa[0].der, signer.as_ref(), SEALED_AT).is_err());
        }
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_softhsm_token_key_seals_the_record() {
    run_isolated("a_softhsm_token_key_seals_the_record", seal_with_token).unwrap();
}
