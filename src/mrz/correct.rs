//! OCR correction: character substitutions by field type (a letter where only digits may
//! stand, a digit where only letters may), and in mixed fields the look-alike that makes a
//! failing check digit pass. A substitution is kept only where the check digits then pass.

use serde::Serialize;

use super::layout::{self, Class, Layout, checks, class_at, governing};

/// One character the correction mode changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// The character read.
    pub from: char,
    /// The character it was corrected to.
    pub to: char,
}

/// The digit a letter is commonly misread for.
fn letter_to_digit(c: u8) -> Option<u8> {
    match c {
        b'O' | b'Q' | b'D' => Some(b'0'),
        b'I' => Some(b'1'),
        b'Z' => Some(b'2'),
        b'S' => Some(b'5'),
        b'G' => Some(b'6'),
        b'B' => Some(b'8'),
        _ => None,
    }
}

/// The letter a digit is commonly misread for.
fn digit_to_letter(c: u8) -> Option<u8> {
    match c {
        b'0' => Some(b'O'),
        b'1' => Some(b'I'),
        b'2' => Some(b'Z'),
        b'5' => Some(b'S'),
        b'6' => Some(b'G'),
        b'8' => Some(b'B'),
        _ => None,
    }
}

/// Every look-alike of `c` in a field that takes both letters and digits.
fn look_alikes(c: u8) -> &'static [u8] {
    match c {
        b'0' => b"ODQ",
        b'1' => b"I",
        b'2' => b"Z",
        b'5' => b"S",
        b'6' => b"G",
        b'8' => b"B",
        b'O' | b'D' | b'Q' => b"0",
        b'I' => b"1",
        b'Z' => b"2",
        b'S' => b"5",
        b'G' => b"6",
        b'B' => b"8",
        _ => b"",
    }
}

/// A substitution, 0-based.
#[derive(Debug, Clone, Copy)]
struct Fix {
    line: usize,
    col: usize,
    from: u8,
    to: u8,
}

fn set(lines: &mut [Vec<u8>], line: usize, col: usize, c: u8) {
    if let Some(slot) = lines.get_mut(line).and_then(|l| l.get_mut(col)) {
        *slot = c;
    }
}

fn at(lines: &[Vec<u8>], line: usize, col: usize) -> Option<u8> {
    lines.get(line).and_then(|l| l.get(col)).copied()
}

/// Before the layout is known: a digit as the document code's first character that looks
/// like a letter (`1<UTO…` for `I<UTO…`). Returns the fix if the layout is then recognised.
pub(crate) fn document_code(lines: &mut [Vec<u8>]) -> Option<Correction> {
    let from = at(lines, 0, 0)?;
    let to = digit_to_letter(from)?;
    set(lines, 0, 0, to);
    if layout::detect(lines).is_ok() {
        Some(Correction {
            line: 1,
            column: 1,
            from: char::from(from),
            to: char::from(to),
        })
    } else {
        set(lines, 0, 0, from);
        None
    }
}

/// Corrects `lines` in place and lists what it changed.
pub(crate) fn correct(layout: Layout, lines: &mut [Vec<u8>]) -> Vec<Correction> {
    let mut fixes: Vec<Fix> = Vec::new();

    // 1. Characters that cannot stand where they are.
    for li in 0..lines.len() {
        let width = lines.get(li).map_or(0, Vec::len);
        for col in 0..width {
            let Some(c) = at(lines, li, col) else {
                continue;
            };
            let to = match class_at(layout, li, col) {
                Class::Numeric => letter_to_digit(c),
                Class::Alpha => digit_to_letter(c),
                Class::Alnum => None,
            };
            if let Some(to) = to {
                set(lines, li, col, to);
                fixes.push(Fix {
                    line: li,
                    col,
                    from: c,
                    to,
                });
            }
        }
    }

    // 2. In mixed fields, the single look-alike that makes a failing check pass.
    let specs = checks(layout, lines);
    for (i, spec) in specs.iter().enumerate() {
        if spec.passes(lines) {
            continue;
        }
        let mut found: Vec<Fix> = Vec::new();
        for &(l, s, n) in &spec.covers {
            for col in s..s.saturating_add(n) {
                if class_at(layout, l, col) != Class::Alnum
                    || governing(&specs, l, col).is_none_or(|g| !std::ptr::eq(g, spec))
                {
                    continue;
                }
                let Some(c) = at(lines, l, col) else { continue };
                for &to in look_alikes(c) {
                    set(lines, l, col, to);
                    let fixed = checks(layout, lines);
                    if fixed
                        .get(i)
                        .is_some_and(|f| f.kind == spec.kind && f.passes(lines))
                    {
                        found.push(Fix {
                            line: l,
                            col,
                            from: c,
                            to,
                        });
                    }
                    set(lines, l, col, c);
                }
            }
        }
        // Several candidates: the composite check digit may single one out.
        let confirmed: Vec<Fix> = found
            .iter()
            .copied()
            .filter(|f| {
                set(lines, f.line, f.col, f.to);
                let ok = checks(layout, lines)
                    .iter()
                    .find(|s| s.kind == super::CheckKind::Composite)
                    .is_none_or(|s| s.passes(lines));
                set(lines, f.line, f.col, f.from);
                ok
            })
            .collect();
        let pick = match (found.as_slice(), confirmed.as_slice()) {
            ([only], _) => Some(*only),
            (_, [only]) => Some(*only),
            _ => None,
        };
        if let Some(fix) = pick {
            set(lines, fix.line, fix.col, fix.to);
            fixes.push(fix);
        }
    }

    // 3. Keep a substitution only where the check that decides about it passes.
    loop {
        let specs = checks(layout, lines);
        let bad = fixes
            .iter()
            .rposition(|f| governing(&specs, f.line, f.col).is_some_and(|g| !g.passes(lines)));
        let Some(i) = bad else { break };
        let f = fixes.remove(i);
        set(lines, f.line, f.col, f.from);
    }

    fixes.sort_by_key(|f| (f.line, f.col));
    fixes
        .into_iter()
        .map(|f| Correction {
            line: f.line + 1,
            column: f.col + 1,
            from: char::from(f.from),
            to: char::from(f.to),
        })
        .collect()
}
