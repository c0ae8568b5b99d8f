//! A logged-in PKCS#11 token: finding the slot by token label or serial, the user login, and
//! the one session all signatures go through (behind a mutex, so a token is `Sync`).

use crate::error::Pkcs11Error;
use crate::key::{KeySelector, SignMechanism, TokenKey, find_private_key};
use crate::module;
use cryptoki::session::{Session, UserType};
use cryptoki::types::AuthPin;
use std::path::Path;
use std::sync::Mutex;
use zeroize::Zeroizing;

/// A user PIN, wiped from memory when dropped.
#[derive(Clone)]
pub struct Pin(Zeroizing<String>);

impl Pin {
    /// Takes the PIN text.
    pub fn new(pin: impl Into<String>) -> Self {
        Pin(Zeroizing::new(pin.into()))
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(..)")
    }
}

/// Which token to use: its label, its serial number, or both (PKCS#11 CK_TOKEN_INFO).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenSelector {
    /// The token label (trailing blanks of the padded field ignored).
    pub label: Option<String>,
    /// The token serial number.
    pub serial: Option<String>,
}

impl TokenSelector {
    fn describe(&self) -> String {
        match (&self.label, &self.serial) {
            (Some(l), Some(s)) => format!("\"{l}\" (serial {s})"),
            (Some(l), None) => format!("\"{l}\""),
            (None, Some(s)) => format!("with serial {s}"),
            (None, None) => "(any)".into(),
        }
    }
}

/// An open, logged-in token of a PKCS#11 module.
pub struct Token {
    label: String,
    session: Mutex<Session>,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

impl Token {
    /// Loads the module at `module`, opens the token `token` selects (the only token when
    /// the selector is empty) and logs the user in with `pin` when given.
    pub fn open(
        module: &Path,
        token: &TokenSelector,
        pin: Option<&Pin>,
    ) -> Result<Self, Pkcs11Error> {
        let ctx = module::load(module)?;
        let slots = ctx
            .get_slots_with_initialized_token()
            .map_err(|e| Pkcs11Error::call("C_GetSlotList", e))?;
        let mut present = Vec::new();
        let mut fitting = Vec::new();
        for slot in slots {
            let info = ctx
                .get_token_info(slot)
                .map_err(|e| Pkcs11Error::call("C_GetTokenInfo", e))?;
            let label = info.label().trim_end().to_owned();
            let serial = info.serial_number().trim_end();
            if token.label.as_deref().is_none_or(|l| l == label)
                && token.serial.as_deref().is_none_or(|s| s == serial)
            {
                fitting.push((slot, label.clone()));
            }
            present.push(format!("\"{label}\""));
        }
        let present = if present.is_empty() {
            "none".to_owned()
        } else {
            present.join(", ")
        };
        let (slot, label) = match fitting.as_slice() {
            [(slot, label)] => (*slot, label.clone()),
            [] => {
                return Err(Pkcs11Error::TokenNotFound {
                    wanted: token.describe(),
                    present,
                });
            }
            // Several fit only an empty selector (or duplicate labels): name one.
            _ => {
                return Err(Pkcs11Error::TokenNotFound {
                    wanted: format!(
                        "{} that is unique; name it by label or serial",
                        token.describe()
                    ),
                    present,
                });
            }
        };
        let session = ctx
            .open_ro_session(slot)
            .map_err(|e| Pkcs11Error::call("C_OpenSession", e))?;
        if let Some(pin) = pin {
            let auth = AuthPin::from(pin.0.as_str());
            // A login holds for every session of the process (PKCS#11 v2.40 §5.6), so a
            // second login is refused rather than accepted unchecked: a wrong PIN must
            // never pass because another signer is logged in already.
            session
                .login(UserType::User, Some(&auth))
                .map_err(|e| Pkcs11Error::call("C_Login", e))?;
        }
        Ok(Token {
            label,
            session: Mutex::new(session),
        })
    }

    /// The token's label.
    pub fn label(&self) -> &str {
        &self.label
    }

    fn session(&self) -> Result<std::sync::MutexGuard<'_, Session>, Pkcs11Error> {
        self.session.lock().map_err(|_| Pkcs11Error::Call {
            operation: "session",
            reason: "an earlier use panicked".into(),
        })
    }

    /// Finds the one private key `key` selects and reads its public key.
    pub fn find_key(&self, key: &KeySelector) -> Result<TokenKey, Pkcs11Error> {
        let session = self.session()?;
        find_private_key(&session, key)
    }

    /// Signs `data` with `key` (raw mechanisms: `data` is the hash for ECDSA and PSS, the
    /// DigestInfo for PKCS#1 v1.5).
    pub fn sign(
        &self,
        key: &TokenKey,
        mechanism: &SignMechanism,
        data: &[u8],
    ) -> Result<Vec<u8>, Pkcs11Error> {
        self.session()?
            .sign(&mechanism.to_cryptoki(), key.handle, data)
            .map_err(|e| Pkcs11Error::call("C_Sign", e))
    }
}
