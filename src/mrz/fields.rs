//! The MRZ's field types: sex, state codes, names (primary and secondary identifiers),
//! optional data, and the problems a field can have besides a failed check digit.

use serde::Serialize;
use std::fmt;

/// The sex field (ICAO 9303-4 §4.2.2 and its siblings: `M`, `F`, `X` for unspecified, `<` when not given).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// `M`.
    Male,
    /// `F`.
    Female,
    /// `X`: unspecified.
    Unspecified,
    /// `<`: not given (e.g. the German ID card).
    NotGiven,
}

impl Sex {
    pub(crate) fn from_byte(c: u8) -> Option<Sex> {
        match c {
            b'M' => Some(Sex::Male),
            b'F' => Some(Sex::Female),
            b'X' => Some(Sex::Unspecified),
            b'<' => Some(Sex::NotGiven),
            _ => None,
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Sex::Male => "M",
            Sex::Female => "F",
            Sex::Unspecified => "X (unspecified)",
            Sex::NotGiven => "< (not given)",
        })
    }
}

/// A three-character state code (ICAO 9303-3 §5), e.g. `UTO`, or `D<<` for Germany.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateCode {
    /// The three characters as printed (`D<<`).
    pub raw: String,
    /// The code without fillers (`D`).
    pub code: String,
}

impl StateCode {
    pub(crate) fn from_bytes(raw: &[u8]) -> StateCode {
        let raw = String::from_utf8_lossy(raw).into_owned();
        let code = raw.trim_end_matches('<').to_owned();
        StateCode { raw, code }
    }
}

impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// The holder's name: primary identifier (surname) and secondary identifier (given names),
/// with fillers turned into spaces (ICAO 9303-3 §4.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Names {
    /// The primary identifier (surname), e.g. `ERIKSSON`.
    pub primary: String,
    /// The secondary identifier (given names), e.g. `ANNA MARIA`; empty when absent.
    pub secondary: String,
    /// Whether the name field is used up to its last character, which is how ICAO marks a
    /// name that may have been truncated (no filler at the end).
    pub truncated: bool,
}

/// Turns fillers into spaces and trims: `ANNA<MARIA<<<` → `ANNA MARIA`.
pub(crate) fn words(raw: &[u8]) -> String {
    let text = String::from_utf8_lossy(raw);
    text.split('<')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a name field at the first `<<` into primary and secondary identifier.
pub(crate) fn names(raw: &[u8]) -> Names {
    let split = raw.windows(2).position(|w| w == b"<<");
    let (primary, secondary) = match split {
        Some(i) => (raw.get(..i).unwrap_or(&[]), raw.get(i + 2..).unwrap_or(&[])),
        None => (raw, &[][..]),
    };
    Names {
        primary: words(primary),
        secondary: words(secondary),
        truncated: raw.last().is_some_and(|&c| c != b'<'),
    }
}

/// An optional data field (or the part of it a long document number leaves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionalData {
    /// Line, from 1.
    pub line: usize,
    /// First column, from 1.
    pub column: usize,
    /// The characters as printed.
    pub raw: String,
    /// The characters without trailing fillers.
    pub value: String,
    /// Whether the field holds only fillers.
    pub filler_only: bool,
}

impl OptionalData {
    pub(crate) fn new(line: usize, column: usize, raw: &[u8]) -> OptionalData {
        let raw = String::from_utf8_lossy(raw).into_owned();
        let value = raw.trim_end_matches('<').to_owned();
        OptionalData {
            line,
            column,
            filler_only: value.is_empty(),
            raw,
            value,
        }
    }
}

/// A field whose characters are not what the layout allows there (other than a failed
/// check digit): a letter in a date, a month 13, a digit in a name, a sex `Q`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    /// The field, e.g. `birth_date`.
    pub field: &'static str,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_and_fillers() {
        let n = names(b"ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str(), n.truncated),
            ("ERIKSSON", "ANNA MARIA", false)
        );
        let n = names(b"MUSTERMANN<<<<<<<<<");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str()),
            ("MUSTERMANN", "")
        );
        let n = names(b"DE<BRUIJN<<WILLEKE<LISELOTTE");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str(), n.truncated),
            ("DE BRUIJN", "WILLEKE LISELOTTE", true)
        );
        let n = names(b"<<<<");
        assert_eq!(
            (n.primary.as_str(), n.secondary.as_str(), n.truncated),
            ("", "", false)
        );
    }

    #[test]
    fn state_code_and_optional() {
        let s = StateCode::from_bytes(b"D<<");
        assert_eq!((s.raw.as_str(), s.code.as_str()), ("D<<", "D"));
        let o = OptionalData::new(2, 29, b"<<<<<<<");
        assert!(o.filler_only && o.value.is_empty());
        let o = OptionalData::new(2, 29, b"ZE184226B<<<<<");
        assert_eq!(o.value, "ZE184226B");
        assert!(!o.filler_only);
    }
}
