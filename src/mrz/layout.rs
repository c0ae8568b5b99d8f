//! The MRZ layouts (TD1, TD2, TD3, MRV-A, MRV-B, the French national ID card): how each is
//! recognised, where each field sits, which characters it allows, and which check digits
//! cover which characters (including the TD1/TD2 long document number).

use serde::Serialize;

use super::check_digit::CheckKind;

/// The layout of an MRZ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Layout {
    /// ICAO 9303-5: three lines of 30 (ID cards, residence permits).
    #[serde(rename = "TD1")]
    Td1,
    /// ICAO 9303-6: two lines of 36.
    #[serde(rename = "TD2")]
    Td2,
    /// ICAO 9303-4: two lines of 44 (passports).
    #[serde(rename = "TD3")]
    Td3,
    /// ICAO 9303-7: visa format A, two lines of 44.
    #[serde(rename = "MRV-A")]
    MrvA,
    /// ICAO 9303-7: visa format B, two lines of 36.
    #[serde(rename = "MRV-B")]
    MrvB,
    /// The French national ID card issued until 2021: two lines of 36, `ID` + `FRA`.
    #[serde(rename = "FRENCH-ID")]
    FrenchId,
}

impl Layout {
    /// Number of lines.
    pub fn line_count(self) -> usize {
        match self {
            Layout::Td1 => 3,
            _ => 2,
        }
    }

    /// Characters per line.
    pub fn width(self) -> usize {
        match self {
            Layout::Td1 => 30,
            Layout::Td2 | Layout::MrvB | Layout::FrenchId => 36,
            Layout::Td3 | Layout::MrvA => 44,
        }
    }

    /// The name used in output ("TD1", "MRV-A", ...).
    pub fn name(self) -> &'static str {
        match self {
            Layout::Td1 => "TD1",
            Layout::Td2 => "TD2",
            Layout::Td3 => "TD3",
            Layout::MrvA => "MRV-A",
            Layout::MrvB => "MRV-B",
            Layout::FrenchId => "FRENCH-ID",
        }
    }
}

/// Picks the layout from the line shape and the document code. `Err(())` means the document
/// code is not one this line shape allows. Callers have already checked count and widths.
pub(crate) fn detect(lines: &[Vec<u8>]) -> Result<Layout, ()> {
    let first = lines.first().ok_or(())?;
    let code = first.first().copied().ok_or(())?;
    match (lines.len(), first.len()) {
        (3, 30) if matches!(code, b'I' | b'A' | b'C') => Ok(Layout::Td1),
        (2, 44) if code == b'P' => Ok(Layout::Td3),
        (2, 44) if code == b'V' => Ok(Layout::MrvA),
        (2, 36) if code == b'V' => Ok(Layout::MrvB),
        (2, 36) if first.starts_with(b"IDFRA") => Ok(Layout::FrenchId),
        (2, 36) if matches!(code, b'I' | b'A' | b'C') => Ok(Layout::Td2),
        _ => Err(()),
    }
}

/// Which characters a position allows (ICAO 9303-3 §4: alphabetic, numeric or both, each
/// with the filler `<`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// A–Z and `<`.
    Alpha,
    /// 0–9 and `<`.
    Numeric,
    /// A–Z, 0–9 and `<`.
    Alnum,
}

/// The fields, for extraction and for character classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldId {
    DocumentCode,
    Issuer,
    DocumentNumber,
    DocumentNumberCheck,
    Names,
    GivenNames,
    Nationality,
    BirthDate,
    BirthCheck,
    Sex,
    ExpiryDate,
    ExpiryCheck,
    Optional1,
    OptionalCheck,
    Optional2,
    Composite,
}

/// One field: line and start column from 0, length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldPos {
    pub id: FieldId,
    pub line: usize,
    pub start: usize,
    pub len: usize,
    pub class: Class,
}

const fn f(id: FieldId, line: usize, start: usize, len: usize, class: Class) -> FieldPos {
    FieldPos {
        id,
        line,
        start,
        len,
        class,
    }
}

use Class::{Alnum, Alpha, Numeric};
use FieldId::*;

// ICAO 9303-5 §4.2.2 (TD1), data element positions 1-based in the spec, 0-based here.
const TD1: &[FieldPos] = &[
    f(DocumentCode, 0, 0, 2, Alpha),
    f(Issuer, 0, 2, 3, Alpha),
    f(DocumentNumber, 0, 5, 9, Alnum),
    f(DocumentNumberCheck, 0, 14, 1, Numeric),
    f(Optional1, 0, 15, 15, Alnum),
    f(BirthDate, 1, 0, 6, Numeric),
    f(BirthCheck, 1, 6, 1, Numeric),
    f(Sex, 1, 7, 1, Alpha),
    f(ExpiryDate, 1, 8, 6, Numeric),
    f(ExpiryCheck, 1, 14, 1, Numeric),
    f(Nationality, 1, 15, 3, Alpha),
    f(Optional2, 1, 18, 11, Alnum),
    f(Composite, 1, 29, 1, Numeric),
    f(Names, 2, 0, 30, Alpha),
];

// ICAO 9303-6 §4.2.2 (TD2).
const TD2: &[FieldPos] = &[
    f(DocumentCode, 0, 0, 2, Alpha),
    f(Issuer, 0, 2, 3, Alpha),
    f(Names, 0, 5, 31, Alpha),
    f(DocumentNumber, 1, 0, 9, Alnum),
    f(DocumentNumberCheck, 1, 9, 1, Numeric),
    f(Nationality, 1, 10, 3, Alpha),
    f(BirthDate, 1, 13, 6, Numeric),
    f(BirthCheck, 1, 19, 1, Numeric),
    f(Sex, 1, 20, 1, Alpha),
    f(ExpiryDate, 1, 21, 6, Numeric),
    f(ExpiryCheck, 1, 27, 1, Numeric),
    f(Optional1, 1, 28, 7, Alnum),
    f(Composite, 1, 35, 1, Numeric),
];

// ICAO 9303-4 §4.2.2 (TD3).
const TD3: &[FieldPos] = &[
    f(DocumentCode, 0, 0, 2, Alpha),
    f(Issuer, 0, 2, 3, Alpha),
    f(Names, 0, 5, 39, Alpha),
    f(DocumentNumber, 1, 0, 9, Alnum),
    f(DocumentNumberCheck, 1, 9, 1, Numeric),
    f(Nationality, 1, 10, 3, Alpha),
    f(BirthDate, 1, 13, 6, Numeric),
    f(BirthCheck, 1, 19, 1, Numeric),
    f(Sex, 1, 20, 1, Alpha),
    f(ExpiryDate, 1, 21, 6, Numeric),
    f(ExpiryCheck, 1, 27, 1, Numeric),
    f(Optional1, 1, 28, 14, Alnum),
    f(OptionalCheck, 1, 42, 1, Numeric),
    f(Composite, 1, 43, 1, Numeric),
];

// ICAO 9303-7 §5 (MRV-A): as TD3 without the optional data check digit and composite.
const MRV_A: &[FieldPos] = &[
    f(DocumentCode, 0, 0, 2, Alpha),
    f(Issuer, 0, 2, 3, Alpha),
    f(Names, 0, 5, 39, Alpha),
    f(DocumentNumber, 1, 0, 9, Alnum),
    f(DocumentNumberCheck, 1, 9, 1, Numeric),
    f(Nationality, 1, 10, 3, Alpha),
    f(BirthDate, 1, 13, 6, Numeric),
    f(BirthCheck, 1, 19, 1, Numeric),
    f(Sex, 1, 20, 1, Alpha),
    f(ExpiryDate, 1, 21, 6, Numeric),
    f(ExpiryCheck, 1, 27, 1, Numeric),
    f(Optional1, 1, 28, 16, Alnum),
];

// ICAO 9303-7 §6 (MRV-B): as TD2 without the composite.
const MRV_B: &[FieldPos] = &[
    f(DocumentCode, 0, 0, 2, Alpha),
    f(Issuer, 0, 2, 3, Alpha),
    f(Names, 0, 5, 31, Alpha),
    f(DocumentNumber, 1, 0, 9, Alnum),
    f(DocumentNumberCheck, 1, 9, 1, Numeric),
    f(Nationality, 1, 10, 3, Alpha),
    f(BirthDate, 1, 13, 6, Numeric),
    f(BirthCheck, 1, 19, 1, Numeric),
    f(Sex, 1, 20, 1, Alpha),
    f(ExpiryDate, 1, 21, 6, Numeric),
    f(ExpiryCheck, 1, 27, 1, Numeric),
    f(Optional1, 1, 28, 8, Alnum),
];

// French national ID card (1988-2021): surname, office code; number (YYMM, department,
// sequence), given names, birth date, sex, composite over both lines. No expiry, no nationality.
const FRENCH_ID: &[FieldPos] = &[
    f(DocumentCode, 0, 0, 2, Alpha),
    f(Issuer, 0, 2, 3, Alpha),
    f(Names, 0, 5, 25, Alpha),
    f(Optional1, 0, 30, 6, Alnum),
    f(DocumentNumber, 1, 0, 12, Alnum),
    f(DocumentNumberCheck, 1, 12, 1, Numeric),
    f(GivenNames, 1, 13, 14, Alpha),
    f(BirthDate, 1, 27, 6, Numeric),
    f(BirthCheck, 1, 33, 1, Numeric),
    f(Sex, 1, 34, 1, Alpha),
    f(Composite, 1, 35, 1, Numeric),
];

/// The fields of a layout.
pub(crate) fn fields(layout: Layout) -> &'static [FieldPos] {
    match layout {
        Layout::Td1 => TD1,
        Layout::Td2 => TD2,
        Layout::Td3 => TD3,
        Layout::MrvA => MRV_A,
        Layout::MrvB => MRV_B,
        Layout::FrenchId => FRENCH_ID,
    }
}

/// The field `id` of a layout, if it has one.
pub(crate) fn field(layout: Layout, id: FieldId) -> Option<FieldPos> {
    fields(layout).iter().copied().find(|p| p.id == id)
}

/// The character class at line `line`, column `col` (both from 0).
pub(crate) fn class_at(layout: Layout, line: usize, col: usize) -> Class {
    fields(layout)
        .iter()
        .find(|p| p.line == line && col >= p.start && col < p.start + p.len)
        .map_or(Alnum, |p| p.class)
}

/// A run of characters, 0-based.
pub(crate) type Run = (usize, usize, usize);

/// Where the document number is, after the long-number rule.
#[derive(Debug, Clone)]
pub(crate) struct DocNumber {
    /// The characters that make the number (the 9-character field, plus the extension).
    pub runs: Vec<Run>,
    /// The check digit's line and column, 0-based.
    pub check: (usize, usize),
    /// Where the optional data that follows the number starts (for TD1/TD2 long numbers the
    /// extension and its check digit are taken out of the optional data).
    pub optional_start: Option<(usize, usize)>,
    /// Whether the number continues in the optional data.
    pub long: bool,
}

fn get(lines: &[Vec<u8>], line: usize, col: usize) -> u8 {
    lines
        .get(line)
        .and_then(|l| l.get(col))
        .copied()
        .unwrap_or(b'<')
}

/// The document number's characters and check digit position. TD1 and TD2 (ICAO 9303-5
/// and 9303-6 §4.2.2, the note on the document number; worked example in 9303-11
/// Appendix D.2): when the number is longer than 9 characters, the
/// check digit position holds `<`, and the rest of the number followed by its check digit
/// starts the optional data; the check digit then covers the whole number.
pub(crate) fn doc_number(layout: Layout, lines: &[Vec<u8>]) -> Option<DocNumber> {
    let num = field(layout, DocumentNumber)?;
    let cd = field(layout, DocumentNumberCheck)?;
    let opt = field(layout, Optional1);
    let plain = DocNumber {
        runs: vec![(num.line, num.start, num.len)],
        check: (cd.line, cd.start),
        optional_start: opt.map(|o| (o.line, o.start)),
        long: false,
    };
    let Some(opt) = opt else { return Some(plain) };
    let long_layout = matches!(layout, Layout::Td1 | Layout::Td2) && opt.line == cd.line;
    if !long_layout
        || get(lines, cd.line, cd.start) != b'<'
        || get(lines, opt.line, opt.start) == b'<'
    {
        return Some(plain);
    }
    let ext_len = (0..opt.len)
        .take_while(|&i| get(lines, opt.line, opt.start + i) != b'<')
        .count();
    // The last non-filler character of the extension is the check digit.
    let digits = ext_len.saturating_sub(1);
    let mut runs = vec![(num.line, num.start, num.len)];
    if digits > 0 {
        runs.push((opt.line, opt.start, digits));
    }
    Some(DocNumber {
        runs,
        check: (opt.line, opt.start + digits),
        optional_start: Some((opt.line, opt.start + ext_len)),
        long: true,
    })
}

/// One check digit: its kind, its position (0-based) and the runs it covers.
#[derive(Debug, Clone)]
pub(crate) struct CheckSpec {
    pub kind: CheckKind,
    pub at: (usize, usize),
    pub covers: Vec<Run>,
}

fn run_of(p: FieldPos) -> Run {
    (p.line, p.start, p.len)
}

/// Every check digit of the MRZ `lines` in `layout`, composite last.
pub(crate) fn checks(layout: Layout, lines: &[Vec<u8>]) -> Vec<CheckSpec> {
    let mut out = Vec::with_capacity(5);
    if let Some(dn) = doc_number(layout, lines) {
        out.push(CheckSpec {
            kind: CheckKind::DocumentNumber,
            at: dn.check,
            covers: dn.runs,
        });
    }
    let pairs = [
        (CheckKind::BirthDate, BirthDate, BirthCheck),
        (CheckKind::ExpiryDate, ExpiryDate, ExpiryCheck),
        (CheckKind::OptionalData, Optional1, OptionalCheck),
    ];
    for (kind, data, digit) in pairs {
        if let (Some(d), Some(c)) = (field(layout, data), field(layout, digit)) {
            out.push(CheckSpec {
                kind,
                at: (c.line, c.start),
                covers: vec![run_of(d)],
            });
        }
    }
    let Some(comp) = field(layout, Composite) else {
        return out;
    };
    let covers = match layout {
        // ICAO 9303-5 §4.2.2: upper line 6-30, middle line 1-7, 9-15, 19-29 (1-based).
        Layout::Td1 => vec![(0, 5, 25), (1, 0, 7), (1, 8, 7), (1, 18, 11)],
        // ICAO 9303-6 §4.2.2: lower line 1-10, 14-20, 22-35.
        Layout::Td2 => vec![(1, 0, 10), (1, 13, 7), (1, 21, 14)],
        // ICAO 9303-4 §4.2.2: lower line 1-10, 14-20, 22-43.
        Layout::Td3 => vec![(1, 0, 10), (1, 13, 7), (1, 21, 22)],
        // French ID: the whole upper line and the lower line up to the composite.
        Layout::FrenchId => vec![(0, 0, 36), (1, 0, 35)],
        Layout::MrvA | Layout::MrvB => Vec::new(),
    };
    out.push(CheckSpec {
        kind: CheckKind::Composite,
        at: (comp.line, comp.start),
        covers,
    });
    out
}

impl CheckSpec {
    /// The covered characters, in order.
    pub(crate) fn covered<'a>(&'a self, lines: &'a [Vec<u8>]) -> impl Iterator<Item = u8> + 'a {
        self.covers
            .iter()
            .flat_map(move |&(l, s, n)| (s..s.saturating_add(n)).map(move |c| get(lines, l, c)))
    }

    /// The check digit computed from the covered characters (`b'?'` if one is outside the
    /// MRZ alphabet, which parsing rules out before).
    pub(crate) fn expected(&self, lines: &[Vec<u8>]) -> u8 {
        super::check_digit::check_digit_bytes(self.covered(lines)).unwrap_or(b'?')
    }

    /// The character at the check digit's position.
    pub(crate) fn found(&self, lines: &[Vec<u8>]) -> u8 {
        get(lines, self.at.0, self.at.1)
    }

    /// Whether the check passes. An optional data field of fillers only may carry `<` as its
    /// check digit (ICAO 9303-4 §4.2.2, note on the personal number).
    pub(crate) fn passes(&self, lines: &[Vec<u8>]) -> bool {
        let found = self.found(lines);
        found == self.expected(lines)
            || (self.kind == CheckKind::OptionalData
                && found == b'<'
                && self.covered(lines).all(|c| c == b'<'))
    }

    /// Whether the character at `line`, `col` (0-based) is the digit or a covered character.
    pub(crate) fn touches(&self, line: usize, col: usize) -> bool {
        self.at == (line, col)
            || self
                .covers
                .iter()
                .any(|&(l, s, n)| l == line && col >= s && col < s.saturating_add(n))
    }
}

/// The check that decides about a character at `line`, `col` (0-based): its own field's
/// check digit if it has one, else the composite, else none.
pub(crate) fn governing(specs: &[CheckSpec], line: usize, col: usize) -> Option<&CheckSpec> {
    specs
        .iter()
        .find(|s| s.kind != CheckKind::Composite && s.touches(line, col))
        .or_else(|| {
            specs
                .iter()
                .find(|s| s.kind == CheckKind::Composite && s.touches(line, col))
        })
}
