//! The terminal's private key for Terminal Authentication (BSI TR-03110-3 §2.4): a trait the
//! TA protocol signs through, so the key can live in a file or in a PKCS#11 token.

use crate::crypto::signature::SignatureAlgorithm;

/// Why the terminal could not sign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignerError {
    /// The key cannot be reached: token absent, not logged in, key not found, file unreadable.
    #[error("terminal key unavailable: {0}")]
    Unavailable(String),
    /// The key or token refused or failed the signature.
    #[error("terminal signature failed: {0}")]
    Failed(String),
    /// The key file or token object is malformed (truncated, bad encoding, inconsistent).
    #[error("terminal key malformed: {0}")]
    Malformed(String),
    /// The key's algorithm or curve is not one TA can use.
    #[error("terminal key unsupported: {0}")]
    Unsupported(String),
}

/// A terminal's private key, matching the public key in its terminal certificate.
///
/// Implementations must be usable from several threads (a desk may read two documents at once
/// with one key); a token implementation serialises access itself.
pub trait TerminalSigner: Send + Sync {
    /// The signature scheme this key signs with (the terminal certificate's algorithm:
    /// id-TA-ECDSA-SHA-* or id-TA-RSA-*, BSI TR-03110-3 §A.6.4).
    fn algorithm(&self) -> SignatureAlgorithm;

    /// Signs `message` (hashed by the implementation with the algorithm's hash). ECDSA
    /// signatures are returned in plain format r‖s, each half the length of the curve's
    /// order (BSI TR-03111 §5.2.1), as TA's EXTERNAL AUTHENTICATE requires.
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SignerError>;

    /// A short description for logs and reports, never containing key material
    /// (e.g. `PKCS#11 token "desk-1", key "ta-2026"` or `file terminal.pk8`).
    fn describe(&self) -> String;
}

/// Opens a terminal key named the way the command line names it (`--terminal-key`): a
/// `pkcs11:` URI ([`Pkcs11Uri`](crate::terminal::Pkcs11Uri)) or the path of a PKCS#8 file. `rng` is
/// given to a file key (hedged ECDSA, RSA blinding, PSS salts); a token has its own.
pub fn open_terminal_key(
    spec: &str,
    algorithm: SignatureAlgorithm,
    rng: Option<crate::terminal::SignerRng>,
) -> Result<Box<dyn TerminalSigner>, SignerError> {
    if spec.starts_with("pkcs11:") {
        return Ok(Box::new(crate::terminal::Pkcs11Signer::from_uri(
            spec, algorithm,
        )?));
    }
    let signer = crate::terminal::FileSigner::from_file(std::path::Path::new(spec), algorithm)?;
    Ok(Box::new(match rng {
        Some(rng) => signer.with_rng(rng),
        None => signer,
    }))
}
