//! Every cryptographic primitive the protocols use; the only module that names
//! RustCrypto crates. No protocol logic.

pub mod curves;
pub mod hash;
pub mod signature;
pub mod symmetric;
