//! Every cryptographic primitive the protocols use; the only module that names
//! RustCrypto crates. No protocol logic.

pub mod agreement;
pub mod curves;
pub mod ecdh;
pub mod ecdsa_sign;
pub mod hash;
pub mod iso9796_2;
pub mod rsa_sign;
pub mod signature;
pub mod symmetric;
