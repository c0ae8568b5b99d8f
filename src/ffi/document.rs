//! The document handle: a document's chip files (and optionally its printed MRZ) held in
//! memory, for desks whose own reader stack or archive supplies the files, verified with
//! `idv_verify_document`.

use super::handle::{self, Handle, Kind};
use super::panic::{Answer, guard};
use super::report::idv_report;
use super::result::{fail, idv_result};
use super::verifier::idv_verifier;
use crate::chip::FileId;
use crate::verify::{CheckTime, DocumentInput, ProtocolOutcome};
use std::ffi::c_char;

/// A chip file, for `idv_document_add_file`. Data group n is `100 + n`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_file {
    /// EF.CardAccess (master file, FID 011C).
    IDV_FILE_CARD_ACCESS = 1,
    /// EF.CardSecurity (master file, FID 011D).
    IDV_FILE_CARD_SECURITY = 2,
    /// EF.COM (FID 011E).
    IDV_FILE_COM = 3,
    /// EF.SOD (FID 011D in the eMRTD application).
    IDV_FILE_SOD = 4,
    /// DG1, the MRZ.
    IDV_FILE_DG1 = 101,
    /// DG2, the face.
    IDV_FILE_DG2 = 102,
    /// DG3, fingerprints.
    IDV_FILE_DG3 = 103,
    /// DG4, irises.
    IDV_FILE_DG4 = 104,
    /// DG5, displayed portrait.
    IDV_FILE_DG5 = 105,
    /// DG6 (reserved).
    IDV_FILE_DG6 = 106,
    /// DG7, displayed signature.
    IDV_FILE_DG7 = 107,
    /// DG8, data features.
    IDV_FILE_DG8 = 108,
    /// DG9, structure features.
    IDV_FILE_DG9 = 109,
    /// DG10, substance features.
    IDV_FILE_DG10 = 110,
    /// DG11, additional personal details.
    IDV_FILE_DG11 = 111,
    /// DG12, additional document details.
    IDV_FILE_DG12 = 112,
    /// DG13, optional details.
    IDV_FILE_DG13 = 113,
    /// DG14, security options (chip authentication).
    IDV_FILE_DG14 = 114,
    /// DG15, active authentication public key.
    IDV_FILE_DG15 = 115,
    /// DG16, persons to notify.
    IDV_FILE_DG16 = 116,
}

/// What a chip protocol the caller's own reader ran showed, for
/// `idv_document_set_chip_authentication` and `idv_document_set_active_authentication`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_protocol_outcome {
    /// The protocol ran against this chip and the chip proved its key.
    IDV_PROTOCOL_PASSED = 1,
    /// The protocol ran and the chip did not prove its key (a wrong response or signature).
    IDV_PROTOCOL_FAILED = 2,
    /// The protocol could not run with this chip or reader.
    IDV_PROTOCOL_UNSUPPORTED = 3,
}

/// The outcome a numeric `idv_protocol_outcome` value names, with `detail` (or a default
/// text) as its evidence.
fn outcome_of(value: u32, detail: Option<&str>) -> Option<ProtocolOutcome> {
    use idv_protocol_outcome::*;
    let stated = |default: &str| {
        format!(
            "stated by the caller's reader: {}",
            detail.unwrap_or(default)
        )
    };
    match value {
        v if v == IDV_PROTOCOL_PASSED as u32 => Some(ProtocolOutcome::Passed {
            detail: stated("passed"),
        }),
        v if v == IDV_PROTOCOL_FAILED as u32 => Some(ProtocolOutcome::Failed {
            reason: stated("failed"),
        }),
        v if v == IDV_PROTOCOL_UNSUPPORTED as u32 => Some(ProtocolOutcome::Unsupported {
            reason: stated("not supported"),
        }),
        _ => None,
    }
}

/// The outcome of `outcome`/`detail`/`detail_len` as the setters take it.
///
/// # Safety
/// `detail` is NULL or readable for `detail_len` bytes.
unsafe fn stated_outcome(
    outcome: u32,
    detail: *const c_char,
    detail_len: usize,
) -> Answer<ProtocolOutcome> {
    // SAFETY: the caller's contract on `detail`/`detail_len`.
    let detail = unsafe { super::args::optional_text(detail, detail_len, "detail") }?;
    outcome_of(outcome, detail).ok_or_else(|| {
        fail(
            idv_result::IDV_ERR_INVALID_ARGUMENT,
            format!("outcome: {outcome} is no idv_protocol_outcome value (1, 2 or 3)"),
        )
    })
}

/// The file a numeric `idv_file` value names.
fn file_of(value: u32) -> Option<FileId> {
    use idv_file::*;
    const DG1: u32 = IDV_FILE_DG1 as u32;
    const DG16: u32 = IDV_FILE_DG16 as u32;
    match value {
        v if v == IDV_FILE_CARD_ACCESS as u32 => Some(FileId::CardAccess),
        v if v == IDV_FILE_CARD_SECURITY as u32 => Some(FileId::CardSecurity),
        v if v == IDV_FILE_COM as u32 => Some(FileId::Com),
        v if v == IDV_FILE_SOD as u32 => Some(FileId::Sod),
        DG1..=DG16 => FileId::data_group(u8::try_from(value - DG1 + 1).ok()?),
        _ => None,
    }
}

/// A document's files in memory (opaque). Created by `idv_document_new`, freed by
/// `idv_document_free`.
pub struct idv_document {
    input: DocumentInput,
}

impl idv_document {
    /// The document as the verifier takes it, for the calls that add images.
    pub(super) fn input_mut(&mut self) -> &mut DocumentInput {
        &mut self.input
    }
}

impl Handle for idv_document {
    const KIND: Kind = Kind::Document;
}

/// Creates an empty document in `*out`.
///
/// Since API 1.1.
///
/// Thread safety: any thread. Ownership: `*out` is the caller's, freed with
/// `idv_document_free`.
///
/// # Safety
/// `out` is a valid pointer to a `idv_document *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_new(out: *mut *mut idv_document) -> idv_result {
    guard(|| {
        handle::give(
            out,
            idv_document {
                input: DocumentInput::default(),
            },
        )
    })
}

/// Adds the bytes of one chip file, `file` being an `idv_file` value (passed as a number);
/// a file added again replaces the earlier bytes. The bytes are copied. Answers
/// `IDV_ERR_INVALID_ARGUMENT` for an unknown `file` or zero length. What the bytes hold is
/// judged by `idv_verify_document` (a malformed file fails `lds.files_readable`).
///
/// Since API 1.1.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is a live document; `bytes` is readable for `len` bytes (borrowed for the call).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_add_file(
    document: *mut idv_document,
    file: u32,
    bytes: *const u8,
    len: usize,
) -> idv_result {
    guard(|| {
        let d = handle::get_mut(document, "document")?;
        // SAFETY: the caller's contract on `bytes`/`len`.
        let data = unsafe { super::args::bytes(bytes, len, "bytes") }?;
        let id = file_of(file).ok_or_else(|| {
            fail(
                idv_result::IDV_ERR_INVALID_ARGUMENT,
                format!("file: {file} is no idv_file value"),
            )
        })?;
        d.input.files.insert(id, data.to_vec());
        Ok(())
    })
}

/// Sets the optically read MRZ (lines separated by newlines) to compare with DG1; NULL and
/// 0 clear it.
///
/// Since API 1.1.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is a live document; `mrz` is NULL or readable for `mrz_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_set_optical_mrz(
    document: *mut idv_document,
    mrz: *const c_char,
    mrz_len: usize,
) -> idv_result {
    guard(|| {
        let d = handle::get_mut(document, "document")?;
        // SAFETY: the caller's contract on `mrz`/`mrz_len`.
        let text = unsafe { super::args::optional_text(mrz, mrz_len, "mrz") }?;
        d.input.optical_mrz = text.map(str::to_string);
        // Set by the caller: typed (a bundle's serial MRZ it replaces is gone).
        d.input.optical_mrz_source = crate::verify::MrzTextSource::Typed;
        Ok(())
    })
}

/// States the outcome of chip authentication (ICAO 9303-11 §6.2, BSI TR-03110 CA v1/v2)
/// that the caller's own reader ran against this document's chip, `outcome` being an
/// `idv_protocol_outcome` value (passed as a number), with `detail` (UTF-8 of `detail_len`
/// bytes; NULL and 0 for none) as its evidence: which key, which algorithm, or why it
/// failed. The report's `chip.chip_authentication` then passes, fails (chip not genuine)
/// or is unsupported; without this call it is `not_checked`, since files alone cannot
/// prove the chip genuine. Stating it again replaces the earlier outcome. Answers
/// `IDV_ERR_INVALID_ARGUMENT` for an unknown `outcome`.
///
/// `IDV_PROTOCOL_PASSED` is the caller's assertion that its own reader ran the protocol
/// against the chip these files were read from and the chip proved the key of this DG14 (or
/// of EF.CardSecurity): the library cannot check it, and reports it as stated by the caller.
///
/// Since API 1.2.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is a live document; `detail` is NULL or readable for `detail_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_set_chip_authentication(
    document: *mut idv_document,
    outcome: u32,
    detail: *const c_char,
    detail_len: usize,
) -> idv_result {
    // SAFETY: the caller's contract on `document` and `detail`/`detail_len`.
    unsafe {
        state(document, outcome, detail, detail_len, |i| {
            &mut i.chip_authentication
        })
    }
}

/// States the outcome of active authentication (ICAO 9303-11 §6.1) that the caller's own
/// reader ran against this document's chip, as `idv_document_set_chip_authentication` does
/// for chip authentication; the report's `chip.active_authentication` follows it.
///
/// `IDV_PROTOCOL_PASSED` is the caller's assertion that its own reader ran the protocol
/// against the chip these files were read from and the chip signed a fresh challenge with
/// the key of this DG15: the library cannot check it, and reports it as stated by the
/// caller.
///
/// Since API 1.2.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is a live document; `detail` is NULL or readable for `detail_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_set_active_authentication(
    document: *mut idv_document,
    outcome: u32,
    detail: *const c_char,
    detail_len: usize,
) -> idv_result {
    // SAFETY: the caller's contract on `document` and `detail`/`detail_len`.
    unsafe {
        state(document, outcome, detail, detail_len, |i| {
            &mut i.active_authentication
        })
    }
}

/// Sets the stated outcome `field` picks on `document`'s input.
///
/// # Safety
/// As for the two callers: `document` live, `detail` NULL or readable for `detail_len` bytes.
unsafe fn state(
    document: *mut idv_document,
    outcome: u32,
    detail: *const c_char,
    detail_len: usize,
    field: fn(&mut DocumentInput) -> &mut Option<ProtocolOutcome>,
) -> idv_result {
    guard(|| {
        let d = handle::get_mut(document, "document")?;
        // SAFETY: the caller's contract on `detail`/`detail_len`.
        let stated = unsafe { stated_outcome(outcome, detail, detail_len) }?;
        *field(&mut d.input) = Some(stated);
        Ok(())
    })
}

/// Verifies the document's files offline at `now_unix` (seconds since 1970), as
/// `idv_verify_files` does for a folder; the report goes to `*out`. The document stays the
/// caller's and may be verified again. Files alone do not show the chip genuine:
/// `chip.chip_authentication` and `chip.active_authentication` are `not_checked` unless the
/// caller stated them (`idv_document_set_chip_authentication`,
/// `idv_document_set_active_authentication`), and a document whose EF.SOD lists DG14 or DG15
/// is then `IDV_VERDICT_INCOMPLETE` ("chip not authenticated").
///
/// Since API 1.1.
///
/// Thread safety: any thread; concurrently with other verifications of the same verifier
/// and document, not with changes to the document.
/// Ownership: `*out` is the caller's, freed with `idv_report_free`.
///
/// # Safety
/// `verifier` is a live verifier, `document` a live document; `out` is a valid pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_verify_document(
    verifier: *const idv_verifier,
    document: *const idv_document,
    now_unix: i64,
    out: *mut *mut idv_report,
) -> idv_result {
    guard(|| {
        let v = handle::get(verifier, "verifier")?;
        let d = handle::get(document, "document")?;
        super::args::out(out)?;
        let report = v.verifier.verify(&d.input, CheckTime::from_unix(now_unix));
        handle::give(out, idv_report::new(report))
    })
}

/// Frees a document. NULL is accepted.
///
/// Since API 1.1.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is NULL or a live document; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_free(document: *mut idv_document) -> idv_result {
    guard(|| handle::destroy(document, "document"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_has_one_value() {
        let mut seen = Vec::new();
        for v in (0..=200u32).chain([u32::MAX]) {
            if let Some(f) = file_of(v) {
                assert!(!seen.contains(&f), "{f:?} twice");
                seen.push(f);
            }
        }
        assert_eq!(seen.len(), FileId::ALL.len());
        assert_eq!(file_of(idv_file::IDV_FILE_DG14 as u32), Some(FileId::Dg14));
        assert_eq!(file_of(idv_file::IDV_FILE_SOD as u32), Some(FileId::Sod));
        assert_eq!(file_of(100), None);
        assert_eq!(file_of(117), None);
    }
}
