#![no_main]
//! A CRL parsed, used for revocation in a populated store and checked against the CSCA:
//! never panics, and revokes only when the CSCA signed it.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::fuzz::crl(data));
