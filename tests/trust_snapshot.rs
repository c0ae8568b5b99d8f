//! Trust material as an office runs it: the ICAO PKD LDIF built by testdata/trust/generate.py
//! (the shared German and Dutch master lists, Utopia's master list, document signers and
//! CRLs) imported into a snapshot, the real EF.SODs of ../shared/vectors verified from it, an
//! update with a broken master list that leaves the snapshot in use, and a snapshot whose
//! store no longer matches its manifest.

use idverify::chip::FileId;
use idverify::inspect::snapshot::{CURRENT, build_store, install_snapshot, load_snapshot};
use idverify::inspect::{InspectError, load_trust_with_roots};
use idverify::mrz::Date;
use idverify::pki::check::parse_date;
use idverify::pki::trust_status::trust_status;
use idverify::pki::{PaInput, PassiveAuthentication, Status, TrustStore};
use idverify::verify::{CheckTime, DocumentInput, RuleId, Verdict, Verifier, VerifierConfig};
use std::path::{Path, PathBuf};

#[path = "support/files.rs"]
mod files;
use files::{testdata as read, testdata_path, vector};

fn vectors_dir() -> PathBuf {
    match std::env::var_os("IDVERIFY_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"),
    }
}

fn trust_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/trust")
        .join(name)
}

/// The master-list roots of the test LDIF: Germany's, the Netherlands' and Utopia's CSCA 1.
fn roots() -> Vec<PathBuf> {
    let ml = vectors_dir().join("masterlists");
    vec![
        ml.join("DE_ROOT_CA_CSCA07.cer"),
        ml.join("NL_ROOT_CA.cer"),
        testdata_path("csca.der"),
    ]
}

fn time() -> i64 {
    parse_date("2026-06-01").unwrap()
}

/// A fresh folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idverify-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A snapshot of the test LDIF in a fresh folder.
fn ldif_snapshot(name: &str) -> PathBuf {
    let dir = scratch(name).join("trust");
    let built = build_store(&roots(), &[trust_file("pkd.ldif")], time()).unwrap();
    install_snapshot(&dir, &built, time(), true).unwrap();
    dir
}

fn pa(sod: &[u8], dgs: &[(u8, &[u8])], store: &TrustStore, state: &str) -> PassiveAuthentication {
    let input = PaInput {
        sod,
        data_groups: dgs,
        refused: &[],
        time: time(),
        issuing_state: Some(state),
    };
    idverify::pki::passive_authentication(&input, store)
}

#[test]
fn the_test_ldif_imports_and_the_real_sods_verify_from_its_snapshot() {
    let dir = ldif_snapshot("ldif-real-sods");
    let (store, manifest) = load_snapshot(&dir).unwrap();
    // DE 588 + NL 411 certificates, less the ones both lists hold, plus Utopia's three.
    assert_eq!(manifest.counts.cscas, store.len());
    assert!(store.len() > 600, "{}", store.len());
    assert_eq!(store.crls().len(), 2);
    assert_eq!(store.document_signers().len(), 3);
    let ldif = manifest.sources.iter().find(|s| s.kind == "ldif").unwrap();
    let bytes = std::fs::read(trust_file("pkd.ldif")).unwrap();
    assert_eq!(ldif.bytes, bytes.len() as u64);
    assert_eq!(ldif.sha256, idverify::pki::snapshot::sha256_hex(&bytes));
    // Utopia's deviation list from the PKD's o=dl branch, verified through CSCA 1.
    assert_eq!(manifest.counts.deviation_lists, 1);
    assert_eq!(store.deviation_lists()[0].deviations.len(), 2);

    for (cc, state) in [
        ("DE", "D<<"),
        ("FR", "FRA"),
        ("MY", "MYS"),
        ("NZ", "NZL"),
        ("RU", "RUS"),
        ("US", "USA"),
    ] {
        let sod = vector(&format!("sod/SOD_{cc}.bin"));
        let r = pa(&sod, &[], &store, state);
        assert_eq!(r.sod_signature, Status::Passed, "{cc}");
        assert_eq!(r.chain, Status::Passed, "{cc}: {:#?}", r.checks);
        let csca = r.check("chain.csca").unwrap();
        assert_eq!(csca.status, Status::Passed, "{cc}");
        // The CSCA names the master list it came from: the LDIF's entry of a master list.
        assert_eq!(csca.evidence["cscaSourceKind"], "master_list", "{cc}");
        assert_eq!(csca.evidence["cscaSourceFile"], "pkd.ldif", "{cc}");
        assert!(
            csca.evidence["cscaSource"].contains(",o=ml,c="),
            "{cc}: {}",
            csca.evidence["cscaSource"]
        );
    }
    // Utopia's specimen through its master list from the LDIF, genuine with its data groups.
    let (dg1, dg2) = (read("dg1.bin"), read("dg2.bin"));
    let dgs = [(1u8, dg1.as_slice()), (2, dg2.as_slice())];
    assert!(pa(&read("sod_rsa-pkcs1.bin"), &dgs, &store, "UTO").genuine());
    // The CRL from the LDIF revokes DSC 202.
    let r = pa(&read("forged_revoked_dsc.bin"), &dgs, &store, "UTO");
    assert_eq!(r.check("dsc.revocation").unwrap().status, Status::Failed);
    assert!(!r.genuine());
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// A document signer from the LDIF finds the signer of an EF.SOD that does not embed it, and
/// is no trust anchor: a store without its CSCA still fails the chain.
#[test]
fn document_signers_from_the_ldif_are_a_cache_not_an_anchor() {
    let sod = std::fs::read(trust_file("sod_without_dsc.bin")).unwrap();
    let (dg1, dg2) = (read("dg1.bin"), read("dg2.bin"));
    let dgs = [(1u8, dg1.as_slice()), (2, dg2.as_slice())];

    let dir = ldif_snapshot("ldif-dsc-cache");
    let (store, _) = load_snapshot(&dir).unwrap();
    assert!(pa(&sod, &dgs, &store, "UTO").genuine());

    let mut no_cache = TrustStore::new();
    no_cache.add_certificates(&read("csca.der")).unwrap();
    let r = pa(&sod, &dgs, &no_cache, "UTO");
    assert_eq!(
        r.check("cms.signer_certificate").unwrap().status,
        Status::Failed
    );

    // Only the DSCs, no CSCA: the signer is found, the chain is not.
    let mut dscs_only = TrustStore::new();
    for dsc in store.document_signers() {
        dscs_only.add_document_signer(dsc.clone());
    }
    let r = pa(&sod, &dgs, &dscs_only, "UTO");
    assert_eq!(r.sod_signature, Status::Passed);
    assert_eq!(r.check("chain.csca").unwrap().status, Status::Failed);
    assert!(!r.genuine());
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// `verify trust update` with a German master list whose signature is broken: the error names
/// the source, `current` still points at the old snapshot and it still loads.
#[test]
fn an_update_with_a_broken_master_list_keeps_the_old_snapshot() {
    let dir = ldif_snapshot("ldif-update");
    let before = std::fs::read_link(dir.join(CURRENT)).unwrap();
    let (_, old_manifest) = load_snapshot(&dir).unwrap();

    let mut ml = vector("masterlists/DE_ML_2026-05-28-08-28-45.ml");
    // The last byte of the CMS structure is the end of the SignerInfo's signature.
    let last = ml.len() - 1;
    ml[last] ^= 0x01;
    let broken = dir.parent().unwrap().join("DE_broken.ml");
    std::fs::write(&broken, &ml).unwrap();

    let e = build_store(&roots(), &[trust_file("pkd.ldif"), broken.clone()], time()).unwrap_err();
    match &e {
        InspectError::TrustData { what, reason } => {
            assert_eq!(what, &broken.display().to_string());
            assert!(reason.to_string().contains("cms.signature"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read_link(dir.join(CURRENT)).unwrap(), before);
    let (_, manifest) = load_snapshot(&dir).unwrap();
    assert_eq!(manifest, old_manifest);

    // A good update switches, and keeps the replaced version beside it.
    let good = build_store(
        &roots(),
        &[trust_file("pkd.ldif"), testdata_path("crl_expired.der")],
        time(),
    )
    .unwrap();
    let new = install_snapshot(&dir, &good, time(), false).unwrap();
    assert_eq!(
        std::fs::read_link(dir.join(CURRENT)).unwrap(),
        Path::new(new.file_name().unwrap())
    );
    assert!(dir.join(&before).is_dir());
    let (store, _) = load_snapshot(&dir).unwrap();
    assert_eq!(store.crls().len(), 3);
    // build refuses a folder that holds a snapshot, update one that does not.
    assert!(install_snapshot(&dir, &good, time(), true).is_err());
    let empty = dir.parent().unwrap().join("empty");
    assert!(install_snapshot(&empty, &good, time(), false).is_err());
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// An LDIF whose master list does not verify fails the whole build, naming the entry.
#[test]
fn a_broken_master_list_inside_the_ldif_names_its_entry() {
    let dir = scratch("ldif-broken-entry");
    let text = std::fs::read_to_string(trust_file("pkd.ldif")).unwrap();
    // Utopia's master list entry, changed in its base64 body (the first line after the
    // attribute name).
    let at = text.find("o=ml,c=UT").unwrap();
    let value = at + text[at..].find("pkdMasterListContent:: ").unwrap() + 40;
    let mut bytes = text.into_bytes();
    bytes[value] = if bytes[value] == b'A' { b'B' } else { b'A' };
    let ldif = dir.join("broken.ldif");
    std::fs::write(&ldif, &bytes).unwrap();
    let e = build_store(&roots(), &[&ldif], time()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("broken.ldif") && msg.contains("o=ml,c=UT"),
        "{msg}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_snapshot_whose_store_does_not_match_its_manifest_is_refused() {
    let dir = ldif_snapshot("ldif-tampered");
    let bin = dir.join(CURRENT).join("store.bin");
    let mut bytes = std::fs::read(&bin).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x80;
    std::fs::write(&bin, &bytes).unwrap();
    let e = load_snapshot(&dir).unwrap_err().to_string();
    assert!(e.contains("does not match the manifest"), "{e}");
    // The same through the loader --trust uses.
    assert!(load_trust_with_roots::<&Path, _>(&[], &[&dir], time()).is_err());
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// The report through `--trust DIR`'s loader: a country without CSCA is missing trust
/// material (not checked, "no CSCA for country"), a revoked DSC names the CRL, an overdue CRL
/// leaves revocation unknown — three different messages for the clerk.
#[test]
fn the_report_tells_missing_trust_from_forgery_and_names_crls() {
    let dir = scratch("report-words");
    let utopia = dir.join("utopia");
    let built = build_store::<PathBuf, _>(
        &[],
        &[testdata_path("csca.der"), testdata_path("crl.der")],
        time(),
    )
    .unwrap();
    install_snapshot(&utopia, &built, time(), true).unwrap();
    let store = load_trust_with_roots::<&Path, _>(&[], &[&utopia], time()).unwrap();
    let mut config = VerifierConfig::default();
    config.set_enabled(RuleId::DocExpired, false);
    let at = CheckTime::from_date(Date::parse_iso("2026-06-01").unwrap());
    let verifier = Verifier::new(store, config.clone());
    let report = |sod: Vec<u8>| {
        let input = DocumentInput::from_files([(FileId::Dg1, read("dg1.bin")), (FileId::Sod, sod)]);
        verifier.verify(&input, at)
    };

    // The real German EF.SOD against a store with Utopia only.
    let r = report(vector("sod/SOD_DE.bin"));
    let chain = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!(chain.status, Status::NotChecked);
    assert!(
        chain
            .message
            .en
            .contains("No CSCA for country DE in the trust store"),
        "{}",
        chain.message.en
    );
    assert!(
        chain.message.de.contains("Keine CSCA für das Land DE"),
        "{}",
        chain.message.de
    );
    assert_ne!(r.verdict, Verdict::Genuine);

    // Utopia's rogue DSC: Utopia is covered, the signature is wrong.
    let r = report(read("forged_unknown_dsc.bin"));
    let chain = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!(chain.status, Status::Failed);
    assert!(
        chain.message.en.contains("signature invalid"),
        "{}",
        chain.message.en
    );
    assert_eq!(r.verdict, Verdict::Failed);

    // The revoked DSC: the CRL named in the message.
    let r = report(read("forged_revoked_dsc.bin"));
    let chain = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!(chain.status, Status::Failed);
    assert!(
        chain.message.en.contains("DS certificate revoked")
            && chain.message.en.contains("CSCA Utopia")
            && chain.message.en.contains("2026-01-01"),
        "{}",
        chain.message.en
    );
    assert!(
        chain.message.de.contains("gesperrt"),
        "{}",
        chain.message.de
    );

    // An overdue CRL: revocation unknown, a warning, and the status lists it.
    let overdue = dir.join("overdue");
    let built = build_store::<PathBuf, _>(
        &[],
        &[testdata_path("csca.der"), testdata_path("crl_expired.der")],
        time(),
    )
    .unwrap();
    install_snapshot(&overdue, &built, time(), true).unwrap();
    let (store, manifest) = load_snapshot(&overdue).unwrap();
    let status = trust_status(&store, Some(&manifest), time(), 90);
    assert_eq!(status.crls_overdue.len(), 1);
    assert_eq!(status.crls_overdue[0].next_update, "2025-12-31T00:00:00Z");
    assert_eq!(status.countries.len(), 1);
    assert_eq!(status.countries[0].country, "UT");
    let r = Verifier::new(store, config).verify(
        &DocumentInput::from_files([
            (FileId::Dg1, read("dg1.bin")),
            (FileId::Sod, read("sod_rsa-pkcs1.bin")),
        ]),
        at,
    );
    let chain = r.check(RuleId::PaDscChain).unwrap();
    assert_eq!(chain.status, Status::Warning);
    assert!(
        chain.message.en.contains("revocation unknown"),
        "{}",
        chain.message.en
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A link certificate revoked by the previous CSCA's CRL fails the chain of a DSC issued
/// under the new key, with the CRL named.
#[test]
fn a_revoked_link_certificate_fails_the_chain() {
    let mut store = TrustStore::new();
    store.add_certificates(&read("csca.der")).unwrap();
    store.add_certificates(&read("csca2_link.der")).unwrap();
    let (dg1, dg2) = (read("dg1.bin"), read("dg2.bin"));
    let dgs = [(1u8, dg1.as_slice()), (2, dg2.as_slice())];
    let sod = read("sod_ecdsa-bp512-explicit.bin");
    assert!(pa(&sod, &dgs, &store, "UTO").genuine());

    store
        .add_crl(&std::fs::read(trust_file("crl_link_revoked.der")).unwrap())
        .unwrap();
    let r = pa(&sod, &dgs, &store, "UTO");
    let c = r.check("csca.revocation").unwrap();
    assert_eq!(c.status, Status::Failed, "{c:?}");
    assert!(
        c.message.contains("link certificate revoked"),
        "{}",
        c.message
    );
    assert_eq!(c.evidence["serial"], "03");
    assert_eq!(r.chain, Status::Failed);
    assert!(!r.genuine());

    let mut config = VerifierConfig::default();
    config.set_enabled(RuleId::DocExpired, false);
    let at = CheckTime::from_date(Date::parse_iso("2026-06-01").unwrap());
    let report = Verifier::new(store, config).verify(
        &DocumentInput::from_files([(FileId::Dg1, dg1.clone()), (FileId::Sod, sod)]),
        at,
    );
    let chain = report.check(RuleId::PaDscChain).unwrap();
    assert_eq!(chain.status, Status::Failed);
    assert!(
        chain.message.en.contains("CSCA link certificate revoked")
            && chain.message.en.contains("2026-02-01"),
        "{}",
        chain.message.en
    );
}

/// The C ABI loads a snapshot and reports its status; a snapshot that no longer matches its
/// manifest is refused with `IDV_ERR_TRUST_DATA`, a missing one with `IDV_ERR_IO`.
#[test]
fn the_c_abi_loads_a_snapshot_and_reports_its_status() {
    use idverify::ffi::*;
    let dir = ldif_snapshot("ldif-c-abi");
    let path = dir.display().to_string();
    unsafe {
        let mut store = std::ptr::null_mut();
        let r = idv_trust_store_load_snapshot(path.as_ptr().cast(), path.len(), &mut store);
        assert_eq!(r, idv_result::IDV_OK);
        let (mut cscas, mut crls) = (0usize, 0usize);
        assert_eq!(
            idv_trust_store_count(store, &mut cscas, &mut crls),
            idv_result::IDV_OK
        );
        assert!(cscas > 600);
        assert_eq!(crls, 2);
        let (mut json, mut len) = (std::ptr::null(), 0usize);
        let r = idv_trust_store_status_json(store, time(), 30, &mut json, &mut len);
        assert_eq!(r, idv_result::IDV_OK);
        let text = std::str::from_utf8(std::slice::from_raw_parts(json.cast::<u8>(), len)).unwrap();
        let status: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(status["counts"]["cscas"], cscas);
        assert_eq!(status["built"], "2026-06-01T00:00:00Z");
        let countries: Vec<&str> = status["countries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["country"].as_str().unwrap())
            .collect();
        for cc in ["DE", "NL", "FR", "US", "UT"] {
            assert!(countries.contains(&cc), "{cc}");
        }
        assert_eq!(status["sources"][3]["kind"], "ldif");
        assert_eq!(status["crls_overdue"].as_array().unwrap().len(), 0);
        assert_eq!(idv_trust_store_free(store), idv_result::IDV_OK);

        let bin = dir.join(CURRENT).join("store.bin");
        let mut bytes = std::fs::read(&bin).unwrap();
        bytes.truncate(bytes.len() - 1);
        std::fs::write(&bin, &bytes).unwrap();
        let mut store = std::ptr::null_mut();
        let r = idv_trust_store_load_snapshot(path.as_ptr().cast(), path.len(), &mut store);
        assert_eq!(r, idv_result::IDV_ERR_TRUST_DATA);
        assert!(store.is_null());
        let missing = dir.join("nothing").display().to_string();
        let r = idv_trust_store_load_snapshot(missing.as_ptr().cast(), missing.len(), &mut store);
        assert_eq!(r, idv_result::IDV_ERR_IO);
    }
    std::fs::remove_dir_all(dir.parent().unwrap()).unwrap();
}

/// A deviation list (ICAO 9303-12) of Utopia, verified through CSCA 1 as a master list is,
/// kept in the snapshot, and named in the report of the documents it lists; one signed by a
/// document signer is refused.
#[test]
fn deviation_lists_verify_like_master_lists_and_name_the_deviation() {
    let dir = scratch("deviation-list");
    let root = [testdata_path("csca.der")];
    let e = build_store(&root, &[trust_file("deviation_list_by_dsc.dvl")], time()).unwrap_err();
    assert!(e.to_string().contains("deviationlist.signer_eku"), "{e}");
    let e =
        build_store::<PathBuf, _>(&[], &[trust_file("deviation_list.dvl")], time()).unwrap_err();
    assert!(matches!(e, InspectError::NoMasterListRoot { .. }), "{e}");

    let built = build_store(
        &root,
        &[testdata_path("csca.der"), trust_file("deviation_list.dvl")],
        time(),
    )
    .unwrap();
    let source = &built.sources[2];
    assert_eq!((source.kind.as_str(), source.added), ("deviation_list", 2));
    let snap = dir.join("trust");
    install_snapshot(&snap, &built, time(), true).unwrap();
    let (store, manifest) = load_snapshot(&snap).unwrap();
    assert_eq!(manifest.counts.deviation_lists, 1);
    let list = &store.deviation_lists()[0];
    assert_eq!(list.country.as_deref(), Some("UT"));
    assert_eq!(list.deviations.len(), 2);

    let mut config = VerifierConfig::default();
    config.set_enabled(RuleId::DocExpired, false);
    let at = CheckTime::from_date(Date::parse_iso("2026-06-01").unwrap());
    let verifier = Verifier::new(store, config);
    let report = |sod: &str| {
        verifier.verify(
            &DocumentInput::from_files([
                (FileId::Dg1, read("dg1.bin")),
                (FileId::Dg2, read("dg2.bin")),
                (FileId::Sod, read(sod)),
            ]),
            at,
        )
    };
    // Listed by issuer and serial number: a wrong DG2 hash, affecting pa.dg_hashes.
    let r = report("sod_rsa-pkcs1.bin");
    let c = r.check(RuleId::PkiKnownDeviations).unwrap();
    assert_eq!(c.status, Status::Warning);
    assert!(
        c.message
            .en
            .contains("data group hash wrong: DG2 (DG2 hash computed over the wrong bytes)"),
        "{}",
        c.message.en
    );
    assert_eq!(c.evidence["affects"], "pa.dg_hashes");
    assert_eq!(c.evidence["listed_by"], "UT");
    // An info check: it never changes the verdict (the test PKI's DG2 is no image, which
    // lds.files_readable reports on its own).
    assert_eq!(c.severity, idverify::verify::Severity::Info);
    assert_eq!(r.failed_ids(), ["lds.files_readable"]);
    // Listed by key identifier, document type and number: the specimen's number matches.
    let r = report("sod_ecdsa-p256-named.bin");
    let c = r.check(RuleId::PkiKnownDeviations).unwrap();
    assert_eq!(c.status, Status::Warning);
    assert!(
        c.message
            .en
            .contains("MRZ check digit wrong: MRZ field document number"),
        "{}",
        c.message.en
    );
    assert_eq!(c.evidence["affects"], "mrz.check_digits");
    // Another signer: nothing listed.
    let c = report("sod_ecdsa-p384-named.bin");
    let c = c.check(RuleId::PkiKnownDeviations).unwrap();
    assert_eq!(c.status, Status::Passed, "{}", c.message.en);
    std::fs::remove_dir_all(&dir).unwrap();
}
