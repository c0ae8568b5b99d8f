//! Scanned images across the C ABI: the light and pixel-format values, an encoded file or a
//! vendor SDK's raw pixel buffer (with its stride) turned into the verifier's
//! `ScannedImage`, and the document calls that add them.

use super::document::idv_document;
use super::handle;
use super::panic::{Answer, guard};
use super::result::{fail, idv_result};
use crate::optical::{Light, MAX_DIMENSION, MAX_PIXELS, PixelFormat};
use crate::verify::{ImageData, ScannedImage};

/// The most images one document takes (a few lights × a few pages).
const MAX_DOCUMENT_IMAGES: usize = 32;

/// The light an image was taken under, for `idv_document_add_image`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_light {
    /// Visible white light.
    IDV_LIGHT_WHITE = 1,
    /// Near infrared (the MRZ is printed in ink that absorbs there, ICAO 9303-3).
    IDV_LIGHT_IR = 2,
    /// Ultraviolet (the substrate must stay dull, ICAO 9303-2).
    IDV_LIGHT_UV = 3,
    /// Coaxial (retro-reflective) light.
    IDV_LIGHT_COAXIAL = 4,
}

/// How the samples of a raw pixel buffer are laid out; 16-bit samples are little-endian.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_pixel_format {
    /// One byte per pixel.
    IDV_PIXELS_GREY8 = 1,
    /// Two bytes per pixel.
    IDV_PIXELS_GREY16 = 2,
    /// Three bytes per pixel: R, G, B.
    IDV_PIXELS_RGB8 = 3,
    /// Six bytes per pixel: R, G, B of 16 bits each.
    IDV_PIXELS_RGB16 = 4,
    /// Four bytes per pixel: R, G, B, alpha (ignored).
    IDV_PIXELS_RGBA8 = 5,
}

fn invalid(detail: String) -> idv_result {
    fail(idv_result::IDV_ERR_INVALID_ARGUMENT, detail)
}

/// The light a numeric `idv_light` value names.
pub(super) fn light_of(value: u32) -> Answer<Light> {
    use idv_light::*;
    match value {
        v if v == IDV_LIGHT_WHITE as u32 => Ok(Light::White),
        v if v == IDV_LIGHT_IR as u32 => Ok(Light::Ir),
        v if v == IDV_LIGHT_UV as u32 => Ok(Light::Uv),
        v if v == IDV_LIGHT_COAXIAL as u32 => Ok(Light::Coaxial),
        _ => Err(invalid(format!(
            "light: {value} is no idv_light value (1 to 4)"
        ))),
    }
}

/// The format a numeric `idv_pixel_format` value names.
fn format_of(value: u32) -> Answer<PixelFormat> {
    use idv_pixel_format::*;
    match value {
        v if v == IDV_PIXELS_GREY8 as u32 => Ok(PixelFormat::Grey8),
        v if v == IDV_PIXELS_GREY16 as u32 => Ok(PixelFormat::Grey16),
        v if v == IDV_PIXELS_RGB8 as u32 => Ok(PixelFormat::Rgb8),
        v if v == IDV_PIXELS_RGB16 as u32 => Ok(PixelFormat::Rgb16),
        v if v == IDV_PIXELS_RGBA8 as u32 => Ok(PixelFormat::Rgba8),
        _ => Err(invalid(format!(
            "format: {value} is no idv_pixel_format value (1 to 5)"
        ))),
    }
}

/// Whether `width` × `height` pixels are some and within the optical layer's bounds.
pub(super) fn check_dimensions(width: u32, height: u32) -> Answer<()> {
    if width == 0 || height == 0 {
        return Err(invalid(format!("{width}x{height} pixels: none")));
    }
    if width > MAX_DIMENSION
        || height > MAX_DIMENSION
        || u64::from(width) * u64::from(height) > MAX_PIXELS
    {
        return Err(invalid(format!(
            "{width}x{height} pixels: more than a desk decodes ({MAX_DIMENSION} per side, \
             {MAX_PIXELS} in all)"
        )));
    }
    Ok(())
}

/// A raw buffer's pixels as tight rows (no padding), after checking the size against the
/// optical layer's bounds before anything is copied: `stride` 0 means tight rows; otherwise
/// each row starts `stride` bytes after the previous one and the last row needs only its
/// pixels.
pub(crate) fn tight_pixels(
    data: &[u8],
    width: u32,
    height: u32,
    stride: usize,
    format: u32,
) -> Answer<(PixelFormat, Vec<u8>)> {
    let format = format_of(format)?;
    check_dimensions(width, height)?;
    let row = width as usize * format.bytes_per_pixel();
    let stride = if stride == 0 { row } else { stride };
    if stride < row {
        return Err(invalid(format!(
            "stride {stride} is shorter than a row of {width} pixels ({row} bytes)"
        )));
    }
    let needed = stride
        .checked_mul(height as usize - 1)
        .and_then(|n| n.checked_add(row))
        .ok_or_else(|| invalid(format!("stride {stride}: too large")))?;
    if data.len() < needed {
        return Err(invalid(format!(
            "pixels: {} bytes, {width}x{height} pixels with stride {stride} need {needed}",
            data.len()
        )));
    }
    let pixels = if stride == row {
        data[..row * height as usize].to_vec()
    } else {
        data.chunks(stride)
            .take(height as usize)
            .flat_map(|r| &r[..row])
            .copied()
            .collect()
    };
    Ok((format, pixels))
}

fn add(document: *mut idv_document, image: ScannedImage) -> Answer<()> {
    let d = handle::get_mut(document, "document")?;
    add_all(d, vec![image])
}

/// Gives `document` all of `images`, or none of them when they would take it past
/// [`MAX_DOCUMENT_IMAGES`].
pub(super) fn add_all(document: &mut idv_document, images: Vec<ScannedImage>) -> Answer<()> {
    let held = &mut document.input_mut().images;
    if held.len() + images.len() > MAX_DOCUMENT_IMAGES {
        return Err(invalid(format!(
            "the document holds {} images; {} more would pass the {MAX_DOCUMENT_IMAGES} allowed",
            held.len(),
            images.len()
        )));
    }
    held.extend(images);
    Ok(())
}

/// `page` and `dpi` as the verifier takes them: page from 1, dpi 0 for "not reported".
pub(super) fn page_and_dpi(page: u32, dpi: u32) -> Answer<(u32, Option<u32>)> {
    if page == 0 {
        return Err(invalid("page: counts from 1".into()));
    }
    Ok((page, (dpi != 0).then_some(dpi)))
}

/// Gives the document a scanned image as an encoded file (PNG, JPEG, TIFF, BMP), taken under
/// `light` (an `idv_light` value), page (or card side) `page` from 1, at the resolution
/// `dpi` the scanner reported (0: not reported; the file's own is used). The bytes are
/// copied. `idv_verify_document` then reads the MRZ from the white image (else the infrared
/// one) when no optical MRZ was set, and lists every image's SHA-256, light, page and dpi in
/// the report's `files`. Whether the bytes decode is judged there (the report's
/// `optical_mrz.error`), not here. Answers `IDV_ERR_INVALID_ARGUMENT` for an unknown light,
/// page 0, zero length or a 33rd image.
///
/// Since API 1.4.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is a live document; `bytes` is readable for `len` bytes (borrowed for the call).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_document_add_image(
    document: *mut idv_document,
    light: u32,
    page: u32,
    dpi: u32,
    bytes: *const u8,
    len: usize,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `bytes`/`len`.
        let data = unsafe { super::args::bytes(bytes, len, "bytes") }?;
        let light = light_of(light)?;
        let (page, dpi) = page_and_dpi(page, dpi)?;
        let image = ScannedImage {
            light,
            page,
            dpi,
            data: ImageData::Encoded(data.to_vec()),
        };
        add(document, image)
    })
}

/// Gives the document a scanned image as a raw pixel buffer, as a vendor SDK delivers it:
/// `width` × `height` pixels of `format` (an `idv_pixel_format` value), rows top to bottom
/// `stride` bytes apart (0: tight rows without padding), `len` bytes in all; light, page and
/// dpi as for `idv_document_add_image`. The pixels are copied (tight rows; the report hashes
/// them so). Answers `IDV_ERR_INVALID_ARGUMENT` for an unknown light or format, page 0, a
/// stride shorter than a row, a buffer shorter than the stated size, or more pixels than the
/// optical layer decodes (10 000 per side, 36 million in all), before anything is copied.
///
/// Since API 1.4.
///
/// Thread safety: not concurrently with any other call on the same document.
///
/// # Safety
/// `document` is a live document; `pixels` is readable for `len` bytes (borrowed for the call).
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C signature: one argument per buffer property
pub unsafe extern "C" fn idv_document_add_image_pixels(
    document: *mut idv_document,
    light: u32,
    page: u32,
    dpi: u32,
    pixels: *const u8,
    len: usize,
    width: u32,
    height: u32,
    stride: usize,
    format: u32,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `pixels`/`len`.
        let data = unsafe { super::args::bytes(pixels, len, "pixels") }?;
        let light = light_of(light)?;
        let (page, dpi) = page_and_dpi(page, dpi)?;
        let (format, pixels) = tight_pixels(data, width, height, stride, format)?;
        let image = ScannedImage {
            light,
            page,
            dpi,
            data: ImageData::Raw {
                width,
                height,
                format,
                pixels,
            },
        };
        add(document, image)
    })
}
