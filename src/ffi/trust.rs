//! The trust store handle: CSCA certificates, master-list roots, master lists and CRLs from
//! bytes or a path.

use super::handle::{self, Handle, Kind};
use super::panic::guard;
use super::result::{fail, idv_result};
use crate::inspect::InspectError;
use crate::pki::snapshot::Manifest;
use crate::pki::trust_status::trust_status;
use crate::pki::{PkiError, TrustStore};
use std::ffi::c_char;

/// A trust store (opaque). Created by `idv_trust_store_new`, freed by `idv_trust_store_free`.
pub struct idv_trust_store {
    pub(crate) store: TrustStore,
    /// The manifest of the snapshot the store was loaded from, if any.
    pub(crate) manifest: Option<Manifest>,
    /// The last status asked for (`idv_trust_store_status_json`), borrowed by the caller.
    pub(crate) status_json: String,
}

impl Handle for idv_trust_store {
    const KIND: Kind = Kind::TrustStore;
}

/// Creates an empty trust store in `*out`.
///
/// Thread safety: any thread. Ownership: `*out` is owned by the caller and must be freed
/// with `idv_trust_store_free`.
///
/// # Safety
/// `out` is a valid pointer to a `idv_trust_store *` (owned by the caller).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_new(out: *mut *mut idv_trust_store) -> idv_result {
    guard(|| {
        handle::give(
            out,
            idv_trust_store {
                store: TrustStore::new(),
                manifest: None,
                status_json: String::new(),
            },
        )
    })
}

/// The result code of a trust-data error.
fn trust_error(e: &PkiError) -> idv_result {
    match e {
        PkiError::NoMasterListRoot => idv_result::IDV_ERR_NO_MASTER_LIST_ROOT,
        _ => idv_result::IDV_ERR_TRUST_DATA,
    }
}

/// Configures a master-list root: a DER or PEM certificate (PEM may hold several). A CSCA
/// master list is trusted only when its signer certificate was issued by such a root, carries
/// the master-list signer extended key usage (ICAO 9303-12 §7.1.1) and names the root's
/// country; the CSCAs in the store never vouch for master lists. The root is not added as a
/// CSCA. Answers `IDV_ERR_TRUST_DATA` when `der` is no certificate. (API 1.2)
///
/// Thread safety: not concurrently with any other call on the same store.
///
/// # Safety
/// `store` is a live trust store; `der` is readable for `len` bytes (borrowed for the call
/// only, owned by the caller).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_add_master_list_root(
    store: *mut idv_trust_store,
    der: *const u8,
    len: usize,
) -> idv_result {
    guard(|| {
        let s = handle::get_mut(store, "store")?;
        // SAFETY: the caller's contract on `der`/`len`.
        let data = unsafe { super::args::bytes(der, len, "der") }?;
        s.store
            .add_master_list_roots(data)
            .map(drop)
            .map_err(|e| fail(idv_result::IDV_ERR_TRUST_DATA, e.to_string()))
    })
}

/// Adds trust data recognised by content: a DER or PEM CSCA certificate, a CRL, or a CSCA
/// master list that verifies through a master-list root configured before
/// (`idv_trust_store_add_master_list_root`) at `now_unix` (seconds since 1970). Answers
/// `IDV_ERR_NO_MASTER_LIST_ROOT` for a master list while no root is configured, and
/// `IDV_ERR_TRUST_DATA` for anything else that does not load (a delta CRL, a master list
/// whose signer does not qualify).
///
/// Thread safety: not concurrently with any other call on the same store.
///
/// # Safety
/// `store` is a live trust store; `bytes` is readable for `len` bytes (borrowed for the
/// call only, owned by the caller).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_add_bytes(
    store: *mut idv_trust_store,
    bytes: *const u8,
    len: usize,
    now_unix: i64,
) -> idv_result {
    guard(|| {
        let s = handle::get_mut(store, "store")?;
        // SAFETY: the caller's contract on `bytes`/`len`.
        let data = unsafe { super::args::bytes(bytes, len, "bytes") }?;
        s.store
            .add_trust_bytes(data, now_unix)
            .map(drop)
            .map_err(|e| fail(trust_error(&e), e.to_string()))
    })
}

/// Adds a file, or every file of a folder (not recursive): certificates and CRLs first,
/// then master lists (verified through the configured master-list roots, answering
/// `IDV_ERR_NO_MASTER_LIST_ROOT` when there is none). `path` is UTF-8 of `path_len` bytes,
/// no NUL needed.
///
/// Thread safety: not concurrently with any other call on the same store.
///
/// # Safety
/// `store` is a live trust store; `path` is readable for `path_len` bytes (borrowed for the
/// call only).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_add_path(
    store: *mut idv_trust_store,
    path: *const c_char,
    path_len: usize,
    now_unix: i64,
) -> idv_result {
    guard(|| {
        let s = handle::get_mut(store, "store")?;
        // SAFETY: the caller's contract on `path`/`path_len`.
        let path = unsafe { super::args::text(path, path_len, "path") }?;
        s.store
            .add_trust_path(std::path::Path::new(path), now_unix)
            .map(drop)
            .map_err(|e| fail(path_error(&e), e.to_string()))
    })
}

/// The result code of a path that did not load.
fn path_error(e: &InspectError) -> idv_result {
    match e {
        InspectError::Io { .. } => idv_result::IDV_ERR_IO,
        InspectError::NoMasterListRoot { .. } => idv_result::IDV_ERR_NO_MASTER_LIST_ROOT,
        _ => idv_result::IDV_ERR_TRUST_DATA,
    }
}

/// Creates in `*out` a trust store loaded from a trust snapshot folder (`verify trust build`,
/// `verify trust update`): the snapshot in use (`DIR/current`) is loaded, its store checked
/// against the manifest's SHA-256, length and counts. Answers `IDV_ERR_TRUST_DATA` for a
/// snapshot that does not match its manifest (changed or truncated after the build) and
/// `IDV_ERR_IO` when it cannot be read. `path` is UTF-8 of `path_len` bytes, no NUL needed.
/// (API 1.3)
///
/// Thread safety: any thread. Ownership: `*out` is owned by the caller and must be freed with
/// `idv_trust_store_free`.
///
/// # Safety
/// `path` is readable for `path_len` bytes (borrowed for the call only); `out` is a valid
/// pointer to a `idv_trust_store *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_load_snapshot(
    path: *const c_char,
    path_len: usize,
    out: *mut *mut idv_trust_store,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `path`/`path_len`.
        let path = unsafe { super::args::text(path, path_len, "path") }?;
        let (store, manifest) = crate::inspect::snapshot::load_snapshot(std::path::Path::new(path))
            .map_err(|e| fail(path_error(&e), e.to_string()))?;
        handle::give(
            out,
            idv_trust_store {
                store,
                manifest: Some(manifest),
                status_json: String::new(),
            },
        )
    })
}

/// Points `*json`/`*len` at the store's status as JSON, UTF-8, not NUL-terminated: when the
/// snapshot was built and from which sources (with the newest date of issue of each), the
/// countries covered by a CSCA, CSCAs ending within `within_days` days of `now_unix`, and CRLs
/// whose nextUpdate has passed (revocation by them unknown). (API 1.3)
///
/// Thread safety: not concurrently with any other call on the same store.
///
/// # Safety
/// `store` is a live trust store; `json` and `len` are valid pointers. `*json` borrows from
/// `store`: valid until the next `idv_trust_store_status_json` on it or `idv_trust_store_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_status_json(
    store: *mut idv_trust_store,
    now_unix: i64,
    within_days: u32,
    json: *mut *const c_char,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let s = handle::get_mut(store, "store")?;
        let json = super::args::out(json)?;
        let len = super::args::out(len)?;
        let status = trust_status(
            &s.store,
            s.manifest.as_ref(),
            now_unix,
            i64::from(within_days),
        );
        s.status_json = serde_json::to_string(&status)
            .map_err(|e| fail(idv_result::IDV_ERR_TRUST_DATA, e.to_string()))?;
        *json = s.status_json.as_ptr().cast();
        *len = s.status_json.len();
        Ok(())
    })
}

/// Writes how many CSCA certificates and CRLs the store holds.
///
/// Thread safety: any thread, concurrently with other read-only calls on the store.
///
/// # Safety
/// `store` is a live trust store; `cscas` and `crls` are valid `size_t` pointers.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_count(
    store: *const idv_trust_store,
    cscas: *mut usize,
    crls: *mut usize,
) -> idv_result {
    guard(|| {
        let s = handle::get(store, "store")?;
        let cscas = super::args::out(cscas)?;
        let crls = super::args::out(crls)?;
        *cscas = s.store.len();
        *crls = s.store.crls().len();
        Ok(())
    })
}

/// Frees a trust store. NULL is accepted. Verifiers made from it keep their own copy.
///
/// Thread safety: not concurrently with any other call on the same store.
///
/// # Safety
/// `store` is NULL or a live trust store; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_trust_store_free(store: *mut idv_trust_store) -> idv_result {
    guard(|| handle::destroy(store, "store"))
}
