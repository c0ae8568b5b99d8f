//! Reading a bundle folder: the manifest, then each image on demand, bounded in size,
//! confined to the folder and checked against its SHA-256.

use super::error::{CaptureError, io_error};
use super::manifest::{ImageEntry, Light, MANIFEST_FILE, MAX_MANIFEST, Manifest};
use crate::local_file::read_regular_file;
use std::path::{Path, PathBuf};

/// The largest manifest read, in bytes.
pub const MAX_MANIFEST_BYTES: usize = MAX_MANIFEST;
/// The largest image file read, in bytes (an A4 page at 1200 dpi, 16-bit colour, as PNG).
pub const MAX_IMAGE_BYTES: usize = 256 << 20;

/// A capture bundle read from its folder. The manifest is checked when the bundle is opened;
/// each image is read (and its hash checked) when asked for.
#[derive(Debug, Clone)]
pub struct Bundle {
    dir: PathBuf,
    manifest: Manifest,
}

impl Bundle {
    /// Whether `dir` holds a `manifest.json` (a bundle rather than, say, a chip dump).
    pub fn is_bundle(dir: &Path) -> bool {
        dir.join(MANIFEST_FILE).is_file()
    }

    /// Opens the bundle in `dir`: reads and checks its manifest, and checks that every image
    /// it lists is a regular file inside the folder.
    pub fn open(dir: &Path) -> Result<Bundle, CaptureError> {
        let path = dir.join(MANIFEST_FILE);
        let bytes = read_regular_file(&path, MAX_MANIFEST)
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::InvalidData => CaptureError::BrokenManifest(e.to_string()),
                _ => io_error(&path, e),
            })?
            .ok_or_else(|| CaptureError::NoManifest(dir.display().to_string()))?;
        let manifest = Manifest::from_json(&bytes)?;
        let bundle = Bundle {
            dir: dir.to_path_buf(),
            manifest,
        };
        for image in &bundle.manifest.images {
            bundle.image_path(image)?;
        }
        Ok(bundle)
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The first image taken under `light`, if any.
    pub fn image_for(&self, light: Light) -> Option<&ImageEntry> {
        self.manifest.images.iter().find(|i| i.light == light)
    }

    /// The path of `image`, which must exist and stay inside the folder once symbolic links
    /// are resolved.
    fn image_path(&self, image: &ImageEntry) -> Result<PathBuf, CaptureError> {
        let path = self.dir.join(&image.file);
        let resolved = match path.canonicalize() {
            Ok(p) => p,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CaptureError::MissingImage(image.file.clone()));
            }
            Err(e) => return Err(io_error(&path, e)),
        };
        let dir = self
            .dir
            .canonicalize()
            .map_err(|e| io_error(&self.dir, e))?;
        if resolved.parent() != Some(dir.as_path()) {
            return Err(CaptureError::PathEscape(image.file.clone()));
        }
        Ok(path)
    }

    /// The bytes of `image`, at most [`MAX_IMAGE_BYTES`], after checking its SHA-256.
    pub fn read_image(&self, image: &ImageEntry) -> Result<Vec<u8>, CaptureError> {
        let path = self.image_path(image)?;
        let bytes = read_regular_file(&path, MAX_IMAGE_BYTES)
            .map_err(|e| io_error(&path, e))?
            .ok_or_else(|| CaptureError::MissingImage(image.file.clone()))?;
        if super::sha256_hex(&bytes) != image.sha256 {
            return Err(CaptureError::HashMismatch {
                file: image.file.clone(),
            });
        }
        Ok(bytes)
    }

    /// Reads every image once, checking each hash: the whole bundle is as it was written.
    pub fn verify_images(&self) -> Result<(), CaptureError> {
        for image in &self.manifest.images {
            self.read_image(image)?;
        }
        Ok(())
    }
}
