//! The machine-readable zone (ICAO 9303 Parts 3-7): layouts, fields, check digits, dates,
//! OCR correction and the key material for BAC/PACE.
//!
//! ```
//! use idverify::mrz::{self, Date};
//! let today = Date::new(2026, 11, 22).unwrap();
//! let mrz = mrz::parse(
//!     "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
//!      L898902C36UTO7408122F1204159ZE184226B<<<<<10",
//!     today,
//! )?;
//! assert!(mrz.is_valid());
//! assert_eq!(mrz.names.secondary, "ANNA MARIA");
//! assert_eq!(mrz.mrz_information()?.as_str(), "L898902C3674081221204159");
//! # Ok::<(), mrz::MrzError>(())
//! ```

mod check_digit;
mod correct;
mod date;
mod fields;
mod key;
pub(crate) mod layout;
mod parse;
mod transliterate;

pub use check_digit::{Check, CheckKind, Span, check_digit};
pub use correct::Correction;
pub use date::{Date, DateRole, EXPIRY_YEARS_AHEAD, MrzDate};
pub use fields::{FieldProblem, Names, OptionalData, Sex, StateCode};
pub use key::{MAX_DOCUMENT_NUMBER, mrz_information};
pub use layout::Layout;
pub use parse::{MAX_INPUT, Mrz, ParseOptions, parse, parse_ocr, parse_with};
pub use transliterate::transliterations;

/// Why a text is not an MRZ, or why key material cannot be built. Lines and columns count
/// from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MrzError {
    /// The text is empty or only whitespace.
    #[error("no MRZ text")]
    Empty,
    /// The text is far longer than any MRZ.
    #[error("the text has {length} bytes; an MRZ has at most {max}")]
    TooLong {
        /// Bytes given.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// Not 2 or 3 lines.
    #[error("an MRZ has 2 or 3 lines, found {found}")]
    LineCount {
        /// Lines found.
        found: usize,
    },
    /// A line of the wrong length.
    #[error("line {line} has {found} characters, expected {expected}")]
    LineLength {
        /// The line, from 1.
        line: usize,
        /// Characters found.
        found: usize,
        /// What the layout needs ("30", "36", "44", or "36 or 44").
        expected: &'static str,
    },
    /// A character outside `A-Z 0-9 <`.
    #[error("line {line}, column {column}: {found:?} is not one of A-Z 0-9 <")]
    Character {
        /// The line, from 1.
        line: usize,
        /// The column, from 1.
        column: usize,
        /// The character.
        found: char,
    },
    /// A document code that no layout of this shape has (line 1, column 1).
    #[error("line 1, column 1: unknown document code {code:?} for {lines} lines of {width}")]
    UnknownDocumentCode {
        /// The first two characters.
        code: String,
        /// Lines given.
        lines: usize,
        /// Their width.
        width: usize,
    },
    /// A field given to [`mrz_information`] that cannot be used.
    #[error("{field}: {reason}")]
    KeyInput {
        /// Which field.
        field: &'static str,
        /// What is wrong.
        reason: &'static str,
    },
    /// The layout (French ID card) has no date of expiry, hence no BAC/PACE key.
    #[error("this MRZ has no date of expiry, so no BAC/PACE key can be derived from it")]
    NoExpiry,
}

/// Whether `text` parses as an MRZ whose check digits all pass: what decides, for a serial
/// MRZ reader's lines, which of them form one MRZ (field problems such as an unknown state
/// are left to the verifier's rules).
pub fn check_digits_pass(text: &str, today: Date) -> bool {
    parse(text, today).is_ok_and(|m| m.checks.iter().all(|c| c.passed))
}

/// The fuzz target's property, shared with the corpus replay in `cargo test`: parsing
/// (strict and with correction) never panics, every reported position lies inside the MRZ,
/// a check reported passed really passes, and what the correction mode produces parses
/// strictly to the same checks.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Some(today) = Date::new(2026, 11, 22) else {
        return;
    };
    for correct_ocr in [false, true] {
        let Ok(m) = parse_with(&text, ParseOptions { today, correct_ocr }) else {
            continue;
        };
        let width = m.layout.width();
        assert_eq!(m.lines.len(), m.layout.line_count());
        assert!(m.lines.iter().all(|l| l.len() == width));
        let inside = |line: usize, column: usize| {
            (1..=m.lines.len()).contains(&line) && (1..=width).contains(&column)
        };
        for c in &m.checks {
            assert!(inside(c.line, c.column));
            let covered: String = c
                .covers
                .iter()
                .flat_map(|s| {
                    let line = m.lines.get(s.line - 1).map_or("", String::as_str);
                    line.get(s.column - 1..s.column - 1 + s.length)
                        .unwrap_or("")
                        .chars()
                })
                .collect();
            let expected = check_digit(&covered);
            assert_eq!(expected, Some(c.expected));
            assert_eq!(
                c.passed,
                c.found == c.expected
                    || (c.kind == CheckKind::OptionalData
                        && c.found == '<'
                        && covered.chars().all(|x| x == '<'))
            );
        }
        for p in &m.problems {
            assert!(inside(p.line, p.column));
        }
        let _ = m.mrz_information();
        if correct_ocr {
            let again = parse(&m.lines.join("\n"), today);
            let again = again.map(|a| a.checks);
            assert_eq!(again.as_ref().ok(), Some(&m.checks));
        }
    }
}
