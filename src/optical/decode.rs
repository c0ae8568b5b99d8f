//! Encoded scanner files (PNG, JPEG, TIFF, BMP; grey, RGB, 16-bit) to a [`GreyImage`]. The
//! size is read from the header and bounded before a decoder allocates anything; the
//! resolution the file states is kept.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use super::{GreyImage, OpticalError};
use crate::lds::ImageFormat as LdsFormat;
use crate::lds::image_bounds;

/// Largest width or height decoded: an A4 page at 600 dpi is 4961 × 7016 pixels; an A3 flatbed
/// at 600 dpi stays below 10 000.
pub const MAX_DIMENSION: u32 = 10_000;

/// Largest width × height decoded: an A4 page at 600 dpi (34.8 megapixels) fits, and its
/// grey copy takes 36 MB. Decoded as 16-bit RGB on the way to grey, the image takes at most
/// six times that.
pub const MAX_PIXELS: u64 = 36 * 1024 * 1024;

/// The most the decoders may allocate (`image::Limits::max_alloc`): 16-bit RGBA at
/// [`MAX_PIXELS`]; a second line behind the header check.
const MAX_DECODE_BYTES: u64 = MAX_PIXELS * 8;

/// The encodings a scanner writes that this layer decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Png,
    Jpeg,
    Tiff,
    Bmp,
}

fn detect(data: &[u8]) -> Option<Encoding> {
    if data.starts_with(&[0x89, b'P', b'N', b'G']) {
        Some(Encoding::Png)
    } else if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(Encoding::Jpeg)
    } else if data.starts_with(b"II*\0") || data.starts_with(b"MM\0*") {
        Some(Encoding::Tiff)
    } else if data.starts_with(b"BM") {
        Some(Encoding::Bmp)
    } else {
        None
    }
}

/// Refuses a size outside [`MAX_DIMENSION`] and [`MAX_PIXELS`], or an empty one.
pub(crate) fn check_size(width: u32, height: u32) -> Result<(), OpticalError> {
    let refuse = |reason| {
        Err(OpticalError::TooLarge {
            width,
            height,
            reason,
        })
    };
    if width == 0 || height == 0 {
        return refuse("the image is empty");
    }
    if width > MAX_DIMENSION || height > MAX_DIMENSION {
        return refuse("a side is longer than 10000 pixels");
    }
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return refuse("more than 36 megapixels");
    }
    Ok(())
}

/// Decodes a PNG, JPEG, TIFF or BMP file to grey. Colour becomes grey by the brightest
/// channel, so coloured security print fades and the black MRZ stays black.
pub fn decode_image(data: &[u8]) -> Result<GreyImage, OpticalError> {
    let encoding = detect(data)
        .ok_or_else(|| OpticalError::Decode("not a PNG, JPEG, TIFF or BMP file".into()))?;
    // PNG and JPEG: the library's own header reader (lds::image_bounds), which reads every
    // IHDR / SOFn before any decoder runs. TIFF and BMP: the decoder's header parse, which
    // reads the directory but no pixels, checked before `from_decoder` allocates.
    match encoding {
        Encoding::Png | Encoding::Jpeg => {
            let format = if encoding == Encoding::Png {
                LdsFormat::Png
            } else {
                LdsFormat::Jpeg
            };
            let header = image_bounds::read_header(format, data)
                .map_err(|e| OpticalError::Decode(e.to_string()))?;
            check_size(header.width, header.height)?;
        }
        Encoding::Tiff | Encoding::Bmp => {}
    }
    let format = match encoding {
        Encoding::Png => ImageFormat::Png,
        Encoding::Jpeg => ImageFormat::Jpeg,
        Encoding::Tiff => ImageFormat::Tiff,
        Encoding::Bmp => ImageFormat::Bmp,
    };
    let mut reader = ImageReader::with_format(Cursor::new(data), format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(decode_err)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    decoder.set_limits(limits()).map_err(decode_err)?;
    let image = DynamicImage::from_decoder(decoder).map_err(decode_err)?;
    if image.width() != width || image.height() != height {
        return Err(OpticalError::Decode(format!(
            "decoder gave {}x{} pixels, the header {width}x{height}",
            image.width(),
            image.height()
        )));
    }
    let mut grey = to_grey(image)?;
    grey.dpi = stated_dpi(encoding, data);
    Ok(grey)
}

/// Grey from any decoded colour type: the brightest of R, G, B (alpha ignored); 16-bit
/// samples keep their top byte.
fn to_grey(image: DynamicImage) -> Result<GreyImage, OpticalError> {
    let (w, h) = (image.width(), image.height());
    let pixels = if image.color().has_color() {
        // Over the raw samples in threes: the compiler vectorises this, not the per-pixel
        // iterator (a colour page spent a tenth of its read here).
        let rgb = image.into_rgb8().into_raw();
        rgb.chunks_exact(3)
            .map(|p| p[0].max(p[1]).max(p[2]))
            .collect()
    } else {
        image.into_luma8().into_raw()
    };
    GreyImage::new(w, h, pixels)
}

/// The decoders' allocation limit (the size is checked from the header before).
fn limits() -> Limits {
    let mut limits = Limits::no_limits();
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn decode_err(e: image::ImageError) -> OpticalError {
    match e {
        image::ImageError::Limits(_) => OpticalError::TooLarge {
            width: 0,
            height: 0,
            reason: "the decoder's memory limit",
        },
        other => OpticalError::Decode(other.to_string()),
    }
}

/// The resolution the file states: PNG pHYs (pixels per metre), JPEG JFIF APP0 (dots per
/// inch or per cm), BMP's pixels per metre. `None` when absent or implausible.
fn stated_dpi(encoding: Encoding, data: &[u8]) -> Option<f32> {
    let dpi = match encoding {
        Encoding::Png => png_dpi(data)?,
        Encoding::Jpeg => jfif_dpi(data)?,
        Encoding::Bmp => {
            let ppm = u32::from_le_bytes(data.get(38..42)?.try_into().ok()?);
            ppm as f32 * 0.0254
        }
        Encoding::Tiff => return None,
    };
    (50.0..=2400.0).contains(&dpi).then_some(dpi)
}

fn png_dpi(data: &[u8]) -> Option<f32> {
    let mut at = 8usize;
    while at + 8 <= data.len() {
        let len = u32::from_be_bytes(data[at..at + 4].try_into().ok()?) as usize;
        let kind = &data[at + 4..at + 8];
        let body = data.get(at + 8..at.checked_add(8)?.checked_add(len)?)?;
        match kind {
            b"pHYs" if body.len() >= 9 && body[8] == 1 => {
                let ppm = u32::from_be_bytes(body[0..4].try_into().ok()?);
                return Some(ppm as f32 * 0.0254);
            }
            b"IDAT" | b"IEND" => return None,
            _ => {}
        }
        at = at.checked_add(12)?.checked_add(len)?;
    }
    None
}

fn jfif_dpi(data: &[u8]) -> Option<f32> {
    // SOI, then APP0 "JFIF\0" version(2) units(1) Xdensity(2) Ydensity(2).
    let app0 = data.get(2..20)?;
    if app0[0..2] != [0xFF, 0xE0] || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let density = f32::from(u16::from_be_bytes([app0[12], app0[13]]));
    match app0[11] {
        1 => Some(density),
        2 => Some(density * 2.54),
        _ => None,
    }
}
