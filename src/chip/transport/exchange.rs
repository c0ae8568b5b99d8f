//! The transport rules below secure messaging (ISO/IEC 7816-3 §12.2, ISO/IEC 7816-4 §5.1.3
//! and §5.3.2): counting what crosses the channel, GET RESPONSE on 61xx, re-sending with the
//! exact Le on 6Cxx, and splitting long command data into a command chain.

use crate::chip::transport::apdu::{CommandApdu, Ne};
use crate::chip::{CardChannel, ChipError, StatusWord};

/// The most GET RESPONSE commands one exchange may take before it is given up.
const MAX_GET_RESPONSE: usize = 512;

/// What crossed the channel: APDUs sent and bytes in each direction (status words included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// Command APDUs transmitted (GET RESPONSE and re-sends included).
    pub apdus: usize,
    /// Bytes of all command APDUs.
    pub bytes_sent: usize,
    /// Bytes of all response APDUs.
    pub bytes_received: usize,
}

impl Counters {
    /// What was counted since `earlier`.
    pub fn since(&self, earlier: &Counters) -> Counters {
        Counters {
            apdus: self.apdus.saturating_sub(earlier.apdus),
            bytes_sent: self.bytes_sent.saturating_sub(earlier.bytes_sent),
            bytes_received: self.bytes_received.saturating_sub(earlier.bytes_received),
        }
    }
}

/// A card channel with counters and the ISO/IEC 7816 transport rules.
#[derive(Debug)]
pub struct Transport<C> {
    channel: C,
    counters: Counters,
}

fn status_of(raw: &[u8]) -> Option<StatusWord> {
    match raw {
        [.., sw1, sw2] => Some(StatusWord::new(*sw1, *sw2)),
        _ => None,
    }
}

impl<C: CardChannel> Transport<C> {
    /// Wraps `channel`.
    pub fn new(channel: C) -> Self {
        Transport {
            channel,
            counters: Counters::default(),
        }
    }

    /// What has crossed the channel so far.
    pub fn counters(&self) -> Counters {
        self.counters
    }

    /// The channel.
    pub fn channel(&self) -> &C {
        &self.channel
    }

    /// The channel, mutably.
    pub fn channel_mut(&mut self) -> &mut C {
        &mut self.channel
    }

    /// Gives the channel back.
    pub fn into_inner(self) -> C {
        self.channel
    }

    /// Transmits raw bytes once, counting them.
    pub fn send(&mut self, bytes: &[u8]) -> Result<Vec<u8>, ChipError> {
        self.counters.apdus = self.counters.apdus.saturating_add(1);
        self.counters.bytes_sent = self.counters.bytes_sent.saturating_add(bytes.len());
        let raw = self.channel.transmit(bytes)?;
        self.counters.bytes_received = self.counters.bytes_received.saturating_add(raw.len());
        Ok(raw)
    }

    /// Sends `cmd` and returns the whole raw response: re-sent once with the exact Le on
    /// 6Cxx, and completed by GET RESPONSE while the card answers 61xx.
    pub fn transceive(&mut self, cmd: &CommandApdu) -> Result<Vec<u8>, ChipError> {
        let mut raw = self.send(&cmd.encode()?)?;
        if let Some(exact) = status_of(&raw).and_then(StatusWord::exact_length)
            && cmd.le.is_some()
        {
            let again = CommandApdu {
                le: Some(Ne::UpTo(exact)),
                ..cmd.clone()
            };
            raw = self.send(&again.encode()?)?;
        }
        let mut rounds = 0;
        while let Some(n) = status_of(&raw).and_then(StatusWord::bytes_available) {
            rounds += 1;
            if rounds > MAX_GET_RESPONSE {
                return Err(ChipError::ResponseTruncated { len: raw.len() });
            }
            raw.truncate(raw.len().saturating_sub(2));
            let get = CommandApdu::new(cmd.cla & 0x03, 0xC0, 0x00, 0x00).with_le(n);
            let more = self.send(&get.encode()?)?;
            raw.extend_from_slice(&more);
        }
        Ok(raw)
    }
}

/// Splits `cmd` into a command chain (ISO/IEC 7816-4 §5.3.3): pieces of at most `max_data`
/// bytes, every one but the last with CLA bit b5 (0x10) set and no Le.
pub fn chain(cmd: &CommandApdu, max_data: usize) -> Vec<CommandApdu> {
    let max_data = max_data.max(1);
    if cmd.data.len() <= max_data {
        return vec![cmd.clone()];
    }
    let pieces: Vec<&[u8]> = cmd.data.chunks(max_data).collect();
    let last = pieces.len().saturating_sub(1);
    pieces
        .into_iter()
        .enumerate()
        .map(|(i, piece)| CommandApdu {
            cla: if i < last { cmd.cla | 0x10 } else { cmd.cla },
            ins: cmd.ins,
            p1: cmd.p1,
            p2: cmd.p2,
            data: piece.to_vec(),
            le: if i < last { None } else { cmd.le },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::ChannelError;

    /// A card that answers from a script and records what it was sent.
    struct Script {
        answers: Vec<Vec<u8>>,
        sent: Vec<Vec<u8>>,
    }

    impl CardChannel for Script {
        fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
            self.sent.push(command.to_vec());
            if self.answers.is_empty() {
                return Err(ChannelError::CardRemoved);
            }
            Ok(self.answers.remove(0))
        }
    }

    #[test]
    fn get_response_and_exact_le() {
        let script = Script {
            answers: vec![
                vec![0x6C, 0x05],
                vec![1, 2, 0x61, 0x03],
                vec![3, 4, 5, 0x90, 0x00],
            ],
            sent: vec![],
        };
        let mut t = Transport::new(script);
        let cmd = CommandApdu::new(0x00, 0xB0, 0, 0).with_le(0x10);
        let raw = t.transceive(&cmd).unwrap();
        assert_eq!(raw, vec![1, 2, 3, 4, 5, 0x90, 0x00]);
        let sent = &t.channel().sent;
        assert_eq!(sent[0], vec![0x00, 0xB0, 0, 0, 0x10]);
        assert_eq!(sent[1], vec![0x00, 0xB0, 0, 0, 0x05]);
        assert_eq!(sent[2], vec![0x00, 0xC0, 0, 0, 0x03]);
        assert_eq!(
            t.counters(),
            Counters {
                apdus: 3,
                bytes_sent: 15,
                bytes_received: 11
            }
        );
    }

    #[test]
    fn endless_get_response_is_cut_and_removal_reported() {
        let script = Script {
            answers: vec![vec![0x61, 0x01]; MAX_GET_RESPONSE + 5],
            sent: vec![],
        };
        let mut t = Transport::new(script);
        let cmd = CommandApdu::new(0, 0xCA, 0, 0).with_le(1);
        assert!(matches!(
            t.transceive(&cmd),
            Err(ChipError::ResponseTruncated { .. })
        ));
        let mut t = Transport::new(Script {
            answers: vec![],
            sent: vec![],
        });
        assert_eq!(
            t.transceive(&cmd),
            Err(ChipError::Channel(ChannelError::CardRemoved))
        );
    }

    #[test]
    fn chaining_splits_and_marks() {
        let cmd = CommandApdu::new(0x00, 0x2A, 0x00, 0xBE)
            .with_data(vec![9u8; 600])
            .with_le(256);
        let parts = chain(&cmd, 255);
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0].cla, 0x10);
        assert_eq!(parts[0].le, None);
        assert_eq!(parts[1].data.len(), 255);
        assert_eq!(parts[2].cla, 0x00);
        assert_eq!(parts[2].data.len(), 90);
        assert_eq!(parts[2].le, Some(Ne::UpTo(256)));
        assert_eq!(chain(&cmd, 1000), vec![cmd]);
    }
}
