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
        let (x0, y0) = (x.floor(), y.floor());
        let (fx, fy) = (x - x0, y - y0);
        let (xi, yi) = (x0 as i64, y0 as i64);
        let p = |dx, dy| f32::from(self.get(xi + dx, yi + dy));
        let top = p(0, 0) * (1.0 - fx) + p(1, 0) * fx;
        let bottom = p(0, 1) * (1.0 - fx) + p(1, 1) * fx;
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
