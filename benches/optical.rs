//! Reading an MRZ from an encoded scan, file bytes to lines: a 300 dpi passport data page
//! (PNG and JPEG, with guilloche print and a little skew) and a cropped MRZ, plus the real
//! ICAO specimen scan. Pages come from the seeded generator of the tests.

#[allow(dead_code)]
#[path = "../tests/optical_support/mod.rs"]
mod optical_support;

use criterion::{Criterion, criterion_group, criterion_main};
use idverify::optical::read_mrz_from_bytes;
use optical_support::mrz_text::Kind;
use optical_support::ocrb::OcrB;
use optical_support::pages::{Conditions, Encoding, page_with};
use std::hint::black_box;

fn passport(encoding: Encoding, cropped: bool) -> Conditions {
    Conditions {
        kind: Some(Kind::Td3),
        dpi: 300.0,
        skew_degrees: 2.5,
        turns: 0,
        guilloche: true,
        colour: false,
        infrared: false,
        cropped,
        blur: 1,
        noise: 4.0,
        uneven_light: false,
        stroke: 0.0,
        encoding,
    }
}

fn bench(c: &mut Criterion) {
    let font = OcrB::load();
    let cases = [
        ("300 dpi passport page png", passport(Encoding::Png, false)),
        (
            "300 dpi passport page jpeg",
            passport(Encoding::Jpeg(85), false),
        ),
        ("300 dpi cropped mrz png", passport(Encoding::Png, true)),
    ];
    for (name, conditions) in cases {
        let page = page_with(&font, 42, conditions, None);
        assert_eq!(
            read_mrz_from_bytes(&page.bytes).ok().map(|r| r.lines),
            page.mrz,
            "{name}"
        );
        c.bench_function(&format!("optical {name}"), |b| {
            b.iter(|| read_mrz_from_bytes(black_box(&page.bytes)))
        });
    }
    if let Ok(specimen) = std::fs::read("../shared/vectors/mrz-images/passport-td3.jpg") {
        c.bench_function("optical specimen scan passport-td3.jpg", |b| {
            b.iter(|| read_mrz_from_bytes(black_box(&specimen)))
        });
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
