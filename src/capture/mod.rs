//! The capture bundle: one document's scan as a folder — `manifest.json` (device, time, the
//! images with their light, page and dpi and each file's SHA-256, optionally an MRZ a reader
//! sent or a clerk typed) beside one image file per light. Written by the desk's scan step
//! (SANE, a serial MRZ reader, a vendor SDK's images), read back by the verifier.
//!
//! This module owns the folder format and its file I/O only: it never decodes an image
//! (that is the optical layer's job, given the bytes) and never judges an MRZ (`mrz`).
//! The format is documented by `schema/capture.schema.json`.

mod bundle;
mod error;
mod manifest;
mod writer;

pub use bundle::{Bundle, MAX_IMAGE_BYTES, MAX_MANIFEST_BYTES};
pub use error::CaptureError;
pub use manifest::{
    ImageEntry, Light, MANIFEST_FILE, MANIFEST_VERSION, MAX_IMAGES, Manifest, MrzEntry, MrzSource,
    utc_time,
};
pub use writer::BundleWriter;

/// The JSON Schema of `manifest.json`.
pub const MANIFEST_SCHEMA: &str = include_str!("../../schema/capture.schema.json");

/// Fuzzing entry (also replayed by `cargo test`): any bytes as a manifest never panic, and a
/// manifest that parses writes back to JSON that parses to the same manifest.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    if let Ok(manifest) = Manifest::from_json(data) {
        let json = manifest.to_json();
        let again = Manifest::from_json(json.as_bytes()).expect("a written manifest parses");
        assert_eq!(again, manifest);
    }
}

/// The SHA-256 of `bytes` as lowercase hex, as the manifest records it.
pub use crate::crypto::hash::sha256_hex;
