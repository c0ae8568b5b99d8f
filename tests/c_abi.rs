//! The C ABI from C: examples/c/*.c built with plain `cc` against include/idverify.h and
//! both the static and the dynamic library, run under valgrind (no leaks, no errors): one
//! reads the virtual passport through pcscd + vpcd and prints the report, one reads the
//! virtual German ID card with its CAN and Terminal Authentication (the terminal loaded from a
//! folder, or from memory), one answers bad arguments and checks every documented code, and
//! one (no reader needed) passes huge lengths, misaligned arrays and a FIFO, and states the
//! chip protocols on a document, one reads an MRZ from a serial reader on a kernel pty,
//! one writes a dumped document's sealed verification record, one scans a page from SANE's
//! `test` backend into a document, one gives a document capture bundles, and one configures
//! a verifier with a JSON document (a blocked-documents list).
#![cfg(feature = "emulator")]

use idverify::chip::FileId;
use optical_support::mrz_text::Kind;
use optical_support::ocrb::OcrB;
use optical_support::pages::{page_with, plain};

#[allow(dead_code)]
mod optical_support;
mod support;
use idverify::emulator::demo::{
    specimen_id_card, specimen_id_card_chip, specimen_passport, specimen_passport_chip,
};
use idverify::emulator::specimen::Specimen;
use idverify::emulator::test_pki;
use idverify::pki::cvc::testing::{self, TestChain};
use idverify_vpcd::serve;
use idverify_vpcd::testing::Pcscd;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// 2026-01-01T00:00:00Z.
const NOW: &str = "1767225600";

fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().and_then(Path::parent).unwrap().to_path_buf()
}

/// Compiles `source` against the static (`static_lib`) or the dynamic library.
fn compile(source: &str, out: &Path, static_lib: bool) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib_dir = target_dir();
    for lib in ["libidverify.a", "libidverify.so"] {
        assert!(
            lib_dir.join(lib).is_file(),
            "{} is missing: `cargo test` builds only the Rust library; build the C libraries \
             first with `cargo build --all-features --lib` (scripts/test does)",
            lib_dir.join(lib).display()
        );
    }
    let mut cc = Command::new("cc");
    cc.args(["-std=c99", "-Wall", "-Wextra", "-Werror", "-g"])
        .arg("-I")
        .arg(root.join("include"))
        .arg(root.join("examples/c").join(source))
        .arg("-o")
        .arg(out);
    if static_lib {
        cc.arg(lib_dir.join("libidverify.a"))
            .args(["-lpcsclite", "-lpthread", "-ldl", "-lm"]);
    } else {
        cc.arg("-L")
            .arg(&lib_dir)
            .arg("-lidverify")
            .arg(format!("-Wl,-rpath,{}", lib_dir.display()));
    }
    let status = cc.status().expect("cc is installed");
    assert!(status.success(), "cc {source} failed");
}

/// Runs `program` under valgrind: any memory error or definite/indirect leak fails it
/// (exit code 99).
fn valgrind(program: &Path, args: &[&str]) -> Output {
    valgrind_with(program, args, &[], &[])
}

/// [`valgrind`] with more valgrind `options` and the program's environment `env`.
fn valgrind_with(program: &Path, args: &[&str], options: &[&str], env: &[(&str, &Path)]) -> Output {
    let out = Command::new("valgrind")
        .args([
            "-q",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect",
            "--error-exitcode=99",
        ])
        .args(options)
        .envs(env.iter().copied())
        .arg(program)
        .args(args)
        .output()
        .expect("valgrind is installed (scripts/lib/setup.sh)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(99),
        "valgrind found errors:\n{stderr}"
    );
    assert!(
        out.status.success(),
        "{} failed ({:?}):\n{stdout}\n{stderr}",
        program.display(),
        out.status
    );
    out
}

/// The MRZ information (document number, birth and expiry dates with check digits) of `mrz`,
/// the BAC key seed and the PACE password the emulated chip checks.
fn mrz_information(mrz: &str) -> String {
    let today = idverify::verify::CheckTime::from_unix(NOW.parse().unwrap())
        .date()
        .unwrap();
    let parsed = idverify::mrz::parse(mrz, today).unwrap();
    parsed.mrz_information().unwrap().as_str().to_string()
}

/// The status column of check `id` in a C program's `check` lines.
fn check_status<'a>(stdout: &'a str, id: &str) -> Option<&'a str> {
    stdout.lines().find_map(|l| {
        let mut w = l.split_whitespace();
        (w.next() == Some("check") && w.next() == Some(id))
            .then(|| w.next())
            .flatten()
    })
}

/// The specimen passport's files as `verify read --dump` writes them (DIR/dump/EF.COM.bin …)
/// and the test CSCA (DIR/csca.der), with the specimen they come from.
struct DumpedSpecimen {
    dump: PathBuf,
    trust: PathBuf,
    specimen: Specimen,
    files: BTreeMap<FileId, Vec<u8>>,
}

fn dump_specimen(dir: &Path) -> DumpedSpecimen {
    let dump = dir.join("dump");
    std::fs::create_dir_all(&dump).unwrap();
    let trust = dir.join("csca.der");
    std::fs::write(&trust, &test_pki::trust_store().cscas()[0].der).unwrap();
    let (specimen, files) = specimen_passport();
    for (file, bytes) in &files {
        std::fs::write(dump.join(format!("{}.bin", file.name())), bytes).unwrap();
    }
    DumpedSpecimen {
        dump,
        trust,
        specimen,
        files,
    }
}

#[test]
fn c_programs_run_valgrind_clean_against_both_libraries() {
    let dir = std::env::temp_dir().join(format!("idverify-c-abi-{}", std::process::id()));
    let DumpedSpecimen {
        dump,
        trust,
        specimen,
        files,
    } = dump_specimen(&dir);
    assert!(files.contains_key(&FileId::Dg2));
    let mrz = specimen.dg1.mrz_text();
    let info = mrz_information(&mrz);

    let terminal = dir.join("terminal");
    // An authentication terminal's chain (eID rights), the IS CVCA and the key.
    let terminal_certs =
        testing::write_terminal_dir(TestChain::AuthenticationTerminal, &terminal).unwrap();
    let terminal_key = terminal.join("terminal.pk8");
    let (id_card, id_files) = specimen_id_card();
    let id_info = mrz_information(&id_card.dg1.mrz_text());

    let pcscd = Pcscd::start().unwrap();
    for (slot, static_lib) in [(0u8, true), (1u8, false)] {
        let kind = if static_lib { "static" } else { "dynamic" };
        let bad = dir.join(format!("bad_arguments_{kind}"));
        let read = dir.join(format!("read_document_{kind}"));
        let eid = dir.join(format!("read_eid_{kind}"));
        compile("bad_arguments.c", &bad, static_lib);
        compile("read_document.c", &read, static_lib);
        compile("read_eid.c", &eid, static_lib);

        let start = Instant::now();
        let out = valgrind(
            &bad,
            &[
                trust.to_str().unwrap(),
                dump.to_str().unwrap(),
                NOW,
                terminal.to_str().unwrap(),
            ],
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("0 unexpected answers"), "{stdout}");
        // The dumped document verified from memory gives the folder's verdict: incomplete,
        // since files alone authenticate no chip (EF.SOD lists DG14 and DG15).
        let memory = stdout.lines().find(|l| l.starts_with("from memory: "));
        assert!(
            memory.is_some_and(|l| l.contains("verdict 3 (folder: 3)")),
            "{stdout}"
        );
        assert!(stdout.contains("ok 4   idv_trust_store_count((const idv_trust_store *)verifier"));
        eprintln!(
            "bad_arguments ({kind}) under valgrind: {:?}",
            start.elapsed()
        );

        let chip = specimen_passport_chip(&files, info.as_bytes(), false, [0x5D; 32]);
        let served = serve(chip, pcscd.card_addr(slot));
        let reader = pcscd.reader_name(slot);
        let start = Instant::now();
        let out = valgrind(&read, &[trust.to_str().unwrap(), &reader, &mrz, NOW]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        eprintln!(
            "read_document ({kind}) under valgrind: {:?}",
            start.elapsed()
        );
        assert!(
            stdout.contains(&format!("reader {slot}: {reader}")),
            "{stdout}"
        );
        for line in [
            "check pa.sod_signature",
            "check chip.active_authentication",
            "check chip.chip_authentication",
        ] {
            let row = stdout.lines().find(|l| l.starts_with(line)).unwrap_or("");
            assert!(row.contains(" passed "), "{line}: {stdout}");
        }
        assert!(stdout.contains("face image: "), "{stdout}");
        assert!(stdout.contains("verdict: 0 (genuine)"), "{stdout}");
        served.stop().unwrap();

        // The ID card with its CAN and an authentication terminal: from the folder with the
        // static library, from memory with the dynamic one.
        let chip = specimen_id_card_chip(
            &id_files,
            id_card.access.can.as_bytes(),
            id_info.as_bytes(),
            false,
            [0x44; 32],
        );
        let served = serve(chip, pcscd.card_addr(slot));
        let mut args = vec![
            trust.to_str().unwrap().to_string(),
            reader.clone(),
            id_card.access.can.clone(),
            NOW.to_string(),
            terminal.to_str().unwrap().to_string(),
            terminal_key.to_str().unwrap().to_string(),
        ];
        if !static_lib {
            args.extend(
                terminal_certs
                    .iter()
                    .map(|p| p.to_str().unwrap().to_string()),
            );
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let start = Instant::now();
        let out = valgrind(&eid, &args);
        let stdout = String::from_utf8_lossy(&out.stdout);
        eprintln!("read_eid ({kind}) under valgrind: {:?}", start.elapsed());
        let from = if static_lib {
            "loaded from"
        } else {
            "from memory"
        };
        assert!(stdout.contains(from), "{stdout}");
        // IDV_CHECK_PASSED is 0.
        assert_eq!(
            check_status(&stdout, "chip.terminal_authentication"),
            Some("0"),
            "{stdout}"
        );
        assert_eq!(
            check_status(&stdout, "chip.eid_application"),
            Some("0"),
            "{stdout}"
        );
        assert!(
            stdout.contains("rights granted: age verification, read eID DG1"),
            "{stdout}"
        );
        assert!(stdout.contains("eid object present"), "{stdout}");
        served.stop().unwrap();
    }

    // The progress callback cancels once 12 APDUs went by (in the middle of the data
    // groups): IDV_ERR_CANCELLED, and still no leak.
    let chip = specimen_passport_chip(&files, info.as_bytes(), false, [0x5D; 32]);
    let served = serve(chip, pcscd.card_addr(0));
    let read = dir.join("read_document_dynamic");
    let reader = pcscd.reader_name(0);
    let out = valgrind(&read, &[trust.to_str().unwrap(), &reader, &mrz, NOW, "12"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("cancelled after "), "{stdout}");
    assert!(!stdout.contains("verdict:"), "{stdout}");
    served.stop().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
}

/// examples/c/stated_protocols.c, with the dynamic library (no reader needed): huge lengths
/// and misaligned arrays are answered without an abort, a FIFO in a dump folder is refused,
/// and the CA/AA outcomes stated on a document show in the report.
#[test]
fn c_huge_lengths_and_stated_protocols_run_valgrind_clean() {
    let dir = std::env::temp_dir().join(format!("idverify-c-stated-{}", std::process::id()));
    let fifo = dir.join("fifo");
    std::fs::create_dir_all(&fifo).unwrap();
    let DumpedSpecimen {
        dump, trust, files, ..
    } = dump_specimen(&dir);
    assert!(files.contains_key(&FileId::Dg14) && files.contains_key(&FileId::Dg15));
    let made = Command::new("mkfifo")
        .arg(fifo.join("DG1.bin"))
        .status()
        .unwrap();
    assert!(made.success());

    let program = dir.join("stated_protocols");
    compile("stated_protocols.c", &program, false);
    let args = [
        trust.to_str().unwrap(),
        dump.to_str().unwrap(),
        fifo.to_str().unwrap(),
        NOW,
    ];
    let start = Instant::now();
    let out = valgrind(&program, &args);
    eprintln!("stated_protocols under valgrind: {:?}", start.elapsed());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("0 unexpected answers"), "{stdout}");
    let status = |label: u32, id: &str| {
        stdout.lines().find_map(|l| {
            let rest = l.strip_prefix(&format!("stated {label}: check {id} "))?;
            rest.trim().parse::<u32>().ok()
        })
    };
    // idv_check_status: 0 passed, 1 failed, 3 not checked, 4 unsupported; labels are the
    // stated idv_protocol_outcome (0: none stated).
    for (label, want) in [(0, 3), (1, 0), (2, 1), (3, 4)] {
        for id in ["chip.chip_authentication", "chip.active_authentication"] {
            assert_eq!(status(label, id), Some(want), "{label} {id}: {stdout}");
        }
    }
    // Files alone are incomplete (3): EF.SOD lists DG14 and DG15 and no chip was
    // authenticated. A stated failure is a chip that is not genuine: verdict failed (2);
    // stated passes make the files genuine (0).
    assert!(stdout.contains("verdict 0: 3"), "{stdout}");
    assert!(stdout.contains("verdict 1: 0"), "{stdout}");
    assert!(stdout.contains("verdict 2: 2"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// examples/c/serial_reader.c, with the dynamic library, under valgrind: an MRZ written to a
/// kernel pty the way a serial reader writes it comes back through
/// `idv_serial_reader_read_mrz`; timeout, cancel, a file that is no tty and a vanished reader
/// are answered with their documented codes.
#[test]
fn c_serial_reader_runs_valgrind_clean() {
    let dir = std::env::temp_dir().join(format!("idverify-c-serial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("serial_reader");
    compile("serial_reader.c", &program, false);
    let start = Instant::now();
    let out = valgrind(&program, &[NOW]);
    eprintln!("serial_reader under valgrind: {:?}", start.elapsed());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("0 unexpected answers"), "{stdout}");
    assert!(
        stdout.contains(
            "mrz P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
             mrz L898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
        ),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// examples/c/record.c: the specimen's dumped files verified, their record written to memory
/// and sealed with the RSA test seal key, under valgrind; poppler reads the PDF and OpenSSL
/// verifies the seal.
#[test]
fn c_writes_a_sealed_record_valgrind_clean() {
    let dir = std::env::temp_dir().join(format!("idverify-c-record-{}", std::process::id()));
    let DumpedSpecimen { dump, trust, .. } = dump_specimen(&dir);
    let program = dir.join("record");
    compile("record.c", &program, false);
    let record = |name: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/record")
            .join(name)
    };
    let pdf = dir.join("akte.pdf");
    let (key, cert, other) = (
        record("seal_rsa.pk8"),
        record("seal_rsa.der"),
        record("seal_ec.der"),
    );
    let args = [
        trust.to_str().unwrap(),
        dump.to_str().unwrap(),
        NOW,
        key.to_str().unwrap(),
        cert.to_str().unwrap(),
        other.to_str().unwrap(),
        pdf.to_str().unwrap(),
    ];
    let out = valgrind(&program, &args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("0 unexpected answers"), "{stdout}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("Prüfprotokoll") && text.contains("Einbürgerung"),
        "{text}"
    );
    let verified = Command::new("openssl")
        .args([
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
            "-in",
        ])
        .arg(dir.join("akte.pdf.p7s"))
        .arg("-content")
        .arg(&pdf)
        .arg("-CAfile")
        .arg(record("seal_ca.pem"))
        .status()
        .unwrap();
    assert!(verified.success());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The JSON a C program printed after `label `: one line, or a pretty-printed report from
/// its `{` line up to its closing `}` line.
fn labelled_json(stdout: &str, label: &str) -> serde_json::Value {
    let mut lines = stdout
        .lines()
        .skip_while(|l| !l.starts_with(&format!("{label} ")));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no {label} line: {stdout}"));
    let mut text = first[label.len() + 1..].to_string();
    if text == "{" {
        for l in lines.by_ref() {
            text.push_str(l);
            if l == "}" {
                break;
            }
        }
    }
    serde_json::from_str(&text).unwrap()
}

/// examples/c/scanned_image.c, with the dynamic library, under valgrind: the virtual
/// passport's MRZ rendered as a 150 dpi scan is read from a grey buffer with padded rows
/// (an SDK's), a document given the PNG and the buffer (white and ultraviolet) gets its optical MRZ from the
/// white one with both images' hashes in the report, and bad arguments get their codes.
#[test]
fn c_scanned_images_run_valgrind_clean() {
    let dir = std::env::temp_dir().join(format!("idverify-c-images-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (specimen, _) = specimen_passport();
    let printed: Vec<String> = specimen
        .dg1
        .mrz_text()
        .lines()
        .map(str::to_string)
        .collect();
    let conditions = plain(Kind::Td3, 150.0);
    let png = page_with(&OcrB::load(), 5, conditions, Some(printed.clone())).bytes;
    let grey = idverify::optical::decode_image(&png).unwrap();
    let (w, h) = (grey.width() as usize, grey.height() as usize);
    let stride = w + 13;
    let mut padded = vec![0u8; stride * (h - 1) + w];
    for (y, row) in grey.pixels().chunks(w).enumerate() {
        padded[y * stride..y * stride + w].copy_from_slice(row);
    }
    std::fs::write(dir.join("page.png"), &png).unwrap();
    std::fs::write(dir.join("page.grey"), &padded).unwrap();
    let program = dir.join("scanned_image");
    compile("scanned_image.c", &program, false);
    let (png_arg, grey_arg) = (dir.join("page.png"), dir.join("page.grey"));
    let args = [
        png_arg.to_str().unwrap(),
        grey_arg.to_str().unwrap(),
        &w.to_string(),
        &h.to_string(),
        &stride.to_string(),
        NOW,
    ];
    let start = Instant::now();
    let out = valgrind(&program, &args);
    eprintln!("scanned_image under valgrind: {:?}", start.elapsed());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("0 unexpected answers"), "{stdout}");
    let json = |label: &str| labelled_json(&stdout, label);
    let read = json("pixels");
    assert_eq!(read["lines"], serde_json::json!(printed));
    assert_eq!(
        (&read["layout"], &read["certain"]),
        (&"TD3".into(), &true.into())
    );
    let report = json("report");
    assert_eq!(report["optical_mrz"]["source"], "image");
    assert_eq!(report["optical_mrz"]["light"], "white");
    assert_eq!(report["document"]["mrz"], serde_json::json!(printed));
    let files = report["files"].as_array().unwrap();
    assert_eq!(files[0]["sha256"], idverify::crypto::hash::sha256_hex(&png));
    assert_eq!(
        (&files[1]["light"], &files[1]["dpi"]),
        (&"uv".into(), &150.into())
    );
    assert_eq!(files[1]["bytes"], w * h);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The CLI's JSON report (`verify report DIR --json --at 2026-01-01`, the day of [`NOW`]).
fn cli_report(dir: &Path) -> serde_json::Value {
    let out = Command::new(support::verify_binary())
        .arg("report")
        .arg(dir)
        .args(["--json", "--at", "2026-01-01"])
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    })
}

/// Each check's id and status, in the report's order.
fn statuses(report: &serde_json::Value) -> Vec<(String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].to_string(), c["status"].to_string()))
        .collect()
}

/// examples/c/scan_page.c against both libraries under valgrind, with SANE's `test` backend
/// through a private configuration: the page scanned at 100 dpi reaches the report as the
/// document's white image with the dpi SANE reported, its pixels' SHA-256 that of the page
/// `verify scan` writes from the same device, and the verdict and checks those of
/// `verify report` on that bundle (the test pattern holds no MRZ: "no MRZ found"). Cancels
/// before and during a scan, an I/O error mid-scan, a device that does not exist, a second
/// scanner and bad arguments get their codes. The backend's own leaks are suppressed by
/// tests/valgrind/sane-test-backend.supp, nothing else. The library links no libsane, and
/// one that cannot be loaded makes the scanner calls answer `IDV_ERR_SCANNER`.
#[test]
fn c_sane_scan_reaches_the_report_valgrind_clean() {
    let dir = std::env::temp_dir().join(format!("idverify-c-sane-{}", std::process::id()));
    let sane = dir.join("sane");
    support::write_sane_test_config(&sane);
    // The same page through the CLI: its bundle and report.
    let bundle = dir.join("bundle");
    let scanned = Command::new(support::verify_binary())
        .env("SANE_CONFIG_DIR", &sane)
        .args(["scan", "--device", "test:0", "--resolution", "100", "--out"])
        .arg(&bundle)
        .output()
        .unwrap();
    assert!(scanned.status.success(), "{scanned:?}");
    let png = std::fs::read(bundle.join("page1-white.png")).unwrap();
    let grey = idverify::optical::decode_image(&png).unwrap();
    let cli = cli_report(&bundle);

    let suppressions =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/valgrind/sane-test-backend.supp");
    let suppressions = format!("--suppressions={}", suppressions.display());
    let options = ["--keep-debuginfo=yes", suppressions.as_str()];
    for static_lib in [true, false] {
        let program = dir.join(format!("scan_page_{static_lib}"));
        compile("scan_page.c", &program, static_lib);
        let start = Instant::now();
        let out = valgrind_with(
            &program,
            &["test:0", NOW],
            &options,
            &[("SANE_CONFIG_DIR", &sane)],
        );
        eprintln!(
            "scan_page (static {static_lib}) under valgrind: {:?}",
            start.elapsed()
        );
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("0 unexpected answers"), "{stdout}");
        let devices = labelled_json(&stdout, "scanners");
        assert_eq!(devices[0]["name"], "test:0", "{devices}");
        assert_eq!(devices[0]["type"], "virtual device", "{devices}");
        assert_eq!(devices.as_array().unwrap().len(), 2);
        let report = labelled_json(&stdout, "report");
        let files = report["files"].as_array().unwrap();
        assert_eq!(files.len(), 1, "{report}");
        assert_eq!(
            (&files[0]["light"], &files[0]["page"], &files[0]["dpi"]),
            (&"white".into(), &1.into(), &100.into())
        );
        assert_eq!((grey.width(), grey.height()), (314, 393));
        assert_eq!(
            files[0]["sha256"],
            idverify::crypto::hash::sha256_hex(grey.pixels())
        );
        assert_eq!(report["optical_mrz"]["source"], "image");
        assert_eq!(report["optical_mrz"]["error"], "no MRZ found");
        assert_eq!(report["optical_mrz"]["image_sha256"], files[0]["sha256"]);
        // What the CLI says of the same page, check for check.
        assert_eq!(report["verdict"], cli["verdict"]);
        assert_eq!(report["checked_at"], cli["checked_at"]);
        assert_eq!(statuses(&report), statuses(&cli));
        assert!(stdout.contains("verdict 3\n"), "{stdout}");
    }
    // The library links no libsane: without it, only the scanner calls fail, clearly.
    let linked = Command::new("ldd")
        .arg(target_dir().join("libidverify.so"))
        .output()
        .unwrap();
    let linked = String::from_utf8_lossy(&linked.stdout);
    assert!(
        linked.contains("libc.so") && !linked.contains("libsane"),
        "{linked}"
    );
    let out = Command::new(dir.join("scan_page_false"))
        .args(["test:0", NOW])
        .env("SANE_CONFIG_DIR", &sane)
        .env(idverify_sane::LIBRARY_VARIABLE, "/nonexistent/libsane.so.1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(
            "idv_scanner_list_new: scanning unavailable (SANE not installed, scanner busy) or \
             the scanner failed (22): SANE is not installed: could not load \
             /nonexistent/libsane.so.1"
        ),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Writes the images of `lights` as a capture bundle in `dir` at 150 dpi.
fn write_bundle(dir: &Path, lights: &[(idverify::capture::Light, &Vec<u8>)]) {
    use idverify::capture::{BundleWriter, utc_time};
    let mut writer = BundleWriter::create(dir, "synthetic full-page reader", &utc_time(0)).unwrap();
    for (light, bytes) in lights {
        let file = format!("page1-{}.png", light.as_str());
        writer.add_image(&file, *light, 1, 150, bytes).unwrap();
    }
    writer.finish().unwrap();
}

/// examples/c/read_bundle.c: a genuine synthetic passport strip written as capture bundles
/// reaches the report with its images (their SHA-256, light and dpi), its optical MRZ read
/// from the white image and its optical checks passed, check for check as `verify report`
/// gives it; a serial reader's bundle gives its MRZ as the optical MRZ; a malformed
/// manifest, a missing image, a folder without a manifest, a 33rd image and bad arguments
/// get their codes. Under valgrind with the dynamic library, the bundle holds the white and
/// ultraviolet images (one MRZ read: about 50 s under valgrind in a debug build); the
/// static library runs natively with all three lights, the infrared check included.
#[test]
fn c_capture_bundle_reaches_the_report_valgrind_clean() {
    use idverify::capture::{BundleWriter, Light, MrzEntry, MrzSource, utc_time};
    use optical_support::lights::{Making, triple};
    let dir = std::env::temp_dir().join(format!("idverify-c-bundle-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (full, strip, serial, broken, missing, none) = (
        dir.join("full"),
        dir.join("strip"),
        dir.join("serial"),
        dir.join("broken"),
        dir.join("missing"),
        dir.join("none"),
    );
    let pages = triple(
        &OcrB::load(),
        21,
        plain(Kind::Td3, 150.0),
        &Making::genuine(5.0),
    );
    let (white, ir, uv) = (
        (Light::White, &pages.white.bytes),
        (Light::Ir, &pages.ir.bytes),
        (Light::Uv, &pages.uv.bytes),
    );
    write_bundle(&full, &[white, ir, uv]);
    write_bundle(&strip, &[white, uv]);
    write_bundle(&missing, &[white, uv]);
    std::fs::remove_file(missing.join("page1-uv.png")).unwrap();
    let (specimen, _) = specimen_passport();
    let mrz = specimen.dg1.mrz_text();
    let mut writer = BundleWriter::create(&serial, "/dev/ttyUSB0", &utc_time(0)).unwrap();
    writer.set_mrz(MrzEntry {
        text: mrz.clone(),
        source: MrzSource::Serial,
    });
    writer.finish().unwrap();
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(
        broken.join("manifest.json"),
        b"{\"version\": 1, \"images\": [",
    )
    .unwrap();
    std::fs::create_dir_all(&none).unwrap();

    for (images, static_lib) in [(&strip, false), (&full, true)] {
        let lights = if static_lib {
            vec![white, ir, uv]
        } else {
            vec![white, uv]
        };
        let cli = cli_report(images);
        let program = dir.join(format!("read_bundle_{static_lib}"));
        compile("read_bundle.c", &program, static_lib);
        let args: Vec<&str> = [images, &serial, &broken, &missing, &none]
            .iter()
            .map(|p| p.to_str().unwrap())
            .chain([NOW])
            .collect();
        let start = Instant::now();
        let out = if static_lib {
            Command::new(&program).args(&args).output().unwrap()
        } else {
            valgrind(&program, &args)
        };
        eprintln!("read_bundle (static {static_lib}): {:?}", start.elapsed());
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("0 unexpected answers"), "{stdout}{out:?}");
        // 32 images fit: 16 bundles of two, 10 of three.
        let bundles = 32 / lights.len();
        assert!(
            stdout.contains(&format!("bundles added {bundles}\n")),
            "{stdout}"
        );
        let report = labelled_json(&stdout, "report");
        let listed: Vec<(String, String, u64)> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["light"].as_str().unwrap().to_string(),
                    f["sha256"].as_str().unwrap().to_string(),
                    f["dpi"].as_u64().unwrap(),
                )
            })
            .collect();
        let written: Vec<(String, String, u64)> = lights
            .iter()
            .map(|(light, bytes)| {
                let hash = idverify::crypto::hash::sha256_hex(bytes);
                (light.as_str().to_string(), hash, 150)
            })
            .collect();
        assert_eq!(listed, written);
        assert_eq!(report["optical_mrz"]["source"], "image");
        assert_eq!(report["optical_mrz"]["light"], "white");
        assert_eq!(
            report["document"]["mrz"],
            serde_json::json!(pages.white.mrz.clone().unwrap())
        );
        let status = |id: &str| {
            report["checks"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == id)
                .map(|c| c["status"].clone())
        };
        let ir_status = if static_lib { "passed" } else { "not_checked" };
        assert_eq!(status("optical.mrz_ir"), Some(ir_status.into()), "{report}");
        for rule in ["optical.uv_dull", "optical.mrz_geometry"] {
            assert_eq!(status(rule), Some("passed".into()), "{rule}: {report}");
        }
        assert_eq!(report["verdict"], cli["verdict"]);
        assert_eq!(statuses(&report), statuses(&cli));
        let serial_report = labelled_json(&stdout, "serial");
        assert_eq!(serial_report["optical_mrz"]["source"], "serial_reader");
        assert_eq!(
            serial_report["document"]["mrz"],
            serde_json::json!(mrz.lines().collect::<Vec<_>>())
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// examples/c/verifier_config.c, with the dynamic library, under valgrind: the dumped
/// specimen verifies genuine with the defaults and fails `doc.blocked` once a JSON
/// configuration lists its number; refused documents (with their detail) leave the
/// configuration as it was, and the effective configuration read back configures another
/// verifier the same way, the face export the C ABI sets kept.
#[test]
fn c_verifier_configured_by_json_blocks_a_document_valgrind_clean() {
    let dir = std::env::temp_dir().join(format!("idverify-c-config-{}", std::process::id()));
    let DumpedSpecimen {
        dump,
        trust,
        specimen,
        ..
    } = dump_specimen(&dir);
    let today = idverify::verify::CheckTime::from_unix(NOW.parse().unwrap())
        .date()
        .unwrap();
    let mrz = idverify::mrz::parse(&specimen.dg1.mrz_text(), today).unwrap();

    let program = dir.join("verifier_config");
    compile("verifier_config.c", &program, false);
    let args = [
        trust.to_str().unwrap(),
        dump.to_str().unwrap(),
        mrz.issuer.code.as_str(),
        mrz.document_number.as_str(),
        NOW,
    ];
    let start = Instant::now();
    let out = valgrind(&program, &args);
    eprintln!("verifier_config under valgrind: {:?}", start.elapsed());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("0 unexpected answers"), "{stdout}");
    // idv_verdict: 0 genuine, 2 failed; idv_check_status: 1 failed, 3 not checked.
    assert!(
        stdout.contains("defaults: verdict 0, doc.blocked 3"),
        "{stdout}"
    );
    assert!(
        stdout.contains("blocked: verdict 2, doc.blocked 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("refused: verdict 2, doc.blocked 1"),
        "{stdout}"
    );
    assert!(
        stdout.contains("read back: verdict 2, doc.blocked 1"),
        "{stdout}"
    );
    assert!(stdout.contains("face export: jpeg_or_png"), "{stdout}");
    std::fs::remove_dir_all(&dir).unwrap();
}
