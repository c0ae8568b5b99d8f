//! Reading an MRZ from a grey image: the dark blobs once, the zone searched in each of the
//! four quarter turns, the candidates probed on a few cells and read most MRZ-like first
//! (every cell recognised, the grammar deciding) until one reads certain, and the most
//! convincing read kept — or "no MRZ found".

use super::cells::{self, CellGeometry};
use super::classify::{ALPHABET, classify};
use super::components::{self, Blob};
use super::grammar::{self, Decided};
use super::locate::{self, LineGrid, Zone};
use super::result::{CharBox, CharRead, OpticalMrz};
use super::{GreyImage, OpticalError};

/// A zone whose glyphs match this badly on average is not an MRZ (a page of other print).
const MIN_MEAN_SCORE: f32 = 0.6;

/// Reads the MRZ on `image`.
pub fn read_mrz(image: &GreyImage) -> Result<OpticalMrz, OpticalError> {
    let mask = components::dark_mask(image);
    let blobs = components::blobs(&mask, image.width() as usize);
    drop(mask);
    let (w, h) = (image.width() as f32, image.height() as f32);
    let mut candidates: Vec<(f32, u8, Zone)> = Vec::new();
    for turns in [0u8, 2, 1, 3] {
        let turned: Vec<Blob> = blobs.iter().map(|b| turn_blob(b, turns, w, h)).collect();
        for zone in locate::find_zones(&turned) {
            let zone = unturn_zone(&zone, turns, w, h);
            candidates.push((probe(image, &zone), turns, zone));
        }
    }
    // The most MRZ-like first; the sort is stable, so equals keep upright-first order.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best: Option<(f32, OpticalMrz)> = None;
    for (_, turns, zone) in &candidates {
        let Some((mean, read)) = read_zone(image, zone, *turns) else {
            continue;
        };
        if mean < MIN_MEAN_SCORE {
            continue;
        }
        let rank =
            mean - 0.1 * read.failed_checks.len() as f32 - 0.01 * read.uncertain.len() as f32;
        let certain = read.is_certain();
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, read));
        }
        if certain {
            break;
        }
    }
    best.map(|b| b.1).ok_or(OpticalError::NoMrz)
}

/// Every how many cells [`probe`] looks at one.
const PROBE_STEP: usize = 7;

/// How MRZ-like a candidate zone is, cheaply: the mean best score of every
/// [`PROBE_STEP`]th cell. A zone read in the wrong one of two opposite turns (the blobs
/// alone cannot tell upside down from upright) scores lower — a filler `<` turned over is
/// no MRZ character — so the right turn is read first and the first certain read ends the
/// search. The order only saves work: every candidate may still be read in full.
fn probe(image: &GreyImage, zone: &Zone) -> f32 {
    let (mut total, mut count) = (0.0, 0usize);
    for line in &zone.lines {
        let cells: Vec<CellGeometry> = (0..line.cells)
            .step_by(PROBE_STEP)
            .map(|i| line_cell(line, i))
            .collect();
        total = cell_scores(image, &cells)
            .iter()
            .map(best_score)
            .fold(total, |t, s| t + s);
        count += cells.len();
    }
    total / count.max(1) as f32
}

/// The recogniser's scores of `cells` (of one line), against the ink levels they show.
fn cell_scores(image: &GreyImage, cells: &[CellGeometry]) -> Vec<[f32; 37]> {
    let levels = cells::ink_levels(image, cells);
    cells
        .iter()
        .map(|c| classify(&cells::cell_patch(image, *c, levels), c.pitch).0)
        .collect()
}

/// The score of a cell's best character.
fn best_score(scores: &[f32; 37]) -> f32 {
    scores.iter().copied().fold(-1.0, f32::max)
}

/// The geometry of cell `i` of `line`.
fn line_cell(line: &LineGrid, i: usize) -> CellGeometry {
    CellGeometry {
        centre: line.cell_centre(i),
        dir: line.dir,
        pitch: line.pitch,
        cap_height: line.cap_height,
    }
}

/// A blob's box after turning the image clockwise by `turns` quarter turns.
fn turn_blob(b: &Blob, turns: u8, w: f32, h: f32) -> Blob {
    let (w, h) = (w as u32, h as u32);
    match turns {
        1 => Blob {
            x0: h - b.y1,
            x1: h - b.y0,
            y0: b.x0,
            y1: b.x1,
            pixels: b.pixels,
        },
        2 => Blob {
            x0: w - b.x1,
            x1: w - b.x0,
            y0: h - b.y1,
            y1: h - b.y0,
            pixels: b.pixels,
        },
        3 => Blob {
            x0: b.y0,
            x1: b.y1,
            y0: w - b.x1,
            y1: w - b.x0,
            pixels: b.pixels,
        },
        _ => *b,
    }
}

/// A point of the turned image back in the input image (continuous coordinates).
fn unturn_point(p: (f32, f32), turns: u8, w: f32, h: f32) -> (f32, f32) {
    match turns {
        1 => (p.1, h - p.0),
        2 => (w - p.0, h - p.1),
        3 => (w - p.1, p.0),
        _ => p,
    }
}

fn unturn_vector(v: (f32, f32), turns: u8) -> (f32, f32) {
    match turns {
        1 => (v.1, -v.0),
        2 => (-v.0, -v.1),
        3 => (-v.1, v.0),
        _ => v,
    }
}

fn unturn_zone(zone: &Zone, turns: u8, w: f32, h: f32) -> Zone {
    Zone {
        lines: zone
            .lines
            .iter()
            .map(|l| LineGrid {
                origin: unturn_point(l.origin, turns, w, h),
                dir: unturn_vector(l.dir, turns),
                ..*l
            })
            .collect(),
    }
}

fn cell_box(cell: &CellGeometry) -> CharBox {
    let (dx, dy) = cell.dir;
    let (nx, ny) = (-dy, dx);
    let (hu, hv) = (cell.pitch / 2.0, cell.cap_height * 0.6);
    let corner = |u: f32, v: f32| {
        (
            cell.centre.0 + u * dx + v * nx,
            cell.centre.1 + u * dy + v * ny,
        )
    };
    CharBox {
        corners: [
            corner(-hu, -hv),
            corner(hu, -hv),
            corner(hu, hv),
            corner(-hu, hv),
        ],
    }
}

/// Recognises every cell of `zone` and decides the lines; the mean best score comes along
/// to rank zones.
fn read_zone(image: &GreyImage, zone: &Zone, turns: u8) -> Option<(f32, OpticalMrz)> {
    let mut scores: Vec<Vec<[f32; 37]>> = Vec::new();
    let mut geometry: Vec<Vec<CellGeometry>> = Vec::new();
    let mut total = 0.0;
    let mut count = 0usize;
    for line in &zone.lines {
        let cells: Vec<CellGeometry> = (0..line.cells).map(|i| line_cell(line, i)).collect();
        let row = cell_scores(image, &cells);
        total = row.iter().map(best_score).fold(total, |t, s| t + s);
        count += row.len();
        scores.push(row);
        geometry.push(cells);
    }
    let mean = total / count.max(1) as f32;
    let decided: Decided = grammar::decide(&scores)?;
    let chars = decided
        .lines
        .iter()
        .zip(scores.iter().zip(&geometry))
        .map(|(text, (row, cells))| {
            text.iter()
                .zip(row.iter().zip(cells))
                .map(|(&ch, (s, cell))| char_read(ch, s, cell))
                .collect()
        })
        .collect();
    let first = zone.lines.first()?;
    // Skew in the upright frame: the direction turned forward again.
    let upright = turn_vector(first.dir, turns);
    let read = OpticalMrz {
        lines: decided
            .lines
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect(),
        layout: decided.layout,
        chars,
        turned_degrees: u16::from(turns) * 90,
        skew_degrees: upright.1.atan2(upright.0).to_degrees(),
        dpi: first.pitch * 10.0,
        corrections: decided.corrections,
        uncertain: decided.uncertain,
        failed_checks: decided.failed_checks,
    };
    Some((mean, read))
}

fn turn_vector(v: (f32, f32), turns: u8) -> (f32, f32) {
    match turns {
        1 => (-v.1, v.0),
        2 => (-v.0, -v.1),
        3 => (v.1, -v.0),
        _ => v,
    }
}

fn char_read(ch: u8, scores: &[f32; 37], cell: &CellGeometry) -> CharRead {
    let mut ranked: Vec<(char, f32)> = ALPHABET
        .iter()
        .zip(scores.iter())
        .map(|(c, s)| (char::from(*c), *s))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    let own = ranked
        .iter()
        .find(|(c, _)| *c == char::from(ch))
        .map_or(-1.0, |x| x.1);
    let rival = ranked
        .iter()
        .filter(|(c, _)| *c != char::from(ch))
        .map(|x| x.1)
        .fold(-1.0, f32::max);
    let confidence = (((own - rival) / 0.25).clamp(0.0, 1.0)) * ((own - 0.4) / 0.4).clamp(0.0, 1.0);
    ranked.truncate(3);
    CharRead {
        char: char::from(ch),
        confidence,
        alternatives: ranked,
        cell: cell_box(cell),
    }
}
