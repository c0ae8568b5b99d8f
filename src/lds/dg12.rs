//! DG12, additional document details (ICAO 9303-10 §4.7.12): tag 6C with a tag list and
//! issuing authority, date of issue, other persons, endorsements, tax/exit requirements,
//! images of the document's front and rear, personalization time and device.

use super::{
    LdsError,
    date::{PartialDate, Timestamp},
    der::{self, RawTlv},
    dg11::Writer,
    image::EncodedImage,
    text,
};
use crate::tlv;
use serde::Serialize;

const FILE: &str = "DG12";
const TAG: u32 = 0x6C;
const OTHER_PERSONS: u32 = 0xA0;
const COUNT: u32 = 0x02;

/// The content of DG12. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dg12 {
    /// 5C: the tags the file says it holds.
    pub tag_list: Vec<u32>,
    /// 5F19: issuing authority.
    pub issuing_authority: Option<String>,
    /// 5F26: date of issue (YYYYMMDD as ASCII or BCD).
    pub date_of_issue: Option<PartialDate>,
    /// 5F1A inside A0: names of other persons.
    pub other_persons: Vec<String>,
    /// 5F1B: endorsements and observations.
    pub endorsements: Option<String>,
    /// 5F1C: tax or exit requirements.
    pub tax_exit_requirements: Option<String>,
    /// 5F1D: image of the front of the document.
    pub image_front: Option<EncodedImage>,
    /// 5F1E: image of the rear of the document.
    pub image_rear: Option<EncodedImage>,
    /// 5F55: date and time of personalization.
    pub personalization_time: Option<Timestamp>,
    /// 5F56: serial number of the personalization system.
    pub personalization_device: Option<String>,
    /// Elements not listed above, kept.
    pub unknown: Vec<RawTlv>,
}

impl Dg12 {
    /// Parses DG12 (other persons read inside A0 or as bare 5F1A elements).
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, TAG, FILE)?;
        let mut d = Dg12::default();
        for el in der::children(outer.value, FILE)? {
            let s = || Some(text::utf8(el.value));
            match el.tag {
                0x5C => d.tag_list = der::tag_list(el.value, FILE)?,
                0x5F19 => d.issuing_authority = s(),
                0x5F26 => d.date_of_issue = Some(PartialDate::parse(el.value)),
                0x5F1A => d.other_persons.push(text::utf8(el.value)),
                OTHER_PERSONS => {
                    for n in der::children(el.value, FILE)? {
                        // Only the names are kept; the count (02) is recomputed.
                        if n.tag == 0x5F1A {
                            d.other_persons.push(text::utf8(n.value));
                        }
                    }
                }
                0x5F1B => d.endorsements = s(),
                0x5F1C => d.tax_exit_requirements = s(),
                0x5F1D => d.image_front = Some(EncodedImage::new(el.value.to_vec())),
                0x5F1E => d.image_rear = Some(EncodedImage::new(el.value.to_vec())),
                0x5F55 => d.personalization_time = Some(Timestamp::parse(el.value)),
                0x5F56 => d.personalization_device = s(),
                _ => d.unknown.push(RawTlv::from_tlv(&el)),
            }
        }
        Ok(d)
    }

    /// Encodes DG12 in the order of ICAO 9303-10 Table 46.
    pub fn encode(&self) -> Vec<u8> {
        self.elements().finish(TAG, &self.tag_list)
    }

    /// The tags of the elements present, in the order [`Self::encode`] writes them: the tag
    /// list a document with exactly these fields declares.
    pub fn present_tags(&self) -> Vec<u32> {
        self.elements().tags
    }

    /// Writes every element present (without the tag list).
    fn elements(&self) -> Writer {
        let mut w = Writer::default();
        w.put(0x5F19, self.issuing_authority.as_deref().map(str::as_bytes));
        let doi = self.date_of_issue.as_ref().map(PartialDate::encode);
        w.put(0x5F26, doi.as_deref());
        if !self.other_persons.is_empty() {
            let count = u64::try_from(self.other_persons.len()).unwrap_or(u64::MAX);
            let mut inner = tlv::tlv(COUNT, &der::uint_bytes(count));
            for n in &self.other_persons {
                tlv::write_tlv(0x5F1A, n.as_bytes(), &mut inner);
            }
            tlv::write_tlv(OTHER_PERSONS, &inner, &mut w.body);
            w.tags.push(OTHER_PERSONS);
        }
        w.put(0x5F1B, self.endorsements.as_deref().map(str::as_bytes));
        w.put(
            0x5F1C,
            self.tax_exit_requirements.as_deref().map(str::as_bytes),
        );
        w.put(0x5F1D, self.image_front.as_ref().map(|i| i.data.as_slice()));
        w.put(0x5F1E, self.image_rear.as_ref().map(|i| i.data.as_slice()));
        let time = self.personalization_time.as_ref().map(Timestamp::encode);
        w.put(0x5F55, time.as_deref());
        w.put(
            0x5F56,
            self.personalization_device.as_deref().map(str::as_bytes),
        );
        for u in &self.unknown {
            u.write(&mut w.body);
        }
        w
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full() -> Dg12 {
        Dg12 {
            tag_list: vec![],
            issuing_authority: Some("STADT KÖLN".into()),
            date_of_issue: Some(PartialDate::ascii("20210302")),
            other_persons: vec!["MUSTERMANN<<MAX".into(), "MUSTERMANN<<LEA".into()],
            endorsements: Some("KEINE".into()),
            tax_exit_requirements: Some("NONE".into()),
            image_front: Some(EncodedImage::new(vec![0xFF, 0xD8, 0xFF, 0xDB, 1])),
            image_rear: Some(EncodedImage::new(vec![0xFF, 0x4F, 0xFF, 0x51, 2])),
            personalization_time: Some(Timestamp::parse(b"20210302140509")),
            personalization_device: Some("BDR-0042".into()),
            unknown: vec![],
        }
    }

    #[test]
    fn every_field_round_trips() {
        let d = full();
        let back = Dg12::parse(&d.encode()).unwrap();
        assert_eq!(back.tag_list.len(), 9);
        assert_eq!(
            Dg12 {
                tag_list: vec![],
                ..back
            },
            d
        );
    }

    #[test]
    fn bcd_date_of_issue() {
        let d = Dg12 {
            date_of_issue: Some(PartialDate::bcd("20210302")),
            personalization_time: Some(Timestamp::parse(&[
                0x20, 0x21, 0x03, 0x02, 0x14, 0x05, 0x09,
            ])),
            ..Default::default()
        };
        let enc = d.encode();
        let back = Dg12::parse(&enc).unwrap();
        let doi = back.date_of_issue.clone().unwrap();
        assert!(doi.bcd);
        assert_eq!(
            (doi.year, doi.month, doi.day),
            (Some(2021), Some(3), Some(2))
        );
        assert_eq!(back.personalization_time.unwrap().time, "140509");
        // The BCD date is stored in 4 bytes.
        let raw = tlv::parse_one(&enc).unwrap().0.find(0x5F26).unwrap();
        assert_eq!(raw.value, &[0x20, 0x21, 0x03, 0x02]);
    }

    #[test]
    fn bad_input() {
        assert!(Dg12::parse(&[0x6B, 0x00]).is_err());
        assert!(Dg12::parse(&[0x6C, 0x03, 0x5F, 0x19, 0x05]).is_err());
        assert_eq!(Dg12::parse(&[0x6C, 0x00]).unwrap(), Dg12::default());
    }
}
