//! The boundary's own pieces from Rust: a panic becomes a code with its detail, handles of
//! the wrong kind or freed are refused, strings are checked before use.

use super::handle::{self, Handle, Kind};
use super::panic::guard;
use super::result::idv_result::*;
use super::*;

struct Probe;
impl Handle for Probe {
    const KIND: Kind = Kind::Cancel;
}

fn detail() -> String {
    let mut buf = [0u8; 256];
    let mut len = 0;
    // SAFETY: `buf` is writable for its length, `len` is a valid pointer.
    let r = unsafe { idv_last_error_detail(buf.as_mut_ptr(), buf.len(), &mut len) };
    assert_eq!(r, IDV_OK);
    String::from_utf8_lossy(&buf[..len.min(buf.len())]).into_owned()
}

#[test]
fn a_panic_becomes_a_code_with_its_message() {
    let r = guard(|| panic!("boom {}", 7));
    assert_eq!(r, IDV_ERR_PANIC);
    assert!(detail().contains("boom 7"));
    assert_eq!(guard(|| Ok(())), IDV_OK);
}

#[test]
fn handles_are_checked_by_kind_and_liveness() {
    let probe = handle::create(Probe);
    assert!(handle::get(probe.cast_const(), "p").is_ok());
    // The same address seen as another kind.
    let as_store = probe.cast::<idv_trust_store>();
    // SAFETY: never dereferenced: the registry refuses it first.
    let r = unsafe { idv_trust_store_free(as_store) };
    assert_eq!(r, IDV_ERR_WRONG_HANDLE_KIND);
    assert!(detail().contains("Cancel handle where a TrustStore"));
    assert_eq!(guard(|| handle::destroy(probe, "p")), IDV_OK);
    assert_eq!(
        guard(|| handle::destroy(probe, "p")),
        IDV_ERR_INVALID_HANDLE
    );
    assert_eq!(
        guard(|| handle::get(probe.cast_const(), "p").map(drop)),
        IDV_ERR_INVALID_HANDLE
    );
}

#[test]
fn strings_are_checked_for_null_length_and_utf8() {
    let mut store = std::ptr::null_mut();
    // SAFETY: a valid out pointer.
    assert_eq!(unsafe { idv_trust_store_new(&mut store) }, IDV_OK);
    let bad = [0xFFu8, 0xFE];
    // SAFETY: pointers are valid for the lengths given.
    unsafe {
        assert_eq!(
            idv_trust_store_add_path(store, bad.as_ptr().cast(), 2, 0),
            IDV_ERR_INVALID_UTF8
        );
        assert_eq!(
            idv_trust_store_add_path(store, bad.as_ptr().cast(), 0, 0),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            idv_trust_store_add_path(store, std::ptr::null(), 3, 0),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(idv_trust_store_free(store), IDV_OK);
    }
    // Every code has a message; unknown ones too.
    for code in 0..=16 {
        // SAFETY: the returned pointer is a static NUL-terminated string.
        let text = unsafe { std::ffi::CStr::from_ptr(idv_error_message(code)) };
        assert!(!text.to_bytes().is_empty());
    }
}

#[test]
fn an_attached_terminal_checks_its_chain_at_each_reads_time() {
    use crate::pki::cvc::testing::{self, TestChain};
    let (certs, terminal) = TestChain::Valid.build();
    let der: Vec<Vec<u8>> = certs.iter().map(|c| c.to_bytes()).collect();
    let pointers: Vec<*const u8> = der.iter().map(|d| d.as_ptr()).collect();
    let lens: Vec<usize> = der.iter().map(Vec::len).collect();
    let key = testing::pkcs8(&terminal);
    let mut store = std::ptr::null_mut();
    let mut verifier = std::ptr::null_mut();
    let mut t = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the length given; out pointers are valid.
    unsafe {
        assert_eq!(idv_trust_store_new(&mut store), IDV_OK);
        assert_eq!(idv_verifier_new(store, &mut verifier), IDV_OK);
        let r = idv_terminal_from_bytes(
            pointers.as_ptr(),
            lens.as_ptr(),
            der.len(),
            key.as_ptr(),
            key.len(),
            &mut t,
        );
        assert_eq!(r, IDV_OK, "{}", detail());
        assert_eq!(idv_verifier_set_terminal(verifier, t), IDV_OK);
        assert_eq!(idv_terminal_free(t), IDV_OK);
    }
    let v = handle::get(verifier.cast_const(), "verifier").unwrap();
    // 2026-11-22T10:00:00Z: the chain is checked on that day, whatever the load date was.
    let read = super::terminal::for_read(v, 1_795_341_600)
        .unwrap()
        .unwrap();
    assert_eq!(read.today, testing::date("2026-11-22"));
    assert_eq!(read.certificates, certs);
    // A time outside the certificates' date range 2000-2099 is refused with its reason.
    assert_eq!(
        guard(|| super::terminal::for_read(v, 4_200_000_000).map(drop)),
        IDV_ERR_INVALID_ARGUMENT
    );
    assert!(detail().contains("now_unix 4200000000"), "{}", detail());
    // Detached: no terminal for the next read.
    // SAFETY: live handles; NULL detaches.
    unsafe {
        assert_eq!(
            idv_verifier_set_terminal(verifier, std::ptr::null()),
            IDV_OK
        );
    }
    let v = handle::get(verifier.cast_const(), "verifier").unwrap();
    assert!(
        super::terminal::for_read(v, 1_795_341_600)
            .unwrap()
            .is_none()
    );
    // SAFETY: live handles, not used afterwards.
    unsafe {
        assert_eq!(idv_verifier_free(verifier), IDV_OK);
        assert_eq!(idv_trust_store_free(store), IDV_OK);
    }
}

#[cfg(feature = "emulator")]
#[test]
fn a_tile_bomb_face_yields_a_report_without_a_face_and_the_reason() {
    use crate::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
    use crate::lds::{EncodedImage, FaceRecord};
    // Through the C ABI the face is exported by default: this DG2 used to abort the desk
    // application (a 6 GiB allocation) before any signature was checked.
    let bomb = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/vectors/hostile/j2k_8192x8192_tiles1x1.j2k"),
    )
    .unwrap();
    let mut s = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    if let FaceRecord::Iso19794 { faces, .. } = &mut s.dg2.templates[0].record {
        faces[0].image = EncodedImage::new(bomb);
    }
    let files = [
        (idv_file::IDV_FILE_DG1, s.dg1.encode()),
        (idv_file::IDV_FILE_DG2, s.dg2.encode()),
    ];
    let mut store = std::ptr::null_mut();
    let mut verifier = std::ptr::null_mut();
    let mut doc = std::ptr::null_mut();
    let mut report = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the length given; out pointers are valid; handles
    // are live until freed at the end.
    unsafe {
        assert_eq!(idv_trust_store_new(&mut store), IDV_OK);
        assert_eq!(idv_verifier_new(store, &mut verifier), IDV_OK);
        assert_eq!(idv_document_new(&mut doc), IDV_OK);
        for (file, bytes) in &files {
            let r = idv_document_add_file(doc, *file as u32, bytes.as_ptr(), bytes.len());
            assert_eq!(r, IDV_OK);
        }
        let r = idv_verify_document(verifier, doc, 1_795_341_600, &mut report);
        assert_eq!(r, IDV_OK, "{}", detail());
        let mut verdict = idv_verdict::IDV_VERDICT_GENUINE;
        assert_eq!(idv_report_verdict(report, &mut verdict), IDV_OK);
        // No EF.SOD: incomplete, as with the specimen's own face.
        assert_eq!(verdict, idv_verdict::IDV_VERDICT_INCOMPLETE);
        let mut bytes = std::ptr::null();
        let mut len = 0;
        assert_eq!(
            idv_report_face_image(report, &mut bytes, &mut len),
            IDV_ERR_NOT_FOUND
        );
        let why = detail();
        assert!(why.contains("refused before decoding"), "{why}");
        assert!(why.contains("8192x8192"), "{why}");
        let mut json = std::ptr::null();
        let mut json_len = 0;
        assert_eq!(idv_report_json(report, &mut json, &mut json_len), IDV_OK);
        let v: serde_json::Value =
            serde_json::from_slice(std::slice::from_raw_parts(json.cast::<u8>(), json_len))
                .unwrap();
        assert!(v["document"]["face"].is_null());
        let reason = v["document"]["face_error"].as_str().unwrap();
        assert!(reason.contains("8192x8192"), "{reason}");
        assert_eq!(idv_report_free(report), IDV_OK);
        assert_eq!(idv_document_free(doc), IDV_OK);
        assert_eq!(idv_verifier_free(verifier), IDV_OK);
        assert_eq!(idv_trust_store_free(store), IDV_OK);
    }
}
