//! One character cell of a fitted grid, resampled to the recogniser's fixed patch: one
//! pitch wide, 1.5 capital heights high, ink 1 and paper 0, whatever the dpi and skew.

use super::GreyImage;

/// Capital height per character pitch of OCR-B (Debian's OCRB.otf: 'H' is as high as the
/// advance is wide; ICAO 9303-3 §4.2 fixes the pitch at 2.54 mm).
pub const CAP_PER_PITCH: f32 = 1.0;

/// Below this pitch (pixels; about 230 dpi) a cell is compared with the templates rendered
/// at low resolution.
pub const LOW_RESOLUTION_PITCH: f32 = 23.0;

/// Patch width in samples (one character pitch).
pub const PATCH_WIDTH: usize = 16;
/// Patch height in samples (1.5 capital heights, centred on the capitals).
pub const PATCH_HEIGHT: usize = 24;
/// Samples of margin around the patch, for the recogniser's small shifts.
pub(crate) const MARGIN: usize = 1;
/// Width of a patch with its margin.
pub(crate) const WIDE: usize = PATCH_WIDTH + 2 * MARGIN;
/// Height of a patch with its margin.
pub(crate) const TALL: usize = PATCH_HEIGHT + 2 * MARGIN;

/// Where one character sits and how large the print is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CellGeometry {
    /// Centre of the cell in the image (x, y).
    pub centre: (f32, f32),
    /// Unit vector along the line.
    pub dir: (f32, f32),
    /// Character pitch in pixels.
    pub pitch: f32,
    /// Capital height in pixels.
    pub cap_height: f32,
}

/// Grey levels of paper and ink around the characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InkLevels {
    /// Grey of the paper.
    pub paper: f32,
    /// Grey of the ink.
    pub ink: f32,
}

/// The cell resampled to [`WIDE`] × [`TALL`] samples (row by row), each the ink coverage
/// 0..1, averaged over the pixels it covers (so 600 dpi does not alias).
pub fn cell_patch(image: &GreyImage, cell: CellGeometry, levels: InkLevels) -> Vec<f32> {
    let sx = cell.pitch / PATCH_WIDTH as f32;
    let sy = 1.5 * cell.cap_height / PATCH_HEIGHT as f32;
    let (dx, dy) = cell.dir;
    // Perpendicular, pointing down the page.
    let (nx, ny) = (-dy, dx);
    let sub_x = (sx.ceil() as usize).clamp(1, 6);
    let sub_y = (sy.ceil() as usize).clamp(1, 6);
    let span = (levels.paper - levels.ink).max(1.0);
    let mut out = Vec::with_capacity(WIDE * TALL);
    for row in 0..TALL {
        for col in 0..WIDE {
            let mut acc = 0.0;
            for j in 0..sub_y {
                for i in 0..sub_x {
                    let u = (col as f32 - WIDE as f32 / 2.0 + (i as f32 + 0.5) / sub_x as f32) * sx;
                    let v = (row as f32 - TALL as f32 / 2.0 + (j as f32 + 0.5) / sub_y as f32) * sy;
                    let x = cell.centre.0 + u * dx + v * nx;
                    let y = cell.centre.1 + u * dy + v * ny;
                    acc += image.sample(x - 0.5, y - 0.5);
                }
            }
            let grey = acc / (sub_x * sub_y) as f32;
            out.push(soft_ink((levels.paper - grey) / span));
        }
    }
    out
}

/// Coverage with the faint part cut away: tints and security print behind the MRZ are
/// lighter than its ink (ICAO 9303-3 §4.3 asks for print dark in the near infrared and a
/// background that does not interfere), so coverage up to a third counts as paper.
fn soft_ink(coverage: f32) -> f32 {
    ((coverage - 0.3) / 0.5).clamp(0.0, 1.0)
}

/// Paper and ink greys along a line of cells: the bright and dark ends of the pixels in the
/// capitals' band.
pub(crate) fn ink_levels(image: &GreyImage, cells: &[CellGeometry]) -> InkLevels {
    let mut values: Vec<u8> = Vec::new();
    for cell in cells {
        let half_w = cell.pitch / 2.0;
        let half_h = cell.cap_height * 0.6;
        let step = (cell.pitch / 12.0).max(1.0);
        let mut v = -half_h;
        while v <= half_h {
            let mut u = -half_w;
            while u <= half_w {
                let x = cell.centre.0 + u * cell.dir.0 - v * cell.dir.1;
                let y = cell.centre.1 + u * cell.dir.1 + v * cell.dir.0;
                values.push(image.get(x as i64, y as i64));
                u += step;
            }
            v += step;
        }
    }
    if values.is_empty() {
        return InkLevels {
            paper: 255.0,
            ink: 0.0,
        };
    }
    values.sort_unstable();
    let at = |q: f32| f32::from(values[((values.len() - 1) as f32 * q) as usize]);
    InkLevels {
        paper: at(0.85),
        ink: at(0.03),
    }
}
