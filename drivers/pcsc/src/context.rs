//! The PC/SC context: list readers, wait for a card with a timeout, cancel the wait from
//! another thread, and connect to a reader's card.

use crate::card::Card;
use crate::error::PcscError;
use std::ffi::CString;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Longest single `SCardGetStatusChange` call while waiting; bounds how late a cancel that
/// races with the start of a call is noticed, and how soon a newly plugged reader is seen.
const WAIT_SLICE: Duration = Duration::from_millis(250);

/// A connection to the PC/SC service (`SCardEstablishContext`, user scope).
pub struct Pcsc {
    context: pcsc::Context,
    cancelled: Arc<AtomicBool>,
}

/// Cancels a [`Pcsc::wait_for_card`] running on another thread (`SCardCancel`).
///
/// A cancel stays in force until [`Pcsc::reset_cancel`]: a wait started after the cancel
/// returns [`PcscError::Cancelled`] at once.
#[derive(Clone)]
pub struct CancelHandle {
    context: pcsc::Context,
    cancelled: Arc<AtomicBool>,
}

impl CancelHandle {
    /// Cancels the current and any later wait on the context.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        // An error here only means no call was blocked; the flag still stops the next one.
        let _ = self.context.cancel();
    }
}

impl Pcsc {
    /// Connects to the PC/SC service.
    pub fn establish() -> Result<Self, PcscError> {
        let context = pcsc::Context::establish(pcsc::Scope::User)
            .map_err(|e| PcscError::from_pcsc("establish context", "", e))?;
        Ok(Pcsc {
            context,
            cancelled: Arc::new(AtomicBool::new(false)),
        })
    }

    /// A handle that cancels waits on this context from any thread.
    pub fn cancel_handle(&self) -> CancelHandle {
        CancelHandle {
            context: self.context.clone(),
            cancelled: Arc::clone(&self.cancelled),
        }
    }

    /// Clears an earlier cancel so the context can wait again.
    pub fn reset_cancel(&self) {
        self.cancelled.store(false, Ordering::SeqCst);
    }

    /// The names of the readers known to the service; empty when there are none.
    pub fn readers(&self) -> Result<Vec<String>, PcscError> {
        match self.context.list_readers_owned() {
            Ok(names) => Ok(names
                .into_iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect()),
            Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
            Err(e) => Err(PcscError::from_pcsc("list readers", "", e)),
        }
    }

    /// The readers that hold a card right now, with the card's ATR.
    pub fn readers_with_card(&self) -> Result<Vec<(String, Vec<u8>)>, PcscError> {
        let names = self.readers()?;
        let mut states = reader_states(&names)?;
        if states.is_empty() {
            return Ok(Vec::new());
        }
        self.snapshot(&mut states, "")?;
        Ok(present(&states))
    }

    /// Waits until a card is in `reader` (or, when `None`, in any reader) and returns the
    /// reader's name. Readers plugged in during the wait are picked up.
    ///
    /// `timeout` `None` waits forever (until cancelled). Errors: [`PcscError::Timeout`],
    /// [`PcscError::Cancelled`], [`PcscError::NoService`].
    pub fn wait_for_card(
        &self,
        reader: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<String, PcscError> {
        let deadline = timeout.map(|t| Instant::now().checked_add(t));
        loop {
            if self.cancelled.load(Ordering::SeqCst) {
                return Err(PcscError::Cancelled);
            }
            let slice = match deadline {
                None | Some(None) => WAIT_SLICE,
                Some(Some(at)) => {
                    let left = at.saturating_duration_since(Instant::now());
                    left.min(WAIT_SLICE)
                }
            };
            let names: Vec<String> = self
                .readers()?
                .into_iter()
                .filter(|n| reader.is_none_or(|want| want == n))
                .collect();
            let mut states = reader_states(&names)?;
            if !states.is_empty() {
                // With UNAWARE the call reports the current state at once.
                self.snapshot(&mut states, reader.unwrap_or(""))?;
                if let Some((name, _)) = present(&states).into_iter().next() {
                    return Ok(name);
                }
                for state in &mut states {
                    state.sync_current_state();
                }
            }
            let timed_out = slice.is_zero();
            if timed_out {
                return Err(PcscError::Timeout);
            }
            if states.is_empty() {
                // No matching reader yet: wait for a reader to be plugged in.
                states.push(pcsc::ReaderState::new(
                    pcsc::PNP_NOTIFICATION(),
                    pcsc::State::UNAWARE,
                ));
                self.snapshot(&mut states, "")?;
                for state in &mut states {
                    state.sync_current_state();
                }
            }
            match self.status_change(Some(slice), &mut states, reader.unwrap_or("")) {
                Ok(()) | Err(PcscError::Timeout) => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Connects to the card in `reader`: shared access, T=1 or T=0 as the card offers.
    pub fn connect(&self, reader: &str) -> Result<Card, PcscError> {
        let name =
            CString::new(reader).map_err(|_| PcscError::ReaderUnavailable(reader.to_owned()))?;
        let card = self
            .context
            .connect(&name, pcsc::ShareMode::Shared, pcsc::Protocols::ANY)
            .map_err(|e| PcscError::from_pcsc("connect", reader, e))?;
        Card::new(card, self.context.clone(), reader.to_owned())
    }

    /// Fills in the current state of `states` (created UNAWARE) without waiting.
    fn snapshot(&self, states: &mut [pcsc::ReaderState], reader: &str) -> Result<(), PcscError> {
        match self.status_change(Some(Duration::ZERO), states, reader) {
            Ok(()) | Err(PcscError::Timeout) => Ok(()),
            Err(e) => Err(e),
        }
    }

    fn status_change(
        &self,
        timeout: Option<Duration>,
        states: &mut [pcsc::ReaderState],
        reader: &str,
    ) -> Result<(), PcscError> {
        match self.context.get_status_change(timeout, states) {
            Ok(()) => Ok(()),
            Err(pcsc::Error::Cancelled) if !self.cancelled.load(Ordering::SeqCst) => {
                // Cancelled by a handle that was reset meanwhile: treat as a spurious wake-up.
                Ok(())
            }
            Err(e) => Err(PcscError::from_pcsc("wait for card", reader, e)),
        }
    }
}

fn reader_states(names: &[String]) -> Result<Vec<pcsc::ReaderState>, PcscError> {
    names
        .iter()
        .map(|n| {
            CString::new(n.as_str())
                .map(|c| pcsc::ReaderState::new(c, pcsc::State::UNAWARE))
                .map_err(|_| PcscError::ReaderUnavailable(n.clone()))
        })
        .collect()
}

/// The readers whose state says a usable (present, not mute) card is in them.
fn present(states: &[pcsc::ReaderState]) -> Vec<(String, Vec<u8>)> {
    states
        .iter()
        .filter(|s| {
            let e = s.event_state();
            e.contains(pcsc::State::PRESENT)
                && !e.contains(pcsc::State::MUTE)
                && !e.intersects(pcsc::State::UNAVAILABLE | pcsc::State::IGNORE)
        })
        .map(|s| (s.name().to_string_lossy().into_owned(), s.atr().to_vec()))
        .collect()
}
