//! Dates in the optional data groups (ICAO 9303-10 §4.7.11-4.7.16): YYYYMMDD as ASCII
//! digits or as 4 BCD bytes, with unknown parts filled ('<', '0' or spaces), and the
//! YYYYMMDDhhmmss personalization time.

use serde::Serialize;

/// A date whose year, month or day may be unknown ("19XX0000", "1975<<<<", "19750000").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartialDate {
    /// The characters as read, fillers included: 8 when well formed. ASCII bytes map to
    /// one character each and BCD nibbles to '0'-'9' or 'A'-'F', so [`PartialDate::encode`]
    /// gives back exactly the bytes read.
    pub digits: String,
    /// Whether the chip stored the date as BCD rather than ASCII.
    pub bcd: bool,
    /// The year, when all four of its digits are known.
    pub year: Option<u16>,
    /// The month, when known and 1..=12.
    pub month: Option<u8>,
    /// The day, when known and 1..=31.
    pub day: Option<u8>,
}

impl PartialDate {
    /// Reads a date field: 4 bytes that are not ASCII digits are BCD, anything else ASCII.
    pub fn parse(bytes: &[u8]) -> Self {
        let bcd = bytes.len() == 4 && !bytes.iter().all(u8::is_ascii_graphic);
        let digits = if bcd {
            bcd_digits(bytes)
        } else {
            latin1(bytes)
        };
        Self::from_digits(digits, bcd)
    }

    /// A date from its ASCII digits (fillers allowed), stored as ASCII.
    pub fn ascii(digits: &str) -> Self {
        Self::from_digits(digits.to_string(), false)
    }

    /// A date from its digits, stored as BCD.
    pub fn bcd(digits: &str) -> Self {
        Self::from_digits(digits.to_string(), true)
    }

    fn from_digits(digits: String, bcd: bool) -> Self {
        let part = |from: usize, to: usize| digits.get(from..to).and_then(number);
        let year = part(0, 4)
            .and_then(|y| u16::try_from(y).ok())
            .filter(|&y| y > 0);
        let month = part(4, 6)
            .and_then(|m| u8::try_from(m).ok())
            .filter(|m| (1..=12).contains(m));
        let day = part(6, 8)
            .and_then(|d| u8::try_from(d).ok())
            .filter(|d| (1..=31).contains(d));
        PartialDate {
            digits,
            bcd,
            year,
            month,
            day,
        }
    }

    /// The bytes to store: the ASCII digits, or BCD when the date was BCD.
    pub fn encode(&self) -> Vec<u8> {
        if self.bcd {
            bcd_bytes(&self.digits)
        } else {
            unlatin1(&self.digits)
        }
    }

    /// Whether year, month and day are all known.
    pub fn is_complete(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }
}

/// The personalization time of DG12 (tag 5F55): YYYYMMDDhhmmss, ASCII or BCD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timestamp {
    /// The date part.
    pub date: PartialDate,
    /// The digits of the time part ("hhmmss"), as read.
    pub time: String,
}

impl Timestamp {
    /// Reads 14 ASCII digits or 7 BCD bytes.
    pub fn parse(bytes: &[u8]) -> Self {
        let bcd = bytes.len() == 7 && !bytes.iter().all(u8::is_ascii_graphic);
        let all = if bcd {
            bcd_digits(bytes)
        } else {
            latin1(bytes)
        };
        let split = all.char_indices().nth(8).map_or(all.len(), |(i, _)| i);
        let (d, t) = all.split_at(split);
        Timestamp {
            date: PartialDate::from_digits(d.to_string(), bcd),
            time: t.to_string(),
        }
    }

    /// The bytes to store, in the encoding the date part records.
    pub fn encode(&self) -> Vec<u8> {
        let all = format!("{}{}", self.date.digits, self.time);
        if self.date.bcd {
            bcd_bytes(&all)
        } else {
            unlatin1(&all)
        }
    }
}

fn number(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Each byte as the character of the same code (lossless for any bytes).
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// The inverse of [`latin1`]; a character above U+00FF becomes '?'.
fn unlatin1(s: &str) -> Vec<u8> {
    s.chars().map(|c| u8::try_from(c).unwrap_or(b'?')).collect()
}

/// BCD bytes to characters: a digit nibble as '0'-'9', a filler nibble (A-F, usually F)
/// as 'A'-'F', so nothing is lost.
fn bcd_digits(bytes: &[u8]) -> String {
    let nibble = |n: u8| char::from_digit(u32::from(n), 16).map_or('F', |c| c.to_ascii_uppercase());
    bytes
        .iter()
        .flat_map(|&b| [nibble(b >> 4), nibble(b & 0x0F)])
        .collect()
}

/// Characters to BCD: '0'-'9' and 'A'-'F' as their nibble, anything else (e.g. '<') as the
/// filler nibble 0xF.
fn bcd_bytes(digits: &str) -> Vec<u8> {
    let nib = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0x0F,
    };
    digits
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            let hi = pair.first().map_or(0x0F, |&c| nib(c));
            let lo = pair.get(1).map_or(0x0F, |&c| nib(c));
            (hi << 4) | lo
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_and_partial_ascii_dates() {
        let d = PartialDate::parse(b"19711019");
        assert_eq!((d.year, d.month, d.day), (Some(1971), Some(10), Some(19)));
        assert!(d.is_complete() && !d.bcd);
        let d = PartialDate::parse(b"19750000");
        assert_eq!((d.year, d.month, d.day), (Some(1975), None, None));
        let d = PartialDate::parse(b"1975<<<<");
        assert_eq!((d.year, d.month, d.day), (Some(1975), None, None));
        let d = PartialDate::parse(b"19XX0000");
        assert_eq!((d.year, d.month, d.day), (None, None, None));
        assert_eq!(d.encode(), b"19XX0000");
        let d = PartialDate::parse(b"");
        assert_eq!(d.year, None);
    }

    #[test]
    fn bcd_dates() {
        let d = PartialDate::parse(&[0x20, 0x21, 0x03, 0x02]);
        assert!(d.bcd);
        assert_eq!(d.digits, "20210302");
        assert_eq!((d.year, d.month, d.day), (Some(2021), Some(3), Some(2)));
        assert_eq!(d.encode(), [0x20, 0x21, 0x03, 0x02]);
        let d = PartialDate::parse(&[0x19, 0x75, 0xFF, 0xFF]);
        assert_eq!(d.digits, "1975FFFF");
        assert_eq!((d.year, d.month, d.day), (Some(1975), None, None));
        assert_eq!(d.encode(), [0x19, 0x75, 0xFF, 0xFF]);
        assert_eq!(
            PartialDate::bcd("1975<<<<").encode(),
            [0x19, 0x75, 0xFF, 0xFF]
        );
    }

    /// Whatever bytes a date holds, encoding gives them back, so a re-read is identical
    /// (found by fuzzing: "20\0\0\t\n\n\n" once trimmed re-read as BCD).
    #[test]
    fn dates_keep_their_bytes() {
        for bytes in [
            &b"20\0\0\t\n\n\n"[..],
            b" 1975",
            &[0xFF, 0x00, 0x41],
            b"2021030",
        ] {
            let d = PartialDate::parse(bytes);
            assert_eq!(d.encode(), bytes);
            assert_eq!(PartialDate::parse(&d.encode()), d);
        }
        for bytes in [[0x1A, 0xB2, 0xC3, 0x0D], [0x20, 0x21, 0x13, 0x45]] {
            let d = PartialDate::parse(&bytes);
            assert!(d.bcd);
            assert_eq!(d.encode(), bytes);
        }
        let t = Timestamp::parse(&[0x20, 0x21, 0x03, 0x02, 0x14, 0x05, 0xAF]);
        assert_eq!(t.encode(), [0x20, 0x21, 0x03, 0x02, 0x14, 0x05, 0xAF]);
    }

    #[test]
    fn timestamps() {
        let t = Timestamp::parse(b"20210302140509");
        assert_eq!(t.date.year, Some(2021));
        assert_eq!(t.time, "140509");
        assert_eq!(t.encode(), b"20210302140509");
        let b = Timestamp::parse(&[0x20, 0x21, 0x03, 0x02, 0x14, 0x05, 0x09]);
        assert!(b.date.bcd);
        assert_eq!(b.time, "140509");
        assert_eq!(b.encode(), [0x20, 0x21, 0x03, 0x02, 0x14, 0x05, 0x09]);
        let short = Timestamp::parse("2021".as_bytes());
        assert_eq!(short.time, "");
    }
}
