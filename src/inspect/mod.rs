//! The desk pipeline: open a chip (PACE, else BAC), read its files in the order ICAO 9303-11
//! recommends, run chip and active authentication, and verify; plus loading a trust store.
//!
//! Sits between [`crate::ffi`] (and the example CLI) and [`crate::verify`] / [`crate::chip`]:
//! it owns the order of the steps, progress reporting and cancellation, nothing else.

mod auth;
mod dump;
mod eid;
mod error;
#[cfg(feature = "emulator")]
mod fuzz;
mod options;
mod pipeline;
pub mod snapshot;
mod terminal;
mod trust;

#[cfg(all(test, feature = "emulator"))]
mod tests;

pub use dump::{MAX_DUMP_FILE_LEN, read_dump, read_dump_file, read_regular_file};
pub use error::InspectError;
#[cfg(feature = "emulator")]
pub use fuzz::fuzz_check;
pub use options::{InspectOptions, ProgressEvent, Stage};
pub use pipeline::{inspect, read_chip};
pub use terminal::report_input as terminal_report_input;
pub use trust::{MAX_TRUST_FILE_LEN, TrustItem, load_trust, load_trust_with_roots};
