#![no_main]
//! Verifier configuration documents: any bytes never panic, and a configuration that loads
//! round-trips through its written document.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::verify::config_fuzz_check(data));
