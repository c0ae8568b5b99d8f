//! A session with a chip over a `CardChannel`: APDUs, secure messaging, BAC, PACE,
//! chip and active authentication, reading files. No certificate logic.

pub mod apdu;
mod channel;
mod error;
pub mod sm;
mod status;

pub use apdu::{CommandApdu, ResponseApdu};
pub use channel::{CardChannel, ChannelError};
pub use error::ChipError;
pub use status::StatusWord;
