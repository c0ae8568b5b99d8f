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
    for code in 0..=18 {
        // SAFETY: the returned pointer is a static NUL-terminated string.
        let text = unsafe { std::ffi::CStr::from_ptr(idv_error_message(code)) };
        assert!(!text.to_bytes().is_empty());
        assert_eq!(
            text.to_bytes() == b"unknown result code",
            code > 17,
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
