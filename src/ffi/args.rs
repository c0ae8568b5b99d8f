//! Checking C arguments before use: NULL pointers, zero lengths, lengths no Rust slice can
//! have, misaligned arrays, invalid UTF-8, output pointers; each failure is answered with its
//! code and a detail naming the argument.
//!
//! Every (pointer, length) argument of the C ABI becomes a slice here and nowhere else: [`slice`]
//! checks everything `std::slice::from_raw_parts` requires that can be checked (not NULL,
//! aligned for the element type, at most `isize::MAX` bytes, not wrapping around the address
//! space) before calling it, so a wrong length is an `IDV_ERR_INVALID_ARGUMENT` instead of
//! undefined behaviour or a debug build's abort.

use super::panic::Answer;
use super::result::{fail, idv_result};
use std::ffi::c_char;

/// Why `count` elements of `T` at `ptr` cannot be a slice, if they cannot: NULL is
/// `IDV_ERR_NULL_ARGUMENT`; misalignment, a size above `isize::MAX` bytes and a range that
/// wraps around the address space are `IDV_ERR_INVALID_ARGUMENT`. Zero elements at a
/// non-NULL, aligned pointer are fine here.
fn check_slice<T>(ptr: *const T, count: usize, what: &str) -> Answer<()> {
    if ptr.is_null() {
        return Err(fail(
            idv_result::IDV_ERR_NULL_ARGUMENT,
            format!("{what} is NULL"),
        ));
    }
    let invalid = |why: String| Err(fail(idv_result::IDV_ERR_INVALID_ARGUMENT, why));
    if !ptr.is_aligned() {
        return invalid(format!(
            "{what} is misaligned: {:#x} is not a multiple of {} (the alignment of its elements)",
            ptr.addr(),
            std::mem::align_of::<T>()
        ));
    }
    let size = count
        .checked_mul(std::mem::size_of::<T>())
        .filter(|&s| isize::try_from(s).is_ok());
    let Some(size) = size else {
        return invalid(format!(
            "{what}: length {count} is too large (more than {} bytes)",
            isize::MAX
        ));
    };
    if ptr.addr().checked_add(size).is_none() {
        return invalid(format!(
            "{what}: length {count} at {:#x} runs past the end of the address space",
            ptr.addr()
        ));
    }
    Ok(())
}

/// `count` elements at `ptr` as a slice, after [`check_slice`]; zero elements give an empty
/// slice. The one place of the C ABI that makes a slice from a C pointer.
///
/// # Safety
/// When the checks pass, `ptr` must be readable for `count` initialised elements of `T` for
/// `'a` (the caller's contract, stated on every function taking an array).
pub(crate) unsafe fn slice<'a, T>(ptr: *const T, count: usize, what: &str) -> Answer<&'a [T]> {
    check_slice(ptr, count, what)?;
    // SAFETY: not NULL, aligned, at most isize::MAX bytes that do not wrap around (checked
    // above), and readable for `count` initialised elements by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, count) })
}

/// `len` bytes at `ptr` as a byte slice; NULL and zero length are errors.
///
/// # Safety
/// When not NULL, `ptr` must be readable for `len` bytes for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize, what: &str) -> Answer<&'a [u8]> {
    // SAFETY: forwarded contract.
    unsafe { array(ptr, len, what) }
}

/// `count` elements at `ptr` as a slice; NULL, zero count, misalignment and sizes above
/// `isize::MAX` bytes are errors.
///
/// # Safety
/// When not NULL, `ptr` must be readable for `count` initialised elements of `T` for `'a`.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, count: usize, what: &str) -> Answer<&'a [T]> {
    check_slice(ptr, count, what)?;
    if count == 0 {
        return Err(fail(
            idv_result::IDV_ERR_INVALID_ARGUMENT,
            format!("{what} has length 0"),
        ));
    }
    // SAFETY: forwarded contract.
    unsafe { slice(ptr, count, what) }
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

/// A writable buffer of `len` bytes at `ptr`, checked as [`slice`] does.
///
/// # Safety
/// When the checks pass, `ptr` must be writable for `len` bytes for `'a` and not aliased.
pub(crate) unsafe fn buffer<'a>(ptr: *mut u8, len: usize, what: &str) -> Answer<&'a mut [u8]> {
    check_slice(ptr.cast_const(), len, what)?;
    // SAFETY: not NULL, at most isize::MAX bytes that do not wrap around (checked above), and
    // writable and unaliased for `len` bytes by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
}

/// An output pointer, checked for NULL and alignment.
pub(crate) fn out<'a, T>(ptr: *mut T) -> Answer<&'a mut T> {
    if !ptr.is_null() && !ptr.is_aligned() {
        return Err(fail(
            idv_result::IDV_ERR_INVALID_ARGUMENT,
            format!(
                "an output pointer is misaligned: {:#x} is not a multiple of {}",
                ptr.addr(),
                std::mem::align_of::<T>()
            ),
        ));
    }
    // SAFETY: a non-NULL, aligned output pointer is valid and writable by the caller's
    // contract (stated on every function taking one).
    unsafe { ptr.as_mut() }.ok_or_else(|| {
        fail(
            idv_result::IDV_ERR_NULL_ARGUMENT,
            "an output pointer is NULL",
        )
    })
}
