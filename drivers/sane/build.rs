//! Links Debian's libsane (package libsane-dev provides libsane.so).
fn main() {
    println!("cargo:rustc-link-lib=dylib=sane");
}
