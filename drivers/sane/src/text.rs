//! Copying the backend's C strings into owned Rust strings, NULL-safe.

use std::ffi::{CStr, c_char};

/// The text at `ptr`, lossily decoded; empty for a null pointer.
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that stays valid during the call.
pub(crate) unsafe fn owned(ptr: *const c_char) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: non-null and NUL-terminated by the caller's contract.
    unsafe { CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}
