//! DG5 (displayed portrait, tag 65 / 5F40) and DG7 (displayed signature or usual mark,
//! tag 67 / 5F43) (ICAO 9303-10 §4.7.5, §4.7.7): a count and the images, decoded like DG2.

use super::{LdsError, der, image::EncodedImage};
use crate::tlv;
use serde::Serialize;

const COUNT: u32 = 0x02;

/// Which displayed image data group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum DisplayedKind {
    /// DG5, the displayed portrait.
    Portrait,
    /// DG7, the displayed signature or usual mark.
    Signature,
}

impl DisplayedKind {
    fn tags(self) -> (u32, u32, &'static str) {
        match self {
            DisplayedKind::Portrait => (0x65, 0x5F40, "DG5"),
            DisplayedKind::Signature => (0x67, 0x5F43, "DG7"),
        }
    }
}

/// The content of DG5 or DG7.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayedImages {
    /// Portrait or signature.
    pub kind: DisplayedKind,
    /// The count the file declares.
    pub declared_count: Option<u64>,
    /// The images.
    pub images: Vec<EncodedImage>,
}

impl DisplayedImages {
    /// Parses DG5 or DG7.
    pub fn parse(kind: DisplayedKind, data: &[u8]) -> Result<Self, LdsError> {
        let (tag, image_tag, file) = kind.tags();
        let outer = der::outer(data, tag, file)?;
        let mut declared_count = None;
        let mut images = Vec::new();
        for el in der::children(outer.value, file)? {
            if el.tag == COUNT {
                declared_count = Some(der::uint(el.value, file, "image count")?);
            } else if el.tag == image_tag {
                images.push(EncodedImage::new(el.value.to_vec()));
            }
        }
        Ok(DisplayedImages {
            kind,
            declared_count,
            images,
        })
    }

    /// Encodes the data group.
    pub fn encode(&self) -> Vec<u8> {
        let (tag, image_tag, _) = self.kind.tags();
        let mut v = Vec::new();
        if let Some(count) = self.declared_count {
            tlv::write_tlv(COUNT, &der::uint_bytes(count), &mut v);
        }
        for img in &self.images {
            tlv::write_tlv(image_tag, &img.data, &mut v);
        }
        tlv::tlv(tag, &v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portrait_round_trip_decodes() {
        let jp2 = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/faces/face.j2k"),
        )
        .unwrap();
        let dg5 = DisplayedImages {
            kind: DisplayedKind::Portrait,
            declared_count: Some(1),
            images: vec![EncodedImage::new(jp2)],
        };
        let back = DisplayedImages::parse(DisplayedKind::Portrait, &dg5.encode()).unwrap();
        assert_eq!(back, dg5);
        assert_eq!(back.images[0].dimensions().unwrap(), (120, 160));
    }

    #[test]
    fn signature_tags() {
        let dg7 = DisplayedImages {
            kind: DisplayedKind::Signature,
            declared_count: Some(1),
            images: vec![EncodedImage::new(vec![0xFF, 0xD8, 0xFF, 0xDB])],
        };
        let enc = dg7.encode();
        assert_eq!(&enc[..1], &[0x67]);
        assert_eq!(&enc[5..7], &[0x5F, 0x43]);
        assert_eq!(
            DisplayedImages::parse(DisplayedKind::Signature, &enc).unwrap(),
            dg7
        );
        assert!(DisplayedImages::parse(DisplayedKind::Portrait, &enc).is_err());
    }
}
