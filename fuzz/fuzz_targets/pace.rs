#![no_main]
//! PACE against a hostile chip: whatever the chip answers, the terminal never panics and
//! never ends with a session.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::chip::access::pace::fuzz_check(data));
