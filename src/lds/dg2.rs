//! DG2 (ICAO 9303-10 §4.7.2): the encoded face. Tag 75 around a CBEFF template group whose
//! data blocks are ISO/IEC 19794-5 (5F2E) or ISO/IEC 39794-5 (7F2E) face records.

use super::{
    LdsError,
    cbeff::{self, BiometricGroup, BiometricHeader, BiometricTemplate},
    der,
    face::FaceRecord,
    image::EncodedImage,
};
use crate::tlv;
use serde::Serialize;

const FILE: &str = "DG2";
const TAG: u32 = 0x75;

/// One face template: its CBEFF header and the face record in its data block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FaceTemplate {
    /// The biometric header template.
    pub header: BiometricHeader,
    /// The face record.
    pub record: FaceRecord,
}

/// The content of DG2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dg2 {
    /// The template count the group declares.
    pub declared_count: Option<u64>,
    /// The face templates.
    pub templates: Vec<FaceTemplate>,
}

impl Dg2 {
    /// Parses DG2. A 5F2E block that does not start with 'FAC' but holds ASN.1 is read as
    /// ISO/IEC 39794-5, and the other way round, since issuers mix the tags up.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, TAG, FILE)?;
        let group = BiometricGroup::parse(outer.value, FILE)?;
        let mut templates = Vec::new();
        for t in group.templates {
            let record = if t.data.starts_with(b"FAC\0") {
                FaceRecord::parse_19794(&t.data)?
            } else {
                FaceRecord::parse_39794(&t.data)?
            };
            templates.push(FaceTemplate {
                header: t.header,
                record,
            });
        }
        Ok(Dg2 {
            declared_count: group.declared_count,
            templates,
        })
    }

    /// Encodes DG2 (19794-5 records under 5F2E, 39794-5 records under 7F2E).
    pub fn encode(&self) -> Vec<u8> {
        let group = BiometricGroup {
            declared_count: self.declared_count,
            templates: self
                .templates
                .iter()
                .map(|t| BiometricTemplate {
                    header: t.header.clone(),
                    data_tag: match t.record {
                        FaceRecord::Iso19794 { .. } => cbeff::BDB,
                        FaceRecord::Iso39794 { .. } => cbeff::BDB_CONSTRUCTED,
                    },
                    data: t.record.encode(),
                })
                .collect(),
        };
        tlv::tlv(TAG, &group.encode())
    }

    /// Every face image, in order.
    pub fn images(&self) -> Vec<&EncodedImage> {
        self.templates
            .iter()
            .flat_map(|t| t.record.images())
            .collect()
    }

    /// The first face image, the one the desk shows.
    pub fn face(&self) -> Option<&EncodedImage> {
        self.images().into_iter().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lds::face::{FaceInfo, FeaturePoint};
    use crate::lds::image::ImageFormat;

    fn face_file(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("testdata/faces")
                .join(name),
        )
        .unwrap()
    }

    fn info(image: Vec<u8>, image_data_type: u8) -> FaceInfo {
        FaceInfo {
            gender: 1,
            eye_colour: 3,
            hair_colour: 4,
            feature_mask: 1,
            expression: 1,
            pose_angle: [0; 3],
            pose_angle_uncertainty: [0; 3],
            feature_points: vec![FeaturePoint {
                kind: 1,
                code: 0x31,
                x: 98,
                y: 131,
            }],
            face_image_type: 1,
            image_data_type,
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
    fn jpeg_face_round_trip_and_decode() {
        let dg2 = Dg2 {
            declared_count: Some(1),
            templates: vec![FaceTemplate {
                header: BiometricHeader::iso19794(0x02, 0x0008),
                record: FaceRecord::Iso19794 {
                    version: "010".into(),
                    faces: vec![info(face_file("face.jpg"), 0)],
                },
            }],
        };
        let back = Dg2::parse(&dg2.encode()).unwrap();
        assert_eq!(back, dg2);
        let face = back.face().unwrap();
        assert_eq!(face.format, ImageFormat::Jpeg);
        let img = face.decode().unwrap();
        assert_eq!((img.width(), img.height()), (240, 320));
    }

    #[test]
    fn format_comes_from_magic_not_header_type() {
        // The header claims JPEG (0) but the data is JPEG 2000, as on some real documents.
        let dg2 = Dg2 {
            declared_count: Some(1),
            templates: vec![FaceTemplate {
                header: BiometricHeader::iso19794(0x02, 0x0008),
                record: FaceRecord::Iso19794 {
                    version: "010".into(),
                    faces: vec![info(face_file("face.jp2"), 0)],
                },
            }],
        };
        let back = Dg2::parse(&dg2.encode()).unwrap();
        let face = back.face().unwrap();
        assert_eq!(face.format, ImageFormat::Jp2);
        assert_eq!(face.dimensions().unwrap(), (240, 320));
    }

    #[test]
    fn iso39794_face() {
        let dg2 = Dg2 {
            declared_count: Some(1),
            templates: vec![FaceTemplate {
                header: BiometricHeader::iso19794(0x02, 0x0008),
                record: FaceRecord::Iso39794 {
                    images: vec![EncodedImage::new(face_file("face.j2k"))],
                },
            }],
        };
        let enc = dg2.encode();
        let back = Dg2::parse(&enc).unwrap();
        assert_eq!(back, dg2);
        assert_eq!(back.face().unwrap().dimensions().unwrap(), (120, 160));
    }

    /// The hostile tile bomb of the shared vectors: 8192×8192 pixels in 1×1 pixel tiles.
    pub(crate) fn tile_bomb() -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/vectors/hostile/j2k_8192x8192_tiles1x1.j2k"),
        )
        .unwrap()
    }

    #[test]
    fn a_tile_bomb_face_is_refused_before_decoding() {
        // Decoding it used to ask for about 6 GiB and abort the process; now the header
        // refuses it, for both record formats, and nothing else in DG2 is lost.
        for record in [
            FaceRecord::Iso19794 {
                version: "010".into(),
                faces: vec![info(tile_bomb(), 1)],
            },
            FaceRecord::Iso39794 {
                images: vec![EncodedImage::new(tile_bomb())],
            },
        ] {
            let dg2 = Dg2 {
                declared_count: Some(1),
                templates: vec![FaceTemplate {
                    header: BiometricHeader::iso19794(0x02, 0x0008),
                    record,
                }],
            };
            let back = Dg2::parse(&dg2.encode()).unwrap();
            assert_eq!(back, dg2);
            let face = back.face().unwrap();
            assert_eq!(face.format, ImageFormat::Jpeg2000Codestream);
            for result in [
                face.dimensions().map(drop),
                face.decode().map(drop),
                face.to_png().map(drop),
            ] {
                let Err(LdsError::ImageRefused(why)) = result else {
                    panic!("not refused: {result:?}");
                };
                assert!(why.contains("8192x8192"), "{why}");
            }
        }
    }

    #[test]
    fn not_dg2() {
        assert!(matches!(
            Dg2::parse(&[0x61, 0x00]),
            Err(LdsError::WrongTag { .. })
        ));
        assert!(Dg2::parse(&[0x75, 0x00]).is_err());
    }
}
