//! The SANE session of this process: `sane_init` on open, `sane_exit` on drop, the list of
//! devices. SANE keeps global state, so there is at most one session per process at a time
//! (held by a [`Sane`] and the devices it opened).

use crate::device::Device;
use crate::error::{SaneError, Status, check};
use crate::{library, sys, text};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether a [`Sane`] exists in this process.
static IN_USE: AtomicBool = AtomicBool::new(false);
/// Set when a backend never returned from `sane_cancel`: SANE must not be called again.
pub(crate) static HUNG: AtomicBool = AtomicBool::new(false);

/// One scanner SANE lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// SANE's device name, e.g. `test:0` or `epson2:libusb:001:004`: what [`Sane::open`] takes.
    pub name: String,
    /// Vendor, as the backend reports it.
    pub vendor: String,
    /// Model.
    pub model: String,
    /// Kind, e.g. "flatbed scanner" or "virtual device".
    pub kind: String,
}

/// The initialised SANE library: `sane_exit` runs when the last owner (the [`Sane`] or a
/// [`Device`] that outlives it) is dropped.
pub(crate) struct Session {
    pub(crate) api: &'static sys::Api,
}

impl Drop for Session {
    fn drop(&mut self) {
        // A backend stuck in a cancel would hang sane_exit too (it closes open handles).
        if !HUNG.load(Ordering::SeqCst) {
            // SAFETY: the session was initialised by `Sane::init`; every Device holds this
            // session, so all were closed before its last owner drops it.
            unsafe { (self.api.exit)() };
        }
        IN_USE.store(false, Ordering::SeqCst);
    }
}

/// The process's SANE session. The backends SANE loads come from its configuration
/// (`dll.conf` in `$SANE_CONFIG_DIR`, else `/etc/sane.d`), read once at [`Sane::init`].
/// libsane itself is loaded at the first `init` (see [`SaneError::LibraryMissing`]).
pub struct Sane {
    // SANE is not thread-safe: the session stays on the thread that opened it (Rc is not
    // Send).
    session: Rc<Session>,
}

impl Sane {
    /// Loads libsane if needed and initialises SANE; fails with
    /// [`SaneError::LibraryMissing`] when libsane is not installed and with
    /// [`SaneError::AlreadyInUse`] while another session lives.
    pub fn init() -> Result<Sane, SaneError> {
        if HUNG.load(Ordering::SeqCst) {
            return Err(SaneError::BackendHung);
        }
        let api = library::api()?;
        if IN_USE.swap(true, Ordering::SeqCst) {
            return Err(SaneError::AlreadyInUse);
        }
        let mut version: sys::Word = 0;
        // SAFETY: `version` is a valid out pointer; no authorisation callback is passed. The
        // IN_USE flag makes this the only live initialisation in the process.
        let status = unsafe { (api.init)(&mut version, None) };
        if let Err(e) = check("sane_init", status) {
            IN_USE.store(false, Ordering::SeqCst);
            return Err(e);
        }
        Ok(Sane {
            session: Rc::new(Session { api }),
        })
    }

    /// The devices SANE finds now (local and network backends alike).
    pub fn devices(&self) -> Result<Vec<DeviceInfo>, SaneError> {
        let mut list: *mut *const sys::Device = std::ptr::null_mut();
        // SAFETY: `list` is a valid out pointer; the session is initialised (self exists).
        check("sane_get_devices", unsafe {
            (self.session.api.get_devices)(&mut list, 0)
        })?;
        let mut devices = Vec::new();
        if list.is_null() {
            return Ok(devices);
        }
        for index in 0.. {
            // SAFETY: SANE returns a NULL-terminated array of device pointers that stays valid
            // until the next sane_get_devices or sane_exit; we stop at the terminator.
            let device = unsafe { *list.add(index) };
            if device.is_null() {
                break;
            }
            // SAFETY: `device` is a non-null element of that array; its strings are
            // NUL-terminated (or null, which `text::owned` accepts) and copied at once.
            let info = unsafe {
                DeviceInfo {
                    name: text::owned((*device).name),
                    vendor: text::owned((*device).vendor),
                    model: text::owned((*device).model),
                    kind: text::owned((*device).kind),
                }
            };
            devices.push(info);
        }
        Ok(devices)
    }

    /// Opens the device called `name` (as [`DeviceInfo::name`] gives it).
    pub fn open(&self, name: &str) -> Result<Device<'_>, SaneError> {
        self.open_device(name)
    }

    /// Opens the device called `name` and hands it the session: the device keeps SANE
    /// initialised until it is dropped (for a caller that holds one scanner and no session,
    /// such as a C program through idverify's C ABI).
    pub fn into_device(self, name: &str) -> Result<Device<'static>, SaneError> {
        self.open_device(name)
    }

    fn open_device<'d>(&self, name: &str) -> Result<Device<'d>, SaneError> {
        let c_name = std::ffi::CString::new(name).map_err(|_| SaneError::Nul(name.to_string()))?;
        let mut handle: sys::Handle = std::ptr::null_mut();
        // SAFETY: `c_name` is NUL-terminated and outlives the call; `handle` is an out pointer.
        let status = unsafe { (self.session.api.open)(c_name.as_ptr(), &mut handle) };
        match Status::from_code(status) {
            None if !handle.is_null() => Ok(Device::new(Rc::clone(&self.session), handle)),
            None => Err(SaneError::NoDevice {
                name: name.to_string(),
                status: Status::Invalid,
            }),
            Some(status) => Err(SaneError::NoDevice {
                name: name.to_string(),
                status,
            }),
        }
    }
}
