//! Attacks on the trust store (testdata/pki, see generate.py): master lists signed by keys that
//! may not sign them, and CRLs that disagree. Each case would have been accepted by a store
//! that took every loaded CSCA as a master-list root, or let the first CRL in file order decide.

use idverify::chip::FileId;
use idverify::inspect::{InspectError, TrustItem, load_trust, load_trust_with_roots};
use idverify::mrz::Date;
use idverify::pki::check::parse_date;
use idverify::pki::{PassiveAuthentication, PkiError, Status, TrustStore};
use idverify::verify::{CheckTime, DocumentInput, RuleId, Verdict, Verifier, VerifierConfig};

#[path = "support/files.rs"]
mod files;
use files::{testdata as read, testdata_path as path};
#[path = "support/pa.rs"]
mod pa_support;
use pa_support::check;

fn time() -> i64 {
    parse_date("2026-06-01").unwrap()
}

/// Passive authentication of `sod` over the test data groups, for issuing state `state`.
fn pa(sod: &str, store: &TrustStore, state: &str) -> PassiveAuthentication {
    pa_support::pa_over_test_files(sod, "dg1.bin", store, state, time())
}

/// The test PKI's CSCAs as a desk loads them (CSCA 1 and the link to CSCA 2).
fn cscas() -> TrustStore {
    let mut s = TrustStore::new();
    s.add_trust_bytes(&read("csca.der"), time()).unwrap();
    s.add_trust_bytes(&read("csca2_link.der"), time()).unwrap();
    s
}

// ------------------------------------------------------------------ master-list roots

/// The forged German document is otherwise perfect: trusting the fake CSCA makes it genuine.
/// That is what a master list smuggling the fake CSCA in would achieve.
#[test]
fn the_forged_german_document_is_genuine_only_under_the_fake_csca() {
    let mut fake = TrustStore::new();
    fake.add_certificates(&read("csca_fake_de.der")).unwrap();
    assert!(pa("forged_fake_csca_de.bin", &fake, "D").genuine());
    assert!(!pa("forged_fake_csca_de.bin", &cscas(), "D").genuine());
}

#[test]
fn master_list_signed_by_a_document_signer_is_refused() {
    let ml = read("masterlist_by_dsc.ml");
    // The CSCAs loaded do not vouch for a master list: without a configured root it is refused
    // (a store that used them as roots accepted this list, signed by a DSC CSCA 1 issued).
    let mut store = cscas();
    assert_eq!(
        store.add_trust_bytes(&ml, time()),
        Err(PkiError::NoMasterListRoot)
    );
    // With CSCA 1 configured as master-list root the signer chains, but it is a document
    // signer without the master-list signer extended key usage.
    store.add_master_list_roots(&read("csca.der")).unwrap();
    match store.add_trust_bytes(&ml, time()) {
        Err(PkiError::MasterListUntrusted(why)) => {
            assert!(why.contains("masterlist.signer_eku"), "{why}");
            assert!(!why.contains("signer_chain"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.len(), 2, "the fake CSCA was not added");
    let r = pa("forged_fake_csca_de.bin", &store, "D");
    assert_eq!(check(&r, "chain.csca").status, Status::Failed);
    assert!(!r.genuine());
}

#[test]
fn master_list_signer_of_another_country_than_its_root_is_refused() {
    let mut store = cscas();
    store.add_master_list_roots(&read("csca.der")).unwrap();
    match store.add_trust_bytes(&read("masterlist_wrong_country.ml"), time()) {
        Err(PkiError::MasterListUntrusted(why)) => {
            assert!(why.contains("masterlist.signer_country"), "{why}");
            assert!(!why.contains("signer_eku"), "{why}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(store.len(), 2);
}

#[test]
fn proper_master_list_is_accepted_through_its_root() {
    let mut store = TrustStore::new();
    assert_eq!(store.add_master_list_roots(&read("csca.der")).unwrap(), 1);
    assert_eq!(store.add_master_list_roots(&read("csca.der")).unwrap(), 0);
    // The root is not a CSCA of the store.
    assert!(store.is_empty());
    let list = store
        .add_rooted_master_list(&read("masterlist.ml"), time())
        .unwrap();
    for id in [
        "masterlist.signer_chain",
        "masterlist.signer_eku",
        "masterlist.signer_country",
    ] {
        let c = list.checks.iter().find(|c| c.id == id).unwrap();
        assert_eq!(c.status, Status::Passed, "{id}");
    }
    assert_eq!(store.len(), 3);
    // A root of another State (CSCA 2 did not issue the signer) does not do.
    let mut other = TrustStore::new();
    other.add_master_list_roots(&read("csca2.der")).unwrap();
    assert!(matches!(
        other.add_trust_bytes(&read("masterlist.ml"), time()),
        Err(PkiError::MasterListUntrusted(_))
    ));
    // Junk is still reported as junk, root or not.
    assert!(matches!(
        TrustStore::new().add_trust_bytes(b"not trust data", time()),
        Err(PkiError::Tlv(_) | PkiError::Malformed { .. })
    ));
}

#[test]
fn folders_with_a_master_list_need_a_configured_root() {
    let dir = std::env::temp_dir().join(format!("idverify-trust-ml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The master list beside the CSCA that issued its signer: that CSCA is no root.
    std::fs::write(dir.join("csca.der"), read("csca.der")).unwrap();
    std::fs::write(dir.join("list.ml"), read("masterlist.ml")).unwrap();
    match load_trust(&[&dir], time()) {
        Err(e @ InspectError::NoMasterListRoot { .. }) => {
            assert!(e.to_string().contains("list.ml"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let store = load_trust_with_roots(&[path("csca.der")], &[&dir], time()).unwrap();
    assert_eq!(store.len(), 3);
    std::fs::write(dir.join("rogue.ml"), read("masterlist_by_dsc.ml")).unwrap();
    match load_trust_with_roots(&[path("csca.der")], &[&dir], time()) {
        Err(e @ InspectError::TrustData { .. }) => {
            assert!(e.to_string().contains("rogue.ml"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ------------------------------------------------------------------------------ CRLs

fn with_crls(crls: &[&str]) -> TrustStore {
    let mut s = cscas();
    for c in crls {
        assert_eq!(s.add_trust_bytes(&read(c), time()), Ok(TrustItem::Crl));
    }
    s
}

#[test]
fn an_older_crl_does_not_hide_a_newer_revocation() {
    // crl_older.der (2025-03-01) revokes nothing, crl.der (2026-01-01) revokes serial 202.
    for order in [["crl_older.der", "crl.der"], ["crl.der", "crl_older.der"]] {
        let r = pa("forged_revoked_dsc.bin", &with_crls(&order), "UTO");
        let c = check(&r, "dsc.revocation");
        assert_eq!(c.status, Status::Failed, "{order:?}");
        assert!(c.message.contains("2026-01-01"), "{}", c.message);
        assert_eq!(c.evidence["crlThisUpdate"], "2026-01-01T00:00:00Z");
        assert!(!r.genuine());
    }
    // The older CRL alone does not list it; a genuine DSC passes under both, named by the
    // newest CRL.
    let r = pa(
        "forged_revoked_dsc.bin",
        &with_crls(&["crl_older.der"]),
        "UTO",
    );
    assert_eq!(check(&r, "dsc.revocation").status, Status::Passed);
    let r = pa(
        "sod_rsa-pkcs1.bin",
        &with_crls(&["crl.der", "crl_older.der"]),
        "UTO",
    );
    let c = check(&r, "dsc.revocation");
    assert_eq!(c.status, Status::Passed);
    assert_eq!(c.evidence["crlThisUpdate"], "2026-01-01T00:00:00Z");
    assert!(r.genuine());
}

/// The same through the verifier: `pa.dsc_chain` fails and names the CRL, in either order.
#[test]
fn the_report_names_the_crl_that_revoked() {
    let at = CheckTime::from_date(Date::parse_iso("2026-06-01").unwrap());
    let mut config = VerifierConfig::default();
    config.set_enabled(RuleId::DocExpired, false);
    for order in [["crl_older.der", "crl.der"], ["crl.der", "crl_older.der"]] {
        let v = Verifier::new(with_crls(&order), config.clone());
        let input = DocumentInput::from_files([
            (FileId::Dg1, read("dg1.bin")),
            (FileId::Sod, read("forged_revoked_dsc.bin")),
        ]);
        let r = v.verify(&input, at);
        assert_eq!(r.verdict, Verdict::Failed, "{order:?}");
        assert_eq!(r.failed_ids(), ["pa.dsc_chain"], "{order:?}");
        let chain = r.check(RuleId::PaDscChain).unwrap();
        let why = &chain.evidence["dsc.revocation"];
        assert!(
            why.starts_with("failed:") && why.contains("CRL of") && why.contains("2026-01-01"),
            "{why}"
        );
    }
}

#[test]
fn an_out_of_date_crl_leaves_revocation_unknown() {
    let r = pa("sod_rsa-pkcs1.bin", &with_crls(&["crl_expired.der"]), "UTO");
    let c = check(&r, "dsc.revocation");
    assert_eq!(c.status, Status::Warning);
    assert!(c.message.contains("out of date"), "{}", c.message);
    // Not silent: the chain as a whole carries the warning.
    assert_eq!(r.chain, Status::Warning);
    // A current CRL beside it decides.
    let store = with_crls(&["crl_expired.der", "crl_older.der"]);
    let r = pa("sod_rsa-pkcs1.bin", &store, "UTO");
    assert_eq!(check(&r, "dsc.revocation").status, Status::Passed);
}

#[test]
fn delta_crls_are_refused() {
    let mut store = cscas();
    let delta = read("crl_delta.der");
    for e in [
        store.add_crl(&delta).unwrap_err(),
        store.add_trust_bytes(&delta, time()).unwrap_err(),
    ] {
        assert!(
            matches!(&e, PkiError::CrlRefused(why) if why.contains("delta CRL")),
            "{e:?}"
        );
    }
    assert!(store.crls().is_empty());
    let dir = std::env::temp_dir().join(format!("idverify-trust-delta-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("delta.crl"), &delta).unwrap();
    let e = load_trust(&[&dir], time()).unwrap_err();
    assert!(e.to_string().contains("delta.crl"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_crl_not_signed_by_the_csca_is_not_used() {
    let mut forged = read("crl.der");
    let last = forged.len() - 1;
    forged[last] ^= 1;
    let mut store = cscas();
    store.add_crl(&forged).unwrap();
    let r = pa("sod_rsa-pkcs1.bin", &store, "UTO");
    let c = check(&r, "dsc.revocation");
    assert_eq!(c.status, Status::Failed);
    assert!(c.message.contains("CRL signature"), "{}", c.message);
    // A forged CRL cannot revoke either: beside a valid CRL that does not list the DSC, the
    // forged copy (which lists serial 202) is ignored and named as unusable.
    store.add_crl(&read("crl_older.der")).unwrap();
    let r = pa("forged_revoked_dsc.bin", &store, "UTO");
    let c = check(&r, "dsc.revocation");
    assert_eq!(c.status, Status::Passed);
    assert!(c.evidence["crlsUnusable"].contains("CRL signature"));
}
