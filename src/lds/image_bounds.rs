//! Image size read from the headers alone, before any decoder allocates: JPEG 2000 (the
//! codestream's SIZ marker, the JP2 boxes), JPEG (SOFn) and PNG (IHDR), and the bounds a face
//! or document image must keep to be decoded or handed on at all.
//!
//! A few kilobytes of header can promise gigabytes of pixels or millions of tiles; a decoder
//! that believes them asks for the memory before it has read a single sample, and a failed
//! allocation aborts the process (no `catch_unwind` stops that). So every size is read here
//! with every length checked and all arithmetic in `u64` or checked, and the image is refused
//! unless it is within [`MAX_PIXELS`], [`MAX_DIMENSION`], [`MAX_COMPONENTS`] and, for JPEG 2000,
//! [`MAX_TILES`].

use super::{LdsError, image::ImageFormat};

/// Largest width or height (pixels) decoded or handed on.
pub const MAX_DIMENSION: u32 = 8192;

/// Largest width × height decoded or handed on: 16 megapixels. ICAO 9303-10 and ISO/IEC
/// 19794-5 faces are about 240×320 to 480×640 (a token frontal image with 90 or more pixels
/// between the eyes); even a full-frontal image of a studio camera stays below 12 megapixels
/// (4000×3000). Decoded as 16-bit samples in four components, 16 megapixels take 128 MiB:
/// the most a desk may spend on one image.
pub const MAX_PIXELS: u64 = 16 * 1024 * 1024;

/// Most components (channels) per pixel: grey, grey + alpha, RGB/YCbCr, RGBA/CMYK. Faces
/// have one or three.
pub const MAX_COMPONENTS: u32 = 4;

/// Most JPEG 2000 tiles. A face is coded as one tile or a handful (encoders tile at 256,
/// 512 or 1024 pixels); 4096 tiles of 64×64 already cover 16 megapixels. A decoder keeps
/// state per tile, so millions of one-pixel tiles are a memory bomb of their own.
pub const MAX_TILES: u64 = 4096;

/// Most bytes the `image` crate's JPEG and PNG decoders may allocate for one image
/// (`image::Limits::max_alloc`): [`MAX_PIXELS`] × [`MAX_COMPONENTS`] × 2 bytes (16-bit
/// samples) and as much again for the decoder's own buffers. A second line of defence
/// behind the header check.
pub const MAX_DECODE_BYTES: u64 = MAX_PIXELS * MAX_COMPONENTS as u64 * 2 * 2;

/// The size an image's header promises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageHeader {
    /// Width in pixels (for JPEG 2000: Xsiz − XOsiz).
    pub width: u32,
    /// Height in pixels (for JPEG 2000: Ysiz − YOsiz).
    pub height: u32,
    /// Components per pixel (JPEG 2000: Csiz, or the palette's columns when more; PNG: as
    /// the colour type expands, palette images to RGB).
    pub components: u32,
    /// JPEG 2000 tiles; 1 for JPEG and PNG.
    pub tiles: u64,
    /// The nominal area of one tile (XTsiz × YTsiz), which may exceed the image: encoders
    /// of a single tile may write any tile size past it, but a decoder may size buffers by
    /// it. JPEG and PNG: width × height.
    pub tile_pixels: u64,
}

impl ImageHeader {
    /// The larger of two headers in every measure: what a file with both promises at most.
    fn max(self, other: ImageHeader) -> ImageHeader {
        ImageHeader {
            width: self.width.max(other.width),
            height: self.height.max(other.height),
            components: self.components.max(other.components),
            tiles: self.tiles.max(other.tiles),
            tile_pixels: self.tile_pixels.max(other.tile_pixels),
        }
    }

    /// Width × height.
    pub fn pixels(&self) -> u64 {
        u64::from(self.width) * u64::from(self.height)
    }

    /// Whether the image is within the bounds; the reason when not.
    pub fn check(&self) -> Result<(), LdsError> {
        let (w, h) = (self.width, self.height);
        if w == 0 || h == 0 {
            return Err(too_large(format!("{w}x{h} pixels is empty")));
        }
        if w > MAX_DIMENSION || h > MAX_DIMENSION {
            return Err(too_large(format!(
                "{w}x{h} pixels exceeds {MAX_DIMENSION} pixels a side"
            )));
        }
        if self.pixels() > MAX_PIXELS {
            return Err(too_large(format!(
                "{w}x{h} pixels exceeds {MAX_PIXELS} pixels"
            )));
        }
        if self.components == 0 || self.components > MAX_COMPONENTS {
            return Err(too_large(format!(
                "{} components, not 1 to {MAX_COMPONENTS}",
                self.components
            )));
        }
        if self.tile_pixels > MAX_PIXELS {
            return Err(too_large(format!(
                "tiles of {} pixels exceed {MAX_PIXELS} pixels",
                self.tile_pixels
            )));
        }
        if self.tiles > MAX_TILES {
            return Err(too_large(format!(
                "{} tiles exceed {MAX_TILES}",
                self.tiles
            )));
        }
        Ok(())
    }
}

/// Reads the header of `data` in `format` without decoding, and checks it against the
/// bounds: the only way to an image's decoder.
pub fn bounded_header(format: ImageFormat, data: &[u8]) -> Result<ImageHeader, LdsError> {
    let header = read_header(format, data)?;
    header.check()?;
    Ok(header)
}

/// Reads the size the header of `data` promises, without decoding and without the bounds
/// (only what no decoder could use is refused: a malformed or truncated header, zero or
/// inconsistent sizes).
pub fn read_header(format: ImageFormat, data: &[u8]) -> Result<ImageHeader, LdsError> {
    match format {
        ImageFormat::Jpeg2000Codestream => codestream(data),
        ImageFormat::Jp2 => jp2(data),
        ImageFormat::Jpeg => jpeg(data),
        ImageFormat::Png => png(data),
        ImageFormat::Wsq | ImageFormat::Unknown => Err(LdsError::Image(format!(
            "{format:?} images are not decoded"
        ))),
    }
}

fn too_large(reason: String) -> LdsError {
    LdsError::ImageRefused(reason)
}

fn malformed(what: &str) -> LdsError {
    LdsError::Image(what.to_string())
}

// ------------------------------------------------------------------------- JPEG 2000

/// SIZ marker segment (ITU-T T.800 | ISO/IEC 15444-1, Annex A.5.1), right after SOC (A.4.1):
/// FF4F, FF51, Lsiz (2), Rsiz (2), Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz
/// (4 each), Csiz (2), then Ssiz, XRsiz, YRsiz (1 each) per component; Lsiz = 38 + 3·Csiz.
/// The image area is (XOsiz, YOsiz) to (Xsiz, Ysiz) on the reference grid; tiles of XTsiz ×
/// YTsiz start at (XTOsiz, YTOsiz), with XTOsiz ≤ XOsiz < Xsiz and XTsiz + XTOsiz > XOsiz
/// (likewise for y, Table A.9 and B.3); their number is ⌈(Xsiz − XTOsiz) / XTsiz⌉ ×
/// ⌈(Ysiz − YTOsiz) / YTsiz⌉ (B-5).
fn codestream(data: &[u8]) -> Result<ImageHeader, LdsError> {
    let mut r = Reader::new(data);
    if r.u16()? != 0xFF4F || r.u16()? != 0xFF51 {
        return Err(malformed("JPEG 2000: no SIZ marker after SOC"));
    }
    let lsiz = r.u16()?;
    let _rsiz = r.u16()?;
    let xsiz = r.u32()?;
    let ysiz = r.u32()?;
    let xosiz = r.u32()?;
    let yosiz = r.u32()?;
    let xtsiz = r.u32()?;
    let ytsiz = r.u32()?;
    let xtosiz = r.u32()?;
    let ytosiz = r.u32()?;
    let csiz = r.u16()?;
    if u32::from(lsiz) != 38 + 3 * u32::from(csiz) {
        return Err(malformed("JPEG 2000: SIZ length does not match Csiz"));
    }
    for _ in 0..csiz {
        let _ssiz = r.u8()?;
        let (xrsiz, yrsiz) = (r.u8()?, r.u8()?);
        if xrsiz == 0 || yrsiz == 0 {
            return Err(malformed("JPEG 2000: component subsampling of 0"));
        }
    }
    if xosiz >= xsiz || yosiz >= ysiz {
        return Err(malformed("JPEG 2000: image offset beyond the image size"));
    }
    if xtsiz == 0 || ytsiz == 0 {
        return Err(malformed("JPEG 2000: tile size 0"));
    }
    if xtosiz > xosiz
        || ytosiz > yosiz
        || u64::from(xtsiz) + u64::from(xtosiz) <= u64::from(xosiz)
        || u64::from(ytsiz) + u64::from(ytosiz) <= u64::from(yosiz)
    {
        return Err(malformed(
            "JPEG 2000: the first tile does not reach the image",
        ));
    }
    let width = xsiz - xosiz;
    let height = ysiz - yosiz;
    let across = u64::from(xsiz - xtosiz).div_ceil(u64::from(xtsiz));
    let down = u64::from(ysiz - ytosiz).div_ceil(u64::from(ytsiz));
    Ok(ImageHeader {
        width,
        height,
        components: u32::from(csiz),
        tiles: across * down,
        tile_pixels: u64::from(xtsiz) * u64::from(ytsiz),
    })
}

/// JP2 file format (T.800 Annex I): the signature box (I.5.1: length 12, 'jP  ', 0D0A870A),
/// then boxes of LBox (4), TBox (4) and, when LBox is 1, XLBox (8); LBox 0 runs to the end
/// (I.4). The JP2 header box 'jp2h' (I.5.3) holds the image header box 'ihdr' (HEIGHT,
/// WIDTH (4 each), NC (2), BPC, C, UnkC, IPR) and may hold a palette 'pclr' (NE (2), NPC
/// (1), …) whose NPC columns become the components; 'jp2c' holds the codestream. Boxes are
/// walked as a lenient decoder walks them (a length past the end is cut to the data), and
/// the result is the largest of every codestream, image header and palette found, since a
/// decoder may take any of them.
fn jp2(data: &[u8]) -> Result<ImageHeader, LdsError> {
    const SIGNATURE: [u8; 12] = [0, 0, 0, 12, b'j', b'P', b' ', b' ', 0x0D, 0x0A, 0x87, 0x0A];
    let rest = data
        .strip_prefix(&SIGNATURE)
        .ok_or_else(|| malformed("JP2: no signature box"))?;
    let mut codestreams: Option<ImageHeader> = None;
    let mut declared: Option<ImageHeader> = None;
    let mut palette_columns = 0u32;
    for item in (Boxes { data: rest }) {
        let (kind, body) = item?;
        match &kind {
            b"jp2h" => {
                for child in (Boxes { data: body }) {
                    let (kind, body) = child?;
                    let mut r = Reader::new(body);
                    match &kind {
                        b"ihdr" => {
                            let height = r.u32()?;
                            let width = r.u32()?;
                            let nc = r.u16()?;
                            let h = ImageHeader {
                                width,
                                height,
                                components: u32::from(nc),
                                tiles: 1,
                                tile_pixels: u64::from(width) * u64::from(height),
                            };
                            declared = Some(declared.map_or(h, |d| d.max(h)));
                        }
                        b"pclr" => {
                            let _entries = r.u16()?;
                            palette_columns = palette_columns.max(u32::from(r.u8()?));
                        }
                        _ => {}
                    }
                }
            }
            b"jp2c" => {
                let h = codestream(body)?;
                codestreams = Some(codestreams.map_or(h, |c| c.max(h)));
            }
            _ => {}
        }
    }
    let codestreams = codestreams.ok_or_else(|| malformed("JP2: no codestream box"))?;
    let declared = declared.ok_or_else(|| malformed("JP2: no image header box"))?;
    let mut header = codestreams.max(declared);
    header.components = header.components.max(palette_columns);
    Ok(header)
}

/// JP2 boxes in a byte range; an error ends the walk.
struct Boxes<'a> {
    data: &'a [u8],
}

impl<'a> Iterator for Boxes<'a> {
    type Item = Result<([u8; 4], &'a [u8]), LdsError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.data.is_empty() {
            return None;
        }
        let item = self.read();
        if item.is_err() {
            self.data = &[];
        }
        Some(item)
    }
}

impl<'a> Boxes<'a> {
    fn read(&mut self) -> Result<([u8; 4], &'a [u8]), LdsError> {
        let mut r = Reader::new(self.data);
        let lbox = r.u32()?;
        let kind = r.array4()?;
        let (header, length) = match lbox {
            0 => (8u64, u64::try_from(self.data.len()).unwrap_or(u64::MAX)),
            1 => (16, r.u64()?),
            n => (8, u64::from(n)),
        };
        if length < header {
            return Err(malformed("JP2: a box shorter than its header"));
        }
        let start = usize::try_from(header).unwrap_or(usize::MAX);
        // A length past the end is cut to the data, as lenient decoders do.
        let end = usize::try_from(length)
            .unwrap_or(usize::MAX)
            .min(self.data.len());
        let body = self.data.get(start..end).unwrap_or_default();
        self.data = self.data.get(end..).unwrap_or_default();
        Ok((kind, body))
    }
}

// ------------------------------------------------------------------------------ JPEG

/// JPEG (ITU-T T.81 | ISO/IEC 10918-1, Annex B): after SOI (FFD8), marker segments of a
/// marker (FF xx, any number of FF fill bytes before it) and a length Lx (2) counting
/// itself; TEM (FF01), RSTn (FFD0–FFD7), SOI and EOI (FFD9) stand alone. A frame header
/// SOFn (FFC0–FFCF except DHT FFC4, JPG FFC8 and DAC FFCC; B.2.2) holds P (1), Y lines (2),
/// X samples per line (2) and Nf components (1). Every marker of the file is visited (the
/// entropy-coded data after SOS is skipped up to the next marker), and the result is the
/// largest of every frame header, not only the first; Y = 0 (lines given later by DNL) is refused, since the
/// size would not be known before decoding.
fn jpeg(data: &[u8]) -> Result<ImageHeader, LdsError> {
    let mut pos = 2usize;
    if data.get(..2) != Some(&[0xFF, 0xD8][..]) {
        return Err(malformed("JPEG: no SOI marker"));
    }
    let mut frame: Option<ImageHeader> = None;
    loop {
        // Next marker: skip to an FF, then over fill bytes.
        if data.get(pos) != Some(&0xFF) {
            return Err(malformed("JPEG: no marker where one is due"));
        }
        while data.get(pos) == Some(&0xFF) {
            pos += 1;
        }
        let Some(&marker) = data.get(pos) else {
            break;
        };
        pos += 1;
        match marker {
            0xD9 => break,
            0x01 | 0xD0..=0xD8 => continue,
            0x00 => return Err(malformed("JPEG: FF00 outside entropy-coded data")),
            _ => {}
        }
        let mut r = Reader::new(data.get(pos..).unwrap_or_default());
        let length = usize::from(r.u16()?);
        if length < 2 {
            return Err(malformed("JPEG: a marker segment shorter than its length"));
        }
        let segment = data
            .get(pos..pos.saturating_add(length))
            .ok_or_else(|| malformed("JPEG: truncated marker segment"))?;
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let mut r = Reader::new(segment.get(2..).unwrap_or_default());
            let _precision = r.u8()?;
            let height = u32::from(r.u16()?);
            let width = u32::from(r.u16()?);
            let components = u32::from(r.u8()?);
            if height == 0 {
                return Err(too_large(
                    "JPEG: the frame's height is left to a DNL marker".into(),
                ));
            }
            let h = ImageHeader {
                width,
                height,
                components,
                tiles: 1,
                tile_pixels: u64::from(width) * u64::from(height),
            };
            frame = Some(frame.map_or(h, |f| f.max(h)));
        }
        pos += length;
        if marker == 0xDA {
            // Entropy-coded data: up to the next FF that is neither stuffing (FF00) nor a
            // restart marker (FFD0–FFD7).
            loop {
                match data.get(pos..) {
                    None | Some([]) => break,
                    Some([0xFF, 0x00, ..]) | Some([0xFF, 0xD0..=0xD7, ..]) => pos += 2,
                    Some([0xFF, ..]) => break,
                    Some(_) => pos += 1,
                }
            }
            if pos >= data.len() {
                break;
            }
        }
    }
    frame.ok_or_else(|| malformed("JPEG: no frame header"))
}

// ------------------------------------------------------------------------------- PNG

/// PNG (ISO/IEC 15948, W3C PNG §5.2, §11.2.2): the 8-byte signature, then IHDR as the first
/// chunk: length 13, 'IHDR', width (4), height (4), bit depth, colour type, compression,
/// filter, interlace (1 each). Colour types 0 grey, 2 RGB, 3 palette (decoded to RGB, or
/// RGBA with transparency: counted as 4), 4 grey + alpha, 6 RGBA.
fn png(data: &[u8]) -> Result<ImageHeader, LdsError> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let rest = data
        .strip_prefix(&SIGNATURE)
        .ok_or_else(|| malformed("PNG: no signature"))?;
    let mut r = Reader::new(rest);
    if r.u32()? != 13 || &r.array4()? != b"IHDR" {
        return Err(malformed("PNG: IHDR is not the first chunk"));
    }
    let width = r.u32()?;
    let height = r.u32()?;
    let _depth = r.u8()?;
    let components = match r.u8()? {
        0 => 1,
        2 => 3,
        3 | 6 => 4,
        4 => 2,
        _ => return Err(malformed("PNG: unknown colour type")),
    };
    Ok(ImageHeader {
        width,
        height,
        components,
        tiles: 1,
        tile_pixels: u64::from(width) * u64::from(height),
    })
}

// ---------------------------------------------------------------------------- reader

/// Big-endian reads, each bounds-checked.
struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    fn take<const N: usize>(&mut self) -> Result<[u8; N], LdsError> {
        let (head, rest) = self
            .data
            .split_first_chunk::<N>()
            .ok_or_else(|| malformed("image header truncated"))?;
        self.data = rest;
        Ok(*head)
    }

    fn u8(&mut self) -> Result<u8, LdsError> {
        Ok(u8::from_be_bytes(self.take()?))
    }

    fn u16(&mut self) -> Result<u16, LdsError> {
        Ok(u16::from_be_bytes(self.take()?))
    }

    fn u32(&mut self) -> Result<u32, LdsError> {
        Ok(u32::from_be_bytes(self.take()?))
    }

    fn u64(&mut self) -> Result<u64, LdsError> {
        Ok(u64::from_be_bytes(self.take()?))
    }

    fn array4(&mut self) -> Result<[u8; 4], LdsError> {
        self.take()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lds::EncodedImage;

    /// A codestream main header: SOC, SIZ for `width`×`height` in `tiles_across`² tiles
    /// (offsets 0, `components` 8-bit components), then EOC. No coded data.
    pub(crate) fn siz(
        width: u32,
        height: u32,
        tile_w: u32,
        tile_h: u32,
        components: u16,
    ) -> Vec<u8> {
        let mut v = vec![0xFF, 0x4F, 0xFF, 0x51];
        v.extend_from_slice(&(38 + 3 * components).to_be_bytes());
        v.extend_from_slice(&0u16.to_be_bytes());
        for x in [width, height, 0, 0, tile_w, tile_h, 0, 0] {
            v.extend_from_slice(&x.to_be_bytes());
        }
        v.extend_from_slice(&components.to_be_bytes());
        for _ in 0..components {
            v.extend_from_slice(&[0x07, 1, 1]);
        }
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    /// A baseline JPEG of SOI, an APP0 segment, SOF0 for `width`×`height` and EOI: no tables,
    /// no data.
    pub(crate) fn jpeg_sof(width: u16, height: u16) -> Vec<u8> {
        let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x06, b'J', b'F', b'I', b'F'];
        v.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 0x08]);
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&width.to_be_bytes());
        v.push(3);
        for id in 1..=3 {
            v.extend_from_slice(&[id, 0x11, 0]);
        }
        v.extend_from_slice(&[0xFF, 0xD9]);
        v
    }

    /// A PNG signature and IHDR for `width`×`height` RGB (CRC not checked here), nothing else.
    pub(crate) fn png_ihdr(width: u32, height: u32) -> Vec<u8> {
        let mut v = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        v.extend_from_slice(b"IHDR");
        v.extend_from_slice(&width.to_be_bytes());
        v.extend_from_slice(&height.to_be_bytes());
        v.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        v
    }

    fn face(name: &str) -> Vec<u8> {
        std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("testdata/faces")
                .join(name),
        )
        .unwrap()
    }

    fn refused(data: Vec<u8>) -> String {
        let img = EncodedImage::new(data);
        let Err(LdsError::ImageRefused(why)) = img.header() else {
            panic!("not refused: {:?}", img.header());
        };
        assert!(matches!(img.decode(), Err(LdsError::ImageRefused(_))));
        assert!(img.to_png().is_err());
        why
    }

    #[test]
    fn the_specimen_faces_are_within_the_bounds() {
        for (name, format, size, components) in [
            ("face.jpg", ImageFormat::Jpeg, (240, 320), 3),
            ("face.jp2", ImageFormat::Jp2, (240, 320), 3),
            ("face.j2k", ImageFormat::Jpeg2000Codestream, (120, 160), 3),
            ("document.jpg", ImageFormat::Jpeg, (0, 0), 0),
        ] {
            let data = face(name);
            let h = bounded_header(format, &data).unwrap();
            if size != (0, 0) {
                assert_eq!((h.width, h.height), size, "{name}");
                assert_eq!(h.components, components, "{name}");
            }
            assert_eq!(h.tiles, 1, "{name}");
            let px = EncodedImage::new(data).decode().unwrap();
            assert_eq!((px.width(), px.height()), (h.width, h.height), "{name}");
        }
        let png = EncodedImage::new(EncodedImage::new(face("face.jpg")).to_png().unwrap());
        let h = png.header().unwrap();
        assert_eq!((h.width, h.height, h.components), (240, 320, 3));
    }

    #[test]
    fn the_hostile_tile_bomb_is_refused_by_its_header() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/vectors/hostile/j2k_8192x8192_tiles1x1.j2k");
        let bomb = std::fs::read(path).unwrap();
        let h = read_header(ImageFormat::Jpeg2000Codestream, &bomb).unwrap();
        assert_eq!((h.width, h.height, h.tiles), (8192, 8192, 8192 * 8192));
        let why = refused(bomb);
        assert!(why.contains("8192x8192"), "{why}");
    }

    #[test]
    fn tile_bombs_of_every_tiling_are_refused() {
        // 8192×8192 (64 megapixels, 4× the bound) in 1×1 … 16×16 pixel tiles: refused by the
        // pixel count and by the tile count alike.
        for tile in [1, 2, 4, 8, 16] {
            let data = siz(8192, 8192, tile, tile, 3);
            let h = read_header(ImageFormat::Jpeg2000Codestream, &data).unwrap();
            assert_eq!(h.tiles, u64::from(8192 / tile).pow(2));
            assert!(refused(data).contains("pixels"));
        }
        // Within the pixel bound, only the tile count refuses: 2048×2048 in 1×1 … 16×16.
        for tile in [1, 2, 4, 8, 16] {
            let why = refused(siz(2048, 2048, tile, tile, 3));
            assert!(why.contains("tiles exceed 4096"), "{tile}: {why}");
        }
        // 4096 tiles of 32×32 is the limit itself.
        let h = bounded_header(ImageFormat::Jpeg2000Codestream, &siz(2048, 2048, 32, 32, 3));
        assert_eq!(h.map(|h| h.tiles), Ok(4096));
        // A nominal tile above the pixel bound, even on a small image.
        assert!(refused(siz(240, 320, 65536, 65536, 3)).contains("tiles of 4294967296 pixels"));
        // One tile the size of the image is what encoders write.
        assert!(
            bounded_header(ImageFormat::Jpeg2000Codestream, &siz(240, 320, 240, 320, 3)).is_ok()
        );
    }

    #[test]
    fn codestream_sizes_that_no_image_has_are_errors() {
        let cs = |data: Vec<u8>| read_header(ImageFormat::Jpeg2000Codestream, &data);
        assert!(refused(siz(240, 320, 240, 320, 5)).contains("5 components"));
        assert!(refused(siz(240, 320, 240, 320, 0)).contains("0 components"));
        assert!(cs(siz(0, 320, 240, 320, 3)).is_err());
        assert!(cs(siz(240, 320, 0, 320, 3)).is_err());
        // XOsiz beyond Xsiz.
        let mut off = siz(240, 320, 240, 320, 3);
        off[14..18].copy_from_slice(&300u32.to_be_bytes());
        assert!(cs(off).is_err());
        // XTOsiz beyond XOsiz.
        let mut off = siz(240, 320, 240, 320, 3);
        off[30..34].copy_from_slice(&1u32.to_be_bytes());
        assert!(cs(off).is_err());
        // Lsiz not 38 + 3·Csiz.
        let mut len = siz(240, 320, 240, 320, 3);
        len[5] += 1;
        assert!(cs(len).is_err());
        // Largest values: no overflow anywhere.
        assert!(cs(siz(u32::MAX, u32::MAX, 1, 1, 3)).is_ok());
        assert!(refused(siz(u32::MAX, u32::MAX, u32::MAX, u32::MAX, 3)).contains("pixels"));
        // Every truncation is an error, never a panic.
        let whole = siz(240, 320, 240, 320, 3);
        for cut in 0..whole.len() - 2 {
            assert!(cs(whole[..cut].to_vec()).is_err(), "cut {cut}");
        }
    }

    #[test]
    fn a_jp2_is_bounded_by_every_codestream_and_header_in_it() {
        let jp2 = face("face.jp2");
        assert!(bounded_header(ImageFormat::Jp2, &jp2).is_ok());
        // The codestream box replaced by the tile bomb, as a decoder would find it.
        let at = jp2.windows(4).position(|w| w == b"jp2c").unwrap() - 4;
        let bomb = siz(8192, 8192, 1, 1, 3);
        let mut big = jp2[..at].to_vec();
        big.extend_from_slice(&u32::try_from(bomb.len() + 8).unwrap().to_be_bytes());
        big.extend_from_slice(b"jp2c");
        big.extend_from_slice(&bomb);
        assert!(refused(big.clone()).contains("8192x8192"));
        // A small first codestream does not hide a bomb behind it (a decoder may take the
        // last).
        let mut both = jp2.clone();
        both.extend_from_slice(&big[at..]);
        assert!(refused(both).contains("8192x8192"));
        // The same bomb in an extended-length box (XLBox) and a box running to the end.
        let mut xl = jp2[..at].to_vec();
        xl.extend_from_slice(&1u32.to_be_bytes());
        xl.extend_from_slice(b"jp2c");
        xl.extend_from_slice(&u64::try_from(bomb.len() + 16).unwrap().to_be_bytes());
        xl.extend_from_slice(&bomb);
        assert!(refused(xl).contains("8192x8192"));
        let mut open = jp2[..at].to_vec();
        open.extend_from_slice(&0u32.to_be_bytes());
        open.extend_from_slice(b"jp2c");
        open.extend_from_slice(&bomb);
        assert!(refused(open).contains("8192x8192"));
        // An image header box promising more than the bounds.
        let ihdr = jp2.windows(4).position(|w| w == b"ihdr").unwrap() + 4;
        let mut hdr = jp2.clone();
        hdr[ihdr..ihdr + 8].copy_from_slice(&[0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60]);
        assert!(refused(hdr).contains("60000x60000"));
        // Truncations are errors.
        for cut in [0, 11, 12, 20, 40, at, at + 10] {
            assert!(
                read_header(ImageFormat::Jp2, &jp2[..cut]).is_err(),
                "cut {cut}"
            );
        }
    }

    #[test]
    fn a_60000_pixel_jpeg_header_is_refused() {
        let data = jpeg_sof(60000, 60000);
        let h = read_header(ImageFormat::Jpeg, &data).unwrap();
        assert_eq!((h.width, h.height, h.components), (60000, 60000, 3));
        assert!(refused(data.clone()).contains("60000x60000"));
        // Within the bounds, the same header reads (the decoder then finds no data).
        let small = EncodedImage::new(jpeg_sof(240, 320));
        assert_eq!(small.dimensions(), Ok((240, 320)));
        assert!(matches!(small.decode(), Err(LdsError::Image(_))));
        // A frame whose height a DNL marker would give, and a second frame header that
        // is larger than the first: refused.
        assert!(refused(jpeg_sof(240, 0)).contains("DNL"));
        let mut two = jpeg_sof(240, 320);
        two.truncate(two.len() - 2);
        two.extend_from_slice(&jpeg_sof(60000, 60000)[10..]);
        assert!(refused(two).contains("60000x60000"));
        // A frame header after entropy-coded data (stuffed FF00 and a restart marker).
        let face = face("face.jpg");
        let mut late = face[..face.len() - 2].to_vec();
        late.extend_from_slice(&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]);
        late.extend_from_slice(&jpeg_sof(60000, 60000)[10..]);
        assert!(refused(late).contains("60000x60000"));
        for cut in 0..30 {
            assert!(
                read_header(ImageFormat::Jpeg, &data[..cut]).is_err(),
                "cut {cut}"
            );
        }
    }

    #[test]
    fn a_huge_png_header_is_refused() {
        assert!(refused(png_ihdr(60000, 60000)).contains("60000x60000"));
        assert!(refused(png_ihdr(0x7FFF_FFFF, 1)).contains("a side"));
        assert!(refused(png_ihdr(8192, 8192)).contains("16777216 pixels"));
        assert!(refused(png_ihdr(0, 10)).contains("empty"));
        let ok = png_ihdr(240, 320);
        assert_eq!(
            bounded_header(ImageFormat::Png, &ok).map(|h| (h.width, h.height)),
            Ok((240, 320))
        );
        for cut in 0..ok.len() - 9 {
            assert!(
                read_header(ImageFormat::Png, &ok[..cut]).is_err(),
                "cut {cut}"
            );
        }
    }
}
