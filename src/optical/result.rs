//! What reading an MRZ from an image gives: the lines as printed, the layout, every
//! character with its alternatives, confidence and box, the orientation, skew and dpi
//! found, the corrections made and the positions that stay uncertain, and why.

use serde::Serialize;

use crate::mrz::{CheckKind, Layout};

/// A box around one character in the input image's pixels: the cell's four corners
/// (top-left, top-right, bottom-right, bottom-left as the document reads).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CharBox {
    /// The corners, (x, y) each.
    pub corners: [(f32, f32); 4],
}

/// One recognised character.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CharRead {
    /// The character decided on.
    pub char: char,
    /// How sure the read is, 0 to 1 (the glyph's match and its lead over the next one).
    pub confidence: f32,
    /// The recogniser's best characters for this glyph with their scores (-1 to 1), best
    /// first; the decided character need not be first when the grammar or a check digit
    /// settled an ambiguous glyph.
    pub alternatives: Vec<(char, f32)>,
    /// Where the character cell is.
    #[serde(rename = "box")]
    pub cell: CharBox,
}

/// Why a position is uncertain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UncertainReason {
    /// Two or more characters fit the glyph and no check digit covers the position.
    AmbiguousGlyph,
    /// Two or more characters fit and more than one choice passes the check digits.
    CheckDigitsDoNotSettle,
    /// The glyph matches no character well (damage, print, a misplaced grid).
    WeakGlyph,
    /// A clearly read character the layout does not allow here, kept as printed.
    NotAllowedHere,
    /// A check digit that covers the position fails.
    CheckDigitFails,
}

/// One uncertain position; lines and columns count from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Uncertain {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// Why.
    pub reason: UncertainReason,
}

/// A character decided against the glyph's best match; lines and columns from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct OpticalCorrection {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// The glyph's best match.
    pub seen: char,
    /// The character decided on.
    pub decided: char,
    /// What settled it: "layout" (the field's character class), "check digit" or "filler".
    pub by: &'static str,
}

/// An MRZ read from an image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpticalMrz {
    /// The lines top to bottom, as printed (feed them to [`crate::mrz::parse`]).
    pub lines: Vec<String>,
    /// The layout the shape and document code give.
    pub layout: Layout,
    /// Every character, line by line.
    pub chars: Vec<Vec<CharRead>>,
    /// Clockwise quarter turns (0, 90, 180, 270 degrees) that make the input image upright.
    pub turned_degrees: u16,
    /// The lines' angle to the horizontal after that turn, degrees (positive: falling to
    /// the right).
    pub skew_degrees: f32,
    /// The resolution the character pitch gives (2.54 mm per character).
    pub dpi: f32,
    /// Characters decided against the glyph's best match.
    pub corrections: Vec<OpticalCorrection>,
    /// Positions the read is not sure of.
    pub uncertain: Vec<Uncertain>,
    /// Check digits that fail on the lines as read.
    pub failed_checks: Vec<CheckKind>,
}

impl OpticalMrz {
    /// The lines joined by newlines: the text [`crate::mrz::parse`] takes.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    /// Whether the read is certain: no uncertain position and every check digit passes.
    pub fn is_certain(&self) -> bool {
        self.uncertain.is_empty() && self.failed_checks.is_empty()
    }

    /// The lowest character confidence.
    pub fn min_confidence(&self) -> f32 {
        self.chars
            .iter()
            .flatten()
            .map(|c| c.confidence)
            .fold(1.0, f32::min)
    }
}
