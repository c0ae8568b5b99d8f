//! The example verifier's `mrz` subcommand as a desk integrator runs it: the MRZ as an
//! argument, from a file or from standard input; human or JSON output; exit codes 0/1/2.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

mod support;

/// The example binary, which `cargo test` builds beside the test executables.
fn verify() -> Command {
    Command::new(support::verify_binary())
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = verify();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn json_for_a_valid_mrz_exits_0() {
    let o = run(&["mrz", "--json", "--date", "2026-11-22", TD3], None);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["layout"], "TD3");
    assert_eq!(v["checks"].as_array().unwrap().len(), 5);
    assert_eq!(v["names"]["primary"], "ERIKSSON");
}

#[test]
fn a_failed_check_exits_1_and_says_where() {
    let bad = TD3.replace("1204159", "1204158");
    let o = run(&["mrz", "--date", "2026-11-22", &bad], None);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("FAILED date of expiry   line 2 col 28  expected 9 found 8"),
        "{out}"
    );
    let o = run(&["mrz", "--json", "--date", "2026-11-22", &bad], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["checks"][2]["passed"], false);
    assert_eq!(v["checks"][2]["column"], 28);
}

#[test]
fn stdin_and_file() {
    let o = run(&["mrz", "--date", "2026-11-22", "-"], Some(TD3));
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("result: every check passed (5 of 5)"));
    let path = std::env::temp_dir().join(format!("idverify-mrz-{}.txt", std::process::id()));
    std::fs::write(&path, TD3).unwrap();
    let o = run(
        &[
            "mrz",
            "--date",
            "2026-11-22",
            "--file",
            path.to_str().unwrap(),
        ],
        None,
    );
    std::fs::remove_file(&path).unwrap();
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unreadable_input_exits_2() {
    let o = run(&["mrz", "-"], Some("not an mrz"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("2 or 3 lines"));
    let o = run(&["mrz", "--json", "P<UTO\nL898"], None);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("line 1 has 5 characters")
    );
    assert_eq!(
        run(&["mrz", "--file", "/nonexistent/mrz.txt"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["mrz", "--date", "22.11.2026", TD3], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn ocr_mode_lists_corrections() {
    let misread = TD3.replace("7408122", "74O8122");
    assert_eq!(
        run(&["mrz", "--date", "2026-11-22", &misread], None)
            .status
            .code(),
        Some(1)
    );
    let o = run(&["mrz", "--ocr", "--date", "2026-11-22", &misread], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("line 2 col 16: O -> 0"));
}

#[test]
#[cfg(not(feature = "emulator"))]
fn no_subcommand_checks_the_built_in_specimen() {
    let o = run(&[], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("L898902C36UTO7408122F1204159ZE184226B<<<<<10"));
    assert!(out.contains("result: every check passed (5 of 5)"));
}
