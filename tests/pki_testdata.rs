//! Passive authentication of the generated test PKI (testdata/pki, see generate.py there):
//! every genuine EF.SOD passes for every algorithm and parameter form, and every forged one
//! is rejected by the check that should catch it.

use idverify::pki::check::parse_date;
use idverify::pki::{PaInput, PassiveAuthentication, Status, TrustStore, passive_authentication};

#[path = "support/files.rs"]
mod files;
use files::testdata as read;
#[path = "support/pa.rs"]
mod pa_support;

/// CSCA 1, the link certificate to CSCA 2 (not CSCA 2's self-signed one) and the CRL.
fn store() -> TrustStore {
    let mut s = TrustStore::new();
    s.add_certificates(&read("csca.der")).unwrap();
    s.add_certificates(&read("csca2_link.der")).unwrap();
    s.add_crl(&read("crl.der")).unwrap();
    s.add_crl(&read("crl2.der")).unwrap();
    s
}

/// DG1 and DG2 as the test PKI's SODs sign them.
fn signed_dgs() -> Vec<(u8, Vec<u8>)> {
    vec![(1, read("dg1.bin")), (2, read("dg2.bin"))]
}

fn run(sod: &str, dg1: &str) -> PassiveAuthentication {
    let time = parse_date("2026-06-01").unwrap();
    pa_support::pa_over_test_files(sod, dg1, &store(), "UTO", time)
}

fn status(r: &PassiveAuthentication, id: &str) -> Status {
    pa_support::check(r, id).status
}

const GENUINE: &[(&str, &str, &str)] = &[
    // (name, signature algorithm evidence, CSCA key)
    ("rsa-pkcs1", "RSASSA-PKCS1-v1_5 SHA-256", "RSA-3072"),
    (
        "rsa-pss",
        "RSASSA-PSS(SHA-256, MGF1-SHA-256, salt 32)",
        "RSA-3072",
    ),
    ("rsa-sha1", "RSASSA-PKCS1-v1_5 SHA-1", "RSA-3072"),
    ("ecdsa-p256-named", "ECDSA SHA-256", "RSA-3072"),
    ("ecdsa-p256-explicit", "ECDSA SHA-256", "RSA-3072"),
    ("ecdsa-p384-named", "ECDSA SHA-384", "RSA-3072"),
    ("ecdsa-p384-explicit", "ECDSA SHA-384", "RSA-3072"),
    ("ecdsa-p521-named", "ECDSA SHA-512", "RSA-3072"),
    ("ecdsa-p521-explicit", "ECDSA SHA-512", "RSA-3072"),
    ("ecdsa-bp256-named", "ECDSA SHA-256", "RSA-3072"),
    ("ecdsa-bp256-explicit", "ECDSA SHA-256", "RSA-3072"),
    ("ecdsa-bp256-plain", "ECDSA SHA-256", "RSA-3072"),
    ("ecdsa-bp320-named", "ECDSA SHA-384", "EC brainpoolP384r1"),
    (
        "ecdsa-bp320-explicit",
        "ECDSA SHA-384",
        "EC brainpoolP384r1",
    ),
    ("ecdsa-bp384-named", "ECDSA SHA-384", "RSA-3072"),
    ("ecdsa-bp384-explicit", "ECDSA SHA-384", "RSA-3072"),
    ("ecdsa-bp512-named", "ECDSA SHA-512", "EC brainpoolP384r1"),
    (
        "ecdsa-bp512-explicit",
        "ECDSA SHA-512",
        "EC brainpoolP384r1",
    ),
];

#[test]
fn every_genuine_document_passes() {
    for &(name, alg, csca_key) in GENUINE {
        let r = run(&format!("sod_{name}.bin"), "dg1.bin");
        assert!(r.genuine(), "{name}: {:#?}", r.checks);
        assert_eq!(r.status, Status::Passed, "{name}");
        let sig = r.check("cms.signature").unwrap();
        assert_eq!(sig.evidence["signatureAlgorithm"], alg, "{name}");
        let chain = r.check("chain.csca").unwrap();
        assert_eq!(chain.evidence["cscaKey"], csca_key, "{name}");
        assert_eq!(status(&r, "dsc.revocation"), Status::Passed, "{name}");
        assert_eq!(status(&r, "dg.1"), Status::Passed);
        assert_eq!(status(&r, "dg.2"), Status::Passed);
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"status\":\"passed\""));
    }
}

#[test]
fn changed_data_group() {
    let r = run("sod_rsa-pkcs1.bin", "dg1_changed.bin");
    assert_eq!(status(&r, "dg.1"), Status::Failed);
    assert_eq!(status(&r, "dg.2"), Status::Passed);
    assert_eq!(r.sod_signature, Status::Passed);
    assert!(!r.genuine());
}

#[test]
fn data_group_not_in_the_sod_is_flagged() {
    let sod = read("sod_rsa-pkcs1.bin");
    let dg1 = read("dg1.bin");
    let dgs = [(1u8, dg1.as_slice()), (11, b"\x6b\x00".as_slice())];
    let input = PaInput {
        sod: &sod,
        data_groups: &dgs,
        refused: &[],
        time: parse_date("2026-06-01").unwrap(),
        issuing_state: Some("UTO"),
    };
    let r = passive_authentication(&input, &store());
    assert_eq!(r.check("dg.11").unwrap().status, Status::Warning);
    assert!(!r.genuine());
}

#[test]
fn changed_sod_content() {
    let r = run("forged_content.bin", "dg1.bin");
    assert_eq!(status(&r, "cms.message_digest"), Status::Failed);
    assert_eq!(r.sod_signature, Status::Failed);
    assert!(!r.genuine());
}

#[test]
fn sod_resigned_by_an_unknown_dsc() {
    let r = run("forged_unknown_dsc.bin", "dg1.bin");
    // The CMS signature is self-consistent; the DSC chains to no trusted CSCA.
    assert_eq!(r.sod_signature, Status::Passed);
    assert_eq!(status(&r, "chain.csca"), Status::Failed);
    assert!(!r.genuine());
}

#[test]
fn expired_dsc() {
    let r = run("forged_expired_dsc.bin", "dg1.bin");
    assert_eq!(status(&r, "dsc.validity"), Status::Failed);
    assert_eq!(status(&r, "chain.csca"), Status::Passed);
    assert!(!r.genuine());
}

#[test]
fn revoked_dsc() {
    let r = run("forged_revoked_dsc.bin", "dg1.bin");
    assert_eq!(status(&r, "dsc.revocation"), Status::Failed);
    assert!(!r.genuine());
    // Without the CRL the same document passes: revocation is what rejects it.
    let sod = read("forged_revoked_dsc.bin");
    let mut s = TrustStore::new();
    s.add_certificates(&read("csca.der")).unwrap();
    let dgs = signed_dgs();
    let dg_refs: Vec<(u8, &[u8])> = dgs.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let input = PaInput {
        sod: &sod,
        data_groups: &dg_refs,
        refused: &[],
        time: parse_date("2026-06-01").unwrap(),
        issuing_state: Some("UTO"),
    };
    let r = passive_authentication(&input, &s);
    assert!(r.genuine(), "{:#?}", r.checks);
    assert_eq!(status(&r, "dsc.revocation"), Status::NotChecked);
}

#[test]
fn declared_hash_algorithm_differs_from_the_used_one() {
    let r = run("forged_hash_algorithm.bin", "dg1.bin");
    assert_eq!(status(&r, "sod.hash_algorithm"), Status::Failed);
    assert_eq!(status(&r, "dg.1"), Status::Failed);
    assert!(!r.genuine());
}

#[test]
fn algorithm_confusion() {
    let r = run("forged_alg_pss_as_pkcs1.bin", "dg1.bin");
    assert_eq!(status(&r, "cms.signature"), Status::Failed);
    assert!(!r.genuine());
    let r = run("forged_alg_rsa_as_ecdsa.bin", "dg1.bin");
    let sig = r.check("cms.signature").unwrap();
    assert_eq!(sig.status, Status::Failed);
    assert!(sig.message.contains("does not fit"), "{}", sig.message);
    assert!(!r.genuine());
}

#[test]
fn truncated_sod() {
    let r = run("forged_truncated.bin", "dg1.bin");
    assert_eq!(status(&r, "sod.parse"), Status::Failed);
    assert!(!r.genuine());
}

#[test]
fn wrong_time_or_state_or_missing_link() {
    let sod = read("sod_ecdsa-bp512-named.bin");
    let base = PaInput {
        sod: &sod,
        data_groups: &[],
        refused: &[],
        time: parse_date("2026-06-01").unwrap(),
        issuing_state: Some("UTO"),
    };
    // Before the DSC's validity.
    let early = PaInput {
        time: parse_date("2024-06-01").unwrap(),
        ..base
    };
    assert_eq!(
        status(&passive_authentication(&early, &store()), "dsc.validity"),
        Status::Failed
    );
    // Another issuing state.
    let other = PaInput {
        issuing_state: Some("DEU"),
        ..base
    };
    assert_eq!(
        status(&passive_authentication(&other, &store()), "chain.country"),
        Status::Failed
    );
    // Without the link certificate, CSCA 1 alone cannot vouch for a DSC of CSCA 2.
    let mut only1 = TrustStore::new();
    only1.add_certificates(&read("csca.der")).unwrap();
    let r = passive_authentication(&base, &only1);
    assert_eq!(status(&r, "chain.csca"), Status::Failed);
}

#[test]
fn utopia_master_list_verifies_up_to_csca_1() {
    use idverify::pki::Certificate;
    let root = Certificate::from_der(&read("csca.der")).unwrap();
    let ml = read("masterlist.ml");
    let time = parse_date("2026-06-01").unwrap();
    let mut s = TrustStore::new();
    let list = s
        .add_master_list(&ml, std::slice::from_ref(&root), time)
        .unwrap();
    assert_eq!(list.certificates.len(), 3);
    assert_eq!(s.len(), 3);
    // Signed by CSCA 1, so CSCA 2 alone is not a root for it.
    let csca2 = Certificate::from_der(&read("csca2.der")).unwrap();
    assert!(
        TrustStore::new()
            .add_master_list(&ml, &[csca2], time)
            .is_err()
    );
    // Loaded from the list, the store verifies a DSC under CSCA 2.
    let sod = read("sod_ecdsa-bp512-explicit.bin");
    let dgs = signed_dgs();
    let dg_refs: Vec<(u8, &[u8])> = dgs.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let input = PaInput {
        sod: &sod,
        data_groups: &dg_refs,
        refused: &[],
        time,
        issuing_state: Some("UTO"),
    };
    assert!(passive_authentication(&input, &s).genuine());
}

#[test]
fn unknown_signature_algorithm_is_unsupported_never_passed() {
    let mut sod = read("sod_ecdsa-p256-named.bin");
    // ecdsa-with-SHA256 (1.2.840.10045.4.3.2) → 1.2.840.10045.4.3.9, which nobody defines.
    let oid = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];
    let at = sod.windows(oid.len()).position(|w| w == oid).unwrap();
    sod[at + oid.len() - 1] = 0x09;
    let input = PaInput {
        sod: &sod,
        data_groups: &[],
        refused: &[],
        time: parse_date("2026-06-01").unwrap(),
        issuing_state: Some("UTO"),
    };
    let r = passive_authentication(&input, &store());
    assert_eq!(
        r.check("cms.signature").unwrap().status,
        Status::Unsupported
    );
    assert_eq!(r.sod_signature, Status::Unsupported);
    assert_eq!(r.status, Status::Unsupported);
    assert!(!r.genuine());
}

#[test]
fn crl_names_its_key() {
    let crl = idverify::pki::Crl::from_der(&read("crl.der")).unwrap();
    let csca = idverify::pki::Certificate::from_der(&read("csca.der")).unwrap();
    let link = idverify::pki::Certificate::from_der(&read("csca2_link.der")).unwrap();
    assert_eq!(crl.authority_key_id, csca.subject_key_id, "{crl:?}");
    assert_ne!(crl.authority_key_id, link.subject_key_id);
    // With only CSCA 1's CRL, a DSC under CSCA 2 has no CRL rather than a failed one.
    let mut s = TrustStore::new();
    s.add_certificates(&read("csca.der")).unwrap();
    s.add_certificates(&read("csca2_link.der")).unwrap();
    s.add_crl(&read("crl.der")).unwrap();
    let sod = read("sod_ecdsa-bp320-named.bin");
    let dgs = signed_dgs();
    let dg_refs: Vec<(u8, &[u8])> = dgs.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let input = PaInput {
        sod: &sod,
        data_groups: &dg_refs,
        refused: &[],
        time: parse_date("2026-06-01").unwrap(),
        issuing_state: Some("UTO"),
    };
    let r = passive_authentication(&input, &s);
    assert_eq!(
        r.check("dsc.revocation").unwrap().status,
        Status::NotChecked
    );
    assert!(r.genuine());
}
