//! The C# binding (bindings/csharp) from C#: Idverify.cs and the VerifyDump example built
//! with Mono's `mcs`, run under `mono` against the library `cargo build` made
//! (target/<profile>/libidverify.so, found through LD_LIBRARY_PATH). The specimen passport's
//! dump, verified from memory through the binding, gives the library's own verdict and
//! every check with its status; a rendered scan of its data page gives the MRZ through
//! `MrzReader` and, as the document's white image, the printed MRZ that equals DG1; a trust
//! file that is no certificate is an IdvException with the library's code and detail; a
//! configuration document that lists the dump's number fails doc.blocked.
#![cfg(feature = "emulator")]

#[allow(dead_code)]
mod optical_support;

use idverify::emulator::demo::specimen_passport;
use idverify::emulator::test_pki;
use idverify::verify::{CheckTime, DocumentInput, Verdict, Verifier, VerifierConfig};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 2026-01-01T00:00:00Z.
const NOW: i64 = 1_767_225_600;

fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// Builds the binding and the example into `dir`; returns the executable.
fn build(dir: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("bindings/csharp");
    let exe = dir.join("VerifyDump.exe");
    let out = Command::new("mcs")
        .args(["-langversion:7.2", "-warnaserror", "-nologo"])
        .arg(format!("-out:{}", exe.display()))
        .arg(root.join("Idverify.cs"))
        .arg(root.join("VerifyDump.cs"))
        .output()
        .expect("mcs is installed (mono-mcs, scripts/lib/setup.sh)");
    assert!(
        out.status.success(),
        "mcs failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    exe
}

fn mono(exe: &Path, args: &[&str]) -> Output {
    let lib_dir = target_dir();
    assert!(
        lib_dir.join("libidverify.so").is_file(),
        "{} is missing: build it with `cargo build --all-features --lib` (scripts/test does)",
        lib_dir.join("libidverify.so").display()
    );
    Command::new("mono")
        .arg(exe)
        .args(args)
        .env("LD_LIBRARY_PATH", &lib_dir)
        .output()
        .expect("mono is installed (mono-runtime, scripts/lib/setup.sh)")
}

#[test]
fn the_binding_verifies_a_dump_from_memory_as_the_library_does() {
    let dir = std::env::temp_dir().join(format!("idverify-csharp-{}", std::process::id()));
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    let trust = dir.join("csca.der");
    let store = test_pki::trust_store();
    std::fs::write(&trust, &store.cscas()[0].der).unwrap();
    let (_, files) = specimen_passport();
    for (file, bytes) in &files {
        std::fs::write(dump.join(format!("{}.bin", file.name())), bytes).unwrap();
    }
    let exe = build(&dir);
    let now = NOW.to_string();
    let out = mono(
        &exe,
        &[trust.to_str().unwrap(), dump.to_str().unwrap(), &now],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);

    let report = Verifier::new(store, VerifierConfig::default()).verify(
        &DocumentInput::from_files(files.clone()),
        CheckTime::from_unix(NOW),
    );
    // Files alone authenticate no chip: incomplete, exit 3, as the CLI says it.
    assert_eq!(report.verdict, Verdict::Incomplete);
    assert_eq!(out.status.code(), Some(3), "{stdout}\n{stderr}");
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("verdict: Incomplete"), "{stdout}");
    let checks: Vec<(String, String)> = lines
        .map(|l| {
            let mut w = l.splitn(3, ' ');
            (
                w.next().unwrap().to_string(),
                w.next().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(checks.len(), report.checks.len(), "{stdout}");
    for ((id, status), check) in checks.iter().zip(&report.checks) {
        let want = format!("{:?}", check.status);
        assert_eq!(
            (id.as_str(), status.as_str()),
            (check.id.as_str(), want.as_str())
        );
    }
    assert!(
        checks.contains(&("pa.sod_signature".into(), "Passed".into())),
        "{stdout}"
    );

    // A scan of the data page: the MRZ read through the binding, and the document's optical
    // MRZ taken from the same image equals DG1.
    let printed = specimen_passport().0.dg1.mrz_text();
    let c = optical_support::pages::plain(optical_support::mrz_text::Kind::Td3, 300.0);
    let font = optical_support::ocrb::OcrB::load();
    let lines: Vec<String> = printed.lines().map(str::to_string).collect();
    let page = optical_support::pages::page_with(&font, 3, c, Some(lines.clone()));
    let image = dir.join("page.png");
    std::fs::write(&image, &page.bytes).unwrap();
    let args = [
        trust.to_str().unwrap(),
        dump.to_str().unwrap(),
        &now,
        image.to_str().unwrap(),
    ];
    let out = mono(&exe, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let read = stdout
        .lines()
        .find_map(|l| l.strip_prefix("mrz: "))
        .unwrap_or_else(|| panic!("{stdout}{}", String::from_utf8_lossy(&out.stderr)));
    let read: serde_json::Value = serde_json::from_str(read).unwrap();
    assert_eq!(read["lines"], serde_json::json!(lines));
    assert_eq!(read["certain"], true, "{read}");
    assert!(stdout.contains("mrz.optical_equals_dg1 Passed"), "{stdout}");

    // A serial reader's capture bundle: its MRZ text is the document's optical MRZ; a
    // broken one is the library's IDV_ERR_BUNDLE (23).
    let bundle = dir.join("bundle");
    let mut writer =
        idverify::capture::BundleWriter::create(&bundle, "/dev/ttyUSB0", "2026-01-01T00:00:00Z")
            .unwrap();
    writer.set_mrz(idverify::capture::MrzEntry {
        text: printed.clone(),
        source: idverify::capture::MrzSource::Serial,
    });
    writer.finish().unwrap();
    let args = [
        trust.to_str().unwrap(),
        dump.to_str().unwrap(),
        &now,
        bundle.to_str().unwrap(),
    ];
    let out = mono(&exe, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("mrz.optical_equals_dg1 Passed"), "{stdout}");
    std::fs::write(bundle.join("manifest.json"), b"{").unwrap();
    let out = mono(&exe, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("idverify error 23: "), "{stderr}");
    assert!(stderr.contains("broken manifest.json"), "{stderr}");

    // Bad trust data: the library's code (IDV_ERR_TRUST_DATA, 8) and its detail.
    let junk = dir.join("junk.der");
    std::fs::write(&junk, b"not a certificate").unwrap();
    let out = mono(
        &exe,
        &[junk.to_str().unwrap(), dump.to_str().unwrap(), &now],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("idverify error 8: "), "{stderr}");
    // No chip files: a clear message, not an exception.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = mono(
        &exe,
        &[trust.to_str().unwrap(), empty.to_str().unwrap(), &now],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no chip files"));

    // A configuration through the binding: the dump's number on the blocked list fails
    // doc.blocked; a refused document is the library's code (3) with its JSON path.
    let today = CheckTime::from_unix(NOW).date().unwrap();
    let mrz = idverify::mrz::parse(&specimen_passport().0.dg1.mrz_text(), today).unwrap();
    let number = &mrz.document_number;
    let config = dir.join("blocked.json");
    std::fs::write(
        &config,
        format!(r#"{{"blocked_documents": [{{"issuer": "UTO", "number": "{number}"}}]}}"#),
    )
    .unwrap();
    let configured = |file: &Path| {
        let args = [
            "--config",
            file.to_str().unwrap(),
            trust.to_str().unwrap(),
            dump.to_str().unwrap(),
            &now,
        ];
        mono(&exe, &args)
    };
    let out = configured(&config);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    assert!(stdout.contains("doc.blocked Failed"), "{stdout}");
    std::fs::write(
        &config,
        r#"{"optical": {"pitch_mm": {"min": 2.9, "max": 2.78}}}"#,
    )
    .unwrap();
    let out = configured(&config);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("idverify error 3: ")
            && stderr.contains("optical.pitch_mm: minimum 2.9 above maximum 2.78"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
