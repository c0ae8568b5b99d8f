//! The verifier's configuration through the C ABI: replacing it with a JSON document
//! (`schema/verifier-config.schema.json`) and reading back the effective configuration.

use super::handle;
use super::panic::guard;
use super::result::{fail, idv_result};
use super::verifier::{c_abi_config, idv_verifier};
use crate::verify::{MAX_CONFIG_JSON_BYTES, config_from_json_over, config_to_json_text};
use std::ffi::c_char;

/// Replaces the verifier's configuration with the JSON document `json` (UTF-8, `json_len`
/// bytes, no NUL needed; format in `schema/verifier-config.schema.json`). What the document
/// leaves out takes the C ABI's defaults: the library's defaults with the face image
/// exported (`"face_export": "none"` turns it off). The trust store and an attached terminal
/// stay. Answers `IDV_ERR_INVALID_ARGUMENT` when the document is longer than 16 MiB, is not
/// JSON, or has an unknown key, rule id or severity, a wrong type or a number out of range,
/// or weakens a signed-data check without `"allow_weakening_signed_data_checks": true`; the
/// detail (`idv_last_error_detail`) names the JSON path, e.g.
/// `optical.pitch_mm: minimum 2.9 above maximum 2.78`. A refused document leaves the
/// configuration as it was. (API 1.5)
///
/// Thread safety: not concurrently with any other call on the same verifier.
///
/// # Safety
/// `verifier` is a live verifier; `json` is readable for `json_len` bytes (borrowed for the
/// call only).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_verifier_configure_json(
    verifier: *mut idv_verifier,
    json: *const c_char,
    json_len: usize,
) -> idv_result {
    guard(|| {
        let v = handle::get_mut(verifier, "verifier")?;
        if !json.is_null() && json_len > MAX_CONFIG_JSON_BYTES {
            return Err(fail(
                idv_result::IDV_ERR_INVALID_ARGUMENT,
                format!(
                    "json: length {json_len} is more than the {MAX_CONFIG_JSON_BYTES} bytes a \
                     configuration may have"
                ),
            ));
        }
        // SAFETY: the caller's contract on `json`/`json_len`.
        let text = unsafe { super::args::text(json, json_len, "json") }?;
        let config = config_from_json_over(text, c_abi_config())
            .map_err(|e| fail(idv_result::IDV_ERR_INVALID_ARGUMENT, e.to_string()))?;
        v.config_json = config_to_json_text(&config);
        v.verifier.set_config(config);
        Ok(())
    })
}

/// Points `*json`/`*len` at the verifier's effective configuration as a JSON document
/// (UTF-8, not NUL-terminated, every field and every rule; it reads back through
/// `idv_verifier_configure_json` to the same configuration). (API 1.5)
///
/// Thread safety: any thread; not concurrently with `idv_verifier_configure_json` on the
/// same verifier.
///
/// # Safety
/// `verifier` is a live verifier; `json` and `len` are valid pointers. `*json` borrows from
/// `verifier`: valid until the next `idv_verifier_configure_json` on it or
/// `idv_verifier_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_verifier_config_json(
    verifier: *const idv_verifier,
    json: *mut *const c_char,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let v = handle::get(verifier, "verifier")?;
        let json = super::args::out(json)?;
        let len = super::args::out(len)?;
        *json = v.config_json.as_ptr().cast();
        *len = v.config_json.len();
        Ok(())
    })
}
