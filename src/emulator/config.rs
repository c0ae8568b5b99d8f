//! What a test can set on the software chip: its limits (largest read, extended length) and
//! one misbehaviour to provoke a reader's error paths.

/// Limits and misbehaviour of an [`crate::emulator::EmulatedChip`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipConfig {
    /// The largest Ne a READ BINARY may ask for; larger requests get 6700 (protected when
    /// secure messaging is on, so the reader can step down without losing SM sync).
    pub max_read: usize,
    /// Whether the chip takes extended-length APDUs; when off, an extended APDU gets 6700.
    pub extended_length: bool,
    /// Whether the chip tells the reader up front (ATR historical bytes and
    /// `CardChannel::extended_length_hint`); when off the reader has to probe.
    pub advertise_extended_length: bool,
    /// A misbehaviour to show, if any.
    pub misbehaviour: Option<Misbehaviour>,
}

impl Default for ChipConfig {
    fn default() -> Self {
        ChipConfig {
            max_read: 65536,
            extended_length: true,
            advertise_extended_length: true,
            misbehaviour: None,
        }
    }
}

impl ChipConfig {
    /// A chip without extended length that reads at most `max_read` bytes per APDU.
    pub fn short_reads(max_read: usize) -> Self {
        ChipConfig {
            max_read,
            extended_length: false,
            ..ChipConfig::default()
        }
    }
}

/// Ways the chip can misbehave, for testing the reader's error handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misbehaviour {
    /// Every protected response carries a wrong MAC in DO'8E'.
    WrongResponseMac,
    /// Every protected command is answered with its bare status word, without SM objects.
    PlainStatusWord,
    /// Every protected response loses the second half of its data field.
    TruncatedResponse,
    /// The card leaves the field after this many APDUs: later ones get no answer.
    RemovedAfter(usize),
}
