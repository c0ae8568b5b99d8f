//! Dark blobs of a grey image: a local-mean threshold, then the 8-connected components of
//! the dark pixels found by run-length union-find, each with its box and pixel count.

use super::GreyImage;

/// One connected dark blob.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Blob {
    pub x0: u32,
    pub y0: u32,
    /// One past the last column.
    pub x1: u32,
    /// One past the last row.
    pub y1: u32,
    pub pixels: u32,
}

impl Blob {
    pub fn width(&self) -> u32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> u32 {
        self.y1 - self.y0
    }
    pub fn centre_x(&self) -> f32 {
        (self.x0 + self.x1) as f32 / 2.0
    }
    pub fn centre_y(&self) -> f32 {
        (self.y0 + self.y1) as f32 / 2.0
    }
}

/// Most blobs kept: a page of fine security print may break into very many specks; past
/// this the page is read from the blobs found so far (the MRZ's are larger and rarer).
const MAX_BLOBS: usize = 400_000;

/// Whether each pixel is dark: darker than its neighbourhood's mean by a margin. The window
/// grows with the image (about a character's height on a page) so uneven light cancels out.
pub(crate) fn dark_mask(image: &GreyImage) -> Vec<bool> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let px = image.pixels();
    let integral = summed_area(px, w, h);
    let stride = w + 1;
    let r = (w.max(h) / 60).clamp(8, 40);
    let ink = darkest(px);
    let mut mask = vec![false; w * h];
    for y in 0..h {
        let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
        let window = Window {
            top: &integral[ya * stride..(ya + 1) * stride],
            bottom: &integral[yb * stride..(yb + 1) * stride],
            rows: (yb - ya) as u32,
            ink,
        };
        window.mark_row(&px[y * w..(y + 1) * w], &mut mask[y * w..(y + 1) * w], r);
    }
    mask
}

/// The rows of the summed-area table above and below one image row's windows.
struct Window<'a> {
    top: &'a [u32],
    bottom: &'a [u32],
    rows: u32,
    ink: u32,
}

impl Window<'_> {
    /// Marks the dark pixels of one row (`grey`) in `out`, for windows of radius `r`. The
    /// columns whose window is whole run in a loop without bounds or clamps, which the
    /// compiler turns into vector instructions.
    fn mark_row(&self, grey: &[u8], out: &mut [bool], r: usize) {
        let w = grey.len();
        let clamped = |x: usize| (x.saturating_sub(r), (x + r + 1).min(w));
        let edge = |x: usize| {
            let (xa, xb) = clamped(x);
            let sum = self.sum(xa, xb);
            is_dark(grey[x], sum, self.rows * (xb - xa) as u32, self.ink)
        };
        if w <= 2 * r + 1 {
            for (x, dark) in out.iter_mut().enumerate() {
                *dark = edge(x);
            }
            return;
        }
        for x in (0..r).chain(w - r..w) {
            out[x] = edge(x);
        }
        let inner = w - 2 * r;
        let n = self.rows * (2 * r + 1) as u32;
        let (top_a, top_b) = (&self.top[..inner], &self.top[2 * r + 1..][..inner]);
        let (bottom_a, bottom_b) = (&self.bottom[..inner], &self.bottom[2 * r + 1..][..inner]);
        let (grey, out) = (&grey[r..][..inner], &mut out[r..][..inner]);
        for i in 0..inner {
            // Wrapping differences are exact: the window's true sum is below 2^32.
            let sum = bottom_b[i]
                .wrapping_sub(bottom_a[i])
                .wrapping_sub(top_b[i])
                .wrapping_add(top_a[i]);
            out[i] = is_dark(grey[i], sum, n, self.ink);
        }
    }

    /// The sum of the window's columns `xa..xb`.
    fn sum(&self, xa: usize, xb: usize) -> u32 {
        self.bottom[xb]
            .wrapping_sub(self.bottom[xa])
            .wrapping_sub(self.top[xb])
            .wrapping_add(self.top[xa])
    }
}

/// Whether grey `v` is dark against its window of `n` pixels summing to `sum`:
/// v < mean − max(16, mean/5), in integers v·n < sum − max(16n, sum/5); and nearer the ink
/// than the paper around it, which light tints are not: v < ink + 0.7·(mean − ink). A
/// window holds at most 81² samples of 255, so every product stays below 2^25.
#[inline]
fn is_dark(v: u8, sum: u32, n: u32, ink: u32) -> bool {
    let v = u32::from(v);
    let margin = (16 * n).max(sum / 5);
    let below_mean = v * n + margin < sum;
    let near_ink = 10 * v * n < 3 * ink * n + 7 * sum;
    below_mean && near_ink
}

/// The summed-area table of `px` (`w` × `h`), one row and column of zeros in front, in
/// wrapping 32-bit arithmetic: a page may sum past 2^32, but the difference of four entries
/// around any window smaller than 2^32 / 255 pixels is exact modulo 2^32, hence exact.
fn summed_area(px: &[u8], w: usize, h: usize) -> Vec<u32> {
    let stride = w + 1;
    let mut integral = vec![0u32; stride * (h + 1)];
    for y in 0..h {
        let (done, rest) = integral.split_at_mut((y + 1) * stride);
        let above = &done[y * stride..];
        let row = &mut rest[..stride];
        let mut run = 0u32;
        for x in 0..w {
            run = run.wrapping_add(u32::from(px[y * w + x]));
            row[x + 1] = above[x + 1].wrapping_add(run);
        }
    }
    integral
}

/// The grey of the darkest ink: the level below which 0.2 % of the pixels lie.
fn darkest(px: &[u8]) -> u32 {
    let mut histogram = [0u64; 256];
    for &v in px {
        histogram[usize::from(v)] += 1;
    }
    let target = (px.len() as u64 / 500).max(1);
    let mut seen = 0;
    for (level, count) in histogram.iter().enumerate() {
        seen += count;
        if seen >= target {
            return level as u32;
        }
    }
    255
}

fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let p = parent[i as usize];
        parent[i as usize] = parent[p as usize];
        i = p;
    }
    i
}

/// The 8-connected components of `mask` (`width` columns).
pub(crate) fn blobs(mask: &[bool], width: usize) -> Vec<Blob> {
    if width == 0 {
        return Vec::new();
    }
    let height = mask.len() / width;
    // Runs of the previous and current row: (start, end exclusive, label).
    let mut parent: Vec<u32> = Vec::new();
    let mut stats: Vec<Blob> = Vec::new();
    let mut prev: Vec<(usize, usize, u32)> = Vec::new();
    let mut cur: Vec<(usize, usize, u32)> = Vec::new();
    for y in 0..height {
        cur.clear();
        let row = &mask[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            if parent.len() >= MAX_BLOBS {
                continue;
            }
            let label = parent.len() as u32;
            parent.push(label);
            stats.push(Blob {
                x0: start as u32,
                y0: y as u32,
                x1: x as u32,
                y1: y as u32 + 1,
                pixels: (x - start) as u32,
            });
            for &(ps, pe, pl) in &prev {
                // 8-connected: runs touch when they overlap allowing one column diagonally.
                if ps <= x && start <= pe {
                    let (a, b) = (find(&mut parent, pl), find(&mut parent, label));
                    if a != b {
                        parent[b as usize] = a;
                    }
                }
            }
            cur.push((start, x, label));
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    // Fold every run's box into its root.
    let mut merged: Vec<Option<Blob>> = vec![None; parent.len()];
    for (i, &s) in stats.iter().enumerate() {
        let root = find(&mut parent, i as u32) as usize;
        merged[root] = Some(match merged[root] {
            None => s,
            Some(m) => Blob {
                x0: m.x0.min(s.x0),
                y0: m.y0.min(s.y0),
                x1: m.x1.max(s.x1),
                y1: m.y1.max(s.y1),
                pixels: m.pixels + s.pixels,
            },
        });
    }
    merged.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mask as its definition reads: each pixel against the mean of its clamped
    /// window, summed directly.
    fn reference_mask(px: &[u8], w: usize, h: usize) -> Vec<bool> {
        let r = (w.max(h) / 60).clamp(8, 40);
        let ink = darkest(px);
        let mut mask = vec![false; w * h];
        for y in 0..h {
            for x in 0..w {
                let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
                let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
                let sum: u32 = (ya..yb)
                    .flat_map(|yy| (xa..xb).map(move |xx| u32::from(px[yy * w + xx])))
                    .sum();
                let n = ((yb - ya) * (xb - xa)) as u32;
                mask[y * w + x] = is_dark(px[y * w + x], sum, n, ink);
            }
        }
        mask
    }

    /// Dark strokes on uneven paper with noise, from a fixed seed.
    fn page(w: usize, h: usize, seed: u64) -> Vec<u8> {
        let mut state = seed;
        (0..w * h)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let noise = (state >> 59) as u8;
                let (x, y) = (i % w, i / w);
                let paper = 150 + ((x * 90) / w) as u8;
                if (x / 3 + y / 5) % 7 == 0 {
                    30 + noise
                } else {
                    paper - noise
                }
            })
            .collect()
    }

    #[test]
    fn the_fast_mask_equals_its_definition() {
        // Narrower than a window, exactly one window wide, a little wider, and wide.
        for (w, h) in [(5, 7), (17, 17), (18, 40), (64, 33), (700, 90)] {
            let px = page(w, h, (w * h) as u64);
            let image = GreyImage::new(w as u32, h as u32, px.clone()).unwrap();
            let fast = dark_mask(&image);
            assert_eq!(fast, reference_mask(&px, w, h), "{w} x {h}");
            assert!(fast.iter().any(|&d| d), "{w} x {h}: some strokes are dark");
            assert!(fast.iter().any(|&d| !d), "{w} x {h}: some paper is not");
        }
    }

    #[test]
    fn windows_stay_exact_where_the_table_wraps() {
        // White paper of 4200 × 4100 pixels sums to 4.39e9, past 2^32: the table's
        // entries near the bottom right have wrapped. A black square there must still be
        // dark, and the paper around it not.
        let (w, h) = (4200usize, 4100usize);
        let mut px = vec![255u8; w * h];
        for y in h - 60..h - 40 {
            for x in w - 60..w - 40 {
                px[y * w + x] = 0;
            }
        }
        let image = GreyImage::new(w as u32, h as u32, px).unwrap();
        let mask = dark_mask(&image);
        let dark: Vec<(usize, usize)> = (0..w * h)
            .filter(|&i| mask[i])
            .map(|i| (i % w, i / w))
            .collect();
        assert_eq!(dark.len(), 400);
        assert!(
            dark.iter()
                .all(|&(x, y)| x >= w - 60 && x < w - 40 && y >= h - 60 && y < h - 40)
        );
    }
}
