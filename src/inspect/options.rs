//! What the operator chose for a chip read (access key, optical MRZ, which protocols) and the
//! progress events the pipeline reports between APDUs.

use crate::chip::access::pace::AccessKey;
use crate::chip::{FileId, ReadOptions};

/// How to read a chip.
#[derive(Debug, Clone)]
pub struct InspectOptions {
    /// The MRZ information (PACE with MRZ, or BAC) or the CAN (PACE only).
    pub access_key: AccessKey,
    /// The MRZ as read optically, lines separated by newlines, compared with DG1.
    pub optical_mrz: Option<String>,
    /// Run chip authentication (ICAO 9303-11 §6.2) when DG14 offers it.
    pub chip_authentication: bool,
    /// Run active authentication (ICAO 9303-11 §6.1) when DG15 is present.
    pub active_authentication: bool,
    /// How files are read.
    pub read: ReadOptions,
    /// The reader's name, for the report.
    pub reader: Option<String>,
    /// Terminal certificates and key: Terminal Authentication right after PACE, so the chip
    /// opens DG3/DG4 (and on German ID cards every data group) as far as the rights go.
    pub terminal: Option<crate::terminal::TerminalCredentials>,
    /// A monotonic clock in milliseconds, to report what each step took; `None`: no timings
    /// (the library never reads a clock itself).
    pub clock_millis: Option<fn() -> u64>,
}

impl InspectOptions {
    /// Options with `access_key`, chip and active authentication on, default reads.
    pub fn new(access_key: AccessKey) -> Self {
        InspectOptions {
            access_key,
            optical_mrz: None,
            chip_authentication: true,
            active_authentication: true,
            read: ReadOptions::default(),
            reader: None,
            terminal: None,
            clock_millis: None,
        }
    }

    /// Sets the optically read MRZ.
    pub fn with_optical_mrz(mut self, mrz: impl Into<String>) -> Self {
        self.optical_mrz = Some(mrz.into());
        self
    }

    pub(crate) fn now(&self) -> u64 {
        self.clock_millis.map_or(0, |f| f())
    }
}

/// A step of the pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// BAC or PACE.
    Access,
    /// Reading one file.
    ReadFile(FileId),
    /// Chip authentication (or the PACE-CAM check).
    ChipAuthentication,
    /// Active authentication.
    ActiveAuthentication,
    /// Terminal authentication (extended access control).
    TerminalAuthentication,
    /// Reading eID data group `n` of the German eID application (BSI TR-03110-4 §3.1).
    ReadEidFile(u8),
}

/// Where the pipeline is: reported before every APDU of a file read and at every step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressEvent {
    /// The step.
    pub stage: Stage,
    /// Bytes read of the file (for [`Stage::ReadFile`]), else 0 before and 1 after the step.
    pub done: usize,
    /// The file's length once known (for [`Stage::ReadFile`]), else `Some(1)`.
    pub total: Option<usize>,
    /// APDUs exchanged so far in the whole session.
    pub apdus: usize,
}
