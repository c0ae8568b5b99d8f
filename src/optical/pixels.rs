//! Raw pixel buffers (what a scanner driver hands over) to a [`GreyImage`]: grey or RGB,
//! 8 or 16 bits per sample, rows top to bottom without padding.

use super::{GreyImage, OpticalError};

/// How the samples of a raw buffer are laid out. 16-bit samples are little-endian.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixelFormat {
    /// One byte per pixel.
    Grey8,
    /// Two bytes per pixel.
    Grey16,
    /// Three bytes per pixel: R, G, B.
    Rgb8,
    /// Six bytes per pixel.
    Rgb16,
    /// Four bytes per pixel: R, G, B, alpha (ignored).
    Rgba8,
}

impl PixelFormat {
    /// Bytes per pixel.
    pub fn bytes_per_pixel(self) -> usize {
        match self {
            PixelFormat::Grey8 => 1,
            PixelFormat::Grey16 => 2,
            PixelFormat::Rgb8 => 3,
            PixelFormat::Rgb16 => 6,
            PixelFormat::Rgba8 => 4,
        }
    }
}

/// Converts a raw buffer to grey (colour by its brightest channel, as decoded files are).
/// The size is bounded before anything is allocated.
pub fn grey_from_pixels(
    width: u32,
    height: u32,
    format: PixelFormat,
    data: &[u8],
) -> Result<GreyImage, OpticalError> {
    super::decode::check_size(width, height)?;
    let pixels = width as usize * height as usize;
    let expected = pixels * format.bytes_per_pixel();
    if data.len() != expected {
        return Err(OpticalError::BufferSize {
            expected,
            found: data.len(),
        });
    }
    let grey: Vec<u8> = match format {
        PixelFormat::Grey8 => data.to_vec(),
        PixelFormat::Grey16 => data.chunks_exact(2).map(|s| s[1]).collect(),
        PixelFormat::Rgb8 => data
            .chunks_exact(3)
            .map(|p| p[0].max(p[1]).max(p[2]))
            .collect(),
        PixelFormat::Rgb16 => data
            .chunks_exact(6)
            .map(|p| p[1].max(p[3]).max(p[5]))
            .collect(),
        PixelFormat::Rgba8 => data
            .chunks_exact(4)
            .map(|p| p[0].max(p[1]).max(p[2]))
            .collect(),
    };
    GreyImage::new(width, height, grey)
}
