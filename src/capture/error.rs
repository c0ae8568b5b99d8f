//! The capture bundle's error type: what is wrong with a scan folder or its manifest.

/// Why a capture bundle cannot be read or written.
#[derive(Debug, thiserror::Error)]
pub enum CaptureError {
    /// The folder has no `manifest.json`.
    #[error("{0}: no manifest.json (not a capture bundle)")]
    NoManifest(String),
    /// `manifest.json` is not valid JSON or does not follow the format.
    #[error("broken manifest.json: {0}")]
    BrokenManifest(String),
    /// The manifest's version is not one this library reads.
    #[error("manifest version {0} is not supported (this library reads version 1)")]
    Version(u64),
    /// An image file name that is not a plain file name inside the folder.
    #[error("image file {0:?} is outside the bundle folder (only plain file names are allowed)")]
    PathEscape(String),
    /// An image listed in the manifest is not there.
    #[error("image {0:?} listed in manifest.json is missing")]
    MissingImage(String),
    /// An image whose bytes do not match the SHA-256 the manifest records.
    #[error("image {file:?} does not match its SHA-256 in manifest.json (changed after the scan)")]
    HashMismatch {
        /// The image file.
        file: String,
    },
    /// Writing refused: the folder already holds a bundle.
    #[error("{0} already holds a capture bundle; refusing to overwrite it")]
    Exists(String),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason (including size caps and non-regular files).
        source: std::io::Error,
    },
}

/// The I/O error of `path`, as the bundle reader and writer report it.
pub(super) fn io_error(path: &std::path::Path, source: std::io::Error) -> CaptureError {
    CaptureError::Io {
        path: path.display().to_string(),
        source,
    }
}
