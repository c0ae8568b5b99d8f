//! Card-verifiable certificates (BSI TR-03110-3 Appendix C): CVCA, link, DV and terminal
//! certificates parsed and encoded, their chains checked, and the access rights they grant.

mod cert;
mod chain;
mod chat;
mod date;
#[cfg(any(test, feature = "emulator"))]
mod fuzz;
mod key;
#[cfg(any(test, feature = "emulator"))]
pub mod testing;
#[cfg(test)]
mod tests;
#[cfg(test)]
pub(crate) mod worked_example;

pub use cert::{CertificateBody, CvCertificate};
pub use chain::{
    ChainCheck, ChainError, Validity, verify_chain, verify_issued_by, verify_self_signed,
};
pub use chat::{AccessRight, Chat, Role, TerminalType};
pub use date::CvcDate;
#[cfg(any(test, feature = "emulator"))]
pub use fuzz::fuzz_check as fuzz_check_chain;
pub use key::{CvcKeyAlgorithm, CvcKeyData, CvcPublicKey, EcDomain};

/// Why bytes are not a card-verifiable certificate (or a part of one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CvcError {
    /// Not BER-TLV at all.
    #[error("CV certificate: {0}")]
    Tlv(#[from] crate::tlv::TlvError),
    /// A data object the profile requires is missing.
    #[error("CV certificate: missing {0}")]
    Missing(&'static str),
    /// A data object is present but malformed.
    #[error("CV certificate: bad {what}: {why}")]
    Bad {
        /// Which data object.
        what: &'static str,
        /// What is wrong with it.
        why: String,
    },
}

impl CvcError {
    pub(crate) fn bad(what: &'static str, why: impl Into<String>) -> Self {
        CvcError::Bad {
            what,
            why: why.into(),
        }
    }
}

/// The `cvc` fuzz target's property: parsing any bytes never panics, and a certificate that
/// parses re-encodes (body and signature) to exactly the bytes it was parsed from.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    if let Ok(cert) = CvCertificate::parse(data) {
        let _ = cert.describe();
        let _ = cert.body.chat.granted();
        if let Some(raw) = data.get(..cert.raw.len()) {
            let again = cert.body.encode();
            // Re-encoding is canonical DER; only a canonically encoded input must round-trip.
            if again == cert.body_raw {
                assert_eq!(cert.to_bytes(), raw);
            }
        }
    }
}
