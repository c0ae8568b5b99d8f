//! Serial MRZ readers for idverify (swipe readers and full-page readers in code-line mode
//! that send the MRZ as text over a USB serial port): open the tty with its line settings,
//! collect lines until a complete MRZ of one of the ICAO 9303 layouts, with a deadline and a
//! cancel token.
//!
//! This crate never depends on the idverify library and never judges the MRZ: it frames
//! lines by length and character set only; the library's `mrz::parse` checks them. No
//! `unsafe`: the tty is driven through rustix.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod framing;
mod port;

pub use error::SerialError;
pub use framing::{Framer, MAX_LINE, MrzFrame, MrzShape};
pub use port::{LineSettings, MrzReader};

/// Fuzzing entry (also replayed by the library's `cargo test`): the first byte chooses where
/// the rest is split into pushes; the framer never panics, and every frame has its layout's
/// line count and length in the MRZ character set.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let Some((&split, stream)) = data.split_first() else {
        return;
    };
    let step = usize::from(split).max(1);
    let mut framer = Framer::new();
    for chunk in stream.chunks(step) {
        framer.push(chunk);
        if split & 1 == 1 && framer.has_incomplete() {
            framer.flush();
        }
    }
    framer.flush();
    while let Some(frame) = framer.next_frame() {
        assert_eq!(frame.lines.len(), frame.shape.lines());
        for line in &frame.lines {
            assert_eq!(line.len(), frame.shape.line_length());
            assert!(
                line.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
            );
        }
    }
    assert!(framer.rejected() <= stream.len());
}
