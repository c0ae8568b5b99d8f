//! `verify replay` end to end: the recorded PACE and BAC sessions of the shared vectors replay
//! with exit 0; a transcript with one response byte changed does not.

use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::verify_binary;

fn transcripts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/transcripts")
}

#[test]
fn pace_and_bac_transcripts_replay() {
    for name in [
        "icao_9303_11_appG1_pace_gm_ecdh.json",
        "nz_pace_gm_ecdh_3des.json",
        "de_pace_cam_ecdh_read_cardsecurity.json",
        "icao_9303_11_appD_bac_read_efcom.json",
    ] {
        let out = Command::new(verify_binary())
            .arg("replay")
            .arg(transcripts().join(name))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(stdout.contains("every command matched"), "{stdout}");
    }
}

#[test]
fn a_changed_response_fails_the_replay() {
    let text =
        std::fs::read_to_string(transcripts().join("de_pace_cam_ecdh_read_cardsecurity.json"))
            .unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    // Flip a byte of the last READ BINARY's protected response: its MAC no longer verifies.
    let last = json["exchanges"].as_array().unwrap().len() - 1;
    let resp = json["exchanges"][last]["response"]
        .as_str()
        .unwrap()
        .to_string();
    let flipped = format!(
        "{}{}",
        if &resp[6..7] == "0" { "1" } else { "0" },
        &resp[7..]
    );
    json["exchanges"][last]["response"] = format!("{}{}", &resp[..6], flipped).into();
    let dir = std::env::temp_dir().join(format!("replay-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("changed.json");
    std::fs::write(&file, json.to_string()).unwrap();
    let out = Command::new(verify_binary())
        .arg("replay")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}
