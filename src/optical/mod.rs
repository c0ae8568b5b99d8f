//! The optical layer: the MRZ read from a scanner's image. Decodes PNG, JPEG, TIFF and BMP
//! (size bounded before allocation), finds the zone in any orientation and up to ±10° of
//! skew, recognises the OCR-B characters (ICAO 9303-3) and decides them with the layout
//! and check digits; pure logic on bytes or pixels, never files or devices.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let scan: Vec<u8> = std::fs::read("page.png")?; // the caller opens files
//! let read = idverify::optical::read_mrz_from_bytes(&scan)?;
//! let today = idverify::mrz::Date::new(2026, 12, 6).unwrap();
//! let mrz = idverify::mrz::parse(&read.text(), today)?;
//! println!("{} {}", mrz.layout.name(), if read.is_certain() { "certain" } else { "uncertain" });
//! # Ok(()) }
//! ```

mod cells;
mod classify;
mod components;
mod decode;
mod error;
// Generated (tests/optical_templates.rs), kept byte for byte as the generator writes it.
#[rustfmt::skip]
mod glyph_templates;
mod grammar;
mod grey;
mod light;
mod locate;
mod measure;
mod pixels;
mod read;
mod result;

pub use cells::{
    CAP_PER_PITCH, CellGeometry, InkLevels, LOW_RESOLUTION_PITCH, PATCH_HEIGHT, PATCH_WIDTH,
    cell_patch,
};
pub use classify::{ALPHABET, classify};
pub use decode::{MAX_DIMENSION, MAX_PIXELS, decode_image};
pub use error::OpticalError;
pub use grey::GreyImage;
pub use light::Light;
pub use measure::{
    Fluorescence, MrzGeometry, PrintContrast, mrz_geometry, print_contrast, substrate_fluorescence,
};
pub use pixels::{PixelFormat, grey_from_pixels};
pub use read::read_mrz;
pub use result::{CharBox, CharRead, OpticalCorrection, OpticalMrz, Uncertain, UncertainReason};

/// Decodes `data` (PNG, JPEG, TIFF or BMP) and reads its MRZ.
pub fn read_mrz_from_bytes(data: &[u8]) -> Result<OpticalMrz, OpticalError> {
    read_mrz(&decode_image(data)?)
}

/// Fuzzing entry: any bytes as an encoded file, and as a raw pixel buffer whose first
/// bytes give the width and format. Must never panic.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let _ = read_mrz_from_bytes(data);
    if let [w0, w1, f, rest @ ..] = data {
        let width = u32::from(u16::from_le_bytes([*w0, *w1]) % 512).max(1);
        let format = match f % 5 {
            0 => PixelFormat::Grey8,
            1 => PixelFormat::Grey16,
            2 => PixelFormat::Rgb8,
            3 => PixelFormat::Rgb16,
            _ => PixelFormat::Rgba8,
        };
        let per_row = width as usize * format.bytes_per_pixel();
        let height = (rest.len() / per_row.max(1)) as u32;
        if let Ok(grey) =
            grey_from_pixels(width, height, format, &rest[..per_row * height as usize])
        {
            let _ = read_mrz(&grey);
        }
    }
}
