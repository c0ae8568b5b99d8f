//! One synthetic document page under the three lights of a full-page reader — white,
//! near infrared (B900) and ultraviolet (365 nm) — on one pixel grid, genuine or forged:
//!
//! - genuine: the MRZ printed in carbon-black ink that stays dark in infrared, where the
//!   other inks fade; a UV-dull substrate with one fluorescent security print away from
//!   the MRZ (ICAO 9303-3 §4.11 allows "predictable fluorescence for security reasons");
//! - `mrz_ink_vanishes_in_ir`: the MRZ printed with an ordinary colour printer's ink,
//!   which barely absorbs at 900 nm;
//! - `brightened_paper`: office paper with optical brighteners, glowing blue-white under UV;
//! - `MrzPrint`: the MRZ at another pitch and line spacing (a word processor's font size).

use super::ocrb::{OcrB, Rng};
use super::pages::{Conditions, Glow, Look, MrzPrint, Page, compose, document, scan};

/// How the document was made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Making {
    pub print: MrzPrint,
    pub mrz_ink_vanishes_in_ir: bool,
    pub brightened_paper: bool,
}

impl Making {
    /// A genuine document: pitch 2.54 mm (ICAO 9303-3 §4.4), lines `spacing_mm` apart.
    pub fn genuine(spacing_mm: f32) -> Making {
        Making {
            print: MrzPrint {
                pitch_mm: 2.54,
                line_spacing_mm: spacing_mm,
            },
            mrz_ink_vanishes_in_ir: false,
            brightened_paper: false,
        }
    }
}

/// The page under each light.
pub struct Triple {
    pub white: Page,
    pub ir: Page,
    pub uv: Page,
}

/// Page `seed` under conditions `c` (its `colour` and `infrared` apply to the white image
/// only), made as `making` says.
pub fn triple(font: &OcrB, seed: u64, c: Conditions, making: &Making) -> Triple {
    let white_c = Conditions {
        infrared: false,
        ..c
    };
    let (doc, rng) = document(font, seed, white_c, None, Some(making.print));
    let grey = Conditions {
        colour: false,
        infrared: false,
        ..c
    };
    let paper_grey = (doc.paper[0] + doc.paper[1] + doc.paper[2]) / 3.0;
    let white = Look {
        paper: doc.paper,
        faint: 1.0,
        tint_scale: doc.paper,
        photo_tint: [1.0, 0.85, 0.7],
        text_ink: doc.ink_colour,
        mrz_ink: doc.ink_colour,
        glow: None,
    };
    // B900: the paper reflects, colour inks fade to a trace, carbon black stays black.
    let mrz_ir = if making.mrz_ink_vanishes_in_ir {
        [paper_grey * 0.92; 3]
    } else {
        [0.07; 3]
    };
    let ir = Look {
        paper: [paper_grey; 3],
        faint: 0.12,
        tint_scale: [paper_grey; 3],
        photo_tint: [1.0; 3],
        text_ink: [0.5; 3],
        mrz_ink: mrz_ir,
        glow: None,
    };
    // UV-A: a dull substrate is nearly black; optical brighteners glow blue-white. Inks
    // absorb; the issuer's fluorescent print glows yellow-green, top right.
    let uv_paper = if making.brightened_paper {
        [0.5, 0.55, 0.88]
    } else {
        [0.05, 0.05, 0.1]
    };
    let uv = Look {
        paper: uv_paper,
        faint: 1.0,
        tint_scale: [0.12, 0.12, 0.2],
        photo_tint: [0.1, 0.1, 0.12],
        text_ink: [0.03; 3],
        mrz_ink: [0.03; 3],
        glow: Some(Glow {
            rect_mm: (70.0, 8.0, 40.0, 14.0),
            colour: [0.75, 0.9, 0.3],
        }),
    };
    let shoot = |look: &Look, conditions: &Conditions, noise_seed: u64| {
        let mut place = Rng(rng.0);
        let mut finish = Some(Rng(seed ^ noise_seed));
        let bytes = scan(
            compose(&doc, look),
            &doc,
            conditions,
            &mut place,
            &mut finish,
        );
        Page {
            seed,
            conditions: *conditions,
            mrz: doc.mrz.clone(),
            bytes,
        }
    };
    Triple {
        white: shoot(&white, &white_c, 0x0057_4817),
        ir: shoot(&ir, &grey, 0x0001_0900),
        uv: shoot(&uv, &c_colour(c), 0x0000_0365),
    }
}

/// UV images come in colour (the glow's hue tells brighteners from security inks).
fn c_colour(c: Conditions) -> Conditions {
    Conditions {
        colour: true,
        infrared: false,
        ..c
    }
}
