//! PC/SC readers: list them, wait for a card, and read and verify the document in a reader
//! with a progress callback and a cancel flag another thread can raise.

use super::handle::{self, Handle, Kind};
use super::panic::{Answer, guard};
use super::report::idv_report;
use super::result::{fail, idv_result};
use super::verifier::idv_verifier;
use crate::chip::access::pace::AccessKey;
use crate::chip::transport::pcsc::PcscReaders;
use crate::chip::{ChannelError, ChipError};
use crate::inspect::{InspectError, InspectOptions, ProgressEvent, Stage, inspect};
use crate::verify::CheckTime;
use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The PC/SC service and its reader list (opaque). Created by `idv_readers_new`, freed by
/// `idv_readers_free`.
pub struct idv_readers {
    readers: PcscReaders,
    names: Vec<String>,
}

impl Handle for idv_readers {
    const KIND: Kind = Kind::Readers;
}

/// A cancel flag (opaque) for `idv_read_and_verify`, raised with `idv_cancel_request` from
/// any thread. Created by `idv_cancel_new`, freed by `idv_cancel_free`.
pub struct idv_cancel {
    pub(super) flag: AtomicBool,
}

impl Handle for idv_cancel {
    const KIND: Kind = Kind::Cancel;
}

/// Which access key `idv_read_and_verify` gets.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum idv_access_key {
    /// The whole MRZ text (two or three lines separated by newlines): PACE, else BAC.
    IDV_KEY_MRZ = 1,
    /// The card access number (digits): PACE only.
    IDV_KEY_CAN = 2,
}

/// Where a chip read is, passed to the progress callback.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct idv_progress {
    /// 0 access control, 1 reading a file, 2 chip authentication, 3 active
    /// authentication, 4 terminal authentication, 5 reading an eID data group.
    pub stage: u32,
    /// The file identifier when reading a file (0x011E EF.COM, 0x011D EF.SOD, 0x0101 DG1
    /// …), else 0.
    pub file_id: u16,
    /// Bytes of the file read so far; for other stages 0 before and 1 after.
    pub done: usize,
    /// The file's length once known, else 0; 1 for other stages.
    pub total: usize,
    /// APDUs exchanged so far.
    pub apdus: usize,
}

/// The progress callback: called on the thread that called `idv_read_and_verify`, before
/// every APDU of a file read and at every step. Return 0 to go on, anything else to cancel
/// (the read stops before the next APDU with `IDV_ERR_CANCELLED`). `event` is valid only
/// during the call.
pub type idv_progress_fn =
    Option<unsafe extern "C" fn(user_data: *mut c_void, event: *const idv_progress) -> i32>;

fn reader_error(e: ChannelError) -> idv_result {
    let code = match e {
        ChannelError::Timeout => idv_result::IDV_ERR_TIMEOUT,
        ChannelError::Cancelled => idv_result::IDV_ERR_CANCELLED,
        _ => idv_result::IDV_ERR_READER,
    };
    fail(code, e.to_string())
}

/// Connects to the PC/SC service; `*out` gets the readers handle.
///
/// Thread safety: any thread. Ownership: `*out` is the caller's, freed with
/// `idv_readers_free`.
///
/// # Safety
/// `out` is a valid pointer to a `idv_readers *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_readers_new(out: *mut *mut idv_readers) -> idv_result {
    guard(|| {
        super::args::out(out)?;
        let readers = PcscReaders::establish().map_err(reader_error)?;
        handle::give(
            out,
            idv_readers {
                readers,
                names: Vec::new(),
            },
        )
    })
}

/// Lists the readers now attached and writes how many there are; their names are then
/// available through `idv_readers_name`.
///
/// Thread safety: not concurrently with any other call on the same handle.
///
/// # Safety
/// `readers` is a live readers handle; `count` is a valid `size_t` pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_readers_count(
    readers: *mut idv_readers,
    count: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get_mut(readers, "readers")?;
        let count = super::args::out(count)?;
        r.names = r.readers.readers().map_err(reader_error)?;
        *count = r.names.len();
        Ok(())
    })
}

/// Points `*name`/`*len` at the name of reader `index` from the last `idv_readers_count`
/// (UTF-8, not NUL-terminated).
///
/// Thread safety: not concurrently with `idv_readers_count` on the same handle.
///
/// # Safety
/// `readers` is a live readers handle; `name` and `len` are valid pointers. `*name`
/// borrows from `readers`: valid until the next `idv_readers_count` or `idv_readers_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_readers_name(
    readers: *const idv_readers,
    index: usize,
    name: *mut *const c_char,
    len: *mut usize,
) -> idv_result {
    guard(|| {
        let r = handle::get(readers, "readers")?;
        let name = super::args::out(name)?;
        let len = super::args::out(len)?;
        let n = r.names.get(index).ok_or_else(|| {
            fail(
                idv_result::IDV_ERR_OUT_OF_RANGE,
                format!("reader {index} of {}", r.names.len()),
            )
        })?;
        *name = n.as_ptr().cast();
        *len = n.len();
        Ok(())
    })
}

/// Waits up to `timeout_ms` milliseconds for a card in `reader` (NULL and 0 for any
/// reader): `IDV_OK` when one is there, `IDV_ERR_TIMEOUT` when none came.
///
/// Thread safety: not concurrently with any other call on the same handle.
///
/// # Safety
/// `readers` is a live readers handle; `reader` is NULL (with `reader_len` 0) or readable
/// for `reader_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_readers_wait_for_card(
    readers: *mut idv_readers,
    reader: *const c_char,
    reader_len: usize,
    timeout_ms: u32,
) -> idv_result {
    guard(|| {
        let r = handle::get_mut(readers, "readers")?;
        // SAFETY: the caller's contract on `reader`/`reader_len`.
        let reader = unsafe { super::args::optional_text(reader, reader_len, "reader") }?;
        r.readers
            .wait_for_card(reader, Some(Duration::from_millis(u64::from(timeout_ms))))
            .map(drop)
            .map_err(reader_error)
    })
}

/// Frees a readers handle. NULL is accepted.
///
/// Thread safety: not concurrently with any other call on the same handle.
///
/// # Safety
/// `readers` is NULL or a live readers handle; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_readers_free(readers: *mut idv_readers) -> idv_result {
    guard(|| handle::destroy(readers, "readers"))
}

/// Creates a lowered cancel flag in `*out`.
///
/// Thread safety: any thread. Ownership: `*out` is the caller's, freed with
/// `idv_cancel_free` (after the read using it has returned).
///
/// # Safety
/// `out` is a valid pointer to a `idv_cancel *`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_cancel_new(out: *mut *mut idv_cancel) -> idv_result {
    guard(|| {
        handle::give(
            out,
            idv_cancel {
                flag: AtomicBool::new(false),
            },
        )
    })
}

/// Raises the flag: a read using it stops before its next APDU with `IDV_ERR_CANCELLED`.
///
/// Thread safety: any thread, while a read on another thread uses the flag.
///
/// # Safety
/// `cancel` is a live cancel flag.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_cancel_request(cancel: *const idv_cancel) -> idv_result {
    guard(|| {
        handle::get(cancel, "cancel")?
            .flag
            .store(true, Ordering::SeqCst);
        Ok(())
    })
}

/// Frees a cancel flag. NULL is accepted.
///
/// Thread safety: not while a read uses it or another thread raises it.
///
/// # Safety
/// `cancel` is NULL or a live cancel flag; it must not be used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_cancel_free(cancel: *mut idv_cancel) -> idv_result {
    guard(|| handle::destroy(cancel, "cancel"))
}

/// Milliseconds since the first call, the clock the pipeline reports timings with.
fn clock_millis() -> u64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let start = START.get_or_init(Instant::now);
    u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX)
}

fn access_key(kind: u32, key: &str, now_unix: i64) -> Answer<AccessKey> {
    let bad = |why: String| fail(idv_result::IDV_ERR_INVALID_ARGUMENT, why);
    match kind {
        1 => {
            let today = CheckTime::from_unix(now_unix)
                .date()
                .ok_or_else(|| bad(format!("now_unix {now_unix} out of range")))?;
            let mrz = crate::mrz::parse(key, today).map_err(|e| bad(format!("MRZ: {e}")))?;
            let info = mrz
                .mrz_information()
                .map_err(|e| bad(format!("MRZ: {e}")))?;
            Ok(AccessKey::Mrz(info.as_bytes().to_vec()))
        }
        2 if key.bytes().all(|b| b.is_ascii_digit()) => Ok(AccessKey::Can(key.as_bytes().to_vec())),
        2 => Err(bad("CAN: digits only".into())),
        other => Err(bad(format!("key_kind {other}: 1 (MRZ) or 2 (CAN)"))),
    }
}

fn inspect_error(e: InspectError) -> idv_result {
    let code = match &e {
        InspectError::Cancelled => idv_result::IDV_ERR_CANCELLED,
        InspectError::Access(ChipError::Channel(_)) => idv_result::IDV_ERR_CHIP,
        InspectError::Access(_) => idv_result::IDV_ERR_ACCESS_DENIED,
        _ => idv_result::IDV_ERR_CHIP,
    };
    fail(code, e.to_string())
}

fn event(e: &ProgressEvent) -> idv_progress {
    let (stage, file_id) = match e.stage {
        Stage::Access => (0, 0),
        Stage::ReadFile(f) => (1, f.fid()),
        Stage::ChipAuthentication => (2, 0),
        Stage::ActiveAuthentication => (3, 0),
        Stage::TerminalAuthentication => (4, 0),
        Stage::ReadEidFile(n) => (5, crate::lds::eid_fid(n)),
    };
    idv_progress {
        stage,
        file_id,
        done: e.done,
        total: e.total.unwrap_or(0),
        apdus: e.apdus,
    }
}

/// Reads the document in `reader` — access control with the MRZ or CAN (`key_kind` 1 or 2,
/// `key` UTF-8 of `key_len` bytes), EF.COM, EF.SOD, DG14, chip authentication, the other
/// data groups, DG15, active authentication, and Terminal Authentication with the terminal
/// attached to `verifier` (`idv_verifier_set_terminal`; its chain checked at `now_unix`) —
/// and verifies it at `now_unix` (seconds since 1970) with the optically read MRZ when given
/// (NULL and 0 for none). `progress` (may be NULL) is called with `user_data` at every step;
/// `cancel` (may be NULL) is checked at the same points. The report goes to `*out`.
///
/// Thread safety: a verifier may serve several reads at once; the readers handle not
/// (one read per handle at a time). The callback runs on the calling thread.
/// Ownership: `*out` is the caller's, freed with `idv_report_free`; every string argument
/// is borrowed for the call only; `user_data` is passed through untouched.
///
/// # Safety
/// `verifier`, `readers` (and `cancel` when not NULL) are live handles of their kinds;
/// string pointers are readable for their lengths; `out` is a valid pointer; `progress`, when
/// not NULL, is safe to call with `user_data`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn idv_read_and_verify(
    verifier: *const idv_verifier,
    readers: *mut idv_readers,
    reader: *const c_char,
    reader_len: usize,
    key_kind: u32,
    key: *const c_char,
    key_len: usize,
    optical_mrz: *const c_char,
    optical_mrz_len: usize,
    now_unix: i64,
    progress: idv_progress_fn,
    user_data: *mut c_void,
    cancel: *const idv_cancel,
    out: *mut *mut idv_report,
) -> idv_result {
    guard(|| {
        let v = handle::get(verifier, "verifier")?;
        let r = handle::get_mut(readers, "readers")?;
        let cancel = if cancel.is_null() {
            None
        } else {
            Some(handle::get(cancel, "cancel")?)
        };
        // SAFETY: the caller's contract on the string arguments.
        let reader = unsafe { super::args::text(reader, reader_len, "reader") }?;
        // SAFETY: as above.
        let key = unsafe { super::args::text(key, key_len, "key") }?;
        // SAFETY: as above.
        let mrz = unsafe { super::args::optional_text(optical_mrz, optical_mrz_len, "mrz") }?;
        super::args::out(out)?;
        let mut options = InspectOptions::new(access_key(key_kind, key, now_unix)?);
        options.optical_mrz = mrz.map(str::to_string);
        options.reader = Some(reader.to_string());
        options.clock_millis = Some(clock_millis);
        options.terminal = super::terminal::for_read(v, now_unix)?;
        let channel = r.readers.connect(reader).map_err(reader_error)?;
        let mut on_progress = |e: &ProgressEvent| {
            if cancel.is_some_and(|c| c.flag.load(Ordering::SeqCst)) {
                return false;
            }
            match progress {
                // SAFETY: the caller's contract: `f` may be called with `user_data`; the
                // event lives on this stack frame for the call.
                Some(f) => (unsafe { f(user_data, &event(e)) }) == 0,
                None => true,
            }
        };
        let mut rng = rand_core::UnwrapErr(getrandom::SysRng);
        let report = inspect(
            &v.verifier,
            channel,
            &options,
            CheckTime::from_unix(now_unix),
            &mut rng,
            &mut on_progress,
        )
        .map_err(inspect_error)?;
        handle::give(out, idv_report::new(report))
    })
}
