//! Scanned images given on the command line (`--image FILE`) and in capture bundles
//! (`--bundle DIR`), as the verifier's `ScannedImage`s: read bounded, with their light, page
//! and dpi.

use idverify::optical::Light;
use idverify::verify::{BundleInput, ScannedImage};
use std::path::Path;

/// The image file at `path`, taken under white light, page 1.
pub fn image_file(path: &Path) -> Result<ScannedImage, String> {
    let bytes = idverify::local_file::read_required_file(path, crate::mrz_image::MAX_IMAGE_FILE)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(ScannedImage::encoded(Light::White, bytes))
}

/// Every image of the capture bundle at `dir` (each checked against its SHA-256 in the
/// manifest), with its light, page and dpi; and the MRZ the bundle carries as text.
pub fn bundle(dir: &Path) -> Result<BundleInput, String> {
    BundleInput::read(dir).map_err(|e| e.to_string())
}
