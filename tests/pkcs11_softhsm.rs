//! Terminal keys in a real PKCS#11 token: a private SoftHSM2 holding the P-256,
//! brainpoolP256r1 and RSA keys of testdata/terminal, used through `pkcs11:` URIs; every
//! signature is checked with the crate's verifier against the token's public key and the
//! PKCS#8 file's. Fails (never skips) when SoftHSM2 is not installed.

use idverify::crypto::hash::HashAlgorithm;
use idverify::crypto::signature::{SignatureAlgorithm, verify};
use idverify::terminal::{
    FileSigner, Pkcs11Signer, SignerError, TerminalSigner, open_terminal_key,
};
use idverify_pkcs11::testing::{SoftHsm, run_isolated};
use std::path::{Path, PathBuf};

const TOKEN: &str = "desk-1";
const PIN: &str = "4711";
const MESSAGE: &[u8] = b"ID_PICC || r_PICC || Comp(PK_PCD)";

fn key_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/terminal")
        .join(name)
}

/// The token with three keys: "ta-p256" (id 01), "ta-bp256" (id 02), "ta-rsa" (id 03).
fn setup(hsm: &SoftHsm) {
    hsm.init_token(TOKEN, "12345678", PIN).unwrap();
    for (file, label, id) in [
        ("ec_prime256v1.pem", "ta-p256", 1u8),
        ("ec_brainpoolP256r1.pem", "ta-bp256", 2),
        ("rsa_2048.pem", "ta-rsa", 3),
    ] {
        hsm.import_key(TOKEN, PIN, &key_file(file), label, &[id])
            .unwrap();
    }
}

fn uri(hsm: &SoftHsm, path: &str, query: &str) -> String {
    format!(
        "pkcs11:{path}?module-path={}&{query}",
        hsm.module().display()
    )
}

fn ecdsa(hash: HashAlgorithm) -> SignatureAlgorithm {
    SignatureAlgorithm::Ecdsa { hash }
}

/// Signs through the token, checks the signature with the token's public key and with the
/// PKCS#8 file's, and checks that the two public keys are one.
fn sign_and_verify(signer: &Pkcs11Signer, pk8: &str) {
    let alg = signer.algorithm();
    let file = FileSigner::from_file(&key_file(pk8), alg).unwrap();
    assert_eq!(signer.public_key(), &file.public_key());
    let sig = signer.sign(MESSAGE).unwrap();
    verify(signer.public_key(), &alg, MESSAGE, &sig).unwrap();
    verify(&file.public_key(), &alg, MESSAGE, &sig).unwrap();
    assert!(verify(signer.public_key(), &alg, b"other", &sig).is_err());
    if let SignatureAlgorithm::Ecdsa { .. } = alg {
        assert_eq!(sig.len(), 64, "plain r||s of the order length");
    }
}

#[test]
fn ecdsa_and_rsa_sign_through_softhsm() {
    run_isolated("ecdsa_and_rsa_sign_through_softhsm", |hsm| {
        setup(hsm);
        let pin = format!("pin-value={PIN}");
        for hash in [
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha512,
            HashAlgorithm::Sha1,
        ] {
            let p256 = uri(hsm, "token=desk-1;object=ta-p256", &pin);
            sign_and_verify(
                &Pkcs11Signer::from_uri(&p256, ecdsa(hash)).unwrap(),
                "ec_prime256v1.pk8",
            );
            // The brainpool key by ID only.
            let bp = uri(hsm, "token=desk-1;id=%02", &pin);
            let signer = Pkcs11Signer::from_uri(&bp, ecdsa(hash)).unwrap();
            sign_and_verify(&signer, "ec_brainpoolP256r1.pk8");
            assert_eq!(
                signer.describe(),
                "PKCS#11 token \"desk-1\", key \"ta-bp256\" (EC brainpoolP256r1)"
            );
        }
        let rsa = uri(hsm, "object=ta-rsa;type=private", &pin);
        for hash in [
            HashAlgorithm::Sha1,
            HashAlgorithm::Sha256,
            HashAlgorithm::Sha512,
        ] {
            let pkcs1 = SignatureAlgorithm::RsaPkcs1 { hash };
            sign_and_verify(
                &Pkcs11Signer::from_uri(&rsa, pkcs1).unwrap(),
                "rsa_2048.pk8",
            );
            let pss = SignatureAlgorithm::RsaPss {
                hash,
                mgf_hash: hash,
                salt_len: hash.output_len(),
            };
            sign_and_verify(&Pkcs11Signer::from_uri(&rsa, pss).unwrap(), "rsa_2048.pk8");
        }
        // The command line's entry point picks the token for a pkcs11: URI.
        let signer = open_terminal_key(
            &rsa,
            SignatureAlgorithm::RsaPkcs1 {
                hash: HashAlgorithm::Sha256,
            },
            None,
        )
        .unwrap();
        assert!(signer.describe().starts_with("PKCS#11 token"));
    })
    .unwrap();
}

#[test]
fn pin_source_and_token_errors_are_clear() {
    run_isolated(
        "pin_source_and_token_errors_are_clear",
        pin_and_token_errors,
    )
    .unwrap();
}

fn open_err(uri: &str, alg: SignatureAlgorithm) -> SignerError {
    Pkcs11Signer::from_uri(uri, alg).unwrap_err()
}

fn pin_and_token_errors(hsm: &SoftHsm) {
    setup(hsm);
    let alg = ecdsa(HashAlgorithm::Sha256);
    let pin = format!("pin-value={PIN}");
    let pin_file = hsm.dir().join("pin");
    std::fs::write(&pin_file, format!("{PIN}\n")).unwrap();
    let source = format!("pin-source=file:{}", pin_file.display());
    let from_file = uri(hsm, "token=desk-1;object=ta-p256", &source);
    let signer = Pkcs11Signer::from_uri(&from_file, alg).unwrap();
    sign_and_verify(&signer, "ec_prime256v1.pk8");
    // While that signer is logged in, a second login (even with a wrong PIN) is refused,
    // never waved through.
    let err = open_err(&uri(hsm, "object=ta-p256", "pin-value=0000"), alg);
    assert!(
        matches!(&err, SignerError::Unavailable(m) if m.contains("ALREADY_LOGGED_IN")),
        "{err}"
    );
    drop(signer);

    let err = open_err(&uri(hsm, "object=ta-p256", "pin-value=0000"), alg);
    assert!(
        matches!(&err, SignerError::Unavailable(m) if m.contains("PIN_INCORRECT")),
        "{err}"
    );
    let err = open_err(
        &uri(hsm, "object=ta-p256", "pin-source=/nonexistent/pin"),
        alg,
    );
    assert!(
        matches!(&err, SignerError::Unavailable(m) if m.contains("PIN file")),
        "{err}"
    );
    let err = open_err(&uri(hsm, "object=ta-p384", &pin), alg);
    assert!(
        matches!(&err, SignerError::Unavailable(m) if m.contains("not found")),
        "{err}"
    );
    let err = open_err(&uri(hsm, "token=desk-2;object=ta-p256", &pin), alg);
    assert!(
        matches!(&err, SignerError::Unavailable(m) if m.contains("desk-2") && m.contains("desk-1")),
        "{err}"
    );
    let missing = format!("pkcs11:object=ta-p256?module-path=/nonexistent/libsofthsm2.so&{pin}");
    let err = open_err(&missing, alg);
    assert!(
        matches!(&err, SignerError::Unavailable(m) if m.contains("module")),
        "{err}"
    );
    // An EC key cannot sign RSA.
    let rsa = SignatureAlgorithm::RsaPkcs1 {
        hash: HashAlgorithm::Sha256,
    };
    let err = open_err(&uri(hsm, "object=ta-p256", &pin), rsa);
    assert!(
        matches!(&err, SignerError::Unsupported(m) if m.contains("P-256")),
        "{err}"
    );
}
