//! A private pcscd for tests: starts `pcscd --foreground` with the vpcd driver, waits until
//! it serves, stops it by PID on drop. One at a time per machine (vpcd's ports are fixed).
//!
//! pcsc-lite 1.9 fixes its socket at `/run/pcscd/pcscd.comm` in the daemon (only clients
//! honour `PCSCLITE_CSOCK_NAME`), so tests cannot run beside another pcscd: the harness
//! refuses to start when one runs that it did not start, and serializes all tests on the
//! machine with a lock file, across threads and processes alike.

use crate::config::VpcdConfig;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The directory pcscd 1.9 keeps its socket and PID file in.
pub const PCSCD_RUN_DIR: &str = "/run/pcscd";

/// The command that installs what the harness needs on Debian or Ubuntu.
pub const INSTALL_HINT: &str = "sudo apt-get install -y pcscd vsmartcard-vpcd libpcsclite-dev \
                                pkg-config (or run scripts/lib/setup.sh)";

/// How long pcscd may take to start serving (an upper bound for a loaded machine; the wait
/// ends as soon as the daemon says it is ready).
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// What pcscd (pcsc-lite 1.8 and later, `--info`) logs once all readers are added.
const READY: &str = "daemon ready";
/// How long pcscd may take to exit after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(3);

/// Why the harness could not provide a pcscd.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// pcscd or the vpcd driver is not installed.
    #[error("{0} is not installed; install it with: {INSTALL_HINT}")]
    Missing(String),
    /// Another pcscd is running that the harness did not start.
    #[error(
        "a pcscd not started by the test harness is running (pid {0}); stop it (kill {0}) to \
         run the PC/SC tests"
    )]
    ForeignPcscd(u32),
    /// pcscd did not come up.
    #[error("pcscd did not start: {0}")]
    NotStarted(String),
    /// A file or process operation failed.
    #[error("test harness I/O: {0}")]
    Io(#[from] std::io::Error),
}

/// A running private pcscd with the vpcd reader; stopped (by PID) when dropped.
pub struct Pcscd {
    child: Child,
    // Whether `child` still runs (after `stop_daemon` its PID may belong to another process).
    running: bool,
    // Where the current daemon's part of the log begins.
    log_start: usize,
    binary: PathBuf,
    config: VpcdConfig,
    log: PathBuf,
    owner_file: PathBuf,
    // Held for the daemon's lifetime: serializes every user of vpcd's fixed ports.
    _lock: File,
}

impl Pcscd {
    /// Starts pcscd, waiting first for any other test on the machine that holds it.
    ///
    /// Fails loudly (with the install line) when pcscd or the vpcd driver is missing.
    pub fn start() -> Result<Self, HarnessError> {
        let binary = pcscd_binary().ok_or_else(|| HarnessError::Missing("pcscd".into()))?;
        let config = VpcdConfig::installed().ok_or_else(|| {
            HarnessError::Missing("the vpcd reader driver (/etc/reader.conf.d entry)".into())
        })?;
        if !Path::new(&config.library).exists() {
            return Err(HarnessError::Missing(format!(
                "the vpcd reader driver ({})",
                config.library
            )));
        }
        let tmp = std::env::temp_dir();
        let lock = File::create(tmp.join("idverify-pcscd.lock"))?;
        lock.lock()?;
        let owner_file = tmp.join("idverify-pcscd.owner");
        stop_leftover(&owner_file)?;

        let log = tmp.join(format!("idverify-pcscd-{}.log", std::process::id()));
        File::create(&log)?;
        let child = spawn(&binary, &log)?;
        std::fs::write(&owner_file, child.id().to_string())?;
        let mut pcscd = Pcscd {
            child,
            running: true,
            log_start: 0,
            binary,
            config,
            log,
            owner_file,
            _lock: lock,
        };
        pcscd.wait_ready()?;
        Ok(pcscd)
    }

    /// Stops the daemon (as a crash or an administrator would) but keeps the machine-wide
    /// lock until this value is dropped: cards this test still serves cannot wander into the
    /// daemon of the next test, which would see a card it never inserted.
    pub fn stop_daemon(&mut self) {
        if self.running {
            terminate(&mut self.child);
            self.running = false;
        }
    }

    /// Stops the daemon and starts a new one, holding the lock throughout.
    pub fn restart(&mut self) -> Result<(), HarnessError> {
        self.stop_daemon();
        // The old daemon is gone: its leftover files would stop the new one.
        stop_leftover(&self.owner_file)?;
        self.log_start = self.log().len();
        self.child = spawn(&self.binary, &self.log)?;
        self.running = true;
        std::fs::write(&self.owner_file, self.child.id().to_string())?;
        self.wait_ready()
    }

    /// The vpcd configuration this pcscd loaded.
    pub fn config(&self) -> &VpcdConfig {
        &self.config
    }

    /// The PC/SC name of vpcd slot `slot`'s reader.
    pub fn reader_name(&self, slot: u8) -> String {
        self.config.reader_name(slot)
    }

    /// The address a virtual card for slot `slot` connects to.
    pub fn card_addr(&self, slot: u8) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.config.slot_port(slot)))
    }

    /// The daemon's process ID.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The daemon's log so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The log the current daemon wrote (a restarted one appends to the same file).
    fn log_since_spawn(&self) -> String {
        let log = self.log();
        log.get(self.log_start..).unwrap_or_default().to_string()
    }

    fn wait_ready(&mut self) -> Result<(), HarnessError> {
        let socket = Path::new(PCSCD_RUN_DIR).join("pcscd.comm");
        let port = self.config.port;
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                return Err(HarnessError::NotStarted(format!(
                    "exited with {status}; log:\n{}",
                    self.log()
                )));
            }
            // pcscd creates its socket before it loads the readers; it logs "daemon ready"
            // once every reader of reader.conf is added, so a client then lists them all.
            if socket.exists() && tcp_listening(port) && self.log_since_spawn().contains(READY) {
                return Ok(());
            }
            if start.elapsed() > START_TIMEOUT {
                return Err(HarnessError::NotStarted(format!(
                    "not serving after {START_TIMEOUT:?}; log:\n{}",
                    self.log()
                )));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Pcscd {
    fn drop(&mut self) {
        self.stop_daemon();
        let _ = std::fs::remove_file(&self.owner_file);
        let _ = std::fs::remove_file(&self.log);
    }
}

/// Starts `pcscd --foreground --info`, its output appended to `log`.
fn spawn(binary: &Path, log: &Path) -> Result<Child, HarnessError> {
    let out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)?;
    let err = out.try_clone()?;
    Ok(Command::new(binary)
        .arg("--foreground")
        .arg("--info")
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()?)
}

/// Sends SIGTERM (so pcscd removes its socket), then SIGKILL if it does not exit in time.
fn terminate(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let start = Instant::now();
    while start.elapsed() < STOP_TIMEOUT {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Handles a pcscd that is already running: one the harness started in a test process that
/// died is stopped by its PID; any other is an error. Leftover socket and PID files of a
/// dead daemon are removed (pcscd itself refuses to start while the PID still exists, and
/// an orphan's zombie may never be reaped).
fn stop_leftover(owner_file: &Path) -> Result<(), HarnessError> {
    let run_dir = Path::new(PCSCD_RUN_DIR);
    // pcscd writes the PID with a newline and a NUL byte.
    let Some(pid) = std::fs::read_to_string(run_dir.join("pcscd.pid"))
        .ok()
        .and_then(|t| {
            t.trim_matches(|c: char| c.is_whitespace() || c == '\0')
                .parse::<u32>()
                .ok()
        })
    else {
        return Ok(());
    };
    if is_live_pcscd(pid) {
        let ours = std::fs::read_to_string(owner_file)
            .ok()
            .and_then(|t| t.trim().parse::<u32>().ok());
        if ours != Some(pid) {
            return Err(HarnessError::ForeignPcscd(pid));
        }
        for signal in ["-TERM", "-KILL"] {
            let _ = Command::new("kill")
                .args([signal, &pid.to_string()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()?;
            let start = Instant::now();
            while is_live_pcscd(pid) && start.elapsed() < STOP_TIMEOUT {
                std::thread::sleep(Duration::from_millis(20));
            }
            if !is_live_pcscd(pid) {
                break;
            }
        }
        if is_live_pcscd(pid) {
            return Err(HarnessError::NotStarted(format!(
                "a leftover pcscd (pid {pid}) does not stop"
            )));
        }
    }
    for file in ["pcscd.pid", "pcscd.comm"] {
        match std::fs::remove_file(run_dir.join(file)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}

/// Whether `pid` is a running (not zombie) process named pcscd, from /proc/PID/status.
fn is_live_pcscd(pid: u32) -> bool {
    let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
        return false;
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or("")
            .to_owned()
    };
    field("Name:") == "pcscd" && !field("State:").starts_with('Z')
}

fn pcscd_binary() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("IDVERIFY_PCSCD") {
        return Some(PathBuf::from(path));
    }
    let mut candidates = vec![
        PathBuf::from("/usr/sbin/pcscd"),
        PathBuf::from("/usr/local/sbin/pcscd"),
    ];
    if let Some(path) = std::env::var_os("PATH") {
        candidates.extend(std::env::split_paths(&path).map(|d| d.join("pcscd")));
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Whether something listens on TCP `port` (from /proc/net/tcp and tcp6; state 0A = LISTEN).
fn tcp_listening(port: u16) -> bool {
    let wanted = format!(":{port:04X}");
    ["/proc/net/tcp", "/proc/net/tcp6"].iter().any(|table| {
        std::fs::read_to_string(table).is_ok_and(|text| {
            text.lines().skip(1).any(|line| {
                let mut fields = line.split_whitespace();
                let local = fields.nth(1).unwrap_or("");
                let state = fields.nth(1).unwrap_or("");
                local.ends_with(&wanted) && state == "0A"
            })
        })
    })
}
