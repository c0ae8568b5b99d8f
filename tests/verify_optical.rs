//! The optical rules end to end: synthetic white/infrared/ultraviolet pages of one document
//! (tests/optical_support/lights.rs) written as a capture bundle, read back, and verified.
//! The genuine set passes all three rules; each forgery fails exactly its rule (MRZ ink that
//! vanishes in infrared: `optical.mrz_ir`; office paper with optical brighteners:
//! `optical.uv_dull`; an MRZ at the wrong size: `optical.mrz_geometry`); a missing image or
//! an unstated resolution leaves its rule `not_checked`; no rule makes a document genuine; a
//! stricter pitch set through the JSON configuration fails a genuine strip.

#[path = "support/json_schema.rs"]
mod json_schema;
#[allow(dead_code)]
mod optical_support;

use std::path::PathBuf;

use idverify::capture::{Bundle, BundleWriter, utc_time};
use idverify::optical::Light;
use idverify::pki::TrustStore;
use idverify::verify::{
    CheckResult, CheckTime, DocumentInput, ImageData, Report, RuleId, ScannedImage, Status,
    Verdict, Verifier, VerifierConfig,
};
use optical_support::lights::{Making, Triple, triple};
use optical_support::mrz_text::Kind;
use optical_support::ocrb::OcrB;
use optical_support::pages::{Conditions, Encoding, MrzPrint};

const DPI: f32 = 200.0;

/// A page of `kind` at 200 dpi with colour security print; `cropped`: only the MRZ and a
/// strip of paper around it (an MRZ reader's window), which keeps the debug-build tests fast.
fn conditions(kind: Kind, skew_degrees: f32, cropped: bool) -> Conditions {
    Conditions {
        kind: Some(kind),
        dpi: DPI,
        skew_degrees,
        turns: 0,
        guilloche: true,
        colour: true,
        infrared: false,
        cropped,
        blur: 0,
        noise: 2.0,
        uneven_light: false,
        stroke: 0.0,
        encoding: Encoding::Png,
    }
}

/// Writes the pages as a capture bundle (the lights given), reads it back and verifies it.
fn verify_bundle(name: &str, pages: &Triple, lights: &[Light]) -> Report {
    let input = bundle_input(name, pages, lights);
    let report = verify_at(&input, while_valid(pages));
    // The measured values, for tuning the thresholds (`--nocapture` shows them).
    for c in report.checks.iter().filter(|c| OPTICAL.contains(&c.id)) {
        eprintln!("{name}: {} {:?} {:?}", c.id, c.status, c.evidence);
    }
    report
}

/// The pages (the lights given) written as a capture bundle and read back as an input.
fn bundle_input(name: &str, pages: &Triple, lights: &[Light]) -> DocumentInput {
    let dir = temp_dir(name);
    let mut writer = BundleWriter::create(&dir, "synthetic full-page reader", &utc_time(0))
        .expect("bundle starts");
    for &light in lights {
        let page = match light {
            Light::White => &pages.white,
            Light::Ir => &pages.ir,
            Light::Uv => &pages.uv,
            Light::Coaxial => unreachable!("not rendered"),
        };
        let file = format!("page1-{}.png", light.as_str());
        writer
            .add_image(&file, light, 1, DPI as u32, &page.bytes)
            .expect("image written");
    }
    writer.finish().expect("manifest written");
    let bundle = Bundle::open(&dir).expect("bundle reads back");
    let mut input = DocumentInput::default();
    for entry in &bundle.manifest().images {
        input = input.with_image(ScannedImage {
            light: entry.light,
            page: entry.page,
            dpi: Some(entry.dpi),
            data: ImageData::Encoded(bundle.read_image(entry).expect("image reads back")),
        });
    }
    std::fs::remove_dir_all(&dir).expect("temp dir removed");
    input
}

fn verify(input: &DocumentInput) -> Report {
    verify_at(input, CheckTime::from_unix(1_798_000_000))
}

/// Verifies at `time`. The generated MRZs carry random codes (states, nationalities), so
/// the code-list rules, which judge the content and not the print, are switched off.
fn verify_at(input: &DocumentInput, time: CheckTime) -> Report {
    verify_configured(input, time, VerifierConfig::default())
}

/// Verifies at `time` with `config`, the code-list rules switched off.
fn verify_configured(input: &DocumentInput, time: CheckTime, mut config: VerifierConfig) -> Report {
    for rule in RuleId::ALL {
        if rule.as_str().starts_with("codes.") {
            config.set_enabled(rule, false);
        }
    }
    Verifier::new(TrustStore::new(), config).verify(input, time)
}

/// A check time at which the generated document is still valid (the day before its random
/// expiry date), so the print alone decides what these tests look at.
fn while_valid(pages: &Triple) -> CheckTime {
    let fixed = CheckTime::from_unix(1_798_000_000);
    let lines = pages.white.mrz.as_ref().expect("a page with an MRZ");
    let today = fixed.date().expect("in range");
    let expiry = idverify::mrz::parse(&lines.join("\n"), today)
        .ok()
        .and_then(|m| m.expiry_date)
        .and_then(|d| idverify::mrz::Date::new(d.year?, d.month?, d.day?));
    match expiry {
        Some(date) => CheckTime::from_unix(CheckTime::from_date(date).unix() - 86_400),
        None => fixed,
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idverify-optical-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn check(report: &Report, rule: RuleId) -> &CheckResult {
    report
        .checks
        .iter()
        .find(|c| c.id == rule)
        .unwrap_or_else(|| panic!("{rule} in the report"))
}

fn status(report: &Report, rule: RuleId) -> Status {
    check(report, rule).status
}

fn evidence(report: &Report, rule: RuleId, key: &str) -> f32 {
    let c = check(report, rule);
    c.evidence
        .get(key)
        .unwrap_or_else(|| panic!("{rule} evidence {key}: {:?}", c.evidence))
        .split_whitespace()
        .next()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{rule} {key} is a number"))
}

const OPTICAL: [RuleId; 3] = [
    RuleId::OpticalMrzIr,
    RuleId::OpticalUvDull,
    RuleId::OpticalMrzGeometry,
];

/// The three rules' statuses, for messages.
fn statuses(report: &Report) -> Vec<(RuleId, Status, String)> {
    OPTICAL
        .iter()
        .map(|&r| (r, status(report, r), check(report, r).message.en.clone()))
        .collect()
}

#[test]
fn genuine_passport_passes_every_optical_rule_and_is_not_made_genuine_by_them() {
    let report = verified(
        "genuine-td3",
        11,
        conditions(Kind::Td3, 0.8, false),
        &Making::genuine(5.0),
        None,
    );
    let pcs = evidence(&report, RuleId::OpticalMrzIr, "ir.pcs_min");
    assert!(pcs > 0.8, "genuine IR contrast {pcs}");
    let glow = evidence(&report, RuleId::OpticalUvDull, "uv.fluorescence_ratio");
    assert!(glow < 0.2, "genuine UV ratio {glow}");
    let pitch = evidence(&report, RuleId::OpticalMrzGeometry, "pitch_mm");
    assert!((pitch - 2.54).abs() < 0.05, "genuine pitch {pitch}");
    let spacing = evidence(&report, RuleId::OpticalMrzGeometry, "line_spacing_mm");
    assert!((spacing - 5.0).abs() < 0.15, "genuine spacing {spacing}");
    let skew = evidence(&report, RuleId::OpticalMrzGeometry, "skew_degrees");
    assert!((skew - 0.8).abs() < 0.3, "genuine skew {skew}");
    // Without the chip's signed data the document stays incomplete, however good its print.
    assert_eq!(
        report.verdict,
        Verdict::Incomplete,
        "{:?}",
        report.failed_ids()
    );
    // The report, with the optical rules' ids and evidence, follows the published schema.
    let schema: serde_json::Value = serde_json::from_str(idverify::verify::JSON_SCHEMA).unwrap();
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let mut errors = Vec::new();
    json_schema::validate(&schema, &schema, &json, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn genuine_id_card_passes_with_three_lines_at_the_td1_spacing() {
    let report = verified(
        "genuine-td1",
        12,
        conditions(Kind::Td1, -1.5, false),
        &Making::genuine(4.23),
        None,
    );
    assert_eq!(
        report.verdict,
        Verdict::Incomplete,
        "{:?}",
        report.failed_ids()
    );
}

/// A document's three images, written as a bundle and verified: `failing` fails, the other
/// optical rules pass (all pass for `None`).
fn verified(
    name: &str,
    seed: u64,
    conditions: Conditions,
    making: &Making,
    failing: Option<RuleId>,
) -> Report {
    let font = OcrB::load();
    let pages = triple(&font, seed, conditions, making);
    let report = verify_bundle(name, &pages, &[Light::White, Light::Ir, Light::Uv]);
    for rule in OPTICAL {
        let expected = if Some(rule) == failing {
            Status::Failed
        } else {
            Status::Passed
        };
        assert_eq!(status(&report, rule), expected, "{:?}", statuses(&report));
    }
    report
}

/// A forged passport's MRZ strip, verified: `failing` fails, the other rules pass.
fn forgery(name: &str, seed: u64, making: &Making, failing: RuleId) -> Report {
    let strip = conditions(Kind::Td3, 0.4, true);
    verified(name, seed, strip, making, Some(failing))
}

#[test]
fn mrz_printed_in_ink_that_vanishes_in_infrared_fails_mrz_ir_only() {
    let making = Making {
        mrz_ink_vanishes_in_ir: true,
        ..Making::genuine(5.0)
    };
    let report = forgery("ir-vanishes", 13, &making, RuleId::OpticalMrzIr);
    let pcs = evidence(&report, RuleId::OpticalMrzIr, "ir.pcs_min");
    assert!(pcs < 0.3, "vanishing ink's IR contrast {pcs}");
    assert_eq!(report.verdict, Verdict::Failed, "{:?}", report.failed_ids());
}

#[test]
fn office_paper_with_brighteners_fails_uv_dull_only() {
    let making = Making {
        brightened_paper: true,
        ..Making::genuine(5.0)
    };
    let report = forgery("uv-bright", 14, &making, RuleId::OpticalUvDull);
    let glow = evidence(&report, RuleId::OpticalUvDull, "uv.fluorescence_ratio");
    assert!(glow > 0.6, "brightened paper's UV ratio {glow}");
    assert_eq!(
        report.verdict,
        Verdict::Suspicious,
        "{:?}",
        report.failed_ids()
    );
}

#[test]
fn mrz_printed_at_the_wrong_size_fails_mrz_geometry_only() {
    // 12 characters per inch, as a word processor's smaller OCR-B gives, lines closer too.
    let making = Making {
        print: MrzPrint {
            pitch_mm: 2.117,
            line_spacing_mm: 4.0,
        },
        ..Making::genuine(5.0)
    };
    let report = forgery("wrong-pitch", 15, &making, RuleId::OpticalMrzGeometry);
    let pitch = evidence(&report, RuleId::OpticalMrzGeometry, "pitch_mm");
    assert!((pitch - 2.117).abs() < 0.05, "wrong pitch measured {pitch}");
    assert_eq!(
        report.verdict,
        Verdict::Suspicious,
        "{:?}",
        report.failed_ids()
    );
}

/// A genuine passport's MRZ strip under the three lights, skewed `skew` degrees on the bed.
fn genuine_passport_strip(seed: u64, skew: f32) -> Triple {
    let font = OcrB::load();
    triple(
        &font,
        seed,
        conditions(Kind::Td3, skew, true),
        &Making::genuine(5.0),
    )
}

#[test]
fn a_stricter_configured_pitch_fails_a_genuine_mrz_geometry() {
    // A genuine strip (pitch 2.54 mm) passes with the defaults; a desk whose configuration
    // accepts only 2.60 to 2.78 mm sees it fail, with the measured pitch named.
    let pages = genuine_passport_strip(23, 0.5);
    let input = bundle_input("configured-pitch", &pages, &[Light::White]);
    let time = while_valid(&pages);
    let report = verify_at(&input, time);
    assert_eq!(status(&report, RuleId::OpticalMrzGeometry), Status::Passed);
    let strict = idverify::verify::config_from_json(
        r#"{"version": 1, "optical": {"pitch_mm": {"min": 2.60, "max": 2.78}}}"#,
    )
    .expect("configuration loads");
    let report = verify_configured(&input, time, strict);
    let c = check(&report, RuleId::OpticalMrzGeometry);
    assert_eq!(c.status, Status::Failed, "{:?}", c.message);
    assert!(c.message.en.contains("pitch"), "{}", c.message.en);
}

#[test]
fn mrz_skewed_beyond_three_degrees_fails_mrz_geometry() {
    let pages = genuine_passport_strip(16, 4.5);
    let report = verify_bundle("skewed", &pages, &[Light::White]);
    let c = check(&report, RuleId::OpticalMrzGeometry);
    assert_eq!(c.status, Status::Failed, "{:?}", c.message);
    assert!(c.message.en.contains("skew"), "{}", c.message.en);
    let skew = evidence(&report, RuleId::OpticalMrzGeometry, "skew_degrees");
    assert!((skew - 4.5).abs() < 0.3, "skew {skew}");
}

#[test]
fn missing_images_or_resolution_leave_their_rules_not_checked() {
    let pages = genuine_passport_strip(17, 0.0);
    // White light only: nothing to judge infrared or ultraviolet by.
    let report = verify_bundle("white-only", &pages, &[Light::White]);
    assert_eq!(status(&report, RuleId::OpticalMrzIr), Status::NotChecked);
    assert_eq!(status(&report, RuleId::OpticalUvDull), Status::NotChecked);
    assert_eq!(status(&report, RuleId::OpticalMrzGeometry), Status::Passed);
    assert_eq!(
        report.verdict,
        Verdict::Incomplete,
        "{:?}",
        report.failed_ids()
    );
    // Ultraviolet without a white image of the page: no paper level to compare with.
    let report = verify_bundle("uv-only", &pages, &[Light::Ir, Light::Uv]);
    assert_eq!(status(&report, RuleId::OpticalUvDull), Status::NotChecked);
    assert_eq!(status(&report, RuleId::OpticalMrzIr), Status::Passed);
    // No image at all: every optical rule not checked.
    let report = verify(&DocumentInput::default());
    for rule in OPTICAL {
        assert_eq!(status(&report, rule), Status::NotChecked);
    }
    // A resolution nobody stated: the reader's estimate comes from the pitch itself.
    let input = DocumentInput::default().with_image(ScannedImage::encoded(
        Light::White,
        pages.white.bytes.clone(),
    ));
    let report = verify(&input);
    let c = check(&report, RuleId::OpticalMrzGeometry);
    assert_eq!(c.status, Status::NotChecked, "{:?}", c.message);
    assert!(c.evidence.contains_key("estimated_dpi"));
    // An infrared image that is not an image: a clear not_checked, no panic.
    let input = DocumentInput::default()
        .with_image(ScannedImage::encoded(
            Light::White,
            pages.white.bytes.clone(),
        ))
        .with_image(ScannedImage::encoded(Light::Ir, b"not an image".to_vec()));
    let c = check(&verify(&input), RuleId::OpticalMrzIr).clone();
    assert_eq!(c.status, Status::NotChecked);
    assert!(c.message.en.contains("does not decode"), "{}", c.message.en);
}

#[test]
fn an_mrz_that_reads_differently_in_infrared_fails_mrz_ir() {
    // White light shows one document's MRZ, infrared another's: an MRZ printed over a
    // genuine one with ink the infrared camera sees through, both read with certainty.
    let shown = genuine_passport_strip(18, 0.0);
    let beneath = genuine_passport_strip(19, 0.0);
    assert_ne!(shown.white.mrz, beneath.ir.mrz);
    let input = DocumentInput::default()
        .with_image(ScannedImage {
            dpi: Some(DPI as u32),
            ..ScannedImage::encoded(Light::White, shown.white.bytes)
        })
        .with_image(ScannedImage {
            dpi: Some(DPI as u32),
            ..ScannedImage::encoded(Light::Ir, beneath.ir.bytes)
        });
    let c = check(&verify(&input), RuleId::OpticalMrzIr).clone();
    assert_eq!(c.status, Status::Failed, "{:?} {:?}", c.message, c.evidence);
    assert!(c.message.en.contains("differs"), "{}", c.message.en);
    let lines = |m: &Option<Vec<String>>| m.as_ref().unwrap().join("\n");
    assert_eq!(c.evidence["ir.mrz"], lines(&beneath.ir.mrz));
    assert_eq!(c.evidence["white.mrz"], lines(&shown.white.mrz));
}

#[test]
fn a_card_is_judged_on_the_side_that_carries_its_mrz() {
    // Front (page 1): no MRZ; back (page 2): an MRZ in vanishing ink on brightened paper.
    let font = OcrB::load();
    let making = Making {
        mrz_ink_vanishes_in_ir: true,
        brightened_paper: true,
        ..Making::genuine(4.23)
    };
    // The genuine ID card's page (seed 12) with the forger's ink and paper.
    let back = triple(&font, 12, conditions(Kind::Td1, -1.5, false), &making);
    let blank = |grey: u8| {
        let mut png = std::io::Cursor::new(Vec::new());
        image::GrayImage::from_pixel(400, 250, image::Luma([grey]))
            .write_to(&mut png, image::ImageFormat::Png)
            .expect("PNG");
        png.into_inner()
    };
    let side = |light: Light, page: u32, bytes: Vec<u8>| ScannedImage {
        page,
        dpi: Some(DPI as u32),
        ..ScannedImage::encoded(light, bytes)
    };
    let input = DocumentInput::default()
        .with_image(side(Light::White, 1, blank(235)))
        .with_image(side(Light::Ir, 1, blank(230)))
        .with_image(side(Light::Uv, 1, blank(20)))
        .with_image(side(Light::White, 2, back.white.bytes))
        .with_image(side(Light::Ir, 2, back.ir.bytes))
        .with_image(side(Light::Uv, 2, back.uv.bytes));
    let report = verify(&input);
    for rule in [RuleId::OpticalMrzIr, RuleId::OpticalUvDull] {
        let c = check(&report, rule);
        assert_eq!(c.status, Status::Failed, "{:?}", statuses(&report));
    }
    let c = check(&report, RuleId::OpticalUvDull);
    assert!(
        c.evidence["uv.image"].starts_with("uv page 2"),
        "{:?}",
        c.evidence
    );
    assert_eq!(
        status(&report, RuleId::OpticalMrzGeometry),
        Status::Passed,
        "{:?}",
        statuses(&report)
    );
}
