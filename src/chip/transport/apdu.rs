//! Command and response APDUs: encoding and parsing of short and extended Lc/Le fields
//! (ISO/IEC 7816-3 §12.1, ISO/IEC 7816-4 §5.1 cases 1, 2S/2E, 3S/3E, 4S/4E), and Ne, what a
//! command asks the chip to answer with.

use crate::chip::{ChipError, StatusWord};

/// The largest Ne a short Le field can ask for (Le = 00).
pub const SHORT_NE_MAX: usize = 256;
/// The largest Ne an extended Le field can ask for (Le = 0000).
pub const EXTENDED_NE_MAX: usize = 65536;

/// Ne, the number of response data bytes a command asks for (ISO/IEC 7816-4 §5.1: "Ne
/// denotes the maximum number of bytes expected in the response data field").
///
/// A command whose answer length is known asks for exactly that (`UpTo`): READ BINARY of a
/// known size, GET CHALLENGE 8. A command whose answer length depends on the chip (GENERAL
/// AUTHENTICATE, a signature) asks for [`Ne::Max`], whatever the chip has: `00` in a short
/// command, `00 00` in an extended one. `UpTo(256)` in an extended command is `01 00` and
/// asks for at most 256 bytes, which a chip with a longer answer refuses or truncates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ne {
    /// At most this many bytes (1..=65536).
    UpTo(usize),
    /// As many as the chip has: the largest Ne the command's encoding can carry.
    Max,
}

impl Ne {
    /// The number of bytes this Ne allows in a short (`extended` false) or extended command.
    pub fn bytes(self, extended: bool) -> usize {
        match self {
            Ne::UpTo(n) => n,
            Ne::Max if extended => EXTENDED_NE_MAX,
            Ne::Max => SHORT_NE_MAX,
        }
    }

    /// Whether this Ne can only be encoded in an extended Le field.
    pub fn needs_extended(self) -> bool {
        matches!(self, Ne::UpTo(n) if n > SHORT_NE_MAX)
    }
}

/// A command APDU before encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandApdu {
    /// Class byte.
    pub cla: u8,
    /// Instruction byte.
    pub ins: u8,
    /// Parameter 1.
    pub p1: u8,
    /// Parameter 2.
    pub p2: u8,
    /// The command data field (empty when there is none).
    pub data: Vec<u8>,
    /// Ne, the response data the command asks for; `None` for no Le field (Ne = 0).
    pub le: Option<Ne>,
}

impl CommandApdu {
    /// A command with header only.
    pub fn new(cla: u8, ins: u8, p1: u8, p2: u8) -> Self {
        CommandApdu {
            cla,
            ins,
            p1,
            p2,
            data: Vec::new(),
            le: None,
        }
    }

    /// Sets the command data.
    pub fn with_data(mut self, data: impl Into<Vec<u8>>) -> Self {
        self.data = data.into();
        self
    }

    /// Asks for at most `le` response bytes (1..=65536; 256 encodes as `00` in a short
    /// command and as `01 00` in an extended one, 65536 as extended `00 00`): for answers of
    /// a known length.
    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(Ne::UpTo(le));
        self
    }

    /// Asks for whatever the chip has ([`Ne::Max`]): `00` short, `00 00` extended.
    pub fn with_max_le(mut self) -> Self {
        self.le = Some(Ne::Max);
        self
    }

    /// The Ne this command asks for as a number of bytes, in the encoding it ends up with
    /// (0 without a Le field).
    pub fn ne_bytes(&self) -> usize {
        self.le.map_or(0, |ne| ne.bytes(self.needs_extended()))
    }

    /// Whether the encoding needs extended length fields.
    pub fn needs_extended(&self) -> bool {
        self.data.len() > 255 || self.le.is_some_and(Ne::needs_extended)
    }

    /// Encodes with short length fields where they suffice, extended otherwise.
    pub fn encode(&self) -> Result<Vec<u8>, ChipError> {
        self.encode_as(self.needs_extended())
    }

    /// Encodes with extended length fields when `extended` is true (or needed).
    pub fn encode_as(&self, extended: bool) -> Result<Vec<u8>, ChipError> {
        let extended = extended || self.needs_extended();
        if self.data.len() > 65535 {
            return Err(ChipError::BadCommand(
                "command data longer than 65535 bytes",
            ));
        }
        if let Some(Ne::UpTo(le)) = self.le
            && !(1..=EXTENDED_NE_MAX).contains(&le)
        {
            return Err(ChipError::BadCommand("Le outside 1..=65536"));
        }
        let mut out = Vec::with_capacity(self.data.len() + 9);
        out.extend_from_slice(&[self.cla, self.ins, self.p1, self.p2]);
        let lc = self.data.len();
        if extended {
            if lc > 0 || self.le.is_some() {
                out.push(0x00);
            }
            if lc > 0 {
                out.extend_from_slice(&(lc as u16).to_be_bytes());
                out.extend_from_slice(&self.data);
            }
            if let Some(ne) = self.le {
                // 65536 encodes as 0000 (ISO/IEC 7816-3 §12.1.3).
                let le = ne.bytes(true) % EXTENDED_NE_MAX;
                out.extend_from_slice(&(le as u16).to_be_bytes());
            }
        } else {
            if lc > 0 {
                out.push(lc as u8);
                out.extend_from_slice(&self.data);
            }
            if let Some(ne) = self.le {
                out.push((ne.bytes(false) % SHORT_NE_MAX) as u8);
            }
        }
        Ok(out)
    }

    /// Parses an encoded command APDU; returns it and whether it used extended lengths.
    pub fn parse(bytes: &[u8]) -> Result<(CommandApdu, bool), ChipError> {
        let malformed = |what| ChipError::MalformedCommand(what);
        let [cla, ins, p1, p2, body @ ..] = bytes else {
            return Err(malformed("shorter than the 4-byte header"));
        };
        let mut cmd = CommandApdu::new(*cla, *ins, *p1, *p2);
        let extended = match body {
            [] => false,
            // Case 2S.
            [le] => {
                cmd.le = Some(ne_short(*le));
                false
            }
            [0x00, rest @ ..] if rest.len() >= 2 => {
                // Extended: 00 then either Le (2E) or Lc (3E/4E).
                match rest {
                    [a, b] => cmd.le = Some(ne_ext(*a, *b)),
                    [a, b, tail @ ..] => {
                        let lc = usize::from(u16::from_be_bytes([*a, *b]));
                        if lc == 0 {
                            return Err(malformed("extended Lc of zero"));
                        }
                        let data = tail.get(..lc).ok_or(malformed("data shorter than Lc"))?;
                        cmd.data = data.to_vec();
                        match tail.get(lc..).unwrap_or_default() {
                            [] => {}
                            [a, b] => cmd.le = Some(ne_ext(*a, *b)),
                            _ => return Err(malformed("bytes after the extended Le field")),
                        }
                    }
                    _ => return Err(malformed("truncated extended length")),
                }
                true
            }
            [lc, tail @ ..] => {
                let lc = usize::from(*lc);
                if lc == 0 {
                    return Err(malformed("short Lc of zero"));
                }
                let data = tail.get(..lc).ok_or(malformed("data shorter than Lc"))?;
                cmd.data = data.to_vec();
                match tail.get(lc..).unwrap_or_default() {
                    [] => {}
                    [le] => cmd.le = Some(ne_short(*le)),
                    _ => return Err(malformed("bytes after the short Le field")),
                }
                false
            }
        };
        Ok((cmd, extended))
    }
}

/// A short Le field: `00` asks for the largest Ne, 256. A parsed command carries Ne as the
/// number of bytes it asked for; [`Ne::Max`] is the sender's notion.
fn ne_short(b: u8) -> Ne {
    Ne::UpTo(if b == 0 { SHORT_NE_MAX } else { usize::from(b) })
}

/// An extended Le field: `00 00` asks for the largest Ne, 65536.
fn ne_ext(a: u8, b: u8) -> Ne {
    Ne::UpTo(match u16::from_be_bytes([a, b]) {
        0 => EXTENDED_NE_MAX,
        n => usize::from(n),
    })
}

/// A response APDU: data field and status word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseApdu {
    /// The response data field.
    pub data: Vec<u8>,
    /// SW1 SW2.
    pub sw: StatusWord,
}

impl ResponseApdu {
    /// Splits raw response bytes into data and status word.
    pub fn parse(mut bytes: Vec<u8>) -> Result<ResponseApdu, ChipError> {
        let len = bytes.len();
        let split = len
            .checked_sub(2)
            .ok_or(ChipError::ResponseTruncated { len })?;
        let sw = match bytes.get(split..) {
            Some(&[sw1, sw2]) => StatusWord::new(sw1, sw2),
            _ => return Err(ChipError::ResponseTruncated { len }),
        };
        bytes.truncate(split);
        Ok(ResponseApdu { data: bytes, sw })
    }

    /// Encodes data followed by the status word.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.data.len() + 2);
        out.extend_from_slice(&self.data);
        out.extend_from_slice(&self.sw.to_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn all_cases_encode_and_parse() {
        let cases: Vec<(CommandApdu, &str, bool)> = vec![
            (CommandApdu::new(0, 0x84, 0, 0), "00840000", false),
            (
                CommandApdu::new(0, 0x84, 0, 0).with_le(8),
                "0084000008",
                false,
            ),
            (
                CommandApdu::new(0, 0xB0, 0, 0).with_le(256),
                "00B0000000",
                false,
            ),
            (
                CommandApdu::new(0, 0xA4, 2, 0x0C).with_data(hex("011E")),
                "00A4020C02011E",
                false,
            ),
            (
                CommandApdu::new(0, 0x82, 0, 0)
                    .with_data(hex("AABB"))
                    .with_le(0x28),
                "0082000002AABB28",
                false,
            ),
            (
                CommandApdu::new(0, 0xB0, 0x9E, 0).with_le(65536),
                "00B09E00000000",
                true,
            ),
            (
                CommandApdu::new(0, 0xB0, 0, 0).with_le(257),
                "00B00000000101",
                true,
            ),
        ];
        for (cmd, enc, ext) in cases {
            assert_eq!(hex::encode_upper(cmd.encode().unwrap()), enc);
            let (back, was_ext) = CommandApdu::parse(&hex(enc)).unwrap();
            assert_eq!(back, cmd);
            assert_eq!(was_ext, ext);
        }
        // Case 3E and 4E with 300 data bytes.
        let big = CommandApdu::new(0, 0xDA, 0, 0).with_data(vec![7u8; 300]);
        let enc = big.encode().unwrap();
        assert_eq!(&enc[4..7], &[0x00, 0x01, 0x2C]);
        assert_eq!(CommandApdu::parse(&enc).unwrap(), (big.clone(), true));
        let big4 = big.with_le(65536);
        let enc = big4.encode().unwrap();
        assert_eq!(&enc[enc.len() - 2..], &[0, 0]);
        assert_eq!(CommandApdu::parse(&enc).unwrap(), (big4, true));
        // Forced extended for a small command.
        let small = CommandApdu::new(0, 0xB0, 0, 0).with_le(4);
        assert_eq!(
            hex::encode_upper(small.encode_as(true).unwrap()),
            "00B00000000004"
        );
    }

    /// "Whatever the chip has" is 00 in a short command and 00 00 in an extended one; an
    /// exact 256 stays 256 (01 00) when the data makes the command extended. The 264-byte
    /// GENERAL AUTHENTICATE of PACE with DH group 2 asked "at most 256" that way.
    #[test]
    fn maximal_ne_follows_the_encoding() {
        let short = CommandApdu::new(0, 0x86, 0, 0)
            .with_data(vec![1; 10])
            .with_max_le();
        assert_eq!(short.encode().unwrap().last(), Some(&0x00));
        assert_eq!(short.ne_bytes(), 256);
        let long = CommandApdu::new(0, 0x86, 0, 0)
            .with_data(vec![1; 264])
            .with_max_le();
        let enc = long.encode().unwrap();
        assert_eq!(&enc[4..7], &[0x00, 0x01, 0x08]);
        assert_eq!(&enc[enc.len() - 2..], &[0x00, 0x00]);
        assert_eq!(long.ne_bytes(), 65536);
        let exact = long.clone().with_le(256);
        let enc = exact.encode().unwrap();
        assert_eq!(&enc[enc.len() - 2..], &[0x01, 0x00]);
        assert_eq!(exact.ne_bytes(), 256);
        assert_eq!(
            hex::encode_upper(short.encode_as(true).unwrap()),
            format!("{}{}{}", "0086000000000A", "01".repeat(10), "0000")
        );
        assert!(!short.needs_extended() && long.needs_extended());
        // Parsed, a maximal Ne is the number of bytes it asks for.
        let (back, ext) = CommandApdu::parse(&long.encode().unwrap()).unwrap();
        assert_eq!((back.le, ext), (Some(Ne::UpTo(65536)), true));
        assert!(CommandApdu::new(0, 0, 0, 0).with_le(257).needs_extended());
    }

    #[test]
    fn bad_commands() {
        assert!(CommandApdu::new(0, 0, 0, 0).with_le(0).encode().is_err());
        assert!(
            CommandApdu::new(0, 0, 0, 0)
                .with_le(65537)
                .encode()
                .is_err()
        );
        assert!(
            CommandApdu::new(0, 0, 0, 0)
                .with_data(vec![0; 65536])
                .encode()
                .is_err()
        );
        for bad in [
            "00A4",
            "00A4020C05011E",
            "00A4020C02011E0000",
            "00B0000000010203",
            "00B000000000",
        ] {
            assert!(CommandApdu::parse(&hex(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn responses() {
        let r = ResponseApdu::parse(hex("60145F019000")).unwrap();
        assert_eq!(r.data, hex("60145F01"));
        assert!(r.sw.is_success());
        assert_eq!(r.to_bytes(), hex("60145F019000"));
        assert!(matches!(
            ResponseApdu::parse(vec![0x90]),
            Err(ChipError::ResponseTruncated { len: 1 })
        ));
        assert!(ResponseApdu::parse(vec![]).is_err());
    }
}
