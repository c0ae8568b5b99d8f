//! The terminal handle for Terminal Authentication: certificates and key loaded from a folder
//! and a key file or PKCS#11 URI, or from memory, and attached to a verifier.

use super::handle::{self, Handle, Kind};
use super::panic::{Answer, guard};
use super::result::{fail, idv_result};
use super::verifier::idv_verifier;
use crate::pki::cvc::CvcDate;
use crate::terminal::TerminalCredentials;
use crate::terminal::load::TerminalLoadError;
use std::ffi::c_char;

/// A terminal (opaque): its card-verifiable certificates and private key for Terminal
/// Authentication. Created by `idv_terminal_load` or `idv_terminal_from_bytes`, freed by
/// `idv_terminal_free`.
pub struct idv_terminal {
    /// The date in it is a placeholder: each read checks the chain at its own `now_unix`.
    pub(crate) credentials: TerminalCredentials,
}

impl Handle for idv_terminal {
    const KIND: Kind = Kind::Terminal;
}

/// Replaced by every read's date (`idv_read_and_verify`'s `now_unix`).
const UNSET: CvcDate = CvcDate {
    year: 2000,
    month: 1,
    day: 1,
};

fn load_error(e: TerminalLoadError) -> idv_result {
    let code = match e {
        TerminalLoadError::Unreadable { .. } => idv_result::IDV_ERR_IO,
        _ => idv_result::IDV_ERR_TERMINAL_DATA,
    };
    fail(code, e.to_string())
}

/// Loads a terminal in `*out`: every `*.cvcert` and `*.cvc` file in the folder `chain_dir`
/// (CVCA, link, DV and terminal certificates; not recursive) and the key `key`, the path of
/// a PKCS#8 file (DER or PEM, unencrypted; it must be the terminal certificate's key) or an
/// RFC 7512 `pkcs11:` URI (token, object or id, module-path, pin-value or pin-source). Both
/// strings are UTF-8 of the given length, no NUL needed. Answers `IDV_ERR_IO` when the folder,
/// a certificate or the key file cannot be read, `IDV_ERR_TERMINAL_DATA` when there is no
/// terminal certificate, a certificate does not parse, or the key does not open or does not
/// fit; `idv_last_error_detail` says which.
///
/// Since API 1.1.
///
/// Thread safety: any thread. Ownership: `*out` is the caller's, freed with
/// `idv_terminal_free`; the strings are borrowed for the call only.
///
/// # Safety
/// `chain_dir` is readable for `chain_dir_len` bytes, `key` for `key_len` bytes; `out` is a
/// valid pointer to a `idv_terminal *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_terminal_load(
    chain_dir: *const c_char,
    chain_dir_len: usize,
    key: *const c_char,
    key_len: usize,
    out: *mut *mut idv_terminal,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on the string arguments.
        let dir = unsafe { super::args::text(chain_dir, chain_dir_len, "chain_dir") }?;
        // SAFETY: as above.
        let key = unsafe { super::args::text(key, key_len, "key") }?;
        super::args::out(out)?;
        let credentials =
            TerminalCredentials::load(std::path::Path::new(dir), key, UNSET).map_err(load_error)?;
        handle::give(out, idv_terminal { credentials })
    })
}

/// Creates a terminal in `*out` from memory: `count` DER-encoded card-verifiable
/// certificates (`certificates[i]` of `certificate_lens[i]` bytes, any order) and the
/// terminal's PKCS#8 private key (DER or PEM, `key_len` bytes), which must be the terminal
/// certificate's key. Answers `IDV_ERR_TERMINAL_DATA` as `idv_terminal_load` does.
///
/// Since API 1.1.
///
/// Thread safety: any thread. Ownership: `*out` is the caller's, freed with
/// `idv_terminal_free`; the library keeps its own copy of the certificates and the key (the
/// caller may wipe and free its buffers after the call).
///
/// # Safety
/// `certificates` and `certificate_lens` are readable for `count` elements, each
/// `certificates[i]` for `certificate_lens[i]` bytes; `key` is readable for `key_len` bytes;
/// `out` is a valid pointer to a `idv_terminal *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_terminal_from_bytes(
    certificates: *const *const u8,
    certificate_lens: *const usize,
    count: usize,
    key: *const u8,
    key_len: usize,
    out: *mut *mut idv_terminal,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on the arrays (their element types are plain data).
        let pointers = unsafe { super::args::array(certificates, count, "certificates") }?;
        // SAFETY: as above.
        let lens = unsafe { super::args::array(certificate_lens, count, "certificate_lens") }?;
        let certs = pointers
            .iter()
            .zip(lens)
            .enumerate()
            .map(|(i, (&p, &len))| {
                // SAFETY: the caller's contract on each certificate.
                unsafe { super::args::bytes(p, len, &format!("certificates[{i}]")) }
            })
            .collect::<Answer<Vec<&[u8]>>>()?;
        // SAFETY: the caller's contract on `key`/`key_len`.
        let key = unsafe { super::args::bytes(key, key_len, "key") }?;
        super::args::out(out)?;
        let credentials = TerminalCredentials::from_der(&certs, key, UNSET).map_err(load_error)?;
        handle::give(out, idv_terminal { credentials })
    })
}

/// Frees a terminal. NULL is accepted. Verifiers it was attached to keep their own
/// reference to the certificates and the key.
///
/// Since API 1.1.
///
/// Thread safety: not concurrently with any other call on the same terminal.
///
/// # Safety
/// `terminal` is NULL or a live terminal; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_terminal_free(terminal: *mut idv_terminal) -> idv_result {
    guard(|| handle::destroy(terminal, "terminal"))
}

/// Attaches `terminal` to `verifier` (NULL detaches): every later `idv_read_and_verify` with
/// this verifier runs Terminal Authentication with it — version 2 after PACE (German ID
/// card, residence permit: the data groups and the eID application its rights open),
/// version 1 after BAC and chip authentication (a passport's DG3/DG4) — checking the chain
/// at that read's `now_unix`. The report then has `chip.terminal_authentication` and, when
/// the eID application was read, `chip.eid_application`.
///
/// Since API 1.1.
///
/// Thread safety: not concurrently with any other call on `verifier` (including reads);
/// concurrently with read-only use of `terminal`. Ownership: the verifier keeps its own
/// reference to the certificates and the key; `terminal` stays the caller's and may be
/// freed at once.
///
/// # Safety
/// `verifier` is a live verifier; `terminal` is NULL or a live terminal.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_verifier_set_terminal(
    verifier: *mut idv_verifier,
    terminal: *const idv_terminal,
) -> idv_result {
    guard(|| {
        let v = handle::get_mut(verifier, "verifier")?;
        v.terminal = if terminal.is_null() {
            None
        } else {
            Some(handle::get(terminal, "terminal")?.credentials.clone())
        };
        Ok(())
    })
}

/// The verifier's terminal, if any, checking its chain on the date of `now_unix`.
pub(crate) fn for_read(v: &idv_verifier, now_unix: i64) -> Answer<Option<TerminalCredentials>> {
    let Some(t) = &v.terminal else {
        return Ok(None);
    };
    let today = crate::verify::CheckTime::from_unix(now_unix)
        .date()
        .and_then(|d| CvcDate::new(d.year(), d.month(), d.day()))
        .ok_or_else(|| {
            fail(
                idv_result::IDV_ERR_INVALID_ARGUMENT,
                format!("now_unix {now_unix}: not a date in 2000-2099 to check the terminal at"),
            )
        })?;
    Ok(Some(TerminalCredentials { today, ..t.clone() }))
}
