//! OCR-B glyphs rendered from Debian's `fonts-ocr-b` (public domain) at any pitch: the
//! source of the recogniser's templates and of the synthetic scanner pages.

use ab_glyph::{Font, FontVec, PxScale, ScaleFont, point};

/// Where Debian's `fonts-ocr-b` installs the font.
pub const FONT_PATH: &str = "/usr/share/fonts/opentype/ocr-b/OCRB.otf";

/// Ink coverage, 0 (paper) to 1 (ink), row by row.
pub struct Canvas {
    pub width: usize,
    pub height: usize,
    pub ink: Vec<f32>,
}

impl Canvas {
    pub fn new(width: usize, height: usize) -> Canvas {
        Canvas {
            width,
            height,
            ink: vec![0.0; width * height],
        }
    }
}

/// The loaded font.
pub struct OcrB {
    font: FontVec,
}

impl OcrB {
    pub fn load() -> OcrB {
        let data = std::fs::read(FONT_PATH)
            .unwrap_or_else(|e| panic!("{FONT_PATH}: {e} (install fonts-ocr-b)"));
        OcrB {
            font: FontVec::try_from_vec(data).expect("OCR-B font parses"),
        }
    }

    /// The font scale whose advance is `pitch` pixels (OCR-B is monospaced).
    fn scale(&self, pitch: f32) -> PxScale {
        let probe = PxScale::from(100.0);
        let adv = self
            .font
            .as_scaled(probe)
            .h_advance(self.font.glyph_id('0'));
        PxScale::from(100.0 * pitch / adv)
    }

    /// Draws `text` with its first cell's left edge at `left` and the baseline at `baseline`.
    pub fn draw(&self, canvas: &mut Canvas, text: &str, left: f32, baseline: f32, pitch: f32) {
        let scale = self.scale(pitch);
        for (i, ch) in text.chars().enumerate() {
            let g = self
                .font
                .glyph_id(ch)
                .with_scale_and_position(scale, point(left + i as f32 * pitch, baseline));
            let Some(outline) = self.font.outline_glyph(g) else {
                continue;
            };
            let b = outline.px_bounds();
            outline.draw(|x, y, c| {
                let (px, py) = (b.min.x as i64 + x as i64, b.min.y as i64 + y as i64);
                if px >= 0
                    && py >= 0
                    && (px as usize) < canvas.width
                    && (py as usize) < canvas.height
                {
                    let v = &mut canvas.ink[py as usize * canvas.width + px as usize];
                    *v = (*v + c).min(1.0);
                }
            });
        }
    }
}

/// A small deterministic generator (SplitMix64): the same seed gives the same pages on
/// every machine and in every version.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    pub fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Roughly normal, mean 0, deviation 1.
    pub fn normal(&mut self) -> f32 {
        (0..4).map(|_| self.unit()).sum::<f32>() * 1.732 - 3.464
    }
}

/// Separable box blur, `passes` times, radius `r` pixels.
pub fn blur(values: &mut [f32], width: usize, height: usize, r: usize, passes: usize) {
    if r == 0 {
        return;
    }
    let mut tmp = vec![0f32; values.len()];
    for _ in 0..passes {
        for y in 0..height {
            let row = &values[y * width..(y + 1) * width];
            let mut acc: f32 = row[..r.min(width)].iter().sum();
            for x in 0..width {
                if x + r < width {
                    acc += row[x + r];
                }
                if x > r {
                    acc -= row[x - r - 1];
                }
                let n = (x + r).min(width - 1) + 1 - x.saturating_sub(r);
                tmp[y * width + x] = acc / n as f32;
            }
        }
        for x in 0..width {
            let mut acc: f32 = (0..r.min(height)).map(|y| tmp[y * width + x]).sum();
            for y in 0..height {
                if y + r < height {
                    acc += tmp[(y + r) * width + x];
                }
                if y > r {
                    acc -= tmp[(y - r - 1) * width + x];
                }
                let n = (y + r).min(height - 1) + 1 - y.saturating_sub(r);
                values[y * width + x] = acc / n as f32;
            }
        }
    }
}
