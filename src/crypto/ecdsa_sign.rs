//! ECDSA signing (BSI TR-03111 §4.2.1.1) with deterministic nonces (RFC 6979), giving the plain
//! r‖s format (TR-03111 §5.2.1) card-verifiable certificates and Terminal Authentication use.

use super::curves::NamedCurve;
use super::signature::SignatureError;
use zeroize::Zeroizing;

/// An ECDSA private key in software: a scalar on a named curve. For test PKIs and terminal
/// keys held in a file; production terminal keys may live in a token instead.
pub struct EcdsaPrivateKey {
    curve: NamedCurve,
    scalar: Zeroizing<Vec<u8>>,
}

impl std::fmt::Debug for EcdsaPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EcdsaPrivateKey({}, ..)", self.curve.name())
    }
}

macro_rules! with_key {
    ($curve:expr, $scalar:expr, |$key:ident| $body:expr) => {{
        match $curve {
            NamedCurve::P224 => {
                let $key = ::ecdsa::SigningKey::<p224::NistP224>::from_slice($scalar)
                    .map_err(|_| SignatureError::BadKey("scalar out of range".into()))?;
                $body
            }
            NamedCurve::P256 => {
                let $key = ::ecdsa::SigningKey::<p256::NistP256>::from_slice($scalar)
                    .map_err(|_| SignatureError::BadKey("scalar out of range".into()))?;
                $body
            }
            NamedCurve::P384 => {
                let $key = ::ecdsa::SigningKey::<p384::NistP384>::from_slice($scalar)
                    .map_err(|_| SignatureError::BadKey("scalar out of range".into()))?;
                $body
            }
            NamedCurve::BrainpoolP256r1 => {
                let $key = ::ecdsa::SigningKey::<bp256::BrainpoolP256r1>::from_slice($scalar)
                    .map_err(|_| SignatureError::BadKey("scalar out of range".into()))?;
                $body
            }
            NamedCurve::BrainpoolP384r1 => {
                let $key = ::ecdsa::SigningKey::<bp384::BrainpoolP384r1>::from_slice($scalar)
                    .map_err(|_| SignatureError::BadKey("scalar out of range".into()))?;
                $body
            }
            other => Err(SignatureError::Unsupported(format!(
                "ECDSA signing on {}",
                other.name()
            ))),
        }
    }};
}

impl EcdsaPrivateKey {
    /// The key with this big-endian scalar (exactly the curve's field length) on `curve`.
    pub fn from_scalar(curve: NamedCurve, scalar: &[u8]) -> Result<Self, SignatureError> {
        let key = EcdsaPrivateKey {
            curve,
            scalar: Zeroizing::new(scalar.to_vec()),
        };
        key.public_point()?;
        Ok(key)
    }

    /// The curve.
    pub fn curve(&self) -> NamedCurve {
        self.curve
    }

    /// The public key as an uncompressed SEC1 point (04‖x‖y).
    pub fn public_point(&self) -> Result<Vec<u8>, SignatureError> {
        with_key!(self.curve, &self.scalar, |key| Ok(key
            .verifying_key()
            .to_sec1_point(false)
            .as_bytes()
            .to_vec()))
    }

    /// Signs a message digest; the signature is plain r‖s, each the curve's field length.
    pub fn sign_digest(&self, digest: &[u8]) -> Result<Vec<u8>, SignatureError> {
        with_key!(self.curve, &self.scalar, |key| {
            if digest.is_empty() {
                return Err(SignatureError::Invalid);
            }
            let (sig, _) = ::ecdsa::hazmat::sign_prehashed_rfc6979::<_, sha2::Sha256>(
                key.as_nonzero_scalar(),
                digest,
                &[],
            );
            Ok(sig.to_bytes().to_vec())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::hash::HashAlgorithm;
    use crate::crypto::signature::{PublicKey, SignatureAlgorithm, verify};

    #[test]
    fn signatures_verify_with_the_crate_verifier_and_are_deterministic() {
        for curve in [
            NamedCurve::P224,
            NamedCurve::P256,
            NamedCurve::P384,
            NamedCurve::BrainpoolP256r1,
            NamedCurve::BrainpoolP384r1,
        ] {
            let mut scalar = vec![0x11; curve.field_len()];
            scalar[0] = 0x01;
            let key = EcdsaPrivateKey::from_scalar(curve, &scalar).unwrap();
            let alg = SignatureAlgorithm::Ecdsa {
                hash: HashAlgorithm::Sha256,
            };
            let digest = HashAlgorithm::Sha256.digest(b"message");
            let sig = key.sign_digest(&digest).unwrap();
            assert_eq!(sig.len(), 2 * curve.field_len());
            assert_eq!(sig, key.sign_digest(&digest).unwrap());
            let public = PublicKey::Ec {
                curve,
                point: key.public_point().unwrap(),
            };
            verify(&public, &alg, b"message", &sig).unwrap();
            assert!(verify(&public, &alg, b"other", &sig).is_err());
        }
        assert!(EcdsaPrivateKey::from_scalar(NamedCurve::P256, &[0u8; 32]).is_err());
        assert!(EcdsaPrivateKey::from_scalar(NamedCurve::P256, &[1u8; 5]).is_err());
        assert!(matches!(
            EcdsaPrivateKey::from_scalar(NamedCurve::BrainpoolP512r1, &[1u8; 64]),
            Err(SignatureError::Unsupported(_))
        ));
    }
}
