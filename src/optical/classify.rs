//! The recogniser: normalised cross-correlation of a cell's patch against the templates of
//! each OCR-B character (means of augmented renderings, see `glyph_templates`; a set
//! rendered at 150–220 dpi, sharp and blurred, thin and bold; one at 250–600 dpi, sharp and
//! blurred), best over the variants and small shifts. Scores are correlations in -1..1; the caller reads
//! alternatives and margins.

use std::sync::OnceLock;

use super::cells::{MARGIN, PATCH_HEIGHT, PATCH_WIDTH, TALL, WIDE};
use super::glyph_templates::{
    GLYPHS, TEMPLATES_HIGH_BLURRED, TEMPLATES_HIGH_SHARP, TEMPLATES_LOW_BLURRED_BOLD,
    TEMPLATES_LOW_BLURRED_THIN, TEMPLATES_LOW_SHARP_BOLD, TEMPLATES_LOW_SHARP_THIN,
};

/// The 37 characters of the MRZ (ICAO 9303-3 §4.1), in template order.
pub const ALPHABET: &[u8; 37] = GLYPHS;

const AREA: usize = PATCH_WIDTH * PATCH_HEIGHT;
// `dot` sums in lanes of eight.
const _: () = assert!(AREA.is_multiple_of(8));

/// Templates with mean 0 and norm 1, for low or high resolution: each set's 37 in turn
/// (low: sharp and blurred, each thin and bold; high: sharp and blurred).
fn normalised_templates(low: bool) -> &'static Vec<[f32; AREA]> {
    static LOW: OnceLock<Vec<[f32; AREA]>> = OnceLock::new();
    static HIGH: OnceLock<Vec<[f32; AREA]>> = OnceLock::new();
    let (cell, sets): (_, &[&[[u8; AREA]; 37]]) = if low {
        (
            &LOW,
            &[
                &TEMPLATES_LOW_SHARP_THIN,
                &TEMPLATES_LOW_SHARP_BOLD,
                &TEMPLATES_LOW_BLURRED_THIN,
                &TEMPLATES_LOW_BLURRED_BOLD,
            ],
        )
    } else {
        (&HIGH, &[&TEMPLATES_HIGH_SHARP, &TEMPLATES_HIGH_BLURRED])
    };
    cell.get_or_init(|| {
        sets.iter()
            .flat_map(|set| set.iter())
            .map(|t| {
                let mut out = [0f32; AREA];
                for (o, &v) in out.iter_mut().zip(t.iter()) {
                    *o = f32::from(v) / 255.0;
                }
                normalise(&mut out);
                out
            })
            .collect()
    })
}

/// Makes `v` mean 0, norm 1; false when it is flat.
fn normalise(v: &mut [f32]) -> bool {
    let mean = v.iter().sum::<f32>() / v.len() as f32;
    let mut norm = 0.0;
    for x in v.iter_mut() {
        *x -= mean;
        norm += *x * *x;
    }
    if norm < 1e-6 {
        v.iter_mut().for_each(|x| *x = 0.0);
        return false;
    }
    let inv = 1.0 / norm.sqrt();
    v.iter_mut().for_each(|x| *x *= inv);
    true
}

/// The score of every character in [`ALPHABET`] order for a patch of `WIDE` × `TALL`
/// samples (from `cells::cell_patch`) of a cell `pitch` pixels wide, and the ink the patch
/// holds (mean coverage 0..1).
pub fn classify(patch: &[f32], pitch: f32) -> ([f32; 37], f32) {
    let templates = normalised_templates(pitch < super::cells::LOW_RESOLUTION_PITCH);
    let mut scores = [-1f32; 37];
    if patch.len() != WIDE * TALL {
        return (scores, 0.0);
    }
    let ink = patch.iter().sum::<f32>() / patch.len() as f32;
    let mut window = [0f32; AREA];
    for oy in 0..=2 * MARGIN {
        for ox in 0..=2 * MARGIN {
            for r in 0..PATCH_HEIGHT {
                let src = (r + oy) * WIDE + ox;
                window[r * PATCH_WIDTH..(r + 1) * PATCH_WIDTH]
                    .copy_from_slice(&patch[src..src + PATCH_WIDTH]);
            }
            if !normalise(&mut window) {
                continue;
            }
            for (k, t) in templates.iter().enumerate() {
                let score = &mut scores[k % 37];
                let dot = dot(&window, t);
                if dot > *score {
                    *score = dot;
                }
            }
        }
    }
    (scores, ink)
}

/// The dot product of two patches, summed in eight lanes: a single running sum is a chain
/// of dependent additions the compiler may not reorder, eight independent ones become
/// vector instructions (the recogniser spends most of its time here).
fn dot(a: &[f32; AREA], b: &[f32; AREA]) -> f32 {
    const LANES: usize = 8;
    let mut acc = [0f32; LANES];
    for (x, y) in a.chunks_exact(LANES).zip(b.chunks_exact(LANES)) {
        for lane in 0..LANES {
            acc[lane] += x[lane] * y[lane];
        }
    }
    acc.iter().sum()
}
