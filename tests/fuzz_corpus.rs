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
fn sod_corpus() {
    replay("sod", idverify::pki::pa::fuzz_check);
}

#[test]
fn masterlist_corpus() {
    replay("masterlist", idverify::pki::masterlist::fuzz_check);
}
