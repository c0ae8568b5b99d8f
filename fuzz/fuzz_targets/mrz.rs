#![no_main]
//! MRZ parsing (strict and with OCR correction) must never panic, must locate everything
//! inside the MRZ, and must report check results that recompute.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::mrz::fuzz_check(data));
