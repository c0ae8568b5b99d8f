//! RSA signing with a private key held in software (RFC 8017 §8.1 RSASSA-PSS, §8.2
//! RSASSA-PKCS1-v1_5) over a digest computed elsewhere: for terminal keys in a PKCS#8 file
//! and test PKIs. Production terminal keys may live in a token instead.

use super::hash::HashAlgorithm;
use rand_core::CryptoRng;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, Pss};
use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};

/// An RSA private key (zeroized on drop by the `rsa` crate).
pub struct RsaPrivateKey(Box<rsa::RsaPrivateKey>);

impl std::fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RsaPrivateKey({} bits, ..)", self.0.size() * 8)
    }
}

/// Why an RSA key does not load or a signature could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("RSA: {0}")]
pub struct RsaError(String);

impl RsaPrivateKey {
    /// The key in a PKCS#1 RSAPrivateKey DER structure (RFC 8017 Appendix A.1.2).
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, RsaError> {
        rsa::RsaPrivateKey::from_pkcs1_der(der)
            .map(|k| RsaPrivateKey(Box::new(k)))
            .map_err(|e| RsaError(format!("RSAPrivateKey: {e}")))
    }

    /// The modulus n, big-endian.
    pub fn modulus(&self) -> Vec<u8> {
        self.0.n_bytes().into_vec()
    }

    /// The public exponent e, big-endian.
    pub fn exponent(&self) -> Vec<u8> {
        self.0.e_bytes().into_vec()
    }

    /// RSASSA-PKCS1-v1_5 over `digest` made with `hash`, blinded with `rng` when given.
    pub fn sign_pkcs1v15<R: CryptoRng + ?Sized>(
        &self,
        hash: HashAlgorithm,
        digest: &[u8],
        rng: Option<&mut R>,
    ) -> Result<Vec<u8>, RsaError> {
        let scheme = match hash {
            HashAlgorithm::Sha1 => Pkcs1v15Sign::new::<Sha1>(),
            HashAlgorithm::Sha224 => Pkcs1v15Sign::new::<Sha224>(),
            HashAlgorithm::Sha256 => Pkcs1v15Sign::new::<Sha256>(),
            HashAlgorithm::Sha384 => Pkcs1v15Sign::new::<Sha384>(),
            HashAlgorithm::Sha512 => Pkcs1v15Sign::new::<Sha512>(),
        };
        match rng {
            Some(rng) => self.0.sign_with_rng(rng, scheme, digest),
            None => self.0.sign(scheme, digest),
        }
        .map_err(|e| RsaError(e.to_string()))
    }

    /// RSASSA-PSS over `digest` made with `hash` (MGF1 with the same hash), a salt of
    /// `salt_len` bytes from `rng`.
    pub fn sign_pss<R: CryptoRng + ?Sized>(
        &self,
        hash: HashAlgorithm,
        salt_len: usize,
        digest: &[u8],
        rng: &mut R,
    ) -> Result<Vec<u8>, RsaError> {
        match hash {
            HashAlgorithm::Sha1 => {
                self.0
                    .sign_with_rng(rng, Pss::<Sha1>::new_with_salt(salt_len), digest)
            }
            HashAlgorithm::Sha224 => {
                self.0
                    .sign_with_rng(rng, Pss::<Sha224>::new_with_salt(salt_len), digest)
            }
            HashAlgorithm::Sha256 => {
                self.0
                    .sign_with_rng(rng, Pss::<Sha256>::new_with_salt(salt_len), digest)
            }
            HashAlgorithm::Sha384 => {
                self.0
                    .sign_with_rng(rng, Pss::<Sha384>::new_with_salt(salt_len), digest)
            }
            HashAlgorithm::Sha512 => {
                self.0
                    .sign_with_rng(rng, Pss::<Sha512>::new_with_salt(salt_len), digest)
            }
        }
        .map_err(|e| RsaError(e.to_string()))
    }
}
