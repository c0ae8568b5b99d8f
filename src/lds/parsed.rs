//! One entry point for any LDS1 file: parse by file (EF.COM, DG1..DG16) into the matching
//! type, so readers and tools need not dispatch themselves. EF.SOD is `pki`'s.

use super::{
    BiometricDg, Com, Dg1, Dg2, Dg11, Dg12, Dg13, Dg14, Dg15, Dg16, DisplayedImages, DisplayedKind,
    FileId, LdsError, SecondaryBiometric, der, text::hex_bytes,
};
use serde::Serialize;

/// A file parsed into its type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[allow(clippy::large_enum_variant)]
pub enum ParsedFile {
    /// EF.COM.
    Com(Com),
    /// DG1.
    Dg1(Dg1),
    /// DG2.
    Dg2(Dg2),
    /// DG3 or DG4.
    Biometric(BiometricDg),
    /// DG5 or DG7.
    Displayed(DisplayedImages),
    /// DG11.
    Dg11(Dg11),
    /// DG12.
    Dg12(Dg12),
    /// DG13.
    Dg13(Dg13),
    /// DG14.
    Dg14(Dg14),
    /// DG15.
    Dg15(Dg15),
    /// DG16.
    Dg16(Dg16),
    /// A file without a parser here (DG6, DG8-DG10, EF.SOD): its outer value, raw.
    Raw {
        /// Which file.
        file: FileId,
        /// The value of the outer tag.
        #[serde(with = "hex_bytes")]
        value: Vec<u8>,
    },
}

/// Parses `data` as `file`.
pub fn parse_file(file: FileId, data: &[u8]) -> Result<ParsedFile, LdsError> {
    Ok(match file {
        FileId::Com => ParsedFile::Com(Com::parse(data)?),
        FileId::Dg1 => ParsedFile::Dg1(Dg1::parse(data)?),
        FileId::Dg2 => ParsedFile::Dg2(Dg2::parse(data)?),
        FileId::Dg3 => {
            ParsedFile::Biometric(BiometricDg::parse(SecondaryBiometric::Fingerprint, data)?)
        }
        FileId::Dg4 => ParsedFile::Biometric(BiometricDg::parse(SecondaryBiometric::Iris, data)?),
        FileId::Dg5 => {
            ParsedFile::Displayed(DisplayedImages::parse(DisplayedKind::Portrait, data)?)
        }
        FileId::Dg7 => {
            ParsedFile::Displayed(DisplayedImages::parse(DisplayedKind::Signature, data)?)
        }
        FileId::Dg11 => ParsedFile::Dg11(Dg11::parse(data)?),
        FileId::Dg12 => ParsedFile::Dg12(Dg12::parse(data)?),
        FileId::Dg13 => ParsedFile::Dg13(Dg13::parse(data)?),
        FileId::Dg14 => ParsedFile::Dg14(Dg14::parse(data)?),
        FileId::Dg15 => ParsedFile::Dg15(Dg15::parse(data)?),
        FileId::Dg16 => ParsedFile::Dg16(Dg16::parse(data)?),
        other => {
            let name = match other {
                FileId::Sod => "EF.SOD",
                _ => "data group",
            };
            let tag = other.lds_tag().map(u32::from).ok_or(LdsError::Malformed {
                file: name,
                what: "file number",
            })?;
            ParsedFile::Raw {
                file: other,
                value: der::outer(data, tag, name)?.value.to_vec(),
            }
        }
    })
}

impl ParsedFile {
    /// Encodes the file again.
    pub fn encode(&self) -> Vec<u8> {
        match self {
            ParsedFile::Com(f) => f.encode(),
            ParsedFile::Dg1(f) => f.encode(),
            ParsedFile::Dg2(f) => f.encode(),
            ParsedFile::Biometric(f) => f.encode(),
            ParsedFile::Displayed(f) => f.encode(),
            ParsedFile::Dg11(f) => f.encode(),
            ParsedFile::Dg12(f) => f.encode(),
            ParsedFile::Dg13(f) => f.encode(),
            ParsedFile::Dg14(f) => f.encode(),
            ParsedFile::Dg15(f) => f.encode(),
            ParsedFile::Dg16(f) => f.encode(),
            ParsedFile::Raw { file, value } => {
                crate::tlv::tlv(file.lds_tag().map(u32::from).unwrap_or_default(), value)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatch_by_file() {
        let dg13 = [0x6D, 0x02, 0xAB, 0xCD];
        assert!(matches!(
            parse_file(FileId::Dg13, &dg13).unwrap(),
            ParsedFile::Dg13(_)
        ));
        let dg6 = [0x66, 0x01, 0x00];
        let p = parse_file(FileId::Dg6, &dg6).unwrap();
        assert_eq!(p.encode(), dg6);
        assert!(parse_file(FileId::Dg1, &dg13).is_err());
        assert!(parse_file(FileId::CardAccess, &dg13).is_err());
    }
}
