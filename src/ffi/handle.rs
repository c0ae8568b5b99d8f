//! Opaque handles: each is a `Box` whose address is registered with its kind while it
//! lives, so a wrong-kind or freed handle is detected without dereferencing it.

use super::panic::Answer;
use super::result::{fail, idv_result};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The kinds of handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    TrustStore,
    Verifier,
    Readers,
    Report,
    Cancel,
    Terminal,
    Document,
    SerialReader,
    Record,
    MrzRead,
    ScannerList,
    Scanner,
}

/// A type handed to C as an opaque handle.
pub(crate) trait Handle: Sized {
    /// Its kind tag.
    const KIND: Kind;
}

static LIVE: Mutex<Option<HashMap<usize, Kind>>> = Mutex::new(None);

fn live() -> MutexGuard<'static, Option<HashMap<usize, Kind>>> {
    LIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Boxes `value`, registers it and returns the pointer C owns.
pub(crate) fn create<T: Handle>(value: T) -> *mut T {
    let ptr = Box::into_raw(Box::new(value));
    live()
        .get_or_insert_with(HashMap::new)
        .insert(ptr as usize, T::KIND);
    ptr
}

fn check<T: Handle>(ptr: *const T, what: &str) -> Answer<()> {
    if ptr.is_null() {
        return Err(fail(
            idv_result::IDV_ERR_NULL_ARGUMENT,
            format!("{what} is NULL"),
        ));
    }
    match live()
        .as_ref()
        .and_then(|m| m.get(&(ptr as usize)).copied())
    {
        Some(k) if k == T::KIND => Ok(()),
        Some(k) => Err(fail(
            idv_result::IDV_ERR_WRONG_HANDLE_KIND,
            format!("{what}: a {k:?} handle where a {:?} was expected", T::KIND),
        )),
        None => Err(fail(
            idv_result::IDV_ERR_INVALID_HANDLE,
            format!("{what}: not a live handle (freed, or not from this library)"),
        )),
    }
}

/// The live handle at `ptr`, shared.
pub(crate) fn get<'a, T: Handle>(ptr: *const T, what: &str) -> Answer<&'a T> {
    check(ptr, what)?;
    // SAFETY: `ptr` is registered as a live `T` created by `create` and not yet freed; the
    // caller's contract forbids freeing it during this call.
    Ok(unsafe { &*ptr })
}

/// The live handle at `ptr`, exclusive.
pub(crate) fn get_mut<'a, T: Handle>(ptr: *mut T, what: &str) -> Answer<&'a mut T> {
    check(ptr, what)?;
    // SAFETY: as in `get`; the caller's contract forbids concurrent use of this handle in
    // functions documented as taking it exclusively.
    Ok(unsafe { &mut *ptr })
}

/// Unregisters and drops the handle at `ptr`. NULL is accepted and does nothing.
pub(crate) fn destroy<T: Handle>(ptr: *mut T, what: &str) -> Answer<()> {
    if ptr.is_null() {
        return Ok(());
    }
    check(ptr, what)?;
    if let Some(m) = live().as_mut() {
        m.remove(&(ptr as usize));
    }
    // SAFETY: `ptr` came from `Box::into_raw` in `create` and was live until just now.
    drop(unsafe { Box::from_raw(ptr) });
    Ok(())
}

/// Stores a new handle in `*out` (checked for NULL first; the value is dropped on error).
pub(crate) fn give<T: Handle>(out: *mut *mut T, value: T) -> Answer<()> {
    let slot = super::args::out(out)?;
    *slot = create(value);
    Ok(())
}
