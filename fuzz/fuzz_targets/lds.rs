#![no_main]
//! Every `lds` parser (the first byte picks which) must never panic, and what parses must
//! re-encode to bytes that parse to the same value.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::lds::fuzz_check(data));
