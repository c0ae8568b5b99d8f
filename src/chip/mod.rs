//! A session with a chip over a `CardChannel`: APDUs, secure messaging, BAC, PACE,
//! chip and active authentication, reading files. No certificate logic.
//!
//! - `transport`: what crosses the reader — APDUs, status words, the channel (PC/SC,
//!   transcript replay), GET RESPONSE and chaining, secure messaging;
//! - `access`: opening the chip — BAC and PACE;
//! - `auth`: proving chip and terminal — active authentication, chip authentication v1/v2,
//!   terminal authentication;
//! - `session`: one session with a chip and reading its files;
//! - `error`: the one error type (the files by name are `lds::FileId`, re-exported here);
//! - `testing`: fuzz properties and the tests that span protocols.
//!
//! The terminal's own credentials (certificates and key signers) are `crate::terminal`.

pub mod access;
pub mod auth;
mod error;
pub mod session;
pub(crate) mod testing;
pub mod transport;

pub use crate::lds::{EMRTD_AID, FileId};
pub use error::ChipError;
pub use session::ChipSession;
pub use session::read::{
    Ef, MAX_FILE_LEN, ReadOptions, ReadStats, SHORT_READ_SIZES, listed_data_groups,
};
pub use testing::auth_fuzz::fuzz_check as fuzz_check_auth;
pub use transport::apdu::{CommandApdu, Ne, ResponseApdu};
pub use transport::channel::{CardChannel, ChannelError};
pub use transport::exchange::Counters;
pub use transport::status::StatusWord;

/// The `apdu_response` fuzz target's property: parsing any bytes as a response or a command
/// APDU never panics, and a parsed command re-encodes to bytes that parse to it again.
#[doc(hidden)]
pub fn fuzz_check_apdu(data: &[u8]) {
    if let Ok(r) = ResponseApdu::parse(data.to_vec()) {
        assert_eq!(r.to_bytes(), data);
        let _ = r.sw.meaning();
        let _ = r.sw.to_string();
    }
    if let Ok((cmd, extended)) = CommandApdu::parse(data) {
        let again = cmd.encode_as(extended);
        assert!(again.is_ok());
        if let Ok(bytes) = again {
            assert_eq!(CommandApdu::parse(&bytes).ok(), Some((cmd, extended)));
        }
    }
}
