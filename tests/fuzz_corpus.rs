//! Replays every committed fuzz corpus through the same checks the fuzz targets run, so a
//! crash found once stays fixed under `cargo test`.

use std::path::Path;

fn replay(target: &str, check: impl Fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        check(&std::fs::read(&path).unwrap());
        n += 1;
    }
    assert!(n > 0, "corpus {target} is empty");
}

#[test]
fn tlv_corpus() {
    replay("tlv", idverify::tlv::fuzz_check);
}

#[test]
fn lds_corpus() {
    replay("lds", idverify::lds::fuzz_check);
}

#[test]
fn optical_corpus() {
    replay("optical", idverify::optical::fuzz_check);
}

#[test]
fn mrz_corpus() {
    replay("mrz", idverify::mrz::fuzz_check);
}

#[test]
fn sm_unwrap_corpus() {
    replay(
        "sm_unwrap",
        idverify::chip::transport::sm::fuzz_check_unwrap,
    );
}

#[test]
fn apdu_response_corpus() {
    replay("apdu_response", idverify::chip::fuzz_check_apdu);
}

#[test]
fn pcsc_atr_corpus() {
    replay("pcsc_atr", idverify_pcsc::atr::fuzz_check);
}

#[test]
fn vpcd_frames_corpus() {
    replay("vpcd_frames", idverify_vpcd::fuzz_check);
}

#[test]
fn sod_corpus() {
    replay("sod", idverify::pki::pa::fuzz_check);
}

#[test]
fn masterlist_corpus() {
    replay("masterlist", idverify::pki::masterlist::fuzz_check);
}

#[cfg(feature = "emulator")]
#[test]
fn aa_signature_corpus() {
    replay("aa_signature", idverify::crypto::iso9796_2::fuzz_check);
}

#[test]
fn cvc_corpus() {
    replay("cvc", idverify::pki::cvc::fuzz_check);
}

#[test]
fn pace_corpus() {
    replay("pace", idverify::chip::access::pace::fuzz_check);
}

#[test]
fn face_corpus() {
    replay("face", idverify::lds::fuzz_check_face);
}

#[cfg(feature = "emulator")]
#[test]
fn crl_corpus() {
    replay("crl", idverify::pki::fuzz::crl);
}

#[cfg(feature = "emulator")]
#[test]
fn trust_load_corpus() {
    replay("trust_load", idverify::pki::fuzz::trust_load);
}

#[cfg(feature = "emulator")]
#[test]
fn chain_corpus() {
    replay("chain", idverify::pki::fuzz::chain);
}

#[cfg(feature = "emulator")]
#[test]
fn certificate_corpus() {
    replay("certificate", idverify::pki::fuzz::certificate);
}

#[cfg(feature = "emulator")]
#[test]
fn chip_auth_corpus() {
    replay("chip_auth", idverify::chip::fuzz_check_auth);
}

#[cfg(feature = "emulator")]
#[test]
fn read_loop_corpus() {
    replay("read_loop", idverify::inspect::fuzz_check);
}

#[cfg(feature = "emulator")]
#[test]
fn cvc_chain_corpus() {
    replay("cvc_chain", idverify::pki::cvc::fuzz_check_chain);
}

#[test]
fn terminal_credentials_corpus() {
    replay("terminal_credentials", idverify::terminal::load::fuzz_check);
}

#[cfg(feature = "emulator")]
#[test]
fn verifier_corpus() {
    replay("verifier", idverify::verify::fuzz_check);
}

#[test]
fn replay_corpus() {
    replay("replay", idverify::chip::transport::replay::fuzz_check);
}

#[test]
fn capture_manifest_corpus() {
    replay("capture_manifest", idverify::capture::fuzz_check);
}

#[test]
fn verifier_config_corpus() {
    replay("verifier_config", idverify::verify::config_fuzz_check);
}

#[test]
fn serial_framing_corpus() {
    replay("serial_framing", idverify_serial::fuzz_check);
}

#[cfg(feature = "emulator")]
#[test]
fn record_seal_corpus() {
    replay("record_seal", idverify::record::fuzz::fuzz_check);
}

#[cfg(feature = "emulator")]
#[test]
fn ldif_corpus() {
    replay("ldif", idverify::pki::fuzz::ldif);
}

#[test]
fn trust_snapshot_corpus() {
    replay("trust_snapshot", idverify::pki::snapshot::fuzz_check);
}

#[test]
fn deviation_list_corpus() {
    replay("deviation_list", idverify::pki::deviation::fuzz_check);
}
