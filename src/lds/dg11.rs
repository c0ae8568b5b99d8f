//! DG11, additional personal details (ICAO 9303-10 §4.7.11, Appendix A.5): tag 6B with a
//! tag list (5C) and the optional fields 5F0E … 5F18; other names in A0 { 02, 5F0F … }.

use super::{
    LdsError,
    date::PartialDate,
    der::{self, RawTlv},
    image::EncodedImage,
    text,
};
use crate::tlv;
use serde::Serialize;

const FILE: &str = "DG11";
const TAG: u32 = 0x6B;
const TAG_LIST: u32 = 0x5C;
const OTHER_NAMES: u32 = 0xA0;
const COUNT: u32 = 0x02;

/// The content of DG11. Every field is optional; text is kept as stored ('<' fillers
/// included) and [`text::split_name`] / [`text::split_fields`] split it for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dg11 {
    /// 5C: the tags the file says it holds.
    pub tag_list: Vec<u32>,
    /// 5F0E: full name in national characters ("SMITH<<JOHN<J").
    pub full_name: Option<String>,
    /// 5F0F: other names.
    pub other_names: Vec<String>,
    /// 5F10: personal number.
    pub personal_number: Option<String>,
    /// 5F2B: full date of birth, possibly partial.
    pub full_date_of_birth: Option<PartialDate>,
    /// 5F11: place of birth ("ANYTOWN<MN").
    pub place_of_birth: Option<String>,
    /// 5F42: permanent address.
    pub address: Option<String>,
    /// 5F12: telephone.
    pub telephone: Option<String>,
    /// 5F13: profession.
    pub profession: Option<String>,
    /// 5F14: title.
    pub title: Option<String>,
    /// 5F15: personal summary.
    pub personal_summary: Option<String>,
    /// 5F16: proof of citizenship (an image of the document).
    pub proof_of_citizenship: Option<EncodedImage>,
    /// 5F17: other valid travel document numbers.
    pub other_td_numbers: Option<String>,
    /// 5F18: custody information.
    pub custody_information: Option<String>,
    /// Elements not listed above, kept.
    pub unknown: Vec<RawTlv>,
}

impl Dg11 {
    /// Parses DG11. Lenient: other names are read both inside A0 (as specified) and as bare
    /// 5F0F elements (some issuers), and the tag list is not required to match.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, TAG, FILE)?;
        let mut d = Dg11::default();
        for el in der::children(outer.value, FILE)? {
            let s = || Some(text::utf8(el.value));
            match el.tag {
                TAG_LIST => d.tag_list = der::tag_list(el.value, FILE)?,
                0x5F0E => d.full_name = s(),
                0x5F0F => d.other_names.push(text::utf8(el.value)),
                OTHER_NAMES => {
                    for n in der::children(el.value, FILE)? {
                        // Only the names are kept; the count (02) is recomputed.
                        if n.tag == 0x5F0F {
                            d.other_names.push(text::utf8(n.value));
                        }
                    }
                }
                0x5F10 => d.personal_number = s(),
                0x5F2B => d.full_date_of_birth = Some(PartialDate::parse(el.value)),
                0x5F11 => d.place_of_birth = s(),
                0x5F42 => d.address = s(),
                0x5F12 => d.telephone = s(),
                0x5F13 => d.profession = s(),
                0x5F14 => d.title = s(),
                0x5F15 => d.personal_summary = s(),
                0x5F16 => d.proof_of_citizenship = Some(EncodedImage::new(el.value.to_vec())),
                0x5F17 => d.other_td_numbers = s(),
                0x5F18 => d.custody_information = s(),
                _ => d.unknown.push(RawTlv::from_tlv(&el)),
            }
        }
        Ok(d)
    }

    /// Encodes DG11 in the order of ICAO 9303-10 Table 45. The tag list written is
    /// `tag_list` when set, otherwise the tags of the fields present.
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
        w.put(0x5F0E, self.full_name.as_deref().map(str::as_bytes));
        if !self.other_names.is_empty() {
            let count = u64::try_from(self.other_names.len()).unwrap_or(u64::MAX);
            let mut inner = tlv::tlv(COUNT, &der::uint_bytes(count));
            for n in &self.other_names {
                tlv::write_tlv(0x5F0F, n.as_bytes(), &mut inner);
            }
            tlv::write_tlv(OTHER_NAMES, &inner, &mut w.body);
            w.tags.push(0x5F0F);
        }
        w.put(0x5F10, self.personal_number.as_deref().map(str::as_bytes));
        let dob = self.full_date_of_birth.as_ref().map(PartialDate::encode);
        w.put(0x5F2B, dob.as_deref());
        w.put(0x5F11, self.place_of_birth.as_deref().map(str::as_bytes));
        w.put(0x5F42, self.address.as_deref().map(str::as_bytes));
        w.put(0x5F12, self.telephone.as_deref().map(str::as_bytes));
        w.put(0x5F13, self.profession.as_deref().map(str::as_bytes));
        w.put(0x5F14, self.title.as_deref().map(str::as_bytes));
        w.put(0x5F15, self.personal_summary.as_deref().map(str::as_bytes));
        let proof = self
            .proof_of_citizenship
            .as_ref()
            .map(|i| i.data.as_slice());
        w.put(0x5F16, proof);
        w.put(0x5F17, self.other_td_numbers.as_deref().map(str::as_bytes));
        w.put(
            0x5F18,
            self.custody_information.as_deref().map(str::as_bytes),
        );
        for u in &self.unknown {
            u.write(&mut w.body);
        }
        w
    }
}

/// Collects optional elements and the tags written, for DG11 and DG12.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) body: Vec<u8>,
    pub(crate) tags: Vec<u32>,
}

impl Writer {
    /// Writes `tag` with `value` when present and records the tag.
    pub(crate) fn put(&mut self, tag: u32, value: Option<&[u8]>) {
        if let Some(v) = value {
            tlv::write_tlv(tag, v, &mut self.body);
            self.tags.push(tag);
        }
    }

    /// The whole file: `outer` { 5C tag list, elements }. The tag list is `list` when not
    /// empty, otherwise the tags written.
    pub(crate) fn finish(self, outer: u32, list: &[u32]) -> Vec<u8> {
        let list = if list.is_empty() {
            &self.tags[..]
        } else {
            list
        };
        let mut v = tlv::tlv(TAG_LIST, &der::tag_list_bytes(list));
        v.extend_from_slice(&self.body);
        tlv::tlv(outer, &v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ICAO 9303-10 Appendix A.5, with the example's two length errors corrected (the
    /// document prints 6B '63' and 5F12 '0E' for contents of 0x60 and 0x0B bytes).
    const ICAO_DG11: &str = "6B605C0A5F0E5F115F425F125F135F0E0D534D4954483C3C4A4F484E3C4A5F110A414E59544F574E3C4D4E5F4217313233204D41504C452052443C414E59544F574E3C4D4E5F120B31363132353535313231325F130C54524156454C3C4147454E54";

    #[test]
    fn icao_worked_example() {
        let bytes = hex::decode(ICAO_DG11).unwrap();
        let d = Dg11::parse(&bytes).unwrap();
        assert_eq!(d.tag_list, vec![0x5F0E, 0x5F11, 0x5F42, 0x5F12, 0x5F13]);
        assert_eq!(d.full_name.as_deref(), Some("SMITH<<JOHN<J"));
        assert_eq!(
            text::split_name(d.full_name.as_deref().unwrap()),
            ("SMITH".into(), "JOHN J".into())
        );
        assert_eq!(d.place_of_birth.as_deref(), Some("ANYTOWN<MN"));
        assert_eq!(d.address.as_deref(), Some("123 MAPLE RD<ANYTOWN<MN"));
        assert_eq!(d.telephone.as_deref(), Some("16125551212"));
        assert_eq!(d.profession.as_deref(), Some("TRAVEL<AGENT"));
        assert!(d.unknown.is_empty());
        assert_eq!(d.encode(), bytes);
    }

    #[test]
    fn every_field_round_trips() {
        let d = Dg11 {
            tag_list: vec![],
            full_name: Some("MUSTERMANN<<ERIKA".into()),
            other_names: vec!["GABLER<<ERIKA".into(), "MÜLLER<<ERIKA".into()],
            personal_number: Some("T22000129".into()),
            full_date_of_birth: Some(PartialDate::ascii("19640812")),
            place_of_birth: Some("BERLIN".into()),
            address: Some("HEIDESTRASSE 17<KÖLN<51147<D".into()),
            telephone: Some("+49 221 000000".into()),
            profession: Some("INGENIEURIN".into()),
            title: Some("DR.".into()),
            personal_summary: Some("SPECIMEN".into()),
            proof_of_citizenship: Some(EncodedImage::new(vec![0xFF, 0xD8, 0xFF, 0xDB, 1])),
            other_td_numbers: Some("C01X00T47<L01X00T47".into()),
            custody_information: Some("NONE".into()),
            unknown: vec![RawTlv {
                tag: 0x5F70,
                value: vec![1],
            }],
        };
        let back = Dg11::parse(&d.encode()).unwrap();
        assert_eq!(
            back.tag_list,
            vec![
                0x5F0E, 0x5F0F, 0x5F10, 0x5F2B, 0x5F11, 0x5F42, 0x5F12, 0x5F13, 0x5F14, 0x5F15,
                0x5F16, 0x5F17, 0x5F18
            ]
        );
        assert_eq!(
            Dg11 {
                tag_list: vec![],
                ..back
            },
            d
        );
    }

    #[test]
    fn issuer_deviations_are_read() {
        // Other names as bare 5F0F (no A0), and A0 listed in the tag list instead of 5F0F.
        let bare = hex::decode("6B125C025F0F5F0F0B534D4954483C3C4A4F484E").unwrap();
        assert_eq!(Dg11::parse(&bare).unwrap().other_names, vec!["SMITH<<JOHN"]);
        let a0 = hex::decode(
            "6B235C01A0A01E0201025F0F0B534D4954483C3C4A4F484E5F0F0A4A4F484E3C534D495448",
        )
        .unwrap();
        let d = Dg11::parse(&a0).unwrap();
        assert_eq!(d.tag_list, vec![0xA0]);
        assert_eq!(d.other_names, vec!["SMITH<<JOHN", "JOHN<SMITH"]);
        // A partial date of birth with fillers.
        let partial = tlv::tlv(TAG, &tlv::tlv(0x5F2B, b"19640000"));
        let dob = Dg11::parse(&partial).unwrap().full_date_of_birth.unwrap();
        assert_eq!((dob.year, dob.month, dob.day), (Some(1964), None, None));
    }

    #[test]
    fn bad_input() {
        assert!(Dg11::parse(&hex::decode("6B055C035F0E5F").unwrap()).is_err());
        assert!(Dg11::parse(&hex::decode("01021234").unwrap()).is_err());
        assert!(Dg11::parse(&hex::decode("6B10").unwrap()).is_err());
    }
}
