//! The document's scanned images decoded once per verification, with the MRZ read from each
//! image taken under white or infrared light: what the optical rules and the optical MRZ
//! look at.

use super::scanned::ScannedImage;
use crate::optical::{GreyImage, Light, OpticalMrz, read_mrz};

/// The most images decoded for one verification (a few lights × a few pages); further
/// images are listed in the report but not looked at.
pub(crate) const MAX_SCANS: usize = 16;

/// One scanned image, decoded, and the MRZ read from it.
pub(crate) struct ScanRead<'a> {
    /// The image as given.
    pub image: &'a ScannedImage,
    /// Its SHA-256 ([`ScannedImage::sha256_hex`]), computed once for the report's `files`,
    /// the optical MRZ's origin and the optical rules' evidence.
    pub sha256: String,
    /// The image in grey, or why it does not decode.
    pub grey: Result<GreyImage, String>,
    /// The MRZ read from it: `None` for lights the MRZ is not read under (ultraviolet,
    /// coaxial) and for an image that does not decode.
    pub mrz: Option<Result<OpticalMrz, String>>,
}

impl ScanRead<'_> {
    /// The MRZ read from this image, when one was read.
    pub fn mrz(&self) -> Option<&OpticalMrz> {
        self.mrz.as_ref()?.as_ref().ok()
    }
}

/// Decodes the first [`MAX_SCANS`] images and reads the MRZ from the white and infrared ones.
pub(crate) fn read_scans(images: &[ScannedImage]) -> Vec<ScanRead<'_>> {
    images
        .iter()
        .take(MAX_SCANS)
        .map(|image| {
            let grey = image.grey().map_err(|e| e.to_string());
            let mrz = match (&grey, image.light) {
                (Ok(grey), Light::White | Light::Ir) => {
                    Some(read_mrz(grey).map_err(|e| e.to_string()))
                }
                _ => None,
            };
            ScanRead {
                image,
                sha256: image.sha256_hex(),
                grey,
                mrz,
            }
        })
        .collect()
}

/// The image of `light` the MRZ was read from, else the first image of that light.
pub(crate) fn scan_with_mrz<'s, 'a>(
    scans: &'s [ScanRead<'a>],
    light: Light,
) -> Option<&'s ScanRead<'a>> {
    let of_light = || scans.iter().filter(move |s| s.image.light == light);
    of_light()
        .find(|s| matches!(s.mrz, Some(Ok(_))))
        .or_else(|| of_light().next())
}
