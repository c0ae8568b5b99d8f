//! The vpcd client's error type: socket failures and malformed frames from the driver.
//! One enum for the whole crate; the test harness has its own in `testing`.

/// Why talking to the vpcd driver failed.
#[derive(Debug, thiserror::Error)]
pub enum VpcdError {
    /// The TCP connection to the vpcd driver failed or was closed.
    #[error("vpcd connection: {0}")]
    Io(#[from] std::io::Error),
    /// A response is longer than the 2-byte frame length can carry.
    #[error("frame of {0} bytes exceeds the 65535-byte vpcd frame limit")]
    FrameTooLong(usize),
    /// The serving thread panicked or could not be joined.
    #[error("the serving thread ended abnormally")]
    ThreadFailed,
}
