//! Where the integration tests find their files: the project's generated test PKI
//! (`testdata/pki`) and the public vectors (`../shared/vectors` beside the checkout, or
//! `$IDVERIFY_VECTORS`). Included with `#[path]` by the tests that read them; not every one
//! uses every function.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The path of a file of the generated test PKI, `testdata/pki/NAME`.
pub fn testdata_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/pki")
        .join(name)
}

/// A file of the generated test PKI, `testdata/pki/NAME`.
pub fn testdata(name: &str) -> Vec<u8> {
    read(&testdata_path(name))
}

/// A file of the public test vectors, by its path below `vectors/`.
pub fn vector(path: &str) -> Vec<u8> {
    let dir = match std::env::var_os("IDVERIFY_VECTORS") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors"),
    };
    read(&dir.join(path))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
