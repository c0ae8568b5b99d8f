//! The crate's error type: one variant per module, each wrapping that module's own error enum.
//! The C ABI maps these variants to stable numeric codes.

/// Any error idverify reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bytes that are not valid BER-TLV.
    #[error(transparent)]
    Tlv(#[from] crate::tlv::TlvError),
    /// A chip file that is not what its file type requires.
    #[error(transparent)]
    Lds(#[from] crate::lds::LdsError),
    /// Text that is not a valid MRZ, or unusable key material.
    #[error(transparent)]
    Mrz(#[from] crate::mrz::MrzError),
    /// Talking to the chip failed: transport, status word, secure messaging, BAC, reading.
    #[error(transparent)]
    Chip(#[from] crate::chip::ChipError),
    /// CMS, certificates, trust store, master lists.
    #[error(transparent)]
    Pki(#[from] crate::pki::PkiError),
    /// A capture bundle (scan folder) that cannot be read or written.
    #[error(transparent)]
    Capture(#[from] crate::capture::CaptureError),
    /// A terminal's certificates or key for Terminal Authentication that do not load.
    #[error(transparent)]
    TerminalLoad(#[from] crate::terminal::load::TerminalLoadError),
}
