//! Cross-checks of the RSA verifier against OpenSSL: keys of several sizes (odd bit lengths
//! included), PKCS#1 v1.5 and PSS with every hash and several salt lengths, and tampering.

use super::{PublicKey, SignatureAlgorithm, SignatureError, verify};
use crate::crypto::hash::HashAlgorithm;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::rsa::{Padding, Rsa};
use openssl::sign::{RsaPssSaltlen, Signer};

const HASHES: [(HashAlgorithm, fn() -> MessageDigest); 5] = [
    (HashAlgorithm::Sha1, MessageDigest::sha1),
    (HashAlgorithm::Sha224, MessageDigest::sha224),
    (HashAlgorithm::Sha256, MessageDigest::sha256),
    (HashAlgorithm::Sha384, MessageDigest::sha384),
    (HashAlgorithm::Sha512, MessageDigest::sha512),
];

fn keypair(bits: u32) -> (PKey<Private>, PublicKey) {
    let rsa = Rsa::generate(bits).unwrap();
    let public = PublicKey::Rsa {
        n: rsa.n().to_vec(),
        e: rsa.e().to_vec(),
    };
    (PKey::from_rsa(rsa).unwrap(), public)
}

fn sign(key: &PKey<Private>, md: MessageDigest, pss: Option<i32>, msg: &[u8]) -> Vec<u8> {
    let mut s = Signer::new(md, key).unwrap();
    if let Some(salt) = pss {
        s.set_rsa_padding(Padding::PKCS1_PSS).unwrap();
        s.set_rsa_mgf1_md(md).unwrap();
        s.set_rsa_pss_saltlen(RsaPssSaltlen::custom(salt)).unwrap();
    }
    s.update(msg).unwrap();
    s.sign_to_vec().unwrap()
}

/// Every byte flipped in turn (a sample of positions) makes the signature invalid.
fn tampered_fail(key: &PublicKey, alg: &SignatureAlgorithm, msg: &[u8], sig: &[u8]) {
    for i in (0..sig.len()).step_by(41).chain([sig.len() - 1]) {
        let mut bad = sig.to_vec();
        bad[i] ^= 0x01;
        assert!(verify(key, alg, msg, &bad).is_err(), "byte {i} flipped");
    }
    let mut other = msg.to_vec();
    other.push(0);
    assert_eq!(verify(key, alg, &other, sig), Err(SignatureError::Invalid));
}

#[test]
fn pkcs1_and_pss_agree_with_openssl() {
    // 1033 bits: emBits = 1032, a multiple of 8 (PSS drops a leading zero byte); 2047: top
    // byte not full; 2048 and 3072: the usual DSC and CSCA sizes.
    for bits in [1033u32, 2047, 2048] {
        let (private, public) = keypair(bits);
        let msg = format!("signed attributes for a {bits}-bit key").into_bytes();
        for (hash, md) in HASHES {
            let alg = SignatureAlgorithm::RsaPkcs1 { hash };
            let sig = sign(&private, md(), None, &msg);
            assert_eq!(verify(&public, &alg, &msg, &sig), Ok(()), "{bits} {hash:?}");
            // The other hash's DigestInfo does not verify.
            let wrong = SignatureAlgorithm::RsaPkcs1 {
                hash: if hash == HashAlgorithm::Sha256 {
                    HashAlgorithm::Sha384
                } else {
                    HashAlgorithm::Sha256
                },
            };
            assert!(verify(&public, &wrong, &msg, &sig).is_err());
            tampered_fail(&public, &alg, &msg, &sig);

            let h_len = hash.output_len();
            for salt in [0, 20, h_len] {
                let (em_len, needed) = ((bits as usize - 1).div_ceil(8), h_len + salt + 2);
                if em_len < needed {
                    continue;
                }
                let sig = sign(&private, md(), Some(salt as i32), &msg);
                let alg = SignatureAlgorithm::RsaPss {
                    hash,
                    mgf_hash: hash,
                    salt_len: salt,
                };
                assert_eq!(
                    verify(&public, &alg, &msg, &sig),
                    Ok(()),
                    "{bits} {hash:?} {salt}"
                );
                tampered_fail(&public, &alg, &msg, &sig);
                // A declared salt length that differs is refused.
                let other_salt = SignatureAlgorithm::RsaPss {
                    hash,
                    mgf_hash: hash,
                    salt_len: salt + 1,
                };
                assert!(verify(&public, &other_salt, &msg, &sig).is_err());
                // PKCS#1 v1.5 over a PSS signature is refused (algorithm confusion).
                assert!(
                    verify(&public, &SignatureAlgorithm::RsaPkcs1 { hash }, &msg, &sig).is_err()
                );
            }
        }
    }
}

#[test]
fn short_signatures_are_padded_and_bad_keys_refused() {
    let (private, public) = keypair(2048);
    let msg = b"message";
    let alg = SignatureAlgorithm::RsaPkcs1 {
        hash: HashAlgorithm::Sha256,
    };
    // Find a signature with a leading zero byte and drop it: still valid.
    let mut found = false;
    for i in 0..2000u32 {
        let m = [msg.as_slice(), &i.to_be_bytes()].concat();
        let sig = sign(&private, MessageDigest::sha256(), None, &m);
        if sig[0] == 0 {
            assert_eq!(verify(&public, &alg, &m, &sig[1..]), Ok(()));
            found = true;
            break;
        }
    }
    assert!(found);
    let sig = sign(&private, MessageDigest::sha256(), None, msg);
    // Signature ≥ n, longer than n, empty.
    let PublicKey::Rsa { n, e } = &public else {
        unreachable!()
    };
    assert_eq!(verify(&public, &alg, msg, n), Err(SignatureError::Invalid));
    assert_eq!(
        verify(&public, &alg, msg, &[&[1u8][..], &sig].concat()),
        Err(SignatureError::Invalid)
    );
    assert_eq!(
        verify(&public, &alg, msg, &[]),
        Err(SignatureError::Invalid)
    );
    // Malformed keys: even modulus, too short, even or tiny exponent.
    let mut even = n.clone();
    *even.last_mut().unwrap() &= 0xFE;
    for (n, e) in [
        (even, e.clone()),
        (n[..100].to_vec(), e.clone()),
        (n.clone(), vec![0x01, 0x00, 0x00]),
        (n.clone(), vec![0x01]),
        (n.clone(), vec![0x01; 9]),
    ] {
        let key = PublicKey::Rsa { n, e };
        assert!(matches!(
            verify(&key, &alg, msg, &sig),
            Err(SignatureError::BadKey(_))
        ));
    }
}
