//! What a verification starts from: the MRZ read optically, the chip's files (read live or
//! from a dump), EF.SOD, and the results of the chip protocols as far as they ran.

use super::optical_origin::MrzTextSource;
use super::scanned::ScannedImage;
use crate::chip::FileId;
use std::collections::BTreeMap;

/// How the terminal got access to the chip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AccessProtocol {
    /// Basic Access Control (ICAO 9303-11 §4.3).
    Bac,
    /// PACE (ICAO 9303-11 §4.4).
    Pace,
}

/// The result of a chip protocol (access control, active or chip authentication).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolOutcome {
    /// The protocol ran and the chip proved what it had to.
    Passed {
        /// What was used (algorithm, key reference), for the evidence.
        detail: String,
    },
    /// The protocol ran and failed (wrong response, wrong signature).
    Failed {
        /// Why.
        reason: String,
    },
    /// The protocol could not run with this chip or terminal (algorithm not implemented).
    Unsupported {
        /// Why.
        reason: String,
    },
}

/// One file read from the chip, with its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRead {
    /// The file.
    pub file: FileId,
    /// APDUs spent on it.
    pub apdus: usize,
    /// Milliseconds spent on it.
    pub millis: u64,
}

/// How a chip was read: the access protocol and the costs, as the caller measured them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChipRead {
    /// The reader's name.
    pub reader: Option<String>,
    /// BAC or PACE, and whether it succeeded.
    pub access: Option<(AccessProtocol, ProtocolOutcome)>,
    /// APDUs of the access protocol (SELECT included).
    pub access_apdus: usize,
    /// Milliseconds of the access protocol.
    pub access_millis: u64,
    /// Every file read, in order.
    pub files: Vec<FileRead>,
    /// Files the chip listed but refused to give (e.g. DG3/DG4 behind extended access
    /// control), in order.
    pub not_readable: Vec<FileId>,
    /// APDUs in total.
    pub apdus: usize,
    /// Bytes sent to the chip in total.
    pub bytes_sent: usize,
    /// Bytes received from the chip in total.
    pub bytes_received: usize,
    /// Milliseconds for the whole read.
    pub millis: u64,
}

/// A document to verify. Any part may be missing; checks that need it report `not_checked`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentInput {
    /// The MRZ as read optically (lines separated by newlines), typed or sent by a serial
    /// reader. When absent, the MRZ read from the white image (else the infrared one) of
    /// [`DocumentInput::images`] is the optical MRZ.
    pub optical_mrz: Option<String>,
    /// Where [`DocumentInput::optical_mrz`] came from (for the report).
    pub optical_mrz_source: MrzTextSource,
    /// The chip's files by file: EF.COM, EF.SOD, DG1..DG16 (whole files with their tags).
    pub files: BTreeMap<FileId, Vec<u8>>,
    /// How the chip was read, when it was read live.
    pub chip: Option<ChipRead>,
    /// Active authentication (ICAO 9303-11 §6.1), when it ran.
    pub active_authentication: Option<ProtocolOutcome>,
    /// Chip authentication (ICAO 9303-11 §6.2, BSI TR-03110), when it ran.
    pub chip_authentication: Option<ProtocolOutcome>,
    /// Terminal authentication (BSI TR-03110-3), when the terminal tried it.
    pub terminal_authentication: Option<TerminalAuthInput>,
    /// The German eID application, when terminal authentication granted eID rights.
    pub eid: Option<EidInput>,
    /// The scanner's images of the document (white, infrared, ultraviolet light), in the
    /// order the scanner delivered them.
    pub images: Vec<ScannedImage>,
}

/// What was read of the eID application (BSI TR-03110-4 §3.1), for `chip.eid_application`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EidInput {
    /// Why the application could not be selected, when it could not.
    pub select_error: Option<String>,
    /// The data groups read, by number (whole files with their application tags).
    pub read: BTreeMap<u8, Vec<u8>>,
    /// Data groups the rights grant but the chip refused or does not hold, with its status.
    pub refused: Vec<(u8, String)>,
    /// Data groups the terminal's effective rights do not grant (not asked for).
    pub not_granted: Vec<u8>,
}

/// What terminal authentication did (BSI TR-03110-3 §B.3), for `chip.terminal_authentication`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TerminalAuthInput {
    /// Whether the chip accepted the terminal, and why not.
    pub outcome: ProtocolOutcome,
    /// The terminal certificate's holder reference, when a chain was chosen.
    pub terminal: Option<String>,
    /// The CVCA the chain starts from.
    pub cvca: Option<String>,
    /// The effective access rights (English names, e.g. `read DG3`) the chain grants.
    pub rights: Vec<String>,
    /// Files the chip refused to serve (6982) after TA, by name.
    pub refused: Vec<String>,
}

impl DocumentInput {
    /// A document known only by its optically read MRZ.
    pub fn optical(mrz: &str) -> Self {
        DocumentInput {
            optical_mrz: Some(mrz.to_string()),
            ..Self::default()
        }
    }

    /// A document from its files (read from a chip or a dump).
    pub fn from_files(files: impl IntoIterator<Item = (FileId, Vec<u8>)>) -> Self {
        DocumentInput {
            files: files.into_iter().collect(),
            ..Self::default()
        }
    }

    /// Adds or replaces one file.
    pub fn with_file(mut self, file: FileId, bytes: Vec<u8>) -> Self {
        self.files.insert(file, bytes);
        self
    }

    /// Sets the optically read MRZ.
    pub fn with_optical_mrz(mut self, mrz: &str) -> Self {
        self.optical_mrz = Some(mrz.to_string());
        self
    }

    /// Adds a scanned image.
    pub fn with_image(mut self, image: ScannedImage) -> Self {
        self.images.push(image);
        self
    }

    /// The data groups (number, bytes) in number order.
    pub fn data_groups(&self) -> Vec<(u8, &[u8])> {
        self.files
            .iter()
            .filter_map(|(f, b)| Some((f.data_group_number()?, b.as_slice())))
            .collect()
    }
}
