#![no_main]
//! Opening arbitrary bytes as an ISO/IEC 9796-2 Active Authentication signature must never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::crypto::iso9796_2::fuzz_check(data));
