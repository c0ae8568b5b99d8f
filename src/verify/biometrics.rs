//! The structure of DG3 (fingerprints) and DG4 (irises) as the report shows it: per data
//! group whether it was read, and per image its position, compression, size and quality
//! (ISO/IEC 19794-4/-6 headers; no biometric matching).

use super::input::DocumentInput;
use super::lang::Text;
use crate::chip::FileId;
use crate::lds::{BiometricDg, BiometricRecord, FingerRecord, IrisRecord, SecondaryBiometric};
use serde::Serialize;

/// Whether a secondary-biometric data group could be looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BiometricAccess {
    /// Read and its structure parsed.
    Read,
    /// Read, but its structure does not parse (`error` says why).
    Malformed,
    /// The chip refused it (access needs terminal authentication).
    NotReadable,
}

/// One image of DG3 or DG4 as its record header describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BiometricImageSummary {
    /// `ISO/IEC 19794-4`, `ISO/IEC 19794-6` or `ISO/IEC 39794` (not interpreted).
    pub standard: String,
    /// The position code: finger position (19794-4) or eye (19794-6: 1 right, 2 left).
    pub position_code: Option<u8>,
    /// The position's name, e.g. `right_index`, `left_eye`.
    pub position: Option<String>,
    /// Compression or image format, e.g. `WSQ`, `JPEG 2000 (mono)`.
    pub compression: Option<String>,
    /// Width in pixels.
    pub width: Option<u16>,
    /// Height in pixels.
    pub height: Option<u16>,
    /// Resolution in pixels per inch (fingerprints).
    pub resolution_ppi: Option<u32>,
    /// Quality (0-100; 254/255 not assessed or failed).
    pub quality: Option<u8>,
    /// Impression type code (fingerprints: 0 live-scan plain, 1 live-scan rolled, …).
    pub impression_type: Option<u8>,
    /// Size of the stored image in bytes.
    pub image_bytes: usize,
}

/// DG3 or DG4 in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BiometricSummary {
    /// `DG3` or `DG4`.
    pub data_group: String,
    /// `fingerprint` or `iris`.
    pub kind: String,
    /// Read, malformed or not readable.
    pub access: BiometricAccess,
    /// Why the structure does not parse (for `malformed`).
    pub error: Option<String>,
    /// The images, in the order stored.
    pub images: Vec<BiometricImageSummary>,
}

const GROUPS: [(FileId, SecondaryBiometric, &str, &str); 2] = [
    (
        FileId::Dg3,
        SecondaryBiometric::Fingerprint,
        "DG3",
        "fingerprint",
    ),
    (FileId::Dg4, SecondaryBiometric::Iris, "DG4", "iris"),
];

/// DG3 and DG4 of `input`: each one read (parsed or not) or refused by the chip; a data
/// group neither read nor refused is left out.
pub fn summarize(input: &DocumentInput) -> Vec<BiometricSummary> {
    let refused = |file: FileId, name: &str| {
        let by_chip = input
            .chip
            .as_ref()
            .is_some_and(|c| c.not_readable.contains(&file));
        let after_ta = input
            .terminal_authentication
            .as_ref()
            .is_some_and(|t| t.refused.iter().any(|r| r == name));
        by_chip || after_ta
    };
    let mut out = Vec::new();
    for (file, kind, name, kind_name) in GROUPS {
        let summary = |access, error, images| BiometricSummary {
            data_group: name.to_string(),
            kind: kind_name.to_string(),
            access,
            error,
            images,
        };
        match input.files.get(&file) {
            Some(bytes) => out.push(match BiometricDg::parse(kind, bytes) {
                Ok(dg) => summary(BiometricAccess::Read, None, images(&dg)),
                Err(e) => summary(BiometricAccess::Malformed, Some(e.to_string()), Vec::new()),
            }),
            None if refused(file, name) => {
                out.push(summary(BiometricAccess::NotReadable, None, Vec::new()))
            }
            None => {}
        }
    }
    out
}

fn images(dg: &BiometricDg) -> Vec<BiometricImageSummary> {
    let mut out = Vec::new();
    for record in &dg.records {
        match record {
            BiometricRecord::Finger(f) => out.extend(finger_images(f)),
            BiometricRecord::Iris(r) => out.extend(iris_images(r)),
            BiometricRecord::Iso39794 => out.push(BiometricImageSummary {
                standard: "ISO/IEC 39794".into(),
                position_code: None,
                position: None,
                compression: None,
                width: None,
                height: None,
                resolution_ppi: None,
                quality: None,
                impression_type: None,
                image_bytes: 0,
            }),
        }
    }
    out
}

fn finger_images(f: &FingerRecord) -> impl Iterator<Item = BiometricImageSummary> + '_ {
    f.views.iter().map(|v| BiometricImageSummary {
        standard: "ISO/IEC 19794-4".into(),
        position_code: Some(v.position),
        position: Some(finger_position(v.position).0),
        compression: f.compression_name().map(str::to_string),
        width: Some(v.width),
        height: Some(v.height),
        resolution_ppi: f.resolution_ppi(),
        quality: Some(v.quality),
        impression_type: Some(v.impression_type),
        image_bytes: v.image.len(),
    })
}

fn iris_images(r: &IrisRecord) -> impl Iterator<Item = BiometricImageSummary> + '_ {
    r.eyes.iter().flat_map(move |eye| {
        eye.images.iter().map(move |i| BiometricImageSummary {
            standard: "ISO/IEC 19794-6".into(),
            position_code: Some(eye.subtype),
            position: Some(eye_name(eye.subtype).0),
            compression: r.format_name().map(str::to_string),
            width: Some(r.width),
            height: Some(r.height),
            resolution_ppi: None,
            quality: Some(i.quality),
            impression_type: None,
            image_bytes: i.image.len(),
        })
    })
}

/// Finger position codes of ISO/IEC 19794-4:2005 §7.2.2 (the ten fingers and the plain
/// multi-finger impressions): (id, German, English).
const FINGERS: [(u8, &str, &str, &str); 14] = [
    (0, "unknown", "unbekannter Finger", "unknown finger"),
    (1, "right_thumb", "rechter Daumen", "right thumb"),
    (2, "right_index", "rechter Zeigefinger", "right index"),
    (3, "right_middle", "rechter Mittelfinger", "right middle"),
    (4, "right_ring", "rechter Ringfinger", "right ring"),
    (5, "right_little", "rechter kleiner Finger", "right little"),
    (6, "left_thumb", "linker Daumen", "left thumb"),
    (7, "left_index", "linker Zeigefinger", "left index"),
    (8, "left_middle", "linker Mittelfinger", "left middle"),
    (9, "left_ring", "linker Ringfinger", "left ring"),
    (10, "left_little", "linker kleiner Finger", "left little"),
    (
        13,
        "plain_right_four",
        "vier Finger rechts",
        "right four fingers",
    ),
    (
        14,
        "plain_left_four",
        "vier Finger links",
        "left four fingers",
    ),
    (15, "plain_thumbs", "beide Daumen", "both thumbs"),
];

/// A finger position's id and German and English name; other codes (palms, finger
/// combinations) are named by their code.
pub(crate) fn finger_position(code: u8) -> (String, Text) {
    match FINGERS.iter().find(|f| f.0 == code) {
        Some(&(_, id, de, en)) => (id.to_string(), Text::new(de, en)),
        None => (
            format!("position_{code}"),
            Text::new(format!("Position {code}"), format!("position {code}")),
        ),
    }
}

/// An eye's id and German and English name (19794-6 biometric subtype).
pub(crate) fn eye_name(subtype: u8) -> (String, Text) {
    let (id, de, en) = match subtype {
        1 => ("right_eye", "rechtes Auge", "right eye"),
        2 => ("left_eye", "linkes Auge", "left eye"),
        _ => ("eye", "Auge (nicht angegeben)", "eye (not stated)"),
    };
    (id.to_string(), Text::new(de, en))
}
