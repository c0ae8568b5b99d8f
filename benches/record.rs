//! Benchmarks of the verification record: writing the specimen passport's record (PDF/A-3b,
//! fonts subset, report embedded) in German, with and without the face, sealing it with the
//! EC and the RSA-3072 test seal keys (PKCS#8 files), and checking a seal. Prints the sizes.

use criterion::{Criterion, criterion_group, criterion_main};
use idverify::record::{check_seal, seal, write_record};
use idverify::verify::Lang;
use record_support::{
    SEALED_AT, file_seal_signer, record_options, seal_certificate, specimen_report,
};
use std::hint::black_box;

#[path = "../tests/record_support/mod.rs"]
mod record_support;

fn record(c: &mut Criterion) {
    let report = specimen_report(false, true);
    let options = record_options(Lang::De, false);
    let pdf = write_record(&report, &options).unwrap();
    eprintln!("record without face: {} bytes", pdf.len());
    c.bench_function("write the specimen's record (de, no face)", |b| {
        b.iter(|| write_record(black_box(&report), &options).unwrap())
    });
    let mut with_face = options.clone();
    with_face.include_face = true;
    eprintln!(
        "record with face: {} bytes",
        write_record(&report, &with_face).unwrap().len()
    );
    c.bench_function("write the specimen's record (de, with face)", |b| {
        b.iter(|| write_record(black_box(&report), &with_face).unwrap())
    });

    let ca = [seal_certificate("seal_ca.der")];
    for (key, cert) in [
        ("seal_ec.pk8", "seal_ec.der"),
        ("seal_rsa.pk8", "seal_rsa.der"),
    ] {
        let (cert, signer) = file_seal_signer(key, cert);
        let p7s = seal(&pdf, &cert.der, &signer, SEALED_AT).unwrap();
        eprintln!("seal {key}: {} bytes", p7s.len());
        c.bench_function(&format!("seal the record ({key})"), |b| {
            b.iter(|| seal(black_box(&pdf), &cert.der, &signer, SEALED_AT).unwrap())
        });
        c.bench_function(&format!("check the seal ({key})"), |b| {
            b.iter(|| assert!(check_seal(black_box(&pdf), &p7s, &ca).unwrap().valid()))
        });
    }
}

criterion_group!(benches, record);
criterion_main!(benches);
