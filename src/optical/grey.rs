//! The one image type the optical layer works on: 8-bit grey pixels, row by row, with the
//! resolution the file stated (if any); rotation by quarter turns and bilinear sampling.

use super::OpticalError;

/// An 8-bit grey image (0 black, 255 white), rows top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub struct GreyImage {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
    /// Dots per inch the file stated (PNG pHYs, JPEG JFIF, BMP), if it stated any.
    pub dpi: Option<f32>,
}

impl GreyImage {
    /// Wraps `pixels` (`width` × `height` bytes, rows top to bottom). The size is bounded
    /// as for a decoded file ([`super::MAX_PIXELS`], [`super::MAX_DIMENSION`]).
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Result<GreyImage, OpticalError> {
        super::decode::check_size(width, height)?;
        let expected = width as usize * height as usize;
        if pixels.len() != expected {
            return Err(OpticalError::BufferSize {
                expected,
                found: pixels.len(),
            });
        }
        Ok(GreyImage {
            width,
            height,
            pixels,
            dpi: None,
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The pixels, rows top to bottom.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The pixel at `x`, `y`; white outside the image.
    pub fn get(&self, x: i64, y: i64) -> u8 {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return 255;
        }
        self.pixels[y as usize * self.width as usize + x as usize]
    }

    /// Bilinear sample at a real position (pixel centres at integer + 0.5 are not assumed:
    /// pixel `i` covers `[i, i+1)`, its value sits at `i`).
    pub fn sample(&self, x: f32, y: f32) -> f32 {
        let (xi, yi) = (floor(x), floor(y));
        let (fx, fy) = (x - xi as f32, y - yi as f32);
        let (w, h) = (i64::from(self.width), i64::from(self.height));
        let [p00, p10, p01, p11] = if xi >= 0 && yi >= 0 && xi < w - 1 && yi < h - 1 {
            // All four inside: read them without the per-pixel range checks.
            let (w, at) = (w as usize, yi as usize * w as usize + xi as usize);
            let quad = &self.pixels[at..at + w + 2];
            [quad[0], quad[1], quad[w], quad[w + 1]]
        } else {
            let (xj, yj) = (xi.saturating_add(1), yi.saturating_add(1));
            [
                self.get(xi, yi),
                self.get(xj, yi),
                self.get(xi, yj),
                self.get(xj, yj),
            ]
        };
        let p = f32::from;
        let top = p(p00) * (1.0 - fx) + p(p10) * fx;
        let bottom = p(p01) * (1.0 - fx) + p(p11) * fx;
        top * (1.0 - fy) + bottom * fy
    }

    /// The image turned clockwise by `quarter_turns` × 90°.
    pub fn rotated(&self, quarter_turns: u8) -> GreyImage {
        let (w, h) = (self.width as usize, self.height as usize);
        let turns = quarter_turns % 4;
        let (nw, nh) = if turns % 2 == 1 { (h, w) } else { (w, h) };
        let mut out = vec![0u8; w * h];
        for y in 0..h {
            let row = &self.pixels[y * w..(y + 1) * w];
            for (x, &v) in row.iter().enumerate() {
                let (nx, ny) = match turns {
                    0 => (x, y),
                    1 => (h - 1 - y, x),
                    2 => (w - 1 - x, h - 1 - y),
                    _ => (y, w - 1 - x),
                };
                out[ny * nw + nx] = v;
            }
        }
        GreyImage {
            width: nw as u32,
            height: nh as u32,
            pixels: out,
            dpi: self.dpi,
        }
    }
}

/// `v` rounded down, as an integer (NaN gives 0, out of range saturates): exact like
/// `f32::floor` for every value a pixel position takes, without the library call the
/// baseline x86-64 instruction set makes of it.
fn floor(v: f32) -> i64 {
    let t = v as i64;
    if (t as f32) > v {
        t.saturating_sub(1)
    } else {
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floor_is_the_library_floor_where_positions_lie() {
        for v in [
            -3.5f32,
            -1.0,
            -0.25,
            -0.0,
            0.0,
            0.75,
            1.0,
            2.999,
            1e6 + 0.5,
            -1e6 - 0.5,
        ] {
            assert_eq!(floor(v), v.floor() as i64, "{v}");
        }
        assert_eq!(floor(f32::NAN), 0);
        assert_eq!(floor(-1e30), i64::MIN);
        assert_eq!(floor(f32::INFINITY), i64::MAX);
    }

    #[test]
    fn sampling_inside_and_across_the_border_equals_the_definition() {
        let (w, h) = (7u32, 5u32);
        let pixels: Vec<u8> = (0..w * h).map(|i| (i * 37 % 251) as u8).collect();
        let image = GreyImage::new(w, h, pixels).unwrap();
        let reference = |x: f32, y: f32| {
            let (x0, y0) = (x.floor(), y.floor());
            let (fx, fy) = (x - x0, y - y0);
            let p = |dx: i64, dy: i64| f32::from(image.get(x0 as i64 + dx, y0 as i64 + dy));
            let top = p(0, 0) * (1.0 - fx) + p(1, 0) * fx;
            let bottom = p(0, 1) * (1.0 - fx) + p(1, 1) * fx;
            top * (1.0 - fy) + bottom * fy
        };
        let mut y = -1.5f32;
        while y < h as f32 + 1.0 {
            let mut x = -1.5f32;
            while x < w as f32 + 1.0 {
                assert_eq!(image.sample(x, y), reference(x, y), "({x}, {y})");
                x += 0.25;
            }
            y += 0.25;
        }
        // A position past any image (a degenerate fit) is white paper or NaN, never a panic.
        for (x, y) in [
            (f32::INFINITY, 1.0),
            (1.0, f32::NEG_INFINITY),
            (f32::NAN, 2.0),
        ] {
            let v = image.sample(x, y);
            assert!(v.is_nan() || v == 255.0, "({x}, {y}): {v}");
        }
    }
}
