//! The chip module's one error type: every way a session with a chip can fail, from the
//! transport up to BAC and file reading, each with enough context to act on.

use super::{ChannelError, StatusWord};
use crate::crypto::symmetric::SymmetricError;

/// Why talking to the chip failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChipError {
    /// The command could not be exchanged at all (reader gone, card removed, …).
    #[error(transparent)]
    Channel(#[from] ChannelError),
    /// The chip answered a command with an error status word.
    #[error("{command}: the chip answered {sw}")]
    Status {
        /// Which command, e.g. "READ BINARY DG2".
        command: String,
        /// The status word, with its meaning in the message.
        sw: StatusWord,
    },
    /// A response shorter than its status word, or cut inside a data object.
    #[error("truncated response ({len} bytes)")]
    ResponseTruncated {
        /// How many bytes arrived.
        len: usize,
    },
    /// A command that cannot be encoded (too much data, Le out of range).
    #[error("cannot encode command APDU: {0}")]
    BadCommand(&'static str),
    /// Bytes that are not a well-formed command APDU.
    #[error("malformed command APDU: {0}")]
    MalformedCommand(&'static str),
    /// The MAC of a secure-messaging response does not verify; nothing of it was used.
    #[error("secure messaging: the response MAC does not verify")]
    SmMacMismatch,
    /// A secure-messaging response without a data object it must carry.
    #[error("secure messaging: response lacks DO'{0:02X}'")]
    SmMissingObject(u8),
    /// The chip answered without secure messaging while a session was active (the chip
    /// ends secure messaging this way after an error).
    #[error("secure messaging: the chip answered {sw} without secure messaging")]
    SmPlainResponse {
        /// The plain status word.
        sw: StatusWord,
    },
    /// A secure-messaging response whose data objects are malformed.
    #[error("secure messaging: malformed response: {0}")]
    SmMalformed(&'static str),
    /// Secure messaging failed earlier in this session; the session keys are gone.
    #[error("secure messaging ended after an earlier error; authenticate again")]
    SmEnded,
    /// BAC failed: the chip refused the terminal's cryptogram (wrong MRZ information?) or
    /// its own answer did not check out.
    #[error("BAC failed: {0}")]
    BacFailed(String),
    /// A symmetric primitive refused its input (key or block length).
    #[error(transparent)]
    Crypto(#[from] SymmetricError),
    /// A file whose first bytes are no BER-TLV header.
    #[error("{file}: the first bytes are not a BER-TLV header")]
    BadFileHeader {
        /// Which file.
        file: String,
    },
    /// A file that ends before the length its TLV header announces.
    #[error("{file}: the chip ended the file at {got} bytes, its header says {expected}")]
    FileTruncated {
        /// Which file.
        file: String,
        /// Bytes read.
        got: usize,
        /// Bytes announced.
        expected: usize,
    },
    /// The chip refused every read size the reader tried, or stopped returning data.
    #[error("{file}: {reason}")]
    ReadFailed {
        /// Which file.
        file: String,
        /// What went wrong.
        reason: String,
    },
    /// The chip refused the access key (PACE password or BAC MRZ): a wrong CAN, MRZ, PIN or
    /// PUK, with the retry counter when the chip gave one (63Cx).
    #[error("the chip refused the {password}: wrong access key{}", .retries_left.map(|n| format!(" ({n} tries left)")).unwrap_or_default())]
    WrongAccessKey {
        /// Which password: "MRZ", "CAN", "PIN" or "PUK".
        password: &'static str,
        /// Tries left, from 63Cx.
        retries_left: Option<u8>,
        /// The status word the chip answered.
        sw: StatusWord,
    },
    /// PACE failed for another reason than the password.
    #[error("PACE failed: {0}")]
    Pace(super::access::pace::PaceError),
    /// A transcript that cannot be replayed (bad JSON, bad hex).
    #[error("transcript: {0}")]
    Transcript(String),
    /// The caller's progress observer asked to stop (between two APDUs).
    #[error("cancelled by the caller")]
    Cancelled,
}

impl ChipError {
    /// The status word, when the chip answered with an error status.
    pub fn status_word(&self) -> Option<StatusWord> {
        match self {
            ChipError::Status { sw, .. }
            | ChipError::SmPlainResponse { sw }
            | ChipError::WrongAccessKey { sw, .. } => Some(*sw),
            _ => None,
        }
    }
}
