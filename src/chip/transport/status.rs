//! Status words (SW1 SW2) with their meaning per ISO/IEC 7816-4 §5.6 and the values ICAO
//! 9303-11 and BSI TR-03110 give them (63Cx retry counter, 6982, 6A82, 6700, 6Cxx, 61xx).

use std::fmt;

/// A status word as two bytes read big-endian, e.g. `0x9000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusWord(pub u16);

impl StatusWord {
    /// Normal processing.
    pub const SUCCESS: StatusWord = StatusWord(0x9000);
    /// End of file reached before reading Ne bytes (a warning: data is returned).
    pub const END_OF_FILE: StatusWord = StatusWord(0x6282);
    /// Wrong length (Lc or Le).
    pub const WRONG_LENGTH: StatusWord = StatusWord(0x6700);
    /// Security status not satisfied (e.g. reading a data group without secure messaging).
    pub const SECURITY_STATUS_NOT_SATISFIED: StatusWord = StatusWord(0x6982);
    /// Expected secure-messaging data objects missing.
    pub const SM_OBJECTS_MISSING: StatusWord = StatusWord(0x6987);
    /// Secure-messaging data objects incorrect.
    pub const SM_OBJECTS_INCORRECT: StatusWord = StatusWord(0x6988);
    /// File or application not found.
    pub const FILE_NOT_FOUND: StatusWord = StatusWord(0x6A82);
    /// Wrong parameters P1-P2: offset outside the EF.
    pub const OFFSET_OUTSIDE_EF: StatusWord = StatusWord(0x6B00);
    /// Instruction not supported.
    pub const INS_NOT_SUPPORTED: StatusWord = StatusWord(0x6D00);
    /// Command not allowed (no current EF).
    pub const NO_CURRENT_EF: StatusWord = StatusWord(0x6986);
    /// Authentication failed (no further information).
    pub const AUTHENTICATION_FAILED: StatusWord = StatusWord(0x6300);

    /// Builds a status word from SW1 and SW2.
    pub fn new(sw1: u8, sw2: u8) -> Self {
        StatusWord(u16::from_be_bytes([sw1, sw2]))
    }

    /// SW1.
    pub fn sw1(self) -> u8 {
        self.0.to_be_bytes()[0]
    }

    /// SW2.
    pub fn sw2(self) -> u8 {
        self.0.to_be_bytes()[1]
    }

    /// The two bytes as sent on the wire.
    pub fn to_bytes(self) -> [u8; 2] {
        self.0.to_be_bytes()
    }

    /// 9000.
    pub fn is_success(self) -> bool {
        self == Self::SUCCESS
    }

    /// 61xx: xx more bytes (0 = 256) wait for GET RESPONSE.
    pub fn bytes_available(self) -> Option<usize> {
        (self.sw1() == 0x61).then(|| ne_from_byte(self.sw2()))
    }

    /// 6Cxx: wrong Le; xx (0 = 256) is the exact length to ask for.
    pub fn exact_length(self) -> Option<usize> {
        (self.sw1() == 0x6C).then(|| ne_from_byte(self.sw2()))
    }

    /// 63Cx: verification failed, x tries left.
    pub fn retries_left(self) -> Option<u8> {
        (self.sw1() == 0x63 && self.sw2() & 0xF0 == 0xC0).then_some(self.sw2() & 0x0F)
    }

    /// What the status word means (ISO/IEC 7816-4 §5.6, Tables 5 and 6).
    pub fn meaning(self) -> String {
        if let Some(n) = self.bytes_available() {
            return format!("{n} more bytes available (GET RESPONSE)");
        }
        if let Some(n) = self.exact_length() {
            return format!("wrong Le; the exact length is {n}");
        }
        if let Some(n) = self.retries_left() {
            return format!("verification failed, {n} tries left");
        }
        let text = match self.0 {
            0x9000 => "success",
            0x6282 => "end of file reached before reading Le bytes",
            0x6283 => "selected file deactivated",
            0x6300 => "authentication failed",
            0x6581 => "memory failure",
            0x6700 => "wrong length",
            0x6881 => "logical channel not supported",
            0x6882 => "secure messaging not supported",
            0x6982 => "security status not satisfied",
            0x6983 => "authentication method blocked",
            0x6984 => "reference data not usable",
            0x6985 => "conditions of use not satisfied",
            0x6986 => "command not allowed (no current EF)",
            0x6987 => "expected secure messaging data objects missing",
            0x6988 => "secure messaging data objects incorrect",
            0x6A80 => "incorrect parameters in the data field",
            0x6A82 => "file or application not found",
            0x6A86 => "incorrect parameters P1-P2",
            0x6A87 => "Lc inconsistent with P1-P2",
            0x6A88 => "referenced data not found",
            0x6B00 => "wrong parameters (offset outside the EF)",
            0x6D00 => "instruction not supported",
            0x6E00 => "class not supported",
            0x6F00 => "no precise diagnosis",
            _ => match self.sw1() {
                0x62 | 0x63 => "warning",
                0x64 | 0x65 => "execution error",
                0x67..=0x6F => "checking error",
                _ => "unknown status",
            },
        };
        text.to_owned()
    }
}

/// Ne from a one-byte length field, where 0 means 256.
fn ne_from_byte(b: u8) -> usize {
    if b == 0 { 256 } else { usize::from(b) }
}

impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04X} ({})", self.0, self.meaning())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meanings() {
        assert_eq!(StatusWord(0x63C2).retries_left(), Some(2));
        assert_eq!(
            StatusWord(0x63C2).meaning(),
            "verification failed, 2 tries left"
        );
        assert_eq!(StatusWord(0x6300).retries_left(), None);
        assert_eq!(StatusWord(0x6C10).exact_length(), Some(16));
        assert_eq!(StatusWord(0x6C00).exact_length(), Some(256));
        assert_eq!(StatusWord(0x6120).bytes_available(), Some(32));
        assert_eq!(
            StatusWord(0x6A82).to_string(),
            "6A82 (file or application not found)"
        );
        assert_eq!(
            StatusWord(0x6982).meaning(),
            "security status not satisfied"
        );
        assert_eq!(StatusWord(0x6700).meaning(), "wrong length");
        assert_eq!(StatusWord::new(0x90, 0x00), StatusWord::SUCCESS);
        assert_eq!(StatusWord(0x6A82).to_bytes(), [0x6A, 0x82]);
        assert_eq!(StatusWord(0x1234).meaning(), "unknown status");
    }
}
