//! Attacks that must not read GENUINE, in one place: each row is an attack a desk could meet,
//! in the test's own terms, tried through the library (`Verifier`, the `inspect` pipeline on
//! the software chip), the CLI (`verify report`) and the C ABI (`idv_verify_document`).
#![cfg(feature = "emulator")]

use idverify::chip::FileId;
use idverify::chip::access::pace::AccessKey;
use idverify::emulator::demo::{specimen_passport, specimen_passport_chip};
use idverify::emulator::{SeededRng, test_pki};
use idverify::ffi::*;
use idverify::inspect::{InspectOptions, inspect};
use idverify::lds::Com;
use idverify::mrz::check_digit;
use idverify::pki::TrustStore;
use idverify::verify::{
    CheckTime, DocumentInput, FaceExport, Lang, Report, RuleId, Status, Verdict, Verifier,
    VerifierConfig, render,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::verify_binary;
#[path = "support/files.rs"]
mod files;
use files::{testdata, vector};

/// 2026-01-01T00:00:00Z, when the German vectors' certificates are valid.
const JAN_2026: i64 = 1_767_225_600;
/// 2026-11-22T00:00:00Z, when the test PKI's certificates are valid.
const NOV_2026: i64 = 1_795_305_600;

/// A printed TD3 MRZ of a German passport with correct check digits, made up for the attack.
fn german_mrz() -> String {
    let number = "C01X00T47";
    let (birth, expiry) = ("830812", "310228");
    let line1 = format!("{:<<44}", "P<D<<MUSTERMANN<<ERIKA");
    let d = |s: &str| check_digit(s).unwrap();
    let mut line2 = format!(
        "{number}{}D<<{birth}{}F{expiry}{}{}{}",
        d(number),
        d(birth),
        d(expiry),
        "<".repeat(14),
        d(&"<".repeat(14)),
    );
    let composite = format!("{}{}{}", &line2[0..10], &line2[13..20], &line2[21..43]);
    line2.push(d(&composite));
    format!("{line1}\n{line2}")
}

/// Every surface's answer to one attack.
struct Answers {
    library: Report,
    cli_exit: Option<i32>,
    cli_text: String,
    cabi_verdict: idv_verdict,
    cabi_json: serde_json::Value,
}

/// Verifies `files` (and `mrz`) with `trust` (a DER certificate) at `time` through the
/// library, the CLI (`verify report` on a dump folder) and the C ABI (`idv_verify_document`).
fn answers(
    files: &BTreeMap<FileId, Vec<u8>>,
    mrz: Option<&str>,
    trust: &[u8],
    time: i64,
) -> Answers {
    answers_with(files, mrz, &[trust.to_vec()], time)
}

/// [`answers`] with several trust files (certificates, CRLs), loaded in the order given.
fn answers_with(
    files: &BTreeMap<FileId, Vec<u8>>,
    mrz: Option<&str>,
    trust: &[Vec<u8>],
    time: i64,
) -> Answers {
    let mut store = TrustStore::new();
    for t in trust {
        store.add_trust_bytes(t, time).unwrap();
    }
    let mut input = DocumentInput::from_files(files.clone());
    input.optical_mrz = mrz.map(str::to_string);
    // The face is exported, as the C ABI does by default: decoding it is part of the attack
    // surface.
    let config = VerifierConfig {
        face: FaceExport::JpegOrPng,
        ..VerifierConfig::default()
    };
    let library = Verifier::new(store, config).verify(&input, CheckTime::from_unix(time));

    let dir = scratch_dir();
    for (file, bytes) in files {
        std::fs::write(dir.join(format!("{}.bin", file.name())), bytes).unwrap();
    }
    let date = CheckTime::from_unix(time).iso();
    let mut cmd = Command::new(verify_binary());
    cmd.args(["report", "--face", "--lang", "en", "--at", &date[..10]]);
    for (i, t) in trust.iter().enumerate() {
        let path = dir.join(format!("trust{i}.der"));
        std::fs::write(&path, t).unwrap();
        cmd.arg("--trust").arg(path);
    }
    cmd.arg(&dir);
    if let Some(m) = mrz {
        cmd.args(["--mrz", m]);
    }
    let out = cmd.output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);

    let (cabi_verdict, cabi_json) = unsafe { cabi(files, mrz, trust, time) };
    Answers {
        library,
        cli_exit: out.status.code(),
        cli_text: String::from_utf8_lossy(&out.stdout).into_owned(),
        cabi_verdict,
        cabi_json,
    }
}

fn scratch_dir() -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "idverify-attack-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The value `idv_document_add_file` takes for `file`.
fn idv_file_value(file: FileId) -> u32 {
    match file {
        FileId::CardAccess => 1,
        FileId::CardSecurity => 2,
        FileId::Com => 3,
        FileId::Sod => 4,
        other => 100 + u32::from(other.data_group_number().unwrap()),
    }
}

unsafe fn cabi(
    files: &BTreeMap<FileId, Vec<u8>>,
    mrz: Option<&str>,
    trust: &[Vec<u8>],
    time: i64,
) -> (idv_verdict, serde_json::Value) {
    unsafe {
        let ok = idv_result::IDV_OK;
        let mut store = std::ptr::null_mut();
        assert_eq!(idv_trust_store_new(&mut store), ok);
        for t in trust {
            assert_eq!(
                idv_trust_store_add_bytes(store, t.as_ptr(), t.len(), time),
                ok
            );
        }
        let mut verifier = std::ptr::null_mut();
        assert_eq!(idv_verifier_new(store, &mut verifier), ok);
        let mut doc = std::ptr::null_mut();
        assert_eq!(idv_document_new(&mut doc), ok);
        for (file, bytes) in files {
            let v = idv_file_value(*file);
            assert_eq!(
                idv_document_add_file(doc, v, bytes.as_ptr(), bytes.len()),
                ok
            );
        }
        if let Some(m) = mrz {
            assert_eq!(
                idv_document_set_optical_mrz(doc, m.as_ptr().cast(), m.len()),
                ok
            );
        }
        let mut report = std::ptr::null_mut();
        assert_eq!(idv_verify_document(verifier, doc, time, &mut report), ok);
        let mut verdict = idv_verdict::IDV_VERDICT_GENUINE;
        assert_eq!(idv_report_verdict(report, &mut verdict), ok);
        let (mut json, mut len) = (std::ptr::null(), 0usize);
        assert_eq!(idv_report_json(report, &mut json, &mut len), ok);
        let text = std::slice::from_raw_parts(json.cast::<u8>(), len);
        let value: serde_json::Value = serde_json::from_slice(text).unwrap();
        idv_report_free(report);
        idv_document_free(doc);
        idv_verifier_free(verifier);
        idv_trust_store_free(store);
        (verdict, value)
    }
}

fn status(r: &Report, id: RuleId) -> Status {
    r.check(id).unwrap().status
}

/// No surface answered GENUINE, and the library, the CLI and the C ABI agree on `verdict`.
fn assert_all(a: &Answers, verdict: Verdict) {
    assert_eq!(
        a.library.verdict,
        verdict,
        "{}",
        render(&a.library, Lang::En)
    );
    let (exit, cabi) = match verdict {
        Verdict::Genuine => unreachable!("an attack row expects a verdict other than genuine"),
        Verdict::Failed | Verdict::Suspicious => (1, verdict),
        Verdict::Incomplete => (3, verdict),
    };
    assert_eq!(a.cli_exit, Some(exit), "{}", a.cli_text);
    assert_ne!(a.cabi_verdict, idv_verdict::IDV_VERDICT_GENUINE);
    let json_verdict = serde_json::to_value(cabi).unwrap();
    assert_eq!(a.cabi_json["verdict"], json_verdict);
}

/// Hole 1: the real German passport's EF.SOD copied into an otherwise empty dump, trusted
/// through the German CSCA, with any printed German MRZ. Nothing proves the MRZ belongs to
/// that EF.SOD: DG1 was never read.
#[test]
fn a_copied_ef_sod_with_a_printed_mrz_is_not_genuine() {
    let files = BTreeMap::from([(FileId::Sod, vector("sod/SOD_DE.bin"))]);
    let mrz = german_mrz();
    let a = answers(&files, Some(&mrz), &vector("sod/CSCA_DE.der"), JAN_2026);
    assert_all(&a, Verdict::Incomplete);
    let r = &a.library;
    // The signature and chain are real; the data groups are not there.
    assert_eq!(status(r, RuleId::PaSodSignature), Status::Passed);
    assert_eq!(status(r, RuleId::PaDscChain), Status::Passed);
    assert_eq!(status(r, RuleId::PaDgHashes), Status::NotChecked);
    let unmet: Vec<RuleId> = r.unmet_requirements.iter().map(|u| u.check).collect();
    assert!(unmet.contains(&RuleId::PaDgHashes), "{unmet:?}");
    assert!(unmet.contains(&RuleId::MrzOpticalEqualsDg1), "{unmet:?}");
    // The German SOD lists DG14: the chip was never authenticated either.
    assert_eq!(
        status(r, RuleId::ChipChipAuthentication),
        Status::NotChecked
    );
    assert!(
        r.check(RuleId::ChipChipAuthentication)
            .unwrap()
            .message
            .en
            .starts_with("chip not authenticated"),
    );
    assert!(
        a.cli_text.contains("Genuine requires pa.dg_hashes"),
        "{}",
        a.cli_text
    );
    assert!(a.cli_text.contains("DG1 not read"), "{}", a.cli_text);
    let json_unmet = a.cabi_json["unmet_requirements"].as_array().unwrap();
    assert!(json_unmet.iter().any(|u| u["check"] == "pa.dg_hashes"));
}

/// Hole 1, the same without a printed MRZ: EF.SOD alone is not a document.
#[test]
fn a_copied_ef_sod_alone_is_not_genuine() {
    let files = BTreeMap::from([(FileId::Sod, vector("sod/SOD_DE.bin"))]);
    let a = answers(&files, None, &vector("sod/CSCA_DE.der"), JAN_2026);
    assert_all(&a, Verdict::Incomplete);
}

/// The specimen passport's files with EF.COM listing `groups` only.
fn files_with_com(groups: &[u8]) -> BTreeMap<FileId, Vec<u8>> {
    let (_, mut files) = specimen_passport();
    let mut com = Com::parse(&files[&FileId::Com]).unwrap();
    com.tags = groups
        .iter()
        .filter_map(|n| FileId::data_group(*n).and_then(FileId::lds_tag))
        .map(u32::from)
        .collect();
    files.insert(FileId::Com, com.encode());
    files
}

/// Reads the specimen passport's chip, serving `files` (cloned: other private keys).
fn read_live(files: &BTreeMap<FileId, Vec<u8>>, cloned: bool) -> Report {
    let (specimen, _) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let date = CheckTime::from_unix(NOV_2026).date().unwrap();
    let info = idverify::mrz::parse(&mrz, date)
        .unwrap()
        .mrz_information()
        .unwrap();
    let chip = specimen_passport_chip(files, info.as_bytes(), cloned, [0x5D; 32]);
    let options =
        InspectOptions::new(AccessKey::Mrz(info.as_bytes().to_vec())).with_optical_mrz(mrz);
    let verifier = Verifier::new(test_pki::trust_store(), VerifierConfig::default());
    inspect(
        &verifier,
        chip,
        &options,
        CheckTime::from_unix(NOV_2026),
        &mut SeededRng::new([2; 32]),
        &mut |_| true,
    )
    .unwrap()
}

/// Hole 1 live: a chip whose EF.COM lists no data group and which serves only a copied
/// EF.SOD. The reader follows EF.SOD's list, finds no DG1, and the document is incomplete.
#[test]
fn a_live_chip_with_only_a_copied_ef_sod_is_not_genuine() {
    let (_, genuine) = specimen_passport();
    let mut files = files_with_com(&[]);
    files.retain(|f, _| matches!(f, FileId::Com | FileId::Sod));
    let r = read_live(&files, false);
    assert_ne!(r.verdict, Verdict::Genuine, "{}", render(&r, Lang::En));
    assert_eq!(status(&r, RuleId::PaDgHashes), Status::NotChecked);
    // EF.SOD lists more than EF.COM: reported.
    assert_eq!(status(&r, RuleId::LdsComMatchesSod), Status::Failed);
    assert!(genuine.contains_key(&FileId::Dg1));
}

/// Hole 2: a cloned chip (wrong CA and AA keys) whose EF.COM leaves out DG14 and DG15. The
/// reader reads what EF.SOD lists, runs CA and AA, and the clone fails.
#[test]
fn a_clone_cannot_hide_dg14_and_dg15_behind_ef_com() {
    let files = files_with_com(&[1, 2, 5, 7, 11, 12, 13, 16]);
    let r = read_live(&files, true);
    assert_eq!(r.verdict, Verdict::Failed, "{}", render(&r, Lang::En));
    assert_eq!(status(&r, RuleId::ChipChipAuthentication), Status::Failed);
    assert_eq!(status(&r, RuleId::ChipActiveAuthentication), Status::Failed);
    assert_eq!(status(&r, RuleId::LdsComMatchesSod), Status::Failed);
    let ev = &r.check(RuleId::LdsComMatchesSod).unwrap().evidence;
    assert!(ev["only_in_ef_sod"].contains("DG14") && ev["only_in_ef_sod"].contains("DG15"));
    // The genuine chip with the same EF.COM still reads genuine: the read follows EF.SOD.
    let r = read_live(&files, false);
    assert_eq!(r.verdict, Verdict::Genuine, "{}", render(&r, Lang::En));
}

/// Hole 2 from files alone: the clone's dump (no chip protocol ran) cannot be genuine when
/// EF.SOD lists DG14 and DG15; it says the chip was not authenticated.
#[test]
fn files_alone_do_not_authenticate_the_chip() {
    let (specimen, files) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let a = answers(&files, Some(&mrz), test_pki::CSCA, NOV_2026);
    assert_all(&a, Verdict::Incomplete);
    let r = &a.library;
    assert_eq!(status(r, RuleId::PaDgHashes), Status::Passed);
    for id in [
        RuleId::ChipChipAuthentication,
        RuleId::ChipActiveAuthentication,
    ] {
        assert!(
            r.check(id)
                .unwrap()
                .message
                .en
                .starts_with("chip not authenticated"),
            "{id}"
        );
        assert!(r.unmet_requirements.iter().any(|u| u.check == id), "{id}");
    }
    assert!(
        a.cli_text.contains("chip not authenticated"),
        "{}",
        a.cli_text
    );
    // A reader that established both outcomes itself may say so.
    let mut input = DocumentInput::from_files(files).with_optical_mrz(&mrz);
    let passed = || idverify::verify::ProtocolOutcome::Passed {
        detail: "the desk's own reader".into(),
    };
    input.chip_authentication = Some(passed());
    input.active_authentication = Some(passed());
    let r = Verifier::new(test_pki::trust_store(), VerifierConfig::default())
        .verify(&input, CheckTime::from_unix(NOV_2026));
    assert_eq!(r.verdict, Verdict::Genuine, "{}", render(&r, Lang::En));
    assert!(r.unmet_requirements.is_empty());
}

/// An unsigned DG11 (EF.SOD signs every data group but DG11) with another date of birth:
/// its data is shown as unsigned, never replaces DG1's date of birth, and the two dates are
/// compared.
#[test]
fn an_unsigned_dg11_feeds_no_rule() {
    let (specimen, files) = specimen_passport();
    let mut dgs: BTreeMap<FileId, Vec<u8>> = files
        .into_iter()
        .filter(|(f, _)| *f != FileId::Sod)
        .collect();
    let mut dg11 = specimen.dg11.clone();
    dg11.full_date_of_birth = Some(idverify::lds::PartialDate::ascii("19990101"));
    let signed: Vec<(u8, Vec<u8>)> = dgs
        .iter()
        .filter_map(|(f, b)| Some((f.data_group_number()?, b.clone())))
        .filter(|(n, _)| *n != 11)
        .collect();
    let refs: Vec<(u8, &[u8])> = signed.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    dgs.insert(FileId::Sod, test_pki::sign_sod(&refs));
    dgs.insert(FileId::Dg11, dg11.encode());
    let mrz = specimen.dg1.mrz_text();
    let a = answers(&dgs, Some(&mrz), test_pki::CSCA, NOV_2026);
    assert_all(&a, Verdict::Failed);
    let r = &a.library;
    assert_eq!(status(r, RuleId::PaDgHashes), Status::Warning);
    assert_eq!(
        status(r, RuleId::PersonDg11BirthDateEqualsDg1),
        Status::Failed
    );
    let doc = r.document.as_ref().unwrap();
    assert_eq!(doc.date_of_birth.as_deref(), Some("1974-08-12"));
    assert_eq!(doc.unsigned, vec!["DG11".to_string()]);
    assert!(
        a.cli_text.contains("DG11 (data not proven by EF.SOD)"),
        "{}",
        a.cli_text
    );
}

/// Hole 3: a 3 KB JPEG 2000 face announcing 8192×8192 pixels in 1×1 tiles, in a DG2 that
/// EF.SOD signs. Decoding it used to ask for ~6 GiB and abort the desk application before
/// any signature was checked; now every surface answers, without the face and with the
/// reason, and the face changes nothing about the verdict.
#[test]
fn a_face_image_bomb_is_refused_on_every_surface() {
    use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
    use idverify::lds::{EncodedImage, FaceRecord};
    let mut s = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    s.dg12.date_of_issue = Some(idverify::lds::PartialDate::ascii("20250115"));
    if let FaceRecord::Iso19794 { faces, .. } = &mut s.dg2.templates[0].record {
        faces[0].image = EncodedImage::new(vector("hostile/j2k_8192x8192_tiles1x1.j2k"));
    }
    let files = test_pki::with_signed_sod(s.chip_files());
    let mrz = s.dg1.mrz_text();
    let a = answers(&files, Some(&mrz), test_pki::CSCA, NOV_2026);
    // Files alone: incomplete for want of chip authentication, never for the face.
    assert_all(&a, Verdict::Incomplete);
    assert_eq!(status(&a.library, RuleId::PaDgHashes), Status::Passed);
    let doc = a.library.document.as_ref().unwrap();
    assert!(doc.face.is_none());
    assert!(
        doc.face_error
            .as_deref()
            .is_some_and(|e| e.contains("refused")),
        "{:?}",
        doc.face_error
    );
    assert!(a.cabi_json["document"]["face"].is_null());
    assert!(a.cabi_json["document"]["face_error"].is_string());
}

/// 2026-06-01T00:00:00Z, when the test PKI's CRLs are current.
const JUN_2026: i64 = 1_780_272_000;

/// Hole 4: a master list signed by a document signer of a trusted State (the test PKI's: its
/// generator's seeds are public) that adds a fake German CSCA, under which a fully forged
/// German EF.SOD was signed. Configured with a real master-list root, every surface refuses
/// the list, and the forged document does not chain.
#[test]
fn a_master_list_signed_by_a_document_signer_adds_no_trust_anchor() {
    let (csca, ml) = (testdata("csca.der"), testdata("masterlist_by_dsc.ml"));
    // The library: the list is refused, so the forged document has no chain.
    let mut store = TrustStore::new();
    store.add_trust_bytes(&csca, JUN_2026).unwrap();
    store.add_master_list_roots(&csca).unwrap();
    let refused = store.add_trust_bytes(&ml, JUN_2026).unwrap_err();
    assert!(
        refused.to_string().contains("masterlist.signer_eku"),
        "{refused}"
    );
    let input = DocumentInput::from_files([
        (FileId::Dg1, testdata("dg1.bin")),
        (FileId::Dg2, testdata("dg2.bin")),
        (FileId::Sod, testdata("forged_fake_csca_de.bin")),
    ]);
    let r = Verifier::new(store, VerifierConfig::default())
        .verify(&input, CheckTime::from_unix(JUN_2026));
    assert_ne!(r.verdict, Verdict::Genuine);
    // The store holds no German CSCA: the chain cannot be checked ("no CSCA for country DE in
    // the trust store"), which keeps the document from genuine without calling it forged.
    assert_eq!(status(&r, RuleId::PaDscChain), Status::NotChecked);

    // The CLI: the list is an error naming the file, not a silent trust anchor.
    let dir = scratch_dir();
    for (name, bytes) in [("csca.der", &csca), ("ml.ml", &ml)] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    for (file, bytes) in &input.files {
        std::fs::write(dir.join(format!("{}.bin", file.name())), bytes).unwrap();
    }
    let out = Command::new(verify_binary())
        .args(["report", "--at", "2026-06-01", "--ml-root"])
        .arg(dir.join("csca.der"))
        .arg("--trust")
        .arg(dir.join("csca.der"))
        .arg("--trust")
        .arg(dir.join("ml.ml"))
        .arg(&dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("ml.ml"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);

    // The C ABI: the root is configured, the list refused with a code.
    unsafe {
        let mut store = std::ptr::null_mut();
        assert_eq!(idv_trust_store_new(&mut store), idv_result::IDV_OK);
        let root = idv_trust_store_add_master_list_root(store, csca.as_ptr(), csca.len());
        assert_eq!(root, idv_result::IDV_OK);
        let r = idv_trust_store_add_bytes(store, ml.as_ptr(), ml.len(), JUN_2026);
        assert_ne!(r, idv_result::IDV_OK);
        let (mut cscas, mut crls) = (0usize, 0usize);
        let counted = idv_trust_store_count(store, &mut cscas, &mut crls);
        assert_eq!(counted, idv_result::IDV_OK);
        assert_eq!(cscas, 0, "no CSCA came in through the list");
        idv_trust_store_free(store);
    }
}

/// Hole 5: two current CRLs of the same CSCA, the older (listing nothing) before the newer
/// (revoking the document signer). In either order, on every surface, `pa.dsc_chain` fails.
#[test]
fn an_older_crl_does_not_hide_a_newer_revocation() {
    let files = BTreeMap::from([
        (FileId::Dg1, testdata("dg1.bin")),
        (FileId::Dg2, testdata("dg2.bin")),
        (FileId::Sod, testdata("forged_revoked_dsc.bin")),
    ]);
    let csca = testdata("csca.der");
    for crls in [["crl_older.der", "crl.der"], ["crl.der", "crl_older.der"]] {
        let mut trust: Vec<Vec<u8>> = vec![csca.clone()];
        trust.extend(crls.iter().map(|c| testdata(c)));
        let a = answers_with(&files, None, &trust, JUN_2026);
        // (The ICAO specimen DG1 expired in 2012: failed in any case; the chain is the point.)
        assert_all(&a, Verdict::Failed);
        assert_eq!(
            status(&a.library, RuleId::PaDscChain),
            Status::Failed,
            "{crls:?}"
        );
        assert!(
            a.cli_text.contains("FAILED      pa.dsc_chain"),
            "{}",
            a.cli_text
        );
        let chain = a.cabi_json["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "pa.dsc_chain")
            .unwrap();
        assert_eq!(chain["status"], "failed", "{crls:?}");
    }
}

#[test]
fn the_german_mrz_of_these_rows_is_well_formed() {
    let m = idverify::mrz::parse(
        &german_mrz(),
        CheckTime::from_unix(JAN_2026).date().unwrap(),
    )
    .unwrap();
    assert!(m.failed_checks().next().is_none() && m.problems.is_empty());
    assert!(Path::new(&verify_binary()).is_file());
}
