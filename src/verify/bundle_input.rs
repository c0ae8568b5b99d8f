//! A capture bundle as a verification's input: every image with its light, page and dpi
//! (each read bounded and checked against its SHA-256), and the MRZ the bundle carries as
//! text with where it came from. The one reading of a bundle for the command line and the
//! C ABI alike.

use super::optical_origin::MrzTextSource;
use super::scanned::ScannedImage;
use crate::capture::{Bundle, CaptureError, MrzSource};
use std::path::Path;

/// What a capture bundle gives a verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleInput {
    /// Every image in the manifest's order, with its light, page and dpi.
    pub images: Vec<ScannedImage>,
    /// The MRZ text a serial reader sent or a clerk typed, if the bundle has one.
    pub mrz: Option<(String, MrzTextSource)>,
}

impl BundleInput {
    /// Reads the bundle in `dir`: its manifest, then every image. A broken manifest, an
    /// image that is missing, outside the folder, too large or changed since the scan is an
    /// error naming it.
    pub fn read(dir: &Path) -> Result<BundleInput, CaptureError> {
        let bundle = Bundle::open(dir)?;
        let mut images = Vec::with_capacity(bundle.manifest().images.len());
        for entry in &bundle.manifest().images {
            let mut image = ScannedImage::encoded(entry.light, bundle.read_image(entry)?);
            image.page = entry.page;
            image.dpi = Some(entry.dpi);
            images.push(image);
        }
        let mrz = bundle.manifest().mrz.as_ref().map(|m| {
            let source = match m.source {
                MrzSource::Serial => MrzTextSource::SerialReader,
                MrzSource::Typed => MrzTextSource::Typed,
            };
            (m.text.clone(), source)
        });
        Ok(BundleInput { images, mrz })
    }
}
