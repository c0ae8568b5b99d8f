//! Scanners and capture bundles across the C ABI from Rust: every scanner call refuses NULL
//! and wrong handles before SANE is touched, and a document takes a bundle's images and MRZ
//! with their light, page, dpi and source — or nothing at all when the bundle is broken.
//! (The scans themselves run against SANE's test backend in tests/c_abi.rs, one process
//! each, as SANE is configured per process.)

use super::result::idv_result::*;
use super::tests::{detail, scratch};
use super::*;
use crate::capture::{BundleWriter, Light, MrzEntry, MrzSource, utc_time};
use crate::verify::MrzTextSource;
use std::path::Path;

/// A bundle of one "image" (bundles never decode their images) and an MRZ from `source`.
fn bundle(dir: &Path, source: MrzSource) {
    let mut writer = BundleWriter::create(dir, "test:0", &utc_time(0)).unwrap();
    writer
        .add_image("page2-ir.png", Light::Ir, 2, 300, b"not decoded here")
        .unwrap();
    writer.set_mrz(MrzEntry {
        text: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
               L898902C36UTO7408122F1204159ZE184226B<<<<<10"
            .into(),
        source,
    });
    writer.finish().unwrap();
}

fn add_bundle(document: *mut idv_document, dir: &Path) -> idv_result {
    let text = dir.to_str().unwrap();
    // SAFETY: `text` is readable for its length; the document is live or NULL.
    unsafe { idv_document_add_bundle(document, text.as_ptr().cast(), text.len()) }
}

fn new_document() -> *mut idv_document {
    let mut document = std::ptr::null_mut();
    // SAFETY: a valid out pointer.
    assert_eq!(unsafe { idv_document_new(&mut document) }, IDV_OK);
    document
}

/// The document's input, read through its live handle.
fn input(document: *mut idv_document) -> crate::verify::DocumentInput {
    super::handle::get_mut(document, "document")
        .unwrap()
        .input_mut()
        .clone()
}

#[test]
fn a_bundle_gives_its_images_and_mrz_with_their_source() {
    let (serial, typed) = (scratch("bundle-serial"), scratch("bundle-typed"));
    bundle(&serial, MrzSource::Serial);
    bundle(&typed, MrzSource::Typed);
    let document = new_document();
    assert_eq!(add_bundle(document, &serial), IDV_OK);
    let given = input(document);
    assert_eq!(given.images.len(), 1);
    let image = &given.images[0];
    assert_eq!(
        (image.light, image.page, image.dpi),
        (Light::Ir, 2, Some(300))
    );
    assert_eq!(image.byte_len(), b"not decoded here".len());
    assert!(given.optical_mrz.unwrap().starts_with("P<UTOERIKSSON"));
    assert_eq!(given.optical_mrz_source, MrzTextSource::SerialReader);
    // An MRZ the caller sets afterwards is typed.
    let typed_mrz = "P<UTO";
    // SAFETY: the text is readable for its length; the document is live.
    let r = unsafe {
        idv_document_set_optical_mrz(document, typed_mrz.as_ptr().cast(), typed_mrz.len())
    };
    assert_eq!(r, IDV_OK);
    assert_eq!(input(document).optical_mrz_source, MrzTextSource::Typed);
    assert_eq!(add_bundle(document, &typed), IDV_OK);
    let given = input(document);
    assert_eq!(given.images.len(), 2);
    assert_eq!(given.optical_mrz_source, MrzTextSource::Typed);
    // SAFETY: live, freed once.
    assert_eq!(unsafe { idv_document_free(document) }, IDV_OK);
    for dir in [serial, typed] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

#[test]
fn a_broken_bundle_adds_nothing_and_says_why() {
    let dir = scratch("bundle-broken");
    bundle(&dir, MrzSource::Serial);
    let document = new_document();
    // An image changed after the scan.
    std::fs::write(dir.join("page2-ir.png"), b"changed").unwrap();
    assert_eq!(add_bundle(document, &dir), IDV_ERR_BUNDLE);
    assert!(
        detail().contains("does not match its SHA-256"),
        "{}",
        detail()
    );
    // An image gone.
    std::fs::remove_file(dir.join("page2-ir.png")).unwrap();
    assert_eq!(add_bundle(document, &dir), IDV_ERR_BUNDLE);
    assert!(detail().contains("is missing"), "{}", detail());
    // A manifest that is not one.
    for broken in [&b"[1, 2"[..], b"{}", b"\xff\xfe", b""] {
        std::fs::write(dir.join("manifest.json"), broken).unwrap();
        assert_eq!(add_bundle(document, &dir), IDV_ERR_BUNDLE);
        assert!(detail().contains("manifest.json"), "{}", detail());
    }
    // No manifest, no folder.
    std::fs::remove_file(dir.join("manifest.json")).unwrap();
    assert_eq!(add_bundle(document, &dir), IDV_ERR_BUNDLE);
    assert!(detail().ends_with("no manifest.json (not a capture bundle)"));
    assert_eq!(add_bundle(document, &dir.join("absent")), IDV_ERR_BUNDLE);
    let given = input(document);
    assert!(given.images.is_empty() && given.optical_mrz.is_none());
    // SAFETY: NULL pointers and a zero length, each refused before use.
    unsafe {
        assert_eq!(
            add_bundle(std::ptr::null_mut(), &dir),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_document_add_bundle(document, std::ptr::null(), 3),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_document_add_bundle(document, c"x".as_ptr(), 0),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(idv_document_free(document), IDV_OK);
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn scanner_calls_refuse_null_and_wrong_handles_before_sane() {
    let document = new_document();
    let mut scanner = std::ptr::null_mut();
    let (mut json, mut len) = (std::ptr::null(), 0usize);
    let name = "test:0";
    // SAFETY: every pointer is NULL, a live handle (of another kind, on purpose) or valid
    // for the length given; none of these calls reaches SANE.
    unsafe {
        assert_eq!(
            idv_scanner_list_new(std::ptr::null_mut()),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_scanner_list_json(std::ptr::null(), &mut json, &mut len),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_scanner_list_json(document.cast(), &mut json, &mut len),
            IDV_ERR_WRONG_HANDLE_KIND
        );
        assert_eq!(idv_scanner_list_free(std::ptr::null_mut()), IDV_OK);
        assert_eq!(
            idv_scanner_open(std::ptr::null(), 6, &mut scanner),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_scanner_open(name.as_ptr().cast(), 0, &mut scanner),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            idv_scanner_open(c"\xff".as_ptr(), 1, &mut scanner),
            IDV_ERR_INVALID_UTF8
        );
        assert_eq!(
            idv_scanner_open(name.as_ptr().cast(), name.len(), std::ptr::null_mut()),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_scanner_set_option(
                std::ptr::null_mut(),
                c"mode".as_ptr(),
                4,
                c"Gray".as_ptr(),
                4
            ),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_scanner_set_option(document.cast(), c"mode".as_ptr(), 4, c"Gray".as_ptr(), 4),
            IDV_ERR_WRONG_HANDLE_KIND
        );
        assert_eq!(
            idv_scanner_scan(std::ptr::null_mut(), document, 1, 1, std::ptr::null()),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_scanner_scan(document.cast(), document, 1, 1, std::ptr::null()),
            IDV_ERR_WRONG_HANDLE_KIND
        );
        assert!(
            detail().contains("where a Scanner was expected"),
            "{}",
            detail()
        );
        assert_eq!(idv_scanner_free(std::ptr::null_mut()), IDV_OK);
        assert_eq!(idv_scanner_free(document.cast()), IDV_ERR_WRONG_HANDLE_KIND);
        assert_eq!(idv_document_free(document), IDV_OK);
    }
    assert!(scanner.is_null(), "no scanner was opened");
}
