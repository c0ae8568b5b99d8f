//! The record's pages as lists of positioned drawing operations: a flow that wraps text to
//! the column width and breaks pages, kept apart from the PDF writer so it can be tested alone.
//! Coordinates are PDF points from the page's top-left corner, y downwards; text at baseline.

use super::fonts::Face;

/// A4 width in points (ISO 216: 210 mm).
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 height in points (297 mm).
pub const PAGE_HEIGHT: f32 = 841.89;
/// The left and right margin.
pub const MARGIN: f32 = 50.0;
/// The top margin.
const TOP: f32 = 52.0;
/// Where the text area ends (the footer sits below).
const BOTTOM: f32 = PAGE_HEIGHT - 60.0;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// Black.
pub const BLACK: Rgb = Rgb(0, 0, 0);
/// The grey of rules and secondary text.
pub const GREY: Rgb = Rgb(110, 110, 110);

/// One drawing operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Draw {
    /// A line of text starting at (x, y), y the baseline.
    Text {
        /// Left edge.
        x: f32,
        /// Baseline.
        y: f32,
        /// Font.
        face: Face,
        /// Size in points.
        size: f32,
        /// Colour.
        color: Rgb,
        /// The text (only characters the font has).
        text: String,
    },
    /// A filled rectangle.
    Rect {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        color: Rgb,
    },
    /// The face image, with "KOPIE" across it.
    FaceImage {
        /// Left edge.
        x: f32,
        /// Top edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
    },
}

/// One page's operations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageLayout {
    /// In drawing order.
    pub draws: Vec<Draw>,
}

impl PageLayout {
    /// The page's text, line by line.
    #[cfg(test)]
    pub fn text_lines(&self) -> Vec<&str> {
        self.draws
            .iter()
            .filter_map(|d| match d {
                Draw::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }
}

/// A text style: font, size, colour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Font.
    pub face: Face,
    /// Size in points.
    pub size: f32,
    /// Colour.
    pub color: Rgb,
}

impl Style {
    /// A black style.
    pub const fn new(face: Face, size: f32) -> Self {
        Style {
            face,
            size,
            color: BLACK,
        }
    }

    /// The same style in `color`.
    pub const fn colored(self, color: Rgb) -> Self {
        Style { color, ..self }
    }

    fn leading(&self) -> f32 {
        self.size * 1.3
    }
}

/// Replaces every character the font lacks (and control characters but the line break)
/// with `?`.
pub fn printable(face: Face, text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == ' ' || c == '\n' || (!c.is_control() && face.has_glyph(c)) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Breaks `text` into lines no wider than `width` at `style`: at spaces where possible, inside
/// a word only when the word alone is too wide (hashes, long ids).
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let fits = |s: &str| style.face.width(s, style.size) <= width;
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ') {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if fits(&candidate) {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // The word alone: split it by characters when it does not fit either.
            for c in word.chars() {
                line.push(c);
                if !fits(&line) && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        lines.push(line);
    }
    lines
}

/// Pages being filled top to bottom.
#[derive(Debug)]
pub struct Flow {
    pages: Vec<PageLayout>,
    y: f32,
}

impl Default for Flow {
    fn default() -> Self {
        Self::new()
    }
}

impl Flow {
    /// One empty page, the cursor at the top margin.
    pub fn new() -> Self {
        Flow {
            pages: vec![PageLayout::default()],
            y: TOP,
        }
    }

    /// The cursor's y (the top of the next line).
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Moves the cursor down by `dy`.
    pub fn skip(&mut self, dy: f32) {
        self.y += dy;
    }

    /// Starts a new page unless `height` more points fit on this one.
    pub fn ensure(&mut self, height: f32) {
        if self.y + height > BOTTOM {
            self.pages.push(PageLayout::default());
            self.y = TOP;
        }
    }

    /// Adds an operation to the current page.
    pub fn draw(&mut self, draw: Draw) {
        if let Some(page) = self.pages.last_mut() {
            page.draws.push(draw);
        }
    }

    /// Writes `text` wrapped to the column from `x` to the right margin.
    pub fn text(&mut self, x: f32, style: Style, text: &str) {
        self.text_in(x, PAGE_WIDTH - MARGIN - x, style, text);
    }

    /// Writes `text` wrapped to `width` from `x`.
    pub fn text_in(&mut self, x: f32, width: f32, style: Style, text: &str) {
        for line in wrap(&printable(style.face, text), style, width) {
            self.ensure(style.leading());
            self.y += style.size;
            let y = self.y;
            self.draw(Draw::Text {
                x,
                y,
                face: style.face,
                size: style.size,
                color: style.color,
                text: line,
            });
            self.y += style.leading() - style.size;
        }
    }

    /// A row of cells side by side, each `(x, width, style, text)`, wrapped within its cell;
    /// the row is kept on one page when it fits one, and the cursor ends below the tallest.
    pub fn row(&mut self, cells: &[(f32, f32, Style, &str)]) {
        let wrapped: Vec<(f32, Style, Vec<String>)> = cells
            .iter()
            .map(|&(x, w, style, text)| (x, style, wrap(&printable(style.face, text), style, w)))
            .collect();
        let height = wrapped
            .iter()
            .map(|(_, style, lines)| lines.len() as f32 * style.leading())
            .fold(0.0, f32::max);
        if height > BOTTOM - TOP {
            // Taller than a page (hostile or absurd text): the cells one below the other,
            // each wrapped and broken across pages.
            for &(x, w, style, text) in cells {
                self.text_in(x, w, style, text);
            }
            return;
        }
        self.ensure(height);
        let top = self.y;
        let mut bottom = top;
        for (x, style, lines) in wrapped {
            let mut y = top;
            for line in lines {
                y += style.size;
                self.draw(Draw::Text {
                    x,
                    y,
                    face: style.face,
                    size: style.size,
                    color: style.color,
                    text: line,
                });
                y += style.leading() - style.size;
            }
            bottom = f32::max(bottom, y);
        }
        self.y = bottom;
    }

    /// A thin horizontal rule across the column.
    pub fn rule(&mut self) {
        self.ensure(6.0);
        self.y += 3.0;
        let y = self.y;
        self.draw(Draw::Rect {
            x: MARGIN,
            y,
            w: PAGE_WIDTH - 2.0 * MARGIN,
            h: 0.6,
            color: GREY,
        });
        self.y += 3.0;
    }

    /// The pages with a footer (`footer(page, pages)`) on each.
    pub fn finish(mut self, footer: impl Fn(usize, usize) -> String) -> Vec<PageLayout> {
        let pages = self.pages.len();
        let style = Style::new(Face::Regular, 7.5).colored(GREY);
        for (i, page) in self.pages.iter_mut().enumerate() {
            page.draws.push(Draw::Text {
                x: MARGIN,
                y: PAGE_HEIGHT - 34.0,
                face: style.face,
                size: style.size,
                color: style.color,
                text: printable(style.face, &footer(i + 1, pages)),
            });
        }
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_character_within_the_width() {
        let style = Style::new(Face::Regular, 10.0);
        let text = "Die Signatur des EF.SOD ist gültig und die Zertifikatskette führt zu einer \
                    vertrauenswürdigen CSCA";
        let lines = wrap(text, style, 150.0);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|l| Face::Regular.width(l, 10.0) <= 150.0));
        assert_eq!(lines.join(" "), text);
        // A word wider than the column is broken inside.
        let hash = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        let lines = wrap(hash, Style::new(Face::Mono, 8.0), 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hash);
        assert_eq!(wrap("", style, 100.0), vec![String::new()]);
    }

    #[test]
    fn a_row_taller_than_a_page_breaks_across_pages() {
        let mut flow = Flow::new();
        let long = "Wort ".repeat(3000);
        let style = Style::new(Face::Regular, 9.0);
        flow.row(&[(MARGIN, 100.0, style, "Name"), (200.0, 300.0, style, &long)]);
        let pages = flow.finish(|_, _| String::new());
        assert!(pages.len() > 2);
        for page in &pages {
            for d in &page.draws {
                if let Draw::Text { y, .. } = d {
                    assert!(*y <= PAGE_HEIGHT - 30.0);
                }
            }
        }
    }

    #[test]
    fn text_the_font_lacks_is_replaced_not_dropped() {
        assert_eq!(printable(Face::Regular, "Zoë 中\u{7}x\ny"), "Zoë ??x\ny");
    }

    #[test]
    fn a_long_flow_breaks_pages_and_numbers_them() {
        let mut flow = Flow::new();
        for i in 0..200 {
            flow.text(MARGIN, Style::new(Face::Regular, 9.0), &format!("line {i}"));
        }
        let pages = flow.finish(|p, n| format!("page {p} of {n}"));
        assert!(pages.len() >= 3);
        for (i, page) in pages.iter().enumerate() {
            let lines = page.text_lines();
            assert_eq!(
                lines.last().copied(),
                Some(format!("page {} of {}", i + 1, pages.len()).as_str())
            );
            for d in &page.draws {
                if let Draw::Text { y, .. } = d {
                    assert!(*y <= PAGE_HEIGHT - 30.0 && *y > 0.0);
                }
            }
        }
        let all: Vec<&str> = pages.iter().flat_map(|p| p.text_lines()).collect();
        assert!(all.contains(&"line 0") && all.contains(&"line 199"));
    }
}
