//! The driver's error type: what went wrong talking to SANE, a device or during a scan.
//! SANE's status codes are kept by name, so a caller can tell a jam from a vanished device.

/// A SANE status other than success (SANE Standard 1.06, 4.2.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// SANE_STATUS_UNSUPPORTED
    Unsupported,
    /// SANE_STATUS_CANCELLED
    Cancelled,
    /// SANE_STATUS_DEVICE_BUSY
    DeviceBusy,
    /// SANE_STATUS_INVAL (also: no such device at open)
    Invalid,
    /// SANE_STATUS_EOF
    Eof,
    /// SANE_STATUS_JAMMED
    Jammed,
    /// SANE_STATUS_NO_DOCS
    NoDocuments,
    /// SANE_STATUS_COVER_OPEN
    CoverOpen,
    /// SANE_STATUS_IO_ERROR: the device stopped answering (unplugged, powered off, cable)
    IoError,
    /// SANE_STATUS_NO_MEM
    NoMemory,
    /// SANE_STATUS_ACCESS_DENIED
    AccessDenied,
    /// A code outside the standard's list.
    Other(i32),
}

impl Status {
    /// The status for a SANE code; `None` for SANE_STATUS_GOOD.
    pub(crate) fn from_code(code: crate::sys::Status) -> Option<Status> {
        use crate::sys::{
            STATUS_ACCESS_DENIED, STATUS_CANCELLED, STATUS_COVER_OPEN, STATUS_DEVICE_BUSY,
            STATUS_EOF, STATUS_GOOD, STATUS_INVAL, STATUS_IO_ERROR, STATUS_JAMMED, STATUS_NO_DOCS,
            STATUS_NO_MEM, STATUS_UNSUPPORTED,
        };
        Some(match code {
            STATUS_GOOD => return None,
            STATUS_UNSUPPORTED => Status::Unsupported,
            STATUS_CANCELLED => Status::Cancelled,
            STATUS_DEVICE_BUSY => Status::DeviceBusy,
            STATUS_INVAL => Status::Invalid,
            STATUS_EOF => Status::Eof,
            STATUS_JAMMED => Status::Jammed,
            STATUS_NO_DOCS => Status::NoDocuments,
            STATUS_COVER_OPEN => Status::CoverOpen,
            STATUS_IO_ERROR => Status::IoError,
            STATUS_NO_MEM => Status::NoMemory,
            STATUS_ACCESS_DENIED => Status::AccessDenied,
            other => Status::Other(other),
        })
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            Status::Unsupported => "operation not supported",
            Status::Cancelled => "operation cancelled",
            Status::DeviceBusy => "device busy",
            Status::Invalid => "invalid argument or no such device",
            Status::Eof => "no more data",
            Status::Jammed => "document feeder jammed",
            Status::NoDocuments => "document feeder out of documents",
            Status::CoverOpen => "scanner cover is open",
            Status::IoError => "error during device I/O (device unplugged or not answering)",
            Status::NoMemory => "out of memory",
            Status::AccessDenied => "access to the device denied",
            Status::Other(code) => return write!(f, "unknown SANE status {code}"),
        };
        f.write_str(text)
    }
}

/// Why a SANE operation failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SaneError {
    /// libsane could not be loaded (not installed, or not a SANE library): scanners are
    /// unavailable on this machine, everything else works.
    #[error("SANE is not installed: could not load {tried} ({reason})")]
    LibraryMissing {
        /// The library names tried.
        tried: String,
        /// The loader's reasons.
        reason: String,
    },
    /// SANE is already initialised in this process (it allows one session per process).
    #[error("SANE is already in use in this process")]
    AlreadyInUse,
    /// An earlier cancel never returned from the backend: SANE in this process is unusable.
    #[error("the SANE backend hung in an earlier cancel; restart the process")]
    BackendHung,
    /// A SANE call failed.
    #[error("SANE {operation} failed: {status}")]
    Call {
        /// The SANE function.
        operation: &'static str,
        /// Its status.
        status: Status,
    },
    /// The device named is not among the devices SANE lists or does not open.
    #[error("scanner {name:?} not available: {status}")]
    NoDevice {
        /// The device name asked for.
        name: String,
        /// SANE's status from sane_open.
        status: Status,
    },
    /// No option of that name on the device.
    #[error("scanner has no option {0:?}")]
    NoOption(String),
    /// The option exists but is inactive or cannot be set by software.
    #[error("option {0:?} is inactive or cannot be set")]
    OptionNotSettable(String),
    /// The value given does not fit the option's type or constraint.
    #[error("option {name:?}: {reason}")]
    BadValue {
        /// The option.
        name: String,
        /// What is wrong with the value.
        reason: String,
    },
    /// The scan failed while it ran: the device reported `status` after `bytes` bytes.
    #[error("scan failed after {bytes} bytes: {status}")]
    ScanFailed {
        /// What the backend reported.
        status: Status,
        /// Image bytes received before the failure.
        bytes: usize,
    },
    /// The device ended the page early: fewer bytes than its parameters announced.
    #[error("the device sent {got} of the {expected} image bytes it announced")]
    ShortImage {
        /// Bytes announced.
        expected: usize,
        /// Bytes received.
        got: usize,
    },
    /// The scan was cancelled through a [`crate::CancelToken`] (or by the device).
    #[error("scan cancelled")]
    Cancelled,
    /// The scan did not finish before its deadline.
    #[error("scan did not finish within {0:?}")]
    Timeout(std::time::Duration),
    /// The image the backend announces or delivers is not one this driver takes.
    #[error("unsupported scan: {0}")]
    Unsupported(String),
    /// A text from the backend or the caller holds a NUL byte.
    #[error("text with a NUL byte: {0:?}")]
    Nul(String),
}

/// `Ok(())` for SANE_STATUS_GOOD, else the failure of `operation`.
pub(crate) fn check(operation: &'static str, code: crate::sys::Status) -> Result<(), SaneError> {
    match Status::from_code(code) {
        None => Ok(()),
        Some(status) => Err(SaneError::Call { operation, status }),
    }
}
