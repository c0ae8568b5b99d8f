//! `verify devices` and `verify scan` against real components: SANE's `test` backend through
//! a private configuration folder, and a kernel pty standing in for a serial MRZ reader; the
//! bundles they write read back and fit schema/capture.schema.json, and a serial MRZ (or the
//! scanned page) reaches the report through `verify report --bundle`.

#[path = "support/json_schema.rs"]
mod json_schema;
mod support;

use idverify::capture::{Bundle, Light, MANIFEST_SCHEMA, MrzSource};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::verify_binary;

const TD3: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

/// A fresh folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idverify-scan-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A SANE configuration naming only the test backend: two devices, 8-bit gray, 80 × 100 mm.
fn sane_config(name: &str) -> PathBuf {
    let dir = folder(&format!("sane-{name}"));
    support::write_sane_test_config(&dir);
    dir
}

fn verify(sane: &Path, args: &[&str]) -> Output {
    Command::new(verify_binary())
        .env("SANE_CONFIG_DIR", sane)
        .args(args)
        .output()
        .unwrap()
}

/// `verify scan --device test:0 --out OUT EXTRA…`.
fn scan_test_device(sane: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["scan", "--device", "test:0", "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    verify(sane, &args)
}

/// The standard output of a command that must have succeeded.
fn succeeded(o: &Output) -> String {
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    stdout
}

fn schema_errors(dir: &Path) -> Vec<String> {
    let schema: Value = serde_json::from_str(MANIFEST_SCHEMA).unwrap();
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let mut errors = Vec::new();
    json_schema::validate(&schema, &schema, &manifest, "$", &mut errors);
    errors
}

#[test]
fn devices_are_listed_with_their_choices() {
    let sane = sane_config("devices");
    let o = verify(&sane, &["devices"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.starts_with("test:0\tNoname frontend-tester (virtual device)\n"),
        "{out}"
    );
    assert!(out.contains("\ntest:1\t"), "{out}");
    assert!(out.contains("  --mode Gray|Color [Gray]\n"), "{out}");
    assert!(out.contains("  --resolution 1..1200 [50]\n"), "{out}");
    std::fs::remove_dir_all(sane).unwrap();
}

#[test]
fn a_scanned_page_becomes_a_bundle_with_png_and_dpi() {
    let sane = sane_config("page");
    let out = folder("page").join("bundle");
    let o = scan_test_device(&sane, &out, &["--resolution", "100"]);
    let stdout = succeeded(&o);
    assert!(
        stdout.contains("page1-white.png (314×393 px, 100 dpi, light white)"),
        "{stdout}"
    );
    let bundle = Bundle::open(&out).unwrap();
    assert_eq!(bundle.manifest().device, "test:0");
    assert!(bundle.manifest().mrz.is_none());
    let image = bundle.image_for(Light::White).unwrap();
    assert_eq!((image.dpi, image.page), (100, 1));
    let png = bundle.read_image(image).unwrap();
    // The PNG says its size and resolution (pHYs: 100 dpi = 3937 pixels per metre).
    let decoder = png::Decoder::new(std::io::Cursor::new(&png));
    let reader = decoder.read_info().unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (314, 393));
    let dims = info.pixel_dims.expect("pHYs chunk");
    assert_eq!(
        (dims.xppu, dims.yppu, dims.unit),
        (3937, 3937, png::Unit::Meter)
    );
    // The test backend's grid: black and white squares.
    let pixels = image::load_from_memory(&png).unwrap().to_luma8();
    assert!(pixels.pixels().any(|p| p.0[0] == 0) && pixels.pixels().any(|p| p.0[0] == 255));
    assert_eq!(schema_errors(&out), Vec::<String>::new());
    // A second scan into the same folder is refused, the bundle left as it was.
    let again = scan_test_device(&sane, &out, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds a capture bundle"));
    bundle.verify_images().unwrap();
    std::fs::remove_dir_all(out.parent().unwrap()).unwrap();
    std::fs::remove_dir_all(sane).unwrap();
}

#[test]
fn scanner_failures_are_clear_errors_and_leave_no_bundle() {
    let sane = sane_config("failures");
    let out = folder("failures").join("bundle");
    let cases: [(&[&str], &str); 4] = [
        (
            &["--option", "read-return-value=SANE_STATUS_IO_ERROR"],
            "scan: scan failed after 0 bytes: error during device I/O (device unplugged or not \
             answering)\n",
        ),
        (
            &["--option", "read-return-value=SANE_STATUS_COVER_OPEN"],
            "scan: scan failed after 0 bytes: scanner cover is open\n",
        ),
        (
            &["--mode", "Infrared"],
            "scan: option \"mode\": \"Infrared\" is not one of Gray|Color\n",
        ),
        (
            &["--option", "no-such=1"],
            "scan: scanner has no option \"no-such\"\n",
        ),
    ];
    for (extra, expected) in cases {
        let o = scan_test_device(&sane, &out, extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        assert_eq!(String::from_utf8_lossy(&o.stderr), expected, "{extra:?}");
        assert!(!Bundle::is_bundle(&out), "{extra:?}");
    }
    let o = verify(
        &sane,
        &["scan", "--device", "test:9", "--out", out.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.starts_with("scan: scanner \"test:9\" not available"),
        "{stderr}"
    );
    std::fs::remove_dir_all(out.parent().unwrap()).unwrap();
    std::fs::remove_dir_all(sane).unwrap();
}

/// A pty pair: the master (the reader's side) and the slave's path (its port).
fn pty() -> (std::fs::File, String) {
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let name = ptsname(&master, Vec::new()).unwrap();
    (
        std::fs::File::from(master),
        name.to_str().unwrap().to_string(),
    )
}

/// `verify scan --serial` on a fresh pty, the reader writing `bytes` after `delay`.
fn serial_scan(out: &Path, bytes: &'static [u8], timeout: &str) -> Output {
    let (mut master, port) = pty();
    let writer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        master.write_all(bytes).unwrap();
        // Keep the reader's side open until the command is done with the port.
        std::thread::sleep(std::time::Duration::from_millis(1500));
    });
    let o = Command::new(verify_binary())
        .args([
            "scan",
            "--serial",
            &port,
            "--timeout",
            timeout,
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    writer.join().unwrap();
    o
}

#[test]
fn a_serial_reader_mrz_becomes_a_bundle() {
    let out = folder("serial").join("bundle");
    // Noise, a garbage line, a stray second line, then the MRZ in STX/ETX with CRLF.
    let bytes: &[u8] = b"\xff\x00ERR\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\
\x02P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\r\n\x03";
    let o = serial_scan(&out, bytes, "10");
    let stdout = succeeded(&o);
    assert!(stdout.ends_with(&format!("MRZ (Td3)\n{TD3}\n")), "{stdout}");
    let bundle = Bundle::open(&out).unwrap();
    let mrz = bundle.manifest().mrz.clone().unwrap();
    assert_eq!((mrz.text.as_str(), mrz.source), (TD3, MrzSource::Serial));
    assert!(bundle.manifest().device.starts_with("serial:/dev/pts/"));
    assert!(bundle.manifest().images.is_empty());
    assert_eq!(schema_errors(&out), Vec::<String>::new());
    std::fs::remove_dir_all(out.parent().unwrap()).unwrap();
}

#[test]
fn a_silent_or_garbled_serial_reader_times_out_clearly() {
    let out = folder("serial-timeout").join("bundle");
    let o = serial_scan(&out, b"", "1");
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "scan: no data from the MRZ reader within 1s\n"
    );
    // Lines of the right shape whose check digits fail are no MRZ either.
    let o = serial_scan(
        &out,
        b"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\r\nL898902C36UTO7408122F1204159ZE184226B<<<<<19\r\n",
        "1",
    );
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.starts_with("scan: no complete MRZ within 1s (92 bytes received"),
        "{stderr}"
    );
    assert!(!Bundle::is_bundle(&out));
    let o = Command::new(verify_binary())
        .args([
            "scan",
            "--serial",
            "/dev/null",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "scan: /dev/null is not a serial port (not a terminal)\n"
    );
    std::fs::remove_dir_all(out.parent().unwrap()).unwrap();
}

/// A serial reader's MRZ is the optical MRZ of `verify report --bundle`.
#[cfg(feature = "emulator")]
#[test]
fn a_serial_mrz_reaches_the_report() {
    use idverify::emulator::specimen::{FaceVariant, Specimen, SpecimenKind};
    let specimen = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    let dump = folder("report-dump");
    specimen.dump(&dump).unwrap();
    let scan = folder("report-scan").join("bundle");
    let text = specimen.dg1.mrz_text();
    let framed: &'static [u8] = format!("\x02{}\r\n\x03", text.replace('\n', "\r\n"))
        .into_bytes()
        .leak();
    let o = serial_scan(&scan, framed, "10");
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report = |bundle: &Path| {
        Command::new(verify_binary())
            .args([
                "report",
                dump.to_str().unwrap(),
                "--bundle",
                bundle.to_str().unwrap(),
            ])
            .args(["--at", "2026-11-22", "--json"])
            .output()
            .unwrap()
    };
    let o = report(&scan);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let check = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "mrz.optical_equals_dg1")
        .cloned()
        .unwrap();
    assert_eq!(check["status"], "passed", "{check}");
    assert_eq!(v["optical_mrz"]["source"], "serial_reader");
    // A bundle without MRZ text: the MRZ is looked for in its image, and the report says
    // that the test backend's pattern holds none.
    let sane = sane_config("report");
    let page = folder("report-page").join("bundle");
    let o = scan_test_device(&sane, &page, &[]);
    assert_eq!(o.status.code(), Some(0));
    let o = report(&page);
    assert_eq!(
        o.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["optical_mrz"]["source"], "image");
    assert_eq!(v["optical_mrz"]["error"], "no MRZ found");
    assert_eq!(
        v["files"].as_array().unwrap().last().unwrap()["light"],
        "white"
    );
    for dir in [
        dump,
        scan.parent().unwrap().to_path_buf(),
        sane,
        page.parent().unwrap().to_path_buf(),
    ] {
        std::fs::remove_dir_all(dir).unwrap();
    }
}
