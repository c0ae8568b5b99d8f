//! A hostile chip for the fuzz properties: it answers each command with the next
//! fuzzer-chosen response and counts the commands, so a property can bound them.

use crate::chip::{CardChannel, ChannelError};

/// A chip that answers each command with the next length-prefixed chunk of the fuzzer's input:
/// a length byte below 0xF0 is the length itself, 0xF0..=0xFF and one more byte give a length
/// up to 4095 (for answers longer than a short APDU, e.g. an RSA signature). When the input
/// runs out the card is gone. After `limit` commands every further one is refused too, and
/// [`Hostile::over_limit`] says so.
#[derive(Debug)]
pub(crate) struct Hostile<'a> {
    rest: &'a [u8],
    /// Commands received so far.
    pub(crate) commands: usize,
    limit: usize,
    over: bool,
    /// Every command received, when recording.
    pub(crate) sent: Option<Vec<Vec<u8>>>,
}

impl<'a> Hostile<'a> {
    /// A chip answering from `responses`, at most `limit` commands.
    pub(crate) fn new(responses: &'a [u8], limit: usize) -> Self {
        Hostile {
            rest: responses,
            commands: 0,
            limit,
            over: false,
            sent: None,
        }
    }

    /// Keeps every command received in [`Hostile::sent`] (the TA property, which needs the
    /// test PKI of the emulator feature, looks at them).
    #[cfg(any(test, feature = "emulator"))]
    pub(crate) fn recording(mut self) -> Self {
        self.sent = Some(Vec::new());
        self
    }

    /// Whether more commands were sent than the limit allows.
    pub(crate) fn over_limit(&self) -> bool {
        self.over
    }

    /// The next chunk, `None` when the input is used up.
    pub(crate) fn next_chunk(&mut self) -> Option<&'a [u8]> {
        let (&first, tail) = self.rest.split_first()?;
        let (n, tail) = if first < 0xF0 {
            (usize::from(first), tail)
        } else {
            let (&low, tail) = tail.split_first()?;
            ((usize::from(first & 0x0F) << 8) | usize::from(low), tail)
        };
        let (chunk, rest) = tail.split_at(n.min(tail.len()));
        self.rest = rest;
        Some(chunk)
    }
}

impl CardChannel for Hostile<'_> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        self.commands += 1;
        if self.commands > self.limit {
            self.over = true;
            return Err(ChannelError::CardRemoved);
        }
        if let Some(sent) = self.sent.as_mut() {
            sent.push(command.to_vec());
        }
        self.next_chunk()
            .map(<[u8]>::to_vec)
            .ok_or(ChannelError::CardRemoved)
    }
}

/// Encodes `chunk` in the [`Hostile`] input format (for seeds and tests).
#[cfg(test)]
pub(crate) fn encode_chunk(chunk: &[u8], out: &mut Vec<u8>) {
    let n = chunk.len().min(0xFFF);
    if n < 0xF0 {
        out.push(n as u8);
    } else {
        out.push(0xF0 | (n >> 8) as u8);
        out.push((n & 0xFF) as u8);
    }
    out.extend_from_slice(chunk.get(..n).unwrap_or_default());
}
