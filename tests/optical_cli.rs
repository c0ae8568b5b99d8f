//! `verify mrz --image FILE` as a desk integrator runs it: the real specimen scan read and
//! checked (exit 0, JSON with lines, layout, uncertain and per-character data), a scan
//! without an MRZ ("no MRZ found", exit 2) and a file that is no image (exit 2).

use std::process::{Command, Output};

mod support;

const IMAGES: &str = "../shared/vectors/mrz-images";

fn run(args: &[&str]) -> Output {
    Command::new(support::verify_binary())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_scanned_specimen_reads_and_checks_with_exit_0() {
    let image = format!("{IMAGES}/passport-td2.png");
    let o = run(&["mrz", "--image", &image, "--json", "--date", "2026-12-06"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["certain"], true);
    assert_eq!(v["source"], "image");
    assert_eq!(v["layout"], "TD2");
    assert_eq!(v["lines"][0], "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<");
    assert_eq!(v["lines"][1], "D231458907UTO7408122F1204159<<<<<<<6");
    assert_eq!(v["uncertain"].as_array().unwrap().len(), 0);
    let first = &v["optical"]["chars"][0][0];
    assert_eq!(first["char"], "I");
    assert_eq!(first["box"]["corners"].as_array().unwrap().len(), 4);
    assert!(first["confidence"].as_f64().unwrap() > 0.5);

    let human = run(&["mrz", "--image", &image, "--date", "2026-12-06"]);
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(text.contains("image: MRZ TD2 read"), "{text}");
    assert!(text.contains("result: every check passed"), "{text}");
}

#[test]
fn a_scan_without_an_mrz_says_so_with_exit_2() {
    let o = run(&["mrz", "--image", &format!("{IMAGES}/pacman.png")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no MRZ found"));
    let json = run(&["mrz", "--json", "--image", &format!("{IMAGES}/pacman.png")]);
    assert_eq!(json.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["error"], "no MRZ found");
}

#[test]
fn a_file_that_is_no_image_is_refused_with_exit_2() {
    let o = run(&["mrz", "--image", &format!("{IMAGES}/README.md")]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("image does not decode"));
}
