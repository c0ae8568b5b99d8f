//! Why an image gives no MRZ: it does not decode, it is too large to decode, or no MRZ was
//! found on it.

/// Why no MRZ came out of an image.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpticalError {
    /// The bytes are not a PNG, JPEG, TIFF or BMP image, or the decoder failed on them.
    #[error("image does not decode: {0}")]
    Decode(String),
    /// The image's header promises more pixels than a desk decodes.
    #[error("image of {width}x{height} pixels is refused: {reason}")]
    TooLarge {
        /// Width from the header.
        width: u32,
        /// Height from the header.
        height: u32,
        /// Which bound it breaks.
        reason: &'static str,
    },
    /// A pixel buffer whose length does not match its width and height.
    #[error("pixel buffer of {found} bytes, expected {expected}")]
    BufferSize {
        /// Bytes needed for the stated size.
        expected: usize,
        /// Bytes given.
        found: usize,
    },
    /// The image has no zone of two or three OCR-B lines in the MRZ's shape.
    #[error("no MRZ found")]
    NoMrz,
}
