//! Verifies one test-PKI SOD signature N times, by idverify or by OpenSSL, for counting
//! instructions under `valgrind --tool=callgrind` (figures independent of machine load).
//!
//! `cargo build --release --example sod_signature_count`, then e.g.
//! `valgrind --tool=callgrind --toggle-collect='*run_idverify*' \
//!   target/release/examples/sod_signature_count ecdsa-p256-named idverify 100`
//! (and `--toggle-collect='*run_openssl*' … openssl 100`); divide the total by N. The work
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
            eprintln!("who: idverify or openssl");
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
