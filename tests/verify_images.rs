//! The optical MRZ from a document's scanned images: the white image's read (else the
//! infrared one's) stands in for a typed MRZ, the report says where it came from and how sure
//! the read is, an uncertain read never lets the MRZ checks pass, and every image's SHA-256,
//! light, page and dpi are in the report's `files`. Pages rendered by the seeded generator
//! with the virtual passport's MRZ.
#![cfg(feature = "emulator")]

#[path = "support/json_schema.rs"]
mod json_schema;
#[allow(dead_code)]
mod optical_support;

use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
use idverify::optical::{GreyImage, Light, PixelFormat, decode_image, read_mrz};
use idverify::pki::TrustStore;
use idverify::verify::{
    CheckTime, DocumentInput, ImageData, MrzTextSource, OpticalSource, Report, RuleId,
    ScannedImage, Status, Verdict, Verifier, VerifierConfig,
};
use optical_support::mrz_text::Kind;
use optical_support::ocrb::OcrB;
use optical_support::pages::{Conditions, page_with, plain};
use serde_json::Value;

/// 2026-12-01: the virtual passport is valid.
const NOW: i64 = 1_796_083_200;

fn passport() -> Specimen {
    Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg)
}

fn lines(s: &Specimen) -> Vec<String> {
    s.dg1.mrz_text().lines().map(str::to_string).collect()
}

fn page_conditions(infrared: bool) -> Conditions {
    Conditions {
        colour: !infrared,
        infrared,
        ..plain(Kind::Td3, 200.0)
    }
}

/// A 200 dpi scan of the MRZ of a data page printed with `printed` (an MRZ reader's image:
/// small, so the suite stays quick in a debug build).
fn scan(font: &OcrB, printed: Vec<String>, infrared: bool) -> Vec<u8> {
    page_with(font, 11, page_conditions(infrared), Some(printed)).bytes
}

fn verify(input: &DocumentInput) -> Report {
    let verifier = Verifier::new(TrustStore::new(), VerifierConfig::default());
    let report = verifier.verify(input, CheckTime::from_unix(NOW));
    let schema: Value = serde_json::from_str(idverify::verify::JSON_SCHEMA).unwrap();
    let v: Value = serde_json::from_str(&report.to_json()).unwrap();
    let mut errors = Vec::new();
    json_schema::validate(&schema, &schema, &v, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    report
}

fn status(report: &Report, id: RuleId) -> Status {
    report.check(id).expect("rule enabled").status
}

#[test]
fn a_certain_white_read_is_the_optical_mrz_and_equals_dg1() {
    let font = OcrB::load();
    let s = passport();
    let bytes = scan(&font, lines(&s), false);
    let mut image = ScannedImage::encoded(Light::White, bytes.clone());
    image.dpi = Some(200);
    let input = DocumentInput::from_files(s.chip_files()).with_image(image);
    let report = verify(&input);

    let origin = report.optical_mrz.as_ref().expect("an optical MRZ");
    assert_eq!(origin.source, OpticalSource::Image);
    assert_eq!((origin.light, origin.page), (Some(Light::White), Some(1)));
    assert_eq!(origin.certain, Some(true), "{:?}", origin.uncertain);
    let confidence = origin.min_confidence.expect("confidence").0;
    assert!(confidence > 0.0 && confidence <= 1.0, "{confidence}");
    let check = report.check(RuleId::MrzOpticalEqualsDg1).unwrap();
    assert_eq!(check.status, Status::Passed, "{:?}", check.message);
    assert_eq!(check.evidence["optical.source"], "image white page 1");
    assert_eq!(status(&report, RuleId::MrzCheckDigits), Status::Passed);

    let sha = idverify::crypto::hash::sha256_hex(&bytes);
    assert_eq!(origin.image_sha256.as_deref(), Some(sha.as_str()));
    let digest = report.files.last().expect("the image is listed");
    assert_eq!(digest.file, "image white page 1");
    assert_eq!(
        (digest.sha256.as_str(), digest.bytes),
        (sha.as_str(), bytes.len())
    );
    assert_eq!(
        (digest.light, digest.page, digest.dpi),
        (Some(Light::White), Some(1), Some(200))
    );
    // Chip files first, each once, then the image.
    assert_eq!(report.files.len(), input.files.len() + 1);
    // The comparison is required for genuine once the image gave an MRZ: without trust
    // anchors the verdict is incomplete, never genuine, and not for a missing comparison.
    assert_eq!(report.verdict, Verdict::Incomplete);
    assert!(
        report
            .unmet_requirements
            .iter()
            .all(|u| u.check != RuleId::MrzOpticalEqualsDg1)
    );
}

#[test]
fn the_infrared_read_stands_in_when_the_white_image_has_no_mrz() {
    let font = OcrB::load();
    let s = passport();
    let mut blank = page_conditions(false);
    blank.kind = None;
    let white = page_with(&font, 12, blank, None).bytes;
    let ir = scan(&font, lines(&s), true);
    let mut ir_image = ScannedImage::encoded(Light::Ir, ir);
    ir_image.page = 2;
    let input = DocumentInput::from_files(s.chip_files())
        .with_image(ScannedImage::encoded(Light::White, white))
        .with_image(ir_image);
    let report = verify(&input);
    let origin = report.optical_mrz.as_ref().unwrap();
    assert_eq!((origin.light, origin.page), (Some(Light::Ir), Some(2)));
    assert_eq!(status(&report, RuleId::MrzOpticalEqualsDg1), Status::Passed);
    let names: Vec<&str> = report.files.iter().map(|f| f.file.as_str()).collect();
    assert!(
        names.ends_with(&["image white page 1", "image ir page 2"]),
        "{names:?}"
    );
}

#[test]
fn an_image_without_an_mrz_says_so_and_requires_no_comparison() {
    let font = OcrB::load();
    let s = passport();
    let mut blank = page_conditions(false);
    blank.kind = None;
    let white = page_with(&font, 12, blank, None).bytes;
    let input = DocumentInput::from_files(s.chip_files())
        .with_image(ScannedImage::encoded(Light::White, white));
    let report = verify(&input);
    let origin = report.optical_mrz.as_ref().unwrap();
    assert_eq!(origin.error.as_deref(), Some("no MRZ found"));
    assert_eq!(origin.certain, None);
    assert_eq!(
        status(&report, RuleId::MrzOpticalEqualsDg1),
        Status::NotChecked
    );
}

/// The specimen's page decoded, with the lower half of the glyph at (line, column), from 1,
/// under a grey smudge: a glyph the reader cannot decide. (Painted over with paper instead,
/// the R of ERIKSSON becomes a clean P, which the reader rightly reads as P.)
fn damaged_scan(font: &OcrB, printed: Vec<String>, line: usize, column: usize) -> GreyImage {
    let grey = decode_image(&scan(font, printed, false)).unwrap();
    let read = read_mrz(&grey).unwrap();
    let cell = read.chars[line - 1][column - 1].cell.corners;
    let (w, h) = (grey.width(), grey.height());
    let mut px = grey.pixels().to_vec();
    let x0 = cell[0].0.min(cell[3].0) as u32;
    let x1 = cell[1].0.max(cell[2].0) as u32;
    let mid = (cell[0].1 + cell[3].1) / 2.0;
    let bottom = cell[2].1.max(cell[3].1);
    for y in mid as u32..bottom as u32 {
        for x in x0..x1 {
            px[(y * w + x) as usize] = 130;
        }
    }
    GreyImage::new(w, h, px).unwrap()
}

fn raw(grey: &GreyImage) -> ScannedImage {
    ScannedImage {
        light: Light::White,
        page: 1,
        dpi: Some(200),
        data: ImageData::Raw {
            width: grey.width(),
            height: grey.height(),
            format: PixelFormat::Grey8,
            pixels: grey.pixels().to_vec(),
        },
    }
}

#[test]
fn an_uncertain_read_warns_instead_of_passing() {
    let font = OcrB::load();
    let s = passport();
    // A letter of the surname: no check digit covers it.
    let grey = damaged_scan(&font, lines(&s), 1, 7);
    let input = DocumentInput::from_files(s.chip_files()).with_image(raw(&grey));
    let report = verify(&input);
    let origin = report.optical_mrz.as_ref().unwrap();
    let equal = report.check(RuleId::MrzOpticalEqualsDg1).unwrap();
    assert_eq!(
        origin.certain,
        Some(false),
        "{origin:?} {:?} {:?}",
        equal.status,
        equal.evidence
    );
    assert!(
        origin
            .uncertain
            .iter()
            .any(|u| (u.line, u.column) == (1, 7)),
        "{:?}",
        origin.uncertain
    );
    let check = report.check(RuleId::MrzOpticalEqualsDg1).unwrap();
    assert_eq!(check.status, Status::Warning, "{:?}", check.message);
    assert!(check.evidence["optical.uncertain"].contains("line 1 column 7"));
    assert!(
        check
            .message
            .get(idverify::verify::Lang::En)
            .contains("uncertain")
    );
    assert_eq!(status(&report, RuleId::MrzCheckDigits), Status::Warning);
    assert_eq!(report.verdict, Verdict::Suspicious);
    // The raw buffer is what the report names.
    let digest = report.files.last().unwrap();
    assert_eq!(digest.bytes, grey.pixels().len());
    assert_eq!(
        digest.sha256,
        idverify::crypto::hash::sha256_hex(grey.pixels())
    );
}

#[test]
fn a_clearly_read_difference_from_dg1_fails() {
    let font = OcrB::load();
    let s = passport();
    let mut printed = lines(&s);
    // One surname letter printed differently: read clearly, it is the document's.
    let mut chars: Vec<char> = printed[0].chars().collect();
    chars[6] = if chars[6] == 'X' { 'Y' } else { 'X' };
    printed[0] = chars.into_iter().collect();
    let input = DocumentInput::from_files(s.chip_files()).with_image(ScannedImage::encoded(
        Light::White,
        scan(&font, printed, false),
    ));
    let report = verify(&input);
    assert_eq!(report.optical_mrz.as_ref().unwrap().certain, Some(true));
    let check = report.check(RuleId::MrzOpticalEqualsDg1).unwrap();
    assert_eq!(check.status, Status::Failed, "{:?}", check.message);
    assert_eq!(check.evidence["fields"], "names");
    assert_eq!(report.verdict, Verdict::Failed);
}

#[test]
fn a_given_mrz_wins_over_the_images_and_names_its_source() {
    let font = OcrB::load();
    let s = passport();
    let image = ScannedImage::encoded(Light::White, scan(&font, lines(&s), false));
    let mut input = DocumentInput::from_files(s.chip_files())
        .with_optical_mrz(&s.dg1.mrz_text())
        .with_image(image);
    input.optical_mrz_source = MrzTextSource::SerialReader;
    let report = verify(&input);
    let origin = report.optical_mrz.as_ref().unwrap();
    assert_eq!(origin.source, OpticalSource::SerialReader);
    assert_eq!((origin.light, origin.certain), (None, None));
    let check = report.check(RuleId::MrzOpticalEqualsDg1).unwrap();
    assert_eq!(check.evidence["optical.source"], "serial_reader");
    // The image is still evidence the verdict was given with.
    assert_eq!(report.files.last().unwrap().light, Some(Light::White));
    let typed =
        verify(&DocumentInput::from_files(s.chip_files()).with_optical_mrz(&s.dg1.mrz_text()));
    assert_eq!(typed.optical_mrz.unwrap().source, OpticalSource::Typed);
    assert!(
        verify(&DocumentInput::from_files(s.chip_files()))
            .optical_mrz
            .is_none()
    );
}
