#![no_main]
//! A verification record's seal (detached CMS) checked against the test seal CA: never
//! panics, and is never valid for two different records.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::record::fuzz::fuzz_check(data));
