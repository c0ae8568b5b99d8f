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
