//! Optical rules on the scanner's images: the MRZ absorbs in the near infrared
//! (`optical.mrz_ir`, ICAO 9303-3 §4.11), the substrate stays dull under ultraviolet light
//! (`optical.uv_dull`, ICAO 9303-3 §4.11 "Fluorescence", ICAO 9303-2's UV-dull substrate),
//! and the MRZ is printed at the standard pitch, line spacing and skew
//! (`optical.mrz_geometry`, ICAO 9303-3 §4.4/§4.11, ISO 1831 §6).
//!
//! Images of one page are taken to share one pixel grid, as a full-page reader delivers
//! them (the document lies still while the lights change): a character box found in the
//! white image marks the same spot in the infrared and ultraviolet ones. Images of
//! different sizes are not compared.
//!
//! Each rule is `not_checked` without its image or without an MRZ read where it needs one;
//! passing adds nothing to what `genuine` requires.

use super::Outcome;
use crate::optical::{Light, OpticalMrz, mrz_geometry, print_contrast, substrate_fluorescence};
use crate::pki::Status;
use crate::verify::config::OpticalThresholds;
use crate::verify::context::Context;
use crate::verify::scan_reads::{ScanRead, scan_with_mrz};

/// `optical.mrz_ir`: the MRZ reads in the infrared image with PCS/min at least the
/// threshold, and equals the MRZ read in white light.
pub fn mrz_ir(cx: &Context<'_>, t: &OpticalThresholds) -> Outcome {
    let Some(ir) = infrared_scan(cx) else {
        return Outcome::not_checked("Kein Infrarotbild", "No infrared image");
    };
    let grey = match &ir.grey {
        Ok(g) => g,
        Err(e) => return undecodable(ir, e),
    };
    let white = on_page(cx, Light::White, ir.image.page);
    let white_mrz = white.and_then(ScanRead::mrz);
    let o = |o: Outcome| named(o, "ir", ir);
    match ir.mrz.as_ref() {
        Some(Ok(read)) => {
            let cells = read.chars.iter().flatten().map(|c| &c.cell);
            let Some(pcs) = print_contrast(grey, cells) else {
                return o(Outcome::not_checked(
                    "MRZ-Zeichen liegen außerhalb des Infrarotbilds",
                    "The MRZ's characters lie outside the infrared image",
                ));
            };
            let evidence = |o: Outcome| {
                o.with("ir.pcs_min", format!("{:.2}", pcs.pcs_min))
                    .with("ir.pcs_median", format!("{:.2}", pcs.pcs_median))
                    .with("ir.pcs_threshold", format!("{:.2}", t.ir_min_pcs))
            };
            if pcs.pcs_min < t.ir_min_pcs {
                return o(evidence(Outcome::failed(
                    format!(
                        "MRZ im Infrarotbild zu schwach: Druckkontrast {:.2} < {:.2}",
                        pcs.pcs_min, t.ir_min_pcs
                    ),
                    format!(
                        "MRZ too faint in infrared: print contrast {:.2} < {:.2}",
                        pcs.pcs_min, t.ir_min_pcs
                    ),
                )));
            }
            o(evidence(compare_with_white(read, white_mrz)))
        }
        _ => match (white, white_mrz) {
            (Some(white), Some(white_read)) => {
                let same_grid = white
                    .grey
                    .as_ref()
                    .is_ok_and(|w| w.width() == grey.width() && w.height() == grey.height());
                let cells = white_read.chars.iter().flatten().map(|c| &c.cell);
                let pcs = same_grid.then(|| print_contrast(grey, cells)).flatten();
                let mut out = match pcs {
                    Some(p) if p.pcs_min >= t.ir_min_pcs => Outcome::new(
                        Status::Warning,
                        "MRZ im Infrarotbild dunkel, aber nicht lesbar",
                        "MRZ dark in infrared but not readable there",
                    ),
                    _ => Outcome::failed(
                        "MRZ im Infrarotbild nicht lesbar: sie verschwindet (keine IR-absorbierende Farbe)",
                        "MRZ not readable in infrared: it vanishes (ink does not absorb infrared)",
                    ),
                };
                if let Some(p) = pcs {
                    out = out
                        .with("ir.pcs_min", format!("{:.2}", p.pcs_min))
                        .with("ir.pcs_threshold", format!("{:.2}", t.ir_min_pcs));
                }
                if let Some(Err(e)) = &ir.mrz {
                    out = out.with("ir.read", e);
                }
                o(named(out, "white", white))
            }
            _ => o(Outcome::not_checked(
                "MRZ weder im Weißlicht- noch im Infrarotbild gelesen",
                "MRZ read neither in the white-light nor in the infrared image",
            )),
        },
    }
}

/// The IR read against the white one: equal passes; a difference fails when both reads are
/// certain and warns otherwise (a misread glyph is no forgery).
fn compare_with_white(ir: &OpticalMrz, white: Option<&OpticalMrz>) -> Outcome {
    let Some(white) = white else {
        return Outcome::passed(
            "MRZ im Infrarotbild kontrastreich gelesen (kein Weißlichtbild zum Vergleich)",
            "MRZ read in infrared with full contrast (no white-light read to compare)",
        );
    };
    if white.lines == ir.lines {
        return Outcome::passed(
            "MRZ im Infrarotbild kontrastreich und gleich der Weißlicht-MRZ",
            "MRZ in infrared has full contrast and equals the white-light MRZ",
        );
    }
    let differ = Outcome::new(
        if white.is_certain() && ir.is_certain() {
            Status::Failed
        } else {
            Status::Warning
        },
        "MRZ im Infrarotbild weicht von der Weißlicht-MRZ ab",
        "MRZ in infrared differs from the white-light MRZ",
    );
    differ
        .with("ir.mrz", ir.text())
        .with("white.mrz", white.text())
        .with("ir.certain", ir.is_certain())
        .with("white.certain", white.is_certain())
}

/// `optical.uv_dull`: the blank substrate around the MRZ in the ultraviolet image, against
/// the same points in the white image, stays below the threshold.
pub fn uv_dull(cx: &Context<'_>, t: &OpticalThresholds) -> Outcome {
    let uv = mrz_page(cx)
        .and_then(|page| on_page(cx, Light::Uv, page))
        .or_else(|| cx.scans.iter().find(|s| s.image.light == Light::Uv));
    let Some(uv) = uv else {
        return Outcome::not_checked("Kein UV-Bild", "No ultraviolet image");
    };
    let uv_grey = match &uv.grey {
        Ok(g) => g,
        Err(e) => return undecodable(uv, e),
    };
    let o = |o: Outcome| named(o, "uv", uv);
    let Some(white) = on_page(cx, Light::White, uv.image.page) else {
        return o(Outcome::not_checked(
            "Kein Weißlichtbild derselben Seite zum Vergleich",
            "No white-light image of the same page to compare with",
        ));
    };
    let Ok(white_grey) = &white.grey else {
        return o(Outcome::not_checked(
            "Weißlichtbild nicht lesbar",
            "White-light image does not decode",
        ));
    };
    // The MRZ's place: from the white read, else from the infrared one of the same page.
    let Some(read) = white
        .mrz()
        .or_else(|| on_page(cx, Light::Ir, uv.image.page)?.mrz())
    else {
        return o(Outcome::not_checked(
            "MRZ nicht gelesen: der Bereich um sie ist nicht bekannt",
            "MRZ not read: the area around it is unknown",
        ));
    };
    let Some(f) = substrate_fluorescence(white_grey, uv_grey, read) else {
        return o(Outcome::not_checked(
            "UV- und Weißlichtbild nicht vergleichbar (verschiedene Größe oder zu wenig freies Papier um die MRZ)",
            "Ultraviolet and white-light images not comparable (different sizes or too little blank paper around the MRZ)",
        ));
    };
    let out = if f.ratio > t.uv_max_fluorescence {
        Outcome::failed(
            format!(
                "Papier leuchtet unter UV: {:.2} des Weißlichtwerts > {:.2} (optische Aufheller?)",
                f.ratio, t.uv_max_fluorescence
            ),
            format!(
                "Paper glows under UV: {:.2} of its white-light level > {:.2} (optical brighteners?)",
                f.ratio, t.uv_max_fluorescence
            ),
        )
    } else {
        Outcome::passed(
            format!(
                "Papier um die MRZ unter UV matt: {:.2} des Weißlichtwerts",
                f.ratio
            ),
            format!(
                "Paper around the MRZ dull under UV: {:.2} of its white-light level",
                f.ratio
            ),
        )
    };
    o(out
        .with("uv.fluorescence_ratio", format!("{:.3}", f.ratio))
        .with("uv.threshold", format!("{:.2}", t.uv_max_fluorescence))
        .with("uv.paper_level", format!("{:.3}", f.uv_paper))
        .with("white.paper_level", format!("{:.3}", f.white_paper))
        .with("uv.paper_points", f.samples))
}

/// `optical.mrz_geometry`: pitch, line spacing and skew of the MRZ read from the white (else
/// the infrared) image, at the resolution the scanner or the file stated.
pub fn mrz_geometry_rule(cx: &Context<'_>, t: &OpticalThresholds) -> Outcome {
    let found = [Light::White, Light::Ir]
        .into_iter()
        .filter_map(|l| scan_with_mrz(&cx.scans, l))
        .find_map(|s| Some((s, s.mrz()?, s.grey.as_ref().ok()?)));
    let Some((scan, read, grey)) = found else {
        let any = cx
            .scans
            .iter()
            .any(|s| matches!(s.image.light, Light::White | Light::Ir));
        return if any {
            Outcome::not_checked("MRZ in keinem Bild gelesen", "MRZ not read in any image")
        } else {
            Outcome::not_checked(
                "Kein Weißlicht- oder Infrarotbild",
                "No white-light or infrared image",
            )
        };
    };
    let light = scan.image.light.as_str();
    let o = |o: Outcome| named(o, light, scan);
    let Some(dpi) = grey.dpi else {
        return o(Outcome::not_checked(
            "Auflösung nicht angegeben (die geschätzte folgt aus dem Zeichenabstand selbst)",
            "Resolution not stated (the estimate comes from the character pitch itself)",
        )
        .with("estimated_dpi", format!("{:.0}", read.dpi)));
    };
    let Some(g) = mrz_geometry(read, dpi) else {
        return o(Outcome::not_checked(
            "MRZ-Geometrie nicht messbar",
            "MRZ geometry not measurable",
        ));
    };
    let px_mm = 25.4 / dpi;
    let allowance = t.length_allowance_px * px_mm;
    let cells = read.chars.first().map_or(1, Vec::len).max(2) as f32;
    let pitch_allowance = allowance / (cells - 1.0);
    let spacing = if read.chars.len() >= 3 {
        t.line_spacing_three_lines_mm
    } else {
        t.line_spacing_two_lines_mm
    };
    let mut wrong_de = Vec::new();
    let mut wrong_en = Vec::new();
    for (i, p) in g.pitch_mm.iter().enumerate() {
        if *p < t.pitch_mm.0 - pitch_allowance || *p > t.pitch_mm.1 + pitch_allowance {
            wrong_de.push(format!(
                "Zeichenabstand Zeile {} {:.2} mm (erlaubt {:.2}–{:.2})",
                i + 1,
                p,
                t.pitch_mm.0,
                t.pitch_mm.1
            ));
            wrong_en.push(format!(
                "character pitch line {} {:.2} mm (allowed {:.2}–{:.2})",
                i + 1,
                p,
                t.pitch_mm.0,
                t.pitch_mm.1
            ));
        }
    }
    for (i, s) in g.line_spacing_mm.iter().enumerate() {
        if *s < spacing.0 - allowance || *s > spacing.1 + allowance {
            wrong_de.push(format!(
                "Zeilenabstand {}–{} {:.2} mm (erlaubt {:.2}–{:.2})",
                i + 1,
                i + 2,
                s,
                spacing.0,
                spacing.1
            ));
            wrong_en.push(format!(
                "line spacing {}–{} {:.2} mm (allowed {:.2}–{:.2})",
                i + 1,
                i + 2,
                s,
                spacing.0,
                spacing.1
            ));
        }
    }
    if g.skew_degrees.abs() > t.max_skew_degrees {
        wrong_de.push(format!(
            "Schräglage {:.1}° (erlaubt {:.1}°)",
            g.skew_degrees, t.max_skew_degrees
        ));
        wrong_en.push(format!(
            "skew {:.1}° (allowed {:.1}°)",
            g.skew_degrees, t.max_skew_degrees
        ));
    }
    let join = |v: &[f32]| {
        v.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let out = if wrong_en.is_empty() {
        Outcome::passed(
            "MRZ-Zeichenabstand, Zeilenabstand und Schräglage nach ICAO 9303",
            "MRZ character pitch, line spacing and skew as ICAO 9303 requires",
        )
    } else {
        Outcome::failed(
            format!("MRZ-Geometrie falsch: {}", wrong_de.join("; ")),
            format!("MRZ geometry wrong: {}", wrong_en.join("; ")),
        )
    };
    o(out
        .with("dpi", format!("{dpi:.0}"))
        .with("pitch_mm", join(&g.pitch_mm))
        .with("line_spacing_mm", join(&g.line_spacing_mm))
        .with("skew_degrees", format!("{:.2}", g.skew_degrees)))
}

/// The infrared image to judge: one the MRZ was read from, else the one of the page whose
/// white image shows the MRZ (a card's MRZ side), else the first.
fn infrared_scan<'s, 'a>(cx: &'s Context<'a>) -> Option<&'s ScanRead<'a>> {
    scan_with_mrz(&cx.scans, Light::Ir)
        .filter(|s| s.mrz().is_some())
        .or_else(|| on_page(cx, Light::Ir, mrz_page(cx)?))
        .or_else(|| scan_with_mrz(&cx.scans, Light::Ir))
}

/// The page the MRZ was read on, in white light or else in infrared.
fn mrz_page(cx: &Context<'_>) -> Option<u32> {
    [Light::White, Light::Ir]
        .into_iter()
        .filter_map(|l| scan_with_mrz(&cx.scans, l))
        .find(|s| s.mrz().is_some())
        .map(|s| s.image.page)
}

/// The image of `light` on `page`, the one the MRZ was read from when there are several.
fn on_page<'s, 'a>(cx: &'s Context<'a>, light: Light, page: u32) -> Option<&'s ScanRead<'a>> {
    let of_page = || {
        cx.scans
            .iter()
            .filter(move |s| s.image.light == light && s.image.page == page)
    };
    of_page()
        .find(|s| s.mrz().is_some())
        .or_else(|| of_page().next())
}

/// The image an outcome rests on, in its evidence.
fn named(o: Outcome, role: &str, scan: &ScanRead<'_>) -> Outcome {
    o.with(&format!("{role}.image"), describe(scan))
}

fn describe(scan: &ScanRead<'_>) -> String {
    format!(
        "{} page {} sha256 {}",
        scan.image.light.as_str(),
        scan.image.page,
        scan.sha256
    )
}

fn undecodable(scan: &ScanRead<'_>, e: &str) -> Outcome {
    let light = scan.image.light.as_str();
    named(
        Outcome::not_checked(
            format!("Bild ({light}) nicht lesbar: {e}"),
            format!("Image ({light}) does not decode: {e}"),
        ),
        light,
        scan,
    )
}
