//! The document's scanned images as the desk hands them to a verification: each with the
//! light it was taken under, its page and resolution, and its bytes as the scanner wrote
//! them (an encoded file) or as a vendor SDK delivered them (a raw pixel buffer).

use crate::optical::{GreyImage, Light, OpticalError, PixelFormat, decode_image, grey_from_pixels};

/// An image's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageData {
    /// A PNG, JPEG, TIFF or BMP file.
    Encoded(Vec<u8>),
    /// Raw pixels, rows top to bottom without padding.
    Raw {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
        /// How each pixel is stored.
        format: PixelFormat,
        /// `width × height × format.bytes_per_pixel()` bytes.
        pixels: Vec<u8>,
    },
}

/// One scanned image of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedImage {
    /// The light it was taken under.
    pub light: Light,
    /// Page (or card side), from 1.
    pub page: u32,
    /// The resolution the scanner reports, when it reports one; it takes precedence over a
    /// resolution stated inside an encoded file.
    pub dpi: Option<u32>,
    /// The image.
    pub data: ImageData,
}

impl ScannedImage {
    /// An encoded image file (PNG, JPEG, TIFF, BMP) taken under `light`, page 1.
    pub fn encoded(light: Light, bytes: Vec<u8>) -> Self {
        ScannedImage {
            light,
            page: 1,
            dpi: None,
            data: ImageData::Encoded(bytes),
        }
    }

    /// The bytes as given: the file, or the raw buffer.
    fn bytes(&self) -> &[u8] {
        match &self.data {
            ImageData::Encoded(b) => b,
            ImageData::Raw { pixels, .. } => pixels,
        }
    }

    /// The number of bytes as given (the file, or the raw buffer).
    pub fn byte_len(&self) -> usize {
        self.bytes().len()
    }

    /// The SHA-256 of the bytes as given (the file, or the raw buffer), lowercase hex: what
    /// the report and the record name the image by.
    pub fn sha256_hex(&self) -> String {
        crate::crypto::hash::sha256_hex(self.bytes())
    }

    /// The image decoded to grey, with the scanner's resolution when it reported one, else
    /// the file's. The size is bounded before anything is allocated.
    pub fn grey(&self) -> Result<GreyImage, OpticalError> {
        let mut grey = match &self.data {
            ImageData::Encoded(bytes) => decode_image(bytes)?,
            ImageData::Raw {
                width,
                height,
                format,
                pixels,
            } => grey_from_pixels(*width, *height, *format, pixels)?,
        };
        if let Some(dpi) = self.dpi {
            grey.dpi = Some(dpi as f32);
        }
        Ok(grey)
    }
}
