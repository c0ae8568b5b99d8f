#![no_main]
//! Any bytes as a document signer checked against a populated trust store: never panics,
//! never chains unless a CSCA signed it.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::fuzz::chain(data));
