//! ISO/IEC 7816-4 BER-TLV: reading (zero-copy, lenient on indefinite lengths) and writing.
//! Owns tags, lengths and nesting; knows nothing of what a tag means.

mod read;
mod write;

pub use read::{Tlv, TlvIter, parse_all, parse_one};
pub use write::{encode_length, encode_tag, tlv, write_tlv};

/// Why a byte string is not valid BER-TLV.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TlvError {
    /// The input ended inside a tag, a length or a value.
    #[error("BER-TLV truncated at offset {offset}: {what}")]
    Truncated {
        /// Offset into the parsed input where more bytes were needed.
        offset: usize,
        /// Which part was cut: "tag", "length" or "value".
        what: &'static str,
    },
    /// A tag longer than 4 bytes.
    #[error("BER-TLV tag at offset {offset} is longer than 4 bytes")]
    TagTooLong {
        /// Offset of the tag's first byte.
        offset: usize,
    },
    /// A length field of more than 4 length bytes, or 0xFF.
    #[error("BER-TLV length at offset {offset} is not supported")]
    BadLength {
        /// Offset of the length's first byte.
        offset: usize,
    },
    /// An indefinite length (0x80) on a primitive tag, which BER forbids.
    #[error("BER-TLV indefinite length on a primitive tag at offset {offset}")]
    IndefinitePrimitive {
        /// Offset of the tag.
        offset: usize,
    },
    /// Indefinite-length values nested deeper than the parser allows.
    #[error("BER-TLV nested too deeply")]
    TooDeep,
}

/// The fuzz target's property, shared with the corpus replay in `cargo test`: parsing never
/// panics, and every definite-length object re-encodes to a parse of the same tag and value.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    for obj in TlvIter::new(data).take(64).flatten() {
        let again = tlv(obj.tag, obj.value);
        if let Ok((back, _)) = parse_one(&again) {
            assert_eq!((back.tag, back.value), (obj.tag, obj.value));
        }
        for child in obj.children().take(64) {
            let _ = child;
        }
    }
}
