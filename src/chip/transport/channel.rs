//! The one seam between the protocols and a reader: send a command APDU, get the response.
//! PC/SC, the in-process emulator and transcript replay each implement [`CardChannel`].

/// Why a command APDU could not be exchanged with the card at all (as opposed to the card
/// answering with an error status word).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChannelError {
    /// The card left the reader (or was reset) during the session.
    #[error("the card was removed from the reader")]
    CardRemoved,
    /// The reader went away or the reader service stopped.
    #[error("the reader is not available: {0}")]
    ReaderUnavailable(String),
    /// The caller cancelled the operation.
    #[error("cancelled")]
    Cancelled,
    /// No answer within the allowed time.
    #[error("timed out")]
    Timeout,
    /// Any other transport failure, with the transport's own description.
    #[error("transport error: {0}")]
    Transport(String),
}

/// A channel to one card: exchanges raw APDUs (ISO/IEC 7816-4 bytes, response with SW1 SW2).
pub trait CardChannel {
    /// Sends `command` and returns the whole response APDU, status word included.
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError>;

    /// Whether the card advertises extended-length APDUs (from its ATR or EF.ATR/INFO);
    /// `None` when unknown, in which case the reader probes and falls back.
    fn extended_length_hint(&self) -> Option<bool> {
        None
    }
}

impl<T: CardChannel + ?Sized> CardChannel for &mut T {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        (**self).transmit(command)
    }

    fn extended_length_hint(&self) -> Option<bool> {
        (**self).extended_length_hint()
    }
}

impl<T: CardChannel + ?Sized> CardChannel for Box<T> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        (**self).transmit(command)
    }

    fn extended_length_hint(&self) -> Option<bool> {
        (**self).extended_length_hint()
    }
}
