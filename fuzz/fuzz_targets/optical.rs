#![no_main]
//! Reading an MRZ from image bytes (PNG, JPEG, TIFF, BMP) and from raw pixel buffers must
//! never panic, and must refuse oversized images before allocating them.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::optical::fuzz_check(data));
