//! Generated specimens parse back to exactly what was put in, file by file and field by
//! field, and their faces decode.

use super::*;
use crate::lds::{self, ImageFormat, ParsedFile, parse_file};

#[test]
fn every_file_parses_back_to_what_was_generated() {
    for face in [FaceVariant::Jpeg, FaceVariant::Jpeg2000] {
        for kind in SpecimenKind::ALL {
            let s = Specimen::build(kind, face);
            let files = s.files();
            assert_eq!(files.len(), 13);
            let get = |n: u8| files.get(&FileId::data_group(n).unwrap().fid()).unwrap();
            assert_eq!(Com::parse(files.get(&0x011E).unwrap()).unwrap(), s.com);
            assert_eq!(Dg1::parse(get(1)).unwrap(), s.dg1);
            assert_eq!(Dg2::parse(get(2)).unwrap(), s.dg2);
            assert_eq!(
                parse_file(FileId::Dg3, get(3)).unwrap(),
                ParsedFile::Biometric(s.dg3.clone())
            );
            assert_eq!(
                parse_file(FileId::Dg4, get(4)).unwrap(),
                ParsedFile::Biometric(s.dg4.clone())
            );
            assert_eq!(
                parse_file(FileId::Dg5, get(5)).unwrap(),
                ParsedFile::Displayed(s.dg5.clone())
            );
            assert_eq!(
                parse_file(FileId::Dg7, get(7)).unwrap(),
                ParsedFile::Displayed(s.dg7.clone())
            );
            let dg11 = Dg11::parse(get(11)).unwrap();
            assert_eq!(dg11, s.dg11);
            let expected = 13
                - usize::from(s.dg11.personal_number.is_none())
                - usize::from(s.dg11.other_names.is_empty());
            assert_eq!(dg11.tag_list.len(), expected);
            assert_eq!(Dg12::parse(get(12)).unwrap(), s.dg12);
            assert_eq!(Dg13::parse(get(13)).unwrap(), s.dg13);
            assert_eq!(Dg14::parse(get(14)).unwrap(), s.dg14);
            assert_eq!(Dg15::parse(get(15)).unwrap(), s.dg15);
            assert_eq!(Dg16::parse(get(16)).unwrap(), s.dg16);
            assert_eq!(
                lds::parse_card_access(&s.card_access_bytes()).unwrap(),
                s.card_access
            );
            // EF.COM lists exactly the data groups present.
            let mut listed: Vec<u16> = s
                .com
                .data_groups()
                .iter()
                .map(|&n| FileId::data_group(n).unwrap().fid())
                .collect();
            listed.push(0x011E);
            listed.sort();
            assert_eq!(listed, files.keys().copied().collect::<Vec<_>>());
        }
    }
}

#[test]
fn fields_are_what_the_documents_say() {
    let p = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    assert_eq!(
        p.dg1.lines(),
        vec![
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F3404159ZE184226B<<<<<16"
        ]
    );
    assert_eq!(p.access.document_number, "L898902C3");
    let id = Specimen::build(SpecimenKind::IdCardDe, FaceVariant::Jpeg2000);
    assert_eq!(id.dg1.shape, lds::MrzShape::Td1);
    assert!(id.dg1.mrz.starts_with("IDD<<T220001293"));
    let dg12 = id.dg12.date_of_issue.clone().unwrap();
    assert!(dg12.bcd);
    assert_eq!(
        (dg12.year, dg12.month, dg12.day),
        (Some(2021), Some(8), Some(2))
    );
    let permit = Specimen::build(SpecimenKind::ResidencePermitDe, FaceVariant::Jpeg);
    assert!(permit.dg1.mrz.starts_with("ARD<<YA0000017"));
    let dob = permit.dg11.full_date_of_birth.clone().unwrap();
    assert_eq!((dob.year, dob.month, dob.day), (Some(1988), Some(11), None));
}

#[test]
fn faces_decode_to_the_right_size() {
    for (face, format) in [
        (FaceVariant::Jpeg, ImageFormat::Jpeg),
        (FaceVariant::Jpeg2000, ImageFormat::Jp2),
    ] {
        let s = Specimen::build(SpecimenKind::IdCardDe, face);
        let dg2 = Dg2::parse(s.files().get(&0x0102).unwrap()).unwrap();
        let img = dg2.face().unwrap();
        assert_eq!(img.format, format);
        let px = img.decode().unwrap();
        assert_eq!((px.width(), px.height()), (240, 320));
        assert!(img.to_png().unwrap().starts_with(&[0x89, b'P', b'N', b'G']));
    }
    let s = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    assert_eq!(s.dg5.images[0].dimensions().unwrap(), (120, 160));
    assert_eq!(s.dg7.images[0].dimensions().unwrap(), (240, 80));
}

#[test]
fn generation_is_deterministic_and_keys_match() {
    let a = Specimen::all();
    let b = Specimen::all();
    assert_eq!(a, b);
    for s in &a {
        let keys = s.dg14.security_infos.chip_authentication_keys();
        assert_eq!(keys.len(), 1);
        match &keys[0].0.key {
            lds::PublicKey::Ec { point, .. } => assert_eq!(point.len(), 65),
            other => panic!("{other:?}"),
        }
    }
    match &a[0].dg15.public_key.key {
        lds::PublicKey::Rsa { modulus, exponent } => {
            assert_eq!(modulus.len(), 256);
            assert_eq!(exponent, &[1, 0, 1]);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mrz_check_digits() {
    // The passport's second line per ICAO 9303-3 §4.9.
    assert_eq!(mrz_text::check_digit("340415"), '9');
    assert_eq!(mrz_text::check_digit("L898902C3"), '6');
}

/// Every specimen file, with its images cut to a few bytes, is a valid input of the `lds`
/// fuzz target (selector byte + file) and keeps its value through encode and parse. With
/// `IDVERIFY_WRITE_FUZZ_SEEDS=dir` set, the inputs are written there as seeds.
#[test]
fn specimen_files_are_fuzz_seeds() {
    let out = std::env::var_os("IDVERIFY_WRITE_FUZZ_SEEDS").map(std::path::PathBuf::from);
    let small = |img: &lds::EncodedImage| {
        lds::EncodedImage::new(img.data.iter().take(24).copied().collect())
    };
    let mut n = 0;
    for s in Specimen::all() {
        let mut s = s.clone();
        for t in &mut s.dg2.templates {
            if let lds::FaceRecord::Iso19794 { faces, .. } = &mut t.record {
                for f in faces {
                    f.image = small(&f.image);
                }
            }
        }
        s.dg5.images = s.dg5.images.iter().map(small).collect();
        s.dg7.images = s.dg7.images.iter().map(small).collect();
        s.dg11.proof_of_citizenship = s.dg11.proof_of_citizenship.as_ref().map(small);
        s.dg12.image_front = s.dg12.image_front.as_ref().map(small);
        s.dg12.image_rear = None;
        let mut inputs: Vec<Vec<u8>> = s
            .files()
            .into_iter()
            .map(|(fid, bytes)| {
                let selector = FileId::from_application_fid(fid)
                    .and_then(FileId::data_group_number)
                    .unwrap_or_default();
                [vec![selector], bytes].concat()
            })
            .collect();
        inputs.push([vec![17], s.card_access_bytes()].concat());
        inputs.push([vec![19], s.dg15.public_key.raw.clone()].concat());
        if let lds::FaceRecord::Iso19794 { .. } = &s.dg2.templates[0].record {
            inputs.push([vec![20], s.dg2.templates[0].record.encode()].concat());
        }
        let j = lds::FaceRecord::Iso39794 {
            images: vec![small(&lds::EncodedImage::new(PORTRAIT_SEED.to_vec()))],
        };
        inputs.push([vec![21], j.encode()].concat());
        for (i, input) in inputs.iter().enumerate() {
            assert!(input.len() < 4096, "seed {i} is {} bytes", input.len());
            lds::fuzz_check(input);
            if let Some(dir) = &out {
                std::fs::create_dir_all(dir).unwrap();
                let name = format!("specimen-{:?}-{i:02}", s.kind);
                std::fs::write(dir.join(name), input).unwrap();
            }
            n += 1;
        }
    }
    assert!(n >= 3 * 16);
}

const PORTRAIT_SEED: &[u8] = &[0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x2F, 0x00, 0x00];

#[test]
fn dump_writes_every_file() {
    let dir = std::env::temp_dir().join(format!("idverify-specimen-{}", std::process::id()));
    let s = Specimen::build(SpecimenKind::IdCardDe, FaceVariant::Jpeg2000);
    s.dump(&dir).unwrap();
    let dg11 = std::fs::read(dir.join("DG11.bin")).unwrap();
    assert_eq!(Dg11::parse(&dg11).unwrap().full_name, s.dg11.full_name);
    let ca = std::fs::read(dir.join("EF.CardAccess.bin")).unwrap();
    assert_eq!(lds::parse_card_access(&ca).unwrap(), s.card_access);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 14);
    std::fs::remove_dir_all(&dir).unwrap();
    // With IDVERIFY_DUMP_SPECIMENS=dir, leave all three dumps there for `verify files`.
    if let Some(out) = std::env::var_os("IDVERIFY_DUMP_SPECIMENS") {
        for s in Specimen::all() {
            let d = std::path::Path::new(&out).join(format!("{:?}", s.kind));
            s.dump(&d).unwrap();
            assert!(d.join("DG2.bin").is_file());
        }
    }
}

#[test]
fn specimen_mrzs_are_valid_for_the_mrz_module() {
    let today = crate::mrz::Date::new(2026, 11, 22).unwrap();
    for s in Specimen::all() {
        let mrz = s.dg1.parse_mrz(today).unwrap();
        assert!(
            mrz.is_valid(),
            "{:?}: {:?}",
            s.kind,
            mrz.failed_checks().collect::<Vec<_>>()
        );
        assert_eq!(mrz.document_number, s.access.document_number);
        let info = mrz.mrz_information().unwrap();
        let expected = format!(
            "{}{}{}{}{}{}",
            s.access.document_number,
            mrz_text::check_digit(&s.access.document_number),
            s.access.date_of_birth,
            mrz_text::check_digit(&s.access.date_of_birth),
            s.access.date_of_expiry,
            mrz_text::check_digit(&s.access.date_of_expiry)
        );
        assert_eq!(info.as_str(), expected);
    }
}
