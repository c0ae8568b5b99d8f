//! The ICAO 9303 check digit: character values, the 7-3-1 weighting and the result of one
//! check as the caller sees it (passed or failed, expected and found, where).

use serde::Serialize;

/// The value of one MRZ character for the check digit (ICAO 9303-3 §4.9): digits are their
/// value, A–Z are 10–35, the filler `<` is 0. `None` for anything else.
pub(crate) fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// Computes the check digit over `data` (ICAO 9303-3 §4.9: weights 7, 3, 1 repeating,
/// sum modulo 10). Returns `None` when `data` holds a character outside `0-9 A-Z <`.
pub fn check_digit(data: &str) -> Option<char> {
    check_digit_bytes(data.bytes()).map(char::from)
}

/// [`check_digit`] over bytes, returning the ASCII digit.
pub(crate) fn check_digit_bytes(data: impl IntoIterator<Item = u8>) -> Option<u8> {
    const WEIGHTS: [u32; 3] = [7, 3, 1];
    let mut sum = 0u32;
    for (c, w) in data.into_iter().zip(WEIGHTS.iter().cycle()) {
        // Each term is at most 35 * 7; reducing modulo 10 keeps the sum small for any length.
        sum = (sum + char_value(c)? * w) % 10;
    }
    // `sum` < 10 here, so the cast cannot truncate.
    Some(b'0' + sum as u8)
}

/// Which check digit a [`Check`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The document number's check digit.
    DocumentNumber,
    /// The date of birth's check digit.
    BirthDate,
    /// The date of expiry's check digit.
    ExpiryDate,
    /// The optional data's (TD3: personal number's) check digit.
    OptionalData,
    /// The composite check digit over several fields.
    Composite,
}

impl CheckKind {
    /// A short English name, for human output.
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::DocumentNumber => "document number",
            CheckKind::BirthDate => "date of birth",
            CheckKind::ExpiryDate => "date of expiry",
            CheckKind::OptionalData => "optional data",
            CheckKind::Composite => "composite",
        }
    }
}

/// A run of characters on one MRZ line. Lines and columns count from 1, as ICAO 9303 does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Line, from 1.
    pub line: usize,
    /// First column, from 1.
    pub column: usize,
    /// Number of characters.
    pub length: usize,
}

impl Span {
    /// Whether the character at `line`, `column` (both from 1) lies in this span.
    pub fn contains(&self, line: usize, column: usize) -> bool {
        line == self.line
            && column >= self.column
            && column < self.column.saturating_add(self.length)
    }
}

/// The result of one check digit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Which check digit this is.
    pub kind: CheckKind,
    /// Whether the digit found in the MRZ equals the one computed.
    pub passed: bool,
    /// The digit computed from the checked characters.
    pub expected: char,
    /// The character found at the check digit's position.
    pub found: char,
    /// Line of the check digit, from 1.
    pub line: usize,
    /// Column of the check digit, from 1.
    pub column: usize,
    /// The characters the digit is computed over, in order.
    pub covers: Vec<Span>,
}

impl Check {
    /// Whether this check is about the character at `line`, `column`: either the check digit
    /// itself or one of the characters it covers.
    pub fn locates(&self, line: usize, column: usize) -> bool {
        (self.line == line && self.column == column)
            || self.covers.iter().any(|s| s.contains(line, column))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_worked_examples() {
        // ICAO 9303-3 §4.9 example: 520727 -> 3; the TD3 specimen's fields.
        assert_eq!(check_digit("520727"), Some('3'));
        assert_eq!(check_digit("L898902C3"), Some('6'));
        assert_eq!(check_digit("740812"), Some('2'));
        assert_eq!(check_digit("120415"), Some('9'));
        assert_eq!(check_digit("ZE184226B<<<<<"), Some('1'));
        assert_eq!(check_digit("D23145890734"), Some('9'));
    }

    #[test]
    fn rejects_characters_outside_the_alphabet() {
        assert_eq!(check_digit("12a"), None);
        assert_eq!(check_digit("1 2"), None);
        assert_eq!(check_digit(""), Some('0'));
    }

    #[test]
    fn span_contains() {
        let s = Span {
            line: 2,
            column: 5,
            length: 3,
        };
        assert!(s.contains(2, 5) && s.contains(2, 7));
        assert!(!s.contains(2, 8) && !s.contains(1, 5) && !s.contains(2, 4));
    }
}
