//! The generated specimen documents, served by the software chip and read back with BAC,
//! parse to exactly what the generator put in, field by field, for both face variants.
#![cfg(feature = "emulator")]

use getrandom::SysRng;
use idverify::chip::{ChipSession, FileId};
use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
use idverify::emulator::{ChipConfig, EmulatedChip};
use idverify::lds::{
    BiometricDg, Com, Dg1, Dg2, Dg11, Dg12, Dg13, Dg14, Dg15, Dg16, DisplayedImages, DisplayedKind,
    SecondaryBiometric,
};
use idverify::mrz::mrz_information;
use rand_core::UnwrapErr;

fn read_back(specimen: &Specimen, config: ChipConfig) -> Vec<(FileId, Vec<u8>)> {
    let key = mrz_information(
        &specimen.access.document_number,
        &specimen.access.date_of_birth,
        &specimen.access.date_of_expiry,
    )
    .unwrap();
    let chip = EmulatedChip::new(config, [7; 32])
        .with_files(specimen.chip_files())
        .with_bac(key.as_bytes());
    let mut session = ChipSession::select_and_bac(chip, key.as_bytes(), &mut UnwrapErr(SysRng))
        .expect("BAC with the specimen's own MRZ");
    // EF.COM first, then every data group it lists, as a desk reader does.
    let (com, _) = session.read_file(FileId::Com).unwrap();
    let mut files = vec![(FileId::Com, com.clone())];
    for dg in idverify::chip::listed_data_groups(&com) {
        let (bytes, _) = session.read_file(dg).unwrap();
        files.push((dg, bytes));
    }
    files
}

fn assert_fields_equal(specimen: &Specimen, files: &[(FileId, Vec<u8>)]) {
    let listed: Vec<u8> = files
        .iter()
        .filter_map(|(f, _)| f.data_group_number())
        .collect();
    assert_eq!(
        listed,
        specimen.com.data_groups(),
        "{:?}: data groups read",
        specimen.kind
    );
    for (file, bytes) in files {
        let kind = specimen.kind;
        match file.data_group_number() {
            None => assert_eq!(Com::parse(bytes).unwrap(), specimen.com, "{kind:?} EF.COM"),
            Some(1) => assert_eq!(Dg1::parse(bytes).unwrap(), specimen.dg1, "{kind:?} DG1"),
            Some(2) => assert_eq!(Dg2::parse(bytes).unwrap(), specimen.dg2, "{kind:?} DG2"),
            Some(3) => assert_eq!(
                BiometricDg::parse(SecondaryBiometric::Fingerprint, bytes).unwrap(),
                specimen.dg3,
                "{kind:?} DG3"
            ),
            Some(4) => assert_eq!(
                BiometricDg::parse(SecondaryBiometric::Iris, bytes).unwrap(),
                specimen.dg4,
                "{kind:?} DG4"
            ),
            Some(5) => assert_eq!(
                DisplayedImages::parse(DisplayedKind::Portrait, bytes).unwrap(),
                specimen.dg5,
                "{kind:?} DG5"
            ),
            Some(7) => assert_eq!(
                DisplayedImages::parse(DisplayedKind::Signature, bytes).unwrap(),
                specimen.dg7,
                "{kind:?} DG7"
            ),
            Some(11) => assert_eq!(Dg11::parse(bytes).unwrap(), specimen.dg11, "{kind:?} DG11"),
            Some(12) => assert_eq!(Dg12::parse(bytes).unwrap(), specimen.dg12, "{kind:?} DG12"),
            Some(13) => assert_eq!(Dg13::parse(bytes).unwrap(), specimen.dg13, "{kind:?} DG13"),
            Some(14) => assert_eq!(Dg14::parse(bytes).unwrap(), specimen.dg14, "{kind:?} DG14"),
            Some(15) => assert_eq!(Dg15::parse(bytes).unwrap(), specimen.dg15, "{kind:?} DG15"),
            Some(16) => assert_eq!(Dg16::parse(bytes).unwrap(), specimen.dg16, "{kind:?} DG16"),
            Some(n) => panic!("{kind:?}: DG{n} was read but the specimen has none"),
        }
    }
}

#[test]
fn every_specimen_reads_back_field_by_field_with_extended_length() {
    for kind in SpecimenKind::ALL {
        for face in [FaceVariant::Jpeg, FaceVariant::Jpeg2000] {
            let specimen = Specimen::build(kind, face);
            let files = read_back(&specimen, ChipConfig::default());
            assert_fields_equal(&specimen, &files);
        }
    }
}

#[test]
fn every_specimen_reads_back_field_by_field_with_short_reads() {
    for kind in SpecimenKind::ALL {
        let specimen = Specimen::build(kind, FaceVariant::Jpeg);
        let files = read_back(&specimen, ChipConfig::short_reads(223));
        assert_fields_equal(&specimen, &files);
    }
}
