//! Tests of the file terminal signer: every curve and TA hash, RSA PKCS#1 v1.5 and PSS,
//! deterministic and hedged nonces, and the errors of unusable key files.

use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::signature::{PublicKey, SignatureAlgorithm, verify};
use crate::terminal::file::FileSigner;
use crate::terminal::{SignerError, TerminalSigner};
use std::path::{Path, PathBuf};

const HASHES: [HashAlgorithm; 5] = [
    HashAlgorithm::Sha1,
    HashAlgorithm::Sha224,
    HashAlgorithm::Sha256,
    HashAlgorithm::Sha384,
    HashAlgorithm::Sha512,
];

/// The OpenSSL curve name of each key file in testdata/terminal.
const CURVES: [(&str, NamedCurve); 11] = [
    ("prime192v1", NamedCurve::P192),
    ("secp224r1", NamedCurve::P224),
    ("prime256v1", NamedCurve::P256),
    ("secp384r1", NamedCurve::P384),
    ("secp521r1", NamedCurve::P521),
    ("brainpoolP192r1", NamedCurve::BrainpoolP192r1),
    ("brainpoolP224r1", NamedCurve::BrainpoolP224r1),
    ("brainpoolP256r1", NamedCurve::BrainpoolP256r1),
    ("brainpoolP320r1", NamedCurve::BrainpoolP320r1),
    ("brainpoolP384r1", NamedCurve::BrainpoolP384r1),
    ("brainpoolP512r1", NamedCurve::BrainpoolP512r1),
];

fn key_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/terminal")
        .join(name)
}

fn rng() -> Box<dyn rand_core::CryptoRng + Send> {
    Box::new(rand_core::UnwrapErr(getrandom::SysRng))
}

const MESSAGE: &[u8] = b"ID_PICC || r_PICC || Comp(PK_PCD) || A_PCD";

/// Signs MESSAGE, checks the signature against the signer's public key, and checks that a
/// changed message fails. Returns the signature.
fn sign_and_verify(signer: &FileSigner) -> Vec<u8> {
    let key = signer.public_key();
    let alg = signer.algorithm();
    let sig = signer.sign(MESSAGE).unwrap();
    verify(&key, &alg, MESSAGE, &sig).unwrap_or_else(|e| panic!("{}: {e}", signer.describe()));
    assert!(verify(&key, &alg, b"another challenge", &sig).is_err());
    sig
}

#[test]
fn ecdsa_on_every_curve_and_hash_verifies_as_plain_r_s() {
    // Every curve, each with a different hash, and every hash on a NIST and a brainpool curve
    // (debug-build curve arithmetic is slow; the full product adds nothing).
    let pairs = CURVES
        .iter()
        .zip(HASHES.iter().cycle())
        .map(|(&c, &h)| (c, h))
        .chain(HASHES.iter().map(|&h| (CURVES[2], h)))
        .chain(HASHES.iter().map(|&h| (CURVES[8], h)));
    for ((file, curve), hash) in pairs {
        let alg = SignatureAlgorithm::Ecdsa { hash };
        let signer = FileSigner::from_file(&key_file(&format!("ec_{file}.pk8")), alg).unwrap();
        assert!(matches!(signer.public_key(), PublicKey::Ec { curve: c, .. } if c == curve));
        let sig = sign_and_verify(&signer);
        // Plain format: r and s each exactly as long as the order (BSI TR-03111 §5.2.1).
        assert_eq!(sig.len(), 2 * curve.field_len(), "{file} {hash:?}");
    }
}

#[test]
fn ecdsa_is_deterministic_without_rng_and_hedged_with_one() {
    let alg = SignatureAlgorithm::Ecdsa {
        hash: HashAlgorithm::Sha256,
    };
    let path = key_file("ec_brainpoolP256r1.pk8");
    let plain = FileSigner::from_file(&path, alg).unwrap();
    assert_eq!(plain.sign(MESSAGE).unwrap(), plain.sign(MESSAGE).unwrap());
    let hedged = FileSigner::from_file(&path, alg).unwrap().with_rng(rng());
    let a = sign_and_verify(&hedged);
    let b = sign_and_verify(&hedged);
    assert_ne!(a, b);
    assert_ne!(a, plain.sign(MESSAGE).unwrap());
}

#[test]
fn pem_and_explicit_parameters_give_the_same_key() {
    let alg = SignatureAlgorithm::Ecdsa {
        hash: HashAlgorithm::Sha256,
    };
    let der = FileSigner::from_file(&key_file("ec_brainpoolP256r1.pk8"), alg).unwrap();
    let pem = FileSigner::from_file(&key_file("ec_brainpoolP256r1.pem"), alg).unwrap();
    let explicit =
        FileSigner::from_file(&key_file("ec_brainpoolP256r1_explicit.pk8"), alg).unwrap();
    assert_eq!(der.public_key(), pem.public_key());
    assert_eq!(der.public_key(), explicit.public_key());
    // Same scalar, deterministic nonce: the same signature.
    assert_eq!(der.sign(MESSAGE).unwrap(), explicit.sign(MESSAGE).unwrap());
    assert_eq!(
        der.describe(),
        "file ec_brainpoolP256r1.pk8 (EC brainpoolP256r1)"
    );
}

#[test]
fn rsa_pkcs1_and_pss_verify() {
    for hash in [
        HashAlgorithm::Sha1,
        HashAlgorithm::Sha256,
        HashAlgorithm::Sha512,
    ] {
        let pkcs1 = SignatureAlgorithm::RsaPkcs1 { hash };
        let signer = FileSigner::from_file(&key_file("rsa_2048.pk8"), pkcs1).unwrap();
        let sig = sign_and_verify(&signer);
        assert_eq!(sig.len(), 256);
        // PKCS#1 v1.5 is deterministic, blinded or not.
        let blinded = FileSigner::from_file(&key_file("rsa_2048.pem"), pkcs1)
            .unwrap()
            .with_rng(rng());
        assert_eq!(sign_and_verify(&blinded), sig);

        let pss = SignatureAlgorithm::RsaPss {
            hash,
            mgf_hash: hash,
            salt_len: hash.output_len(),
        };
        let signer = FileSigner::from_file(&key_file("rsa_2048.pk8"), pss)
            .unwrap()
            .with_rng(rng());
        let a = sign_and_verify(&signer);
        assert_ne!(a, sign_and_verify(&signer), "PSS salts are random");
        let unsalted = FileSigner::from_file(&key_file("rsa_2048.pk8"), pss).unwrap();
        assert!(matches!(
            unsalted.sign(MESSAGE),
            Err(SignerError::Unsupported(m)) if m.contains("RNG")
        ));
    }
    let signer = FileSigner::from_file(
        &key_file("rsa_2048.pk8"),
        SignatureAlgorithm::RsaPkcs1 {
            hash: HashAlgorithm::Sha256,
        },
    )
    .unwrap();
    assert_eq!(signer.describe(), "file rsa_2048.pk8 (RSA-2048)");
}

fn load_err(file: &str, alg: SignatureAlgorithm) -> SignerError {
    FileSigner::from_file(&key_file(file), alg).unwrap_err()
}

#[test]
fn unusable_key_files_give_clear_errors() {
    let ecdsa = SignatureAlgorithm::Ecdsa {
        hash: HashAlgorithm::Sha256,
    };
    let rsa = SignatureAlgorithm::RsaPkcs1 {
        hash: HashAlgorithm::Sha256,
    };
    let err = load_err("truncated.pk8", ecdsa);
    assert!(matches!(err, SignerError::Malformed(_)), "{err}");
    for file in ["encrypted.pk8", "encrypted.pem"] {
        let err = load_err(file, ecdsa);
        assert!(
            matches!(&err, SignerError::Unsupported(m) if m.contains("encrypted")),
            "{err}"
        );
    }
    for file in ["sec1_prime256v1.pem", "sec1_prime256v1.der"] {
        let err = load_err(file, ecdsa);
        assert!(
            matches!(&err, SignerError::Unsupported(m) if m.contains("traditional SEC1")),
            "{err}"
        );
    }
    let err = load_err("ed25519.pk8", ecdsa);
    assert!(matches!(&err, SignerError::Unsupported(m) if m.contains("1.3.101.112")));
    // The right file with the other key type's algorithm.
    let err = load_err("rsa_2048.pk8", ecdsa);
    assert!(
        matches!(&err, SignerError::Unsupported(m) if m.contains("RSA")),
        "{err}"
    );
    let err = load_err("ec_prime256v1.pk8", rsa);
    assert!(
        matches!(&err, SignerError::Unsupported(m) if m.contains("P-256")),
        "{err}"
    );
    let pss_mixed = SignatureAlgorithm::RsaPss {
        hash: HashAlgorithm::Sha256,
        mgf_hash: HashAlgorithm::Sha1,
        salt_len: 32,
    };
    assert!(matches!(
        load_err("rsa_2048.pk8", pss_mixed),
        SignerError::Unsupported(_)
    ));
    let err = load_err("no-such-key.pk8", ecdsa);
    assert!(
        matches!(&err, SignerError::Unavailable(m) if m.contains("no-such-key.pk8")),
        "{err}"
    );
    for junk in [
        &b""[..],
        b"\x30",
        b"hello",
        b"-----BEGIN PRIVATE KEY-----\nAA\n",
    ] {
        assert!(FileSigner::from_pkcs8(junk, ecdsa, "junk").is_err());
    }
}

#[test]
fn a_key_whose_stored_public_key_differs_is_refused() {
    let mut der = std::fs::read(key_file("ec_prime256v1.pk8")).unwrap();
    let last = der.len() - 1;
    der[last] ^= 1; // the last byte of the embedded public point
    let alg = SignatureAlgorithm::Ecdsa {
        hash: HashAlgorithm::Sha256,
    };
    let err = FileSigner::from_pkcs8(&der, alg, "changed").unwrap_err();
    assert!(
        matches!(&err, SignerError::Malformed(m) if m.contains("public key")),
        "{err}"
    );
}

#[test]
fn every_prefix_and_byte_flip_of_a_key_file_is_handled() {
    let alg = SignatureAlgorithm::Ecdsa {
        hash: HashAlgorithm::Sha256,
    };
    for file in ["ec_prime256v1.pk8", "ec_brainpoolP256r1_explicit.pk8"] {
        let der = std::fs::read(key_file(file)).unwrap();
        for len in 0..der.len() {
            assert!(FileSigner::from_pkcs8(&der[..len], alg, "prefix").is_err());
        }
        for i in 0..der.len() {
            let mut bad = der.clone();
            bad[i] ^= 0x41;
            // Flips inside the scalar or the explicit parameters' seed may still load; a
            // loaded key's public key is then derived from the flipped scalar.
            if let Ok(signer) = FileSigner::from_pkcs8(&bad, alg, "flip") {
                assert!(matches!(signer.public_key(), PublicKey::Ec { .. }));
            }
        }
    }
}
