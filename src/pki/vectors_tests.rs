//! Tests against the real EF.SOD files and master lists in the shared vectors.

use super::cert::Certificate;
use super::check::Status;
use super::cms::parse_content_info;
use super::signed::{SOD_CONTENT_TYPES, verify_signer};
use crate::lds::{LdsSecurityObject, unwrap_ef_sod};

fn read(rel: &str) -> Vec<u8> {
    let p = crate::test_vectors_dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const COUNTRIES: [&str; 6] = ["DE", "FR", "MY", "NZ", "RU", "US"];

#[test]
fn real_sods_parse_with_the_readme_figures() {
    // (country, digest, data groups) from vectors/sod/README.md
    let expect: [(&str, &str, &[u8], &str); 6] = [
        (
            "DE",
            "2.16.840.1.101.3.4.2.2",
            &[1, 2, 3, 14],
            "2DAFFEB0F67656AE",
        ),
        (
            "FR",
            "2.16.840.1.101.3.4.2.1",
            &[1, 2, 3, 11, 12, 13, 14],
            "1F051BB4DE4D1112",
        ),
        (
            "MY",
            "2.16.840.1.101.3.4.2.1",
            &[1, 2, 3, 11, 12, 14],
            "70D01631ABBF347F",
        ),
        (
            "NZ",
            "2.16.840.1.101.3.4.2.1",
            &[1, 2, 12, 13, 14, 15],
            "C34B96088C91A4B0",
        ),
        (
            "RU",
            "1.3.14.3.2.26",
            &[1, 2, 3, 13, 14],
            "D827533C7441E5D1",
        ),
        (
            "US",
            "2.16.840.1.101.3.4.2.1",
            &[1, 2, 11, 12],
            "3959D386A57E8CE7",
        ),
    ];
    for (cc, hash_oid, dgs, dg1) in expect {
        let file = read(&format!("sod/SOD_{cc}.bin"));
        let ci = unwrap_ef_sod(&file).unwrap();
        let sd = parse_content_info(ci).unwrap();
        assert_eq!(sd.content_type, "2.23.136.1.1.1", "{cc}");
        assert_eq!(sd.version, 3, "{cc}");
        assert_eq!(sd.certificates.len(), 1, "{cc}");
        let lds = LdsSecurityObject::parse(sd.content.as_deref().unwrap()).unwrap();
        assert_eq!(lds.hash_algorithm_oid, hash_oid, "{cc}");
        let numbers: Vec<u8> = lds.data_group_hashes.iter().map(|d| d.number).collect();
        assert_eq!(numbers, dgs, "{cc}");
        assert!(
            super::signed::hex(lds.hash_of(1).unwrap()).starts_with(dg1),
            "{cc}"
        );
        assert_eq!(sd.signer_infos[0].digest_algorithm_oid, hash_oid, "{cc}");
    }
}

#[test]
fn real_sod_signatures_verify_and_dscs_chain_to_their_csca() {
    for cc in COUNTRIES {
        let file = read(&format!("sod/SOD_{cc}.bin"));
        let sd = parse_content_info(unwrap_ef_sod(&file).unwrap()).unwrap();
        let out = verify_signer(&sd, &[], SOD_CONTENT_TYPES);
        for c in &out.checks {
            assert_eq!(c.status, Status::Passed, "{cc}: {c:?}");
        }
        let dsc = out.signer.unwrap();
        let csca = Certificate::from_der(&read(&format!("sod/CSCA_{cc}.der"))).unwrap();
        assert_eq!(
            dsc.verify_signed_by(&csca.public_key),
            Ok(()),
            "{cc} DSC by CSCA"
        );
        // Another country's CSCA does not verify it.
        let other = Certificate::from_der(&read("sod/CSCA_US.der")).unwrap();
        if cc != "US" {
            assert!(dsc.verify_signed_by(&other.public_key).is_err(), "{cc}");
        }
    }
}

#[test]
fn card_security_verifies() {
    let file = read("sod/CardSecurity_DE.bin");
    let sd = parse_content_info(unwrap_ef_sod(&file).unwrap()).unwrap();
    assert_eq!(sd.content_type, super::cms::ID_SECURITY_OBJECT);
    let out = verify_signer(&sd, &[], &[super::cms::ID_SECURITY_OBJECT]);
    for c in &out.checks {
        assert_eq!(c.status, Status::Passed, "{c:?}");
    }
}

fn at(date: &str) -> i64 {
    super::check::parse_date(date).unwrap()
}

fn root(file: &str) -> Certificate {
    Certificate::from_der(&read(&format!("masterlists/{file}"))).unwrap()
}

#[test]
fn master_lists_verify_with_the_readme_figures() {
    use crate::crypto::signature::PublicKey;
    use std::collections::HashSet;
    // file, root, certificates, countries, (same subject and issuer name, self-signature
    // verifies), RSA, EC named, EC explicit. The README gives 509 self-signed for DE by its
    // tool's name comparison; compared as OpenSSL does (in order, case folded) 511 DE
    // certificates have subject = issuer, and 136 of them are link certificates under an
    // unchanged name (e.g. csca-germany 048D), whose signature is by an older key.
    let expect = [
        (
            "DE_ML_2026-05-28-08-28-45.ml",
            "DE_ROOT_CA_CSCA07.cer",
            588,
            112,
            (511, 375),
            424,
            4,
            160,
        ),
        (
            "NL_ML_2026-07-22.ml",
            "NL_ROOT_CA.cer",
            411,
            129,
            (411, 411),
            297,
            3,
            111,
        ),
    ];
    for (file, root_file, n, countries, self_signed, rsa, named, explicit) in expect {
        let ml = super::masterlist::parse_master_list(
            &read(&format!("masterlists/{file}")),
            &[root(root_file)],
            at("2026-11-22"),
        )
        .unwrap();
        assert_eq!(ml.version, 0);
        assert_eq!(ml.skipped, 0, "{file}");
        assert_eq!(ml.certificates.len(), n, "{file}");
        let cs: HashSet<String> = ml
            .certificates
            .iter()
            .filter_map(|c| c.subject.country())
            .collect();
        assert_eq!(cs.len(), countries, "{file}");
        // The README counts subject == issuer as OpenSSL compares names (in order, case and
        // spacing folded); some of those are link certificates under an unchanged name.
        let ss = ml
            .certificates
            .iter()
            .filter(|c| c.subject.same_in_order(&c.issuer))
            .count();
        let verified = ml
            .certificates
            .iter()
            .filter(|c| c.verify_signed_by(&c.public_key).is_ok())
            .count();
        assert_eq!((ss, verified), self_signed, "{file}");
        let rsa_n = ml
            .certificates
            .iter()
            .filter(|c| matches!(c.public_key, PublicKey::Rsa { .. }))
            .count();
        let ec = |e: bool| {
            ml.certificates
                .iter()
                .filter(|c| {
                    !matches!(c.public_key, PublicKey::Rsa { .. }) && c.explicit_ec_params == e
                })
                .count()
        };
        assert_eq!(
            (rsa_n, ec(false), ec(true)),
            (rsa, named, explicit),
            "{file}"
        );
    }
}

#[test]
fn master_list_with_a_wrong_root_or_expired_signer_is_refused() {
    let de = read("masterlists/DE_ML_2026-05-28-08-28-45.ml");
    let wrong =
        super::masterlist::parse_master_list(&de, &[root("NL_ROOT_CA.cer")], at("2026-11-22"));
    assert!(
        matches!(wrong, Err(super::PkiError::MasterListUntrusted(_))),
        "{wrong:?}"
    );
    let late = super::masterlist::parse_master_list(
        &de,
        &[root("DE_ROOT_CA_CSCA07.cer")],
        at("2029-01-01"),
    );
    assert!(
        matches!(late, Err(super::PkiError::MasterListUntrusted(m)) if m.contains("signer_validity"))
    );
    let mut tampered = de.clone();
    let mid = tampered.len() / 2;
    tampered[mid] ^= 1;
    assert!(
        super::masterlist::parse_master_list(
            &tampered,
            &[root("DE_ROOT_CA_CSCA07.cer")],
            at("2026-11-22")
        )
        .is_err()
    );
}

#[test]
fn every_real_dsc_has_a_verifying_csca_in_a_master_list() {
    let mut store = super::TrustStore::new();
    store
        .add_master_list(
            &read("masterlists/DE_ML_2026-05-28-08-28-45.ml"),
            &[root("DE_ROOT_CA_CSCA07.cer")],
            at("2026-11-22"),
        )
        .unwrap();
    store
        .add_master_list(
            &read("masterlists/NL_ML_2026-07-22.ml"),
            &[root("NL_ROOT_CA.cer")],
            at("2026-11-22"),
        )
        .unwrap();
    for cc in COUNTRIES {
        let file = read(&format!("sod/SOD_{cc}.bin"));
        let sd = parse_content_info(unwrap_ef_sod(&file).unwrap()).unwrap();
        let dsc = verify_signer(&sd, &[], SOD_CONTENT_TYPES).signer.unwrap();
        let ok: Vec<_> = store
            .issuers_of(&dsc)
            .into_iter()
            .filter(|c| dsc.verify_signed_by(&c.public_key).is_ok())
            .collect();
        assert!(!ok.is_empty(), "{cc}");
        let own = Certificate::from_der(&read(&format!("sod/CSCA_{cc}.der"))).unwrap();
        assert!(
            ok.iter().any(|c| c.der == own.der),
            "{cc}: its CSCA is in the lists"
        );
    }
}

fn de_nl_store() -> super::TrustStore {
    let mut store = super::TrustStore::new();
    store
        .add_master_list(
            &read("masterlists/DE_ML_2026-05-28-08-28-45.ml"),
            &[root("DE_ROOT_CA_CSCA07.cer")],
            at("2026-11-22"),
        )
        .unwrap();
    store
        .add_master_list(
            &read("masterlists/NL_ML_2026-07-22.ml"),
            &[root("NL_ROOT_CA.cer")],
            at("2026-11-22"),
        )
        .unwrap();
    store
}

#[test]
fn passive_authentication_of_every_real_sod() {
    use super::pa::{PaInput, passive_authentication};
    let store = de_nl_store();
    let mut own_only = super::TrustStore::new();
    for cc in COUNTRIES {
        own_only
            .add_certificates(&read(&format!("sod/CSCA_{cc}.der")))
            .unwrap();
    }
    let states = [
        ("DE", "D<<"),
        ("FR", "FRA"),
        ("MY", "MYS"),
        ("NZ", "NZL"),
        ("RU", "RUS"),
        ("US", "USA"),
    ];
    for (cc, state) in states {
        let sod = read(&format!("sod/SOD_{cc}.bin"));
        for s in [&store, &own_only] {
            let input = PaInput {
                sod: &sod,
                data_groups: &[],
                refused: &[],
                time: at("2026-11-22"),
                issuing_state: Some(state),
            };
            let r = passive_authentication(&input, s);
            assert_eq!(r.sod_signature, Status::Passed, "{cc}");
            assert_eq!(r.chain, Status::Passed, "{cc}: {:#?}", r.checks);
            // EF.SOD alone proves nothing about a document: DG1 was not given.
            assert_eq!(r.data_groups, Status::NotChecked, "{cc}");
            assert_eq!(r.check("dg.1").unwrap().status, Status::NotChecked, "{cc}");
            assert!(!r.genuine(), "{cc}");
            assert_eq!(
                r.check("chain.country").unwrap().status,
                Status::Passed,
                "{cc}"
            );
            assert_eq!(
                r.check("dsc.revocation").unwrap().status,
                Status::NotChecked
            );
            // Another issuing state is refused.
            let wrong = PaInput {
                issuing_state: Some(if cc == "US" { "CAN" } else { "USA" }),
                ..input
            };
            let r = passive_authentication(&wrong, s);
            assert_eq!(
                r.check("chain.country").unwrap().status,
                Status::Failed,
                "{cc}"
            );
            assert!(!r.genuine());
            // After the DSC expired, the chain fails.
            let late = PaInput {
                time: at("2045-01-01"),
                ..input
            };
            let r = passive_authentication(&late, s);
            assert_eq!(
                r.check("dsc.validity").unwrap().status,
                Status::Failed,
                "{cc}"
            );
            assert!(!r.genuine());
        }
        // Without any CSCA, the chain fails but the signature still verifies.
        let input = PaInput {
            sod: &sod,
            data_groups: &[(1, b"not DG1")],
            refused: &[],
            time: at("2026-11-22"),
            issuing_state: None,
        };
        let r = passive_authentication(&input, &super::TrustStore::new());
        assert_eq!(r.sod_signature, Status::Passed);
        assert_eq!(r.chain, Status::Failed);
        assert_eq!(r.check("dg.1").unwrap().status, Status::Failed, "{cc}");
        assert!(!r.genuine());
    }
}

/// The real German and Dutch master-list signers carry the master-list signer extended key
/// usage (ICAO 9303-12 §7.1.1) and share their root's country, so the rules that refuse other
/// signers keep the real lists loading through their own roots (and only through them).
#[test]
fn real_master_lists_load_through_their_own_roots_only() {
    use super::cert::EKU_MASTER_LIST_SIGNER;
    for (file, root_file, other, country) in [
        (
            "DE_ML_2026-05-28-08-28-45.ml",
            "DE_ROOT_CA_CSCA07.cer",
            "NL_ROOT_CA.cer",
            "DE",
        ),
        (
            "NL_ML_2026-07-22.ml",
            "NL_ROOT_CA.cer",
            "DE_ROOT_CA_CSCA07.cer",
            "NL",
        ),
    ] {
        let bytes = read(&format!("masterlists/{file}"));
        let mut store = super::TrustStore::new();
        assert!(matches!(
            store.add_rooted_master_list(&bytes, at("2026-11-22")),
            Err(super::PkiError::NoMasterListRoot)
        ));
        store.add_master_list_root(root(other));
        assert!(
            store
                .add_rooted_master_list(&bytes, at("2026-11-22"))
                .is_err(),
            "{file} under {other}"
        );
        store.add_master_list_root(root(root_file));
        let list = store
            .add_rooted_master_list(&bytes, at("2026-11-22"))
            .unwrap();
        assert!(
            list.signer.has_ext_key_usage(EKU_MASTER_LIST_SIGNER),
            "{file}"
        );
        assert_eq!(list.signer.subject.country().as_deref(), Some(country));
        assert_eq!(list.root.der, root(root_file).der);
        for id in ["masterlist.signer_eku", "masterlist.signer_country"] {
            let c = list.checks.iter().find(|c| c.id == id).unwrap();
            assert_eq!(c.status, Status::Passed, "{file} {id}");
        }
        assert!(store.len() > 400 && store.len() <= list.certificates.len());
    }
}
