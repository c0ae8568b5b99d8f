//! Elliptic-curve Diffie-Hellman on every named curve (BSI TR-03111 §4.3.1, ECKA-DH): public
//! keys from private scalars, validation of a peer's point and the shared secret's x-coordinate.

use super::curves::NamedCurve;
use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::sec1::{FromSec1Point, ToSec1Point};
use elliptic_curve::{FieldBytes, ProjectivePoint};
use primeorder::PrimeCurveParams;
use zeroize::Zeroizing;

/// Why an ECDH operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EcdhError {
    /// The peer's key is not an uncompressed point on the curve (or is the identity).
    #[error("public key is not an uncompressed point on {0}")]
    BadPublicKey(&'static str),
    /// The private key is zero, too long, or not below the group order.
    #[error("private key out of range for {0}")]
    BadPrivateKey(&'static str),
    /// The result was the point at infinity.
    #[error("the shared point is the point at infinity")]
    Infinity,
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| s.get(2 * i..2 * i + 2))
        .filter_map(|b| u8::from_str_radix(b, 16).ok())
        .collect()
}

/// The group order n of `curve`, big-endian.
pub fn order(curve: NamedCurve) -> Vec<u8> {
    unhex(curve.params().n)
}

/// The length in bytes of a private key on `curve` (the order's length).
pub fn private_len(curve: NamedCurve) -> usize {
    order(curve).len()
}

/// Turns `candidate` (exactly [`private_len`] random bytes) into a private key by masking the
/// top byte to the order's bit length; `false` when it is zero or not below n (draw again).
/// This is how a terminal draws its ephemeral key from an RNG, so recorded keys replay.
pub fn accept_private(curve: NamedCurve, candidate: &mut [u8]) -> bool {
    let n = order(curve);
    let bits = n.first().map_or(0, |b| 8 - b.leading_zeros());
    if let Some(top) = candidate.first_mut() {
        *top &= ((1u16 << bits) - 1) as u8;
    }
    // A public comparison of a fresh candidate during rejection sampling.
    candidate.len() == n.len() && candidate.iter().any(|&b| b != 0) && &*candidate < n.as_slice()
}

struct Ops {
    name: &'static str,
    field_len: usize,
}

impl Ops {
    fn point<C: PrimeCurveParams>(
        &self,
        bytes: &[u8],
    ) -> Result<primeorder::AffinePoint<C>, EcdhError>
    where
        primeorder::AffinePoint<C>: FromSec1Point<C>,
    {
        // Uncompressed points only (ICAO 9303-11 §9.4.1); the identity is no public key.
        if bytes.first() != Some(&4) || bytes.len() != 1 + 2 * self.field_len {
            return Err(EcdhError::BadPublicKey(self.name));
        }
        primeorder::AffinePoint::<C>::from_sec1_bytes(bytes)
            .map_err(|_| EcdhError::BadPublicKey(self.name))
    }

    fn scalar<C: PrimeCurveParams>(&self, bytes: &[u8]) -> Result<Zeroizing<C::Scalar>, EcdhError>
    where
        C::Scalar: PrimeField<Repr = FieldBytes<C>>,
    {
        let mut repr = FieldBytes::<C>::default();
        let dst: &mut [u8] = repr.as_mut();
        let start = dst
            .len()
            .checked_sub(bytes.len())
            .ok_or(EcdhError::BadPrivateKey(self.name))?;
        dst.get_mut(start..)
            .ok_or(EcdhError::BadPrivateKey(self.name))?
            .copy_from_slice(bytes);
        let s: Option<C::Scalar> = C::Scalar::from_repr(repr).into();
        match s {
            Some(s) if !bool::from(s.is_zero()) => Ok(Zeroizing::new(s)),
            _ => Err(EcdhError::BadPrivateKey(self.name)),
        }
    }

    fn encode<C: PrimeCurveParams>(&self, p: &ProjectivePoint<C>) -> Result<Vec<u8>, EcdhError>
    where
        primeorder::AffinePoint<C>: ToSec1Point<C>,
    {
        let bytes = p.to_affine().to_sec1_point(false).as_bytes().to_vec();
        if bytes.len() != 1 + 2 * self.field_len {
            return Err(EcdhError::Infinity);
        }
        Ok(bytes)
    }

    fn mul<C: PrimeCurveParams>(
        &self,
        base: Option<&[u8]>,
        private: &[u8],
    ) -> Result<Vec<u8>, EcdhError>
    where
        primeorder::AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
        C::Scalar: PrimeField<Repr = FieldBytes<C>>,
    {
        let b = match base {
            Some(b) => ProjectivePoint::<C>::from(self.point::<C>(b)?),
            None => ProjectivePoint::<C>::from(primeorder::AffinePoint::<C>::GENERATOR),
        };
        let k = self.scalar::<C>(private)?;
        self.encode::<C>(&(b * *k))
    }
}

macro_rules! on_curve {
    ($curve:expr, $f:ident, $($arg:expr),*) => {{
        use crate::crypto::curves as c;
        let ops = Ops { name: $curve.name(), field_len: $curve.field_len() };
        match $curve {
            NamedCurve::P192 => ops.$f::<c::p192::NistP192>($($arg),*),
            NamedCurve::P224 => ops.$f::<p224::NistP224>($($arg),*),
            NamedCurve::P256 => ops.$f::<p256::NistP256>($($arg),*),
            NamedCurve::P384 => ops.$f::<p384::NistP384>($($arg),*),
            NamedCurve::P521 => ops.$f::<p521::NistP521>($($arg),*),
            NamedCurve::BrainpoolP192r1 => ops.$f::<c::bp192::BrainpoolP192r1>($($arg),*),
            NamedCurve::BrainpoolP224r1 => ops.$f::<c::bp224::BrainpoolP224r1>($($arg),*),
            NamedCurve::BrainpoolP256r1 => ops.$f::<bp256::BrainpoolP256r1>($($arg),*),
            NamedCurve::BrainpoolP320r1 => ops.$f::<c::bp320::BrainpoolP320r1>($($arg),*),
            NamedCurve::BrainpoolP384r1 => ops.$f::<bp384::BrainpoolP384r1>($($arg),*),
            NamedCurve::BrainpoolP512r1 => ops.$f::<c::bp512::BrainpoolP512r1>($($arg),*),
        }
    }};
}

/// The uncompressed public point `private`·G on `curve`.
pub fn public_key(curve: NamedCurve, private: &[u8]) -> Result<Vec<u8>, EcdhError> {
    on_curve!(curve, mul, None, private)
}

/// Checks that `point` is an uncompressed point on `curve` other than the identity (all these
/// curves have cofactor 1, so that is full public-key validation, BSI TR-03111 §3.2.2.1).
pub fn check_public(curve: NamedCurve, point: &[u8]) -> Result<(), EcdhError> {
    on_curve!(curve, mul, Some(point), &[1u8]).map(drop)
}

/// ECKA-DH: the x-coordinate of `private`·`peer`, `field_len` bytes (BSI TR-03111 §4.3.1).
pub fn shared_secret(
    curve: NamedCurve,
    private: &[u8],
    peer: &[u8],
) -> Result<Zeroizing<Vec<u8>>, EcdhError> {
    let point = Zeroizing::new(on_curve!(curve, mul, Some(peer), private)?);
    Ok(Zeroizing::new(
        point
            .get(1..1 + curve.field_len())
            .unwrap_or_default()
            .to_vec(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_sides_agree_and_bad_points_are_refused() {
        for curve in NamedCurve::ALL {
            let mut a = vec![0x11u8; private_len(curve)];
            let mut b = vec![0x5Au8; private_len(curve)];
            assert!(accept_private(curve, &mut a));
            assert!(accept_private(curve, &mut b));
            let pa = public_key(curve, &a).unwrap();
            let pb = public_key(curve, &b).unwrap();
            check_public(curve, &pa).unwrap();
            let s1 = shared_secret(curve, &a, &pb).unwrap();
            let s2 = shared_secret(curve, &b, &pa).unwrap();
            assert_eq!(*s1, *s2, "{}", curve.name());
            assert_eq!(s1.len(), curve.field_len());
            let mut off = pb.clone();
            let last = off.len() - 1;
            off[last] ^= 1;
            assert!(matches!(
                shared_secret(curve, &a, &off),
                Err(EcdhError::BadPublicKey(_))
            ));
            assert!(shared_secret(curve, &a, &pb[..10]).is_err());
            assert!(shared_secret(curve, &[0u8; 4], &pb).is_err());
            let n = order(curve);
            assert!(public_key(curve, &n).is_err(), "n itself is no private key");
            let mut zero = vec![0u8; n.len()];
            assert!(!accept_private(curve, &mut zero));
        }
    }
}
