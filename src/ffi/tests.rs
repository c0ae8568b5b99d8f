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

pub(super) fn detail() -> String {
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
    for code in 0..=24 {
        // SAFETY: the returned pointer is a static NUL-terminated string.
        let text = unsafe { std::ffi::CStr::from_ptr(idv_error_message(code)) };
        assert!(!text.to_bytes().is_empty());
        assert_eq!(
            text.to_bytes() == b"unknown result code",
            code > 23,
            "{code}"
        );
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

/// A trust store and a verifier with no CSCA (enough for the checks looked at here).
fn verifier() -> (*mut idv_trust_store, *mut idv_verifier) {
    let mut store = std::ptr::null_mut();
    let mut verifier = std::ptr::null_mut();
    // SAFETY: valid out pointers; `store` is live.
    unsafe {
        assert_eq!(idv_trust_store_new(&mut store), IDV_OK);
        assert_eq!(idv_verifier_new(store, &mut verifier), IDV_OK);
    }
    (store, verifier)
}

fn free(store: *mut idv_trust_store, verifier: *mut idv_verifier) {
    // SAFETY: live handles, not used afterwards.
    unsafe {
        assert_eq!(idv_verifier_free(verifier), IDV_OK);
        assert_eq!(idv_trust_store_free(store), IDV_OK);
    }
}

/// The status of check `id` in `report`.
fn status_of(report: *const idv_report, id: &str) -> Option<idv_check_status> {
    let mut count = 0;
    // SAFETY: a live report, valid out pointers; the check's id is read while it lives.
    unsafe {
        assert_eq!(idv_report_check_count(report, &mut count), IDV_OK);
        (0..count).find_map(|i| {
            let mut c = std::mem::MaybeUninit::<idv_check>::uninit();
            assert_eq!(idv_report_check(report, i, c.as_mut_ptr()), IDV_OK);
            let c = c.assume_init();
            let name = std::slice::from_raw_parts(c.id.cast::<u8>(), c.id_len);
            (name == id.as_bytes()).then_some(c.status)
        })
    }
}

#[test]
fn lengths_no_slice_can_have_are_refused_before_use() {
    let (store, verifier) = verifier();
    let junk = [1u8, 2, 3, 4, 5];
    let huge = [usize::MAX, isize::MAX as usize + 1];
    // SAFETY: every pointer is valid for the length the library may use: the checks refuse
    // the lengths given here before any slice is made.
    unsafe {
        for len in huge {
            assert_eq!(
                idv_trust_store_add_bytes(store, junk.as_ptr(), len, 0),
                IDV_ERR_INVALID_ARGUMENT
            );
            assert!(
                detail().contains(&format!("bytes: length {len} is too large")),
                "{}",
                detail()
            );
            assert_eq!(
                idv_trust_store_add_path(store, junk.as_ptr().cast(), len, 0),
                IDV_ERR_INVALID_ARGUMENT
            );
            assert_eq!(
                idv_verify_files(
                    verifier,
                    junk.as_ptr().cast(),
                    3,
                    junk.as_ptr().cast(),
                    len,
                    0,
                    &mut std::ptr::null_mut()
                ),
                IDV_ERR_INVALID_ARGUMENT
            );
            assert!(detail().starts_with("mrz: length"), "{}", detail());
        }
        // A range that would wrap around the end of the address space.
        let top = std::ptr::without_provenance::<u8>(usize::MAX - 9);
        assert_eq!(
            idv_trust_store_add_bytes(store, top, 100, 0),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert!(detail().contains("past the end of the address space"));

        // Arrays of pointers and of lengths: counts whose size in bytes is too large, a
        // misaligned array of lengths, one certificate with a huge length.
        let certs = [junk.as_ptr()];
        let lens = [junk.len()];
        let mut t = std::ptr::null_mut();
        let too_many = isize::MAX as usize / std::mem::size_of::<usize>() + 1;
        for count in [too_many, usize::MAX] {
            let r = idv_terminal_from_bytes(
                certs.as_ptr(),
                lens.as_ptr(),
                count,
                junk.as_ptr(),
                junk.len(),
                &mut t,
            );
            assert_eq!(r, IDV_ERR_INVALID_ARGUMENT);
            assert!(
                detail().starts_with(&format!("certificates: length {count} is too large")),
                "{}",
                detail()
            );
        }
        let raw = [0usize; 2];
        let misaligned = raw.as_ptr().cast::<u8>().wrapping_add(1).cast::<usize>();
        let r = idv_terminal_from_bytes(
            certs.as_ptr(),
            misaligned,
            1,
            junk.as_ptr(),
            junk.len(),
            &mut t,
        );
        assert_eq!(r, IDV_ERR_INVALID_ARGUMENT);
        assert!(
            detail().starts_with("certificate_lens is misaligned"),
            "{}",
            detail()
        );
        let huge_lens = [usize::MAX];
        let r = idv_terminal_from_bytes(
            certs.as_ptr(),
            huge_lens.as_ptr(),
            1,
            junk.as_ptr(),
            junk.len(),
            &mut t,
        );
        assert_eq!(r, IDV_ERR_INVALID_ARGUMENT);
        assert!(
            detail().starts_with("certificates[0]: length"),
            "{}",
            detail()
        );
        assert!(t.is_null());

        // A misaligned output pointer is refused, not written.
        let mut raw = [0usize; 2];
        let out = raw
            .as_mut_ptr()
            .cast::<u8>()
            .wrapping_add(1)
            .cast::<usize>();
        let mut crls = 0;
        assert_eq!(
            idv_trust_store_count(store, out, &mut crls),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert!(detail().starts_with("an output pointer is misaligned"));
        assert_eq!(raw, [0usize; 2]);

        // A buffer length above isize::MAX is no error when the detail fits: only the detail
        // is written (this buffer is larger than it).
        let mut buf = [0u8; 512];
        let mut len = 0;
        assert_eq!(
            idv_last_error_detail(buf.as_mut_ptr(), usize::MAX, &mut len),
            IDV_OK
        );
        assert!(buf.starts_with(b"an output pointer is misaligned"));
        assert!(len < buf.len());
    }
    free(store, verifier);
}

/// Runs `call` on its own thread and fails the test when it has not returned after 20
/// seconds (a guard against a read that blocks, not a timing requirement).
fn within_20_s<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    rx.recv_timeout(std::time::Duration::from_secs(20))
        .expect("the call did not return within 20 s")
}

/// `idv_verify_files` on `dir`: its code and detail.
fn verify_folder(dir: &std::path::Path) -> (idv_result, String) {
    let dir = dir.to_str().unwrap().to_string();
    within_20_s(move || {
        let (store, verifier) = verifier();
        let mut report = std::ptr::null_mut();
        // SAFETY: live verifier, `dir` valid for its length, a valid out pointer.
        let r = unsafe {
            idv_verify_files(
                verifier,
                dir.as_ptr().cast(),
                dir.len(),
                std::ptr::null(),
                0,
                0,
                &mut report,
            )
        };
        let d = detail();
        // SAFETY: NULL or the report just made.
        assert_eq!(unsafe { idv_report_free(report) }, IDV_OK);
        free(store, verifier);
        (r, d)
    })
}

pub(super) fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("idverify-ffi-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_fifo_in_a_dump_folder_is_refused_without_blocking() {
    let dir = scratch("fifo");
    std::fs::write(dir.join("EF.COM.bin"), [0x60, 0x00]).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("DG1.bin"))
        .status()
        .unwrap();
    assert!(made.success());
    // Nobody ever writes to the FIFO: reading it would wait forever.
    let (r, d) = verify_folder(&dir);
    assert_eq!(r, IDV_ERR_IO);
    assert!(
        d.ends_with("DG1.bin: a FIFO, not a regular file: refused"),
        "{d}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_device_in_a_dump_folder_is_refused_without_reading() {
    let dir = scratch("device");
    std::os::unix::fs::symlink("/dev/zero", dir.join("DG2.bin")).unwrap();
    // /dev/zero never ends: reading it would fill the memory.
    let (r, d) = verify_folder(&dir);
    assert_eq!(r, IDV_ERR_IO);
    assert!(
        d.ends_with("DG2.bin: a device, not a regular file: refused"),
        "{d}"
    );
    // Regular files, and missing ones, still verify.
    std::fs::remove_file(dir.join("DG2.bin")).unwrap();
    std::fs::write(dir.join("EF.COM.bin"), [0x60, 0x00]).unwrap();
    let (r, d) = verify_folder(&dir);
    assert_eq!(r, IDV_OK, "{d}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stated_chip_and_active_authentication_reach_the_report() {
    let (store, verifier) = verifier();
    let mut doc = std::ptr::null_mut();
    // SAFETY: valid out pointer.
    assert_eq!(unsafe { idv_document_new(&mut doc) }, IDV_OK);
    let verify = |doc: *const idv_document| {
        let mut report = std::ptr::null_mut();
        // SAFETY: live handles, a valid out pointer.
        assert_eq!(
            unsafe { idv_verify_document(verifier, doc, 1_767_225_600, &mut report) },
            IDV_OK
        );
        let ca = status_of(report, "chip.chip_authentication");
        let aa = status_of(report, "chip.active_authentication");
        // SAFETY: the report just made, not used afterwards.
        let json = unsafe {
            let mut p = std::ptr::null();
            let mut len = 0;
            assert_eq!(idv_report_json(report, &mut p, &mut len), IDV_OK);
            String::from_utf8_lossy(std::slice::from_raw_parts(p.cast::<u8>(), len)).into_owned()
        };
        // SAFETY: as above.
        assert_eq!(unsafe { idv_report_free(report) }, IDV_OK);
        (ca, aa, json)
    };
    use idv_check_status::*;
    use idv_protocol_outcome::*;
    // Files alone prove nothing about the chip.
    let (ca, aa, _) = verify(doc);
    assert_eq!(
        (ca, aa),
        (Some(IDV_CHECK_NOT_CHECKED), Some(IDV_CHECK_NOT_CHECKED))
    );
    let cases = [
        (IDV_PROTOCOL_PASSED, IDV_CHECK_PASSED),
        (IDV_PROTOCOL_FAILED, IDV_CHECK_FAILED),
        (IDV_PROTOCOL_UNSUPPORTED, IDV_CHECK_UNSUPPORTED),
    ];
    for (outcome, want) in cases {
        let ca_detail = format!("CA key 1, case {}", outcome as u32);
        // SAFETY: a live document; `ca_detail` valid for its length, NULL with 0.
        unsafe {
            assert_eq!(
                idv_document_set_chip_authentication(
                    doc,
                    outcome as u32,
                    ca_detail.as_ptr().cast(),
                    ca_detail.len()
                ),
                IDV_OK
            );
            assert_eq!(
                idv_document_set_active_authentication(doc, outcome as u32, std::ptr::null(), 0),
                IDV_OK
            );
        }
        let (ca, aa, json) = verify(doc);
        assert_eq!((ca, aa), (Some(want), Some(want)), "{outcome:?}");
        assert!(
            json.contains(&format!("stated by the caller's reader: {ca_detail}")),
            "{json}"
        );
    }
    // Unknown outcomes, bad detail strings and wrong handles are refused; the last stated
    // outcome stays.
    let bad = [0xFFu8, 0xFE];
    // SAFETY: a live document and pointers valid for their lengths; `verifier` is a live
    // handle of another kind (refused before use).
    unsafe {
        for value in [0, 4, 100, u32::MAX] {
            assert_eq!(
                idv_document_set_chip_authentication(doc, value, std::ptr::null(), 0),
                IDV_ERR_INVALID_ARGUMENT
            );
            assert!(
                detail().contains(&format!("outcome: {value} is no idv_protocol_outcome")),
                "{}",
                detail()
            );
            assert_eq!(
                idv_document_set_active_authentication(doc, value, std::ptr::null(), 0),
                IDV_ERR_INVALID_ARGUMENT
            );
        }
        assert_eq!(
            idv_document_set_active_authentication(doc, 1, bad.as_ptr().cast(), bad.len()),
            IDV_ERR_INVALID_UTF8
        );
        assert_eq!(
            idv_document_set_active_authentication(doc, 1, bad.as_ptr().cast(), usize::MAX),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            idv_document_set_chip_authentication(std::ptr::null_mut(), 1, std::ptr::null(), 0),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_document_set_chip_authentication(verifier.cast(), 1, std::ptr::null(), 0),
            IDV_ERR_WRONG_HANDLE_KIND
        );
    }
    let (ca, aa, _) = verify(doc);
    assert_eq!(
        (ca, aa),
        (Some(IDV_CHECK_UNSUPPORTED), Some(IDV_CHECK_UNSUPPORTED))
    );
    // SAFETY: a live document, not used afterwards.
    assert_eq!(unsafe { idv_document_free(doc) }, IDV_OK);
    free(store, verifier);
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

fn testdata(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pki")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Adds `bytes` to `store` through the C ABI at 2026-06-01.
fn add(store: *mut idv_trust_store, bytes: &[u8]) -> idv_result {
    // SAFETY: `bytes` is readable for its length; `store` is live (the callers' tests).
    unsafe { idv_trust_store_add_bytes(store, bytes.as_ptr(), bytes.len(), 1_780_272_000) }
}

fn counts(store: *mut idv_trust_store) -> (usize, usize) {
    let (mut cscas, mut crls) = (0, 0);
    // SAFETY: a live store and valid out pointers.
    assert_eq!(
        unsafe { idv_trust_store_count(store, &mut cscas, &mut crls) },
        IDV_OK
    );
    (cscas, crls)
}

/// Master lists through the C ABI: refused with their own code before a root is configured,
/// refused when signed by a document signer (no master-list signer key usage) or by a signer
/// of another country than the root, accepted when properly signed.
#[test]
fn master_lists_need_a_configured_root_and_a_proper_signer() {
    let mut store = std::ptr::null_mut();
    // SAFETY: a valid out pointer.
    assert_eq!(unsafe { idv_trust_store_new(&mut store) }, IDV_OK);
    let csca = testdata("csca.der");
    assert_eq!(add(store, &csca), IDV_OK);
    // The CSCA loaded does not vouch for a master list, even one its own signer made.
    assert_eq!(
        add(store, &testdata("masterlist.ml")),
        IDV_ERR_NO_MASTER_LIST_ROOT
    );
    assert!(detail().contains("no master-list root"), "{}", detail());
    assert_eq!(
        add(store, &testdata("masterlist_by_dsc.ml")),
        IDV_ERR_NO_MASTER_LIST_ROOT
    );
    assert_eq!(counts(store), (1, 0));

    // SAFETY: pointers valid for the lengths given.
    unsafe {
        assert_eq!(
            idv_trust_store_add_master_list_root(store, csca.as_ptr(), csca.len()),
            IDV_OK
        );
        assert_eq!(
            idv_trust_store_add_master_list_root(store, b"junk".as_ptr(), 4),
            IDV_ERR_TRUST_DATA
        );
        assert_eq!(
            idv_trust_store_add_master_list_root(store, std::ptr::null(), 4),
            IDV_ERR_NULL_ARGUMENT
        );
    }
    assert_eq!(
        add(store, &testdata("masterlist_by_dsc.ml")),
        IDV_ERR_TRUST_DATA
    );
    assert!(detail().contains("masterlist.signer_eku"), "{}", detail());
    assert_eq!(
        add(store, &testdata("masterlist_wrong_country.ml")),
        IDV_ERR_TRUST_DATA
    );
    assert!(
        detail().contains("masterlist.signer_country"),
        "{}",
        detail()
    );
    assert_eq!(counts(store), (1, 0), "no fake CSCA added");

    // The proper list adds CSCA 2 and the link certificate.
    assert_eq!(add(store, &testdata("masterlist.ml")), IDV_OK);
    assert_eq!(counts(store), (3, 0));
    // A delta CRL is refused, complete CRLs load.
    assert_eq!(add(store, &testdata("crl_delta.der")), IDV_ERR_TRUST_DATA);
    assert!(detail().contains("delta CRL"), "{}", detail());
    assert_eq!(add(store, &testdata("crl.der")), IDV_OK);
    assert_eq!(counts(store), (3, 1));
    // SAFETY: a live store, freed once.
    assert_eq!(unsafe { idv_trust_store_free(store) }, IDV_OK);
}
