//! MRZ parsing speed: TD1, TD2 and TD3 specimens, strict and with OCR correction (on the
//! clean specimen and on a misread one that needs corrections).

use criterion::{Criterion, criterion_group, criterion_main};
use idverify::mrz::{self, Date};
use std::hint::black_box;

const TD1: &str = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<";
const TD2: &str = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6";
const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
const TD3_MISREAD: &str =
    "P<UTOERIK55ON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL8989O2C36UT07408122F12O4I59ZE184226B<<<<<I0";

fn bench(c: &mut Criterion) {
    let Some(today) = Date::new(2026, 11, 22) else {
        return;
    };
    for (name, text) in [("td1", TD1), ("td2", TD2), ("td3", TD3)] {
        c.bench_function(&format!("mrz {name} strict"), |b| {
            b.iter(|| mrz::parse(black_box(text), today))
        });
        c.bench_function(&format!("mrz {name} ocr"), |b| {
            b.iter(|| mrz::parse_ocr(black_box(text), today))
        });
    }
    c.bench_function("mrz td3 ocr misread (7 corrections)", |b| {
        b.iter(|| mrz::parse_ocr(black_box(TD3_MISREAD), today))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
