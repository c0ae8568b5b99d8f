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
    let mut integral = vec![0u64; (w + 1) * (h + 1)];
    for y in 0..h {
        let mut row = 0u64;
        for x in 0..w {
            row += u64::from(px[y * w + x]);
            integral[(y + 1) * (w + 1) + x + 1] = integral[y * (w + 1) + x + 1] + row;
        }
    }
    let r = (w.max(h) / 60).clamp(8, 40);
    let ink = darkest(px);
    let mut mask = vec![false; w * h];
    for y in 0..h {
        let (ya, yb) = (y.saturating_sub(r), (y + r + 1).min(h));
        for x in 0..w {
            let (xa, xb) = (x.saturating_sub(r), (x + r + 1).min(w));
            let sum = integral[yb * (w + 1) + xb] + integral[ya * (w + 1) + xa]
                - integral[ya * (w + 1) + xb]
                - integral[yb * (w + 1) + xa];
            let n = ((yb - ya) * (xb - xa)) as u64;
            let v = u64::from(px[y * w + x]);
            // v < mean − max(16, mean/5), in integers: v·n < sum − max(16n, sum/5); and
            // nearer the ink than the paper around it, which light tints are not:
            // v < ink + 0.7·(mean − ink).
            let margin = (16 * n).max(sum / 5);
            let below_mean = v * n + margin < sum;
            let near_ink = 10 * v * n < 3 * ink * n + 7 * sum;
            mask[y * w + x] = below_mean && near_ink;
        }
    }
    mask
}

/// The grey of the darkest ink: the level below which 0.2 % of the pixels lie.
fn darkest(px: &[u8]) -> u64 {
    let mut histogram = [0u64; 256];
    for &v in px {
        histogram[usize::from(v)] += 1;
    }
    let target = (px.len() as u64 / 500).max(1);
    let mut seen = 0;
    for (level, count) in histogram.iter().enumerate() {
        seen += count;
        if seen >= target {
            return level as u64;
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
