//! Why a PKCS#11 operation failed, in terms a desk operator can act on; the module's own
//! return value (CKR_*) is kept in the text.

use cryptoki::error::{Error as CkError, RvError};

/// A PKCS#11 failure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Pkcs11Error {
    /// The module (shared library) could not be loaded or initialized.
    #[error("PKCS#11 module {path} could not be loaded: {reason}")]
    Module {
        /// The module path given.
        path: String,
        /// What the loader or C_Initialize said.
        reason: String,
    },
    /// No slot holds a token with this label (or serial); lists the tokens present.
    #[error("no PKCS#11 token {wanted} (tokens present: {present})")]
    TokenNotFound {
        /// The label or serial asked for.
        wanted: String,
        /// The labels of the tokens that are there.
        present: String,
    },
    /// The PIN is wrong.
    #[error("the token refused the PIN (CKR_PIN_INCORRECT)")]
    PinIncorrect,
    /// The PIN is blocked after too many wrong tries.
    #[error("the token's PIN is locked (CKR_PIN_LOCKED)")]
    PinLocked,
    /// Another token handle of this process is logged in already (a login holds for the
    /// whole process); share that one.
    #[error(
        "the token is logged in already by another user of this process; share one signer \
         per token (CKR_USER_ALREADY_LOGGED_IN)"
    )]
    AlreadyLoggedIn,
    /// The token needs a PIN and none was given.
    #[error("the token needs a PIN to use its private keys")]
    PinRequired,
    /// No private key matches the label / ID, or several do.
    #[error("private key {0}")]
    Key(String),
    /// The key type or mechanism is not one this crate signs with.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// Any other failure of a PKCS#11 call.
    #[error("PKCS#11 {operation} failed: {reason}")]
    Call {
        /// The operation (e.g. `C_Sign`).
        operation: &'static str,
        /// The return value or error.
        reason: String,
    },
}

impl Pkcs11Error {
    /// Maps a cryptoki error of `operation`, singling out PIN errors.
    pub(crate) fn call(operation: &'static str, error: CkError) -> Self {
        match error {
            CkError::Pkcs11(RvError::PinIncorrect, _) => Self::PinIncorrect,
            CkError::Pkcs11(RvError::PinLocked, _) => Self::PinLocked,
            CkError::Pkcs11(RvError::UserNotLoggedIn, _) => Self::PinRequired,
            CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _) => Self::AlreadyLoggedIn,
            other => Self::Call {
                operation,
                reason: other.to_string(),
            },
        }
    }
}
