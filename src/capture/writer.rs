//! Writing a bundle folder: image files first, each hashed as it is written, the manifest
//! last (written to a temporary name and renamed), so a folder with a `manifest.json` is
//! always complete.

use super::error::{CaptureError, io_error};
use super::manifest::{
    ImageEntry, Light, MANIFEST_FILE, MANIFEST_VERSION, MAX_IMAGES, Manifest, MrzEntry,
    check_file_name,
};
use std::path::{Path, PathBuf};

/// Builds a bundle in a folder.
#[derive(Debug)]
pub struct BundleWriter {
    dir: PathBuf,
    manifest: Manifest,
}

impl BundleWriter {
    /// Starts a bundle in `dir` (created if missing) for `device` at `time` (RFC 3339 UTC,
    /// see [`super::utc_time`]). A folder that already holds a manifest is refused.
    pub fn create(dir: &Path, device: &str, time: &str) -> Result<BundleWriter, CaptureError> {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        if dir.join(MANIFEST_FILE).exists() {
            return Err(CaptureError::Exists(dir.display().to_string()));
        }
        Ok(BundleWriter {
            dir: dir.to_path_buf(),
            manifest: Manifest {
                version: MANIFEST_VERSION,
                device: device.to_string(),
                time: time.to_string(),
                images: Vec::new(),
                mrz: None,
            },
        })
    }

    /// Writes one image file (already encoded, e.g. PNG) and lists it.
    pub fn add_image(
        &mut self,
        file: &str,
        light: Light,
        page: u32,
        dpi: u32,
        bytes: &[u8],
    ) -> Result<(), CaptureError> {
        check_file_name(file)?;
        if self.manifest.images.len() >= MAX_IMAGES
            || self.manifest.images.iter().any(|i| i.file == file)
        {
            return Err(CaptureError::BrokenManifest(format!(
                "image {file:?} is listed already or the bundle is full ({MAX_IMAGES} images)"
            )));
        }
        let path = self.dir.join(file);
        std::fs::write(&path, bytes).map_err(|e| io_error(&path, e))?;
        self.manifest.images.push(ImageEntry {
            file: file.to_string(),
            light,
            page,
            dpi,
            sha256: super::sha256_hex(bytes),
        });
        Ok(())
    }

    /// Records an MRZ a reader sent or a clerk typed.
    pub fn set_mrz(&mut self, mrz: MrzEntry) {
        self.manifest.mrz = Some(mrz);
    }

    /// Checks the manifest and writes it; the bundle is then complete.
    pub fn finish(self) -> Result<Manifest, CaptureError> {
        self.manifest.check()?;
        let temporary = self.dir.join(".manifest.json.partial");
        std::fs::write(&temporary, self.manifest.to_json()).map_err(|e| io_error(&temporary, e))?;
        let path = self.dir.join(MANIFEST_FILE);
        std::fs::rename(&temporary, &path).map_err(|e| io_error(&path, e))?;
        Ok(self.manifest)
    }
}
