#![no_main]
//! Card-verifiable certificates: parsing never panics, and a canonically encoded certificate
//! re-encodes to its own bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::cvc::fuzz_check(data));
