//! Fuzzes ATR parsing in drivers/pcsc: historical bytes, card capabilities and the
//! extended-length bit must never panic and must agree (see `idverify_pcsc::atr::fuzz_check`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| idverify_pcsc::atr::fuzz_check(data));
