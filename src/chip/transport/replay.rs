//! Replaying a recorded APDU transcript (the JSON layout of the shared test vectors'
//! `transcripts/`) as a [`CardChannel`]: each command must equal the recorded one byte for
//! byte, and gets the recorded response. Also the recorded terminal randoms as an RNG.

use crate::chip::{CardChannel, ChannelError, ChipError};
use rand_core::{TryCryptoRng, TryRng};
use serde_json::Value;
use std::convert::Infallible;

/// One recorded command and its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The command APDU as sent.
    pub command: Vec<u8>,
    /// The response APDU as received, status word included.
    pub response: Vec<u8>,
}

/// A recorded session: its exchanges and the terminal randoms in the order drawn.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// The exchanges in order.
    pub exchanges: Vec<Exchange>,
    /// `inputs.terminal_randoms_in_order[*].value`, concatenated in order.
    pub terminal_randoms: Vec<u8>,
    /// The whole JSON document, for the test that replays it (inputs, expected values).
    pub json: Value,
}

fn hex_decode(s: &str) -> Result<Vec<u8>, ChipError> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return Err(ChipError::Transcript(format!("odd-length hex {s:?}")));
    }
    let digit = |c: u8| -> Result<u8, ChipError> {
        match c {
            b'0'..=b'9' => Ok(c - b'0'),
            b'a'..=b'f' => Ok(c - b'a' + 10),
            b'A'..=b'F' => Ok(c - b'A' + 10),
            _ => Err(ChipError::Transcript(format!(
                "bad hex digit {:?}",
                c as char
            ))),
        }
    };
    s.as_bytes()
        .chunks(2)
        .map(|p| match p {
            [a, b] => Ok(digit(*a)? << 4 | digit(*b)?),
            _ => Err(ChipError::Transcript("odd-length hex".into())),
        })
        .collect()
}

fn hex_field(v: &Value, key: &str) -> Result<Vec<u8>, ChipError> {
    let s = v
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| ChipError::Transcript(format!("missing hex field {key:?}")))?;
    hex_decode(s)
}

impl Transcript {
    /// Parses a transcript JSON document.
    pub fn from_json(text: &str) -> Result<Self, ChipError> {
        let json: Value =
            serde_json::from_str(text).map_err(|e| ChipError::Transcript(e.to_string()))?;
        let exchanges = json
            .get("exchanges")
            .and_then(Value::as_array)
            .ok_or_else(|| ChipError::Transcript("no \"exchanges\" array".into()))?
            .iter()
            .map(|e| {
                Ok(Exchange {
                    command: hex_field(e, "command")?,
                    response: hex_field(e, "response")?,
                })
            })
            .collect::<Result<Vec<_>, ChipError>>()?;
        let mut terminal_randoms = Vec::new();
        if let Some(list) = json
            .pointer("/inputs/terminal_randoms_in_order")
            .and_then(Value::as_array)
        {
            for r in list {
                terminal_randoms.extend(hex_field(r, "value")?);
            }
        }
        Ok(Transcript {
            exchanges,
            terminal_randoms,
            json,
        })
    }

    /// A channel that replays the exchanges.
    pub fn channel(&self) -> ReplayChannel {
        ReplayChannel::new(self.exchanges.clone())
    }

    /// The recorded terminal randoms as an RNG.
    pub fn randoms(&self) -> RecordedRandoms {
        RecordedRandoms::new(self.terminal_randoms.clone())
    }

    /// A hex string at a JSON pointer (e.g. `/expected/EF_COM`), decoded.
    pub fn hex_at(&self, pointer: &str) -> Result<Vec<u8>, ChipError> {
        let s = self
            .json
            .pointer(pointer)
            .and_then(Value::as_str)
            .ok_or_else(|| ChipError::Transcript(format!("no string at {pointer}")))?;
        hex_decode(s)
    }
}

/// A card that replays recorded exchanges and refuses any command that differs.
#[derive(Debug, Clone)]
pub struct ReplayChannel {
    exchanges: Vec<Exchange>,
    position: usize,
}

impl ReplayChannel {
    /// Replays `exchanges` in order.
    pub fn new(exchanges: Vec<Exchange>) -> Self {
        ReplayChannel {
            exchanges,
            position: 0,
        }
    }

    /// How many exchanges have been replayed.
    pub fn position(&self) -> usize {
        self.position
    }

    /// Whether every exchange has been replayed.
    pub fn is_finished(&self) -> bool {
        self.position == self.exchanges.len()
    }
}

impl CardChannel for ReplayChannel {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        let Some(ex) = self.exchanges.get(self.position) else {
            return Err(ChannelError::Transport(format!(
                "transcript ended after {} exchanges",
                self.position
            )));
        };
        if ex.command != command {
            return Err(ChannelError::Transport(format!(
                "command {} differs from the transcript's exchange {}: {}",
                hex_upper(command),
                self.position,
                hex_upper(&ex.command)
            )));
        }
        self.position += 1;
        Ok(ex.response.clone())
    }
}

fn hex_upper(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// Recorded terminal randoms served as an RNG, for replaying a transcript only: after the
/// recorded bytes run out it yields zero bytes and [`RecordedRandoms::exhausted`] turns true.
#[derive(Debug, Clone)]
pub struct RecordedRandoms {
    bytes: Vec<u8>,
    position: usize,
    exhausted: bool,
}

impl RecordedRandoms {
    /// Serves `bytes` in order.
    pub fn new(bytes: Vec<u8>) -> Self {
        RecordedRandoms {
            bytes,
            position: 0,
            exhausted: false,
        }
    }

    /// Whether more bytes were drawn than were recorded.
    pub fn exhausted(&self) -> bool {
        self.exhausted
    }

    /// Whether every recorded byte was drawn.
    pub fn all_used(&self) -> bool {
        self.position == self.bytes.len()
    }
}

impl TryRng for RecordedRandoms {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.try_fill_bytes(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.try_fill_bytes(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for d in dst.iter_mut() {
            match self.bytes.get(self.position) {
                Some(&b) => {
                    *d = b;
                    self.position += 1;
                }
                None => {
                    *d = 0;
                    self.exhausted = true;
                }
            }
        }
        Ok(())
    }
}

impl TryCryptoRng for RecordedRandoms {}

/// The `replay` fuzz property: any text as a transcript never panics; a transcript that
/// parses replays each recorded exchange exactly (its response for its command, a refusal
/// without moving on for any other command), and the terminal run the `verify replay`
/// command makes of it — PACE when the inputs carry EF.CardAccess, else BAC, with the
/// recorded randoms, then reading EF.COM — ends without a panic.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let t = match Transcript::from_json(text) {
        Ok(t) => t,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    let mut channel = t.channel();
    for (i, ex) in t.exchanges.iter().enumerate() {
        let mut other = ex.command.clone();
        other.push(0);
        assert!(
            channel.transmit(&other).is_err(),
            "exchange {i} took another command"
        );
        assert_eq!(channel.position(), i);
        assert_eq!(
            channel.transmit(&ex.command).ok().as_ref(),
            Some(&ex.response)
        );
    }
    assert!(channel.is_finished());
    assert!(channel.transmit(&[]).is_err());
    let _ = t.hex_at("/expected/EF_COM");

    // The library part of `verify replay`: authenticate, then read on.
    let password = match t
        .json
        .pointer("/inputs/password/type")
        .and_then(Value::as_str)
    {
        Some("CAN") => crate::chip::access::pace::PacePassword::Can(
            t.json
                .pointer("/inputs/password/value")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .as_bytes()
                .to_vec(),
        ),
        _ => crate::chip::access::pace::PacePassword::Mrz(b"L898902C<369080619406236".to_vec()),
    };
    let mut rng = t.randoms();
    let mut session = crate::chip::ChipSession::new(t.channel());
    let opened = match t.hex_at("/inputs/EF_CardAccess") {
        Ok(card_access) => {
            let Ok(infos) = crate::lds::parse_card_access(&card_access) else {
                return;
            };
            let Some(choice) = crate::chip::access::pace::supported_choices(&infos)
                .into_iter()
                .next()
            else {
                return;
            };
            session.run_pace(&choice, &password, &mut rng).is_ok()
        }
        Err(_) => match &password {
            crate::chip::access::pace::PacePassword::Mrz(m) => session.run_bac(m, &mut rng).is_ok(),
            _ => false,
        },
    };
    if opened {
        assert!(session.secure_messaging().is_some());
        let _ = session.read_file(crate::chip::FileId::Com);
    }
    assert!(session.channel().position() <= t.exchanges.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_mismatch() {
        assert_eq!(hex_decode("0aFF").unwrap(), vec![0x0A, 0xFF]);
        assert!(hex_decode("0").is_err());
        assert!(hex_decode("zz").is_err());
        let mut ch = ReplayChannel::new(vec![Exchange {
            command: vec![1],
            response: vec![0x90, 0],
        }]);
        assert!(matches!(ch.transmit(&[2]), Err(ChannelError::Transport(_))));
        assert_eq!(ch.transmit(&[1]).unwrap(), vec![0x90, 0]);
        assert!(ch.is_finished());
        assert!(ch.transmit(&[1]).is_err());
        assert!(Transcript::from_json("{}").is_err());
        assert!(Transcript::from_json("not json").is_err());
    }

    #[test]
    fn randoms_run_out_safely() {
        use rand_core::Rng;
        let mut r = RecordedRandoms::new(vec![1, 2, 3]);
        let mut b = [0u8; 5];
        r.fill_bytes(&mut b);
        assert_eq!(b, [1, 2, 3, 0, 0]);
        assert!(r.exhausted());
    }

    /// The committed seeds: the BAC run of ICAO 9303-11 Appendix D (its challenge, randoms
    /// and answer: the run opens a session), a CAN with EF.CardAccess, and two malformed ones.
    #[test]
    fn the_fuzz_seeds_hold() {
        let bac = r#"{"exchanges":[{"command":"0084000008","response":"4608F919887022129000"},{"command":"008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728","response":"46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D74499000"}],"inputs":{"terminal_randoms_in_order":[{"value":"781723860C06C226"},{"value":"0B795240CB7049B01C19B33E32804F0B"}]}}"#;
        let t = Transcript::from_json(bac).unwrap();
        let mut session = crate::chip::ChipSession::new(t.channel());
        session
            .run_bac(b"L898902C<369080619406236", &mut t.randoms())
            .unwrap();
        let seeds = [
            ("bac", bac),
            (
                "pace_can",
                r#"{"inputs":{"password":{"type":"CAN","value":"123456"},"EF_CardAccess":"31143012060A04007F0007020204020202010202010D"},"exchanges":[{"command":"0022C1A40F800A04007F0007020204020283010284010D","response":"9000"}]}"#,
            ),
            ("empty", r#"{"exchanges":[]}"#),
            (
                "bad_hex",
                r#"{"exchanges":[{"command":"0","response":"zz"}]}"#,
            ),
        ];
        for (name, seed) in seeds {
            fuzz_check(seed.as_bytes());
            crate::write_fuzz_seed("replay", &format!("seed_{name}.json"), seed.as_bytes());
        }
    }
}
