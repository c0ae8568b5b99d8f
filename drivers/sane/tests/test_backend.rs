//! The driver against SANE's real `test` backend (Debian libsane1), configured through a
//! private SANE_CONFIG_DIR whose dll.conf names only `test`.
//!
//! SANE is one session per process and reads its configuration at `sane_init`, so this
//! harness runs each case in a child process of its own (this binary with `--case NAME`),
//! with the configuration in its environment and a time limit: a case that hangs fails.

use idverify_sane::{
    CancelToken, Constraint, OptionValue, PixelFormat, Sane, SaneError, ScanLimits, Status, Unit,
};
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// The test backend's configuration: two devices, 8-bit gray, 80 × 100 mm.
const TEST_CONF: &str = "number_of_devices 2\nmode Gray\ndepth 8\nresolution 50.0\n\
test-picture \"Grid\"\ntl_x 0.0\ntl_y 0.0\nbr_x 80.0\nbr_y 100.0\n";

/// How long one case may take before it counts as hung.
const CASE_LIMIT: Duration = Duration::from_secs(60);

type Case = fn() -> Result<(), String>;

const CASES: &[(&str, Case)] = &[
    ("devices_are_listed", devices_are_listed),
    ("options_are_read", options_are_read),
    ("options_are_set_and_refused", options_are_set_and_refused),
    ("gray_page_has_size_and_dpi", gray_page_has_size_and_dpi),
    ("colour_page_in_small_reads", colour_page_in_small_reads),
    ("cancelled_scan_is_reported", cancelled_scan_is_reported),
    ("slow_scan_times_out", slow_scan_times_out),
    ("device_io_error_mid_scan", device_io_error_mid_scan),
    ("jammed_feeder_is_reported", jammed_feeder_is_reported),
    ("empty_feeder_is_reported", empty_feeder_is_reported),
    (
        "unknown_device_and_second_session",
        unknown_device_and_second_session,
    ),
    ("device_outlives_its_session", device_outlives_its_session),
    ("missing_library_is_reported", missing_library_is_reported),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(pos) = args.iter().position(|a| a == "--case") {
        let name = args.get(pos + 1).cloned().unwrap_or_default();
        let Some((_, case)) = CASES.iter().find(|(n, _)| *n == name) else {
            eprintln!("no case {name}");
            return ExitCode::FAILURE;
        };
        return match case() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{name}: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.iter().any(|a| a == "--list") {
        for (name, _) in CASES {
            println!("{name}: test");
        }
        return ExitCode::SUCCESS;
    }
    let filter: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let config = config_dir();
    let mut failed = 0;
    for (name, _) in CASES {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let started = Instant::now();
        let outcome = run_case(name, &config);
        let took = started.elapsed();
        match outcome {
            Ok(()) => println!("test {name} ... ok ({took:.2?})"),
            Err(e) => {
                failed += 1;
                println!("test {name} ... FAILED ({took:.2?})\n{e}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&config);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        println!("{failed} case(s) failed");
        ExitCode::FAILURE
    }
}

/// A fresh SANE configuration folder naming only the test backend.
fn config_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idverify-sane-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("config folder");
    std::fs::write(dir.join("dll.conf"), "test\n").expect("dll.conf");
    std::fs::write(dir.join("test.conf"), TEST_CONF).expect("test.conf");
    dir
}

/// Runs one case in a child process, killing it after [`CASE_LIMIT`].
fn run_case(name: &str, config: &std::path::Path) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["--case", name])
        .env("SANE_CONFIG_DIR", config)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let output = child.wait_with_output().map_err(|e| e.to_string())?;
            return if status.success() {
                Ok(())
            } else {
                Err(format!(
                    "{}{}",
                    String::from_utf8_lossy(&output.stdout),
                    String::from_utf8_lossy(&output.stderr)
                ))
            };
        }
        if started.elapsed() > CASE_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("hung: killed after {CASE_LIMIT:?}"));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn ensure(condition: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if condition { Ok(()) } else { Err(what()) }
}

fn text(s: &str) -> OptionValue {
    OptionValue::Text(s.to_string())
}

fn devices_are_listed() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let devices = sane.devices().map_err(|e| e.to_string())?;
    let names: Vec<&str> = devices.iter().map(|d| d.name.as_str()).collect();
    ensure(names == ["test:0", "test:1"], || {
        format!("devices {names:?}")
    })?;
    ensure(
        devices[0].vendor == "Noname" && devices[0].kind == "virtual device",
        || format!("{:?}", devices[0]),
    )
}

fn options_are_read() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let device = sane.open("test:0").map_err(|e| e.to_string())?;
    let options = device.options().map_err(|e| e.to_string())?;
    let find = |name: &str| options.iter().find(|o| o.name == name).cloned();
    let resolution = find("resolution").ok_or("no resolution option")?;
    ensure(resolution.unit == Unit::Dpi && resolution.settable, || {
        format!("{resolution:?}")
    })?;
    ensure(
        matches!(resolution.constraint, Constraint::Range { min, max, .. } if min == 1.0 && max == 1200.0),
        || format!("{:?}", resolution.constraint),
    )?;
    let mode = find("mode").ok_or("no mode option")?;
    ensure(
        mode.constraint == Constraint::Strings(vec!["Gray".into(), "Color".into()]),
        || format!("{:?}", mode.constraint),
    )?;
    let source = find("source").ok_or("no source option")?;
    ensure(
        matches!(&source.constraint, Constraint::Strings(s) if s.iter().any(|s| s == "Flatbed")),
        || format!("{:?}", source.constraint),
    )?;
    // The values test.conf set.
    ensure(device.resolution() == Ok(Some(50.0)), || {
        format!("{:?}", device.resolution())
    })?;
    ensure(device.get("mode") == Ok(text("Gray")), || {
        format!("{:?}", device.get("mode"))
    })?;
    ensure(device.get("source") == Ok(text("Flatbed")), || {
        format!("{:?}", device.get("source"))
    })
}

fn options_are_set_and_refused() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let device = sane.open("test:1").map_err(|e| e.to_string())?;
    device
        .set_from_text("resolution", "300")
        .map_err(|e| e.to_string())?;
    ensure(device.resolution() == Ok(Some(300.0)), || {
        format!("{:?}", device.resolution())
    })?;
    device
        .set("mode", &text("Color"))
        .map_err(|e| e.to_string())?;
    ensure(device.get("mode") == Ok(text("Color")), || {
        format!("{:?}", device.get("mode"))
    })?;
    let refused = device.set("mode", &text("Infrared"));
    ensure(matches!(refused, Err(SaneError::BadValue { .. })), || {
        format!("{refused:?}")
    })?;
    let wrong_type = device.set_from_text("resolution", "high");
    ensure(
        matches!(wrong_type, Err(SaneError::BadValue { .. })),
        || format!("{wrong_type:?}"),
    )?;
    let missing = device.get("no-such-option");
    ensure(
        missing == Err(SaneError::NoOption("no-such-option".into())),
        || format!("{missing:?}"),
    )?;
    // read-limit-size is inactive until read-limit is on.
    let inactive = device.set_from_text("read-limit-size", "100");
    ensure(
        matches!(inactive, Err(SaneError::OptionNotSettable(_))),
        || format!("{inactive:?}"),
    )
}

/// The page's pixel size from the scan area and resolution, as the backend computes it.
fn expected_pixels(mm: f64, dpi: f64) -> u32 {
    (mm / 25.4 * dpi) as u32
}

fn gray_page_has_size_and_dpi() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.open("test:0").map_err(|e| e.to_string())?;
    device
        .set_from_text("resolution", "100")
        .map_err(|e| e.to_string())?;
    let page = device
        .scan_page(&ScanLimits::default(), &CancelToken::new())
        .map_err(|e| e.to_string())?;
    ensure(
        page.dpi == Some(100.0) && page.format == PixelFormat::Gray8,
        || format!("dpi {:?} format {:?}", page.dpi, page.format),
    )?;
    let (w, h) = (expected_pixels(80.0, 100.0), expected_pixels(100.0, 100.0));
    ensure(page.width == w && page.height == h, || {
        format!("{}×{} px, expected {w}×{h}", page.width, page.height)
    })?;
    ensure(page.pixels.len() == (w * h) as usize, || {
        format!("{} bytes", page.pixels.len())
    })?;
    // The grid picture: black and white squares of 10 mm.
    let black = page.pixels.iter().filter(|&&p| p == 0).count();
    let white = page.pixels.iter().filter(|&&p| p == 255).count();
    ensure(
        black > 0 && white > 0 && black + white == page.pixels.len(),
        || format!("{black} black, {white} white of {}", page.pixels.len()),
    )
}

fn colour_page_in_small_reads() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.open("test:0").map_err(|e| e.to_string())?;
    device
        .set("mode", &text("Color"))
        .map_err(|e| e.to_string())?;
    device
        .set_from_text("resolution", "75")
        .map_err(|e| e.to_string())?;
    // Many short reads, as a USB scanner delivers them.
    device
        .set_from_text("read-limit", "yes")
        .map_err(|e| e.to_string())?;
    device
        .set_from_text("read-limit-size", "4096")
        .map_err(|e| e.to_string())?;
    let page = device
        .scan_page(&ScanLimits::default(), &CancelToken::new())
        .map_err(|e| e.to_string())?;
    let (w, h) = (expected_pixels(80.0, 75.0), expected_pixels(100.0, 75.0));
    ensure(
        page.format == PixelFormat::Rgb8 && page.width == w && page.height == h,
        || format!("{:?} {}×{}", page.format, page.width, page.height),
    )?;
    ensure(page.pixels.len() == (w * h * 3) as usize, || {
        format!("{} bytes", page.pixels.len())
    })
}

/// A scan the backend delivers slowly: 1 KiB every 100 ms at 300 dpi (about 100 s).
fn slow_device(device: &idverify_sane::Device<'_>) -> Result<(), String> {
    for (name, value) in [
        ("resolution", "300"),
        ("read-limit", "yes"),
        ("read-limit-size", "1024"),
        ("read-delay", "yes"),
        ("read-delay-duration", "100000"),
    ] {
        device
            .set_from_text(name, value)
            .map_err(|e| format!("{name}: {e}"))?;
    }
    Ok(())
}

fn cancelled_scan_is_reported() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.open("test:0").map_err(|e| e.to_string())?;
    slow_device(&device)?;
    let token = CancelToken::new();
    let canceller = token.clone();
    let started = Instant::now();
    let thread = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        canceller.cancel();
    });
    let result = device.scan_page(&ScanLimits::default(), &token);
    let took = started.elapsed();
    thread.join().map_err(|_| "canceller panicked")?;
    ensure(result == Err(SaneError::Cancelled), || {
        format!("{result:?}")
    })?;
    ensure(took < Duration::from_secs(10), || {
        format!("cancel took {took:?}")
    })
}

fn slow_scan_times_out() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.open("test:0").map_err(|e| e.to_string())?;
    slow_device(&device)?;
    let limits = ScanLimits {
        timeout: Duration::from_millis(500),
        ..ScanLimits::default()
    };
    let result = device.scan_page(&limits, &CancelToken::new());
    ensure(
        result == Err(SaneError::Timeout(Duration::from_millis(500))),
        || format!("{result:?}"),
    )?;
    let message = result.unwrap_err().to_string();
    ensure(message.contains("did not finish within"), || message)
}

/// Scans with the backend's read status forced to `status_name`; the scan's error.
fn scan_with_read_status(status_name: &str) -> Result<SaneError, String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.open("test:0").map_err(|e| e.to_string())?;
    device
        .set("read-return-value", &text(status_name))
        .map_err(|e| e.to_string())?;
    match device.scan_page(&ScanLimits::default(), &CancelToken::new()) {
        Ok(page) => Err(format!(
            "a {}×{} page instead of an error",
            page.width, page.height
        )),
        Err(e) => Ok(e),
    }
}

fn device_io_error_mid_scan() -> Result<(), String> {
    // SANE_STATUS_IO_ERROR is what a backend reports when its device is unplugged.
    let error = scan_with_read_status("SANE_STATUS_IO_ERROR")?;
    ensure(
        error
            == SaneError::ScanFailed {
                status: Status::IoError,
                bytes: 0,
            },
        || format!("{error:?}"),
    )?;
    let message = error.to_string();
    ensure(message.contains("unplugged or not answering"), || message)
}

fn jammed_feeder_is_reported() -> Result<(), String> {
    let error = scan_with_read_status("SANE_STATUS_JAMMED")?;
    ensure(
        error
            == SaneError::ScanFailed {
                status: Status::Jammed,
                bytes: 0,
            },
        || format!("{error:?}"),
    )?;
    let message = error.to_string();
    ensure(message.contains("jammed"), || message)
}

fn empty_feeder_is_reported() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.open("test:0").map_err(|e| e.to_string())?;
    // The test backend's feeder holds ten sheets.
    device
        .set("source", &text("Automatic Document Feeder"))
        .map_err(|e| e.to_string())?;
    device
        .set_from_text("resolution", "10")
        .map_err(|e| e.to_string())?;
    for sheet in 1..=10 {
        device
            .scan_page(&ScanLimits::default(), &CancelToken::new())
            .map_err(|e| format!("sheet {sheet}: {e}"))?;
    }
    let result = device.scan_page(&ScanLimits::default(), &CancelToken::new());
    ensure(
        result
            == Err(SaneError::ScanFailed {
                status: Status::NoDocuments,
                bytes: 0,
            }),
        || format!("{result:?}"),
    )
}

fn unknown_device_and_second_session() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let second = Sane::init();
    ensure(matches!(second, Err(SaneError::AlreadyInUse)), || {
        "a second session opened".into()
    })?;
    let missing = sane.open("test:7");
    ensure(
        matches!(&missing, Err(SaneError::NoDevice { name, .. }) if name == "test:7"),
        || "test:7 opened".into(),
    )?;
    drop(missing);
    let nul = sane.open("test\0");
    ensure(matches!(nul, Err(SaneError::Nul(_))), || {
        "NUL name accepted".into()
    })?;
    drop(nul);
    drop(sane);
    // Released: a new session opens.
    Sane::init().map(drop).map_err(|e| e.to_string())
}

/// A device that owns the session (`into_device`) scans after the `Sane` is gone, keeps SANE
/// in use while it lives, and releases it when dropped.
fn device_outlives_its_session() -> Result<(), String> {
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let mut device = sane.into_device("test:0").map_err(|e| e.to_string())?;
    ensure(matches!(Sane::init(), Err(SaneError::AlreadyInUse)), || {
        "a second session opened beside the device".into()
    })?;
    let page = device
        .scan_page(&ScanLimits::default(), &CancelToken::new())
        .map_err(|e| e.to_string())?;
    ensure(page.dpi == Some(50.0) && page.width > 0, || {
        format!("page {}x{} at {:?}", page.width, page.height, page.dpi)
    })?;
    drop(device);
    Sane::init().map(drop).map_err(|e| e.to_string())?;
    let sane = Sane::init().map_err(|e| e.to_string())?;
    let missing = sane.into_device("test:7");
    ensure(
        matches!(&missing, Err(SaneError::NoDevice { name, .. }) if name == "test:7"),
        || "test:7 opened".into(),
    )?;
    drop(missing);
    // The session went with the failed open.
    Sane::init().map(drop).map_err(|e| e.to_string())
}

/// libsane is loaded at run time: a library that is not there, or one that is not SANE, is
/// an error naming what was tried; the failure is not remembered, so the real library
/// loads afterwards.
fn missing_library_is_reported() -> Result<(), String> {
    let set = |value: Option<&str>| {
        // SAFETY: this case runs alone in its own single-threaded process (see `main`).
        unsafe {
            match value {
                Some(v) => std::env::set_var(idverify_sane::LIBRARY_VARIABLE, v),
                None => std::env::remove_var(idverify_sane::LIBRARY_VARIABLE),
            }
        }
    };
    set(Some("/nonexistent/libsane.so.1"));
    let absent = Sane::init().map(drop);
    ensure(
        matches!(&absent, Err(SaneError::LibraryMissing { tried, .. })
            if tried == "/nonexistent/libsane.so.1"),
        || format!("{absent:?}"),
    )?;
    let message = absent.unwrap_err().to_string();
    ensure(message.starts_with("SANE is not installed"), || message)?;
    set(Some("libc.so.6"));
    let not_sane = Sane::init().map(drop);
    ensure(
        matches!(&not_sane, Err(SaneError::LibraryMissing { reason, .. })
            if reason.contains("sane_init")),
        || format!("{not_sane:?}"),
    )?;
    set(None);
    Sane::init().map(drop).map_err(|e| e.to_string())
}
