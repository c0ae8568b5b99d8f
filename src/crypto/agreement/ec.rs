//! The key-agreement group on an elliptic curve, generic over the curve crates' arithmetic
//! (constant time scalar multiplication and field operations; no branch on a secret here), with
//! PACE's Integrated Mapping point encoding (ICAO 9303-11 §4.4.3.3.2 and Appendix B).

use super::{Group, GroupError, accept_below, bit_len, unhex};
use crate::crypto::curves::NamedCurve;
use crypto_bigint::{BoxedUint, NonZero};
use elliptic_curve::ff::{Field, PrimeField};
use elliptic_curve::group::Group as _;
use elliptic_curve::sec1::{FromSec1Point, ToSec1Point};
use elliptic_curve::subtle::{ConditionallySelectable, ConstantTimeEq};
use elliptic_curve::{FieldBytes, ProjectivePoint, Scalar};
use primeorder::BasepointTable;
use primeorder::PrimeCurveParams;
use std::marker::PhantomData;
use zeroize::Zeroizing;

/// `k`·G for the curve's generator G, constant time in `k`.
type FixedBase<C> = fn(&Scalar<C>) -> ProjectivePoint<C>;

/// An encoded point, or `None` for the identity or a malformed input.
type EncodedPoint = Option<Vec<u8>>;

/// A faster constant-time implementation of one curve's multiplications on encoded points
/// (NIST P-256 on fiat-crypto's field code, [`super::p256_fiat`]); scalars are big-endian and
/// below the order.
pub(crate) struct Accelerated {
    /// `k`·P for a point already checked to be on the curve.
    mul: fn(&[u8], &[u8; 32]) -> EncodedPoint,
    /// `k`·G, plus a checked point when given.
    mul_generator_add: fn(&[u8; 32], Option<&[u8]>) -> EncodedPoint,
}

/// Whose arithmetic multiplies points of one curve.
enum Backend<C: PrimeCurveParams> {
    /// The curve crate's, with the generator's multiples from a precomputed table.
    Crate { fixed_base: FixedBase<C> },
    /// A dedicated implementation on encoded points; the curve crate only checks points and
    /// reduces scalars.
    Accelerated(Accelerated),
}

/// The group of one named curve `C`.
pub(crate) struct Ec<C: PrimeCurveParams> {
    curve: NamedCurve,
    backend: Backend<C>,
    /// The generator, encoded: a base equal to it takes the generator table.
    generator: Vec<u8>,
    _c: PhantomData<C>,
}

impl<C: PrimeCurveParams> Ec<C> {
    /// The curve crate's arithmetic, k·G from `fixed_base`.
    fn new(curve: NamedCurve, fixed_base: FixedBase<C>) -> Self {
        Self::with_backend(curve, Backend::Crate { fixed_base })
    }

    /// A dedicated implementation's arithmetic.
    fn accelerated(curve: NamedCurve, with: Accelerated) -> Self {
        Self::with_backend(curve, Backend::Accelerated(with))
    }

    fn with_backend(curve: NamedCurve, backend: Backend<C>) -> Self {
        let p = curve.params();
        Ec {
            curve,
            backend,
            generator: [vec![4u8], unhex(p.gx), unhex(p.gy)].concat(),
            _c: PhantomData,
        }
    }
}

impl<C: PrimeCurveParams> Ec<C> {
    fn field_len(&self) -> usize {
        self.curve.field_len()
    }

    fn order(&self) -> Vec<u8> {
        unhex(self.curve.params().n)
    }

    fn point(&self, bytes: &[u8]) -> Result<primeorder::AffinePoint<C>, GroupError> {
        // Only uncompressed points: ICAO 9303-11 §9.4 (and identity is no public key).
        if bytes.first() != Some(&4) || bytes.len() != 1 + 2 * self.field_len() {
            return Err(GroupError::BadPublicKey(
                "not an uncompressed point of the curve",
            ));
        }
        primeorder::AffinePoint::<C>::from_sec1_bytes(bytes)
            .map_err(|_| GroupError::BadPublicKey("not a point on the curve"))
    }

    fn encode(&self, p: &ProjectivePoint<C>) -> Result<Vec<u8>, GroupError> {
        let bytes = p.to_affine().to_sec1_point(false).as_bytes().to_vec();
        if bytes.len() != 1 + 2 * self.field_len() {
            return Err(GroupError::Failed("the result is the point at infinity"));
        }
        Ok(bytes)
    }

    fn scalar(&self, bytes: &[u8]) -> Result<C::Scalar, GroupError> {
        // Horner's rule in the scalar field: any length, reduced modulo n, no secret branch.
        let base = C::Scalar::from(256u64);
        let mut acc = C::Scalar::ZERO;
        for &b in bytes {
            acc = acc * base + C::Scalar::from(u64::from(b));
        }
        Ok(acc)
    }

    /// A reduced scalar as 32 big-endian bytes, for [`Accelerated`] (P-256 only).
    fn scalar_bytes(&self, k: &C::Scalar) -> Result<Zeroizing<[u8; 32]>, GroupError> {
        let repr = Zeroizing::new(k.to_repr());
        let bytes: &[u8] = repr.as_ref();
        let mut out = Zeroizing::new([0u8; 32]);
        if bytes.len() != out.len() {
            return Err(GroupError::Failed("scalar length"));
        }
        out.copy_from_slice(bytes);
        Ok(out)
    }

    fn field_element(&self, bytes: &[u8]) -> Result<C::FieldElement, GroupError> {
        let mut repr = <C::FieldElement as PrimeField>::Repr::default();
        let dst: &mut [u8] = repr.as_mut();
        let start = dst
            .len()
            .checked_sub(bytes.len())
            .ok_or(GroupError::Failed("field element too long"))?;
        dst.get_mut(start..)
            .ok_or(GroupError::Failed("field element too long"))?
            .copy_from_slice(bytes);
        Option::from(C::FieldElement::from_repr(repr))
            .ok_or(GroupError::Failed("field element not below p"))
    }
}

impl<C: PrimeCurveParams> Group for Ec<C>
where
    FieldBytes<C>: Copy,
    primeorder::AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    C::Scalar: PrimeField<Repr = FieldBytes<C>>,
{
    fn private_len(&self) -> usize {
        self.order().len()
    }

    fn accept_private(&self, candidate: &mut [u8]) -> bool {
        accept_below(&self.order(), candidate)
    }

    fn generator(&self) -> Vec<u8> {
        self.generator.clone()
    }

    fn mul(&self, base: &[u8], private: &[u8]) -> Result<Vec<u8>, GroupError> {
        let k = Zeroizing::new(self.scalar(private)?);
        // The base is public: which path to take reveals nothing about `private`.
        let is_generator = base == self.generator.as_slice();
        match &self.backend {
            Backend::Accelerated(fast) => {
                let k_bytes = self.scalar_bytes(&k)?;
                let out = if is_generator {
                    (fast.mul_generator_add)(&k_bytes, None)
                } else {
                    self.point(base)?;
                    (fast.mul)(base, &k_bytes)
                };
                out.ok_or(GroupError::Failed("the result is the point at infinity"))
            }
            Backend::Crate { fixed_base } if is_generator => self.encode(&fixed_base(&k)),
            Backend::Crate { .. } => {
                let b = ProjectivePoint::<C>::from(self.point(base)?);
                self.encode(&(b * *k))
            }
        }
    }

    fn check_public(&self, public: &[u8]) -> Result<(), GroupError> {
        // Prime-order curves (cofactor 1): on the curve and not infinity is enough.
        self.point(public).map(drop)
    }

    fn map_generic(&self, nonce: &[u8], shared: &[u8]) -> Result<Vec<u8>, GroupError> {
        let h_affine = self.point(shared)?;
        let s = Zeroizing::new(self.scalar(nonce)?);
        match &self.backend {
            Backend::Accelerated(fast) => {
                let s_bytes = self.scalar_bytes(&s)?;
                (fast.mul_generator_add)(&s_bytes, Some(shared))
                    .ok_or(GroupError::Failed("the result is the point at infinity"))
            }
            Backend::Crate { fixed_base } => {
                let h = ProjectivePoint::<C>::from(h_affine);
                self.encode(&(fixed_base(&s) + h))
            }
        }
    }

    fn map_integrated(&self, random: &[u8]) -> Result<Vec<u8>, GroupError> {
        let p_bytes = unhex(self.curve.params().p);
        // The point encoding (ICAO 9303-11 Appendix B) takes square roots as a power with the
        // public exponent p − 1 − (p + 1)/4, which needs p ≡ 3 (mod 4). NIST P-224 has
        // p ≡ 1 (mod 4); BSI TR-03110-3 §A.2.1.1, Table 4, marks it "cannot be used with the
        // integrated mapping", so it is refused here rather than mapped some other way.
        if p_bytes.last().is_none_or(|b| b & 3 != 3) {
            return Err(GroupError::Unsupported(format!(
                "the Integrated Mapping is not defined on {} (BSI TR-03110-3 §A.2.1.1, \
                 Table 4: p ≢ 3 mod 4)",
                self.curve.name()
            )));
        }
        let bits = u32::try_from(p_bytes.len().saturating_mul(8).max(random.len() * 8))
            .map_err(|_| GroupError::Failed("too long"))?;
        let p =
            BoxedUint::from_be_slice(&p_bytes, bits).map_err(|_| GroupError::Failed("modulus"))?;
        let r = Zeroizing::new(
            BoxedUint::from_be_slice(random, bits)
                .map_err(|_| GroupError::Failed("random too long"))?,
        );
        let nz = Option::<NonZero<BoxedUint>>::from(NonZero::new(p.clone()))
            .ok_or(GroupError::Failed("modulus"))?;
        let t_bytes = Zeroizing::new(Zeroizing::new(r.rem(&nz)).to_be_bytes());
        let skip = t_bytes.len().saturating_sub(self.field_len());
        let t = self.field_element(t_bytes.get(skip..).unwrap_or_default())?;
        let one = BoxedUint::one_with_precision(bits);
        let quarter = p.wrapping_add(&one).shr(2);
        let e = p.wrapping_sub(&one).wrapping_sub(&quarter);
        let e_words = le_words(&e.to_be_bytes());
        let (a, b) = (C::EQUATION_A, C::EQUATION_B);
        // ICAO 9303-11 Appendix B (simplified SWU, affine, cofactor 1):
        let alpha = -t.square();
        let inv = Option::<C::FieldElement>::from((alpha + alpha.square()).invert())
            .ok_or(GroupError::Failed("degenerate mapping input"))?;
        let a_inv = Option::<C::FieldElement>::from(a.invert())
            .ok_or(GroupError::Unsupported("curve with a = 0".into()))?;
        let x2 = -(b * a_inv) * (C::FieldElement::ONE + inv);
        let x3 = alpha * x2;
        let h2 = x2.square() * x2 + a * x2 + b;
        let u = t.square() * t * h2;
        let big_a = h2.pow_vartime(&e_words);
        let is_square = (big_a.square() * h2).ct_eq(&C::FieldElement::ONE);
        let x = C::FieldElement::conditional_select(&x3, &x2, is_square);
        let y = C::FieldElement::conditional_select(&(big_a * u), &(big_a * h2), is_square);
        let mut enc = vec![4u8];
        enc.extend_from_slice(x.to_repr().as_ref());
        enc.extend_from_slice(y.to_repr().as_ref());
        self.point(&enc)?;
        Ok(enc)
    }

    fn shared_secret(&self, element: &[u8]) -> Vec<u8> {
        element
            .get(1..1 + self.field_len())
            .unwrap_or_default()
            .to_vec()
    }

    fn modulus_bits(&self) -> usize {
        bit_len(&unhex(self.curve.params().p))
    }

    fn public_tag(&self) -> u8 {
        0x86
    }
}

/// Little-endian 64-bit words of a big-endian integer (the form `pow_vartime` takes).
fn le_words(be: &[u8]) -> Vec<u64> {
    be.rchunks(8)
        .map(|c| c.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b)))
        .collect()
}

/// `k`·G from the generator table the curve crate keeps (p256, p384, p521 with their
/// `precomputed-tables` feature).
fn crate_table<C: PrimeCurveParams>(k: &Scalar<C>) -> ProjectivePoint<C> {
    ProjectivePoint::<C>::mul_by_generator(k)
}

/// A lazily built table of the generator's multiples for a curve whose crate keeps none; its
/// lookups select every entry, so `k`·G stays constant time in `k`.
macro_rules! generator_table {
    ($fn_name:ident, $curve:ty, $window:literal) => {
        fn $fn_name(k: &Scalar<$curve>) -> ProjectivePoint<$curve> {
            static TABLE: BasepointTable<ProjectivePoint<$curve>, $window> = BasepointTable::new();
            TABLE.mul(k)
        }
    };
}

// The window count is one more than the scalar's byte length (primeorder's table layout).
generator_table!(p192_table, crate::crypto::curves::p192::NistP192, 25);
generator_table!(p224_table, p224::NistP224, 29);
generator_table!(
    bp192_table,
    crate::crypto::curves::bp192::BrainpoolP192r1,
    25
);
generator_table!(
    bp224_table,
    crate::crypto::curves::bp224::BrainpoolP224r1,
    29
);
generator_table!(bp256_table, bp256::BrainpoolP256r1, 33);
generator_table!(
    bp320_table,
    crate::crypto::curves::bp320::BrainpoolP320r1,
    41
);
generator_table!(bp384_table, bp384::BrainpoolP384r1, 49);
generator_table!(
    bp512_table,
    crate::crypto::curves::bp512::BrainpoolP512r1,
    65
);

/// The group for a named curve.
pub(crate) fn group(curve: NamedCurve) -> Box<dyn Group> {
    use crate::crypto::curves as c;
    match curve {
        NamedCurve::P192 => Box::new(Ec::<c::p192::NistP192>::new(curve, p192_table)),
        NamedCurve::P224 => Box::new(Ec::<p224::NistP224>::new(curve, p224_table)),
        NamedCurve::P256 => Box::new(Ec::<p256::NistP256>::accelerated(
            curve,
            Accelerated {
                mul: super::p256_fiat::mul,
                mul_generator_add: super::p256_fiat::mul_generator_add,
            },
        )),
        NamedCurve::P384 => Box::new(Ec::<p384::NistP384>::new(
            curve,
            crate_table::<p384::NistP384>,
        )),
        NamedCurve::P521 => Box::new(Ec::<p521::NistP521>::new(
            curve,
            crate_table::<p521::NistP521>,
        )),
        NamedCurve::BrainpoolP192r1 => {
            Box::new(Ec::<c::bp192::BrainpoolP192r1>::new(curve, bp192_table))
        }
        NamedCurve::BrainpoolP224r1 => {
            Box::new(Ec::<c::bp224::BrainpoolP224r1>::new(curve, bp224_table))
        }
        NamedCurve::BrainpoolP256r1 => {
            Box::new(Ec::<bp256::BrainpoolP256r1>::new(curve, bp256_table))
        }
        NamedCurve::BrainpoolP320r1 => {
            Box::new(Ec::<c::bp320::BrainpoolP320r1>::new(curve, bp320_table))
        }
        NamedCurve::BrainpoolP384r1 => {
            Box::new(Ec::<bp384::BrainpoolP384r1>::new(curve, bp384_table))
        }
        NamedCurve::BrainpoolP512r1 => {
            Box::new(Ec::<c::bp512::BrainpoolP512r1>::new(curve, bp512_table))
        }
    }
}

#[cfg(test)]
#[path = "ec_tests.rs"]
mod tests;
