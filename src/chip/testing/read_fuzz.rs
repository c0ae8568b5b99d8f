//! The file read loop against a chip that serves one file the fuzzer shapes (its length, its
//! first bytes, the largest read it takes) and misbehaves when the fuzzer says so: refusing
//! sizes, answering short, asking for an exact length, or answering arbitrary bytes.

use crate::chip::session::read::{Header, MAX_FILE_LEN, ReadOptions, header};
use crate::chip::{CardChannel, ChannelError, ChipSession, CommandApdu, FileId};

/// The largest read the chip takes, and whether it takes extended length at all.
const LIMITS: [(usize, bool); 8] = [
    (65536, true),
    (4096, true),
    (223, false),
    (231, false),
    (160, false),
    (64, false),
    (32, false),
    (1, false),
];

/// First reads the reader may be told to make.
const FIRST_READS: [Option<usize>; 5] = [None, Some(4), Some(1), Some(0), Some(300)];

/// The most file bytes DO'53' carries within `ne` bytes.
fn do53_room(ne: usize) -> usize {
    (2..=5)
        .map(|header| ne.saturating_sub(header))
        .find(|&n| {
            let mut len = Vec::new();
            crate::tlv::encode_length(n, &mut len);
            n + 1 + len.len() <= ne
        })
        .unwrap_or(0)
        .max(1)
}

/// The chip: one file, a misbehaviour script, and what it has done.
struct FileChip<'a> {
    file: Vec<u8>,
    max_read: usize,
    extended: bool,
    script: &'a [u8],
    /// Whether every answer so far was one an honest chip may give.
    honest: bool,
    commands: usize,
    limit: usize,
}

impl FileChip<'_> {
    fn honest_answer(&self, cmd: &CommandApdu, extended: bool) -> (Vec<u8>, u16) {
        let ne = cmd.ne_bytes();
        if (extended && !self.extended) || ne > self.max_read {
            return (Vec::new(), 0x6700);
        }
        let (offset, odd) = match cmd.ins {
            0xB0 if cmd.p1 & 0x80 != 0 => (usize::from(cmd.p2), false),
            0xB0 => (usize::from(cmd.p1 & 0x7F) << 8 | usize::from(cmd.p2), false),
            0xB1 => {
                let Ok((obj, _)) = crate::tlv::parse_one(&cmd.data) else {
                    return (Vec::new(), 0x6A80);
                };
                let offset = obj.value.iter().fold(0usize, |acc, &b| {
                    acc.saturating_mul(256).saturating_add(usize::from(b))
                });
                (offset, true)
            }
            0xA4 => return (Vec::new(), 0x9000),
            _ => return (Vec::new(), 0x6D00),
        };
        if offset >= self.file.len() {
            return (Vec::new(), 0x6B00);
        }
        // Odd INS: the bytes go in DO'53', whose header takes part of Ne.
        let room = if odd { do53_room(ne) } else { ne };
        let end = offset.saturating_add(room).min(self.file.len());
        let bytes = self.file.get(offset..end).unwrap_or_default();
        let sw = if end - offset < room { 0x6282 } else { 0x9000 };
        if odd {
            (crate::tlv::tlv(0x53, bytes), sw)
        } else {
            (bytes.to_vec(), sw)
        }
    }
}

impl CardChannel for FileChip<'_> {
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ChannelError> {
        self.commands += 1;
        if self.commands > self.limit {
            return Err(ChannelError::CardRemoved);
        }
        let Ok((cmd, extended)) = CommandApdu::parse(command) else {
            return Ok(vec![0x67, 0x00]);
        };
        let (mut data, mut sw) = self.honest_answer(&cmd, extended);
        if let Some((&s, rest)) = self.script.split_first() {
            self.script = rest;
            match s {
                0xC0..=0xFF => {
                    // Arbitrary bytes as the whole response.
                    let n = usize::from(s & 0x3F).min(self.script.len());
                    let (raw, rest) = self.script.split_at(n);
                    self.script = rest;
                    self.honest = false;
                    return Ok(raw.to_vec());
                }
                _ => match s % 6 {
                    1 if sw == 0x9000 && data.len() > 1 && cmd.ins == 0xB0 => {
                        // Fewer bytes than asked: honest, the reader asks for the rest; but
                        // for a file without a length it looks like the end.
                        if header(&self.file) == Header::Indefinite {
                            self.honest = false;
                        }
                        data.truncate(data.len() / 2);
                    }
                    2 if sw == 0x9000 => {
                        self.honest = false;
                        (data, sw) = (Vec::new(), 0x6700);
                    }
                    // "Wrong Le, here is the right one": the reader sends again. An honest
                    // chip says so only when the Le asked for was not already that length.
                    3 if sw == 0x9000
                        && cmd.ins == 0xB0
                        && !data.is_empty()
                        && cmd.ne_bytes() != data.len().min(255) =>
                    {
                        let exact = data.len().min(255) as u16;
                        (data, sw) = (Vec::new(), 0x6C00 | exact);
                        if exact == 0 {
                            sw = 0x9000;
                        }
                    }
                    4 => {
                        self.honest = false;
                        (data, sw) = (Vec::new(), 0x6982);
                    }
                    _ => {}
                },
            }
        }
        data.extend(sw.to_be_bytes());
        Ok(data)
    }

    fn extended_length_hint(&self) -> Option<bool> {
        None
    }
}

/// The read loop's property: reading one file never panics, never takes more APDUs than the
/// file and the misbehaviours account for, never holds more than [`MAX_FILE_LEN`] bytes, and
/// from a chip that only gave honest answers returns exactly the file its header describes.
/// Input: an options byte (select by FID, first read, the chip's limits), a 2-byte file length
/// (doubled, so beyond the 32767 bytes B0 addresses), a length byte and the file's first bytes
/// (the rest counts up), then the misbehaviour script.
pub(crate) fn check_read_loop(data: &[u8]) {
    let [opts, hi, lo, head_len, rest @ ..] = data else {
        return;
    };
    let len = (usize::from(*hi) << 8 | usize::from(*lo)) * 2;
    let (head, script) = rest.split_at(usize::from(*head_len).min(rest.len()));
    let mut file: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    for (f, h) in file.iter_mut().zip(head) {
        *f = *h;
    }
    let (max_read, extended) = LIMITS
        .get(usize::from(opts >> 4) % LIMITS.len())
        .copied()
        .unwrap_or((65536, true));
    let options = ReadOptions {
        select_by_fid: opts & 1 != 0,
        first_read: FIRST_READS
            .get(usize::from(opts >> 1 & 7) % FIRST_READS.len())
            .copied()
            .flatten(),
    };
    let limit = 2 * script.len() + 64 + len / 8;
    let mut chip = FileChip {
        file: file.clone(),
        max_read,
        extended,
        script,
        honest: true,
        commands: 0,
        limit,
    };
    let mut session = ChipSession::new(&mut chip);
    let mut last_done = 0;
    let mut observe = |done: usize, total: Option<usize>| {
        assert!(
            done >= last_done,
            "the read went back from {last_done} to {done}"
        );
        assert!(total.is_none_or(|t| t <= MAX_FILE_LEN && done < t));
        last_done = done;
        true
    };
    let result = session.read_file_observed(FileId::Dg2, &options, &mut observe);
    drop(session);
    assert!(
        chip.commands <= limit,
        "{} APDUs for a {len}-byte file",
        chip.commands
    );
    if let Ok((bytes, stats)) = &result {
        assert!(bytes.len() <= MAX_FILE_LEN);
        assert_eq!(stats.file_bytes, bytes.len());
    }
    if !chip.honest {
        return;
    }
    let expected = match header(&file) {
        Header::Complete(t) if t <= file.len() => file.get(..t),
        Header::Indefinite => Some(file.as_slice()),
        _ => None,
    };
    if let Some(expected) = expected
        && max_read > 1
    {
        match &result {
            Ok((bytes, _)) => assert!(bytes == expected, "an honest chip's file read wrong"),
            Err(e) => panic!("an honest chip's file did not read: {e}"),
        }
    }
}
