//! The report as text for staff, in German or English: verdict, document data, every check
//! with its status and message, and the chip's read costs.

use super::biometrics::{BiometricAccess, BiometricSummary, eye_name, finger_position};
use super::lang::Lang;
use super::report::Report;
use crate::pki::Status;
use std::fmt::Write;

fn status_label(status: Status, lang: Lang) -> &'static str {
    match (status, lang) {
        (Status::Passed, Lang::De) => "OK",
        (Status::Passed, Lang::En) => "ok",
        (Status::Failed, Lang::De) => "FEHLER",
        (Status::Failed, Lang::En) => "FAILED",
        (Status::Warning, Lang::De) => "WARNUNG",
        (Status::Warning, Lang::En) => "WARNING",
        (Status::NotChecked, Lang::De) => "n. gepr.",
        (Status::NotChecked, Lang::En) => "not chk.",
        (Status::Unsupported, Lang::De) => "n. unterst.",
        (Status::Unsupported, Lang::En) => "unsupp.",
    }
}

/// Renders `report` in `lang`.
pub fn render(report: &Report, lang: Lang) -> String {
    let de = lang == Lang::De;
    let l = |g: &'static str, e: &'static str| if de { g } else { e };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {}",
        l("Ergebnis", "Verdict"),
        report.verdict_text.get(lang)
    );
    for u in &report.unmet_requirements {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            l("Für ECHT fehlt", "Genuine requires"),
            u.check,
            u.message.get(lang)
        );
    }
    let _ = writeln!(
        out,
        "{} {}",
        l("Prüfzeitpunkt", "Checked at"),
        report.checked_at
    );
    if let Some(d) = &report.document {
        let _ = writeln!(out, "\n{}", l("Dokument", "Document"));
        let mut row = |label: &str, value: &str| {
            let _ = writeln!(out, "  {label:<22} {value}");
        };
        let source = match (d.source.as_str(), de) {
            ("chip", true) => "Chip (DG1)",
            ("chip", false) => "chip (DG1)",
            (_, true) => "optisch gelesene MRZ",
            _ => "optically read MRZ",
        };
        row(l("Quelle", "Source"), source);
        row(l("Dokumentenart", "Document code"), &d.document_code);
        row(l("Ausstellerstaat", "Issuing state"), &d.issuing_state);
        row(l("Dokumentennummer", "Document number"), &d.document_number);
        row(l("Name", "Surname"), &d.primary_identifier);
        row(l("Vornamen", "Given names"), &d.secondary_identifier);
        let opt = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
        row(
            l("Staatsangehörigkeit", "Nationality"),
            &opt(&d.nationality),
        );
        row(l("Geburtsdatum", "Date of birth"), &opt(&d.date_of_birth));
        row(l("Geschlecht", "Sex"), &opt(&d.sex));
        row(l("Ablaufdatum", "Date of expiry"), &opt(&d.date_of_expiry));
        if d.date_of_issue.is_some() {
            row(
                l("Ausstellungsdatum", "Date of issue"),
                &opt(&d.date_of_issue),
            );
        }
        if d.issuing_authority.is_some() {
            row(l("Behörde", "Authority"), &opt(&d.issuing_authority));
        }
        if let Some(place) = &d.place_of_birth {
            // DG11 separates a place's parts with `<` (ICAO 9303-10, DG11): shown as ", ".
            let parts: Vec<&str> = place.split('<').filter(|p| !p.is_empty()).collect();
            row(l("Geburtsort", "Place of birth"), &parts.join(", "));
        }
        if !d.unsigned.is_empty() {
            let what = format!(
                "{} {}",
                d.unsigned.join(", "),
                l(
                    "(Angaben nicht durch EF.SOD belegt)",
                    "(data not proven by EF.SOD)"
                )
            );
            row(l("Nicht signiert", "Not signed"), &what);
        }
        if let Some(f) = &d.face {
            let face = format!("{} {}x{}", f.format, f.width, f.height);
            row(l("Lichtbild", "Face"), &face);
        }
    }
    if let Some(origin) = &report.optical_mrz {
        let _ = writeln!(
            out,
            "  {:<22} {}",
            l("Optische MRZ", "Optical MRZ"),
            optical_origin_text(origin, lang)
        );
    }
    if !report.biometrics.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            l("Biometrie (DG3/DG4)", "Biometrics (DG3/DG4)")
        );
        for g in &report.biometrics {
            biometric_lines(&mut out, g, lang);
        }
    }
    if let Some(eid) = &report.eid
        && !eid.read.is_empty()
    {
        let _ = writeln!(out, "\n{}", l("eID-Anwendung", "eID application"));
        for f in &eid.read {
            let name = if de {
                super::eid::eid_dg_name_de(f.data_group)
            } else {
                f.name
            };
            let value = f
                .value
                .as_deref()
                .or(f.error.as_deref())
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {:<26} {value}",
                format!("DG{} {name}", f.data_group)
            );
        }
    }
    let _ = writeln!(out, "\n{}", l("Prüfungen", "Checks"));
    for c in &report.checks {
        let _ = writeln!(
            out,
            "  {:<11} {:<36} {}",
            status_label(c.status, lang),
            c.id.as_str(),
            c.message.get(lang)
        );
        if matches!(c.status, Status::Failed | Status::Warning) {
            for (k, v) in &c.evidence {
                let _ = writeln!(out, "{:<15}{k}: {v}", "");
            }
        }
    }
    if let Some(chip) = &report.chip {
        let _ = writeln!(out, "\n{}", l("Chip", "Chip"));
        if let Some(r) = &chip.reader {
            let _ = writeln!(out, "  {:<22} {r}", l("Lesegerät", "Reader"));
        }
        if let Some(p) = &chip.access_protocol {
            let _ = writeln!(
                out,
                "  {:<22} {p}: {} APDUs, {} ms",
                l("Zugriff", "Access"),
                chip.access_apdus,
                chip.access_millis
            );
        }
        for f in &chip.files {
            let _ = writeln!(
                out,
                "  {:<22} {} {}, {} APDUs, {} ms",
                f.file,
                f.bytes,
                l("Bytes", "bytes"),
                f.apdus,
                f.millis
            );
        }
        let _ = writeln!(
            out,
            "  {:<22} {} APDUs, {} {} {}, {} ms",
            l("Gesamt", "Total"),
            chip.apdus,
            chip.bytes_received,
            l("Bytes", "bytes"),
            l("empfangen", "received"),
            chip.millis
        );
    }
    out
}

/// One line per DG3/DG4 image: position, compression, size, resolution, quality.
fn biometric_lines(out: &mut String, g: &BiometricSummary, lang: Lang) {
    let de = lang == Lang::De;
    let access = match (g.access, de) {
        (BiometricAccess::Read, _) => None,
        (BiometricAccess::NotReadable, true) => Some("nicht lesbar (EAC nötig)".to_string()),
        (BiometricAccess::NotReadable, false) => Some("not readable (EAC needed)".to_string()),
        (BiometricAccess::Malformed, _) => Some(format!(
            "{}: {}",
            if de {
                "Struktur fehlerhaft"
            } else {
                "malformed"
            },
            g.error.as_deref().unwrap_or_default()
        )),
    };
    if let Some(a) = access {
        let _ = writeln!(out, "  {:<22} {a}", g.data_group);
    }
    for i in &g.images {
        let name = match (i.standard.as_str(), i.position_code) {
            ("ISO/IEC 19794-4", Some(code)) => finger_position(code).1.get(lang).to_string(),
            ("ISO/IEC 19794-6", Some(code)) => eye_name(code).1.get(lang).to_string(),
            _ => i.standard.clone(),
        };
        let mut parts = vec![name];
        parts.extend(i.compression.clone());
        if let (Some(w), Some(h)) = (i.width, i.height) {
            parts.push(format!("{w}×{h}"));
        }
        parts.extend(i.resolution_ppi.map(|r| format!("{r} ppi")));
        let quality = if de { "Qualität" } else { "quality" };
        parts.extend(i.quality.map(|q| format!("{quality} {q}")));
        let _ = writeln!(out, "  {:<22} {}", g.data_group, parts.join(", "));
    }
}

/// Where the optical MRZ came from and how sure an image read is, in one line.
fn optical_origin_text(o: &super::optical_origin::OpticalMrzOrigin, lang: Lang) -> String {
    use super::optical_origin::OpticalSource;
    let de = lang == Lang::De;
    let l = |g: &'static str, e: &'static str| if de { g } else { e };
    match o.source {
        OpticalSource::Typed => l("eingegeben", "typed").into(),
        OpticalSource::SerialReader => l("vom MRZ-Lesegerät", "from the MRZ reader").into(),
        OpticalSource::Image => {
            let light = o.light.map_or("", |x| x.as_str());
            let page = o.page.unwrap_or(1);
            let image = format!(
                "{} {light}, {} {page}",
                l("Bild", "image"),
                l("Seite", "page")
            );
            let how = match (&o.error, o.certain) {
                (Some(e), _) => format!("{}: {e}", l("nicht gelesen", "not read")),
                (None, Some(true)) => l("sicher gelesen", "read with certainty").into(),
                _ => format!(
                    "{}: {}",
                    l("unsicher gelesen", "read with doubt"),
                    o.open_positions()
                ),
            };
            let confidence = o
                .min_confidence
                .map(|c| format!(", {} {:.2}", l("min. Konfidenz", "min. confidence"), c.0))
                .unwrap_or_default();
            format!("{image}, {how}{confidence}")
        }
    }
}
