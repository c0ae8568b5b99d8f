//! The one error type of the `lds` module: why a chip file could not be read as its type.
//! Every parser in `lds` returns it; `crate::Error::Lds` wraps it.

use crate::tlv::TlvError;

/// Why bytes read from the chip are not the file they should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LdsError {
    /// The bytes are not BER-TLV.
    #[error("{file}: {source}")]
    Tlv {
        /// Which file was being parsed.
        file: &'static str,
        /// What the TLV reader found.
        source: TlvError,
    },
    /// The file's outer tag is not the one its file type requires.
    #[error("{file}: expected tag {expected:#X}, found {found:#X}")]
    WrongTag {
        /// Which file was being parsed.
        file: &'static str,
        /// The tag the file type requires.
        expected: u32,
        /// The tag that was there.
        found: u32,
    },
    /// A mandatory element is absent.
    #[error("{file}: {what} is missing")]
    Missing {
        /// Which file was being parsed.
        file: &'static str,
        /// Which element.
        what: &'static str,
    },
    /// An element is present but its content cannot be read.
    #[error("{file}: {what} is malformed")]
    Malformed {
        /// Which file was being parsed.
        file: &'static str,
        /// Which element and, where useful, why.
        what: &'static str,
    },
    /// An embedded image could not be decoded.
    #[error("image: {0}")]
    Image(String),
    /// An embedded image was refused before decoding: its header promises more pixels,
    /// components or tiles than the bounds of `lds::image_bounds` allow.
    #[error("image refused before decoding: {0}")]
    ImageRefused(String),
}

impl LdsError {
    /// Wraps a TLV error with the file it occurred in.
    pub(crate) fn tlv(file: &'static str) -> impl Fn(TlvError) -> LdsError {
        move |source| LdsError::Tlv { file, source }
    }
}
