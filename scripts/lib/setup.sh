# Sourced by the scripts in scripts/: installs what a fresh Debian machine lacks.
# Rust, gcc and Python are assumed; system packages come from apt-get (as root) or the
# script prints the sudo line to run and stops.

# ensure_packages PKG... : installs the Debian packages that are missing.
ensure_packages() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "installing ${missing[*]}" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo apt-get update -qq >&2
        sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    else
        echo "missing system packages; run:" >&2
        echo "  sudo apt-get install -y ${missing[*]}" >&2
        exit 2
    fi
}

# The packages the project's tests and examples use: pcscd and the vpcd reader driver for the
# real PC/SC stack, the PC/SC headers for the pcsc crate, valgrind for the C ABI tests,
# SoftHSM2 as a real PKCS#11 token, libssl-dev for OpenSSL as the benchmarks' reference,
# Mono's C# compiler and runtime for the C# binding's test (bindings/csharp), libsane1 (the
# SANE library the scanner driver loads at run time — nothing links it at build time — and
# SANE's `test` backend the scanner tests scan from), sane-utils for scanimage (to look at
# a device by hand); poppler-utils (pdfinfo, pdftotext, pdfdetach, pdfimages, pdftoppm) and
# the openssl command as independent readers of the verification record and its seal; fonts-ocr-b, the OCR-B font the optical layer's
# templates and synthetic scanner pages are rendered from (tests/optical_templates.rs,
# tests/optical_read.rs).
PROJECT_PACKAGES=(pcscd libpcsclite-dev vsmartcard-vpcd pkg-config valgrind softhsm2 libssl-dev
    mono-mcs mono-runtime libsane1 sane-utils poppler-utils openssl fonts-ocr-b)

# ensure_cargo_tool NAME [CRATE]: installs a cargo subcommand from crates.io when missing.
ensure_cargo_tool() {
    local bin=$1 crate=${2:-$1}
    command -v "$bin" >/dev/null 2>&1 && return 0
    echo "installing $crate" >&2
    cargo install "$crate" --locked --quiet >&2
}

# ensure_cargo_c: installs cargo-c (cargo cbuild / cinstall) when missing. Debian's cargo-c
# (0.9) cannot read edition-2024 manifests, so the one from crates.io, pinned to the newest
# release that builds with the project's Rust (1.95); it takes some minutes the first time.
ensure_cargo_c() {
    command -v cargo-cinstall >/dev/null 2>&1 && return 0
    echo "installing cargo-c 0.10.24" >&2
    cargo install cargo-c --version 0.10.24 --locked --quiet >&2
}
