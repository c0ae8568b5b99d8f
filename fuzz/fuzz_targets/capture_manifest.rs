#![no_main]
//! Capture manifests: any bytes never panic, and a manifest that parses round-trips.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::capture::fuzz_check(data));
