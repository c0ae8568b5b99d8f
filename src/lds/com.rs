//! EF.COM (ICAO 9303-10 §4.6.1): the LDS version, the Unicode version and the list of
//! data groups present. Unknown tags in the list or the file are kept, never fatal.

use super::{
    FileId, LdsError,
    der::{self, RawTlv},
    text,
};
use crate::tlv;
use serde::Serialize;

const FILE: &str = "EF.COM";
const TAG: u32 = 0x60;
const LDS_VERSION: u32 = 0x5F01;
const UNICODE_VERSION: u32 = 0x5F36;
const TAG_LIST: u32 = 0x5C;

/// The content of EF.COM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Com {
    /// The LDS version as stored, "aabb" for version aa.bb (e.g. "0107"); `None` if absent.
    pub lds_version: Option<String>,
    /// The Unicode version as stored, "aabbcc" (e.g. "040000"); `None` if absent.
    pub unicode_version: Option<String>,
    /// The data group tags in the order listed, unknown ones included.
    pub tags: Vec<u32>,
    /// Elements of EF.COM other than the three above.
    pub unknown: Vec<RawTlv>,
}

impl Com {
    /// Parses EF.COM. Only the outer tag 60 is required; the rest is read as far as present.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, TAG, FILE)?;
        let mut com = Com {
            lds_version: None,
            unicode_version: None,
            tags: Vec::new(),
            unknown: Vec::new(),
        };
        for el in der::children(outer.value, FILE)? {
            match el.tag {
                LDS_VERSION => com.lds_version = Some(text::utf8(el.value)),
                UNICODE_VERSION => com.unicode_version = Some(text::utf8(el.value)),
                TAG_LIST => com.tags = der::tag_list(el.value, FILE)?,
                _ => com.unknown.push(RawTlv::from_tlv(&el)),
            }
        }
        Ok(com)
    }

    /// Encodes EF.COM: 5F01, 5F36, 5C, then the unknown elements.
    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::new();
        if let Some(l) = &self.lds_version {
            tlv::write_tlv(LDS_VERSION, l.as_bytes(), &mut v);
        }
        if let Some(u) = &self.unicode_version {
            tlv::write_tlv(UNICODE_VERSION, u.as_bytes(), &mut v);
        }
        tlv::write_tlv(TAG_LIST, &der::tag_list_bytes(&self.tags), &mut v);
        for u in &self.unknown {
            u.write(&mut v);
        }
        tlv::tlv(TAG, &v)
    }

    /// The data groups listed, in order; tags that name no LDS file are skipped.
    pub fn data_groups(&self) -> Vec<u8> {
        self.tags.iter().filter_map(|&t| data_group_of(t)).collect()
    }

    /// Listed tags that name no data group.
    pub fn unknown_tags(&self) -> Vec<u32> {
        self.tags
            .iter()
            .copied()
            .filter(|&t| data_group_of(t).is_none())
            .collect()
    }

    /// The LDS version as "major.minor" (e.g. "1.7"), if stored as four digits.
    pub fn lds_version_dotted(&self) -> Option<String> {
        let v = self.lds_version.as_deref()?;
        let major: u8 = v.get(0..2)?.parse().ok()?;
        let minor: u8 = v.get(2..4)?.parse().ok()?;
        Some(format!("{major}.{minor}"))
    }
}

/// The number of the data group whose outer tag is `tag` (ICAO 9303-10 Table 37).
fn data_group_of(tag: u32) -> Option<u8> {
    FileId::from_lds_tag(u8::try_from(tag).ok()?)?.data_group_number()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ICAO 9303-11 Appendix D.4 reads this EF.COM (the 9303-10 layout: LDS 01.06,
    /// Unicode 04.00.00, DG1 and DG2).
    const ICAO_EF_COM: &str = "60145F0104303130365F36063034303030305C026175";

    #[test]
    fn icao_worked_example() {
        let bytes = hex::decode(ICAO_EF_COM).unwrap();
        let com = Com::parse(&bytes).unwrap();
        assert_eq!(com.lds_version.as_deref(), Some("0106"));
        assert_eq!(com.lds_version_dotted().as_deref(), Some("1.6"));
        assert_eq!(com.unicode_version.as_deref(), Some("040000"));
        assert_eq!(com.data_groups(), vec![1, 2]);
        assert_eq!(com.encode(), bytes);
    }

    #[test]
    fn icao_example_from_the_vectors_file() {
        let path = crate::test_vectors_dir().join("icao/bac_sm_9303_11_appD.json");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        let hex_com = json["D4_secure_messaging"]["EF_COM"].as_str().unwrap();
        assert_eq!(hex_com, ICAO_EF_COM);
    }

    #[test]
    fn unknown_tags_are_kept() {
        let com = Com {
            lds_version: Some("0108".into()),
            unicode_version: Some("040000".into()),
            tags: vec![0x61, 0x75, 0x6E, 0x99, 0x5F77],
            unknown: vec![RawTlv {
                tag: 0x5F70,
                value: vec![1, 2],
            }],
        };
        let back = Com::parse(&com.encode()).unwrap();
        assert_eq!(back, com);
        assert_eq!(back.data_groups(), vec![1, 2, 14]);
        assert_eq!(back.unknown_tags(), vec![0x99, 0x5F77]);
    }

    #[test]
    fn bad_input() {
        assert!(matches!(
            Com::parse(&[0x61, 0x00]),
            Err(LdsError::WrongTag { .. })
        ));
        assert!(matches!(
            Com::parse(&[0x60, 0x05, 0x5C]),
            Err(LdsError::Tlv { .. })
        ));
        assert!(Com::parse(&[]).is_err());
        let empty = Com::parse(&[0x60, 0x00]).unwrap();
        assert!(empty.tags.is_empty() && empty.lds_version.is_none());
    }
}
