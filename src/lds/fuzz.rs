//! The property of the `lds` fuzz target, shared with the corpus replay in `cargo test`:
//! the first input byte picks a parser, the rest is its input; parsing never panics, and
//! whatever parses re-encodes to bytes that parse to the same value.

use super::FileId;
use super::{
    CardSecurity, EncodedImage, FingerRecord, IrisRecord, ParsedFile, PublicKeyInfo, SecurityInfos,
    face::FaceRecord, parse_file,
};

/// Fuzz property: see the module documentation. Selector (first byte, modulo 26):
/// 0 EF.COM, 1..=16 DG1..DG16 (DG3/DG4 down to their 19794-4/-6 records), 17 SecurityInfos
/// (EF.CardAccess), 18 EF.CardSecurity, 19 SubjectPublicKeyInfo, 20 ISO/IEC 19794-5 face
/// record, 21 ISO/IEC 39794-5 face block, 22 image header (format and dimensions, no pixel
/// decoding), 23 ISO/IEC 19794-4 finger record, 24 ISO/IEC 19794-6 iris record, 25 an eID
/// data group (the second byte picks which).
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    match selector % 26 {
        0 => file(FileId::Com, input),
        n @ 1..=16 => {
            if let Some(which) = FileId::data_group(n) {
                file(which, input);
            }
        }
        17 => {
            if let Ok(v) = SecurityInfos::parse(input) {
                assert_eq!(SecurityInfos::parse(&v.encode()).as_ref(), Ok(&v));
            }
        }
        18 => {
            let _ = CardSecurity::parse(input);
        }
        19 => {
            if let Ok(v) = PublicKeyInfo::parse(input) {
                let again = PublicKeyInfo::parse(&v.encode()).map(|k| k.key);
                assert_eq!(again.as_ref(), Ok(&v.key));
            }
        }
        20 => {
            if let Ok(v) = FaceRecord::parse_19794(input) {
                assert_eq!(FaceRecord::parse_19794(&v.encode()).as_ref(), Ok(&v));
            }
        }
        22 => {
            let _ = EncodedImage::new(input.to_vec()).dimensions();
        }
        23 => {
            if let Ok(v) = FingerRecord::parse(input, "DG3") {
                assert_eq!(FingerRecord::parse(&v.encode(), "DG3").as_ref(), Ok(&v));
            }
        }
        25 => {
            if let Some((&dg, rest)) = input.split_first() {
                super::eid::fuzz_property(dg, rest);
            }
        }
        24 => {
            if let Ok(v) = IrisRecord::parse(input, "DG4") {
                assert_eq!(IrisRecord::parse(&v.encode(), "DG4").as_ref(), Ok(&v));
            }
        }
        _ => {
            if let Ok(v) = FaceRecord::parse_39794(input) {
                assert_eq!(FaceRecord::parse_39794(&v.encode()).as_ref(), Ok(&v));
            }
        }
    }
}

fn file(which: FileId, input: &[u8]) {
    if let Ok(parsed) = parse_file(which, input) {
        let again = parse_file(which, &parsed.encode());
        assert_eq!(
            again.as_ref().map(normalise),
            Ok(normalise(&parsed)),
            "{which:?}"
        );
    }
}

/// What must survive a round trip: the tag lists the encoders recompute are dropped
/// when the parse found none.
fn normalise(p: &ParsedFile) -> ParsedFile {
    match p.clone() {
        ParsedFile::Dg11(mut d) => {
            d.tag_list.clear();
            ParsedFile::Dg11(d)
        }
        ParsedFile::Dg12(mut d) => {
            d.tag_list.clear();
            ParsedFile::Dg12(d)
        }
        other => other,
    }
}

/// Fuzz property of the `face` target: face pixel decoding. The first input byte picks the
/// path (even: the rest is an image; odd: the rest is DG2, whose first face is taken), then
/// the image goes through the header bounds and, when within them, the decoder and PNG
/// re-encoding, as the face export does. Never a panic, never an allocation past the bounds
/// (the fuzzer's allocation limit catches one), and whatever decodes is as large as its
/// header said at most and within the bounds.
#[doc(hidden)]
pub fn fuzz_check_face(data: &[u8]) {
    use super::image_bounds::{self, MAX_PIXELS};
    let Some((&selector, input)) = data.split_first() else {
        return;
    };
    let image = if selector % 2 == 0 {
        EncodedImage::new(input.to_vec())
    } else {
        match super::Dg2::parse(input)
            .ok()
            .and_then(|d| d.face().cloned())
        {
            Some(image) => image,
            None => return,
        }
    };
    let unbounded = image_bounds::read_header(image.format, &image.data);
    let Ok(header) = image.header() else {
        // Refused by the header: the decoder must never be reached.
        assert!(image.decode().is_err());
        return;
    };
    assert_eq!(unbounded.as_ref(), Ok(&header));
    assert!(header.pixels() <= MAX_PIXELS);
    // Decoded and re-encoded as the face export does; the PNG is read back by its header.
    if let Ok(png) = image.to_png() {
        let png = EncodedImage::new(png);
        let decoded = png.header().map(|h| (h.width, h.height));
        assert!(
            decoded
                .as_ref()
                .is_ok_and(|&(w, h)| w <= header.width && h <= header.height),
            "{decoded:?} from {header:?}"
        );
    }
}
