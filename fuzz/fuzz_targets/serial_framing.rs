#![no_main]
//! Serial MRZ framing: any byte stream, split anywhere, never panics, and every frame it
//! yields has the shape its layout requires.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify_serial::fuzz_check(data));
