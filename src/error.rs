//! The crate's error type: one variant per module, each wrapping that module's own error enum.
//! The C ABI maps these variants to stable numeric codes.

/// Any error idverify reports.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Bytes that are not valid BER-TLV.
    #[error(transparent)]
    Tlv(#[from] crate::tlv::TlvError),
    /// CMS, certificates, trust store, master lists.
    #[error(transparent)]
    Pki(#[from] crate::pki::PkiError),
}
