//! The length-field audit the chip tests share: after a protocol ran against the strict
//! software chip, no command asked for less than the chip had to answer (ISO/IEC 7816-4
//! §5.1: Ne is the most the terminal will take), and behind a reader without extended
//! length, no command came with extended length fields. Included with `#[path]`; not every
//! test uses both functions.
#![allow(dead_code)]

use idverify::emulator::{EmulatedChip, LengthOutcome, LengthRecord};

/// Asserts that the chip answered at least one command and that none asked for less than
/// its answer (a 6CXX or 6700 for Ne, or data to a command without Le); returns the number
/// of answers logged.
pub fn assert_no_command_asked_too_little(chip: &EmulatedChip, what: &str) -> usize {
    let log = chip.length_log();
    assert!(!log.is_empty(), "{what}: the chip logged no answer");
    let short: Vec<&LengthRecord> = log.iter().filter(|r| r.asked_too_little()).collect();
    assert!(
        short.is_empty(),
        "{what}: commands asked for less than the chip had to answer: {short:#?}"
    );
    log.len()
}

/// Asserts that every command the chip saw had short length fields (data of at most 255
/// bytes, no extended Lc or Le); returns the number of answers that had to continue by
/// GET RESPONSE (61XX).
pub fn assert_short_length_fields_only(chip: &EmulatedChip, what: &str) -> usize {
    let log = chip.length_log();
    let long: Vec<&LengthRecord> = log.iter().filter(|r| r.extended || r.nc > 255).collect();
    assert!(long.is_empty(), "{what}: extended commands: {long:#?}");
    log.iter()
        .filter(|r| r.outcome == LengthOutcome::Continued)
        .count()
}
