//! The LDS1 elementary files (ICAO 9303-10 §4.6.1, Table 37): name, file identifier,
//! short file identifier and outer tag of EF.COM, EF.SOD and DG1..DG16.

use serde::Serialize;

/// One of the eMRTD application's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum LdsFile {
    /// EF.COM, the common data (tag 0x60).
    Com,
    /// A data group, 1..=16.
    Dg(u8),
    /// EF.SOD, the document security object (tag 0x77).
    Sod,
}

/// Tags of DG1..DG16 in order (ICAO 9303-10 Table 37).
const DG_TAGS: [u32; 16] = [
    0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70,
];

impl LdsFile {
    /// Every file of the application: EF.COM, DG1..DG16, EF.SOD.
    pub fn all() -> impl Iterator<Item = LdsFile> {
        std::iter::once(LdsFile::Com)
            .chain((1..=16).map(LdsFile::Dg))
            .chain(std::iter::once(LdsFile::Sod))
    }

    /// The file identifier for SELECT (EF.COM 011E, DGn 01nn, EF.SOD 011D).
    pub fn fid(self) -> u16 {
        match self {
            LdsFile::Com => 0x011E,
            LdsFile::Dg(n) => 0x0100 | u16::from(n),
            LdsFile::Sod => 0x011D,
        }
    }

    /// The short file identifier for READ BINARY with SFI (1E, 01..10, 1D).
    pub fn sfi(self) -> u8 {
        match self {
            LdsFile::Com => 0x1E,
            LdsFile::Dg(n) => n,
            LdsFile::Sod => 0x1D,
        }
    }

    /// The file's outer tag; `None` for a data group number outside 1..=16.
    pub fn tag(self) -> Option<u32> {
        match self {
            LdsFile::Com => Some(0x60),
            LdsFile::Dg(n) => DG_TAGS.get(usize::from(n).checked_sub(1)?).copied(),
            LdsFile::Sod => Some(0x77),
        }
    }

    /// The file whose outer tag is `tag` (as listed in EF.COM's tag list).
    pub fn from_tag(tag: u32) -> Option<LdsFile> {
        match tag {
            0x60 => Some(LdsFile::Com),
            0x77 => Some(LdsFile::Sod),
            _ => DG_TAGS
                .iter()
                .position(|&t| t == tag)
                .and_then(|i| u8::try_from(i + 1).ok())
                .map(LdsFile::Dg),
        }
    }

    /// The file with identifier `fid`.
    pub fn from_fid(fid: u16) -> Option<LdsFile> {
        Self::all().find(|f| f.fid() == fid && f.tag().is_some())
    }

    /// The conventional name: "EF.COM", "DG2", "EF.SOD".
    pub fn name(self) -> String {
        match self {
            LdsFile::Com => "EF.COM".to_string(),
            LdsFile::Dg(n) => format!("DG{n}"),
            LdsFile::Sod => "EF.SOD".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_tags() {
        assert_eq!(LdsFile::Dg(2).tag(), Some(0x75));
        assert_eq!(LdsFile::Dg(14).fid(), 0x010E);
        assert_eq!(LdsFile::from_tag(0x6E), Some(LdsFile::Dg(14)));
        assert_eq!(LdsFile::from_tag(0x7F), None);
        assert_eq!(LdsFile::from_fid(0x011D), Some(LdsFile::Sod));
        assert_eq!(LdsFile::Dg(0).tag(), None);
        assert_eq!(LdsFile::Dg(17).tag(), None);
        assert_eq!(LdsFile::all().count(), 18);
        for f in LdsFile::all() {
            assert_eq!(LdsFile::from_tag(f.tag().unwrap()), Some(f));
        }
    }
}
