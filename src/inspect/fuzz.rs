//! The `read_loop` fuzz property: reading files never panics, never loops (the APDUs stay
//! within a bound the files and misbehaviours account for) and never holds more than
//! `MAX_FILE_LEN` bytes; the whole desk pipeline over a software chip opened with BAC serves
//! back exactly the files the chip holds and never reports chip or active authentication
//! passed for a chip that has no keys for them.

use super::{InspectOptions, ProgressEvent, Stage, read_chip};
use crate::chip::access::pace::AccessKey;
use crate::chip::transport::replay::RecordedRandoms;
use crate::chip::{CardChannel, ChannelError, MAX_FILE_LEN};
use crate::emulator::{ChipConfig, EmulatedChip, Misbehaviour};
use crate::verify::ProtocolOutcome;

/// The MRZ information the chip and the desk share (ICAO 9303-11 Appendix D).
const MRZ_INFORMATION: &[u8] = b"L898902C<369080619406236";

/// Counts the APDUs a chip gets, refusing those beyond a limit.
struct Counted<C> {
    chip: C,
    apdus: usize,
    limit: usize,
}

impl<C: CardChannel> CardChannel for Counted<C> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        self.apdus += 1;
        if self.apdus > self.limit {
            return Err(ChannelError::CardRemoved);
        }
        self.chip.transmit(command)
    }

    fn extended_length_hint(&self) -> Option<bool> {
        self.chip.extended_length_hint()
    }
}

/// The chip's limits and misbehaviour from one byte.
fn config(byte: u8) -> ChipConfig {
    let mut config = match byte & 3 {
        0 => ChipConfig::default(),
        1 => ChipConfig::short_reads(223),
        2 => ChipConfig::short_reads(96),
        _ => ChipConfig {
            advertise_extended_length: false,
            ..ChipConfig::default()
        },
    };
    config.misbehaviour = match byte >> 2 & 7 {
        1 => Some(Misbehaviour::WrongResponseMac),
        2 => Some(Misbehaviour::PlainStatusWord),
        3 => Some(Misbehaviour::TruncatedResponse),
        4 | 5 => Some(Misbehaviour::RemovedAfter(usize::from(byte >> 5) * 3)),
        _ => None,
    };
    config
}

fn not_passed(outcome: Option<&ProtocolOutcome>, what: &str) {
    assert!(
        !matches!(outcome, Some(ProtocolOutcome::Passed { .. })),
        "{what} passed on a chip without its key"
    );
}

/// The pipeline over a software chip with BAC, the limits and misbehaviour `how` picks, and
/// the files `records` give (records as [`crate::verify`]'s fuzz input: tag, 2-byte length,
/// bytes).
fn check_pipeline(how: u8, records: &[u8]) {
    let Some(files) = crate::verify::fuzz_input(records).map(|i| i.files) else {
        return;
    };
    let config = config(how);
    let honest = config.misbehaviour.is_none();
    let chip = EmulatedChip::new(config, [7; 32])
        .with_files(files.clone())
        .with_bac(MRZ_INFORMATION);
    let total: usize = files.values().map(Vec::len).sum();
    let limit = 256 + files.len() * 24 + total / 16;
    let mut channel = Counted {
        chip,
        apdus: 0,
        limit,
    };
    let options = InspectOptions::new(AccessKey::Mrz(MRZ_INFORMATION.to_vec()));
    let mut rng = RecordedRandoms::new((0..=255u8).cycle().take(8192).collect());
    let mut progress = |e: &ProgressEvent| {
        if let Stage::ReadFile(_) = e.stage {
            assert!(e.total.is_none_or(|t| t <= MAX_FILE_LEN && e.done <= t));
        }
        true
    };
    let result = read_chip(&mut channel, &options, &mut rng, &mut progress);
    assert!(
        channel.apdus <= limit,
        "{} APDUs for {total} bytes of files",
        channel.apdus
    );
    let Ok(input) = result else {
        return;
    };
    not_passed(input.chip_authentication.as_ref(), "chip authentication");
    not_passed(
        input.active_authentication.as_ref(),
        "active authentication",
    );
    for (file, bytes) in &input.files {
        assert!(bytes.len() <= MAX_FILE_LEN);
        if honest {
            let served = files.get(file).map(Vec::as_slice).unwrap_or_default();
            assert!(
                served.starts_with(bytes),
                "{} read differs from the file served",
                file.name()
            );
        }
    }
}

/// Input: one byte whose low bit chooses the read loop alone (see
/// `chip::read_fuzz::check_read_loop`) or the desk pipeline (the other bits pick the software
/// chip's limits and misbehaviour), then that part's input.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let Some((&how, rest)) = data.split_first() else {
        return;
    };
    if how & 1 == 0 {
        crate::chip::testing::read_fuzz::check_read_loop(rest);
    } else {
        check_pipeline(how >> 1, rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::demo::specimen_passport;
    use crate::verify::DocumentInput;

    /// The committed seeds: files read whole, in short reads with a 4-byte first read,
    /// beyond 32767 bytes (odd INS), an indefinite length with misbehaviours; and the pipeline
    /// over the specimen passport's files (without its face) on three chips.
    fn seeds() -> Vec<(String, Vec<u8>)> {
        let (_, mut files) = specimen_passport();
        files.remove(&FileId::Dg2);
        let records = crate::verify::fuzz::encode(&DocumentInput::from_files(files));
        let pipeline = |how: u8| [&[1 | how << 1][..], &records].concat();
        vec![
            (
                "read_whole".into(),
                vec![0, 0x00, 0x01, 0x00, 4, 0x75, 0x82, 0x01, 0xFC],
            ),
            (
                "read_short_by_fid".into(),
                vec![0, 0x63, 0x01, 0x2C, 4, 0x75, 0x82, 0x02, 0x54, 1, 3, 0, 1],
            ),
            (
                "read_odd_ins".into(),
                vec![0, 0x00, 0x90, 0x00, 5, 0x75, 0x83, 0x01, 0x1F, 0xFB],
            ),
            (
                "read_indefinite".into(),
                vec![
                    0, 0x40, 0x00, 0x80, 2, 0x30, 0x80, 1, 3, 2, 0xC2, 0x90, 0x00,
                ],
            ),
            ("pipeline".into(), pipeline(0)),
            ("pipeline_short_reads".into(), pipeline(1)),
            ("pipeline_truncated".into(), pipeline(3 << 2)),
        ]
    }

    use crate::chip::FileId;

    #[test]
    fn the_seeds_hold() {
        for (name, seed) in seeds() {
            fuzz_check(&seed);
            crate::write_fuzz_seed("read_loop", &format!("seed_{name}"), &seed);
        }
    }
}
