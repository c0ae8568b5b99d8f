#![no_main]
//! The file read loop and the desk pipeline: never panics, never loops, never holds more than
//! MAX_FILE_LEN bytes, and an honest chip's files read back exactly.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::inspect::fuzz_check(data));
