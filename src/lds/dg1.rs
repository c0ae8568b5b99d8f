//! DG1 (ICAO 9303-10 §4.7.1): the MRZ as stored on the chip (tag 61, data element 5F1F),
//! split into its lines by length; [`Dg1::parse_mrz`] hands them to `crate::mrz` for fields
//! and check digits.

use super::{LdsError, der, text};
use crate::tlv;
use serde::Serialize;

const FILE: &str = "DG1";
const TAG: u32 = 0x61;
const MRZ: u32 = 0x5F1F;

/// The MRZ layout, known from the length of the stored MRZ (ICAO 9303-10 §4.7.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum MrzShape {
    /// 3 lines of 30 (TD1 cards).
    Td1,
    /// 2 lines of 36 (TD2, MRV-B).
    Td2,
    /// 2 lines of 44 (TD3 passports, MRV-A).
    Td3,
    /// Any other length: kept as one line.
    Other,
}

impl MrzShape {
    fn of(len: usize) -> Self {
        match len {
            90 => MrzShape::Td1,
            72 => MrzShape::Td2,
            88 => MrzShape::Td3,
            _ => MrzShape::Other,
        }
    }

    fn line_len(self) -> Option<usize> {
        match self {
            MrzShape::Td1 => Some(30),
            MrzShape::Td2 => Some(36),
            MrzShape::Td3 => Some(44),
            MrzShape::Other => None,
        }
    }
}

/// The content of DG1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dg1 {
    /// The MRZ characters as stored, without line breaks.
    pub mrz: String,
    /// The layout known from the length.
    pub shape: MrzShape,
}

impl Dg1 {
    /// Parses DG1. Line breaks and trailing spaces some issuers store are removed.
    pub fn parse(data: &[u8]) -> Result<Self, LdsError> {
        let outer = der::outer(data, TAG, FILE)?;
        let el = outer.find(MRZ).ok_or(LdsError::Missing {
            file: FILE,
            what: "MRZ data element 5F1F",
        })?;
        let mrz: String = text::utf8(el.value)
            .chars()
            .filter(|c| !matches!(c, '\r' | '\n' | '\0'))
            .collect::<String>()
            .trim_end()
            .to_string();
        Ok(Self::new(mrz))
    }

    /// A DG1 holding `mrz` (the lines concatenated).
    pub fn new(mrz: String) -> Self {
        let shape = MrzShape::of(mrz.chars().count());
        Dg1 { mrz, shape }
    }

    /// Encodes DG1.
    pub fn encode(&self) -> Vec<u8> {
        tlv::tlv(TAG, &tlv::tlv(MRZ, self.mrz.as_bytes()))
    }

    /// The MRZ lines (one line for an unknown length).
    pub fn lines(&self) -> Vec<String> {
        match self.shape.line_len() {
            Some(n) => {
                let chars: Vec<char> = self.mrz.chars().collect();
                chars.chunks(n).map(|c| c.iter().collect()).collect()
            }
            None => vec![self.mrz.clone()],
        }
    }

    /// The MRZ lines joined with newlines, the form MRZ parsers read.
    pub fn mrz_text(&self) -> String {
        self.lines().join("\n")
    }

    /// Parses the MRZ into fields and check digits (strict mode: the chip's MRZ is not OCR
    /// output). `today` places two-digit years.
    pub fn parse_mrz(
        &self,
        today: crate::mrz::Date,
    ) -> Result<crate::mrz::Mrz, crate::mrz::MrzError> {
        crate::mrz::parse(&self.mrz_text(), today)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ICAO 9303-10 Appendix A (EF.DG1 worked example): the TD3 specimen MRZ of Anna Maria
    /// Eriksson, '61' '5B' '5F1F' '58' followed by the 88 characters.
    const TD3: &str =
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    #[test]
    fn icao_worked_example() {
        let mut bytes = vec![0x61, 0x5B, 0x5F, 0x1F, 0x58];
        bytes.extend_from_slice(TD3.as_bytes());
        let dg1 = Dg1::parse(&bytes).unwrap();
        assert_eq!(dg1.shape, MrzShape::Td3);
        assert_eq!(
            dg1.lines(),
            vec![
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            ]
        );
        assert_eq!(dg1.encode(), bytes);
    }

    #[test]
    fn fields_come_from_the_mrz_module() {
        let dg1 = Dg1::new(TD3.to_string());
        let today = crate::mrz::Date::new(2026, 11, 22).unwrap();
        let mrz = dg1.parse_mrz(today).unwrap();
        assert!(mrz.is_valid());
        assert_eq!(mrz.document_number, "L898902C3");
        assert_eq!(mrz.names.primary, "ERIKSSON");
        assert_eq!(mrz.names.secondary, "ANNA MARIA");
        assert!(Dg1::new("ABC".into()).parse_mrz(today).is_err());
    }

    #[test]
    fn td1_and_td2_and_odd_lengths() {
        let td1 = "I<UTOD231458907<<<<<<<<<<<<<<<7408122F1204159UTO<<<<<<<<<<<6ERIKSSON<<ANNA<MARIA<<<<<<<<<<";
        let dg1 = Dg1::new(td1.to_string());
        assert_eq!(dg1.shape, MrzShape::Td1);
        assert_eq!(dg1.lines().len(), 3);
        assert_eq!(Dg1::parse(&dg1.encode()).unwrap(), dg1);
        let td2 = "X".repeat(72);
        assert_eq!(Dg1::new(td2).lines().len(), 2);
        let odd = Dg1::new("ABC".into());
        assert_eq!(odd.shape, MrzShape::Other);
        assert_eq!(odd.lines(), vec!["ABC"]);
    }

    #[test]
    fn line_breaks_are_tolerated() {
        let with_breaks = format!("{}\r\n{}\n", &TD3[..44], &TD3[44..]);
        let bytes = tlv::tlv(TAG, &tlv::tlv(MRZ, with_breaks.as_bytes()));
        assert_eq!(Dg1::parse(&bytes).unwrap().mrz, TD3);
    }

    #[test]
    fn missing_mrz() {
        assert_eq!(
            Dg1::parse(&[0x61, 0x00]).unwrap_err(),
            LdsError::Missing {
                file: FILE,
                what: "MRZ data element 5F1F"
            }
        );
        assert!(Dg1::parse(&[0x60, 0x00]).is_err());
    }
}
