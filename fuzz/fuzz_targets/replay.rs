#![no_main]
//! Replay transcripts: any text never panics, and a parsed transcript replays exactly.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::chip::transport::replay::fuzz_check(data));
