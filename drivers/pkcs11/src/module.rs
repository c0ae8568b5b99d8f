//! Loading PKCS#11 modules: each shared library is loaded and C_Initialize'd once per process
//! (with OS locking, PKCS#11 v2.40 §5.4) and kept for the process's lifetime, so two tokens
//! of one module never finalize each other.

use crate::error::Pkcs11Error;
use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error as CkError, RvError};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The modules loaded so far, by the path they were loaded from.
static MODULES: Mutex<Vec<(PathBuf, Pkcs11)>> = Mutex::new(Vec::new());

/// The initialized context of the module at `path`, loading it on first use.
pub(crate) fn load(path: &Path) -> Result<Pkcs11, Pkcs11Error> {
    let failed = |reason: String| Pkcs11Error::Module {
        path: path.display().to_string(),
        reason,
    };
    if !path.is_file() {
        return Err(failed("no such file".into()));
    }
    let mut modules = MODULES
        .lock()
        .map_err(|_| failed("module table poisoned".into()))?;
    if let Some((_, ctx)) = modules.iter().find(|(p, _)| p == path) {
        return Ok(ctx.clone());
    }
    let ctx = Pkcs11::new(path).map_err(|e| failed(e.to_string()))?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        // Initialized already by another part of this process: usable as it is.
        Ok(()) | Err(CkError::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(failed(format!("C_Initialize: {e}"))),
    }
    modules.push((path.to_path_buf(), ctx.clone()));
    Ok(ctx)
}
