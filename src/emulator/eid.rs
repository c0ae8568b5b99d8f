//! The emulated chip's German eID application (BSI TR-03110-4 §3.1): selection by its AID,
//! its data groups DG1..DG22 (FID 01nn, short EF identifier nn) and which one is current.

use crate::chip::{CommandApdu, StatusWord};
use crate::lds::{EID_AID, EID_DATA_GROUPS, eid_fid};
use std::collections::BTreeMap;

/// The eID application's files and selection state.
#[derive(Debug, Default)]
pub(crate) struct ChipEid {
    files: BTreeMap<u8, Vec<u8>>,
    selected: bool,
    current: Option<u8>,
}

impl ChipEid {
    /// Serves `bytes` as eID DG`n`.
    pub(crate) fn insert(&mut self, n: u8, bytes: Vec<u8>) {
        self.files.insert(n, bytes);
    }

    /// The bytes of eID DG`n`.
    pub(crate) fn file(&self, n: u8) -> Option<&[u8]> {
        self.files.get(&n).map(Vec::as_slice)
    }

    /// Whether the eID application is the current one.
    pub(crate) fn selected(&self) -> bool {
        self.selected
    }

    /// Leaves the application (reset, another SELECT).
    pub(crate) fn deselect(&mut self) {
        self.selected = false;
        self.current = None;
    }

    /// Handles a SELECT that concerns the eID application: its AID (P1 = 04) when the chip
    /// has one, or a data group's FID (P1 = 00/02) while it is selected. Any other SELECT
    /// leaves the application and returns `None` for the eMRTD side to answer.
    pub(crate) fn select(&mut self, cmd: &CommandApdu) -> Option<Result<(), StatusWord>> {
        match (cmd.p1, cmd.data.as_slice()) {
            (0x04, aid) if aid == EID_AID && !self.files.is_empty() => {
                self.selected = true;
                self.current = None;
                Some(Ok(()))
            }
            (0x00 | 0x02, &[hi, lo]) if self.selected && hi == 0x01 => {
                let n = (1..=EID_DATA_GROUPS).find(|&n| eid_fid(n) == u16::from_be_bytes([hi, lo]));
                match n.filter(|n| self.files.contains_key(n)) {
                    Some(n) => {
                        self.current = Some(n);
                        Some(Ok(()))
                    }
                    None => Some(Err(StatusWord::FILE_NOT_FOUND)),
                }
            }
            _ => {
                self.deselect();
                None
            }
        }
    }

    /// The data group a READ BINARY addresses: by short EF identifier (which becomes
    /// current) or the current one.
    pub(crate) fn target(&mut self, sfi: Option<u8>) -> Option<u8> {
        if let Some(n) = sfi {
            self.current = (1..=EID_DATA_GROUPS).contains(&n).then_some(n);
        }
        self.current
    }
}
