#![no_main]
//! Any bytes as a trust snapshot's store.bin or manifest: decoded or refused, never a panic;
//! a store decoded encodes back to the same counts.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::pki::snapshot::fuzz_check(data));
