//! idverify checks identity documents at a citizen-service desk: the machine-readable zone,
//! the chip (BAC, PACE, secure messaging), the chip's files, passive, active and chip
//! authentication, and plausibility rules, with one report for the desk software.
//!
//! Layers, top to bottom (see DESIGN.md): [`ffi`] → [`record`] / [`inspect`] → [`verify`] →
//! [`chip`] / [`pki`] → [`lds`] → [`mrz`] / [`tlv`] → [`crypto`]. Parsing never does I/O;
//! I/O never parses beyond framing. Time and randomness are always inputs.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod capture;
pub mod chip;
pub mod crypto;
#[cfg(feature = "emulator")]
pub mod emulator;
mod error;
pub mod ffi;
pub mod inspect;
pub mod lds;
pub mod local_file;
pub mod mrz;
pub mod optical;
pub mod pki;
pub mod record;
pub mod terminal;
pub mod tlv;
pub mod verify;

pub use error::Error;

/// Writes `seed` to the committed fuzz corpus as `fuzz/corpus/TARGET/FILE` when
/// `IDVERIFY_WRITE_FUZZ_SEEDS` is set: the tests that check the seeds also regenerate them.
#[cfg(test)]
pub(crate) fn write_fuzz_seed(target: &str, file: &str, seed: &[u8]) {
    if std::env::var_os("IDVERIFY_WRITE_FUZZ_SEEDS").is_none() {
        return;
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(file), seed).unwrap();
}

/// Where the public test vectors live (`../shared/vectors` beside the checkout, or
/// `$IDVERIFY_VECTORS`), for the crate's own unit tests.
#[cfg(test)]
#[allow(dead_code)]
pub(crate) fn test_vectors_dir() -> std::path::PathBuf {
    match std::env::var_os("IDVERIFY_VECTORS") {
        Some(dir) => dir.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"),
    }
}
