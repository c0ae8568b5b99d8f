#![no_main]
//! Any bytes as a deviation list (ICAO 9303-12) or its DeviationList content: parsed or
//! refused, never a panic; nothing verifies without a root.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::deviation::fuzz_check(data));
