//! ECDSA signing with a terminal's private scalar on every curve the crate knows, giving the
//! plain r‖s format of BSI TR-03111 §5.2.1; nonces from RFC 6979, optionally hedged by an RNG.

use super::terminal_signer::SignerError;
use crate::crypto::curves::{self, NamedCurve};
use crate::crypto::hash::HashAlgorithm;
use ::ecdsa::hazmat::sign_prehashed_rfc6979;
use ::ecdsa::{EcdsaCurve, SigningKey};
use elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use elliptic_curve::{AffinePoint, CurveArithmetic, FieldBytesSize};
use sha1::Sha1;
use sha2::{Sha224, Sha256, Sha384, Sha512};

fn signing_key<C>(scalar: &[u8]) -> Result<SigningKey<C>, SignerError>
where
    C: EcdsaCurve + CurveArithmetic,
{
    SigningKey::<C>::from_slice(scalar)
        .map_err(|_| SignerError::Unavailable("private scalar out of range for its curve".into()))
}

/// Signs `digest` on curve `C`; `extra` is RFC 6979's additional data (empty: deterministic).
fn sign_on<C>(
    scalar: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    extra: &[u8],
) -> Result<Vec<u8>, SignerError>
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
fn public_on<C>(scalar: &[u8]) -> Result<Vec<u8>, SignerError>
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
pub(crate) fn sign_digest(
    curve: NamedCurve,
    scalar: &[u8],
    hash: HashAlgorithm,
    digest: &[u8],
    extra: &[u8],
) -> Result<Vec<u8>, SignerError> {
    on_curve!(curve, sign_on(scalar, hash, digest, extra))
}

/// The uncompressed public point (04‖x‖y) of the private `scalar`.
pub(crate) fn public_point(curve: NamedCurve, scalar: &[u8]) -> Result<Vec<u8>, SignerError> {
    on_curve!(curve, public_on(scalar))
}
