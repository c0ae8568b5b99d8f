//! Finding the MRZ on an upright image: character-sized blobs chained into straight text
//! lines (skew up to ±10°), lines of 30, 36 or 44 characters at the OCR-B pitch grouped into
//! a zone of two or three (ICAO 9303-3 §4: fixed 2.54 mm pitch, lines parallel and evenly
//! spaced), and each line's character grid fitted to its blobs.

use super::components::Blob;

/// One MRZ line's character grid in image coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineGrid {
    /// Centre of the first character cell (x, y).
    pub origin: (f32, f32),
    /// Unit vector along the line.
    pub dir: (f32, f32),
    /// Distance between cell centres, pixels.
    pub pitch: f32,
    /// Height of the capitals, pixels.
    pub cap_height: f32,
    /// Characters on the line.
    pub cells: usize,
}

impl LineGrid {
    /// Centre of cell `i`.
    pub fn cell_centre(&self, i: usize) -> (f32, f32) {
        let d = i as f32 * self.pitch;
        (
            self.origin.0 + d * self.dir.0,
            self.origin.1 + d * self.dir.1,
        )
    }
}

/// A candidate MRZ: its lines top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Zone {
    pub lines: Vec<LineGrid>,
}

/// The MRZ line lengths (ICAO 9303-4/-5/-6/-7).
const WIDTHS: [usize; 3] = [30, 36, 44];

use super::cells::CAP_PER_PITCH;

/// tan(12°): a little more than the ±10° a document may lie skewed.
const MAX_SLOPE: f32 = 0.213;

/// Candidate MRZs among `blobs`, best first: zones whose every line was found whole, then
/// zones completed from a broken line (one whose filler run or first glyphs dropped out at
/// low resolution and blur) or an extrapolated third line; among equals the bottom-most
/// first (the MRZ is at the foot of the data page).
pub(crate) fn find_zones(blobs: &[Blob]) -> Vec<Zone> {
    let glyphs: Vec<Blob> = blobs.iter().copied().filter(glyph_like).collect();
    let chains = chain(&glyphs);
    let mut lines: Vec<(LineFit, Option<usize>)> = chains
        .iter()
        .filter_map(|c| fit_line(&glyphs, c))
        .map(|fit| (fit, cells_of(&fit)))
        .collect();
    lines.sort_by(|a, b| a.0.mid_y().total_cmp(&b.0.mid_y()));
    let mut zones: Vec<(usize, Zone)> = Vec::new();
    for i in 0..lines.len() {
        let mut group = vec![lines[i]];
        for next in &lines[i + 1..] {
            if group.len() == 3 {
                break;
            }
            let last = group[group.len() - 1];
            let same_width = match (last.1, next.1) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            };
            if same_width && follows(&last.0, &next.0) {
                group.push(*next);
            }
        }
        let Some(n) = group.iter().find_map(|l| l.1) else {
            continue;
        };
        let want = if n == 30 { 3 } else { 2 };
        if group.len() < want {
            continue;
        }
        group.truncate(want);
        if let Some(zone) = zone_of(&group, n) {
            let broken = group.iter().filter(|l| l.1.is_none()).count();
            zones.push((broken, zone));
        }
    }
    // A TD1 zone of which only two lines were found: the third above or below, one line
    // pitch away (ICAO 9303-3 §4.2: the lines are evenly spaced).
    for pair in lines.windows(2) {
        if let [(a, Some(30)), (b, Some(30))] = pair
            && follows(a, b)
        {
            let gap = b.a - a.a;
            for shift in [-gap, 2.0 * gap] {
                let third = LineFit {
                    a: a.a + shift,
                    ..*a
                };
                let mut group = vec![(*a, Some(30)), (*b, Some(30)), (third, None)];
                group.sort_by(|x, y| x.0.mid_y().total_cmp(&y.0.mid_y()));
                if let Some(zone) = zone_of(&group, 30) {
                    zones.push((2, zone));
                }
            }
        }
    }
    zones.reverse();
    zones.sort_by_key(|z| z.0);
    zones.truncate(6);
    zones.into_iter().map(|z| z.1).collect()
}

/// The grids of a zone's lines, `n` cells each: whole lines fitted to their glyphs, broken
/// ones (no width of their own) laid beside the nearest whole line, whose pitch, direction
/// and left end they share (ICAO 9303-3 §4.2: the lines start in the same column).
fn zone_of(group: &[(LineFit, Option<usize>)], n: usize) -> Option<Zone> {
    let whole: Vec<(usize, LineGrid)> = group
        .iter()
        .enumerate()
        .filter(|(_, l)| l.1.is_some())
        .map(|(i, l)| (i, grid(&l.0, n)))
        .collect();
    let mut grids = Vec::with_capacity(group.len());
    for (i, (fit, width)) in group.iter().enumerate() {
        if width.is_some() {
            grids.push(whole.iter().find(|w| w.0 == i)?.1);
            continue;
        }
        let (j, beside) = whole.iter().min_by_key(|w| w.0.abs_diff(i))?;
        let x = beside.origin.0;
        let dy = (fit.a + fit.b * x) - (group[*j].0.a + group[*j].0.b * x);
        // Perpendicular distance between the lines: dy · cos of the skew.
        let d = dy * beside.dir.0;
        grids.push(LineGrid {
            origin: (
                beside.origin.0 - d * beside.dir.1,
                beside.origin.1 + d * beside.dir.0,
            ),
            ..*beside
        });
    }
    align_left(&mut grids);
    Some(Zone { lines: grids })
}

fn glyph_like(b: &Blob) -> bool {
    let (w, h) = (b.width(), b.height());
    // 150 dpi: capitals about 14 px high, the filler '<' about 6; 600 dpi: about 58 px.
    if !(5..=110).contains(&h) || w == 0 || w > 2 * h + 4 || h > 10 * w + 4 {
        return false;
    }
    let fill = b.pixels as f32 / (w * h) as f32;
    (0.08..=0.95).contains(&fill)
}

/// Height of the horizontal bands glyphs are sorted into for the neighbour search.
const BAND: f32 = 32.0;

/// Links each glyph to its nearest right neighbour on the same line and follows the links.
/// Glyphs are kept in horizontal bands sorted by x, so each looks only at its neighbours.
fn chain(glyphs: &[Blob]) -> Vec<Vec<usize>> {
    let band_of = |y: f32| (y.max(0.0) / BAND) as usize;
    let bands_count = glyphs
        .iter()
        .map(|g| band_of(g.centre_y()))
        .max()
        .map_or(0, |b| b + 1);
    let mut bands: Vec<Vec<usize>> = vec![Vec::new(); bands_count];
    for (i, g) in glyphs.iter().enumerate() {
        bands[band_of(g.centre_y())].push(i);
    }
    for band in &mut bands {
        band.sort_by(|&a, &b| glyphs[a].centre_x().total_cmp(&glyphs[b].centre_x()));
    }
    let mut next: Vec<Option<usize>> = vec![None; glyphs.len()];
    let mut prev_dist: Vec<f32> = vec![f32::INFINITY; glyphs.len()];
    let mut prev_of: Vec<Option<usize>> = vec![None; glyphs.len()];
    for (a, ga) in glyphs.iter().enumerate() {
        let ha = ga.height() as f32;
        // The farthest a neighbour's centre may sit above or below (2.2 heights away at 12°,
        // of a neighbour up to twice as tall).
        let reach = 0.6 * ha + MAX_SLOPE * 4.4 * ha + ha;
        let lo = band_of(ga.centre_y() - reach);
        let hi = band_of(ga.centre_y() + reach).min(bands_count.saturating_sub(1));
        let mut best: Option<(usize, f32)> = None;
        for band in &bands[lo..=hi] {
            let from = band.partition_point(|&b| glyphs[b].centre_x() <= ga.centre_x());
            for &b in &band[from..] {
                let gb = glyphs[b];
                let dx = gb.centre_x() - ga.centre_x();
                let h = ha.max(gb.height() as f32);
                if dx > 2.2 * h {
                    if dx > 4.4 * ha {
                        break;
                    }
                    continue;
                }
                if dx < 0.3 * h {
                    continue;
                }
                let dy = (gb.centre_y() - ga.centre_y()).abs();
                if dy > 0.3 * h + MAX_SLOPE * dx {
                    continue;
                }
                let d = dx + 2.0 * dy;
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((b, d));
                }
            }
        }
        if let Some((b, d)) = best
            && d < prev_dist[b]
        {
            // `b` keeps only its closest predecessor.
            if let Some(p) = prev_of[b] {
                next[p] = None;
            }
            next[a] = Some(b);
            prev_dist[b] = d;
            prev_of[b] = Some(a);
        }
    }
    let mut chains = Vec::new();
    for (start, prev) in prev_of.iter().enumerate() {
        if prev.is_some() {
            continue;
        }
        let mut c = vec![start];
        let mut at = start;
        while let Some(n) = next[at] {
            if c.len() > 200 {
                break;
            }
            c.push(n);
            at = n;
        }
        if c.len() >= 10 {
            chains.push(c);
        }
    }
    chains
}

/// A straight line through a chain's glyphs.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LineFit {
    /// y = a + b·x through the capitals' centres.
    a: f32,
    b: f32,
    /// First glyph's left edge and last glyph's right edge, along x.
    x_start: f32,
    x_end: f32,
    cap_height: f32,
    /// Median centre distance of neighbouring glyphs (along x).
    spacing: f32,
    /// Centre x of every glyph that is one character wide.
    centres: [f32; 64],
    count: usize,
}

impl LineFit {
    fn mid_y(&self) -> f32 {
        self.a + self.b * (self.x_start + self.x_end) / 2.0
    }
    fn cos(&self) -> f32 {
        1.0 / (1.0 + self.b * self.b).sqrt()
    }
}

fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

fn fit_line(glyphs: &[Blob], chain: &[usize]) -> Option<LineFit> {
    let members: Vec<Blob> = chain.iter().map(|&i| glyphs[i]).collect();
    let mut heights: Vec<f32> = members.iter().map(|g| g.height() as f32).collect();
    heights.sort_by(f32::total_cmp);
    // The capitals: the glyphs near the tallest (a line may be mostly fillers, which are
    // lower); their median height.
    let top = heights[heights.len() * 19 / 20];
    let mut capitals: Vec<f32> = heights
        .iter()
        .copied()
        .filter(|&h| h >= 0.75 * top)
        .collect();
    let cap_height = median(&mut capitals);
    // The line through every glyph's centre: OCR-B's filler is centred on the capitals.
    let tall: Vec<&Blob> = members
        .iter()
        .filter(|g| {
            let h = g.height() as f32;
            h >= 0.45 * cap_height && h <= 1.3 * cap_height
        })
        .collect();
    if tall.len() < 6 {
        return None;
    }
    let n = tall.len() as f32;
    let mx = tall.iter().map(|g| g.centre_x()).sum::<f32>() / n;
    let my = tall.iter().map(|g| g.centre_y()).sum::<f32>() / n;
    let sxx: f32 = tall.iter().map(|g| (g.centre_x() - mx).powi(2)).sum();
    let sxy: f32 = tall
        .iter()
        .map(|g| (g.centre_x() - mx) * (g.centre_y() - my))
        .sum();
    if sxx <= 0.0 {
        return None;
    }
    let b = sxy / sxx;
    if b.abs() > MAX_SLOPE {
        return None;
    }
    let a = my - b * mx;
    let mut gaps: Vec<f32> = members
        .windows(2)
        .map(|w| w[1].centre_x() - w[0].centre_x())
        .collect();
    let spacing = median(&mut gaps);
    let mut centres = [0f32; 64];
    let mut count = 0;
    for g in &tall {
        if (g.width() as f32) < 0.9 * spacing && count < 64 {
            centres[count] = g.centre_x();
            count += 1;
        }
    }
    Some(LineFit {
        a,
        b,
        x_start: tall.iter().map(|g| g.x0).min()? as f32,
        x_end: tall.iter().map(|g| g.x1).max()? as f32,
        cap_height,
        spacing,
        centres,
        count,
    })
}

/// The MRZ width whose pitch fits the line's length and glyph spacing, if any.
fn cells_of(fit: &LineFit) -> Option<usize> {
    let extent = (fit.x_end - fit.x_start) / fit.cos();
    let spacing = fit.spacing / fit.cos();
    // OCR-B capitals are about as high as the pitch (ICAO 9303-3 §4.2: 2.54 mm pitch).
    let pitch_from_height = fit.cap_height / CAP_PER_PITCH;
    WIDTHS
        .iter()
        .copied()
        .map(|n| {
            let pitch = extent / (n as f32 - 0.4);
            let off = ((pitch - spacing) / spacing).abs()
                + 0.5 * ((pitch - pitch_from_height) / pitch_from_height).abs();
            (n, off)
        })
        .filter(|&(_, off)| off < 0.3)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(n, _)| n)
}

/// Whether `next` is the MRZ line after `last`: parallel, same size (by capital height or
/// glyph spacing: a line mostly of fillers has low blobs), aligned left or overlapping, one
/// line pitch below (ICAO 9303-3: lines about 1.4 to 2 capital heights apart).
fn follows(last: &LineFit, next: &LineFit) -> bool {
    let h = last.cap_height.max(next.cap_height);
    let spacing = last.spacing.max(next.spacing);
    let size_ok = (last.cap_height - next.cap_height).abs() < 0.25 * h
        || (last.spacing - next.spacing).abs() < 0.12 * spacing;
    let angle_ok = (last.b - next.b).abs() < 0.03;
    let gap = (next.a - last.a) * last.cos();
    let gap_ok = gap > 1.2 * h && gap < 2.6 * h;
    let left_ok = (last.x_start - next.x_start).abs() < 1.5 * h + 0.2 * gap;
    let overlap = last.x_start.max(next.x_start) < last.x_end.min(next.x_end);
    size_ok && angle_ok && gap_ok && (left_ok || overlap)
}

/// Least squares of centre = x0 + i·p over (i, centre) pairs.
fn regress(pairs: &[(f32, f32)]) -> Option<(f32, f32)> {
    let n = pairs.len() as f32;
    let (si, sx) = pairs.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
    let sii: f32 = pairs.iter().map(|p| p.0 * p.0).sum();
    let six: f32 = pairs.iter().map(|p| p.0 * p.1).sum();
    let det = n * sii - si * si;
    if pairs.len() < 4 || det.abs() < 1e-3 {
        return None;
    }
    let p = (n * six - si * sx) / det;
    Some(((sx - p * si) / n, p))
}

/// The line's character grid: pitch and phase fitted to the single-character glyphs,
/// from the left end outwards (an estimate that is off by a little would put the far
/// glyphs in the wrong cells), leaving out glyphs far from their cell.
fn grid(fit: &LineFit, cells: usize) -> LineGrid {
    let cos = fit.cos();
    let mut p = (fit.x_end - fit.x_start) / (cells as f32 - 0.4);
    let mut x0 = fit.x_start + 0.3 * p;
    let centres = &fit.centres[..fit.count];
    for reach in [8.0, 16.0, 28.0, cells as f32] {
        let mut pairs = Vec::new();
        for &c in centres {
            let at = (c - x0) / p;
            let i = at.round();
            if i < 0.0 || i >= reach || (at - i).abs() > 0.3 {
                continue;
            }
            pairs.push((i, c));
        }
        if let Some((nx0, np)) = regress(&pairs)
            && (np - p).abs() < 0.15 * p
        {
            x0 = nx0;
            p = np;
        }
    }
    LineGrid {
        origin: (x0, fit.a + fit.b * x0),
        dir: (cos, fit.b * cos),
        pitch: p / cos,
        // From the pitch, which the whole line measures: a glyph's height moves with the
        // stroke weight, blur and skew.
        cap_height: CAP_PER_PITCH * p / cos,
        cells,
    }
}

/// The lines of an MRZ start in the same column (ICAO 9303-3 §4.2, the zone's fixed
/// margins): a line whose first glyph was missed starts one pitch right of the others, and
/// is moved back.
fn align_left(grids: &mut [LineGrid]) {
    let Some(first) = grids.first().copied() else {
        return;
    };
    // Each origin along the first line's direction.
    let along = |g: &LineGrid| {
        (g.origin.0 - first.origin.0) * first.dir.0 + (g.origin.1 - first.origin.1) * first.dir.1
    };
    let leftmost = grids.iter().map(along).fold(f32::INFINITY, f32::min);
    for g in grids.iter_mut() {
        let shift = ((along(g) - leftmost) / g.pitch).round();
        if (1.0..=2.0).contains(&shift) && ((along(g) - leftmost) / g.pitch - shift).abs() < 0.3 {
            g.origin.0 -= shift * g.pitch * g.dir.0;
            g.origin.1 -= shift * g.pitch * g.dir.1;
        }
    }
}
