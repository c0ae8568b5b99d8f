//! The face for the report: DG2's first image, JPEG and PNG as stored, JPEG 2000 converted to
//! PNG, base64-encoded (RFC 4648 §4); or why there is none. Every image is bounded by its
//! header (`lds::image_bounds`) before it is decoded or handed on.

use super::report::FaceImage;
use crate::lds::{Dg2, ImageFormat};

/// The face from DG2's bytes, or why it cannot be exported (DG2 unreadable, no image, an
/// image refused by its bounds or not decodable).
pub(crate) fn face_image(dg2: &[u8]) -> Result<FaceImage, String> {
    let dg2 = Dg2::parse(dg2).map_err(|e| e.to_string())?;
    let image = dg2.face().ok_or("DG2 holds no face image")?;
    // Read and bounded from the header before anything is decoded or handed on as stored.
    let header = image.header().map_err(|e| e.to_string())?;
    let (format, bytes) = match image.format {
        ImageFormat::Jpeg => ("jpeg", image.data.clone()),
        ImageFormat::Png => ("png", image.data.clone()),
        _ => ("png", image.to_png().map_err(|e| e.to_string())?),
    };
    Ok(FaceImage {
        format: format.into(),
        width: header.width,
        height: header.height,
        data_base64: base64(&bytes),
    })
}

/// Standard base64 with padding.
pub(crate) fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (n >> (18 - 6 * i)) & 0x3F;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn rfc4648_vectors() {
        // RFC 4648 §10.
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
