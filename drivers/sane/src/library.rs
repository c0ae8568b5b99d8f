//! Loading libsane at run time: the library is opened with the system's loader the first
//! time a session starts, its functions resolved into the [`sys::Api`] table once, and kept
//! for the life of the process. Nothing links libsane at build time, so a program (or the
//! idverify C library) built with this driver runs on a desk without SANE and only the
//! scanner calls fail — with [`SaneError::LibraryMissing`], never a crash at start-up.

use crate::error::SaneError;
use crate::sys::{self, Api};
use libloading::Library;
use std::sync::OnceLock;

/// The environment variable naming the library to load instead of the usual names (a SANE
/// installed in a place the loader does not search).
pub const LIBRARY_VARIABLE: &str = "IDVERIFY_LIBSANE";

/// The names tried in order: the runtime library's versioned name (Debian's libsane1 has
/// only that one), then the development link.
#[cfg(target_os = "macos")]
const LIBRARY_NAMES: &[&str] = &["libsane.1.dylib", "libsane.dylib"];
#[cfg(windows)]
const LIBRARY_NAMES: &[&str] = &["libsane-1.dll", "libsane.dll"];
#[cfg(not(any(target_os = "macos", windows)))]
const LIBRARY_NAMES: &[&str] = &["libsane.so.1", "libsane.so"];

/// The library and the table of its functions; the library is never unloaded, so the
/// pointers in the table stay valid.
struct Loaded {
    api: Api,
    _library: Library,
}

static LOADED: OnceLock<Loaded> = OnceLock::new();

/// The SANE functions, loading libsane on the first call. A failure is not remembered: a
/// later call tries again (SANE installed while the program runs).
pub(crate) fn api() -> Result<&'static Api, SaneError> {
    if let Some(loaded) = LOADED.get() {
        return Ok(&loaded.api);
    }
    let loaded = load()?;
    // Two threads may load at once; the loser's handle is closed again by the loader's
    // reference count, and both get the table that was stored.
    Ok(&LOADED.get_or_init(|| loaded).api)
}

/// The names to try: the environment's choice alone when set, else [`LIBRARY_NAMES`].
fn candidates() -> Vec<String> {
    match std::env::var(LIBRARY_VARIABLE) {
        Ok(name) if !name.is_empty() => vec![name],
        _ => LIBRARY_NAMES.iter().map(|n| n.to_string()).collect(),
    }
}

fn load() -> Result<Loaded, SaneError> {
    let names = candidates();
    let mut reasons = Vec::new();
    for name in &names {
        // SAFETY: opening a shared library runs its initialisers. libsane's (and its
        // backends', loaded later by sane_init) have no preconditions on the caller; the
        // library is trusted as any system library the process links is.
        match unsafe { Library::new(name) } {
            Ok(library) => {
                return resolve(&library, name).map(|api| Loaded {
                    api,
                    _library: library,
                });
            }
            Err(e) => reasons.push(e.to_string()),
        }
    }
    Err(SaneError::LibraryMissing {
        tried: names.join(", "),
        reason: reasons.join("; "),
    })
}

/// Every function of the table from `library`, or the first one missing.
fn resolve(library: &Library, name: &str) -> Result<Api, SaneError> {
    let missing = |symbol: &str, e: libloading::Error| SaneError::LibraryMissing {
        tried: name.to_string(),
        reason: format!("it has no {symbol}: {e}"),
    };
    macro_rules! function {
        ($symbol:literal) => {
            // SAFETY: the symbol is the SANE Standard's function of that name, and the field
            // it is stored in has the standard's C signature (transcribed in `sys`); the
            // pointer is copied out and stays valid because the library is never unloaded.
            *unsafe { library.get(concat!($symbol, "\0").as_bytes()) }
                .map_err(|e| missing($symbol, e))?
        };
    }
    Ok(sys::Api {
        init: function!("sane_init"),
        exit: function!("sane_exit"),
        get_devices: function!("sane_get_devices"),
        open: function!("sane_open"),
        close: function!("sane_close"),
        get_option_descriptor: function!("sane_get_option_descriptor"),
        control_option: function!("sane_control_option"),
        get_parameters: function!("sane_get_parameters"),
        start: function!("sane_start"),
        read: function!("sane_read"),
        cancel: function!("sane_cancel"),
    })
}
