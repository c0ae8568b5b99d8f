//! The inspection terminal's credentials for Terminal Authentication (BSI TR-03110-3 §2.4):
//! its card-verifiable certificates, and the key that signs, behind one trait, in a PKCS#8
//! file or a PKCS#11 token named by a `pkcs11:` URI. The protocol itself is `chip::auth::ta`.

mod credentials;
mod ecdsa;
pub mod file;
pub mod load;
mod pkcs11;
mod pkcs8;
mod signer;
mod uri;

#[cfg(test)]
mod tests;

pub use credentials::TerminalCredentials;
pub use file::{FileSigner, SignerRng};
pub use pkcs11::Pkcs11Signer;
pub use signer::{SignerError, TerminalSigner, open_terminal_key};
pub use uri::{PinSpec, Pkcs11Uri};
