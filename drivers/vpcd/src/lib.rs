//! Puts a software smart card into pcscd through vsmartcard's `vpcd` reader driver, so any
//! PC/SC program sees it: the wire protocol, the [`VirtualCard`] trait, the serving thread.
//!
//! The vpcd driver (Debian package `vsmartcard-vpcd`) listens on TCP, by default
//! 127.0.0.1:35963 for its first slot and 35964 for its second; a virtual card connects as
//! the client. Connecting inserts the card, closing the connection removes it.
//! [`testing::Pcscd`] runs a private pcscd for tests.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod config;
mod error;
mod frame;
mod serve;
pub mod testing;

pub use config::{DEFAULT_PORT, VpcdConfig};
pub use error::VpcdError;
pub use frame::{Message, read_length, read_message, read_payload, write_frame};
pub use serve::{ServeHandle, VirtualCard, serve};
