//! PC/SC readers for idverify: establish a context, list readers, wait for a card (with
//! timeout and cancellation), connect, transmit APDUs, read the ATR and its capabilities.
//!
//! This crate never depends on the idverify library; the library adapts [`Card`] to its own
//! `CardChannel` trait. Everything here goes through the safe API of the `pcsc` crate.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod atr;
mod card;
mod context;
mod error;

pub use card::{Card, RECEIVE_BUFFER_LEN};
pub use context::{CancelHandle, Pcsc};
pub use error::PcscError;
