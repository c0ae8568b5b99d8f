//! The record's fonts: subsets of DejaVu Sans, Sans Bold and Sans Mono (Latin-1, Latin
//! Extended-A; `scripts/record-fonts`, licence in `fonts/LICENSE`) compiled into the library,
//! so writing a record reads no file; and the advance widths the layout wraps lines with.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// One of the record's three faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    /// DejaVu Sans: running text.
    Regular,
    /// DejaVu Sans Bold: headings, the verdict, labels.
    Bold,
    /// DejaVu Sans Mono: MRZ, check ids, hashes.
    Mono,
}

static REGULAR: &[u8] = include_bytes!("fonts/DejaVuSans.subset.ttf");
static BOLD: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.subset.ttf");
static MONO: &[u8] = include_bytes!("fonts/DejaVuSansMono.subset.ttf");

impl Face {
    /// Every face.
    #[cfg(test)]
    pub const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Mono];

    /// The font file (TrueType).
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => REGULAR,
            Face::Bold => BOLD,
            Face::Mono => MONO,
        }
    }

    /// Whether the font has a glyph for `c` (the layout replaces characters it lacks).
    pub fn has_glyph(self, c: char) -> bool {
        FontRef::new(self.bytes())
            .ok()
            .and_then(|f| f.charmap().map(c))
            .is_some_and(|g| g.to_u32() != 0)
    }

    /// The width of `text` at `size` points (advance widths, no kerning: a little wider
    /// than drawn, so wrapped lines never overflow).
    pub fn width(self, text: &str, size: f32) -> f32 {
        let Ok(font) = FontRef::new(self.bytes()) else {
            return 0.0;
        };
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(0.0)
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_cover_german_and_measure_text() {
        for face in Face::ALL {
            for c in "ÄÖÜäöüßé€–„“ŁŠ".chars() {
                assert!(face.has_glyph(c), "{face:?} lacks {c}");
            }
            assert!(!face.has_glyph('中'));
            let w = face.width("Prüfprotokoll", 10.0);
            assert!(w > 40.0 && w < 100.0, "{face:?}: {w}");
        }
        // Mono: every character as wide as every other.
        let a = Face::Mono.width("iiii", 10.0);
        let b = Face::Mono.width("WWWW", 10.0);
        assert!((a - b).abs() < 0.01);
        assert!(Face::Bold.width("Wort", 10.0) > Face::Regular.width("Wort", 10.0));
    }
}
