//! The eMRTD's elementary files by name, one type for the whole crate: file identifiers,
//! short file identifiers and the LDS tags of their outer TLV (ICAO 9303-10 §4.6 Table 39,
//! §4.7; ICAO 9303-11 §9.2). The chip reads them by these names, `lds` parses them.

use std::fmt;

/// The application identifier of the eMRTD LDS1 application (ICAO 9303-10 §4.2).
pub const EMRTD_AID: [u8; 7] = [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01];

/// An elementary file of the eMRTD (or, for EF.CardAccess and EF.CardSecurity, of the MF).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[allow(missing_docs)]
pub enum FileId {
    /// EF.COM: LDS version and the list of data groups present.
    Com,
    /// EF.SOD: the document security object (signed hashes of the data groups).
    Sod,
    /// EF.CardAccess (in the MF): PACE and other SecurityInfos, readable without access control.
    CardAccess,
    /// EF.CardSecurity (in the MF): signed SecurityInfos for chip authentication.
    CardSecurity,
    Dg1,
    Dg2,
    Dg3,
    Dg4,
    Dg5,
    Dg6,
    Dg7,
    Dg8,
    Dg9,
    Dg10,
    Dg11,
    Dg12,
    Dg13,
    Dg14,
    Dg15,
    Dg16,
}

const DATA_GROUPS: [FileId; 16] = [
    FileId::Dg1,
    FileId::Dg2,
    FileId::Dg3,
    FileId::Dg4,
    FileId::Dg5,
    FileId::Dg6,
    FileId::Dg7,
    FileId::Dg8,
    FileId::Dg9,
    FileId::Dg10,
    FileId::Dg11,
    FileId::Dg12,
    FileId::Dg13,
    FileId::Dg14,
    FileId::Dg15,
    FileId::Dg16,
];

/// LDS tags of DG1..DG16 (ICAO 9303-10 §4.6.1 Table 38).
const DG_TAGS: [u8; 16] = [
    0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70,
];

impl FileId {
    /// Every file, in reading order.
    pub const ALL: [FileId; 20] = [
        FileId::CardAccess,
        FileId::CardSecurity,
        FileId::Com,
        FileId::Sod,
        FileId::Dg1,
        FileId::Dg2,
        FileId::Dg3,
        FileId::Dg4,
        FileId::Dg5,
        FileId::Dg6,
        FileId::Dg7,
        FileId::Dg8,
        FileId::Dg9,
        FileId::Dg10,
        FileId::Dg11,
        FileId::Dg12,
        FileId::Dg13,
        FileId::Dg14,
        FileId::Dg15,
        FileId::Dg16,
    ];

    /// DG`n` for n in 1..=16.
    pub fn data_group(n: u8) -> Option<FileId> {
        DATA_GROUPS.get(usize::from(n).checked_sub(1)?).copied()
    }

    /// The data group number, for DG1..DG16.
    pub fn data_group_number(self) -> Option<u8> {
        DATA_GROUPS
            .iter()
            .position(|&d| d == self)
            .map(|i| i as u8 + 1)
    }

    /// The file identifier (ICAO 9303-10 §4.6: EF.COM 011E, EF.SOD 011D, DGn 01nn;
    /// EF.CardAccess 011C and EF.CardSecurity 011D in the MF).
    pub fn fid(self) -> u16 {
        match self {
            FileId::Com => 0x011E,
            FileId::Sod | FileId::CardSecurity => 0x011D,
            FileId::CardAccess => 0x011C,
            dg => 0x0100 | u16::from(dg.data_group_number().unwrap_or(0)),
        }
    }

    /// The short file identifier (the low five bits of the FID).
    pub fn sfi(self) -> u8 {
        (self.fid() & 0x1F) as u8
    }

    /// Whether the file lives in the master file rather than the eMRTD application.
    pub fn in_master_file(self) -> bool {
        matches!(self, FileId::CardAccess | FileId::CardSecurity)
    }

    /// The tag of the file's outer TLV, for EF.COM, EF.SOD and the data groups.
    pub fn lds_tag(self) -> Option<u8> {
        match self {
            FileId::Com => Some(0x60),
            FileId::Sod => Some(0x77),
            FileId::CardAccess | FileId::CardSecurity => None,
            dg => DG_TAGS
                .get(usize::from(dg.data_group_number()?.checked_sub(1)?))
                .copied(),
        }
    }

    /// The files of the eMRTD application in the order ICAO 9303-10 lists them: EF.COM,
    /// DG1–DG16, EF.SOD.
    pub fn application() -> impl Iterator<Item = FileId> {
        std::iter::once(FileId::Com)
            .chain(DATA_GROUPS)
            .chain(std::iter::once(FileId::Sod))
    }

    /// The file of the eMRTD application (EF.COM, DG1–DG16, EF.SOD) with identifier `fid`.
    pub fn from_application_fid(fid: u16) -> Option<FileId> {
        FileId::ALL
            .into_iter()
            .find(|f| f.fid() == fid && f.lds_tag().is_some())
    }

    /// The data group an LDS tag (as listed in EF.COM's tag list) stands for.
    pub fn from_lds_tag(tag: u8) -> Option<FileId> {
        let i = DG_TAGS.iter().position(|&t| t == tag)?;
        DATA_GROUPS.get(i).copied()
    }

    /// The name used in reports and dump files: "EF.COM", "EF.SOD", "EF.CardAccess",
    /// "EF.CardSecurity", "DG1" … "DG16".
    pub fn name(self) -> &'static str {
        const DG_NAMES: [&str; 16] = [
            "DG1", "DG2", "DG3", "DG4", "DG5", "DG6", "DG7", "DG8", "DG9", "DG10", "DG11", "DG12",
            "DG13", "DG14", "DG15", "DG16",
        ];
        match self {
            FileId::Com => "EF.COM",
            FileId::Sod => "EF.SOD",
            FileId::CardAccess => "EF.CardAccess",
            FileId::CardSecurity => "EF.CardSecurity",
            dg => dg
                .data_group_number()
                .and_then(|n| DG_NAMES.get(usize::from(n) - 1))
                .copied()
                .unwrap_or("DG?"),
        }
    }

    /// The file with [`FileId::name`] `name`.
    pub fn from_name(name: &str) -> Option<FileId> {
        FileId::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for FileId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_per_icao_9303_10() {
        assert_eq!(FileId::Com.fid(), 0x011E);
        assert_eq!(FileId::Com.sfi(), 0x1E);
        assert_eq!(FileId::Sod.sfi(), 0x1D);
        assert_eq!(FileId::CardAccess.sfi(), 0x1C);
        assert_eq!(FileId::Dg2.fid(), 0x0102);
        assert_eq!(FileId::Dg16.sfi(), 0x10);
        assert_eq!(FileId::Dg15.lds_tag(), Some(0x6F));
        assert_eq!(FileId::from_lds_tag(0x75), Some(FileId::Dg2));
        assert_eq!(FileId::from_lds_tag(0x99), None);
        assert_eq!(FileId::data_group(11), Some(FileId::Dg11));
        assert_eq!(FileId::data_group(0), None);
        assert_eq!(FileId::data_group(17), None);
        for f in FileId::ALL {
            assert_eq!(FileId::from_name(f.name()), Some(f));
        }
        assert_eq!(FileId::Dg10.to_string(), "DG10");
        assert!(FileId::CardSecurity.in_master_file());
    }
}
