//! The C ABI of serial MRZ readers: open a reader's tty, wait for an MRZ with a timeout and
//! an `idv_cancel` flag another thread can raise, free it. The driver frames the lines; the
//! library's MRZ parser decides which lines form an MRZ (all check digits must pass).

use super::handle::{self, Handle, Kind};
use super::panic::guard;
use super::readers::idv_cancel;
use super::result::{fail, idv_result};
use crate::verify::CheckTime;
use idverify_serial::{LineSettings, MrzFrame, MrzReader, SerialError};
use std::ffi::c_char;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// An open serial MRZ reader (opaque). Created by `idv_serial_reader_open`, freed by
/// `idv_serial_reader_free`.
pub struct idv_serial_reader {
    reader: MrzReader,
    /// The last MRZ read, borrowed by the caller until the next read or the free.
    mrz: String,
}

impl Handle for idv_serial_reader {
    const KIND: Kind = Kind::SerialReader;
}

fn serial_error(e: SerialError) -> idv_result {
    let code = match &e {
        SerialError::Timeout { .. } => idv_result::IDV_ERR_TIMEOUT,
        SerialError::Cancelled => idv_result::IDV_ERR_CANCELLED,
        SerialError::NotATerminal(_) | SerialError::Settings(_) => {
            idv_result::IDV_ERR_INVALID_ARGUMENT
        }
        SerialError::Open { .. } | SerialError::Read(_) | SerialError::HungUp => {
            idv_result::IDV_ERR_IO
        }
    };
    fail(code, e.to_string())
}

/// Opens the serial MRZ reader at `path` (UTF-8 of `path_len` bytes, e.g. `/dev/ttyUSB0`)
/// at `baud` (0 for 9600), 8N1 without flow control, into `*out`.
///
/// Thread safety: any thread. Ownership: `*out` is the caller's, freed with
/// `idv_serial_reader_free`; `path` is borrowed for the call only.
///
/// # Safety
/// `path` is readable for `path_len` bytes; `out` is a valid pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_serial_reader_open(
    path: *const c_char,
    path_len: usize,
    baud: u32,
    out: *mut *mut idv_serial_reader,
) -> idv_result {
    guard(|| {
        // SAFETY: the caller's contract on `path`.
        let path = unsafe { super::args::text(path, path_len, "path") }?;
        super::args::out(out)?;
        let settings = LineSettings {
            baud: if baud == 0 { 9600 } else { baud },
            rts_cts: false,
        };
        let reader = MrzReader::open(path.as_ref(), &settings).map_err(serial_error)?;
        handle::give(
            out,
            idv_serial_reader {
                reader,
                mrz: String::new(),
            },
        )
    })
}

/// Waits up to `timeout_ms` for a complete MRZ (TD1, TD2 or TD3) whose check digits all pass
/// (two-digit years placed relative to `now_unix`); noise and other lines are skipped. The
/// lines, separated by `\n`, go to `*mrz` / `*mrz_len` (not NUL-terminated).
/// `IDV_ERR_TIMEOUT` when none came (the detail says whether anything arrived),
/// `IDV_ERR_CANCELLED` when `cancel` (may be NULL) was raised, `IDV_ERR_IO` when the reader
/// went away.
///
/// Thread safety: one read per reader at a time; `cancel` may be raised from any thread.
/// Ownership: `*mrz` borrows from the reader until its next read or its free.
///
/// # Safety
/// `reader` (and `cancel` when not NULL) are live handles of their kinds; `mrz` and
/// `mrz_len` are valid pointers.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_serial_reader_read_mrz(
    reader: *mut idv_serial_reader,
    timeout_ms: u32,
    now_unix: i64,
    cancel: *const idv_cancel,
    mrz: *mut *const c_char,
    mrz_len: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get_mut(reader, "reader")?;
        let never = AtomicBool::new(false);
        let flag = if cancel.is_null() {
            &never
        } else {
            &handle::get(cancel, "cancel")?.flag
        };
        let out_text = super::args::out(mrz)?;
        let out_len = super::args::out(mrz_len)?;
        let today = CheckTime::from_unix(now_unix)
            .date()
            .ok_or_else(|| fail(idv_result::IDV_ERR_OUT_OF_RANGE, "now_unix out of range"))?;
        r.reader.set_judge(Box::new(move |frame: &MrzFrame| {
            crate::mrz::check_digits_pass(&frame.text(), today)
        }));
        let frame = r
            .reader
            .read_mrz(Duration::from_millis(u64::from(timeout_ms)), flag)
            .map_err(serial_error)?;
        r.mrz = frame.text();
        *out_text = r.mrz.as_ptr().cast();
        *out_len = r.mrz.len();
        Ok(())
    })
}

/// Closes a serial reader. NULL is accepted.
///
/// Thread safety: not while a read on it runs.
///
/// # Safety
/// `reader` is NULL or a live serial reader; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_serial_reader_free(reader: *mut idv_serial_reader) -> idv_result {
    guard(|| handle::destroy(reader, "reader"))
}
