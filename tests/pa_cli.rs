//! The `verify pa` subcommand's exit codes: 0 genuine, 1 a check failed, 2 unreadable input.
//! Runs the example binary that `cargo test` builds next to this test.

use std::path::Path;
use std::process::Command;

mod support;
use support::verify_binary;

fn td(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pki")
        .join(name)
        .display()
        .to_string()
}

fn pa(args: &[&str]) -> (i32, String) {
    let out = Command::new(verify_binary())
        .arg("pa")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn exit_codes() {
    let sod = td("sod_ecdsa-bp320-explicit.bin");
    let dg1 = format!("1={}", td("dg1.bin"));
    let dg1_bad = format!("1={}", td("dg1_changed.bin"));
    // The SOD signs DG1 and DG2: passive authentication passes only with both.
    let dg2 = format!("2={}", td("dg2.bin"));
    let csca = td("csca.der");
    let link = td("csca2_link.der");
    let crl = td("crl.der");
    let base = [
        "--sod",
        &sod,
        "--csca",
        &csca,
        "--csca",
        &link,
        "--crl",
        &crl,
        "--at",
        "2026-06-01",
        "--dg",
        &dg2,
    ];

    let (code, out) = pa(&[&base[..], &["--dg", &dg1, "--issuer", "UTO"]].concat());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("GENUINE"));

    let (code, out) = pa(&[&base[..], &["--dg", &dg1, "--json"]].concat());
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["sod_signature"], "passed");

    let (code, _) = pa(&[&base[..], &["--dg", &dg1_bad]].concat());
    assert_eq!(code, 1);
    let (code, _) = pa(&[
        "--sod",
        &td("forged_unknown_dsc.bin"),
        "--csca",
        &csca,
        "--at",
        "2026-06-01",
    ]);
    assert_eq!(code, 1);
    // The master list instead of single CSCAs, its signer checked against CSCA 1.
    let (code, out) = pa(&[
        "--sod",
        &sod,
        "--masterlist",
        &td("masterlist.ml"),
        "--ml-root",
        &csca,
        "--at",
        "2026-06-01",
        "--dg",
        &dg1,
        "--dg",
        &dg2,
    ]);
    assert_eq!(code, 0, "{out}");
    // EF.SOD alone proves no document: DG1 and DG2 not given.
    let (code, out) = pa(&[&base[..8], &["--at", "2026-06-01"]].concat());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("DG1 not read"), "{out}");

    // Unreadable input: missing file, bad date, bad --dg, truncated SOD, untrusted list.
    assert_eq!(pa(&["--sod", "/nonexistent", "--at", "2026-06-01"]).0, 2);
    assert_eq!(pa(&["--sod", &sod, "--at", "2026-13-01"]).0, 2);
    assert_eq!(pa(&["--sod", &sod, "--dg", "x", "--at", "2026-06-01"]).0, 2);
    assert_eq!(
        pa(&["--sod", &td("forged_truncated.bin"), "--at", "2026-06-01"]).0,
        2
    );
    assert_eq!(
        pa(&[
            "--sod",
            &sod,
            "--masterlist",
            &td("masterlist.ml"),
            "--at",
            "2026-06-01"
        ])
        .0,
        2
    );
}
