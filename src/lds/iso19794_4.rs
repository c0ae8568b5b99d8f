//! Finger image records of ISO/IEC 19794-4:2005 as DG3 stores them (ICAO 9303-10 §4.7.3):
//! the general record header (§7.1) and each finger view's header (§7.2), the image kept raw.

use super::{
    LdsError,
    iso19794::{Reader, version_bytes},
};
use serde::Serialize;

const MAGIC: &[u8; 4] = b"FIR\0";
/// General record header (§7.1): format identifier 4, version 4, record length 6, capture
/// device 2, acquisition level 2, view count 1, scale units 1, scan resolution 2+2, image
/// resolution 2+2, pixel depth 1, compression 1, reserved 2.
const GENERAL_HEADER: usize = 32;
/// Finger image header (§7.2): data block length 4, position 1, view count 1, view number
/// 1, quality 1, impression type 1, line lengths 2+2, reserved 1.
const VIEW_HEADER: usize = 14;

/// Scale units of the resolutions (§7.1.7): pixels per inch.
pub const SCALE_PPI: u8 = 1;
/// Scale units of the resolutions (§7.1.7): pixels per centimetre.
pub const SCALE_PPCM: u8 = 2;

/// One finger (or palm) view: the finger image header of §7.2 and its image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FingerView {
    /// Finger or palm position code: 0 unknown, 1-5 right thumb to right little finger,
    /// 6-10 left thumb to left little finger, 13/14 plain right/left four fingers, 15 plain
    /// thumbs, 20-38 palm areas, 40-50 two- and three-finger combinations.
    pub position: u8,
    /// How many views of this position the record holds.
    pub view_count: u8,
    /// This view's number (1-based).
    pub view_number: u8,
    /// Quality (0-100; 254/255 not assessed or failed).
    pub quality: u8,
    /// Impression type: 0 live-scan plain, 1 live-scan rolled, 2 non-live-scan plain,
    /// 3 non-live-scan rolled, 7 latent, 8 swipe, 9 live-scan contactless.
    pub impression_type: u8,
    /// Image width in pixels (horizontal line length).
    pub width: u16,
    /// Image height in pixels (vertical line length).
    pub height: u16,
    /// Reserved byte, kept so the record re-encodes unchanged.
    pub reserved: u8,
    /// The compressed or raw image, as stored.
    #[serde(skip)]
    pub image: Vec<u8>,
}

/// An ISO/IEC 19794-4:2005 finger image record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FingerRecord {
    /// The version as stored ("010" for the 2005 edition).
    pub version: String,
    /// Capture device identifier (0 = not reported).
    pub capture_device_id: u16,
    /// Image acquisition level (10, 20, 30, 31, 40, 41).
    pub acquisition_level: u16,
    /// Units of the resolutions: [`SCALE_PPI`] or [`SCALE_PPCM`].
    pub scale_units: u8,
    /// Horizontal scan resolution.
    pub scan_resolution_horizontal: u16,
    /// Vertical scan resolution.
    pub scan_resolution_vertical: u16,
    /// Horizontal image resolution.
    pub image_resolution_horizontal: u16,
    /// Vertical image resolution.
    pub image_resolution_vertical: u16,
    /// Bits per pixel (1-16).
    pub pixel_depth: u8,
    /// Compression algorithm: 0 uncompressed, 1 uncompressed bit-packed, 2 WSQ, 3 JPEG,
    /// 4 JPEG 2000, 5 PNG.
    pub compression: u8,
    /// Reserved bytes, kept so the record re-encodes unchanged.
    pub reserved: u16,
    /// The finger views in order.
    pub views: Vec<FingerView>,
}

impl FingerView {
    /// A single plain live-scan view (1 of 1) of `position` with its image.
    pub fn plain(position: u8, width: u16, height: u16, quality: u8, image: Vec<u8>) -> Self {
        FingerView {
            position,
            view_count: 1,
            view_number: 1,
            quality,
            impression_type: 0,
            width,
            height,
            reserved: 0,
            image,
        }
    }
}

impl FingerRecord {
    /// A 2005-edition record of 8-bit images at `ppi` pixels per inch (scan and image
    /// resolution alike), acquisition level 31, capture device not reported.
    pub fn new(compression: u8, ppi: u16, views: Vec<FingerView>) -> Self {
        FingerRecord {
            version: "010".into(),
            capture_device_id: 0,
            acquisition_level: 31,
            scale_units: SCALE_PPI,
            scan_resolution_horizontal: ppi,
            scan_resolution_vertical: ppi,
            image_resolution_horizontal: ppi,
            image_resolution_vertical: ppi,
            pixel_depth: 8,
            compression,
            reserved: 0,
            views,
        }
    }

    /// Reads a record. Every length is checked: the record length must cover the header
    /// and lie within the data, each view's block must lie within the record, and the views
    /// must fill the record exactly.
    pub fn parse(data: &[u8], file: &'static str) -> Result<Self, LdsError> {
        let mut r = Reader::new(data, file, "finger record (no 'FIR' general header)");
        let version = r.magic_and_version(MAGIC)?;
        let record_length = r.uint(6, "finger record length (truncated)")?;
        let capture_device_id = r.u16("finger record header (truncated)")?;
        let acquisition_level = r.u16("finger record header (truncated)")?;
        let count = r.u8("finger record header (truncated)")?;
        let scale_units = r.u8("finger record header (truncated)")?;
        let scan_resolution_horizontal = r.u16("finger record header (truncated)")?;
        let scan_resolution_vertical = r.u16("finger record header (truncated)")?;
        let image_resolution_horizontal = r.u16("finger record header (truncated)")?;
        let image_resolution_vertical = r.u16("finger record header (truncated)")?;
        let pixel_depth = r.u8("finger record header (truncated)")?;
        let compression = r.u8("finger record header (truncated)")?;
        let reserved = r.u16("finger record header (truncated)")?;
        r.limit_to(
            record_length,
            "finger record length (outside the data block)",
        )?;
        let mut views = Vec::new();
        for _ in 0..count {
            views.push(parse_view(&mut r)?);
        }
        if !r.at_end() {
            return Err(r.error("finger record (views do not fill the record length)"));
        }
        Ok(FingerRecord {
            version,
            capture_device_id,
            acquisition_level,
            scale_units,
            scan_resolution_horizontal,
            scan_resolution_vertical,
            image_resolution_horizontal,
            image_resolution_vertical,
            pixel_depth,
            compression,
            reserved,
            views,
        })
    }

    /// The compression algorithm's name ("WSQ", "JPEG", …), `None` for an unknown code.
    pub fn compression_name(&self) -> Option<&'static str> {
        Some(match self.compression {
            0 => "uncompressed",
            1 => "uncompressed (bit-packed)",
            2 => "WSQ",
            3 => "JPEG",
            4 => "JPEG 2000",
            5 => "PNG",
            _ => return None,
        })
    }

    /// The image resolution in pixels per inch (horizontal), converted from pixels per
    /// centimetre where the record uses those; `None` for other scale units.
    pub fn resolution_ppi(&self) -> Option<u32> {
        let h = u32::from(self.image_resolution_horizontal);
        match self.scale_units {
            SCALE_PPI => Some(h),
            // 1 inch = 2.54 cm, rounded to the nearest integer.
            SCALE_PPCM => Some((h * 254 + 50) / 100),
            _ => None,
        }
    }

    /// Encodes the record, lengths computed from the content.
    pub fn encode(&self) -> Vec<u8> {
        let mut views = Vec::new();
        for v in &self.views {
            let len = VIEW_HEADER.saturating_add(v.image.len());
            views.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
            views.extend_from_slice(&[
                v.position,
                v.view_count,
                v.view_number,
                v.quality,
                v.impression_type,
            ]);
            views.extend_from_slice(&v.width.to_be_bytes());
            views.extend_from_slice(&v.height.to_be_bytes());
            views.push(v.reserved);
            views.extend_from_slice(&v.image);
        }
        let total = u64::try_from(GENERAL_HEADER.saturating_add(views.len())).unwrap_or(u64::MAX);
        let mut out = Vec::with_capacity(GENERAL_HEADER + views.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&version_bytes(&self.version));
        out.extend_from_slice(total.to_be_bytes().get(2..).unwrap_or_default());
        out.extend_from_slice(&self.capture_device_id.to_be_bytes());
        out.extend_from_slice(&self.acquisition_level.to_be_bytes());
        out.push(u8::try_from(self.views.len()).unwrap_or(u8::MAX));
        out.push(self.scale_units);
        for n in [
            self.scan_resolution_horizontal,
            self.scan_resolution_vertical,
            self.image_resolution_horizontal,
            self.image_resolution_vertical,
        ] {
            out.extend_from_slice(&n.to_be_bytes());
        }
        out.extend_from_slice(&[self.pixel_depth, self.compression]);
        out.extend_from_slice(&self.reserved.to_be_bytes());
        out.extend_from_slice(&views);
        out
    }
}

/// One finger image header (§7.2) and the image its block length covers.
fn parse_view(r: &mut Reader<'_>) -> Result<FingerView, LdsError> {
    let start = r.pos();
    let block = r.uint(4, "finger view header (truncated)")?;
    let position = r.u8("finger view header (truncated)")?;
    let view_count = r.u8("finger view header (truncated)")?;
    let view_number = r.u8("finger view header (truncated)")?;
    let quality = r.u8("finger view header (truncated)")?;
    let impression_type = r.u8("finger view header (truncated)")?;
    let width = r.u16("finger view header (truncated)")?;
    let height = r.u16("finger view header (truncated)")?;
    let reserved = r.u8("finger view header (truncated)")?;
    let block = usize::try_from(block).map_err(|_| r.error("finger view length"))?;
    let image_len = block
        .checked_sub(r.pos().saturating_sub(start))
        .ok_or(r.error("finger view length (shorter than its header)"))?;
    let image = r
        .take(image_len, "finger view length (beyond the record)")?
        .to_vec();
    Ok(FingerView {
        position,
        view_count,
        view_number,
        quality,
        impression_type,
        width,
        height,
        reserved,
        image,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Two WSQ views at 500 ppi: right and left index finger.
    pub(crate) fn sample() -> FingerRecord {
        let view =
            |position, image: &[u8]| FingerView::plain(position, 416, 480, 80, image.to_vec());
        FingerRecord::new(
            2,
            500,
            vec![view(2, &[0xFF, 0xA0, 1, 2, 3]), view(7, &[0xFF, 0xA0, 9])],
        )
    }

    #[test]
    fn layout_is_the_standard_one() {
        let bytes = sample().encode();
        // General header: magic, version, 6-byte record length = 32 + 2×14 + 5 + 3.
        assert_eq!(&bytes[..8], b"FIR\x00010\x00");
        assert_eq!(&bytes[8..14], &[0, 0, 0, 0, 0, 68]);
        assert_eq!(bytes.len(), 68);
        assert_eq!(&bytes[14..18], &[0, 0, 0, 31]); // device 0, acquisition level 31
        assert_eq!(&bytes[18..20], &[2, 1]); // two views, ppi
        assert_eq!(&bytes[20..28], &[1, 0xF4, 1, 0xF4, 1, 0xF4, 1, 0xF4]); // 500 ×4
        assert_eq!(&bytes[28..32], &[8, 2, 0, 0]); // depth 8, WSQ, reserved
        // First view: block 14 + 5, right index, 1 of 1, quality 80, plain live-scan.
        assert_eq!(&bytes[32..41], &[0, 0, 0, 19, 2, 1, 1, 80, 0]);
        assert_eq!(&bytes[41..46], &[0x01, 0xA0, 0x01, 0xE0, 0]); // 416 × 480
        let back = FingerRecord::parse(&bytes, "DG3").unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.compression_name(), Some("WSQ"));
        assert_eq!(back.resolution_ppi(), Some(500));
    }

    #[test]
    fn every_truncation_and_length_lie_is_an_error() {
        let bytes = sample().encode();
        for cut in 0..bytes.len() {
            let e = FingerRecord::parse(&bytes[..cut], "DG3").unwrap_err();
            assert!(
                matches!(e, LdsError::Malformed { file: "DG3", .. }),
                "{cut}: {e}"
            );
        }
        // Record length beyond the data, below the header, or not filled by the views.
        for len in [69u8, 31, 67] {
            let mut b = bytes.clone();
            b[13] = len;
            assert!(FingerRecord::parse(&b, "DG3").is_err(), "{len}");
        }
        // A view block shorter than its own header, and one reaching past the record.
        for block in [13u8, 0, 0xFF] {
            let mut b = bytes.clone();
            b[35] = block;
            assert!(FingerRecord::parse(&b, "DG3").is_err(), "{block}");
        }
        // A view count larger than the views present.
        let mut b = bytes.clone();
        b[18] = 3;
        assert!(FingerRecord::parse(&b, "DG3").is_err());
        // The largest lengths do not overflow.
        let mut b = bytes.clone();
        b[8..14].fill(0xFF);
        assert!(FingerRecord::parse(&b, "DG3").is_err());
        let mut b = bytes;
        b[32..36].fill(0xFF);
        assert!(FingerRecord::parse(&b, "DG3").is_err());
        assert!(FingerRecord::parse(b"FAC\x00010\x00", "DG3").is_err());
    }

    #[test]
    fn centimetre_resolution_converts_to_ppi() {
        let r = FingerRecord {
            scale_units: SCALE_PPCM,
            image_resolution_horizontal: 197,
            compression: 9,
            ..sample()
        };
        assert_eq!(r.resolution_ppi(), Some(500));
        assert_eq!(r.compression_name(), None);
        assert_eq!(FingerRecord::parse(&r.encode(), "DG3").unwrap(), r);
    }
}
