//! include/idverify.h is what cbindgen generates from src/ffi with cbindgen.toml: this test
//! regenerates it in memory and fails on any difference (`IDVERIFY_BLESS=1` rewrites it).

use std::path::Path;

#[test]
fn the_committed_header_matches_the_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).unwrap();
    let header = cbindgen::Builder::new()
        .with_config(config)
        .with_src(root.join("src/ffi/mod.rs"))
        .generate()
        .unwrap();
    let mut generated = Vec::new();
    header.write(&mut generated);
    let path = root.join("include/idverify.h");
    if std::env::var_os("IDVERIFY_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/idverify.h differs from what src/ffi generates; regenerate it with\n    \
         IDVERIFY_BLESS=1 cargo test --test c_header\nand commit it"
    );
}
