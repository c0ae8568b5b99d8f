//! MRZ rules: the chip files parse, check digits (ICAO 9303-3 §4.9), the sex field
//! (ICAO 9303-4 §4.2.2), and the printed MRZ equal to DG1 field by field.

use super::Outcome;
use super::mrz_read_certainty::{
    clear_differences, weigh_check_digits, weigh_equality, with_source,
};
use crate::mrz::Mrz;
use crate::verify::context::Context;

/// `lds.files_readable`: every file read parses as its type.
pub fn files_readable(cx: &Context<'_>) -> Outcome {
    if cx.input.files.is_empty() {
        return Outcome::not_checked("Keine Chipdaten gelesen", "No chip data read");
    }
    if cx.unreadable.is_empty() {
        return Outcome::passed(
            format!("{} Dateien gelesen und verstanden", cx.input.files.len()),
            format!("{} files read and understood", cx.input.files.len()),
        );
    }
    let mut o = Outcome::failed(
        "Chipdateien sind fehlerhaft kodiert",
        "Chip files are malformed",
    );
    for (name, err) in &cx.unreadable {
        o = o.with(name, err);
    }
    o
}

/// `mrz.check_digits`: every check digit of every MRZ given passes, no field has a bad character.
pub fn check_digits(cx: &Context<'_>) -> Outcome {
    let sources = [("optical", &cx.optical), ("DG1", &cx.chip_mrz)];
    let mut any = false;
    let mut failed = Vec::new();
    let mut o = Outcome::passed("", "");
    for (name, parsed) in sources {
        let Some(parsed) = parsed else { continue };
        any = true;
        match parsed {
            Err(e) => {
                failed.push(name);
                o = o.with(&format!("{name}.error"), e);
            }
            Ok(m) => {
                let bad: Vec<String> = m
                    .failed_checks()
                    .map(|c| {
                        format!(
                            "{} (expected {}, found {})",
                            c.kind.label(),
                            c.expected,
                            c.found
                        )
                    })
                    .chain(
                        m.problems
                            .iter()
                            .map(|p| format!("{}: {}", p.field, p.message)),
                    )
                    .collect();
                o = o.with(&format!("{name}.checks"), m.checks.len());
                if !bad.is_empty() {
                    failed.push(name);
                    o = o.with(&format!("{name}.failed"), bad.join("; "));
                }
            }
        }
    }
    if !any {
        return Outcome::not_checked("Keine MRZ vorhanden", "No MRZ available");
    }
    if failed.is_empty() {
        o.message = crate::verify::Text::new("Alle Prüfziffern stimmen", "All check digits match");
    } else {
        o.status = crate::pki::Status::Failed;
        o.message = crate::verify::Text::new(
            format!("Prüfziffer oder Feld falsch ({})", failed.join(", ")),
            format!("Check digit or field wrong ({})", failed.join(", ")),
        );
    }
    with_source(cx, weigh_check_digits(cx, o, &failed))
}

/// `mrz.sex_valid`: the sex field is `M`, `F`, `X` or `<`.
pub fn sex_valid(cx: &Context<'_>) -> Outcome {
    let Some(m) = cx.mrz() else {
        return Outcome::not_checked("Keine MRZ vorhanden", "No MRZ available");
    };
    match m.sex {
        Some(s) => Outcome::passed(format!("Geschlecht {s}"), format!("Sex {s}")).with("sex", s),
        None => Outcome::failed(
            "Geschlechtsfeld enthält ein unzulässiges Zeichen",
            "The sex field holds a character ICAO does not allow",
        ),
    }
}

/// `mrz.optical_equals_dg1`: the printed MRZ and DG1 agree character by character; the
/// evidence names the fields that differ.
pub fn optical_equals_dg1(cx: &Context<'_>) -> Outcome {
    let (Some(Ok(optical)), Some(Ok(chip))) = (&cx.optical, &cx.chip_mrz) else {
        return Outcome::not_checked(
            "Gedruckte MRZ und DG1 nicht beide vorhanden",
            "Printed MRZ and DG1 not both available",
        );
    };
    let fields = if optical.lines == chip.lines {
        Vec::new()
    } else {
        differing_fields(optical, chip)
    };
    if let Some(o) = weigh_equality(cx, optical, chip, &fields) {
        return with_source(cx, o);
    }
    if fields.is_empty() {
        let o = Outcome::passed("Gedruckte MRZ gleich DG1", "Printed MRZ equals DG1");
        return with_source(cx, o);
    }
    let mut o = Outcome::failed(
        format!("Gedruckte MRZ weicht von DG1 ab: {}", fields.join(", ")),
        format!("Printed MRZ differs from DG1: {}", fields.join(", ")),
    )
    .with("fields", fields.join(","))
    .with("optical", optical.lines.join("/"))
    .with("dg1", chip.lines.join("/"));
    if let Some(clear) = clear_differences(cx, optical, chip) {
        o = o.with("differs_where_read_clearly", clear);
    }
    with_source(cx, o)
}

fn differing_fields(a: &Mrz, b: &Mrz) -> Vec<&'static str> {
    let date = |d: &Option<crate::mrz::MrzDate>| d.as_ref().map(|d| d.raw.clone());
    let pairs: [(&'static str, bool); 10] = [
        ("layout", a.layout == b.layout),
        ("document_code", a.document_code == b.document_code),
        ("issuing_state", a.issuer == b.issuer),
        ("document_number", a.document_number == b.document_number),
        ("names", a.names == b.names),
        ("nationality", a.nationality == b.nationality),
        ("date_of_birth", date(&a.birth_date) == date(&b.birth_date)),
        ("sex", a.sex == b.sex),
        (
            "date_of_expiry",
            date(&a.expiry_date) == date(&b.expiry_date),
        ),
        ("optional_data", a.optional_data == b.optional_data),
    ];
    let mut out: Vec<&'static str> = pairs
        .iter()
        .filter(|(_, same)| !same)
        .map(|(n, _)| *n)
        .collect();
    if out.is_empty() {
        out.push("check_digits");
    }
    out
}
