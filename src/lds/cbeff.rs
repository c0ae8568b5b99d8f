//! The CBEFF biometric information template group of DG2, DG3 and DG4 (ICAO 9303-10
//! §4.7.2.1, ISO/IEC 7816-11 Annex C): 7F61 { 02 count, 7F60 { A1 header, 5F2E or 7F2E
//! biometric data block } … }. The data block itself is read by the data group.

use super::{
    LdsError,
    der::{self, RawTlv},
    text::{hex_bytes, hex_opt},
};
use crate::tlv::{self, Tlv};
use serde::Serialize;

const GROUP: u32 = 0x7F61;
const COUNT: u32 = 0x02;
const TEMPLATE: u32 = 0x7F60;
const HEADER: u32 = 0xA1;
/// Tag of a biometric data block in ISO/IEC 19794 (binary) format.
pub const BDB: u32 = 0x5F2E;
/// Tag of a biometric data block in ISO/IEC 39794 (ASN.1 BER) format.
pub const BDB_CONSTRUCTED: u32 = 0x7F2E;

/// The biometric header template (A1) of one biometric (ICAO 9303-10 Table 40).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BiometricHeader {
    /// 80: ICAO header version (01 01).
    #[serde(with = "hex_opt")]
    pub version: Option<Vec<u8>>,
    /// 81: biometric type (02 face, 08 fingerprint, 10 iris).
    #[serde(with = "hex_opt")]
    pub biometric_type: Option<Vec<u8>>,
    /// 82: biometric subtype (e.g. which finger or eye).
    #[serde(with = "hex_opt")]
    pub subtype: Option<Vec<u8>>,
    /// 83: creation date and time.
    #[serde(with = "hex_opt")]
    pub creation_date: Option<Vec<u8>>,
    /// 85: validity period.
    #[serde(with = "hex_opt")]
    pub validity_period: Option<Vec<u8>>,
    /// 86: creator of the biometric reference data.
    #[serde(with = "hex_opt")]
    pub creator: Option<Vec<u8>>,
    /// 87: format owner (0101 for ISO/IEC JTC 1/SC 37).
    #[serde(with = "hex_opt")]
    pub format_owner: Option<Vec<u8>>,
    /// 88: format type (0008 face, 0007 finger, 0009 iris under ISO 19794).
    #[serde(with = "hex_opt")]
    pub format_type: Option<Vec<u8>>,
    /// Other header elements, kept.
    pub other: Vec<RawTlv>,
}

impl BiometricHeader {
    fn parse(value: &[u8], file: &'static str) -> Result<Self, LdsError> {
        let mut h = BiometricHeader::default();
        for el in der::children(value, file)? {
            let v = Some(el.value.to_vec());
            match el.tag {
                0x80 => h.version = v,
                0x81 => h.biometric_type = v,
                0x82 => h.subtype = v,
                0x83 => h.creation_date = v,
                0x85 => h.validity_period = v,
                0x86 => h.creator = v,
                0x87 => h.format_owner = v,
                0x88 => h.format_type = v,
                _ => h.other.push(RawTlv::from_tlv(&el)),
            }
        }
        Ok(h)
    }

    fn encode(&self) -> Vec<u8> {
        let mut v = Vec::new();
        let fields = [
            (0x80, &self.version),
            (0x81, &self.biometric_type),
            (0x82, &self.subtype),
            (0x83, &self.creation_date),
            (0x85, &self.validity_period),
            (0x86, &self.creator),
            (0x87, &self.format_owner),
            (0x88, &self.format_type),
        ];
        for (tag, value) in fields {
            if let Some(value) = value {
                tlv::write_tlv(tag, value, &mut v);
            }
        }
        for o in &self.other {
            o.write(&mut v);
        }
        v
    }

    /// A header for ISO 19794 data: version 0101, the given type, owner 0101, format type.
    pub fn iso19794(biometric_type: u8, format_type: u16) -> Self {
        BiometricHeader {
            version: Some(vec![0x01, 0x01]),
            biometric_type: Some(vec![biometric_type]),
            format_owner: Some(vec![0x01, 0x01]),
            format_type: Some(format_type.to_be_bytes().to_vec()),
            ..Default::default()
        }
    }
}

/// One biometric information template (7F60): its header and data block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BiometricTemplate {
    /// The biometric header template.
    pub header: BiometricHeader,
    /// The data block's tag: [`BDB`] (5F2E) or [`BDB_CONSTRUCTED`] (7F2E).
    pub data_tag: u32,
    /// The biometric data block as stored.
    #[serde(with = "hex_bytes")]
    pub data: Vec<u8>,
}

/// A biometric information template group (7F61).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BiometricGroup {
    /// The count the group declares (02); it may differ from `templates.len()`.
    pub declared_count: Option<u64>,
    /// The templates in order.
    pub templates: Vec<BiometricTemplate>,
}

impl BiometricGroup {
    /// Parses the group inside a data group's value (`value` = content of tag 75/63/76).
    pub fn parse(value: &[u8], file: &'static str) -> Result<Self, LdsError> {
        let group = der::children(value, file)?
            .into_iter()
            .find(|t| t.tag == GROUP)
            .ok_or(LdsError::Missing {
                file,
                what: "biometric information template group 7F61",
            })?;
        let mut declared_count = None;
        let mut templates = Vec::new();
        for el in der::children(group.value, file)? {
            match el.tag {
                COUNT => declared_count = Some(der::uint(el.value, file, "template count")?),
                TEMPLATE => templates.push(parse_template(&el, file)?),
                _ => {}
            }
        }
        Ok(BiometricGroup {
            declared_count,
            templates,
        })
    }

    /// Encodes the group (7F61 …), ready to be wrapped in the data group's tag.
    pub fn encode(&self) -> Vec<u8> {
        // The count (02) is written as declared; the specimens always declare it.
        let mut v = Vec::new();
        if let Some(count) = self.declared_count {
            tlv::write_tlv(COUNT, &der::uint_bytes(count), &mut v);
        }
        for t in &self.templates {
            let mut inner = tlv::tlv(HEADER, &t.header.encode());
            tlv::write_tlv(t.data_tag, &t.data, &mut inner);
            tlv::write_tlv(TEMPLATE, &inner, &mut v);
        }
        tlv::tlv(GROUP, &v)
    }
}

fn parse_template(el: &Tlv<'_>, file: &'static str) -> Result<BiometricTemplate, LdsError> {
    let mut header = None;
    let mut data = None;
    for part in der::children(el.value, file)? {
        match part.tag {
            // A1 per 9303-10; some issuers number the header A2, A3 … per template.
            0xA1..=0xAF if header.is_none() => {
                header = Some(BiometricHeader::parse(part.value, file)?)
            }
            BDB | BDB_CONSTRUCTED => data = Some((part.tag, part.value.to_vec())),
            _ => {}
        }
    }
    let (data_tag, data) = data.ok_or(LdsError::Missing {
        file,
        what: "biometric data block 5F2E/7F2E",
    })?;
    Ok(BiometricTemplate {
        header: header.unwrap_or_default(),
        data_tag,
        data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_round_trip() {
        let g = BiometricGroup {
            declared_count: Some(2),
            templates: vec![
                BiometricTemplate {
                    header: BiometricHeader::iso19794(0x02, 0x0008),
                    data_tag: BDB,
                    data: b"FAC\x00010\x00".to_vec(),
                },
                BiometricTemplate {
                    header: BiometricHeader {
                        creator: Some(b"UTO".to_vec()),
                        other: vec![RawTlv {
                            tag: 0x90,
                            value: vec![7],
                        }],
                        ..BiometricHeader::iso19794(0x02, 0x0008)
                    },
                    data_tag: BDB_CONSTRUCTED,
                    data: vec![0xA1, 0x00],
                },
            ],
        };
        assert_eq!(BiometricGroup::parse(&g.encode(), "t").unwrap(), g);
    }

    #[test]
    fn missing_parts() {
        assert!(matches!(
            BiometricGroup::parse(&[0x02, 0x01, 0x01], "t"),
            Err(LdsError::Missing { .. })
        ));
        // A template without a data block.
        let bad = tlv::tlv(GROUP, &tlv::tlv(TEMPLATE, &tlv::tlv(HEADER, &[])));
        assert!(matches!(
            BiometricGroup::parse(&bad, "t"),
            Err(LdsError::Missing { .. })
        ));
        // A header-less template is accepted with an empty header.
        let ok = tlv::tlv(GROUP, &tlv::tlv(TEMPLATE, &tlv::tlv(BDB, &[1])));
        let g = BiometricGroup::parse(&ok, "t").unwrap();
        assert_eq!(g.templates[0].header, BiometricHeader::default());
        assert_eq!(g.declared_count, None);
        assert_eq!(BiometricGroup::parse(&g.encode(), "t").unwrap(), g);
    }
}
