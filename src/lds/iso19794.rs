//! The biometric data blocks of DG3 and DG4 read as ISO/IEC 19794 records (ICAO 9303-10
//! §4.7.3-4.7.4): which record a block holds, and the bounds-checked big-endian reader both
//! the finger (19794-4) and the iris (19794-6) parser use.

use super::{
    LdsError,
    cbeff::{BDB_CONSTRUCTED, BiometricTemplate},
    iso19794_4::FingerRecord,
    iso19794_6::IrisRecord,
};
use serde::Serialize;

/// What one biometric data block of DG3 or DG4 holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "format", rename_all = "snake_case")]
pub enum BiometricRecord {
    /// An ISO/IEC 19794-4:2005 finger image record ("FIR\0").
    Finger(FingerRecord),
    /// An ISO/IEC 19794-6:2005 iris image record ("IIR\0").
    Iris(IrisRecord),
    /// An ISO/IEC 39794 (ASN.1, tag 7F2E) block: kept, not interpreted.
    Iso39794,
}

impl BiometricRecord {
    /// Reads the data block of `template` in a DG3 (`iris == false`) or DG4 data group.
    /// A binary block (5F2E) must be the record the data group calls for.
    pub(crate) fn parse(
        template: &BiometricTemplate,
        iris: bool,
        file: &'static str,
    ) -> Result<Self, LdsError> {
        if template.data_tag == BDB_CONSTRUCTED {
            return Ok(BiometricRecord::Iso39794);
        }
        if iris {
            IrisRecord::parse(&template.data, file).map(BiometricRecord::Iris)
        } else {
            FingerRecord::parse(&template.data, file).map(BiometricRecord::Finger)
        }
    }
}

/// Big-endian reader over one record; every read is bounds-checked and a short read names
/// the record and the field.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    file: &'static str,
    record: &'static str,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8], file: &'static str, record: &'static str) -> Self {
        Reader {
            data,
            pos: 0,
            file,
            record,
        }
    }

    /// Bytes read so far.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// The error for this record: `what` is a static description.
    pub fn error(&self, what: &'static str) -> LdsError {
        LdsError::Malformed {
            file: self.file,
            what,
        }
    }

    pub fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8], LdsError> {
        let end = self.pos.checked_add(n).ok_or(self.error(field))?;
        let s = self.data.get(self.pos..end).ok_or(self.error(field))?;
        self.pos = end;
        Ok(s)
    }

    /// An unsigned big-endian number of `n` (at most 8) bytes.
    pub fn uint(&mut self, n: usize, field: &'static str) -> Result<u64, LdsError> {
        let b = self.take(n, field)?;
        Ok(b.iter().fold(0u64, |a, &x| (a << 8) | u64::from(x)))
    }

    pub fn u8(&mut self, field: &'static str) -> Result<u8, LdsError> {
        Ok(self.take(1, field)?.first().copied().unwrap_or_default())
    }

    pub fn u16(&mut self, field: &'static str) -> Result<u16, LdsError> {
        u16::try_from(self.uint(2, field)?).map_err(|_| self.error(field))
    }

    /// The 4-byte format identifier and the 4-byte version ("010\0") of a general header;
    /// the version returned without its NUL.
    pub fn magic_and_version(&mut self, magic: &[u8; 4]) -> Result<String, LdsError> {
        if self.take(4, self.record)? != magic {
            return Err(self.error(self.record));
        }
        let v = self.take(4, self.record)?;
        // Each byte as one character, so any four bytes re-encode unchanged.
        Ok(v.iter()
            .map(|&b| char::from(b))
            .collect::<String>()
            .trim_end_matches('\0')
            .to_string())
    }

    /// The record's own length field must cover at least what was read and at most the
    /// data present; the record is then cut to it.
    pub fn limit_to(&mut self, record_length: u64, what: &'static str) -> Result<(), LdsError> {
        let len = usize::try_from(record_length).map_err(|_| self.error(what))?;
        if len < self.pos || len > self.data.len() {
            return Err(self.error(what));
        }
        self.data = self.data.get(..len).ok_or(self.error(what))?;
        Ok(())
    }

    /// Whether every byte of the (limited) record has been read.
    pub fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }
}

/// Writes a version string as the 4 bytes of a general header ("010" → "010\0").
pub(crate) fn version_bytes(version: &str) -> [u8; 4] {
    let mut v = [0u8; 4];
    for (slot, c) in v.iter_mut().zip(version.chars()) {
        *slot = u8::try_from(c).unwrap_or(b'?');
    }
    v
}
