//! Reading elementary files (ISO/IEC 7816-4 §11.2.3, ICAO 9303-10 §4.6): READ BINARY by
//! short file ID or after SELECT, the TLV header to learn the length, then the largest
//! chunks the chip takes: extended length (Le = 0000) where it works, otherwise falling back
//! 223 → 192 → 160 → … without losing SM sync (the refusal is itself protected); odd INS B1
//! with DO'54' beyond offset 32767. Counts APDUs and bytes per file.

pub use super::read_state::{MAX_FILE_LEN, SHORT_READ_SIZES};
use crate::chip::session::ChipSession;
use crate::chip::transport::apdu::{CommandApdu, ResponseApdu, SHORT_NE_MAX};
use crate::chip::transport::exchange::Counters;
use crate::chip::{CardChannel, ChipError, StatusWord};
use crate::lds::FileId;
use crate::tlv;

/// The largest offset READ BINARY with even INS can address (15 bits).
const MAX_EVEN_OFFSET: usize = 0x7FFF;

/// How to read one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// SELECT the file by FID first (else the first READ BINARY selects it by SFI).
    pub select_by_fid: bool,
    /// Read only this many bytes first (e.g. 4 to learn the length); `None`: the largest
    /// chunk, which for most files is the whole file.
    pub first_read: Option<usize>,
}

/// What reading one file took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadStats {
    /// The file's length in bytes.
    pub file_bytes: usize,
    /// APDUs exchanged for it (including SELECT, GET RESPONSE, refused sizes).
    pub apdus: usize,
    /// Bytes of command APDUs sent.
    pub bytes_sent: usize,
    /// Bytes of response APDUs received.
    pub bytes_received: usize,
}

/// The outer TLV header of a file's first bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Header {
    /// Header and value together are this long.
    Complete(usize),
    /// The length is indefinite (0x80): read to the end of the file.
    Indefinite,
    /// More bytes are needed to see the whole header.
    Incomplete,
    /// Not a BER-TLV header.
    Invalid,
}

pub(crate) fn header(data: &[u8]) -> Header {
    let Some(&first) = data.first() else {
        return Header::Incomplete;
    };
    if first == 0x00 || first == 0xFF {
        return Header::Invalid;
    }
    let mut pos = 1;
    if first & 0x1F == 0x1F {
        loop {
            let Some(&b) = data.get(pos) else {
                return Header::Incomplete;
            };
            pos += 1;
            if pos > 4 {
                return Header::Invalid;
            }
            if b & 0x80 == 0 {
                break;
            }
        }
    }
    let Some(&len0) = data.get(pos) else {
        return Header::Incomplete;
    };
    pos += 1;
    let value_len = match len0 {
        0x00..=0x7F => usize::from(len0),
        0x80 => return Header::Indefinite,
        0x81..=0x84 => {
            let n = usize::from(len0 & 0x7F);
            let Some(bytes) = data.get(pos..pos + n) else {
                return Header::Incomplete;
            };
            pos += n;
            bytes
                .iter()
                .fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
        }
        _ => return Header::Invalid,
    };
    match pos.checked_add(value_len) {
        Some(total) if total <= MAX_FILE_LEN => Header::Complete(total),
        _ => Header::Invalid,
    }
}

/// DO'54' with the offset in the fewest bytes (ISO/IEC 7816-4 §11.2.3, odd INS).
fn offset_object(offset: usize) -> Vec<u8> {
    let bytes = (offset as u32).to_be_bytes();
    let skip = bytes.iter().take_while(|&&b| b == 0).count().min(3);
    tlv::tlv(0x54, &bytes[skip..])
}

/// An elementary file to read: its name (in errors), short EF identifier and file identifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ef {
    /// The name errors and reports use.
    pub name: String,
    /// The short EF identifier (1..=30) for READ BINARY by SFI.
    pub sfi: u8,
    /// The file identifier for SELECT.
    pub fid: u16,
}

impl Ef {
    /// The eMRTD (or MF) file `file`.
    pub fn of(file: FileId) -> Self {
        Ef {
            name: file.name().to_string(),
            sfi: file.sfi(),
            fid: file.fid(),
        }
    }
}

/// The size of a DO'53' header around `n` bytes.
fn do53_overhead(n: usize) -> usize {
    let mut len = Vec::new();
    tlv::encode_length(n, &mut len);
    1 + len.len()
}

impl<C: CardChannel> ChipSession<C> {
    /// Reads a whole file the fastest way the chip allows (READ BINARY by SFI).
    pub fn read_file(&mut self, file: FileId) -> Result<(Vec<u8>, ReadStats), ChipError> {
        self.read_file_with(file, &ReadOptions::default())
    }

    /// Reads a whole file as `opts` says.
    pub fn read_file_with(
        &mut self,
        file: FileId,
        opts: &ReadOptions,
    ) -> Result<(Vec<u8>, ReadStats), ChipError> {
        self.read_file_observed(file, opts, &mut |_, _| true)
    }

    /// Reads a whole file as `opts` says, calling `observe(bytes_read, file_length)` before
    /// every READ BINARY (the length is `None` until the file's header was read); when it
    /// returns false the read stops there with [`ChipError::Cancelled`], no APDU half sent.
    pub fn read_file_observed(
        &mut self,
        file: FileId,
        opts: &ReadOptions,
        observe: &mut dyn FnMut(usize, Option<usize>) -> bool,
    ) -> Result<(Vec<u8>, ReadStats), ChipError> {
        self.read_ef_observed(&Ef::of(file), opts, observe)
    }

    /// Reads any elementary file of the selected application (e.g. an eID data group) as
    /// [`Self::read_file_observed`] does.
    pub fn read_ef_observed(
        &mut self,
        file: &Ef,
        opts: &ReadOptions,
        observe: &mut dyn FnMut(usize, Option<usize>) -> bool,
    ) -> Result<(Vec<u8>, ReadStats), ChipError> {
        let start = self.counters();
        let name = file.name.as_str();
        if opts.select_by_fid {
            self.select_fid(file.fid, name)?;
        }
        let mut data: Vec<u8> = Vec::new();
        let mut total: Option<usize> = None;
        let mut indefinite = false;
        loop {
            let offset = data.len();
            if total.is_some_and(|t| offset >= t) {
                break;
            }
            if offset >= MAX_FILE_LEN {
                return Err(ChipError::ReadFailed {
                    file: name.into(),
                    reason: format!("longer than {MAX_FILE_LEN} bytes"),
                });
            }
            let cap = self.read.max_ne();
            let wanted = match (offset, total) {
                (0, _) => opts.first_read.unwrap_or(cap).clamp(1, cap),
                (_, Some(t)) => (t - offset).min(cap),
                (_, None) => cap,
            };
            if !observe(offset, total) {
                return Err(ChipError::Cancelled);
            }
            let by_sfi = offset == 0 && !opts.select_by_fid;
            let (resp, ne, wanted) = self.read_binary(file, offset, wanted, by_sfi)?;
            match resp.sw {
                StatusWord::SUCCESS | StatusWord::END_OF_FILE => {}
                StatusWord::WRONG_LENGTH => {
                    if self.read.shrink(ne) {
                        continue;
                    }
                    return Err(ChipError::ReadFailed {
                        file: name.into(),
                        reason: format!("the chip refused every read size down to {ne} bytes"),
                    });
                }
                StatusWord::OFFSET_OUTSIDE_EF if indefinite && offset > 0 => break,
                sw => {
                    return Err(ChipError::Status {
                        command: format!("READ BINARY {name} at offset {offset}"),
                        sw,
                    });
                }
            }
            if ne > SHORT_NE_MAX && self.read.extended.is_none() {
                self.read.extended = Some(true);
            }
            let eof = resp.sw == StatusWord::END_OF_FILE;
            let got = resp.data;
            if got.is_empty() {
                if indefinite {
                    break;
                }
                return Err(ChipError::FileTruncated {
                    file: name.into(),
                    got: offset,
                    expected: total.unwrap_or(offset),
                });
            }
            let short_read = got.len() < wanted;
            if data.is_empty() {
                data = got;
            } else {
                data.extend_from_slice(&got);
            }
            if total.is_none() && !indefinite {
                match header(&data) {
                    Header::Complete(t) => {
                        total = Some(t);
                        data.truncate(t);
                        data.reserve_exact(t.saturating_sub(data.len()));
                    }
                    Header::Indefinite => indefinite = true,
                    Header::Incomplete => {}
                    Header::Invalid => {
                        return Err(ChipError::BadFileHeader { file: name.into() });
                    }
                }
            }
            if eof || (indefinite && short_read) {
                break;
            }
        }
        if let Some(t) = total
            && data.len() < t
        {
            return Err(ChipError::FileTruncated {
                file: name.into(),
                got: data.len(),
                expected: t,
            });
        }
        let used: Counters = self.counters().since(&start);
        let stats = ReadStats {
            file_bytes: data.len(),
            apdus: used.apdus,
            bytes_sent: used.bytes_sent,
            bytes_received: used.bytes_received,
        };
        Ok((data, stats))
    }

    /// One READ BINARY of up to `wanted` bytes at `offset` (fewer with odd INS when DO'53'
    /// around `wanted` bytes would not fit the largest Ne: an answer filling the Ne asked for
    /// is not a short read); returns the plain response with the file bytes as its data, the
    /// Ne that was asked for and the number of file bytes asked for.
    fn read_binary(
        &mut self,
        file: &Ef,
        offset: usize,
        wanted: usize,
        by_sfi: bool,
    ) -> Result<(ResponseApdu, usize, usize), ChipError> {
        if offset > MAX_EVEN_OFFSET {
            // Odd INS: offset in DO'54', data returned in DO'53'.
            let max = self.read.max_ne();
            let wanted = wanted.min(max.saturating_sub(do53_overhead(max)).max(1));
            let ne = (wanted + do53_overhead(wanted)).min(max);
            let cmd = CommandApdu::new(0x00, 0xB1, 0x00, 0x00)
                .with_data(offset_object(offset))
                .with_le(ne);
            let mut resp = self.exchange(&cmd)?;
            if !resp.data.is_empty() {
                let (obj, _) = tlv::parse_one(&resp.data).map_err(|_| ChipError::ReadFailed {
                    file: file.name.clone(),
                    reason: "READ BINARY (B1) response is not DO'53'".into(),
                })?;
                if obj.tag != 0x53 {
                    return Err(ChipError::ReadFailed {
                        file: file.name.clone(),
                        reason: "READ BINARY (B1) response is not DO'53'".into(),
                    });
                }
                resp.data = obj.value.to_vec();
            }
            return Ok((resp, ne, wanted));
        }
        let (p1, p2) = if by_sfi {
            (0x80 | (file.sfi & 0x1F), offset as u8)
        } else {
            ((offset >> 8) as u8, (offset & 0xFF) as u8)
        };
        let cmd = CommandApdu::new(0x00, 0xB0, p1, p2).with_le(wanted);
        Ok((self.exchange(&cmd)?, wanted, wanted))
    }

    /// Reads EF.COM, then EF.SOD, then every data group EF.COM lists (in its tag list
    /// DO'5C', ICAO 9303-10 §4.6.1), each with its statistics.
    pub fn read_document(&mut self) -> Result<Vec<(FileId, Vec<u8>, ReadStats)>, ChipError> {
        let (com, com_stats) = self.read_file(FileId::Com)?;
        let groups = listed_data_groups(&com);
        let mut out = vec![(FileId::Com, com, com_stats)];
        let (sod, sod_stats) = self.read_file(FileId::Sod)?;
        out.push((FileId::Sod, sod, sod_stats));
        for dg in groups {
            let (bytes, stats) = self.read_file(dg)?;
            out.push((dg, bytes, stats));
        }
        Ok(out)
    }
}

/// The data groups in EF.COM's tag list (DO'5C' inside '60'), in the order listed; unknown
/// tags are skipped.
pub fn listed_data_groups(ef_com: &[u8]) -> Vec<FileId> {
    let Ok((com, _)) = tlv::parse_one(ef_com) else {
        return Vec::new();
    };
    let Some(list) = com.find(0x5C) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &tag in list.value {
        if let Some(f) = FileId::from_lds_tag(tag)
            && !out.contains(&f)
        {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::session::read_state::ReadState;

    #[test]
    fn headers() {
        assert_eq!(header(&[0x60, 0x14, 0x5F, 0x01]), Header::Complete(22));
        assert_eq!(header(&[0x77, 0x82, 0x07]), Header::Incomplete);
        assert_eq!(header(&[0x77, 0x82, 0x07, 0xD0]), Header::Complete(2004));
        assert_eq!(header(&[0x7F, 0x61, 0x81, 0x90]), Header::Complete(148));
        assert_eq!(header(&[0x7F]), Header::Incomplete);
        assert_eq!(header(&[0x30, 0x80, 0x01]), Header::Indefinite);
        assert_eq!(header(&[0x00, 0x01]), Header::Invalid);
        assert_eq!(header(&[0x04, 0x85, 1, 1, 1, 1, 1]), Header::Invalid);
        assert_eq!(
            header(&[0x04, 0x84, 0xFF, 0xFF, 0xFF, 0xFF]),
            Header::Invalid
        );
        assert_eq!(header(&[0x1F, 0x81, 0x81, 0x81, 0x01]), Header::Invalid);
        assert_eq!(header(&[]), Header::Incomplete);
    }

    #[test]
    fn offsets_and_overheads() {
        assert_eq!(offset_object(0x8000), vec![0x54, 0x02, 0x80, 0x00]);
        assert_eq!(offset_object(0x012345), vec![0x54, 0x03, 0x01, 0x23, 0x45]);
        assert_eq!(do53_overhead(100), 2);
        assert_eq!(do53_overhead(200), 3);
        assert_eq!(do53_overhead(60000), 4);
    }

    #[test]
    fn shrinking_steps_down_once_each() {
        let mut s = ReadState::new(None);
        assert_eq!(s.max_ne(), 65536);
        assert!(s.shrink(65536));
        assert_eq!(s.max_ne(), 223);
        assert!(s.shrink(223));
        assert_eq!(s.max_ne(), 192);
        assert!(s.shrink(192));
        assert_eq!(s.max_ne(), 160);
        for _ in 0..4 {
            let n = s.max_ne();
            assert!(s.shrink(n));
        }
        assert_eq!(s.max_ne(), 32);
        assert!(!s.shrink(32));
    }

    #[test]
    fn a_refused_short_length_always_lowers_the_next_read() {
        for start in [None, Some(true)] {
            let mut s = ReadState::new(start);
            assert_eq!(s.max_ne(), 65536);
            // The chip refused 50 bytes (the rest of a file after a 4-byte first read).
            assert!(s.shrink(50));
            assert_eq!(s.max_ne(), 32, "after {start:?}");
            assert!(!s.shrink(32));
        }
    }

    /// The input the `read_loop` fuzz target found: a chip taking at most 32 bytes, a 4-byte
    /// first read by FID, a 54-byte file. It read again and again at the same size.
    #[test]
    fn a_small_first_read_on_a_short_read_chip_ends() {
        crate::chip::testing::read_fuzz::check_read_loop(&[
            99, 1, 48, 46, 52, 46, 48, 46, 49, 50, 55, 46, 48, 46, 55, 46, 50, 46, 50, 46, 49, 44,
            4, 117, 130, 2, 84, 1, 3, 0, 1,
        ]);
    }

    /// The read_loop fuzz target found that an indefinite-length file longer than 32767 +
    /// 65536 bytes lost its end: an odd-INS read asked for 65536 bytes, which DO'53' cannot
    /// carry in an Ne of 65536, so the full answer of 65532 bytes looked short, and a short
    /// answer ends an indefinite-length file.
    #[test]
    fn an_indefinite_length_file_reads_whole_beyond_odd_ins_reads() {
        crate::chip::testing::read_fuzz::check_read_loop(&[0, 0xFF, 0xFF, 2, 0x30, 0x80]);
    }

    #[test]
    fn ef_com_tag_list() {
        let com = hex::decode("60145F0104303130365F36063034303030305C026175").unwrap();
        assert_eq!(listed_data_groups(&com), vec![FileId::Dg1, FileId::Dg2]);
        assert!(listed_data_groups(&[0x60]).is_empty());
        assert!(listed_data_groups(&[0x60, 0x00]).is_empty());
    }
}
