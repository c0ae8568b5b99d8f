//! `--config FILE` and `verify config` of the example verifier: the effective configuration
//! printed in full, a blocked-documents list that turns a dumped specimen's report to failed
//! with `doc.blocked` (and the report's configuration digest that of the file), and a bad
//! file refused with its JSON path before anything is verified.
#![cfg(feature = "emulator")]

use idverify::verify::{RuleId, VerifierConfig, config_sha256, config_to_json};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::verify_binary;

fn verify(args: &[&str]) -> Output {
    Command::new(verify_binary()).args(args).output().unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("idverify-cli-config-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn config_print_shows_the_effective_configuration_and_refuses_a_bad_one() {
    let o = verify(&["config", "--print"]);
    assert_eq!(o.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed, config_to_json(&VerifierConfig::default()));
    assert_eq!(
        printed["rules"].as_object().unwrap().len(),
        RuleId::ALL.len()
    );

    let desk = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/config/desk.json");
    let o = verify(&["config", "--config", desk, "--print"]);
    assert_eq!(o.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed["optical"]["pitch_mm"]["min"], 2.4);
    assert_eq!(printed["rules"]["optical.uv_dull"]["severity"], "error");
    assert_eq!(printed["thresholds"]["min_age_years"], 0);

    let dir = temp_dir("bad");
    let bad = write(
        &dir,
        "bad.json",
        r#"{"optical": {"pitch_mm": {"min": 2.9, "max": 2.78}}}"#,
    );
    let o = verify(&["config", "--config", &bad]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.trim(),
        format!("config: --config {bad}: optical.pitch_mm: minimum 2.9 above maximum 2.78")
    );
    let o = verify(&["config", "--config", &format!("{bad}.missing")]);
    assert_eq!(o.status.code(), Some(2));
    // The demo refuses it too, before reading anything.
    let o = verify(&["--config", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("optical.pitch_mm: minimum 2.9"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_with_a_blocked_list_fails_doc_blocked() {
    let dir = temp_dir("report");
    let (specimen, files) = idverify::emulator::demo::specimen_passport();
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    for (file, bytes) in &files {
        std::fs::write(dump.join(format!("{}.bin", file.name())), bytes).unwrap();
    }
    let pki = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/pki/csca.der");
    let mrz = specimen.dg1.mrz_text();
    let report = |extra: &[&str]| {
        let mut args = vec![
            "report",
            dump.to_str().unwrap(),
            "--trust",
            pki,
            "--at",
            "2026-11-22",
            "--mrz",
            &mrz,
            "--json",
        ];
        args.extend_from_slice(extra);
        let o = verify(&args);
        let v: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stderr)));
        (o.status.code(), v)
    };
    // Files alone authenticate no chip: incomplete, doc.blocked not checked (no list).
    let (code, plain) = report(&[]);
    assert_eq!(code, Some(3));
    let blocked_status = |v: &Value| {
        v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "doc.blocked")
            .map(|c| c["status"].clone())
    };
    assert_eq!(blocked_status(&plain), Some("not_checked".into()));
    assert_eq!(
        plain["configuration"]["sha256"],
        config_sha256(&VerifierConfig::default())
    );

    let number = plain["document"]["document_number"].as_str().unwrap();
    let json = format!(
        r#"{{"version": 1, "blocked_documents": [{{"issuer": "UTO", "number": "{number}"}}]}}"#
    );
    let file = write(&dir, "blocked.json", &json);
    let (code, v) = report(&["--config", &file]);
    assert_eq!(code, Some(1));
    assert_eq!(v["verdict"], "failed");
    assert_eq!(blocked_status(&v), Some("failed".into()));
    let o = verify(&["config", "--config", &file]);
    let said = String::from_utf8_lossy(&o.stdout);
    let digest = v["configuration"]["sha256"].as_str().unwrap();
    assert_eq!(said.trim(), format!("configuration valid, sha256 {digest}"));
    std::fs::remove_dir_all(&dir).unwrap();
}
