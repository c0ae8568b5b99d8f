#![no_main]
//! Loading terminal credentials (certificates, PKCS#8 key, pkcs11: URIs): never panics, and a
//! terminal that loads signs as its terminal certificate.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::terminal::load::fuzz_check(data));
