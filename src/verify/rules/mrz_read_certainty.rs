//! How an uncertain image read of the MRZ weighs in the MRZ rules: a read that is not
//! certain never lets `mrz.check_digits` or `mrz.optical_equals_dg1` pass; where the doubt
//! could be the reader's rather than the document's, the rule gives `warning` (staff compare
//! the document by eye) instead of `passed` or `failed`.

use super::Outcome;
use crate::mrz::Mrz;
use crate::pki::Status;
use crate::verify::Text;
use crate::verify::context::Context;
use crate::verify::optical_origin::OpticalMrzOrigin;

/// The origin of the optical MRZ when it is an image read that is not certain.
fn uncertain_read<'c>(cx: &'c Context<'_>) -> Option<&'c OpticalMrzOrigin> {
    cx.optical_origin
        .as_ref()
        .filter(|o| cx.optical.is_some() && o.is_uncertain_image_read())
}

/// Adds where the optical MRZ came from to `o`'s evidence, when there is one.
pub(super) fn with_source(cx: &Context<'_>, o: Outcome) -> Outcome {
    match (&cx.optical, &cx.optical_origin) {
        (Some(_), Some(origin)) => o.with("optical.source", origin.describe()),
        _ => o,
    }
}

/// `mrz.check_digits` for an uncertain image read: all passing becomes `warning`; failures
/// of the optical MRZ alone become `warning` unless every open position is a clearly read
/// glyph whose check digit fails (the document is printed so: the failure stands).
pub(super) fn weigh_check_digits(cx: &Context<'_>, mut o: Outcome, failed: &[&str]) -> Outcome {
    let Some(origin) = uncertain_read(cx) else {
        return o;
    };
    let open = origin.open_positions();
    o = o.with("optical.uncertain", &open);
    if failed.is_empty() {
        o.status = Status::Warning;
        o.message = Text::new(
            format!("Prüfziffern stimmen, aber die MRZ aus dem Bild ist unsicher gelesen: {open}"),
            format!("Check digits match, but the MRZ from the image is read with doubt: {open}"),
        );
    } else if failed == ["optical"] && !origin.only_failing_check_digits() {
        o.status = Status::Warning;
        o.message = Text::new(
            format!(
                "Prüfziffer der MRZ aus dem Bild falsch, das Bild ist aber unsicher gelesen: {open}"
            ),
            format!(
                "A check digit of the MRZ from the image fails, but the read is uncertain: {open}"
            ),
        );
    }
    o
}

/// `mrz.optical_equals_dg1` for an uncertain image read (`None` for any other optical
/// MRZ): equal becomes `warning`; differing only at positions the read left open becomes
/// `warning` naming them; a difference at a clearly read position stays `failed`.
pub(super) fn weigh_equality(
    cx: &Context<'_>,
    optical: &Mrz,
    chip: &Mrz,
    fields: &[&str],
) -> Option<Outcome> {
    let origin = uncertain_read(cx)?;
    let open = origin.open_positions();
    let differing = differing_positions(&optical.lines, &chip.lines)?;
    let o = if differing.is_empty() {
        Outcome::new(
            Status::Warning,
            format!("Gedruckte MRZ gleich DG1, aber aus dem Bild unsicher gelesen: {open}"),
            format!("Printed MRZ equals DG1, but the image read is uncertain: {open}"),
        )
    } else if differing.iter().all(|&(l, c)| origin.is_open(l, c)) {
        Outcome::new(
            Status::Warning,
            format!(
                "Gedruckte MRZ weicht von DG1 nur an unsicher gelesenen Stellen ab ({}): bitte \
                 am Dokument vergleichen",
                fields.join(", ")
            ),
            format!(
                "Printed MRZ differs from DG1 only where the image read is uncertain ({}): \
                 compare with the document",
                fields.join(", ")
            ),
        )
        .with("fields", fields.join(","))
    } else {
        return None;
    };
    Some(
        o.with("optical.uncertain", open)
            .with("optical", optical.lines.join("/"))
            .with("dg1", chip.lines.join("/")),
    )
}

/// The positions (line, column, from 1) where two MRZs of the same shape differ; `None`
/// when their shapes differ.
fn differing_positions(a: &[String], b: &[String]) -> Option<Vec<(usize, usize)>> {
    if a.len() != b.len() || a.iter().zip(b).any(|(x, y)| x.len() != y.len()) {
        return None;
    }
    Some(
        a.iter()
            .zip(b)
            .enumerate()
            .flat_map(|(l, (x, y))| {
                x.bytes()
                    .zip(y.bytes())
                    .enumerate()
                    .filter(|(_, (p, q))| p != q)
                    .map(move |(c, _)| (l + 1, c + 1))
            })
            .collect(),
    )
}

/// The positions where a clearly read glyph differs from DG1, in words (for a failed
/// comparison of an uncertain read).
pub(super) fn clear_differences(cx: &Context<'_>, optical: &Mrz, chip: &Mrz) -> Option<String> {
    let origin = uncertain_read(cx)?;
    let differing = differing_positions(&optical.lines, &chip.lines)?;
    let clear: Vec<String> = differing
        .into_iter()
        .filter(|&(l, c)| !origin.is_open(l, c))
        .map(|(l, c)| format!("line {l} column {c}"))
        .collect();
    Some(clear.join(", "))
}
