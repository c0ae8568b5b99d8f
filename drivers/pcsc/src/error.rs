//! The driver's error type: what went wrong talking to the PC/SC service, a reader or a card.
//! Each `pcsc` crate error code is folded into the few cases a caller can act on.

/// Why a PC/SC operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PcscError {
    /// The PC/SC service (pcscd) is not running or stopped during the operation.
    #[error("the PC/SC service is not available (is pcscd running?)")]
    NoService,
    /// The reader was unplugged, is unknown, or is not usable.
    #[error("reader {0:?} is not available")]
    ReaderUnavailable(String),
    /// There is no card in the reader.
    #[error("no card in reader {0:?}")]
    NoCard(String),
    /// The card was removed (or reset by someone else) during the session.
    #[error("the card was removed from the reader")]
    CardRemoved,
    /// The card does not answer.
    #[error("the card does not respond")]
    CardUnresponsive,
    /// The wait or the command did not finish in time.
    #[error("timed out")]
    Timeout,
    /// The operation was cancelled through a [`crate::CancelHandle`].
    #[error("cancelled")]
    Cancelled,
    /// The command APDU is longer than PC/SC can carry or otherwise rejected by the stack.
    #[error("invalid command APDU: {0}")]
    InvalidCommand(String),
    /// Any other PC/SC failure, with the stack's own description.
    #[error("PC/SC error in {operation}: {source}")]
    Other {
        /// The PC/SC call that failed.
        operation: &'static str,
        /// The PC/SC error code.
        source: pcsc::Error,
    },
}

impl PcscError {
    /// Maps a `pcsc` crate error of `operation` on `reader` to the driver's error.
    pub(crate) fn from_pcsc(operation: &'static str, reader: &str, error: pcsc::Error) -> Self {
        use pcsc::Error as E;
        match error {
            E::NoService | E::ServiceStopped | E::Shutdown => PcscError::NoService,
            E::NoReadersAvailable => PcscError::ReaderUnavailable(reader.to_owned()),
            E::ReaderUnavailable | E::UnknownReader | E::ReaderUnsupported => {
                PcscError::ReaderUnavailable(reader.to_owned())
            }
            E::RemovedCard | E::ResetCard => PcscError::CardRemoved,
            E::NoSmartcard => PcscError::NoCard(reader.to_owned()),
            E::UnresponsiveCard | E::UnpoweredCard => PcscError::CardUnresponsive,
            E::Timeout => PcscError::Timeout,
            E::Cancelled | E::SystemCancelled | E::CancelledByUser => PcscError::Cancelled,
            other => PcscError::Other {
                operation,
                source: other,
            },
        }
    }
}
