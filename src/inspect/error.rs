//! What can stop the desk pipeline: access control refused, the session broke, the caller
//! cancelled, a trust file that is none of the known kinds, a file that cannot be read.

use crate::chip::ChipError;

/// Why a chip read or a trust-store load did not complete.
#[derive(Debug, thiserror::Error)]
pub enum InspectError {
    /// BAC or PACE failed (wrong MRZ or CAN, no common protocol).
    #[error("access control: {0}")]
    Access(ChipError),
    /// The session with the chip broke while `step` was running.
    #[error("{step}: {source}")]
    Chip {
        /// The step: a file name or a protocol.
        step: String,
        /// What went wrong.
        source: ChipError,
    },
    /// The progress callback asked to stop.
    #[error("cancelled by the caller")]
    Cancelled,
    /// A trust file, a dumped file or a folder that cannot be read, or is not a regular file
    /// of an allowed length.
    #[error("{path}: {reason}")]
    Io {
        /// The file or folder.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// Trust bytes that are neither a certificate, a usable CRL nor a master list that
    /// verifies through a configured master-list root.
    #[error(
        "{what}: not a certificate, a usable CRL or a master list trusted through a master-list root ({reason})"
    )]
    TrustData {
        /// The file, or "bytes".
        what: String,
        /// The last parser's reason.
        reason: crate::pki::PkiError,
    },
    /// A trust snapshot whose manifest is unreadable or whose store does not match it.
    #[error("{path}: trust snapshot refused: {reason}")]
    Snapshot {
        /// The snapshot's file.
        path: String,
        /// Why.
        reason: crate::pki::snapshot::SnapshotError,
    },
    /// A CSCA master list, but no master-list root is configured to check its signer against.
    #[error(
        "{what}: CSCA master list refused: no master-list root configured (master lists are trusted only through an explicitly configured root, e.g. the issuing State's CSCA)"
    )]
    NoMasterListRoot {
        /// The file.
        what: String,
    },
}

impl InspectError {
    /// A chip error during `step`; a cancellation stays a cancellation.
    pub(crate) fn chip(step: impl Into<String>, source: ChipError) -> Self {
        match source {
            ChipError::Cancelled => InspectError::Cancelled,
            source => InspectError::Chip {
                step: step.into(),
                source,
            },
        }
    }
}
