//! Reading an MRZ from an image across the C ABI: from an encoded file or a raw pixel
//! buffer, answered as a handle whose JSON gives the lines, the layout, whether the read is
//! certain, its lowest confidence and every uncertain position with its reason.

use super::handle::{self, Handle, Kind};
use super::panic::{Answer, guard};
use super::result::{fail, idv_result};
use crate::optical::{
    GreyImage, OpticalError, OpticalMrz, Uncertain, decode_image, grey_from_pixels, read_mrz,
};
use serde::Serialize;
use std::ffi::c_char;

/// An MRZ read from an image (opaque). Freed with `idv_mrz_read_free`.
pub struct idv_mrz_read {
    json: String,
}

impl Handle for idv_mrz_read {
    const KIND: Kind = Kind::MrzRead;
}

/// The JSON of a read: the summary a desk needs first, then the optical layer's whole result
/// (per character: the character, its alternatives with scores, confidence and box).
#[derive(Serialize)]
struct ReadJson<'a> {
    lines: &'a [String],
    layout: crate::mrz::Layout,
    certain: bool,
    min_confidence: f64,
    uncertain: &'a [Uncertain],
    optical: &'a OpticalMrz,
}

fn to_json(read: &OpticalMrz) -> Answer<String> {
    let json = ReadJson {
        lines: &read.lines,
        layout: read.layout,
        certain: read.is_certain(),
        min_confidence: (f64::from(read.min_confidence()) * 1000.0).round() / 1000.0,
        uncertain: &read.uncertain,
        optical: read,
    };
    serde_json::to_string(&json).map_err(|e| fail(idv_result::IDV_ERR_PANIC, e.to_string()))
}

/// The code for an image that gives no MRZ.
fn optical_error(e: OpticalError) -> idv_result {
    let code = match e {
        OpticalError::NoMrz => idv_result::IDV_ERR_NO_MRZ,
        OpticalError::Decode(_) | OpticalError::TooLarge { .. } => idv_result::IDV_ERR_IMAGE,
        OpticalError::BufferSize { .. } => idv_result::IDV_ERR_INVALID_ARGUMENT,
    };
    fail(code, e.to_string())
}

fn give_read(grey: Result<GreyImage, OpticalError>, out: *mut *mut idv_mrz_read) -> Answer<()> {
    // The output pointer is checked before the read's work.
    super::args::out(out)?;
    let read = read_mrz(&grey.map_err(optical_error)?).map_err(optical_error)?;
    let json = to_json(&read)?;
    handle::give(out, idv_mrz_read { json })
}

/// Reads the MRZ from an encoded image (PNG, JPEG, TIFF, BMP; grey, colour, 16-bit) into
/// `*out`. Its size is bounded before anything is allocated. Answers `IDV_ERR_NO_MRZ` when
/// the image holds no MRZ, `IDV_ERR_IMAGE` when it does not decode or is too large. A read
/// that is not certain is still a read: its JSON says which positions are open and why.
///
/// Since API 1.4.
///
/// Thread safety: any thread. Ownership: `*out` is the caller's, freed with
/// `idv_mrz_read_free`.
///
/// # Safety
/// `bytes` is readable for `len` bytes (borrowed for the call); `out` is a valid pointer to
/// an `idv_mrz_read *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_mrz_read_image(
    bytes: *const u8,
    len: usize,
    out: *mut *mut idv_mrz_read,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `bytes`/`len`.
        let data = unsafe { super::args::bytes(bytes, len, "bytes") }?;
        give_read(decode_image(data), out)
    })
}

/// Reads the MRZ from a raw pixel buffer into `*out`: `width` × `height` pixels of `format`
/// (an `idv_pixel_format` value), rows `stride` bytes apart (0: tight rows), `len` bytes in
/// all, at `dpi` (0: unknown; the read finds the pitch itself). Answers
/// `IDV_ERR_INVALID_ARGUMENT` for an unknown format, a stride shorter than a row, a buffer
/// shorter than the stated size or more pixels than the optical layer decodes, and
/// `IDV_ERR_NO_MRZ` as `idv_mrz_read_image`.
///
/// Since API 1.4.
///
/// Thread safety: any thread. Ownership: as `idv_mrz_read_image`.
///
/// # Safety
/// `pixels` is readable for `len` bytes (borrowed for the call); `out` is a valid pointer
/// to an `idv_mrz_read *`.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C signature: one argument per buffer property
pub unsafe extern "C" fn idv_mrz_read_pixels(
    pixels: *const u8,
    len: usize,
    width: u32,
    height: u32,
    stride: usize,
    format: u32,
    dpi: u32,
    out: *mut *mut idv_mrz_read,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `pixels`/`len`.
        let data = unsafe { super::args::bytes(pixels, len, "pixels") }?;
        let (format, tight) = super::images::tight_pixels(data, width, height, stride, format)?;
        let grey = grey_from_pixels(width, height, format, &tight).map(|mut g| {
            if dpi != 0 {
                g.dpi = Some(dpi as f32);
            }
            g
        });
        give_read(grey, out)
    })
}

/// Points `*json`/`*len` at the read as JSON, UTF-8, not NUL-terminated: `lines` (as printed;
/// they feed an MRZ parser unchanged), `layout` (`TD1`, `TD2`, `TD3`…), `certain` (no open
/// position and every check digit passing), `min_confidence` (0 to 1), `uncertain` (each
/// open position: `line` and `column` from 1 and its `reason`: `ambiguous_glyph`,
/// `check_digits_do_not_settle`, `weak_glyph`, `not_allowed_here`, `check_digit_fails`), and
/// `optical` (per character its alternatives, confidence and box; orientation, skew, dpi,
/// corrections).
///
/// Since API 1.4.
///
/// Thread safety: any thread.
///
/// # Safety
/// `read` is a live MRZ read; `json` and `len` are valid pointers. `*json` borrows from
/// `read`: valid until `idv_mrz_read_free`, never freed by the caller.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_mrz_read_json(
    read: *const idv_mrz_read,
    json: *mut *const c_char,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get(read, "read")?;
        let json = super::args::out(json)?;
        let len = super::args::out(len)?;
        *json = r.json.as_ptr().cast();
        *len = r.json.len();
        Ok(())
    })
}

/// Frees an MRZ read and the JSON borrowed from it. NULL is accepted.
///
/// Since API 1.4.
///
/// Thread safety: not concurrently with any other call on the same read.
///
/// # Safety
/// `read` is NULL or a live MRZ read; neither it nor its JSON may be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_mrz_read_free(read: *mut idv_mrz_read) -> idv_result {
    guard(|| handle::destroy(read, "read"))
}
