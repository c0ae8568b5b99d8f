//! Images across the C ABI from Rust: an MRZ read from a file and from a padded raw buffer,
//! a document's images reaching the report, and every bad argument (NULL, unknown light or
//! format, short buffers and strides, oversized sizes, page 0) answered with its code.

use super::result::idv_result::*;
use super::*;

/// The ICAO 9303 TD3 specimen scan (PassportEye's test image).
fn specimen_scan() -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/mrz-images/passport-td3.png");
    std::fs::read(path).unwrap()
}

const SPECIMEN_LINES: [&str; 2] = [
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];

/// The JSON of an MRZ read, and the read freed.
fn read_json(read: *mut idv_mrz_read) -> serde_json::Value {
    let mut json = std::ptr::null();
    let mut len = 0;
    // SAFETY: a live read and valid out pointers; the JSON is copied before the free.
    unsafe {
        assert_eq!(idv_mrz_read_json(read, &mut json, &mut len), IDV_OK);
        let text = std::slice::from_raw_parts(json.cast::<u8>(), len).to_vec();
        assert_eq!(idv_mrz_read_free(read), IDV_OK);
        serde_json::from_slice(&text).unwrap()
    }
}

#[test]
fn an_mrz_is_read_from_a_file_and_from_a_padded_pixel_buffer() {
    let file = specimen_scan();
    let mut read = std::ptr::null_mut();
    // SAFETY: `file` is readable for its length; `read` a valid out pointer.
    let r = unsafe { idv_mrz_read_image(file.as_ptr(), file.len(), &mut read) };
    assert_eq!(r, IDV_OK);
    let v = read_json(read);
    assert_eq!(v["lines"], serde_json::json!(SPECIMEN_LINES));
    assert_eq!(v["layout"], "TD3");
    assert_eq!(v["certain"], true);
    assert!(v["min_confidence"].as_f64().unwrap() > 0.0);
    assert_eq!(v["uncertain"].as_array().unwrap().len(), 0);

    // The same page as an SDK's grey buffer, each row padded to a multiple of 64 bytes.
    let grey = crate::optical::decode_image(&file).unwrap();
    let (w, h) = (grey.width(), grey.height());
    let stride = (w as usize).div_ceil(64) * 64;
    let mut padded = vec![0xEEu8; stride * h as usize];
    for (row, src) in padded
        .chunks_mut(stride)
        .zip(grey.pixels().chunks(w as usize))
    {
        row[..w as usize].copy_from_slice(src);
    }
    let grey8 = idv_pixel_format::IDV_PIXELS_GREY8 as u32;
    let mut read = std::ptr::null_mut();
    // SAFETY: `padded` is readable for its length; `read` a valid out pointer.
    let r = unsafe {
        idv_mrz_read_pixels(
            padded.as_ptr(),
            padded.len(),
            w,
            h,
            stride,
            grey8,
            0,
            &mut read,
        )
    };
    assert_eq!(r, IDV_OK);
    assert_eq!(read_json(read)["lines"], serde_json::json!(SPECIMEN_LINES));
}

#[test]
fn images_without_an_mrz_or_broken_ones_get_their_codes() {
    let mut read = std::ptr::null_mut();
    let paper = vec![230u8; 400 * 300];
    let grey8 = idv_pixel_format::IDV_PIXELS_GREY8 as u32;
    // SAFETY: every buffer is readable for the length given; `read` a valid out pointer.
    unsafe {
        let r = idv_mrz_read_pixels(
            paper.as_ptr(),
            paper.len(),
            400,
            300,
            0,
            grey8,
            300,
            &mut read,
        );
        assert_eq!(r, IDV_ERR_NO_MRZ);
        let garbage = b"not an image at all";
        let r = idv_mrz_read_image(garbage.as_ptr(), garbage.len(), &mut read);
        assert_eq!(r, IDV_ERR_IMAGE);
        assert!(read.is_null());
        // NULL data, zero length, NULL out.
        assert_eq!(
            idv_mrz_read_image(std::ptr::null(), 4, &mut read),
            IDV_ERR_NULL_ARGUMENT
        );
        assert_eq!(
            idv_mrz_read_image(paper.as_ptr(), 0, &mut read),
            IDV_ERR_INVALID_ARGUMENT
        );
        let r = idv_mrz_read_image(paper.as_ptr(), paper.len(), std::ptr::null_mut());
        assert_eq!(r, IDV_ERR_NULL_ARGUMENT);
        // A length no slice can have.
        let r = idv_mrz_read_image(paper.as_ptr(), usize::MAX, &mut read);
        assert_eq!(r, IDV_ERR_INVALID_ARGUMENT);
        // Unknown format, a stride shorter than a row, a buffer shorter than stated, a size
        // beyond the bounds (refused before anything is copied), zero pixels.
        let raw = |len, w, h, stride, format| {
            let mut read = std::ptr::null_mut();
            idv_mrz_read_pixels(paper.as_ptr(), len, w, h, stride, format, 0, &mut read)
        };
        assert_eq!(raw(paper.len(), 400, 300, 0, 9), IDV_ERR_INVALID_ARGUMENT);
        assert_eq!(
            raw(paper.len(), 400, 300, 399, grey8),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            raw(paper.len(), 400, 301, 0, grey8),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(
            raw(paper.len(), 60_000, 60_000, 0, grey8),
            IDV_ERR_INVALID_ARGUMENT
        );
        assert_eq!(raw(paper.len(), 0, 300, 0, grey8), IDV_ERR_INVALID_ARGUMENT);
        let r = raw(paper.len(), 400, 300, usize::MAX, grey8);
        assert_eq!(r, IDV_ERR_INVALID_ARGUMENT);
    }
}

#[test]
fn a_documents_image_gives_the_reports_optical_mrz_and_bad_images_are_refused() {
    let file = specimen_scan();
    let mut document = std::ptr::null_mut();
    let white = idv_light::IDV_LIGHT_WHITE as u32;
    let uv = idv_light::IDV_LIGHT_UV as u32;
    let grey8 = idv_pixel_format::IDV_PIXELS_GREY8 as u32;
    let paper = vec![230u8; 64 * 48];
    // SAFETY: valid out pointers, live handles, buffers readable for their lengths.
    unsafe {
        assert_eq!(idv_document_new(&mut document), IDV_OK);
        let add = |light, page, data: &[u8]| {
            idv_document_add_image(document, light, page, 300, data.as_ptr(), data.len())
        };
        assert_eq!(add(white, 1, &file), IDV_OK);
        assert_eq!(
            idv_document_add_image_pixels(
                document,
                uv,
                1,
                0,
                paper.as_ptr(),
                paper.len(),
                64,
                48,
                0,
                grey8
            ),
            IDV_OK
        );
        // Unknown light, page 0, NULL bytes, a handle of another kind.
        assert_eq!(add(0, 1, &file), IDV_ERR_INVALID_ARGUMENT);
        assert_eq!(add(5, 1, &file), IDV_ERR_INVALID_ARGUMENT);
        assert_eq!(add(white, 0, &file), IDV_ERR_INVALID_ARGUMENT);
        let r = idv_document_add_image(document, white, 1, 0, std::ptr::null(), 10);
        assert_eq!(r, IDV_ERR_NULL_ARGUMENT);
        let r = idv_document_add_image_pixels(
            document,
            uv,
            1,
            0,
            paper.as_ptr(),
            paper.len(),
            64,
            49,
            0,
            grey8,
        );
        assert_eq!(r, IDV_ERR_INVALID_ARGUMENT);
        let mut cancel = std::ptr::null_mut();
        assert_eq!(idv_cancel_new(&mut cancel), IDV_OK);
        let r = idv_document_add_image(cancel.cast(), white, 1, 0, file.as_ptr(), file.len());
        assert_eq!(r, IDV_ERR_WRONG_HANDLE_KIND);
        assert_eq!(idv_cancel_free(cancel), IDV_OK);

        let mut store = std::ptr::null_mut();
        let mut verifier = std::ptr::null_mut();
        assert_eq!(idv_trust_store_new(&mut store), IDV_OK);
        assert_eq!(idv_verifier_new(store, &mut verifier), IDV_OK);
        let mut report = std::ptr::null_mut();
        // 2026-12-01.
        let r = idv_verify_document(verifier, document, 1_796_083_200, &mut report);
        assert_eq!(r, IDV_OK);
        let mut json = std::ptr::null();
        let mut len = 0;
        assert_eq!(idv_report_json(report, &mut json, &mut len), IDV_OK);
        let v: serde_json::Value =
            serde_json::from_slice(std::slice::from_raw_parts(json.cast::<u8>(), len)).unwrap();
        assert_eq!(v["optical_mrz"]["source"], "image");
        assert_eq!(v["optical_mrz"]["certain"], true);
        assert_eq!(v["document"]["mrz"], serde_json::json!(SPECIMEN_LINES));
        let files = v["files"].as_array().unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0]["sha256"], crate::crypto::hash::sha256_hex(&file));
        assert_eq!(
            (&files[0]["light"], &files[0]["dpi"]),
            (&"white".into(), &300.into())
        );
        assert_eq!(
            (&files[1]["light"], files[1].get("dpi")),
            (&"uv".into(), None)
        );
        // The specimen expired in 2012: the MRZ read from the image is what the rules judged.
        let expired = v["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == "doc.expired");
        assert_eq!(expired.unwrap()["status"], "failed");
        assert_eq!(idv_report_free(report), IDV_OK);
        for _ in 2..32 {
            assert_eq!(add(uv, 2, &paper), IDV_OK);
        }
        assert_eq!(add(uv, 2, &paper), IDV_ERR_INVALID_ARGUMENT);
        assert_eq!(idv_document_free(document), IDV_OK);
        assert_eq!(idv_verifier_free(verifier), IDV_OK);
        assert_eq!(idv_trust_store_free(store), IDV_OK);
    }
}
