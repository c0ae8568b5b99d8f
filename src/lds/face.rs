//! Face records inside a DG2 biometric data block: ISO/IEC 19794-5:2005 (binary, 'FAC\0',
//! §5.4-5.7) parsed and encoded field by field, and ISO/IEC 39794-5 (ASN.1) whose image
//! data is located by content (the header fields of 39794-5 are not interpreted).

use super::{LdsError, image::EncodedImage};
use crate::tlv::{self, Tlv};
use serde::Serialize;

const FILE: &str = "DG2";
const MAGIC: &[u8; 4] = b"FAC\0";
/// General header length: magic 4, version 4, record length 4, image count 2.
const GENERAL_HEADER: usize = 14;
/// Facial record data: length 4, feature points 2, gender 1, eyes 1, hair 1, mask 3,
/// expression 2, pose angle 3, pose uncertainty 3.
const FACIAL_DATA: usize = 20;
const FEATURE_POINT: usize = 8;
const IMAGE_INFO: usize = 12;

/// One feature point (ISO/IEC 19794-5 §5.6.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FeaturePoint {
    /// Feature point type (1 = MPEG-4).
    pub kind: u8,
    /// Feature point code (major in the high nibble, minor in the low).
    pub code: u8,
    /// Horizontal position in pixels.
    pub x: u16,
    /// Vertical position in pixels.
    pub y: u16,
}

/// One facial record of ISO/IEC 19794-5:2005: the descriptive data, the image information
/// and the image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaceInfo {
    /// Gender (0 unspecified, 1 male, 2 female, 0xFF unknown).
    pub gender: u8,
    /// Eye colour code.
    pub eye_colour: u8,
    /// Hair colour code.
    pub hair_colour: u8,
    /// Feature mask (24 bits).
    pub feature_mask: u32,
    /// Expression code.
    pub expression: u16,
    /// Pose angle yaw, pitch, roll (encoded as in §5.5.7).
    pub pose_angle: [u8; 3],
    /// Pose angle uncertainty yaw, pitch, roll.
    pub pose_angle_uncertainty: [u8; 3],
    /// Feature points.
    pub feature_points: Vec<FeaturePoint>,
    /// Face image type (0 basic, 1 full frontal, 2 token frontal).
    pub face_image_type: u8,
    /// Image data type as the header says (0 JPEG, 1 JPEG 2000); the format actually
    /// used is `image.format`, told by magic bytes.
    pub image_data_type: u8,
    /// Width in pixels as the header says.
    pub width: u16,
    /// Height in pixels as the header says.
    pub height: u16,
    /// Image colour space code.
    pub colour_space: u8,
    /// Source type code.
    pub source_type: u8,
    /// Device type.
    pub device_type: u16,
    /// Quality.
    pub quality: u16,
    /// The image.
    pub image: EncodedImage,
}

/// A face biometric data block as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FaceRecord {
    /// ISO/IEC 19794-5 (binary 'FAC\0' record).
    Iso19794 {
        /// The version as stored ("010" for the 2005 edition).
        version: String,
        /// The facial records.
        faces: Vec<FaceInfo>,
    },
    /// ISO/IEC 39794-5 (ASN.1): the images found in it.
    Iso39794 {
        /// The images, in order of appearance.
        images: Vec<EncodedImage>,
    },
}

impl FaceRecord {
    /// Every image of the record.
    pub fn images(&self) -> Vec<&EncodedImage> {
        match self {
            FaceRecord::Iso19794 { faces, .. } => faces.iter().map(|f| &f.image).collect(),
            FaceRecord::Iso39794 { images } => images.iter().collect(),
        }
    }

    /// Reads an ISO/IEC 19794-5 record. Lenient: a record or block length that overstates
    /// what is there is cut to the data present (seen on real documents).
    pub fn parse_19794(data: &[u8]) -> Result<Self, LdsError> {
        let mut r = Reader { data, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(LdsError::Malformed {
                file: FILE,
                what: "face record (no 'FAC' header)",
            });
        }
        let version_bytes = r.take(4)?;
        // Each byte as one character, so any four bytes re-encode unchanged.
        let version: String = version_bytes
            .iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .trim_end_matches('\0')
            .to_string();
        let _record_length = r.u32()?;
        let count = r.u16()?;
        let mut faces = Vec::new();
        for _ in 0..count {
            let start = r.pos;
            let block_len = usize::try_from(r.u32()?).unwrap_or(usize::MAX);
            let points = r.u16()?;
            let gender = r.u8()?;
            let eye_colour = r.u8()?;
            let hair_colour = r.u8()?;
            let feature_mask = r.u24()?;
            let expression = r.u16()?;
            let pose_angle = r.arr3()?;
            let pose_angle_uncertainty = r.arr3()?;
            let mut feature_points = Vec::new();
            for _ in 0..points {
                let kind = r.u8()?;
                let code = r.u8()?;
                let x = r.u16()?;
                let y = r.u16()?;
                let _reserved = r.u16()?;
                feature_points.push(FeaturePoint { kind, code, x, y });
            }
            let face_image_type = r.u8()?;
            let image_data_type = r.u8()?;
            let width = r.u16()?;
            let height = r.u16()?;
            let colour_space = r.u8()?;
            let source_type = r.u8()?;
            let device_type = r.u16()?;
            let quality = r.u16()?;
            let header_len = r.pos.saturating_sub(start);
            let image_len = block_len.saturating_sub(header_len);
            let available = data.len().saturating_sub(r.pos);
            let image = r.take(image_len.min(available))?.to_vec();
            faces.push(FaceInfo {
                gender,
                eye_colour,
                hair_colour,
                feature_mask,
                expression,
                pose_angle,
                pose_angle_uncertainty,
                feature_points,
                face_image_type,
                image_data_type,
                width,
                height,
                colour_space,
                source_type,
                device_type,
                quality,
                image: EncodedImage::new(image),
            });
        }
        Ok(FaceRecord::Iso19794 { version, faces })
    }

    /// Reads an ISO/IEC 39794-5 block (the value of tag 7F2E): every primitive value that
    /// starts like an image is taken as one.
    pub fn parse_39794(data: &[u8]) -> Result<Self, LdsError> {
        let mut images = Vec::new();
        collect_images(data, 0, &mut images)?;
        if images.is_empty() {
            return Err(LdsError::Missing {
                file: FILE,
                what: "image in the ISO/IEC 39794-5 face block",
            });
        }
        Ok(FaceRecord::Iso39794 { images })
    }

    /// Encodes the record as stored in the biometric data block.
    pub fn encode(&self) -> Vec<u8> {
        match self {
            FaceRecord::Iso19794 { version, faces } => encode_19794(version, faces),
            FaceRecord::Iso39794 { images } => encode_39794(images),
        }
    }
}

fn encode_19794(version: &str, faces: &[FaceInfo]) -> Vec<u8> {
    let mut blocks = Vec::new();
    for f in faces {
        let len =
            FACIAL_DATA + FEATURE_POINT * f.feature_points.len() + IMAGE_INFO + f.image.data.len();
        blocks.extend_from_slice(&u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes());
        let points = u16::try_from(f.feature_points.len()).unwrap_or(u16::MAX);
        blocks.extend_from_slice(&points.to_be_bytes());
        blocks.extend_from_slice(&[f.gender, f.eye_colour, f.hair_colour]);
        blocks.extend_from_slice(f.feature_mask.to_be_bytes().get(1..).unwrap_or_default());
        blocks.extend_from_slice(&f.expression.to_be_bytes());
        blocks.extend_from_slice(&f.pose_angle);
        blocks.extend_from_slice(&f.pose_angle_uncertainty);
        for p in &f.feature_points {
            blocks.extend_from_slice(&[p.kind, p.code]);
            blocks.extend_from_slice(&p.x.to_be_bytes());
            blocks.extend_from_slice(&p.y.to_be_bytes());
            blocks.extend_from_slice(&[0, 0]);
        }
        blocks.extend_from_slice(&[f.face_image_type, f.image_data_type]);
        blocks.extend_from_slice(&f.width.to_be_bytes());
        blocks.extend_from_slice(&f.height.to_be_bytes());
        blocks.extend_from_slice(&[f.colour_space, f.source_type]);
        blocks.extend_from_slice(&f.device_type.to_be_bytes());
        blocks.extend_from_slice(&f.quality.to_be_bytes());
        blocks.extend_from_slice(&f.image.data);
    }
    let mut out = Vec::with_capacity(GENERAL_HEADER + blocks.len());
    out.extend_from_slice(MAGIC);
    let mut v: Vec<u8> = version
        .chars()
        .map(|c| u8::try_from(c).unwrap_or(b'?'))
        .collect();
    v.resize(4, 0);
    out.extend_from_slice(&v);
    let total = u32::try_from(GENERAL_HEADER + blocks.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&total.to_be_bytes());
    let count = u16::try_from(faces.len()).unwrap_or(u16::MAX);
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&blocks);
    out
}

/// Writes the images in the nesting of an ISO/IEC 39794-5 face image data block:
/// FaceImageDataBlock ::= [APPLICATION 5] { versionBlock [0] { generation [0], year [1] },
/// representationBlocks [1] { SEQUENCE { representationId [0], imageRepresentation [1]
/// { base [0] { imageRepresentation2DBlock [0] { representationData2D [0] image } } } } } }.
/// The parser does not depend on this nesting; it finds the images by content.
fn encode_39794(images: &[EncodedImage]) -> Vec<u8> {
    let version = tlv::tlv(
        0xA0,
        &[tlv::tlv(0x80, &[0x03]), tlv::tlv(0x81, &[0x07, 0xE3])].concat(),
    );
    let mut reps = Vec::new();
    for (i, img) in images.iter().enumerate() {
        let id = tlv::tlv(0x80, &[u8::try_from(i).unwrap_or(u8::MAX)]);
        let data_2d = tlv::tlv(0xA0, &tlv::tlv(0x80, &img.data));
        let representation = tlv::tlv(0xA1, &tlv::tlv(0xA0, &data_2d));
        tlv::write_tlv(0x30, &[id, representation].concat(), &mut reps);
    }
    tlv::tlv(0x65, &[version, tlv::tlv(0xA1, &reps)].concat())
}

const MAX_DEPTH: usize = 16;

fn collect_images(data: &[u8], depth: usize, out: &mut Vec<EncodedImage>) -> Result<(), LdsError> {
    if depth > MAX_DEPTH {
        return Err(LdsError::Malformed {
            file: FILE,
            what: "ISO/IEC 39794-5 block (nested too deeply)",
        });
    }
    for el in tlv::TlvIter::new(data) {
        let el: Tlv<'_> = el.map_err(LdsError::tlv(FILE))?;
        if el.is_constructed() {
            collect_images(el.value, depth + 1, out)?;
        } else {
            let img = EncodedImage::new(el.value.to_vec());
            if img.format != super::image::ImageFormat::Unknown {
                out.push(img);
            }
        }
    }
    Ok(())
}

/// Big-endian reader over a byte slice; every read is bounds-checked.
struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LdsError> {
        let end = self.pos.checked_add(n).ok_or(TRUNCATED)?;
        let s = self.data.get(self.pos..end).ok_or(TRUNCATED)?;
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, LdsError> {
        Ok(self.take(1)?.first().copied().unwrap_or_default())
    }
    fn u16(&mut self) -> Result<u16, LdsError> {
        let b = self.take(2)?;
        Ok(b.iter().fold(0u16, |a, &x| (a << 8) | u16::from(x)))
    }
    fn u24(&mut self) -> Result<u32, LdsError> {
        let b = self.take(3)?;
        Ok(b.iter().fold(0u32, |a, &x| (a << 8) | u32::from(x)))
    }
    fn u32(&mut self) -> Result<u32, LdsError> {
        let b = self.take(4)?;
        Ok(b.iter().fold(0u32, |a, &x| (a << 8) | u32::from(x)))
    }
    fn arr3(&mut self) -> Result<[u8; 3], LdsError> {
        let b = self.take(3)?;
        let mut a = [0u8; 3];
        a.copy_from_slice(b);
        Ok(a)
    }
}

const TRUNCATED: LdsError = LdsError::Malformed {
    file: FILE,
    what: "face record (truncated)",
};

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn sample(image: Vec<u8>) -> FaceInfo {
        FaceInfo {
            gender: 2,
            eye_colour: 4,
            hair_colour: 5,
            feature_mask: 0x000003,
            expression: 1,
            pose_angle: [0, 0, 0],
            pose_angle_uncertainty: [0, 0, 0],
            feature_points: vec![
                FeaturePoint {
                    kind: 1,
                    code: 0x31,
                    x: 98,
                    y: 131,
                },
                FeaturePoint {
                    kind: 1,
                    code: 0x32,
                    x: 142,
                    y: 131,
                },
            ],
            face_image_type: 1,
            image_data_type: 0,
            width: 240,
            height: 320,
            colour_space: 1,
            source_type: 2,
            device_type: 0,
            quality: 0,
            image: EncodedImage::new(image),
        }
    }

    #[test]
    fn iso19794_round_trip_and_layout() {
        let rec = FaceRecord::Iso19794 {
            version: "010".into(),
            faces: vec![sample(vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])],
        };
        let bytes = rec.encode();
        assert_eq!(&bytes[..8], b"FAC\x00010\x00");
        assert_eq!(
            u32::from_be_bytes(bytes[8..12].try_into().unwrap()) as usize,
            bytes.len()
        );
        assert_eq!(bytes.len(), 14 + 20 + 16 + 12 + 7);
        assert_eq!(FaceRecord::parse_19794(&bytes).unwrap(), rec);
    }

    #[test]
    fn overstated_lengths_are_cut_to_the_data() {
        let rec = FaceRecord::Iso19794 {
            version: "010".into(),
            faces: vec![sample(vec![0xFF, 0xD8, 0xFF, 9, 9])],
        };
        let mut bytes = rec.encode();
        // Block length claims 1000 more bytes than present.
        let block_len = u32::from_be_bytes(bytes[14..18].try_into().unwrap()) + 1000;
        bytes[14..18].copy_from_slice(&block_len.to_be_bytes());
        let back = FaceRecord::parse_19794(&bytes).unwrap();
        assert_eq!(back.images()[0].data, vec![0xFF, 0xD8, 0xFF, 9, 9]);
    }

    #[test]
    fn truncated_and_foreign_records() {
        let rec = FaceRecord::Iso19794 {
            version: "010".into(),
            faces: vec![sample(vec![1])],
        };
        let bytes = rec.encode();
        for cut in [0, 3, 13, 20, 40, 60] {
            assert!(FaceRecord::parse_19794(&bytes[..cut]).is_err(), "cut {cut}");
        }
        assert!(FaceRecord::parse_19794(b"FIR\x00010\x00").is_err());
    }

    #[test]
    fn iso39794_images_are_found() {
        let imgs = vec![
            EncodedImage::new(vec![0xFF, 0xD8, 0xFF, 0xE0, 5]),
            EncodedImage::new(vec![0xFF, 0x4F, 0xFF, 0x51, 6]),
        ];
        let rec = FaceRecord::Iso39794 { images: imgs };
        assert_eq!(FaceRecord::parse_39794(&rec.encode()).unwrap(), rec);
        assert!(FaceRecord::parse_39794(&tlv::tlv(0xA0, &[0x80, 0x01, 0x00])).is_err());
    }
}
