//! The verifier handle, and verifying a document offline from its dumped files.

use super::handle::{self, Handle, Kind};
use super::panic::guard;
use super::report::idv_report;
use super::result::idv_result;
use super::trust::idv_trust_store;
use crate::verify::{CheckTime, FaceExport, Verifier, VerifierConfig, config_to_json_text};
use std::ffi::c_char;

/// A verifier (opaque): a copy of a trust store and the default configuration, with the
/// face image exported (or the one `idv_verifier_configure_json` set), and the terminal
/// `idv_verifier_set_terminal` attached, if any.
/// Created by `idv_verifier_new`, freed by `idv_verifier_free`.
pub struct idv_verifier {
    pub(crate) verifier: Verifier,
    pub(crate) terminal: Option<crate::terminal::TerminalCredentials>,
    /// The effective configuration as JSON (`idv_verifier_config_json` borrows it).
    pub(crate) config_json: String,
}

/// The configuration a verifier of the C ABI starts from: the defaults, with the face image
/// exported (desk software shows it).
pub(crate) fn c_abi_config() -> VerifierConfig {
    VerifierConfig {
        face: FaceExport::JpegOrPng,
        ..VerifierConfig::default()
    }
}

impl Handle for idv_verifier {
    const KIND: Kind = Kind::Verifier;
}

/// Creates a verifier in `*out` with a copy of `store` (which stays the caller's).
///
/// Thread safety: any thread; concurrently with other read-only calls on `store`.
/// Ownership: `*out` is owned by the caller, freed with `idv_verifier_free`.
///
/// # Safety
/// `store` is a live trust store; `out` is a valid pointer to a `idv_verifier *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_verifier_new(
    store: *const idv_trust_store,
    out: *mut *mut idv_verifier,
) -> idv_result {
    guard(|| {
        let s = handle::get(store, "store")?;
        super::args::out(out)?;
        let config = c_abi_config();
        handle::give(
            out,
            idv_verifier {
                config_json: config_to_json_text(&config),
                verifier: Verifier::new(s.store.clone(), config),
                terminal: None,
            },
        )
    })
}

/// Frees a verifier. NULL is accepted.
///
/// Thread safety: not concurrently with any other call on the same verifier.
///
/// # Safety
/// `verifier` is NULL or a live verifier; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_verifier_free(verifier: *mut idv_verifier) -> idv_result {
    guard(|| handle::destroy(verifier, "verifier"))
}

/// Verifies a document offline from a folder of its files as dumped by a reader
/// (`EF.COM.bin`, `EF.SOD.bin`, `DG1.bin` … `DG16.bin`; missing ones are skipped), with the
/// optically read MRZ when given (`optical_mrz` NULL and `optical_mrz_len` 0 for none), at
/// `now_unix` (seconds since 1970). The report goes to `*out`. Answers `IDV_ERR_IO` when
/// `dir` is not a folder, or a file there is not a regular file (a FIFO, a device: refused
/// without reading), is longer than 16 MiB (the longest file a chip read accepts) or cannot
/// be read.
///
/// A verification from files has not seen the chip: `chip.chip_authentication` and
/// `chip.active_authentication` are `not_checked` (see `idv_document_set_chip_authentication`).
///
/// Thread safety: any thread; a verifier may be used by several threads at once.
/// Ownership: `*out` is owned by the caller, freed with `idv_report_free`.
///
/// # Safety
/// `verifier` is a live verifier; `dir` is readable for `dir_len` bytes and `optical_mrz`
/// for `optical_mrz_len` bytes (both borrowed for the call); `out` is a valid pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_verify_files(
    verifier: *const idv_verifier,
    dir: *const c_char,
    dir_len: usize,
    optical_mrz: *const c_char,
    optical_mrz_len: usize,
    now_unix: i64,
    out: *mut *mut idv_report,
) -> idv_result {
    guard(|| {
        let v = handle::get(verifier, "verifier")?;
        // SAFETY: the caller's contract on the string arguments.
        let dir = unsafe { super::args::text(dir, dir_len, "dir") }?;
        // SAFETY: as above.
        let mrz = unsafe { super::args::optional_text(optical_mrz, optical_mrz_len, "mrz") }?;
        super::args::out(out)?;
        let mut input = crate::inspect::read_dump(std::path::Path::new(dir))
            .map_err(|e| super::result::fail(idv_result::IDV_ERR_IO, e.to_string()))?;
        input.optical_mrz = mrz.map(str::to_string);
        let report = v.verifier.verify(&input, CheckTime::from_unix(now_unix));
        handle::give(out, idv_report::new(report))
    })
}
