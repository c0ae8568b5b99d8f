//! Verifies one test-PKI SOD signature N times, by idverify or by OpenSSL, for counting
//! instructions under `valgrind --tool=callgrind` (figures independent of machine load).
//!
//! `cargo build --release --example sod_signature_count`, then e.g.
//! `valgrind --tool=callgrind --toggle-collect='*run_idverify*' \
//!   target/release/examples/sod_signature_count ecdsa-p256-named idverify 100`
//! (and `--toggle-collect='*run_openssl*' … openssl 100`, or `run_crate` … `crate` for the
//! `ecdsa`/`p256` crates' own verifier on P-256); divide the total by N. The work
//! counted is what the "SOD" group of benches/pki.rs times: idverify's `signature::verify`
//! (key as parsed from the DSC, hashing included) against OpenSSL's `Verifier` over the same
//! signed attributes.

use idverify::crypto::signature::{self, PublicKey, SignatureAlgorithm};
use idverify::lds::unwrap_ef_sod;
use idverify::pki::Certificate;
use idverify::pki::cms::parse_content_info;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Public};
use openssl::rsa::Padding;
use openssl::sign::{RsaPssSaltlen, Verifier};
use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;

fn testdata(name: &str) -> std::io::Result<Vec<u8>> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/pki")
            .join(name),
    )
}

#[inline(never)]
fn run_idverify(
    n: usize,
    key: &PublicKey,
    alg: &SignatureAlgorithm,
    signed: &[u8],
    sig: &[u8],
) -> bool {
    (0..n).all(|_| signature::verify(key, alg, black_box(signed), sig).is_ok())
}

/// The `ecdsa` crate's verifier on P-256 (`p256` with its precomputed tables:
/// `mul_by_generator_and_mul_add_vartime`), the arithmetic idverify used before its own.
#[inline(never)]
fn run_crate(n: usize, point: &[u8], signed: &[u8], sig: &[u8]) -> bool {
    use p256::ecdsa::signature::hazmat::PrehashVerifier;
    (0..n).all(|_| {
        let digest = idverify::crypto::hash::HashAlgorithm::Sha256.digest(black_box(signed));
        let Ok((r, s)) = signature::ecdsa_signature_scalars(sig, 32) else {
            return false;
        };
        let (Ok(key), Ok(sig)) = (
            p256::ecdsa::VerifyingKey::from_sec1_bytes(point),
            p256::ecdsa::Signature::from_slice(&[r, s].concat()),
        ) else {
            return false;
        };
        key.verify_prehash(&digest, &sig).is_ok()
    })
}

#[inline(never)]
fn run_openssl(
    n: usize,
    key: &PKey<Public>,
    md: MessageDigest,
    pss: bool,
    signed: &[u8],
    sig: &[u8],
) -> Result<bool, openssl::error::ErrorStack> {
    for _ in 0..n {
        let mut v = Verifier::new(md, key)?;
        if pss {
            v.set_rsa_padding(Padding::PKCS1_PSS)?;
            v.set_rsa_mgf1_md(md)?;
            v.set_rsa_pss_saltlen(RsaPssSaltlen::custom(32))?;
        }
        v.update(black_box(signed))?;
        if !v.verify(sig)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let (Some(name), Some(who)) = (args.get(1), args.get(2)) else {
        eprintln!(
            "usage: sod_signature_count <test-PKI name, e.g. ecdsa-p256-named> idverify|openssl [N]"
        );
        return ExitCode::from(2);
    };
    let n: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(100);
    let (Ok(sod), Ok(dsc_der)) = (
        testdata(&format!("sod_{name}.bin")),
        testdata(&format!("dsc_{name}.der")),
    ) else {
        eprintln!("no test PKI files for {name}");
        return ExitCode::from(2);
    };
    let Some(sd) = unwrap_ef_sod(&sod)
        .ok()
        .and_then(|c| parse_content_info(c).ok())
    else {
        eprintln!("unreadable SOD");
        return ExitCode::from(2);
    };
    let (Some(si), Some(content)) = (sd.signer_infos.first(), sd.content.as_deref()) else {
        eprintln!("SOD without signer or content");
        return ExitCode::from(2);
    };
    let signed = si.signed_bytes(content).into_owned();
    let sig = si.signature.to_vec();
    let Ok(alg) = si.signature_algorithm.clone() else {
        eprintln!("unsupported signature algorithm");
        return ExitCode::from(2);
    };
    let ok = match who.as_str() {
        "idverify" => {
            let Ok(dsc) = Certificate::from_der(&dsc_der) else {
                eprintln!("unreadable DSC");
                return ExitCode::from(2);
            };
            run_idverify(n, &dsc.public_key, &alg, &signed, &sig)
        }
        "crate" => match Certificate::from_der(&dsc_der).map(|c| c.public_key) {
            Ok(PublicKey::Ec { point, .. }) if name.contains("p256") => {
                run_crate(n, &point, &signed, &sig)
            }
            _ => {
                eprintln!("crate: P-256 keys only");
                return ExitCode::from(2);
            }
        },
        "openssl" => {
            let md = match alg.hash() {
                idverify::crypto::hash::HashAlgorithm::Sha1 => MessageDigest::sha1(),
                idverify::crypto::hash::HashAlgorithm::Sha224 => MessageDigest::sha224(),
                idverify::crypto::hash::HashAlgorithm::Sha256 => MessageDigest::sha256(),
                idverify::crypto::hash::HashAlgorithm::Sha384 => MessageDigest::sha384(),
                idverify::crypto::hash::HashAlgorithm::Sha512 => MessageDigest::sha512(),
            };
            let pss = matches!(alg, SignatureAlgorithm::RsaPss { .. });
            let key = openssl::x509::X509::from_der(&dsc_der).and_then(|c| c.public_key());
            match key.and_then(|key| run_openssl(n, &key, md, pss, &signed, &sig)) {
                Ok(ok) => ok,
                Err(e) => {
                    eprintln!("OpenSSL: {e}");
                    return ExitCode::from(2);
                }
            }
        }
        _ => {
            eprintln!("who: idverify, openssl or crate (P-256 only)");
            return ExitCode::from(2);
        }
    };
    if ok {
        println!("{name}: {n} verifications by {who}");
        ExitCode::SUCCESS
    } else {
        eprintln!("{name}: signature did not verify");
        ExitCode::from(1)
    }
}
