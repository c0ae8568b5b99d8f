//! Images stored in the data groups (faces, portraits, signatures, document scans): the
//! format told by magic bytes, decoding (JPEG by `image`, JPEG 2000 by hayro-jpeg2000) and
//! PNG re-encoding for the desk UI. No decoder is reached before `image_bounds` has read the
//! header and found the image within its bounds.

use super::image_bounds::{self, ImageHeader, MAX_DECODE_BYTES};
use super::{LdsError, text::hex_bytes};
use image::{DynamicImage, ImageDecoder, ImageFormat as CrateFormat, ImageReader, Limits};
use serde::Serialize;
use std::io::Cursor;

pub use super::image_bounds::MAX_DIMENSION;

/// An image format, told by the first bytes of the data (never by a header's type byte,
/// which issuers get wrong).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ImageFormat {
    /// JPEG (FF D8 FF).
    Jpeg,
    /// A raw JPEG 2000 codestream (FF 4F FF 51).
    Jpeg2000Codestream,
    /// JPEG 2000 in the JP2 file format (00 00 00 0C 6A 50 20 20 …).
    Jp2,
    /// PNG (89 50 4E 47).
    Png,
    /// WSQ fingerprint compression (FF A0 FF A8); not decoded.
    Wsq,
    /// None of the above.
    Unknown,
}

impl ImageFormat {
    /// Tells the format from the first bytes.
    pub fn detect(data: &[u8]) -> Self {
        if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
            ImageFormat::Jpeg
        } else if data.starts_with(&[0xFF, 0x4F, 0xFF, 0x51]) {
            ImageFormat::Jpeg2000Codestream
        } else if data.starts_with(&[0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20]) {
            ImageFormat::Jp2
        } else if data.starts_with(&[0x89, 0x50, 0x4E, 0x47]) {
            ImageFormat::Png
        } else if data.starts_with(&[0xFF, 0xA0, 0xFF, 0xA8]) {
            ImageFormat::Wsq
        } else {
            ImageFormat::Unknown
        }
    }

    /// Whether the format is one of the JPEG 2000 forms.
    pub fn is_jpeg2000(self) -> bool {
        matches!(self, ImageFormat::Jpeg2000Codestream | ImageFormat::Jp2)
    }
}

/// Image bytes as stored on the chip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EncodedImage {
    /// The format told by the magic bytes.
    pub format: ImageFormat,
    /// The bytes.
    #[serde(with = "hex_bytes")]
    pub data: Vec<u8>,
}

impl EncodedImage {
    /// Wraps image bytes, detecting their format.
    pub fn new(data: Vec<u8>) -> Self {
        EncodedImage {
            format: ImageFormat::detect(&data),
            data,
        }
    }

    /// The size the image's header promises, checked against the bounds of
    /// [`image_bounds`](super::image_bounds); read without decoding, so a refused image
    /// costs no pixel memory.
    pub fn header(&self) -> Result<ImageHeader, LdsError> {
        image_bounds::bounded_header(self.format, &self.data)
    }

    /// Width and height from the image's own header, without decoding the pixels; an
    /// image outside the bounds is refused ([`LdsError::ImageRefused`]).
    pub fn dimensions(&self) -> Result<(u32, u32), LdsError> {
        self.header().map(|h| (h.width, h.height))
    }

    /// Decodes the pixels. The header is checked against the bounds first; the decoders
    /// then run under `image::Limits` as well.
    pub fn decode(&self) -> Result<DynamicImage, LdsError> {
        let header = self.header()?;
        match self.format {
            ImageFormat::Jpeg | ImageFormat::Png => {
                let mut reader = self.reader()?;
                reader.limits(limits());
                let img = reader.decode().map_err(img_err)?;
                same_size(&header, img.width(), img.height())?;
                Ok(img)
            }
            ImageFormat::Jpeg2000Codestream | ImageFormat::Jp2 => {
                jpeg2000(&self.data, |mut img| {
                    let (w, h) = img.dimensions();
                    same_size(&header, w, h)?;
                    img.set_limits(limits()).map_err(img_err)?;
                    DynamicImage::from_decoder(img).map_err(img_err)
                })
            }
            ImageFormat::Wsq | ImageFormat::Unknown => Err(unsupported(self.format)),
        }
    }

    /// Decodes and re-encodes as PNG, the form the desk UI shows.
    pub fn to_png(&self) -> Result<Vec<u8>, LdsError> {
        let img = self.decode()?;
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, CrateFormat::Png).map_err(img_err)?;
        Ok(out.into_inner())
    }

    fn reader(&self) -> Result<ImageReader<Cursor<&[u8]>>, LdsError> {
        let format = match self.format {
            ImageFormat::Png => CrateFormat::Png,
            _ => CrateFormat::Jpeg,
        };
        Ok(ImageReader::with_format(
            Cursor::new(&self.data[..]),
            format,
        ))
    }
}

/// Runs `f` on the JPEG 2000 image in `data`. The decoder is young; a panic on a hostile
/// codestream must not take the desk application down, so it is caught and reported as a
/// decode error.
fn jpeg2000<T>(
    data: &[u8],
    f: impl FnOnce(hayro_jpeg2000::Image<'_>) -> Result<T, LdsError>,
) -> Result<T, LdsError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let img = hayro_jpeg2000::Image::new(data, &Default::default())
            .map_err(|e| LdsError::Image(format!("JPEG 2000: {e}")))?;
        f(img)
    }))
    .unwrap_or_else(|_| Err(LdsError::Image("JPEG 2000 decoder failed".into())))
}

/// The decoders' own limits, a second line behind the header check.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

/// The decoder must see at most the size the header promised (JPEG 2000 decoders may shrink
/// an image whose components are all subsampled); anything larger means the header reader
/// and the decoder read different things, and the bounds would not hold.
fn same_size(header: &ImageHeader, w: u32, h: u32) -> Result<(), LdsError> {
    if w > header.width || h > header.height {
        return Err(LdsError::Image(format!(
            "decoder sees {w}x{h} pixels, the header {}x{}",
            header.width, header.height
        )));
    }
    Ok(())
}

fn img_err(e: image::ImageError) -> LdsError {
    LdsError::Image(e.to_string())
}

fn unsupported(f: ImageFormat) -> LdsError {
    LdsError::Image(format!("{f:?} images are not decoded"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn face(name: &str) -> EncodedImage {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata/faces")
            .join(name);
        EncodedImage::new(std::fs::read(path).unwrap())
    }

    #[test]
    fn jpeg_face_decodes_to_its_size() {
        let img = face("face.jpg");
        assert_eq!(img.format, ImageFormat::Jpeg);
        assert_eq!(img.dimensions().unwrap(), (240, 320));
        let px = img.decode().unwrap();
        assert_eq!((px.width(), px.height()), (240, 320));
    }

    #[test]
    fn jp2_face_decodes_to_its_size() {
        let img = face("face.jp2");
        assert_eq!(img.format, ImageFormat::Jp2);
        assert_eq!(img.dimensions().unwrap(), (240, 320));
        let px = img.decode().unwrap();
        assert_eq!((px.width(), px.height()), (240, 320));
        // The face is skin-coloured in the middle: red above blue.
        let rgb = px.to_rgb8();
        let p = rgb.get_pixel(120, 160);
        assert!(p[0] > p[2], "{p:?}");
    }

    #[test]
    fn j2k_codestream_decodes_to_its_size() {
        let img = face("face.j2k");
        assert_eq!(img.format, ImageFormat::Jpeg2000Codestream);
        let px = img.decode().unwrap();
        assert_eq!((px.width(), px.height()), (120, 160));
    }

    #[test]
    fn png_re_encoding_keeps_the_pixels() {
        for name in ["face.jpg", "face.jp2"] {
            let img = face(name);
            let png = EncodedImage::new(img.to_png().unwrap());
            assert_eq!(png.format, ImageFormat::Png);
            let a = img.decode().unwrap().to_rgb8();
            let b = png.decode().unwrap().to_rgb8();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let jpeg_head = EncodedImage::new(vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00]);
        assert!(jpeg_head.decode().is_err());
        let j2k_head = EncodedImage::new(vec![0xFF, 0x4F, 0xFF, 0x51, 0x00, 0x2F]);
        assert!(j2k_head.decode().is_err());
        assert!(EncodedImage::new(vec![1, 2, 3]).decode().is_err());
        assert_eq!(
            ImageFormat::detect(&[0xFF, 0xA0, 0xFF, 0xA8, 0]),
            ImageFormat::Wsq
        );
    }
}
