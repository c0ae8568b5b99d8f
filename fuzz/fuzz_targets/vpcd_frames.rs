//! Fuzzes reading vpcd frames in drivers/vpcd: any byte stream parses without panic and the
//! frames read re-encode to the same bytes (see `idverify_vpcd::fuzz_check`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| idverify_vpcd::fuzz_check(data));
