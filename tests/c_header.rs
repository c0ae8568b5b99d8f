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

/// The library's soname major (Cargo.toml `[package.metadata.capi.library] version`, which
/// cargo-c turns into libidverify.so.MAJOR) is the C ABI version the header and
/// `idv_abi_version()` state: an ABI change raises both.
#[test]
fn the_soname_major_is_the_abi_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let section = manifest
        .split("[package.metadata.capi.library]")
        .nth(1)
        .expect("a [package.metadata.capi.library] section");
    let version = section
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("its version");
    let major: u32 = version.split('.').next().unwrap().parse().unwrap();
    assert_eq!(major, idverify::ffi::IDV_ABI_VERSION);
    assert_eq!(major, idverify::ffi::idv_abi_version());
    let header = std::fs::read_to_string(root.join("include/idverify.h")).unwrap();
    assert!(header.contains(&format!("#define IDV_ABI_VERSION {major}\n")));
}
