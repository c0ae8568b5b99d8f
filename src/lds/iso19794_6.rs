//! Iris image records of ISO/IEC 19794-6:2005 as DG4 stores them (ICAO 9303-10 §4.7.4):
//! the record header, each eye's biometric subtype header and image headers, images raw.

use super::{
    LdsError,
    iso19794::{Reader, version_bytes},
};
use serde::Serialize;

const MAGIC: &[u8; 4] = b"IIR\0";
/// Record header (19794-6:2005 record format): format identifier 4, version 4, record length
/// 4, capture device 2, subtype count 1, header length 2 (the value 45), image properties 2,
/// iris diameter 2, image format 2, width 2, height 2, intensity depth 1, image
/// transformation 1, device unique identifier 16.
const RECORD_HEADER: usize = 45;
/// Iris biometric subtype header: subtype (eye) 1, image count 2.
const SUBTYPE_HEADER: usize = 3;
/// Iris image header: image number 2, quality 1, rotation angle 2, rotation uncertainty 2,
/// image length 4.
const IMAGE_HEADER: usize = 11;

/// One iris image and its header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IrisImage {
    /// The image's number.
    pub number: u16,
    /// Quality (0-100; 254/255 not assessed or failed).
    pub quality: u8,
    /// Rotation angle of the eye (0xFFFF undefined).
    pub rotation_angle: u16,
    /// Rotation uncertainty (0xFFFF undefined).
    pub rotation_uncertainty: u16,
    /// The image, as stored.
    #[serde(skip)]
    pub image: Vec<u8>,
}

/// One eye: the biometric subtype and its images.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IrisEye {
    /// Biometric subtype: 0 undefined, 1 right eye, 2 left eye.
    pub subtype: u8,
    /// The images of this eye.
    pub images: Vec<IrisImage>,
}

/// An ISO/IEC 19794-6:2005 iris image record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IrisRecord {
    /// The version as stored ("010" for the 2005 edition).
    pub version: String,
    /// Capture device identifier (0 = not reported).
    pub capture_device_id: u16,
    /// Image property bit field (orientation, scan type, occlusion, boundary extraction).
    pub image_properties: u16,
    /// Expected iris diameter in pixels.
    pub iris_diameter: u16,
    /// Image format: 2 mono raw, 4 RGB raw, 6 mono JPEG, 8 RGB JPEG, 10 mono JPEG-LS,
    /// 12 RGB JPEG-LS, 14 mono JPEG 2000, 16 RGB JPEG 2000.
    pub image_format: u16,
    /// Image width in pixels.
    pub width: u16,
    /// Image height in pixels.
    pub height: u16,
    /// Bits per colour component.
    pub intensity_depth: u8,
    /// Image transformation (0 undefined, 1 standard).
    pub image_transformation: u8,
    /// Device unique identifier (16 bytes, zeros when not reported).
    pub device_unique_id: [u8; 16],
    /// The eyes in order.
    pub eyes: Vec<IrisEye>,
}

impl IrisEye {
    /// Eye `subtype` with one image (number 1, rotation undefined).
    pub fn single(subtype: u8, quality: u8, image: Vec<u8>) -> Self {
        IrisEye {
            subtype,
            images: vec![IrisImage {
                number: 1,
                quality,
                rotation_angle: 0xFFFF,
                rotation_uncertainty: 0xFFFF,
                image,
            }],
        }
    }
}

impl IrisRecord {
    /// A 2005-edition record of 8-bit images in `image_format`, standard transformation,
    /// no image properties, capture device not reported.
    pub fn new(
        image_format: u16,
        width: u16,
        height: u16,
        iris_diameter: u16,
        eyes: Vec<IrisEye>,
    ) -> Self {
        IrisRecord {
            version: "010".into(),
            capture_device_id: 0,
            image_properties: 0,
            iris_diameter,
            image_format,
            width,
            height,
            intensity_depth: 8,
            image_transformation: 1,
            device_unique_id: [0; 16],
            eyes,
        }
    }

    /// Reads a record. Every length is checked: the record length must cover the header and
    /// lie within the data, the header length must be 45, each image must lie within the
    /// record, and the eyes must fill the record exactly.
    pub fn parse(data: &[u8], file: &'static str) -> Result<Self, LdsError> {
        let mut r = Reader::new(data, file, "iris record (no 'IIR' record header)");
        let version = r.magic_and_version(MAGIC)?;
        let record_length = r.uint(4, "iris record length (truncated)")?;
        let capture_device_id = r.u16("iris record header (truncated)")?;
        let subtypes = r.u8("iris record header (truncated)")?;
        let header_length = r.u16("iris record header (truncated)")?;
        if usize::from(header_length) != RECORD_HEADER {
            return Err(r.error("iris record header length (not 45)"));
        }
        let image_properties = r.u16("iris record header (truncated)")?;
        let iris_diameter = r.u16("iris record header (truncated)")?;
        let image_format = r.u16("iris record header (truncated)")?;
        let width = r.u16("iris record header (truncated)")?;
        let height = r.u16("iris record header (truncated)")?;
        let intensity_depth = r.u8("iris record header (truncated)")?;
        let image_transformation = r.u8("iris record header (truncated)")?;
        let mut device_unique_id = [0u8; 16];
        device_unique_id.copy_from_slice(r.take(16, "iris record header (truncated)")?);
        r.limit_to(record_length, "iris record length (outside the data block)")?;
        let mut eyes = Vec::new();
        for _ in 0..subtypes {
            let subtype = r.u8("iris subtype header (truncated)")?;
            let count = r.u16("iris subtype header (truncated)")?;
            let mut images = Vec::new();
            for _ in 0..count {
                let number = r.u16("iris image header (truncated)")?;
                let quality = r.u8("iris image header (truncated)")?;
                let rotation_angle = r.u16("iris image header (truncated)")?;
                let rotation_uncertainty = r.u16("iris image header (truncated)")?;
                let len = r.uint(4, "iris image header (truncated)")?;
                let len = usize::try_from(len).map_err(|_| r.error("iris image length"))?;
                let image = r
                    .take(len, "iris image length (beyond the record)")?
                    .to_vec();
                images.push(IrisImage {
                    number,
                    quality,
                    rotation_angle,
                    rotation_uncertainty,
                    image,
                });
            }
            eyes.push(IrisEye { subtype, images });
        }
        if !r.at_end() {
            return Err(r.error("iris record (eyes do not fill the record length)"));
        }
        Ok(IrisRecord {
            version,
            capture_device_id,
            image_properties,
            iris_diameter,
            image_format,
            width,
            height,
            intensity_depth,
            image_transformation,
            device_unique_id,
            eyes,
        })
    }

    /// The image format's name ("JPEG 2000", …), `None` for an unknown code.
    pub fn format_name(&self) -> Option<&'static str> {
        Some(match self.image_format {
            2 => "raw (mono)",
            4 => "raw (RGB)",
            6 => "JPEG (mono)",
            8 => "JPEG (RGB)",
            10 => "JPEG-LS (mono)",
            12 => "JPEG-LS (RGB)",
            14 => "JPEG 2000 (mono)",
            16 => "JPEG 2000 (RGB)",
            _ => return None,
        })
    }

    /// Encodes the record, lengths computed from the content.
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(self.eyes.len() * (SUBTYPE_HEADER + IMAGE_HEADER));
        for eye in &self.eyes {
            body.push(eye.subtype);
            let count = u16::try_from(eye.images.len()).unwrap_or(u16::MAX);
            body.extend_from_slice(&count.to_be_bytes());
            for i in &eye.images {
                body.extend_from_slice(&i.number.to_be_bytes());
                body.push(i.quality);
                body.extend_from_slice(&i.rotation_angle.to_be_bytes());
                body.extend_from_slice(&i.rotation_uncertainty.to_be_bytes());
                let len = u32::try_from(i.image.len()).unwrap_or(u32::MAX);
                body.extend_from_slice(&len.to_be_bytes());
                body.extend_from_slice(&i.image);
            }
        }
        let total = u32::try_from(RECORD_HEADER.saturating_add(body.len())).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(RECORD_HEADER + body.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&version_bytes(&self.version));
        out.extend_from_slice(&total.to_be_bytes());
        out.extend_from_slice(&self.capture_device_id.to_be_bytes());
        out.push(u8::try_from(self.eyes.len()).unwrap_or(u8::MAX));
        out.extend_from_slice(&[0, 45]);
        for n in [
            self.image_properties,
            self.iris_diameter,
            self.image_format,
            self.width,
            self.height,
        ] {
            out.extend_from_slice(&n.to_be_bytes());
        }
        out.extend_from_slice(&[self.intensity_depth, self.image_transformation]);
        out.extend_from_slice(&self.device_unique_id);
        out.extend_from_slice(&body);
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Right and left eye, one mono JPEG 2000 image each, 640 × 480.
    pub(crate) fn sample() -> IrisRecord {
        let eyes = vec![
            IrisEye::single(1, 70, vec![0, 0, 0, 0x0C]),
            IrisEye::single(2, 70, vec![0xFF, 0x4F]),
        ];
        IrisRecord::new(14, 640, 480, 200, eyes)
    }

    #[test]
    fn layout_is_the_standard_one() {
        let bytes = sample().encode();
        let len = RECORD_HEADER + 2 * (SUBTYPE_HEADER + IMAGE_HEADER) + 4 + 2;
        assert_eq!(bytes.len(), len);
        assert_eq!(&bytes[..8], b"IIR\x00010\x00");
        assert_eq!(&bytes[8..12], &u32::try_from(len).unwrap().to_be_bytes());
        assert_eq!(&bytes[12..17], &[0, 0, 2, 0, 45]); // device, two eyes, header length
        assert_eq!(&bytes[19..23], &[0, 200, 0, 14]); // diameter, mono JPEG 2000
        assert_eq!(&bytes[23..27], &[2, 0x80, 1, 0xE0]); // 640 × 480
        assert_eq!(&bytes[45..48], &[1, 0, 1]); // right eye, one image
        assert_eq!(
            &bytes[48..59],
            &[0, 1, 70, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 4]
        );
        let back = IrisRecord::parse(&bytes, "DG4").unwrap();
        assert_eq!(back, sample());
        assert_eq!(back.format_name(), Some("JPEG 2000 (mono)"));
    }

    #[test]
    fn every_truncation_and_length_lie_is_an_error() {
        let bytes = sample().encode();
        for cut in 0..bytes.len() {
            let e = IrisRecord::parse(&bytes[..cut], "DG4").unwrap_err();
            assert!(
                matches!(e, LdsError::Malformed { file: "DG4", .. }),
                "{cut}: {e}"
            );
        }
        let last = bytes.len() - 1;
        let patch = |at: usize, v: u8| {
            let mut b = bytes.clone();
            b[at] = v;
            IrisRecord::parse(&b, "DG4")
        };
        // Record length too long, too short; header length not 45; too many eyes or images;
        // an image longer than the record.
        for (at, v) in [(11, 0xFF), (11, 44), (11, bytes[11] - 1), (16, 44), (14, 3)] {
            assert!(patch(at, v).is_err(), "{at} {v}");
        }
        assert!(patch(47, 2).is_err());
        assert!(patch(58, 0xFF).is_err());
        assert!(patch(55, 0xFF).is_err());
        assert!(patch(last, 0).is_ok());
        assert!(IrisRecord::parse(b"FIR\x00010\x00", "DG4").is_err());
    }
}
