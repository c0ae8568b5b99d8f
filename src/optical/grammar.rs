//! Deciding the characters from the recogniser's scores with the MRZ's structure: the
//! layout from the shape and document code, each field's character class (ICAO 9303-3 §4),
//! check digits as constraints in a beam search over the ambiguous glyphs (ICAO 9303-3
//! §4.9), and the filler rule for names. A clear glyph is never changed; what stays open is
//! marked uncertain.

use super::classify::ALPHABET;
use super::result::{OpticalCorrection, Uncertain, UncertainReason};
use crate::mrz::CheckKind;
use crate::mrz::Layout;
use crate::mrz::layout::{self as mrz_layout, Class, FieldId};

/// Characters scoring within this of a position's best stay in the running.
const AMBIGUOUS: f32 = 0.08;
/// A best match this far ahead of anything the layout allows is a clear glyph: kept.
const CLEAR: f32 = 0.15;
/// A best match below this is a weak glyph.
const WEAK: f32 = 0.55;
/// Partial assignments kept by the beam.
const BEAM: usize = 512;

/// What the grammar decided.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decided {
    pub layout: Layout,
    pub lines: Vec<Vec<u8>>,
    pub corrections: Vec<OpticalCorrection>,
    pub uncertain: Vec<Uncertain>,
    pub failed_checks: Vec<CheckKind>,
}

fn best(scores: &[f32; 37], allowed: impl Fn(u8) -> bool) -> Option<(u8, f32)> {
    ALPHABET
        .iter()
        .zip(scores.iter())
        .filter(|(c, _)| allowed(**c))
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(c, s)| (*c, *s))
}

fn allowed_by(class: Class, c: u8) -> bool {
    match class {
        Class::Alpha => c.is_ascii_uppercase() || c == b'<',
        Class::Numeric => c.is_ascii_digit() || c == b'<',
        Class::Alnum => true,
    }
}

/// The first character of the document code a layout allows (ICAO 9303-4 §4.2.2: P for
/// passports; 9303-7: V for visas; 9303-5 and -6: A, C or I for cards).
fn document_codes(layout: Layout) -> &'static [u8] {
    match layout {
        Layout::Td3 => b"P",
        Layout::MrvA | Layout::MrvB => b"V",
        Layout::FrenchId => b"I",
        Layout::Td1 | Layout::Td2 => b"ACI",
    }
}

/// The layouts lines of `width` (2 or 3 of them) may have, from the document code's glyphs.
/// A 2 × 36 zone starting `IDFRA` is a French national ID card or a TD2 that France issued
/// (ICAO 9303-6 allows both), so both are tried and the check digits decide.
fn layouts_of(count: usize, width: usize, scores: &[Vec<[f32; 37]>]) -> Vec<Layout> {
    let Some(first) = scores.first().and_then(|l| l.first()) else {
        return Vec::new();
    };
    let code = |set: &[u8]| best(first, |c| set.contains(&c)).map(|b| b.0);
    match (count, width) {
        (3, 30) => vec![Layout::Td1],
        (2, 44) => match code(b"PV") {
            Some(b'P') => vec![Layout::Td3],
            Some(_) => vec![Layout::MrvA],
            None => Vec::new(),
        },
        (2, 36) => {
            if code(b"VIAC") == Some(b'V') {
                return vec![Layout::MrvB];
            }
            let line = &scores[0];
            let fra = b"IDFRA".iter().enumerate().all(|(i, &ch)| {
                line.get(i).and_then(|s| best(s, |_| true)).map(|b| b.0) == Some(ch)
            });
            if fra {
                vec![Layout::FrenchId, Layout::Td2]
            } else {
                vec![Layout::Td2]
            }
        }
        _ => Vec::new(),
    }
}

/// One position's candidates, best first, with their cost (shortfall from the best).
struct Position {
    line: usize,
    col: usize,
    cands: Vec<(u8, f32)>,
}

/// Decides the characters. `scores[line][col]` holds the recogniser's 37 scores. Where the
/// layout is open, the one whose check digits pass wins (then the fewer open positions).
pub(crate) fn decide(scores: &[Vec<[f32; 37]>]) -> Option<Decided> {
    let count = scores.len();
    let width = scores.first()?.len();
    if scores.iter().any(|l| l.len() != width) {
        return None;
    }
    layouts_of(count, width, scores)
        .into_iter()
        .filter_map(|layout| decide_as(layout, scores))
        .min_by_key(|d| (d.failed_checks.len(), d.uncertain.len()))
}

/// Decides the characters of a zone of `layout`.
fn decide_as(layout: Layout, scores: &[Vec<[f32; 37]>]) -> Option<Decided> {
    let (count, width) = (scores.len(), scores.first()?.len());
    let mut lines: Vec<Vec<u8>> = vec![vec![b'<'; width]; count];
    let mut corrections = Vec::new();
    let mut uncertain = Vec::new();
    let mut ambiguous: Vec<Position> = Vec::new();
    for (l, row) in scores.iter().enumerate() {
        for (c, s) in row.iter().enumerate() {
            let class = mrz_layout::class_at(layout, l, c);
            let first_code = (l, c) == (0, 0);
            let allowed = |ch: u8| {
                allowed_by(class, ch) && (!first_code || document_codes(layout).contains(&ch))
            };
            let (top, top_score) = best(s, |_| true)?;
            let (fit, fit_score) = best(s, allowed)?;
            let at = |reason| Uncertain {
                line: l + 1,
                column: c + 1,
                reason,
            };
            if top_score < WEAK {
                uncertain.push(at(UncertainReason::WeakGlyph));
            }
            if top != fit && top_score - fit_score > CLEAR {
                lines[l][c] = top;
                uncertain.push(at(UncertainReason::NotAllowedHere));
                continue;
            }
            if top != fit {
                corrections.push(OpticalCorrection {
                    line: l + 1,
                    column: c + 1,
                    seen: char::from(top),
                    decided: char::from(fit),
                    by: "layout",
                });
            }
            let mut cands: Vec<(u8, f32)> = ALPHABET
                .iter()
                .zip(s.iter())
                .filter(|(ch, sc)| allowed(**ch) && **sc >= fit_score - AMBIGUOUS)
                .map(|(ch, sc)| (*ch, fit_score - sc))
                .collect();
            cands.sort_by(|a, b| a.1.total_cmp(&b.1));
            lines[l][c] = fit;
            if cands.len() > 1 {
                ambiguous.push(Position {
                    line: l,
                    col: c,
                    cands,
                });
            }
        }
    }
    settle_fillers(layout, &mut lines, &mut ambiguous, &mut corrections);
    // Beam over the ambiguous positions; each complete assignment is judged by its failing
    // check digits first, its cost second.
    let mut beam: Vec<(f32, Vec<u8>)> = vec![(0.0, Vec::new())];
    for p in &ambiguous {
        let mut grown = Vec::with_capacity(beam.len() * p.cands.len());
        for (cost, choice) in &beam {
            for (k, (_, c)) in p.cands.iter().enumerate() {
                let mut next = choice.clone();
                next.push(k as u8);
                grown.push((cost + c, next));
            }
        }
        grown.sort_by(|a, b| a.0.total_cmp(&b.0));
        grown.truncate(BEAM);
        beam = grown;
    }
    let apply = |choice: &[u8], lines: &mut Vec<Vec<u8>>| {
        for (p, &k) in ambiguous.iter().zip(choice) {
            lines[p.line][p.col] = p.cands[k as usize].0;
        }
    };
    let mut judged: Vec<(usize, f32, Vec<u8>)> = beam
        .into_iter()
        .map(|(cost, choice)| {
            let mut trial = lines.clone();
            apply(&choice, &mut trial);
            let fails = mrz_layout::checks(layout, &trial)
                .iter()
                .filter(|c| !c.passes(&trial))
                .count();
            (fails, cost, choice)
        })
        .collect();
    judged.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let (best_fails, _, best_choice) = judged.first()?.clone();
    apply(&best_choice, &mut lines);
    let checks = mrz_layout::checks(layout, &lines);
    let failed: Vec<_> = checks.iter().filter(|c| !c.passes(&lines)).collect();
    for (i, p) in ambiguous.iter().enumerate() {
        let chosen = p.cands[best_choice[i] as usize].0;
        if chosen != p.cands[0].0 {
            corrections.push(OpticalCorrection {
                line: p.line + 1,
                column: p.col + 1,
                seen: char::from(p.cands[0].0),
                decided: char::from(chosen),
                by: "check digit",
            });
        }
        let covered = checks.iter().any(|c| c.touches(p.line, p.col));
        let rival = judged
            .iter()
            .skip(1)
            .any(|(f, _, choice)| *f == best_fails && choice[i] != best_choice[i]);
        let reason = if !covered {
            Some(UncertainReason::AmbiguousGlyph)
        } else if rival {
            Some(UncertainReason::CheckDigitsDoNotSettle)
        } else if failed.iter().any(|c| c.touches(p.line, p.col)) {
            Some(UncertainReason::CheckDigitFails)
        } else {
            None
        };
        if let Some(reason) = reason {
            uncertain.push(Uncertain {
                line: p.line + 1,
                column: p.col + 1,
                reason,
            });
        }
    }
    uncertain.sort_by_key(|u| (u.line, u.column));
    uncertain.dedup_by_key(|u| (u.line, u.column));
    Some(Decided {
        layout,
        lines,
        corrections,
        uncertain,
        failed_checks: failed.iter().map(|c| c.kind).collect(),
    })
}

/// The filler rule for names (ICAO 9303-3 §4.6): the primary and secondary identifiers are
/// separated by `<<` once; after that, name components are separated by one `<`, so a
/// second `<<` starts the trailing fillers. An ambiguous glyph right after that second
/// `<<` is a filler.
fn settle_fillers(
    layout: Layout,
    lines: &mut [Vec<u8>],
    ambiguous: &mut Vec<Position>,
    corrections: &mut Vec<OpticalCorrection>,
) {
    let Some(names) = mrz_layout::field(layout, FieldId::Names) else {
        return;
    };
    let field: Vec<usize> = (names.start..names.start + names.len).collect();
    let is_ambiguous =
        |amb: &[Position], col: usize| amb.iter().any(|p| p.line == names.line && p.col == col);
    for (k, &col) in field.iter().enumerate() {
        if k < 2 || !is_ambiguous(ambiguous, col) {
            continue;
        }
        let pos = ambiguous
            .iter()
            .position(|p| p.line == names.line && p.col == col);
        let Some(pos) = pos else { continue };
        if !ambiguous[pos].cands.iter().any(|c| c.0 == b'<') {
            continue;
        }
        let line = &lines[names.line];
        let settled = |i: usize| !is_ambiguous(ambiguous, field[i]);
        let filler_pair = line[field[k - 1]] == b'<'
            && line[field[k - 2]] == b'<'
            && settled(k - 1)
            && settled(k - 2);
        let earlier_separator = (0..k.saturating_sub(3)).any(|i| {
            line[field[i]] == b'<' && line[field[i + 1]] == b'<' && settled(i) && settled(i + 1)
        });
        if filler_pair && earlier_separator {
            let seen = ambiguous[pos].cands[0].0;
            ambiguous.remove(pos);
            lines[names.line][col] = b'<';
            if seen != b'<' {
                corrections.push(OpticalCorrection {
                    line: names.line + 1,
                    column: col + 1,
                    seen: char::from(seen),
                    decided: '<',
                    by: "filler",
                });
            }
        }
    }
}
