//! A scanned page as plain pixels: SANE's frame (SANE Standard 1.06, 4.3.8: rows of
//! `bytes_per_line`, gray or RGB, 1/8/16 bits per sample) turned into tightly packed rows.

use crate::error::SaneError;
use crate::sys;

/// How the pixels of a [`Page`] are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixelFormat {
    /// One byte per pixel (1-bit line art is expanded: black 0, white 255).
    Gray8,
    /// Two bytes per pixel, big-endian (as PNG stores them).
    Gray16,
    /// Three bytes per pixel, R G B.
    Rgb8,
    /// Six bytes per pixel, R G B, each big-endian.
    Rgb16,
}

impl PixelFormat {
    /// Bytes per pixel.
    pub fn bytes_per_pixel(self) -> usize {
        match self {
            PixelFormat::Gray8 => 1,
            PixelFormat::Gray16 => 2,
            PixelFormat::Rgb8 => 3,
            PixelFormat::Rgb16 => 6,
        }
    }
}

/// One scanned page.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Pixels per row.
    pub width: u32,
    /// Rows.
    pub height: u32,
    /// Pixel layout.
    pub format: PixelFormat,
    /// `width × height × bytes_per_pixel` bytes, row after row, top first.
    pub pixels: Vec<u8>,
    /// The resolution the device scanned at, when it has a resolution option.
    pub dpi: Option<f64>,
}

/// Builds the page from the frame's parameters and bytes. Rows longer than their pixels
/// (padding) are trimmed; a hand scanner's unknown height (-1) is taken from the data.
pub(crate) fn decode(
    params: &sys::Parameters,
    data: Vec<u8>,
    dpi: Option<f64>,
) -> Result<Page, SaneError> {
    let unsupported = |what: String| Err(SaneError::Unsupported(what));
    let width = usize::try_from(params.pixels_per_line).unwrap_or(0);
    let stride = usize::try_from(params.bytes_per_line).unwrap_or(0);
    if width == 0 || stride == 0 {
        return unsupported(format!(
            "the device announces {} pixels in {} bytes per line",
            params.pixels_per_line, params.bytes_per_line
        ));
    }
    let channels = if params.format == sys::FRAME_RGB {
        3
    } else {
        1
    };
    let (format, row_bytes) = match (channels, params.depth) {
        (1, 1) => (PixelFormat::Gray8, width.div_ceil(8)),
        (1, 8) => (PixelFormat::Gray8, width),
        (1, 16) => (PixelFormat::Gray16, width * 2),
        (3, 8) => (PixelFormat::Rgb8, width * 3),
        (3, 16) => (PixelFormat::Rgb16, width * 6),
        (_, depth) => return unsupported(format!("{depth}-bit samples in {channels} channels")),
    };
    if stride < row_bytes {
        return unsupported(format!(
            "{stride} bytes per line cannot hold {width} pixels"
        ));
    }
    let height = match usize::try_from(params.lines) {
        Ok(lines) => {
            if data.len() < lines * stride {
                return Err(SaneError::ShortImage {
                    expected: lines * stride,
                    got: data.len(),
                });
            }
            lines
        }
        // Unknown height (hand scanner, 4.3.8): as many whole rows as arrived.
        Err(_) => data.len() / stride,
    };
    let mut pixels = Vec::with_capacity(height * width * format.bytes_per_pixel());
    for row in data.chunks_exact(stride).take(height) {
        let row = &row[..row_bytes];
        match params.depth {
            // 1-bit: most significant bit first, 1 is black (4.3.8).
            1 => pixels.extend((0..width).map(|x| {
                if row[x / 8] & (0x80 >> (x % 8)) != 0 {
                    0
                } else {
                    255
                }
            })),
            // 16-bit samples arrive in host byte order (4.3.8).
            16 => pixels.extend(
                row.chunks_exact(2)
                    .flat_map(|s| u16::from_ne_bytes([s[0], s[1]]).to_be_bytes()),
            ),
            _ => pixels.extend_from_slice(row),
        }
    }
    let too_big = || SaneError::Unsupported("page dimensions beyond 2^32".into());
    Ok(Page {
        width: u32::try_from(width).map_err(|_| too_big())?,
        height: u32::try_from(height).map_err(|_| too_big())?,
        format,
        pixels,
        dpi,
    })
}
