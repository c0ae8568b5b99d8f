//! PACE, terminal side (ICAO 9303-11 §4.4 and §9.7, BSI TR-03110-2/3): choosing the PACEInfo,
//! the password key, Generic, Integrated and Chip Authentication Mapping over ECDH and DH,
//! the tokens and the secure-messaging keys; and `open`, which falls back to BAC.

mod cam;
mod cam_check;
mod fuzz;
mod keys;
mod open;
mod params;
mod protocol;

#[cfg(test)]
mod im_tests;
#[cfg(test)]
mod tests;

pub use cam_check::CamCheck;
pub use fuzz::fuzz_check;
pub use keys::{
    PacePassword, decrypt_ca_data, decrypt_nonce, encrypt_ca_data, encrypt_nonce_for_chip,
    pseudo_random, public_key_object, session_keys, token,
};
pub use open::{AccessKey, OpenedWith};
pub(crate) use params::explicit_domain_parameters;
pub use params::{DomainParameters, Mapping, PaceChoice, PaceProtocol, supported_choices};
pub use protocol::PaceOutcome;

pub(crate) use crate::crypto::agreement::Group;

use crate::crypto::agreement::GroupError;
use crate::crypto::symmetric::SymmetricError;

/// Why PACE failed (a wrong password is [`crate::chip::ChipError::WrongAccessKey`] instead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PaceError {
    /// The chip offers no PACEInfo this code supports, or asks for something unsupported.
    #[error("unsupported: {0}")]
    Unsupported(String),
    /// The chip's answer does not follow the protocol (missing or malformed data objects).
    #[error("protocol: {0}")]
    Protocol(String),
    /// A public key from the chip that is not a valid group element.
    #[error("bad public key from the chip: {0}")]
    BadPublicKey(&'static str),
    /// The chip's authentication token does not verify.
    #[error("the chip's authentication token does not verify")]
    TokenMismatch,
    /// A cryptographic computation could not be done.
    #[error("crypto: {0}")]
    Crypto(String),
}

impl From<GroupError> for PaceError {
    fn from(e: GroupError) -> Self {
        match e {
            GroupError::BadPublicKey(what) => PaceError::BadPublicKey(what),
            GroupError::Unsupported(what) => PaceError::Unsupported(what),
            other => PaceError::Crypto(other.to_string()),
        }
    }
}

impl From<SymmetricError> for PaceError {
    fn from(e: SymmetricError) -> Self {
        PaceError::Crypto(e.to_string())
    }
}

/// The group of standardized domain parameters, for the chip side and benches.
#[doc(hidden)]
pub fn group_for(parameters: DomainParameters) -> Result<Box<dyn GroupOps>, PaceError> {
    Ok(Box::new(GroupHandle(parameters.group()?)))
}

/// Group operations on encoded elements (see [`group_for`]); for the chip side.
#[doc(hidden)]
pub trait GroupOps: Send + Sync {
    /// Draws a private key.
    fn random_private(
        &self,
        rng: &mut dyn FnMut(&mut [u8]),
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, PaceError>;
    /// The standard generator.
    fn generator(&self) -> Vec<u8>;
    /// `private`·`base`.
    fn mul(&self, base: &[u8], private: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// Validates a public key.
    fn check_public(&self, public: &[u8]) -> Result<(), PaceError>;
    /// Generic Mapping.
    fn map_generic(&self, nonce: &[u8], shared: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// Integrated Mapping from R(s, t).
    fn map_integrated(&self, random: &[u8]) -> Result<Vec<u8>, PaceError>;
    /// K from an agreed element.
    fn shared_secret(&self, element: &[u8]) -> Vec<u8>;
    /// Bits of p.
    fn modulus_bits(&self) -> usize;
    /// 86 or 84.
    fn public_tag(&self) -> u8;
}

struct GroupHandle(Box<dyn Group>);

impl GroupOps for GroupHandle {
    fn random_private(
        &self,
        rng: &mut dyn FnMut(&mut [u8]),
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, PaceError> {
        Ok(crate::crypto::agreement::random_private(
            self.0.as_ref(),
            rng,
        )?)
    }
    fn generator(&self) -> Vec<u8> {
        self.0.generator()
    }
    fn mul(&self, base: &[u8], private: &[u8]) -> Result<Vec<u8>, PaceError> {
        Ok(self.0.mul(base, private)?)
    }
    fn check_public(&self, public: &[u8]) -> Result<(), PaceError> {
        Ok(self.0.check_public(public)?)
    }
    fn map_generic(&self, nonce: &[u8], shared: &[u8]) -> Result<Vec<u8>, PaceError> {
        Ok(self.0.map_generic(nonce, shared)?)
    }
    fn map_integrated(&self, random: &[u8]) -> Result<Vec<u8>, PaceError> {
        Ok(self.0.map_integrated(random)?)
    }
    fn shared_secret(&self, element: &[u8]) -> Vec<u8> {
        self.0.shared_secret(element)
    }
    fn modulus_bits(&self) -> usize {
        self.0.modulus_bits()
    }
    fn public_tag(&self) -> u8 {
        self.0.public_tag()
    }
}
