#![no_main]
//! Parsing response and command APDUs must never panic, and commands must round-trip.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::chip::fuzz_check_apdu(data));
