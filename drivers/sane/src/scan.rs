//! Scanning one page: `sane_start`, reading with a deadline and a cancel token, and always
//! `sane_cancel` at the end (SANE Standard 1.06, 4.3.9–4.3.12, 4.4 "Code Flow"). A backend
//! that never returns from `sane_cancel` is given up after a grace period rather than
//! hanging the caller.

use crate::device::Device;
use crate::error::{SaneError, Status};
use crate::page::{Page, decode};
use crate::session::HUNG;
use crate::sys;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How long a backend gets to finish `sane_cancel` before the driver gives up on it.
const CANCEL_GRACE: Duration = Duration::from_secs(5);
/// The pause after a read that returned no bytes.
const IDLE_PAUSE: Duration = Duration::from_millis(5);

/// Cancels a running scan from another thread (or a signal-free watchdog).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A token not yet cancelled.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }
    /// Asks the scan to stop; it ends with [`SaneError::Cancelled`].
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// Whether [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Bounds of one scan.
#[derive(Debug, Clone, Copy)]
pub struct ScanLimits {
    /// The whole scan, from `sane_start` to the last byte.
    pub timeout: Duration,
    /// The most image bytes accepted (the announced size is checked before reading).
    pub max_bytes: usize,
}

impl Default for ScanLimits {
    /// Two minutes and 256 MiB: an A4 page at 600 dpi in colour is about 100 MiB.
    fn default() -> Self {
        ScanLimits {
            timeout: Duration::from_secs(120),
            max_bytes: 256 << 20,
        }
    }
}

/// A raw handle moved to the thread that runs `sane_cancel`.
struct CancelHandle(sys::Handle);
// SAFETY: while the cancel thread runs, the scanning thread waits for it and does not use
// the handle; if the thread never finishes, the handle is abandoned and never used again.
unsafe impl Send for CancelHandle {}

impl Device<'_> {
    /// Scans one page with the current options. Ends with `sane_cancel` whatever happens;
    /// an error says what the device reported (jam, cover open, I/O error for a device that
    /// vanished), or [`SaneError::Cancelled`] / [`SaneError::Timeout`].
    ///
    /// Reads block (the standard's default I/O mode, the one every frontend uses); the
    /// deadline and the token are looked at after each block the backend delivers, so a
    /// cancel takes effect within one block. A backend stuck inside one `sane_read` is
    /// waited for: backends bound their own device I/O with timeouts. (The test backend's
    /// non-blocking mode was tried and found to end pages early with EOF, so the driver
    /// does not switch modes.)
    pub fn scan_page(
        &mut self,
        limits: &ScanLimits,
        cancel: &CancelToken,
    ) -> Result<Page, SaneError> {
        self.scan_page_with_flag(limits, &cancel.0)
    }

    /// [`Device::scan_page`] with a plain flag as the cancel token: the scan stops once
    /// `cancel` is true (for a caller that owns its flag, such as a C program's).
    pub fn scan_page_with_flag(
        &mut self,
        limits: &ScanLimits,
        cancel: &AtomicBool,
    ) -> Result<Page, SaneError> {
        self.usable()?;
        let dpi = self.resolution()?;
        if cancel.load(Ordering::SeqCst) {
            return Err(SaneError::Cancelled);
        }
        let started = Instant::now();
        // SAFETY: the handle is open and no scan runs on it.
        let status = unsafe { (self.api().start)(self.handle) };
        if let Some(status) = Status::from_code(status) {
            // The start's own status says more than a failed cleanup would.
            let _ = self.end_scan();
            return Err(match status {
                Status::Cancelled => SaneError::Cancelled,
                status => SaneError::ScanFailed { status, bytes: 0 },
            });
        }
        let result = self.read_frame(limits, cancel, started);
        let ended = self.end_scan();
        let (params, data) = result?;
        ended?;
        decode(&params, data, dpi)
    }

    /// Reads the frame `sane_start` began, to its end.
    fn read_frame(
        &mut self,
        limits: &ScanLimits,
        cancel: &AtomicBool,
        started: Instant,
    ) -> Result<(sys::Parameters, Vec<u8>), SaneError> {
        let mut params = sys::Parameters::default();
        // SAFETY: a scan was started on the open handle; `params` is a valid out pointer.
        crate::error::check("sane_get_parameters", unsafe {
            (self.api().get_parameters)(self.handle, &mut params)
        })?;
        if params.last_frame == 0 || !matches!(params.format, sys::FRAME_GRAY | sys::FRAME_RGB) {
            return Err(SaneError::Unsupported(
                "a multi-frame (three-pass) scan; choose a single-pass mode".into(),
            ));
        }
        let announced = usize::try_from(params.bytes_per_line)
            .ok()
            .zip(usize::try_from(params.lines).ok())
            .and_then(|(bpl, lines)| bpl.checked_mul(lines));
        if announced.is_some_and(|n| n > limits.max_bytes) {
            return Err(SaneError::Unsupported(format!(
                "the page would be {} bytes, more than the {} allowed",
                announced.unwrap_or(0),
                limits.max_bytes
            )));
        }
        let deadline = started + limits.timeout;
        let mut data = Vec::with_capacity(announced.unwrap_or(0).min(limits.max_bytes));
        let mut chunk = vec![0u8; 64 * 1024];
        loop {
            if cancel.load(Ordering::SeqCst) {
                return Err(SaneError::Cancelled);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(SaneError::Timeout(limits.timeout));
            }
            let mut got: sys::Word = 0;
            // SAFETY: `chunk` is writable for its full length, which is passed as the maximum.
            let status = unsafe {
                (self.api().read)(
                    self.handle,
                    chunk.as_mut_ptr(),
                    chunk.len() as sys::Word,
                    &mut got,
                )
            };
            let got = usize::try_from(got).unwrap_or(0).min(chunk.len());
            match Status::from_code(status) {
                None if got > 0 => {
                    if data.len() + got > limits.max_bytes {
                        return Err(SaneError::Unsupported(format!(
                            "the device sent more than the {} bytes allowed",
                            limits.max_bytes
                        )));
                    }
                    data.extend_from_slice(&chunk[..got]);
                }
                // A blocking read with nothing to give (4.3.10 allows it); do not spin.
                None => std::thread::sleep(IDLE_PAUSE),
                Some(Status::Eof) => return Ok((params, data)),
                Some(Status::Cancelled) => return Err(SaneError::Cancelled),
                Some(status) => {
                    return Err(SaneError::ScanFailed {
                        status,
                        bytes: data.len(),
                    });
                }
            }
        }
    }

    /// `sane_cancel`, which every scan ends with (4.4), run on a helper thread with a grace
    /// period: some backends hang in it (their reader thread killed mid-allocation), and a
    /// desk must get its error rather than a frozen window.
    fn end_scan(&mut self) -> Result<(), SaneError> {
        let handle = CancelHandle(self.handle);
        let cancel = self.api().cancel;
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("sane-cancel".into())
            .spawn(move || {
                let handle = handle;
                // SAFETY: the handle is open; the scanning thread waits and does not use it.
                unsafe { cancel(handle.0) };
                let _ = done_tx.send(());
            });
        if spawned.is_err() {
            // No thread to spare: cancel here (unbounded, but the process is in trouble anyway).
            // SAFETY: as above, on the owning thread.
            unsafe { cancel(self.handle) };
            return Ok(());
        }
        if done_rx.recv_timeout(CANCEL_GRACE).is_ok() {
            return Ok(());
        }
        self.abandoned = true;
        HUNG.store(true, Ordering::SeqCst);
        Err(SaneError::BackendHung)
    }
}
