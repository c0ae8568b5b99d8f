//! A private SoftHSM2 for tests: its own configuration and token directory under the temp
//! dir, tokens and keys set up with `softhsm2-util`, everything removed on drop.
//!
//! SoftHSM2 reads `SOFTHSM2_CONF` once, at C_Initialize, and a module is initialized once
//! per process; a test process cannot switch token directories (nor set the variable
//! without `unsafe`). [`run_isolated`] therefore runs the test body in a child process of the
//! same test binary with the variable set, and reports the child's outcome.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where Debian, Ubuntu and source builds put the SoftHSM2 module.
pub const MODULE_PATHS: [&str; 3] = [
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
];

/// The command that installs what the harness needs on Debian or Ubuntu.
pub const INSTALL_HINT: &str = "sudo apt-get install -y softhsm2 (or run scripts/lib/setup.sh)";

/// Set in the child process [`run_isolated`] starts: the SoftHSM directory it works in.
const CHILD_DIR_VAR: &str = "IDVERIFY_SOFTHSM_DIR";

/// Why the harness could not provide a SoftHSM2 (`Debug` prints the message, so a test's
/// `unwrap` shows the child's output readably).
#[derive(thiserror::Error)]
pub enum HarnessError {
    /// SoftHSM2 (the module or `softhsm2-util`) is not installed.
    #[error("{0} is not installed; install it with: {INSTALL_HINT}")]
    Missing(String),
    /// A `softhsm2-util` call failed.
    #[error("softhsm2-util {args} failed: {output}")]
    Util {
        /// The arguments (PINs included: test PINs only).
        args: String,
        /// What it printed.
        output: String,
    },
    /// The isolated child test failed or ran no test.
    #[error("the isolated SoftHSM2 test {name} failed:\n{output}")]
    Child {
        /// The test's name.
        name: String,
        /// The child's output.
        output: String,
    },
    /// A file or process operation failed.
    #[error("test harness I/O: {0}")]
    Io(#[from] std::io::Error),
}

impl std::fmt::Debug for HarnessError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// A private SoftHSM2 configuration and token directory.
#[derive(Debug)]
pub struct SoftHsm {
    dir: PathBuf,
    module: PathBuf,
    owned: bool,
}

impl SoftHsm {
    /// The installed SoftHSM2 module (`$IDVERIFY_SOFTHSM_MODULE` overrides the search).
    pub fn module_path() -> Result<PathBuf, HarnessError> {
        let wanted: Vec<PathBuf> = match std::env::var_os("IDVERIFY_SOFTHSM_MODULE") {
            Some(path) => vec![path.into()],
            None => MODULE_PATHS.iter().map(PathBuf::from).collect(),
        };
        wanted
            .into_iter()
            .find(|p| p.is_file())
            .ok_or_else(|| HarnessError::Missing("the SoftHSM2 module (libsofthsm2.so)".into()))
    }

    /// Creates an empty configuration and token directory (removed on drop).
    pub fn create() -> Result<Self, HarnessError> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let module = Self::module_path()?;
        let util_runs = Command::new("softhsm2-util").arg("--version").output();
        if !util_runs.is_ok_and(|o| o.status.success()) {
            return Err(HarnessError::Missing("softhsm2-util".into()));
        }
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("idverify-softhsm-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("tokens"))?;
        let hsm = SoftHsm {
            dir,
            module,
            owned: true,
        };
        std::fs::write(
            hsm.conf(),
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n\
                 slots.removable = false\n",
                hsm.dir.join("tokens").display()
            ),
        )?;
        Ok(hsm)
    }

    /// The SoftHSM2 of the child process [`run_isolated`] started, if this is that child.
    fn attached() -> Option<Result<Self, HarnessError>> {
        let dir = PathBuf::from(std::env::var_os(CHILD_DIR_VAR)?);
        Some(Self::module_path().map(|module| SoftHsm {
            dir,
            module,
            owned: false,
        }))
    }

    /// The configuration file (`SOFTHSM2_CONF`).
    pub fn conf(&self) -> PathBuf {
        self.dir.join("softhsm2.conf")
    }

    /// The module to load.
    pub fn module(&self) -> &Path {
        &self.module
    }

    /// The directory holding the configuration and tokens.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn util(&self, args: &[&str]) -> Result<(), HarnessError> {
        let out = Command::new("softhsm2-util")
            .args(args)
            .env("SOFTHSM2_CONF", self.conf())
            .output()?;
        if out.status.success() {
            return Ok(());
        }
        Err(HarnessError::Util {
            args: args.join(" "),
            output: format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        })
    }

    /// Initializes a token in the next free slot.
    pub fn init_token(
        &self,
        label: &str,
        so_pin: &str,
        user_pin: &str,
    ) -> Result<(), HarnessError> {
        self.util(&[
            "--init-token",
            "--free",
            "--label",
            label,
            "--so-pin",
            so_pin,
            "--pin",
            user_pin,
        ])
    }

    /// Imports a key pair from an unencrypted PKCS#8 PEM file into token `token`, as objects
    /// labelled `label` with CKA_ID `id`.
    pub fn import_key(
        &self,
        token: &str,
        user_pin: &str,
        pem: &Path,
        label: &str,
        id: &[u8],
    ) -> Result<(), HarnessError> {
        let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let path = pem.display().to_string();
        self.util(&[
            "--import", &path, "--token", token, "--label", label, "--id", &id, "--pin", user_pin,
        ])
    }
}

impl Drop for SoftHsm {
    fn drop(&mut self) {
        if self.owned {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Runs `body` with a fresh private SoftHSM2 whose configuration the PKCS#11 module will
/// read. Call it as the whole of a `#[test]` named `test_name` (its path as `cargo test`
/// prints it): the first call re-runs that test in a child process with `SOFTHSM2_CONF`
/// set, where the second call runs `body`. Fails when SoftHSM2 is missing, when the child
/// fails, and when the child ran no test of that name.
pub fn run_isolated(test_name: &str, body: impl FnOnce(&SoftHsm)) -> Result<(), HarnessError> {
    if let Some(hsm) = SoftHsm::attached() {
        body(&hsm?);
        return Ok(());
    }
    let hsm = SoftHsm::create()?;
    let out = Command::new(std::env::current_exe()?)
        .args([test_name, "--exact", "--nocapture", "--test-threads=1"])
        .env("SOFTHSM2_CONF", hsm.conf())
        .env(CHILD_DIR_VAR, hsm.dir())
        .output()?;
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() && output.contains("test result: ok. 1 passed") {
        return Ok(());
    }
    Err(HarnessError::Child {
        name: test_name.to_owned(),
        output,
    })
}
