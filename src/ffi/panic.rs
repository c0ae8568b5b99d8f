//! The panic boundary: every entry point's body runs under `catch_unwind`, and a panic
//! becomes `IDV_ERR_PANIC` instead of unwinding into C (which would abort the process).

use super::result::{fail, idv_result};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// An error answered to C: its code, with the detail already recorded.
pub(crate) type Answer<T> = Result<T, idv_result>;

/// Runs `body`; `Ok` becomes `IDV_OK`, `Err(code)` that code, a panic `IDV_ERR_PANIC`.
pub(crate) fn guard(body: impl FnOnce() -> Answer<()>) -> idv_result {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => idv_result::IDV_OK,
        Ok(Err(code)) => code,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into());
            fail(idv_result::IDV_ERR_PANIC, format!("internal error: {what}"))
        }
    }
}
