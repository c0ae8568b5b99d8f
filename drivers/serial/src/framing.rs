//! Framing the byte stream of an MRZ reader into MRZ lines. Readers end lines with CR, LF
//! or CRLF, often wrap the whole MRZ in STX … ETX, may send noise before it, and deliver the
//! bytes in bursts or one by one. The framer sees only lengths and the MRZ character set
//! (A–Z, 0–9, `<`; ICAO 9303-3); whether the text is a valid MRZ is the library's call.
//!
//! Which lines belong together is the caller's call too: a [`Judge`] (the library's
//! `mrz::parse` in the verifier) accepts or refuses each candidate; a refused candidate
//! slides by one line, so a stray second line before a good read does not spoil it.
//!
//! Layouts (ICAO 9303-4/-5/-6): TD3 2 lines × 44, TD2 2 × 36, TD1 3 × 30. A reader that sends
//! the MRZ without separators between its lines (one line of 88, 72 or 90 characters) is
//! split into lines.

use std::collections::VecDeque;

/// The longest line kept; anything longer is noise and is rejected without being stored.
pub const MAX_LINE: usize = 128;

/// Start of text / end of text, the framing many readers put around the MRZ.
const STX: u8 = 0x02;
const ETX: u8 = 0x03;

/// The MRZ layout of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MrzShape {
    /// TD1, three lines of 30 characters (ICAO 9303-5).
    Td1,
    /// TD2, two lines of 36 characters (ICAO 9303-6).
    Td2,
    /// TD3, two lines of 44 characters (ICAO 9303-4).
    Td3,
}

impl MrzShape {
    /// The shape whose lines have `len` characters.
    fn for_line_length(len: usize) -> Option<MrzShape> {
        match len {
            30 => Some(MrzShape::Td1),
            36 => Some(MrzShape::Td2),
            44 => Some(MrzShape::Td3),
            _ => None,
        }
    }
    /// Lines in this layout.
    pub fn lines(self) -> usize {
        match self {
            MrzShape::Td1 => 3,
            MrzShape::Td2 | MrzShape::Td3 => 2,
        }
    }
    /// Characters per line.
    pub fn line_length(self) -> usize {
        match self {
            MrzShape::Td1 => 30,
            MrzShape::Td2 => 36,
            MrzShape::Td3 => 44,
        }
    }
}

/// A complete MRZ as the reader sent it: lines of the right length and character set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MrzFrame {
    /// The layout the line lengths give.
    pub shape: MrzShape,
    /// The lines, top first.
    pub lines: Vec<String>,
}

impl MrzFrame {
    /// The lines joined by newlines, as `mrz::parse` takes them.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }
}

/// Decides whether candidate lines form an MRZ (e.g. their check digits pass).
pub type Judge = Box<dyn Fn(&MrzFrame) -> bool + Send>;

/// Collects bytes into lines and lines into MRZ frames.
#[derive(Default)]
pub struct Framer {
    /// Accepts or refuses a candidate frame; none accepts every candidate.
    judge: Option<Judge>,
    /// The line being received.
    partial: Vec<u8>,
    /// The line being received is longer than [`MAX_LINE`].
    overlong: bool,
    /// MRZ lines of one length received in a row, waiting for the rest of their frame.
    lines: Vec<String>,
    /// Complete frames not yet taken.
    frames: VecDeque<MrzFrame>,
    /// Lines rejected as no MRZ line.
    rejected: usize,
    /// Bytes seen.
    bytes: usize,
}

impl Framer {
    /// An empty framer that takes every candidate of the right shape.
    pub fn new() -> Framer {
        Framer::default()
    }

    /// An empty framer that takes only candidates `judge` accepts.
    pub fn with_judge(judge: Judge) -> Framer {
        Framer {
            judge: Some(judge),
            ..Framer::default()
        }
    }

    fn accepts(&self, frame: &MrzFrame) -> bool {
        self.judge.as_ref().is_none_or(|judge| judge(frame))
    }

    /// Takes bytes as they arrived; complete frames queue up for [`Framer::next_frame`].
    pub fn push(&mut self, bytes: &[u8]) {
        self.bytes += bytes.len();
        for &byte in bytes {
            if byte < 0x20 || byte == 0x7f || byte == STX || byte == ETX {
                self.end_line();
            } else if self.partial.len() < MAX_LINE {
                self.partial.push(byte);
            } else {
                self.overlong = true;
            }
        }
    }

    /// Ends the line being received, as a line break would (the reader fell silent).
    pub fn flush(&mut self) {
        self.end_line();
    }

    /// Drops a line or frame begun but not finished (the reader fell silent mid-MRZ, so what
    /// follows is a new read).
    pub fn discard_incomplete(&mut self) {
        if !self.partial.is_empty() || self.overlong || !self.lines.is_empty() {
            self.rejected += 1;
        }
        self.partial.clear();
        self.overlong = false;
        self.lines.clear();
    }

    /// Whether a line or frame is begun.
    pub fn has_incomplete(&self) -> bool {
        !self.partial.is_empty() || self.overlong || !self.lines.is_empty()
    }

    /// The oldest complete frame not yet taken.
    pub fn next_frame(&mut self) -> Option<MrzFrame> {
        self.frames.pop_front()
    }

    /// Lines rejected so far (wrong length or characters, or cut off).
    pub fn rejected(&self) -> usize {
        self.rejected
    }

    /// Bytes received so far.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    fn end_line(&mut self) {
        let overlong = std::mem::take(&mut self.overlong);
        let raw = std::mem::take(&mut self.partial);
        let line = raw.trim_ascii();
        if line.is_empty() && !overlong {
            // CRLF, STX right after a line break, blank lines: no line at all.
            return;
        }
        let in_charset = line
            .iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<');
        if overlong || !in_charset {
            self.reject();
            return;
        }
        // Valid characters only, so ASCII.
        let text = String::from_utf8_lossy(line).into_owned();
        match (MrzShape::for_line_length(text.len()), text.len()) {
            (Some(shape), _) => self.take_line(shape, text),
            // A whole MRZ sent as one line: 2 × 44, 2 × 36, 3 × 30.
            (None, 88) => self.take_whole(MrzShape::Td3, &text),
            (None, 72) => self.take_whole(MrzShape::Td2, &text),
            (None, 90) => self.take_whole(MrzShape::Td1, &text),
            (None, _) => self.reject(),
        }
    }

    fn reject(&mut self) {
        self.rejected += 1;
        // Garbage between lines breaks the frame: what came before cannot belong to the
        // next good read.
        self.lines.clear();
    }

    fn take_line(&mut self, shape: MrzShape, line: String) {
        if self.lines.first().is_some_and(|l| l.len() != line.len()) {
            // A line of another layout: the frame before it is incomplete.
            self.rejected += self.lines.len();
            self.lines.clear();
        }
        self.lines.push(line);
        if self.lines.len() == shape.lines() {
            let frame = MrzFrame {
                shape,
                lines: self.lines.clone(),
            };
            if self.accepts(&frame) {
                self.lines.clear();
                self.frames.push_back(frame);
            } else {
                // Slide: the oldest line may have been a stray from an earlier read.
                self.lines.remove(0);
                self.rejected += 1;
            }
        }
    }

    fn take_whole(&mut self, shape: MrzShape, text: &str) {
        self.rejected += self.lines.len();
        self.lines.clear();
        let lines = (0..shape.lines())
            .map(|i| text[i * shape.line_length()..(i + 1) * shape.line_length()].to_string())
            .collect();
        let frame = MrzFrame { shape, lines };
        if self.accepts(&frame) {
            self.frames.push_back(frame);
        } else {
            self.rejected += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TD3: [&str; 2] = [
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ];
    const TD1: [&str; 3] = [
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ];

    fn frames(input: &[u8]) -> (Vec<MrzFrame>, usize) {
        let mut framer = Framer::new();
        framer.push(input);
        let mut out = Vec::new();
        while let Some(f) = framer.next_frame() {
            out.push(f);
        }
        (out, framer.rejected())
    }

    #[test]
    fn td3_with_stx_etx_and_crlf() {
        let input = format!("\x02{}\r\n{}\r\n\x03", TD3[0], TD3[1]);
        let (f, rejected) = frames(input.as_bytes());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].shape, MrzShape::Td3);
        assert_eq!(f[0].lines, TD3);
        assert_eq!(rejected, 0);
    }

    #[test]
    fn td1_after_noise_with_cr_only() {
        let input = format!("\u{ff}~noise~\r{}\r{}\r{}\r", TD1[0], TD1[1], TD1[2]);
        let (f, rejected) = frames(input.as_bytes());
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].shape, f[0].text()), (MrzShape::Td1, TD1.join("\n")));
        assert_eq!(rejected, 1);
    }

    #[test]
    fn garbage_between_lines_breaks_the_frame_and_a_later_read_survives() {
        let input = format!("{}\nGARBAGE\n{}\n{}\n{}\n", TD3[0], TD3[1], TD3[0], TD3[1]);
        // A judge standing in for the library's parse: a TD3 begins with its document code.
        let mut framer = Framer::with_judge(Box::new(|f: &MrzFrame| f.lines[0].starts_with("P<")));
        framer.push(input.as_bytes());
        assert_eq!(
            framer.next_frame().map(|f| f.lines),
            Some(TD3.map(String::from).to_vec())
        );
        assert_eq!(framer.next_frame(), None);
        // The garbage line, and the stray second line the judge refused first.
        assert_eq!(framer.rejected(), 2);
        // Without a judge the stray line pairs with the next first line: shape alone cannot
        // tell, which is why the verifier passes one.
        let (f, _) = frames(input.as_bytes());
        assert_eq!(f[0].lines, [TD3[1], TD3[0]]);
    }

    #[test]
    fn whole_mrz_on_one_line_is_split() {
        let (f, _) = frames(format!("{}{}\n", TD3[0], TD3[1]).as_bytes());
        assert_eq!(f[0].lines, TD3);
        let (f, _) = frames(format!("{}{}{}\n", TD1[0], TD1[1], TD1[2]).as_bytes());
        assert_eq!(f[0].lines, TD1);
    }

    #[test]
    fn lowercase_overlong_and_wrong_length_are_rejected() {
        let long = "A".repeat(MAX_LINE * 3);
        let input = format!("{}\n{long}\nP<UTO\n", TD3[0].to_lowercase());
        let (f, rejected) = frames(input.as_bytes());
        assert!(f.is_empty());
        assert_eq!(rejected, 3);
    }

    #[test]
    fn silence_discards_a_half_frame() {
        let mut framer = Framer::new();
        framer.push(format!("{}\n", TD1[0]).as_bytes());
        assert!(framer.has_incomplete());
        framer.discard_incomplete();
        framer.push(format!("{}\n{}\n{}\n", TD1[0], TD1[1], TD1[2]).as_bytes());
        assert_eq!(
            framer.next_frame().map(|f| f.lines),
            Some(TD1.map(String::from).to_vec())
        );
        assert_eq!(framer.next_frame(), None);
    }
}
