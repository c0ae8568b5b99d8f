//! The stable result codes, their messages, the per-thread detail of the last error, and
//! the API/ABI version calls.

use std::cell::RefCell;
use std::ffi::c_char;

/// The API version: a new minor adds functions, a new major changes or removes some.
pub const IDV_API_VERSION_MAJOR: u32 = 1;
/// See [`IDV_API_VERSION_MAJOR`].
pub const IDV_API_VERSION_MINOR: u32 = 5;
/// The ABI version: changes whenever a struct layout, enum value or signature changes.
pub const IDV_ABI_VERSION: u32 = 1;

/// What every `idv_*` function returns. The values are stable: new codes are only added.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_result {
    /// Success.
    IDV_OK = 0,
    /// A required pointer argument was NULL.
    IDV_ERR_NULL_ARGUMENT = 1,
    /// A string argument is not valid UTF-8.
    IDV_ERR_INVALID_UTF8 = 2,
    /// An argument has a wrong value: a zero length where data is required, a length whose
    /// size exceeds `PTRDIFF_MAX` bytes or runs past the end of the address space, an array
    /// or output pointer misaligned for its element type, an unknown enum value, a malformed
    /// MRZ or CAN.
    IDV_ERR_INVALID_ARGUMENT = 3,
    /// The handle is of another kind than the function takes (e.g. a verifier passed as a
    /// trust store).
    IDV_ERR_WRONG_HANDLE_KIND = 4,
    /// The handle is not live: already freed, or never returned by this library.
    IDV_ERR_INVALID_HANDLE = 5,
    /// An index past the end (a check number, a reader number).
    IDV_ERR_OUT_OF_RANGE = 6,
    /// The item asked for is absent (e.g. the report has no face image).
    IDV_ERR_NOT_FOUND = 7,
    /// Trust data that is neither a certificate, a usable CRL nor a master list that verifies
    /// through a configured master-list root (a delta CRL, a master list whose signer lacks
    /// the master-list signer key usage or is of another country than its root).
    IDV_ERR_TRUST_DATA = 8,
    /// A file or folder could not be read.
    IDV_ERR_IO = 9,
    /// The PC/SC service or the reader is unavailable.
    IDV_ERR_READER = 10,
    /// No card arrived within the timeout.
    IDV_ERR_TIMEOUT = 11,
    /// The chip refused the access key (wrong MRZ or CAN) or no access protocol worked.
    IDV_ERR_ACCESS_DENIED = 12,
    /// The session with the chip broke (card removed, secure messaging error).
    IDV_ERR_CHIP = 13,
    /// The progress callback or the cancel flag stopped the operation.
    IDV_ERR_CANCELLED = 14,
    /// A Rust panic was caught at the boundary (a bug in the library).
    IDV_ERR_PANIC = 15,
    /// Terminal certificates or a terminal key that do not load: no terminal certificate,
    /// a certificate that does not parse, a key that does not open or is not the terminal
    /// certificate's (API 1.1).
    IDV_ERR_TERMINAL_DATA = 16,
    /// A CSCA master list offered to a trust store without a master-list root: add the root
    /// first with `idv_trust_store_add_master_list_root` (API 1.2).
    IDV_ERR_NO_MASTER_LIST_ROOT = 17,
    /// The verification record could not be written (e.g. a face image that does not
    /// decode) (API 1.3).
    IDV_ERR_RECORD = 18,
    /// The record could not be sealed: a certificate that does not parse, a key that does
    /// not open or is not the certificate's (API 1.3).
    IDV_ERR_SEAL = 19,
    /// The image holds no machine-readable zone (API 1.4).
    IDV_ERR_NO_MRZ = 20,
    /// The image does not decode (not a PNG, JPEG, TIFF or BMP, or broken) or its header
    /// states more pixels than a desk decodes (API 1.4).
    IDV_ERR_IMAGE = 21,
}

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Remembers `detail` as this thread's last error and returns `code`.
pub(crate) fn fail(code: idv_result, detail: impl Into<String>) -> idv_result {
    let detail = detail.into();
    LAST_ERROR.with(|e| *e.borrow_mut() = detail);
    code
}

/// The message of a result code: a static, NUL-terminated English string.
///
/// Thread safety: any thread, any time. Ownership: the string is static; never free it.
/// Unknown codes get "unknown result code".
#[unsafe(no_mangle)]
pub extern "C" fn idv_error_message(code: i32) -> *const c_char {
    let text: &'static [u8] = match code {
        0 => b"success\0",
        1 => b"a required pointer argument is NULL\0",
        2 => b"a string argument is not valid UTF-8\0",
        3 => b"an argument has a wrong value (zero length, unknown value, malformed)\0",
        4 => b"the handle is of another kind than the function takes\0",
        5 => b"the handle is not live (freed, or not from this library)\0",
        6 => b"index out of range\0",
        7 => b"not found\0",
        8 => b"not a certificate, CRL or trusted master list\0",
        9 => b"a file or folder could not be read\0",
        10 => b"the PC/SC service or the reader is unavailable\0",
        11 => b"timed out waiting for a card\0",
        12 => b"the chip refused the access key\0",
        13 => b"the session with the chip broke\0",
        14 => b"cancelled\0",
        15 => b"internal error (panic caught)\0",
        16 => b"terminal certificates or key unusable\0",
        17 => b"master list refused: no master-list root configured\0",
        18 => b"the verification record could not be written\0",
        19 => b"the record could not be sealed (certificate or key unusable)\0",
        20 => b"no MRZ found in the image\0",
        21 => b"the image does not decode or is too large\0",
        _ => b"unknown result code\0",
    };
    text.as_ptr().cast()
}

/// Copies the calling thread's last error detail (set by the last failing `idv_*` call on
/// this thread) into `buf` as UTF-8 without a terminating NUL, and its full length into
/// `*len_out`; at most `buf_len` bytes are written (pass `buf = NULL`, `buf_len = 0` to
/// learn the length).
///
/// Thread safety: any thread; each thread has its own last error.
///
/// # Safety
/// `buf` is NULL or writable for `buf_len` bytes (owned by the caller); `len_out` is a
/// valid pointer to a `size_t` (owned by the caller).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_last_error_detail(
    buf: *mut u8,
    buf_len: usize,
    len_out: *mut usize,
) -> idv_result {
    super::panic::guard(|| {
        let out = super::args::out(len_out)?;
        // A copy: a failing argument check below records its own detail.
        let detail = LAST_ERROR.with(|e| e.borrow().clone());
        *out = detail.len();
        if !buf.is_null() {
            let n = buf_len.min(detail.len());
            // SAFETY: `buf` is writable for `buf_len` bytes (the caller's contract), and
            // `n <= buf_len`.
            let dest = unsafe { super::args::buffer(buf, n, "buf") }?;
            for (d, s) in dest.iter_mut().zip(detail.as_bytes()) {
                *d = *s;
            }
        }
        Ok(())
    })
}

/// The API version as `major << 16 | minor`.
///
/// Thread safety: any thread, any time.
#[unsafe(no_mangle)]
pub extern "C" fn idv_api_version() -> u32 {
    (IDV_API_VERSION_MAJOR << 16) | IDV_API_VERSION_MINOR
}

/// The ABI version ([`IDV_ABI_VERSION`]); compare it with the header's `IDV_ABI_VERSION`.
///
/// Thread safety: any thread, any time.
#[unsafe(no_mangle)]
pub extern "C" fn idv_abi_version() -> u32 {
    IDV_ABI_VERSION
}
