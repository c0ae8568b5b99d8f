//! `manifest.json`: the bundle's table of contents, as types with their rules. Parsing
//! checks everything a reader relies on (version, plain file names, lights, dpi, hashes) so
//! a bundle that parses can be read without surprises.

use super::error::CaptureError;
pub use crate::optical::Light;
use serde::{Deserialize, Serialize};

/// The file name of the manifest inside a bundle folder.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The manifest version this library writes and reads.
pub const MANIFEST_VERSION: u64 = 1;
/// The most images one bundle lists (a few lights × a few pages).
pub const MAX_IMAGES: usize = 32;
/// The longest device name, file name and MRZ text kept.
const MAX_DEVICE: usize = 256;
const MAX_FILE_NAME: usize = 128;
const MAX_MRZ_TEXT: usize = 200;
/// The highest dpi accepted (document readers scan at 300–1200 dpi).
const MAX_DPI: u32 = 10_000;
/// The highest page number (pages of a passport, sides of a card).
const MAX_PAGE: u32 = 64;

/// One image of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageEntry {
    /// File name inside the bundle folder (a plain name, no folders).
    pub file: String,
    /// The light it was taken under.
    pub light: Light,
    /// Page (or card side), from 1.
    pub page: u32,
    /// Resolution in dots per inch.
    pub dpi: u32,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
}

/// Where an MRZ in the manifest came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MrzSource {
    /// Sent as text by a serial MRZ reader.
    Serial,
    /// Typed by the clerk.
    Typed,
}

/// An MRZ given as text rather than read from an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MrzEntry {
    /// The MRZ lines, separated by `\n`.
    pub text: String,
    /// Where it came from.
    pub source: MrzSource,
}

/// The contents of `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Format version, [`MANIFEST_VERSION`].
    pub version: u64,
    /// The device that captured it (SANE name, tty path, vendor reader).
    pub device: String,
    /// When, as RFC 3339 UTC (`2026-01-31T09:15:00Z`).
    pub time: String,
    /// The images, in capture order.
    pub images: Vec<ImageEntry>,
    /// An MRZ sent by a reader or typed, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mrz: Option<MrzEntry>,
}

/// The largest manifest read, in bytes.
pub(crate) const MAX_MANIFEST: usize = 64 * 1024;

impl Manifest {
    /// Parses and checks `manifest.json`'s bytes.
    pub fn from_json(bytes: &[u8]) -> Result<Manifest, CaptureError> {
        let broken = |m: String| CaptureError::BrokenManifest(m);
        if bytes.len() > MAX_MANIFEST {
            return Err(broken(format!("more than {MAX_MANIFEST} bytes")));
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| broken(e.to_string()))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(MANIFEST_VERSION) => {}
            Some(other) => return Err(CaptureError::Version(other)),
            None => return Err(broken("no numeric \"version\"".into())),
        }
        let manifest: Manifest =
            serde_json::from_value(value).map_err(|e| broken(e.to_string()))?;
        manifest.check()?;
        Ok(manifest)
    }

    /// The manifest as pretty JSON.
    pub fn to_json(&self) -> String {
        // Plain strings, numbers and enums: serialising cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Checks the rules serde's types do not express.
    pub fn check(&self) -> Result<(), CaptureError> {
        let broken = |m: String| Err(CaptureError::BrokenManifest(m));
        if self.version != MANIFEST_VERSION {
            return Err(CaptureError::Version(self.version));
        }
        if self.device.is_empty() || self.device.len() > MAX_DEVICE {
            return broken(format!("device name empty or over {MAX_DEVICE} bytes"));
        }
        if !is_utc_time(&self.time) {
            return broken(format!(
                "time {:?} is not RFC 3339 UTC (YYYY-MM-DDThh:mm:ssZ)",
                self.time
            ));
        }
        if self.images.len() > MAX_IMAGES {
            return broken(format!(
                "{} images, at most {MAX_IMAGES}",
                self.images.len()
            ));
        }
        if self.images.is_empty() && self.mrz.is_none() {
            return broken("neither images nor an MRZ".into());
        }
        for (i, image) in self.images.iter().enumerate() {
            check_file_name(&image.file)?;
            if self.images[..i]
                .iter()
                .any(|other| other.file == image.file)
            {
                return broken(format!("image {:?} listed twice", image.file));
            }
            if image.dpi == 0 || image.dpi > MAX_DPI {
                return broken(format!(
                    "image {:?}: dpi {} not in 1..={MAX_DPI}",
                    image.file, image.dpi
                ));
            }
            if image.page == 0 || image.page > MAX_PAGE {
                return broken(format!(
                    "image {:?}: page {} not in 1..={MAX_PAGE}",
                    image.file, image.page
                ));
            }
            let hex_ok = image.sha256.len() == 64
                && image
                    .sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !hex_ok {
                return broken(format!(
                    "image {:?}: sha256 is not 64 lowercase hex digits",
                    image.file
                ));
            }
        }
        if let Some(mrz) = &self.mrz
            && (mrz.text.is_empty() || mrz.text.len() > MAX_MRZ_TEXT)
        {
            return broken(format!("mrz text empty or over {MAX_MRZ_TEXT} bytes"));
        }
        Ok(())
    }
}

/// A plain file name inside the folder: letters, digits, `.`, `_`, `-`, not starting with a
/// dot, not the manifest itself. Anything with a folder part is a path escape.
pub(crate) fn check_file_name(name: &str) -> Result<(), CaptureError> {
    if name.contains(['/', '\\']) || name == ".." || name.starts_with("..") {
        return Err(CaptureError::PathEscape(name.to_string()));
    }
    let plain = !name.is_empty()
        && name.len() <= MAX_FILE_NAME
        && !name.starts_with('.')
        && name != MANIFEST_FILE
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !plain {
        return Err(CaptureError::BrokenManifest(format!(
            "image file name {name:?}: up to {MAX_FILE_NAME} of A-Z a-z 0-9 . _ -, not starting \
             with a dot, not {MANIFEST_FILE}"
        )));
    }
    Ok(())
}

/// Whether `s` is `YYYY-MM-DDThh:mm:ssZ` with plausible fields.
fn is_utc_time(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r)
            .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|t| t.parse::<u32>().ok())
    };
    matches!(
        (
            num(0..4),
            num(5..7),
            num(8..10),
            num(11..13),
            num(14..16),
            num(17..19)
        ),
        (
            Some(_),
            Some(1..=12),
            Some(1..=31),
            Some(0..=23),
            Some(0..=59),
            Some(0..=60)
        )
    )
}

/// `unix_seconds` as RFC 3339 UTC, the manifest's time format.
pub fn utc_time(unix_seconds: u64) -> String {
    crate::pki::check::format_time(i64::try_from(unix_seconds).unwrap_or(i64::MAX))
}
