//! The capture bundle: written and read back, its manifest valid against
//! `schema/capture.schema.json`, and a clear error for every way a folder can be broken.

#[path = "support/json_schema.rs"]
mod json_schema;

use idverify::capture::{
    Bundle, BundleWriter, CaptureError, Light, MANIFEST_SCHEMA, Manifest, MrzEntry, MrzSource,
    utc_time,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MRZ: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

/// A fresh, empty folder for one test.
fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("idverify-capture-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A bundle with white, IR and UV images and a serial MRZ.
fn write_bundle(dir: &Path) -> Manifest {
    let mut writer = BundleWriter::create(dir, "test:0", &utc_time(1_767_225_600)).unwrap();
    writer
        .add_image("page1-white.png", Light::White, 1, 600, b"white pixels")
        .unwrap();
    writer
        .add_image("page1-ir.png", Light::Ir, 1, 600, b"ir pixels")
        .unwrap();
    writer
        .add_image("page1-uv.png", Light::Uv, 1, 300, b"uv pixels")
        .unwrap();
    writer.set_mrz(MrzEntry {
        text: MRZ.into(),
        source: MrzSource::Serial,
    });
    writer.finish().unwrap()
}

fn schema_errors(manifest: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(MANIFEST_SCHEMA).unwrap();
    let mut errors = Vec::new();
    json_schema::validate(&schema, &schema, manifest, "$", &mut errors);
    errors
}

/// Rewrites the manifest of the bundle in `dir` through `edit`.
fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut Value)) {
    let path = dir.join("manifest.json");
    let mut v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(path, serde_json::to_vec(&v).unwrap()).unwrap();
}

#[test]
fn written_bundle_reads_back_and_fits_the_schema() {
    let dir = folder("roundtrip");
    let written = write_bundle(&dir);
    let bundle = Bundle::open(&dir).unwrap();
    assert_eq!(bundle.manifest(), &written);
    assert_eq!(written.time, "2026-01-01T00:00:00Z");
    bundle.verify_images().unwrap();
    let ir = bundle.image_for(Light::Ir).unwrap();
    assert_eq!(
        (ir.file.as_str(), ir.dpi, ir.page),
        ("page1-ir.png", 600, 1)
    );
    assert_eq!(bundle.read_image(ir).unwrap(), b"ir pixels");
    // SHA-256("ir pixels"), independently: printf 'ir pixels' | sha256sum
    assert_eq!(
        ir.sha256,
        "3d9325ed8bbc546080a67c9489178c04e71e8041bcec6318255401ed704f242f"
    );
    assert!(bundle.image_for(Light::Coaxial).is_none());
    let on_disk: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(schema_errors(&on_disk), Vec::<String>::new());
    // An MRZ-only bundle (a serial reader) fits too.
    let serial = folder("serial-only");
    let mut writer =
        BundleWriter::create(&serial, "serial:/dev/ttyUSB0", "2026-02-03T04:05:06Z").unwrap();
    writer.set_mrz(MrzEntry {
        text: MRZ.into(),
        source: MrzSource::Serial,
    });
    writer.finish().unwrap();
    let on_disk: Value =
        serde_json::from_slice(&std::fs::read(serial.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(schema_errors(&on_disk), Vec::<String>::new());
    assert!(Bundle::open(&serial).unwrap().manifest().images.is_empty());
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(serial).unwrap();
}

#[test]
fn the_schema_check_refuses_what_the_reader_refuses() {
    let dir = folder("schema-negative");
    write_bundle(&dir);
    let good: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    type Edit = fn(&mut Value);
    let cases: [(&str, Edit); 5] = [
        ("light", |v| v["images"][0]["light"] = "infrared".into()),
        ("file", |v| v["images"][0]["file"] = "../escape.png".into()),
        ("sha", |v| v["images"][0]["sha256"] = "ABC".into()),
        ("time", |v| v["time"] = "yesterday".into()),
        ("extra", |v| v["colour"] = true.into()),
    ];
    for (name, edit) in cases {
        let mut bad = good.clone();
        edit(&mut bad);
        assert!(
            !schema_errors(&bad).is_empty(),
            "{name}: schema accepted it"
        );
        let bytes = serde_json::to_vec(&bad).unwrap();
        assert!(
            Manifest::from_json(&bytes).is_err(),
            "{name}: reader accepted it"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_broken_manifest_is_a_clear_error() {
    let dir = folder("broken");
    std::fs::write(dir.join("manifest.json"), b"{\"version\": 1, \"device\": ").unwrap();
    let e = Bundle::open(&dir).unwrap_err();
    assert!(matches!(e, CaptureError::BrokenManifest(_)), "{e:?}");
    assert!(
        e.to_string()
            .starts_with("broken manifest.json: EOF while parsing"),
        "{e}"
    );

    let dir = folder("broken-light");
    write_bundle(&dir);
    edit_manifest(&dir, |v| v["images"][1]["light"] = "infrared".into());
    let e = Bundle::open(&dir).unwrap_err().to_string();
    assert!(
        e.contains("unknown variant `infrared`, expected one of `white`, `ir`, `uv`, `coaxial`"),
        "{e}"
    );

    edit_manifest(&dir, |v| v["version"] = 2.into());
    let e = Bundle::open(&dir).unwrap_err();
    assert!(matches!(e, CaptureError::Version(2)), "{e:?}");

    let empty = folder("no-manifest");
    let e = Bundle::open(&empty).unwrap_err();
    assert!(matches!(e, CaptureError::NoManifest(_)), "{e:?}");
    assert!(!Bundle::is_bundle(&empty));

    let huge = folder("huge");
    std::fs::write(huge.join("manifest.json"), vec![b' '; 70_000]).unwrap();
    let e = Bundle::open(&huge).unwrap_err();
    assert!(matches!(e, CaptureError::BrokenManifest(_)), "{e:?}");
    for d in [dir, empty, huge] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn missing_escaping_and_changed_images_are_refused() {
    let dir = folder("missing");
    write_bundle(&dir);
    std::fs::remove_file(dir.join("page1-uv.png")).unwrap();
    let e = Bundle::open(&dir).unwrap_err();
    assert!(
        matches!(&e, CaptureError::MissingImage(f) if f == "page1-uv.png"),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "image \"page1-uv.png\" listed in manifest.json is missing"
    );

    let dir2 = folder("escape");
    write_bundle(&dir2);
    edit_manifest(&dir2, |v| {
        v["images"][0]["file"] = "../../etc/passwd".into()
    });
    let e = Bundle::open(&dir2).unwrap_err();
    assert!(matches!(e, CaptureError::PathEscape(_)), "{e:?}");

    // A symbolic link inside the folder that points out of it.
    let dir3 = folder("symlink");
    write_bundle(&dir3);
    let outside = folder("symlink-target");
    std::fs::write(outside.join("secret.png"), b"white pixels").unwrap();
    std::fs::remove_file(dir3.join("page1-white.png")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.png"), dir3.join("page1-white.png")).unwrap();
    let e = Bundle::open(&dir3).unwrap_err();
    assert!(matches!(e, CaptureError::PathEscape(_)), "{e:?}");

    let dir4 = folder("changed");
    write_bundle(&dir4);
    std::fs::write(dir4.join("page1-ir.png"), b"retouched").unwrap();
    let bundle = Bundle::open(&dir4).unwrap();
    let e = bundle.verify_images().unwrap_err();
    assert!(
        matches!(&e, CaptureError::HashMismatch { file } if file == "page1-ir.png"),
        "{e:?}"
    );
    for d in [dir, dir2, dir3, outside, dir4] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn the_writer_refuses_to_overwrite_and_bad_names() {
    let dir = folder("overwrite");
    write_bundle(&dir);
    let e = BundleWriter::create(&dir, "test:0", "2026-01-01T00:00:00Z").unwrap_err();
    assert!(matches!(e, CaptureError::Exists(_)), "{e:?}");
    let fresh = folder("names");
    let mut writer = BundleWriter::create(&fresh, "test:0", "2026-01-01T00:00:00Z").unwrap();
    let e = writer
        .add_image("../up.png", Light::White, 1, 300, b"x")
        .unwrap_err();
    assert!(matches!(e, CaptureError::PathEscape(_)), "{e:?}");
    assert!(
        writer
            .add_image("manifest.json", Light::White, 1, 300, b"x")
            .is_err()
    );
    assert!(
        writer
            .add_image(".hidden.png", Light::White, 1, 300, b"x")
            .is_err()
    );
    // Nothing listed and no MRZ: not a bundle.
    assert!(matches!(
        writer.finish(),
        Err(CaptureError::BrokenManifest(_))
    ));
    assert!(!Bundle::is_bundle(&fresh));
    let mut writer = BundleWriter::create(&fresh, "test:0", "01/01/2026").unwrap();
    writer
        .add_image("a.png", Light::White, 1, 300, b"x")
        .unwrap();
    assert!(matches!(
        writer.finish(),
        Err(CaptureError::BrokenManifest(_))
    ));
    std::fs::remove_dir_all(dir).unwrap();
    std::fs::remove_dir_all(fresh).unwrap();
}

#[test]
fn source_names_give_the_light() {
    for (source, light) in [
        ("Flatbed", Light::White),
        ("Automatic Document Feeder", Light::White),
        ("Infrared", Light::Ir),
        ("Transparency IR", Light::Ir),
        ("NIR 900nm", Light::Ir),
        ("UV", Light::Uv),
        ("Ultraviolet (365 nm)", Light::Uv),
        ("Coaxial", Light::Coaxial),
        // "ir" inside a word is no infrared.
        ("Mirror", Light::White),
    ] {
        assert_eq!(Light::from_source_name(source), light, "{source}");
    }
}

#[test]
fn utc_times() {
    assert_eq!(utc_time(0), "1970-01-01T00:00:00Z");
    assert_eq!(utc_time(1_700_000_000), "2023-11-14T22:13:20Z");
    assert_eq!(utc_time(951_782_400), "2000-02-29T00:00:00Z");
}
