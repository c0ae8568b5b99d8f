#![no_main]
//! Face pixel decoding: arbitrary bytes as an image (or as DG2) through the header bounds,
//! the decoders and PNG re-encoding must never panic nor allocate past the bounds.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| idverify::lds::fuzz_check_face(data));
