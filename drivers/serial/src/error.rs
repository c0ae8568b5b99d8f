//! The driver's error type: what went wrong opening the port or waiting for an MRZ.

use std::time::Duration;

/// Why no MRZ was read.
#[derive(Debug, thiserror::Error)]
pub enum SerialError {
    /// The device could not be opened (missing, no permission, busy).
    #[error("cannot open {path}: {source}")]
    Open {
        /// The path given.
        path: String,
        /// The system's reason.
        source: std::io::Error,
    },
    /// The file opened is not a terminal (no termios), so it is no serial port.
    #[error("{0} is not a serial port (not a terminal)")]
    NotATerminal(String),
    /// The line settings were refused (e.g. a baud rate the port does not know).
    #[error("line settings refused: {0}")]
    Settings(std::io::Error),
    /// Reading failed: the device was unplugged or the port closed.
    #[error("reading the serial port failed (reader unplugged?): {0}")]
    Read(std::io::Error),
    /// The port reported end of file or a hang-up: the reader went away.
    #[error("the serial reader hung up")]
    HungUp,
    /// No complete MRZ arrived in time. `bytes` says whether anything came at all, and
    /// `rejected` how many lines were not MRZ lines.
    #[error("{}", timeout_text(*.waited, *.bytes, *.rejected))]
    Timeout {
        /// How long the read waited.
        waited: Duration,
        /// Bytes received.
        bytes: usize,
        /// Lines received that were no MRZ line (wrong length or characters).
        rejected: usize,
    },
    /// The read was cancelled through its cancel flag.
    #[error("MRZ read cancelled")]
    Cancelled,
}

fn timeout_text(waited: Duration, bytes: usize, rejected: usize) -> String {
    if bytes == 0 {
        format!("no data from the MRZ reader within {waited:?}")
    } else {
        format!(
            "no complete MRZ within {waited:?} ({bytes} bytes received, {rejected} lines \
             rejected as no MRZ line)"
        )
    }
}
