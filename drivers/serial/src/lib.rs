//! Serial MRZ readers for idverify (swipe readers and full-page readers in code-line mode
//! that send the MRZ as text over a USB serial port): open the tty with its line settings,
//! collect lines until a complete MRZ of one of the ICAO 9303 layouts, with a deadline and a
//! cancel token.
//!
//! This crate never depends on the idverify library and never judges the MRZ: it frames
//! lines by length and character set only; the library's `mrz::parse` checks them. No
//! `unsafe`: the tty is driven through rustix.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod framing;
mod port;

pub use error::SerialError;
pub use framing::{Framer, MAX_LINE, MrzFrame, MrzShape};
pub use port::{LineSettings, MrzReader};
