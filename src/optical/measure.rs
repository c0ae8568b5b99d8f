//! Measurements on a read MRZ for the optical checks: the print contrast signal of its
//! characters in one image, the substrate's fluorescence around it (an ultraviolet image
//! against a white one of the same page), and its geometry (pitch, line spacing, skew) at a
//! stated resolution. Pure functions of pixels and character boxes; what counts as passing
//! is the verifier's business.
//!
//! Grey values are taken as proportional to reflectance (the scanner's calibration maps
//! paper white and black linearly), as ISO 1831's reflectance measurements assume.

use super::{CharBox, GreyImage, OpticalMrz};

/// Samples per cell side when a character cell is measured.
const CELL_SAMPLES: usize = 12;

/// The share of a cell's darkest samples that stands for its ink: enough for the thin
/// filler `<`, whose strokes cover less than a tenth of its cell.
const INK_SHARE: f32 = 0.03;

/// The share of a cell's brightest samples that stands for the paper inside it.
const PAPER_SHARE: f32 = 0.10;

/// The print contrast of an MRZ in one image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PrintContrast {
    /// PCS/min as this layer measures it: the 10th percentile of the characters' print
    /// contrast signals (ISO 1831: (R_paper − R_ink) / R_paper), so a speck of dust on one
    /// cell does not decide.
    pub pcs_min: f32,
    /// The median of the characters' print contrast signals.
    pub pcs_median: f32,
    /// The median paper reflectance found in the cells, 0 to 1.
    pub paper: f32,
    /// The median ink reflectance found in the cells, 0 to 1.
    pub ink: f32,
    /// How many cells were measured.
    pub cells: usize,
}

/// The print contrast signal of every cell in `cells` (boxes in `image`'s pixels), or `None`
/// when no cell lies inside the image.
///
/// ICAO 9303-3 §4.11 ("Print contrast signal") asks for PCS/min ≥ 0.6 in the B900 band,
/// measured as ISO 1831 specifies: PCS = (R_L − R_D) / R_L, with R_L the reflectance of the
/// paper next to the character and R_D that of its ink. Per cell, R_D is the mean of its
/// darkest 3 % of samples and R_L the mean of its brightest 10 %.
pub fn print_contrast<'a>(
    image: &GreyImage,
    cells: impl IntoIterator<Item = &'a CharBox>,
) -> Option<PrintContrast> {
    let mut pcs = Vec::new();
    let mut papers = Vec::new();
    let mut inks = Vec::new();
    for cell in cells {
        let Some(mut samples) = cell_samples(image, cell) else {
            continue;
        };
        samples.sort_by(f32::total_cmp);
        let n = samples.len();
        let dark = ((n as f32 * INK_SHARE).ceil() as usize).max(1);
        let light = ((n as f32 * PAPER_SHARE).ceil() as usize).max(1);
        let ink = mean(&samples[..dark]);
        let paper = mean(&samples[n - light..]);
        if paper <= 0.0 {
            continue;
        }
        pcs.push(((paper - ink) / paper).max(0.0));
        papers.push(paper);
        inks.push(ink);
    }
    if pcs.is_empty() {
        return None;
    }
    let cells = pcs.len();
    Some(PrintContrast {
        pcs_min: quantile(&mut pcs, 0.10),
        pcs_median: quantile(&mut pcs, 0.5),
        paper: quantile(&mut papers, 0.5),
        ink: quantile(&mut inks, 0.5),
        cells,
    })
}

/// The cell's samples (0 to 1) on a regular grid between its corners; `None` when any
/// corner lies outside the image.
fn cell_samples(image: &GreyImage, cell: &CharBox) -> Option<Vec<f32>> {
    let (w, h) = (image.width() as f32, image.height() as f32);
    if cell
        .corners
        .iter()
        .any(|&(x, y)| !(0.0..w).contains(&x) || !(0.0..h).contains(&y))
    {
        return None;
    }
    let mut out = Vec::with_capacity(CELL_SAMPLES * CELL_SAMPLES);
    for j in 0..CELL_SAMPLES {
        for i in 0..CELL_SAMPLES {
            let u = (i as f32 + 0.5) / CELL_SAMPLES as f32;
            let v = (j as f32 + 0.5) / CELL_SAMPLES as f32;
            let (x, y) = bilinear(&cell.corners, u, v);
            out.push(image.sample(x, y) / 255.0);
        }
    }
    Some(out)
}

/// The point at (u, v) in the quadrilateral `corners` (top-left, top-right, bottom-right,
/// bottom-left), u along the top edge, v down the left edge.
fn bilinear(corners: &[(f32, f32); 4], u: f32, v: f32) -> (f32, f32) {
    let [tl, tr, br, bl] = *corners;
    let top = (tl.0 + (tr.0 - tl.0) * u, tl.1 + (tr.1 - tl.1) * u);
    let bottom = (bl.0 + (br.0 - bl.0) * u, bl.1 + (br.1 - bl.1) * u);
    (
        top.0 + (bottom.0 - top.0) * v,
        top.1 + (bottom.1 - top.1) * v,
    )
}

/// How brightly the substrate around the MRZ glows in an ultraviolet image, against the
/// same paper in the white image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fluorescence {
    /// The median ultraviolet level of the blank paper around the MRZ over its median white
    /// level: about 0.1–0.2 for a UV-dull substrate, near 1 for paper with optical
    /// brighteners.
    pub ratio: f32,
    /// The median ultraviolet level of the blank paper, 0 to 1.
    pub uv_paper: f32,
    /// The median white-light level of the same points, 0 to 1.
    pub white_paper: f32,
    /// How many blank-paper points were compared.
    pub samples: usize,
}

/// The fewest blank-paper points a fluorescence measurement rests on.
const MIN_PAPER_SAMPLES: usize = 200;

/// The fluorescence of the blank substrate around the MRZ read from `white`, measured in
/// `uv`, an image of the same page on the same pixel grid (full-page readers take all lights
/// of a page with the document still, so a pixel is the same spot of paper in each).
///
/// The zone is the MRZ's cells widened by one pitch left and right and half a line above
/// and below (the clear area around the lines, ICAO 9303-3 §4.11 and ISO 1831 §6.10). Of
/// the points sampled there, those the white image shows as paper (above 80 % of the way
/// from the ink to the paper level) are the blank substrate; ink and dark security print
/// are left out. `None` when the images differ in size or too few blank points lie inside
/// them.
pub fn substrate_fluorescence(
    white: &GreyImage,
    uv: &GreyImage,
    mrz: &OpticalMrz,
) -> Option<Fluorescence> {
    if white.width() != uv.width() || white.height() != uv.height() {
        return None;
    }
    let zone = widened_zone(mrz)?;
    let columns = mrz.chars.first()?.len() * 4 + 8;
    let rows = mrz.chars.len() * 10 + 10;
    let (w, h) = (white.width() as f32, white.height() as f32);
    let mut points = Vec::with_capacity(columns * rows);
    for j in 0..rows {
        for i in 0..columns {
            let u = (i as f32 + 0.5) / columns as f32;
            let v = (j as f32 + 0.5) / rows as f32;
            let (x, y) = bilinear(&zone, u, v);
            if (0.0..w - 1.0).contains(&x) && (0.0..h - 1.0).contains(&y) {
                points.push((white.sample(x, y) / 255.0, uv.sample(x, y) / 255.0));
            }
        }
    }
    let mut whites: Vec<f32> = points.iter().map(|p| p.0).collect();
    let paper = quantile(&mut whites, 0.9);
    let ink = quantile(&mut whites, 0.02);
    let cut = ink + 0.8 * (paper - ink);
    let blank: Vec<(f32, f32)> = points.into_iter().filter(|p| p.0 >= cut).collect();
    if blank.len() < MIN_PAPER_SAMPLES {
        return None;
    }
    let mut white_levels: Vec<f32> = blank.iter().map(|p| p.0).collect();
    let mut uv_levels: Vec<f32> = blank.iter().map(|p| p.1).collect();
    let white_paper = quantile(&mut white_levels, 0.5);
    let uv_paper = quantile(&mut uv_levels, 0.5);
    if white_paper <= 0.0 {
        return None;
    }
    Some(Fluorescence {
        ratio: uv_paper / white_paper,
        uv_paper,
        white_paper,
        samples: blank.len(),
    })
}

/// The MRZ's outer corners (first line's first and last cell, last line's last and first
/// cell), widened by one pitch along the lines and half a line pitch across them.
fn widened_zone(mrz: &OpticalMrz) -> Option<[(f32, f32); 4]> {
    let first = mrz.chars.first()?;
    let last = mrz.chars.last()?;
    let tl = first.first()?.cell.corners[0];
    let tr = first.last()?.cell.corners[1];
    let br = last.last()?.cell.corners[2];
    let bl = last.first()?.cell.corners[3];
    let cells = first.len().max(1) as f32;
    let along = ((tr.0 - tl.0) / cells, (tr.1 - tl.1) / cells);
    let lines = mrz.chars.len().max(1) as f32;
    let across = ((bl.0 - tl.0) / lines * 0.5, (bl.1 - tl.1) / lines * 0.5);
    let shift = |p: (f32, f32), a: f32, c: f32| {
        (
            p.0 + a * along.0 + c * across.0,
            p.1 + a * along.1 + c * across.1,
        )
    };
    Some([
        shift(tl, -1.0, -1.0),
        shift(tr, 1.0, -1.0),
        shift(br, 1.0, 1.0),
        shift(bl, -1.0, 1.0),
    ])
}

/// The MRZ's print geometry at a known resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct MrzGeometry {
    /// Each line's character pitch, mm (centre of the first cell to centre of the last,
    /// over the cells between).
    pub pitch_mm: Vec<f32>,
    /// The distance between the centre lines of successive lines, mm, measured square to
    /// the first line.
    pub line_spacing_mm: Vec<f32>,
    /// The lines' largest angle to the nearest image axis, degrees (sign kept).
    pub skew_degrees: f32,
}

/// The geometry of `mrz` at `dpi` pixels per inch; `None` for a read with a line of fewer
/// than two cells or a resolution that is not positive.
pub fn mrz_geometry(mrz: &OpticalMrz, dpi: f32) -> Option<MrzGeometry> {
    if !(dpi.is_finite() && dpi > 0.0) {
        return None;
    }
    let mm_per_px = 25.4 / dpi;
    let mut pitch_mm = Vec::new();
    let mut mids = Vec::new();
    let mut skew: f32 = 0.0;
    let mut direction = None;
    for line in &mrz.chars {
        if line.len() < 2 {
            return None;
        }
        let a = centre(&line[0].cell);
        let b = centre(&line[line.len() - 1].cell);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let length = dx.hypot(dy);
        pitch_mm.push(length / (line.len() - 1) as f32 * mm_per_px);
        mids.push(((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0));
        let angle = dy.atan2(dx).to_degrees();
        let off_axis = angle - 90.0 * (angle / 90.0).round();
        if off_axis.abs() > skew.abs() {
            skew = off_axis;
        }
        direction.get_or_insert((dx / length, dy / length));
    }
    let (ux, uy) = direction?;
    let line_spacing_mm = mids
        .windows(2)
        .map(|m| {
            let (vx, vy) = (m[1].0 - m[0].0, m[1].1 - m[0].1);
            (ux * vy - uy * vx).abs() * mm_per_px
        })
        .collect();
    Some(MrzGeometry {
        pitch_mm,
        line_spacing_mm,
        skew_degrees: skew,
    })
}

fn centre(cell: &CharBox) -> (f32, f32) {
    let c = &cell.corners;
    (
        (c[0].0 + c[1].0 + c[2].0 + c[3].0) / 4.0,
        (c[0].1 + c[1].1 + c[2].1 + c[3].1) / 4.0,
    )
}

fn mean(values: &[f32]) -> f32 {
    values.iter().sum::<f32>() / values.len().max(1) as f32
}

/// The `q` quantile (0 to 1) of `values`, by the nearest rank; 0 for no values.
fn quantile(values: &mut [f32], q: f32) -> f32 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f32::total_cmp);
    let i = ((values.len() - 1) as f32 * q).round() as usize;
    values[i]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mrz::Layout;
    use crate::optical::CharRead;

    /// An MRZ of `lines` × `cells` boxes of `pitch` pixels, lines `spacing` apart, the first
    /// cell's top-left at `origin`, turned by `degrees`.
    fn grid(lines: usize, cells: usize, pitch: f32, spacing: f32, degrees: f32) -> OpticalMrz {
        let (s, c) = degrees.to_radians().sin_cos();
        let at = |x: f32, y: f32| (20.0 + x * c - y * s, 30.0 + x * s + y * c);
        let chars = (0..lines)
            .map(|l| {
                (0..cells)
                    .map(|i| {
                        let (x, y) = (i as f32 * pitch, l as f32 * spacing);
                        CharRead {
                            char: '<',
                            confidence: 1.0,
                            alternatives: vec![],
                            cell: CharBox {
                                corners: [
                                    at(x, y),
                                    at(x + pitch, y),
                                    at(x + pitch, y + pitch),
                                    at(x, y + pitch),
                                ],
                            },
                        }
                    })
                    .collect()
            })
            .collect();
        OpticalMrz {
            lines: vec![],
            layout: Layout::Td3,
            chars,
            turned_degrees: 0,
            skew_degrees: degrees,
            dpi: 0.0,
            corrections: vec![],
            uncertain: vec![],
            failed_checks: vec![],
        }
    }

    /// An image of `paper` with a dark bar of `ink` through the middle of every cell.
    fn page(mrz: &OpticalMrz, paper: u8, ink: u8) -> GreyImage {
        let (w, h) = (1400u32, 300u32);
        let mut px = vec![paper; (w * h) as usize];
        for cell in mrz.chars.iter().flatten() {
            let (cx, cy) = centre(&cell.cell);
            for y in (cy - 8.0) as u32..(cy + 8.0) as u32 {
                for x in (cx - 2.0) as u32..(cx + 2.0) as u32 {
                    px[(y * w + x) as usize] = ink;
                }
            }
        }
        GreyImage::new(w, h, px).unwrap()
    }

    #[test]
    fn print_contrast_is_paper_minus_ink_over_paper() {
        let mrz = grid(2, 44, 30.0, 50.0, 0.0);
        let image = page(&mrz, 240, 24);
        let pcs = print_contrast(&image, mrz.chars.iter().flatten().map(|c| &c.cell)).unwrap();
        assert_eq!(pcs.cells, 88);
        assert!((pcs.pcs_min - 0.9).abs() < 0.01, "{pcs:?}");
        assert!((pcs.paper - 240.0 / 255.0).abs() < 0.01);
        // Ink nearly as light as the paper: the MRZ that vanishes in infrared.
        let faint = page(&mrz, 240, 216);
        let pcs = print_contrast(&faint, mrz.chars.iter().flatten().map(|c| &c.cell)).unwrap();
        assert!((pcs.pcs_min - 0.1).abs() < 0.01, "{pcs:?}");
    }

    #[test]
    fn cells_outside_the_image_are_not_measured() {
        let mrz = grid(1, 44, 40.0, 50.0, 0.0);
        let image = page(&grid(1, 30, 40.0, 50.0, 0.0), 240, 24);
        let pcs = print_contrast(&image, mrz.chars.iter().flatten().map(|c| &c.cell)).unwrap();
        // 1400 px hold 34 cells of 40 px after the 20 px margin.
        assert_eq!(pcs.cells, 34);
        let tiny = GreyImage::new(5, 5, vec![255; 25]).unwrap();
        assert_eq!(
            print_contrast(&tiny, mrz.chars.iter().flatten().map(|c| &c.cell)),
            None
        );
    }

    #[test]
    fn fluorescence_compares_blank_paper_under_uv_and_white() {
        let mrz = grid(2, 40, 30.0, 50.0, 0.0);
        let white = page(&mrz, 235, 20);
        let dull = page(&mrz, 30, 20);
        let f = substrate_fluorescence(&white, &dull, &mrz).unwrap();
        assert!((f.ratio - 30.0 / 235.0).abs() < 0.01, "{f:?}");
        assert!(f.samples > 1000);
        let bright = page(&mrz, 200, 20);
        let f = substrate_fluorescence(&white, &bright, &mrz).unwrap();
        assert!((f.ratio - 200.0 / 235.0).abs() < 0.01, "{f:?}");
        // Images of different sizes are not on one pixel grid.
        let other = GreyImage::new(700, 300, vec![30; 210_000]).unwrap();
        assert_eq!(substrate_fluorescence(&white, &other, &mrz), None);
    }

    #[test]
    fn geometry_at_a_stated_resolution() {
        // 300 dpi: 2.54 mm is 30 px; lines 5 mm (59.06 px) apart; turned 2°.
        let mrz = grid(2, 44, 30.0, 59.055, 2.0);
        let g = mrz_geometry(&mrz, 300.0).unwrap();
        for p in &g.pitch_mm {
            assert!((p - 2.54).abs() < 0.001, "{g:?}");
        }
        assert!((g.line_spacing_mm[0] - 5.0).abs() < 0.01, "{g:?}");
        assert!((g.skew_degrees - 2.0).abs() < 0.01, "{g:?}");
        // A quarter turn is orientation, not skew.
        let turned = grid(3, 30, 30.0, 50.0, 90.0 - 4.0);
        let g = mrz_geometry(&turned, 300.0).unwrap();
        assert!((g.skew_degrees + 4.0).abs() < 0.01, "{g:?}");
        assert_eq!(g.line_spacing_mm.len(), 2);
        assert_eq!(mrz_geometry(&mrz, 0.0), None);
        assert_eq!(mrz_geometry(&mrz, f32::NAN), None);
    }
}
