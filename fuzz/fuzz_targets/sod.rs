#![no_main]
//! Passive authentication of arbitrary bytes as EF.SOD must never panic nor pass.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::pa::fuzz_check(data));
