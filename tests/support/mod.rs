//! What the integration tests that run the example verifier share: where `cargo test` built
//! it (target/<profile>/examples/verify, beside the test executables' deps/ folder), and the
//! private SANE configuration the scanner tests scan through.

use std::path::{Path, PathBuf};

/// The example verifier binary; fails the test with a hint when it is not built.
pub fn verify_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test executable's path");
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("target/<profile>/deps/<test>");
    let binary = profile_dir
        .join("examples")
        .join(format!("verify{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "{} is missing: build it with `cargo build --all-features --example verify` \
         (a plain `cargo test --all-features` does)",
        binary.display()
    );
    binary
}

/// Writes a SANE configuration into `dir` (created if missing) that names only the `test`
/// backend: two devices, 8-bit gray, 80 × 100 mm, the grid picture. A process reads it at
/// `sane_init` when `SANE_CONFIG_DIR` points at `dir`.
#[allow(dead_code)] // not every test that includes this module scans
pub fn write_sane_test_config(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("dll.conf"), "test\n").unwrap();
    std::fs::write(
        dir.join("test.conf"),
        "number_of_devices 2\nmode Gray\ndepth 8\nresolution 50.0\ntest-picture \"Grid\"\n\
         br_x 80.0\nbr_y 100.0\n",
    )
    .unwrap();
}
