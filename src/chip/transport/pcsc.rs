//! The PC/SC adapter: [`CardChannel`] over a card in a PC/SC reader (drivers/pcsc), plus the
//! reader listing and wait-for-card helpers the CLI and the C ABI use.

use crate::chip::transport::channel::{CardChannel, ChannelError};
use idverify_pcsc::{Card, Pcsc, PcscError};
use std::time::Duration;

pub use idverify_pcsc::CancelHandle;

impl From<PcscError> for ChannelError {
    fn from(error: PcscError) -> Self {
        match error {
            PcscError::CardRemoved | PcscError::NoCard(_) => ChannelError::CardRemoved,
            PcscError::ReaderUnavailable(reader) => ChannelError::ReaderUnavailable(reader),
            PcscError::NoService => {
                ChannelError::ReaderUnavailable("the PC/SC service is not running".to_owned())
            }
            PcscError::Timeout => ChannelError::Timeout,
            PcscError::Cancelled => ChannelError::Cancelled,
            other @ (PcscError::CardUnresponsive
            | PcscError::InvalidCommand(_)
            | PcscError::Other { .. }) => ChannelError::Transport(other.to_string()),
        }
    }
}

/// The PC/SC readers of this machine: list them, wait for a card, connect.
pub struct PcscReaders {
    pcsc: Pcsc,
}

impl PcscReaders {
    /// Connects to the PC/SC service.
    pub fn establish() -> Result<Self, ChannelError> {
        Ok(PcscReaders {
            pcsc: Pcsc::establish()?,
        })
    }

    /// All reader names, with or without a card.
    pub fn readers(&self) -> Result<Vec<String>, ChannelError> {
        Ok(self.pcsc.readers()?)
    }

    /// The readers holding a card now, with the card's ATR.
    pub fn readers_with_card(&self) -> Result<Vec<(String, Vec<u8>)>, ChannelError> {
        Ok(self.pcsc.readers_with_card()?)
    }

    /// Waits until a card is in `reader` (any reader when `None`) and returns the reader's
    /// name; `timeout` `None` waits until cancelled through [`PcscReaders::cancel_handle`].
    pub fn wait_for_card(
        &self,
        reader: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<String, ChannelError> {
        Ok(self.pcsc.wait_for_card(reader, timeout)?)
    }

    /// A handle that cancels a wait from another thread.
    pub fn cancel_handle(&self) -> CancelHandle {
        self.pcsc.cancel_handle()
    }

    /// Clears an earlier cancel so waiting works again.
    pub fn reset_cancel(&self) {
        self.pcsc.reset_cancel();
    }

    /// Connects to the card in `reader`.
    pub fn connect(&self, reader: &str) -> Result<PcscChannel, ChannelError> {
        Ok(PcscChannel::new(self.pcsc.connect(reader)?))
    }

    /// Connects to the card in `reader`, or in the first reader holding a card when `None`;
    /// waits up to `timeout` for the card.
    pub fn connect_first(
        &self,
        reader: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<PcscChannel, ChannelError> {
        let name = self.wait_for_card(reader, timeout)?;
        self.connect(&name)
    }
}

/// A [`CardChannel`] to a card in a PC/SC reader.
pub struct PcscChannel {
    card: Card,
}

impl PcscChannel {
    /// Wraps a connected driver card.
    pub fn new(card: Card) -> Self {
        PcscChannel { card }
    }

    /// The reader's name.
    pub fn reader(&self) -> &str {
        self.card.reader()
    }

    /// The card's answer to reset.
    pub fn atr(&self) -> &[u8] {
        self.card.atr()
    }

    /// The driver card, e.g. to disconnect with a reset.
    pub fn into_card(self) -> Card {
        self.card
    }
}

impl CardChannel for PcscChannel {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        Ok(self.card.transmit(command)?)
    }

    fn extended_length_hint(&self) -> Option<bool> {
        self.card.extended_length_support()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_errors_map_to_channel_errors() {
        assert_eq!(
            ChannelError::from(PcscError::CardRemoved),
            ChannelError::CardRemoved
        );
        assert_eq!(
            ChannelError::from(PcscError::NoCard("r".into())),
            ChannelError::CardRemoved
        );
        assert_eq!(
            ChannelError::from(PcscError::ReaderUnavailable("Reader 1".into())),
            ChannelError::ReaderUnavailable("Reader 1".into())
        );
        assert!(matches!(
            ChannelError::from(PcscError::NoService),
            ChannelError::ReaderUnavailable(m) if m.contains("PC/SC service")
        ));
        assert_eq!(
            ChannelError::from(PcscError::Timeout),
            ChannelError::Timeout
        );
        assert_eq!(
            ChannelError::from(PcscError::Cancelled),
            ChannelError::Cancelled
        );
        assert!(matches!(
            ChannelError::from(PcscError::CardUnresponsive),
            ChannelError::Transport(m) if m.contains("does not respond")
        ));
    }
}
