#![no_main]
//! BER-TLV reading must never panic, and what it reads must round-trip through writing.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::tlv::fuzz_check(data));
