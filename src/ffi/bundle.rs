//! The C ABI of capture bundles: a document given a bundle folder's images (with their
//! light, page and dpi) and the MRZ text it carries, read as `verify report --bundle` reads
//! it (`verify::BundleInput`).

use super::document::idv_document;
use super::handle;
use super::images::add_all;
use super::panic::guard;
use super::result::{fail, idv_result};
use crate::capture::CaptureError;
use crate::verify::BundleInput;
use std::ffi::c_char;
use std::path::Path;

fn bundle_error(e: CaptureError) -> idv_result {
    let code = match &e {
        CaptureError::Io { .. } => idv_result::IDV_ERR_IO,
        CaptureError::NoManifest(_)
        | CaptureError::BrokenManifest(_)
        | CaptureError::Version(_)
        | CaptureError::PathEscape(_)
        | CaptureError::MissingImage(_)
        | CaptureError::HashMismatch { .. }
        | CaptureError::Exists(_) => idv_result::IDV_ERR_BUNDLE,
    };
    fail(code, e.to_string())
}

/// Gives the document the capture bundle in folder `dir` (UTF-8 of `dir_len` bytes; written
/// by `verify scan` or any desk software following `schema/capture.schema.json`): every
/// image its `manifest.json` lists, with its light, page and dpi, each checked against its
/// SHA-256; and the MRZ text the bundle carries (a serial reader's or a typed one), which
/// replaces an optical MRZ set before. Answers `IDV_ERR_BUNDLE` for a folder without or with
/// a malformed manifest, or an image missing, outside the folder or changed since the scan;
/// `IDV_ERR_IO` for a file that cannot be read; `IDV_ERR_INVALID_ARGUMENT` when the images
/// would take the document past 32. Nothing is added on error.
///
/// Since API 1.5.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is a live document; `dir` is readable for `dir_len` bytes (borrowed for the
/// call).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_add_bundle(
    document: *mut idv_document,
    dir: *const c_char,
    dir_len: usize,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `dir`.
        let dir = unsafe { super::args::text(dir, dir_len, "dir") }?;
        let d = handle::get_mut(document, "document")?;
        let bundle = BundleInput::read(Path::new(dir)).map_err(bundle_error)?;
        add_all(d, bundle.images)?;
        if let Some((text, source)) = bundle.mrz {
            let input = d.input_mut();
            input.optical_mrz = Some(text);
            input.optical_mrz_source = source;
        }
        Ok(())
    })
}
