//! Signature verification for document signing: RSA (PKCS#1 v1.5, PSS) and ECDSA on the NIST
//! and brainpool curves. Owns the key and algorithm types; knows nothing of ASN.1 structures.

mod ecdsa;
#[cfg(test)]
mod ecdsa_tests;
mod ecdsa_vartime;
#[cfg(test)]
mod ecdsa_vartime_tests;
mod rsa;
mod rsa_public;
#[cfg(test)]
mod rsa_tests;
mod vartime_field;

pub use ecdsa::ecdsa_signature_scalars;
pub(crate) use rsa::digest_info_prefix;

use super::curves::NamedCurve;
use super::hash::HashAlgorithm;

/// A public key a signature can be checked with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// RSA: modulus and public exponent, big-endian.
    Rsa {
        /// The modulus n.
        n: Vec<u8>,
        /// The public exponent e.
        e: Vec<u8>,
    },
    /// An elliptic-curve point (SEC1 encoding) on a known curve.
    Ec {
        /// The curve, from a named-curve OID or matched from explicit parameters.
        curve: NamedCurve,
        /// The SEC1-encoded point.
        point: Vec<u8>,
    },
    /// A key of an algorithm or curve this library does not implement; says which.
    Unsupported(String),
}

impl PublicKey {
    /// A short description for evidence, e.g. `RSA-2048` or `ECDSA brainpoolP256r1`.
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa { n, .. } => {
                let lead = n.iter().take_while(|&&b| b == 0).count();
                let bytes = n.len().saturating_sub(lead);
                let top = n.get(lead).map_or(0, |b| 8 - b.leading_zeros() as usize);
                format!("RSA-{}", (bytes.saturating_sub(1)) * 8 + top)
            }
            PublicKey::Ec { curve, .. } => format!("EC {}", curve.name()),
            PublicKey::Unsupported(what) => format!("unsupported ({what})"),
        }
    }
}

/// How a signature was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "scheme", rename_all = "kebab-case")]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 (RFC 8017 §8.2) with the given hash.
    RsaPkcs1 {
        /// Message hash.
        hash: HashAlgorithm,
    },
    /// RSASSA-PSS (RFC 8017 §8.1) with its parameters (RFC 4055 §3.1).
    RsaPss {
        /// Message hash.
        hash: HashAlgorithm,
        /// Hash of the MGF1 mask generation function.
        mgf_hash: HashAlgorithm,
        /// Salt length in bytes.
        salt_len: usize,
    },
    /// ECDSA (X9.62 / BSI TR-03111) with the given hash; signature in DER or plain r‖s.
    Ecdsa {
        /// Message hash.
        hash: HashAlgorithm,
    },
}

impl SignatureAlgorithm {
    /// The hash this algorithm applies to the message.
    pub fn hash(&self) -> HashAlgorithm {
        match *self {
            Self::RsaPkcs1 { hash } | Self::RsaPss { hash, .. } | Self::Ecdsa { hash } => hash,
        }
    }

    /// A readable name, e.g. `ecdsa-with-SHA384` or `RSASSA-PSS(SHA-256, MGF1-SHA-256, salt 32)`.
    pub fn describe(&self) -> String {
        match *self {
            Self::RsaPkcs1 { hash } => format!("RSASSA-PKCS1-v1_5 {}", hash.name()),
            Self::RsaPss {
                hash,
                mgf_hash,
                salt_len,
            } => format!(
                "RSASSA-PSS({}, MGF1-{}, salt {salt_len})",
                hash.name(),
                mgf_hash.name()
            ),
            Self::Ecdsa { hash } => format!("ECDSA {}", hash.name()),
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The signature is wrong for this key and message.
    #[error("signature invalid")]
    Invalid,
    /// The signature algorithm does not fit the key (e.g. ECDSA declared for an RSA key).
    #[error("algorithm {algorithm} does not fit a {key} key")]
    KeyMismatch {
        /// The declared algorithm.
        algorithm: String,
        /// The key's kind.
        key: String,
    },
    /// The key itself is malformed (not a point on its curve, bad modulus).
    #[error("malformed public key: {0}")]
    BadKey(String),
    /// The algorithm, curve or parameter combination is not implemented.
    #[error("unsupported: {0}")]
    Unsupported(String),
}

/// Verifies `signature` over `message` (hashed here with the algorithm's hash).
pub fn verify(
    key: &PublicKey,
    algorithm: &SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    let digest = algorithm.hash().digest(message);
    verify_digest(key, algorithm, &digest, signature)
}

/// Verifies `signature` over a message whose hash (with the algorithm's hash) is `digest`.
pub fn verify_digest(
    key: &PublicKey,
    algorithm: &SignatureAlgorithm,
    digest: &[u8],
    signature: &[u8],
) -> Result<(), SignatureError> {
    if digest.len() != algorithm.hash().output_len() {
        return Err(SignatureError::Invalid);
    }
    match (key, algorithm) {
        (PublicKey::Unsupported(what), _) => Err(SignatureError::Unsupported(what.clone())),
        (PublicKey::Rsa { n, e }, SignatureAlgorithm::RsaPkcs1 { hash }) => {
            rsa::verify_pkcs1(n, e, *hash, digest, signature)
        }
        (
            PublicKey::Rsa { n, e },
            SignatureAlgorithm::RsaPss {
                hash,
                mgf_hash,
                salt_len,
            },
        ) => rsa::verify_pss(n, e, *hash, *mgf_hash, *salt_len, digest, signature),
        (PublicKey::Ec { curve, point }, SignatureAlgorithm::Ecdsa { .. }) => {
            ecdsa::verify(*curve, point, digest, signature)
        }
        (key, algorithm) => Err(SignatureError::KeyMismatch {
            algorithm: algorithm.describe(),
            key: key.describe(),
        }),
    }
}
