//! DG16, persons to notify (ICAO 9303-10 §4.7.16, Appendix A.6): tag 70 { 02 count,
//! A1 { 5F50 date recorded, 5F51 name, 5F52 telephone, 5F53 address }, A2 …, }.

use super::{
    LdsError,
    date::PartialDate,
    der::{self, RawTlv},
    text,
};
use crate::tlv;
use serde::Serialize;

const FILE: &str = "DG16";
const TAG: u32 = 0x70;

/// One person to notify.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PersonToNotify {
    /// 5F50: date the data was recorded.
    pub date_recorded: Option<PartialDate>,
    /// 5F51: name ("SMITH<<CHARLES<R").
    pub name: Option<String>,
    /// 5F52: telephone.
    pub telephone: Option<String>,
    /// 5F53: address.
    pub address: Option<String>,
    /// Other elements, kept.
    pub unknown: Vec<RawTlv>,
}

/// The content of DG16.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dg16 {
    /// The count the file declares.
    pub declared_count: Option<u64>,
    /// The persons, in order.
    pub persons: Vec<PersonToNotify>,
}

impl Dg16 {
    /// Parses DG16; every constructed context-specific element (A1, A2, …) is one person.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, TAG, FILE)?;
        let mut declared_count = None;
        let mut persons = Vec::new();
        for el in der::children(outer.value, FILE)? {
            match el.tag {
                0x02 => declared_count = Some(der::uint(el.value, FILE, "person count")?),
                0xA1..=0xBE => {
                    let mut p = PersonToNotify::default();
                    for f in der::children(el.value, FILE)? {
                        match f.tag {
                            0x5F50 => p.date_recorded = Some(PartialDate::parse(f.value)),
                            0x5F51 => p.name = Some(text::utf8(f.value)),
                            0x5F52 => p.telephone = Some(text::utf8(f.value)),
                            0x5F53 => p.address = Some(text::utf8(f.value)),
                            _ => p.unknown.push(RawTlv::from_tlv(&f)),
                        }
                    }
                    persons.push(p);
                }
                _ => {}
            }
        }
        Ok(Dg16 {
            declared_count,
            persons,
        })
    }

    /// Encodes DG16 with templates A1, A2, … (after the 30th, the numbering starts again).
    pub fn encode(&self) -> Vec<u8> {
        let mut v = Vec::new();
        if let Some(count) = self.declared_count {
            tlv::write_tlv(0x02, &der::uint_bytes(count), &mut v);
        }
        for (tag, p) in (0xA1u32..=0xBE).cycle().zip(&self.persons) {
            let mut inner = Vec::new();
            if let Some(d) = &p.date_recorded {
                tlv::write_tlv(0x5F50, &d.encode(), &mut inner);
            }
            for (t, f) in [
                (0x5F51, &p.name),
                (0x5F52, &p.telephone),
                (0x5F53, &p.address),
            ] {
                if let Some(f) = f {
                    tlv::write_tlv(t, f.as_bytes(), &mut inner);
                }
            }
            for u in &p.unknown {
                u.write(&mut inner);
            }
            tlv::write_tlv(tag, &inner, &mut v);
        }
        tlv::tlv(TAG, &v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(date: &str, name: &str, tel: &str, addr: &str) -> PersonToNotify {
        PersonToNotify {
            date_recorded: Some(PartialDate::ascii(date)),
            name: Some(name.into()),
            telephone: Some(tel.into()),
            address: Some(addr.into()),
            unknown: vec![],
        }
    }

    /// ICAO 9303-10 Appendix A.6: two persons, '70' '81A2' { '02' '01' 2, 'A1' '4C' …,
    /// 'A2' '4F' … } (the document's second 5F50 lacks its length byte; it is 08).
    #[test]
    fn icao_worked_example() {
        let expected = Dg16 {
            declared_count: Some(2),
            persons: vec![
                person(
                    "20020101",
                    "SMITH<<CHARLES<R",
                    "19525551212",
                    "123 MAPLE RD<ANYTOWN<MN<55100",
                ),
                person(
                    "20020315",
                    "BROWN<<MARY<J",
                    "14155551212",
                    "49 REDWOOD LN<OCEAN BREEZE<CA<94000",
                ),
            ],
        };
        let bytes = expected.encode();
        assert_eq!(&bytes[..3], &[0x70, 0x81, 0xA2]);
        assert_eq!(bytes.len(), 3 + 0xA2);
        assert_eq!(&bytes[6..8], &[0xA1, 0x4C]);
        assert_eq!(Dg16::parse(&bytes).unwrap(), expected);
    }

    #[test]
    fn many_persons_and_no_count() {
        let d = Dg16 {
            declared_count: None,
            persons: (0..31)
                .map(|i| PersonToNotify {
                    name: Some(format!("PERSON<<{i}")),
                    ..Default::default()
                })
                .collect(),
        };
        let enc = d.encode();
        assert_eq!(Dg16::parse(&enc).unwrap(), d);
    }

    #[test]
    fn bad_input() {
        assert!(Dg16::parse(&[0x70, 0x03, 0x02, 0x01]).is_err());
        assert!(Dg16::parse(&[0x70, 0x03, 0x02, 0x01, 0x80]).is_err());
        assert!(Dg16::parse(&[0x6F, 0x00]).is_err());
    }
}
