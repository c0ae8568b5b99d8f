#![no_main]
//! Certificate parsing: never panics, and the fast DER walk agrees with x509-parser.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::fuzz::certificate(data));
