//! ECDSA signing (BSI TR-03111 §4.2.1.1) on every curve the crate has arithmetic for, giving the
//! plain r‖s format (TR-03111 §5.2.1) that card-verifiable certificates and Terminal
//! Authentication use; nonces from RFC 6979, optionally hedged with fresh randomness.

use super::curves::{self, NamedCurve};
use super::hash::HashAlgorithm;
use super::signature::SignatureError;
use ::ecdsa::hazmat::sign_prehashed_rfc6979;
use ::ecdsa::{EcdsaCurve, SigningKey};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};
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
        public_point(self.curve, &self.scalar)
    }

    /// Signs a message digest (SHA-1 or SHA-2, told apart by its length) with a deterministic
    /// nonce; the signature is plain r‖s, each the length of the curve's order.
    pub fn sign_digest(&self, digest: &[u8]) -> Result<Vec<u8>, SignatureError> {
        let hash = match digest.len() {
            20 => HashAlgorithm::Sha1,
            28 => HashAlgorithm::Sha224,
            32 => HashAlgorithm::Sha256,
            48 => HashAlgorithm::Sha384,
            64 => HashAlgorithm::Sha512,
            n => return Err(SignatureError::Unsupported(format!("a {n}-byte digest"))),
        };
        sign_digest(self.curve, &self.scalar, hash, digest, &[])
    }
}

fn signing_key<C>(scalar: &[u8]) -> Result<SigningKey<C>, SignatureError>
where
    C: EcdsaCurve + CurveArithmetic,
{
    SigningKey::<C>::from_slice(scalar)
        .map_err(|_| SignatureError::BadKey("private scalar out of range for its curve".into()))
}

/// Signs `digest` on curve `C`; `extra` is RFC 6979's additional data (empty: deterministic).
fn sign_on<C>(
    scalar: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    extra: &[u8],
) -> Result<Vec<u8>, SignatureError>
where
    C: EcdsaCurve + CurveArithmetic,
{
    let key = signing_key::<C>(scalar)?;
    let d = key.as_nonzero_scalar();
    // RFC 6979 §3.2 derives the nonce with HMAC over the message's own hash function.
    let (signature, _) = match hash {
        HashAlgorithm::Sha1 => sign_prehashed_rfc6979::<C, Sha1>(d, digest, extra),
        HashAlgorithm::Sha224 => sign_prehashed_rfc6979::<C, Sha224>(d, digest, extra),
        HashAlgorithm::Sha256 => sign_prehashed_rfc6979::<C, Sha256>(d, digest, extra),
        HashAlgorithm::Sha384 => sign_prehashed_rfc6979::<C, Sha384>(d, digest, extra),
        HashAlgorithm::Sha512 => sign_prehashed_rfc6979::<C, Sha512>(d, digest, extra),
    };
    let (r, s) = signature.split_bytes();
    let mut out = r.to_vec();
    out.extend_from_slice(&s);
    Ok(out)
}

/// The uncompressed SEC1 public point of `scalar` on curve `C`.
fn public_on<C>(scalar: &[u8]) -> Result<Vec<u8>, SignatureError>
where
    C: EcdsaCurve + CurveArithmetic,
    FieldBytesSize<C>: ModulusSize,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
{
    let key = signing_key::<C>(scalar)?;
    Ok(key.verifying_key().to_sec1_point(false).as_bytes().to_vec())
}

/// Calls `$f::<curve type>($args)` for the named curve.
macro_rules! on_curve {
    ($curve:expr, $f:ident($($arg:expr),*)) => {
        match $curve {
            NamedCurve::P192 => $f::<curves::p192::NistP192>($($arg),*),
            NamedCurve::P224 => $f::<p224::NistP224>($($arg),*),
            NamedCurve::P256 => $f::<p256::NistP256>($($arg),*),
            NamedCurve::P384 => $f::<p384::NistP384>($($arg),*),
            NamedCurve::P521 => $f::<p521::NistP521>($($arg),*),
            NamedCurve::BrainpoolP192r1 => $f::<curves::bp192::BrainpoolP192r1>($($arg),*),
            NamedCurve::BrainpoolP224r1 => $f::<curves::bp224::BrainpoolP224r1>($($arg),*),
            NamedCurve::BrainpoolP256r1 => $f::<bp256::BrainpoolP256r1>($($arg),*),
            NamedCurve::BrainpoolP320r1 => $f::<curves::bp320::BrainpoolP320r1>($($arg),*),
            NamedCurve::BrainpoolP384r1 => $f::<bp384::BrainpoolP384r1>($($arg),*),
            NamedCurve::BrainpoolP512r1 => $f::<curves::bp512::BrainpoolP512r1>($($arg),*),
        }
    };
}

/// Signs a message digest with the private `scalar` (big-endian, exactly the curve's field
/// length) and returns r‖s, each half as long as the curve's order. `extra` hedges the
/// RFC 6979 nonce with fresh randomness (RFC 6979 §3.6); empty gives a deterministic nonce.
pub fn sign_digest(
    curve: NamedCurve,
    scalar: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    extra: &[u8],
) -> Result<Vec<u8>, SignatureError> {
    on_curve!(curve, sign_on(scalar, hash, digest, extra))
}

/// The uncompressed public point (04‖x‖y) of the private `scalar`.
pub fn public_point(curve: NamedCurve, scalar: &[u8]) -> Result<Vec<u8>, SignatureError> {
    on_curve!(curve, public_on(scalar))
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
            NamedCurve::BrainpoolP512r1,
            NamedCurve::P521,
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
            EcdsaPrivateKey::from_scalar(NamedCurve::P256, &[1u8; 32])
                .unwrap()
                .sign_digest(&[0u8; 7]),
            Err(SignatureError::Unsupported(_))
        ));
    }
}
