//! The specimen documents: a TD3 passport of the test state 'UTO', a TD1 German identity
//! card and a TD1 German residence permit, built deterministically with every data group.
//!
//! [`Specimen::build`] returns the typed content of every file (what was put in, for
//! field-by-field comparison) and [`Specimen::files`] its encoding per file identifier.
//! The faces and images come from `testdata/faces` (drawn by `make_faces.py`), the keys from
//! `keys.rs` (derived by `testdata/specimen/make_keys.py`). EF.SOD and EF.CardSecurity are
//! signed elsewhere (the test PKI) over these files.

mod documents;
mod eid;
pub mod keys;
pub mod mrz_text;

pub use eid::{
    RESIDENCE_PERMIT_NOTE_I, RESIDENCE_PERMIT_NOTE_II, id_card_address, id_card_eid_files,
    residence_permit_eid_files,
};

use crate::chip::FileId;
use crate::lds::{
    BiometricDg, Com, Dg1, Dg2, Dg11, Dg12, Dg13, Dg14, Dg15, Dg16, DisplayedImages, SecurityInfos,
};
use std::collections::BTreeMap;

/// File identifier of EF.CardAccess (in the master file, ICAO 9303-10 §3.11.3).
pub const EF_CARD_ACCESS: u16 = 0x011C;

/// Which specimen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecimenKind {
    /// TD3 passport of the test state 'UTO' (BAC and PACE, RSA active authentication).
    PassportUto,
    /// TD1 German identity card (PACE with CAN, chip authentication v2, EC AA).
    IdCardDe,
    /// TD1 German electronic residence permit.
    ResidencePermitDe,
}

impl SpecimenKind {
    /// The three specimens.
    pub const ALL: [SpecimenKind; 3] = [
        SpecimenKind::PassportUto,
        SpecimenKind::IdCardDe,
        SpecimenKind::ResidencePermitDe,
    ];
}

/// Which face image DG2 carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaceVariant {
    /// `testdata/faces/face.jpg` (JPEG, 240x320).
    Jpeg,
    /// `testdata/faces/face.jp2` (JPEG 2000 in JP2, 240x320).
    Jpeg2000,
}

/// The MRZ-derived access data and the CAN of a specimen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessData {
    /// Document number as in the MRZ (without fillers).
    pub document_number: String,
    /// Date of birth YYMMDD.
    pub date_of_birth: String,
    /// Date of expiry YYMMDD.
    pub date_of_expiry: String,
    /// Card access number, for PACE with CAN.
    pub can: String,
}

/// One specimen document: the content of every file it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Specimen {
    /// Which specimen.
    pub kind: SpecimenKind,
    /// The BAC/PACE access data.
    pub access: AccessData,
    /// EF.COM.
    pub com: Com,
    /// DG1.
    pub dg1: Dg1,
    /// DG2.
    pub dg2: Dg2,
    /// DG3.
    pub dg3: BiometricDg,
    /// DG4.
    pub dg4: BiometricDg,
    /// DG5.
    pub dg5: DisplayedImages,
    /// DG7.
    pub dg7: DisplayedImages,
    /// DG11.
    pub dg11: Dg11,
    /// DG12.
    pub dg12: Dg12,
    /// DG13.
    pub dg13: Dg13,
    /// DG14.
    pub dg14: Dg14,
    /// DG15.
    pub dg15: Dg15,
    /// DG16.
    pub dg16: Dg16,
    /// EF.CardAccess.
    pub card_access: SecurityInfos,
}

impl Specimen {
    /// Builds a specimen. The same arguments always give the same bytes.
    pub fn build(kind: SpecimenKind, face: FaceVariant) -> Self {
        documents::build(kind, face)
    }

    /// The three specimens with their default faces (passport JPEG, ID card JPEG 2000,
    /// residence permit JPEG).
    pub fn all() -> Vec<Specimen> {
        vec![
            Self::build(SpecimenKind::PassportUto, FaceVariant::Jpeg),
            Self::build(SpecimenKind::IdCardDe, FaceVariant::Jpeg2000),
            Self::build(SpecimenKind::ResidencePermitDe, FaceVariant::Jpeg),
        ]
    }

    /// The encoded files of the eMRTD application by file identifier (EF.COM 011E, DG1
    /// 0101 … DG16 0110), EF.SOD excluded.
    pub fn files(&self) -> BTreeMap<u16, Vec<u8>> {
        let mut m = BTreeMap::new();
        let mut put = |f: FileId, bytes: Vec<u8>| {
            m.insert(f.fid(), bytes);
        };
        put(FileId::Com, self.com.encode());
        put(FileId::Dg1, self.dg1.encode());
        put(FileId::Dg2, self.dg2.encode());
        put(FileId::Dg3, self.dg3.encode());
        put(FileId::Dg4, self.dg4.encode());
        put(FileId::Dg5, self.dg5.encode());
        put(FileId::Dg7, self.dg7.encode());
        put(FileId::Dg11, self.dg11.encode());
        put(FileId::Dg12, self.dg12.encode());
        put(FileId::Dg13, self.dg13.encode());
        put(FileId::Dg14, self.dg14.encode());
        put(FileId::Dg15, self.dg15.encode());
        put(FileId::Dg16, self.dg16.encode());
        m
    }

    /// The same files keyed as the chip reads them (EF.COM, DG1 … DG16), EF.SOD excluded.
    pub fn chip_files(&self) -> BTreeMap<FileId, Vec<u8>> {
        self.files()
            .into_iter()
            .filter_map(|(fid, bytes)| {
                let file = match fid {
                    0x011E => FileId::Com,
                    _ => FileId::data_group(u8::try_from(fid & 0xFF).ok()?)?,
                };
                Some((file, bytes))
            })
            .collect()
    }

    /// Writes the files as a dumped document for `verify files`: EF.COM.bin, DG1.bin …
    /// DG16.bin and EF.CardAccess.bin in `dir` (created if missing).
    pub fn dump(&self, dir: &std::path::Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (fid, bytes) in self.files() {
            if let Some(file) = FileId::from_application_fid(fid) {
                std::fs::write(dir.join(format!("{}.bin", file.name())), bytes)?;
            }
        }
        std::fs::write(dir.join("EF.CardAccess.bin"), self.card_access_bytes())
    }

    /// EF.CardAccess's bytes (file 011C in the master file).
    pub fn card_access_bytes(&self) -> Vec<u8> {
        self.card_access.encode()
    }
}

#[cfg(test)]
mod tests;
