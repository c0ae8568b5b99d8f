//! The properties of the trust fuzz targets (`crl`, `trust_load`, `chain`, `certificate`),
//! run against a trust store populated with the test PKIs (testdata/pki). Test data only.

use super::cert::{Certificate, EKU_MASTER_LIST_SIGNER};
use super::chain::verify_dsc;
use super::check::Status;
use super::crl::Crl;
use super::masterlist::parse_master_list;
use super::store::TrustStore;
use crate::emulator::test_pki;
use crate::inspect::TrustItem;
use std::sync::OnceLock;

/// Utopia's RSA document signer, issued by CSCA 1.
const DSC_RSA: &[u8] = include_bytes!("../../testdata/pki/dsc_rsa-pkcs1.der");
/// Utopia's brainpoolP512r1 document signer, issued by CSCA 2 (reached through the link).
const DSC_BP512: &[u8] = include_bytes!("../../testdata/pki/dsc_ecdsa-bp512-explicit.der");
/// The link certificate from CSCA 1 to CSCA 2.
const CSCA2_LINK: &[u8] = include_bytes!("../../testdata/pki/csca2_link.der");
/// 2026-06-01, when every test certificate is valid.
const TIME: i64 = 1_780_272_000;

/// CSCA 1, the link to CSCA 2 and the German test CSCA, their CRLs, and CSCA 1 as the one
/// master-list root.
fn store() -> &'static TrustStore {
    static STORE: OnceLock<TrustStore> = OnceLock::new();
    STORE.get_or_init(|| {
        let mut s = TrustStore::new();
        for bytes in [test_pki::CSCA, CSCA2_LINK, test_pki::CSCA_DE] {
            let _ = s.add_certificates(bytes);
        }
        for crl in [test_pki::CRL, test_pki::CRL_DE] {
            let _ = s.add_crl(crl);
        }
        let _ = s.add_master_list_roots(test_pki::CSCA);
        s
    })
}

/// The document signers whose signed parts are genuine: nothing else may chain.
fn genuine_tbs() -> &'static [Vec<u8>] {
    static TBS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    TBS.get_or_init(|| {
        [DSC_RSA, DSC_BP512, test_pki::DSC, test_pki::DSC_DE]
            .iter()
            .filter_map(|d| Certificate::from_der(d).ok().map(|c| c.tbs))
            .collect()
    })
}

/// `crl`: any bytes as a CRL parse or fail without a panic; used for revocation in a store
/// they decide "passed" or "revoked" only when CSCA 1's key verifies them.
#[doc(hidden)]
pub fn crl(data: &[u8]) {
    let parsed = Crl::from_der(data);
    let csca = Certificate::from_der(test_pki::CSCA).ok();
    if let Ok(crl) = &parsed {
        let _ = crl.is_revoked(&[0x00, 0xCA]);
        let _ = crl.expired_at(TIME);
        for c in store().cscas() {
            let _ = crl.verify_signed_by(&c.public_key);
        }
    }
    let mut s = store().clone();
    let added = s.add_crl(data).is_ok();
    let (Some(dsc), Some(csca)) = (Certificate::from_der(DSC_RSA).ok(), csca) else {
        return;
    };
    let outcome = verify_dsc(&dsc, &s, TIME, Some("UTO"));
    let Some(rev) = outcome.checks.iter().find(|c| c.id == "dsc.revocation") else {
        return;
    };
    // The store's own CRL of CSCA 1 does not list this DSC: only the fuzzed CRL can revoke it.
    if rev.status == Status::Failed && rev.message.contains("revoked by") {
        assert!(added, "{}", rev.message);
        let crl = parsed.as_ref().ok();
        assert!(
            crl.is_some_and(|c| c.verify_signed_by(&csca.public_key).is_ok()),
            "revoked by a CRL CSCA 1 did not sign"
        );
    }
}

/// `trust_load`: any bytes as trust data load or fail without a panic, into a populated store;
/// a master list loads only through CSCA 1 (the one root), signed by a master-list signer of
/// its country.
#[doc(hidden)]
pub fn trust_load(data: &[u8]) {
    let mut s = store().clone();
    let before = s.len();
    match s.add_trust_bytes(data, TIME) {
        Ok(TrustItem::MasterList(_)) => {
            let roots = s.master_list_roots().to_vec();
            let list = parse_master_list(data, &roots, TIME);
            assert!(list.as_ref().is_ok_and(|l| {
                l.signer.has_ext_key_usage(EKU_MASTER_LIST_SIGNER)
                    && l.signer.subject.country() == l.root.subject.country()
                    && l.root.der == test_pki::CSCA
            }));
        }
        Ok(TrustItem::Certificates(n)) => assert_eq!(s.len(), before + n),
        Ok(TrustItem::Crl) => assert_eq!(s.crls().len(), store().crls().len() + 1),
        Ok(TrustItem::Snapshot(_)) => panic!("bytes are never a snapshot folder"),
        Ok(TrustItem::DeviationList(_)) => assert_eq!(s.deviation_lists().len(), 1),
        Err(_) => assert_eq!(s.len(), before),
    }
    let mut roots = store().clone();
    let _ = roots.add_master_list_roots(data);
}

/// `chain`: any bytes as a document signer certificate checked against the populated store
/// never panic, and chain to a CSCA only when they carry a genuine signer's signed part.
#[doc(hidden)]
pub fn chain(data: &[u8]) {
    let Ok(dsc) = Certificate::from_der(data) else {
        return;
    };
    let outcome = verify_dsc(&dsc, store(), TIME, Some("UTO"));
    let chained = outcome
        .checks
        .iter()
        .any(|c| c.id == "chain.csca" && c.status == Status::Passed);
    assert_eq!(chained, outcome.csca.is_some());
    if chained {
        assert!(
            genuine_tbs().contains(&dsc.tbs),
            "a certificate no CSCA signed chains"
        );
    }
}

/// `certificate`: parsing any bytes never panics, and the fast walk and x509-parser agree on
/// whatever the fast walk accepts.
#[doc(hidden)]
pub fn certificate(data: &[u8]) {
    let any = Certificate::from_der(data);
    if let Some(fast) = super::cert_der::parse(data) {
        let slow = Certificate::from_der_x509(data);
        let slow = slow.map(|c| format!("{c:?}"));
        assert_eq!(
            Ok(format!("{fast:?}")),
            slow,
            "fast path and x509-parser differ"
        );
        assert!(any.is_ok());
    }
}

/// `ldif`: any bytes imported as an ICAO PKD LDIF file into a store whose one master-list root
/// is CSCA 1 never panic and add no CSCA unless a master list verified.
#[doc(hidden)]
pub fn ldif(data: &[u8]) {
    super::ldif::fuzz_check(data);
    super::ldif_import::fuzz_check(data, test_pki::CSCA);
}
