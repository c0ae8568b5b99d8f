//! A session with a chip over a `CardChannel`: APDUs, secure messaging, BAC, PACE,
//! chip and active authentication, reading files. No certificate logic.

mod channel;
pub mod pcsc;

pub use channel::{CardChannel, ChannelError};
