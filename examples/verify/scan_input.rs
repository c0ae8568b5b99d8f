//! Scanned images given on the command line (`--image FILE`) and in capture bundles
//! (`--bundle DIR`), as the verifier's `ScannedImage`s: read bounded, with their light, page
//! and dpi.

use idverify::capture::Bundle;
use idverify::optical::Light;
use idverify::verify::ScannedImage;
use std::path::Path;

/// The image file at `path`, taken under white light, page 1.
pub fn image_file(path: &Path) -> Result<ScannedImage, String> {
    let bytes = idverify::local_file::read_required_file(path, crate::mrz_image::MAX_IMAGE_FILE)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(ScannedImage::encoded(Light::White, bytes))
}

/// What a capture bundle gives a verification.
pub struct BundleInput {
    /// Every image, with its light, page and dpi.
    pub images: Vec<ScannedImage>,
    /// The MRZ the bundle carries as text, and whether a serial reader sent it (else typed).
    pub text: Option<(String, bool)>,
}

/// Every image of the capture bundle at `dir` (each checked against its SHA-256 in the
/// manifest), with its light, page and dpi; and the MRZ the bundle carries as text.
pub fn bundle(dir: &Path) -> Result<BundleInput, String> {
    let bundle = Bundle::open(dir).map_err(|e| e.to_string())?;
    let mut images = Vec::new();
    for entry in &bundle.manifest().images {
        let bytes = bundle.read_image(entry).map_err(|e| e.to_string())?;
        let mut image = ScannedImage::encoded(entry.light, bytes);
        image.page = entry.page;
        image.dpi = Some(entry.dpi);
        images.push(image);
    }
    let text = bundle.manifest().mrz.as_ref().map(|m| {
        (
            m.text.clone(),
            m.source == idverify::capture::MrzSource::Serial,
        )
    });
    Ok(BundleInput { images, text })
}
