//! The errors of CMS, certificate, trust-store and master-list parsing.
//! Verification outcomes are not errors: they are statuses in the passive-authentication result.

use crate::tlv::TlvError;

/// Why a CMS structure, certificate, CRL or master list could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PkiError {
    /// The bytes are not valid BER-TLV.
    #[error("malformed encoding: {0}")]
    Tlv(#[from] TlvError),
    /// A structure is missing a field or has an unexpected tag.
    #[error("malformed {structure}: {detail}")]
    Malformed {
        /// Which structure, e.g. `SignedData` or `SignerInfo`.
        structure: &'static str,
        /// What was wrong.
        detail: String,
    },
    /// The CMS content type is not the one expected (e.g. not SignedData).
    #[error("unexpected content type {found}, expected {expected}")]
    ContentType {
        /// The OID found.
        found: String,
        /// What was expected.
        expected: &'static str,
    },
    /// An X.509 certificate or CRL that x509-parser rejects.
    #[error("bad certificate or CRL: {0}")]
    Certificate(String),
    /// A file of a trust-store input could not be read.
    #[error("cannot read {path}: {detail}")]
    Io {
        /// The path.
        path: String,
        /// The OS error text.
        detail: String,
    },
    /// A master list whose own signature or signer chain does not verify.
    #[error("master list not trusted: {0}")]
    MasterListUntrusted(String),
    /// A deviation list whose own signature or signer chain does not verify.
    #[error("deviation list not trusted: {0}")]
    DeviationListUntrusted(String),
    /// A CSCA master list offered to a store that has no master-list root configured: master
    /// lists are trusted only through roots configured for that purpose.
    #[error(
        "CSCA master list refused: no master-list root configured (a master list is trusted only through an explicitly configured root, e.g. its State's CSCA)"
    )]
    NoMasterListRoot,
    /// An LDIF file that breaks the syntax (RFC 2849).
    #[error("{0}")]
    Ldif(String),
    /// An entry of an LDIF file (ICAO PKD download) whose content was refused.
    #[error("LDIF entry {dn} (line {line}): {reason}")]
    LdifEntry {
        /// The entry's distinguished name.
        dn: String,
        /// The line it starts on.
        line: usize,
        /// Why it was refused.
        reason: String,
    },
    /// A CRL this library refuses to use (e.g. a delta CRL).
    #[error("CRL refused: {0}")]
    CrlRefused(String),
}

/// Shorthand for a [`PkiError::Malformed`].
pub(crate) fn malformed(structure: &'static str, detail: impl Into<String>) -> PkiError {
    PkiError::Malformed {
        structure,
        detail: detail.into(),
    }
}
