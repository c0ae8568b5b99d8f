//! Checking C arguments before use: NULL pointers, zero lengths, invalid UTF-8, output
//! pointers; each failure is answered with its code and a detail naming the argument.

use super::panic::Answer;
use super::result::{fail, idv_result};
use std::ffi::c_char;

/// `len` bytes at `ptr` as a byte slice; NULL and zero length are errors.
///
/// # Safety
/// When not NULL, `ptr` must be readable for `len` bytes for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize, what: &str) -> Answer<&'a [u8]> {
    // SAFETY: forwarded contract.
    unsafe { array(ptr, len, what) }
}

/// `count` elements at `ptr` as a slice; NULL and zero count are errors.
///
/// # Safety
/// When not NULL, `ptr` must be readable for `count` initialised elements of `T` for `'a`.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, count: usize, what: &str) -> Answer<&'a [T]> {
    if ptr.is_null() {
        return Err(fail(
            idv_result::IDV_ERR_NULL_ARGUMENT,
            format!("{what} is NULL"),
        ));
    }
    if count == 0 {
        return Err(fail(
            idv_result::IDV_ERR_INVALID_ARGUMENT,
            format!("{what} has length 0"),
        ));
    }
    // SAFETY: non-NULL, and readable for `count` elements by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// A UTF-8 string of `len` bytes at `ptr` (no NUL needed); NULL, zero length and invalid
/// UTF-8 are errors.
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize, what: &str) -> Answer<&'a str> {
    // SAFETY: forwarded contract.
    let b = unsafe { bytes(ptr.cast(), len, what) }?;
    std::str::from_utf8(b).map_err(|e| {
        fail(
            idv_result::IDV_ERR_INVALID_UTF8,
            format!("{what} is not UTF-8: {e}"),
        )
    })
}

/// An optional string: NULL with length 0 is `None`; otherwise as [`text`].
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn optional_text<'a>(
    ptr: *const c_char,
    len: usize,
    what: &str,
) -> Answer<Option<&'a str>> {
    if ptr.is_null() && len == 0 {
        return Ok(None);
    }
    // SAFETY: forwarded contract.
    unsafe { text(ptr, len, what) }.map(Some)
}

/// An output pointer, checked for NULL.
pub(crate) fn out<'a, T>(ptr: *mut T) -> Answer<&'a mut T> {
    // SAFETY: a non-NULL output pointer is valid and writable by the caller's contract
    // (stated on every function taking one).
    unsafe { ptr.as_mut() }.ok_or_else(|| {
        fail(
            idv_result::IDV_ERR_NULL_ARGUMENT,
            "an output pointer is NULL",
        )
    })
}
