#![no_main]
//! Parsing and verifying arbitrary bytes as a CSCA master list must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::masterlist::fuzz_check(data));
