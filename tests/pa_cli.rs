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

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(verify_binary()).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Master lists on the command line load only through `--ml-root`: a `--csca` (or a `--trust`
/// certificate) never vouches for one, and a signer without the master-list signer key usage
/// or of another country is refused, each with an error naming the file.
#[test]
fn master_lists_need_an_ml_root_and_a_proper_signer() {
    let sod = td("sod_ecdsa-bp512-explicit.bin");
    let csca = td("csca.der");
    let ml = td("masterlist.ml");
    let (code, _, err) = run(&[
        "pa",
        "--sod",
        &sod,
        "--csca",
        &csca,
        "--masterlist",
        &ml,
        "--at",
        "2026-06-01",
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains("masterlist.ml") && err.contains("--ml-root"),
        "{err}"
    );
    for (list, why) in [
        ("masterlist_by_dsc.ml", "signer_eku"),
        ("masterlist_wrong_country.ml", "signer_country"),
    ] {
        let (code, _, err) = run(&[
            "pa",
            "--sod",
            &sod,
            "--masterlist",
            &td(list),
            "--ml-root",
            &csca,
            "--at",
            "2026-06-01",
        ]);
        assert_eq!(code, 2, "{list}");
        assert!(err.contains(list) && err.contains(why), "{err}");
    }

    // `report --trust` the same way (an empty dump: the trust store is loaded first).
    let dir = std::env::temp_dir().join(format!("idverify-ml-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("DG1.bin"), std::fs::read(td("dg1.bin")).unwrap()).unwrap();
    let d = dir.to_str().unwrap();
    let (code, _, err) = run(&["report", d, "--trust", &ml, "--at", "2026-06-01"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("masterlist.ml") && err.contains("--ml-root"),
        "{err}"
    );
    let (code, out, err) = run(&[
        "report",
        d,
        "--ml-root",
        &csca,
        "--trust",
        &ml,
        "--at",
        "2026-06-01",
        "--json",
    ]);
    // Loaded (a report is printed); the document itself (DG1 only) does not pass.
    assert!(matches!(code, 1 | 3), "{out}{err}");
    assert!(out.contains("\"verdict\""), "{out}");
    std::fs::remove_dir_all(&dir).unwrap();
}
