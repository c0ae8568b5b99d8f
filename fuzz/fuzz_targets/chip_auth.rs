#![no_main]
//! BAC, chip authentication v1/v2, Terminal Authentication and active authentication against a
//! hostile chip: never panics, and a hostile chip never authenticates.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::chip::fuzz_check_auth(data));
