//! The boundary's own pieces from Rust: a panic becomes a code with its detail, handles of
//! the wrong kind or freed are refused, strings are checked before use.

use super::handle::{self, Handle, Kind};
use super::panic::guard;
use super::result::idv_result::*;
use super::*;

struct Probe;
impl Handle for Probe {
    const KIND: Kind = Kind::Cancel;
}

fn detail() -> String {
    let mut buf = [0u8; 256];
    let mut len = 0;
    // SAFETY: `buf` is writable for its length, `len` is a valid pointer.
    let r = unsafe { idv_last_error_detail(buf.as_mut_ptr(), buf.len(), &mut len) };
    assert_eq!(r, IDV_OK);
    String::from_utf8_lossy(&buf[..len.min(buf.len())]).into_owned()
}

#[test]
fn a_panic_becomes_a_code_with_its_message() {
    let r = guard(|| panic!("boom {}", 7));
    assert_eq!(r, IDV_ERR_PANIC);
    assert!(detail().contains("boom 7"));
    assert_eq!(guard(|| Ok(())), IDV_OK);
}

#[test]
fn handles_are_checked_by_kind_and_liveness() {
    let probe = handle::create(Probe);
    assert!(handle::get(probe.cast_const(), "p").is_ok());
    // The same address seen as another kind.
    let as_store = probe.cast::<idv_trust_store>();
    // SAFETY: never dereferenced: the registry refuses it first.
    let r = unsafe { idv_trust_store_free(as_store) };
    assert_eq!(r, IDV_ERR_WRONG_HANDLE_KIND);
    assert!(detail().contains("Cancel handle where a TrustStore"));
    assert_eq!(guard(|| handle::destroy(probe, "p")), IDV_OK);
    assert_eq!(
        guard(|| handle::destroy(probe, "p")),
        IDV_ERR_INVALID_HANDLE
    );
    assert_eq!(
        guard(|| handle::get(probe.cast_const(), "p").map(drop)),
        IDV_ERR_INVALID_HANDLE
    );
}

#[test]
fn strings_are_checked_for_null_length_and_utf8() {
    let mut store = std::ptr::null_mut();
    // SAFETY: a valid out pointer.
    assert_eq!(unsafe { idv_trust_store_new(&mut store) }, IDV_OK);
    let bad = [0xFFu8, 0xFE];
    // SAFETY: pointers are valid for the lengths given.
    unsafe {
        assert_eq!(
            idv_trust_store_add_path(store, bad.as_ptr().cast(), 2, 0),
            IDV_ERR_INVALID_UTF8
        );
        assert_eq!(
            idv_trust_store_add_path(store, bad.as_ptr().cast(), 0, 0),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            idv_trust_store_add_path(store, std::ptr::null(), 3, 0),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(idv_trust_store_free(store), IDV_OK);
    }
    // Every code has a message; unknown ones too.
    for code in 0..=16 {
        // SAFETY: the returned pointer is a static NUL-terminated string.
        let text = unsafe { std::ffi::CStr::from_ptr(idv_error_message(code)) };
        assert!(!text.to_bytes().is_empty());
    }
}
