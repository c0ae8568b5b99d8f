//! Reading MRZ text: splitting and validating the lines, recognising the layout, optional OCR
//! correction, and building the [`Mrz`] with every field, check and problem.

use serde::Serialize;
use zeroize::Zeroizing;

use super::check_digit::{Check, Span};
use super::correct::{self, Correction};
use super::date::{Date, DateRole, MrzDate, parse_mrz_date};
use super::fields::{FieldProblem, Names, OptionalData, Sex, StateCode, names, words};
use super::layout::{self, Class, FieldId, FieldPos, Layout, Run};
use super::{MrzError, key};

/// The longest text accepted (a TD1 with generous whitespace is about 100 characters).
pub const MAX_INPUT: usize = 1024;

/// How to parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseOptions {
    /// The check date: places two-digit years (see [`super::DateRole`]).
    pub today: Date,
    /// Whether to correct typical OCR misreadings (see [`Mrz::corrections`]).
    pub correct_ocr: bool,
}

/// A parsed MRZ: every field, every check digit's result, every problem, and (in correction
/// mode) every character that was corrected. Lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mrz {
    /// The layout.
    pub layout: Layout,
    /// The lines, after any correction.
    pub lines: Vec<String>,
    /// The document code without fillers (`P`, `I`, `ID`, `AR`, `V`...).
    pub document_code: String,
    /// The issuing state or organisation.
    pub issuer: StateCode,
    /// The document number without trailing fillers; for a TD1/TD2 long number the whole
    /// number.
    pub document_number: String,
    /// Whether the document number continues in the optional data (TD1/TD2 long number).
    pub long_document_number: bool,
    /// The holder's names.
    pub names: Names,
    /// The nationality; `None` for the French ID card, whose MRZ has none.
    pub nationality: Option<StateCode>,
    /// The date of birth; `None` when the field is not a date (see [`Mrz::problems`]).
    pub birth_date: Option<MrzDate>,
    /// The sex; `None` when the character is not one ICAO allows.
    pub sex: Option<Sex>,
    /// The date of expiry; `None` for the French ID card or when not a date.
    pub expiry_date: Option<MrzDate>,
    /// The optional data fields (TD1: two; TD3: the personal number; French ID: the
    /// issuing office), as printed; a long document number's part is taken out.
    pub optional_data: Vec<OptionalData>,
    /// Every check digit, the composite last.
    pub checks: Vec<Check>,
    /// Characters a field does not allow, besides failed check digits.
    pub problems: Vec<FieldProblem>,
    /// Characters the OCR correction mode changed (empty in strict mode).
    pub corrections: Vec<Correction>,
    /// The document number as it enters the BAC/PACE key (the 9-character field with its
    /// fillers, or the whole long number).
    #[serde(skip)]
    key_number: String,
}

impl Mrz {
    /// Whether every check digit passed and no field has a problem.
    pub fn is_valid(&self) -> bool {
        self.checks.iter().all(|c| c.passed) && self.problems.is_empty()
    }

    /// The checks that failed.
    pub fn failed_checks(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.passed)
    }

    /// The MRZ information for BAC and PACE (ICAO 9303-11 §4.3.2, §9.7.3): document number
    /// (at least 9 characters, the whole number if longer) + check digit + date of birth +
    /// check digit + date of expiry + check digit. The check digits are computed, so a
    /// misprinted digit does not change the key. Fails for a layout without an expiry date.
    pub fn mrz_information(&self) -> Result<Zeroizing<String>, MrzError> {
        let birth = self.birth_date.as_ref().ok_or(MrzError::KeyInput {
            field: "birth date",
            reason: "not a date",
        })?;
        let Some(expiry) = self.expiry_date.as_ref() else {
            return Err(if self.layout == Layout::FrenchId {
                MrzError::NoExpiry
            } else {
                MrzError::KeyInput {
                    field: "expiry date",
                    reason: "not a date",
                }
            });
        };
        key::mrz_information(&self.key_number, &birth.raw, &expiry.raw)
    }
}

/// Splits the text into lines of bytes, validating count, widths and the alphabet.
/// Lower-case letters are upper-cased (and listed) only in correction mode.
fn split(
    text: &str,
    correct_ocr: bool,
    fixes: &mut Vec<Correction>,
) -> Result<Vec<Vec<u8>>, MrzError> {
    if text.len() > MAX_INPUT {
        return Err(MrzError::TooLong {
            length: text.len(),
            max: MAX_INPUT,
        });
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(MrzError::Empty);
    }
    let mut lines: Vec<Vec<char>> = text
        .split('\n')
        .map(|l| l.trim().chars().collect())
        .collect();
    // One line holding a whole MRZ (as in EF.DG1): cut it into the layout's lines.
    if let [only] = lines.as_slice() {
        let width = match only.len() {
            90 => Some(30),
            72 => Some(36),
            88 => Some(44),
            _ => None,
        };
        if let Some(w) = width {
            lines = only.chunks(w).map(<[char]>::to_vec).collect();
        }
    }
    if !(2..=3).contains(&lines.len()) {
        return Err(MrzError::LineCount { found: lines.len() });
    }
    let first = lines.first().map_or(0, Vec::len);
    let expected: &'static str = match (lines.len(), first) {
        (3, _) => "30",
        (_, 36) => "36",
        (_, 44) => "44",
        _ => "36 or 44",
    };
    for (i, line) in lines.iter().enumerate() {
        if expected.parse::<usize>().ok() != Some(line.len()) {
            return Err(MrzError::LineLength {
                line: i + 1,
                found: line.len(),
                expected,
            });
        }
    }
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let mut bytes = Vec::with_capacity(line.len());
        for (j, &c) in line.iter().enumerate() {
            let c = if correct_ocr && c.is_ascii_lowercase() {
                let up = c.to_ascii_uppercase();
                fixes.push(Correction {
                    line: i + 1,
                    column: j + 1,
                    from: c,
                    to: up,
                });
                up
            } else {
                c
            };
            if !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '<') {
                return Err(MrzError::Character {
                    line: i + 1,
                    column: j + 1,
                    found: c,
                });
            }
            // ASCII checked just above.
            bytes.push(c as u8);
        }
        out.push(bytes);
    }
    Ok(out)
}

/// Parses MRZ text (lines separated by newlines, or one line holding the whole MRZ).
pub fn parse_with(text: &str, options: ParseOptions) -> Result<Mrz, MrzError> {
    let mut corrections = Vec::new();
    let mut lines = split(text, options.correct_ocr, &mut corrections)?;
    let layout = match layout::detect(&lines) {
        Ok(l) => l,
        Err(()) => {
            let fixed = if options.correct_ocr {
                correct::document_code(&mut lines)
            } else {
                None
            };
            match (fixed, layout::detect(&lines)) {
                (Some(fix), Ok(l)) => {
                    corrections.push(fix);
                    l
                }
                _ => {
                    let code = lines
                        .first()
                        .map(|l| String::from_utf8_lossy(l.get(..2).unwrap_or(l)).into_owned())
                        .unwrap_or_default();
                    return Err(MrzError::UnknownDocumentCode {
                        code,
                        lines: lines.len(),
                        width: lines.first().map_or(0, Vec::len),
                    });
                }
            }
        }
    };
    if options.correct_ocr {
        corrections.extend(correct::correct(layout, &mut lines));
        corrections.sort_by_key(|c| (c.line, c.column));
    }
    Ok(build(layout, &lines, options.today, corrections))
}

/// Parses strictly: no character is changed.
pub fn parse(text: &str, today: Date) -> Result<Mrz, MrzError> {
    parse_with(
        text,
        ParseOptions {
            today,
            correct_ocr: false,
        },
    )
}

/// Parses with OCR correction (see [`Mrz::corrections`]).
pub fn parse_ocr(text: &str, today: Date) -> Result<Mrz, MrzError> {
    parse_with(
        text,
        ParseOptions {
            today,
            correct_ocr: true,
        },
    )
}

fn run_bytes(lines: &[Vec<u8>], (l, s, n): Run) -> &[u8] {
    lines
        .get(l)
        .and_then(|line| line.get(s..s.saturating_add(n).min(line.len())))
        .unwrap_or(&[])
}

fn field_bytes(layout: Layout, lines: &[Vec<u8>], id: FieldId) -> Option<&[u8]> {
    layout::field(layout, id).map(|p| run_bytes(lines, (p.line, p.start, p.len)))
}

fn field_name(id: FieldId) -> &'static str {
    match id {
        FieldId::DocumentCode => "document_code",
        FieldId::Issuer => "issuer",
        FieldId::DocumentNumber => "document_number",
        FieldId::DocumentNumberCheck => "document_number_check_digit",
        FieldId::Names => "names",
        FieldId::GivenNames => "given_names",
        FieldId::Nationality => "nationality",
        FieldId::BirthDate => "birth_date",
        FieldId::BirthCheck => "birth_date_check_digit",
        FieldId::Sex => "sex",
        FieldId::ExpiryDate => "expiry_date",
        FieldId::ExpiryCheck => "expiry_date_check_digit",
        FieldId::Optional1 | FieldId::Optional2 => "optional_data",
        FieldId::OptionalCheck => "optional_data_check_digit",
        FieldId::Composite => "composite_check_digit",
    }
}

/// Letters in digit-only fields and digits in letter-only fields (dates and check digits
/// are reported by their own parsing and checks).
fn class_problems(layout: Layout, lines: &[Vec<u8>], problems: &mut Vec<FieldProblem>) {
    for p in layout::fields(layout) {
        let FieldPos {
            id,
            line,
            start,
            class,
            ..
        } = *p;
        let skip = matches!(
            id,
            FieldId::BirthDate
                | FieldId::ExpiryDate
                | FieldId::Sex
                | FieldId::DocumentNumberCheck
                | FieldId::BirthCheck
                | FieldId::ExpiryCheck
                | FieldId::OptionalCheck
                | FieldId::Composite
        );
        if skip {
            continue;
        }
        for (i, &c) in run_bytes(lines, (p.line, p.start, p.len))
            .iter()
            .enumerate()
        {
            let bad = match class {
                Class::Alpha => c.is_ascii_digit(),
                Class::Numeric => c.is_ascii_uppercase(),
                Class::Alnum => false,
            };
            if bad {
                problems.push(FieldProblem {
                    field: field_name(id),
                    line: line + 1,
                    column: start + i + 1,
                    message: format!(
                        "{:?} is not allowed here ({} only)",
                        char::from(c),
                        if class == Class::Alpha {
                            "letters"
                        } else {
                            "digits"
                        }
                    ),
                });
            }
        }
    }
}

fn date_field(
    layout: Layout,
    lines: &[Vec<u8>],
    id: FieldId,
    role: DateRole,
    today: Date,
    problems: &mut Vec<FieldProblem>,
) -> Option<MrzDate> {
    let pos = layout::field(layout, id)?;
    match parse_mrz_date(
        run_bytes(lines, (pos.line, pos.start, pos.len)),
        role,
        today,
    ) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(FieldProblem {
                field: field_name(id),
                line: pos.line + 1,
                column: pos.start + e.offset + 1,
                message: e.message.to_owned(),
            });
            None
        }
    }
}

fn to_span(&(l, s, n): &Run) -> Span {
    Span {
        line: l + 1,
        column: s + 1,
        length: n,
    }
}

/// Builds the result from validated lines of a known layout.
fn build(layout: Layout, lines: &[Vec<u8>], today: Date, corrections: Vec<Correction>) -> Mrz {
    let mut problems = Vec::new();
    class_problems(layout, lines, &mut problems);

    let checks = layout::checks(layout, lines)
        .iter()
        .map(|spec| Check {
            kind: spec.kind,
            passed: spec.passes(lines),
            expected: char::from(spec.expected(lines)),
            found: char::from(spec.found(lines)),
            line: spec.at.0 + 1,
            column: spec.at.1 + 1,
            covers: spec.covers.iter().map(to_span).collect(),
        })
        .collect();

    let dn = layout::doc_number(layout, lines);
    let key_number: Vec<u8> = dn
        .iter()
        .flat_map(|d| d.runs.iter())
        .flat_map(|&r| run_bytes(lines, r).iter().copied())
        .collect();
    let key_number = String::from_utf8_lossy(&key_number).into_owned();
    let document_number = key_number.trim_end_matches('<').to_owned();

    let text = |id| field_bytes(layout, lines, id).unwrap_or(&[]);
    let document_code = String::from_utf8_lossy(text(FieldId::DocumentCode))
        .trim_end_matches('<')
        .to_owned();
    let issuer = StateCode::from_bytes(text(FieldId::Issuer));
    let mut person = names(text(FieldId::Names));
    if layout == Layout::FrenchId {
        let given = text(FieldId::GivenNames);
        person.primary = words(text(FieldId::Names));
        person.secondary = words(given);
        person.truncated = text(FieldId::Names).last().is_some_and(|&c| c != b'<')
            || given.last().is_some_and(|&c| c != b'<');
    }
    let nationality = field_bytes(layout, lines, FieldId::Nationality).map(StateCode::from_bytes);

    let birth_date = date_field(
        layout,
        lines,
        FieldId::BirthDate,
        DateRole::Birth,
        today,
        &mut problems,
    );
    let expiry_date = date_field(
        layout,
        lines,
        FieldId::ExpiryDate,
        DateRole::Expiry,
        today,
        &mut problems,
    );

    let sex_pos = layout::field(layout, FieldId::Sex);
    let sex_char = sex_pos.and_then(|p| run_bytes(lines, (p.line, p.start, 1)).first().copied());
    let sex = sex_char.and_then(Sex::from_byte);
    if let (None, Some(p), Some(c)) = (sex, sex_pos, sex_char) {
        problems.push(FieldProblem {
            field: "sex",
            line: p.line + 1,
            column: p.start + 1,
            message: format!("{:?} is not M, F, X or <", char::from(c)),
        });
    }

    let mut optional_data = Vec::new();
    for id in [FieldId::Optional1, FieldId::Optional2] {
        let Some(p) = layout::field(layout, id) else {
            continue;
        };
        let mut start = p.start;
        if id == FieldId::Optional1
            && let Some((l, s)) = dn.as_ref().and_then(|d| d.optional_start)
            && l == p.line
        {
            start = s.clamp(p.start, p.start + p.len);
        }
        let len = p.start + p.len - start;
        if len > 0 {
            optional_data.push(OptionalData::new(
                p.line + 1,
                start + 1,
                run_bytes(lines, (p.line, start, len)),
            ));
        }
    }

    problems.sort_by_key(|p| (p.line, p.column));
    Mrz {
        layout,
        lines: lines
            .iter()
            .map(|l| String::from_utf8_lossy(l).into_owned())
            .collect(),
        document_code,
        issuer,
        document_number,
        long_document_number: dn.as_ref().is_some_and(|d| d.long),
        names: person,
        nationality,
        birth_date,
        sex,
        expiry_date,
        optional_data,
        checks,
        problems,
        corrections,
        key_number,
    }
}
