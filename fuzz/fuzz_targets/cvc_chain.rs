#![no_main]
//! Chains of card-verifiable certificates against the test CVCAs: never panics, and only
//! certificates the test PKI signed ever verify.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::cvc::fuzz_check_chain(data));
