//! What a session learns about the chip's read sizes and keeps across files: whether extended
//! length works, and the largest short read the chip takes (stepping down 223 → 192 → … after
//! a refusal).

use crate::chip::transport::apdu::{EXTENDED_NE_MAX, SHORT_NE_MAX};

/// Short-length read sizes tried in turn. 223 is the largest plaintext whose 3DES or AES
/// protected response (DO'87' + DO'99' + DO'8E') still fits in 256 bytes.
pub const SHORT_READ_SIZES: [usize; 7] = [223, 192, 160, 128, 96, 64, 32];

/// Files larger than this are refused (the largest LDS files are a few hundred KB).
pub const MAX_FILE_LEN: usize = 16 * 1024 * 1024;

/// What a session has learnt about the chip's read sizes; kept across files.
#[derive(Debug, Clone)]
pub(crate) struct ReadState {
    /// `Some(true)`: extended length works; `Some(false)`: it does not; `None`: not probed.
    pub(crate) extended: Option<bool>,
    short_index: usize,
}

impl ReadState {
    pub(crate) fn new(hint: Option<bool>) -> Self {
        ReadState {
            extended: hint,
            short_index: 0,
        }
    }

    pub(crate) fn short_size(&self) -> usize {
        SHORT_READ_SIZES
            .get(self.short_index)
            .copied()
            .unwrap_or(32)
    }

    /// The largest Ne to ask for now.
    pub(crate) fn max_ne(&self) -> usize {
        if self.extended == Some(false) {
            self.short_size()
        } else {
            EXTENDED_NE_MAX
        }
    }

    /// After the chip refused `ne` as too long: steps down; false when nothing smaller is left.
    /// Every step lowers [`Self::max_ne`] below `ne`, so a chip that keeps refusing ends the
    /// read: a refused short length also rules out extended length, else the next read would
    /// ask for the same `ne` again (a chip taking at most 32 bytes, read with a 4-byte first
    /// read before extended length was ever probed, looped forever).
    pub(crate) fn shrink(&mut self, ne: usize) -> bool {
        if ne > SHORT_NE_MAX {
            self.extended = Some(false);
            return true;
        }
        self.extended = Some(false);
        match SHORT_READ_SIZES.iter().position(|&s| s < ne) {
            Some(i) if i >= self.short_index => {
                self.short_index = i;
                true
            }
            _ => false,
        }
    }
}
