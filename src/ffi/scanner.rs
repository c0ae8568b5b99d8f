//! The C ABI of SANE scanners: list the devices, open one, set its options from text, scan
//! one page into a document (with the light the caller names and the dpi SANE reports,
//! cancellable through an `idv_cancel` flag), free it. The SANE driver loads libsane at run
//! time, so without SANE installed only these calls fail (`IDV_ERR_SCANNER`).

use super::document::idv_document;
use super::handle::{self, Handle, Kind};
use super::images::{add_all, check_dimensions, light_of, page_and_dpi};
use super::panic::{Answer, guard};
use super::readers::idv_cancel;
use super::result::{fail, idv_result};
use crate::optical::PixelFormat;
use crate::verify::{ImageData, ScannedImage};
use idverify_sane::{Device, Page, Sane, SaneError, ScanLimits};
use std::ffi::c_char;
use std::sync::atomic::AtomicBool;

/// The scanners SANE found (opaque): created by `idv_scanner_list_new`, freed by
/// `idv_scanner_list_free`.
pub struct idv_scanner_list {
    json: String,
}

impl Handle for idv_scanner_list {
    const KIND: Kind = Kind::ScannerList;
}

/// An open SANE scanner (opaque): created by `idv_scanner_open`, freed by
/// `idv_scanner_free`. It holds the process's SANE session while it lives.
pub struct idv_scanner {
    device: Device<'static>,
}

impl Handle for idv_scanner {
    const KIND: Kind = Kind::Scanner;
}

/// The result code and detail of a driver error.
fn scanner_error(e: SaneError) -> idv_result {
    let code = match &e {
        SaneError::NoDevice { .. } | SaneError::NoOption(_) => idv_result::IDV_ERR_NOT_FOUND,
        SaneError::OptionNotSettable(_) | SaneError::BadValue { .. } | SaneError::Nul(_) => {
            idv_result::IDV_ERR_INVALID_ARGUMENT
        }
        SaneError::Cancelled => idv_result::IDV_ERR_CANCELLED,
        SaneError::Timeout(_) => idv_result::IDV_ERR_TIMEOUT,
        SaneError::LibraryMissing { .. }
        | SaneError::AlreadyInUse
        | SaneError::BackendHung
        | SaneError::Call { .. }
        | SaneError::ScanFailed { .. }
        | SaneError::ShortImage { .. }
        | SaneError::Unsupported(_) => idv_result::IDV_ERR_SCANNER,
    };
    fail(code, e.to_string())
}

/// One device of the list's JSON.
#[derive(serde::Serialize)]
struct DeviceJson {
    name: String,
    vendor: String,
    model: String,
    #[serde(rename = "type")]
    kind: String,
}

/// Lists the scanners SANE finds now (its configuration: `dll.conf` in `$SANE_CONFIG_DIR`,
/// else `/etc/sane.d`) into `*out`; read them with `idv_scanner_list_json`. Answers
/// `IDV_ERR_SCANNER` when SANE is not installed or a scanner is open in this process.
///
/// Since API 1.5.
///
/// Thread safety: any thread, not while a scanner is open. Ownership: `*out` is the
/// caller's, freed with `idv_scanner_list_free`.
///
/// # Safety
/// `out` is a valid pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_scanner_list_new(out: *mut *mut idv_scanner_list) -> idv_result {
    guard(|| {
        super::args::out(out)?;
        let sane = Sane::init().map_err(scanner_error)?;
        let devices: Vec<DeviceJson> = sane
            .devices()
            .map_err(scanner_error)?
            .into_iter()
            .map(|d| DeviceJson {
                name: d.name,
                vendor: d.vendor,
                model: d.model,
                kind: d.kind,
            })
            .collect();
        let json = serde_json::to_string(&devices)
            .map_err(|e| fail(idv_result::IDV_ERR_PANIC, e.to_string()))?;
        handle::give(out, idv_scanner_list { json })
    })
}

/// Points `*json`/`*len` at the list as JSON, UTF-8, not NUL-terminated: an array of
/// `{"name", "vendor", "model", "type"}`, `name` being what `idv_scanner_open` takes.
///
/// Since API 1.5.
///
/// # Safety
/// `list` is a live scanner list; `json` and `len` are valid pointers. `*json` borrows from
/// `list` until `idv_scanner_list_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_scanner_list_json(
    list: *const idv_scanner_list,
    json: *mut *const c_char,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let l = handle::get(list, "list")?;
        let json = super::args::out(json)?;
        let len = super::args::out(len)?;
        *json = l.json.as_ptr().cast();
        *len = l.json.len();
        Ok(())
    })
}

/// Frees a scanner list. NULL is accepted.
///
/// Since API 1.5.
///
/// # Safety
/// `list` is NULL or a live scanner list; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_scanner_list_free(list: *mut idv_scanner_list) -> idv_result {
    guard(|| handle::destroy(list, "list"))
}

/// Opens the SANE device `device` (UTF-8 of `device_len` bytes, a name from the list, e.g.
/// `test:0` or `epson2:libusb:001:004`) into `*out`. Answers `IDV_ERR_NOT_FOUND` for a
/// device SANE does not have, `IDV_ERR_SCANNER` when SANE is not installed or another
/// scanner is open in this process (SANE allows one session per process).
///
/// Since API 1.5.
///
/// Thread safety: any thread; the scanner is then used by one thread at a time. Ownership:
/// `*out` is the caller's, freed with `idv_scanner_free`; `device` is borrowed for the call.
///
/// # Safety
/// `device` is readable for `device_len` bytes; `out` is a valid pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_scanner_open(
    device: *const c_char,
    device_len: usize,
    out: *mut *mut idv_scanner,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `device`.
        let name = unsafe { super::args::text(device, device_len, "device") }?;
        super::args::out(out)?;
        let sane = Sane::init().map_err(scanner_error)?;
        let device = sane.into_device(name).map_err(scanner_error)?;
        handle::give(out, idv_scanner { device })
    })
}

/// Sets the scanner's option `name` from text, as SANE names it (the well-known
/// `resolution`, `mode`, `source`, or any the device lists): a number (comma-separated for
/// arrays), `yes`/`no`, or one of the option's choices (e.g. `Gray`). Answers
/// `IDV_ERR_NOT_FOUND` for an option the device lacks, `IDV_ERR_INVALID_ARGUMENT` for a
/// value the option or the device refuses.
///
/// Since API 1.5.
///
/// Thread safety: not concurrently with another call on the same scanner.
///
/// # Safety
/// `scanner` is a live scanner; `name` and `value` are readable for their lengths.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_scanner_set_option(
    scanner: *mut idv_scanner,
    name: *const c_char,
    name_len: usize,
    value: *const c_char,
    value_len: usize,
) -> idv_result {
    guard(|| {
        let s = handle::get_mut(scanner, "scanner")?;
        // SAFETY: the caller's contract on `name` and `value`.
        let name = unsafe { super::args::text(name, name_len, "name") }?;
        // SAFETY: as above.
        let value = unsafe { super::args::text(value, value_len, "value") }?;
        s.device.set_from_text(name, value).map_err(scanner_error)
    })
}

/// The page as the verifier's raw image: 16-bit samples turned from the driver's
/// big-endian to the C ABI's little-endian, the size checked against the optical layer's
/// bounds.
fn page_image(page: Page) -> Answer<ImageData> {
    use idverify_sane::PixelFormat as Scanned;
    check_dimensions(page.width, page.height)?;
    let mut pixels = page.pixels;
    let format = match page.format {
        Scanned::Gray8 => PixelFormat::Grey8,
        Scanned::Rgb8 => PixelFormat::Rgb8,
        Scanned::Gray16 | Scanned::Rgb16 => {
            pixels.chunks_exact_mut(2).for_each(|s| s.swap(0, 1));
            if page.format == Scanned::Gray16 {
                PixelFormat::Grey16
            } else {
                PixelFormat::Rgb16
            }
        }
    };
    Ok(ImageData::Raw {
        width: page.width,
        height: page.height,
        format,
        pixels,
    })
}

/// Scans one page with the scanner's current options and gives it to `document` as a raw
/// image taken under `light` (an `idv_light` value: the light the caller chose, e.g. with
/// the `source` option), page `page` from 1, at the resolution SANE reports. The scan runs
/// for at most two minutes and 256 MiB. Answers `IDV_ERR_CANCELLED` when `cancel` (may be
/// NULL) was raised before or during the scan, `IDV_ERR_TIMEOUT` past the two minutes,
/// `IDV_ERR_SCANNER` with SANE's reason when the device failed (jam, no paper, cover open,
/// an I/O error when it vanished), `IDV_ERR_INVALID_ARGUMENT` for an unknown light, page 0,
/// a page beyond the optical layer's bounds or a 33rd image. Nothing is added on error.
///
/// Since API 1.5.
///
/// Thread safety: one scan per scanner at a time, not concurrently with another call on the
/// same document; `cancel` may be raised from any thread.
///
/// # Safety
/// `scanner` and `document` (and `cancel` when not NULL) are live handles of their kinds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_scanner_scan(
    scanner: *mut idv_scanner,
    document: *mut idv_document,
    light: u32,
    page: u32,
    cancel: *const idv_cancel,
) -> idv_result {
    guard(|| {
        let s = handle::get_mut(scanner, "scanner")?;
        let d = handle::get_mut(document, "document")?;
        let light = light_of(light)?;
        let (page, _) = page_and_dpi(page, 0)?;
        let never = AtomicBool::new(false);
        let flag = if cancel.is_null() {
            &never
        } else {
            &handle::get(cancel, "cancel")?.flag
        };
        let scanned = s
            .device
            .scan_page_with_flag(&ScanLimits::default(), flag)
            .map_err(scanner_error)?;
        let dpi = scanned
            .dpi
            .filter(|d| d.is_finite() && *d >= 1.0 && *d <= f64::from(u32::MAX))
            .map(|d| d.round() as u32);
        let image = ScannedImage {
            light,
            page,
            dpi,
            data: page_image(scanned)?,
        };
        add_all(d, vec![image])
    })
}

/// Closes a scanner and ends the SANE session it held. NULL is accepted.
///
/// Since API 1.5.
///
/// Thread safety: not while a scan on it runs.
///
/// # Safety
/// `scanner` is NULL or a live scanner; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_scanner_free(scanner: *mut idv_scanner) -> idv_result {
    guard(|| handle::destroy(scanner, "scanner"))
}
