//! PKCS#11 tokens for idverify: load a module by path, find a token by label (or serial),
//! log in with a PIN, find a private key by label or ID, read its public key, and sign raw
//! (CKM_ECDSA over a hash, CKM_RSA_PKCS over a DigestInfo, CKM_RSA_PKCS_PSS).
//!
//! This crate never depends on the idverify library; the library adapts [`Token`] to its
//! `TerminalSigner` trait. Everything here goes through the safe API of the `cryptoki` crate.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod key;
mod module;
pub mod testing;
mod token;

pub use error::Pkcs11Error;
pub use key::{KeySelector, PssHash, PublicKeyInfo, SignMechanism, TokenKey};
pub use token::{Pin, Token, TokenSelector};
