//! A session with a chip over a `CardChannel`: APDUs, secure messaging, BAC, PACE,
//! chip and active authentication, reading files. No certificate logic.

pub mod aa;
pub mod apdu;
mod auth_fuzz;
pub mod auth_key;
pub mod bac;
pub mod ca;
pub mod ca_group;
pub mod ca_v2;
mod channel;
mod error;
mod files;
mod hostile;
pub mod pace;
pub mod pcsc;
mod read;
#[cfg(any(test, feature = "emulator"))]
pub(crate) mod read_fuzz;
pub mod replay;
mod session;
pub mod sm;
mod status;
pub mod ta;
pub mod ta_load;
pub mod ta_run;
pub mod terminal_signer;
mod terminal_signer_ecdsa;
pub mod terminal_signer_file;
mod terminal_signer_pkcs11;
mod terminal_signer_pkcs8;
mod terminal_signer_uri;
pub mod transport;

#[cfg(test)]
mod clone_tests;
#[cfg(test)]
mod terminal_signer_tests;
#[cfg(test)]
mod tests;

pub use apdu::{CommandApdu, Ne, ResponseApdu};
pub use auth_fuzz::fuzz_check as fuzz_check_auth;
pub use channel::{CardChannel, ChannelError};
pub use error::ChipError;
pub use files::{EMRTD_AID, FileId};
pub use read::{Ef, MAX_FILE_LEN, ReadOptions, ReadStats, SHORT_READ_SIZES, listed_data_groups};
pub use session::ChipSession;
pub use status::StatusWord;
pub use terminal_signer::{SignerError, TerminalSigner, open_terminal_key};
pub use terminal_signer_file::{FileSigner, SignerRng};
pub use terminal_signer_pkcs11::Pkcs11Signer;
pub use terminal_signer_uri::{PinSpec, Pkcs11Uri};
pub use transport::Counters;

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
