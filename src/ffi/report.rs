//! The report handle: verdict, checks by index (id, status, German and English text), the
//! face image bytes and the whole report as JSON, all borrowed from the handle.

use super::handle::{self, Handle, Kind};
use super::panic::guard;
use super::result::{fail, idv_result};
use crate::pki::Status;
use crate::verify::{Report, Verdict};
use std::ffi::c_char;

/// A verification report (opaque). Freed by `idv_report_free`; every pointer a function
/// returns into it stays valid until then.
pub struct idv_report {
    report: Report,
    json: String,
    face: Option<Vec<u8>>,
}

impl idv_report {
    /// The report.
    pub(crate) fn report(&self) -> &Report {
        &self.report
    }
}

impl Handle for idv_report {
    const KIND: Kind = Kind::Report;
}

impl idv_report {
    pub(crate) fn new(report: Report) -> Self {
        let json = report.to_json();
        let face = report
            .document
            .as_ref()
            .and_then(|d| d.face.as_ref())
            .and_then(|f| crate::pki::store::base64_decode(&f.data_base64));
        idv_report { report, json, face }
    }
}

/// The overall verdict.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_verdict {
    /// Every required check passed and nothing raised doubt.
    IDV_VERDICT_GENUINE = 0,
    /// Nothing proves a forgery, but something raises doubt.
    IDV_VERDICT_SUSPICIOUS = 1,
    /// A check of severity error failed.
    IDV_VERDICT_FAILED = 2,
    /// A check required for genuine did not run.
    IDV_VERDICT_INCOMPLETE = 3,
}

/// A check's status.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_check_status {
    /// Passed.
    IDV_CHECK_PASSED = 0,
    /// Failed.
    IDV_CHECK_FAILED = 1,
    /// Passed with a warning.
    IDV_CHECK_WARNING = 2,
    /// Not checked (its input was missing).
    IDV_CHECK_NOT_CHECKED = 3,
    /// Not supported by this library.
    IDV_CHECK_UNSUPPORTED = 4,
}

/// One check of a report. Every pointer points into the report and stays valid until
/// `idv_report_free`; the strings are UTF-8, not NUL-terminated: use the lengths.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct idv_check {
    /// The stable id, e.g. `pa.sod_signature`.
    pub id: *const c_char,
    /// Length of `id` in bytes.
    pub id_len: usize,
    /// The status.
    pub status: idv_check_status,
    /// What was found, in German.
    pub text_de: *const c_char,
    /// Length of `text_de` in bytes.
    pub text_de_len: usize,
    /// What was found, in English.
    pub text_en: *const c_char,
    /// Length of `text_en` in bytes.
    pub text_en_len: usize,
}

/// Writes the verdict.
///
/// Thread safety: any thread; a report may be read by several threads at once.
///
/// # Safety
/// `report` is a live report; `out` is a valid `idv_verdict` pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_report_verdict(
    report: *const idv_report,
    out: *mut idv_verdict,
) -> idv_result {
    guard(|| {
        let r = handle::get(report, "report")?;
        *super::args::out(out)? = match r.report.verdict {
            Verdict::Genuine => idv_verdict::IDV_VERDICT_GENUINE,
            Verdict::Suspicious => idv_verdict::IDV_VERDICT_SUSPICIOUS,
            Verdict::Failed => idv_verdict::IDV_VERDICT_FAILED,
            Verdict::Incomplete => idv_verdict::IDV_VERDICT_INCOMPLETE,
        };
        Ok(())
    })
}

/// Writes the number of checks.
///
/// Thread safety: any thread.
///
/// # Safety
/// `report` is a live report; `out` is a valid `size_t` pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_report_check_count(
    report: *const idv_report,
    out: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get(report, "report")?;
        *super::args::out(out)? = r.report.checks.len();
        Ok(())
    })
}

/// Fills `*out` with check number `index` (0-based); `IDV_ERR_OUT_OF_RANGE` past the end.
///
/// Thread safety: any thread.
///
/// # Safety
/// `report` is a live report; `out` is a valid `idv_check` pointer (owned by the caller;
/// the pointers written into it borrow from `report`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_report_check(
    report: *const idv_report,
    index: usize,
    out: *mut idv_check,
) -> idv_result {
    guard(|| {
        let r = handle::get(report, "report")?;
        let out = super::args::out(out)?;
        let c = r.report.checks.get(index).ok_or_else(|| {
            fail(
                idv_result::IDV_ERR_OUT_OF_RANGE,
                format!("check {index} of {}", r.report.checks.len()),
            )
        })?;
        let id = c.id.as_str();
        *out = idv_check {
            id: id.as_ptr().cast(),
            id_len: id.len(),
            status: match c.status {
                Status::Passed => idv_check_status::IDV_CHECK_PASSED,
                Status::Failed => idv_check_status::IDV_CHECK_FAILED,
                Status::Warning => idv_check_status::IDV_CHECK_WARNING,
                Status::NotChecked => idv_check_status::IDV_CHECK_NOT_CHECKED,
                Status::Unsupported => idv_check_status::IDV_CHECK_UNSUPPORTED,
            },
            text_de: c.message.de.as_ptr().cast(),
            text_de_len: c.message.de.len(),
            text_en: c.message.en.as_ptr().cast(),
            text_en_len: c.message.en.len(),
        };
        Ok(())
    })
}

/// Points `*json`/`*len` at the report as JSON (schema/report.schema.json), UTF-8, not
/// NUL-terminated.
///
/// Thread safety: any thread.
///
/// # Safety
/// `report` is a live report; `json` and `len` are valid pointers. `*json` borrows from
/// `report`: valid until `idv_report_free`, never freed by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_report_json(
    report: *const idv_report,
    json: *mut *const c_char,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get(report, "report")?;
        let json = super::args::out(json)?;
        let len = super::args::out(len)?;
        *json = r.json.as_ptr().cast();
        *len = r.json.len();
        Ok(())
    })
}

/// Points `*bytes`/`*len` at the face image file (JPEG, or PNG converted from JPEG 2000);
/// `IDV_ERR_NOT_FOUND` when the document has none (the error detail says why when DG2 was
/// read: e.g. an image refused before decoding for its size).
///
/// Thread safety: any thread.
///
/// # Safety
/// `report` is a live report; `bytes` and `len` are valid pointers. `*bytes` borrows from
/// `report`: valid until `idv_report_free`, never freed by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_report_face_image(
    report: *const idv_report,
    bytes: *mut *const u8,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get(report, "report")?;
        let bytes = super::args::out(bytes)?;
        let len = super::args::out(len)?;
        let face = r.face.as_ref().ok_or_else(|| {
            let why = r
                .report
                .document
                .as_ref()
                .and_then(|d| d.face_error.as_deref());
            match why {
                Some(why) => fail(
                    idv_result::IDV_ERR_NOT_FOUND,
                    format!("the report has no face image: {why}"),
                ),
                None => fail(
                    idv_result::IDV_ERR_NOT_FOUND,
                    "the report has no face image",
                ),
            }
        })?;
        *bytes = face.as_ptr();
        *len = face.len();
        Ok(())
    })
}

/// Frees a report and everything borrowed from it. NULL is accepted.
///
/// Thread safety: not concurrently with any other call on the same report.
///
/// # Safety
/// `report` is NULL or a live report; neither it nor pointers into it may be used
/// afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_report_free(report: *mut idv_report) -> idv_result {
    guard(|| handle::destroy(report, "report"))
}
