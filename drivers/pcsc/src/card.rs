//! A connected card: transmit APDUs with a receive buffer large enough for any extended
//! response, the ATR, extended-length capability, and disconnect.

use crate::atr;
use crate::error::PcscError;
use std::time::{Duration, Instant};

/// Receive buffer size: the largest extended-length response (65536 data bytes) plus SW1 SW2.
pub const RECEIVE_BUFFER_LEN: usize = 65536 + 2;

/// The longest command APDU PC/SC carries: extended header (7) + 65535 data + Le (3).
const MAX_COMMAND_LEN: usize = 4 + 3 + 65535 + 3;

/// How long to wait for pcscd to notice a removal after a failed exchange. pcscd polls a
/// reader without interrupts about every 400 ms, but on a loaded machine its poll can come
/// seconds late; the wait follows the reader's state and ends as soon as pcscd reports the
/// change, so only a card that stays in the reader and stays silent waits this long.
const REMOVAL_WAIT: Duration = Duration::from_secs(5);
/// Longest single `SCardGetStatusChange` while waiting for the removal: the card handle's
/// own status is asked again after each.
const REMOVAL_SLICE: Duration = Duration::from_millis(250);

/// A card connected through a reader (shared access).
pub struct Card {
    card: pcsc::Card,
    // The context the card was connected through, to follow the reader's state.
    context: pcsc::Context,
    reader: String,
    atr: Vec<u8>,
    receive: Vec<u8>,
}

impl Card {
    pub(crate) fn new(
        card: pcsc::Card,
        context: pcsc::Context,
        reader: String,
    ) -> Result<Self, PcscError> {
        let status = card
            .status2_owned()
            .map_err(|e| PcscError::from_pcsc("card status", &reader, e))?;
        Ok(Card {
            atr: status.atr().to_vec(),
            card,
            context,
            reader,
            receive: vec![0; RECEIVE_BUFFER_LEN],
        })
    }

    /// The reader this card is in.
    pub fn reader(&self) -> &str {
        &self.reader
    }

    /// The card's answer to reset, as read when connecting.
    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// Whether the ATR advertises extended Lc/Le fields (see [`atr::advertises_extended_length`]).
    pub fn advertises_extended_length(&self) -> bool {
        atr::advertises_extended_length(&self.atr)
    }

    /// What the ATR says about extended length (see [`atr::extended_length_support`]).
    pub fn extended_length_support(&self) -> Option<bool> {
        atr::extended_length_support(&self.atr)
    }

    /// Sends a command APDU and returns the response APDU (data and SW1 SW2).
    ///
    /// A card pulled out during the exchange gives [`PcscError::CardRemoved`]; an unplugged
    /// reader [`PcscError::ReaderUnavailable`]; a stopped service [`PcscError::NoService`].
    pub fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, PcscError> {
        if command.len() < 4 || command.len() > MAX_COMMAND_LEN {
            return Err(PcscError::InvalidCommand(format!(
                "{} bytes (4 to {MAX_COMMAND_LEN} allowed)",
                command.len()
            )));
        }
        let response = match self.transmit_raw(command) {
            Ok(response) => response,
            Err(e @ (pcsc::Error::NotTransacted | pcsc::Error::CommError)) => {
                // The driver lost the card mid-exchange; pcscd reports the removal only on
                // its next poll of the reader, so ask until it knows or the poll window ends.
                return Err(self
                    .diagnose_lost_card()
                    .unwrap_or_else(|| PcscError::from_pcsc("transmit", &self.reader, e)));
            }
            Err(e) => return Err(PcscError::from_pcsc("transmit", &self.reader, e)),
        };
        if response.len() < 2 {
            // No status word: the card went silent, most often because it left the reader.
            return Err(self
                .diagnose_lost_card()
                .unwrap_or(PcscError::CardUnresponsive));
        }
        Ok(response)
    }

    /// One SCardTransmit. The pcsc crate panics (before sending anything) when the connection
    /// has no active protocol, which pcscd can report for a card connected while it was still
    /// being powered up; that case reconnects once to negotiate T=0/T=1 and tries again, and
    /// never lets the panic out.
    fn transmit_raw(&mut self, command: &[u8]) -> Result<Vec<u8>, pcsc::Error> {
        for attempt in 0..2 {
            let card = &self.card;
            let receive = &mut self.receive;
            let sent = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                card.transmit(command, receive).map(<[u8]>::to_vec)
            }));
            match sent {
                Ok(result) => return result,
                Err(_) if attempt == 0 => self.card.reconnect(
                    pcsc::ShareMode::Shared,
                    pcsc::Protocols::ANY,
                    pcsc::Disposition::LeaveCard,
                )?,
                Err(_) => break,
            }
        }
        Err(pcsc::Error::UnsupportedCard)
    }

    /// Whether the card is still in the reader and this connection still valid.
    pub fn is_present(&self) -> Result<(), PcscError> {
        self.card
            .status2_len()
            .map(|_| ())
            .map_err(|e| PcscError::from_pcsc("card status", &self.reader, e))
    }

    /// Ends the connection; `reset` asks the reader to reset the card (ending any session).
    pub fn disconnect(self, reset: bool) -> Result<(), PcscError> {
        let disposition = if reset {
            pcsc::Disposition::ResetCard
        } else {
            pcsc::Disposition::LeaveCard
        };
        let reader = self.reader;
        self.card
            .disconnect(disposition)
            .map_err(|(_, e)| PcscError::from_pcsc("disconnect", &reader, e))
    }
}

impl Card {
    /// After a failed exchange: `Some(error)` once pcscd reports the card removed (the card
    /// handle's status, or the reader's state turning empty or to another card), `None` if
    /// the card is still there when [`REMOVAL_WAIT`] ends. Waits on the reader's state
    /// (`SCardGetStatusChange`), so it returns as soon as pcscd notices.
    fn diagnose_lost_card(&self) -> Option<PcscError> {
        let reader = self.reader.as_str();
        let name = std::ffi::CString::new(reader).ok()?;
        let mut state = [pcsc::ReaderState::new(name, pcsc::State::UNAWARE)];
        let start = Instant::now();
        loop {
            if let Err(e) = self.card.status2_len() {
                return Some(PcscError::from_pcsc("card status", reader, e));
            }
            let left = REMOVAL_WAIT.saturating_sub(start.elapsed());
            if left.is_zero() {
                return None;
            }
            // With UNAWARE the first call answers at once; later ones wait for a change.
            match self
                .context
                .get_status_change(Some(left.min(REMOVAL_SLICE)), &mut state)
            {
                Ok(()) => {
                    let [s] = &mut state;
                    if let Some(gone) = gone(s.event_state(), reader) {
                        return Some(gone);
                    }
                    s.sync_current_state();
                }
                Err(pcsc::Error::Timeout) => {}
                Err(e) => return Some(PcscError::from_pcsc("card status", reader, e)),
            }
        }
    }
}

/// What a reader state says about the card this handle was connected to: removed when the
/// reader is empty, the reader gone when it is unknown or unavailable, `None` otherwise.
fn gone(state: pcsc::State, reader: &str) -> Option<PcscError> {
    if state.intersects(pcsc::State::UNKNOWN | pcsc::State::UNAVAILABLE) {
        Some(PcscError::ReaderUnavailable(reader.to_owned()))
    } else if state.contains(pcsc::State::EMPTY) {
        Some(PcscError::CardRemoved)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pcsc::State;

    #[test]
    fn reader_states_after_a_failed_exchange_are_classified() {
        let r = "Virtual PCD 00 00";
        assert_eq!(
            gone(State::EMPTY | State::CHANGED, r),
            Some(PcscError::CardRemoved)
        );
        assert_eq!(
            gone(State::UNKNOWN | State::CHANGED, r),
            Some(PcscError::ReaderUnavailable(r.into()))
        );
        assert_eq!(
            gone(State::UNAVAILABLE, r),
            Some(PcscError::ReaderUnavailable(r.into()))
        );
        // A card still in the reader (the same or a new one) is decided by the card
        // handle's own status, not by the reader state.
        assert_eq!(gone(State::PRESENT | State::INUSE, r), None);
        assert_eq!(gone(State::PRESENT | State::CHANGED, r), None);
    }
}
