//! Benchmarks of the PKI layer: loading the German master list (signature and signer chain
//! checked, 588 certificates parsed and indexed), and per algorithm verifying one EF.SOD with
//! its chain, next to OpenSSL verifying the same SOD signature in the same run.

use criterion::{Criterion, criterion_group, criterion_main};
use idverify::crypto::signature;
use idverify::lds::unwrap_ef_sod;
use idverify::pki::check::parse_date;
use idverify::pki::cms::parse_content_info;
use idverify::pki::{Certificate, PaInput, TrustStore, passive_authentication};
use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::rsa::Padding;
use openssl::sign::{RsaPssSaltlen, Verifier};
use std::hint::black_box;
use std::path::{Path, PathBuf};

fn vectors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors")
}

fn testdata(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/pki")
            .join(name),
    )
    .unwrap()
}

fn master_list(c: &mut Criterion) {
    let ml = std::fs::read(vectors().join("masterlists/DE_ML_2026-05-28-08-28-45.ml")).unwrap();
    let root = Certificate::from_der(
        &std::fs::read(vectors().join("masterlists/DE_ROOT_CA_CSCA07.cer")).unwrap(),
    )
    .unwrap();
    let time = parse_date("2026-11-22").unwrap();
    c.bench_function(
        "load DE master list (588 CSCAs, signature checked, indexed)",
        |b| {
            b.iter(|| {
                let mut store = TrustStore::new();
                let list = store
                    .add_master_list(black_box(&ml), std::slice::from_ref(&root), time)
                    .unwrap();
                assert_eq!(list.certificates.len(), 588);
                store
            })
        },
    );
    // Where the time goes: the certificates parsed alone, and the two signatures checked.
    let sd = parse_content_info(&ml).unwrap();
    let content = sd.content.as_deref().unwrap().to_vec();
    let list = idverify::tlv::parse_one(&content).unwrap().0;
    let set = list.children().nth(1).unwrap().unwrap();
    let certs: Vec<&[u8]> = set.children().map(|c| c.unwrap().raw).collect();
    c.bench_function("DE master list: parse 588 certificates only", |b| {
        b.iter(|| {
            certs
                .iter()
                .map(|d| Certificate::from_der(black_box(d)).unwrap())
                .collect::<Vec<_>>()
        })
    });
    c.bench_function(
        "DE master list: parse 588 certificates only, all with x509-parser",
        |b| {
            b.iter(|| {
                certs
                    .iter()
                    .map(|d| Certificate::from_der_x509(black_box(d)).unwrap())
                    .collect::<Vec<_>>()
            })
        },
    );
    let signer = Certificate::from_der(sd.certificates[0]).unwrap();
    c.bench_function(
        "DE master list: signer certificate by the brainpoolP512r1 root",
        |b| {
            b.iter(|| {
                signer
                    .verify_signed_by(black_box(&root.public_key))
                    .unwrap()
            })
        },
    );
}

/// How OpenSSL is told the digest.
type Digest = fn() -> MessageDigest;

/// (test PKI name, OpenSSL digest, PSS)
const ALGS: &[(&str, Digest, bool)] = &[
    ("rsa-pkcs1", MessageDigest::sha256, false),
    ("rsa-pss", MessageDigest::sha256, true),
    ("ecdsa-p256-named", MessageDigest::sha256, false),
    ("ecdsa-p384-named", MessageDigest::sha384, false),
    ("ecdsa-p521-named", MessageDigest::sha512, false),
    ("ecdsa-bp256-named", MessageDigest::sha256, false),
    ("ecdsa-bp320-named", MessageDigest::sha384, false),
    ("ecdsa-bp384-named", MessageDigest::sha384, false),
    ("ecdsa-bp512-named", MessageDigest::sha512, false),
];

fn sods(c: &mut Criterion) {
    let mut store = TrustStore::new();
    store.add_certificates(&testdata("csca.der")).unwrap();
    store.add_certificates(&testdata("csca2_link.der")).unwrap();
    let time = parse_date("2026-06-01").unwrap();
    let dg1 = testdata("dg1.bin");
    let dg2 = testdata("dg2.bin");
    let dgs = [(1u8, dg1.as_slice()), (2, dg2.as_slice())];
    let mut group = c.benchmark_group("SOD");
    for &(name, md, pss) in ALGS {
        let sod = testdata(&format!("sod_{name}.bin"));
        let dsc_der = testdata(&format!("dsc_{name}.der"));
        let input = PaInput {
            sod: &sod,
            data_groups: &dgs,
            refused: &[],
            time,
            issuing_state: Some("UTO"),
        };
        assert!(passive_authentication(&input, &store).genuine(), "{name}");
        group.bench_function(
            format!("{name}: idverify passive authentication (SOD + chain + 2 DGs)"),
            |b| b.iter(|| passive_authentication(black_box(&input), &store)),
        );

        // The same SOD signature alone, by idverify and by OpenSSL.
        let sd = parse_content_info(unwrap_ef_sod(&sod).unwrap()).unwrap();
        let si = &sd.signer_infos[0];
        let content = sd.content.as_deref().unwrap();
        let signed = si.signed_bytes(content).into_owned();
        let sig = si.signature.to_vec();
        let alg = si.signature_algorithm.clone().unwrap();
        let dsc = Certificate::from_der(&dsc_der).unwrap();
        group.bench_function(format!("{name}: idverify SOD signature"), |b| {
            b.iter(|| signature::verify(&dsc.public_key, &alg, black_box(&signed), &sig).unwrap())
        });
        if let (signature::PublicKey::Rsa { n, e }, true) =
            (&dsc.public_key, name.starts_with("rsa"))
        {
            // The previous implementation (the rsa crate, constant-time modexp) for comparison.
            let (n, e) = (
                rsa::BoxedUint::from_be_slice_vartime(n),
                rsa::BoxedUint::from_be_slice_vartime(e),
            );
            group.bench_function(format!("{name}: rsa crate SOD signature"), |b| {
                b.iter(|| {
                    let key = rsa::RsaPublicKey::new(n.clone(), e.clone()).unwrap();
                    let digest = idverify::crypto::hash::HashAlgorithm::Sha256.digest(&signed);
                    if pss {
                        key.verify(rsa::Pss::<sha2::Sha256>::new_with_salt(32), &digest, &sig)
                    } else {
                        key.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest, &sig)
                    }
                    .unwrap()
                })
            });
        }
        let key = openssl::x509::X509::from_der(&dsc_der)
            .unwrap()
            .public_key()
            .unwrap();
        let verify_openssl = |key: &PKey<openssl::pkey::Public>| {
            let mut v = Verifier::new(md(), key).unwrap();
            if pss {
                v.set_rsa_padding(Padding::PKCS1_PSS).unwrap();
                v.set_rsa_mgf1_md(md()).unwrap();
                v.set_rsa_pss_saltlen(RsaPssSaltlen::custom(32)).unwrap();
            }
            v.update(black_box(&signed)).unwrap();
            v.verify(&sig).unwrap()
        };
        assert!(verify_openssl(&key), "{name}: OpenSSL");
        group.bench_function(format!("{name}: OpenSSL SOD signature"), |b| {
            b.iter(|| verify_openssl(&key))
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = master_list, sods
}
criterion_main!(benches);
