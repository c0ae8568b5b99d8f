//! `verify trust build|update|status` and `verify pa --trust DIR` through the example binary:
//! a snapshot built from the test LDIF, its status as JSON, an update with a broken master
//! list that exits 2 naming the file and leaves the snapshot in use, and a real EF.SOD whose
//! chain passes from the snapshot.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::verify_binary;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn vectors() -> PathBuf {
    match std::env::var_os("IDVERIFY_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => root().join("../shared/vectors"),
    }
}

fn verify(args: &[&str]) -> Output {
    Command::new(verify_binary()).args(args).output().unwrap()
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

#[test]
fn build_status_update_and_pa_from_a_snapshot() {
    let scratch = std::env::temp_dir().join(format!("idverify-trust-cli-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let dir = path(&scratch.join("trust"));
    let ml = vectors().join("masterlists");
    let roots = [
        "--ml-root".to_string(),
        path(&ml.join("DE_ROOT_CA_CSCA07.cer")),
        "--ml-root".into(),
        path(&ml.join("NL_ROOT_CA.cer")),
        "--ml-root".into(),
        path(&root().join("testdata/pki/csca.der")),
    ];
    let ldif = path(&root().join("testdata/trust/pkd.ldif"));
    let with = |cmd: &str, extra: &[String]| {
        let mut args: Vec<String> = vec!["trust".into(), cmd.into(), "--out".into(), dir.clone()];
        args.extend(roots.iter().cloned());
        args.extend(["--at".into(), "2026-06-01".into()]);
        args.extend(extra.iter().cloned());
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        verify(&refs)
    };

    let out = with("build", std::slice::from_ref(&ldif));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("pkd.ldif (ldif)") && stdout.contains("in use"),
        "{stdout}"
    );

    let out = verify(&[
        "trust",
        "status",
        &dir,
        "--json",
        "--at",
        "2026-06-01",
        "--days",
        "60",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["counts"]["crls"], 2);
    assert_eq!(status["counts"]["document_signers"], 3);
    // The Czech CSCA of the German list ends on 2026-06-25, within 60 days.
    assert!(
        status["expiring"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["country"] == "CZ")
    );
    let text = verify(&["trust", "status", &dir, "--at", "2026-06-01"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("countries covered by a CSCA"));

    // An update with a broken German master list: exit 2, the file named, nothing switched.
    let mut bytes = std::fs::read(ml.join("DE_ML_2026-05-28-08-28-45.ml")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let broken = scratch.join("DE_broken.ml");
    std::fs::write(&broken, &bytes).unwrap();
    let before = std::fs::read_link(scratch.join("trust/current")).unwrap();
    let out = with("update", &[ldif.clone(), path(&broken)]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("DE_broken.ml") && stderr.contains("the snapshot in use is unchanged"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_link(scratch.join("trust/current")).unwrap(),
        before
    );

    // verify pa --trust DIR: the real Dutch-listed French EF.SOD chains from the snapshot.
    let sod = path(&vectors().join("sod/SOD_FR.bin"));
    let out = verify(&[
        "pa",
        "--sod",
        &sod,
        "--trust",
        &dir,
        "--at",
        "2026-06-01",
        "--issuer",
        "FRA",
        "--json",
    ]);
    let result: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(result["chain"], "passed", "{result}");
    assert_eq!(result["sod_signature"], "passed");
    std::fs::remove_dir_all(&scratch).unwrap();
}
