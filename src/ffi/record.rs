//! The record handle: a report's verification record (PDF/A-3b) written to memory, and its
//! seal (detached CMS) made with a key from a PKCS#8 file or a PKCS#11 token; both borrowed
//! from the handle.

use super::handle::{self, Handle, Kind};
use super::panic::guard;
use super::report::idv_report;
use super::result::{fail, idv_result};
use crate::pki::store::parse_certificates;
use crate::record::{RecordOptions, seal, seal_algorithm, write_record};
use crate::verify::Lang;
use std::ffi::c_char;

/// A verification record (opaque): the PDF and, once sealed, its seal. Created by
/// `idv_record_write`, freed by `idv_record_free`.
pub struct idv_record {
    pdf: Vec<u8>,
    seal: Option<Vec<u8>>,
}

impl Handle for idv_record {
    const KIND: Kind = Kind::Record;
}

/// What the record says beyond the report. Strings are UTF-8 of the given length (no NUL
/// needed); NULL with length 0 leaves a field empty.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct idv_record_options {
    /// The office.
    pub office: *const c_char,
    /// Its length in bytes.
    pub office_len: usize,
    /// The desk or workstation.
    pub desk: *const c_char,
    /// Its length in bytes.
    pub desk_len: usize,
    /// The operator.
    pub operator_name: *const c_char,
    /// Its length in bytes.
    pub operator_name_len: usize,
    /// Why the document was checked.
    pub purpose: *const c_char,
    /// Its length in bytes.
    pub purpose_len: usize,
    /// The record's language: 0 German, 1 English.
    pub lang: u32,
    /// When the record is written, seconds since the Unix epoch (its creation date).
    pub written_at_unix: i64,
    /// Print the face (marked "KOPIE") and keep it in the embedded report; false leaves out
    /// the face, as data minimisation asks.
    pub include_face: bool,
}

/// Writes the verification record of `report` in `*out`: PDF/A-3b with the report JSON
/// embedded (`report.json`), as `options` say. Answers `IDV_ERR_RECORD` when the PDF cannot
/// be written (e.g. a face image that does not decode), `IDV_ERR_INVALID_ARGUMENT` for an
/// unknown language.
///
/// Since API 1.3.
///
/// Thread safety: any thread; the report may be used concurrently. Ownership: `*out` is the
/// caller's, freed with `idv_record_free`; `options` and its strings are borrowed for the
/// call only.
///
/// # Safety
/// `report` is a live report; `options` points to an `idv_record_options` whose strings are
/// readable for their lengths; `out` is a valid pointer to an `idv_record *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_record_write(
    report: *const idv_report,
    options: *const idv_record_options,
    out: *mut *mut idv_record,
) -> idv_result {
    guard(|| {
        let r = handle::get(report, "report")?;
        if options.is_null() {
            return Err(fail(idv_result::IDV_ERR_NULL_ARGUMENT, "options is NULL"));
        }
        if !options.is_aligned() {
            return Err(fail(
                idv_result::IDV_ERR_INVALID_ARGUMENT,
                "options is misaligned",
            ));
        }
        // SAFETY: not NULL and aligned (checked above), and points to an initialised
        // idv_record_options by the caller's contract.
        let o = unsafe { *options };
        let text = |ptr: *const c_char, len: usize, what: &str| {
            // SAFETY: the caller's contract on the option strings.
            unsafe { super::args::optional_text(ptr, len, what) }
                .map(|t| t.unwrap_or_default().to_string())
        };
        let lang = match o.lang {
            0 => Lang::De,
            1 => Lang::En,
            n => {
                return Err(fail(
                    idv_result::IDV_ERR_INVALID_ARGUMENT,
                    format!("lang {n}: 0 (German) or 1 (English)"),
                ));
            }
        };
        let options = RecordOptions {
            office: text(o.office, o.office_len, "office")?,
            desk: text(o.desk, o.desk_len, "desk")?,
            operator: text(o.operator_name, o.operator_name_len, "operator_name")?,
            purpose: text(o.purpose, o.purpose_len, "purpose")?,
            lang,
            written_at: o.written_at_unix,
            include_face: o.include_face,
        };
        super::args::out(out)?;
        let pdf = write_record(r.report(), &options)
            .map_err(|e| fail(idv_result::IDV_ERR_RECORD, e.to_string()))?;
        handle::give(out, idv_record { pdf, seal: None })
    })
}

/// Points `*pdf`/`*len` at the record's PDF bytes.
///
/// Since API 1.3.
///
/// Thread safety: any thread, not concurrently with `idv_record_seal` on the same record.
///
/// # Safety
/// `record` is a live record; `pdf` and `len` are valid pointers. `*pdf` borrows from
/// `record`: valid until `idv_record_free`, never freed by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_record_pdf(
    record: *const idv_record,
    pdf: *mut *const u8,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get(record, "record")?;
        let pdf = super::args::out(pdf)?;
        let len = super::args::out(len)?;
        *pdf = r.pdf.as_ptr();
        *len = r.pdf.len();
        Ok(())
    })
}

/// Seals the record: a detached CMS SignedData over the PDF (RFC 5652) with the signing
/// time `signing_time_unix` and the ESS signing-certificate-v2 attribute (CAdES baseline),
/// signed with `key` — the path of a PKCS#8 file (DER or PEM) or an RFC 7512 `pkcs11:` URI —
/// whose certificate (DER or PEM) is `certificate`. RSA keys sign RSASSA-PSS (SHA-256), EC
/// keys ECDSA. Answers `IDV_ERR_SEAL` when the certificate does not parse, the key does not
/// open or is not the certificate's; a second call replaces the seal.
///
/// Since API 1.3.
///
/// Thread safety: not concurrently with any other call on the same record.
///
/// # Safety
/// `record` is a live record; `key` is readable for `key_len` bytes and `certificate` for
/// `certificate_len` bytes (both borrowed for the call only).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_record_seal(
    record: *mut idv_record,
    key: *const c_char,
    key_len: usize,
    certificate: *const u8,
    certificate_len: usize,
    signing_time_unix: i64,
) -> idv_result {
    guard(|| {
        let r = handle::get_mut(record, "record")?;
        // SAFETY: the caller's contract on `key`.
        let key = unsafe { super::args::text(key, key_len, "key") }?;
        // SAFETY: the caller's contract on `certificate`.
        let cert = unsafe { super::args::bytes(certificate, certificate_len, "certificate") }?;
        let bad = |e: String| fail(idv_result::IDV_ERR_SEAL, e);
        let cert = parse_certificates(cert)
            .map_err(|e| bad(format!("certificate: {e}")))?
            .into_iter()
            .next()
            .ok_or_else(|| bad("certificate: none given".into()))?;
        let algorithm = seal_algorithm(&cert).map_err(|e| bad(e.to_string()))?;
        let rng: crate::terminal::SignerRng = Box::new(rand_core::UnwrapErr(getrandom::SysRng));
        let signer = crate::terminal::open_terminal_key(key, algorithm, Some(rng))
            .map_err(|e| bad(format!("key: {e}")))?;
        let p7s = seal(&r.pdf, &cert.der, signer.as_ref(), signing_time_unix)
            .map_err(|e| bad(e.to_string()))?;
        r.seal = Some(p7s);
        Ok(())
    })
}

/// Points `*p7s`/`*len` at the record's seal (DER, to be filed beside the PDF as `.p7s`);
/// `IDV_ERR_NOT_FOUND` before `idv_record_seal`.
///
/// Since API 1.3.
///
/// Thread safety: any thread, not concurrently with `idv_record_seal` on the same record.
///
/// # Safety
/// `record` is a live record; `p7s` and `len` are valid pointers. `*p7s` borrows from
/// `record`: valid until `idv_record_free` or the next `idv_record_seal`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_record_seal_bytes(
    record: *const idv_record,
    p7s: *mut *const u8,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get(record, "record")?;
        let p7s = super::args::out(p7s)?;
        let len = super::args::out(len)?;
        let seal = r
            .seal
            .as_ref()
            .ok_or_else(|| fail(idv_result::IDV_ERR_NOT_FOUND, "the record is not sealed"))?;
        *p7s = seal.as_ptr();
        *len = seal.len();
        Ok(())
    })
}

/// Frees a record and everything borrowed from it. NULL is accepted.
///
/// Since API 1.3.
///
/// Thread safety: not concurrently with any other call on the same record.
///
/// # Safety
/// `record` is NULL or a live record; neither it nor pointers into it may be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_record_free(record: *mut idv_record) -> idv_result {
    guard(|| handle::destroy(record, "record"))
}
