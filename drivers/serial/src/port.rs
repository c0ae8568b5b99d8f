//! The serial port of an MRZ reader: opened without becoming the controlling terminal, put
//! in raw mode with the reader's baud rate and 8N1, then read with poll(2) in short slices
//! so a deadline and a cancel token are always honoured.

use crate::error::SerialError;
use crate::framing::{Framer, Judge, MrzFrame};
use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::fs::{Mode, OFlags};
use rustix::io::Errno;
use rustix::termios::{ControlModes, OptionalActions, SpecialCodeIndex, tcgetattr, tcsetattr};
use std::os::fd::OwnedFd;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The longest single wait, so the cancel token is looked at often.
const POLL_SLICE: Duration = Duration::from_millis(50);

/// The reader's line settings. Data bits, parity and stop bits are always 8N1, what MRZ
/// readers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineSettings {
    /// Baud rate, e.g. 9600 or 115200.
    pub baud: u32,
    /// Hardware flow control (RTS/CTS); most readers use none.
    pub rts_cts: bool,
}

impl Default for LineSettings {
    /// 9600 baud, no flow control: the usual factory setting of serial MRZ readers.
    fn default() -> Self {
        LineSettings {
            baud: 9600,
            rts_cts: false,
        }
    }
}

/// An open serial MRZ reader.
pub struct MrzReader {
    fd: OwnedFd,
    framer: Framer,
    frame_gap: Duration,
}

impl MrzReader {
    /// Opens the tty at `path` (e.g. `/dev/ttyUSB0`, `/dev/ttyACM0`) with `settings`.
    pub fn open(path: &Path, settings: &LineSettings) -> Result<MrzReader, SerialError> {
        let name = path.display().to_string();
        // O_NOCTTY: the reader must not become the process's controlling terminal;
        // O_NONBLOCK: neither the open (modem lines) nor a read may block.
        let fd = rustix::fs::open(
            path,
            OFlags::RDWR | OFlags::NOCTTY | OFlags::NONBLOCK | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .map_err(|e| SerialError::Open {
            path: name.clone(),
            source: e.into(),
        })?;
        MrzReader::from_fd(fd, &name, settings)
    }

    /// Takes an already open tty (opened non-blocking) and applies `settings`.
    pub fn from_fd(
        fd: OwnedFd,
        name: &str,
        settings: &LineSettings,
    ) -> Result<MrzReader, SerialError> {
        let mut termios = tcgetattr(&fd).map_err(|e| match e {
            Errno::NOTTY | Errno::INVAL => SerialError::NotATerminal(name.to_string()),
            e => SerialError::Settings(e.into()),
        })?;
        // Raw: no echo, no line editing, no CR/LF translation, no signals (termios(3)).
        termios.make_raw();
        termios.control_modes -= ControlModes::CSIZE | ControlModes::PARENB | ControlModes::CSTOPB;
        termios.control_modes |= ControlModes::CS8 | ControlModes::CLOCAL | ControlModes::CREAD;
        termios
            .control_modes
            .set(ControlModes::CRTSCTS, settings.rts_cts);
        termios.special_codes[SpecialCodeIndex::VMIN] = 0;
        termios.special_codes[SpecialCodeIndex::VTIME] = 0;
        termios
            .set_speed(settings.baud)
            .map_err(|e| SerialError::Settings(e.into()))?;
        tcsetattr(&fd, OptionalActions::Now, &termios)
            .map_err(|e| SerialError::Settings(e.into()))?;
        Ok(MrzReader {
            fd,
            framer: Framer::new(),
            frame_gap: Duration::from_secs(1),
        })
    }

    /// Lets `judge` decide which candidate lines form an MRZ (the verifier passes the
    /// library's parse); without one every candidate of the right shape is taken.
    pub fn set_judge(&mut self, judge: Judge) {
        self.framer = Framer::with_judge(judge);
    }

    /// How long the reader may fall silent inside one MRZ before the part received is
    /// ended (a last line without line break) or dropped (a cut-off read). Default 1 s.
    pub fn set_frame_gap(&mut self, gap: Duration) {
        self.frame_gap = gap;
    }

    /// Waits up to `timeout` for a complete MRZ. Noise and lines that are no MRZ lines are
    /// skipped; a complete MRZ after them is still read.
    pub fn read_mrz(
        &mut self,
        timeout: Duration,
        cancel: &AtomicBool,
    ) -> Result<MrzFrame, SerialError> {
        let started = Instant::now();
        let deadline = started + timeout;
        let (bytes_before, rejected_before) = (self.framer.bytes(), self.framer.rejected());
        let mut last_data: Option<Instant> = None;
        let mut buffer = [0u8; 512];
        loop {
            if let Some(frame) = self.framer.next_frame() {
                return Ok(frame);
            }
            if cancel.load(Ordering::SeqCst) {
                return Err(SerialError::Cancelled);
            }
            let now = Instant::now();
            if let Some(quiet_since) = last_data
                && now.duration_since(quiet_since) >= self.frame_gap
                && self.framer.has_incomplete()
            {
                // Silence: a last line may lack its line break; anything still open is cut off.
                self.framer.flush();
                if let Some(frame) = self.framer.next_frame() {
                    return Ok(frame);
                }
                self.framer.discard_incomplete();
            }
            if now >= deadline {
                return Err(SerialError::Timeout {
                    waited: timeout,
                    bytes: self.framer.bytes() - bytes_before,
                    rejected: self.framer.rejected() - rejected_before,
                });
            }
            let slice = (deadline - now).min(POLL_SLICE);
            let wait = Timespec {
                tv_sec: 0,
                tv_nsec: i64::from(slice.subsec_nanos()).max(1_000_000),
            };
            let mut fds = [PollFd::new(&self.fd, PollFlags::IN)];
            match poll(&mut fds, Some(&wait)) {
                Ok(_) | Err(Errno::INTR) => {}
                Err(e) => return Err(SerialError::Read(e.into())),
            }
            let revents = fds[0].revents();
            if revents.is_empty() {
                continue;
            }
            match rustix::io::read(&self.fd, &mut buffer) {
                Ok(0) => return Err(SerialError::HungUp),
                Ok(n) => {
                    self.framer.push(&buffer[..n]);
                    last_data = Some(Instant::now());
                }
                Err(Errno::AGAIN | Errno::INTR) => {
                    if revents.intersects(PollFlags::HUP | PollFlags::ERR) {
                        return Err(SerialError::HungUp);
                    }
                }
                // A tty whose other end is gone (unplugged USB adapter, closed pty master).
                Err(Errno::IO) => return Err(SerialError::HungUp),
                Err(e) => return Err(SerialError::Read(e.into())),
            }
        }
    }
}
