//! Command and response APDUs: encoding and parsing of short and extended Lc/Le fields
//! (ISO/IEC 7816-3 §12.1, ISO/IEC 7816-4 §5.1 cases 1, 2S/2E, 3S/3E, 4S/4E).

use super::{ChipError, StatusWord};

/// The largest Ne a short Le field can ask for (Le = 00).
pub const SHORT_NE_MAX: usize = 256;
/// The largest Ne an extended Le field can ask for (Le = 0000).
pub const EXTENDED_NE_MAX: usize = 65536;

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
    /// Ne, the maximum number of response data bytes expected (1..=65536), if any.
    pub le: Option<usize>,
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

    /// Sets Ne (1..=65536; 256 encodes as short `00`, 65536 as extended `0000`).
    pub fn with_le(mut self, le: usize) -> Self {
        self.le = Some(le);
        self
    }

    /// Whether the encoding needs extended length fields.
    pub fn needs_extended(&self) -> bool {
        self.data.len() > 255 || self.le.is_some_and(|le| le > SHORT_NE_MAX)
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
        if let Some(le) = self.le
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
            if let Some(le) = self.le {
                // 65536 encodes as 0000 (ISO/IEC 7816-3 §12.1.3).
                out.extend_from_slice(&((le % EXTENDED_NE_MAX) as u16).to_be_bytes());
            }
        } else {
            if lc > 0 {
                out.push(lc as u8);
                out.extend_from_slice(&self.data);
            }
            if let Some(le) = self.le {
                out.push((le % SHORT_NE_MAX) as u8);
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

fn ne_short(b: u8) -> usize {
    if b == 0 { SHORT_NE_MAX } else { usize::from(b) }
}

fn ne_ext(a: u8, b: u8) -> usize {
    match u16::from_be_bytes([a, b]) {
        0 => EXTENDED_NE_MAX,
        n => usize::from(n),
    }
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
