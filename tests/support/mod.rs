//! What the integration tests that run the example verifier share: where `cargo test` built
//! it (target/<profile>/examples/verify, beside the test executables' deps/ folder).

use std::path::PathBuf;

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
