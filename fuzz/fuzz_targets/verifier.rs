#![no_main]
//! The whole verifier over an arbitrary document: never panics, and genuine only when passive
//! authentication passed against the trust store.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::verify::fuzz_check(data));
