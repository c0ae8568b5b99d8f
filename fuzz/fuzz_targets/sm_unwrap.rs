#![no_main]
//! Unwrapping secure-messaging responses under fixed keys must never panic, and a genuine
//! response must unwrap to exactly its data.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::chip::transport::sm::fuzz_check_unwrap(data));
