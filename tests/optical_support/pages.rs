//! Synthetic scanner pages, deterministic from a seed: a document of every MRZ layout (or
//! none) on a scanner bed, with guilloche security print behind the MRZ, a photo and other
//! text, at 150–600 dpi, skewed up to ±10°, in any of four orientations, blurred, noisy,
//! unevenly lit, in colour or as an IR-like rendering (only the MRZ dark), and encoded as
//! PNG (8 or 16 bit), JPEG, TIFF or BMP.

use std::io::Cursor;

use image::{ImageBuffer, ImageFormat, Luma, Rgb};

use super::mrz_text::{KINDS, Kind, random_mrz};
use super::ocrb::{Canvas, OcrB, Rng, blur};
use super::templates::stroke_weight;

/// How a page is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Png,
    Png16,
    Jpeg(u8),
    Tiff,
    Bmp,
}

/// Everything that varies between pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conditions {
    /// The document's layout; `None` for a page without an MRZ.
    pub kind: Option<Kind>,
    pub dpi: f32,
    pub skew_degrees: f32,
    /// Clockwise quarter turns of the scan.
    pub turns: u8,
    pub guilloche: bool,
    pub colour: bool,
    pub infrared: bool,
    /// Only the MRZ and a little paper around it (an MRZ-only reader's image).
    pub cropped: bool,
    pub blur: usize,
    pub noise: f32,
    pub uneven_light: bool,
    /// Stroke weight of the print, -0.1 (thin) to 0.1 (bold).
    pub stroke: f32,
    pub encoding: Encoding,
}

/// A rendered page and the MRZ printed on it.
pub struct Page {
    pub seed: u64,
    pub conditions: Conditions,
    pub mrz: Option<Vec<String>>,
    pub bytes: Vec<u8>,
}

/// The conditions of page `seed`: every layout, dpi and effect drawn in turn.
pub fn conditions(seed: u64) -> Conditions {
    let mut rng = Rng(seed ^ 0x5CA7_0000);
    let kind = if seed % 25 == 7 {
        None
    } else {
        Some(KINDS[(seed % 5) as usize])
    };
    let dpi = *rng.pick(&[150.0, 200.0, 240.0, 300.0, 300.0, 400.0, 600.0]) + rng.range(-5.0, 5.0);
    let encoding = match rng.below(8) {
        0 | 1 => Encoding::Png,
        2 => Encoding::Png16,
        3..=5 => Encoding::Jpeg(60 + rng.below(36) as u8),
        6 => Encoding::Tiff,
        _ => Encoding::Bmp,
    };
    Conditions {
        kind,
        dpi,
        skew_degrees: if rng.below(3) == 0 {
            0.0
        } else {
            rng.range(-10.0, 10.0)
        },
        turns: if rng.below(2) == 0 {
            0
        } else {
            rng.below(4) as u8
        },
        guilloche: rng.below(3) != 0,
        colour: rng.below(2) == 0,
        infrared: rng.below(6) == 0,
        cropped: rng.below(6) == 0,
        blur: if dpi < 250.0 {
            rng.below(2)
        } else {
            rng.below(3)
        },
        noise: rng.range(0.0, 10.0),
        uneven_light: rng.below(3) == 0,
        stroke: rng.range(-0.1, 0.1),
        encoding,
    }
}

/// The plainest image of an MRZ of `kind` at `dpi`: cropped to the MRZ (as an MRZ-only
/// reader's), upright, no skew, background print, blur or colour, light noise, PNG.
pub fn plain(kind: Kind, dpi: f32) -> Conditions {
    Conditions {
        kind: Some(kind),
        dpi,
        skew_degrees: 0.0,
        turns: 0,
        guilloche: false,
        colour: false,
        infrared: false,
        cropped: true,
        blur: 0,
        noise: 2.0,
        uneven_light: false,
        stroke: 0.0,
        encoding: Encoding::Png,
    }
}

/// Document size in mm (ICAO 9303-3 §5: ID-3, ID-2, ID-1; visas on a passport page).
fn size_mm(kind: Option<Kind>) -> (f32, f32) {
    match kind {
        Some(Kind::Td1) => (85.6, 54.0),
        Some(Kind::Td2) | Some(Kind::MrvB) => (105.0, 74.0),
        Some(Kind::Td3) | Some(Kind::MrvA) | None => (125.0, 88.0),
    }
}

/// RGB planes, 0..1.
pub struct Rgbf {
    w: usize,
    h: usize,
    px: Vec<[f32; 3]>,
}

/// Renders page `seed`.
pub fn page(font: &OcrB, seed: u64) -> Page {
    page_with(font, seed, conditions(seed), None)
}

/// Renders a page under conditions `c`, with the MRZ `printed` if given (else a random one
/// of `c.kind`).
pub fn page_with(font: &OcrB, seed: u64, c: Conditions, printed: Option<Vec<String>>) -> Page {
    let (doc, mut rng) = document(font, seed, c, printed, None);
    let faint = if c.infrared { 0.12 } else { 1.0 };
    let look = Look {
        paper: doc.paper,
        faint,
        tint_scale: doc.paper,
        photo_tint: [1.0, 0.85, 0.7],
        text_ink: doc.ink_colour,
        mrz_ink: doc.ink_colour,
        glow: None,
    };
    let picture = compose(&doc, &look);
    let bytes = scan(picture, &doc, &c, &mut rng, &mut None);
    Page {
        seed,
        conditions: c,
        mrz: doc.mrz.clone(),
        bytes,
    }
}

/// Where and how large the MRZ is printed, when a test sets it (else: 2.54 mm pitch and a
/// random line spacing of 3.7–4.3 mm).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MrzPrint {
    pub pitch_mm: f32,
    pub line_spacing_mm: f32,
}

/// A document's print before any light falls on it: what each ink covers, where.
pub struct Document {
    pub w: usize,
    pub h: usize,
    /// Pixels per mm.
    pub mm: f32,
    pub paper: [f32; 3],
    pub ink_colour: [f32; 3],
    /// Guilloche coverage (0..1) and its tint, when printed.
    pub guilloche: Option<(Vec<f32>, [f32; 3])>,
    /// The photo's rectangle (x, y, w, h) in pixels.
    pub photo: (usize, usize, usize, usize),
    pub text_ink: Canvas,
    pub mrz_ink: Canvas,
    /// The top of the MRZ's clear zone, pixels.
    pub mrz_top: f32,
    pub mrz: Option<Vec<String>>,
}

/// The document of page `seed` under conditions `c`, and the generator's state after it
/// (placing and finishing the scan draw from it).
pub fn document(
    font: &OcrB,
    seed: u64,
    c: Conditions,
    printed: Option<Vec<String>>,
    print: Option<MrzPrint>,
) -> (Document, Rng) {
    let mut rng = Rng(seed);
    let random = c.kind.map(|k| random_mrz(k, &mut rng));
    let mrz = printed.or(random);
    let mm = c.dpi / 25.4;
    let (dw_mm, dh_mm) = size_mm(c.kind);
    let (dw, dh) = ((dw_mm * mm) as usize, (dh_mm * mm) as usize);
    let paper = if c.colour {
        [
            rng.range(0.9, 0.98),
            rng.range(0.88, 0.97),
            rng.range(0.82, 0.95),
        ]
    } else {
        [0.93; 3]
    };
    // Guilloche: interfering sine curves in a tint, over the whole document.
    let guilloche = c.guilloche.then(|| {
        let tint = if c.colour {
            // A security tint is light in at least one channel.
            let mut t = [
                rng.range(0.45, 0.8),
                rng.range(0.45, 0.8),
                rng.range(0.45, 0.8),
            ];
            t[rng.below(3)] = rng.range(0.85, 0.95);
            t
        } else {
            let g = rng.range(0.65, 0.85);
            [g; 3]
        };
        let (f1, f2, a) = (
            rng.range(0.6, 1.6),
            rng.range(0.2, 0.8),
            rng.range(1.0, 4.0),
        );
        let width = rng.range(0.06, 0.16);
        let mut cover = vec![0f32; dw * dh];
        for y in 0..dh {
            for x in 0..dw {
                let (xm, ym) = (x as f32 / mm, y as f32 / mm);
                let p1 = (f1 * ym + a * (f2 * xm * 0.3).sin()).sin();
                let p2 = (f1 * 1.3 * xm + a * (f2 * ym * 0.4).cos()).sin();
                let ink = ((width - p1.abs()).max(0.0) + (width - p2.abs()).max(0.0)) / width;
                cover[y * dw + x] = ink.min(1.0);
            }
        }
        (cover, tint)
    });
    // A photo: a dark block with a gradient, upper left, ending above the MRZ's clear zone
    // (ICAO 9303-3 §4.3: nothing dark is printed in the MRZ).
    let lines = mrz.as_ref().map_or(0, |l| l.len()) as f32;
    let clear_top = dh_mm - 5.0 - (lines - 1.0).max(0.0) * 4.3 - 5.5;
    let photo = (
        (6.0 * mm) as usize,
        (10.0 * mm) as usize,
        (28.0 * mm) as usize,
        ((clear_top - 10.0).min(36.0) * mm) as usize,
    );
    // Other print: a title and field texts in OCR-B at other sizes, and the MRZ.
    let mut text_ink = Canvas::new(dw, dh);
    font.draw(
        &mut text_ink,
        "PASSPORT PASSEPORT",
        38.0 * mm,
        12.0 * mm,
        3.2 * mm,
    );
    for (i, t) in [
        "SURNAME NOM",
        "GIVEN NAMES PRENOMS",
        "DATE OF BIRTH 12 AUG 1974",
        "AUTHORITY KK 1234",
    ]
    .iter()
    .enumerate()
    {
        font.draw(
            &mut text_ink,
            t,
            38.0 * mm,
            (20.0 + 6.0 * i as f32) * mm,
            1.6 * mm,
        );
    }
    let mut mrz_ink = Canvas::new(dw, dh);
    let mut mrz_top = dh as f32;
    if let Some(lines) = &mrz {
        let mut pitch = 2.54 * mm;
        let mut spacing = rng.range(3.7, 4.3) * mm;
        if let Some(p) = print {
            pitch = p.pitch_mm * mm;
            spacing = p.line_spacing_mm * mm;
        }
        let n = lines.len() as f32;
        let width = lines[0].len() as f32 * pitch;
        let left = (dw as f32 - width) / 2.0 + rng.range(-1.0, 1.0) * mm;
        let last_baseline = dh as f32 - rng.range(3.5, 5.0) * mm;
        for (i, l) in lines.iter().enumerate() {
            let baseline = last_baseline - (n - 1.0 - i as f32) * spacing;
            font.draw(&mut mrz_ink, l, left, baseline, pitch);
        }
        mrz_top = last_baseline - (n - 1.0) * spacing - 3.5 * mm;
        stroke_weight(&mut mrz_ink, c.stroke);
    }
    let ink_colour = if c.colour {
        [0.1, 0.1, 0.14]
    } else {
        [0.08; 3]
    };
    let doc = Document {
        w: dw,
        h: dh,
        mm,
        paper,
        ink_colour,
        guilloche,
        photo,
        text_ink,
        mrz_ink,
        mrz_top,
        mrz,
    };
    (doc, rng)
}

/// How the document's inks and paper look under one light.
pub struct Look {
    pub paper: [f32; 3],
    /// How much of the guilloche, photo and other text shows (1: all, 0.12: IR-like).
    pub faint: f32,
    /// The guilloche's tint is multiplied by this (the paper's colour in white light).
    pub tint_scale: [f32; 3],
    /// The photo's colour factors.
    pub photo_tint: [f32; 3],
    pub text_ink: [f32; 3],
    pub mrz_ink: [f32; 3],
    /// A fluorescent security print, if lit.
    pub glow: Option<Glow>,
}

/// A rectangle of fluorescent print glowing under UV.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glow {
    /// Left, top, width, height in mm.
    pub rect_mm: (f32, f32, f32, f32),
    pub colour: [f32; 3],
}

/// The document's picture under `look`.
pub fn compose(doc: &Document, look: &Look) -> Rgbf {
    let (dw, dh) = (doc.w, doc.h);
    let mut out = Rgbf {
        w: dw,
        h: dh,
        px: vec![look.paper; dw * dh],
    };
    if let Some((cover, tint)) = &doc.guilloche {
        for (p, c) in out.px.iter_mut().zip(cover) {
            let ink = c * look.faint;
            for k in 0..3 {
                p[k] = p[k] * (1.0 - ink) + tint[k] * look.tint_scale[k] * ink;
            }
        }
    }
    if let Some(Glow {
        rect_mm: (x, y, w, h),
        colour,
    }) = look.glow
    {
        let m = doc.mm;
        let (x0, y0) = ((x * m) as usize, (y * m) as usize);
        let (x1, y1) = (((x + w) * m) as usize, ((y + h) * m) as usize);
        for yy in y0..y1.min(dh) {
            for xx in x0..x1.min(dw) {
                out.px[yy * dw + xx] = colour;
            }
        }
    }
    let (px0, py0, pw, ph) = doc.photo;
    let faint = look.faint;
    for y in py0..(py0 + ph).min(dh) {
        for x in px0..(px0 + pw).min(dw) {
            let t = (y - py0) as f32 / ph as f32;
            let v = 0.25 + 0.5 * t;
            let p = &mut out.px[y * dw + x];
            for (c, tint) in p.iter_mut().zip(look.photo_tint) {
                *c = *c * (1.0 - faint) + v * faint * tint;
            }
        }
    }
    for (i, p) in out.px.iter_mut().enumerate() {
        let t = doc.text_ink.ink[i] * faint;
        let m = doc.mrz_ink.ink[i];
        for (k, c) in p.iter_mut().enumerate() {
            *c = *c * (1.0 - t) + look.text_ink[k] * t;
            *c = *c * (1.0 - m) + look.mrz_ink[k] * m;
        }
    }
    out
}

/// The document's picture scanned under conditions `c`: cropped, placed on the bed, turned,
/// blurred and lit, encoded. `finish_rng`, when given, lights and adds noise in place of
/// `rng` (another light of the same page: same placement, its own sensor noise).
pub fn scan(
    mut picture: Rgbf,
    doc: &Document,
    c: &Conditions,
    rng: &mut Rng,
    finish_rng: &mut Option<Rng>,
) -> Vec<u8> {
    let (dw, dh, mm) = (doc.w, doc.h, doc.mm);
    if c.cropped && doc.mrz.is_some() {
        let top = (doc.mrz_top - 2.0 * mm).max(0.0) as usize;
        picture = Rgbf {
            w: dw,
            h: dh - top,
            px: picture.px[top * dw..].to_vec(),
        };
    }
    let mut scanned = place_on_bed(&picture, c, mm, rng);
    scanned = turn(scanned, c.turns);
    match finish_rng {
        Some(other) => finish(&mut scanned, c, other),
        None => finish(&mut scanned, c, rng),
    }
    encode(&scanned, c)
}

/// The document skewed on a scanner bed with a margin of lid around it.
fn place_on_bed(doc: &Rgbf, c: &Conditions, mm: f32, rng: &mut Rng) -> Rgbf {
    let margin = if c.cropped {
        rng.range(1.0, 3.0) * mm
    } else {
        rng.range(4.0, 12.0) * mm
    };
    let (sin, cos) = c.skew_degrees.to_radians().sin_cos();
    let (dw, dh) = (doc.w as f32, doc.h as f32);
    let bw = dw * cos.abs() + dh * sin.abs() + 2.0 * margin;
    let bh = dw * sin.abs() + dh * cos.abs() + 2.0 * margin;
    let (w, h) = (bw as usize, bh as usize);
    let lid = [0.97, 0.97, 0.97];
    let mut out = Rgbf {
        w,
        h,
        px: vec![lid; w * h],
    };
    let (cx, cy) = (bw / 2.0, bh / 2.0);
    for y in 0..h {
        for x in 0..w {
            let (ux, uy) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            // Inverse rotation into the document.
            let sx = cos * ux + sin * uy + dw / 2.0 - 0.5;
            let sy = -sin * ux + cos * uy + dh / 2.0 - 0.5;
            if sx < 0.0 || sy < 0.0 || sx >= dw - 1.0 || sy >= dh - 1.0 {
                continue;
            }
            let (x0, y0) = (sx as usize, sy as usize);
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let at = |xx: usize, yy: usize| doc.px[yy * doc.w + xx];
            let channel = |k: usize| {
                let top = at(x0, y0)[k] * (1.0 - fx) + at(x0 + 1, y0)[k] * fx;
                let bot = at(x0, y0 + 1)[k] * (1.0 - fx) + at(x0 + 1, y0 + 1)[k] * fx;
                top * (1.0 - fy) + bot * fy
            };
            out.px[y * w + x] = [channel(0), channel(1), channel(2)];
        }
    }
    out
}

/// The scan turned clockwise by `turns` quarter turns.
fn turn(img: Rgbf, turns: u8) -> Rgbf {
    let (w, h) = (img.w, img.h);
    if turns.is_multiple_of(4) {
        return img;
    }
    let (nw, nh) = if turns % 2 == 1 { (h, w) } else { (w, h) };
    let mut px = vec![[0f32; 3]; w * h];
    for y in 0..h {
        for x in 0..w {
            let (nx, ny) = match turns % 4 {
                1 => (h - 1 - y, x),
                2 => (w - 1 - x, h - 1 - y),
                _ => (y, w - 1 - x),
            };
            px[ny * nw + nx] = img.px[y * w + x];
        }
    }
    Rgbf { w: nw, h: nh, px }
}

/// Optics and sensor: blur, uneven light, noise.
fn finish(img: &mut Rgbf, c: &Conditions, rng: &mut Rng) {
    if c.blur > 0 {
        for k in 0..3 {
            let mut plane: Vec<f32> = img.px.iter().map(|p| p[k]).collect();
            blur(&mut plane, img.w, img.h, c.blur, 2);
            for (p, v) in img.px.iter_mut().zip(plane) {
                p[k] = v;
            }
        }
    }
    let (gx, gy) = (rng.range(-0.35, 0.35), rng.range(-0.35, 0.35));
    for y in 0..img.h {
        for x in 0..img.w {
            let light = if c.uneven_light {
                let (u, v) = (x as f32 / img.w as f32 - 0.5, y as f32 / img.h as f32 - 0.5);
                (1.0 + gx * u + gy * v - 0.4 * (u * u + v * v)).clamp(0.4, 1.2)
            } else {
                1.0
            };
            let n = c.noise / 255.0 * rng.normal();
            for v in img.px[y * img.w + x].iter_mut() {
                *v = (*v * light + n).clamp(0.0, 1.0);
            }
        }
    }
}

fn encode(img: &Rgbf, c: &Conditions) -> Vec<u8> {
    use image::DynamicImage;
    let (w, h) = (img.w as u32, img.h as u32);
    let at = |x: u32, y: u32| img.px[(y * w + x) as usize];
    let luma = |p: [f32; 3]| 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    let picture = if c.encoding == Encoding::Png16 {
        DynamicImage::ImageLuma16(ImageBuffer::from_fn(w, h, |x, y| {
            Luma([(luma(at(x, y)) * 65535.0) as u16])
        }))
    } else if c.colour || c.encoding == Encoding::Bmp {
        // BMP: the encoder writes no 8-bit grey without a palette; RGB then.
        DynamicImage::ImageRgb8(ImageBuffer::from_fn(w, h, |x, y| {
            let p = at(x, y);
            let g = luma(p);
            let v = |k: usize| (if c.colour { p[k] } else { g } * 255.0) as u8;
            Rgb([v(0), v(1), v(2)])
        }))
    } else {
        DynamicImage::ImageLuma8(ImageBuffer::from_fn(w, h, |x, y| {
            Luma([(luma(at(x, y)) * 255.0) as u8])
        }))
    };
    let mut out = Cursor::new(Vec::new());
    match c.encoding {
        Encoding::Jpeg(q) => {
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q);
            picture.write_with_encoder(enc).expect("JPEG");
        }
        Encoding::Png | Encoding::Png16 => {
            picture.write_to(&mut out, ImageFormat::Png).expect("PNG")
        }
        Encoding::Tiff => picture.write_to(&mut out, ImageFormat::Tiff).expect("TIFF"),
        Encoding::Bmp => picture.write_to(&mut out, ImageFormat::Bmp).expect("BMP"),
    }
    out.into_inner()
}
