//! SANE scanners for idverify: list devices, read and set their options (resolution, mode,
//! source — some devices offer infrared or ultraviolet sources), scan one page to pixels
//! with its dpi, with a deadline and a cancel token.
//!
//! This crate never depends on the idverify library. It calls Debian's libsane through a
//! minimal FFI of its own (`sys`), loading the library at run time (`library`) so that
//! nothing built with this crate needs SANE installed until it scans; every `unsafe` block
//! says why it holds. Written against
//! the SANE Standard 1.06.
#![warn(missing_docs)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod device;
mod error;
mod library;
mod options;
mod page;
mod scan;
mod session;
mod sys;
mod text;

pub use device::Device;
pub use error::{SaneError, Status};
pub use library::LIBRARY_VARIABLE;
pub use options::{Constraint, OptionInfo, OptionValue, Unit, ValueKind};
pub use page::{Page, PixelFormat};
pub use scan::{CancelToken, ScanLimits};
pub use session::{DeviceInfo, Sane};
